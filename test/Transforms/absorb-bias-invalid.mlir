// RUN: edgecc-opt %s -edgecc-absorb-bias -verify-diagnostics

// A floor per output channel of the first layer.
func.func @floor_count(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w1 = graph.constant dense<1.0> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %w2 = graph.constant dense<1.0> : tensor<1x2x1x1xf32> : tensor<1x2x1x1xf32>
  // expected-error @+1 {{edgecc.output_floor has 3 values, but the output has 2 channels}}
  %0 = graph.conv %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                           dilations = array<i64: 1, 1>, group = 1,
                           edgecc.output_floor = array<f32: 0.5, 0.5, 0.5>}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = graph.relu %0 : tensor<1x2x2x2xf32>
  %2 = graph.conv %1, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                           dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %2 : tensor<1x1x2x2xf32>
}
