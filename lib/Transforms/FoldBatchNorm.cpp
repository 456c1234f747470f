//===- FoldBatchNorm.cpp - fold or decompose inference BatchNormalization -===//

#include "edgecc/Support/Elements.h"
#include "edgecc/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edgecc {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "edgecc/Transforms/Passes.h.inc"
} // namespace edgecc

using namespace mlir;
using namespace edgecc;

namespace {

/// Per-channel scale s = gamma / sqrt(var + eps) and shift beta - mean * s.
struct ChannelAffine {
  SmallVector<float> scale, shift;
};

static std::optional<ChannelAffine> matchAffine(graph::BatchNormOp bn) {
  auto gamma = matchFloatConstant(bn.getScale());
  auto beta = matchFloatConstant(bn.getBias());
  auto mean = matchFloatConstant(bn.getMean());
  auto variance = matchFloatConstant(bn.getVariance());
  if (!gamma || !beta || !mean || !variance)
    return std::nullopt;
  ChannelAffine affine;
  float epsilon = bn.getEpsilon().convertToFloat();
  for (size_t c = 0; c < gamma->size(); ++c) {
    float s = (*gamma)[c] / std::sqrt((*variance)[c] + epsilon);
    affine.scale.push_back(s);
    affine.shift.push_back((*beta)[c] - (*mean)[c] * s);
  }
  return affine;
}

static Value createConstant(PatternRewriter &rewriter, Location loc,
                            RankedTensorType type, ArrayRef<float> values,
                            StringRef name) {
  ElementsAttr attr = makeFloatElements(type, values, name);
  return rewriter.create<graph::ConstantOp>(loc, type, attr);
}

/// conv -> batch_norm becomes one conv with rescaled weights and bias.
struct FoldIntoConv : OpRewritePattern<graph::BatchNormOp> {
  FoldIntoConv(MLIRContext *context)
      : OpRewritePattern(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(graph::BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<graph::ConvOp>();
    if (!conv || !conv->hasOneUse() || conv.getActivation() != "none" ||
        conv.getResidual())
      return rewriter.notifyMatchFailure(
          bn, "input is not a plain single-use conv");
    std::optional<ChannelAffine> affine = matchAffine(bn);
    auto weight = matchFloatConstant(conv.getWeight());
    if (!affine || !weight)
      return rewriter.notifyMatchFailure(bn, "parameters are not constant");
    std::optional<SmallVector<float>> bias;
    if (conv.getBias() && !(bias = matchFloatConstant(conv.getBias())))
      return rewriter.notifyMatchFailure(bn, "conv bias is not constant");

    size_t channels = affine->scale.size();
    size_t perChannel = weight->size() / channels;
    SmallVector<float> newBias(channels);
    for (size_t c = 0; c < channels; ++c) {
      for (size_t i = 0; i < perChannel; ++i)
        (*weight)[c * perChannel + i] *= affine->scale[c];
      newBias[c] =
          (bias ? (*bias)[c] : 0.0f) * affine->scale[c] + affine->shift[c];
    }
    auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
    auto biasType =
        RankedTensorType::get({int64_t(channels)}, weightType.getElementType());
    Value newWeight = createConstant(rewriter, conv.getLoc(), weightType,
                                     *weight, "folded_weight");
    Value biasValue = createConstant(rewriter, conv.getLoc(), biasType, newBias,
                                     "folded_bias");
    auto folded = rewriter.create<graph::ConvOp>(
        conv.getLoc(), bn.getType(), conv.getInput(), newWeight, biasValue,
        /*residual=*/Value(), conv.getStridesAttr(), conv.getPadsAttr(),
        conv.getDilationsAttr(), conv.getGroupAttr(), conv.getActivationAttr(),
        conv.getClipMinAttr(), conv.getClipMaxAttr(), IntegerAttr(),
        DenseI64ArrayAttr());
    rewriter.replaceOp(bn, folded);
    return success();
  }
};

/// The scale and shift of a batch_norm whose parameters are computed at run
/// time, as graph ops on [C] tensors.
static std::pair<Value, Value> buildAffine(PatternRewriter &rewriter,
                                           graph::BatchNormOp bn) {
  Location loc = bn.getLoc();
  auto scalarType = RankedTensorType::get({}, rewriter.getF32Type());
  Value epsilon = rewriter.create<graph::ConstantOp>(
      loc, scalarType,
      DenseElementsAttr::get(scalarType, bn.getEpsilon().convertToFloat()));
  Value shifted = rewriter.create<graph::AddOp>(loc, bn.getVariance(), epsilon);
  Value deviation = rewriter.create<graph::SqrtOp>(loc, shifted);
  Value scale = rewriter.create<graph::DivOp>(loc, bn.getScale(), deviation);
  Value centred = rewriter.create<graph::MulOp>(loc, bn.getMean(), scale);
  Value shift = rewriter.create<graph::SubOp>(loc, bn.getBias(), centred);
  return {scale, shift};
}

/// Any other batch_norm: x * s + t, with s and t shaped [C, 1, ...] so they
/// broadcast along dim 1; constants when the parameters are, else computed.
struct DecomposeToAffine : OpRewritePattern<graph::BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(graph::BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    RankedTensorType inputType = bn.getInput().getType();
    SmallVector<int64_t> paramShape(inputType.getRank() - 1, 1);
    paramShape[0] = inputType.getDimSize(1);
    auto paramType =
        RankedTensorType::get(paramShape, inputType.getElementType());
    Value scale, shift;
    if (std::optional<ChannelAffine> affine = matchAffine(bn)) {
      scale = createConstant(rewriter, bn.getLoc(), paramType, affine->scale,
                             "bn_scale");
      shift = createConstant(rewriter, bn.getLoc(), paramType, affine->shift,
                             "bn_shift");
    } else {
      auto [s, t] = buildAffine(rewriter, bn);
      scale = rewriter.create<graph::ReshapeOp>(bn.getLoc(), paramType, s);
      shift = rewriter.create<graph::ReshapeOp>(bn.getLoc(), paramType, t);
    }
    Value scaled =
        rewriter.create<graph::MulOp>(bn.getLoc(), bn.getInput(), scale);
    rewriter.replaceOpWithNewOp<graph::AddOp>(bn, scaled, shift);
    return success();
  }
};

struct FoldBatchNormPass : edgecc::impl::FoldBatchNormBase<FoldBatchNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoConv, DecomposeToAffine>(&getContext());
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
