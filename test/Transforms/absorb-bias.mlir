// RUN: edgecc-opt %s -edgecc-absorb-bias -split-input-file | FileCheck %s

// Channel 0 never fell below 0.5 (its floor), so 0.5 leaves the first
// conv's bias (1 -> 0.5) and the second conv, which reads it with weight 2,
// gets 2 * 0.5 more bias (1 -> 2). Channel 1's floor is negative: nothing
// moves.
// CHECK-LABEL: func @conv_relu_conv
// CHECK: %[[B1:.*]] = graph.constant dense<[5.000000e-01, 3.000000e+00]> : tensor<2xf32>
// CHECK: graph.conv %{{.*}}, %{{.*}}, %[[B1]] {
// CHECK-NOT: edgecc.output_floor
// CHECK: graph.relu
// CHECK: %[[B2:.*]] = graph.constant dense<2.000000e+00> : tensor<1xf32>
// CHECK: graph.conv %{{.*}}, %{{.*}}, %[[B2]] {
func.func @conv_relu_conv(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w1 = graph.constant dense<[[[[2.0]]], [[[0.5]]]]> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %b1 = graph.constant dense<[1.0, 3.0]> : tensor<2xf32> : tensor<2xf32>
  %w2 = graph.constant dense<[[[[2.0]], [[4.0]]]]> : tensor<1x2x1x1xf32> : tensor<1x2x1x1xf32>
  %b2 = graph.constant dense<1.0> : tensor<1xf32> : tensor<1xf32>
  %0 = graph.conv %x, %w1, %b1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                                dilations = array<i64: 1, 1>, group = 1,
                                edgecc.output_floor = array<f32: 0.5, -1.0>}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = graph.relu %0 : tensor<1x2x2x2xf32>
  %2 = graph.conv %1, %w2, %b2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                                dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %2 : tensor<1x1x2x2xf32>
}

// -----

// Through a flatten each channel is a block of the gemm's rows: channel 0
// feeds rows 0-1 (weights 1, 2), channel 1 rows 2-3 (3, 4). With floors 1
// and 2 the gemm gets 1 * (1 + 2) + 2 * (3 + 4) = 17 as its bias (it had
// none) and the conv, which had none either, -1 and -2.
// CHECK-LABEL: func @conv_flatten_gemm
// CHECK: %[[B1:.*]] = graph.constant dense<[-1.000000e+00, -2.000000e+00]> : tensor<2xf32>
// CHECK: graph.conv %{{.*}}, %{{.*}}, %[[B1]] {
// CHECK: %[[C:.*]] = graph.constant dense<1.700000e+01> : tensor<1xf32>
// CHECK: graph.gemm %{{.*}}, %{{.*}}, %[[C]] : (
func.func @conv_flatten_gemm(%x: tensor<1x1x1x2xf32>) -> tensor<1x1xf32> {
  %w1 = graph.constant dense<[[[[2.0]]], [[[0.5]]]]> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %b = graph.constant dense<[[1.0], [2.0], [3.0], [4.0]]> : tensor<4x1xf32> : tensor<4x1xf32>
  %0 = graph.conv %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                           dilations = array<i64: 1, 1>, group = 1,
                           edgecc.output_floor = array<f32: 1.0, 2.0>}
      : (tensor<1x1x1x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x1x2xf32>
  %1 = graph.relu %0 : tensor<1x2x1x2xf32>
  %2 = graph.reshape %1 : tensor<1x2x1x2xf32> -> tensor<1x4xf32>
  %3 = graph.gemm %2, %b : (tensor<1x4xf32>, tensor<4x1xf32>) -> tensor<1x1xf32>
  return %3 : tensor<1x1xf32>
}

// -----

// A padded second conv would read zeros at the border where the shifted
// tensor holds -c: nothing moves, and the floor goes.
// CHECK-LABEL: func @padded
// CHECK: %[[B1:.*]] = graph.constant dense<1.000000e+00> : tensor<1xf32>
// CHECK: graph.conv %{{.*}}, %{{.*}}, %[[B1]] {
// CHECK-NOT: edgecc.output_floor
// CHECK: graph.conv %{{.*}}, %{{.*}} {
func.func @padded(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w1 = graph.constant dense<2.0> : tensor<1x1x1x1xf32> : tensor<1x1x1x1xf32>
  %b1 = graph.constant dense<1.0> : tensor<1xf32> : tensor<1xf32>
  %w2 = graph.constant dense<1.0> : tensor<1x1x3x3xf32> : tensor<1x1x3x3xf32>
  %0 = graph.conv %x, %w1, %b1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                                dilations = array<i64: 1, 1>, group = 1,
                                edgecc.output_floor = array<f32: 0.5>}
      : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %1 = graph.relu %0 : tensor<1x1x2x2xf32>
  %2 = graph.conv %1, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
                           dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x2xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
  return %2 : tensor<1x1x2x2xf32>
}
