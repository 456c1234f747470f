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

#include "edgecc/Support/OnnxOrigin.h"
#include "edgecc/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/Pass/PassManager.h"

#include <cmath>

using namespace mlir;
using namespace edgecc;

namespace {

constexpr llvm::StringLiteral kObserverPrefix = "edgecc_calibration";

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

  FailureOr<std::string> path =
      buildHostLibrary(*copy, kObserverPrefix, toolchain, scratch);
  if (failed(path))
    return failure();
  library.path = *path;
  return library;
}

/// The observer library of `values`, built in its own scratch directory
/// and loaded.
struct Observer {
  ScratchDirectory scratch;
  ObserverLibrary library;
  HostModelRunner runner;

  static FailureOr<Observer> load(ModuleOp module, ArrayRef<Value> values,
                                  const Toolchain &toolchain,
                                  StringRef scratchName, Location loc) {
    FailureOr<ScratchDirectory> scratch =
        ScratchDirectory::create(scratchName, loc);
    if (failed(scratch))
      return failure();
    FailureOr<ObserverLibrary> library =
        buildObserverLibrary(module, values, toolchain, scratch->path());
    if (failed(library))
      return failure();
    FailureOr<HostModelRunner> runner =
        HostModelRunner::load(library->path, kObserverPrefix, loc);
    if (failed(runner))
      return failure();
    return Observer{std::move(*scratch), std::move(*library),
                    std::move(*runner)};
  }

  LogicalResult run(const Sample &sample, Location loc) {
    if (edgecc_status status = runner.run(sample); status != EDGECC_OK)
      return emitError(loc) << "the calibration model failed: "
                            << edgecc_status_string(status);
    return success();
  }
};

} // namespace

LogicalResult edgecc::absorbBiases(ModuleOp module, ArrayRef<Sample> samples,
                                   const Toolchain &toolchain) {
  Location loc = UnknownLoc::get(module.getContext());
  auto function = *module.getOps<func::FuncOp>().begin();
  SmallVector<Operation *> layers = biasAbsorbingLayers(function);
  if (layers.empty())
    return success();
  SmallVector<Value> values;
  for (Operation *layer : layers)
    values.push_back(layer->getResult(0));

  FailureOr<Observer> observer =
      Observer::load(module, values, toolchain, "edgecc-bias-absorption", loc);
  if (failed(observer))
    return failure();

  // Per layer, the smallest value of each output channel.
  std::vector<ChannelLayout> layouts;
  std::vector<std::vector<float>> floors;
  for (Value value : values) {
    layouts.push_back(
        ChannelLayout::of(cast<RankedTensorType>(value.getType())));
    floors.emplace_back(layouts.back().channels, INFINITY);
  }
  Progress progress("measuring output floors", samples.size());
  for (const Sample &sample : samples) {
    if (failed(observer->run(sample, loc)))
      return failure();
    for (auto [layout, output, floor] :
         llvm::zip(layouts, observer->library.outputOf, floors)) {
      for (auto [index, element] :
           llvm::enumerate(observer->runner.output(output)))
        floor[layout.channelOf(index)] =
            std::min(floor[layout.channelOf(index)], element);
    }
    progress.step();
  }

  Builder builder(module.getContext());
  for (auto [layer, floor] : llvm::zip(layers, floors))
    layer->setAttr(kOutputFloorAttr, builder.getDenseF32ArrayAttr(floor));
  PassManager absorb(module.getContext());
  absorb.addNestedPass<func::FuncOp>(createAbsorbBias());
  return absorb.run(module);
}

LogicalResult edgecc::calibrateModel(ModuleOp module,
                                     const QuantizationOptions &options,
                                     ArrayRef<Sample> samples,
                                     const Toolchain &toolchain) {
  // Every message names the calibration data or the tensor at fault.
  Location loc = UnknownLoc::get(module.getContext());
  auto function = *module.getOps<func::FuncOp>().begin();
  SmallVector<Value> values = valuesToCalibrate(function);
  if (values.empty())
    return success();

  FailureOr<Observer> observer =
      Observer::load(module, values, toolchain, "edgecc-calibration", loc);
  if (failed(observer))
    return failure();
  const ObserverLibrary &library = observer->library;

  std::vector<TensorObserver> observers(values.size());
  SmallVector<BiasCorrectableProduct> corrected;
  if (options.biasCorrection == QuantizationOptions::BiasCorrection::Analytic)
    corrected = biasCorrectableProducts(function);
  // Each product's input is one of the values observed.
  std::vector<int64_t> correctedOutputs;
  for (const BiasCorrectableProduct &product : corrected)
    correctedOutputs.push_back(
        library.outputOf[llvm::find(values, product.input) - values.begin()]);
  bool histogram = needsHistogram(options.method);
  Progress progress("calibrating", samples.size() * (histogram ? 2 : 1));
  auto observeAll = [&](auto observe, bool firstPass) -> LogicalResult {
    for (const Sample &sample : samples) {
      if (failed(observer->run(sample, loc)))
        return failure();
      auto data = [&](int64_t output) {
        return output < 0 ? floatsOf(sample[-1 - output])
                          : observer->runner.output(output);
      };
      for (auto [tensor, output] : llvm::zip(observers, library.outputOf))
        observe(tensor, data(output));
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
      return (argument
                  ? emitError(loc)
                        << "model input '"
                        << graphInputName(function, argument.getArgNumber())
                        << "'"
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
