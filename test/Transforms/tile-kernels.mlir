// RUN: edgecc-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(edgecc-tile-kernels{vector-lanes=2 vector-registers=8}))' | FileCheck %s
// RUN: edgecc-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(edgecc-tile-kernels{vector-lanes=2 vector-registers=8 l2-bytes=40}))' | FileCheck %s --check-prefix=SMALL-L2
// RUN: edgecc-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(edgecc-tile-kernels{vector-lanes=2 vector-registers=8 threads=3}))' | FileCheck %s --check-prefix=THREADS
// RUN: edgecc-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(edgecc-tile-kernels{vector-lanes=4 vector-registers=16}))' | FileCheck %s --check-prefix=PIXEL
// RUN: edgecc-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(edgecc-tile-kernels{vector-lanes=16 vector-registers=32}))' | FileCheck %s --check-prefix=AVX512
// RUN: edgecc-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(edgecc-tile-kernels{vector-lanes=8 vector-registers=16}))' | FileCheck %s --check-prefix=AVX2
// RUN: edgecc-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(edgecc-tile-kernels{vector-lanes=8 vector-registers=16 l2-bytes=65536}))' | FileCheck %s --check-prefix=AVX2-L2
// RUN: edgecc-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(edgecc-tile-kernels{vector-lanes=8 vector-registers=16 fma-chains=12}))' | FileCheck %s --check-prefix=FMA12
// RUN: edgecc-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(edgecc-tile-kernels{vector-lanes=8 vector-registers=16 dot-chains=12}))' | FileCheck %s --check-prefix=DOT12
// RUN: edgecc-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(edgecc-tile-kernels{vector-lanes=2 vector-registers=8 dot-pairs=1}))' | FileCheck %s --check-prefix=PAIRS
// RUN: edgecc-opt %s -split-input-file \
// RUN:   -pass-pipeline='builtin.module(func.func(edgecc-tile-kernels{vector-lanes=2 vector-registers=8 dot-pairs=1 l2-bytes=16}))' | FileCheck %s --check-prefix=PAIRS-L2

// A 1x1 conv: 3 output channels by 4 pixels. With 2-lane vectors and 8
// registers, a 2x4 tile (two accumulators per row) and a 3x2 tile both
// issue at the FMA latency's bound; the 2x4 one wins the tie (larger). The
// second channel panel ends at the edge: channels 1 and 2. The input is
// read in place: no workspace.
// CHECK-LABEL: func @pointwise
// CHECK: %[[W:.*]] = kernel.weight dense<{{\[\[\[}}1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]], {{\[\[}}3.000000e+00, 5.000000e+00], [4.000000e+00, 6.000000e+00]]]> : tensor<2x2x2xf32> : memref<2x2x2xf32>
// CHECK-NOT: kernel.alloc
// CHECK: kernel.packed_conv2d ins(%arg0, %[[W]], %arg1) outs(%arg2)
// CHECK-SAME: activation = "relu"
// CHECK-SAME: kernel_shape = array<i64: 1, 1>
// CHECK-SAME: tile = array<i64: 2, 4>
// CHECK-NOT: weight_panels_outer
// CHECK-NOT: kernel.conv2d
// With its 24 bytes of weights over half a 40-byte L2, it gathers its
// input instead, into a [tasks, K, pixels per tile] workspace. Its 8-byte
// patch columns fit one vector (two pixels) per tile in the 20-byte
// budget: a tile of all 3 channels by 2 pixels.
// SMALL-L2-LABEL: func @pointwise
// SMALL-L2: %[[WS:.*]] = kernel.alloc : memref<1x2x2xf32>
// SMALL-L2: kernel.packed_conv2d ins(%arg0, %{{.*}}, %arg1) workspace(%[[WS]] : memref<1x2x2xf32>) outs(%arg2)
// SMALL-L2-NOT: weight_panels_outer
// SMALL-L2-SAME: tile = array<i64: 3, 2>
func.func @pointwise(%in: memref<1x2x2x2xf32>, %bias: memref<3xf32>, %out: memref<1x3x2x2xf32>) {
  %w = kernel.weight dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]]]> : tensor<3x2x1x1xf32> : memref<3x2x1x1xf32>
  kernel.conv2d ins(%in, %w, %bias) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1, activation = "relu"}
      : memref<1x2x2x2xf32>, memref<3x2x1x1xf32>, memref<3xf32> -> memref<1x3x2x2xf32>
  return
}

// -----

// A padded 3x3 conv at stride 1 reads its input in place, padded into a
// buffer of its own (fill, then a copy of the interior at row 1, column 1 of
// the 6x6 planes): its tiles run over the 3 x 6 + 4 = 22 positions of the
// padded rows, K = 2x3x3 taps each. 12 channels in two panels of 6 rows.
// CHECK-LABEL: func @padded
// CHECK: %[[W:.*]] = kernel.weight dense_resource<packed> : tensor<2x18x6xf32>
// CHECK: %[[PADDED:.*]] = kernel.alloc : memref<1x2x6x6xf32>
// CHECK: kernel.fill outs(%[[PADDED]]) {value = 0.000000e+00 : f32}
// CHECK: kernel.copy ins(%arg0) outs(%[[PADDED]]) {dst_offset = 7 : i64, dst_strides = array<i64: 72, 36, 6, 1>, sizes = array<i64: 1, 2, 4, 4>
// CHECK: kernel.packed_conv2d ins(%[[PADDED]], %[[W]]) outs(%arg1)
// CHECK-SAME: kernel_shape = array<i64: 3, 3>
// CHECK-SAME: pads = array<i64: 0, 0, 0, 0>
// CHECK-NOT: pixel_rows
// CHECK-SAME: tile = array<i64: 6, 2>
// Nothing is gathered, so a small L2 changes only the loop order.
// SMALL-L2-LABEL: func @padded
// SMALL-L2: kernel.packed_conv2d
// SMALL-L2-SAME: weight_panels_outer
// 3456 multiply-adds are too few to hand to other threads.
// THREADS-LABEL: func @padded
// THREADS: kernel.packed_conv2d
// THREADS-NOT: tasks =
func.func @padded(%in: memref<1x2x4x4xf32>, %out: memref<1x12x4x4xf32>) {
  %w = kernel.weight dense<0.25> : tensor<12x2x3x3xf32> : memref<12x2x3x3xf32>
  kernel.conv2d ins(%in, %w) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
      dilations = array<i64: 1, 1>, group = 1}
      : memref<1x2x4x4xf32>, memref<12x2x3x3xf32> -> memref<1x12x4x4xf32>
  return
}

// -----

// At stride 2 the patches are gathered per pixel tile into a [tasks, K,
// pixels per tile] workspace.
// With a 40-byte L2 even one vector of patch columns (2 x 18 floats) does
// not fit half of it: the conv keeps its portable kernel.
// CHECK-LABEL: func @strided
// CHECK: %[[W:.*]] = kernel.weight dense_resource<packed> : tensor<2x18x6xf32>
// CHECK: %[[WS:.*]] = kernel.alloc : memref<1x18x2xf32>
// CHECK: kernel.packed_conv2d ins(%arg0, %[[W]]) workspace(%[[WS]] : memref<1x18x2xf32>) outs(%arg1)
// CHECK-SAME: pads = array<i64: 1, 1, 1, 1>
// CHECK-SAME: strides = array<i64: 2, 2>
// CHECK-SAME: tile = array<i64: 6, 2>
// SMALL-L2-LABEL: func @strided
// SMALL-L2: kernel.conv2d
// THREADS-LABEL: func @strided
// THREADS: kernel.alloc : memref<1x18x2xf32>
// THREADS-NOT: tasks =
func.func @strided(%in: memref<1x2x8x8xf32>, %out: memref<1x12x4x4xf32>) {
  %w = kernel.weight dense<0.25> : tensor<12x2x3x3xf32> : memref<12x2x3x3xf32>
  kernel.conv2d ins(%in, %w) outs(%out) {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
      dilations = array<i64: 1, 1>, group = 1}
      : memref<1x2x8x8xf32>, memref<12x2x3x3xf32> -> memref<1x12x4x4xf32>
  return
}

// -----

// A 3x3 plane on 4-lane vectors (16 registers): channel rows would fill 9 of
// 12 lanes, so pixels may be the rows and 8 output channels the vector
// columns. The strided conv (144 terms) takes 5 pixels by 8 channels,
// gathering 5 pixels' patches; the 1x1 conv of 8 terms would not pay for
// the block's transpose and keeps channel rows; the padded 3x3 conv reads
// its padded input in place in row tiles: each of its 3-pixel output rows
// by the 8 channels (over its 13 positions, 2 of 5 past the rows' ends,
// it would waste more). Its 3 pixel rows slide along 3 taps: 3 + 2
// broadcasts, 6 accumulators and 2 weight vectors take 13 of the 16
// registers.
// PIXEL-LABEL: func @few_pixels
// PIXEL: kernel.weight dense_resource<packed> : tensor<1x144x8xf32>
// PIXEL: kernel.alloc : memref<1x144x5xf32>
// PIXEL: kernel.packed_conv2d ins(%arg0, %{{.*}}) workspace(%{{.*}} : memref<1x144x5xf32>) outs(%arg1)
// PIXEL-SAME: pixel_rows
// PIXEL-SAME: tile = array<i64: 5, 8>
// PIXEL: kernel.packed_conv2d ins(%arg1, %{{.*}}) outs(%arg2)
// PIXEL-NOT: pixel_rows
// PIXEL-SAME: tile = array<i64: 8, 4>
// PIXEL: kernel.weight dense_resource<packed_2> : tensor<1x72x8xf32>
// PIXEL: %[[PADDED:.*]] = kernel.alloc : memref<1x8x5x5xf32>
// PIXEL: kernel.packed_conv2d ins(%[[PADDED]], %{{.*}}) outs(%arg3)
// PIXEL-SAME: pixel_rows, row_tiles
// PIXEL-SAME: tile = array<i64: 3, 8>
func.func @few_pixels(%in: memref<1x16x6x6xf32>, %strided: memref<1x8x3x3xf32>, %pw: memref<1x8x3x3xf32>,
                      %out: memref<1x8x3x3xf32>) {
  %w = kernel.weight dense<0.25> : tensor<8x16x3x3xf32> : memref<8x16x3x3xf32>
  kernel.conv2d ins(%in, %w) outs(%strided) {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
      dilations = array<i64: 1, 1>, group = 1}
      : memref<1x16x6x6xf32>, memref<8x16x3x3xf32> -> memref<1x8x3x3xf32>
  %w1 = kernel.weight dense<0.5> : tensor<8x8x1x1xf32> : memref<8x8x1x1xf32>
  kernel.conv2d ins(%strided, %w1) outs(%pw) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1, activation = "silu"}
      : memref<1x8x3x3xf32>, memref<8x8x1x1xf32> -> memref<1x8x3x3xf32>
  %w2 = kernel.weight dense<0.125> : tensor<8x8x3x3xf32> : memref<8x8x3x3xf32>
  kernel.conv2d ins(%pw, %w2) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
      dilations = array<i64: 1, 1>, group = 1}
      : memref<1x8x3x3xf32>, memref<8x8x3x3xf32> -> memref<1x8x3x3xf32>
  return
}

// -----

// A depthwise conv on a one-column image (4-lane vectors): rows of one
// output are narrower than a vector, so its vectors run over the 11 x 3 +
// 1 = 34 positions of the padded plane's rows (9 vectors, not 12): the
// plane needs only the 3 columns the outputs read, not the 6 a vector
// along one row would.
// PIXEL-LABEL: func @depthwise_over_positions
// PIXEL: kernel.alloc : memref<1x14x3xf32>
// PIXEL: kernel.depthwise_conv2d
func.func @depthwise_over_positions(%in: memref<1x8x12x1xf32>, %out: memref<1x8x12x1xf32>) {
  %w = kernel.weight dense<0.5> : tensor<8x1x3x3xf32> : memref<8x1x3x3xf32>
  kernel.conv2d ins(%in, %w) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
      dilations = array<i64: 1, 1>, group = 8}
      : memref<1x8x12x1xf32>, memref<8x1x3x3xf32> -> memref<1x8x12x1xf32>
  return
}
// -----

// A depthwise conv reads a zero-padded plane a vector of columns at a
// time: 4 output rows and 3 taps make 6 rows (and columns). Strided ones
// read it split into stride phases, so that every tap's vector is one
// load: at stride 2, 2 output rows read rows up to 1 * 2 + 2, 5 rows in 4
// phases of 3 x 3; at stride 3, 2 rows of outputs read 1 * 3 + 3 rows, 9
// phases of 2 x 2.
// CHECK-LABEL: func @depthwise
// CHECK: %[[P:.*]] = kernel.alloc : memref<1x6x6xf32>
// CHECK: kernel.depthwise_conv2d ins(%arg0, %{{.*}}, %arg1) workspace(%[[P]] : memref<1x6x6xf32>) outs(%arg2)
// CHECK-SAME: activation = "relu"
// CHECK-SAME: vector_width = 2 : i64
// CHECK: %[[P2:.*]] = kernel.alloc : memref<1x12x3xf32>
// CHECK: kernel.depthwise_conv2d ins(%arg0, %{{.*}}) workspace(%[[P2]] : memref<1x12x3xf32>) outs(%arg3)
// CHECK-SAME: strides = array<i64: 2, 2>
// CHECK: %[[P3:.*]] = kernel.alloc : memref<1x18x2xf32>
// CHECK: kernel.depthwise_conv2d ins(%arg0, %{{.*}}) workspace(%[[P3]] : memref<1x18x2xf32>) outs(%arg4)
// CHECK-SAME: strides = array<i64: 3, 3>
func.func @depthwise(%in: memref<1x2x4x4xf32>, %bias: memref<2xf32>, %out: memref<1x2x4x4xf32>, %half: memref<1x2x2x2xf32>,
                     %third: memref<1x2x2x2xf32>) {
  %dw = kernel.weight dense<1.0> : tensor<2x1x3x3xf32> : memref<2x1x3x3xf32>
  kernel.conv2d ins(%in, %dw, %bias) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
      dilations = array<i64: 1, 1>, group = 2, activation = "relu"}
      : memref<1x2x4x4xf32>, memref<2x1x3x3xf32>, memref<2xf32> -> memref<1x2x4x4xf32>
  kernel.conv2d ins(%in, %dw) outs(%half) {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
      dilations = array<i64: 1, 1>, group = 2}
      : memref<1x2x4x4xf32>, memref<2x1x3x3xf32> -> memref<1x2x2x2xf32>
  kernel.conv2d ins(%in, %dw) outs(%third) {strides = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>,
      dilations = array<i64: 1, 1>, group = 2}
      : memref<1x2x4x4xf32>, memref<2x1x3x3xf32> -> memref<1x2x2x2xf32>
  return
}

// -----

// Convs with a weight computed at run time, integer convs and a one-pixel
// conv with fewer output channels than a vector keep kernel.conv2d.
// CHECK-LABEL: func @untiled_convs
// CHECK-COUNT-3: kernel.conv2d
// CHECK-NOT: packed
// CHECK-NOT: depthwise
func.func @untiled_convs(%in: memref<1x2x4x4xf32>, %wd: memref<2x2x1x1xf32>, %out: memref<1x2x4x4xf32>,
                         %bytes: memref<1x2x4x4xi8>, %counts: memref<1x2x4x4xi32>, %row: memref<1x2x1x1xf32>,
                         %one: memref<1x1x1x1xf32>) {
  kernel.conv2d ins(%in, %wd) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1}
      : memref<1x2x4x4xf32>, memref<2x2x1x1xf32> -> memref<1x2x4x4xf32>
  %wi = kernel.weight dense<1> : tensor<2x2x1x1xi8> : memref<2x2x1x1xi8>
  kernel.conv2d ins(%bytes, %wi) outs(%counts) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1, input_zero_point = 0 : i64, weight_zero_points = array<i64: 0>}
      : memref<1x2x4x4xi8>, memref<2x2x1x1xi8> -> memref<1x2x4x4xi32>
  %w1 = kernel.weight dense<1.0> : tensor<1x2x1x1xf32> : memref<1x2x1x1xf32>
  kernel.conv2d ins(%row, %w1) outs(%one) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1}
      : memref<1x2x1x1xf32>, memref<1x2x1x1xf32> -> memref<1x1x1x1xf32>
  return
}

// -----

// A 1x1 conv on one pixel per image (squeeze-excite) is a matmul of the
// [N, IC] input by the weight's transpose, through views; the weight rows
// are already B^T's rows.
// CHECK-LABEL: func @single_pixel
// CHECK-DAG: %[[A:.*]] = kernel.view %arg0 : memref<3x2x1x1xf32> to memref<3x2xf32>
// CHECK-DAG: %[[Y:.*]] = kernel.view %arg2 : memref<3x4x1x1xf32> to memref<3x4xf32>
// CHECK-DAG: %[[B:.*]] = kernel.weight dense<{{\[\[\[}}1.000000e+00, 3.000000e+00, 5.000000e+00, 7.000000e+00], [2.000000e+00, 4.000000e+00, 6.000000e+00, 8.000000e+00]]]> : tensor<1x2x4xf32>
// CHECK: kernel.packed_matmul ins(%[[A]], %[[B]], %arg1) outs(%[[Y]]) {activation = "silu", tile = array<i64: 2, 4>}
// CHECK-NOT: kernel.conv2d
func.func @single_pixel(%x: memref<3x2x1x1xf32>, %bias: memref<4xf32>, %y: memref<3x4x1x1xf32>) {
  %w = kernel.weight dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]], [[[7.0]], [[8.0]]]]> : tensor<4x2x1x1xf32> : memref<4x2x1x1xf32>
  kernel.conv2d ins(%x, %w, %bias) outs(%y) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1, activation = "silu"}
      : memref<3x2x1x1xf32>, memref<4x2x1x1xf32>, memref<4xf32> -> memref<3x4x1x1xf32>
  return
}

// -----

// A fused residual stays with the conv: the packed conv reads it, and a
// single-pixel conv with one is not turned into a matmul (which has none)
// but into a packed conv like the others.
// CHECK-LABEL: func @residual
// CHECK: kernel.packed_conv2d ins(%arg0, %{{.*}}, %arg1) residual(%arg2 : memref<1x3x2x2xf32>) outs(%arg3)
// CHECK-SAME: activation = "relu"
// CHECK: kernel.packed_conv2d ins(%arg4, %{{.*}}, %arg5) residual(%arg6 : memref<3x4x1x1xf32>) outs(%arg7)
// CHECK-NOT: kernel.packed_matmul
func.func @residual(%in: memref<1x2x2x2xf32>, %bias: memref<3xf32>, %r: memref<1x3x2x2xf32>, %out: memref<1x3x2x2xf32>,
                    %x: memref<3x2x1x1xf32>, %bias4: memref<4xf32>, %r4: memref<3x4x1x1xf32>, %y: memref<3x4x1x1xf32>) {
  %w = kernel.weight dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]]]> : tensor<3x2x1x1xf32> : memref<3x2x1x1xf32>
  kernel.conv2d ins(%in, %w, %bias) residual(%r : memref<1x3x2x2xf32>) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1, activation = "relu"}
      : memref<1x2x2x2xf32>, memref<3x2x1x1xf32>, memref<3xf32> -> memref<1x3x2x2xf32>
  %w4 = kernel.weight dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]], [[[7.0]], [[8.0]]]]> : tensor<4x2x1x1xf32> : memref<4x2x1x1xf32>
  kernel.conv2d ins(%x, %w4, %bias4) residual(%r4 : memref<3x4x1x1xf32>) outs(%y) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1}
      : memref<3x2x1x1xf32>, memref<4x2x1x1xf32>, memref<4xf32> -> memref<3x4x1x1xf32>
  return
}

// -----

// A matmul by a constant [K = 2, N = 4] with a per-column bias: B is packed
// as panels of B^T columns, the bias is read through an [N] view.
// CHECK-LABEL: func @matmul
// CHECK: %[[C:.*]] = kernel.view %arg1 : memref<1x4xf32> to memref<4xf32>
// CHECK: %[[B:.*]] = kernel.weight dense<{{\[\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00]]]> : tensor<1x2x4xf32>
// CHECK: kernel.packed_matmul ins(%arg0, %[[B]], %[[C]]) outs(%arg2)
// CHECK-SAME: tile = array<i64: 2, 4>
func.func @matmul(%a: memref<3x2xf32>, %c: memref<1x4xf32>, %y: memref<3x4xf32>) {
  %b = kernel.weight dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]> : tensor<2x4xf32> : memref<2x4xf32>
  kernel.gemm ins(%a, %b, %c) outs(%y) : memref<3x2xf32>, memref<2x4xf32>, memref<1x4xf32> -> memref<3x4xf32>
  return
}

// -----

// Transposed B ([N, K]) packs the same panels without transposing.
// CHECK-LABEL: func @matmul_trans_b
// CHECK: kernel.weight dense<{{\[\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00]]]>
// CHECK: kernel.packed_matmul
func.func @matmul_trans_b(%a: memref<3x2xf32>, %y: memref<3x4xf32>) {
  %b = kernel.weight dense<[[1.0, 5.0], [2.0, 6.0], [3.0, 7.0], [4.0, 8.0]]> : tensor<4x2xf32> : memref<4x2xf32>
  kernel.gemm ins(%a, %b) outs(%y) {trans_b = true} : memref<3x2xf32>, memref<4x2xf32> -> memref<3x4xf32>
  return
}

// -----

// Scaled products, a matrix C and a B computed at run time keep kernel.gemm.
// CHECK-LABEL: func @untiled_gemms
// CHECK-COUNT-3: kernel.gemm
// CHECK-NOT: packed
func.func @untiled_gemms(%a: memref<3x2xf32>, %bm: memref<2x4xf32>, %cm: memref<3x4xf32>, %y: memref<3x4xf32>) {
  %b = kernel.weight dense<1.0> : tensor<2x4xf32> : memref<2x4xf32>
  kernel.gemm ins(%a, %b) outs(%y) {alpha = 2.0 : f32} : memref<3x2xf32>, memref<2x4xf32> -> memref<3x4xf32>
  kernel.gemm ins(%a, %b, %cm) outs(%y) : memref<3x2xf32>, memref<2x4xf32>, memref<3x4xf32> -> memref<3x4xf32>
  kernel.gemm ins(%a, %bm) outs(%y) : memref<3x2xf32>, memref<2x4xf32> -> memref<3x4xf32>
  return
}

// -----

// With threads=3, kernels large enough to split get up to 3 tasks, at
// least 65536 multiply-adds each, and a workspace per task.
// Without threads, one task each (the default, not printed).
// CHECK-LABEL: func @split_for_threads
// CHECK-NOT: tasks =
// THREADS-LABEL: func @split_for_threads
// 16 x 72 x 256 = 294912 multiply-adds: 3 tasks, reading one padded input
// (no patch workspaces).
// THREADS: kernel.alloc : memref<1x8x18x18xf32>
// THREADS: kernel.packed_conv2d
// THREADS-SAME: tasks = 3
// 64 x 9 x 256 = 147456: 2 tasks, 2 planes.
// THREADS: kernel.alloc : memref<2x18x18xf32>
// THREADS: kernel.depthwise_conv2d
// THREADS-SAME: tasks = 2
// 64 x 64 x 64 = 262144: 3 tasks.
// THREADS: kernel.packed_matmul
// THREADS-SAME: tasks = 3
func.func @split_for_threads(%in: memref<1x8x16x16xf32>, %out: memref<1x16x16x16xf32>,
                             %dwin: memref<1x64x16x16xf32>, %dwout: memref<1x64x16x16xf32>,
                             %a: memref<64x64xf32>, %y: memref<64x64xf32>) {
  %w = kernel.weight dense<0.25> : tensor<16x8x3x3xf32> : memref<16x8x3x3xf32>
  kernel.conv2d ins(%in, %w) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
      dilations = array<i64: 1, 1>, group = 1}
      : memref<1x8x16x16xf32>, memref<16x8x3x3xf32> -> memref<1x16x16x16xf32>
  %dw = kernel.weight dense<0.5> : tensor<64x1x3x3xf32> : memref<64x1x3x3xf32>
  kernel.conv2d ins(%dwin, %dw) outs(%dwout) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
      dilations = array<i64: 1, 1>, group = 64}
      : memref<1x64x16x16xf32>, memref<64x1x3x3xf32> -> memref<1x64x16x16xf32>
  %b = kernel.weight dense<1.0> : tensor<64x64xf32> : memref<64x64xf32>
  kernel.gemm ins(%a, %b) outs(%y) : memref<64x64xf32>, memref<64x64xf32> -> memref<64x64xf32>
  return
}

// -----

// An 8-bit conv whose int32 sums only feed a requantization becomes one
// kernel over a packed input: 2 int8 input channels (zero point -3) in a
// block of 4 (the other two bytes 0 in the weight), padded 1, stride 2
// (2x2 phases of 3x3 pixels). The int8 input is stored excess-128, so the
// zero point becomes 125, and the bias drops 125 times each channel's
// weight sum: 10 - 125 * (1 + 2) = -365, -20 - 125 * (-1 + 4) = -395, 0
// - 125 * 0 = 0. The tiles run over 3 channels by 5 positions (oh * 3 +
// ow up to the last output; position 2 is past row 0's end) and take all 3
// channels by one 2-lane vector. The int32 buffer is gone.
// CHECK-LABEL: func @int8
// CHECK: %[[IN:.*]] = kernel.alloc : memref<1x1x2x2x3x3x4xui8>
// CHECK: kernel.pack_conv_input ins(%arg0) outs(%[[IN]]) {pad_value = 125 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
// CHECK-DAG: %[[W:.*]] = kernel.weight dense<{{\[\[\[\[\[}}1, 2, 0, 0], [-1, 4, 0, 0], [0, 0, 0, 0]]]]]> : tensor<1x1x1x3x4xi8>
// CHECK-DAG: %[[B:.*]] = kernel.weight dense<[-365, -395, 0]> : tensor<3xi32>
// CHECK: kernel.packed_int8_conv2d ins(%[[IN]], %[[W]], %[[B]]) outs(%arg1)
// CHECK-SAME: clamp_min = 0 : i64
// CHECK-SAME: multipliers = array<i32: 1073741824>
// CHECK-SAME: tile = array<i64: 3, 2>
// CHECK-SAME: zero_point = -5 : i64
// CHECK-NOT: kernel.conv2d
// CHECK-NOT: kernel.requantize
// CHECK-NOT: memref<1x3x2x2xi32>
// A vector unit that multiplies 16-bit pairs (dot-pairs) gets the weights
// widened: each channel's weights 0 and 2, then each one's 1 and 3. Unless
// they would outgrow the L2 so (24 bytes, against 12 as bytes).
// PAIRS-LABEL: func @int8
// PAIRS: kernel.weight dense<{{\[\[\[\[\[\[}}1, 0], [-1, 0], [0, 0]], {{\[\[}}2, 0], [4, 0], [0, 0]]]]]]> : tensor<1x1x1x2x3x2xi16>
// PAIRS: kernel.packed_int8_conv2d {{.*}} : memref<1x1x2x2x3x3x4xui8>, memref<1x1x1x2x3x2xi16>, memref<3xi32> -> memref<1x3x2x2xi8>
// PAIRS-L2-LABEL: func @int8
// PAIRS-L2: kernel.packed_int8_conv2d {{.*}} : memref<1x1x2x2x3x3x4xui8>, memref<1x1x1x3x4xi8>, memref<3xi32> -> memref<1x3x2x2xi8>
func.func @int8(%in: memref<1x2x4x4xi8>, %out: memref<1x3x2x2xi8>) {
  %w = kernel.weight dense<[[[[1]], [[2]]], [[[-1]], [[4]]], [[[0]], [[0]]]]> : tensor<3x2x1x1xi8> : memref<3x2x1x1xi8>
  %b = kernel.weight dense<[10, -20, 0]> : tensor<3xi32> : memref<3xi32>
  %sums = kernel.alloc : memref<1x3x2x2xi32>
  kernel.conv2d ins(%in, %w, %b) outs(%sums) {dilations = array<i64: 1, 1>, group = 1 : i64, input_zero_point = -3 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : memref<1x2x4x4xi8>, memref<3x2x1x1xi8>, memref<3xi32> -> memref<1x3x2x2xi32>
  kernel.requantize ins(%sums) outs(%out) {axis = 1 : i64, multipliers = array<i32: 1073741824>, shifts = array<i32: 31>, zero_point = -5 : i64, clamp_min = 0 : i64} : memref<1x3x2x2xi32> -> memref<1x3x2x2xi8>
  return
}

// -----

// Left as they are: sums that are read by more than the requantization,
// and weights with a zero point (their products with the input's sums
// would need a run-time correction).
// CHECK-LABEL: func @int8_untiled
// CHECK-NOT: kernel.packed_int8_conv2d
// CHECK-COUNT-2: kernel.conv2d
func.func @int8_untiled(%in: memref<1x2x4x4xui8>, %out: memref<1x3x4x4xui8>, %sums_out: memref<1x3x4x4xi32>) {
  %w = kernel.weight dense<[[[[1]], [[2]]], [[[-1]], [[4]]], [[[0]], [[0]]]]> : tensor<3x2x1x1xi8> : memref<3x2x1x1xi8>
  %sums = kernel.alloc : memref<1x3x4x4xi32>
  kernel.conv2d ins(%in, %w) outs(%sums) {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : memref<1x2x4x4xui8>, memref<3x2x1x1xi8> -> memref<1x3x4x4xi32>
  kernel.requantize ins(%sums) outs(%out) {axis = 1 : i64, multipliers = array<i32: 1073741824>, shifts = array<i32: 31>, zero_point = 0 : i64} : memref<1x3x4x4xi32> -> memref<1x3x4x4xui8>
  kernel.copy ins(%sums) outs(%sums_out) {dst_offset = 0 : i64, dst_strides = array<i64: 1>, sizes = array<i64: 48>, src_offset = 0 : i64, src_strides = array<i64: 1>} : memref<1x3x4x4xi32> -> memref<1x3x4x4xi32>
  %sums2 = kernel.alloc : memref<1x3x4x4xi32>
  kernel.conv2d ins(%in, %w) outs(%sums2) {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, weight_zero_points = array<i64: 1, 0, 0>} : memref<1x2x4x4xui8>, memref<3x2x1x1xi8> -> memref<1x3x4x4xi32>
  kernel.requantize ins(%sums2) outs(%out) {axis = 1 : i64, multipliers = array<i32: 1073741824>, shifts = array<i32: 31>, zero_point = 0 : i64} : memref<1x3x4x4xi32> -> memref<1x3x4x4xui8>
  return
}

// -----

// An 8-bit depthwise conv whose sums only feed a requantization: one kernel
// over an int16 plane of the rows and columns its outputs read (3x3 taps,
// stride 2, 2x2 outputs: 5x5), split into 2x2 phases of 3x3, requantizing
// as it goes. A missing bias becomes zeros.
// CHECK-LABEL: func @int8_depthwise
// CHECK: %[[B:.*]] = kernel.weight dense<0> : tensor<2xi32>
// CHECK: %[[P:.*]] = kernel.alloc : memref<1x12x3xi16>
// CHECK: kernel.depthwise_int8_conv2d ins(%arg0, %{{.*}}, %[[B]]) workspace(%[[P]] : memref<1x12x3xi16>) outs(%arg1)
// CHECK-SAME: input_zero_point = 7 : i64
// CHECK-SAME: multipliers = array<i32: 1073741824, 1073741824>
// CHECK-SAME: zero_point = 3 : i64
// CHECK-NOT: kernel.conv2d
// CHECK-NOT: kernel.requantize
func.func @int8_depthwise(%in: memref<1x2x4x4xui8>, %out: memref<1x2x2x2xui8>) {
  %w = kernel.weight dense<1> : tensor<2x1x3x3xi8> : memref<2x1x3x3xi8>
  %sums = kernel.alloc : memref<1x2x2x2xi32>
  kernel.conv2d ins(%in, %w) outs(%sums) {dilations = array<i64: 1, 1>, group = 2 : i64, input_zero_point = 7 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : memref<1x2x4x4xui8>, memref<2x1x3x3xi8> -> memref<1x2x2x2xi32>
  kernel.requantize ins(%sums) outs(%out) {axis = 1 : i64, multipliers = array<i32: 1073741824, 1073741824>, shifts = array<i32: 31, 31>, zero_point = 3 : i64} : memref<1x2x2x2xi32> -> memref<1x2x2x2xui8>
  return
}

// -----

// A matrix product folded into a 1x1 conv over single pixels ([rows, K, 1,
// 1]): its 4 rows become the pixels of one channels-last image, through
// views of the operand and the result.
// CHECK-LABEL: func @int8_rows
// CHECK: %[[X:.*]] = kernel.view %arg0 : memref<4x3x1x1xui8> to memref<1x1x4x3xui8>
// CHECK: %[[Y:.*]] = kernel.view %arg1 : memref<4x2x1x1xui8> to memref<1x1x4x2xui8>
// CHECK: kernel.pack_conv_input ins(%[[X]]) {{.*}}channels_last{{.*}} -> memref<1x1x1x1x1x4x4xui8>
// CHECK: kernel.packed_int8_conv2d {{.*}}outs(%[[Y]]) {{.*}}channels_last
// CHECK-NOT: kernel.conv2d
func.func @int8_rows(%in: memref<4x3x1x1xui8>, %out: memref<4x2x1x1xui8>) {
  %w = kernel.weight dense<[[[[1]], [[2]], [[3]]], [[[-1]], [[4]], [[0]]]]> : tensor<2x3x1x1xi8> : memref<2x3x1x1xi8>
  %sums = kernel.alloc : memref<4x2x1x1xi32>
  kernel.conv2d ins(%in, %w) outs(%sums) {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : memref<4x3x1x1xui8>, memref<2x3x1x1xi8> -> memref<4x2x1x1xi32>
  kernel.requantize ins(%sums) outs(%out) {axis = 1 : i64, multipliers = array<i32: 1073741824>, shifts = array<i32: 31>, zero_point = 0 : i64} : memref<4x2x1x1xi32> -> memref<4x2x1x1xui8>
  return
}

// -----

// With AVX-512's 16 lanes and 32 registers, 3x3 convs to 32 channels read
// in place take pixel rows in row tiles: on 28x28 planes 7 pixels by the
// 32 channels. On 32x32 planes (4 KB each) the 32 channel rows a block
// stores would all fall in one L1 set: channel rows there.
// AVX512-LABEL: func @plane_aliasing
// AVX512: kernel.packed_conv2d
// AVX512-SAME: pixel_rows, row_tiles
// AVX512-SAME: tile = array<i64: 7, 32>
// AVX512: kernel.packed_conv2d
// AVX512-NOT: pixel_rows
// AVX512-SAME: -> memref<1x32x32x32xf32>
func.func @plane_aliasing(%in28: memref<1x16x28x28xf32>, %out28: memref<1x32x28x28xf32>,
                          %in32: memref<1x16x32x32xf32>, %out32: memref<1x32x32x32xf32>) {
  %w = kernel.weight dense<0.25> : tensor<32x16x3x3xf32> : memref<32x16x3x3xf32>
  kernel.conv2d ins(%in28, %w) outs(%out28) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
      dilations = array<i64: 1, 1>, group = 1}
      : memref<1x16x28x28xf32>, memref<32x16x3x3xf32> -> memref<1x32x28x28xf32>
  kernel.conv2d ins(%in32, %w) outs(%out32) {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
      dilations = array<i64: 1, 1>, group = 1}
      : memref<1x16x32x32xf32>, memref<32x16x3x3xf32> -> memref<1x32x32x32xf32>
  return
}

// -----

// On a 7x7 plane the 3x3 conv's vectors run over its 32 output channels,
// in tiles of 7 pixels: 49 outputs in 49 broadcasts, where vectors over
// the 61 positions along the padded rows would compute 64. On a 56x56
// plane, a 1x1 conv of 16 terms per output keeps its vectors over the
// pixels, whose tiles are stored without a transpose.
// AVX512-LABEL: func @int8_channel_lanes
// AVX512: kernel.packed_int8_conv2d {{.*}}channel_lanes{{.*}}tile = array<i64: 32, 7>{{.*}} : memref<1x16x1x1x9x9x4xui8>, memref<1x16x9x32x4xi8>, memref<32xi32> -> memref<1x32x7x7xui8>
// AVX512: kernel.packed_int8_conv2d
// AVX512-NOT: channel_lanes
// AVX512-SAME: tile = array<i64: 8, 32>
// AVX512-SAME: -> memref<1x32x56x56xui8>
func.func @int8_channel_lanes(%small: memref<1x64x7x7xui8>, %big: memref<1x64x56x56xui8>, %out: memref<1x32x7x7xui8>, %out2: memref<1x32x56x56xui8>) {
  %w = kernel.weight dense<1> : tensor<32x64x3x3xi8> : memref<32x64x3x3xi8>
  %sums = kernel.alloc : memref<1x32x7x7xi32>
  kernel.conv2d ins(%small, %w) outs(%sums) {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : memref<1x64x7x7xui8>, memref<32x64x3x3xi8> -> memref<1x32x7x7xi32>
  kernel.requantize ins(%sums) outs(%out) {axis = 1 : i64, multipliers = array<i32: 1073741824>, shifts = array<i32: 31>, zero_point = 0 : i64} : memref<1x32x7x7xi32> -> memref<1x32x7x7xui8>
  %w1 = kernel.weight dense<1> : tensor<32x64x1x1xi8> : memref<32x64x1x1xi8>
  %sums1 = kernel.alloc : memref<1x32x56x56xi32>
  kernel.conv2d ins(%big, %w1) outs(%sums1) {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : memref<1x64x56x56xui8>, memref<32x64x1x1xi8> -> memref<1x32x56x56xi32>
  kernel.requantize ins(%sums1) outs(%out2) {axis = 1 : i64, multipliers = array<i32: 1073741824>, shifts = array<i32: 31>, zero_point = 0 : i64} : memref<1x32x56x56xi32> -> memref<1x32x56x56xui8>
  return
}

// -----

// A tile keeps at least the chains its multiply-add needs in flight busy:
// with AVX2's 8 lanes and 16 registers, 4x16 (8 accumulators) for 8
// chains, 4x24 (12) for 12. The float tile follows fma-chains, the 8-bit
// one dot-chains.
// AVX2-LABEL: func @chains
// AVX2: kernel.packed_conv2d {{.*}}tile = array<i64: 4, 16>
// AVX2: kernel.packed_int8_conv2d {{.*}}tile = array<i64: 4, 16>
// FMA12-LABEL: func @chains
// FMA12: kernel.packed_conv2d {{.*}}tile = array<i64: 4, 24>
// FMA12: kernel.packed_int8_conv2d {{.*}}tile = array<i64: 4, 16>
// DOT12-LABEL: func @chains
// DOT12: kernel.packed_conv2d {{.*}}tile = array<i64: 4, 16>
// DOT12: kernel.packed_int8_conv2d {{.*}}tile = array<i64: 4, 24>
func.func @chains(%in: memref<1x64x56x56xf32>, %out: memref<1x64x56x56xf32>, %in8: memref<1x64x56x56xui8>, %out8: memref<1x64x56x56xui8>) {
  %w = kernel.weight dense<0.25> : tensor<64x64x1x1xf32> : memref<64x64x1x1xf32>
  kernel.conv2d ins(%in, %w) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1}
      : memref<1x64x56x56xf32>, memref<64x64x1x1xf32> -> memref<1x64x56x56xf32>
  %w8 = kernel.weight dense<1> : tensor<64x64x1x1xi8> : memref<64x64x1x1xi8>
  %sums = kernel.alloc : memref<1x64x56x56xi32>
  kernel.conv2d ins(%in8, %w8) outs(%sums) {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : memref<1x64x56x56xui8>, memref<64x64x1x1xi8> -> memref<1x64x56x56xi32>
  kernel.requantize ins(%sums) outs(%out8) {axis = 1 : i64, multipliers = array<i32: 1073741824>, shifts = array<i32: 31>, zero_point = 0 : i64} : memref<1x64x56x56xi32> -> memref<1x64x56x56xui8>
  return
}

// -----

// With a 64 KB L2, the 1x1 conv's 64 KB of weights outgrow half of it: it gathers
// its patches, and a 7x7 plane fills 49 of 56 AVX2 lanes in channel rows,
// so pixel rows are considered too (a tenth of the lanes wasted is enough
// for a conv that gathers) and win. It gathers all 10 pixel tiles at once
// (5 pixels x 128 terms each, 25 KB of the 32 KB patch budget), so each
// weight panel is read once. The 32 -> 32 conv's 4 KB of weights fit: it
// reads in place, in channel rows (a fifth of the lanes would have to be
// wasted), and gathers nothing.
// AVX2-L2-LABEL: func @gathered_tiles
// AVX2-L2: kernel.alloc : memref<1x1280x5xf32>
// AVX2-L2: kernel.packed_conv2d ins(%arg0, %{{.*}}) workspace(%{{.*}} : memref<1x1280x5xf32>) outs(%arg1)
// AVX2-L2-SAME: gathered_tiles = 10
// AVX2-L2-SAME: pixel_rows
// AVX2-L2-SAME: tile = array<i64: 5, 16>
// AVX2-L2: kernel.packed_conv2d ins(%arg2, %{{.*}}) outs(%arg3)
// AVX2-L2-NOT: gathered_tiles
// AVX2-L2-NOT: pixel_rows
// AVX2-L2-SAME: tile = array<i64: 11, 8>
func.func @gathered_tiles(%in: memref<1x128x7x7xf32>, %out: memref<1x128x7x7xf32>, %small: memref<1x32x7x7xf32>, %out2: memref<1x32x7x7xf32>) {
  %w = kernel.weight dense<0.25> : tensor<128x128x1x1xf32> : memref<128x128x1x1xf32>
  kernel.conv2d ins(%in, %w) outs(%out) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1}
      : memref<1x128x7x7xf32>, memref<128x128x1x1xf32> -> memref<1x128x7x7xf32>
  %w2 = kernel.weight dense<0.25> : tensor<32x32x1x1xf32> : memref<32x32x1x1xf32>
  kernel.conv2d ins(%small, %w2) outs(%out2) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
      dilations = array<i64: 1, 1>, group = 1}
      : memref<1x32x7x7xf32>, memref<32x32x1x1xf32> -> memref<1x32x7x7xf32>
  return
}

// -----

// With a 64 KB L2, a stem's 128 KB output does not fit it: though its
// weights are small, it gathers 16 pixel tiles of 16 at once, so that each
// weight panel stores runs of 256 pixels (1 KB) per output channel rather
// than 16. The same conv to 8 channels (a 32 KB output) gathers one tile
// at a time.
// AVX2-L2-LABEL: func @stem_store_runs
// AVX2-L2: kernel.packed_conv2d ins(%arg0, %{{.*}}) workspace(%{{.*}} : memref<1x432x16xf32>) outs(%arg1)
// AVX2-L2-SAME: gathered_tiles = 16
// AVX2-L2-SAME: tile = array<i64: 4, 16>
// AVX2-L2: kernel.packed_conv2d ins(%arg0, %{{.*}}) workspace(%{{.*}} : memref<1x27x16xf32>) outs(%arg2)
// AVX2-L2-NOT: gathered_tiles
// AVX2-L2-SAME: tile = array<i64: 4, 16>
func.func @stem_store_runs(%in: memref<1x3x64x64xf32>, %out: memref<1x32x32x32xf32>, %out2: memref<1x8x32x32xf32>) {
  %w = kernel.weight dense<0.25> : tensor<32x3x3x3xf32> : memref<32x3x3x3xf32>
  kernel.conv2d ins(%in, %w) outs(%out) {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
      dilations = array<i64: 1, 1>, group = 1}
      : memref<1x3x64x64xf32>, memref<32x3x3x3xf32> -> memref<1x32x32x32xf32>
  %w2 = kernel.weight dense<0.25> : tensor<8x3x3x3xf32> : memref<8x3x3x3xf32>
  kernel.conv2d ins(%in, %w2) outs(%out2) {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
      dilations = array<i64: 1, 1>, group = 1}
      : memref<1x3x64x64xf32>, memref<8x3x3x3xf32> -> memref<1x8x32x32xf32>
  return
}
