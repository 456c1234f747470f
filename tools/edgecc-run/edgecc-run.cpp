//===- edgecc-run.cpp - compile, link and run a model on files ------------===//
//
// Compiles the model like edgecc, links it with the runtime and a generic
// harness for the target, runs it (natively or under the target's emulator),
// and writes the outputs as OUTDIR/output_K.npy (an output with padded rows,
// EDGECC_TENSOR_PADDED_ROWS, only its valid rows).
//
//===----------------------------------------------------------------------===//

#include "edgecc/Driver/Compiler.h"
#include "edgecc/Driver/TensorFiles.h"

#include "Target.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <fstream>

using namespace edgecc;
namespace cl = llvm::cl;

static int fail(const llvm::Twine &message) {
  llvm::errs() << "edgecc-run: error: " << message << "\n";
  return 1;
}

/// Reads each -i file, checks it against the model input, writes it raw.
static std::string stageInputs(llvm::ArrayRef<std::string> files,
                               const CompiledModel &model, llvm::StringRef dir,
                               std::vector<std::string> &rawPaths) {
  if (files.size() != model.inputs.size())
    return "the model has " + std::to_string(model.inputs.size()) +
           " inputs but " + std::to_string(files.size()) +
           " -i files were given";
  for (auto [index, file] : llvm::enumerate(files)) {
    HostTensor tensor;
    if (std::string error = readTensorFile(file, tensor); !error.empty())
      return "input " + std::to_string(index) + " ('" + file + "'): " + error;
    const TensorSignature &expected = model.inputs[index];
    if (std::string mismatch = inputMismatch(tensor, expected.name,
                                             expected.dataType, expected.shape);
        !mismatch.empty())
      return "input " + std::to_string(index) + " ('" + file + "') " + mismatch;
    std::string raw = (dir + "/input_" + llvm::Twine(index) + ".bin").str();
    std::ofstream out(raw, std::ios::binary);
    out.write(tensor.bytes.data(), tensor.bytes.size());
    if (!out)
      return "cannot write " + raw;
    rawPaths.push_back(raw);
  }
  return "";
}

/// Drops the -1 rows after the valid ones of a padded-rows output
/// (EDGECC_TENSOR_PADDED_ROWS), so the file holds what the model selected.
static void trimPaddedRows(HostTensor &tensor) {
  int64_t rows = tensor.shape.front();
  size_t rowBytes = rows ? tensor.bytes.size() / rows : 0;
  int64_t valid = 0;
  for (; valid < rows; ++valid) {
    int64_t first;
    std::memcpy(&first, tensor.bytes.data() + valid * rowBytes, sizeof first);
    if (first == -1)
      break;
  }
  tensor.shape.front() = valid;
  tensor.bytes.resize(valid * rowBytes);
}

static std::string writeOutputs(const CompiledModel &model,
                                llvm::ArrayRef<std::string> rawPaths,
                                llvm::StringRef outDir) {
  if (std::error_code ec = llvm::sys::fs::create_directories(outDir))
    return "cannot create '" + outDir.str() + "': " + ec.message();
  for (auto [index, raw] : llvm::enumerate(rawPaths)) {
    auto buffer = llvm::MemoryBuffer::getFile(raw, false, false);
    if (!buffer)
      return "the harness wrote no output " + std::to_string(index);
    HostTensor tensor;
    tensor.dataType = model.outputs[index].dataType;
    tensor.shape = model.outputs[index].shape;
    llvm::StringRef bytes = (*buffer)->getBuffer();
    tensor.bytes.assign(bytes.begin(), bytes.end());
    if (model.outputs[index].paddedRows)
      trimPaddedRows(tensor);
    std::string path =
        (outDir + "/output_" + llvm::Twine(index) + ".npy").str();
    if (std::string error = writeNpy(path, tensor); !error.empty())
      return path + ": " + error;
  }
  return "";
}

/// One kernel's profiled runs.
struct KernelTimes {
  std::string node, op;
  std::vector<double> ms;
};

/// Reads the harness's profile log, prints per-kernel median times and
/// writes a Chrome trace (chrome://tracing, Perfetto) of every run.
static std::string summarizeProfile(llvm::StringRef logPath,
                                    llvm::StringRef outDir) {
  auto buffer = llvm::MemoryBuffer::getFile(logPath);
  if (!buffer)
    return "the harness wrote no profile";
  std::vector<KernelTimes> kernels;
  llvm::json::Array events;
  uint64_t origin = 0;
  llvm::SmallVector<llvm::StringRef> lines;
  (*buffer)->getBuffer().split(lines, '\n', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef line : lines) {
    llvm::SmallVector<llvm::StringRef, 6> fields;
    line.split(fields, '\t');
    unsigned run, index;
    uint64_t start, end;
    if (fields.size() != 6 || fields[0].getAsInteger(10, run) ||
        fields[1].getAsInteger(10, index) ||
        fields[4].getAsInteger(10, start) || fields[5].getAsInteger(10, end))
      return "malformed profile line '" + line.str() + "'";
    if (origin == 0)
      origin = start;
    if (index >= kernels.size())
      kernels.resize(index + 1);
    kernels[index].node = fields[2].str();
    kernels[index].op = fields[3].str();
    kernels[index].ms.push_back(double(end - start) * 1e-6);
    events.push_back(
        llvm::json::Object{{"name", fields[2]},
                           {"cat", fields[3]},
                           {"ph", "X"},
                           {"pid", 0},
                           {"tid", 0},
                           {"ts", double(start - origin) * 1e-3},
                           {"dur", double(end - start) * 1e-3},
                           {"args", llvm::json::Object{{"run", run}}}});
  }
  double total = 0;
  std::vector<double> medians;
  for (KernelTimes &kernel : kernels) {
    llvm::sort(kernel.ms);
    medians.push_back(kernel.ms.empty() ? 0 : kernel.ms[kernel.ms.size() / 2]);
    total += medians.back();
  }
  llvm::outs() << llvm::formatv("{0,-5} {1,-40} {2,-18} {3,10} {4,7}\n", "#",
                                "node", "op", "median ms", "share");
  for (auto [index, kernel] : llvm::enumerate(kernels))
    llvm::outs() << llvm::formatv(
        "{0,-5} {1,-40} {2,-18} {3,10:f3} {4,6:f1}%\n", index,
        llvm::StringRef(kernel.node).take_back(40), kernel.op, medians[index],
        total > 0 ? 100.0 * medians[index] / total : 0.0);
  llvm::outs() << llvm::formatv("total {0:f3} ms over {1} kernels\n", total,
                                kernels.size());
  std::string tracePath = (outDir + "/trace.json").str();
  std::error_code ec;
  llvm::raw_fd_ostream trace(tracePath, ec);
  if (ec)
    return "cannot write " + tracePath + ": " + ec.message();
  trace << llvm::json::Value(
               llvm::json::Object{{"traceEvents", std::move(events)}})
        << "\n";
  return "";
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::opt<std::string> model(cl::Positional, cl::desc("<model.onnx>"),
                             cl::Required, cl::cat(edgeccCategory()));
  cl::list<std::string> inputs("i",
                               cl::desc("Input tensor (.npy or ONNX .pb), in "
                                        "graph-input order"),
                               cl::value_desc("file"),
                               cl::cat(edgeccCategory()));
  cl::opt<std::string> outDir("o", cl::desc("Directory for output_K.npy"),
                              cl::value_desc("dir"), cl::Required,
                              cl::cat(edgeccCategory()));
  cl::opt<unsigned> repeat("repeat",
                           cl::desc("Timed runs after one warm-up run"),
                           cl::init(0), cl::cat(edgeccCategory()));
  cl::opt<std::string> programCache(
      "program-cache",
      cl::desc("OpenCL targets: keep built programs in DIR (through the "
               "model's cache hook), so that later runs skip the build"),
      cl::value_desc("DIR"), cl::cat(edgeccCategory()));
  CompileFlags flags;
  cl::SetVersionPrinter(
      [](llvm::raw_ostream &os) { os << versionString() << "\n"; });
  cl::ParseCommandLineOptions(
      argc, argv,
      "edgecc-run: compile an ONNX model, run it on input "
      "files and write its outputs\n");

  mlir::MLIRContext context;
  installDiagnosticPrinter(context, "edgecc-run");
  CompileOptions options;
  options.inputPath = model;
  if (mlir::failed(applyCompileFlags(flags, options, context)))
    return 1;
  const Target &target = *lookupTarget(options.targetName);
  Toolchain toolchain;
  if (std::string error = Toolchain::locate(argv[0], (void *)&main, toolchain);
      !error.empty())
    return fail(error);

  llvm::SmallString<128> scratch;
  if (llvm::sys::fs::createUniqueDirectory("edgecc-run", scratch))
    return fail("cannot create a temporary directory");
  auto cleanup = llvm::make_scope_exit(
      [&] { llvm::sys::fs::remove_directories(scratch); });
  std::string prefix = options.prefix.empty() ? "model" : options.prefix;
  options.outputPath = (scratch + "/" + prefix + ".o").str();
  options.prefix = prefix;
  mlir::FailureOr<CompiledModel> compiled =
      compileModel(options, toolchain, context);
  if (mlir::failed(compiled))
    return 1;

  std::vector<std::string> rawInputs;
  if (std::string error = stageInputs(inputs, *compiled, scratch, rawInputs);
      !error.empty())
    return fail(error);

  std::string executable = (scratch + "/harness").str();
  std::vector<std::string> link = {toolchain.clang,
                                   "--target=" + target.triple()};
  for (const std::string &flag : target.compileFlags(options.cpu))
    link.push_back(flag);
  bool onDevice = target.device().has_value();
  if (onDevice)
    link.push_back("-DEDGECC_HARNESS_OPENCL");
  link.insert(link.end(), {"-std=c11", "-O2", "-I" + toolchain.includeDir,
                           "-DEDGECC_MODEL_INFO=" + prefix + "_info",
                           toolchain.harnessSource(), compiled->objectPath,
                           toolchain.runtimeLibrary(target), "-o", executable});
  // After the runtime, which calls into them.
  for (const std::string &flag : target.linkFlags())
    link.push_back(flag);
  std::string errors;
  if (runProgram(link, &errors) != 0)
    return fail("linking the test harness failed:\n" + errors);

  std::vector<std::string> run = target.runPrefix();
  run.push_back(executable);
  std::string profileLog = (scratch + "/profile.tsv").str();
  if (options.profile)
    run.push_back("--profile=" + profileLog);
  if (options.threads > 1)
    run.push_back("--threads=" + std::to_string(options.threads));
  if (!programCache.empty()) {
    if (!onDevice)
      return fail("-program-cache is for OpenCL targets");
    if (std::error_code ec = llvm::sys::fs::create_directories(programCache))
      return fail("cannot create '" + programCache + "': " + ec.message());
    run.push_back("--cache=" + programCache);
  }
  run.push_back(std::to_string(repeat));
  run.insert(run.end(), rawInputs.begin(), rawInputs.end());
  std::vector<std::string> rawOutputs;
  for (size_t i = 0; i < compiled->outputs.size(); ++i)
    rawOutputs.push_back(
        (scratch + "/output_" + llvm::Twine(i) + ".bin").str());
  run.insert(run.end(), rawOutputs.begin(), rawOutputs.end());
  llvm::outs().flush();
  if (int code = runProgram(run, nullptr); code != 0) {
    // The harness said why; 77 (no OpenCL device) passes on, for tests
    // to report a skip.
    if (code == 77)
      return code;
    return fail("the model run failed (exit code " + std::to_string(code) +
                ")");
  }
  if (std::string error = writeOutputs(*compiled, rawOutputs, outDir);
      !error.empty())
    return fail(error);
  if (options.profile)
    if (std::string error = summarizeProfile(profileLog, outDir);
        !error.empty())
      return fail(error);
  return 0;
}
