//===- edgecc.cpp - compile an ONNX model into a C object -----------------===//

#include "edgecc/Driver/Check.h"
#include "edgecc/Driver/Compiler.h"

#include "Target.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace edgecc;
namespace cl = llvm::cl;

static std::string targetList() {
  size_t width = 0;
  for (const Target *target : allTargets())
    width = std::max(width, target->name().size());
  std::string list = "\nTargets:\n";
  for (const Target *target : allTargets())
    list += "  " + target->name().str() +
            std::string(width + 2 - target->name().size(), ' ') +
            target->description().str() + "\n";
  return list;
}

/// `edgecc check MODEL -target=T [-format=json]`: lists every node, attribute
/// value and dtype the target cannot compile; exit code 0 only if the model
/// compiles.
static int runCheck(int argc, char **argv, void *anchor) {
  cl::opt<std::string> input(cl::Positional, cl::desc("<model.onnx>"),
                             cl::Required, cl::cat(edgeccCategory()));
  cl::opt<std::string> format("format", cl::desc("Output format: text or json"),
                              cl::init("text"), cl::cat(edgeccCategory()));
  CompileFlags flags;
  cl::extrahelp targetsHelp(targetList());
  cl::ParseCommandLineOptions(
      argc, argv,
      "edgecc check: list everything in a model that a target cannot "
      "compile (exit code 0 only if it compiles)\n");
  mlir::MLIRContext context;
  installDiagnosticPrinter(context, "edgecc");
  if (format != "text" && format != "json") {
    llvm::errs() << "edgecc: error: -format=" << format
                 << " is not one of text, json\n";
    return 1;
  }
  CompileOptions options;
  options.inputPath = input;
  if (mlir::failed(applyCompileFlags(flags, options, context)))
    return 1;
  Toolchain toolchain;
  if (std::string error = Toolchain::locate(argv[0], anchor, toolchain);
      !error.empty()) {
    llvm::errs() << "edgecc: error: " << error << "\n";
    return 1;
  }
  CheckResult result = checkModel(options, toolchain, context);
  if (format == "json")
    printCheckJson(result, options, llvm::outs());
  else
    printCheckText(result, options, llvm::outs());
  return result.compiles ? 0 : 1;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  if (argc > 1 && llvm::StringRef(argv[1]) == "check") {
    // argv[0] stays the program path (the toolchain is found from it).
    argv[1] = argv[0];
    return runCheck(argc - 1, argv + 1, (void *)&main);
  }
  cl::opt<std::string> input(cl::Positional, cl::desc("<model.onnx>"),
                             cl::cat(edgeccCategory()));
  cl::opt<std::string> output("o", cl::desc("Output file (default: <model>.o)"),
                              cl::value_desc("file"),
                              cl::cat(edgeccCategory()));
  cl::opt<std::string> emit(
      "emit",
      cl::desc(
          "What to write: obj (object + header), c (C source + header + "
          "weights), mlir (kernel IR), header, runtime (libedgecc_rt.a for "
          "the target; no model)"),
      cl::init("obj"), cl::cat(edgeccCategory()));
  CompileFlags flags;
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << versionString() << "\n" << targetList();
  });
  std::string moreHelp =
      targetList() + "\nExample:\n  edgecc mobilenetv2.onnx -target=aarch64 "
                     "-o mnet.o   # writes mnet.o and mnet.h\n"
                     "\nPreflight (every problem at once, nothing written):\n"
                     "  edgecc check model.onnx -target=aarch64 "
                     "[-format=json]\n";
  cl::extrahelp targetsHelp(moreHelp);
  cl::ParseCommandLineOptions(
      argc, argv, "edgecc: compile an ONNX model into a C object\n");

  mlir::MLIRContext context;
  installDiagnosticPrinter(context, "edgecc");
  if (emit != "obj" && emit != "c" && emit != "mlir" && emit != "header" &&
      emit != "runtime") {
    llvm::errs() << "edgecc: error: -emit=" << emit
                 << " is not one of obj, c, mlir, header, runtime\n";
    return 1;
  }
  if (input.empty() && emit != "runtime") {
    llvm::errs() << "edgecc: error: no model given (see --help)\n";
    return 1;
  }
  CompileOptions options;
  options.inputPath = input;
  options.emit = emit;
  if (output.empty()) {
    llvm::SmallString<256> path(llvm::sys::path::filename(input.getValue()));
    static const char *extensions[] = {"o", "c", "mlir", "h"};
    llvm::sys::path::replace_extension(path, extensions[emit == "obj"    ? 0
                                                        : emit == "c"    ? 1
                                                        : emit == "mlir" ? 2
                                                                         : 3]);
    options.outputPath = std::string(path);
  } else {
    options.outputPath = output;
  }
  // Standard output holds one stream; obj and c also write a header (and
  // weights) whose names derive from the output's.
  if (output == "-" && (emit == "obj" || emit == "c")) {
    llvm::errs() << "edgecc: error: -emit=" << emit
                 << " writes a header beside its output; -o - (standard "
                    "output) works only with -emit=mlir or -emit=header\n";
    return 1;
  }
  if (mlir::failed(applyCompileFlags(flags, options, context)))
    return 1;
  Toolchain toolchain;
  if (std::string error = Toolchain::locate(argv[0], (void *)&main, toolchain);
      !error.empty()) {
    llvm::errs() << "edgecc: error: " << error << "\n";
    return 1;
  }
  if (emit == "runtime") {
    if (output.empty()) {
      llvm::errs() << "edgecc: error: -emit=runtime needs -o <library>.a\n";
      return 1;
    }
    return mlir::failed(buildRuntimeLibrary(*lookupTarget(options.targetName),
                                            toolchain, output, context))
               ? 1
               : 0;
  }
  return mlir::failed(compileModel(options, toolchain, context)) ? 1 : 0;
}
