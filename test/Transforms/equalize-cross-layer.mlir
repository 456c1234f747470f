// RUN: edgecc-opt %s -edgecc-equalize-cross-layer -split-input-file | FileCheck %s

// Channel 0 has weight ranges 2 and 8 in the two convs: s = sqrt(2 / 8) =
// 0.5 moves a factor 2 from the second conv into the first (and its bias);
// channel 1 is already balanced (0.5 and 0.5).
// CHECK-LABEL: func @conv_relu_conv
// CHECK-DAG: %[[W1:.*]] = graph.constant dense<{{\[\[\[\[}}4.000000e+00]]], {{\[\[\[}}5.000000e-01]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B1:.*]] = graph.constant dense<[2.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK: graph.conv %{{.*}}, %[[W1]], %[[B1]]
// CHECK: graph.relu
// CHECK: %[[W2:.*]] = graph.constant dense<{{\[\[\[\[}}4.000000e+00]], {{\[\[}}5.000000e-01]]]]> : tensor<1x2x1x1xf32>
// CHECK: graph.conv %{{.*}}, %[[W2]] {
func.func @conv_relu_conv(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w1 = graph.constant dense<[[[[2.0]]], [[[0.5]]]]> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %b1 = graph.constant dense<1.0> : tensor<2xf32> : tensor<2xf32>
  %w2 = graph.constant dense<[[[[8.0]], [[0.5]]]]> : tensor<1x2x1x1xf32> : tensor<1x2x1x1xf32>
  %0 = graph.conv %x, %w1, %b1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                                dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = graph.relu %0 : tensor<1x2x2x2xf32>
  %2 = graph.conv %1, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                           dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %2 : tensor<1x1x2x2xf32>
}

// -----

// A depthwise conv reads channel c through its weight c alone; a max pool
// and a leaky relu commute with the scales. Channel 0: s = sqrt(4 / 1) = 2,
// channel 1: s = sqrt(1 / 4) = 0.5; every weight becomes 2.
// CHECK-LABEL: func @pool_depthwise
// CHECK: %[[W1:.*]] = graph.constant dense<2.000000e+00> : tensor<2x1x1x1xf32>
// CHECK: graph.conv %{{.*}}, %[[W1]] {
// CHECK: %[[W2:.*]] = graph.constant dense<2.000000e+00> : tensor<2x1x1x1xf32>
// CHECK: graph.conv %{{.*}}, %[[W2]] {{{.*}}group = 2
func.func @pool_depthwise(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x1x1xf32> {
  %w1 = graph.constant dense<[[[[4.0]]], [[[1.0]]]]> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %w2 = graph.constant dense<[[[[1.0]]], [[[4.0]]]]> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %0 = graph.conv %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                           dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = graph.leaky_relu %0 {alpha = 0.1 : f32} : tensor<1x2x2x2xf32>
  %2 = graph.max_pool %1 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>,
                          pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x2x2x2xf32>) -> tensor<1x2x1x1xf32>
  %3 = graph.conv %2, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                           dilations = array<i64: 1, 1>, group = 2}
      : (tensor<1x2x1x1xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x1x1xf32>
  return %3 : tensor<1x2x1x1xf32>
}

// -----

// Flattened, channel c is columns [2c, 2c + 2) of the gemm's K; B is
// transposed ([N, K]), so those are its entries (0, 2c) and (0, 2c + 1):
// channel 0 reads 8 and -8 (s = 0.5), channel 1 reads 0.5 and 0.25 (s = 1).
// CHECK-LABEL: func @flatten_gemm
// CHECK: %[[W1:.*]] = graph.constant dense<{{\[\[\[\[}}4.000000e+00]]], {{\[\[\[}}5.000000e-01]]]]> : tensor<2x1x1x1xf32>
// CHECK: graph.conv %{{.*}}, %[[W1]] {
// CHECK: %[[B:.*]] = graph.constant dense<{{\[\[}}4.000000e+00, -4.000000e+00, 5.000000e-01, 2.500000e-01]]> : tensor<1x4xf32>
// CHECK: graph.gemm %{{.*}}, %[[B]]
func.func @flatten_gemm(%x: tensor<1x1x2x1xf32>) -> tensor<1x1xf32> {
  %w1 = graph.constant dense<[[[[2.0]]], [[[0.5]]]]> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %b = graph.constant dense<[[8.0, -8.0, 0.5, 0.25]]> : tensor<1x4xf32> : tensor<1x4xf32>
  %0 = graph.conv %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                           dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x1xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x1xf32>
  %1 = graph.reshape %0 : tensor<1x2x2x1xf32> -> tensor<1x4xf32>
  %2 = graph.gemm %1, %b {trans_b = true} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x1xf32>
  return %2 : tensor<1x1xf32>
}

// -----

// Gemm to gemm: the first B is [K, N] (channel n is column n), the second
// [N, K] (transposed: channel n is column n too); the numbers of @conv_relu_conv.
// CHECK-LABEL: func @gemm_relu_gemm
// CHECK: %[[W1:.*]] = graph.constant dense<{{\[\[}}4.000000e+00, 5.000000e-01]]>
// CHECK: %[[C1:.*]] = graph.constant dense<[2.000000e+00, 1.000000e+00]>
// CHECK: graph.gemm %{{.*}}, %[[W1]], %[[C1]]
// CHECK: %[[W2:.*]] = graph.constant dense<{{\[\[}}4.000000e+00, 5.000000e-01]]>
// CHECK: graph.gemm %{{.*}}, %[[W2]] {
func.func @gemm_relu_gemm(%x: tensor<3x1xf32>) -> tensor<3x1xf32> {
  %w1 = graph.constant dense<[[2.0, 0.5]]> : tensor<1x2xf32> : tensor<1x2xf32>
  %c1 = graph.constant dense<1.0> : tensor<2xf32> : tensor<2xf32>
  %w2 = graph.constant dense<[[8.0, 0.5]]> : tensor<1x2xf32> : tensor<1x2xf32>
  %0 = graph.gemm %x, %w1, %c1 : (tensor<3x1xf32>, tensor<1x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  %1 = graph.relu %0 : tensor<3x2xf32>
  %2 = graph.gemm %1, %w2 {trans_b = true} : (tensor<3x2xf32>, tensor<1x2xf32>) -> tensor<3x1xf32>
  return %2 : tensor<3x1xf32>
}

// -----

// A chain of three layers settles where all three ranges are equal; the
// product 8 * 1 * 1 is kept, so each becomes its cube root, 2.
// CHECK-LABEL: func @chain
// CHECK-COUNT-3: graph.constant dense<{{2\.0000|1\.9999}}
func.func @chain(%x: tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32> {
  %w1 = graph.constant dense<8.0> : tensor<1x1x1x1xf32> : tensor<1x1x1x1xf32>
  %w2 = graph.constant dense<1.0> : tensor<1x1x1x1xf32> : tensor<1x1x1x1xf32>
  %w3 = graph.constant dense<1.0> : tensor<1x1x1x1xf32> : tensor<1x1x1x1xf32>
  %0 = graph.conv %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                           dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  %1 = graph.conv %0, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                           dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  %2 = graph.conv %1, %w3 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                           dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  return %2 : tensor<1x1x1x1xf32>
}

// -----

// Nothing moves: Clip(0, 6) between: the bound would differ per channel.
// CHECK-LABEL: func @clip
// CHECK-NEXT: graph.constant dense<{{\[\[\[\[}}4.000000e+00]]], {{\[\[\[}}1.000000e+00]]]]>
// CHECK-NEXT: graph.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}4.000000e+00]]]]>
// CHECK-NOT: graph.constant
func.func @clip(%x: tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32> {
  %w1 = graph.constant dense<[[[[4.0]]], [[[1.0]]]]> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %w2 = graph.constant dense<[[[[1.0]], [[4.0]]]]> : tensor<1x2x1x1xf32> : tensor<1x2x1x1xf32>
  %0 = graph.conv %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                           dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x1x1xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x1x1xf32>
  %1 = graph.clip %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x1x1xf32>
  %2 = graph.conv %1, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                           dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x1x1xf32>
  return %2 : tensor<1x1x1x1xf32>
}

// -----

// Nothing moves: The first output has a second use, which would see the scales.
// CHECK-LABEL: func @two_uses
// CHECK-NEXT: graph.constant dense<{{\[\[\[\[}}4.000000e+00]]], {{\[\[\[}}1.000000e+00]]]]>
// CHECK-NEXT: graph.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}4.000000e+00]]]]>
// CHECK-NOT: graph.constant
func.func @two_uses(%x: tensor<1x1x1x1xf32>) -> (tensor<1x1x1x1xf32>, tensor<1x2x1x1xf32>) {
  %w1 = graph.constant dense<[[[[4.0]]], [[[1.0]]]]> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %w2 = graph.constant dense<[[[[1.0]], [[4.0]]]]> : tensor<1x2x1x1xf32> : tensor<1x2x1x1xf32>
  %0 = graph.conv %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                           dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x1x1xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x1x1xf32>
  %1 = graph.relu %0 : tensor<1x2x1x1xf32>
  %2 = graph.conv %0, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                           dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x1x1xf32>
  return %2, %1 : tensor<1x1x1x1xf32>, tensor<1x2x1x1xf32>
}

// -----

// Nothing moves: Another conv uses the first weight too.
// CHECK-LABEL: func @shared_weight
// CHECK-NEXT: graph.constant dense<{{\[\[\[\[}}4.000000e+00]]], {{\[\[\[}}1.000000e+00]]]]>
// CHECK-NEXT: graph.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}4.000000e+00]]]]>
// CHECK-NOT: graph.constant
func.func @shared_weight(%x: tensor<1x1x1x1xf32>) -> (tensor<1x1x1x1xf32>, tensor<1x2x1x1xf32>) {
  %w1 = graph.constant dense<[[[[4.0]]], [[[1.0]]]]> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %w2 = graph.constant dense<[[[[1.0]], [[4.0]]]]> : tensor<1x2x1x1xf32> : tensor<1x2x1x1xf32>
  %0 = graph.conv %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                           dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x1x1xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x1x1xf32>
  %1 = graph.conv %0, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                           dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x1x1xf32>
  %2 = graph.conv %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                           dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x1x1xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x1x1xf32>
  return %1, %2 : tensor<1x1x1x1xf32>, tensor<1x2x1x1xf32>
}

// -----

// Nothing moves: the next gemm reads the value as its bias, not its input.
// CHECK-LABEL: func @read_as_bias
// CHECK-NEXT: graph.constant dense<{{\[\[}}4.000000e+00, 1.000000e+00]]>
// CHECK-NEXT: graph.constant dense<{{\[\[}}1.000000e+00, 4.000000e+00], {{\[}}4.000000e+00, 1.000000e+00]]>
// CHECK-NOT: graph.constant
func.func @read_as_bias(%x: tensor<1x1xf32>, %y: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w1 = graph.constant dense<[[4.0, 1.0]]> : tensor<1x2xf32> : tensor<1x2xf32>
  %w2 = graph.constant dense<[[1.0, 4.0], [4.0, 1.0]]> : tensor<2x2xf32> : tensor<2x2xf32>
  %0 = graph.gemm %x, %w1 : (tensor<1x1xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %1 = graph.gemm %y, %w2, %0 : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}
