//===- LinearLayers.h - convs and gemms, and pairs of them -------*- C++
//-*-===//
//
// Cross-layer equalization and bias absorption both move something from one
// linear layer's output channel into the next layer's input channel: a
// scale, or a constant. Both need the same view of a conv or gemm (its
// weight and bias constants) and of two layers joined by ops that keep
// channels apart.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_TRANSFORMS_LINEARLAYERS_H
#define EDGECC_TRANSFORMS_LINEARLAYERS_H

#include "Graph/GraphOps.h"

#include <optional>

namespace edgecc {

/// A conv's weight, or a gemm's B.
mlir::OpOperand &weightOperand(mlir::Operation *layer);
/// A conv's bias, or a gemm's C; null when it has none.
mlir::OpOperand *biasOperand(mlir::Operation *layer);

/// Replaces the constant `operand` reads by one of `values` (same type).
void replaceConstant(mlir::OpOperand &operand, llvm::ArrayRef<float> values,
                     llvm::StringRef name);

/// Adds `delta`, one value per output channel, to a conv's or gemm's bias
/// (a constant; a gemm's of one value broadcast over its columns gets one
/// per column). A layer without a bias gets `delta` as its bias (and a
/// gemm beta 1).
void addToBias(mlir::Operation *layer, llvm::ArrayRef<float> delta,
               llvm::StringRef name);

/// The flat weight indices that belong to each channel of the tensor
/// between two layers.
using ChannelIndices = llvm::SmallVector<llvm::SmallVector<int64_t>>;

/// Two linear layers joined by a tensor whose channels can be moved: the
/// first a conv or a gemm (A not transposed, C absent or one value per
/// column) with a float weight and bias only it uses; the second a conv
/// (any group) or a gemm (A not transposed) with a float weight only it
/// uses. Between them, every value has one use, and the ops are Relu,
/// LeakyRelu, Clip with bounds 0 or infinite, and MaxPool (each channel on
/// its own, f(s x) = s f(x) for s > 0), and at most one flatten before a
/// gemm.
struct LayerPair {
  mlir::Operation *first, *second;
  ChannelIndices produced; // per channel: the first layer's weights
  ChannelIndices read;     // per channel: the second layer's weights
};

/// The pair `first` starts, if any.
std::optional<LayerPair> matchLayerPair(mlir::Operation *first);

/// The output channel of `layer` (a conv or gemm) that its weight at flat
/// index `index` contributes to.
int64_t outputChannelOfWeight(mlir::Operation *layer, int64_t index);

} // namespace edgecc

#endif
