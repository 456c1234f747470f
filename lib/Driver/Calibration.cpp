//===- Calibration.cpp - run the float model on calibration samples -------===//
//
// Calibration compiles the float model for this machine with every value to
// calibrate made an extra output (as compileModel compiles any model), loads it
// as a shared library and runs it on each sample, observing those outputs. It
// is the same generated code that float models run, so the ranges are those of
// the model as compiled.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Driver/Calibration.h"

#include "Target.h"
#include "edgecc/Driver/TensorFiles.h"
#include "edgecc/Transforms/Passes.h"

#include "edgecc_rt.h"

#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <new>

using namespace mlir;
using namespace edgecc;

namespace {

struct ModelInput {
  std::string name;
  const DataType *dataType;
  SmallVector<int64_t> shape;
};

/// One tensor per model input, in order.
using Sample = std::vector<HostTensor>;

std::vector<ModelInput> modelInputs(func::FuncOp function) {
  auto names = function->getAttrOfType<ArrayAttr>(kInputNamesAttr);
  std::vector<ModelInput> inputs;
  for (auto [index, type] : llvm::enumerate(function.getArgumentTypes())) {
    auto tensor = cast<RankedTensorType>(type);
    inputs.push_back({names && index < names.size()
                          ? cast<StringAttr>(names[index]).str()
                          : "input" + std::to_string(index),
                      dataTypeOf(tensor.getElementType()),
                      SmallVector<int64_t>(tensor.getShape())});
  }
  return inputs;
}

std::string readInput(StringRef path, const ModelInput &input,
                      HostTensor &tensor) {
  if (std::string error = readTensorFile(path, tensor); !error.empty())
    return "calibration sample '" + path.str() + "': " + error;
  if (std::string mismatch =
          inputMismatch(tensor, input.name, input.dataType, input.shape);
      !mismatch.empty())
    return "calibration sample '" + path.str() + "' " + mismatch;
  return "";
}

/// The samples of `dir`, in file name order: each .npy file is a sample of
/// a model of one input; each folder holds one <input-name>.npy per input.
FailureOr<std::vector<Sample>>
readSamples(StringRef dir, ArrayRef<ModelInput> inputs, Location loc) {
  std::vector<std::string> entries;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    entries.push_back(it->path());
  if (ec)
    return emitError(loc) << "cannot read the calibration data '" << dir
                          << "': " << ec.message();
  llvm::sort(entries);
  std::vector<Sample> samples;
  for (StringRef entry : entries) {
    Sample sample(inputs.size());
    std::string error;
    if (llvm::sys::fs::is_directory(entry)) {
      for (auto [input, tensor] : llvm::zip(inputs, sample)) {
        SmallString<256> path(entry);
        llvm::sys::path::append(path, input.name + ".npy");
        if (!llvm::sys::fs::exists(path)) {
          error = "calibration sample '" + entry.str() + "' has no " +
                  input.name + ".npy for model input '" + input.name + "'";
          break;
        }
        if (!(error = readInput(path, input, tensor)).empty())
          break;
      }
    } else if (entry.ends_with(".npy")) {
      if (inputs.size() != 1)
        error = "calibration sample '" + entry.str() + "' is one file, but " +
                "the model has " + std::to_string(inputs.size()) +
                " inputs: give one folder per sample with <input-name>.npy " +
                "for each";
      else
        error = readInput(entry, inputs[0], sample[0]);
    } else {
      continue; // not a sample (a README, a list of sources)
    }
    if (!error.empty())
      return emitError(loc) << error;
    samples.push_back(std::move(sample));
  }
  if (samples.empty())
    return emitError(loc)
           << "the calibration data '" << dir
           << "' holds no samples: give one .npy per sample (a model of one "
              "input) or one folder per sample with <input-name>.npy for "
              "each input";
  return samples;
}

/// Zeroed memory with the alignment generated code expects.
class AlignedBuffer {
public:
  AlignedBuffer(size_t bytes, size_t alignment)
      : alignment(std::align_val_t(std::max<size_t>(alignment, 64))),
        data(static_cast<char *>(
            ::operator new(std::max<size_t>(bytes, 1), this->alignment))) {
    std::memset(data, 0, std::max<size_t>(bytes, 1));
  }
  AlignedBuffer(AlignedBuffer &&other) noexcept
      : alignment(other.alignment), data(other.data) {
    other.data = nullptr;
  }
  AlignedBuffer(const AlignedBuffer &) = delete;
  AlignedBuffer &operator=(const AlignedBuffer &) = delete;
  ~AlignedBuffer() {
    if (data)
      ::operator delete(data, alignment);
  }
  char *get() const { return data; }

private:
  std::align_val_t alignment;
  char *data;
};

/// A progress bar on a terminal; silent when stderr is a file or pipe.
class Progress {
public:
  Progress(size_t total) : total(total), shown(llvm::errs().is_displayed()) {}
  ~Progress() {
    if (shown && done)
      llvm::errs() << "\n";
  }
  void step() {
    ++done;
    if (!shown)
      return;
    size_t filled = 30 * done / total;
    llvm::errs() << "\redgecc: calibrating [" << std::string(filled, '#')
                 << std::string(30 - filled, ' ') << "] " << done << "/"
                 << total;
  }

private:
  size_t total, done = 0;
  bool shown;
};

/// The model as a shared library for this machine, with the values to
/// calibrate that ops define as extra outputs.
struct ObserverLibrary {
  std::string path;
  /// Per value to calibrate: its output index, or -1 - argument number
  /// for a model input.
  std::vector<int64_t> outputOf;
};

FailureOr<ObserverLibrary> buildObserverLibrary(ModuleOp module,
                                                ArrayRef<Value> values,
                                                const Toolchain &toolchain,
                                                StringRef scratch) {
  Location loc = module.getLoc();
  IRMapping mapping;
  OwningOpRef<ModuleOp> copy(cast<ModuleOp>(module->clone(mapping)));
  auto function = *copy->getOps<func::FuncOp>().begin();
  auto returnOp = cast<func::ReturnOp>(function.front().getTerminator());
  ObserverLibrary library;
  SmallVector<Value> results(returnOp.getOperands());
  for (Value value : values) {
    if (auto argument = dyn_cast<BlockArgument>(value)) {
      library.outputOf.push_back(-1 - int64_t(argument.getArgNumber()));
      continue;
    }
    Value copied = mapping.lookup(value);
    auto *found = llvm::find(results, copied);
    library.outputOf.push_back(found - results.begin());
    if (found == results.end())
      results.push_back(copied);
  }
  returnOp->setOperands(results);
  // Ranges -encodings set stay with the original; the copy only observes.
  function.removeArgAttrsAttr();
  function.removeResAttrsAttr();
  function.setType(FunctionType::get(module.getContext(),
                                     function.getArgumentTypes(),
                                     ValueRange(results).getTypes()));

  CompileOptions build;
  build.targetName = "host";
  build.prefix = "edgecc_calibration";
  build.outputPath = (scratch + "/model.o").str();
  FailureOr<CompiledModel> compiled =
      compileCleanedModule(*copy, build, toolchain);
  if (failed(compiled))
    return failure();
  const Target &host = *lookupTarget(build.targetName);
  library.path = (scratch + "/model.so").str();
  std::string errors;
  if (runProgram({toolchain.clang, "--target=" + host.triple(), "-shared",
                  compiled->objectPath, toolchain.runtimeLibrary(host), "-o",
                  library.path},
                 &errors) != 0)
    return emitError(loc) << "linking the calibration model failed:\n"
                          << errors;
  return library;
}

/// The calibration model, loaded: runs one sample at a time.
class CalibrationRunner {
public:
  static FailureOr<CalibrationRunner> load(StringRef path, Location loc) {
    std::string error;
    auto library =
        llvm::sys::DynamicLibrary::getLibrary(path.str().c_str(), &error);
    if (!library.isValid())
      return emitError(loc) << "cannot load the calibration model: " << error;
    using InfoFn = const edgecc_model_info *(*)();
    auto info = reinterpret_cast<InfoFn>(
        library.getAddressOfSymbol("edgecc_calibration_info"));
    if (!info) {
      llvm::sys::DynamicLibrary::closeLibrary(library);
      return emitError(loc) << "the calibration model has no info function";
    }
    return CalibrationRunner(library, info());
  }
  CalibrationRunner(CalibrationRunner &&other) noexcept
      : library(other.library), info(other.info), arena(std::move(other.arena)),
        inputs(std::move(other.inputs)), outputs(std::move(other.outputs)) {
    other.library = llvm::sys::DynamicLibrary();
  }
  ~CalibrationRunner() {
    if (library.isValid())
      llvm::sys::DynamicLibrary::closeLibrary(library);
  }

  edgecc_status run(const Sample &sample) {
    SmallVector<const void *> in;
    SmallVector<void *> out;
    for (auto [tensor, buffer] : llvm::zip(sample, inputs)) {
      std::memcpy(buffer.get(), tensor.bytes.data(), tensor.bytes.size());
      in.push_back(buffer.get());
    }
    for (AlignedBuffer &buffer : outputs)
      out.push_back(buffer.get());
    return info->run(in.data(), out.data(), arena.get());
  }

  /// Output `index` of the last run, as floats.
  ArrayRef<float> output(int64_t index) const {
    return {reinterpret_cast<const float *>(outputs[index].get()),
            info->outputs[index].bytes / sizeof(float)};
  }

private:
  CalibrationRunner(llvm::sys::DynamicLibrary library,
                    const edgecc_model_info *info)
      : library(library), info(info),
        arena(info->arena_size, info->arena_alignment) {
    for (int32_t i = 0; i < info->num_inputs; ++i)
      inputs.emplace_back(info->inputs[i].bytes, 64);
    for (int32_t i = 0; i < info->num_outputs; ++i)
      outputs.emplace_back(info->outputs[i].bytes, 64);
  }

  llvm::sys::DynamicLibrary library;
  const edgecc_model_info *info;
  AlignedBuffer arena;
  std::vector<AlignedBuffer> inputs, outputs;
};

ArrayRef<float> floatsOf(const HostTensor &tensor) {
  return {reinterpret_cast<const float *>(tensor.bytes.data()),
          tensor.bytes.size() / sizeof(float)};
}

} // namespace

LogicalResult edgecc::calibrateModel(ModuleOp module,
                                     const QuantizationOptions &options,
                                     const Toolchain &toolchain) {
  // Every message names the calibration data or the tensor at fault.
  Location loc = UnknownLoc::get(module.getContext());
  auto function = *module.getOps<func::FuncOp>().begin();
  std::vector<ModelInput> inputs = modelInputs(function);
  FailureOr<std::vector<Sample>> samples =
      readSamples(options.calibrationDir, inputs, loc);
  if (failed(samples))
    return failure();
  SmallVector<Value> values = valuesToCalibrate(function);
  if (values.empty())
    return success();

  SmallString<128> scratch;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueDirectory("edgecc-calibration", scratch))
    return emitError(loc) << "cannot create a temporary directory: "
                          << ec.message();
  auto removeScratch = llvm::make_scope_exit(
      [&] { llvm::sys::fs::remove_directories(scratch); });
  FailureOr<ObserverLibrary> library =
      buildObserverLibrary(module, values, toolchain, scratch);
  if (failed(library))
    return failure();
  FailureOr<CalibrationRunner> runner =
      CalibrationRunner::load(library->path, loc);
  if (failed(runner))
    return failure();

  std::vector<TensorObserver> observers(values.size());
  SmallVector<BiasCorrectableProduct> corrected;
  if (options.biasCorrection)
    corrected = biasCorrectableProducts(function);
  // Each product's input is one of the values observed.
  std::vector<int64_t> correctedOutputs;
  for (const BiasCorrectableProduct &product : corrected)
    correctedOutputs.push_back(
        library->outputOf[llvm::find(values, product.input) - values.begin()]);
  bool histogram = needsHistogram(options.method);
  Progress progress(samples->size() * (histogram ? 2 : 1));
  auto observeAll = [&](auto observe, bool firstPass) -> LogicalResult {
    for (const Sample &sample : *samples) {
      if (edgecc_status status = runner->run(sample); status != EDGECC_OK)
        return emitError(loc) << "the calibration model failed: "
                              << edgecc_status_string(status);
      auto data = [&](int64_t output) {
        return output < 0 ? floatsOf(sample[-1 - output])
                          : runner->output(output);
      };
      for (auto [observer, output] : llvm::zip(observers, library->outputOf))
        observe(observer, data(output));
      if (firstPass)
        for (auto [product, output] : llvm::zip(corrected, correctedOutputs))
          product.observer.observe(data(output));
      progress.step();
    }
    return success();
  };
  if (failed(observeAll(
          [](TensorObserver &observer, ArrayRef<float> data) {
            observer.observeExtremes(data);
          },
          /*firstPass=*/true)))
    return failure();
  if (histogram) {
    constexpr unsigned kHistogramBins = 2048;
    for (TensorObserver &observer : observers)
      observer.startHistogram(kHistogramBins);
    if (failed(observeAll(
            [](TensorObserver &observer, ArrayRef<float> data) {
              observer.observeHistogram(data);
            },
            /*firstPass=*/false)))
      return failure();
  }

  Builder builder(module.getContext());
  for (auto [value, observer] : llvm::zip(values, observers)) {
    if (observer.sawNonFinite()) {
      auto argument = dyn_cast<BlockArgument>(value);
      return (argument ? emitError(loc)
                             << "model input '"
                             << inputs[argument.getArgNumber()].name << "'"
                       : emitError(value.getLoc()) << "the output")
             << " holds NaN or infinity on the calibration samples; it "
                "cannot be quantized";
    }
    if (calibratedRangeOf(value))
      continue; // set by -encodings
    TensorRange range =
        chooseRange(observer, options.method, options.percentile, 256);
    auto attr = builder.getDenseF32ArrayAttr({range.min, range.max});
    if (auto argument = dyn_cast<BlockArgument>(value))
      function.setArgAttr(argument.getArgNumber(), kRangeAttr, attr);
    else
      value.getDefiningOp()->setAttr(kRangeAttr, attr);
  }
  for (const BiasCorrectableProduct &product : corrected)
    product.product->setAttr(
        kInputMeanAttr, builder.getDenseF32ArrayAttr(product.observer.means()));
  return success();
}
