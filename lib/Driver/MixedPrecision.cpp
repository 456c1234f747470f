//===- MixedPrecision.cpp - per-layer sensitivity, -quantize=mixed --------===//
//
// Sensitivity analysis runs the model's QuantizationSimulation with one
// layer quantized at a time, then with every layer quantized, then promotes
// layers to W8A16 or float (-promote) until the budgets hold. Its SQNRs are
// those of the quantization choices, not of the integer kernels' rounding.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Driver/MixedPrecision.h"

#include "edgecc/Driver/QuantizationSimulation.h"
#include "edgecc/Support/OnnxOrigin.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <thread>

using namespace mlir;
using namespace edgecc;

namespace {

/// How close the model with some layers quantized comes to the float
/// model.
struct Fidelity {
  /// The output SQNR (dB) over the first kSensitivitySamples samples; +inf
  /// when the outputs equal the float model's.
  double sqnr = 0;
  /// The percent of classifier rows, over every budget sample, whose top-1
  /// class is the float model's; set when -min-top1 is a budget.
  std::optional<double> top1;
};

/// The index of the largest of `values`, the first one on a tie.
size_t top1Class(ArrayRef<float> values) {
  return std::max_element(values.begin(), values.end()) - values.begin();
}

/// Runs the simulation with chosen layers quantized and compares its float
/// outputs with the float model's. The samples are spread over one loaded
/// copy of the model per hardware thread: generated code is reentrant.
///
/// Sensitivity and SQNR take the first kSensitivitySamples samples: enough
/// to rank layers. A top-1 agreement takes every sample: a percentage of 16
/// would move in steps of 6 points.
class SensitivityMeter {
public:
  static FailureOr<SensitivityMeter>
  load(ModuleOp module, ArrayRef<QuantizableLayer> layers,
       const QuantizationOptions &options, ArrayRef<Sample> samples,
       const Toolchain &toolchain, Location loc) {
    bool measureTop1 = options.minTop1.has_value();
    ArrayRef<Sample> budgetSamples =
        measureTop1
            ? samples
            : samples.take_front(std::min(samples.size(), kSensitivitySamples));
    unsigned workers = std::clamp<unsigned>(std::thread::hardware_concurrency(),
                                            1, budgetSamples.size());
    FailureOr<QuantizationSimulation> simulation =
        QuantizationSimulation::build(module, layers, options,
                                      /*shiftOutputs=*/false, workers,
                                      toolchain, loc);
    if (failed(simulation))
      return failure();
    SensitivityMeter meter(std::move(*simulation), budgetSamples);
    const edgecc_model_info &info = meter.simulation.info();
    for (int32_t i = 0; i < info.num_outputs; ++i)
      if (info.outputs[i].dtype == EDGECC_DTYPE_FLOAT32)
        meter.floatOutputs.push_back(i);
    if (meter.floatOutputs.empty())
      return emitError(loc) << "-quantize=mixed measures the model's float "
                               "outputs, and this model has none";
    if (measureTop1 && failed(meter.findClassifier(loc)))
      return failure();
    if (failed(meter.runAll(
            SmallVector<LayerPrecision>(layers.size(), LayerPrecision::Float),
            budgetSamples.size(), meter.reference, loc)))
      return failure();
    return meter;
  }

  /// The output SQNR over the first kSensitivitySamples samples with the
  /// layers at `precisions`.
  FailureOr<double> sqnr(ArrayRef<LayerPrecision> precisions, Location loc) {
    std::vector<std::vector<float>> outputs;
    if (failed(runAll(precisions, sqnrSamples(), outputs, loc)))
      return failure();
    return sqnrOf(outputs);
  }

  /// The SQNR and, when loaded to measure it, the top-1 agreement with the
  /// layers at `precisions`.
  FailureOr<Fidelity> fidelity(ArrayRef<LayerPrecision> precisions,
                               Location loc) {
    std::vector<std::vector<float>> outputs;
    if (failed(runAll(precisions, samples.size(), outputs, loc)))
      return failure();
    Fidelity fidelity{sqnrOf(outputs), std::nullopt};
    if (classes)
      fidelity.top1 = top1AgreementOf(outputs);
    return fidelity;
  }

  /// How many samples an SQNR is measured on: the first
  /// kSensitivitySamples.
  size_t sqnrSamples() const {
    return std::min(samples.size(), kSensitivitySamples);
  }

  /// How many top-1 classes an agreement compares: the classifier's rows
  /// over every sample.
  size_t top1Predictions() const {
    return classes ? samples.size() * (classifierElements / classes) : 0;
  }

private:
  SensitivityMeter(QuantizationSimulation simulation, ArrayRef<Sample> samples)
      : simulation(std::move(simulation)), samples(samples) {}

  /// The first float output, whose last axis holds the classes that a
  /// top-1 agreement compares.
  LogicalResult findClassifier(Location loc) {
    const edgecc_tensor_info &output =
        simulation.info().outputs[floatOutputs.front()];
    int64_t elements = 1;
    for (int32_t axis = 0; axis < output.rank; ++axis)
      elements *= output.shape[axis];
    int64_t last = output.rank ? output.shape[output.rank - 1] : 1;
    if (last < 2)
      return emitError(loc)
             << "-min-top1 compares the top-1 class along the last axis of "
                "the model's first float output, and output '"
             << output.name << "' has " << last << " value there";
    classes = last;
    classifierElements = elements;
    return success();
  }

  double sqnrOf(ArrayRef<std::vector<float>> outputs) const {
    double signal = 0, noise = 0;
    size_t count = sqnrSamples();
    for (auto [expected, got] : llvm::zip(ArrayRef(reference).take_front(count),
                                          outputs.take_front(count)))
      for (auto [want, value] : llvm::zip(expected, got)) {
        double error = double(want) - value;
        signal += double(want) * want;
        noise += error * error;
      }
    if (noise == 0)
      return std::numeric_limits<double>::infinity();
    return 10 * std::log10(signal / noise);
  }

  /// Percent of the classifier's rows in `outputs` whose top-1 class is the
  /// float model's. The classifier output comes first in each sample's
  /// outputs.
  double top1AgreementOf(ArrayRef<std::vector<float>> outputs) const {
    size_t agree = 0, rows = 0;
    for (auto [expected, got] : llvm::zip(reference, outputs))
      for (size_t row = 0; row < classifierElements; row += classes, ++rows)
        agree += top1Class(ArrayRef(expected).slice(row, classes)) ==
                 top1Class(ArrayRef(got).slice(row, classes));
    return 100.0 * double(agree) / double(rows);
  }

  /// The float outputs of the first `count` samples, each sample's
  /// concatenated, with the layers at `precisions`.
  LogicalResult runAll(ArrayRef<LayerPrecision> precisions, size_t count,
                       std::vector<std::vector<float>> &outputs, Location loc) {
    outputs.assign(count, {});
    return simulation.run(
        samples.take_front(count), precisions, /*outputShifts=*/{},
        [&](unsigned, size_t sample, const HostModelRunner &runner) {
          for (int32_t output : floatOutputs)
            llvm::append_range(outputs[sample], runner.output(output));
        },
        loc);
  }

  QuantizationSimulation simulation;
  ArrayRef<Sample> samples;
  SmallVector<int32_t> floatOutputs;
  /// Set when measuring top-1 agreement: the classes along the classifier
  /// output's last axis, and its elements per sample.
  size_t classes = 0, classifierElements = 0;
  std::vector<std::vector<float>> reference;
};

void dropRange(Value value) {
  if (auto argument = dyn_cast<BlockArgument>(value))
    cast<func::FuncOp>(argument.getOwner()->getParentOp())
        .removeArgAttr(argument.getArgNumber(), kRangeAttr);
  else
    value.getDefiningOp()->removeAttr(kRangeAttr);
}

StringRef precisionName(LayerPrecision precision) {
  switch (precision) {
  case LayerPrecision::Int8:
    return "int8";
  case LayerPrecision::Int16:
    return "w8a16";
  case LayerPrecision::Float:
    return "float";
  }
  llvm_unreachable("precisions are covered");
}

/// Marks the float and W8A16 layers and drops the ranges no quantized
/// layer needs.
void applyChoice(ArrayRef<QuantizableLayer> layers,
                 ArrayRef<LayerPrecision> precisions) {
  llvm::DenseMap<Value, bool> neededByQuantized;
  for (auto [layer, precision] : llvm::zip_equal(layers, precisions))
    for (Value value : layerTensors(layer))
      neededByQuantized[value] |= precision != LayerPrecision::Float;
  for (auto [layer, precision] : llvm::zip_equal(layers, precisions)) {
    MLIRContext *context = layer.product->getContext();
    if (precision == LayerPrecision::Float)
      layer.product->setAttr(kKeepFloatAttr, UnitAttr::get(context));
    if (precision == LayerPrecision::Int16)
      layer.product->setAttr(kWideActivationsAttr, UnitAttr::get(context));
  }
  for (auto [value, needed] : neededByQuantized)
    if (!needed && calibratedRangeOf(value))
      dropRange(value);
}

DictionaryAttr describeChoice(ArrayRef<QuantizableLayer> layers,
                              ArrayRef<double> sensitivity,
                              ArrayRef<LayerPrecision> precisions,
                              const QuantizationOptions &options,
                              const Fidelity &int8, const Fidelity &chosen,
                              size_t samples, size_t top1Predictions,
                              MLIRContext *context) {
  Builder builder(context);
  SmallVector<Attribute> described;
  for (auto [index, layer] : llvm::enumerate(layers)) {
    std::string node, opType;
    if (!getOnnxNode(layer.product->getLoc(), node, opType))
      opType = layer.product->getName().stripDialect().str();
    described.push_back(builder.getDictionaryAttr({
        builder.getNamedAttr("node", builder.getStringAttr(node)),
        builder.getNamedAttr("op", builder.getStringAttr(opType)),
        builder.getNamedAttr("precision", builder.getStringAttr(precisionName(
                                              precisions[index]))),
        builder.getNamedAttr("sqnr",
                             builder.getF64FloatAttr(sensitivity[index])),
    }));
  }
  SmallVector<NamedAttribute> choice{
      builder.getNamedAttr("int8_sqnr", builder.getF64FloatAttr(int8.sqnr)),
      builder.getNamedAttr("sqnr", builder.getF64FloatAttr(chosen.sqnr)),
      builder.getNamedAttr("samples", builder.getI64IntegerAttr(samples)),
      builder.getNamedAttr("layers", builder.getArrayAttr(described)),
  };
  auto addNumber = [&](StringRef name, std::optional<double> value) {
    if (value)
      choice.push_back(
          builder.getNamedAttr(name, builder.getF64FloatAttr(*value)));
  };
  addNumber("min_sqnr", options.minSqnr);
  addNumber("min_top1", options.minTop1);
  addNumber("int8_top1", int8.top1);
  addNumber("top1", chosen.top1);
  if (top1Predictions)
    choice.push_back(builder.getNamedAttr(
        "top1_predictions", builder.getI64IntegerAttr(top1Predictions)));
  return builder.getDictionaryAttr(choice);
}

/// Whether `fidelity` meets every budget of `options`.
bool meetsBudget(const Fidelity &fidelity, const QuantizationOptions &options) {
  return (!options.minSqnr || fidelity.sqnr >= *options.minSqnr) &&
         (!options.minTop1 || *fidelity.top1 >= *options.minTop1);
}

} // namespace

LogicalResult edgecc::chooseMixedPrecision(ModuleOp module,
                                           const QuantizationOptions &options,
                                           ArrayRef<Sample> samples,
                                           const Toolchain &toolchain) {
  Location loc = UnknownLoc::get(module.getContext());
  auto function = *module.getOps<func::FuncOp>().begin();
  SmallVector<QuantizableLayer> layers = rangedLayers(function);
  if (layers.empty())
    return success();

  FailureOr<SensitivityMeter> meter =
      SensitivityMeter::load(module, layers, options, samples, toolchain, loc);
  if (failed(meter))
    return failure();

  // Sensitivity: each layer quantized alone.
  Progress progress("measuring sensitivity", layers.size() + 1);
  SmallVector<double> sensitivity;
  for (unsigned index = 0; index < layers.size(); ++index) {
    SmallVector<LayerPrecision> alone(layers.size(), LayerPrecision::Float);
    alone[index] = LayerPrecision::Int8;
    FailureOr<double> sqnr = meter->sqnr(alone, loc);
    if (failed(sqnr))
      return failure();
    sensitivity.push_back(*sqnr);
    progress.step();
  }

  // Greedy, for each promotion in turn: the most sensitive layer not yet
  // promoted to it is, until the budget holds.
  SmallVector<LayerPrecision> precisions(layers.size(), LayerPrecision::Int8);
  FailureOr<Fidelity> int8 = meter->fidelity(precisions, loc);
  if (failed(int8))
    return failure();
  progress.step();
  auto indices = llvm::seq<unsigned>(0, layers.size());
  SmallVector<unsigned> bySensitivity(indices.begin(), indices.end());
  llvm::sort(bySensitivity, [&](unsigned a, unsigned b) {
    return std::make_pair(sensitivity[a], a) <
           std::make_pair(sensitivity[b], b);
  });
  Fidelity chosen = *int8;
  for (LayerPrecision promotion : options.promotions)
    for (unsigned layer : bySensitivity) {
      if (meetsBudget(chosen, options))
        break;
      if (precisions[layer] >= promotion)
        continue;
      precisions[layer] = promotion;
      FailureOr<Fidelity> measured = meter->fidelity(precisions, loc);
      if (failed(measured))
        return failure();
      chosen = *measured;
    }
  if (!meetsBudget(chosen, options)) {
    InFlightDiagnostic warning = emitWarning(loc);
    warning << "the -quantize=mixed budget is not reached even with every "
               "layer at "
            << precisionName(options.promotions.back()) << " (";
    auto number = [](double value) {
      return llvm::formatv("{0}", llvm::format("%.4g", value)).str();
    };
    if (options.minSqnr)
      warning << number(chosen.sqnr)
              << " dB for -min-sqnr=" << number(*options.minSqnr);
    if (options.minSqnr && options.minTop1)
      warning << ", ";
    if (options.minTop1)
      warning << number(*chosen.top1)
              << "% for -min-top1=" << number(*options.minTop1);
    warning << ")";
    if (options.promotions.back() == LayerPrecision::Float)
      warning << ": the tensors -encodings names stay quantized";
  }

  applyChoice(layers, precisions);
  function->setAttr(kMixedPrecisionAttr,
                    describeChoice(layers, sensitivity, precisions, options,
                                   *int8, chosen, meter->sqnrSamples(),
                                   meter->top1Predictions(),
                                   module.getContext()));
  return success();
}
