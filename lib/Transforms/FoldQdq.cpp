//===- FoldQdq.cpp - Q/DQ pairs into integer kernels ----------------------===//
//
// A model quantized elsewhere (onnxruntime's quantize_static in QDQ format,
// or any QDQ exporter) marks each quantized tensor with a DequantizeLinear
// in front of the float op that reads it and a QuantizeLinear after it. Run
// as written, every convolution computes in float on dequantized copies.
// This pass builds the integer kernels those pairs stand for; what it does
// not match keeps its float Q/DQ semantics.
//
// Elementwise float code between Q/DQ pairs that reads one 8-bit tensor
// (Sigmoid, SiLU's x * sigmoid(x), a rescale between two quantizations)
// is a function of that tensor's byte: it becomes a 256-entry table, which
// the same float ops compute on every byte value, and a lookup.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Support/Elements.h"
#include "edgecc/Support/Quantization.h"
#include "edgecc/Transforms/LinearQuantization.h"
#include "edgecc/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/SetVector.h"

#include <cmath>
#include <numeric>

namespace edgecc {
#define GEN_PASS_DEF_FOLDQDQ
#include "edgecc/Transforms/Passes.h.inc"
} // namespace edgecc

using namespace mlir;
using namespace edgecc;

namespace {

/// A Relu or Clip between a product and its QuantizeLinear, as bounds in
/// the quantized domain: QuantizeLinear is monotonic, so quantizing the
/// clamped value equals clamping the quantized one to the quantized bounds.
struct QuantizedClamp {
  Value product; // the activation's input, or the QuantizeLinear's
  std::optional<int64_t> min, max;
};

static QuantizedClamp skipActivation(Value value,
                                     const LinearQuantization &result) {
  auto quantized = [&](float bound) {
    return quantizeValue(bound, result.scales[0], result.zeroPoints[0],
                         result.element);
  };
  Operation *producer = value.getDefiningOp();
  if (!producer || !producer->hasOneUse())
    return {value, std::nullopt, std::nullopt};
  if (auto relu = dyn_cast<graph::ReluOp>(producer))
    return {relu.getInput(), result.zeroPoints[0], std::nullopt};
  if (auto clip = dyn_cast<graph::ClipOp>(producer))
    return {clip.getInput(), quantized(clip.getMin().convertToFloat()),
            quantized(clip.getMax().convertToFloat())};
  return {value, std::nullopt, std::nullopt};
}

/// An integer convolution to build, from a per-tensor quantized input and
/// a constant weight with per-tensor or per-output-channel scales, and an
/// optional bias (float, or an int32 DequantizeLinear). It is a conv's own
/// geometry, or for a gemm or matmul a 1x1 conv of its A viewed as
/// [rows, K, 1, 1] by its B as [N, K, 1, 1].
struct IntegerConv {
  Location loc; // the product's: its ONNX node
  LinearQuantization input;
  LinearQuantization weight; // scales and zero points expanded to N
  Value bias;
  graph::ConvOp conv;        // null for a gemm or matmul
  bool weightIsKByN = false; // a gemm or matmul B stored [K, N]
};

/// The weight's parameters expanded to one per output channel, when they
/// are per tensor or along `channelAxis` of a constant 8-bit weight.
static std::optional<LinearQuantization>
perChannelWeight(Value value, int64_t channelAxis, int64_t channels) {
  std::optional<LinearQuantization> weight = matchDequantized(value);
  if (!weight || !weight->element.isInteger(8) ||
      !matchPattern(weight->quantized, m_Constant()))
    return std::nullopt;
  if (weight->perTensor()) {
    weight->scales.assign(channels, weight->scales[0]);
    weight->zeroPoints.assign(channels, weight->zeroPoints[0]);
    return weight;
  }
  if (weight->axis != channelAxis ||
      static_cast<int64_t>(weight->scales.size()) != channels)
    return std::nullopt;
  return weight;
}

/// The integer bias at scale inScale * weightScales[c] (rounded to float32,
/// the accumulator's scale as onnxruntime computes it), of the
/// accumulator's type `accumulator` (int32, or int64 for 16-bit inputs). An
/// int32 DequantizeLinear at exactly that scale is taken as it is; other
/// constants are rounded to it.
static std::optional<SmallVector<int64_t>>
integerBias(Value bias, float inScale, ArrayRef<float> weightScales,
            IntegerType accumulator) {
  size_t channels = weightScales.size();
  SmallVector<int64_t> result(channels, 0);
  if (!bias)
    return result;
  // The bias per channel as an integer at `scales[c]` (an int32
  // DequantizeLinear), or as float values (scales empty).
  SmallVector<int64_t> integers;
  SmallVector<float> scales, floats;
  if (std::optional<LinearQuantization> dequantized = matchDequantized(bias)) {
    ElementsAttr constant;
    if (!dequantized->element.isInteger(32) ||
        !matchPattern(dequantized->quantized, m_Constant(&constant)) ||
        llvm::any_of(dequantized->zeroPoints, [](int64_t z) { return z; }))
      return std::nullopt;
    integers = getIntValues(constant);
    scales = dequantized->scales;
    if (dequantized->perTensor())
      scales.assign(channels, scales[0]);
  } else if (std::optional<SmallVector<float>> values =
                 matchFloatConstant(bias)) {
    floats = std::move(*values);
  } else {
    return std::nullopt;
  }
  if (std::max(integers.size(), floats.size()) != channels ||
      (!scales.empty() && scales.size() != channels))
    return std::nullopt;
  for (size_t c = 0; c < channels; ++c) {
    float accScale = inScale * weightScales[c];
    if (!scales.empty() && scales[c] == accScale) {
      result[c] = integers[c];
      continue;
    }
    // DequantizeLinear's value in float32, then rounded at accScale. An
    // int64 bias stays far from overflow: |bias| < 2^52 leaves the sums
    // of up to 2^20 products of 16 by 8 bits room to spare.
    float value = scales.empty() ? floats[c]
                                 : static_cast<float>(integers[c]) * scales[c];
    double rounded = std::nearbyint(static_cast<double>(value) / accScale);
    double bound =
        accumulator.getWidth() == 32 ? double(INT32_MAX) : std::ldexp(1.0, 52);
    if (!(std::abs(rounded) <= bound))
      return std::nullopt;
    result[c] = static_cast<int64_t>(rounded);
  }
  return result;
}

/// A constant 8-bit [N, K] or [K, N] weight as [N, K, 1, 1].
static Value weightAsConv(PatternRewriter &rewriter, Location loc,
                          Value quantized, bool kByN) {
  ElementsAttr constant;
  matchPattern(quantized, m_Constant(&constant));
  auto type = cast<RankedTensorType>(constant.getType());
  int64_t rows = type.getDimSize(0), columns = type.getDimSize(1);
  int64_t n = kByN ? columns : rows, k = kByN ? rows : columns;
  auto convType = RankedTensorType::get({n, k, 1, 1}, type.getElementType());
  ElementsAttr values;
  if (!kByN) {
    values = reshapeElements(constant, convType);
  } else {
    std::vector<char> bytes = getElementBytes(constant), swapped(bytes.size());
    for (int64_t row = 0; row < k; ++row)
      for (int64_t column = 0; column < n; ++column)
        swapped[column * k + row] = bytes[row * n + column];
    values = makeElements(convType, swapped, "product_weight");
  }
  return rewriter.create<graph::ConstantOp>(loc, convType, values);
}

/// The patterns of this pass start at a per-tensor QuantizeLinear to an
/// integer type with constant parameters, `result`.
struct QuantizeRootedPattern : OpRewritePattern<graph::QuantizeLinearOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(graph::QuantizeLinearOp quantize,
                                PatternRewriter &rewriter) const final {
    std::optional<LinearQuantization> result = perTensorQuantize(quantize);
    if (!result)
      return rewriter.notifyMatchFailure(quantize, "not a per-tensor integer "
                                                   "QuantizeLinear");
    return fold(quantize, *result, rewriter);
  }

  virtual LogicalResult fold(graph::QuantizeLinearOp quantize,
                             const LinearQuantization &result,
                             PatternRewriter &rewriter) const = 0;
};

/// Q(act(conv(DQ(x), DQ(w), b))) -> requantize(conv(x, w, b_int32)), and
/// the same for gemm and matmul with a constant weight.
struct FoldQuantizedProduct : QuantizeRootedPattern {
  using QuantizeRootedPattern::QuantizeRootedPattern;

  LogicalResult fold(graph::QuantizeLinearOp quantize,
                     const LinearQuantization &result,
                     PatternRewriter &rewriter) const override {
    QuantizedClamp clamp = skipActivation(quantize.getInput(), result);
    Operation *producer = clamp.product.getDefiningOp();
    if (!producer || !producer->hasOneUse())
      return rewriter.notifyMatchFailure(quantize, "no single-use product");
    std::optional<IntegerConv> conv = matchProduct(producer);
    if (!conv)
      return rewriter.notifyMatchFailure(quantize,
                                         "no conv, gemm or matmul of "
                                         "dequantized 8-bit operands");
    return buildIntegerConv(rewriter, quantize, *conv, result, clamp);
  }

private:
  static std::optional<IntegerConv> matchProduct(Operation *producer) {
    if (auto conv = dyn_cast<graph::ConvOp>(producer))
      return matchConv(conv);
    if (auto gemm = dyn_cast<graph::GemmOp>(producer))
      return matchGemm(gemm);
    if (auto matmul = dyn_cast<graph::MatMulOp>(producer))
      return matchMatMul(matmul);
    return std::nullopt;
  }

  static std::optional<IntegerConv> matchConv(graph::ConvOp conv) {
    if (conv.getActivation() != "none")
      return std::nullopt;
    std::optional<IntegerConv> result =
        matchOperands(conv, conv.getInput(), conv.getWeight(), conv.getBias(),
                      /*channelAxis=*/0, conv.getType().getDimSize(1));
    if (result)
      result->conv = conv;
    return result;
  }

  /// A 2-D A [M, K] times a constant B, alpha 1, beta 1, C one per column.
  static std::optional<IntegerConv> matchGemm(graph::GemmOp gemm) {
    if (gemm.getActivation() != "none" || gemm.getTransA() ||
        gemm.getAlpha().convertToFloat() != 1.0f ||
        (gemm.getC() && gemm.getBeta().convertToFloat() != 1.0f))
      return std::nullopt;
    bool kByN = !gemm.getTransB();
    std::optional<IntegerConv> result = matchOperands(
        gemm, gemm.getA(), gemm.getB(), gemm.getC(),
        /*channelAxis=*/kByN ? 1 : 0, gemm.getType().getDimSize(1));
    if (result)
      result->weightIsKByN = kByN;
    return result;
  }

  /// A [..., K] times a constant [K, N].
  static std::optional<IntegerConv> matchMatMul(graph::MatMulOp matmul) {
    auto weightType = cast<RankedTensorType>(matmul.getB().getType());
    if (weightType.getRank() != 2 ||
        cast<RankedTensorType>(matmul.getA().getType()).getRank() < 2)
      return std::nullopt;
    std::optional<IntegerConv> result =
        matchOperands(matmul, matmul.getA(), matmul.getB(), Value(),
                      /*channelAxis=*/1, weightType.getDimSize(1));
    if (result)
      result->weightIsKByN = true;
    return result;
  }

  static std::optional<IntegerConv>
  matchOperands(Operation *product, Value input, Value weight, Value bias,
                int64_t channelAxis, int64_t channels) {
    if (!getElementTypeOrSelf(product->getResult(0)).isF32())
      return std::nullopt;
    std::optional<LinearQuantization> inputParams =
        matchPerTensorDequantized(input);
    std::optional<LinearQuantization> weightParams =
        perChannelWeight(weight, channelAxis, channels);
    if (!inputParams || !weightParams)
      return std::nullopt;
    return IntegerConv{product->getLoc(), std::move(*inputParams),
                       std::move(*weightParams), bias, graph::ConvOp()};
  }

  /// The input, weight and geometry of the conv to build: a conv's own,
  /// or a 1x1 conv on views of a gemm's or matmul's operands.
  static std::tuple<Value, Value, DenseI64ArrayAttr, DenseI64ArrayAttr,
                    DenseI64ArrayAttr, IntegerAttr>
  convOperands(PatternRewriter &rewriter, const IntegerConv &conv) {
    if (graph::ConvOp own = conv.conv)
      return {conv.input.quantized,   conv.weight.quantized,
              own.getStridesAttr(),   own.getPadsAttr(),
              own.getDilationsAttr(), own.getGroupAttr()};
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(conv.input.quantized.getType()).getShape();
    int64_t k = shape.back();
    int64_t rows = ShapedType::getNumElements(shape) / k;
    Value viewed = rewriter.create<graph::ReshapeOp>(
        conv.loc, RankedTensorType::get({rows, k, 1, 1}, conv.input.element),
        conv.input.quantized);
    return {viewed,
            weightAsConv(rewriter, conv.loc, conv.weight.quantized,
                         conv.weightIsKByN),
            rewriter.getDenseI64ArrayAttr({1, 1}),
            rewriter.getDenseI64ArrayAttr({0, 0, 0, 0}),
            rewriter.getDenseI64ArrayAttr({1, 1}),
            rewriter.getI64IntegerAttr(1)};
  }

  static LogicalResult buildIntegerConv(PatternRewriter &rewriter,
                                        graph::QuantizeLinearOp quantize,
                                        const IntegerConv &conv,
                                        const LinearQuantization &result,
                                        const QuantizedClamp &clamp) {
    float inScale = conv.input.scales[0];
    ArrayRef<float> weightScales = conv.weight.scales;
    SmallVector<int32_t> multipliers, shifts;
    for (float weightScale : weightScales) {
      std::optional<FixedPointMultiplier> fixed = toFixedPoint(productScale(
          APFloat(inScale), APFloat(weightScale), APFloat(result.scales[0])));
      if (!fixed)
        return rewriter.notifyMatchFailure(quantize, "multiplier out of range");
      multipliers.push_back(fixed->multiplier);
      shifts.push_back(fixed->shift);
    }
    // Per-tensor weights keep one multiplier.
    if (llvm::all_equal(multipliers) && llvm::all_equal(shifts)) {
      multipliers.truncate(1);
      shifts.truncate(1);
    }
    // 16-bit inputs accumulate in int64.
    IntegerType accumulator =
        rewriter.getIntegerType(conv.input.element.isInteger(16) ? 64 : 32);
    std::optional<SmallVector<int64_t>> bias =
        integerBias(conv.bias, inScale, weightScales, accumulator);
    if (!bias)
      return rewriter.notifyMatchFailure(quantize, "bias is not constant, or "
                                                   "out of the accumulator's "
                                                   "range");
    auto [lo, hi] = requantizeBounds(result.element, clamp.min, clamp.max);
    auto requantizesExactly = [&, lo = lo, hi = hi](auto fixedPoint) {
      auto [multiplier, shift] = fixedPoint;
      return wideRequantizationLimit(multiplier, shift, result.zeroPoints[0],
                                     lo, hi)
          .has_value();
    };
    if (accumulator.getWidth() == 64 &&
        !llvm::all_of(llvm::zip_equal(multipliers, shifts), requantizesExactly))
      return rewriter.notifyMatchFailure(
          quantize, "the int64 accumulator cannot be requantized exactly");
    auto [input, weight, strides, pads, dilations, group] =
        convOperands(rewriter, conv);
    auto biasType = RankedTensorType::get({static_cast<int64_t>(bias->size())},
                                          accumulator);
    Value biasValue = rewriter.create<graph::ConstantOp>(
        conv.loc, biasType, makeIntElements(biasType, *bias, "integer_bias"));
    int64_t inputZeroPoint = conv.input.zeroPoints[0];
    ArrayRef<int64_t> weightZeroPoints = conv.weight.zeroPoints;
    if (llvm::all_equal(weightZeroPoints))
      weightZeroPoints = weightZeroPoints.take_front();
    bool symmetricWeights = weightZeroPoints == ArrayRef<int64_t>{0};
    auto sums = rewriter.create<graph::ConvOp>(
        conv.loc, input, weight, biasValue, /*residual=*/Value(), strides, pads,
        dilations, group, rewriter.getStringAttr("none"), FloatAttr(),
        FloatAttr(),
        inputZeroPoint ? rewriter.getI64IntegerAttr(inputZeroPoint)
                       : IntegerAttr(),
        symmetricWeights ? DenseI64ArrayAttr()
                         : rewriter.getDenseI64ArrayAttr(weightZeroPoints));
    auto optionalBound = [&](std::optional<int64_t> bound) {
      return bound ? rewriter.getI64IntegerAttr(*bound) : IntegerAttr();
    };
    Value requantized = rewriter.create<graph::RequantizeOp>(
        quantize.getLoc(), sums.getType().clone(result.element), sums,
        rewriter.getDenseI32ArrayAttr(multipliers),
        rewriter.getDenseI32ArrayAttr(shifts), rewriter.getI64IntegerAttr(1),
        rewriter.getI64IntegerAttr(result.zeroPoints[0]),
        optionalBound(clamp.min), optionalBound(clamp.max));
    // A gemm or matmul computed as a 1x1 conv: back to its result's shape.
    if (requantized.getType() != quantize.getType())
      requantized = rewriter.create<graph::ReshapeOp>(
          quantize.getLoc(), quantize.getType(), requantized);
    rewriter.replaceOp(quantize, requantized);
    return success();
  }
};

/// Q(op(DQ(x)...)) -> op(x...) when op only moves or selects values and
/// every DQ and the Q share one per-tensor scale and zero point: then
/// Q(op(DQ(x))) = op(Q(DQ(x))) = op(x). DQ itself is the identity case.
/// An 8-bit operand quantized differently (concatenated convs of two
/// scales) is requantized first, as Q(DQ(x)) at the Q's parameters, which
/// becomes a table lookup: Q commutes with moving values, and, as it
/// never decreases, with a max pool.
struct RunOnQuantizedValues : QuantizeRootedPattern {
  using QuantizeRootedPattern::QuantizeRootedPattern;

  LogicalResult fold(graph::QuantizeLinearOp quantize,
                     const LinearQuantization &result,
                     PatternRewriter &rewriter) const override {
    Operation *op = quantize.getInput().getDefiningOp();
    if (!op ||
        !isa<graph::DequantizeLinearOp, graph::MaxPoolOp, graph::ReshapeOp,
             graph::TransposeOp, graph::SliceOp, graph::ConcatOp>(op))
      return rewriter.notifyMatchFailure(quantize, "not a value-moving op");
    if (isa<graph::DequantizeLinearOp>(op)) {
      std::optional<LinearQuantization> input =
          matchDequantized(op->getResult(0));
      if (!input || !input->sameAs(result))
        return rewriter.notifyMatchFailure(quantize, "parameters differ");
      rewriter.replaceOp(quantize, input->quantized);
      return success();
    }
    if (isa<graph::MaxPoolOp>(op) && !(result.scales[0] > 0))
      return rewriter.notifyMatchFailure(quantize, "Q does not keep order");
    // Each operand's bytes at the Q's parameters.
    SmallVector<Value> quantizedOperands;
    for (Value operand : op->getOperands()) {
      std::optional<LinearQuantization> input = matchDequantized(operand);
      bool alike = input && input->sameAs(result);
      if (!alike && !matchPerTensorDequantized(operand))
        return rewriter.notifyMatchFailure(
            quantize,
            "an operand is not dequantized alike, nor from 8 or 16 bits");
      quantizedOperands.push_back(
          alike ? input->quantized
                : rewriter.create<graph::QuantizeLinearOp>(
                      quantize.getLoc(),
                      cast<RankedTensorType>(operand.getType())
                          .clone(result.element),
                      operand, quantize.getScale(), quantize.getZeroPoint(),
                      quantize.getAxisAttr(), quantize.getBlockSizeAttr(),
                      quantize.getSaturateAttr()));
    }
    Operation *onIntegers = rewriter.clone(*op);
    onIntegers->setOperands(quantizedOperands);
    onIntegers->getResult(0).setType(quantize.getType());
    rewriter.replaceOp(quantize, onIntegers->getResults());
    return success();
  }
};

/// Q(act(DQ(requantize(acc)))) with one scale and zero point around act,
/// a Relu or Clip: the activation narrows the requantization's clamp
/// bounds (quantizers that keep activations after a QuantizeLinear, as
/// quantize_static does with int8 activations).
struct ClampRequantized : QuantizeRootedPattern {
  using QuantizeRootedPattern::QuantizeRootedPattern;

  LogicalResult fold(graph::QuantizeLinearOp quantize,
                     const LinearQuantization &result,
                     PatternRewriter &rewriter) const override {
    QuantizedClamp clamp = skipActivation(quantize.getInput(), result);
    std::optional<LinearQuantization> input = matchDequantized(clamp.product);
    if (clamp.product == quantize.getInput() || !input ||
        !input->sameAs(result) || !clamp.product.hasOneUse())
      return rewriter.notifyMatchFailure(quantize, "no activation between a "
                                                   "DQ and a Q alike");
    auto requantize = input->quantized.getDefiningOp<graph::RequantizeOp>();
    if (!requantize || !requantize->hasOneUse())
      return rewriter.notifyMatchFailure(quantize, "not a requantization");
    std::pair<int64_t, int64_t> current = requantizeBounds(
        result.element, requantize.getClampMin(), requantize.getClampMax());
    std::pair<int64_t, int64_t> activation =
        requantizeBounds(result.element, clamp.min, clamp.max);
    rewriter.modifyOpInPlace(requantize, [&] {
      requantize.setClampMin(std::max(current.first, activation.first));
      requantize.setClampMax(std::min(current.second, activation.second));
    });
    rewriter.replaceOp(quantize, requantize.getResult());
    return success();
  }
};

/// A constant whose elements are all equal, as a rank-0 constant of that
/// value (which broadcasts against anything); null for other values.
static ElementsAttr uniformScalar(Value value) {
  ElementsAttr constant;
  if (!matchPattern(value, m_Constant(&constant)) ||
      constant.getNumElements() == 0)
    return {};
  std::vector<char> bytes = getElementBytes(constant);
  size_t width = bytes.size() / constant.getNumElements();
  for (size_t offset = width; offset < bytes.size(); offset += width)
    if (!std::equal(bytes.begin(), bytes.begin() + width,
                    bytes.begin() + offset))
      return {};
  auto scalarType = RankedTensorType::get({}, constant.getElementType());
  if (scalarType.getElementType().isInteger(1))
    return DenseElementsAttr::get(scalarType, bytes[0] != 0);
  return makeElements(scalarType, ArrayRef(bytes.data(), width), "uniform");
}

static bool isPerTensorQdq(Operation *op) {
  if (auto quantize = dyn_cast<graph::QuantizeLinearOp>(op))
    return perTensorQuantize(quantize).has_value();
  std::optional<LinearQuantization> dequantized =
      isa<graph::DequantizeLinearOp>(op) ? matchDequantized(op->getResult(0))
                                         : std::nullopt;
  return dequantized && dequantized->perTensor();
}

/// The ops from one 8-bit tensor, `byte`, to a QuantizeLinear (the root),
/// when each is elementwise or a per-tensor Q/DQ and every other operand
/// is a uniform constant: then the root's value at each position is a
/// function of `byte`'s value there alone.
struct ByteFunction {
  Value byte;
  SmallVector<Operation *> ops; // operands' producers first, the root last
};

static std::optional<ByteFunction>
matchByteFunction(graph::QuantizeLinearOp root) {
  ArrayRef<int64_t> shape = root.getType().getShape();
  ByteFunction function;
  llvm::SmallPtrSet<Operation *, 8> visited;
  // Depth first from the root: an op joins after the ops it reads.
  std::function<bool(Value)> visit = [&](Value value) {
    Operation *producer = value.getDefiningOp();
    if (value == function.byte || (producer && visited.contains(producer)))
      return true;
    bool sameShape = cast<ShapedType>(value.getType()).getShape() == shape;
    bool qdq = producer && isPerTensorQdq(producer);
    if (producer && sameShape &&
        (qdq || producer->hasTrait<graph::traits::Elementwise>())) {
      visited.insert(producer);
      // A Q/DQ's scale and zero point are constants of the quantization,
      // not values of the function.
      ValueRange read = producer->getOperands();
      for (Value operand : qdq ? read.take_front() : read)
        if (!visit(operand))
          return false;
      function.ops.push_back(producer);
      return true;
    }
    if (uniformScalar(value))
      return true;
    auto byteType = dyn_cast<IntegerType>(getElementTypeOrSelf(value));
    if (function.byte || !sameShape || !byteType || byteType.getWidth() != 8 ||
        matchPattern(value, m_Constant()))
      return false;
    function.byte = value;
    return true;
  };
  if (!perTensorQuantize(root) || !visit(root.getInput()) || !function.byte)
    return std::nullopt;
  function.ops.push_back(root);
  return function;
}

/// The function computed on `byteValues` (the 256 byte values in order,
/// of the input's type) by clones of its ops placed before the root.
static Value buildTable(OpBuilder &builder, const ByteFunction &function,
                        Value byteValues) {
  Location loc = function.ops.back()->getLoc();
  IRMapping mapping;
  mapping.map(function.byte, byteValues);
  for (Operation *op : function.ops) {
    for (Value operand : op->getOperands())
      if (!mapping.contains(operand) &&
          cast<ShapedType>(operand.getType()).getRank() != 0)
        if (ElementsAttr scalar = uniformScalar(operand))
          mapping.map(operand, builder.create<graph::ConstantOp>(
                                   loc, scalar.getType(), scalar));
    Operation *clone = builder.clone(*op, mapping);
    for (Value result : clone->getResults())
      result.setType(
          RankedTensorType::get({256}, getElementTypeOrSelf(result.getType())));
  }
  return mapping.lookup(function.ops.back()->getResult(0));
}

/// The constant [0, 1, ..., 255] as bytes of `element` (int8 or uint8),
/// made once per function at its start: entry i of a table is the value
/// for byte i, so an int8 -1 is entry 255.
static Value byteValuesOf(Type element, func::FuncOp function,
                          DenseMap<Type, Value> &made) {
  Value &values = made[element];
  if (!values) {
    auto type = RankedTensorType::get({256}, element);
    std::vector<char> bytes(256);
    std::iota(bytes.begin(), bytes.end(), 0);
    OpBuilder builder = OpBuilder::atBlockBegin(&function.front());
    values = builder.create<graph::ConstantOp>(
        function.getLoc(), type, makeElements(type, bytes, "byte_values"));
  }
  return values;
}

/// Replaces each QuantizeLinear to an 8- or 16-bit integer that is a byte
/// function by a lookup in its table. The last ones go first, so that a
/// chain of quantized functions (Sigmoid's Q/DQ inside SiLU) becomes one
/// table.
static void foldByteFunctions(func::FuncOp function) {
  SmallVector<graph::QuantizeLinearOp> roots;
  function.walk([&](graph::QuantizeLinearOp root) { roots.push_back(root); });
  llvm::SmallPtrSet<Operation *, 16> erased;
  DenseMap<Type, Value> byteValues;
  OpBuilder builder(function.getContext());
  for (graph::QuantizeLinearOp root : llvm::reverse(roots)) {
    if (erased.contains(root))
      continue;
    unsigned width = root.getType().getElementTypeBitWidth();
    std::optional<ByteFunction> byteFunction;
    // The table costs the function on 256 values: smaller tensors (an
    // excitation's per-channel gate) compute it directly.
    if (!isa<IntegerType>(root.getType().getElementType()) ||
        (width != 8 && width != 16) || root.getType().getNumElements() < 256 ||
        !(byteFunction = matchByteFunction(root)))
      continue;
    builder.setInsertionPoint(root);
    Value table =
        buildTable(builder, *byteFunction,
                   byteValuesOf(getElementTypeOrSelf(byteFunction->byte),
                                function, byteValues));
    Value lookup = builder.create<graph::LookupOp>(
        root.getLoc(), root.getType(), table, byteFunction->byte);
    root.getResult().replaceAllUsesWith(lookup);
    for (Operation *op : llvm::reverse(byteFunction->ops))
      if (op->use_empty()) {
        erased.insert(op);
        op->erase();
      }
  }
}

/// Q(op(DQ(a), DQ(b))) -> quantized_binary(a, b) for op an add, sub, mul,
/// max or min of two 8-bit tensors quantized per tensor: one pass over
/// the bytes for the four over float tensors (a residual Add, an
/// excitation's Mul). After the tables, which take such ops when a and b
/// are functions of one tensor (SiLU's x * sigmoid(x)).
static void foldQuantizedBinaries(func::FuncOp function) {
  SmallVector<graph::QuantizeLinearOp> roots;
  function.walk([&](graph::QuantizeLinearOp root) { roots.push_back(root); });
  for (graph::QuantizeLinearOp root : roots) {
    std::optional<LinearQuantization> result = perTensorQuantize(root);
    Operation *op = root.getInput().getDefiningOp();
    if (!result || !op || !op->hasOneUse() || op->getNumOperands() != 2)
      continue;
    StringRef kind = graph::getBinaryKind(op);
    std::optional<LinearQuantization> lhs =
        matchPerTensorDequantized(op->getOperand(0));
    std::optional<LinearQuantization> rhs =
        matchPerTensorDequantized(op->getOperand(1));
    if (!lhs || !rhs ||
        !quantizedBinaryMismatch(
             kind,
             {cast<ShapedType>(lhs->quantized.getType()),
              cast<ShapedType>(rhs->quantized.getType()), root.getType()},
             {lhs->scales[0], rhs->scales[0], result->scales[0]},
             {lhs->zeroPoints[0], rhs->zeroPoints[0], result->zeroPoints[0]})
             .empty())
      continue;
    OpBuilder builder(root);
    auto scale = [&](float value) { return builder.getF32FloatAttr(value); };
    auto integer = [&](int64_t value) {
      return builder.getI64IntegerAttr(value);
    };
    Value fused = builder.create<graph::QuantizedBinaryOp>(
        root.getLoc(), root.getType(), lhs->quantized, rhs->quantized,
        builder.getStringAttr(kind), scale(lhs->scales[0]),
        integer(lhs->zeroPoints[0]), scale(rhs->scales[0]),
        integer(rhs->zeroPoints[0]), scale(result->scales[0]),
        integer(result->zeroPoints[0]));
    root.getResult().replaceAllUsesWith(fused);
    root.erase();
    // One DQ when both operands are the same tensor (x * x).
    llvm::SmallSetVector<Operation *, 2> dequantizes;
    for (Value operand : op->getOperands())
      dequantizes.insert(operand.getDefiningOp());
    op->erase();
    for (Operation *dequantize : dequantizes)
      if (dequantize->use_empty())
        dequantize->erase();
  }
}

struct FoldQdqPass : edgecc::impl::FoldQdqBase<FoldQdqPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldQuantizedProduct, RunOnQuantizedValues, ClampRequantized>(
        &getContext());
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    foldByteFunctions(getOperation());
    foldQuantizedBinaries(getOperation());
  }
};

} // namespace
