//===- LinearQuantization.cpp - constant Q/DQ parameters ------------------===//

#include "edgecc/Transforms/LinearQuantization.h"

#include "edgecc/Support/Elements.h"
#include "edgecc/Support/Quantization.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace edgecc;

template <typename QuantizationOp>
static std::optional<LinearQuantization>
constantQuantization(QuantizationOp op, Value quantizedSide) {
  Type element = getElementTypeOrSelf(quantizedSide);
  if (op.getBlockSize() != 0 || !isa<IntegerType>(element))
    return std::nullopt;
  std::optional<SmallVector<float>> scales = matchFloatConstant(op.getScale());
  if (!scales)
    return std::nullopt;
  SmallVector<int64_t> zeroPoints(scales->size(), 0);
  if (Value zeroPoint = op.getZeroPoint()) {
    ElementsAttr constant;
    if (!matchPattern(zeroPoint, m_Constant(&constant)))
      return std::nullopt;
    zeroPoints = getIntValues(constant);
  }
  return LinearQuantization{Value(), std::move(*scales), std::move(zeroPoints),
                            static_cast<int64_t>(op.getAxis()), element};
}

std::optional<LinearQuantization> edgecc::matchDequantized(Value value) {
  auto dequantize = value.getDefiningOp<graph::DequantizeLinearOp>();
  if (!dequantize)
    return std::nullopt;
  std::optional<LinearQuantization> params =
      constantQuantization(dequantize, dequantize.getInput());
  if (params)
    params->quantized = dequantize.getInput();
  return params;
}

std::optional<LinearQuantization>
edgecc::matchPerTensorDequantized(Value value) {
  std::optional<LinearQuantization> params = matchDequantized(value);
  if (!params || !params->perTensor() ||
      !(params->element.isInteger(8) || params->element.isInteger(16)))
    return std::nullopt;
  return params;
}

std::optional<LinearQuantization>
edgecc::perTensorQuantize(graph::QuantizeLinearOp quantize) {
  std::optional<LinearQuantization> params =
      constantQuantization(quantize, quantize.getResult());
  if (!params || !params->perTensor())
    return std::nullopt;
  return params;
}

LinearQuantization edgecc::activationQuantization(const TensorRange &range,
                                                  Type element) {
  AffineQuantization params = affineQuantization(range.min, range.max, element);
  return LinearQuantization{
      Value(), {params.scale}, {params.zeroPoint}, 0, element};
}

Value edgecc::quantizeDequantize(OpBuilder &builder, Value value,
                                 const LinearQuantization &params) {
  Location loc = value.getLoc();
  auto scalar = [](Type element) { return RankedTensorType::get({}, element); };
  Type f32 = builder.getF32Type();
  Value scale = builder.create<graph::ConstantOp>(
      loc, scalar(f32),
      makeFloatElements(scalar(f32), {params.scales[0]}, "activation_scale"));
  Value zeroPoint = builder.create<graph::ConstantOp>(
      loc, scalar(params.element),
      makeIntElements(scalar(params.element), params.zeroPoints,
                      "activation_zero_point"));
  auto type = cast<RankedTensorType>(value.getType());
  Value quantized = builder.create<graph::QuantizeLinearOp>(
      loc, type.clone(params.element), value, scale, zeroPoint, uint64_t(0),
      uint64_t(0));
  return builder.create<graph::DequantizeLinearOp>(
      loc, type, quantized, scale, zeroPoint, uint64_t(0), uint64_t(0));
}
