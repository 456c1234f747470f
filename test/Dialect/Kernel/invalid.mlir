// RUN: edgecc-opt %s -split-input-file -verify-diagnostics

func.func @conv_channels(%in: memref<1x3x8x8xf32>, %w: memref<4x2x3x3xf32>, %out: memref<1x4x6x6xf32>) {
  // expected-error @+1 {{channel counts do not match}}
  kernel.conv2d ins(%in, %w) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1} : memref<1x3x8x8xf32>, memref<4x2x3x3xf32> -> memref<1x4x6x6xf32>
  return
}

// -----

func.func @copy_out_of_bounds(%in: memref<8xf32>, %out: memref<4xf32>) {
  // expected-error @+1 {{writes past the end of the output}}
  kernel.copy ins(%in) outs(%out) {sizes = array<i64: 8>, src_offset = 0, src_strides = array<i64: 1>,
      dst_offset = 0, dst_strides = array<i64: 1>} : memref<8xf32> -> memref<4xf32>
  return
}

// -----

func.func @binary_broadcast(%a: memref<2x3xf32>, %b: memref<4xf32>, %out: memref<2x3xf32>) {
  // expected-error @+1 {{operands do not broadcast to the output shape}}
  kernel.binary ins(%a, %b) outs(%out) {kind = "add"} : memref<2x3xf32>, memref<4xf32> -> memref<2x3xf32>
  return
}

// -----

func.func @unary_kind(%a: memref<4xf32>, %out: memref<4xf32>) {
  // expected-error @+1 {{unknown kind 'swish'}}
  kernel.unary ins(%a) outs(%out) {kind = "swish"} : memref<4xf32> -> memref<4xf32>
  return
}

// -----

func.func @unary_parameters(%a: memref<4xf32>, %out: memref<4xf32>) {
  // expected-error @+1 {{'elu' takes 1 parameters (alpha, beta)}}
  kernel.unary ins(%a) outs(%out) {kind = "elu"} : memref<4xf32> -> memref<4xf32>
  return
}

// -----

func.func @reduce_kind(%a: memref<4xf32>, %out: memref<1xf32>) {
  // expected-error @+1 {{unknown kind 'l2'}}
  kernel.reduce ins(%a) outs(%out) {kind = "l2", axes = array<i64: 0>} : memref<4xf32> -> memref<1xf32>
  return
}

// -----

func.func @view_size(%a: memref<4xf32>) {
  // expected-error @+1 {{view of 5 elements at offset 0 does not fit in its source of 4}}
  %v = kernel.view %a : memref<4xf32> to memref<5xf32>
  return
}

// -----

func.func @reduce_shape(%a: memref<1x4x2x2xf32>, %out: memref<1x4x2x1xf32>) {
  // expected-error @+1 {{output dimension 2 should be 1}}
  kernel.reduce ins(%a) outs(%out) {kind = "mean", axes = array<i64: 2, 3>} : memref<1x4x2x2xf32> -> memref<1x4x2x1xf32>
  return
}
