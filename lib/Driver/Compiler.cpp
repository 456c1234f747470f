//===- Compiler.cpp - ONNX file to model object ---------------------------===//

#include "edgecc/Driver/Compiler.h"

#include "Target.h"
#include "edgecc/Driver/BiasCorrection.h"
#include "edgecc/Driver/Calibration.h"
#include "edgecc/Driver/Encodings.h"
#include "edgecc/Driver/MixedPrecision.h"
#include "edgecc/Driver/Report.h"
#include "edgecc/Transforms/Passes.h"
#include "edgecc_thread_pool.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace edgecc;

llvm::cl::OptionCategory &edgecc::edgeccCategory() {
  static llvm::cl::OptionCategory category("edgecc options");
  return category;
}

FreedOptionNames::FreedOptionNames() {
  llvm::StringMap<llvm::cl::Option *> &registered =
      llvm::cl::getRegisteredOptions();
  if (auto it = registered.find("threads"); it != registered.end())
    it->second->removeArgument();
}

CompileFlags::CompileFlags() {
  llvm::cl::HideUnrelatedOptions(edgeccCategory());
}

std::string edgecc::versionString() {
  return "edgecc " EDGECC_VERSION " (LLVM/MLIR " LLVM_VERSION_STRING ")";
}

std::string edgecc::describeLocation(Location loc) {
  std::string node, opType;
  if (getOnnxNode(loc, node, opType))
    return "node '" + node + "' (" + opType + "): ";
  if (auto name = dyn_cast<NameLoc>(loc))
    return "'" + name.getName().str() + "': ";
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    return file.getFilename().str() + ": ";
  return "";
}

void edgecc::installDiagnosticPrinter(MLIRContext &context, StringRef tool) {
  std::string toolName = tool.str();
  // Users get the ONNX node, not a dump of the IR op.
  context.printOpOnDiagnostic(false);
  context.getDiagEngine().registerHandler([toolName](Diagnostic &diag) {
    const char *severity =
        diag.getSeverity() == DiagnosticSeverity::Error     ? "error"
        : diag.getSeverity() == DiagnosticSeverity::Warning ? "warning"
                                                            : "note";
    llvm::errs() << toolName << ": " << severity << ": "
                 << describeLocation(diag.getLocation()) << diag.str() << "\n";
    for (const Diagnostic &note : diag.getNotes())
      llvm::errs() << toolName
                   << ": note: " << describeLocation(note.getLocation())
                   << note.str() << "\n";
    return success();
  });
}

static bool isCIdentifier(StringRef name) {
  return !name.empty() && (llvm::isAlpha(name[0]) || name[0] == '_') &&
         llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

/// A C identifier made from the output file's stem.
static std::string prefixFromPath(StringRef path) {
  std::string stem = llvm::sys::path::stem(path).str();
  for (char &c : stem)
    if (!llvm::isAlnum(c))
      c = '_';
  if (stem.empty() || llvm::isDigit(stem[0]))
    stem = "model_" + stem;
  return llvm::StringRef(stem).lower();
}

/// An error unless `-flag=value` names one of `choices`.
static LogicalResult checkChoice(StringRef flag, StringRef value,
                                 ArrayRef<StringRef> choices, Location loc) {
  if (llvm::is_contained(choices, value))
    return success();
  return emitError(loc) << "-" << flag << "=" << value << " is not one of "
                        << llvm::join(choices, ", ");
}

/// -bias-correction[=analytic|empirical].
static LogicalResult applyBiasCorrectionFlag(const CompileFlags &flags,
                                             QuantizationOptions &quantization,
                                             Location loc) {
  using BiasCorrection = QuantizationOptions::BiasCorrection;
  if (!flags.biasCorrection.getNumOccurrences())
    return success();
  StringRef method = flags.biasCorrection;
  if (method.empty())
    method = "analytic";
  if (failed(checkChoice("bias-correction", method, {"analytic", "empirical"},
                         loc)))
    return failure();
  if (flags.calibrationData.empty())
    return emitError(loc) << "-bias-correction needs -calibration-data=DIR "
                             "to measure the "
                          << (method == "analytic" ? "mean inputs"
                                                   : "output means")
                          << " on";
  quantization.biasCorrection = method == "analytic"
                                    ? BiasCorrection::Analytic
                                    : BiasCorrection::Empirical;
  return success();
}

/// -promote=LIST: w8a16 and float, each at most once; a layer only ever
/// gains precision, so w8a16 cannot follow float.
static LogicalResult applyPromoteFlag(const CompileFlags &flags,
                                      QuantizationOptions &quantization,
                                      Location loc) {
  quantization.promotions.clear();
  for (const std::string &name : flags.promote) {
    if (failed(checkChoice("promote", name, {"w8a16", "float"}, loc)))
      return failure();
    LayerPrecision precision =
        name == "w8a16" ? LayerPrecision::Int16 : LayerPrecision::Float;
    if (!quantization.promotions.empty() &&
        quantization.promotions.back() >= precision)
      return emitError(loc) << "-promote lists w8a16 before float, each "
                               "once: a promoted layer only gains precision";
    quantization.promotions.push_back(precision);
  }
  return success();
}

static LogicalResult applyQuantizationFlags(const CompileFlags &flags,
                                            CompileOptions &options,
                                            Location loc) {
  bool mixed = flags.quantize == "mixed";
  bool sqnrBudget = flags.minSqnr.getNumOccurrences();
  bool top1Budget = flags.minTop1.getNumOccurrences();
  bool promote = flags.promote.getNumOccurrences();
  if (!mixed && (sqnrBudget || top1Budget || promote))
    return emitError(loc) << (sqnrBudget   ? "-min-sqnr"
                              : top1Budget ? "-min-top1"
                                           : "-promote")
                          << " is for -quantize=mixed";
  if (flags.quantize.empty()) {
    if (!flags.calibrationData.empty())
      return emitError(loc) << "-calibration-data is for -quantize=int8";
    bool biasCorrection = flags.biasCorrection.getNumOccurrences();
    StringRef quantizationFlag = !flags.encodings.empty() ? "-encodings"
                                 : biasCorrection         ? "-bias-correction"
                                 : flags.biasAbsorption   ? "-bias-absorption"
                                 : flags.crossLayerEqualization
                                     ? "-cross-layer-equalization"
                                     : "";
    if (!quantizationFlag.empty())
      return emitError(loc) << quantizationFlag << " is for -quantize=int8";
    return success();
  }
  if (failed(checkChoice("quantize", flags.quantize, {"int8", "mixed"}, loc)))
    return failure();
  if (mixed && (flags.calibrationData.empty() || !(sqnrBudget || top1Budget)))
    return emitError(loc) << "-quantize=mixed needs -calibration-data=DIR, "
                             "the samples each layer's sensitivity is "
                             "measured on, and a budget: -min-sqnr=DB, "
                             "-min-top1=PERCENT or both";
  if (top1Budget && !(flags.minTop1 > 0 && flags.minTop1 <= 100))
    return emitError(loc) << "-min-top1="
                          << llvm::formatv(
                                 "{0}",
                                 llvm::format("%g", flags.minTop1.getValue()))
                          << " is not a percentage in (0, 100]";
  if (flags.calibrationData.empty() && flags.encodings.empty())
    return emitError(loc) << "-quantize=int8 needs -calibration-data=DIR, "
                             "sample inputs to set activation ranges from, "
                             "or -encodings=FILE.json";
  QuantizationOptions quantization;
  quantization.calibrationDir = flags.calibrationData;
  quantization.encodingsPath = flags.encodings;
  if (failed(applyBiasCorrectionFlag(flags, quantization, loc)))
    return failure();
  if (flags.biasAbsorption && flags.calibrationData.empty())
    return emitError(loc) << "-bias-absorption needs -calibration-data=DIR "
                             "to measure the output floors on";
  quantization.biasAbsorption = flags.biasAbsorption;
  std::optional<RangeMethod> method = parseRangeMethod(flags.calibrationMethod);
  if (!method)
    return emitError(loc) << "-calibration-method=" << flags.calibrationMethod
                          << " is not one of minmax, percentile, mse";
  quantization.method = *method;
  quantization.percentile = flags.calibrationPercentile;
  if (!(quantization.percentile > 50 && quantization.percentile <= 100))
    return emitError(loc) << "-calibration-percentile="
                          << llvm::formatv("{0}", quantization.percentile)
                          << " is not in (50, 100]";
  if (failed(checkChoice("quantize-activations", flags.quantizeActivations,
                         {"int8", "uint8"}, loc)) ||
      failed(checkChoice("quantize-weights", flags.quantizeWeights,
                         {"per-channel", "per-tensor"}, loc)))
    return failure();
  quantization.activationType = flags.quantizeActivations;
  quantization.weightGranularity = flags.quantizeWeights;
  quantization.crossLayerEqualization = flags.crossLayerEqualization;
  if (sqnrBudget)
    quantization.minSqnr = flags.minSqnr;
  if (top1Budget)
    quantization.minTop1 = flags.minTop1;
  if (promote && failed(applyPromoteFlag(flags, quantization, loc)))
    return failure();
  options.quantization = std::move(quantization);
  return success();
}

LogicalResult edgecc::applyCompileFlags(const CompileFlags &flags,
                                        CompileOptions &options,
                                        MLIRContext &context) {
  Location loc = UnknownLoc::get(&context);
  options.targetName = flags.target;
  if (!lookupTarget(options.targetName)) {
    std::string known;
    for (const Target *target : allTargets())
      known += (known.empty() ? "" : ", ") + target->name().str();
    return emitError(loc) << "unknown target '" << options.targetName
                          << "' (known targets: " << known << ")";
  }
  options.prefix = flags.name;
  options.reportPath = flags.report;
  options.reportHtmlPath = flags.reportHtml;
  options.profile = flags.profile;
  options.threads = flags.threads;
  options.cpu = flags.cpu;
  // The runtime's pool runs at most that many; more would only waste arena.
  if (options.threads < 1 || options.threads > EDGECC_THREAD_POOL_MAX_THREADS)
    return emitError(loc) << "-threads=" << options.threads
                          << " is out of range (1 to "
                          << EDGECC_THREAD_POOL_MAX_THREADS << ")";
  if (!options.prefix.empty() && !isCIdentifier(options.prefix))
    return emitError(loc) << "-name=" << options.prefix
                          << " is not a C identifier";
  if (failed(applyQuantizationFlags(flags, options, loc)))
    return failure();
  for (const std::string &pin : flags.shapes) {
    auto [input, dims] = StringRef(pin).rsplit(':');
    SmallVector<StringRef> parts;
    dims.split(parts, 'x');
    SmallVector<int64_t> shape;
    for (StringRef part : parts) {
      int64_t dim;
      if (part.getAsInteger(10, dim) || dim < 0) {
        shape.clear();
        break;
      }
      shape.push_back(dim);
    }
    if (input.empty() || dims.empty() || shape.empty())
      return emitError(loc)
             << "-shape=" << pin << " is not of the form INPUT:DIMxDIMx...";
    options.import.inputShapes[input] = shape;
  }
  return success();
}

/// Writes `contents` to `path` through a temporary file, so `path` either
/// appears complete or not at all.
static LogicalResult writeAtomically(StringRef path, StringRef contents,
                                     MLIRContext &context) {
  std::string error;
  auto file = openOutputFile(path, &error);
  if (!file)
    return emitError(UnknownLoc::get(&context)) << error;
  file->os() << contents;
  file->keep();
  return success();
}

static std::string replaceExtension(StringRef path, StringRef extension) {
  SmallString<256> result(path);
  llvm::sys::path::replace_extension(result, extension);
  return std::string(result);
}

/// Writes the -report output, if one was asked for.
static LogicalResult writeReport(const CompileOptions &options,
                                 func::FuncOp function,
                                 const EmittedModel &emitted,
                                 const CompiledModel &compiled,
                                 MLIRContext &context) {
  if (options.reportPath.empty() && options.reportHtmlPath.empty())
    return success();
  ModelReport report = buildReport(function, emitted, compiled.prefix,
                                   options.targetName, compiled.objectPath);
  if (!options.reportHtmlPath.empty()) {
    std::string html;
    llvm::raw_string_ostream stream(html);
    writeHtmlReport(report, stream);
    if (failed(writeAtomically(options.reportHtmlPath, html, context)))
      return failure();
  }
  if (options.reportPath == "-") {
    writeTextReport(report, llvm::outs());
  } else if (!options.reportPath.empty()) {
    std::string json;
    llvm::raw_string_ostream stream(json);
    writeJsonReport(report, stream);
    return writeAtomically(options.reportPath, json, context);
  }
  return success();
}

/// -encodings: the tensors edgecc would quantize that the file does not
/// cover are listed, never silently calibrated (or left float).
static void reportUncoveredTensors(ModuleOp module,
                                   const QuantizationOptions &quantization) {
  auto function = *module.getOps<func::FuncOp>().begin();
  SmallVector<Value> values = valuesToCalibrate(function);
  SmallVector<Value> uncovered;
  for (Value value : values)
    if (!calibratedRangeOf(value))
      uncovered.push_back(value);
  if (uncovered.empty())
    return;
  InFlightDiagnostic warning = emitWarning(UnknownLoc::get(module.getContext()))
                               << uncovered.size() << " of the "
                               << values.size()
                               << " tensors to quantize have no encoding in '"
                               << quantization.encodingsPath << "'; ";
  if (quantization.calibrationDir.empty())
    warning << "their convs, gemms and matmuls stay float";
  else
    warning << "they are calibrated on '" << quantization.calibrationDir << "'";
  for (Value value : uncovered) {
    if (auto argument = dyn_cast<BlockArgument>(value))
      warning.attachNote() << "model input '"
                           << graphInputName(function, argument.getArgNumber())
                           << "'";
    else
      warning.attachNote(value.getLoc()) << "output";
  }
}

FailureOr<CompiledModel> edgecc::compileModel(const CompileOptions &options,
                                              const Toolchain &toolchain,
                                              MLIRContext &context) {
  context.loadDialect<graph::GraphDialect, kernel::KernelDialect,
                      func::FuncDialect>();
  ImportOptions importOptions = options.import;
  llvm::StringMap<Value> tensors;
  std::optional<QuantizationEncodings> encodings;
  if (options.quantization && !options.quantization->encodingsPath.empty()) {
    FailureOr<QuantizationEncodings> read = readEncodings(
        options.quantization->encodingsPath, UnknownLoc::get(&context));
    if (failed(read))
      return failure();
    encodings = std::move(*read);
    importOptions.visitTensor = [&tensors](StringRef name, Value value) {
      tensors[name] = value;
    };
  }
  OwningOpRef<ModuleOp> module =
      importOnnxFile(options.inputPath, context, importOptions);
  if (!module)
    return failure();
  if (encodings && failed(applyEncodings(*encodings, tensors,
                                         options.quantization->encodingsPath,
                                         UnknownLoc::get(&context))))
    return failure();
  PassManager cleanup(&context);
  buildGraphCleanupPipeline(cleanup);
  // Equalized before calibration: the ranges are those of the new weights.
  if (options.quantization && options.quantization->crossLayerEqualization)
    cleanup.addNestedPass<func::FuncOp>(createEqualizeCrossLayer());
  if (failed(cleanup.run(*module)))
    return failure();
  // A partial import (edgecc check) has no model to run.
  if (options.quantization && !(*module)->hasAttr(kPartialImportAttr)) {
    if (encodings)
      reportUncoveredTensors(*module, *options.quantization);
    if (!options.quantization->calibrationDir.empty()) {
      auto function = *module->getOps<func::FuncOp>().begin();
      FailureOr<std::vector<Sample>> samples =
          readCalibrationSamples(function, options.quantization->calibrationDir,
                                 UnknownLoc::get(&context));
      if (failed(samples) ||
          (options.quantization->biasAbsorption &&
           failed(absorbBiases(*module, *samples, toolchain))) ||
          failed(calibrateModel(*module, *options.quantization, *samples,
                                toolchain)))
        return failure();
      if (options.quantization->mixed() &&
          failed(chooseMixedPrecision(*module, *options.quantization, *samples,
                                      toolchain)))
        return failure();
      // After the mixed choice: the layers kept in float need none.
      if (options.quantization->biasCorrection ==
              QuantizationOptions::BiasCorrection::Empirical &&
          failed(correctBiasEmpirically(*module, *options.quantization,
                                        *samples, toolchain)))
        return failure();
    }
  }
  return compileCleanedModule(*module, options, toolchain);
}

FailureOr<CompiledModel>
edgecc::compileCleanedModule(ModuleOp module, const CompileOptions &options,
                             const Toolchain &toolchain) {
  MLIRContext &context = *module.getContext();
  const Target *target = lookupTarget(options.targetName);
  std::optional<QuantizeOptions> quantize;
  if (options.quantization)
    quantize = QuantizeOptions{options.quantization->activationType,
                               options.quantization->weightGranularity};
  PassManager lowering(&context);
  std::optional<DeviceShape> device = target->device();
  if (device && (options.threads > 1 || options.profile))
    return emitError(UnknownLoc::get(&context))
           << (options.profile ? "-profile" : "-threads")
           << " is for CPU targets; target '" << target->name()
           << "' runs its kernels on an OpenCL device";
  // Another CPU than the default may have another vector unit: clang says
  // which one its flags turn on. (A device target's CPU only runs host code.)
  const VectorISA *isa = &target->vectorISA();
  if (!options.cpu.empty() && !device) {
    std::string errors;
    isa = toolchain.enabledVectorISA(*target, options.cpu, errors);
    if (!isa)
      return emitError(UnknownLoc::get(&context))
             << "-mcpu=" << options.cpu << " does not work for target '"
             << target->name() << "': " << StringRef(errors).trim();
  }
  // Without a byte dot product, 8-bit tiles are C loops the compiler
  // vectorizes with the unit's multiply-adds.
  unsigned dotChains = isa->byteDot ? isa->byteDot->chains : isa->fmaChains;
  KernelSchedule schedule =
      TileKernelsOptions{static_cast<int64_t>(isa->floatLanes),
                         static_cast<int64_t>(isa->registers),
                         static_cast<int64_t>(isa->fmaChains),
                         static_cast<int64_t>(dotChains),
                         isa->byteDot && isa->byteDot->pairDot,
                         target->l2CacheBytes(),
                         options.threads};
  if (device)
    schedule = ChooseWorkGroupsOptions{device->computeUnits, device->simdWidth,
                                       device->maxGroupSize,
                                       /*groupOverhead=*/32};
  buildLoweringPipeline(lowering, target->alignment(), schedule, quantize);
  if (failed(lowering.run(module)))
    return failure();
  // A keep-going import went through the pipeline only for its diagnostics.
  if (module->hasAttr(kPartialImportAttr))
    return failure();

  CompiledModel compiled;
  // Written to standard output, the model is named after its ONNX file.
  StringRef namingPath =
      options.outputPath == "-" ? options.inputPath : options.outputPath;
  compiled.prefix =
      options.prefix.empty() ? prefixFromPath(namingPath) : options.prefix;
  if (options.emit == "mlir") {
    if (!options.reportPath.empty() || !options.reportHtmlPath.empty())
      return emitError(UnknownLoc::get(&context))
             << "-report and -report-html describe an emitted model; they do "
                "not combine with -emit=mlir";
    std::string text;
    llvm::raw_string_ostream stream(text);
    module.print(stream, OpPrintingFlags().elideLargeResourceString(64));
    if (failed(writeAtomically(options.outputPath, text, context)))
      return failure();
    return compiled;
  }

  auto function = *module.getOps<func::FuncOp>().begin();
  bool isC = options.emit == "c";
  compiled.headerPath = replaceExtension(options.outputPath, "h");
  std::string weightsPath =
      isC ? replaceExtension(options.outputPath, "weights.bin") : std::string();
  SmallString<128> scratch;
  if (!isC) {
    if (std::error_code ec =
            llvm::sys::fs::createUniqueDirectory("edgecc", scratch))
      return emitError(UnknownLoc::get(&context))
             << "cannot create a temporary directory: " << ec.message();
    weightsPath = (scratch + "/weights.bin").str();
  }
  auto removeScratch = llvm::make_scope_exit([&] {
    if (!scratch.empty())
      llvm::sys::fs::remove_directories(scratch);
  });
  SmallString<256> absoluteWeights(weightsPath);
  llvm::sys::fs::make_absolute(absoluteWeights);

  EmitOptions emitOptions{compiled.prefix,
                          target->name().str(),
                          llvm::join(target->compileFlags(options.cpu), " "),
                          llvm::sys::path::filename(compiled.headerPath).str(),
                          std::string(absoluteWeights),
                          target->alignment(),
                          options.profile,
                          options.threads};
  std::unique_ptr<CEmitter> emitter = target->createEmitter(*isa);
  FailureOr<EmittedModel> emitted = emitter->emit(function, emitOptions);
  if (failed(emitted))
    return failure();
  compiled.inputs = emitted->inputs;
  compiled.outputs = emitted->outputs;
  StringRef weights(emitted->weights.data(), emitted->weights.size());

  if (options.emit == "header") {
    compiled.headerPath = options.outputPath;
    if (failed(writeAtomically(options.outputPath, emitted->header, context)) ||
        failed(writeReport(options, function, *emitted, compiled, context)))
      return failure();
    return compiled;
  }
  if (isC) {
    if (failed(writeAtomically(weightsPath, weights, context)) ||
        failed(
            writeAtomically(compiled.headerPath, emitted->header, context)) ||
        failed(writeAtomically(options.outputPath, emitted->source, context)) ||
        failed(writeReport(options, function, *emitted, compiled, context)))
      return failure();
    return compiled;
  }

  // -emit=obj: clang builds the object in the scratch directory; only then
  // do the object and header move into place.
  std::string source = (scratch + "/model.c").str();
  std::string object = (scratch + "/model.o").str();
  std::string header =
      (scratch + "/" + llvm::sys::path::filename(compiled.headerPath)).str();
  if (failed(writeAtomically(weightsPath, weights, context)) ||
      failed(writeAtomically(header, emitted->header, context)) ||
      failed(writeAtomically(source, emitted->source, context)))
    return failure();
  std::string errors;
  if (!emitted->deviceSource.empty() &&
      failed(toolchain.checkOpenCL(emitted->deviceSource, errors)))
    return emitError(UnknownLoc::get(&context))
           << "clang rejects the generated OpenCL C (an edgecc bug):\n"
           << errors;
  if (failed(toolchain.compileC(*target, options.cpu, source, object,
                                {"-I" + scratch.str().str()}, errors)))
    return emitError(UnknownLoc::get(&context))
           << "clang failed on the generated code (an edgecc bug):\n"
           << errors;
  compiled.objectPath = options.outputPath;
  if (failed(writeAtomically(compiled.headerPath, emitted->header, context)))
    return failure();
  if (std::error_code ec =
          llvm::sys::fs::copy_file(object, compiled.objectPath + ".partial")) {
    llvm::sys::fs::remove(compiled.headerPath);
    return emitError(UnknownLoc::get(&context))
           << "cannot write '" << compiled.objectPath << "': " << ec.message();
  }
  llvm::sys::fs::rename(compiled.objectPath + ".partial", compiled.objectPath);
  if (failed(writeReport(options, function, *emitted, compiled, context)))
    return failure();
  return compiled;
}
