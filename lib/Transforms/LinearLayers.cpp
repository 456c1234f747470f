//===- LinearLayers.cpp - convs and gemms, and pairs of them --------------===//

#include "edgecc/Transforms/LinearLayers.h"

#include "edgecc/Support/Elements.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"

#include <cmath>

using namespace mlir;
using namespace edgecc;

OpOperand &edgecc::weightOperand(Operation *layer) {
  if (auto conv = dyn_cast<graph::ConvOp>(layer))
    return conv.getWeightMutable();
  return cast<graph::GemmOp>(layer).getBMutable();
}

OpOperand *edgecc::biasOperand(Operation *layer) {
  MutableOperandRange bias = isa<graph::ConvOp>(layer)
                                 ? cast<graph::ConvOp>(layer).getBiasMutable()
                                 : cast<graph::GemmOp>(layer).getCMutable();
  return bias.empty() ? nullptr : &bias[0];
}

/// Sets `operand` to a new constant of `type` holding `values`; the old
/// constant goes if nothing else reads it.
static void setConstant(OpOperand &operand, RankedTensorType type,
                        ArrayRef<float> values, StringRef name) {
  Value old = operand.get();
  OpBuilder builder(operand.getOwner());
  operand.set(builder.create<graph::ConstantOp>(
      old.getLoc(), type, makeFloatElements(type, values, name)));
  if (old.use_empty())
    old.getDefiningOp()->erase();
}

void edgecc::replaceConstant(OpOperand &operand, ArrayRef<float> values,
                             StringRef name) {
  setConstant(operand, cast<RankedTensorType>(operand.get().getType()), values,
              name);
}

void edgecc::addToBias(Operation *layer, ArrayRef<float> delta,
                       StringRef name) {
  OpOperand *bias = biasOperand(layer);
  SmallVector<float> values(delta.size(), 0.0f);
  if (bias) {
    values = *matchFloatConstant(bias->get());
    if (values.size() == 1)
      values.assign(delta.size(), values.front());
  }
  for (auto [value, change] : llvm::zip_equal(values, delta))
    value += change;
  OpBuilder builder(layer);
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    builder.getF32Type());
  if (bias)
    return setConstant(*bias, type, values, name);
  Value constant = builder.create<graph::ConstantOp>(
      layer->getLoc(), type, makeFloatElements(type, values, name));
  if (auto conv = dyn_cast<graph::ConvOp>(layer)) {
    conv.getBiasMutable().append(constant);
    return;
  }
  auto gemm = cast<graph::GemmOp>(layer);
  gemm.getCMutable().append(constant);
  gemm.setBeta(APFloat(1.0f));
}

namespace {

/// A float weight constant that only `layer` uses: rescaling it changes
/// nothing else.
bool hasOwnFloatWeight(Operation *layer) {
  Value weight = weightOperand(layer).get();
  return weight.hasOneUse() && getElementTypeOrSelf(weight).isF32() &&
         matchPattern(weight, m_Constant());
}

/// A conv or gemm whose output channels may be rescaled: its bias (if any)
/// is a constant with one value per channel.
bool canBeFirst(Operation *op) {
  if (auto conv = dyn_cast<graph::ConvOp>(op)) {
    if (conv.getActivation() != "none" && conv.getActivation() != "relu")
      return false;
  } else if (auto gemm = dyn_cast<graph::GemmOp>(op)) {
    if (gemm.getActivation() != "none" && gemm.getActivation() != "relu")
      return false;
    if (gemm.getTransA())
      return false;
    // One bias value per output channel, not one broadcast to all.
    if (Value c = gemm.getC()) {
      auto biasType = cast<RankedTensorType>(c.getType());
      if (biasType.getRank() != 1 ||
          biasType.getDimSize(0) != gemm.getType().getDimSize(1))
        return false;
    }
  } else {
    return false;
  }
  if (!getElementTypeOrSelf(op->getResult(0)).isF32() || !hasOwnFloatWeight(op))
    return false;
  OpOperand *bias = biasOperand(op);
  return !bias ||
         (bias->get().hasOneUse() && matchPattern(bias->get(), m_Constant()));
}

/// Ops with f(s * x) = s * f(x) for every s > 0 per channel.
bool commutesWithChannelScale(Operation *op) {
  if (isa<graph::ReluOp, graph::LeakyReluOp, graph::MaxPoolOp>(op))
    return true;
  if (auto clip = dyn_cast<graph::ClipOp>(op)) {
    float low = clip.getMin().convertToFloat();
    float high = clip.getMax().convertToFloat();
    return (low == 0.0f || low == -INFINITY) && high == INFINITY;
  }
  return false;
}

/// [N, C, ...] to [N, C * ...]: each channel becomes a block of columns.
std::optional<int64_t> flattenBlock(graph::ReshapeOp reshape) {
  auto in = cast<RankedTensorType>(reshape.getInput().getType());
  auto out = cast<RankedTensorType>(reshape.getType());
  if (in.getRank() < 2 || out.getRank() != 2 ||
      in.getDimSize(0) != out.getDimSize(0))
    return std::nullopt;
  int64_t block = 1;
  for (int64_t dim : in.getShape().drop_front(2))
    block *= dim;
  return block;
}

/// The flat index of element (row, column) of a gemm's B seen as [K, N]
/// (stored as [N, K] when transposed).
int64_t gemmWeightIndex(graph::GemmOp gemm, int64_t k, int64_t n, int64_t row,
                        int64_t column) {
  return gemm.getTransB() ? column * k + row : row * n + column;
}

/// Per output channel, the flat indices of `layer`'s weights.
ChannelIndices producedChannels(Operation *layer) {
  auto type = cast<RankedTensorType>(weightOperand(layer).get().getType());
  ChannelIndices channels;
  if (auto gemm = dyn_cast<graph::GemmOp>(layer)) {
    // B is [K, N], or [N, K] when transposed.
    int64_t k = type.getDimSize(gemm.getTransB() ? 1 : 0);
    int64_t n = type.getDimSize(gemm.getTransB() ? 0 : 1);
    channels.resize(n);
    for (int64_t row = 0; row < k; ++row)
      for (int64_t column = 0; column < n; ++column)
        channels[column].push_back(gemmWeightIndex(gemm, k, n, row, column));
    return channels;
  }
  int64_t perChannel = type.getNumElements() / type.getDimSize(0);
  channels.resize(type.getDimSize(0));
  for (auto [c, indices] : llvm::enumerate(channels))
    for (int64_t i = 0; i < perChannel; ++i)
      indices.push_back(int64_t(c) * perChannel + i);
  return channels;
}

/// Per input channel (each a `block` of a gemm's K), the flat indices of
/// `layer`'s weights that read it.
ChannelIndices readChannels(Operation *layer, int64_t channelCount,
                            int64_t block) {
  auto type = cast<RankedTensorType>(weightOperand(layer).get().getType());
  ChannelIndices channels(channelCount);
  if (auto gemm = dyn_cast<graph::GemmOp>(layer)) {
    int64_t k = type.getDimSize(gemm.getTransB() ? 1 : 0);
    int64_t n = type.getDimSize(gemm.getTransB() ? 0 : 1);
    for (int64_t row = 0; row < k; ++row)
      for (int64_t column = 0; column < n; ++column)
        channels[row / block].push_back(
            gemmWeightIndex(gemm, k, n, row, column));
    return channels;
  }
  // Conv weights are [O, C / group, kernel...]; input channel c feeds the
  // outputs of its group only.
  auto conv = cast<graph::ConvOp>(layer);
  int64_t groupInputs = type.getDimSize(1);
  int64_t groupOutputs = type.getDimSize(0) / conv.getGroup();
  int64_t kernel = type.getNumElements() / (type.getDimSize(0) * groupInputs);
  for (auto [c, indices] : llvm::enumerate(channels)) {
    int64_t group = int64_t(c) / groupInputs, local = int64_t(c) % groupInputs;
    for (int64_t o = group * groupOutputs; o < (group + 1) * groupOutputs; ++o)
      for (int64_t t = 0; t < kernel; ++t)
        indices.push_back((o * groupInputs + local) * kernel + t);
  }
  return channels;
}

} // namespace

/// The layer that reads `first`'s output through scale-commuting ops, with
/// the pair's channel maps; nothing when the output goes anywhere else.
std::optional<LayerPair> edgecc::matchLayerPair(Operation *first) {
  if (!canBeFirst(first))
    return std::nullopt;
  Value value = first->getResult(0);
  int64_t block = 1;
  while (value.hasOneUse()) {
    OpOperand &use = *value.getUses().begin();
    Operation *user = use.getOwner();
    if (use.getOperandNumber() != 0)
      return std::nullopt;
    if (commutesWithChannelScale(user)) {
      value = user->getResult(0);
      continue;
    }
    auto reshape = dyn_cast<graph::ReshapeOp>(user);
    if (reshape && block == 1) {
      std::optional<int64_t> flattened = flattenBlock(reshape);
      if (!flattened)
        return std::nullopt;
      block = *flattened;
      value = reshape.getResult();
      continue;
    }
    bool readsChannels =
        (isa<graph::ConvOp>(user) && block == 1) ||
        (isa<graph::GemmOp>(user) && !cast<graph::GemmOp>(user).getTransA());
    if (!readsChannels || !hasOwnFloatWeight(user))
      return std::nullopt;
    ChannelIndices produced = producedChannels(first);
    ChannelIndices read = readChannels(user, produced.size(), block);
    return LayerPair{first, user, std::move(produced), std::move(read)};
  }
  return std::nullopt;
}

int64_t edgecc::outputChannelOfWeight(Operation *layer, int64_t index) {
  auto type = cast<RankedTensorType>(weightOperand(layer).get().getType());
  if (auto gemm = dyn_cast<graph::GemmOp>(layer)) {
    // B is [K, N], or [N, K] when transposed.
    return gemm.getTransB() ? index / type.getDimSize(1)
                            : index % type.getDimSize(1);
  }
  return index / (type.getNumElements() / type.getDimSize(0));
}
