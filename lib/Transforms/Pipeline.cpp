//===- Pipeline.cpp - the compiler's pass pipeline ------------------------===//

#include "edgecc/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

void edgecc::buildCompilerPipeline(mlir::OpPassManager &pm, int64_t alignment) {
  using mlir::func::FuncOp;
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addNestedPass<FuncOp>(createFoldQdq());
  pm.addNestedPass<FuncOp>(createFoldBatchNorm());
  pm.addNestedPass<FuncOp>(createFuseConvBiasActivation());
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addPass(mlir::createCSEPass());
  pm.addPass(createLowerGraphToKernel());
  pm.addNestedPass<FuncOp>(createConcatInPlace());
  pm.addNestedPass<FuncOp>(createScheduleForMemory());
  pm.addNestedPass<FuncOp>(createPlanMemory(PlanMemoryOptions{alignment}));
}
