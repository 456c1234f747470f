// RUN: edgecc-opt %s -edgecc-fold-qdq -split-input-file | FileCheck %s

// A uint8 activation, int8 weights per output channel and an int32 bias at
// the accumulator's scale (0.5 * [0.25, 0.125]): one integer conv and a
// requantization by 0.5 * w_scale / 1.0 (2^30 / 2^33 and 2^30 / 2^34). The
// Relu becomes clamp_min = the result's zero point.
// CHECK-LABEL: func @conv_relu
// CHECK-DAG: %[[W:.*]] = graph.constant dense<{{.*}}> : tensor<2x1x1x1xi8>
// CHECK-DAG: %[[B:.*]] = graph.constant dense<[3, -4]> : tensor<2xi32>
// CHECK: %[[ACC:.*]] = graph.conv %arg0, %[[W]], %[[B]] {{{.*}}input_zero_point = 128 : i64{{.*}}} : (tensor<1x1x2x2xui8>, tensor<2x1x1x1xi8>, tensor<2xi32>) -> tensor<1x2x2x2xi32>
// CHECK: %[[Y:.*]] = graph.requantize %[[ACC]] {axis = 1 : i64, clamp_min = 10 : i64, multipliers = array<i32: 1073741824, 1073741824>, shifts = array<i32: 33, 34>, zero_point = 10 : i64} : tensor<1x2x2x2xi32> -> tensor<1x2x2x2xui8>
// CHECK-NOT: graph.dequantize_linear
// CHECK-NOT: graph.quantize_linear
// CHECK: return %[[Y]]
func.func @conv_relu(%x: tensor<1x1x2x2xui8>) -> tensor<1x2x2x2xui8> {
  %xs = graph.constant dense<0.5> : tensor<f32> : tensor<f32>
  %xz = graph.constant dense<128> : tensor<ui8> : tensor<ui8>
  %wq = graph.constant dense<[[[[2]]], [[[-3]]]]> : tensor<2x1x1x1xi8> : tensor<2x1x1x1xi8>
  %ws = graph.constant dense<[0.25, 0.125]> : tensor<2xf32> : tensor<2xf32>
  %bq = graph.constant dense<[3, -4]> : tensor<2xi32> : tensor<2xi32>
  %bs = graph.constant dense<[0.125, 0.0625]> : tensor<2xf32> : tensor<2xf32>
  %ys = graph.constant dense<1.0> : tensor<f32> : tensor<f32>
  %yz = graph.constant dense<10> : tensor<ui8> : tensor<ui8>
  %xf = graph.dequantize_linear %x, %xs, %xz {axis = 0, block_size = 0} : (tensor<1x1x2x2xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x1x2x2xf32>
  %wf = graph.dequantize_linear %wq, %ws {axis = 0, block_size = 0} : (tensor<2x1x1x1xi8>, tensor<2xf32>) -> tensor<2x1x1x1xf32>
  %bf = graph.dequantize_linear %bq, %bs {axis = 0, block_size = 0} : (tensor<2xi32>, tensor<2xf32>) -> tensor<2xf32>
  %c = graph.conv %xf, %wf, %bf {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                                 dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %r = graph.relu %c : tensor<1x2x2x2xf32>
  %y = graph.quantize_linear %r, %ys, %yz {axis = 0, block_size = 0} : (tensor<1x2x2x2xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2x2x2xui8>
  return %y : tensor<1x2x2x2xui8>
}

// -----

// Gemm with B transposed: a 1x1 conv on A viewed as [2, 3, 1, 1]. The float
// bias is rounded to the accumulator's scale 0.125 (2.4 -> 2, -0.8 -> -1).
// CHECK-LABEL: func @gemm_float_bias
// CHECK-DAG: %[[W:.*]] = graph.constant dense<{{\[\[\[\[}}1]], {{\[\[}}2]], {{\[\[}}3]]], {{\[\[\[}}4]], {{\[\[}}5]], {{\[\[}}6]]]]> : tensor<2x3x1x1xi8>
// CHECK-DAG: %[[B:.*]] = graph.constant dense<[2, -1]> : tensor<2xi32>
// CHECK: %[[A:.*]] = graph.reshape %arg0 : tensor<2x3xi8> -> tensor<2x3x1x1xi8>
// CHECK: %[[ACC:.*]] = graph.conv %[[A]], %[[W]], %[[B]]
// CHECK-NOT: input_zero_point
// CHECK-SAME: -> tensor<2x2x1x1xi32>
// CHECK: %[[Q:.*]] = graph.requantize %[[ACC]] {axis = 1 : i64, multipliers = array<i32: 1073741824>, shifts = array<i32: 32>, zero_point = 0 : i64} : tensor<2x2x1x1xi32> -> tensor<2x2x1x1xi8>
// CHECK: %[[Y:.*]] = graph.reshape %[[Q]] : tensor<2x2x1x1xi8> -> tensor<2x2xi8>
// CHECK: return %[[Y]]
func.func @gemm_float_bias(%a: tensor<2x3xi8>) -> tensor<2x2xi8> {
  %as = graph.constant dense<0.5> : tensor<f32> : tensor<f32>
  %bq = graph.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8> : tensor<2x3xi8>
  %bs = graph.constant dense<0.25> : tensor<f32> : tensor<f32>
  %c = graph.constant dense<[0.3, -0.1]> : tensor<2xf32> : tensor<2xf32>
  %ys = graph.constant dense<0.5> : tensor<f32> : tensor<f32>
  %af = graph.dequantize_linear %a, %as {axis = 0, block_size = 0} : (tensor<2x3xi8>, tensor<f32>) -> tensor<2x3xf32>
  %bf = graph.dequantize_linear %bq, %bs {axis = 0, block_size = 0} : (tensor<2x3xi8>, tensor<f32>) -> tensor<2x3xf32>
  %g = graph.gemm %af, %bf, %c {trans_b = true} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %y = graph.quantize_linear %g, %ys {axis = 0, block_size = 0} : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xi8>
  return %y : tensor<2x2xi8>
}

// -----

// MatMul of [1, 4, 3] by a constant [3, 2] weight (transposed at compile
// time to [2, 3, 1, 1]) with a weight zero point, then Clip(-1, 2): the
// bounds quantized at scale 0.5, zero point 0.
// CHECK-LABEL: func @matmul_clip
// CHECK: %[[W:.*]] = graph.constant dense<{{\[\[\[\[}}1]], {{\[\[}}3]], {{\[\[}}5]]], {{\[\[\[}}2]], {{\[\[}}4]], {{\[\[}}6]]]]> : tensor<2x3x1x1xi8>
// CHECK: %[[A:.*]] = graph.reshape %arg0 : tensor<1x4x3xi8> -> tensor<4x3x1x1xi8>
// CHECK: graph.conv %[[A]], %[[W]], %{{.*}} {{{.*}}weight_zero_points = array<i64: 1>}
// CHECK: graph.requantize %{{.*}} {axis = 1 : i64, clamp_max = 4 : i64, clamp_min = -2 : i64,
// CHECK: graph.reshape %{{.*}} : tensor<4x2x1x1xi8> -> tensor<1x4x2xi8>
func.func @matmul_clip(%a: tensor<1x4x3xi8>) -> tensor<1x4x2xi8> {
  %s = graph.constant dense<0.5> : tensor<f32> : tensor<f32>
  %bq = graph.constant dense<[[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi8> : tensor<3x2xi8>
  %bz = graph.constant dense<1> : tensor<i8> : tensor<i8>
  %af = graph.dequantize_linear %a, %s {axis = 0, block_size = 0} : (tensor<1x4x3xi8>, tensor<f32>) -> tensor<1x4x3xf32>
  %bf = graph.dequantize_linear %bq, %s, %bz {axis = 0, block_size = 0} : (tensor<3x2xi8>, tensor<f32>, tensor<i8>) -> tensor<3x2xf32>
  %m = graph.matmul %af, %bf : (tensor<1x4x3xf32>, tensor<3x2xf32>) -> tensor<1x4x2xf32>
  %c = graph.clip %m {min = -1.0 : f32, max = 2.0 : f32} : tensor<1x4x2xf32>
  %y = graph.quantize_linear %c, %s {axis = 0, block_size = 0} : (tensor<1x4x2xf32>, tensor<f32>) -> tensor<1x4x2xi8>
  return %y : tensor<1x4x2xi8>
}

// -----

// Max pool and reshape between a DQ and a Q with the same parameters run
// on the bytes; a DQ/Q pair with the same parameters is the identity.
// CHECK-LABEL: func @value_moving
// CHECK: %[[P:.*]] = graph.max_pool %arg0 {{.*}} : (tensor<1x1x4x4xui8>) -> tensor<1x1x2x2xui8>
// CHECK: %[[R:.*]] = graph.reshape %[[P]] : tensor<1x1x2x2xui8> -> tensor<1x4xui8>
// CHECK: return %[[R]], %arg0
func.func @value_moving(%x: tensor<1x1x4x4xui8>) -> (tensor<1x4xui8>, tensor<1x1x4x4xui8>) {
  %s = graph.constant dense<0.1> : tensor<f32> : tensor<f32>
  %z = graph.constant dense<7> : tensor<ui8> : tensor<ui8>
  %xf = graph.dequantize_linear %x, %s, %z {axis = 0, block_size = 0} : (tensor<1x1x4x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x1x4x4xf32>
  %p = graph.max_pool %xf {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  %pq = graph.quantize_linear %p, %s, %z {axis = 0, block_size = 0} : (tensor<1x1x2x2xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x1x2x2xui8>
  %pf = graph.dequantize_linear %pq, %s, %z {axis = 0, block_size = 0} : (tensor<1x1x2x2xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x1x2x2xf32>
  %r = graph.reshape %pf : tensor<1x1x2x2xf32> -> tensor<1x4xf32>
  %rq = graph.quantize_linear %r, %s, %z {axis = 0, block_size = 0} : (tensor<1x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x4xui8>
  %same = graph.quantize_linear %xf, %s, %z {axis = 0, block_size = 0} : (tensor<1x1x4x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x1x4x4xui8>
  return %rq, %same : tensor<1x4xui8>, tensor<1x1x4x4xui8>
}

// -----

// A 16-bit activation (zero point 100) by int8 weights accumulates in
// int64, with an int64 bias (1.0 and -0.5 at scales 0.125 and 0.0625), and
// requantizes to int16 by 0.5 * [0.25, 0.125] / 2^-7 = [16, 8].
// CHECK-LABEL: func @halfword_conv
// CHECK-DAG: %[[B:.*]] = graph.constant dense<[8, -8]> : tensor<2xi64>
// CHECK: %[[ACC:.*]] = graph.conv %arg0, %{{.*}}, %[[B]] {{{.*}}input_zero_point = 100 : i64{{.*}}} : (tensor<1x1x2x2xi16>, tensor<2x1x1x1xi8>, tensor<2xi64>) -> tensor<1x2x2x2xi64>
// CHECK: graph.requantize %[[ACC]] {axis = 1 : i64, multipliers = array<i32: 1073741824, 1073741824>, shifts = array<i32: 26, 27>, zero_point = 0 : i64} : tensor<1x2x2x2xi64> -> tensor<1x2x2x2xi16>
func.func @halfword_conv(%x: tensor<1x1x2x2xi16>) -> tensor<1x2x2x2xi16> {
  %xs = graph.constant dense<0.5> : tensor<f32> : tensor<f32>
  %xz = graph.constant dense<100> : tensor<i16> : tensor<i16>
  %wq = graph.constant dense<[[[[2]]], [[[-3]]]]> : tensor<2x1x1x1xi8> : tensor<2x1x1x1xi8>
  %ws = graph.constant dense<[0.25, 0.125]> : tensor<2xf32> : tensor<2xf32>
  %b = graph.constant dense<[1.0, -0.5]> : tensor<2xf32> : tensor<2xf32>
  %ys = graph.constant dense<0.0078125> : tensor<f32> : tensor<f32>
  %yz = graph.constant dense<0> : tensor<i16> : tensor<i16>
  %xf = graph.dequantize_linear %x, %xs, %xz {axis = 0, block_size = 0} : (tensor<1x1x2x2xi16>, tensor<f32>, tensor<i16>) -> tensor<1x1x2x2xf32>
  %wf = graph.dequantize_linear %wq, %ws {axis = 0, block_size = 0} : (tensor<2x1x1x1xi8>, tensor<2xf32>) -> tensor<2x1x1x1xf32>
  %c = graph.conv %xf, %wf, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                                dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %y = graph.quantize_linear %c, %ys, %yz {axis = 0, block_size = 0} : (tensor<1x2x2x2xf32>, tensor<f32>, tensor<i16>) -> tensor<1x2x2x2xi16>
  return %y : tensor<1x2x2x2xi16>
}

// A multiplier of 2^-31 * 0.5 needs shift 62: too large for int64
// accumulators to requantize exactly to 16 bits, so the conv stays float.
// CHECK-LABEL: func @halfword_conv_tiny_scale
// CHECK: graph.conv {{.*}} -> tensor<1x1x2x2xf32>
// CHECK: graph.quantize_linear
func.func @halfword_conv_tiny_scale(%x: tensor<1x1x2x2xi16>) -> tensor<1x1x2x2xi16> {
  %xs = graph.constant dense<0x30000000> : tensor<f32> : tensor<f32>
  %ws = graph.constant dense<0x3F000000> : tensor<f32> : tensor<f32>
  %ys = graph.constant dense<1.0> : tensor<f32> : tensor<f32>
  %wq = graph.constant dense<1> : tensor<1x1x1x1xi8> : tensor<1x1x1x1xi8>
  %xf = graph.dequantize_linear %x, %xs {axis = 0, block_size = 0} : (tensor<1x1x2x2xi16>, tensor<f32>) -> tensor<1x1x2x2xf32>
  %wf = graph.dequantize_linear %wq, %ws {axis = 0, block_size = 0} : (tensor<1x1x1x1xi8>, tensor<f32>) -> tensor<1x1x1x1xf32>
  %c = graph.conv %xf, %wf {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %y = graph.quantize_linear %c, %ys {axis = 0, block_size = 0} : (tensor<1x1x2x2xf32>, tensor<f32>) -> tensor<1x1x2x2xi16>
  return %y : tensor<1x1x2x2xi16>
}

// -----

// What does not match keeps its float semantics: a scale known only at run
// time, a conv result read twice.
// CHECK-LABEL: func @not_folded
// CHECK: graph.conv {{.*}} -> tensor<1x1x2x2xf32>
// CHECK: graph.quantize_linear
// CHECK: graph.conv {{.*}} -> tensor<1x1x2x2xf32>
// CHECK: graph.quantize_linear
func.func @not_folded(%x: tensor<1x1x2x2xi8>, %scale: tensor<f32>) -> (tensor<1x1x2x2xi8>, tensor<1x1x2x2xi8>, tensor<1x1x2x2xf32>) {
  %s = graph.constant dense<0.5> : tensor<f32> : tensor<f32>
  %wq = graph.constant dense<1> : tensor<1x1x1x1xi8> : tensor<1x1x1x1xi8>
  %wf = graph.dequantize_linear %wq, %s {axis = 0, block_size = 0} : (tensor<1x1x1x1xi8>, tensor<f32>) -> tensor<1x1x1x1xf32>
  %run_time = graph.dequantize_linear %x, %scale {axis = 0, block_size = 0} : (tensor<1x1x2x2xi8>, tensor<f32>) -> tensor<1x1x2x2xf32>
  %c0 = graph.conv %run_time, %wf {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %q0 = graph.quantize_linear %c0, %s {axis = 0, block_size = 0} : (tensor<1x1x2x2xf32>, tensor<f32>) -> tensor<1x1x2x2xi8>
  %xf = graph.dequantize_linear %x, %s {axis = 0, block_size = 0} : (tensor<1x1x2x2xi8>, tensor<f32>) -> tensor<1x1x2x2xf32>
  %c1 = graph.conv %xf, %wf {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %q1 = graph.quantize_linear %c1, %s {axis = 0, block_size = 0} : (tensor<1x1x2x2xf32>, tensor<f32>) -> tensor<1x1x2x2xi8>
  return %q0, %q1, %c1 : tensor<1x1x2x2xi8>, tensor<1x1x2x2xi8>, tensor<1x1x2x2xf32>
}

// -----

// A concat of two tensors quantized differently (SqueezeNet's expand convs)
// runs on bytes: the operand whose parameters differ from the Q's is
// requantized by a table first. So is a max pool's input (Q never
// decreases, so it commutes with max).
// CHECK-LABEL: func @requantized_operands
// CHECK: %[[T:.*]] = graph.quantize_linear {{.*}} -> tensor<256xui8>
// CHECK: %[[B:.*]] = graph.lookup %[[T]], %arg1 : (tensor<256xui8>, tensor<1x2x8x16xui8>) -> tensor<1x2x8x16xui8>
// CHECK: %[[C:.*]] = graph.concat %arg0, %[[B]] {axis = 1 : i64} : (tensor<1x2x8x16xui8>, tensor<1x2x8x16xui8>) -> tensor<1x4x8x16xui8>
// CHECK: %[[U:.*]] = graph.quantize_linear {{.*}} -> tensor<256xui8>
// CHECK: %[[V:.*]] = graph.lookup %[[U]], %[[C]] : (tensor<256xui8>, tensor<1x4x8x16xui8>) -> tensor<1x4x8x16xui8>
// CHECK: %[[P:.*]] = graph.max_pool %[[V]] {{.*}} : (tensor<1x4x8x16xui8>) -> tensor<1x4x4x8xui8>
// CHECK: return %[[C]], %[[P]]
func.func @requantized_operands(%a: tensor<1x2x8x16xui8>, %b: tensor<1x2x8x16xui8>) -> (tensor<1x4x8x16xui8>, tensor<1x4x4x8xui8>) {
  %s = graph.constant dense<0.1> : tensor<f32> : tensor<f32>
  %t = graph.constant dense<0.3> : tensor<f32> : tensor<f32>
  %z = graph.constant dense<5> : tensor<ui8> : tensor<ui8>
  %af = graph.dequantize_linear %a, %s, %z {axis = 0, block_size = 0} : (tensor<1x2x8x16xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2x8x16xf32>
  %bf = graph.dequantize_linear %b, %t, %z {axis = 0, block_size = 0} : (tensor<1x2x8x16xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2x8x16xf32>
  %cat = graph.concat %af, %bf {axis = 1} : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>) -> tensor<1x4x8x16xf32>
  %q = graph.quantize_linear %cat, %s, %z {axis = 0, block_size = 0} : (tensor<1x4x8x16xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x4x8x16xui8>
  %qf = graph.dequantize_linear %q, %s, %z {axis = 0, block_size = 0} : (tensor<1x4x8x16xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x4x8x16xf32>
  %p = graph.max_pool %qf {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x8x16xf32>) -> tensor<1x4x4x8xf32>
  %pq = graph.quantize_linear %p, %t, %z {axis = 0, block_size = 0} : (tensor<1x4x4x8xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x4x4x8xui8>
  return %q, %pq : tensor<1x4x8x16xui8>, tensor<1x4x4x8xui8>
}

// -----

// A Relu between the DQ and the Q of a requantization's result, all with
// one scale and zero point: the Relu narrows the requantization's bounds.
// CHECK-LABEL: func @relu_after_requantize
// CHECK: %[[Y:.*]] = graph.requantize %arg0 {axis = 0 : i64, clamp_max = 100 : i64, clamp_min = 3 : i64, multipliers = array<i32: 1073741824>, shifts = array<i32: 31>, zero_point = 3 : i64}
// CHECK-NEXT: return %[[Y]]
func.func @relu_after_requantize(%acc: tensor<4xi32>) -> tensor<4xi8> {
  %s = graph.constant dense<0.5> : tensor<f32> : tensor<f32>
  %z = graph.constant dense<3> : tensor<i8> : tensor<i8>
  %q = graph.requantize %acc {multipliers = array<i32: 1073741824>, shifts = array<i32: 31>, axis = 0, zero_point = 3, clamp_max = 100} : tensor<4xi32> -> tensor<4xi8>
  %f = graph.dequantize_linear %q, %s, %z {axis = 0, block_size = 0} : (tensor<4xi8>, tensor<f32>, tensor<i8>) -> tensor<4xf32>
  %r = graph.relu %f : tensor<4xf32>
  %y = graph.quantize_linear %r, %s, %z {axis = 0, block_size = 0} : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xi8>
  return %y : tensor<4xi8>
}

// -----

// A per-channel int32 bias whose scale is the accumulator's (0.125) for
// channel 0 only: channel 0 is taken as it is, channel 1 (5 * 0.125 at the
// accumulator's scale 0.0625) is rounded to it.
// CHECK-LABEL: func @bias_partly_at_accumulator_scale
// CHECK: graph.constant dense<[3, 10]> : tensor<2xi32>
func.func @bias_partly_at_accumulator_scale(%x: tensor<1x1x2x2xi8>) -> tensor<1x2x2x2xi8> {
  %xs = graph.constant dense<0.5> : tensor<f32> : tensor<f32>
  %wq = graph.constant dense<[[[[2]]], [[[-3]]]]> : tensor<2x1x1x1xi8> : tensor<2x1x1x1xi8>
  %ws = graph.constant dense<[0.25, 0.125]> : tensor<2xf32> : tensor<2xf32>
  %bq = graph.constant dense<[3, 5]> : tensor<2xi32> : tensor<2xi32>
  %bs = graph.constant dense<0.125> : tensor<2xf32> : tensor<2xf32>
  %ys = graph.constant dense<1.0> : tensor<f32> : tensor<f32>
  %xf = graph.dequantize_linear %x, %xs {axis = 0, block_size = 0} : (tensor<1x1x2x2xi8>, tensor<f32>) -> tensor<1x1x2x2xf32>
  %wf = graph.dequantize_linear %wq, %ws {axis = 0, block_size = 0} : (tensor<2x1x1x1xi8>, tensor<2xf32>) -> tensor<2x1x1x1xf32>
  %bf = graph.dequantize_linear %bq, %bs {axis = 0, block_size = 0} : (tensor<2xi32>, tensor<2xf32>) -> tensor<2xf32>
  %c = graph.conv %xf, %wf, %bf {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                                 dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %y = graph.quantize_linear %c, %ys {axis = 0, block_size = 0} : (tensor<1x2x2x2xf32>, tensor<f32>) -> tensor<1x2x2x2xi8>
  return %y : tensor<1x2x2x2xi8>
}

// -----

// SiLU between quantizations, as quantize_static writes it: x * sigmoid(x)
// with the sigmoid quantized on its own. The result is a function of x's
// byte alone: one table, computed by the same ops on the 256 byte values
// (the uniform [1, 1, 1, 1] factor as a scalar), and one lookup. The
// sigmoid's own Q goes with the rest.
// CHECK-LABEL: func @silu_table
// CHECK: %[[BYTES:.*]] = graph.constant dense_resource<byte_values> : tensor<256xui8>
// CHECK: %[[XF:.*]] = graph.dequantize_linear %[[BYTES]], {{.*}} -> tensor<256xf32>
// CHECK-DAG: %[[TWO:.*]] = graph.constant dense<2.000000e+00> : tensor<f32>
// CHECK-DAG: %[[X2:.*]] = graph.mul %[[XF]], %[[TWO]] : (tensor<256xf32>, tensor<f32>) -> tensor<256xf32>
// CHECK-DAG: %[[SIG:.*]] = graph.sigmoid %[[XF]] : tensor<256xf32>
// CHECK-DAG: %[[SQ:.*]] = graph.quantize_linear %[[SIG]], {{.*}} -> tensor<256xui8>
// CHECK-DAG: %[[SF:.*]] = graph.dequantize_linear %[[SQ]], {{.*}} -> tensor<256xf32>
// CHECK: %[[P:.*]] = graph.mul %[[X2]], %[[SF]] : (tensor<256xf32>, tensor<256xf32>) -> tensor<256xf32>
// CHECK: %[[T:.*]] = graph.quantize_linear %[[P]], {{.*}} -> tensor<256xui8>
// CHECK: %[[Y:.*]] = graph.lookup %[[T]], %arg0 : (tensor<256xui8>, tensor<1x2x16x8xui8>) -> tensor<1x2x16x8xui8>
// CHECK-NOT: graph.sigmoid
// CHECK: return %[[Y]]
// CHECK: {-#
// CHECK-NEXT: dialect_resources: {
// CHECK-NEXT: builtin: {
// CHECK-NEXT: byte_values: "0x{{[0-9A-F]{8}000102030405060708090A0B0C0D0E0F10111213}}
func.func @silu_table(%x: tensor<1x2x16x8xui8>) -> tensor<1x2x16x8xui8> {
  %xs = graph.constant dense<0.05> : tensor<f32> : tensor<f32>
  %xz = graph.constant dense<100> : tensor<ui8> : tensor<ui8>
  %ss = graph.constant dense<0.004> : tensor<f32> : tensor<f32>
  %sz = graph.constant dense<0> : tensor<ui8> : tensor<ui8>
  %ys = graph.constant dense<0.04> : tensor<f32> : tensor<f32>
  %yz = graph.constant dense<10> : tensor<ui8> : tensor<ui8>
  %two = graph.constant dense<2.0> : tensor<1x1x1x1xf32> : tensor<1x1x1x1xf32>
  %xf = graph.dequantize_linear %x, %xs, %xz {axis = 0, block_size = 0} : (tensor<1x2x16x8xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2x16x8xf32>
  %sig = graph.sigmoid %xf : tensor<1x2x16x8xf32>
  %sq = graph.quantize_linear %sig, %ss, %sz {axis = 0, block_size = 0} : (tensor<1x2x16x8xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2x16x8xui8>
  %sf = graph.dequantize_linear %sq, %ss, %sz {axis = 0, block_size = 0} : (tensor<1x2x16x8xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2x16x8xf32>
  %x2 = graph.mul %xf, %two : (tensor<1x2x16x8xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x16x8xf32>
  %p = graph.mul %x2, %sf : (tensor<1x2x16x8xf32>, tensor<1x2x16x8xf32>) -> tensor<1x2x16x8xf32>
  %y = graph.quantize_linear %p, %ys, %yz {axis = 0, block_size = 0} : (tensor<1x2x16x8xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2x16x8xui8>
  return %y : tensor<1x2x16x8xui8>
}

// -----

// An int8 tensor requantized to another scale: the table is in byte order,
// so -128 is entry 128. A quantized value that is also read elsewhere (the
// sigmoid's Q, returned) keeps its own table, and so is computed twice.
// CHECK-LABEL: func @rescale_and_shared
// CHECK: %[[BYTES:.*]] = graph.constant dense_resource<byte_values> : tensor<256xi8>
// CHECK: graph.sigmoid {{.*}} : tensor<256xf32>
// CHECK: %[[T0:.*]] = graph.quantize_linear {{.*}} -> tensor<256xi8>
// CHECK: %[[Y0:.*]] = graph.lookup %[[T0]], %arg0 : (tensor<256xi8>, tensor<4x64xi8>) -> tensor<4x64xi8>
// CHECK: graph.sigmoid {{.*}} : tensor<256xf32>
// CHECK: graph.quantize_linear {{.*}} -> tensor<256xi8>
// CHECK: graph.neg {{.*}} : tensor<256xf32>
// CHECK: %[[T1:.*]] = graph.quantize_linear {{.*}} -> tensor<256xi8>
// CHECK: %[[Y1:.*]] = graph.lookup %[[T1]], %arg0 : (tensor<256xi8>, tensor<4x64xi8>) -> tensor<4x64xi8>
// CHECK: %[[R:.*]] = graph.dequantize_linear %[[BYTES]], {{.*}} -> tensor<256xf32>
// CHECK: %[[T2:.*]] = graph.quantize_linear %[[R]], {{.*}} -> tensor<256xi8>
// CHECK: %[[Y2:.*]] = graph.lookup %[[T2]], %arg1 : (tensor<256xi8>, tensor<4x64xi8>) -> tensor<4x64xi8>
// CHECK: return %[[Y0]], %[[Y1]], %[[Y2]]
// CHECK: byte_values: "0x{{[0-9A-F]{8}000102}}
// CHECK-SAME: 7D7E7F808182
// CHECK-NOT: byte_values_1
func.func @rescale_and_shared(%x: tensor<4x64xi8>, %z: tensor<4x64xi8>) -> (tensor<4x64xi8>, tensor<4x64xi8>, tensor<4x64xi8>) {
  %s = graph.constant dense<0.1> : tensor<f32> : tensor<f32>
  %t = graph.constant dense<0.3> : tensor<f32> : tensor<f32>
  %xf = graph.dequantize_linear %x, %s {axis = 0, block_size = 0} : (tensor<4x64xi8>, tensor<f32>) -> tensor<4x64xf32>
  %sig = graph.sigmoid %xf : tensor<4x64xf32>
  %sq = graph.quantize_linear %sig, %s {axis = 0, block_size = 0} : (tensor<4x64xf32>, tensor<f32>) -> tensor<4x64xi8>
  %sf = graph.dequantize_linear %sq, %s {axis = 0, block_size = 0} : (tensor<4x64xi8>, tensor<f32>) -> tensor<4x64xf32>
  %n = graph.neg %sf : tensor<4x64xf32>
  %nq = graph.quantize_linear %n, %t {axis = 0, block_size = 0} : (tensor<4x64xf32>, tensor<f32>) -> tensor<4x64xi8>
  %zf = graph.dequantize_linear %z, %s {axis = 0, block_size = 0} : (tensor<4x64xi8>, tensor<f32>) -> tensor<4x64xf32>
  %zq = graph.quantize_linear %zf, %t {axis = 0, block_size = 0} : (tensor<4x64xf32>, tensor<f32>) -> tensor<4x64xi8>
  return %sq, %nq, %zq : tensor<4x64xi8>, tensor<4x64xi8>, tensor<4x64xi8>
}

// -----

// A residual Add of two quantized tensors, and an excitation's Mul by a
// per-channel [1, C, 1, 1] factor: one pass over the bytes each, their
// parameters as attributes. The DQs go with them.
// CHECK-LABEL: func @quantized_binary
// CHECK: %[[S:.*]] = graph.quantized_binary %arg0, %arg1 {kind = "add", lhs_scale = 1.000000e-01 : f32, lhs_zero_point = 3 : i64, rhs_scale = 2.000000e-01 : f32, rhs_zero_point = 0 : i64, scale = 3.000000e-01 : f32, zero_point = 3 : i64} : (tensor<1x2x2x2xui8>, tensor<1x2x2x2xui8>) -> tensor<1x2x2x2xui8>
// CHECK: %[[P:.*]] = graph.quantized_binary %arg0, %arg2 {kind = "mul", {{.*}}zero_point = -5 : i64} : (tensor<1x2x2x2xui8>, tensor<1x2x1x1xi8>) -> tensor<1x2x2x2xi8>
// CHECK-NOT: graph.dequantize_linear
// CHECK: return %[[S]], %[[P]]
func.func @quantized_binary(%a: tensor<1x2x2x2xui8>, %b: tensor<1x2x2x2xui8>, %e: tensor<1x2x1x1xi8>) -> (tensor<1x2x2x2xui8>, tensor<1x2x2x2xi8>) {
  %s = graph.constant dense<0.1> : tensor<f32> : tensor<f32>
  %t = graph.constant dense<0.2> : tensor<f32> : tensor<f32>
  %u = graph.constant dense<0.3> : tensor<f32> : tensor<f32>
  %z = graph.constant dense<3> : tensor<ui8> : tensor<ui8>
  %zs = graph.constant dense<-5> : tensor<i8> : tensor<i8>
  %af = graph.dequantize_linear %a, %s, %z {axis = 0, block_size = 0} : (tensor<1x2x2x2xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x2x2x2xf32>
  %bf = graph.dequantize_linear %b, %t {axis = 0, block_size = 0} : (tensor<1x2x2x2xui8>, tensor<f32>) -> tensor<1x2x2x2xf32>
  %ef = graph.dequantize_linear %e, %t, %zs {axis = 0, block_size = 0} : (tensor<1x2x1x1xi8>, tensor<f32>, tensor<i8>) -> tensor<1x2x1x1xf32>
  %sum = graph.add %af, %bf : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %q0 = graph.quantize_linear %sum, %u, %z {axis = 0, block_size = 0} : (tensor<1x2x2x2xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2x2x2xui8>
  %prod = graph.mul %af, %ef : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %q1 = graph.quantize_linear %prod, %u, %zs {axis = 0, block_size = 0} : (tensor<1x2x2x2xf32>, tensor<f32>, tensor<i8>) -> tensor<1x2x2x2xi8>
  return %q0, %q1 : tensor<1x2x2x2xui8>, tensor<1x2x2x2xi8>
}

// -----

// A square of one quantized tensor on fewer than 256 elements (no table):
// one quantized binary op reading the tensor twice, its one DQ gone.
// CHECK-LABEL: func @quantized_square
// CHECK: %[[Y:.*]] = graph.quantized_binary %arg0, %arg0 {kind = "mul", {{.*}}} : (tensor<1x8xui8>, tensor<1x8xui8>) -> tensor<1x8xui8>
// CHECK-NOT: graph.dequantize_linear
// CHECK: return %[[Y]]
func.func @quantized_square(%a: tensor<1x8xui8>) -> tensor<1x8xui8> {
  %s = graph.constant dense<0.1> : tensor<f32> : tensor<f32>
  %af = graph.dequantize_linear %a, %s {axis = 0, block_size = 0} : (tensor<1x8xui8>, tensor<f32>) -> tensor<1x8xf32>
  %p = graph.mul %af, %af : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %q = graph.quantize_linear %p, %s {axis = 0, block_size = 0} : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xui8>
  return %q : tensor<1x8xui8>
}

// -----

// Not functions of one byte, nor binary ops of two quantized tensors: a
// division; a constant that differs along the tensor; a per-channel
// DequantizeLinear; a 16-bit input; a per-channel QuantizeLinear at the
// end.
// (Also a function of one byte on fewer than 256 elements, where a table
// would cost more than computing the function: %small.)
// CHECK-LABEL: func @not_byte_functions
// CHECK-NOT: graph.lookup
// CHECK-NOT: graph.quantized_binary
// CHECK-COUNT-5: graph.quantize_linear {{.*}} -> tensor<1x2x8x16x
// CHECK: graph.sigmoid {{.*}} : tensor<1x255xf32>
// CHECK: graph.quantize_linear {{.*}} -> tensor<1x255xui8>
// CHECK-NOT: graph.lookup
// CHECK-NOT: graph.quantized_binary
func.func @not_byte_functions(%a: tensor<1x2x8x16xui8>, %b: tensor<1x2x8x16xui8>, %w: tensor<1x2x8x16xi16>, %small: tensor<1x255xui8>) -> (tensor<1x2x8x16xui8>, tensor<1x2x8x16xui8>, tensor<1x2x8x16xui8>, tensor<1x2x8x16xui8>, tensor<1x2x8x16xui8>, tensor<1x255xui8>) {
  %s = graph.constant dense<0.1> : tensor<f32> : tensor<f32>
  %t = graph.constant dense<0.2> : tensor<f32> : tensor<f32>
  %channel_scales = graph.constant dense<[0.1, 0.2]> : tensor<2xf32> : tensor<2xf32>
  %channel_zeros = graph.constant dense<[0, 0]> : tensor<2xui8> : tensor<2xui8>
  %varying = graph.constant dense<[[[[1.0]], [[2.0]]]]> : tensor<1x2x1x1xf32> : tensor<1x2x1x1xf32>
  %af = graph.dequantize_linear %a, %s {axis = 0, block_size = 0} : (tensor<1x2x8x16xui8>, tensor<f32>) -> tensor<1x2x8x16xf32>
  %bf = graph.dequantize_linear %b, %s {axis = 0, block_size = 0} : (tensor<1x2x8x16xui8>, tensor<f32>) -> tensor<1x2x8x16xf32>
  %quotient = graph.div %af, %bf : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>) -> tensor<1x2x8x16xf32>
  %q0 = graph.quantize_linear %quotient, %t {axis = 0, block_size = 0} : (tensor<1x2x8x16xf32>, tensor<f32>) -> tensor<1x2x8x16xui8>
  %scaled = graph.mul %af, %varying : (tensor<1x2x8x16xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x8x16xf32>
  %q1 = graph.quantize_linear %scaled, %t {axis = 0, block_size = 0} : (tensor<1x2x8x16xf32>, tensor<f32>) -> tensor<1x2x8x16xui8>
  %cf = graph.dequantize_linear %a, %channel_scales, %channel_zeros {axis = 1, block_size = 0} : (tensor<1x2x8x16xui8>, tensor<2xf32>, tensor<2xui8>) -> tensor<1x2x8x16xf32>
  %q2 = graph.quantize_linear %cf, %t {axis = 0, block_size = 0} : (tensor<1x2x8x16xf32>, tensor<f32>) -> tensor<1x2x8x16xui8>
  %wf = graph.dequantize_linear %w, %s {axis = 0, block_size = 0} : (tensor<1x2x8x16xi16>, tensor<f32>) -> tensor<1x2x8x16xf32>
  %q3 = graph.quantize_linear %wf, %t {axis = 0, block_size = 0} : (tensor<1x2x8x16xf32>, tensor<f32>) -> tensor<1x2x8x16xui8>
  %q4 = graph.quantize_linear %af, %channel_scales, %channel_zeros {axis = 1, block_size = 0} : (tensor<1x2x8x16xf32>, tensor<2xf32>, tensor<2xui8>) -> tensor<1x2x8x16xui8>
  %sf = graph.dequantize_linear %small, %s {axis = 0, block_size = 0} : (tensor<1x255xui8>, tensor<f32>) -> tensor<1x255xf32>
  %sig = graph.sigmoid %sf : tensor<1x255xf32>
  %q5 = graph.quantize_linear %sig, %t {axis = 0, block_size = 0} : (tensor<1x255xf32>, tensor<f32>) -> tensor<1x255xui8>
  return %q0, %q1, %q2, %q3, %q4, %q5 : tensor<1x2x8x16xui8>, tensor<1x2x8x16xui8>, tensor<1x2x8x16xui8>, tensor<1x2x8x16xui8>, tensor<1x2x8x16xui8>, tensor<1x255xui8>
}
