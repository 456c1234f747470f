// RUN: edgecc-opt %s -edgecc-fuse-conv-bias-activation -split-input-file | FileCheck %s

// CHECK-LABEL: func @conv_bias_relu6
// CHECK: %[[B:.*]] = graph.constant dense<[1.500000e+00, 2.500000e+00]> : tensor<2xf32>
// CHECK: %[[C:.*]] = graph.conv %{{.*}}, %{{.*}}, %[[B]] {activation = "clip", clip_max = 6.000000e+00 : f32, clip_min = 0.000000e+00 : f32
// CHECK-NOT: graph.add
// CHECK-NOT: graph.clip
// CHECK: return %[[C]]
func.func @conv_bias_relu6(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = graph.constant dense<0.5> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %b = graph.constant dense<0.5> : tensor<2xf32> : tensor<2xf32>
  %add = graph.constant dense<[[[1.0]], [[2.0]]]> : tensor<2x1x1xf32> : tensor<2x1x1xf32>
  %0 = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                              dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = graph.add %0, %add : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %2 = graph.clip %1 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x2x2xf32>
  return %2 : tensor<1x2x2x2xf32>
}

// -----

// CHECK-LABEL: func @matmul_add_relu
// CHECK: %[[G:.*]] = graph.gemm %arg0, %{{.*}}, %{{.*}} {activation = "relu"
// CHECK-NOT: graph.matmul
// CHECK: return %[[G]]
func.func @matmul_add_relu(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %w = graph.constant dense<0.5> : tensor<3x2xf32> : tensor<3x2xf32>
  %b = graph.constant dense<0.25> : tensor<2xf32> : tensor<2xf32>
  %0 = graph.matmul %x, %w : (tensor<1x3xf32>, tensor<3x2xf32>) -> tensor<1x2xf32>
  %1 = graph.add %b, %0 : (tensor<2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %2 = graph.relu %1 : tensor<1x2xf32>
  return %2 : tensor<1x2xf32>
}

// -----

// A conv whose result is also used elsewhere keeps its activation separate,
// and an addend that is not per channel stays an add.
// CHECK-LABEL: func @not_fusable
// CHECK: graph.conv
// CHECK-NOT: activation = "relu"
// CHECK: graph.relu
// CHECK: graph.add
func.func @not_fusable(%x: tensor<1x1x2x2xf32>, %y: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = graph.constant dense<0.5> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = graph.relu %0 : tensor<1x2x2x2xf32>
  %2 = graph.add %0, %y : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %1, %2 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// An integer convolution (int32 accumulators) has no fused activation: the
// relu stays a separate op.
// CHECK-LABEL: func @integer_conv_relu
// CHECK: %[[ACC:.*]] = graph.conv
// CHECK-NOT: activation
// CHECK: graph.relu %[[ACC]]
func.func @integer_conv_relu(%x: tensor<1x2x5x5xui8>, %w: tensor<3x2x3x3xui8>) -> tensor<1x3x3x3xi32> {
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1, input_zero_point = 128}
      : (tensor<1x2x5x5xui8>, tensor<3x2x3x3xui8>) -> tensor<1x3x3x3xi32>
  %1 = graph.relu %0 : tensor<1x3x3x3xi32>
  return %1 : tensor<1x3x3x3xi32>
}

// -----

// x * sigmoid(x) of a conv (either operand order) is its fused "silu".
// CHECK-LABEL: func @conv_silu
// CHECK: %[[C:.*]] = graph.conv {{.*}}activation = "silu"
// CHECK-NOT: graph.sigmoid
// CHECK-NOT: graph.mul
// CHECK: return %[[C]]
func.func @conv_silu(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = graph.constant dense<0.5> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = graph.sigmoid %0 : tensor<1x2x2x2xf32>
  %2 = graph.mul %1, %0 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %2 : tensor<1x2x2x2xf32>
}

// -----

// No silu when the conv's result or the sigmoid is used elsewhere, when the
// sigmoid is of something else (a squeeze-excite gate), or when the conv
// already has an activation.
// CHECK-LABEL: func @not_silu
// CHECK-NOT: "silu"
// CHECK-COUNT-3: graph.sigmoid
func.func @not_silu(%x: tensor<1x1x2x2xf32>, %g: tensor<1x2x2x2xf32>)
    -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = graph.constant dense<0.5> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = graph.sigmoid %0 : tensor<1x2x2x2xf32>
  %2 = graph.mul %0, %1 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %3 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %4 = graph.sigmoid %g : tensor<1x2x2x2xf32>
  %5 = graph.mul %3, %4 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %6 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1, activation = "relu"}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %7 = graph.sigmoid %6 : tensor<1x2x2x2xf32>
  %8 = graph.mul %6, %7 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %2, %1, %5, %8 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// A residual block: conv + shortcut, then relu. The conv (right of the add)
// takes the shortcut as its residual and the relu after the add; it moves
// to the add, after the shortcut's producer.
// CHECK-LABEL: func @residual_relu
// CHECK: %[[SHORTCUT:.*]] = graph.relu %arg1
// CHECK: %[[C:.*]] = graph.conv %arg0, %{{.*}}, %{{.*}} residual(%[[SHORTCUT]]) {activation = "relu"
// CHECK-NOT: graph.add
// CHECK-NOT: graph.relu
// CHECK: return %[[C]]
func.func @residual_relu(%x: tensor<1x1x2x2xf32>, %y: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = graph.constant dense<0.5> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %b = graph.constant dense<0.25> : tensor<2xf32> : tensor<2xf32>
  %0 = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                              dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = graph.relu %y : tensor<1x2x2x2xf32>
  %2 = graph.add %1, %0 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %3 = graph.relu %2 : tensor<1x2x2x2xf32>
  return %3 : tensor<1x2x2x2xf32>
}

// -----

// Two convs: the left one takes the right one's result as its residual.
// CHECK-LABEL: func @two_convs
// CHECK: %[[RIGHT:.*]] = graph.conv %arg1
// CHECK: %[[LEFT:.*]] = graph.conv %arg0, %{{.*}} residual(%[[RIGHT]])
// CHECK: return %[[LEFT]]
func.func @two_convs(%x: tensor<1x1x2x2xf32>, %y: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = graph.constant dense<0.5> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = graph.conv %y, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %2 = graph.add %0, %1 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %2 : tensor<1x2x2x2xf32>
}

// -----

// Not fused: a conv with its own relu (relu(conv) + r is not relu(conv + r)),
// a depthwise conv, an add that broadcasts, and an add of the conv to itself.
// CHECK-LABEL: func @residual_not_fusable
// CHECK-NOT: residual
// CHECK-COUNT-4: graph.add
// CHECK-NOT: residual
func.func @residual_not_fusable(%x: tensor<1x2x2x2xf32>, %y: tensor<1x2x2x2xf32>, %z: tensor<1x2x1x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = graph.constant dense<0.5> : tensor<2x2x1x1xf32> : tensor<2x2x1x1xf32>
  %dw = graph.constant dense<0.5> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1, activation = "relu"}
      : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = graph.add %0, %y : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %2 = graph.conv %x, %dw {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                           dilations = array<i64: 1, 1>, group = 2}
      : (tensor<1x2x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %3 = graph.add %2, %y : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %4 = graph.conv %y, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %5 = graph.add %4, %z : (tensor<1x2x2x2xf32>, tensor<1x2x1x2xf32>) -> tensor<1x2x2x2xf32>
  %6 = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %7 = graph.add %6, %6 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %1, %3, %5, %7 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}
