// RUN: edgecc-opt %s -edgecc-quantize=activation-type=int4 -verify-diagnostics

// expected-error @+1 {{activation-type must be int8 or uint8, not 'int4'}}
func.func @bad_activation_type(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
