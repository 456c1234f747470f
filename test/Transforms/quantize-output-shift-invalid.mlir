// RUN: edgecc-opt %s -edgecc-quantize -split-input-file -verify-diagnostics

// An output shift measured by -bias-correction=empirical (edgecc.output_shift)
// has one value per output channel.
func.func @shift_count(%x: tensor<1x1x2x2xf32> {edgecc.range = array<f32: -1.0, 1.0>}) -> tensor<1x3x2x2xf32> {
  %w = graph.constant dense<1.0> : tensor<3x1x1x1xf32> : tensor<3x1x1x1xf32>
  // expected-error @+1 {{edgecc.output_shift has 2 values, but the output has 3 channels}}
  %c = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1, edgecc.range = array<f32: -1.0, 1.0>,
                          edgecc.output_shift = array<f32: 0.5, 0.25>}
      : (tensor<1x1x2x2xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x2x2xf32>
  return %c : tensor<1x3x2x2xf32>
}

// -----

// A matmul has no bias to take the shift back.
func.func @matmul_shift(%x: tensor<1x2xf32> {edgecc.range = array<f32: -1.0, 1.0>}) -> tensor<1x2xf32> {
  %w = graph.constant dense<1.0> : tensor<2x2xf32> : tensor<2x2xf32>
  // expected-error @+1 {{edgecc.output_shift is for convs and gemms, which have a bias to take it}}
  %m = graph.matmul %x, %w {edgecc.range = array<f32: -1.0, 1.0>, edgecc.output_shift = array<f32: 0.5, 0.25>}
      : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %m : tensor<1x2xf32>
}
