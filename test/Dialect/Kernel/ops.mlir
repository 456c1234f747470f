// RUN: edgecc-opt %s | edgecc-opt | FileCheck %s

// CHECK-LABEL: func @kernels
func.func @kernels(%in: memref<1x3x8x8xf32>, %out: memref<1x16xf32>) {
  // CHECK: kernel.weight dense<5.000000e-01> : tensor<4x3x3x3xf32> : memref<4x3x3x3xf32>
  %w = kernel.weight dense<0.5> : tensor<4x3x3x3xf32> : memref<4x3x3x3xf32>
  // CHECK: kernel.alloc {offset = 0 : i64} : memref<1x4x4x4xf32>
  %a = kernel.alloc {offset = 0} : memref<1x4x4x4xf32>
  // CHECK: kernel.conv2d ins(%{{.*}}, %{{.*}}) outs(%{{.*}}) {activation = "relu"
  kernel.conv2d ins(%in, %w) outs(%a) {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
      dilations = array<i64: 1, 1>, group = 1, activation = "relu"}
      : memref<1x3x8x8xf32>, memref<4x3x3x3xf32> -> memref<1x4x4x4xf32>
  %b = kernel.alloc : memref<1x4x2x2xf32>
  // CHECK: kernel.pool2d
  kernel.pool2d ins(%a) outs(%b) {kind = "max", kernel_shape = array<i64: 2, 2>,
      strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>}
      : memref<1x4x4x4xf32> -> memref<1x4x2x2xf32>
  // CHECK: kernel.view %{{.*}} : memref<1x4x2x2xf32> to memref<1x16xf32>
  %v = kernel.view %b : memref<1x4x2x2xf32> to memref<1x16xf32>
  // CHECK: kernel.copy
  kernel.copy ins(%v) outs(%out) {sizes = array<i64: 16>, src_offset = 0, src_strides = array<i64: 1>,
      dst_offset = 0, dst_strides = array<i64: 1>} : memref<1x16xf32> -> memref<1x16xf32>
  // CHECK: kernel.fill outs(%{{.*}}) {value = 0.000000e+00 : f32}
  kernel.fill outs(%b) {value = 0.0 : f32} : memref<1x4x2x2xf32>
  return
}
