// RUN: edgecc-opt %s -split-input-file -verify-diagnostics

func.func @conv_channel_mismatch(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{input has 3 channels but weight expects 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_wrong_result(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+2 {{inferred type(s) 'tensor<1x4x6x6xf32>' are incompatible with return type(s) of operation 'tensor<1x4x8x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @unknown_activation(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x1x1xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{unknown fused activation 'gelu'}}
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1, activation = "gelu"}
      : (tensor<1x3x8x8xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @conv_residual_type(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x1x1xf32>, %r: tensor<1x4x8x1xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{residual must have the result's type 'tensor<1x4x8x8xf32>', got 'tensor<1x4x8x1xf32>'}}
  %0 = graph.conv %x, %w residual(%r) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x3x8x8xf32>, tensor<4x3x1x1xf32>, tensor<1x4x8x1xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @no_broadcast(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{shapes do not broadcast}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = graph.add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @reshape_count(%a: tensor<2x3xf32>) -> tensor<5xf32> {
  // expected-error @+1 {{changes the number of elements}}
  %0 = graph.reshape %a : tensor<2x3xf32> -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

func.func @bad_perm(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+2 {{perm is not a permutation}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = graph.transpose %a {perm = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @clip_bounds(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{min 6.000000e+00 is greater than max 0.000000e+00}}
  %0 = graph.clip %a {min = 6.0 : f32, max = 0.0 : f32} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @batch_norm_params(%x: tensor<1x4x2x2xf32>, %p: tensor<3xf32>) -> tensor<1x4x2x2xf32> {
  // expected-error @+1 {{parameters must have shape [4]}}
  %0 = graph.batch_norm %x, %p, %p, %p, %p
      : (tensor<1x4x2x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// -----

func.func @log_softmax_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{axis 2 out of range for rank 2}}
  %0 = graph.log_softmax %x {axis = 2} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @reduce_axis(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{reduction axis 2 out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = graph.reduce_sum %x {axes = array<i64: 2>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @resize_mode(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{unknown mode 'bicubic'}}
  %0 = graph.resize %x {mode = "bicubic", scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @resize_scales(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{needs one scale per axis}}
  %0 = graph.resize %x {scales = array<f64: 2.0, 2.0>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @resize_roi(%x: tensor<2x2xf32>) -> tensor<3x3xf32> {
  // expected-error @+1 {{roi needs a start and an end per axis}}
  %0 = graph.resize %x {scales = array<f64: 1.5, 1.5>, roi = array<f64: 0.0, 1.0>,
      coordinate_transformation_mode = "tf_crop_and_resize"} : (tensor<2x2xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @pool_attrs(%x: tensor<1x2x8x8x8xf32>) -> tensor<1x2x4x4x4xf32> {
  // expected-error @+2 {{expected 3 kernel dims, 3 strides, 3 dilations and 6 pads}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = graph.lp_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
      dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x8x8x8xf32>) -> tensor<1x2x4x4x4xf32>
  return %0 : tensor<1x2x4x4x4xf32>
}

// -----

func.func @conv_transpose_channels(%x: tensor<1x4x3x3xf32>, %w: tensor<2x2x3x3xf32>) -> tensor<1x2x5x5xf32> {
  // expected-error @+2 {{weight has 2 input channels for an input with 4 (group 1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = graph.conv_transpose %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
      pads = array<i64: 0, 0, 0, 0>, group = 1} : (tensor<1x4x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// -----

func.func @pad_constant_int(%x: tensor<2xi32>) -> tensor<4xi32> {
  // expected-error @+2 {{constant padding is float32 only}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = graph.pad %x {pads = array<i64: 1, 1>} : (tensor<2xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @gather_nd_tuple_too_long(%x: tensor<2x3xf32>, %i: tensor<4x3xi64>) -> tensor<4xf32> {
  // expected-error @+2 {{index tuples of length 3 do not fit data of rank 2 after 0 batch dims}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = graph.gather_nd %x[%i] {batch_dims = 0} : (tensor<2x3xf32>, tensor<4x3xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @gather_nd_batch_mismatch(%x: tensor<2x3xf32>, %i: tensor<3x1xi64>) -> tensor<3xf32> {
  // expected-error @+2 {{data and indices differ in the batch dims}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = graph.gather_nd %x[%i] {batch_dims = 1} : (tensor<2x3xf32>, tensor<3x1xi64>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @scatter_nd_updates_shape(%x: tensor<4x3xf32>, %i: tensor<2x1xi64>, %u: tensor<2x4xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{updates must have the shape indices.shape[:-1] + data.shape[indices.shape[-1]:]}}
  %0 = graph.scatter_nd %x[%i] = %u {reduction = "add"} : tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x4xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @scatter_elements_reduction(%x: tensor<4xf32>, %i: tensor<2xi64>, %u: tensor<2xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{unknown reduction 'sub'}}
  %0 = graph.scatter_elements %x[%i] = %u {axis = 0, reduction = "sub"} : tensor<4xf32>, tensor<2xi64>, tensor<2xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @scatter_elements_too_wide(%x: tensor<2x3xf32>, %i: tensor<4x4xi64>, %u: tensor<4x4xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{indices dim 1 (4) exceeds the data's (3)}}
  %0 = graph.scatter_elements %x[%i] = %u {axis = 0, reduction = "none"} : tensor<2x3xf32>, tensor<4x4xi64>, tensor<4x4xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @grid_sample_coordinates(%x: tensor<1x3x5x6xf32>, %g: tensor<1x4x7x3xf32>) -> tensor<1x3x4x7xf32> {
  // expected-error @+2 {{expected an input [N, C, spatial...] and a grid [N, out_spatial..., R] with R the input's spatial rank}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = graph.grid_sample %x, %g {mode = "linear", padding_mode = "zeros", align_corners = false} : (tensor<1x3x5x6xf32>, tensor<1x4x7x3xf32>) -> tensor<1x3x4x7xf32>
  return %0 : tensor<1x3x4x7xf32>
}

// -----

func.func @grid_sample_mode(%x: tensor<1x3x5x6xf32>, %g: tensor<1x4x7x2xf32>) -> tensor<1x3x4x7xf32> {
  // expected-error @+2 {{unknown mode 'bilinear' or padding_mode 'zeros'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = graph.grid_sample %x, %g {mode = "bilinear", padding_mode = "zeros", align_corners = false} : (tensor<1x3x5x6xf32>, tensor<1x4x7x2xf32>) -> tensor<1x3x4x7xf32>
  return %0 : tensor<1x3x4x7xf32>
}

// -----

func.func @top_k_too_many(%x: tensor<2x7xf32>) -> tensor<2x8xi64> {
  // expected-error @+2 {{k = 8 is not in [0, 7]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = graph.top_k_indices %x {k = 8, axis = 1, largest = true} : (tensor<2x7xf32>) -> tensor<2x8xi64>
  return %0 : tensor<2x8xi64>
}

// -----

func.func @nms_scores_for_other_boxes(%boxes: tensor<1x9x4xf32>, %scores: tensor<1x3x8xf32>) -> tensor<3x3xi64> {
  // expected-error @+2 {{scores must have shape [1, classes, 9] ([batches, classes, boxes])}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = graph.non_max_suppression %boxes, %scores {center_point_box = false, max_boxes_per_class = 1, iou_threshold = 0.5 : f32} : (tensor<1x9x4xf32>, tensor<1x3x8xf32>) -> tensor<3x3xi64>
  return %0 : tensor<3x3xi64>
}

// -----

func.func @nms_boxes_not_quadruples(%boxes: tensor<1x9x5xf32>, %scores: tensor<1x3x9xf32>) -> tensor<3x3xi64> {
  // expected-error @+2 {{boxes must have shape [batches, boxes, 4]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = graph.non_max_suppression %boxes, %scores {center_point_box = false, max_boxes_per_class = 1, iou_threshold = 0.5 : f32} : (tensor<1x9x5xf32>, tensor<1x3x9xf32>) -> tensor<3x3xi64>
  return %0 : tensor<3x3xi64>
}

// -----

func.func @nms_negative_limit(%boxes: tensor<1x9x4xf32>, %scores: tensor<1x3x9xf32>) -> tensor<0x3xi64> {
  // expected-error @+2 {{the number of boxes to select per class must not be negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = graph.non_max_suppression %boxes, %scores {center_point_box = false, max_boxes_per_class = -1, iou_threshold = 0.5 : f32} : (tensor<1x9x4xf32>, tensor<1x3x9xf32>) -> tensor<0x3xi64>
  return %0 : tensor<0x3xi64>
}

// -----

func.func @quantize_per_axis_wrong_size(%x: tensor<2x6xf32>, %s: tensor<2xf32>) -> tensor<2x6xi8> {
  // expected-error @+1 {{a per-axis scale must have shape [6]}}
  %0 = graph.quantize_linear %x, %s {axis = 1, block_size = 0} : (tensor<2x6xf32>, tensor<2xf32>) -> tensor<2x6xi8>
  return %0 : tensor<2x6xi8>
}

// -----

func.func @quantize_zero_point_type(%x: tensor<2x6xf32>, %s: tensor<f32>, %z: tensor<ui8>) -> tensor<2x6xi8> {
  // expected-error @+1 {{the zero point must have the quantized tensor's element type}}
  %0 = graph.quantize_linear %x, %s, %z {axis = 0, block_size = 0} : (tensor<2x6xf32>, tensor<f32>, tensor<ui8>) -> tensor<2x6xi8>
  return %0 : tensor<2x6xi8>
}

// -----

func.func @dequantize_blocked_shape(%x: tensor<2x6xi8>, %s: tensor<2x3xf32>) -> tensor<2x6xf32> {
  // expected-error @+1 {{a blocked scale must have the input's shape with dim 1 divided by the block size 4 (rounded up)}}
  %0 = graph.dequantize_linear %x, %s {axis = 1, block_size = 4} : (tensor<2x6xi8>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @requantize_shift(%x: tensor<4x3xi32>) -> tensor<4x3xi8> {
  // expected-error @+1 {{multipliers must be non-negative and shifts in [0, 62]}}
  %0 = graph.requantize %x {multipliers = array<i32: 1073741824>, shifts = array<i32: 63>, axis = 1, zero_point = 0} : tensor<4x3xi32> -> tensor<4x3xi8>
  return %0 : tensor<4x3xi8>
}

// -----

func.func @requantize_channels(%x: tensor<4x3xi32>) -> tensor<4x3xui8> {
  // expected-error @+1 {{expected one multiplier and shift, or 3 (one per index along the axis)}}
  %0 = graph.requantize %x {multipliers = array<i32: 1, 2>, shifts = array<i32: 3, 4>, axis = 1, zero_point = 0} : tensor<4x3xi32> -> tensor<4x3xui8>
  return %0 : tensor<4x3xui8>
}

// -----

func.func @requantize_zero_point_range(%x: tensor<4x3xi32>) -> tensor<4x3xi8> {
  // expected-error @+1 {{zero point 200 is out of the result type's range}}
  %0 = graph.requantize %x {multipliers = array<i32: 1>, shifts = array<i32: 3>, axis = 0, zero_point = 200} : tensor<4x3xi32> -> tensor<4x3xi8>
  return %0 : tensor<4x3xi8>
}

// -----

func.func @requantize_clamp_range(%x: tensor<4x3xi32>) -> tensor<4x3xui8> {
  // expected-error @+1 {{clamp bound -1 is out of the result type's range}}
  %0 = graph.requantize %x {multipliers = array<i32: 1>, shifts = array<i32: 3>, axis = 0, zero_point = 0, clamp_min = -1} : tensor<4x3xi32> -> tensor<4x3xui8>
  return %0 : tensor<4x3xui8>
}

// -----

func.func @requantize_clamp_order(%x: tensor<4x3xi32>) -> tensor<4x3xi8> {
  // expected-error @+1 {{clamp_min must not exceed clamp_max}}
  %0 = graph.requantize %x {multipliers = array<i32: 1>, shifts = array<i32: 3>, axis = 0, zero_point = 0, clamp_min = 5, clamp_max = 4} : tensor<4x3xi32> -> tensor<4x3xi8>
  return %0 : tensor<4x3xi8>
}

// -----

func.func @conv_mixed_types(%x: tensor<1x2x5x5xi32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x3x3xi32> {
  // expected-error @+1 {{operands and result must share one element type}}
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x2x5x5xi32>, tensor<3x2x3x3xf32>) -> tensor<1x3x3x3xi32>
  return %0 : tensor<1x3x3x3xi32>
}

// -----

func.func @byte_conv_float_weight(%x: tensor<1x2x5x5xui8>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x3x3xi32> {
  // expected-error @+1 {{the weight must be int8/uint8, and the input int8/uint8 or int16/uint16}}
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x2x5x5xui8>, tensor<3x2x3x3xf32>) -> tensor<1x3x3x3xi32>
  return %0 : tensor<1x3x3x3xi32>
}

// -----

func.func @byte_conv_float_bias(%x: tensor<1x2x5x5xui8>, %w: tensor<3x2x3x3xi8>, %b: tensor<3xf32>) -> tensor<1x3x3x3xi32> {
  // expected-error @+1 {{an int8/uint8 convolution has an int32 bias and result}}
  %0 = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                              dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x2x5x5xui8>, tensor<3x2x3x3xi8>, tensor<3xf32>) -> tensor<1x3x3x3xi32>
  return %0 : tensor<1x3x3x3xi32>
}

// -----

func.func @byte_conv_zero_point_range(%x: tensor<1x2x5x5xui8>, %w: tensor<3x2x3x3xi8>) -> tensor<1x3x3x3xi32> {
  // expected-error @+1 {{input zero point 256 is out of the input type's range}}
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1, input_zero_point = 256}
      : (tensor<1x2x5x5xui8>, tensor<3x2x3x3xi8>) -> tensor<1x3x3x3xi32>
  return %0 : tensor<1x3x3x3xi32>
}

// -----

func.func @byte_conv_weight_zero_points(%x: tensor<1x2x5x5xui8>, %w: tensor<3x2x3x3xi8>) -> tensor<1x3x3x3xi32> {
  // expected-error @+1 {{expected one weight zero point, or 3 (one per output channel)}}
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1, weight_zero_points = array<i64: 1, 2>}
      : (tensor<1x2x5x5xui8>, tensor<3x2x3x3xi8>) -> tensor<1x3x3x3xi32>
  return %0 : tensor<1x3x3x3xi32>
}

// -----

func.func @float_conv_zero_point(%x: tensor<1x2x5x5xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x3x3xf32> {
  // expected-error @+1 {{zero points apply to int8/uint8 operands only}}
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1, input_zero_point = 1}
      : (tensor<1x2x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x3x3xf32>
  return %0 : tensor<1x3x3x3xf32>
}

// -----

func.func @integer_conv_activation(%x: tensor<1x2x5x5xi32>, %w: tensor<3x2x3x3xi32>) -> tensor<1x3x3x3xi32> {
  // expected-error @+1 {{fused activations apply to float32 convolutions only}}
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1, activation = "relu"}
      : (tensor<1x2x5x5xi32>, tensor<3x2x3x3xi32>) -> tensor<1x3x3x3xi32>
  return %0 : tensor<1x3x3x3xi32>
}

// -----

func.func @lookup_short_table(%t: tensor<16xi8>, %x: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{the table must have 256 entries, one per input byte value}}
  %0 = graph.lookup %t, %x : (tensor<16xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @lookup_result_shape(%t: tensor<256xui8>, %x: tensor<4xi8>) -> tensor<2x2xui8> {
  // expected-error @+1 {{the result must have the input's shape and the table's element type}}
  %0 = graph.lookup %t, %x : (tensor<256xui8>, tensor<4xi8>) -> tensor<2x2xui8>
  return %0 : tensor<2x2xui8>
}

// -----

func.func @quantized_binary_kind(%a: tensor<4xui8>) -> tensor<4xui8> {
  // expected-error @+1 {{unknown kind 'div'}}
  %0 = graph.quantized_binary %a, %a {kind = "div", lhs_scale = 1.0 : f32, lhs_zero_point = 0, rhs_scale = 1.0 : f32, rhs_zero_point = 0, scale = 1.0 : f32, zero_point = 0} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @quantized_binary_broadcast(%a: tensor<4xui8>, %b: tensor<3xui8>) -> tensor<4xui8> {
  // expected-error @+1 {{operands do not broadcast to the result shape}}
  %0 = graph.quantized_binary %a, %b {kind = "add", lhs_scale = 1.0 : f32, lhs_zero_point = 0, rhs_scale = 1.0 : f32, rhs_zero_point = 0, scale = 1.0 : f32, zero_point = 0} : (tensor<4xui8>, tensor<3xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @quantized_binary_scale(%a: tensor<4xui8>) -> tensor<4xui8> {
  // expected-error @+1 {{scales must be positive and finite}}
  %0 = graph.quantized_binary %a, %a {kind = "add", lhs_scale = 1.0 : f32, lhs_zero_point = 0, rhs_scale = 0.0 : f32, rhs_zero_point = 0, scale = 1.0 : f32, zero_point = 0} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @quantized_binary_zero_point(%a: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{zero point 128 is out of its type's range}}
  %0 = graph.quantized_binary %a, %a {kind = "mul", lhs_scale = 1.0 : f32, lhs_zero_point = 0, rhs_scale = 1.0 : f32, rhs_zero_point = 0, scale = 1.0 : f32, zero_point = 128} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}
