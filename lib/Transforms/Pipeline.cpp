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
    mlir::OpPassManager &pm, int64_t alignment, const KernelSchedule &schedule,
    const std::optional<QuantizeOptions> &quantize) {
  if (quantize) {
    pm.addNestedPass<FuncOp>(createQuantize(*quantize));
    pm.addNestedPass<FuncOp>(createFoldQdq());
  }
  pm.addNestedPass<FuncOp>(createFuseConvBiasActivation());
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addPass(mlir::createCSEPass());
  pm.addPass(createLowerGraphToKernel());
  if (auto *tiling = std::get_if<TileKernelsOptions>(&schedule))
    pm.addNestedPass<FuncOp>(createTileKernels(*tiling));
  pm.addNestedPass<FuncOp>(createConcatInPlace());
  pm.addNestedPass<FuncOp>(createScheduleForMemory());
  pm.addNestedPass<FuncOp>(createPlanMemory(PlanMemoryOptions{alignment}));
  // Last: the ops are final once memory is planned.
  if (auto *workGroups = std::get_if<ChooseWorkGroupsOptions>(&schedule))
    pm.addNestedPass<FuncOp>(createChooseWorkGroups(*workGroups));
}
