//===- Pipeline.cpp - the compiler's pass pipeline ------------------------===//

#include "edgecc/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

using mlir::func::FuncOp;

void edgecc::buildGraphCleanupPipeline(mlir::OpPassManager &pm) {
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addNestedPass<FuncOp>(createFoldQdq());
  pm.addNestedPass<FuncOp>(createFoldBatchNorm());
}

void edgecc::buildLoweringPipeline(
    mlir::OpPassManager &pm, int64_t alignment,
    const TileKernelsOptions &tiling,
    const std::optional<QuantizeOptions> &quantize) {
  if (quantize) {
    pm.addNestedPass<FuncOp>(createQuantize(*quantize));
    pm.addNestedPass<FuncOp>(createFoldQdq());
  }
  pm.addNestedPass<FuncOp>(createFuseConvBiasActivation());
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addPass(mlir::createCSEPass());
  pm.addPass(createLowerGraphToKernel());
  pm.addNestedPass<FuncOp>(createTileKernels(tiling));
  pm.addNestedPass<FuncOp>(createConcatInPlace());
  pm.addNestedPass<FuncOp>(createScheduleForMemory());
  pm.addNestedPass<FuncOp>(createPlanMemory(PlanMemoryOptions{alignment}));
}
