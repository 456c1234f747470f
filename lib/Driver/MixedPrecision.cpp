//===- MixedPrecision.cpp - per-layer sensitivity, -quantize=mixed --------===//
//
// Sensitivity analysis needs the model's output with any set of layers
// quantized. Building one model per set would take a compile each, so one
// simulation is built instead: the calibrated model after edgecc-quantize,
// with its Q/DQ pairs left to run as float ops (no fold-qdq), and every
// quantized tensor and weight behind a graph.where that an extra boolean
// input, the gates, switches between its quantized and its float value.
//
// A tensor is quantized when any layer next to it (reading or writing it)
// is, as the compiled model will have it; a max pool or reshape of a
// quantized tensor follows that tensor's gate. The simulation computes in
// float where the compiled model requantizes in fixed point, so its SQNRs
// are those of the quantization choices, not of the integer kernels'
// rounding.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Driver/MixedPrecision.h"

#include "edgecc/Support/Elements.h"
#include "edgecc/Support/OnnxOrigin.h"
#include "edgecc/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/BitVector.h"

#include <cmath>
#include <thread>

using namespace mlir;
using namespace edgecc;

namespace {

constexpr llvm::StringLiteral kSimulationPrefix = "edgecc_sensitivity";

/// A quantized value of the simulation and the float value it replaced;
/// its gate is on when any of `layers` is quantized.
struct GatedValue {
  Value quantized, original;
  SmallVector<unsigned> layers;
};

/// The simulation as a shared library, and its gates.
struct Simulation {
  std::string path;
  std::vector<SmallVector<unsigned>> gateLayers;
};

/// The float constant operands of `product` (its weight and bias), cloned
/// to the start of the function so they outlive edgecc-quantize's rewrites.
SmallVector<Value> floatOperands(Operation *product, OpBuilder &atStart) {
  SmallVector<Value> copies;
  for (Value operand : product->getOperands()) {
    Operation *constant = operand.getDefiningOp();
    copies.push_back(constant && matchPattern(operand, m_Constant())
                         ? atStart.clone(*constant)->getResult(0)
                         : Value());
  }
  return copies;
}

/// The constant operands edgecc-quantize replaced (a weight behind a
/// DequantizeLinear, a corrected bias, or a bias it created where there
/// was none, whose float value is 0), gated by `layer`.
void collectGatedOperands(Operation *product, ArrayRef<Value> floatCopies,
                          unsigned layer, OpBuilder &atStart,
                          std::vector<GatedValue> &gated) {
  for (auto [index, operand] : llvm::enumerate(product->getOperands())) {
    Value original;
    if (index < floatCopies.size()) {
      original = floatCopies[index];
      if (!original)
        continue; // not a constant
      auto before = original.getDefiningOp<graph::ConstantOp>();
      auto after = operand.getDefiningOp<graph::ConstantOp>();
      if (after && after.getValue() == before.getValue())
        continue; // unchanged
    } else {
      auto type = cast<RankedTensorType>(operand.getType());
      original = atStart.create<graph::ConstantOp>(
          product->getLoc(), type,
          makeFloatElements(
              type, SmallVector<float>(type.getNumElements(), 0.0f), "bias"));
    }
    gated.push_back({operand, original, {layer}});
  }
}

/// The Q/DQ pairs edgecc-quantize put on float tensors, gated by the layers
/// next to the tensor; a value-moving op's result by its operand's gate.
/// Pairs with no layer next to them (a tensor only -encodings names) stay
/// quantized.
void collectGatedTensors(
    func::FuncOp function,
    const llvm::DenseMap<Value, SmallVector<unsigned>> &layersNextTo,
    std::vector<GatedValue> &gated) {
  llvm::DenseMap<Value, size_t> gatedIndex;
  function.walk([&](graph::QuantizeLinearOp quantize) {
    Value tensor = quantize.getInput();
    if (matchPattern(tensor, m_Constant()) || !quantize->hasOneUse())
      return;
    auto dequantize =
        dyn_cast<graph::DequantizeLinearOp>(*quantize->getUsers().begin());
    if (!dequantize)
      return;
    SmallVector<unsigned> layers = layersNextTo.lookup(tensor);
    if (Operation *producer = tensor.getDefiningOp();
        layers.empty() && producer && producer->getNumOperands() > 0) {
      auto source = gatedIndex.find(producer->getOperand(0));
      if (source != gatedIndex.end())
        layers = gated[source->second].layers;
    }
    if (layers.empty())
      return;
    gatedIndex[dequantize.getResult()] = gated.size();
    gated.push_back({dequantize.getResult(), tensor, layers});
  });
}

/// Gives `function` a last input of one bool per gated value and puts each
/// gated value behind a graph.where on its gate.
void insertGates(func::FuncOp function, ArrayRef<GatedValue> gated) {
  MLIRContext *context = function.getContext();
  Location loc = function.getLoc();
  auto boolType = IntegerType::get(context, 1);
  auto gatesType =
      RankedTensorType::get({static_cast<int64_t>(gated.size())}, boolType);
  unsigned position = function.getNumArguments();
  function.insertArgument(position, gatesType, DictionaryAttr(), loc);
  Value gates = function.getArgument(position);
  auto names = function->getAttrOfType<ArrayAttr>(kInputNamesAttr);
  SmallVector<Attribute> inputNames(names.begin(), names.end());
  inputNames.push_back(StringAttr::get(context, "edgecc_gates"));
  function->setAttr(kInputNamesAttr, ArrayAttr::get(context, inputNames));

  OpBuilder builder(context);
  auto gateType = RankedTensorType::get({1}, boolType);
  for (auto [index, value] : llvm::enumerate(gated)) {
    builder.setInsertionPointAfterValue(value.quantized);
    int64_t gate = static_cast<int64_t>(index);
    Value on = builder.create<graph::SliceOp>(
        loc, gateType, gates, builder.getDenseI64ArrayAttr({gate}),
        builder.getDenseI64ArrayAttr({gate + 1}),
        builder.getDenseI64ArrayAttr({1}));
    Value selected = builder.create<graph::WhereOp>(
        value.quantized.getLoc(), value.quantized.getType(), on,
        value.quantized, value.original);
    Value quantized = value.quantized;
    quantized.replaceAllUsesExcept(selected, selected.getDefiningOp());
  }
}

FailureOr<Simulation> buildSimulation(ModuleOp module,
                                      ArrayRef<QuantizableLayer> layers,
                                      const QuantizationOptions &options,
                                      const Toolchain &toolchain,
                                      StringRef scratch) {
  IRMapping mapping;
  OwningOpRef<ModuleOp> copy(cast<ModuleOp>(module->clone(mapping)));
  auto function = *copy->getOps<func::FuncOp>().begin();
  OpBuilder atStart = OpBuilder::atBlockBegin(&function.front());
  llvm::DenseMap<Value, SmallVector<unsigned>> layersNextTo;
  SmallVector<Operation *> products;
  SmallVector<SmallVector<Value>> floatCopies;
  for (auto [index, layer] : llvm::enumerate(layers)) {
    layersNextTo[mapping.lookup(layer.input)].push_back(index);
    layersNextTo[mapping.lookup(layer.output)].push_back(index);
    products.push_back(mapping.lookup(layer.product));
    floatCopies.push_back(floatOperands(products.back(), atStart));
  }

  PassManager quantize(module.getContext());
  quantize.addNestedPass<func::FuncOp>(createQuantize(
      QuantizeOptions{options.activationType, options.weightGranularity}));
  if (failed(quantize.run(*copy)))
    return failure();

  std::vector<GatedValue> gated;
  for (auto [index, product] : llvm::enumerate(products))
    collectGatedOperands(product, floatCopies[index], index, atStart, gated);
  collectGatedTensors(function, layersNextTo, gated);
  insertGates(function, gated);

  Simulation simulation;
  for (const GatedValue &value : gated)
    simulation.gateLayers.push_back(value.layers);
  FailureOr<std::string> path =
      buildHostLibrary(*copy, kSimulationPrefix, toolchain, scratch);
  if (failed(path))
    return failure();
  simulation.path = *path;
  return simulation;
}

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
  static FailureOr<SensitivityMeter> load(Simulation simulation,
                                          unsigned numLayers,
                                          ArrayRef<Sample> samples,
                                          bool measureTop1, Location loc) {
    ArrayRef<Sample> budgetSamples =
        measureTop1
            ? samples
            : samples.take_front(std::min(samples.size(), kSensitivitySamples));
    SensitivityMeter meter(std::move(simulation), budgetSamples);
    unsigned threads = std::clamp<unsigned>(std::thread::hardware_concurrency(),
                                            1, budgetSamples.size());
    for (unsigned i = 0; i < threads; ++i) {
      FailureOr<HostModelRunner> runner =
          HostModelRunner::load(meter.simulation.path, kSimulationPrefix, loc);
      if (failed(runner))
        return failure();
      meter.runners.push_back(std::move(*runner));
    }
    const edgecc_model_info &info = meter.runners.front().info();
    for (int32_t i = 0; i < info.num_outputs; ++i)
      if (info.outputs[i].dtype == EDGECC_DTYPE_FLOAT32)
        meter.floatOutputs.push_back(i);
    if (meter.floatOutputs.empty())
      return emitError(loc) << "-quantize=mixed measures the model's float "
                               "outputs, and this model has none";
    if (measureTop1 && failed(meter.findClassifier(loc)))
      return failure();
    if (failed(meter.runAll(llvm::BitVector(numLayers), budgetSamples.size(),
                            meter.reference, loc)))
      return failure();
    return meter;
  }

  /// The output SQNR over the first kSensitivitySamples samples with
  /// `quantized` layers quantized.
  FailureOr<double> sqnr(const llvm::BitVector &quantized, Location loc) {
    std::vector<std::vector<float>> outputs;
    if (failed(runAll(quantized, sqnrSamples(), outputs, loc)))
      return failure();
    return sqnrOf(outputs);
  }

  /// The SQNR and, when loaded to measure it, the top-1 agreement with
  /// `quantized` layers quantized.
  FailureOr<Fidelity> fidelity(const llvm::BitVector &quantized, Location loc) {
    std::vector<std::vector<float>> outputs;
    if (failed(runAll(quantized, samples.size(), outputs, loc)))
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
  SensitivityMeter(Simulation simulation, ArrayRef<Sample> samples)
      : simulation(std::move(simulation)), samples(samples) {}

  /// The first float output, whose last axis holds the classes that a
  /// top-1 agreement compares.
  LogicalResult findClassifier(Location loc) {
    const edgecc_tensor_info &output =
        runners.front().info().outputs[floatOutputs.front()];
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
  /// concatenated, with `quantized` layers quantized.
  LogicalResult runAll(const llvm::BitVector &quantized, size_t count,
                       std::vector<std::vector<float>> &outputs, Location loc) {
    HostTensor gates;
    gates.dataType = dataTypeOf(IntegerType::get(loc.getContext(), 1));
    gates.shape = {static_cast<int64_t>(simulation.gateLayers.size())};
    for (ArrayRef<unsigned> layers : simulation.gateLayers)
      gates.bytes.push_back(llvm::any_of(
          layers, [&](unsigned layer) { return quantized.test(layer); }));
    outputs.assign(count, {});
    std::vector<edgecc_status> statuses(count, EDGECC_OK);
    auto work = [&](unsigned worker) {
      HostModelRunner &runner = runners[worker];
      for (size_t i = worker; i < count; i += runners.size()) {
        Sample inputs = samples[i];
        inputs.push_back(gates);
        statuses[i] = runner.run(inputs);
        for (int32_t output : floatOutputs)
          llvm::append_range(outputs[i], runner.output(output));
      }
    };
    std::vector<std::thread> threads;
    for (unsigned worker = 1; worker < runners.size(); ++worker)
      threads.emplace_back(work, worker);
    work(0);
    for (std::thread &thread : threads)
      thread.join();
    for (edgecc_status status : statuses)
      if (status != EDGECC_OK)
        return emitError(loc) << "the sensitivity model failed: "
                              << edgecc_status_string(status);
    return success();
  }

  Simulation simulation;
  ArrayRef<Sample> samples;
  std::vector<HostModelRunner> runners;
  SmallVector<int32_t> floatOutputs;
  /// Set when measuring top-1 agreement: the classes along the classifier
  /// output's last axis, and its elements per sample.
  size_t classes = 0, classifierElements = 0;
  std::vector<std::vector<float>> reference;
};

/// The layers edgecc-quantize will quantize: both their input and output
/// have a range.
SmallVector<QuantizableLayer> rangedLayers(func::FuncOp function) {
  SmallVector<QuantizableLayer> layers;
  for (const QuantizableLayer &layer : quantizableLayers(function))
    if (calibratedRangeOf(layer.input) && calibratedRangeOf(layer.output))
      layers.push_back(layer);
  return layers;
}

void dropRange(Value value) {
  if (auto argument = dyn_cast<BlockArgument>(value))
    cast<func::FuncOp>(argument.getOwner()->getParentOp())
        .removeArgAttr(argument.getArgNumber(), kRangeAttr);
  else
    value.getDefiningOp()->removeAttr(kRangeAttr);
}

/// Marks the float layers and drops the ranges no quantized layer needs.
void applyChoice(ArrayRef<QuantizableLayer> layers,
                 const llvm::BitVector &quantized) {
  llvm::DenseMap<Value, bool> neededByQuantized;
  for (auto [index, layer] : llvm::enumerate(layers))
    for (Value value : {layer.input, layer.output})
      neededByQuantized[value] |= quantized.test(index);
  for (auto [index, layer] : llvm::enumerate(layers))
    if (!quantized.test(index))
      layer.product->setAttr(kKeepFloatAttr,
                             UnitAttr::get(layer.product->getContext()));
  for (auto [value, needed] : neededByQuantized)
    if (!needed)
      dropRange(value);
}

DictionaryAttr describeChoice(ArrayRef<QuantizableLayer> layers,
                              ArrayRef<double> sensitivity,
                              const llvm::BitVector &quantized,
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
        builder.getNamedAttr(
            "precision",
            builder.getStringAttr(quantized.test(index) ? "int8" : "float")),
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

  FailureOr<ScratchDirectory> scratch =
      ScratchDirectory::create("edgecc-sensitivity", loc);
  if (failed(scratch))
    return failure();
  FailureOr<Simulation> simulation =
      buildSimulation(module, layers, options, toolchain, scratch->path());
  if (failed(simulation))
    return failure();
  FailureOr<SensitivityMeter> meter =
      SensitivityMeter::load(std::move(*simulation), layers.size(), samples,
                             options.minTop1.has_value(), loc);
  if (failed(meter))
    return failure();

  // Sensitivity: each layer quantized alone.
  Progress progress("measuring sensitivity", layers.size() + 1);
  SmallVector<double> sensitivity;
  for (unsigned index = 0; index < layers.size(); ++index) {
    llvm::BitVector alone(layers.size());
    alone.set(index);
    FailureOr<double> sqnr = meter->sqnr(alone, loc);
    if (failed(sqnr))
      return failure();
    sensitivity.push_back(*sqnr);
    progress.step();
  }

  // Greedy: the most sensitive layer left goes back to float until the
  // budget holds.
  llvm::BitVector quantized(layers.size(), true);
  FailureOr<Fidelity> int8 = meter->fidelity(quantized, loc);
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
  for (unsigned layer : bySensitivity) {
    if (meetsBudget(chosen, options))
      break;
    quantized.reset(layer);
    FailureOr<Fidelity> measured = meter->fidelity(quantized, loc);
    if (failed(measured))
      return failure();
    chosen = *measured;
  }
  if (!meetsBudget(chosen, options)) {
    InFlightDiagnostic warning = emitWarning(loc);
    warning << "the -quantize=mixed budget is not reached even with every "
               "layer in float (";
    if (options.minSqnr)
      warning << chosen.sqnr << " dB for -min-sqnr=" << *options.minSqnr;
    if (options.minSqnr && options.minTop1)
      warning << ", ";
    if (options.minTop1)
      warning << *chosen.top1 << "% for -min-top1=" << *options.minTop1;
    warning << "): the tensors -encodings names stay quantized";
  }

  applyChoice(layers, quantized);
  function->setAttr(kMixedPrecisionAttr,
                    describeChoice(layers, sensitivity, quantized, options,
                                   *int8, chosen, meter->sqnrSamples(),
                                   meter->top1Predictions(),
                                   module.getContext()));
  return success();
}
