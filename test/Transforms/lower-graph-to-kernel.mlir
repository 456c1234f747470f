// RUN: edgecc-opt %s -edgecc-lower-graph-to-kernel -split-input-file -verify-diagnostics | FileCheck %s

// Inputs and outputs become buffer arguments; the last producer writes the
// output argument directly (through a view when the shapes differ).
// CHECK-LABEL: func @classifier
// CHECK-SAME: (%[[IN:.*]]: memref<1x4x2x2xf32>, %[[OUT:.*]]: memref<1x4xf32>)
// CHECK: %[[T:.*]] = kernel.alloc : memref<1x4x2x2xf32>
// CHECK: kernel.unary ins(%[[IN]]) outs(%[[T]]) {kind = "sigmoid"}
// CHECK: %[[V:.*]] = kernel.view %[[OUT]] : memref<1x4xf32> to memref<1x4x1x1xf32>
// CHECK: kernel.reduce ins(%[[T]]) outs(%[[V]]) {axes = array<i64: 2, 3>, kind = "mean"}
// CHECK-NEXT: return
func.func @classifier(%x: tensor<1x4x2x2xf32>) -> tensor<1x4xf32> {
  %0 = graph.sigmoid %x : tensor<1x4x2x2xf32>
  %1 = graph.global_average_pool %0 : (tensor<1x4x2x2xf32>) -> tensor<1x4x1x1xf32>
  %2 = graph.reshape %1 : tensor<1x4x1x1xf32> -> tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

// Concat becomes one strided copy per input into the output buffer.
// CHECK-LABEL: func @concat
// CHECK: kernel.copy ins(%arg0) outs(%arg2) {dst_offset = 0 : i64, dst_strides = array<i64: 12, 4, 1>, sizes = array<i64: 1, 2, 4>, src_offset = 0 : i64, src_strides = array<i64: 8, 4, 1>}
// CHECK: kernel.copy ins(%arg1) outs(%arg2) {dst_offset = 8 : i64, dst_strides = array<i64: 12, 4, 1>, sizes = array<i64: 1, 1, 4>, src_offset = 0 : i64, src_strides = array<i64: 4, 4, 1>}
func.func @concat(%a: tensor<1x2x4xf32>, %b: tensor<1x1x4xf32>) -> tensor<1x3x4xf32> {
  %0 = graph.concat %a, %b {axis = 1} : (tensor<1x2x4xf32>, tensor<1x1x4xf32>) -> tensor<1x3x4xf32>
  return %0 : tensor<1x3x4xf32>
}

// -----

// Returning an input copies it out.
// CHECK-LABEL: func @passthrough
// CHECK: kernel.copy ins(%arg0) outs(%arg1) {dst_offset = 0 : i64, dst_strides = array<i64: 1>, sizes = array<i64: 6>
func.func @passthrough(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  return %x : tensor<2x3xf32>
}

// -----

// Integer and bool tensors compute at run time: comparisons give i1, Where
// selects, Cast converts, ArgMax without keepdims writes through a view.
// CHECK-LABEL: func @dtypes
// CHECK: kernel.binary ins(%arg0, %arg0) outs(%[[SUM:.*]]) {kind = "add"} : memref<2x3xi64>, memref<2x3xi64> -> memref<2x3xi64>
// CHECK: kernel.binary ins(%[[SUM]], %arg0) outs(%[[LESS:.*]]) {kind = "less"} : memref<2x3xi64>, memref<2x3xi64> -> memref<2x3xi1>
// CHECK: kernel.cast ins(%arg0) outs(%[[F:.*]]) : memref<2x3xi64> -> memref<2x3xf32>
// CHECK: kernel.select ins(%[[LESS]], %[[F]], %arg1) outs(%arg2) : memref<2x3xi1>, memref<2x3xf32>, memref<3xf32> -> memref<2x3xf32>
// CHECK: %[[V:.*]] = kernel.view %arg3 : memref<2xi64> to memref<2x1xi64>
// CHECK: kernel.arg_reduce ins(%arg0) outs(%[[V]]) {axis = 1 : i64, kind = "max", select_last_index = true}
func.func @dtypes(%x: tensor<2x3xi64>, %y: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2xi64>) {
  %0 = graph.add %x, %x : (tensor<2x3xi64>, tensor<2x3xi64>) -> tensor<2x3xi64>
  %1 = graph.less %0, %x : (tensor<2x3xi64>, tensor<2x3xi64>) -> tensor<2x3xi1>
  %2 = graph.cast %x : tensor<2x3xi64> -> tensor<2x3xf32>
  %3 = graph.where %1, %2, %y : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %4 = graph.arg_max %x {axis = 1 : i64, keepdims = false, select_last_index = true} : (tensor<2x3xi64>) -> tensor<2xi64>
  return %3, %4 : tensor<2x3xf32>, tensor<2xi64>
}

// -----

func.func @bool_arithmetic(%x: tensor<2x3xi1>) -> tensor<2x3xi1> {
  // expected-error @+1 {{'kernel.binary' op 'add' does not apply to 'i1'}}
  %0 = graph.add %x, %x : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  return %0 : tensor<2x3xi1>
}

// -----

// Parameterized activations carry their parameters as alpha and beta;
// log-softmax is a softmax kernel in log mode; a reduction without keepdims
// writes through a view that keeps the reduced axis.
// CHECK-LABEL: func @math
// CHECK: kernel.unary ins(%arg0) outs(%{{.*}}) {alpha = 2.000000e-01 : f32, beta = 5.000000e-01 : f32, kind = "hard_sigmoid"}
// CHECK: kernel.unary ins(%{{.*}}) outs(%{{.*}}) {alpha = 1.000000e+00 : f32, kind = "elu"}
// CHECK: kernel.binary ins(%{{.*}}, %arg1) outs(%{{.*}}) {kind = "prelu"}
// CHECK: kernel.softmax ins(%{{.*}}) outs(%{{.*}}) {axis = 1 : i64, log = true}
// CHECK: %[[V:.*]] = kernel.view %arg2 : memref<2xf32> to memref<2x1xf32>
// CHECK: kernel.reduce ins(%{{.*}}) outs(%[[V]]) {axes = array<i64: 1>, kind = "prod"}
func.func @math(%x: tensor<2x3xf32>, %slope: tensor<3xf32>) -> tensor<2xf32> {
  %0 = graph.hard_sigmoid %x {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<2x3xf32>
  %1 = graph.elu %0 {alpha = 1.0 : f32} : tensor<2x3xf32>
  %2 = graph.prelu %1, %slope : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %3 = graph.log_softmax %2 {axis = 1} : tensor<2x3xf32>
  %4 = graph.reduce_prod %3 {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %4 : tensor<2xf32>
}

// -----

// Resize becomes per-axis taps: a 2x bilinear upsample (half_pixel) reads
// two input columns per output column, one at the clamped edges; the axes
// that keep their size read one tap of weight 1.
// CHECK-LABEL: func @resize
// CHECK: kernel.resample ins(%arg0) outs(%arg1)
// CHECK-SAME: indices = array<i64: 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1, 1, 1>
// CHECK-SAME: taps = array<i64: 1, 1, 2, 2>
// CHECK-SAME: weights = array<f32: 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 0.000000e+00, 7.500000e-01, 2.500000e-01, 2.500000e-01, 7.500000e-01, 1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 7.500000e-01, 2.500000e-01, 2.500000e-01, 7.500000e-01, 1.000000e+00, 0.000000e+00>
func.func @resize(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32> {
  %0 = graph.resize %x {mode = "linear", scales = array<f64: 1.0, 1.0, 2.0, 2.0>}
      : (tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// ConvTranspose keeps its operands and attributes.
// CHECK-LABEL: func @conv_transpose
// CHECK: kernel.conv_transpose ins(%arg0, %arg1, %arg2) outs(%arg3) {dilations = array<i64: 2>, group = 1 : i64, pads = array<i64: 1, -1>, strides = array<i64: 2>}
func.func @conv_transpose(%x: tensor<1x2x4xf32>, %w: tensor<2x3x2xf32>, %b: tensor<3xf32>) -> tensor<1x3x9xf32> {
  %0 = graph.conv_transpose %x, %w, %b {strides = array<i64: 2>, dilations = array<i64: 2>,
      pads = array<i64: 1, -1>, group = 1} : (tensor<1x2x4xf32>, tensor<2x3x2xf32>, tensor<3xf32>) -> tensor<1x3x9xf32>
  return %0 : tensor<1x3x9xf32>
}

// -----

// A conv's fused residual is one more buffer it reads.
// CHECK-LABEL: func @conv_residual
// CHECK: kernel.conv2d ins(%arg0, %{{.*}}) residual(%arg1 : memref<1x2x2x2xf32>) outs(%{{.*}}) {activation = "relu"
func.func @conv_residual(%x: tensor<1x1x2x2xf32>, %r: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = graph.constant dense<0.5> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %0 = graph.conv %x, %w residual(%r) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                                       dilations = array<i64: 1, 1>, group = 1, activation = "relu"}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

// Reflect padding is a one-tap gather, so it works on integers too.
// CHECK-LABEL: func @reflect_pad
// CHECK: kernel.resample ins(%arg0) outs(%arg1) {indices = array<i64: 0, 1, 0, 1, 2, 1>, taps = array<i64: 1, 1>, weights = array<f32: 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00>} : memref<1x3xi32> -> memref<1x5xi32>
func.func @reflect_pad(%x: tensor<1x3xi32>) -> tensor<1x5xi32> {
  %0 = graph.pad %x {pads = array<i64: 0, 1, 0, 1>, mode = "reflect"} : (tensor<1x3xi32>) -> tensor<1x5xi32>
  return %0 : tensor<1x5xi32>
}

// -----

// Scatters take the graph op's attributes and write a fresh buffer (the
// kernel copies the data first), so the data argument stays untouched.
// CHECK-LABEL: func @scatter_nd
// CHECK: kernel.scatter_nd ins(%arg0, %arg1, %arg2) outs(%arg3) {reduction = "mul"} : memref<4x3xf32>, memref<2x1xi64>, memref<2x3xf32> -> memref<4x3xf32>
func.func @scatter_nd(%x: tensor<4x3xf32>, %i: tensor<2x1xi64>, %u: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %0 = graph.scatter_nd %x[%i] = %u {reduction = "mul"} : tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// An integer matmul lowers to an int32 gemm; quantize, dequantize and
// requantize keep their operands (the zero point optional) and attributes.
// CHECK-LABEL: func @quantized_matmul
// CHECK: kernel.quantize_linear ins(%arg0, %arg1, %arg2) outs(%[[Q:.*]]) {axis = 0 : i64, block_size = 0 : i64} : memref<3x4xf32>, memref<f32>, memref<ui8> -> memref<3x4xui8>
// CHECK: kernel.dequantize_linear ins(%[[Q]], %arg1, %arg2) outs(%{{.*}}) {axis = 0 : i64, block_size = 0 : i64} : memref<3x4xui8>, memref<f32>, memref<ui8> -> memref<3x4xf32>
// CHECK: kernel.gemm ins(%{{.*}}, %arg3) outs(%[[ACC:.*]]) : memref<3x4xi32>, memref<4x2xi32> -> memref<3x2xi32>
// CHECK: kernel.requantize ins(%[[ACC]]) outs(%arg5) {axis = 1 : i64, multipliers = array<i32: 1073741824, 1610612736>, shifts = array<i32: 36, 37>, zero_point = 0 : i64} : memref<3x2xi32> -> memref<3x2xi8>
func.func @quantized_matmul(%x: tensor<3x4xf32>, %s: tensor<f32>, %z: tensor<ui8>, %w: tensor<4x2xi32>)
    -> (tensor<3x4xf32>, tensor<3x2xi8>) {
  %q = graph.quantize_linear %x, %s, %z {axis = 0, block_size = 0} : (tensor<3x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<3x4xui8>
  %d = graph.dequantize_linear %q, %s, %z {axis = 0, block_size = 0} : (tensor<3x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<3x4xf32>
  %wide = graph.cast %q : tensor<3x4xui8> -> tensor<3x4xi32>
  %acc = graph.matmul %wide, %w : (tensor<3x4xi32>, tensor<4x2xi32>) -> tensor<3x2xi32>
  %y = graph.requantize %acc {multipliers = array<i32: 1073741824, 1610612736>, shifts = array<i32: 36, 37>, axis = 1, zero_point = 0} : tensor<3x2xi32> -> tensor<3x2xi8>
  return %d, %y : tensor<3x4xf32>, tensor<3x2xi8>
}

// -----

// A lookup keeps its table and bytes; a quantized binary op its operands
// and parameters.
// CHECK-LABEL: func @lookup
// CHECK: kernel.lookup ins(%arg0, %arg1) outs(%[[Y:.*]]) : memref<256xi16>, memref<2x3xi8> -> memref<2x3xi16>
// CHECK: kernel.quantized_binary ins(%arg1, %arg1) outs(%arg3) {kind = "add", lhs_scale = 5.000000e-01 : f32, lhs_zero_point = 1 : i64, rhs_scale = 2.500000e-01 : f32, rhs_zero_point = 2 : i64, scale = 1.000000e+00 : f32, zero_point = 3 : i64} : memref<2x3xi8>, memref<2x3xi8> -> memref<2x3xi8>
func.func @lookup(%t: tensor<256xi16>, %x: tensor<2x3xi8>) -> (tensor<2x3xi16>, tensor<2x3xi8>) {
  %y = graph.lookup %t, %x : (tensor<256xi16>, tensor<2x3xi8>) -> tensor<2x3xi16>
  %s = graph.quantized_binary %x, %x {kind = "add", lhs_scale = 0.5 : f32, lhs_zero_point = 1, rhs_scale = 0.25 : f32, rhs_zero_point = 2, scale = 1.0 : f32, zero_point = 3} : (tensor<2x3xi8>, tensor<2x3xi8>) -> tensor<2x3xi8>
  return %y, %s : tensor<2x3xi16>, tensor<2x3xi8>
}

// -----

// NonMaxSuppression gets a scratch buffer of one i32 per box for its
// candidates, written only by the kernel.
// CHECK-LABEL: func @non_max_suppression
// CHECK: %[[SCRATCH:.*]] = kernel.alloc : memref<9xi32>
// CHECK: kernel.non_max_suppression ins(%arg0, %arg1) scratch(%[[SCRATCH]]) outs(%arg2) {center_point_box = false, iou_threshold = 5.000000e-01 : f32, max_boxes_per_class = 2 : i64, score_threshold = 1.000000e-01 : f32} : memref<1x9x4xf32>, memref<1x3x9xf32>, memref<9xi32> -> memref<6x3xi64>
func.func @non_max_suppression(%boxes: tensor<1x9x4xf32>, %scores: tensor<1x3x9xf32>) -> tensor<6x3xi64> {
  %0 = graph.non_max_suppression %boxes, %scores {center_point_box = false, max_boxes_per_class = 2, iou_threshold = 0.5 : f32, score_threshold = 0.1 : f32} : (tensor<1x9x4xf32>, tensor<1x3x9xf32>) -> tensor<6x3xi64>
  return %0 : tensor<6x3xi64>
}

// -----

// An int8/uint8 convolution reads its operands as they are; the zero points
// stay attributes of the kernel.
// CHECK-LABEL: func @byte_conv
// CHECK: kernel.conv2d ins(%arg0, %arg1, %arg2) outs(%arg3) {dilations = array<i64: 1, 1>, group = 1 : i64, input_zero_point = 128 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, weight_zero_points = array<i64: 0, 2, -1>} : memref<1x2x5x5xui8>, memref<3x2x3x3xi8>, memref<3xi32> -> memref<1x3x5x5xi32>
func.func @byte_conv(%x: tensor<1x2x5x5xui8>, %w: tensor<3x2x3x3xi8>, %b: tensor<3xi32>) -> tensor<1x3x5x5xi32> {
  %0 = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
                              dilations = array<i64: 1, 1>, group = 1, input_zero_point = 128,
                              weight_zero_points = array<i64: 0, 2, -1>}
      : (tensor<1x2x5x5xui8>, tensor<3x2x3x3xi8>, tensor<3xi32>) -> tensor<1x3x5x5xi32>
  return %0 : tensor<1x3x5x5xi32>
}

// -----

// x ^ 2 by a constant 2 is x * x (exact); other exponents, and a 2 that
// broadcasts x to a larger shape, stay pow.
// CHECK-LABEL: func @square
// CHECK: kernel.binary ins(%arg0, %arg0) outs(%{{.*}}) {kind = "mul"}
// CHECK: kernel.binary ins(%arg0, %{{.*}}) outs(%{{.*}}) {kind = "pow"}
// CHECK: kernel.binary ins(%arg0, %{{.*}}) outs(%{{.*}}) {kind = "pow"} : memref<2x3xf32>, memref<4x2x3xf32> -> memref<4x2x3xf32>
func.func @square(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x2x3xf32>) {
  %two = graph.constant dense<2.0> : tensor<f32> : tensor<f32>
  %three = graph.constant dense<3.0> : tensor<f32> : tensor<f32>
  %twos = graph.constant dense<2.0> : tensor<4x2x3xf32> : tensor<4x2x3xf32>
  %0 = graph.pow %x, %two : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %1 = graph.pow %x, %three : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %2 = graph.pow %x, %twos : (tensor<2x3xf32>, tensor<4x2x3xf32>) -> tensor<4x2x3xf32>
  %3 = graph.add %0, %1 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %3, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x2x3xf32>
}
