// RUN: edgecc-opt %s | edgecc-opt | FileCheck %s
// RUN: edgecc-opt %s --mlir-print-op-generic | edgecc-opt | FileCheck %s

// CHECK-LABEL: func @conv_block
func.func @conv_block(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>,
                      %b: tensor<4xf32>) -> tensor<1x4x2x2xf32> {
  // CHECK: graph.conv %{{.*}}, %{{.*}}, %{{.*}} {activation = "clip", clip_max = 6.000000e+00 : f32, clip_min = 0.000000e+00 : f32
  %0 = graph.conv %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
                              dilations = array<i64: 1, 1>, group = 1,
                              activation = "clip", clip_min = 0.0 : f32, clip_max = 6.0 : f32}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  // CHECK: graph.max_pool
  %1 = graph.max_pool %0 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
                          dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
      : (tensor<1x4x4x4xf32>) -> tensor<1x4x2x2xf32>
  // CHECK: graph.sigmoid
  %2 = graph.sigmoid %1 : tensor<1x4x2x2xf32>
  // CHECK: graph.mul
  %3 = graph.mul %1, %2 : (tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  return %3 : tensor<1x4x2x2xf32>
}

// CHECK-LABEL: func @data_movement
func.func @data_movement(%x: tensor<2x6xf32>) -> tensor<3x4xf32> {
  // CHECK: graph.transpose %{{.*}} {perm = array<i64: 1, 0>}
  %0 = graph.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x6xf32>) -> tensor<6x2xf32>
  // CHECK: graph.slice
  %1 = graph.slice %0 {starts = array<i64: 0, 0>, ends = array<i64: 6, 2>, steps = array<i64: 2, 1>}
      : (tensor<6x2xf32>) -> tensor<3x2xf32>
  // CHECK: graph.concat
  %2 = graph.concat %1, %1 {axis = 1} : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x4xf32>
  return %2 : tensor<3x4xf32>
}

// CHECK-LABEL: func @resize
func.func @resize(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x6x2xf32> {
  // CHECK: graph.resize %{{.*}} {coordinate_transformation_mode = "align_corners", mode = "cubic", scales = array<f64: 1.000000e+00, 1.000000e+00, 1.500000e+00, 5.000000e-01>}
  %0 = graph.resize %x {mode = "cubic", coordinate_transformation_mode = "align_corners",
      scales = array<f64: 1.0, 1.0, 1.5, 0.5>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x6x2xf32>
  return %0 : tensor<1x3x6x2xf32>
}

// An end pad of -1 (ONNX output_padding 1) adds a row: 3 * 2 + 3 + 1 = 10.
// CHECK-LABEL: func @conv_transpose
func.func @conv_transpose(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x10x7xf32> {
  // CHECK: graph.conv_transpose %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 0, 1, -1, 1>, strides = array<i64: 3, 3>}
  %0 = graph.conv_transpose %x, %w {strides = array<i64: 3, 3>, dilations = array<i64: 1, 1>,
      pads = array<i64: 0, 1, -1, 1>, group = 2} : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x10x7xf32>
  return %0 : tensor<1x4x10x7xf32>
}

// CHECK-LABEL: func @broadcast
func.func @broadcast(%x: tensor<1x4x2x2xf32>, %s: tensor<4x1x1xf32>) -> tensor<1x4x2x2xf32> {
  // CHECK: graph.add %{{.*}}, %{{.*}} : (tensor<1x4x2x2xf32>, tensor<4x1x1xf32>) -> tensor<1x4x2x2xf32>
  %0 = graph.add %x, %s : (tensor<1x4x2x2xf32>, tensor<4x1x1xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// CHECK-LABEL: func @math
func.func @math(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2xf32> {
  // CHECK: graph.elu %{{.*}} {alpha = 5.000000e-01 : f32}
  %0 = graph.elu %x {alpha = 0.5 : f32} : tensor<2x3xf32>
  // CHECK: graph.gelu %{{.*}} {tanh_approximation = true}
  %1 = graph.gelu %0 {tanh_approximation = true} : tensor<2x3xf32>
  // CHECK: graph.pow
  %2 = graph.pow %1, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: graph.log_softmax %{{.*}} {axis = 1 : i64}
  %3 = graph.log_softmax %2 {axis = 1} : tensor<2x3xf32>
  // CHECK: graph.reduce_max %{{.*}} {axes = array<i64: 1>, keepdims = false}
  %4 = graph.reduce_max %3 {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %4 : tensor<2xf32>
}

// Index tuples of length 1 after one batch dim pick rows of each batch;
// scatters keep the data's type.
// CHECK-LABEL: func @indexed
func.func @indexed(%x: tensor<2x3x4xf32>, %i: tensor<2x5x1xi64>, %u: tensor<2x3x4xf32>, %e: tensor<2x3x4xi32>) -> (tensor<2x5x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>) {
  // CHECK: graph.gather_nd %{{.*}}[%{{.*}}] {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x5x1xi64>) -> tensor<2x5x4xf32>
  %0 = graph.gather_nd %x[%i] {batch_dims = 1} : (tensor<2x3x4xf32>, tensor<2x5x1xi64>) -> tensor<2x5x4xf32>
  // CHECK: graph.scatter_elements %{{.*}}[%{{.*}}] = %{{.*}} {axis = 2 : i64, reduction = "max"}
  %1 = graph.scatter_elements %x[%e] = %u {axis = 2, reduction = "max"} : tensor<2x3x4xf32>, tensor<2x3x4xi32>, tensor<2x3x4xf32>
  %j = graph.constant dense<[[0, 1], [1, 2]]> : tensor<2x2xi64> : tensor<2x2xi64>
  %v = graph.constant dense<1.0> : tensor<2x4xf32> : tensor<2x4xf32>
  // CHECK: graph.scatter_nd %{{.*}}[%{{.*}}] = %{{.*}} {reduction = "none"}
  %2 = graph.scatter_nd %x[%j] = %v {reduction = "none"} : tensor<2x3x4xf32>, tensor<2x2xi64>, tensor<2x4xf32>
  return %0, %1, %2 : tensor<2x5x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>
}

// CHECK-LABEL: func @grid_sample
func.func @grid_sample(%x: tensor<1x3x5x6xf32>, %g: tensor<1x4x7x2xf32>) -> tensor<1x3x4x7xf32> {
  // CHECK: graph.grid_sample %{{.*}}, %{{.*}} {align_corners = true, mode = "cubic", padding_mode = "reflection"} : (tensor<1x3x5x6xf32>, tensor<1x4x7x2xf32>) -> tensor<1x3x4x7xf32>
  %0 = graph.grid_sample %x, %g {mode = "cubic", padding_mode = "reflection", align_corners = true} : (tensor<1x3x5x6xf32>, tensor<1x4x7x2xf32>) -> tensor<1x3x4x7xf32>
  return %0 : tensor<1x3x4x7xf32>
}

// CHECK-LABEL: func @top_k
func.func @top_k(%x: tensor<2x7xf32>) -> tensor<2x3xi64> {
  // CHECK: graph.top_k_indices %{{.*}} {axis = 1 : i64, k = 3 : i64, largest = false} : (tensor<2x7xf32>) -> tensor<2x3xi64>
  %0 = graph.top_k_indices %x {k = 3, axis = 1, largest = false} : (tensor<2x7xf32>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// CHECK-LABEL: func @non_max_suppression
func.func @non_max_suppression(%boxes: tensor<2x9x4xf32>, %scores: tensor<2x3x9xf32>)
    -> (tensor<24x3xi64>, tensor<54x3xi64>) {
  // The bound is batches * classes * min(limit, boxes).
  // CHECK: graph.non_max_suppression %{{.*}}, %{{.*}} {center_point_box = false, iou_threshold = 5.000000e-01 : f32, max_boxes_per_class = 4 : i64, score_threshold = 2.500000e-01 : f32} : (tensor<2x9x4xf32>, tensor<2x3x9xf32>) -> tensor<24x3xi64>
  %0 = graph.non_max_suppression %boxes, %scores {center_point_box = false, max_boxes_per_class = 4, iou_threshold = 0.5 : f32, score_threshold = 0.25 : f32} : (tensor<2x9x4xf32>, tensor<2x3x9xf32>) -> tensor<24x3xi64>
  // CHECK: graph.non_max_suppression %{{.*}}, %{{.*}} {center_point_box = true, iou_threshold = 0.000000e+00 : f32, max_boxes_per_class = 100 : i64} : (tensor<2x9x4xf32>, tensor<2x3x9xf32>) -> tensor<54x3xi64>
  %1 = graph.non_max_suppression %boxes, %scores {center_point_box = true, max_boxes_per_class = 100, iou_threshold = 0.0 : f32} : (tensor<2x9x4xf32>, tensor<2x3x9xf32>) -> tensor<54x3xi64>
  return %0, %1 : tensor<24x3xi64>, tensor<54x3xi64>
}

// CHECK-LABEL: func @quantization
func.func @quantization(%x: tensor<2x6xf32>, %s: tensor<6xf32>, %z: tensor<6xi8>,
                        %bs: tensor<2x2xf32>, %bz: tensor<2x2xui16>, %t: tensor<f32>)
    -> (tensor<2x6xi8>, tensor<2x6xui16>, tensor<2x6xf32>, tensor<2x6xf32>) {
  // CHECK: graph.quantize_linear %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64, block_size = 0 : i64} : (tensor<2x6xf32>, tensor<6xf32>, tensor<6xi8>) -> tensor<2x6xi8>
  %q = graph.quantize_linear %x, %s, %z {axis = 1, block_size = 0} : (tensor<2x6xf32>, tensor<6xf32>, tensor<6xi8>) -> tensor<2x6xi8>
  // CHECK: graph.quantize_linear %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64, block_size = 4 : i64} : (tensor<2x6xf32>, tensor<2x2xf32>, tensor<2x2xui16>) -> tensor<2x6xui16>
  %b = graph.quantize_linear %x, %bs, %bz {axis = 1, block_size = 4} : (tensor<2x6xf32>, tensor<2x2xf32>, tensor<2x2xui16>) -> tensor<2x6xui16>
  // CHECK: graph.dequantize_linear %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64, block_size = 0 : i64} : (tensor<2x6xi8>, tensor<6xf32>, tensor<6xi8>) -> tensor<2x6xf32>
  %d = graph.dequantize_linear %q, %s, %z {axis = 1, block_size = 0} : (tensor<2x6xi8>, tensor<6xf32>, tensor<6xi8>) -> tensor<2x6xf32>
  // CHECK: graph.dequantize_linear %{{.*}}, %{{.*}} {axis = 0 : i64, block_size = 0 : i64} : (tensor<2x6xui16>, tensor<f32>) -> tensor<2x6xf32>
  %p = graph.dequantize_linear %b, %t {axis = 0, block_size = 0} : (tensor<2x6xui16>, tensor<f32>) -> tensor<2x6xf32>
  return %q, %b, %d, %p : tensor<2x6xi8>, tensor<2x6xui16>, tensor<2x6xf32>, tensor<2x6xf32>
}

// int8/uint8 operands accumulate in int32 after subtracting their zero
// points (one for the input, one per output channel for the weight).
// CHECK-LABEL: func @byte_conv
func.func @byte_conv(%x: tensor<1x2x5x5xui8>, %w: tensor<3x2x3x3xi8>, %b: tensor<3xi32>)
    -> tensor<1x3x3x3xi32> {
  // CHECK: graph.conv %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, group = 1 : i64, input_zero_point = 128 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, weight_zero_points = array<i64: 0, -3, 5>} : (tensor<1x2x5x5xui8>, tensor<3x2x3x3xi8>, tensor<3xi32>) -> tensor<1x3x3x3xi32>
  %acc = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                                dilations = array<i64: 1, 1>, group = 1, input_zero_point = 128,
                                weight_zero_points = array<i64: 0, -3, 5>}
      : (tensor<1x2x5x5xui8>, tensor<3x2x3x3xi8>, tensor<3xi32>) -> tensor<1x3x3x3xi32>
  return %acc : tensor<1x3x3x3xi32>
}

// CHECK-LABEL: func @integer_conv
func.func @integer_conv(%x: tensor<1x2x5x5xi32>, %w: tensor<3x2x3x3xi32>, %b: tensor<3xi32>,
                        %m: tensor<4x5xi32>, %n: tensor<5x2xi32>) -> (tensor<1x3x3x3xui8>, tensor<4x2xi32>) {
  // CHECK: graph.conv %{{.*}}, %{{.*}}, %{{.*}} {{.*}} : (tensor<1x2x5x5xi32>, tensor<3x2x3x3xi32>, tensor<3xi32>) -> tensor<1x3x3x3xi32>
  %acc = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                                dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x2x5x5xi32>, tensor<3x2x3x3xi32>, tensor<3xi32>) -> tensor<1x3x3x3xi32>
  // CHECK: graph.requantize %{{.*}} {axis = 1 : i64, multipliers = array<i32: 1073741824, 1610612736, 1073741824>, shifts = array<i32: 40, 41, 62>, zero_point = 128 : i64} : tensor<1x3x3x3xi32> -> tensor<1x3x3x3xui8>
  %y = graph.requantize %acc {multipliers = array<i32: 1073741824, 1610612736, 1073741824>,
                              shifts = array<i32: 40, 41, 62>, axis = 1, zero_point = 128}
      : tensor<1x3x3x3xi32> -> tensor<1x3x3x3xui8>
  // CHECK: graph.matmul %{{.*}}, %{{.*}} : (tensor<4x5xi32>, tensor<5x2xi32>) -> tensor<4x2xi32>
  %mm = graph.matmul %m, %n : (tensor<4x5xi32>, tensor<5x2xi32>) -> tensor<4x2xi32>
  return %y, %mm : tensor<1x3x3x3xui8>, tensor<4x2xi32>
}

// CHECK-LABEL: func @lookup
func.func @lookup(%t: tensor<256xi16>, %x: tensor<2x3xui8>) -> tensor<2x3xi16> {
  // CHECK: graph.lookup %{{.*}}, %{{.*}} : (tensor<256xi16>, tensor<2x3xui8>) -> tensor<2x3xi16>
  %0 = graph.lookup %t, %x : (tensor<256xi16>, tensor<2x3xui8>) -> tensor<2x3xi16>
  return %0 : tensor<2x3xi16>
}

// CHECK-LABEL: func @quantized_binary
func.func @quantized_binary(%a: tensor<2x3xui8>, %b: tensor<3xi8>) -> tensor<2x3xi8> {
  // CHECK: graph.quantized_binary %{{.*}}, %{{.*}} {kind = "max", lhs_scale = 5.000000e-01 : f32, lhs_zero_point = 128 : i64, rhs_scale = 2.500000e-01 : f32, rhs_zero_point = -1 : i64, scale = 1.000000e+00 : f32, zero_point = 0 : i64} : (tensor<2x3xui8>, tensor<3xi8>) -> tensor<2x3xi8>
  %0 = graph.quantized_binary %a, %b {kind = "max", lhs_scale = 0.5 : f32, lhs_zero_point = 128, rhs_scale = 0.25 : f32, rhs_zero_point = -1, scale = 1.0 : f32, zero_point = 0} : (tensor<2x3xui8>, tensor<3xi8>) -> tensor<2x3xi8>
  return %0 : tensor<2x3xi8>
}

// Einsum's products and sums keep float64 and int64 operands' type.
// CHECK-LABEL: func @wide_arithmetic
func.func @wide_arithmetic(%a: tensor<2x3xf64>, %b: tensor<3x4xf64>, %i: tensor<3x5xi64>)
    -> (tensor<2x4xf64>, tensor<1x5xi64>) {
  // CHECK: graph.matmul %{{.*}}, %{{.*}} : (tensor<2x3xf64>, tensor<3x4xf64>) -> tensor<2x4xf64>
  %p = graph.matmul %a, %b : (tensor<2x3xf64>, tensor<3x4xf64>) -> tensor<2x4xf64>
  // CHECK: graph.reduce_sum %{{.*}} {axes = array<i64: 0>} : (tensor<3x5xi64>) -> tensor<1x5xi64>
  %s = graph.reduce_sum %i {axes = array<i64: 0>} : (tensor<3x5xi64>) -> tensor<1x5xi64>
  return %p, %s : tensor<2x4xf64>, tensor<1x5xi64>
}

// CHECK-LABEL: func @low_precision
func.func @low_precision(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i4>)
    -> (tensor<4xf8E4M3FN>, tensor<4xbf16>, tensor<4xi4>, tensor<4xf8E5M2>) {
  // CHECK: graph.cast %{{.*}} {saturate = false} : tensor<4xf32> -> tensor<4xf8E4M3FN>
  %0 = graph.cast %x {saturate = false} : tensor<4xf32> -> tensor<4xf8E4M3FN>
  // CHECK: graph.cast %{{.*}} : tensor<4xf32> -> tensor<4xbf16>
  %1 = graph.cast %x : tensor<4xf32> -> tensor<4xbf16>
  // CHECK: graph.quantize_linear %{{.*}}, %{{.*}}, %{{.*}} {axis = 0 : i64, block_size = 0 : i64} : (tensor<4xf32>, tensor<f32>, tensor<i4>) -> tensor<4xi4>
  %2 = graph.quantize_linear %x, %s, %z {axis = 0, block_size = 0} : (tensor<4xf32>, tensor<f32>, tensor<i4>) -> tensor<4xi4>
  // CHECK: graph.quantize_linear %{{.*}}, %{{.*}} {axis = 0 : i64, block_size = 0 : i64, saturate = false} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf8E5M2>
  %3 = graph.quantize_linear %x, %s {axis = 0, block_size = 0, saturate = false} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf8E5M2>
  return %0, %1, %2, %3 : tensor<4xf8E4M3FN>, tensor<4xbf16>, tensor<4xi4>, tensor<4xf8E5M2>
}
