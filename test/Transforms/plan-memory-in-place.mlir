// RUN: edgecc-opt %s -split-input-file -edgecc-plan-memory | FileCheck %s

// An elementwise chain runs in one buffer: each op overwrites its input,
// which no later op reads.
// CHECK-LABEL: func @chain
// CHECK-SAME: kernel.arena_size = 64
// CHECK-SAME: kernel.op_bytes_bound = 64
// CHECK-COUNT-3: kernel.alloc {offset = 0 : i64}
func.func @chain(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = kernel.alloc : memref<16xf32>
  kernel.unary ins(%in) outs(%a) {kind = "relu"} : memref<16xf32> -> memref<16xf32>
  %b = kernel.alloc : memref<16xf32>
  kernel.unary ins(%a) outs(%b) {kind = "sigmoid"} : memref<16xf32> -> memref<16xf32>
  %c = kernel.alloc : memref<16xf32>
  kernel.unary ins(%b) outs(%c) {kind = "tanh"} : memref<16xf32> -> memref<16xf32>
  kernel.unary ins(%c) outs(%out) {kind = "neg"} : memref<16xf32> -> memref<16xf32>
  return
}

// -----

// SiLU, x * sigmoid(x): the sigmoid cannot overwrite x (the product still
// reads it), but the product overwrites x.
// CHECK-LABEL: func @silu
// CHECK-SAME: kernel.arena_size = 128
// CHECK: kernel.alloc {offset = 0 : i64}
// CHECK: kernel.alloc {offset = 64 : i64}
// CHECK: kernel.alloc {offset = 0 : i64}
func.func @silu(%in: memref<16xf32>, %out: memref<16xf32>) {
  %x = kernel.alloc : memref<16xf32>
  kernel.unary ins(%in) outs(%x) {kind = "relu"} : memref<16xf32> -> memref<16xf32>
  %s = kernel.alloc : memref<16xf32>
  kernel.unary ins(%x) outs(%s) {kind = "sigmoid"} : memref<16xf32> -> memref<16xf32>
  %y = kernel.alloc : memref<16xf32>
  kernel.binary ins(%x, %s) outs(%y) {kind = "mul"} : memref<16xf32>, memref<16xf32> -> memref<16xf32>
  kernel.unary ins(%y) outs(%out) {kind = "neg"} : memref<16xf32> -> memref<16xf32>
  return
}

// -----

// A non-elementwise op (a transposing copy) never writes over its input,
// and a broadcast operand is not overwritten even when it dies: the add
// writes over %c, whose elements map one to one.
// CHECK-LABEL: func @not_in_place
// CHECK: %[[B:.*]] = kernel.alloc {offset = 0 : i64} : memref<4x4xf32>
// CHECK: %[[C:.*]] = kernel.alloc {offset = 64 : i64} : memref<4x4xf32>
// CHECK: %[[R:.*]] = kernel.alloc {offset = 0 : i64} : memref<4xf32>
// CHECK: %[[D:.*]] = kernel.alloc {offset = 64 : i64} : memref<4x4xf32>
func.func @not_in_place(%in: memref<4x4xf32>, %row: memref<4xf32>, %out: memref<4x4xf32>) {
  %b = kernel.alloc : memref<4x4xf32>
  kernel.unary ins(%in) outs(%b) {kind = "neg"} : memref<4x4xf32> -> memref<4x4xf32>
  %c = kernel.alloc : memref<4x4xf32>
  kernel.copy ins(%b) outs(%c) {sizes = array<i64: 4, 4>, src_offset = 0, src_strides = array<i64: 1, 4>,
      dst_offset = 0, dst_strides = array<i64: 4, 1>} : memref<4x4xf32> -> memref<4x4xf32>
  %r = kernel.alloc : memref<4xf32>
  kernel.unary ins(%row) outs(%r) {kind = "relu"} : memref<4xf32> -> memref<4xf32>
  %d = kernel.alloc : memref<4x4xf32>
  kernel.binary ins(%r, %c) outs(%d) {kind = "add"} : memref<4xf32>, memref<4x4xf32> -> memref<4x4xf32>
  kernel.unary ins(%d) outs(%out) {kind = "neg"} : memref<4x4xf32> -> memref<4x4xf32>
  return
}

// -----

// A lookup overwrites its bytes, never its table, even when the table is
// a buffer of the output's type that dies there.
// CHECK-LABEL: func @lookup
// CHECK: %[[T:.*]] = kernel.alloc {offset = 0 : i64} : memref<256xui8>
// CHECK: %[[X:.*]] = kernel.alloc {offset = 256 : i64} : memref<256xui8>
// CHECK: %[[Y:.*]] = kernel.alloc {offset = 256 : i64} : memref<256xui8>
// CHECK: kernel.lookup ins(%[[T]], %[[X]]) outs(%[[Y]])
func.func @lookup(%in: memref<256xui8>, %out: memref<256xui8>) {
  %t = kernel.alloc : memref<256xui8>
  kernel.unary ins(%in) outs(%t) {kind = "not"} : memref<256xui8> -> memref<256xui8>
  %x = kernel.alloc : memref<256xui8>
  kernel.copy ins(%in) outs(%x) {sizes = array<i64: 256>, src_offset = 0, src_strides = array<i64: 1>,
      dst_offset = 0, dst_strides = array<i64: 1>} : memref<256xui8> -> memref<256xui8>
  %y = kernel.alloc : memref<256xui8>
  kernel.lookup ins(%t, %x) outs(%y) : memref<256xui8>, memref<256xui8> -> memref<256xui8>
  kernel.copy ins(%y) outs(%out) {sizes = array<i64: 256>, src_offset = 0, src_strides = array<i64: 1>,
      dst_offset = 0, dst_strides = array<i64: 1>} : memref<256xui8> -> memref<256xui8>
  return
}
