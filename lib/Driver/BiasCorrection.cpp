//===- BiasCorrection.cpp - -bias-correction=empirical --------------------===//
//
// Empirical bias correction runs the model's QuantizationSimulation, whose
// conv and gemm results are outputs with an input added to each channel.
// One run of the float model gives the means to reach. A layer's mean
// depends only on the layers upstream of it, so the layers are corrected
// in levels: a layer's level is the longest chain of corrected layers
// feeding it, and one run with the levels below corrected measures every
// layer of the next level. A chain of N layers takes N runs; parallel
// branches share theirs.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Driver/BiasCorrection.h"

#include "edgecc/Driver/QuantizationSimulation.h"

#include <thread>

using namespace mlir;
using namespace edgecc;

namespace {

/// The level of each layer that empirical correction measures (a conv or
/// gemm to be quantized), in `layers` order; std::nullopt for the others.
SmallVector<std::optional<unsigned>>
correctionLevels(func::FuncOp function, ArrayRef<QuantizableLayer> layers,
                 ArrayRef<LayerPrecision> precisions) {
  llvm::DenseMap<Operation *, unsigned> corrected;
  for (auto [index, layer] : llvm::enumerate(layers))
    if (precisions[index] != LayerPrecision::Float &&
        isa<graph::ConvOp, graph::GemmOp>(layer.product))
      corrected[layer.product] = index;
  SmallVector<std::optional<unsigned>> levels(layers.size());
  // The longest chain of corrected layers each value depends on.
  llvm::DenseMap<Value, unsigned> chain;
  function.walk([&](Operation *op) {
    unsigned upstream = 0;
    for (Value operand : op->getOperands())
      upstream = std::max(upstream, chain.lookup(operand));
    if (auto found = corrected.find(op); found != corrected.end())
      levels[found->second] = upstream++;
    for (Value result : op->getResults())
      chain[result] = upstream;
  });
  return levels;
}

/// The mean of each output channel of `layers`, over `samples`, with the
/// layers at `precisions` and `shifts` added.
FailureOr<std::vector<std::vector<double>>>
channelMeans(QuantizationSimulation &simulation, ArrayRef<Sample> samples,
             ArrayRef<LayerPrecision> precisions,
             ArrayRef<std::vector<float>> shifts, ArrayRef<unsigned> layers,
             Location loc) {
  // Per worker, per layer measured: the sum of each channel.
  std::vector<std::vector<std::vector<double>>> sums(simulation.workers());
  for (auto &workerSums : sums)
    for (unsigned layer : layers)
      workerSums.emplace_back(simulation.shiftedLayer(layer).layout.channels,
                              0.0);
  auto visit = [&](unsigned worker, size_t, const HostModelRunner &runner) {
    for (auto [position, layer] : llvm::enumerate(layers)) {
      const auto &shifted = simulation.shiftedLayer(layer);
      std::vector<double> &channelSums = sums[worker][position];
      ArrayRef<float> values = runner.output(shifted.output);
      for (auto [index, value] : llvm::enumerate(values))
        channelSums[shifted.layout.channelOf(index)] += value;
    }
  };
  if (failed(simulation.run(samples, precisions, shifts, visit, loc)))
    return failure();
  std::vector<std::vector<double>> means;
  for (auto [position, layer] : llvm::enumerate(layers)) {
    const auto &shifted = simulation.shiftedLayer(layer);
    auto elements = static_cast<double>(
        simulation.info().outputs[shifted.output].bytes / sizeof(float));
    int64_t channels = shifted.layout.channels;
    double terms = elements / double(channels) * double(samples.size());
    std::vector<double> &mean = means.emplace_back(channels, 0.0);
    for (const auto &workerSums : sums)
      for (auto [total, sum] : llvm::zip(mean, workerSums[position]))
        total += sum;
    for (double &total : mean)
      total /= terms;
  }
  return means;
}

} // namespace

LogicalResult edgecc::correctBiasEmpirically(ModuleOp module,
                                             const QuantizationOptions &options,
                                             ArrayRef<Sample> samples,
                                             const Toolchain &toolchain) {
  Location loc = UnknownLoc::get(module.getContext());
  auto function = *module.getOps<func::FuncOp>().begin();
  SmallVector<QuantizableLayer> layers = rangedLayers(function);
  SmallVector<LayerPrecision> precisions;
  for (const QuantizableLayer &layer : layers)
    precisions.push_back(precisionOf(layer.product));
  SmallVector<std::optional<unsigned>> levels =
      correctionLevels(function, layers, precisions);
  // Layers to measure, per level.
  std::vector<SmallVector<unsigned>> byLevel;
  SmallVector<unsigned> corrected;
  for (auto [index, level] : llvm::enumerate(levels)) {
    if (!level)
      continue;
    byLevel.resize(std::max<size_t>(byLevel.size(), *level + 1));
    byLevel[*level].push_back(index);
    corrected.push_back(index);
  }
  if (corrected.empty())
    return success();

  ArrayRef<Sample> measured =
      samples.take_front(std::min(samples.size(), kBiasCorrectionSamples));
  unsigned workers = std::clamp<unsigned>(std::thread::hardware_concurrency(),
                                          1, measured.size());
  FailureOr<QuantizationSimulation> simulation = QuantizationSimulation::build(
      module, layers, options, /*shiftOutputs=*/true, workers, toolchain, loc);
  if (failed(simulation))
    return failure();

  Progress progress("correcting biases", byLevel.size() + 1);
  FailureOr<std::vector<std::vector<double>>> floatMeans = channelMeans(
      *simulation, measured,
      SmallVector<LayerPrecision>(layers.size(), LayerPrecision::Float),
      /*shifts=*/{}, corrected, loc);
  if (failed(floatMeans))
    return failure();
  progress.step();
  std::vector<std::vector<double>> target(layers.size());
  for (auto [layer, mean] : llvm::zip(corrected, *floatMeans))
    target[layer] = std::move(mean);

  // Per layer, what the simulation adds to its output: minus the measured
  // shift, once its level is measured.
  std::vector<std::vector<float>> shifts(layers.size());
  Builder builder(module.getContext());
  for (ArrayRef<unsigned> level : byLevel) {
    FailureOr<std::vector<std::vector<double>>> means =
        channelMeans(*simulation, measured, precisions, shifts, level, loc);
    if (failed(means))
      return failure();
    for (auto [layer, mean] : llvm::zip(level, *means)) {
      SmallVector<float> shift;
      for (auto [got, want] : llvm::zip(mean, target[layer])) {
        shift.push_back(static_cast<float>(got - want));
        shifts[layer].push_back(-shift.back());
      }
      layers[layer].product->setAttr(kOutputShiftAttr,
                                     builder.getDenseF32ArrayAttr(shift));
    }
    progress.step();
  }
  return success();
}
