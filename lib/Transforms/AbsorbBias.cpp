//===- AbsorbBias.cpp - move a channel's constant part to the next layer --===//
//
// After a Relu, a channel whose values never fall below c > 0 spends c of
// its quantization range on values it never holds. Taking c out of the
// producing layer's bias and adding what the next layer makes of it to
// that layer's bias leaves the model's output as it was on such inputs.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Support/Elements.h"
#include "edgecc/Transforms/LinearLayers.h"
#include "edgecc/Transforms/Passes.h"

namespace edgecc {
#define GEN_PASS_DEF_ABSORBBIAS
#include "edgecc/Transforms/Passes.h.inc"
} // namespace edgecc

using namespace mlir;
using namespace edgecc;

namespace {

/// A second layer that reads a constant input channel as a constant output
/// shift: a conv without padding (padding would read zeros, not the
/// constant) or a gemm whose bias adds as it is.
bool absorbsConstantInput(Operation *second) {
  if (auto conv = dyn_cast<graph::ConvOp>(second))
    return llvm::all_of(conv.getPads(), [](int64_t pad) { return pad == 0; });
  auto gemm = cast<graph::GemmOp>(second);
  return gemm.getAlpha().convertToFloat() == 1.0f &&
         (!gemm.getC() || gemm.getBeta().convertToFloat() == 1.0f);
}

std::optional<LayerPair> matchAbsorbingPair(Operation *first) {
  std::optional<LayerPair> pair = matchLayerPair(first);
  if (!pair || !absorbsConstantInput(pair->second))
    return std::nullopt;
  return pair;
}

/// The number of output channels of a conv or gemm.
int64_t outputChannels(Operation *layer) {
  return cast<RankedTensorType>(layer->getResult(0).getType()).getDimSize(1);
}

struct AbsorbBiasPass : edgecc::impl::AbsorbBiasBase<AbsorbBiasPass> {
  void runOnOperation() override {
    SmallVector<Operation *> floored;
    getOperation().walk([&](Operation *op) {
      if (op->hasAttr(kOutputFloorAttr))
        floored.push_back(op);
    });
    for (Operation *first : floored) {
      auto floor = first->getAttrOfType<DenseF32ArrayAttr>(kOutputFloorAttr);
      first->removeAttr(kOutputFloorAttr);
      std::optional<LayerPair> pair = matchAbsorbingPair(first);
      if (!pair)
        continue;
      if (floor.size() != static_cast<int64_t>(pair->produced.size())) {
        first->emitError() << kOutputFloorAttr << " has " << floor.size()
                           << " values, but the output has "
                           << pair->produced.size() << " channels";
        return signalPassFailure();
      }
      absorb(*pair, floor.asArrayRef());
    }
  }

  /// Moves max(0, floor) of each channel from the first layer's bias into
  /// the second's.
  static void absorb(const LayerPair &pair, ArrayRef<float> floor) {
    SmallVector<float> removed, added(outputChannels(pair.second), 0.0f);
    SmallVector<float> weight =
        *matchFloatConstant(weightOperand(pair.second).get());
    for (auto [c, read] : llvm::enumerate(pair.read)) {
      float absorbed = std::max(floor[c], 0.0f);
      removed.push_back(-absorbed);
      for (int64_t i : read)
        added[outputChannelOfWeight(pair.second, i)] += weight[i] * absorbed;
    }
    if (llvm::all_of(removed, [](float value) { return value == 0.0f; }))
      return;
    addToBias(pair.first, removed, "absorbed_bias");
    addToBias(pair.second, added, "absorbing_bias");
  }
};

} // namespace

SmallVector<Operation *> edgecc::biasAbsorbingLayers(func::FuncOp function) {
  SmallVector<Operation *> layers;
  function.walk([&](Operation *op) {
    if (matchAbsorbingPair(op))
      layers.push_back(op);
  });
  return layers;
}
