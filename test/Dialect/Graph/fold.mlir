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

// Comparisons, Where, Not-free logic and Neg fold on constants (the shape
// guards exporters emit: Where(Equal(shape, 0), ...)); unsigned operands
// compare unsigned.
// CHECK-LABEL: func @logic
// CHECK-DAG: graph.constant dense<[3, 7]> : tensor<2xi64>
// CHECK-DAG: graph.constant dense<[false, true]> : tensor<2xi1>
// CHECK-DAG: graph.constant dense<[-2, -4]> : tensor<2xi64>
// CHECK-DAG: graph.constant dense<[true, false]> : tensor<2xi1>
// CHECK-NOT: graph.where
// CHECK-NOT: graph.equal
func.func @logic() -> (tensor<2xi64>, tensor<2xi1>, tensor<2xi64>, tensor<2xi1>) {
  %shape = graph.constant dense<[0, 7]> : tensor<2xi64> : tensor<2xi64>
  %zero = graph.constant dense<0> : tensor<i64> : tensor<i64>
  %three = graph.constant dense<3> : tensor<i64> : tensor<i64>
  %isZero = graph.equal %shape, %zero : (tensor<2xi64>, tensor<i64>) -> tensor<2xi1>
  %fixed = graph.where %isZero, %three, %shape : (tensor<2xi1>, tensor<i64>, tensor<2xi64>) -> tensor<2xi64>
  %big = graph.constant dense<[1, 200]> : tensor<2xui8> : tensor<2xui8>
  %hundred = graph.constant dense<100> : tensor<ui8> : tensor<ui8>
  %greater = graph.greater %big, %hundred : (tensor<2xui8>, tensor<ui8>) -> tensor<2xi1>
  %pair = graph.constant dense<[2, 4]> : tensor<2xi64> : tensor<2xi64>
  %neg = graph.neg %pair : tensor<2xi64>
  %t = graph.constant dense<[true, true]> : tensor<2xi1> : tensor<2xi1>
  %and = graph.and %t, %isZero : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %fixed, %greater, %neg, %and : tensor<2xi64>, tensor<2xi1>, tensor<2xi64>, tensor<2xi1>
}

// Casts convert as C does: floats truncate toward zero, nonzero is true,
// unsigned sources zero-extend.
// CHECK-LABEL: func @casts
// CHECK-DAG: graph.constant dense<[-1, 2]> : tensor<2xi32>
// CHECK-DAG: graph.constant dense<[true, false]> : tensor<2xi1>
// CHECK-DAG: graph.constant dense<[2.550000e+02, 1.000000e+00]> : tensor<2xf32>
func.func @casts() -> (tensor<2xi32>, tensor<2xi1>, tensor<2xf32>) {
  %f = graph.constant dense<[-1.7, 2.9]> : tensor<2xf32> : tensor<2xf32>
  %i = graph.cast %f : tensor<2xf32> -> tensor<2xi32>
  %g = graph.constant dense<[0.5, 0.0]> : tensor<2xf32> : tensor<2xf32>
  %b = graph.cast %g : tensor<2xf32> -> tensor<2xi1>
  %u = graph.constant dense<[255, 1]> : tensor<2xui8> : tensor<2xui8>
  %w = graph.cast %u : tensor<2xui8> -> tensor<2xf32>
  return %i, %b, %w : tensor<2xi32>, tensor<2xi1>, tensor<2xf32>
}

// Casts to float8 are not folded: they round and saturate as the runtime
// does.
// CHECK-LABEL: func @cast_to_float8_not_folded
// CHECK: graph.cast %{{.*}} : tensor<2xf32> -> tensor<2xf8E4M3FN>
func.func @cast_to_float8_not_folded() -> tensor<2xf8E4M3FN> {
  %c = graph.constant dense<[1.0, 1000.0]> : tensor<2xf32> : tensor<2xf32>
  %0 = graph.cast %c : tensor<2xf32> -> tensor<2xf8E4M3FN>
  return %0 : tensor<2xf8E4M3FN>
}

// Range's trip count, max(ceil((limit - start) / delta), 0), folds: Relu,
// Floor and Ceil are exact (Relu of NaN is 0, as the generated code gives).
// CHECK-LABEL: func @exact_unary
// CHECK-DAG: graph.constant dense<[3.000000e+00, -2.000000e+00, 0x7FC00000]> : tensor<3xf32>
// CHECK-DAG: graph.constant dense<[2.000000e+00, -3.000000e+00, 0x7FC00000]> : tensor<3xf32>
// CHECK-DAG: graph.constant dense<[2.500000e+00, 0.000000e+00, 0.000000e+00]> : tensor<3xf32>
// CHECK-DAG: graph.constant dense<[0, 7]> : tensor<2xi64>
// CHECK-NOT: graph.ceil
// CHECK-NOT: graph.floor
// CHECK-NOT: graph.relu
func.func @exact_unary() -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2xi64>) {
  %x = graph.constant dense<[2.5, -2.5, 0x7FC00000]> : tensor<3xf32> : tensor<3xf32>
  %ceil = graph.ceil %x : tensor<3xf32>
  %floor = graph.floor %x : tensor<3xf32>
  %relu = graph.relu %x : tensor<3xf32>
  %i = graph.constant dense<[-4, 7]> : tensor<2xi64> : tensor<2xi64>
  %irelu = graph.relu %i : tensor<2xi64>
  return %ceil, %floor, %relu, %irelu : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2xi64>
}
