//===- Activation.h - Fused activations shared by both dialects -*- C++ -*-===//
//
// Conv and gemm ops in both dialects carry a fused activation as a string
// attribute plus optional clip bounds. This is the one place that knows the
// names.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_SUPPORT_ACTIVATION_H
#define EDGECC_SUPPORT_ACTIVATION_H

#include "mlir/IR/Operation.h"
#include "llvm/ADT/StringRef.h"

namespace edgecc {

/// Verifies the `activation`/`clip_min`/`clip_max` attributes of `op`.
mlir::LogicalResult verifyFusedActivation(mlir::Operation *op);

} // namespace edgecc

#endif
