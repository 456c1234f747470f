//===- EqualizeCrossLayer.cpp - cross-layer equalization of weights -------===//
//
// Per-tensor int8 weights share one scale across all output channels, so a
// channel whose weights are a hundred times smaller than its neighbours'
// keeps only a few levels. Moving a positive per-channel factor from one
// layer's output channel into the next layer's input channel changes no
// output but can give both layers the same range per channel.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Support/Elements.h"
#include "edgecc/Transforms/LinearLayers.h"
#include "edgecc/Transforms/Passes.h"

#include "mlir/IR/Matchers.h"
#include "llvm/ADT/MapVector.h"

#include <cmath>

namespace edgecc {
#define GEN_PASS_DEF_EQUALIZECROSSLAYER
#include "edgecc/Transforms/Passes.h.inc"
} // namespace edgecc

using namespace mlir;
using namespace edgecc;

namespace {

/// A layer's weight and bias as they are being equalized.
struct LayerParameters {
  SmallVector<float> weight;
  std::optional<SmallVector<float>> bias;
};

float largestMagnitude(ArrayRef<float> values, ArrayRef<int64_t> indices) {
  float largest = 0.0f;
  for (int64_t i : indices)
    largest = std::max(largest, std::abs(values[i]));
  return largest;
}

/// Gives each channel of the pair the same weight range in both layers;
/// returns the largest relative change made.
float equalize(const LayerPair &pair, LayerParameters &first,
               LayerParameters &second) {
  float change = 0.0f;
  for (auto [c, produced, read] : llvm::enumerate(pair.produced, pair.read)) {
    float r1 = largestMagnitude(first.weight, produced);
    float r2 = largestMagnitude(second.weight, read);
    if (r1 == 0.0f || r2 == 0.0f)
      continue; // a dead channel: nothing to balance
    float s = std::sqrt(r1 / r2);
    for (int64_t i : produced)
      first.weight[i] /= s;
    if (first.bias)
      (*first.bias)[c] /= s;
    for (int64_t i : read)
      second.weight[i] *= s;
    change = std::max(change, std::abs(s - 1.0f));
  }
  return change;
}

struct EqualizeCrossLayerPass
    : edgecc::impl::EqualizeCrossLayerBase<EqualizeCrossLayerPass> {
  void runOnOperation() override {
    SmallVector<LayerPair> pairs;
    getOperation().walk([&](Operation *op) {
      if (std::optional<LayerPair> pair = matchLayerPair(op))
        pairs.push_back(std::move(*pair));
    });
    llvm::MapVector<Operation *, LayerParameters> layers;
    for (const LayerPair &pair : pairs) {
      for (Operation *layer : {pair.first, pair.second})
        if (!layers.count(layer))
          layers[layer].weight =
              *matchFloatConstant(weightOperand(layer).get());
      // Only the first layer's bias scales; the second's stays as it is.
      if (OpOperand *bias = biasOperand(pair.first))
        layers[pair.first].bias = matchFloatConstant(bias->get());
    }

    // Equalizing a pair unbalances its neighbours in a chain; the sweeps
    // converge geometrically.
    constexpr int kMaxSweeps = 100;
    constexpr float kSettled = 1e-4f;
    for (int sweep = 0; sweep < kMaxSweeps; ++sweep) {
      float change = 0.0f;
      for (const LayerPair &pair : pairs)
        change = std::max(
            change, equalize(pair, layers[pair.first], layers[pair.second]));
      if (change < kSettled)
        break;
    }
    for (auto &[layer, parameters] : layers) {
      replaceConstant(weightOperand(layer), parameters.weight,
                      "equalized_weight");
      if (parameters.bias)
        replaceConstant(*biasOperand(layer), *parameters.bias,
                        "equalized_bias");
    }
  }
};

} // namespace
