// RUN: edgecc-opt %s -split-input-file -edgecc-concat-in-place | FileCheck %s

// Channel concat at batch 1: each part is contiguous, so both producers
// write into the result and the copies go.
// CHECK-LABEL: func @channels
// CHECK-NEXT: %[[C:.*]] = kernel.alloc : memref<1x8x2x2xf32>
// CHECK-NEXT: %[[A:.*]] = kernel.view %[[C]] : memref<1x8x2x2xf32> to memref<1x4x2x2xf32>
// CHECK-NEXT: kernel.unary ins(%arg0) outs(%[[A]]) {kind = "relu"}
// CHECK-NEXT: %[[B:.*]] = kernel.view %[[C]] {offset = 16 : i64} : memref<1x8x2x2xf32> to memref<1x4x2x2xf32>
// CHECK-NEXT: kernel.unary ins(%arg0) outs(%[[B]]) {kind = "neg"}
// CHECK-NOT: kernel.copy
// CHECK: kernel.unary ins(%[[C]]) outs(%arg1) {kind = "sigmoid"}
func.func @channels(%in: memref<1x4x2x2xf32>, %out: memref<1x8x2x2xf32>) {
  %a = kernel.alloc : memref<1x4x2x2xf32>
  kernel.unary ins(%in) outs(%a) {kind = "relu"} : memref<1x4x2x2xf32> -> memref<1x4x2x2xf32>
  %b = kernel.alloc : memref<1x4x2x2xf32>
  kernel.unary ins(%in) outs(%b) {kind = "neg"} : memref<1x4x2x2xf32> -> memref<1x4x2x2xf32>
  %c = kernel.alloc : memref<1x8x2x2xf32>
  kernel.copy ins(%a) outs(%c) {sizes = array<i64: 1, 4, 2, 2>, src_offset = 0, src_strides = array<i64: 16, 4, 2, 1>,
      dst_offset = 0, dst_strides = array<i64: 32, 4, 2, 1>} : memref<1x4x2x2xf32> -> memref<1x8x2x2xf32>
  kernel.copy ins(%b) outs(%c) {sizes = array<i64: 1, 4, 2, 2>, src_offset = 0, src_strides = array<i64: 16, 4, 2, 1>,
      dst_offset = 16, dst_strides = array<i64: 32, 4, 2, 1>} : memref<1x4x2x2xf32> -> memref<1x8x2x2xf32>
  kernel.unary ins(%c) outs(%out) {kind = "sigmoid"} : memref<1x8x2x2xf32> -> memref<1x8x2x2xf32>
  return
}

// -----

// Concat along the last axis interleaves the parts: the copies stay. So do
// copies from a buffer another op also reads.
// CHECK-LABEL: func @not_contiguous_or_shared
// CHECK-COUNT-2: kernel.copy
func.func @not_contiguous_or_shared(%in: memref<2x2xf32>, %out: memref<2x4xf32>, %out2: memref<2x2xf32>) {
  %a = kernel.alloc : memref<2x2xf32>
  kernel.unary ins(%in) outs(%a) {kind = "relu"} : memref<2x2xf32> -> memref<2x2xf32>
  %c = kernel.alloc : memref<2x4xf32>
  kernel.copy ins(%a) outs(%c) {sizes = array<i64: 2, 2>, src_offset = 0, src_strides = array<i64: 2, 1>,
      dst_offset = 0, dst_strides = array<i64: 4, 1>} : memref<2x2xf32> -> memref<2x4xf32>
  %b = kernel.alloc : memref<2x2xf32>
  kernel.unary ins(%in) outs(%b) {kind = "neg"} : memref<2x2xf32> -> memref<2x2xf32>
  %d = kernel.alloc : memref<4x2xf32>
  kernel.copy ins(%b) outs(%d) {sizes = array<i64: 2, 2>, src_offset = 0, src_strides = array<i64: 2, 1>,
      dst_offset = 4, dst_strides = array<i64: 2, 1>} : memref<2x2xf32> -> memref<4x2xf32>
  kernel.unary ins(%b) outs(%out2) {kind = "relu"} : memref<2x2xf32> -> memref<2x2xf32>
  %e = kernel.view %d : memref<4x2xf32> to memref<2x4xf32>
  kernel.binary ins(%c, %e) outs(%out) {kind = "add"} : memref<2x4xf32>, memref<2x4xf32> -> memref<2x4xf32>
  return
}
