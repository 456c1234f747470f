// RUN: edgecc-opt %s -split-input-file -verify-diagnostics

func.func @conv_channels(%in: memref<1x3x8x8xf32>, %w: memref<4x2x3x3xf32>, %out: memref<1x4x6x6xf32>) {
  // expected-error @+1 {{channel counts do not match}}
  kernel.conv2d ins(%in, %w) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1} : memref<1x3x8x8xf32>, memref<4x2x3x3xf32> -> memref<1x4x6x6xf32>
  return
}

// -----

func.func @conv_residual_is_output(%in: memref<1x3x8x8xf32>, %w: memref<4x3x1x1xf32>, %out: memref<1x4x8x8xf32>) {
  // expected-error @+1 {{residual must not overlap the output}}
  kernel.conv2d ins(%in, %w) residual(%out : memref<1x4x8x8xf32>) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1} : memref<1x3x8x8xf32>, memref<4x3x1x1xf32> -> memref<1x4x8x8xf32>
  return
}

// -----

func.func @integer_conv_residual(%in: memref<1x2x5x5xui8>, %w: memref<3x2x3x3xui8>, %r: memref<1x3x3x3xi32>, %out: memref<1x3x3x3xi32>) {
  // expected-error @+1 {{residual must be a float32 buffer of the output's type 'memref<1x3x3x3xi32>', got 'memref<1x3x3x3xi32>'}}
  kernel.conv2d ins(%in, %w) residual(%r : memref<1x3x3x3xi32>) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1} : memref<1x2x5x5xui8>, memref<3x2x3x3xui8> -> memref<1x3x3x3xi32>
  return
}

// -----

func.func @byte_conv_activation(%in: memref<1x2x5x5xui8>, %w: memref<3x2x3x3xui8>, %out: memref<1x3x3x3xi32>) {
  // expected-error @+1 {{integer kernels take no activation, alpha or beta}}
  kernel.conv2d ins(%in, %w) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1, activation = "relu"} : memref<1x2x5x5xui8>, memref<3x2x3x3xui8> -> memref<1x3x3x3xi32>
  return
}

// -----

func.func @byte_conv_output_type(%in: memref<1x2x5x5xui8>, %w: memref<3x2x3x3xui8>, %out: memref<1x3x3x3xf32>) {
  // expected-error @+1 {{an int8/uint8 convolution has an int32 bias and result}}
  kernel.conv2d ins(%in, %w) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1} : memref<1x2x5x5xui8>, memref<3x2x3x3xui8> -> memref<1x3x3x3xf32>
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

// -----

func.func @compare_output(%a: memref<4xf32>, %out: memref<4xf32>) {
  // expected-error @+1 {{output element type must be 'i1'}}
  kernel.binary ins(%a, %a) outs(%out) {kind = "equal"} : memref<4xf32>, memref<4xf32> -> memref<4xf32>
  return
}

// -----

func.func @shift_signed(%a: memref<4xi32>, %out: memref<4xi32>) {
  // expected-error @+1 {{'shl' does not apply to 'i32'}}
  kernel.binary ins(%a, %a) outs(%out) {kind = "shl"} : memref<4xi32>, memref<4xi32> -> memref<4xi32>
  return
}

// -----

func.func @mixed_operands(%a: memref<4xi32>, %b: memref<4xi64>, %out: memref<4xi64>) {
  // expected-error @+1 {{operands have different element types}}
  kernel.binary ins(%a, %b) outs(%out) {kind = "add"} : memref<4xi32>, memref<4xi64> -> memref<4xi64>
  return
}

// -----

func.func @float_not(%a: memref<4xf32>) {
  // expected-error @+1 {{'not' does not apply to 'f32'}}
  kernel.unary ins(%a) outs(%a) {kind = "not"} : memref<4xf32> -> memref<4xf32>
  return
}

// -----

func.func @select_condition(%c: memref<4xi32>, %a: memref<4xf32>) {
  // expected-error @+1 {{the condition must be i1}}
  kernel.select ins(%c, %a, %a) outs(%a) : memref<4xi32>, memref<4xf32>, memref<4xf32> -> memref<4xf32>
  return
}

// -----

func.func @arg_reduce_type(%a: memref<4x3xf32>, %out: memref<4x1xi32>) {
  // expected-error @+1 {{the output must be i64}}
  kernel.arg_reduce ins(%a) outs(%out) {axis = 1 : i64, kind = "max"} : memref<4x3xf32> -> memref<4x1xi32>
  return
}

// -----

func.func @gather_indices(%a: memref<4x3xf32>, %i: memref<2xf32>, %out: memref<2x3xf32>) {
  // expected-error @+1 {{indices must be i32 or i64}}
  kernel.gather ins(%a, %i) outs(%out) {axis = 0 : i64} : memref<4x3xf32>, memref<2xf32> -> memref<2x3xf32>
  return
}

// -----

func.func @gather_shape(%a: memref<4x3xf32>, %i: memref<2xi64>, %out: memref<3x2xf32>) {
  // expected-error @+1 {{output shape does not match data and indices}}
  kernel.gather ins(%a, %i) outs(%out) {axis = 0 : i64} : memref<4x3xf32>, memref<2xi64> -> memref<3x2xf32>
  return
}

// -----

func.func @fill_type(%a: memref<4xi64>) {
  // expected-error @+1 {{value of type 'f32' does not fill 'memref<4xi64>'}}
  kernel.fill outs(%a) {value = 1.0 : f32} : memref<4xi64>
  return
}

// -----

func.func @cumsum_axis(%a: memref<4xf32>) {
  // expected-error @+1 {{axis out of range}}
  kernel.cumsum ins(%a) outs(%a) {axis = 1 : i64} : memref<4xf32> -> memref<4xf32>
  return
}

// -----

func.func @resample_table_size(%in: memref<1x4xf32>, %out: memref<1x8xf32>) {
  // expected-error @+1 {{indices and weights need 9 entries, one per output coordinate and tap}}
  kernel.resample ins(%in) outs(%out) {taps = array<i64: 1, 1>, indices = array<i64: 0, 0, 0, 1, 1, 2, 2, 3, 3>,
      weights = array<f32: 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0>} : memref<1x4xf32> -> memref<1x8xf32>
  return
}

// -----

func.func @resample_index(%in: memref<4xf32>, %out: memref<2xf32>) {
  // expected-error @+1 {{index 4 is outside axis 0 of size 4}}
  kernel.resample ins(%in) outs(%out) {taps = array<i64: 1>, indices = array<i64: 0, 4>,
      weights = array<f32: 1.0, 1.0>} : memref<4xf32> -> memref<2xf32>
  return
}

// -----

func.func @pool_dims(%in: memref<1x2x8x8xf32>, %out: memref<1x2x4x4xf32>) {
  // expected-error @+1 {{needs one stride and dilation per spatial dim and two pads}}
  kernel.pool ins(%in) outs(%out) {kind = "avg", kernel_shape = array<i64: 2, 2>, strides = array<i64: 2>,
      dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x8x8xf32> -> memref<1x2x4x4xf32>
  return
}

// -----

func.func @pool_int_average(%in: memref<1x2x8xi8>, %out: memref<1x2x4xi8>) {
  // expected-error @+1 {{'avg' pooling needs float32}}
  kernel.pool ins(%in) outs(%out) {kind = "avg", kernel_shape = array<i64: 2>, strides = array<i64: 2>,
      dilations = array<i64: 1>, pads = array<i64: 0, 0>} : memref<1x2x8xi8> -> memref<1x2x4xi8>
  return
}

// -----

func.func @conv_transpose_channels(%in: memref<1x4x3xf32>, %w: memref<4x2x3xf32>, %out: memref<1x3x5xf32>) {
  // expected-error @+1 {{channel counts do not match}}
  kernel.conv_transpose ins(%in, %w) outs(%out) {strides = array<i64: 1>, pads = array<i64: 0, 0>,
      dilations = array<i64: 1>, group = 1} : memref<1x4x3xf32>, memref<4x2x3xf32> -> memref<1x3x5xf32>
  return
}

// -----

func.func @resample_int_interpolation(%in: memref<2xi32>, %out: memref<3xi32>) {
  // expected-error @+1 {{interpolates float32 only}}
  kernel.resample ins(%in) outs(%out) {taps = array<i64: 2>, indices = array<i64: 0, 1, 0, 1, 0, 1>,
      weights = array<f32: 1.0, 0.0, 0.5, 0.5, 0.0, 1.0>} : memref<2xi32> -> memref<3xi32>
  return
}

// -----

func.func @gather_nd_shape(%a: memref<4x3xf32>, %i: memref<2x1xi64>, %out: memref<2x4xf32>) {
  // expected-error @+1 {{output shape does not match data and indices}}
  kernel.gather_nd ins(%a, %i) outs(%out) {batch_dims = 0 : i64} : memref<4x3xf32>, memref<2x1xi64> -> memref<2x4xf32>
  return
}

// -----

func.func @scatter_output_type(%a: memref<4x3xf32>, %i: memref<2x1xi64>, %u: memref<2x3xf32>, %out: memref<4x3xf16>) {
  // expected-error @+1 {{output and data element types differ}}
  kernel.scatter_nd ins(%a, %i, %u) outs(%out) {reduction = "none"} : memref<4x3xf32>, memref<2x1xi64>, memref<2x3xf32> -> memref<4x3xf16>
  return
}

// -----

func.func @scatter_elements_axis(%a: memref<4x3xf32>, %i: memref<2x3xi64>, %u: memref<2x3xf32>, %out: memref<4x3xf32>) {
  // expected-error @+1 {{axis 2 out of range for rank 2}}
  kernel.scatter_elements ins(%a, %i, %u) outs(%out) {axis = 2 : i64, reduction = "none"} : memref<4x3xf32>, memref<2x3xi64>, memref<2x3xf32> -> memref<4x3xf32>
  return
}

// -----

func.func @grid_sample_int(%in: memref<1x1x4x4xi32>, %g: memref<1x2x2x2xf32>, %out: memref<1x1x2x2xi32>) {
  // expected-error @+1 {{samples float32 only}}
  kernel.grid_sample ins(%in, %g) outs(%out) {mode = "nearest", padding_mode = "border", align_corners = false} : memref<1x1x4x4xi32>, memref<1x2x2x2xf32> -> memref<1x1x2x2xi32>
  return
}

// -----

func.func @grid_sample_output(%in: memref<1x1x4x4xf32>, %g: memref<1x2x2x2xf32>, %out: memref<1x2x2x2xf32>) {
  // expected-error @+1 {{output shape does not match input and grid}}
  kernel.grid_sample ins(%in, %g) outs(%out) {mode = "nearest", padding_mode = "border", align_corners = false} : memref<1x1x4x4xf32>, memref<1x2x2x2xf32> -> memref<1x2x2x2xf32>
  return
}

// -----

func.func @top_k_output_type(%in: memref<2x7xf32>, %out: memref<2x3xi32>) {
  // expected-error @+1 {{the output must be i64}}
  kernel.top_k_indices ins(%in) outs(%out) {axis = 1 : i64, largest = true} : memref<2x7xf32> -> memref<2x3xi32>
  return
}

// -----

func.func @top_k_shape(%in: memref<2x7xf32>, %out: memref<3x3xi64>) {
  // expected-error @+1 {{output must have the input's shape with at most its size along the axis}}
  kernel.top_k_indices ins(%in) outs(%out) {axis = 1 : i64, largest = true} : memref<2x7xf32> -> memref<3x3xi64>
  return
}

// -----

func.func @nms_output_rows(%boxes: memref<1x9x4xf32>, %scores: memref<1x3x9xf32>, %scratch: memref<9xi32>, %out: memref<9x3xi64>) {
  // expected-error @+1 {{the output must have shape [6, 3]}}
  kernel.non_max_suppression ins(%boxes, %scores) scratch(%scratch) outs(%out) {center_point_box = false, max_boxes_per_class = 2 : i64, iou_threshold = 0.5 : f32} : memref<1x9x4xf32>, memref<1x3x9xf32>, memref<9xi32> -> memref<9x3xi64>
  return
}

// -----

func.func @nms_small_scratch(%boxes: memref<1x9x4xf32>, %scores: memref<1x3x9xf32>, %scratch: memref<8xi32>, %out: memref<6x3xi64>) {
  // expected-error @+1 {{the scratch must hold one i32 per box}}
  kernel.non_max_suppression ins(%boxes, %scores) scratch(%scratch) outs(%out) {center_point_box = false, max_boxes_per_class = 2 : i64, iou_threshold = 0.5 : f32} : memref<1x9x4xf32>, memref<1x3x9xf32>, memref<8xi32> -> memref<6x3xi64>
  return
}

// -----

func.func @nms_output_type(%boxes: memref<1x9x4xf32>, %scores: memref<1x3x9xf32>, %scratch: memref<9xi32>, %out: memref<6x3xi32>) {
  // expected-error @+1 {{the output must be i64}}
  kernel.non_max_suppression ins(%boxes, %scores) scratch(%scratch) outs(%out) {center_point_box = false, max_boxes_per_class = 2 : i64, iou_threshold = 0.5 : f32} : memref<1x9x4xf32>, memref<1x3x9xf32>, memref<9xi32> -> memref<6x3xi32>
  return
}

// -----

func.func @quantize_to_float(%x: memref<2x6xf32>, %s: memref<f32>, %out: memref<2x6xf32>) {
  // expected-error @+1 {{quantizes float32 to a 4-, 8- or 16-bit integer or a float8 type}}
  kernel.quantize_linear ins(%x, %s) outs(%out) {axis = 0, block_size = 0} : memref<2x6xf32>, memref<f32> -> memref<2x6xf32>
  return
}

// -----

func.func @dequantize_scale_shape(%x: memref<2x6xui8>, %s: memref<3xf32>, %out: memref<2x6xf32>) {
  // expected-error @+1 {{a per-axis scale must have shape [2]}}
  kernel.dequantize_linear ins(%x, %s) outs(%out) {axis = 0, block_size = 0} : memref<2x6xui8>, memref<3xf32> -> memref<2x6xf32>
  return
}

// -----

func.func @halfword_conv_int32_sums(%x: memref<1x2x5x5xi16>, %w: memref<3x2x3x3xi8>, %y: memref<1x3x3x3xi32>) {
  // expected-error @+1 {{a convolution of an int16/uint16 input has an int64 bias and result}}
  kernel.conv2d ins(%x, %w) outs(%y) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1} : memref<1x2x5x5xi16>, memref<3x2x3x3xi8> -> memref<1x3x3x3xi32>
  return
}

// -----

func.func @requantize_from_float(%x: memref<4xf32>, %out: memref<4xi8>) {
  // expected-error @+1 {{requantizes int32 or int64 accumulators}}
  kernel.requantize ins(%x) outs(%out) {multipliers = array<i32: 1>, shifts = array<i32: 1>, axis = 0, zero_point = 0} : memref<4xf32> -> memref<4xi8>
  return
}

// -----

// int64 accumulators are clamped to +-(2^62 - 1) / multiplier before the
// product: exact only while every accumulator past that saturates, which
// a 16-bit result's reach of 65535 rules out from shift 47 on.
func.func @requantize_wide_shift(%x: memref<4xi64>, %out: memref<4xi16>) {
  // expected-error @+1 {{shift 47 is too large to requantize int64 accumulators exactly to [-32768, 32767]}}
  kernel.requantize ins(%x) outs(%out) {multipliers = array<i32: 1073741824>, shifts = array<i32: 47>, axis = 0, zero_point = 32767} : memref<4xi64> -> memref<4xi16>
  return
}

// -----

func.func @gemm_mixed_types(%a: memref<4x5xi32>, %b: memref<5x2xf32>, %y: memref<4x2xf32>) {
  // expected-error @+1 {{buffers must share one element type}}
  kernel.gemm ins(%a, %b) outs(%y) : memref<4x5xi32>, memref<5x2xf32> -> memref<4x2xf32>
  return
}

// -----

func.func @integer_gemm_alpha(%a: memref<4x5xi32>, %b: memref<5x2xi32>, %y: memref<4x2xi32>) {
  // expected-error @+1 {{integer kernels take no activation, alpha or beta}}
  kernel.gemm ins(%a, %b) outs(%y) {alpha = 2.0 : f32} : memref<4x5xi32>, memref<5x2xi32> -> memref<4x2xi32>
  return
}

// -----

func.func @half_gemm(%a: memref<4x5xf16>, %b: memref<5x2xf16>, %y: memref<4x2xf16>) {
  // expected-error @+1 {{computes in float32, float64, int32 or int64, not 'f16'}}
  kernel.gemm ins(%a, %b) outs(%y) : memref<4x5xf16>, memref<5x2xf16> -> memref<4x2xf16>
  return
}

// -----

func.func @packed_conv_weight_shape(%in: memref<1x2x4x4xf32>, %w: memref<3x2x2xf32>, %out: memref<1x3x4x4xf32>) {
  // expected-error @+1 {{packed weight must be [2, 2, 2]}}
  kernel.packed_conv2d ins(%in, %w) outs(%out) {kernel_shape = array<i64: 1, 1>, strides = array<i64: 1, 1>,
      pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1, tile = array<i64: 2, 4>}
      : memref<1x2x4x4xf32>, memref<3x2x2xf32> -> memref<1x3x4x4xf32>
  return
}

// -----

func.func @packed_conv_needs_workspace(%in: memref<1x2x4x4xf32>, %w: memref<2x18x2xf32>, %out: memref<1x3x4x4xf32>) {
  // expected-error @+1 {{needs a workspace: only a stride 1, unpadded conv reads its input in place}}
  kernel.packed_conv2d ins(%in, %w) outs(%out) {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>,
      pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1, tile = array<i64: 2, 4>}
      : memref<1x2x4x4xf32>, memref<2x18x2xf32> -> memref<1x3x4x4xf32>
  return
}

// -----

func.func @packed_conv_workspace_shape(%in: memref<1x2x4x4xf32>, %w: memref<2x18x2xf32>, %ws: memref<1x18x8xf32>, %out: memref<1x3x4x4xf32>) {
  // expected-error @+1 {{workspace must be [tasks, gathered tiles * K, pixels per tile] = [1, 18, 4]}}
  kernel.packed_conv2d ins(%in, %w) workspace(%ws : memref<1x18x8xf32>) outs(%out) {kernel_shape = array<i64: 3, 3>,
      strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1,
      tile = array<i64: 2, 4>} : memref<1x2x4x4xf32>, memref<2x18x2xf32> -> memref<1x3x4x4xf32>
  return
}

// -----

func.func @packed_conv_workspace_per_task(%in: memref<1x2x4x4xf32>, %w: memref<2x18x2xf32>, %ws: memref<1x18x4xf32>, %out: memref<1x3x4x4xf32>) {
  // expected-error @+1 {{workspace must be [tasks, gathered tiles * K, pixels per tile] = [2, 18, 4]}}
  kernel.packed_conv2d ins(%in, %w) workspace(%ws : memref<1x18x4xf32>) outs(%out) {kernel_shape = array<i64: 3, 3>,
      strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1,
      tile = array<i64: 2, 4>, tasks = 2} : memref<1x2x4x4xf32>, memref<2x18x2xf32> -> memref<1x3x4x4xf32>
  return
}

// -----

// Two gathered pixel tiles take two [K, PT] patch blocks per task.
func.func @packed_conv_gathered_tiles_workspace(%in: memref<1x2x4x4xf32>, %w: memref<2x18x2xf32>, %ws: memref<1x18x4xf32>, %out: memref<1x3x4x4xf32>) {
  // expected-error @+1 {{workspace must be [tasks, gathered tiles * K, pixels per tile] = [1, 36, 4]}}
  kernel.packed_conv2d ins(%in, %w) workspace(%ws : memref<1x18x4xf32>) outs(%out) {kernel_shape = array<i64: 3, 3>,
      strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1,
      tile = array<i64: 2, 4>, gathered_tiles = 2} : memref<1x2x4x4xf32>, memref<2x18x2xf32> -> memref<1x3x4x4xf32>
  return
}

// -----

func.func @packed_conv_gathered_tiles_in_place(%in: memref<1x2x4x4xf32>, %w: memref<1x2x3xf32>, %out: memref<1x3x4x4xf32>) {
  // expected-error @+1 {{only a conv that gathers, not in row tiles, gathers several pixel tiles at once}}
  kernel.packed_conv2d ins(%in, %w) outs(%out) {kernel_shape = array<i64: 1, 1>, strides = array<i64: 1, 1>,
      pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1, tile = array<i64: 3, 4>, gathered_tiles = 2}
      : memref<1x2x4x4xf32>, memref<1x2x3xf32> -> memref<1x3x4x4xf32>
  return
}

// -----

func.func @packed_conv_gathered_row_tiles(%in: memref<1x2x4x4xf32>, %w: memref<1x18x4xf32>, %ws: memref<1x36x2xf32>, %out: memref<1x4x2x2xf32>) {
  // expected-error @+1 {{only a conv that gathers, not in row tiles, gathers several pixel tiles at once}}
  kernel.packed_conv2d ins(%in, %w) workspace(%ws : memref<1x36x2xf32>) outs(%out) {kernel_shape = array<i64: 3, 3>,
      strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1,
      tile = array<i64: 2, 4>, pixel_rows, row_tiles, gathered_tiles = 2} : memref<1x2x4x4xf32>, memref<1x18x4xf32> -> memref<1x4x2x2xf32>
  return
}

// -----

// With pixel_rows the tile is [pixels, channels]: the weight is packed in
// panels of 4 output channels, which 3 channels per group cannot fill.
func.func @packed_conv_pixel_rows_tile(%in: memref<1x2x4x4xf32>, %w: memref<1x2x4xf32>, %out: memref<1x3x4x4xf32>) {
  // expected-error @+1 {{tile 2x4 exceeds the output channels per group or the output pixels}}
  kernel.packed_conv2d ins(%in, %w) outs(%out) {kernel_shape = array<i64: 1, 1>, strides = array<i64: 1, 1>,
      pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1, tile = array<i64: 2, 4>, pixel_rows}
      : memref<1x2x4x4xf32>, memref<1x2x4xf32> -> memref<1x3x4x4xf32>
  return
}

// -----

func.func @packed_conv_pixel_rows_weight(%in: memref<1x2x4x4xf32>, %w: memref<2x2x2xf32>, %out: memref<1x8x4x4xf32>) {
  // expected-error @+1 {{packed weight must be [2, 2, 4]}}
  kernel.packed_conv2d ins(%in, %w) outs(%out) {kernel_shape = array<i64: 1, 1>, strides = array<i64: 1, 1>,
      pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1, tile = array<i64: 2, 4>, pixel_rows}
      : memref<1x2x4x4xf32>, memref<2x2x2xf32> -> memref<1x8x4x4xf32>
  return
}

// -----

func.func @packed_conv_pixel_rows_workspace(%in: memref<1x2x4x4xf32>, %w: memref<2x18x4xf32>, %ws: memref<1x18x4xf32>, %out: memref<1x8x4x4xf32>) {
  // expected-error @+1 {{workspace must be [tasks, gathered tiles * K, pixels per tile] = [1, 18, 2]}}
  kernel.packed_conv2d ins(%in, %w) workspace(%ws : memref<1x18x4xf32>) outs(%out) {kernel_shape = array<i64: 3, 3>,
      strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1,
      tile = array<i64: 2, 4>, pixel_rows} : memref<1x2x4x4xf32>, memref<2x18x4xf32> -> memref<1x8x4x4xf32>
  return
}

// -----

// Row tiles run along output rows of pixels: their tile rows are pixels.
func.func @packed_conv_row_tiles_channel_rows(%in: memref<1x2x6x6xf32>, %w: memref<4x18x2xf32>, %out: memref<1x8x4x4xf32>) {
  // expected-error @+1 {{row tiles need pixel_rows}}
  kernel.packed_conv2d ins(%in, %w) outs(%out) {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>,
      pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1, tile = array<i64: 2, 4>, row_tiles}
      : memref<1x2x6x6xf32>, memref<4x18x2xf32> -> memref<1x8x4x4xf32>
  return
}

// -----

// 5 pixels fit the 22 positions of the padded rows, not a 4-pixel row.
func.func @packed_conv_row_tiles_too_wide(%in: memref<1x2x6x6xf32>, %w: memref<2x18x4xf32>, %out: memref<1x8x4x4xf32>) {
  // expected-error @+1 {{row tiles of 5 pixels exceed the output rows of 4}}
  kernel.packed_conv2d ins(%in, %w) outs(%out) {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>,
      pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1, tile = array<i64: 5, 4>, pixel_rows,
      row_tiles} : memref<1x2x6x6xf32>, memref<2x18x4xf32> -> memref<1x8x4x4xf32>
  return
}

// -----

// Read in place, its tiles run over 3 x 6 + 4 = 22 positions of the input's
// rows: a tile of 24 is too large.
func.func @packed_conv_in_place_positions(%in: memref<1x2x6x6xf32>, %w: memref<2x18x2xf32>, %out: memref<1x3x4x4xf32>) {
  // expected-error @+1 {{tile 2x24 exceeds the output channels per group or the output pixels}}
  kernel.packed_conv2d ins(%in, %w) outs(%out) {kernel_shape = array<i64: 3, 3>,
      strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1,
      tile = array<i64: 2, 24>} : memref<1x2x6x6xf32>, memref<2x18x2xf32> -> memref<1x3x4x4xf32>
  return
}

// -----

func.func @packed_conv_no_tasks(%in: memref<1x2x4x4xf32>, %w: memref<1x2x3xf32>, %out: memref<1x3x4x4xf32>) {
  // expected-error @+1 {{tasks and gathered tiles must be positive}}
  kernel.packed_conv2d ins(%in, %w) outs(%out) {kernel_shape = array<i64: 1, 1>, strides = array<i64: 1, 1>,
      pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1, tile = array<i64: 3, 4>, tasks = 0}
      : memref<1x2x4x4xf32>, memref<1x2x3xf32> -> memref<1x3x4x4xf32>
  return
}

// -----

func.func @packed_conv_tile_too_large(%in: memref<1x2x4x4xf32>, %w: memref<1x2x4xf32>, %out: memref<1x3x4x4xf32>) {
  // expected-error @+1 {{tile 4x4 exceeds the output channels per group or the output pixels}}
  kernel.packed_conv2d ins(%in, %w) outs(%out) {kernel_shape = array<i64: 1, 1>, strides = array<i64: 1, 1>,
      pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1, tile = array<i64: 4, 4>}
      : memref<1x2x4x4xf32>, memref<1x2x4xf32> -> memref<1x3x4x4xf32>
  return
}

// -----

func.func @packed_matmul_tile(%a: memref<3x2xf32>, %b: memref<1x2x4xf32>, %y: memref<3x4xf32>) {
  // expected-error @+1 {{tile must be two positive sizes [MR, NR]}}
  kernel.packed_matmul ins(%a, %b) outs(%y) {tile = array<i64: 2, 4, 8>}
      : memref<3x2xf32>, memref<1x2x4xf32> -> memref<3x4xf32>
  return
}

// -----

func.func @packed_matmul_b_shape(%a: memref<3x2xf32>, %b: memref<2x2x2xf32>, %y: memref<3x4xf32>) {
  // expected-error @+1 {{packed B must be [1, 2, 4]}}
  kernel.packed_matmul ins(%a, %b) outs(%y) {tile = array<i64: 2, 4>}
      : memref<3x2xf32>, memref<2x2x2xf32> -> memref<3x4xf32>
  return
}

// -----

func.func @packed_matmul_negative_tasks(%a: memref<3x2xf32>, %b: memref<1x2x4xf32>, %y: memref<3x4xf32>) {
  // expected-error @+1 {{tasks must be positive}}
  kernel.packed_matmul ins(%a, %b) outs(%y) {tile = array<i64: 2, 4>, tasks = -1}
      : memref<3x2xf32>, memref<1x2x4xf32> -> memref<3x4xf32>
  return
}

// -----

func.func @packed_matmul_int(%a: memref<3x2xi32>, %b: memref<1x2x4xi32>, %y: memref<3x4xi32>) {
  // expected-error @+1 {{computes in float32 only}}
  kernel.packed_matmul ins(%a, %b) outs(%y) {tile = array<i64: 2, 4>}
      : memref<3x2xi32>, memref<1x2x4xi32> -> memref<3x4xi32>
  return
}

// -----

func.func @depthwise_plane_too_small(%in: memref<1x2x4x4xf32>, %w: memref<2x1x3x3xf32>, %p: memref<1x6x5xf32>, %out: memref<1x2x4x4xf32>) {
  // expected-error @+1 {{workspace must be one plane per task, [tasks, SH * SW * PHQ, PWQ] = [1, 6, 6]}}
  kernel.depthwise_conv2d ins(%in, %w) workspace(%p : memref<1x6x5xf32>) outs(%out) {strides = array<i64: 1, 1>,
      pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, vector_width = 2}
      : memref<1x2x4x4xf32>, memref<2x1x3x3xf32> -> memref<1x2x4x4xf32>
  return
}

// -----

// At stride 2 the plane is split into its 4 stride phases: the 5x5 plane
// the 2x2 outputs read is 4 phases of 3x3 (kernel::depthwisePlaneShape).
func.func @depthwise_plane_not_in_phases(%in: memref<1x2x4x4xf32>, %w: memref<2x1x3x3xf32>, %p: memref<1x5x6xf32>, %out: memref<1x2x2x2xf32>) {
  // expected-error @+1 {{workspace must be one plane per task, [tasks, SH * SW * PHQ, PWQ] = [1, 12, 3]}}
  kernel.depthwise_conv2d ins(%in, %w) workspace(%p : memref<1x5x6xf32>) outs(%out) {strides = array<i64: 2, 2>,
      pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, vector_width = 2}
      : memref<1x2x4x4xf32>, memref<2x1x3x3xf32> -> memref<1x2x2x2xf32>
  return
}

// -----

func.func @depthwise_multiplier(%in: memref<1x2x4x4xf32>, %w: memref<4x1x3x3xf32>, %p: memref<1x6x6xf32>, %out: memref<1x4x4x4xf32>) {
  // expected-error @+1 {{expects [N, C, H, W] input and output and a [C, 1, KH, KW] weight}}
  kernel.depthwise_conv2d ins(%in, %w) workspace(%p : memref<1x6x6xf32>) outs(%out) {strides = array<i64: 1, 1>,
      pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, vector_width = 2}
      : memref<1x2x4x4xf32>, memref<4x1x3x3xf32> -> memref<1x4x4x4xf32>
  return
}

// -----

func.func @depthwise_plane_per_task(%in: memref<1x2x4x4xf32>, %w: memref<2x1x3x3xf32>, %p: memref<1x6x6xf32>, %out: memref<1x2x4x4xf32>) {
  // expected-error @+1 {{workspace must be one plane per task, [tasks, SH * SW * PHQ, PWQ] = [2, 6, 6]}}
  kernel.depthwise_conv2d ins(%in, %w) workspace(%p : memref<1x6x6xf32>) outs(%out) {strides = array<i64: 1, 1>,
      pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, vector_width = 2, tasks = 2}
      : memref<1x2x4x4xf32>, memref<2x1x3x3xf32> -> memref<1x2x4x4xf32>
  return
}

// -----

func.func @packed_conv_panels_outer_with_workspace(%in: memref<1x2x4x4xf32>, %w: memref<2x18x2xf32>, %ws: memref<1x18x4xf32>, %out: memref<1x3x4x4xf32>) {
  // expected-error @+1 {{weight panels can be the outer loop only when the input is read in place}}
  kernel.packed_conv2d ins(%in, %w) workspace(%ws : memref<1x18x4xf32>) outs(%out) {kernel_shape = array<i64: 3, 3>,
      strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1,
      tile = array<i64: 2, 4>, weight_panels_outer} : memref<1x2x4x4xf32>, memref<2x18x2xf32> -> memref<1x3x4x4xf32>
  return
}

// -----

func.func @work_group_items(%x: memref<8xf32>, %y: memref<8xf32>) {
  // expected-error @+1 {{'kernel.work_group' launches 4 work-items but the op has 8 independent items}}
  kernel.unary ins(%x) outs(%y) {kind = "relu", kernel.work_group = array<i64: 4, 4>} : memref<8xf32> -> memref<8xf32>
  return
}

// -----

func.func @work_group_form(%x: memref<8xf32>, %y: memref<8xf32>) {
  // expected-error @+1 {{'kernel.work_group' must be array<i64: items, group> with a group of at least 1}}
  kernel.unary ins(%x) outs(%y) {kind = "relu", kernel.work_group = array<i64: 8, 0>} : memref<8xf32> -> memref<8xf32>
  return
}

// -----

func.func @work_item_tile_channels(%in: memref<1x3x8x8xf32>, %w: memref<6x3x3x3xf32>, %out: memref<1x6x6x6xf32>) {
  // expected-error @+1 {{'kernel.work_item_tile' takes 4 channels, which do not divide the 6 output channels of a group}}
  kernel.conv2d ins(%in, %w) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1, kernel.work_item_tile = array<i64: 4, 2>} : memref<1x3x8x8xf32>, memref<6x3x3x3xf32> -> memref<1x6x6x6xf32>
  return
}

// -----

func.func @work_item_tile_form(%in: memref<1x3x8x8xf32>, %w: memref<6x3x3x3xf32>, %out: memref<1x6x6x6xf32>) {
  // expected-error @+1 {{'kernel.work_item_tile' must be array<i64: a, b> of two positive sizes}}
  kernel.conv2d ins(%in, %w) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1, kernel.work_item_tile = array<i64: 2, 0>} : memref<1x3x8x8xf32>, memref<6x3x3x3xf32> -> memref<1x6x6x6xf32>
  return
}

// -----

func.func @work_item_tile_on_unary(%x: memref<8xf32>, %y: memref<8xf32>) {
  // expected-error @+1 {{'kernel.work_item_tile' belongs on float kernel.conv2d and kernel.gemm ops}}
  kernel.unary ins(%x) outs(%y) {kind = "relu", kernel.work_item_tile = array<i64: 1, 2>} : memref<8xf32> -> memref<8xf32>
  return
}

// -----

// A tiled conv's items are its tiles: 1 x (6 / 2) x 6 x ceil(6 / 4) = 36.
func.func @work_item_tile_items(%in: memref<1x3x8x8xf32>, %w: memref<6x3x3x3xf32>, %out: memref<1x6x6x6xf32>) {
  // expected-error @+1 {{'kernel.work_group' launches 216 work-items but the op has 36 independent items}}
  kernel.conv2d ins(%in, %w) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1, kernel.work_item_tile = array<i64: 2, 4>,
      kernel.work_group = array<i64: 216, 32>} : memref<1x3x8x8xf32>, memref<6x3x3x3xf32> -> memref<1x6x6x6xf32>
  return
}

// -----

// A tiled gemm's items are its tiles: 2 matrices x ceil(5 / 4) x ceil(6 / 4).
func.func @work_item_tile_gemm_items(%a: memref<2x5x3xf32>, %b: memref<3x6xf32>, %y: memref<2x5x6xf32>) {
  // expected-error @+1 {{'kernel.work_group' launches 60 work-items but the op has 8 independent items}}
  kernel.gemm ins(%a, %b) outs(%y) {kernel.work_item_tile = array<i64: 4, 4>, kernel.work_group = array<i64: 60, 32>}
      : memref<2x5x3xf32>, memref<3x6xf32> -> memref<2x5x6xf32>
  return
}

// -----

func.func @work_group_on_buffer() {
  // expected-error @+1 {{'kernel.work_group' belongs on kernel compute ops}}
  %a = kernel.alloc {kernel.work_group = array<i64: 8, 8>} : memref<8xf32>
  return
}

// -----

func.func @pack_conv_input_shape(%in: memref<1x5x4x4xi8>, %out: memref<1x2x1x1x6x6x4xui8>) {
  // expected-error @+1 {{output must be uint8 [N, ceil(C / 4), SH, SW, ceil(PH / SH), ceil(PW / SW), 4]}}
  kernel.pack_conv_input ins(%in) outs(%out) {pad_value = 0 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
      : memref<1x5x4x4xi8> -> memref<1x2x1x1x6x6x4xui8>
  return
}

// -----

func.func @pack_conv_input_float(%in: memref<1x5x4x4xf32>, %out: memref<1x2x1x1x4x4x4xui8>) {
  // expected-error @+1 {{packs a 4-D int8 or uint8 input}}
  kernel.pack_conv_input ins(%in) outs(%out) {pad_value = 0 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : memref<1x5x4x4xf32> -> memref<1x2x1x1x4x4x4xui8>
  return
}

// -----

func.func @pack_conv_input_pad_value(%in: memref<1x5x4x4xui8>, %out: memref<1x2x1x1x4x4x4xui8>) {
  // expected-error @+1 {{pad value 256 is not a byte}}
  kernel.pack_conv_input ins(%in) outs(%out) {pad_value = 256 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : memref<1x5x4x4xui8> -> memref<1x2x1x1x4x4x4xui8>
  return
}

// -----

func.func @packed_int8_phases(%in: memref<1x2x1x1x4x4x4xui8>, %w: memref<1x2x1x3x4xi8>, %b: memref<3xi32>, %out: memref<1x3x2x2xui8>) {
  // expected-error @+1 {{input is packed in 1x1 phases for strides 2x2}}
  kernel.packed_int8_conv2d ins(%in, %w, %b) outs(%out) {kernel_shape = array<i64: 1, 1>, strides = array<i64: 2, 2>,
      dilations = array<i64: 1, 1>, multipliers = array<i32: 1073741824>, shifts = array<i32: 31>, zero_point = 0 : i64,
      tile = array<i64: 3, 2>} : memref<1x2x1x1x4x4x4xui8>, memref<1x2x1x3x4xi8>, memref<3xi32> -> memref<1x3x2x2xui8>
  return
}

// -----

func.func @packed_int8_reads_past(%in: memref<1x2x1x1x4x4x4xui8>, %w: memref<1x2x9x3x4xi8>, %b: memref<3xi32>, %out: memref<1x3x4x4xui8>) {
  // expected-error @+1 {{output 4x4 reads past the packed input}}
  kernel.packed_int8_conv2d ins(%in, %w, %b) outs(%out) {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>,
      dilations = array<i64: 1, 1>, multipliers = array<i32: 1073741824>, shifts = array<i32: 31>, zero_point = 0 : i64,
      tile = array<i64: 3, 2>} : memref<1x2x1x1x4x4x4xui8>, memref<1x2x9x3x4xi8>, memref<3xi32> -> memref<1x3x4x4xui8>
  return
}

// -----

func.func @packed_int8_weight(%in: memref<1x2x1x1x4x4x4xui8>, %w: memref<1x2x1x2x4xi8>, %b: memref<3xi32>, %out: memref<1x3x4x4xui8>) {
  // expected-error @+1 {{packed weight must be int8 [2, 2, 1, 2, 4] or int16 [2, 2, 1, 2, 2, 2]}}
  kernel.packed_int8_conv2d ins(%in, %w, %b) outs(%out) {kernel_shape = array<i64: 1, 1>, strides = array<i64: 1, 1>,
      dilations = array<i64: 1, 1>, multipliers = array<i32: 1073741824>, shifts = array<i32: 31>, zero_point = 0 : i64,
      tile = array<i64: 2, 4>} : memref<1x2x1x1x4x4x4xui8>, memref<1x2x1x2x4xi8>, memref<3xi32> -> memref<1x3x4x4xui8>
  return
}

// -----

// Widened weights keep their pairs apart: int16 in the bytes' layout is wrong.
func.func @packed_int8_weight_pairs(%in: memref<1x2x1x1x4x4x4xui8>, %w: memref<2x2x1x2x4xi16>, %b: memref<3xi32>, %out: memref<1x3x4x4xui8>) {
  // expected-error @+1 {{packed weight must be int8 [2, 2, 1, 2, 4] or int16 [2, 2, 1, 2, 2, 2]}}
  kernel.packed_int8_conv2d ins(%in, %w, %b) outs(%out) {kernel_shape = array<i64: 1, 1>, strides = array<i64: 1, 1>,
      dilations = array<i64: 1, 1>, multipliers = array<i32: 1073741824>, shifts = array<i32: 31>, zero_point = 0 : i64,
      tile = array<i64: 2, 4>} : memref<1x2x1x1x4x4x4xui8>, memref<2x2x1x2x4xi16>, memref<3xi32> -> memref<1x3x4x4xui8>
  return
}

// -----

func.func @packed_int8_tile(%in: memref<1x2x1x1x4x4x4xui8>, %w: memref<1x2x1x3x4xi8>, %b: memref<3xi32>, %out: memref<1x3x4x4xui8>) {
  // expected-error @+1 {{tile 3x32 exceeds the output channels or pixel positions}}
  kernel.packed_int8_conv2d ins(%in, %w, %b) outs(%out) {kernel_shape = array<i64: 1, 1>, strides = array<i64: 1, 1>,
      dilations = array<i64: 1, 1>, multipliers = array<i32: 1073741824>, shifts = array<i32: 31>, zero_point = 0 : i64,
      tile = array<i64: 3, 32>} : memref<1x2x1x1x4x4x4xui8>, memref<1x2x1x3x4xi8>, memref<3xi32> -> memref<1x3x4x4xui8>
  return
}

// -----

// With channel lanes the tiles run over the 16 output pixels, not the 22
// positions along the padded rows.
func.func @packed_int8_channel_lanes_tile(%in: memref<1x2x1x1x6x6x4xui8>, %w: memref<1x2x9x3x4xi8>, %b: memref<3xi32>, %out: memref<1x3x4x4xui8>) {
  // expected-error @+1 {{tile 3x20 exceeds the output channels or pixel positions}}
  kernel.packed_int8_conv2d ins(%in, %w, %b) outs(%out) {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>,
      dilations = array<i64: 1, 1>, multipliers = array<i32: 1073741824>, shifts = array<i32: 31>, zero_point = 0 : i64,
      tile = array<i64: 3, 20>, channel_lanes} : memref<1x2x1x1x6x6x4xui8>, memref<1x2x9x3x4xi8>, memref<3xi32> -> memref<1x3x4x4xui8>
  return
}

// -----

func.func @packed_int8_requantize(%in: memref<1x2x1x1x4x4x4xui8>, %w: memref<1x2x1x3x4xi8>, %b: memref<3xi32>, %out: memref<1x3x4x4xui8>) {
  // expected-error @+1 {{expected one multiplier and shift, or 3 (one per index along the axis)}}
  kernel.packed_int8_conv2d ins(%in, %w, %b) outs(%out) {kernel_shape = array<i64: 1, 1>, strides = array<i64: 1, 1>,
      dilations = array<i64: 1, 1>, multipliers = array<i32: 1, 2>, shifts = array<i32: 31, 31>, zero_point = 0 : i64,
      tile = array<i64: 3, 4>} : memref<1x2x1x1x4x4x4xui8>, memref<1x2x1x3x4xi8>, memref<3xi32> -> memref<1x3x4x4xui8>
  return
}

// -----

func.func @packed_int8_bias(%in: memref<1x2x1x1x4x4x4xui8>, %w: memref<1x2x1x3x4xi8>, %b: memref<3xf32>, %out: memref<1x3x4x4xui8>) {
  // expected-error @+1 {{bias must be int32, one per output channel}}
  kernel.packed_int8_conv2d ins(%in, %w, %b) outs(%out) {kernel_shape = array<i64: 1, 1>, strides = array<i64: 1, 1>,
      dilations = array<i64: 1, 1>, multipliers = array<i32: 1073741824>, shifts = array<i32: 31>, zero_point = 0 : i64,
      tile = array<i64: 3, 4>} : memref<1x2x1x1x4x4x4xui8>, memref<1x2x1x3x4xi8>, memref<3xf32> -> memref<1x3x4x4xui8>
  return
}

// -----

func.func @depthwise_int8_workspace(%in: memref<1x2x4x4xui8>, %w: memref<2x1x3x3xi8>, %b: memref<2xi32>, %p: memref<1x6x6xi16>, %out: memref<1x2x2x2xui8>) {
  // expected-error @+1 {{workspace must be int16 [tasks, SH * SW * PHQ, PWQ] = [1, 12, 3]}}
  kernel.depthwise_int8_conv2d ins(%in, %w, %b) workspace(%p : memref<1x6x6xi16>) outs(%out) {strides = array<i64: 2, 2>,
      pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_zero_point = 0 : i64,
      multipliers = array<i32: 1073741824>, shifts = array<i32: 31>, zero_point = 0 : i64}
      : memref<1x2x4x4xui8>, memref<2x1x3x3xi8>, memref<2xi32> -> memref<1x2x2x2xui8>
  return
}

// -----

func.func @depthwise_int8_float(%in: memref<1x2x4x4xf32>, %w: memref<2x1x3x3xi8>, %b: memref<2xi32>, %p: memref<1x12x3xi16>, %out: memref<1x2x2x2xui8>) {
  // expected-error @+1 {{multiplies an int8 or uint8 input by int8 weights}}
  kernel.depthwise_int8_conv2d ins(%in, %w, %b) workspace(%p : memref<1x12x3xi16>) outs(%out) {strides = array<i64: 2, 2>,
      pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_zero_point = 0 : i64,
      multipliers = array<i32: 1073741824>, shifts = array<i32: 31>, zero_point = 0 : i64}
      : memref<1x2x4x4xf32>, memref<2x1x3x3xi8>, memref<2xi32> -> memref<1x2x2x2xui8>
  return
}

// -----

func.func @depthwise_int8_channels(%in: memref<1x2x4x4xui8>, %w: memref<3x1x3x3xi8>, %b: memref<2xi32>, %p: memref<1x12x3xi16>, %out: memref<1x2x2x2xui8>) {
  // expected-error @+1 {{expects [N, C, H, W] input and output and a [C, 1, KH, KW] weight}}
  kernel.depthwise_int8_conv2d ins(%in, %w, %b) workspace(%p : memref<1x12x3xi16>) outs(%out) {strides = array<i64: 2, 2>,
      pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_zero_point = 0 : i64,
      multipliers = array<i32: 1073741824>, shifts = array<i32: 31>, zero_point = 0 : i64}
      : memref<1x2x4x4xui8>, memref<3x1x3x3xi8>, memref<2xi32> -> memref<1x2x2x2xui8>
  return
}

// -----

func.func @packed_int8_channels_last_axis(%in: memref<1x1x1x1x1x4x4xui8>, %w: memref<1x1x1x2x4xi8>, %b: memref<2xi32>, %out: memref<1x1x4x2xui8>) {
  // expected-error @+1 {{expected one multiplier and shift, or 2 (one per index along the axis)}}
  kernel.packed_int8_conv2d ins(%in, %w, %b) outs(%out) {kernel_shape = array<i64: 1, 1>, strides = array<i64: 1, 1>,
      dilations = array<i64: 1, 1>, multipliers = array<i32: 1, 2, 3, 4>, shifts = array<i32: 31, 31, 31, 31>, zero_point = 0 : i64,
      tile = array<i64: 2, 2>, channels_last} : memref<1x1x1x1x1x4x4xui8>, memref<1x1x1x2x4xi8>, memref<2xi32> -> memref<1x1x4x2xui8>
  return
}

// -----

func.func @lookup_wide_input(%t: memref<256xi8>, %x: memref<4xi16>, %out: memref<4xi8>) {
  // expected-error @+1 {{the input must be int8 or uint8}}
  kernel.lookup ins(%t, %x) outs(%out) : memref<256xi8>, memref<4xi16> -> memref<4xi8>
  return
}

// -----

func.func @lookup_short_table(%t: memref<128xui8>, %x: memref<4xui8>, %out: memref<4xui8>) {
  // expected-error @+1 {{the table must have 256 entries, one per input byte value}}
  kernel.lookup ins(%t, %x) outs(%out) : memref<128xui8>, memref<4xui8> -> memref<4xui8>
  return
}

// -----

func.func @lookup_output_type(%t: memref<256xui8>, %x: memref<4xui8>, %out: memref<4xi8>) {
  // expected-error @+1 {{the result must have the input's shape and the table's element type}}
  kernel.lookup ins(%t, %x) outs(%out) : memref<256xui8>, memref<4xui8> -> memref<4xi8>
  return
}

// -----

func.func @quantized_binary_wide(%a: memref<4xi16>, %out: memref<4xi16>) {
  // expected-error @+1 {{operands and result must be int8 or uint8}}
  kernel.quantized_binary ins(%a, %a) outs(%out) {kind = "add", lhs_scale = 1.0 : f32, lhs_zero_point = 0, rhs_scale = 1.0 : f32, rhs_zero_point = 0, scale = 1.0 : f32, zero_point = 0} : memref<4xi16>, memref<4xi16> -> memref<4xi16>
  return
}

// -----

func.func @quantized_binary_broadcast(%a: memref<4xui8>, %b: memref<2xui8>, %out: memref<4xui8>) {
  // expected-error @+1 {{operands do not broadcast to the output shape}}
  kernel.quantized_binary ins(%a, %b) outs(%out) {kind = "add", lhs_scale = 1.0 : f32, lhs_zero_point = 0, rhs_scale = 1.0 : f32, rhs_zero_point = 0, scale = 1.0 : f32, zero_point = 0} : memref<4xui8>, memref<2xui8> -> memref<4xui8>
  return
}
