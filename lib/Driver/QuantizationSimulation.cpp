//===- QuantizationSimulation.cpp - the model with any layers quantized ---===//
//
// A tensor is quantized when any layer next to it (reading or writing it,
// or reading a max pool or reshape of it) is, as the compiled model will
// have it, at 16 bits when one of them is W8A16; a max pool or reshape of
// a quantized tensor follows that tensor's gates. The simulation computes in
// float where the compiled model requantizes in fixed point, so what it
// measures is the effect of the quantization choices, not of the integer
// kernels' rounding.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Driver/QuantizationSimulation.h"

#include "edgecc/Support/Elements.h"
#include "edgecc/Support/OnnxOrigin.h"
#include "edgecc/Transforms/LinearQuantization.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Pass/PassManager.h"

#include <thread>

using namespace mlir;
using namespace edgecc;

namespace {

constexpr llvm::StringLiteral kSimulationPrefix = "edgecc_simulation";

using Gate = QuantizationSimulation::Gate;

/// A quantized value of the simulation, the value it falls back to when its
/// gate is off, and the value whose users read the choice (the quantized
/// value itself, or for a tensor's 16-bit value its 8-bit one).
struct GatedValue {
  Value quantized, original, replaced;
  Gate gate;
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
    gated.push_back({operand, original, operand, {Gate::Operand, {layer}}});
  }
}

/// The Q/DQ pairs edgecc-quantize put on float tensors, gated by the layers
/// whose tensors they are (layerTensors). Each tensor with a range also gets
/// a 16-bit pair at its range, for W8A16 layers; its gate comes first, so
/// that the tensor's users read where(wide, 16-bit, where(narrow, 8-bit,
/// float)). A max pool or reshape of a gated tensor keeps that tensor's
/// quantization, at either width, as edgecc-quantize has it: it follows its
/// gates and needs no 16-bit pair. Pairs with no layer (a tensor only
/// -encodings names) stay quantized.
void collectGatedTensors(
    func::FuncOp function,
    const llvm::DenseMap<Value, SmallVector<unsigned>> &layersNextTo,
    const llvm::DenseMap<Value, TensorRange> &ranges, Type wideType,
    std::vector<GatedValue> &gated) {
  llvm::DenseMap<Value, size_t> narrowGate;
  // Collected first: the 16-bit pairs are QuantizeLinears too.
  SmallVector<graph::QuantizeLinearOp> pairs;
  function.walk([&](graph::QuantizeLinearOp quantize) {
    if (!matchPattern(quantize.getInput(), m_Constant()) &&
        quantize->hasOneUse() &&
        isa<graph::DequantizeLinearOp>(*quantize->getUsers().begin()))
      pairs.push_back(quantize);
  });
  for (graph::QuantizeLinearOp quantize : pairs) {
    Value tensor = quantize.getInput();
    auto dequantize =
        cast<graph::DequantizeLinearOp>(*quantize->getUsers().begin());
    Value narrow = dequantize.getResult();
    Operation *producer = tensor.getDefiningOp();
    if (producer && keepsQuantization(producer)) {
      auto source = narrowGate.find(producer->getOperand(0));
      if (source != narrowGate.end()) {
        Gate follows = gated[source->second].gate;
        narrowGate[narrow] = gated.size();
        gated.push_back({narrow, tensor, narrow, follows});
        continue;
      }
    }
    SmallVector<unsigned> layers = layersNextTo.lookup(tensor);
    if (layers.empty())
      continue;
    if (auto range = ranges.find(tensor); range != ranges.end()) {
      OpBuilder builder(function.getContext());
      builder.setInsertionPointAfterValue(narrow);
      Value wide = quantizeDequantize(
          builder, tensor, activationQuantization(range->second, wideType));
      gated.push_back({wide, narrow, narrow, {Gate::Wide, layers}});
    }
    narrowGate[narrow] = gated.size();
    gated.push_back({narrow, tensor, narrow, {Gate::Narrow, layers}});
  }
}

/// Appends an input named `name` of `type` to `function`.
Value appendInput(func::FuncOp function, Type type, StringRef name) {
  MLIRContext *context = function.getContext();
  unsigned position = function.getNumArguments();
  function.insertArgument(position, type, DictionaryAttr(), function.getLoc());
  auto names = function->getAttrOfType<ArrayAttr>(kInputNamesAttr);
  SmallVector<Attribute> inputNames(names.begin(), names.end());
  inputNames.push_back(StringAttr::get(context, name));
  function->setAttr(kInputNamesAttr, ArrayAttr::get(context, inputNames));
  return function.getArgument(position);
}

/// Gives `function` an input of one bool per gated value and puts each
/// gated value behind a graph.where on its gate, which the users of its
/// `replaced` value read instead.
void insertGates(func::FuncOp function, ArrayRef<GatedValue> gated) {
  MLIRContext *context = function.getContext();
  Location loc = function.getLoc();
  auto boolType = IntegerType::get(context, 1);
  Value gates = appendInput(
      function,
      RankedTensorType::get({static_cast<int64_t>(gated.size())}, boolType),
      "edgecc_gates");
  OpBuilder builder(context);
  auto gateType = RankedTensorType::get({1}, boolType);
  for (auto [index, value] : llvm::enumerate(gated)) {
    // After both of the where's values (a weight's float copy comes
    // first, a tensor's 16-bit value after its 8-bit one).
    Operation *original = value.original.getDefiningOp();
    Operation *quantized = value.quantized.getDefiningOp();
    builder.setInsertionPointAfter(
        original && quantized->isBeforeInBlock(original) ? original
                                                         : quantized);
    int64_t gate = static_cast<int64_t>(index);
    Value on = builder.create<graph::SliceOp>(
        loc, gateType, gates, builder.getDenseI64ArrayAttr({gate}),
        builder.getDenseI64ArrayAttr({gate + 1}),
        builder.getDenseI64ArrayAttr({1}));
    Value selected = builder.create<graph::WhereOp>(
        value.quantized.getLoc(), value.quantized.getType(), on,
        value.quantized, value.original);
    Value replaced = value.replaced;
    replaced.replaceAllUsesExcept(selected, selected.getDefiningOp());
  }
}

/// Adds an input to each conv's and gemm's result, one value per output
/// channel, and makes the sum an output of `function`.
std::vector<QuantizationSimulation::ShiftedLayer>
insertOutputShifts(func::FuncOp function, ArrayRef<Operation *> products) {
  std::vector<QuantizationSimulation::ShiftedLayer> shifted(products.size());
  auto returnOp = cast<func::ReturnOp>(function.front().getTerminator());
  SmallVector<Value> results(returnOp.getOperands());
  OpBuilder builder(function.getContext());
  for (auto [index, product] : llvm::enumerate(products)) {
    if (!isa<graph::ConvOp, graph::GemmOp>(product))
      continue;
    Value result = product->getResult(0);
    auto type = cast<RankedTensorType>(result.getType());
    QuantizationSimulation::ShiftedLayer &layer = shifted[index];
    layer.layout = ChannelLayout::of(type);
    layer.shiftShape.assign(type.getRank() - 1, 1);
    layer.shiftShape.front() = layer.layout.channels;
    Value shift = appendInput(
        function,
        RankedTensorType::get(layer.shiftShape, type.getElementType()),
        ("edgecc_shift_" + Twine(index)).str());
    builder.setInsertionPointAfter(product);
    auto sum =
        builder.create<graph::AddOp>(product->getLoc(), type, result, shift);
    result.replaceAllUsesExcept(sum, sum);
    layer.output = results.size();
    results.push_back(sum);
  }
  returnOp->setOperands(results);
  function.setType(FunctionType::get(function.getContext(),
                                     function.getArgumentTypes(),
                                     ValueRange(results).getTypes()));
  return shifted;
}

} // namespace

SmallVector<QuantizableLayer> edgecc::rangedLayers(func::FuncOp function) {
  SmallVector<QuantizableLayer> layers;
  for (const QuantizableLayer &layer : quantizableLayers(function))
    if (calibratedRangeOf(layer.input) && calibratedRangeOf(layer.output))
      layers.push_back(layer);
  return layers;
}

FailureOr<QuantizationSimulation> QuantizationSimulation::build(
    ModuleOp module, ArrayRef<QuantizableLayer> layers,
    const QuantizationOptions &options, bool shiftOutputs, unsigned workers,
    const Toolchain &toolchain, Location loc) {
  FailureOr<ScratchDirectory> scratch =
      ScratchDirectory::create("edgecc-simulation", loc);
  if (failed(scratch))
    return failure();
  QuantizationSimulation simulation(std::move(*scratch));

  IRMapping mapping;
  OwningOpRef<ModuleOp> copy(cast<ModuleOp>(module->clone(mapping)));
  auto function = *copy->getOps<func::FuncOp>().begin();
  OpBuilder atStart = OpBuilder::atBlockBegin(&function.front());
  llvm::DenseMap<Value, SmallVector<unsigned>> layersNextTo;
  llvm::DenseMap<Value, TensorRange> ranges;
  SmallVector<Operation *> products;
  SmallVector<SmallVector<Value>> floatCopies;
  for (auto [index, layer] : llvm::enumerate(layers)) {
    for (Value tensor : layerTensors(layer)) {
      Value copied = mapping.lookup(tensor);
      layersNextTo[copied].push_back(index);
      if (std::optional<TensorRange> range = calibratedRangeOf(copied))
        ranges[copied] = *range;
    }
    products.push_back(mapping.lookup(layer.product));
    floatCopies.push_back(floatOperands(products.back(), atStart));
  }
  // The 8-bit pairs come from edgecc-quantize, the 16-bit ones from the
  // ranges.
  function.walk([](Operation *op) { op->removeAttr(kWideActivationsAttr); });

  PassManager quantize(module.getContext());
  quantize.addNestedPass<func::FuncOp>(createQuantize(
      QuantizeOptions{options.activationType, options.weightGranularity}));
  if (failed(quantize.run(*copy)))
    return failure();

  std::vector<GatedValue> gated;
  for (auto [index, product] : llvm::enumerate(products))
    collectGatedOperands(product, floatCopies[index], index, atStart, gated);
  Type activations =
      activationTypeNamed(options.activationType, module.getContext());
  collectGatedTensors(function, layersNextTo, ranges,
                      wideActivationType(activations), gated);
  insertGates(function, gated);
  for (const GatedValue &value : gated)
    simulation.gates.push_back(value.gate);
  if (shiftOutputs)
    simulation.shifted = insertOutputShifts(function, products);
  // Ranges -encodings set stay with the original; the copy only simulates.
  function.removeArgAttrsAttr();
  function.removeResAttrsAttr();

  FailureOr<std::string> path = buildHostLibrary(
      *copy, kSimulationPrefix, toolchain, simulation.scratch.path());
  if (failed(path))
    return failure();
  for (unsigned i = 0; i < std::max(workers, 1u); ++i) {
    FailureOr<HostModelRunner> runner =
        HostModelRunner::load(*path, kSimulationPrefix, loc);
    if (failed(runner))
      return failure();
    simulation.runners.push_back(std::move(*runner));
  }
  return simulation;
}

LayerPrecision edgecc::precisionOf(Operation *product) {
  if (product->hasAttr(kKeepFloatAttr))
    return LayerPrecision::Float;
  return product->hasAttr(kWideActivationsAttr) ? LayerPrecision::Int16
                                                : LayerPrecision::Int8;
}

bool QuantizationSimulation::Gate::isOn(
    ArrayRef<LayerPrecision> precisions) const {
  auto any = [&](auto predicate) {
    return llvm::any_of(
        layers, [&](unsigned layer) { return predicate(precisions[layer]); });
  };
  auto wide = [](LayerPrecision p) { return p == LayerPrecision::Int16; };
  auto quantized = [](LayerPrecision p) { return p != LayerPrecision::Float; };
  switch (kind) {
  case Operand:
    return any(quantized);
  case Narrow:
    return any(quantized) && !any(wide);
  case Wide:
    return any(wide);
  }
  llvm_unreachable("gate kinds are covered");
}

LogicalResult QuantizationSimulation::run(
    ArrayRef<Sample> samples, ArrayRef<LayerPrecision> precisions,
    ArrayRef<std::vector<float>> outputShifts, Visit visit, Location loc) {
  Sample extraInputs;
  HostTensor &gateInput = extraInputs.emplace_back();
  gateInput.dataType = dataTypeOf(IntegerType::get(loc.getContext(), 1));
  gateInput.shape = {static_cast<int64_t>(gates.size())};
  for (const Gate &gate : gates)
    gateInput.bytes.push_back(gate.isOn(precisions));
  for (auto [index, layer] : llvm::enumerate(shifted)) {
    if (layer.output < 0)
      continue;
    HostTensor &shift = extraInputs.emplace_back();
    shift.dataType = dataTypeOf(Float32Type::get(loc.getContext()));
    shift.shape = layer.shiftShape;
    shift.bytes.assign(layer.layout.channels * sizeof(float), 0);
    if (index < outputShifts.size() && !outputShifts[index].empty())
      std::memcpy(shift.bytes.data(), outputShifts[index].data(),
                  shift.bytes.size());
  }

  std::vector<edgecc_status> statuses(samples.size(), EDGECC_OK);
  auto work = [&](unsigned worker) {
    HostModelRunner &runner = runners[worker];
    for (size_t i = worker; i < samples.size(); i += runners.size()) {
      Sample inputs = samples[i];
      llvm::append_range(inputs, extraInputs);
      statuses[i] = runner.run(inputs);
      if (statuses[i] == EDGECC_OK)
        visit(worker, i, runner);
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
      return emitError(loc) << "the quantization simulation failed: "
                            << edgecc_status_string(status);
  return success();
}
