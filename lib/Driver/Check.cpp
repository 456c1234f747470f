//===- Check.cpp - preflight: everything a target cannot compile ----------===//

#include "edgecc/Driver/Check.h"

#include "edgecc/Support/OnnxOrigin.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace edgecc;

/// A finding at the ONNX node of `loc`, or with the location spelled into
/// the message for model-level diagnostics.
static CheckFinding findingOf(Diagnostic &diag) {
  CheckFinding finding;
  if (!getOnnxNode(diag.getLocation(), finding.node, finding.op))
    finding.message = describeLocation(diag.getLocation());
  finding.message += diag.str();
  return finding;
}

CheckResult edgecc::checkModel(CompileOptions options,
                               const Toolchain &toolchain,
                               MLIRContext &context) {
  CheckResult result;
  SmallString<128> scratch;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueDirectory("edgecc-check", scratch)) {
    result.problems.push_back(
        {"", "", "cannot create a temporary directory: " + ec.message()});
    return result;
  }
  auto cleanup = llvm::make_scope_exit(
      [&] { llvm::sys::fs::remove_directories(scratch); });
  options.outputPath = (scratch + "/model.o").str();
  options.emit = "obj";
  options.reportPath.clear();
  options.reportHtmlPath.clear();
  options.import.keepGoing = true;

  ScopedDiagnosticHandler collector(&context, [&](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Error)
      result.problems.push_back(findingOf(diag));
    else if (diag.getSeverity() == DiagnosticSeverity::Remark)
      result.unchecked.push_back(findingOf(diag));
    return success();
  });
  result.compiles = succeeded(compileModel(options, toolchain, context));
  return result;
}

static std::string whereOf(const CheckFinding &finding) {
  return finding.node.empty() && finding.op.empty()
             ? std::string()
             : "node '" + finding.node + "' (" + finding.op + "): ";
}

void edgecc::printCheckText(const CheckResult &result,
                            const CompileOptions &options,
                            llvm::raw_ostream &os) {
  os << options.inputPath << " for target '" << options.targetName << "': ";
  if (result.compiles) {
    os << "compiles\n";
    return;
  }
  os << result.problems.size() << " problem"
     << (result.problems.size() == 1 ? "" : "s") << "\n";
  for (const CheckFinding &problem : result.problems)
    os << "  " << whereOf(problem) << problem.message << "\n";
  for (const CheckFinding &node : result.unchecked)
    os << "  " << whereOf(node) << node.message << "\n";
}

void edgecc::printCheckJson(const CheckResult &result,
                            const CompileOptions &options,
                            llvm::raw_ostream &os) {
  auto toJson = [](const std::vector<CheckFinding> &findings) {
    llvm::json::Array array;
    for (const CheckFinding &finding : findings)
      array.push_back(llvm::json::Object{{"node", finding.node},
                                         {"op", finding.op},
                                         {"message", finding.message}});
    return array;
  };
  os << llvm::formatv("{0:2}", llvm::json::Value(llvm::json::Object{
                                   {"model", options.inputPath},
                                   {"target", options.targetName},
                                   {"compiles", result.compiles},
                                   {"problems", toJson(result.problems)},
                                   {"unchecked", toJson(result.unchecked)}}))
     << "\n";
}
