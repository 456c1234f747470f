// RUN: edgecc-opt %s | edgecc-opt | FileCheck %s

// CHECK-LABEL: func @kernels
func.func @kernels(%in: memref<1x3x8x8xf32>, %out: memref<1x16xf32>) {
  // CHECK: kernel.weight dense<5.000000e-01> : tensor<4x3x3x3xf32> : memref<4x3x3x3xf32>
  %w = kernel.weight dense<0.5> : tensor<4x3x3x3xf32> : memref<4x3x3x3xf32>
  // CHECK: kernel.alloc {offset = 0 : i64} : memref<1x4x4x4xf32>
  %a = kernel.alloc {offset = 0} : memref<1x4x4x4xf32>
  // CHECK: kernel.conv2d ins(%{{.*}}, %{{.*}}) outs(%{{.*}}) {activation = "relu"
  kernel.conv2d ins(%in, %w) outs(%a) {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
      dilations = array<i64: 1, 1>, group = 1, activation = "relu"}
      : memref<1x3x8x8xf32>, memref<4x3x3x3xf32> -> memref<1x4x4x4xf32>
  %b = kernel.alloc : memref<1x4x2x2xf32>
  // CHECK: kernel.pool
  kernel.pool ins(%a) outs(%b) {kind = "max", kernel_shape = array<i64: 2, 2>,
      strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>}
      : memref<1x4x4x4xf32> -> memref<1x4x2x2xf32>
  %l = kernel.alloc : memref<2x3x4xf32>
  // CHECK: kernel.pool {{.*}} {dilations = array<i64: 2>, kernel_shape = array<i64: 3>, kind = "lp", p = 3 : i64, pads = array<i64: 1, 1>, strides = array<i64: 1>}
  kernel.pool ins(%l) outs(%l) {kind = "lp", p = 3, kernel_shape = array<i64: 3>,
      strides = array<i64: 1>, dilations = array<i64: 2>, pads = array<i64: 1, 1>}
      : memref<2x3x4xf32> -> memref<2x3x4xf32>
  // CHECK: kernel.view %{{.*}} : memref<1x4x2x2xf32> to memref<1x16xf32>
  %v = kernel.view %b : memref<1x4x2x2xf32> to memref<1x16xf32>
  // CHECK: kernel.copy
  kernel.copy ins(%v) outs(%out) {sizes = array<i64: 16>, src_offset = 0, src_strides = array<i64: 1>,
      dst_offset = 0, dst_strides = array<i64: 1>} : memref<1x16xf32> -> memref<1x16xf32>
  // CHECK: kernel.fill outs(%{{.*}}) {value = 0.000000e+00 : f32}
  kernel.fill outs(%b) {value = 0.0 : f32} : memref<1x4x2x2xf32>
  return
}

// Every run-time element type; comparisons write i1, arg_reduce i64.
// CHECK-LABEL: func @dtypes
func.func @dtypes(%x: memref<2x3xi64>, %f: memref<2x3xf32>, %u: memref<3xui8>,
                  %idx: memref<4xi32>, %h: memref<2x3xf16>) {
  %c = kernel.alloc : memref<2x3xi1>
  // CHECK: kernel.binary {{.*}} {kind = "less"} : memref<2x3xi64>, memref<2x3xi64> -> memref<2x3xi1>
  kernel.binary ins(%x, %x) outs(%c) {kind = "less"} : memref<2x3xi64>, memref<2x3xi64> -> memref<2x3xi1>
  // CHECK: kernel.select
  kernel.select ins(%c, %f, %f) outs(%f) : memref<2x3xi1>, memref<2x3xf32>, memref<2x3xf32> -> memref<2x3xf32>
  // CHECK: kernel.cast {{.*}} : memref<2x3xf32> -> memref<2x3xf16>
  kernel.cast ins(%f) outs(%h) : memref<2x3xf32> -> memref<2x3xf16>
  // CHECK: kernel.binary {{.*}} {kind = "shl"} : memref<3xui8>, memref<3xui8> -> memref<3xui8>
  kernel.binary ins(%u, %u) outs(%u) {kind = "shl"} : memref<3xui8>, memref<3xui8> -> memref<3xui8>
  // CHECK: kernel.unary {{.*}} {kind = "not"} : memref<2x3xi1> -> memref<2x3xi1>
  kernel.unary ins(%c) outs(%c) {kind = "not"} : memref<2x3xi1> -> memref<2x3xi1>
  %a = kernel.alloc : memref<2x1xi64>
  // CHECK: kernel.arg_reduce {{.*}} {axis = 1 : i64, kind = "min"}
  kernel.arg_reduce ins(%f) outs(%a) {axis = 1 : i64, kind = "min"} : memref<2x3xf32> -> memref<2x1xi64>
  %g = kernel.alloc : memref<2x4xi64>
  // CHECK: kernel.gather {{.*}} {axis = 1 : i64} : memref<2x3xi64>, memref<4xi32> -> memref<2x4xi64>
  kernel.gather ins(%x, %idx) outs(%g) {axis = 1 : i64} : memref<2x3xi64>, memref<4xi32> -> memref<2x4xi64>
  %e = kernel.alloc : memref<2x3xi64>
  // CHECK: kernel.gather_elements
  kernel.gather_elements ins(%x, %e) outs(%e) {axis = 0 : i64} : memref<2x3xi64>, memref<2x3xi64> -> memref<2x3xi64>
  %nd = kernel.alloc : memref<2xi64>
  %t = kernel.alloc : memref<2x2xi32>
  // CHECK: kernel.gather_nd {{.*}} {batch_dims = 0 : i64} : memref<2x3xi64>, memref<2x2xi32> -> memref<2xi64>
  kernel.gather_nd ins(%x, %t) outs(%nd) {batch_dims = 0 : i64} : memref<2x3xi64>, memref<2x2xi32> -> memref<2xi64>
  // CHECK: kernel.scatter_nd {{.*}} {reduction = "add"} : memref<2x3xi64>, memref<2x2xi32>, memref<2xi64> -> memref<2x3xi64>
  kernel.scatter_nd ins(%x, %t, %nd) outs(%e) {reduction = "add"} : memref<2x3xi64>, memref<2x2xi32>, memref<2xi64> -> memref<2x3xi64>
  // CHECK: kernel.scatter_elements {{.*}} {axis = 1 : i64, reduction = "none"} : memref<2x3xi64>, memref<2x2xi32>, memref<2x2xi64> -> memref<2x3xi64>
  %w = kernel.alloc : memref<2x2xi64>
  kernel.scatter_elements ins(%x, %t, %w) outs(%e) {axis = 1 : i64, reduction = "none"} : memref<2x3xi64>, memref<2x2xi32>, memref<2x2xi64> -> memref<2x3xi64>
  // CHECK: kernel.cumsum {{.*}} {axis = 1 : i64, exclusive = true}
  kernel.cumsum ins(%x) outs(%e) {axis = 1 : i64, exclusive = true} : memref<2x3xi64> -> memref<2x3xi64>
  // CHECK: kernel.fill outs(%{{.*}}) {value = -7 : i64}
  kernel.fill outs(%e) {value = -7 : i64} : memref<2x3xi64>
  return
}

// Two taps along the last axis, -1 where the output lies outside the input.
// CHECK-LABEL: func @resample
// CHECK: kernel.resample ins(%arg0) outs(%arg1) {extrapolation_value = 1.500000e+00 : f32, indices = array<i64: 0, -1, -1, 0, 1, 1, 1>, taps = array<i64: 1, 2>, weights = array<f32: 1.000000e+00, 1.000000e+00, 0.000000e+00, 2.500000e-01, 7.500000e-01, 1.000000e+00, 0.000000e+00>}
func.func @resample(%in: memref<1x2xf32>, %out: memref<1x3xf32>) {
  kernel.resample ins(%in) outs(%out) {taps = array<i64: 1, 2>, indices = array<i64: 0, -1, -1, 0, 1, 1, 1>,
      weights = array<f32: 1.0, 1.0, 0.0, 0.25, 0.75, 1.0, 0.0>, extrapolation_value = 1.5 : f32}
      : memref<1x2xf32> -> memref<1x3xf32>
  return
}

// CHECK-LABEL: func @grid_sample
// CHECK: kernel.grid_sample ins(%arg0, %arg1) outs(%arg2) {align_corners = false, mode = "linear", padding_mode = "zeros"}
func.func @grid_sample(%in: memref<2x3x4x5x6xf32>, %g: memref<2x1x2x2x3xf32>, %out: memref<2x3x1x2x2xf32>) {
  kernel.grid_sample ins(%in, %g) outs(%out) {mode = "linear", padding_mode = "zeros", align_corners = false} : memref<2x3x4x5x6xf32>, memref<2x1x2x2x3xf32> -> memref<2x3x1x2x2xf32>
  return
}

// CHECK-LABEL: func @top_k_indices
// CHECK: kernel.top_k_indices ins(%arg0) outs(%arg1) {axis = 0 : i64, largest = true} : memref<5x2xi32> -> memref<2x2xi64>
func.func @top_k_indices(%in: memref<5x2xi32>, %out: memref<2x2xi64>) {
  kernel.top_k_indices ins(%in) outs(%out) {axis = 0 : i64, largest = true} : memref<5x2xi32> -> memref<2x2xi64>
  return
}

// CHECK-LABEL: func @byte_conv
// CHECK: kernel.conv2d ins(%arg0, %arg1, %arg2) outs(%arg3) {dilations = array<i64: 1, 1>, group = 1 : i64, input_zero_point = 3 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, weight_zero_points = array<i64: -1>} : memref<1x2x5x5xi8>, memref<3x2x3x3xi8>, memref<3xi32> -> memref<1x3x5x5xi32>
func.func @byte_conv(%in: memref<1x2x5x5xi8>, %w: memref<3x2x3x3xi8>, %b: memref<3xi32>, %out: memref<1x3x5x5xi32>) {
  kernel.conv2d ins(%in, %w, %b) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
      dilations = array<i64: 1, 1>, group = 1, input_zero_point = 3, weight_zero_points = array<i64: -1>}
      : memref<1x2x5x5xi8>, memref<3x2x3x3xi8>, memref<3xi32> -> memref<1x3x5x5xi32>
  return
}

// CHECK-LABEL: func @non_max_suppression
// CHECK: kernel.non_max_suppression ins(%arg0, %arg1) scratch(%arg2) outs(%arg3) {center_point_box = true, iou_threshold = 5.000000e-01 : f32, max_boxes_per_class = 2 : i64} : memref<1x9x4xf32>, memref<1x3x9xf32>, memref<9xi32> -> memref<6x3xi64>
func.func @non_max_suppression(%boxes: memref<1x9x4xf32>, %scores: memref<1x3x9xf32>,
                               %scratch: memref<9xi32>, %out: memref<6x3xi64>) {
  kernel.non_max_suppression ins(%boxes, %scores) scratch(%scratch) outs(%out) {center_point_box = true, max_boxes_per_class = 2 : i64, iou_threshold = 0.5 : f32} : memref<1x9x4xf32>, memref<1x3x9xf32>, memref<9xi32> -> memref<6x3xi64>
  return
}

// CHECK-LABEL: func @quantization
// CHECK: kernel.quantize_linear ins(%arg0, %arg1, %arg2) outs(%arg3) {axis = 1 : i64, block_size = 0 : i64} : memref<2x6xf32>, memref<6xf32>, memref<6xi8> -> memref<2x6xi8>
// CHECK: kernel.dequantize_linear ins(%arg3, %arg4) outs(%arg0) {axis = 1 : i64, block_size = 4 : i64} : memref<2x6xi8>, memref<2x2xf32> -> memref<2x6xf32>
// CHECK: kernel.requantize ins(%arg5) outs(%arg6) {axis = 0 : i64, clamp_min = -3 : i64, multipliers = array<i32: 1073741824>, shifts = array<i32: 30>, zero_point = -3 : i64} : memref<2x6xi32> -> memref<2x6xi8>
func.func @quantization(%x: memref<2x6xf32>, %s: memref<6xf32>, %z: memref<6xi8>, %q: memref<2x6xi8>,
                        %bs: memref<2x2xf32>, %acc: memref<2x6xi32>, %r: memref<2x6xi8>) {
  kernel.quantize_linear ins(%x, %s, %z) outs(%q) {axis = 1, block_size = 0} : memref<2x6xf32>, memref<6xf32>, memref<6xi8> -> memref<2x6xi8>
  kernel.dequantize_linear ins(%q, %bs) outs(%x) {axis = 1, block_size = 4} : memref<2x6xi8>, memref<2x2xf32> -> memref<2x6xf32>
  kernel.requantize ins(%acc) outs(%r) {multipliers = array<i32: 1073741824>, shifts = array<i32: 30>, axis = 0, zero_point = -3, clamp_min = -3} : memref<2x6xi32> -> memref<2x6xi8>
  return
}

// CHECK-LABEL: func @quantized_binary
// CHECK: kernel.quantized_binary ins(%arg0, %arg1) outs(%arg2) {kind = "sub", {{.*}}} : memref<2x6xui8>, memref<2x1xui8> -> memref<2x6xi8>
func.func @quantized_binary(%a: memref<2x6xui8>, %b: memref<2x1xui8>, %out: memref<2x6xi8>) {
  kernel.quantized_binary ins(%a, %b) outs(%out) {kind = "sub", lhs_scale = 0.5 : f32, lhs_zero_point = 3, rhs_scale = 0.25 : f32, rhs_zero_point = 0, scale = 1.0 : f32, zero_point = -4} : memref<2x6xui8>, memref<2x1xui8> -> memref<2x6xi8>
  return
}

// CHECK-LABEL: func @lookup
// CHECK: kernel.lookup ins(%arg0, %arg1) outs(%arg1) : memref<256xi8>, memref<2x6xi8> -> memref<2x6xi8>
// CHECK: kernel.lookup ins(%arg2, %arg1) outs(%arg3) : memref<256xi16>, memref<2x6xi8> -> memref<2x6xi16>
func.func @lookup(%table: memref<256xi8>, %q: memref<2x6xi8>, %wide: memref<256xi16>, %r: memref<2x6xi16>) {
  kernel.lookup ins(%table, %q) outs(%q) : memref<256xi8>, memref<2x6xi8> -> memref<2x6xi8>
  kernel.lookup ins(%wide, %q) outs(%r) : memref<256xi16>, memref<2x6xi8> -> memref<2x6xi16>
  return
}

// CHECK-LABEL: func @integer_gemm
// CHECK: kernel.gemm ins(%arg0, %arg1) outs(%arg2) : memref<4x5xi32>, memref<5x2xi32> -> memref<4x2xi32>
func.func @integer_gemm(%a: memref<4x5xi32>, %b: memref<5x2xi32>, %y: memref<4x2xi32>) {
  kernel.gemm ins(%a, %b) outs(%y) : memref<4x5xi32>, memref<5x2xi32> -> memref<4x2xi32>
  return
}

// CHECK-LABEL: func @float64_gemm
// CHECK: kernel.gemm ins(%arg0, %arg1) outs(%arg2) : memref<4x5xf64>, memref<5x2xf64> -> memref<4x2xf64>
func.func @float64_gemm(%a: memref<4x5xf64>, %b: memref<5x2xf64>, %y: memref<4x2xf64>) {
  kernel.gemm ins(%a, %b) outs(%y) : memref<4x5xf64>, memref<5x2xf64> -> memref<4x2xf64>
  return
}

// CHECK-LABEL: func @packed
func.func @packed(%in: memref<1x2x4x4xf32>, %bias: memref<3xf32>, %out: memref<1x3x4x4xf32>,
                  %a: memref<2x3x2xf32>, %y: memref<2x3x4xf32>) {
  %w = kernel.weight dense<0.5> : tensor<2x18x2xf32> : memref<2x18x2xf32>
  %ws = kernel.alloc : memref<2x18x4xf32>
  // CHECK: kernel.packed_conv2d ins(%{{.*}}, %{{.*}}, %{{.*}}) workspace(%{{.*}} : memref<2x18x4xf32>) outs(%{{.*}}) {{.*}}tasks = 2
  kernel.packed_conv2d ins(%in, %w, %bias) workspace(%ws : memref<2x18x4xf32>) outs(%out) {kernel_shape = array<i64: 3, 3>,
      strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1,
      activation = "clip", clip_min = 0.0 : f32, clip_max = 6.0 : f32, tile = array<i64: 2, 4>, tasks = 2}
      : memref<1x2x4x4xf32>, memref<2x18x2xf32>, memref<3xf32> -> memref<1x3x4x4xf32>
  // Pixels as rows: 2 pixels by 4 output channels per tile.
  %wp = kernel.weight dense<0.5> : tensor<1x18x4xf32> : memref<1x18x4xf32>
  %wsp = kernel.alloc : memref<1x18x2xf32>
  %outp = kernel.alloc : memref<1x4x4x4xf32>
  // CHECK: kernel.packed_conv2d ins(%{{.*}}, %{{.*}}) workspace(%{{.*}} : memref<1x18x2xf32>) outs(%{{.*}}) {{.*}}pixel_rows{{.*}}tile = array<i64: 2, 4>
  kernel.packed_conv2d ins(%in, %wp) workspace(%wsp : memref<1x18x2xf32>) outs(%outp) {kernel_shape = array<i64: 3, 3>,
      strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1,
      tile = array<i64: 2, 4>, pixel_rows} : memref<1x2x4x4xf32>, memref<1x18x4xf32> -> memref<1x4x4x4xf32>
  // Read in place: tiles of 20 of the 3 x 6 + 4 = 22 positions of the
  // input's rows, more than the 16 output pixels.
  %padded = kernel.alloc : memref<1x2x6x6xf32>
  // CHECK: kernel.packed_conv2d ins(%{{.*}}, %{{.*}}) outs(%{{.*}}) {{.*}}tile = array<i64: 2, 20>
  kernel.packed_conv2d ins(%padded, %w) outs(%out) {kernel_shape = array<i64: 3, 3>,
      strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1,
      tile = array<i64: 2, 20>} : memref<1x2x6x6xf32>, memref<2x18x2xf32> -> memref<1x3x4x4xf32>
  // In row tiles: 3 pixels of one 4-pixel output row (the second tile of
  // each row moved back) by 4 channels.
  // CHECK: kernel.packed_conv2d ins(%{{.*}}, %{{.*}}) outs(%{{.*}}) {{.*}}pixel_rows, row_tiles{{.*}}tile = array<i64: 3, 4>
  kernel.packed_conv2d ins(%padded, %wp) outs(%outp) {kernel_shape = array<i64: 3, 3>,
      strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1,
      tile = array<i64: 3, 4>, pixel_rows, row_tiles} : memref<1x2x6x6xf32>, memref<1x18x4xf32> -> memref<1x4x4x4xf32>
  // A stride-1 unpadded conv may gather its patches too: 8 of a 1x1 conv's
  // 16 pixels per tile.
  %w1 = kernel.weight dense<0.5> : tensor<2x2x2xf32> : memref<2x2x2xf32>
  %ws1 = kernel.alloc : memref<1x2x8xf32>
  // CHECK: kernel.packed_conv2d ins(%{{.*}}, %{{.*}}) workspace(%{{.*}} : memref<1x2x8xf32>) outs(%{{.*}}) {{.*}}kernel_shape = array<i64: 1, 1>{{.*}}tile = array<i64: 2, 8>
  kernel.packed_conv2d ins(%in, %w1) workspace(%ws1 : memref<1x2x8xf32>) outs(%out) {kernel_shape = array<i64: 1, 1>,
      strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1,
      tile = array<i64: 2, 8>} : memref<1x2x4x4xf32>, memref<2x2x2xf32> -> memref<1x3x4x4xf32>
  %dw = kernel.weight dense<1.0> : tensor<2x1x3x3xf32> : memref<2x1x3x3xf32>
  %plane = kernel.alloc : memref<1x6x6xf32>
  %dwout = kernel.alloc : memref<1x2x4x4xf32>
  // CHECK: kernel.depthwise_conv2d ins(%{{.*}}, %{{.*}}) workspace(%{{.*}} : memref<1x6x6xf32>) outs(%{{.*}}) {{.*}}vector_width = 2
  kernel.depthwise_conv2d ins(%in, %dw) workspace(%plane : memref<1x6x6xf32>) outs(%dwout) {strides = array<i64: 1, 1>,
      pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, vector_width = 2}
      : memref<1x2x4x4xf32>, memref<2x1x3x3xf32> -> memref<1x2x4x4xf32>
  %b = kernel.weight dense<1.0> : tensor<1x2x4xf32> : memref<1x2x4xf32>
  // CHECK: kernel.packed_matmul ins(%{{.*}}, %{{.*}}) outs(%{{.*}}) {tile = array<i64: 4, 4>}
  kernel.packed_matmul ins(%a, %b) outs(%y) {tile = array<i64: 4, 4>}
      : memref<2x3x2xf32>, memref<1x2x4xf32> -> memref<2x3x4xf32>
  return
}

// An 8-bit conv: 5 int8 input channels in 2 blocks of 4, padded 1, stride
// 2 (2x2 phases of 3x3 pixels), 3x3 taps; 3 output channels by 4 of the 5
// positions per tile.
// CHECK-LABEL: func @packed_int8
func.func @packed_int8(%in: memref<1x5x4x4xi8>, %out: memref<1x3x2x2xui8>) {
  %packed = kernel.alloc : memref<1x2x2x2x3x3x4xui8>
  // CHECK: kernel.pack_conv_input ins(%{{.*}}) outs(%{{.*}}) {pad_value = 128 : i64
  kernel.pack_conv_input ins(%in) outs(%packed) {pad_value = 128 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
      : memref<1x5x4x4xi8> -> memref<1x2x2x2x3x3x4xui8>
  %w = kernel.weight dense<1> : tensor<1x2x9x3x4xi8> : memref<1x2x9x3x4xi8>
  %b = kernel.weight dense<0> : tensor<3xi32> : memref<3xi32>
  // CHECK: kernel.packed_int8_conv2d ins(%{{.*}}, %{{.*}}, %{{.*}}) outs(%{{.*}}) {{.*}}tile = array<i64: 3, 4>{{.*}}weight_panels_outer
  kernel.packed_int8_conv2d ins(%packed, %w, %b) outs(%out) {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>,
      dilations = array<i64: 1, 1>, multipliers = array<i32: 1073741824, 1, 2>, shifts = array<i32: 31, 0, 1>,
      zero_point = 7 : i64, clamp_max = 200 : i64, tile = array<i64: 3, 4>, weight_panels_outer, tasks = 2}
      : memref<1x2x2x2x3x3x4xui8>, memref<1x2x9x3x4xi8>, memref<3xi32> -> memref<1x3x2x2xui8>
  return
}

// The same with its weights widened to 16-bit pairs (for pmaddwd).
// CHECK-LABEL: func @packed_int8_pairs
func.func @packed_int8_pairs(%packed: memref<1x2x2x2x3x3x4xui8>, %out: memref<1x3x2x2xui8>) {
  %w = kernel.weight dense<1> : tensor<1x2x9x2x3x2xi16> : memref<1x2x9x2x3x2xi16>
  %b = kernel.weight dense<0> : tensor<3xi32> : memref<3xi32>
  // CHECK: kernel.packed_int8_conv2d {{.*}} : memref<1x2x2x2x3x3x4xui8>, memref<1x2x9x2x3x2xi16>, memref<3xi32> -> memref<1x3x2x2xui8>
  kernel.packed_int8_conv2d ins(%packed, %w, %b) outs(%out) {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>,
      dilations = array<i64: 1, 1>, multipliers = array<i32: 1073741824>, shifts = array<i32: 31>,
      zero_point = 7 : i64, tile = array<i64: 3, 4>}
      : memref<1x2x2x2x3x3x4xui8>, memref<1x2x9x2x3x2xi16>, memref<3xi32> -> memref<1x3x2x2xui8>
  return
}

// CHECK-LABEL: func @depthwise_int8
func.func @depthwise_int8(%in: memref<1x2x4x4xi8>, %out: memref<1x2x2x2xi8>) {
  %w = kernel.weight dense<1> : tensor<2x1x3x3xi8> : memref<2x1x3x3xi8>
  %b = kernel.weight dense<0> : tensor<2xi32> : memref<2xi32>
  %p = kernel.alloc : memref<2x12x3xi16>
  // CHECK: kernel.depthwise_int8_conv2d ins({{.*}}) workspace(%{{.*}} : memref<2x12x3xi16>) outs(%{{.*}}) {{.*}}tasks = 2
  kernel.depthwise_int8_conv2d ins(%in, %w, %b) workspace(%p : memref<2x12x3xi16>) outs(%out) {strides = array<i64: 2, 2>,
      pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_zero_point = -3 : i64,
      multipliers = array<i32: 1073741824, 5>, shifts = array<i32: 31, 2>, zero_point = 1 : i64, clamp_min = 0 : i64, tasks = 2}
      : memref<1x2x4x4xi8>, memref<2x1x3x3xi8>, memref<2xi32> -> memref<1x2x2x2xi8>
  return
}
