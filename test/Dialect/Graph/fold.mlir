// RUN: edgecc-opt %s -canonicalize | FileCheck %s

// The shape subgraph exporters emit for flatten (Shape -> Gather -> Concat)
// folds to the constant target shape.
// CHECK-LABEL: func @shape_subgraph
// CHECK-NOT: graph.shape
// CHECK-NOT: graph.gather
// CHECK-NOT: graph.concat
// CHECK: %[[T:.*]] = graph.constant dense<[1, -1]> : tensor<2xi64>
// CHECK: return %[[T]]
func.func @shape_subgraph(%x: tensor<1x8x2x2xf32>) -> tensor<2xi64> {
  %shape = graph.shape %x : tensor<1x8x2x2xf32> -> tensor<4xi64>
  %index = graph.constant dense<0> : tensor<1xi64> : tensor<1xi64>
  %batch = graph.gather %shape[%index] {axis = 0} : (tensor<4xi64>, tensor<1xi64>) -> tensor<1xi64>
  %minus1 = graph.constant dense<-1> : tensor<1xi64> : tensor<1xi64>
  %target = graph.concat %batch, %minus1 {axis = 0} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  return %target : tensor<2xi64>
}

// CHECK-LABEL: func @int_arithmetic
// CHECK: %[[C:.*]] = graph.constant dense<[6, 12]> : tensor<2xi64>
// CHECK: return %[[C]]
func.func @int_arithmetic() -> tensor<2xi64> {
  %a = graph.constant dense<[2, 4]> : tensor<2xi64> : tensor<2xi64>
  %b = graph.constant dense<3> : tensor<1xi64> : tensor<1xi64>
  %0 = graph.mul %a, %b : (tensor<2xi64>, tensor<1xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// CHECK-LABEL: func @identities
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @identities(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = graph.transpose %x {perm = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = graph.slice %0 {starts = array<i64: 0, 0>, ends = array<i64: 2, 3>, steps = array<i64: 1, 1>}
      : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = graph.reshape %1 : tensor<2x3xf32> -> tensor<6xf32>
  %3 = graph.reshape %2 : tensor<6xf32> -> tensor<2x3xf32>
  %4 = graph.pad %3 {pads = array<i64: 0, 0, 0, 0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %4 : tensor<2x3xf32>
}

// CHECK-LABEL: func @constant_transpose
// CHECK: graph.constant dense<{{\[}}[1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]>
func.func @constant_transpose() -> tensor<2x2xf32> {
  %c = graph.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32> : tensor<2x2xf32>
  %0 = graph.transpose %c {perm = array<i64: 1, 0>} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
