// RUN: edgecc-opt %s -edgecc-quantize -split-input-file | FileCheck %s
// RUN: edgecc-opt %s -edgecc-quantize -edgecc-fold-qdq -split-input-file | FileCheck %s --check-prefix=FOLD
// RUN: edgecc-opt %s -edgecc-quantize=activation-type=uint8 -split-input-file | FileCheck %s --check-prefix=UINT8
// RUN: edgecc-opt %s -edgecc-quantize=weight-granularity=per-tensor -split-input-file | FileCheck %s --check-prefix=PER-TENSOR

// The input's range [-1, 1.55] becomes int8 scale 2.55 / 255 = 0.01 and zero
// point -128 + 1 / 0.01 = -28 (uint8: 100); the Relu's [0, 2.55] the same
// scale and zero point -128. Weights are symmetric per output channel:
// 0.5 / 127 and 0.25 / 127, so both extremes are +-127.
// CHECK-LABEL: func @conv_relu
// CHECK-DAG: %[[XS:.*]] = graph.constant dense<0.00999999977> : tensor<f32>
// CHECK-DAG: %[[XZ:.*]] = graph.constant dense<-28> : tensor<i8>
// CHECK: %[[XQ:.*]] = graph.quantize_linear %arg0, %[[XS]], %[[XZ]]
// CHECK: %[[XD:.*]] = graph.dequantize_linear %[[XQ]], %[[XS]], %[[XZ]]
// CHECK-DAG: %[[WQ:.*]] = graph.constant dense<{{\[\[\[\[}}127]]], {{\[\[\[}}-127]]]]> : tensor<2x1x1x1xi8>
// CHECK-DAG: %[[WS:.*]] = graph.constant dense<[0.00393700786, 0.00196850393]> : tensor<2xf32>
// CHECK: %[[WD:.*]] = graph.dequantize_linear %[[WQ]], %[[WS]] {axis = 0 : i64, block_size = 0 : i64}
// CHECK: %[[C:.*]] = graph.conv %[[XD]], %[[WD]], %{{.*}} {
// CHECK: %[[R:.*]] = graph.relu %[[C]]
// CHECK-DAG: %[[YZ:.*]] = graph.constant dense<-128> : tensor<i8>
// CHECK: %[[YQ:.*]] = graph.quantize_linear %[[R]], %{{.*}}, %[[YZ]]
// CHECK: %[[YD:.*]] = graph.dequantize_linear %[[YQ]]
// CHECK-NOT: edgecc.range
// CHECK: return %[[YD]]
// Per tensor, the weight's one scale is 0.5 / 127: -0.25 becomes -64.
// PER-TENSOR-LABEL: func @conv_relu
// PER-TENSOR-DAG: %[[WQ:.*]] = graph.constant dense<{{\[\[\[\[}}127]]], {{\[\[\[}}-64]]]]> : tensor<2x1x1x1xi8>
// PER-TENSOR-DAG: %[[WS:.*]] = graph.constant dense<0.00393700786> : tensor<f32>
// PER-TENSOR: graph.dequantize_linear %[[WQ]], %[[WS]] {axis = 0 : i64, block_size = 0 : i64}
// UINT8-LABEL: func @conv_relu
// UINT8: graph.constant dense<100> : tensor<ui8>
// UINT8: graph.quantize_linear %arg0, {{.*}} -> tensor<1x1x2x2xui8>
// FOLD-LABEL: func @conv_relu
// FOLD: graph.quantize_linear %arg0
// FOLD: graph.conv {{.*}}input_zero_point = -28 : i64{{.*}} : (tensor<1x1x2x2xi8>, tensor<2x1x1x1xi8>, tensor<2xi32>) -> tensor<1x2x2x2xi32>
// FOLD-NEXT: graph.requantize {{.*}}clamp_min = -128 : i64{{.*}}zero_point = -128 : i64{{.*}} -> tensor<1x2x2x2xi8>
// FOLD-NEXT: graph.dequantize_linear
func.func @conv_relu(%x: tensor<1x1x2x2xf32> {edgecc.range = array<f32: -1.0, 1.55>}) -> tensor<1x2x2x2xf32> {
  %w = graph.constant dense<[[[[0.5]]], [[[-0.25]]]]> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %b = graph.constant dense<[0.1, -0.2]> : tensor<2xf32> : tensor<2xf32>
  %c = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                              dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %r = graph.relu %c {edgecc.range = array<f32: 0.0, 2.55>} : tensor<1x2x2x2xf32>
  return %r : tensor<1x2x2x2xf32>
}

// -----

// A max pool and a flatten between two products keep the first one's
// quantization exactly, so they run on bytes (the flatten and the matmul's
// view of its input as [1, 2, 1, 1] cancel); the matmul's [K, N] weight is
// quantized per column (axis 1).
// CHECK-LABEL: func @pool_flatten_matmul
// CHECK: graph.dequantize_linear {{.*}} {axis = 1 : i64, block_size = 0 : i64} : (tensor<2x3xi8>, tensor<3xf32>) -> tensor<2x3xf32>
// FOLD-LABEL: func @pool_flatten_matmul
// FOLD: %[[P:.*]] = graph.max_pool {{.*}} : (tensor<1x2x2x2xi8>) -> tensor<1x2x1x1xi8>
// FOLD-NEXT: graph.conv %[[P]], {{.*}} : (tensor<1x2x1x1xi8>, tensor<3x2x1x1xi8>, tensor<3xi32>) -> tensor<1x3x1x1xi32>
// FOLD-NOT: graph.max_pool
// FOLD-NOT: graph.matmul
func.func @pool_flatten_matmul(%x: tensor<1x1x2x2xf32> {edgecc.range = array<f32: -1.0, 1.0>}) -> tensor<1x3xf32> {
  %w = graph.constant dense<[[[[0.5]]], [[[-0.25]]]]> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %c = graph.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, group = 1, edgecc.range = array<f32: -0.5, 0.5>}
      : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %p = graph.max_pool %c {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, edgecc.range = array<f32: 0.0, 0.5>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x1x1xf32>
  %f = graph.reshape %p : tensor<1x2x1x1xf32> -> tensor<1x2xf32>
  %m1 = graph.constant dense<[[1.0, 2.0, 3.0], [-1.0, 0.5, 0.25]]> : tensor<2x3xf32> : tensor<2x3xf32>
  %y = graph.matmul %f, %m1 {edgecc.range = array<f32: -2.0, 2.0>} : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

// Without a calibrated output range a product stays float; its input, which
// has a range, is quantized all the same, as every tensor with a range is.
// CHECK-LABEL: func @uncalibrated
// CHECK: %[[Q:.*]] = graph.quantize_linear %arg0
// CHECK: %[[D:.*]] = graph.dequantize_linear %[[Q]]
// CHECK-NOT: quantize_linear
// CHECK: graph.gemm %[[D]], %{{.*}} {trans_b = true} : (tensor<2x3xf32>, tensor<2x3xf32>)
func.func @uncalibrated(%x: tensor<2x3xf32> {edgecc.range = array<f32: -1.0, 1.0>}) -> tensor<2x2xf32> {
  %w = graph.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32> : tensor<2x3xf32>
  %y = graph.gemm %x, %w {trans_b = true} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// Bias correction: the weights 0.9921875 and 0.1 share the scale 1 / 128;
// 0.1 rounds to 13 / 128, 0.0015625 too large. With input means 0 and 4
// (edgecc.input_mean, per input channel and kernel tap) the output's mean
// shifts by 4 * 0.0015625 = 0.00625, which the bias takes back: the conv's 1
// becomes 0.99375; the gemm, which had none, gets -0.00625 (and beta 1,
// the default, so not printed).
// CHECK-LABEL: func @bias_correction
// CHECK: %[[B:.*]] = graph.constant dense<0.99374{{[0-9]*}}> : tensor<1xf32>
// CHECK: graph.conv %{{.*}}, %{{.*}}, %[[B]] {
// CHECK: %[[C:.*]] = graph.constant dense<-0.0062499{{[0-9]*}}> : tensor<1xf32>
// CHECK: graph.gemm %{{.*}}, %{{.*}}, %[[C]] : (
// CHECK-NOT: edgecc.input_mean
// CHECK: return
func.func @bias_correction(%x: tensor<1x2x1x1xf32> {edgecc.range = array<f32: 0.0, 8.0>},
                           %y: tensor<1x2xf32> {edgecc.range = array<f32: 0.0, 8.0>})
    -> (tensor<1x1x1x1xf32>, tensor<1x1xf32>) {
  %w = graph.constant dense<[[[[0.9921875]], [[0.1]]]]> : tensor<1x2x1x1xf32> : tensor<1x2x1x1xf32>
  %b = graph.constant dense<1.0> : tensor<1xf32> : tensor<1xf32>
  %c = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                              dilations = array<i64: 1, 1>, group = 1,
                              edgecc.range = array<f32: 0.0, 8.0>,
                              edgecc.input_mean = array<f32: 0.0, 4.0>}
      : (tensor<1x2x1x1xf32>, tensor<1x2x1x1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  %v = graph.constant dense<[[0.9921875], [0.1]]> : tensor<2x1xf32> : tensor<2x1xf32>
  %g = graph.gemm %y, %v {beta = 0.5 : f32, edgecc.range = array<f32: 0.0, 8.0>,
                          edgecc.input_mean = array<f32: 0.0, 4.0>}
      : (tensor<1x2xf32>, tensor<2x1xf32>) -> tensor<1x1xf32>
  return %c, %g : tensor<1x1x1x1xf32>, tensor<1x1xf32>
}

// -----

// Empirical bias correction: the shift measured per output channel
// (edgecc.output_shift) comes off the bias. The conv's 1 and 2 become 0.75
// and 2.5; the gemm's one bias broadcast over its two columns becomes one
// per column, 0.875 and 1.125.
// CHECK-LABEL: func @output_shift
// CHECK: %[[B:.*]] = graph.constant dense<[7.500000e-01, 2.500000e+00]> : tensor<2xf32>
// CHECK: graph.conv %{{.*}}, %{{.*}}, %[[B]] {
// CHECK: %[[C:.*]] = graph.constant dense<[8.750000e-01, 1.125000e+00]> : tensor<2xf32>
// CHECK: graph.gemm %{{.*}}, %{{.*}}, %[[C]] : (
// CHECK-NOT: edgecc.output_shift
// CHECK: return
func.func @output_shift(%x: tensor<1x1x1x1xf32> {edgecc.range = array<f32: 0.0, 8.0>},
                        %y: tensor<1x2xf32> {edgecc.range = array<f32: 0.0, 8.0>})
    -> (tensor<1x2x1x1xf32>, tensor<1x2xf32>) {
  %w = graph.constant dense<[[[[0.5]]], [[[0.25]]]]> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %b = graph.constant dense<[1.0, 2.0]> : tensor<2xf32> : tensor<2xf32>
  %c = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                              dilations = array<i64: 1, 1>, group = 1,
                              edgecc.range = array<f32: 0.0, 8.0>,
                              edgecc.output_shift = array<f32: 0.25, -0.5>}
      : (tensor<1x1x1x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x1x1xf32>
  %v = graph.constant dense<[[0.5, 0.25], [0.125, 1.0]]> : tensor<2x2xf32> : tensor<2x2xf32>
  %d = graph.constant dense<1.0> : tensor<1xf32> : tensor<1xf32>
  %g = graph.gemm %y, %v, %d {edgecc.range = array<f32: 0.0, 8.0>,
                              edgecc.output_shift = array<f32: 0.125, -0.125>}
      : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<1xf32>) -> tensor<1x2xf32>
  return %c, %g : tensor<1x2x1x1xf32>, tensor<1x2xf32>
}

// -----

// -quantize=mixed keeps the first conv in float: its weight stays float, but
// its input and output are still quantized (they have ranges because the
// second conv, quantized, reads the output). After fold-qdq the first conv
// runs in float on dequantized bytes and the second on bytes.
// CHECK-LABEL: func @keep_float
// CHECK: %[[XQ:.*]] = graph.quantize_linear %arg0
// CHECK: %[[XD:.*]] = graph.dequantize_linear %[[XQ]]
// CHECK: %[[W1:.*]] = graph.constant dense<5.000000e-01> : tensor<1x1x1x1xf32>
// CHECK: %[[WD:.*]] = graph.dequantize_linear {{.*}} : (tensor<1x1x1x1xi8>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
// CHECK: %[[C1:.*]] = graph.conv %[[XD]], %[[W1]]
// CHECK: %[[YQ:.*]] = graph.quantize_linear %[[C1]]
// CHECK: %[[YD:.*]] = graph.dequantize_linear %[[YQ]]
// CHECK: graph.conv %[[YD]], %[[WD]]
// CHECK-NOT: edgecc.keep_float
// FOLD-LABEL: func @keep_float
// FOLD: graph.conv {{.*}} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
// FOLD: graph.conv {{.*}} : (tensor<1x1x2x2xi8>, tensor<1x1x1x1xi8>, tensor<1xi32>) -> tensor<1x1x2x2xi32>
func.func @keep_float(%x: tensor<1x1x2x2xf32> {edgecc.range = array<f32: -1.0, 1.0>}) -> tensor<1x1x2x2xf32> {
  %w1 = graph.constant dense<0.5> : tensor<1x1x1x1xf32> : tensor<1x1x1x1xf32>
  %w2 = graph.constant dense<0.25> : tensor<1x1x1x1xf32> : tensor<1x1x1x1xf32>
  %c1 = graph.conv %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                            dilations = array<i64: 1, 1>, group = 1, edgecc.keep_float,
                            edgecc.range = array<f32: -0.5, 0.5>}
      : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %c2 = graph.conv %c1, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                             dilations = array<i64: 1, 1>, group = 1,
                             edgecc.range = array<f32: -0.125, 0.125>}
      : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %c2 : tensor<1x1x2x2xf32>
}

// -----

// A W8A16 layer (edgecc.wide_activations, from -quantize=mixed) keeps int8
// weights but reads and writes int16 tensors: its output, its input, and
// what its input is a max pool of, so the first conv requantizes straight
// to int16 and the pool runs on 16-bit values.
// CHECK-LABEL: func @wide_activations
// CHECK: graph.quantize_linear %arg0, {{.*}} -> tensor<1x1x4x4xi8>
// CHECK: graph.relu
// CHECK: graph.quantize_linear {{.*}} -> tensor<1x2x4x4xi16>
// CHECK: graph.max_pool
// CHECK: graph.quantize_linear {{.*}} -> tensor<1x2x2x2xi16>
// CHECK: graph.dequantize_linear {{.*}} : (tensor<2x2x1x1xi8>, tensor<2xf32>)
// CHECK: graph.conv
// CHECK: graph.quantize_linear {{.*}} -> tensor<1x2x2x2xi16>
// CHECK-NOT: edgecc.wide_activations
// UINT8-LABEL: func @wide_activations
// UINT8: graph.quantize_linear {{.*}} -> tensor<1x2x4x4xui16>
// FOLD-LABEL: func @wide_activations
// FOLD: graph.conv {{.*}} : (tensor<1x1x4x4xi8>, tensor<2x1x1x1xi8>, tensor<2xi32>) -> tensor<1x2x4x4xi32>
// FOLD-NEXT: graph.requantize {{.*}}clamp_min = -32768 : i64{{.*}}zero_point = -32768 : i64} : tensor<1x2x4x4xi32> -> tensor<1x2x4x4xi16>
// FOLD-NEXT: graph.max_pool {{.*}} : (tensor<1x2x4x4xi16>) -> tensor<1x2x2x2xi16>
// FOLD-NEXT: graph.conv {{.*}} : (tensor<1x2x2x2xi16>, tensor<2x2x1x1xi8>, tensor<2xi64>) -> tensor<1x2x2x2xi64>
// FOLD-NEXT: graph.requantize {{.*}} : tensor<1x2x2x2xi64> -> tensor<1x2x2x2xi16>
// FOLD-NEXT: graph.dequantize_linear
func.func @wide_activations(%x: tensor<1x1x4x4xf32> {edgecc.range = array<f32: -1.0, 1.55>}) -> tensor<1x2x2x2xf32> {
  %w = graph.constant dense<[[[[0.5]]], [[[-0.25]]]]> : tensor<2x1x1x1xf32> : tensor<2x1x1x1xf32>
  %b = graph.constant dense<[0.1, -0.2]> : tensor<2xf32> : tensor<2xf32>
  %c = graph.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                              dilations = array<i64: 1, 1>, group = 1}
      : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %r = graph.relu %c {edgecc.range = array<f32: 0.0, 2.55>} : tensor<1x2x4x4xf32>
  %p = graph.max_pool %r {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, edgecc.range = array<f32: 0.0, 2.55>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %w2 = graph.constant dense<[[[[0.5]], [[0.25]]], [[[-0.25]], [[1.0]]]]> : tensor<2x2x1x1xf32> : tensor<2x2x1x1xf32>
  %c2 = graph.conv %p, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                            dilations = array<i64: 1, 1>, group = 1, edgecc.wide_activations,
                            edgecc.range = array<f32: -3.0, 3.0>}
      : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %c2 : tensor<1x2x2x2xf32>
}
