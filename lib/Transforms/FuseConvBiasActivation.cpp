//===- FuseConvBiasActivation.cpp - adds and activations into producers --===//

#include "edgecc/Support/Elements.h"
#include "edgecc/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edgecc {
#define GEN_PASS_DEF_FUSECONVBIASACTIVATION
#include "edgecc/Transforms/Passes.h.inc"
} // namespace edgecc

using namespace mlir;
using namespace edgecc;

namespace {

/// Splits an add into (producer result, constant values) when one side is a
/// single-use result of `ProducerOp` and the other a float constant.
template <typename ProducerOp>
static std::optional<std::pair<ProducerOp, SmallVector<float>>>
matchProducerPlusConstant(graph::AddOp add) {
  for (auto [producerSide, constantSide] :
       {std::pair{add.getLhs(), add.getRhs()}, {add.getRhs(), add.getLhs()}}) {
    auto producer = producerSide.template getDefiningOp<ProducerOp>();
    auto constant = matchFloatConstant(constantSide);
    if (producer && producer->hasOneUse() && constant)
      return std::pair{producer, std::move(*constant)};
  }
  return std::nullopt;
}

/// True if a tensor of `shape` holds one value per channel of a rank-`rank`
/// NCHW result, i.e. it broadcasts along dim 1 only.
static bool isPerChannel(ArrayRef<int64_t> shape, int64_t rank,
                         int64_t channels) {
  int64_t offset = rank - static_cast<int64_t>(shape.size());
  for (auto [dim, size] : llvm::enumerate(shape)) {
    int64_t aligned = offset + static_cast<int64_t>(dim);
    if (size != (aligned == 1 ? channels : 1))
      return false;
  }
  return offset <= 1;
}

static Value floatConstant(PatternRewriter &rewriter, Location loc,
                           ArrayRef<float> values, StringRef name) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    rewriter.getF32Type());
  return rewriter.create<graph::ConstantOp>(
      loc, type, makeFloatElements(type, values, name));
}

/// conv(x) + c, c per output channel: the conv's bias absorbs c.
struct FoldAddIntoConvBias : OpRewritePattern<graph::AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(graph::AddOp add,
                                PatternRewriter &rewriter) const override {
    auto match = matchProducerPlusConstant<graph::ConvOp>(add);
    if (!match || match->first.getActivation() != "none")
      return failure();
    // A named variable, not a structured binding: the lambda below captures
    // it, which C++17 does not allow for bindings.
    graph::ConvOp conv = match->first;
    const auto &addend = match->second;
    RankedTensorType convType = conv.getType();
    int64_t channels = convType.getDimSize(1);
    Value constantSide =
        add.getLhs() == conv.getResult() ? add.getRhs() : add.getLhs();
    if (add.getType() != convType ||
        !isPerChannel(cast<RankedTensorType>(constantSide.getType()).getShape(),
                      convType.getRank(), channels))
      return rewriter.notifyMatchFailure(add, "addend is not per channel");
    SmallVector<float> bias(channels, 0.0f);
    if (conv.getBias()) {
      auto existing = matchFloatConstant(conv.getBias());
      if (!existing)
        return rewriter.notifyMatchFailure(add, "conv bias is not constant");
      bias = *existing;
    }
    for (int64_t c = 0; c < channels; ++c)
      bias[c] += addend[c];
    Value newBias = floatConstant(rewriter, conv.getLoc(), bias, "fused_bias");
    rewriter.modifyOpInPlace(conv,
                             [&] { conv.getBiasMutable().assign(newBias); });
    rewriter.replaceOp(add, conv.getResult());
    return success();
  }
};

/// conv(x) + r, r a tensor of the conv's type (a residual block's Add):
/// the conv adds r to its sums, before the activation that may follow, so
/// the sum is not stored and read back. Only float convs of one group:
/// depthwise convs keep their vector kernels, which take no residual.
struct FuseResidualAdd : OpRewritePattern<graph::AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(graph::AddOp add,
                                PatternRewriter &rewriter) const override {
    for (auto [convSide, residual] : {std::pair{add.getLhs(), add.getRhs()},
                                      {add.getRhs(), add.getLhs()}}) {
      auto conv = convSide.getDefiningOp<graph::ConvOp>();
      // One use: an Add of the conv to itself does not fuse. The Add's
      // type is the broadcast of its operands', so the conv's.
      if (!conv || !conv->hasOneUse() || conv.getResidual() ||
          conv.getActivation() != "none" || conv.getGroup() != 1 ||
          !conv.getType().getElementType().isF32() ||
          residual.getType() != conv.getType())
        continue;
      // At the add, where the residual is known to be computed.
      rewriter.setInsertionPoint(add);
      auto fused = cast<graph::ConvOp>(rewriter.clone(*conv));
      fused.getResidualMutable().assign(residual);
      rewriter.replaceOp(add, fused.getResult());
      rewriter.eraseOp(conv);
      return success();
    }
    return rewriter.notifyMatchFailure(add, "no single-use float conv side");
  }
};

/// matmul(x, B) + c with 2-D x, constant B and c broadcasting along rows
/// is a gemm with bias.
struct FoldMatMulAddIntoGemm : OpRewritePattern<graph::AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(graph::AddOp add,
                                PatternRewriter &rewriter) const override {
    auto match = matchProducerPlusConstant<graph::MatMulOp>(add);
    if (!match)
      return failure();
    graph::MatMulOp matmul = match->first;
    Value constantSide =
        add.getLhs() == matmul.getResult() ? add.getRhs() : add.getLhs();
    RankedTensorType resultType = matmul.getType();
    ArrayRef<int64_t> biasShape =
        cast<RankedTensorType>(constantSide.getType()).getShape();
    bool rowBias = biasShape.size() <= 2 &&
                   (biasShape.empty() ||
                    biasShape.back() == resultType.getShape().back()) &&
                   (biasShape.size() < 2 || biasShape[0] == 1);
    if (resultType.getRank() != 2 || matmul.getA().getType().getRank() != 2 ||
        matmul.getB().getType().getRank() != 2 || add.getType() != resultType ||
        !rowBias)
      return rewriter.notifyMatchFailure(add,
                                         "not a 2-D matmul with a row bias");
    auto gemm = rewriter.create<graph::GemmOp>(
        matmul.getLoc(), resultType, matmul.getA(), matmul.getB(), constantSide,
        rewriter.getF32FloatAttr(1.0f), rewriter.getF32FloatAttr(1.0f),
        rewriter.getBoolAttr(false), rewriter.getBoolAttr(false),
        rewriter.getStringAttr("none"), FloatAttr(), FloatAttr());
    rewriter.replaceOp(add, gemm.getResult());
    rewriter.eraseOp(matmul);
    return success();
  }
};

/// relu/clip of a single-use conv or gemm becomes its fused activation.
template <typename ActivationOp>
struct FuseActivation : OpRewritePattern<ActivationOp> {
  using OpRewritePattern<ActivationOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ActivationOp activation,
                                PatternRewriter &rewriter) const override {
    Operation *producer = activation.getInput().getDefiningOp();
    // Integer convolutions (int32 accumulators) have no fused activations.
    if (!producer || !isa<graph::ConvOp, graph::GemmOp>(producer) ||
        !producer->hasOneUse() ||
        !getElementTypeOrSelf(producer->getResult(0).getType()).isF32())
      return failure();
    auto fused = producer->getAttrOfType<StringAttr>("activation");
    if (fused && fused.getValue() != "none")
      return failure();
    rewriter.modifyOpInPlace(producer, [&] {
      if constexpr (std::is_same_v<ActivationOp, graph::ClipOp>) {
        producer->setAttr("activation", rewriter.getStringAttr("clip"));
        producer->setAttr("clip_min", activation.getMinAttr());
        producer->setAttr("clip_max", activation.getMaxAttr());
      } else {
        producer->setAttr("activation", rewriter.getStringAttr("relu"));
      }
    });
    rewriter.replaceOp(activation, producer->getResults());
    return success();
  }
};

/// x * sigmoid(x) (SiLU, also called swish) of a float conv or gemm whose
/// result feeds only the sigmoid and the product becomes its fused "silu".
struct FuseSilu : OpRewritePattern<graph::MulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(graph::MulOp mul,
                                PatternRewriter &rewriter) const override {
    for (auto [value, other] : {std::pair{mul.getLhs(), mul.getRhs()},
                                {mul.getRhs(), mul.getLhs()}}) {
      auto sigmoid = other.getDefiningOp<graph::SigmoidOp>();
      Operation *producer = value.getDefiningOp();
      if (!sigmoid || sigmoid.getInput() != value || !sigmoid->hasOneUse() ||
          !producer || !isa<graph::ConvOp, graph::GemmOp>(producer) ||
          mul.getType() != value.getType() ||
          !getElementTypeOrSelf(value.getType()).isF32() ||
          llvm::any_of(value.getUsers(), [&](Operation *user) {
            return user != sigmoid && user != mul;
          }))
        continue;
      auto fused = producer->getAttrOfType<StringAttr>("activation");
      if (fused && fused.getValue() != "none")
        continue;
      rewriter.modifyOpInPlace(producer, [&] {
        producer->setAttr("activation", rewriter.getStringAttr("silu"));
      });
      rewriter.replaceOp(mul, value);
      rewriter.eraseOp(sigmoid);
      return success();
    }
    return failure();
  }
};

struct FuseConvBiasActivationPass
    : edgecc::impl::FuseConvBiasActivationBase<FuseConvBiasActivationPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldAddIntoConvBias, FoldMatMulAddIntoGemm,
                 FuseActivation<graph::ReluOp>, FuseActivation<graph::ClipOp>,
                 FuseSilu>(&getContext());
    // After the bias fold, which absorbs a per-channel constant addend.
    patterns.add<FuseResidualAdd>(&getContext(), /*benefit=*/0);
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
