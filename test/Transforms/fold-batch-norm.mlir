// RUN: edgecc-opt %s -edgecc-fold-batch-norm -split-input-file | FileCheck %s

// conv -> batch_norm folds into the conv: s = gamma / sqrt(var + eps) = 2 with
// gamma = 2, var = 1 - eps; w' = w * 2 = 1; b' = (b - mean) * s + beta = (0.5 - 1) * 2 + 3 = 2.
// CHECK-LABEL: func @into_conv
// CHECK-NOT: graph.batch_norm
// CHECK-DAG: %[[W:.*]] = graph.constant dense<1.000000e+00> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = graph.constant dense<2.000000e+00> : tensor<2xf32>
// CHECK: graph.conv %{{.*}}, %[[W]], %[[B]]
func.func @into_conv(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = graph.constant dense<0.5> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %b = graph.constant dense<0.5> : tensor<2xf32> : tensor<2xf32>
  %gamma = graph.constant dense<2.0> : tensor<2xf32> : tensor<2xf32>
  %beta = graph.constant dense<3.0> : tensor<2xf32> : tensor<2xf32>
  %mean = graph.constant dense<1.0> : tensor<2xf32> : tensor<2xf32>
  %var = graph.constant dense<0.99999> : tensor<2xf32> : tensor<2xf32>
  %0 = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                              dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = graph.batch_norm %0, %gamma, %beta, %mean, %var {epsilon = 1.0e-5 : f32}
      : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Without a conv producer it becomes x * s + t with [C, 1, 1] constants.
// CHECK-LABEL: func @decompose
// CHECK-DAG: %[[S:.*]] = graph.constant dense<2.000000e+00> : tensor<2x1x1xf32>
// CHECK-DAG: %[[T:.*]] = graph.constant dense<1.000000e+00> : tensor<2x1x1xf32>
// CHECK: %[[M:.*]] = graph.mul %arg0, %[[S]]
// CHECK: graph.add %[[M]], %[[T]]
func.func @decompose(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %gamma = graph.constant dense<2.0> : tensor<2xf32> : tensor<2xf32>
  %beta = graph.constant dense<3.0> : tensor<2xf32> : tensor<2xf32>
  %mean = graph.constant dense<1.0> : tensor<2xf32> : tensor<2xf32>
  %var = graph.constant dense<0.99999> : tensor<2xf32> : tensor<2xf32>
  %0 = graph.batch_norm %x, %gamma, %beta, %mean, %var {epsilon = 1.0e-5 : f32}
      : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

// Parameters computed at run time: s and t are computed too, then reshaped
// to [C, 1].
// CHECK-LABEL: func @runtime_parameters
// CHECK: %[[EPS:.*]] = graph.constant dense<1.000000e-03> : tensor<f32>
// CHECK: %[[VE:.*]] = graph.add %arg4, %[[EPS]]
// CHECK: %[[SD:.*]] = graph.sqrt %[[VE]]
// CHECK: %[[S:.*]] = graph.div %arg1, %[[SD]]
// CHECK: %[[MS:.*]] = graph.mul %arg3, %[[S]]
// CHECK: %[[T:.*]] = graph.sub %arg2, %[[MS]]
// CHECK: %[[S2:.*]] = graph.reshape %[[S]] : tensor<3xf32> -> tensor<3x1xf32>
// CHECK: %[[T2:.*]] = graph.reshape %[[T]] : tensor<3xf32> -> tensor<3x1xf32>
// CHECK: %[[Y:.*]] = graph.mul %arg0, %[[S2]]
// CHECK: graph.add %[[Y]], %[[T2]]
func.func @runtime_parameters(%x: tensor<2x3x4xf32>, %gamma: tensor<3xf32>, %beta: tensor<3xf32>,
                              %mean: tensor<3xf32>, %var: tensor<3xf32>) -> tensor<2x3x4xf32> {
  %0 = graph.batch_norm %x, %gamma, %beta, %mean, %var {epsilon = 1.0e-3 : f32}
      : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}
