//===- edgecc-fuzz-import.cpp - fuzz target: bytes to the graph dialect ---===//
//
// Imports arbitrary bytes as an ONNX model and verifies whatever module
// comes out. Bad input must end in a diagnostic, never a crash, a sanitizer
// report or an invalid module.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Import/OnnxImporter.h"

#include "Graph/GraphOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // A fresh context per input keeps inputs independent of each other.
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  context.loadDialect<edgecc::graph::GraphDialect, mlir::func::FuncDialect>();
  context.getDiagEngine().registerHandler(
      [](mlir::Diagnostic &) { return mlir::success(); });
  edgecc::ImportOptions options;
  mlir::OwningOpRef<mlir::ModuleOp> module = edgecc::importOnnxBytes(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.onnx",
      context, options);
  if (module && mlir::failed(mlir::verify(*module)))
    std::abort(); // the importer built IR its own dialect rejects
  return 0;
}
