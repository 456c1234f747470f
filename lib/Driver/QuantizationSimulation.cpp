//===- QuantizationSimulation.cpp - the model with any layers quantized ---===//
//
// A tensor is quantized when any layer next to it (reading or writing it)
// is, as the compiled model will have it; a max pool or reshape of a
// quantized tensor follows that tensor's gate. The simulation computes in
// float where the compiled model requantizes in fixed point, so what it
// measures is the effect of the quantization choices, not of the integer
// kernels' rounding.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Driver/QuantizationSimulation.h"

#include "edgecc/Support/Elements.h"
#include "edgecc/Support/OnnxOrigin.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Pass/PassManager.h"

#include <thread>

using namespace mlir;
using namespace edgecc;

namespace {

constexpr llvm::StringLiteral kSimulationPrefix = "edgecc_simulation";

/// A quantized value of the simulation and the float value it replaced;
/// its gate is on when any of `layers` is quantized.
struct GatedValue {
  Value quantized, original;
  SmallVector<unsigned> layers;
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
/// gated value behind a graph.where on its gate.
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
  for (const GatedValue &value : gated)
    simulation.gateLayers.push_back(value.layers);
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

LogicalResult QuantizationSimulation::run(
    ArrayRef<Sample> samples, const llvm::BitVector &quantized,
    ArrayRef<std::vector<float>> outputShifts, Visit visit, Location loc) {
  Sample extraInputs;
  HostTensor &gates = extraInputs.emplace_back();
  gates.dataType = dataTypeOf(IntegerType::get(loc.getContext(), 1));
  gates.shape = {static_cast<int64_t>(gateLayers.size())};
  for (ArrayRef<unsigned> layers : gateLayers)
    gates.bytes.push_back(llvm::any_of(
        layers, [&](unsigned layer) { return quantized.test(layer); }));
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
