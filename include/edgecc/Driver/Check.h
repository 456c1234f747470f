//===- Check.h - preflight: everything a target cannot compile --*- C++ -*-===//

#ifndef EDGECC_DRIVER_CHECK_H
#define EDGECC_DRIVER_CHECK_H

#include "edgecc/Driver/Compiler.h"

#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace edgecc {

/// One diagnostic of a check, at an ONNX node when it has one.
struct CheckFinding {
  std::string node, op; // empty for model-level problems
  std::string message;
};

struct CheckResult {
  /// True when the model compiled for the target (object built).
  bool compiles = false;
  /// Every problem: unsupported ops, attribute values, dtypes, shapes.
  std::vector<CheckFinding> problems;
  /// Nodes not checked because an input comes from a failed node.
  std::vector<CheckFinding> unchecked;
};

/// Compiles the model as `edgecc` would, into a scratch directory that is
/// removed afterwards, with the importer in keep-going mode and every
/// diagnostic collected instead of printed.
CheckResult checkModel(CompileOptions options, const Toolchain &toolchain,
                       mlir::MLIRContext &context);

/// A readable list: one line per problem, "node 'n' (Op): why".
void printCheckText(const CheckResult &result, const CompileOptions &options,
                    llvm::raw_ostream &os);

/// The same as JSON: {"model", "target", "compiles", "problems": [{"node",
/// "op", "message"}], "unchecked": [...]}.
void printCheckJson(const CheckResult &result, const CompileOptions &options,
                    llvm::raw_ostream &os);

} // namespace edgecc

#endif
