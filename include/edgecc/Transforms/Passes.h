//===- Passes.h - edgecc compiler passes -------------------------*- C++
//-*-===//

#ifndef EDGECC_TRANSFORMS_PASSES_H
#define EDGECC_TRANSFORMS_PASSES_H

#include "Graph/GraphOps.h"
#include "Kernel/KernelOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace edgecc {

#define GEN_PASS_DECL
#include "edgecc/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "edgecc/Transforms/Passes.h.inc"

/// Name of the function attribute that holds the planned arena size.
constexpr llvm::StringLiteral kArenaSizeAttr = "kernel.arena_size";

/// The full pipeline from imported graph to planned kernel IR.
void buildCompilerPipeline(mlir::OpPassManager &pm, int64_t alignment);

} // namespace edgecc

#endif
