// RUN: edgecc-opt %s -split-input-file -verify-diagnostics \
// RUN:   -pass-pipeline='builtin.module(func.func(edgecc-plan-memory{alignment=64 in-place=false}))' | FileCheck %s

// A chain a -> b -> c -> d: a and c can share memory, b and d too, but no
// buffer shares with the one its op reads. 1x16 floats are 64 bytes.
// CHECK-LABEL: func @chain
// CHECK-SAME: kernel.arena_size = 128
// CHECK-SAME: kernel.live_bytes_bound = 128
// CHECK-SAME: kernel.naive_bytes = 192
// CHECK-SAME: kernel.op_bytes_bound = 128
// CHECK: %[[A:.*]] = kernel.alloc {offset = 0 : i64}
// CHECK: %[[B:.*]] = kernel.alloc {offset = 64 : i64}
// CHECK: %[[C:.*]] = kernel.alloc {offset = 0 : i64}
func.func @chain(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = kernel.alloc : memref<16xf32>
  kernel.unary ins(%in) outs(%a) {kind = "relu"} : memref<16xf32> -> memref<16xf32>
  %b = kernel.alloc : memref<16xf32>
  kernel.unary ins(%a) outs(%b) {kind = "relu"} : memref<16xf32> -> memref<16xf32>
  %c = kernel.alloc : memref<16xf32>
  kernel.unary ins(%b) outs(%c) {kind = "relu"} : memref<16xf32> -> memref<16xf32>
  kernel.unary ins(%c) outs(%out) {kind = "relu"} : memref<16xf32> -> memref<16xf32>
  return
}

// -----

// A buffer read through a view stays live until the view's last use (so
// here all three overlap), and odd sizes are padded to the alignment.
// CHECK-LABEL: func @view_keeps_alive
// CHECK-SAME: kernel.arena_size = 192
// CHECK: kernel.alloc {offset = 0 : i64} : memref<3xf32>
// CHECK: kernel.alloc {offset = 64 : i64} : memref<3xf32>
// CHECK: kernel.alloc {offset = 128 : i64} : memref<3xf32>
func.func @view_keeps_alive(%in: memref<3xf32>, %out: memref<3xf32>) {
  %a = kernel.alloc : memref<3xf32>
  kernel.unary ins(%in) outs(%a) {kind = "relu"} : memref<3xf32> -> memref<3xf32>
  %v = kernel.view %a : memref<3xf32> to memref<1x3xf32>
  %b = kernel.alloc : memref<3xf32>
  kernel.unary ins(%in) outs(%b) {kind = "neg"} : memref<3xf32> -> memref<3xf32>
  %c = kernel.alloc : memref<3xf32>
  kernel.binary ins(%b, %in) outs(%c) {kind = "add"} : memref<3xf32>, memref<3xf32> -> memref<3xf32>
  %w = kernel.view %v : memref<1x3xf32> to memref<3xf32>
  kernel.binary ins(%w, %c) outs(%out) {kind = "mul"} : memref<3xf32>, memref<3xf32> -> memref<3xf32>
  return
}

// -----

// Largest-first placement needs 512 bytes here (c cannot reuse a's slot
// once b sits above it); placing by first use reaches the live bound of 384.
// CHECK-LABEL: func @order_matters
// CHECK-SAME: kernel.arena_size = 384
// CHECK-SAME: kernel.live_bytes_bound = 384
// CHECK-SAME: kernel.naive_bytes = 704
// CHECK-SAME: kernel.op_bytes_bound = 384
func.func @order_matters(%in: memref<48xf32>, %in2: memref<3x1x16xf32>, %out: memref<3x2x16xf32>) {
  %a = kernel.alloc : memref<48xf32>
  kernel.unary ins(%in) outs(%a) {kind = "relu"} : memref<48xf32> -> memref<48xf32>
  %b = kernel.alloc : memref<48xf32>
  kernel.unary ins(%a) outs(%b) {kind = "neg"} : memref<48xf32> -> memref<48xf32>
  %c = kernel.alloc : memref<2x16xf32>
  kernel.copy ins(%b) outs(%c) {sizes = array<i64: 32>, src_offset = 0, src_strides = array<i64: 1>,
      dst_offset = 0, dst_strides = array<i64: 1>} : memref<48xf32> -> memref<2x16xf32>
  %d = kernel.alloc : memref<3x1x16xf32>
  kernel.unary ins(%in2) outs(%d) {kind = "relu"} : memref<3x1x16xf32> -> memref<3x1x16xf32>
  kernel.binary ins(%c, %d) outs(%out) {kind = "add"} : memref<2x16xf32>, memref<3x1x16xf32> -> memref<3x2x16xf32>
  return
}
