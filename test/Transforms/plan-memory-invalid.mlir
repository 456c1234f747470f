// RUN: edgecc-opt %s -verify-diagnostics \
// RUN:   -pass-pipeline='builtin.module(func.func(edgecc-plan-memory{alignment=48}))'

// expected-error @+1 {{alignment must be a power of two, got 48}}
func.func @bad_alignment(%in: memref<16xf32>, %out: memref<16xf32>) {
  kernel.unary ins(%in) outs(%out) {kind = "relu"} : memref<16xf32> -> memref<16xf32>
  return
}
