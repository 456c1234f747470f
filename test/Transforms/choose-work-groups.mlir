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

// -----

// A float conv's work-items compute tiles of up to 4 channels by 4 columns
// while there are at least 2 x 2 units x 4 lanes = 16 tiles: 16 channels
// of 8 x 8 give 1 x 4 x 8 x 2 = 64 tiles of 4 x 4. With 6 channels of a
// 3-wide row, 2 channels (the most of 4, 2, 1 dividing 6) by 4 columns
// (the row, rounded up) give 3 x 3 = 9 tiles, too few: the columns halve
// to 2 (18 tiles). A byte conv (integer accumulators) is not tiled.
// CHECK-LABEL: func @convs
// CHECK: kernel.conv2d {{.*}}kernel.work_group = array<i64: 64, 16>, kernel.work_item_tile = array<i64: 4, 4>
// CHECK: kernel.conv2d {{.*}}kernel.work_group = array<i64: 18, 16>, kernel.work_item_tile = array<i64: 2, 2>
// CHECK: kernel.conv2d {{.*}}kernel.work_group = array<i64: 36, 8>, pads
// expected-error @+1 {{edgecc-choose-work-groups needs}}
func.func @convs(%x: memref<1x3x10x10xf32>, %w: memref<16x3x3x3xf32>, %y: memref<1x16x8x8xf32>,
                 %x2: memref<1x3x5x5xf32>, %w2: memref<6x3x3x3xf32>, %y2: memref<1x6x3x3xf32>,
                 %b: memref<1x2x5x5xui8>, %wb: memref<4x2x3x3xui8>, %yb: memref<1x4x3x3xi32>) {
  kernel.conv2d ins(%x, %w) outs(%y) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1} : memref<1x3x10x10xf32>, memref<16x3x3x3xf32> -> memref<1x16x8x8xf32>
  kernel.conv2d ins(%x2, %w2) outs(%y2) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1} : memref<1x3x5x5xf32>, memref<6x3x3x3xf32> -> memref<1x6x3x3xf32>
  kernel.conv2d ins(%b, %wb) outs(%yb) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1, input_zero_point = 3, weight_zero_points = array<i64: 0>}
      : memref<1x2x5x5xui8>, memref<4x2x3x3xui8> -> memref<1x4x3x3xi32>
  return
}

// -----

// A 1x1 conv at stride 1, unpadded, is a gemm per image: its tiles run
// over the flattened 7x7 plane, 2 x ceil(49 / 4) = 26 tiles of 4 channels
// by 4 pixels (row tiles would take 2 x 7 x 2 = 28). At stride 2 it is not
// one: 2 x 4 rows x 1 = 8 tiles of 4 columns, too few, so 2 columns of
// each 4-wide row (16 tiles).
// CHECK-LABEL: func @pointwise
// CHECK: kernel.conv2d {{.*}}kernel.work_group = array<i64: 26, 16>, kernel.work_item_tile = array<i64: 4, 4>
// CHECK: kernel.conv2d {{.*}}kernel.work_group = array<i64: 16, 8>, kernel.work_item_tile = array<i64: 4, 2>
// expected-error @+1 {{edgecc-choose-work-groups needs}}
func.func @pointwise(%x: memref<1x3x7x7xf32>, %w: memref<8x3x1x1xf32>, %y: memref<1x8x7x7xf32>,
                     %y2: memref<1x8x4x4xf32>) {
  kernel.conv2d ins(%x, %w) outs(%y) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1} : memref<1x3x7x7xf32>, memref<8x3x1x1xf32> -> memref<1x8x7x7xf32>
  kernel.conv2d ins(%x, %w) outs(%y2) {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1} : memref<1x3x7x7xf32>, memref<8x3x1x1xf32> -> memref<1x8x4x4xf32>
  return
}

// -----

// A float gemm's work-items compute tiles of up to 4 rows by 4 columns of
// one output matrix: 2 x 8 x 8 outputs give 2 x 2 x 2 = 8 tiles of 4 x 4,
// fewer than 16: the columns halve to 2 (16 tiles).
// CHECK-LABEL: func @gemm
// CHECK: kernel.gemm {{.*}}kernel.work_group = array<i64: 16, 8>, kernel.work_item_tile = array<i64: 4, 2>
// expected-error @+1 {{edgecc-choose-work-groups needs}}
func.func @gemm(%a: memref<2x8x3xf32>, %b: memref<3x8xf32>, %y: memref<2x8x8xf32>) {
  kernel.gemm ins(%a, %b) outs(%y) : memref<2x8x3xf32>, memref<3x8xf32> -> memref<2x8x8xf32>
  return
}
