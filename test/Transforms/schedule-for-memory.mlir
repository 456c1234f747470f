// RUN: edgecc-opt %s -split-input-file -edgecc-schedule-for-memory | FileCheck %s
// RUN: edgecc-opt %s -split-input-file -edgecc-schedule-for-memory -edgecc-plan-memory | FileCheck %s --check-prefix=PLAN

// Two branches, each a big buffer reduced to a scalar. In the given order
// both big buffers are live at once (512 bytes); finishing one branch,
// down to copying its scalar out, before starting the other needs 256 + 4.
// CHECK-LABEL: func @branches
// CHECK-COUNT-4: kernel.alloc
// CHECK: kernel.unary ins(%arg0) outs(%[[A1:.*]]) {kind = "relu"}
// CHECK-NEXT: kernel.reduce ins(%[[A1]]) outs(%[[A2:.*]]) {
// CHECK-NEXT: kernel.copy ins(%[[A2]])
// CHECK-NEXT: kernel.unary ins(%arg0) outs(%[[B1:.*]]) {kind = "neg"}
// CHECK-NEXT: kernel.reduce ins(%[[B1]]) outs(%[[B2:.*]]) {
// CHECK-NEXT: kernel.copy ins(%[[B2]])
// PLAN-LABEL: func @branches
// PLAN-SAME: kernel.arena_size = 320
// PLAN-SAME: kernel.live_bytes_bound = 260
func.func @branches(%in: memref<64xf32>, %out: memref<2xf32>) {
  %a1 = kernel.alloc : memref<64xf32>
  kernel.unary ins(%in) outs(%a1) {kind = "relu"} : memref<64xf32> -> memref<64xf32>
  %b1 = kernel.alloc : memref<64xf32>
  kernel.unary ins(%in) outs(%b1) {kind = "neg"} : memref<64xf32> -> memref<64xf32>
  %a2 = kernel.alloc : memref<1xf32>
  kernel.reduce ins(%a1) outs(%a2) {kind = "sum", axes = array<i64: 0>} : memref<64xf32> -> memref<1xf32>
  %b2 = kernel.alloc : memref<1xf32>
  kernel.reduce ins(%b1) outs(%b2) {kind = "sum", axes = array<i64: 0>} : memref<64xf32> -> memref<1xf32>
  kernel.copy ins(%a2) outs(%out) {sizes = array<i64: 1>, src_offset = 0, src_strides = array<i64: 1>,
      dst_offset = 0, dst_strides = array<i64: 1>} : memref<1xf32> -> memref<2xf32>
  kernel.copy ins(%b2) outs(%out) {sizes = array<i64: 1>, src_offset = 0, src_strides = array<i64: 1>,
      dst_offset = 1, dst_strides = array<i64: 1>} : memref<1xf32> -> memref<2xf32>
  return
}

// -----

// A chain has nothing to gain: the order stays.
// CHECK-LABEL: func @chain
// CHECK: kernel.unary ins(%arg0) outs(%[[A:.*]]) {kind = "relu"}
// CHECK-NEXT: kernel.unary ins(%[[A]]) outs(%arg1) {kind = "neg"}
func.func @chain(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = kernel.alloc : memref<16xf32>
  kernel.unary ins(%in) outs(%a) {kind = "relu"} : memref<16xf32> -> memref<16xf32>
  kernel.unary ins(%a) outs(%out) {kind = "neg"} : memref<16xf32> -> memref<16xf32>
  return
}
