// RUN: edgecc-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(edgecc-choose-work-groups{compute-units=2 simd-width=4 max-group-size=16 group-overhead=4}))' \
// RUN:   | FileCheck %s
// RUN: edgecc-opt %s -split-input-file -verify-diagnostics \
// RUN:   -pass-pipeline='builtin.module(func.func(edgecc-choose-work-groups{simd-width=64 max-group-size=32}))' \
// RUN:   | FileCheck %s --check-prefix=BAD

// Fewer items than the SIMD width: one group of exactly the items.
// CHECK-LABEL: func @tiny
// CHECK: kernel.unary {{.*}}kernel.work_group = array<i64: 3, 3>
// BAD-NOT: kernel.work_group
// expected-error @+1 {{edgecc-choose-work-groups needs compute-units and simd-width of at least 1, max-group-size of at least simd-width}}
func.func @tiny(%x: memref<3xf32>, %y: memref<3xf32>) {
  kernel.unary ins(%x) outs(%y) {kind = "relu"} : memref<3xf32> -> memref<3xf32>
  return
}

// -----

// 100 items on 2 units: groups of 4 take 13 waves of 4 + 4 (104), of 8
// take 7 waves of 8 + 4 (84), of 16 take 4 waves of 16 + 4 (80).
// CHECK-LABEL: func @elementwise
// CHECK: kernel.binary {{.*}}kernel.work_group = array<i64: 100, 16>
// expected-error @+1 {{edgecc-choose-work-groups needs}}
func.func @elementwise(%x: memref<100xf32>, %y: memref<100xf32>) {
  kernel.binary ins(%x, %x) outs(%y) {kind = "add"} : memref<100xf32>, memref<100xf32> -> memref<100xf32>
  return
}

// -----

// A softmax's items are its rows. Six rows: two groups of 4 fill both
// units in one wave (8), one group of 8 leaves a unit idle (12).
// CHECK-LABEL: func @rows
// CHECK: kernel.softmax {{.*}}kernel.work_group = array<i64: 6, 4>
// A copy's items are the points of its index space.
// CHECK: kernel.copy {{.*}}kernel.work_group = array<i64: 5, 4>
// expected-error @+1 {{edgecc-choose-work-groups needs}}
func.func @rows(%x: memref<6x10xf32>, %y: memref<6x10xf32>, %z: memref<5xf32>) {
  kernel.softmax ins(%x) outs(%y) {axis = 1} : memref<6x10xf32> -> memref<6x10xf32>
  kernel.copy ins(%x) outs(%z) {sizes = array<i64: 5>, src_offset = 3, src_strides = array<i64: 10>,
      dst_offset = 0, dst_strides = array<i64: 1>} : memref<6x10xf32> -> memref<5xf32>
  return
}
