//===- OnnxImporter.h - ONNX protobuf to the graph dialect ------*- C++ -*-===//

#ifndef EDGECC_IMPORT_ONNXIMPORTER_H
#define EDGECC_IMPORT_ONNXIMPORTER_H

#include "edgecc/Support/OnnxOrigin.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringMap.h"

#include <functional>
#include <string>

namespace edgecc {

struct ImportOptions {
  /// Shapes pinned by the user (-shape=NAME:1x3x224x224); they replace the
  /// model's symbolic and fixed dims of that input.
  llvm::StringMap<llvm::SmallVector<int64_t>> inputShapes;
  /// Name of the function the graph becomes.
  std::string functionName = "main";
  /// Preflight (`edgecc check`): report every failing node on its own
  /// (unsupported ops included), keep importing the nodes that do not depend
  /// on a failed one, and emit a remark for each node that does. If any node
  /// failed, the result is the module of the nodes that imported, marked
  /// with kPartialImportAttr, so that later stages can report their own
  /// problems; such a module must never be compiled into a model.
  bool keepGoing = false;
  /// Called, once the graph is imported, with each named tensor of the main
  /// graph (inputs, initializers, node outputs) and the value it became:
  /// how a driver attaches per-tensor data (quantization encodings) to it.
  std::function<void(llvm::StringRef name, mlir::Value value)> visitTensor;
};

/// Module attribute of a keep-going import in which some nodes failed.
constexpr llvm::StringLiteral kPartialImportAttr = "edgecc.partial_import";

/// Imports an ONNX model file into a module holding one func.func of graph
/// ops, located at their ONNX nodes and named as in OnnxOrigin.h. Errors
/// (unreadable file, malformed protobuf, unsupported ops listed all at once,
/// bad shapes) are emitted as diagnostics located at the ONNX node, and the
/// result is a null module.
mlir::OwningOpRef<mlir::ModuleOp> importOnnxFile(llvm::StringRef path,
                                                 mlir::MLIRContext &context,
                                                 const ImportOptions &options);

/// The same from the serialized bytes of a ModelProto.
mlir::OwningOpRef<mlir::ModuleOp> importOnnxBytes(llvm::StringRef bytes,
                                                  llvm::StringRef sourceName,
                                                  mlir::MLIRContext &context,
                                                  const ImportOptions &options);

} // namespace edgecc

#endif
