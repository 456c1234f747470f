//===- Compiler.h - ONNX file to model object -------------------*- C++ -*-===//

#ifndef EDGECC_DRIVER_COMPILER_H
#define EDGECC_DRIVER_COMPILER_H

#include "edgecc/Driver/Toolchain.h"
#include "edgecc/Emit/CEmitter.h"
#include "edgecc/Import/OnnxImporter.h"
#include "edgecc/Support/Calibration.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"

namespace edgecc {

class Target;

/// The --help category of every edgecc option; tools hide all others (the
/// LLVM libraries register hundreds).
llvm::cl::OptionCategory &edgeccCategory();

/// Frees the option names CompileFlags takes that libLLVM.so already
/// registered for itself (a hidden `-threads` nothing in edgecc reads).
struct FreedOptionNames {
  FreedOptionNames();
};

/// The compile options both edgecc and edgecc-run accept, as llvm::cl
/// options; construct one in main() before parsing the command line.
struct CompileFlags : private FreedOptionNames {
  llvm::cl::opt<std::string> target{
      "target",
      llvm::cl::desc("Target to compile for (see --help for the list)"),
      llvm::cl::init("host"), llvm::cl::cat(edgeccCategory())};
  llvm::cl::opt<std::string> name{
      "name", llvm::cl::desc("C symbol prefix of the model (default: from -o)"),
      llvm::cl::cat(edgeccCategory())};
  llvm::cl::list<std::string> shapes{
      "shape", llvm::cl::desc("Pin an input's shape: -shape=INPUT:1x3x224x224"),
      llvm::cl::value_desc("INPUT:DIMS"), llvm::cl::cat(edgeccCategory())};
  llvm::cl::opt<std::string> report{
      "report",
      llvm::cl::desc("Write the compile report: per-op placement, MACs, bytes "
                     "and arena offsets, RAM/ROM totals (FILE.json, or - for "
                     "a readable summary on stdout)"),
      llvm::cl::value_desc("FILE.json|-"), llvm::cl::cat(edgeccCategory())};
  llvm::cl::opt<std::string> reportHtml{
      "report-html",
      llvm::cl::desc("Draw the memory plan (buffers over op index and arena "
                     "offset) as an HTML page"),
      llvm::cl::value_desc("FILE.html"), llvm::cl::cat(edgeccCategory())};
  llvm::cl::opt<std::string> cpu{
      "mcpu",
      llvm::cl::desc("CPU to compile for, which picks the vector unit the "
                     "kernels use: x86 -march names (x86-64-v3 for AVX2, "
                     "x86-64-v4 or znver4 for AVX-512, ...) or Arm -mcpu "
                     "names (cortex-a76, ...); default: the target's "
                     "baseline, for host this machine"),
      llvm::cl::value_desc("name"), llvm::cl::cat(edgeccCategory())};
  llvm::cl::opt<unsigned> threads{
      "threads",
      llvm::cl::desc("Split each heavy kernel into tasks for this many "
                     "threads (<name>_run_parallel runs them on a thread "
                     "pool); the arena grows by a workspace per thread"),
      llvm::cl::init(1), llvm::cl::cat(edgeccCategory())};
  llvm::cl::opt<bool> profile{
      "profile",
      llvm::cl::desc("Compile in per-op profiling (<name>_run_profiled); "
                     "edgecc-run then prints per-op times and writes "
                     "OUTDIR/trace.json"),
      llvm::cl::cat(edgeccCategory())};

  llvm::cl::opt<std::string> quantize{
      "quantize",
      llvm::cl::desc("Quantize a float model after calibrating it on "
                     "-calibration-data: int8 (int8 weights per output "
                     "channel, 8-bit activations per tensor), or mixed "
                     "(int8, with the layers most sensitive to it promoted "
                     "to -promote's precisions until -min-sqnr and "
                     "-min-top1 hold)"),
      llvm::cl::value_desc("int8|mixed"), llvm::cl::cat(edgeccCategory())};
  llvm::cl::opt<std::string> calibrationData{
      "calibration-data",
      llvm::cl::desc("Calibration samples: one .npy per sample (a model of "
                     "one input), or one folder per sample holding "
                     "<input-name>.npy for each input"),
      llvm::cl::value_desc("DIR"), llvm::cl::cat(edgeccCategory())};
  llvm::cl::opt<std::string> calibrationMethod{
      "calibration-method",
      llvm::cl::desc("How activation ranges are set from the samples: minmax "
                     "(extremes), percentile (see -calibration-percentile) "
                     "or mse (least expected squared error)"),
      llvm::cl::init("minmax"), llvm::cl::cat(edgeccCategory())};
  llvm::cl::opt<double> calibrationPercentile{
      "calibration-percentile",
      llvm::cl::desc("Percent of the values seen that the range keeps, for "
                     "-calibration-method=percentile"),
      llvm::cl::init(99.99), llvm::cl::cat(edgeccCategory())};
  llvm::cl::opt<std::string> quantizeWeights{
      "quantize-weights",
      llvm::cl::desc("Weight scales: per-channel (one per output channel) "
                     "or per-tensor"),
      llvm::cl::init("per-channel"), llvm::cl::cat(edgeccCategory())};
  llvm::cl::opt<std::string> quantizeActivations{
      "quantize-activations",
      llvm::cl::desc("Element type of quantized activations: int8 or uint8"),
      llvm::cl::init("int8"), llvm::cl::cat(edgeccCategory())};
  llvm::cl::opt<std::string> encodings{
      "encodings",
      llvm::cl::desc("Quantization encodings (AIMET's JSON format) that set "
                     "activation ranges and weight scales by ONNX tensor "
                     "name; tensors it does not cover are listed, and "
                     "calibrated on -calibration-data if given, else left "
                     "float"),
      llvm::cl::value_desc("FILE.json"), llvm::cl::cat(edgeccCategory())};
  llvm::cl::opt<bool> crossLayerEqualization{
      "cross-layer-equalization",
      llvm::cl::desc("Before calibrating, balance the per-channel weight "
                     "ranges of consecutive convs and gemms (the model's "
                     "float output is unchanged)"),
      llvm::cl::cat(edgeccCategory())};
  llvm::cl::opt<double> minSqnr{
      "min-sqnr",
      llvm::cl::desc("For -quantize=mixed: the model's output SQNR (dB, "
                     "against the float model on the calibration samples) "
                     "that the most sensitive layers are promoted for "
                     "(-promote)"),
      llvm::cl::value_desc("DB"), llvm::cl::cat(edgeccCategory())};
  llvm::cl::opt<double> minTop1{
      "min-top1",
      llvm::cl::desc("For -quantize=mixed: the percent of calibration "
                     "samples whose top-1 class (the largest value along "
                     "the last axis of the first float output) must be the "
                     "float model's; the most sensitive layers are "
                     "promoted for it (-promote)"),
      llvm::cl::value_desc("PERCENT"), llvm::cl::cat(edgeccCategory())};
  llvm::cl::list<std::string> promote{
      "promote",
      llvm::cl::desc("For -quantize=mixed: the precisions the most "
                     "sensitive layers are promoted through until the "
                     "budget holds, in order: w8a16 (int8 weights, 16-bit "
                     "activations: integer kernels, bit-identical on every "
                     "target) and float; default float"),
      llvm::cl::value_desc("w8a16,float"), llvm::cl::CommaSeparated,
      llvm::cl::cat(edgeccCategory())};
  llvm::cl::opt<bool> biasAbsorption{
      "bias-absorption",
      llvm::cl::desc("Before calibrating, move what each output channel of "
                     "a conv or gemm held on every calibration sample (its "
                     "smallest value, if above 0) into the next layer's "
                     "bias, where the ops between pass it through: narrower "
                     "activation ranges, the same output on such inputs"),
      llvm::cl::cat(edgeccCategory())};
  llvm::cl::opt<std::string> biasCorrection{
      "bias-correction",
      llvm::cl::desc("Correct each quantized conv's and gemm's bias for the "
                     "mean output shift quantization causes on the "
                     "calibration data: analytic (the default) from the "
                     "rounded weights and the mean inputs, or empirical, "
                     "measured layer by layer on the quantized model"),
      llvm::cl::value_desc("analytic|empirical"), llvm::cl::ValueOptional,
      llvm::cl::cat(edgeccCategory())};

  CompileFlags();
};

/// How a layer computes: int8 weights and 8-bit activations, int8 weights
/// and 16-bit activations (W8A16), or float.
enum class LayerPrecision { Int8, Int16, Float };

/// -quantize=int8: post-training quantization calibrated on samples.
struct QuantizationOptions {
  std::string calibrationDir;
  RangeMethod method = RangeMethod::MinMax;
  double percentile = 99.99;
  std::string activationType = "int8";
  std::string weightGranularity = "per-channel";
  std::string encodingsPath;
  bool crossLayerEqualization = false;
  bool biasAbsorption = false;
  enum class BiasCorrection { None, Analytic, Empirical };
  BiasCorrection biasCorrection = BiasCorrection::None;
  /// -quantize=mixed: the budgets to keep layers in float for, at least
  /// one of them: the output SQNR (dB) and the top-1 agreement (percent).
  std::optional<double> minSqnr, minTop1;
  bool mixed() const { return minSqnr || minTop1; }
  /// -promote: the precisions -quantize=mixed promotes layers through, in
  /// order (Int16 or Float).
  llvm::SmallVector<LayerPrecision, 2> promotions{LayerPrecision::Float};
};

struct CompileOptions {
  std::string inputPath;
  std::string outputPath;
  std::string targetName = "host";
  std::string emit = "obj";   // obj, c, mlir or header
  std::string prefix;         // empty: derived from outputPath
  std::string reportPath;     // -report: a JSON file, "-" for text on stdout
  std::string reportHtmlPath; // -report-html
  bool profile = false;       // -profile
  int64_t threads = 1;        // -threads
  std::string cpu;            // -mcpu; empty: the target's default
  ImportOptions import;
  std::optional<QuantizationOptions> quantization;
};

/// Fills `options` from parsed flags; emits a diagnostic on bad values.
mlir::LogicalResult applyCompileFlags(const CompileFlags &flags,
                                      CompileOptions &options,
                                      mlir::MLIRContext &context);

struct CompiledModel {
  std::string prefix;
  std::string objectPath, headerPath;
  std::vector<TensorSignature> inputs, outputs;
};

/// Imports, optimizes, plans and emits a model, then (for -emit=obj) has
/// clang build the object. Writes nothing on failure: outputs appear only
/// once complete.
mlir::FailureOr<CompiledModel> compileModel(const CompileOptions &options,
                                            const Toolchain &toolchain,
                                            mlir::MLIRContext &context);

/// compileModel's second half, for a module that went through the graph
/// cleanup pipeline: lowers (quantizing products with calibrated ranges
/// when `options.quantization` is set), plans and emits it.
mlir::FailureOr<CompiledModel>
compileCleanedModule(mlir::ModuleOp module, const CompileOptions &options,
                     const Toolchain &toolchain);

/// Compiles the runtime for `target` into the static library `output`.
mlir::LogicalResult buildRuntimeLibrary(const Target &target,
                                        const Toolchain &toolchain,
                                        llvm::StringRef output,
                                        mlir::MLIRContext &context);

/// "node 'conv1' (Conv): " for importer locations, else the location's name
/// ("'input': ", "model.onnx: "), or nothing.
std::string describeLocation(mlir::Location loc);

/// Prints diagnostics as one line each: `tool: error: node 'n' (Op): ...`.
void installDiagnosticPrinter(mlir::MLIRContext &context, llvm::StringRef tool);

/// The version string --version prints.
std::string versionString();

} // namespace edgecc

#endif
