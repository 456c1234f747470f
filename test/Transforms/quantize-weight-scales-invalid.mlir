// RUN: edgecc-opt %s -edgecc-quantize -verify-diagnostics

// Scales given for a weight (edgecc.weight_scales, from -encodings) must be
// one per output channel or one in all.
func.func @scale_count(%x: tensor<1x1x2x2xf32> {edgecc.range = array<f32: -1.0, 1.0>}) -> tensor<1x3x2x2xf32> {
  %w = graph.constant dense<1.0> : tensor<3x1x1x1xf32> {edgecc.weight_scales = array<f32: 0.5, 0.25>} : tensor<3x1x1x1xf32>
  // expected-error @+1 {{the weight has 3 output channels but 2 scales were given for it}}
  %c = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1, edgecc.range = array<f32: -1.0, 1.0>}
      : (tensor<1x1x2x2xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x2x2xf32>
  return %c : tensor<1x3x2x2xf32>
}
