//===- edgecc-opt.cpp - run edgecc passes on MLIR, for lit tests ----------===//

#include "edgecc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<edgecc::graph::GraphDialect, edgecc::kernel::KernelDialect,
                  mlir::func::FuncDialect>();
  edgecc::registerEdgeccPasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "edgecc optimizer driver\n", registry));
}
