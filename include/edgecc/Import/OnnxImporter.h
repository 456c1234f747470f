//===- OnnxImporter.h - ONNX protobuf to the graph dialect ------*- C++ -*-===//

#ifndef EDGECC_IMPORT_ONNXIMPORTER_H
#define EDGECC_IMPORT_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringMap.h"

#include <string>

namespace edgecc {

struct ImportOptions {
  /// Shapes pinned by the user (-shape=NAME:1x3x224x224); they replace the
  /// model's symbolic and fixed dims of that input.
  llvm::StringMap<llvm::SmallVector<int64_t>> inputShapes;
  /// Name of the function the graph becomes.
  std::string functionName = "main";
};

/// Imports an ONNX model file into a module holding one func.func of graph
/// ops. Errors (unreadable file, malformed protobuf, unsupported ops listed
/// all at once, bad shapes) are emitted as diagnostics located at the ONNX
/// node, and the result is a null module.
mlir::OwningOpRef<mlir::ModuleOp> importOnnxFile(llvm::StringRef path,
                                                 mlir::MLIRContext &context,
                                                 const ImportOptions &options);

/// The same from the serialized bytes of a ModelProto.
mlir::OwningOpRef<mlir::ModuleOp> importOnnxBytes(llvm::StringRef bytes,
                                                  llvm::StringRef sourceName,
                                                  mlir::MLIRContext &context,
                                                  const ImportOptions &options);

/// The ONNX node behind a location made by the importer: the location is
/// `loc(fused<"OpType">["node name"])`. Returns false for other locations.
bool getOnnxNode(mlir::Location loc, std::string &nodeName,
                 std::string &opType);

/// Names of the graph inputs and outputs recorded on the imported function.
constexpr llvm::StringLiteral kInputNamesAttr = "edgecc.input_names";
constexpr llvm::StringLiteral kOutputNamesAttr = "edgecc.output_names";

} // namespace edgecc

#endif
