// RUN: edgecc-opt %s -edgecc-quantize=activation-type=int4 -verify-diagnostics
// RUN: not edgecc-opt %s -edgecc-quantize=weight-granularity=per-block 2>&1 | FileCheck %s

// expected-error @+2 {{activation-type must be int8 or uint8, not 'int4'}}
// CHECK: error: weight-granularity must be per-channel or per-tensor, not 'per-block'
func.func @bad_options(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
