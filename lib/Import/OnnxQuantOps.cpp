//===- OnnxQuantOps.cpp - ONNX quantization ops ---------------------------===//
//
// QuantizeLinear and DequantizeLinear become graph.quantize_linear and
// graph.dequantize_linear. The integer ops compute in int32. ConvInteger and
// QLinearConv with int8/uint8 operands and constant zero points become one
// graph.conv that reads the bytes as they are and subtracts the zero points
// in its inner loop (so padding contributes zero, as ONNX specifies); other
// convolutions and MatMulInteger widen their operands and subtract the zero
// points before an int32 convolution or matmul. QLinearMatMul and QLinearConv
// then requantize the accumulator
// with fixed-point multipliers that the importer computes from constant
// scales. DynamicQuantizeLinear is its ONNX function body: the input's range,
// stretched to include 0, gives a uint8 scale and zero point at run time.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "edgecc/Support/Elements.h"
#include "edgecc/Support/Quantization.h"

#include "mlir/IR/Matchers.h"
#include "llvm/ADT/APFloat.h"

#include <cstring>

namespace edgecc {
namespace detail {

LogicalResult
GraphImporter::quantizationParams(const onnx::NodeProto &node, Location loc,
                                  Value x, Value &scale, Value &zeroPoint,
                                  SmallVectorImpl<NamedAttribute> &attrs) {
  auto scaleType = cast<RankedTensorType>(scale.getType());
  if (scaleType.getElementType().isF16())
    scale = createTyped<graph::CastOp>(
        loc, scaleType.clone(builder.getF32Type()), scale);
  else if (!scaleType.getElementType().isF32())
    return emitError(loc) << node.op_type()
                          << " scale must be float32 or float16, not "
                          << scaleType.getElementType();
  if (zeroPoint && !isQuantizedType(getElementTypeOrSelf(zeroPoint)))
    return emitError(loc) << node.op_type() << " with a zero point of type "
                          << getElementTypeOrSelf(zeroPoint)
                          << " is not supported";
  int64_t blockSize = intAttr(node, "block_size", 0);
  int64_t axis = 0;
  if (blockSize == 0 && scaleType.getNumElements() == 1 &&
      scaleType.getRank() <= 1) {
    // Exporters write [1] for a per-tensor scale.
    FailureOr<Value> scalar = reshape(scale, {}, loc);
    if (failed(scalar))
      return failure();
    scale = *scalar;
    if (zeroPoint) {
      FailureOr<Value> scalarZero = reshape(zeroPoint, {}, loc);
      if (failed(scalarZero))
        return failure();
      zeroPoint = *scalarZero;
    }
  } else {
    FailureOr<int64_t> normalized =
        normalizeAxis(intAttr(node, "axis", 1), shapeOf(x).size(), loc);
    if (failed(normalized))
      return failure();
    axis = *normalized;
  }
  attrs.push_back(
      builder.getNamedAttr("axis", builder.getI64IntegerAttr(axis)));
  attrs.push_back(
      builder.getNamedAttr("block_size", builder.getI64IntegerAttr(blockSize)));
  return success();
}

LogicalResult GraphImporter::importQuantizeLinear(const onnx::NodeProto &node,
                                                  Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  Value x = input(node, 0), scale = input(node, 1), zeroPoint = input(node, 2);
  auto xType = cast<RankedTensorType>(x.getType());
  if (xType.getElementType().isF16())
    x = createTyped<graph::CastOp>(loc, xType.clone(builder.getF32Type()), x);
  else if (failed(requireFloat(node, x, loc)))
    return failure();
  // The result type is the zero point's, else output_dtype's (opset 21),
  // else uint8.
  int64_t outputCode = intAttr(node, "output_dtype", 0);
  std::optional<Type> element =
      zeroPoint    ? getElementTypeOrSelf(zeroPoint)
      : outputCode ? elementTypeOf(outputCode, context)
                   : builder.getIntegerType(8, /*isSigned=*/false);
  if (!element || !isQuantizedType(*element))
    return emitError(loc) << "QuantizeLinear to "
                          << (zeroPoint ? "the zero point's type"
                                        : dtypeName(outputCode))
                          << " is not supported (4-, 8- and 16-bit integers "
                             "and float8 are)";
  SmallVector<NamedAttribute> attrs = saturation(node);
  if (failed(quantizationParams(node, loc, x, scale, zeroPoint, attrs)))
    return failure();
  SmallVector<Value> operands = {x, scale};
  if (zeroPoint)
    operands.push_back(zeroPoint);
  bind(node, 0,
       createTyped<graph::QuantizeLinearOp>(
           loc, RankedTensorType::get(shapeOf(x), *element), operands, attrs));
  return success();
}

LogicalResult GraphImporter::importDequantizeLinear(const onnx::NodeProto &node,
                                                    Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  Value x = input(node, 0), scale = input(node, 1), zeroPoint = input(node, 2);
  Type scaleElement = getElementTypeOrSelf(scale);
  if (getElementTypeOrSelf(x).isInteger(32) && zeroPoint) {
    // ONNX requires an int32 input's zero point to be 0.
    FailureOr<SmallVector<int64_t>> zero =
        constantInts(node, 2, loc, "zero point");
    if (failed(zero))
      return failure();
    if (llvm::any_of(*zero, [](int64_t v) { return v != 0; }))
      return emitError(loc) << "DequantizeLinear of int32 needs a zero point "
                               "of 0";
    zeroPoint = Value();
  }
  SmallVector<NamedAttribute> attrs;
  if (failed(quantizationParams(node, loc, x, scale, zeroPoint, attrs)))
    return failure();
  SmallVector<Value> operands = {x, scale};
  if (zeroPoint)
    operands.push_back(zeroPoint);
  auto floatType = RankedTensorType::get(shapeOf(x), builder.getF32Type());
  Value result =
      createTyped<graph::DequantizeLinearOp>(loc, floatType, operands, attrs);
  // The result has the scale's type: float16 scales give float16.
  if (scaleElement != floatType.getElementType())
    result =
        createTyped<graph::CastOp>(loc, floatType.clone(scaleElement), result);
  bind(node, 0, result);
  return success();
}

LogicalResult
GraphImporter::importDynamicQuantizeLinear(const onnx::NodeProto &node,
                                           Location loc) {
  if (failed(requireFloatInput(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  SmallVector<int64_t> axes = allAxes(shapeOf(x).size());
  FailureOr<Value> maxKept =
      reduceKeepingDims<graph::ReduceMaxOp>(loc, x, axes);
  FailureOr<Value> minKept =
      reduceKeepingDims<graph::ReduceMinOp>(loc, x, axes);
  if (failed(maxKept) || failed(minKept))
    return failure();
  // The scale and zero point are scalars.
  FailureOr<Value> max = reshape(*maxKept, {}, loc);
  FailureOr<Value> min = reshape(*minKept, {}, loc);
  if (failed(max) || failed(min))
    return failure();
  Value zero = floatScalar(0.0f, loc);
  FailureOr<Value> maxAdjusted = create<graph::MaxOp>(loc, {*max, zero});
  FailureOr<Value> minAdjusted = create<graph::MinOp>(loc, {*min, zero});
  if (failed(maxAdjusted) || failed(minAdjusted))
    return failure();
  FailureOr<Value> range =
      create<graph::SubOp>(loc, {*maxAdjusted, *minAdjusted});
  if (failed(range))
    return failure();
  FailureOr<Value> scale =
      create<graph::DivOp>(loc, {*range, floatScalar(255.0f, loc)});
  if (failed(scale))
    return failure();
  FailureOr<Value> minScaled =
      create<graph::DivOp>(loc, {*minAdjusted, *scale});
  if (failed(minScaled))
    return failure();
  FailureOr<Value> initialZero = create<graph::SubOp>(loc, {zero, *minScaled});
  if (failed(initialZero))
    return failure();
  Type scalarType = initialZero->getType();
  Value clipped = createTyped<graph::ClipOp>(
      loc, scalarType, *initialZero,
      {builder.getNamedAttr("min", builder.getF32FloatAttr(0.0f)),
       builder.getNamedAttr("max", builder.getF32FloatAttr(255.0f))});
  Value rounded = createTyped<graph::RoundOp>(loc, scalarType, clipped);
  auto uint8 = builder.getIntegerType(8, /*isSigned=*/false);
  Value zeroPoint = createTyped<graph::CastOp>(
      loc, RankedTensorType::get({}, uint8), rounded);
  bind(node, 0,
       createTyped<graph::QuantizeLinearOp>(
           loc, RankedTensorType::get(shapeOf(x), uint8),
           {x, *scale, zeroPoint},
           {builder.getNamedAttr("axis", builder.getI64IntegerAttr(0)),
            builder.getNamedAttr("block_size", builder.getI64IntegerAttr(0))}));
  bind(node, 1, *scale);
  bind(node, 2, zeroPoint);
  return success();
}

FailureOr<Value> GraphImporter::minusZeroPoint(Value x, Value zeroPoint,
                                               Location loc) {
  auto int32 = builder.getI32Type();
  auto widened = [&](Value value) {
    auto type = cast<RankedTensorType>(value.getType());
    return createTyped<graph::CastOp>(loc, type.clone(int32), value);
  };
  if (!isa<IntegerType>(getElementTypeOrSelf(x)) ||
      !isQuantizedType(getElementTypeOrSelf(x)) ||
      (zeroPoint && getElementTypeOrSelf(zeroPoint) != getElementTypeOrSelf(x)))
    return emitError(loc) << "integer matmul and convolution need 4-, 8- "
                             "or 16-bit integer operands with zero points of "
                             "their type, not "
                          << x.getType();
  Value wide = widened(x);
  if (!zeroPoint)
    return wide;
  return create<graph::SubOp>(loc, {wide, widened(zeroPoint)});
}

FailureOr<Value> GraphImporter::broadcastAlong(Value perIndex, int64_t dim,
                                               int64_t rank, Location loc) {
  auto type = cast<RankedTensorType>(perIndex.getType());
  if (type.getRank() != 1 || type.getNumElements() == 1 || dim >= rank)
    return perIndex;
  SmallVector<int64_t> shape(rank - dim, 1);
  shape[0] = type.getNumElements();
  return reshape(perIndex, shape, loc);
}

/// The float semantics' values of a constant float32 or float16 tensor.
static std::optional<SmallVector<APFloat>> floatConstant(Value value) {
  ElementsAttr constant;
  if (!matchPattern(value, m_Constant(&constant)))
    return std::nullopt;
  Type element = constant.getElementType();
  SmallVector<APFloat> values;
  if (element.isF32()) {
    for (float v : getFloatValues(constant))
      values.emplace_back(v);
    return values;
  }
  if (!element.isF16())
    return std::nullopt;
  std::vector<char> bytes = getElementBytes(constant);
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
    uint16_t bits;
    std::memcpy(&bits, bytes.data() + i, 2);
    values.emplace_back(APFloat::IEEEhalf(), APInt(16, bits));
  }
  return values;
}

FailureOr<Value>
GraphImporter::requantize(const onnx::NodeProto &node, Location loc, Value acc,
                          int64_t axis, int inScale, int weightScale,
                          int outScale, int outZeroPoint, Type resultElement) {
  SmallVector<SmallVector<APFloat>> scales;
  for (auto [index, role] : {std::pair{inScale, "input scale"},
                             {weightScale, "weight scale"},
                             {outScale, "output scale"}}) {
    std::optional<SmallVector<APFloat>> values =
        floatConstant(input(node, index));
    if (!values)
      return notConstantError(node, index, loc, role,
                              "float32 or float16 tensor");
    scales.push_back(std::move(*values));
  }
  int64_t channels = shapeOf(acc)[axis];
  size_t perChannel = scales[1].size();
  if (scales[0].size() != 1 || scales[2].size() != 1 ||
      (perChannel != 1 && static_cast<int64_t>(perChannel) != channels))
    return emitError(loc) << node.op_type()
                          << " needs one input and output scale and one "
                             "weight scale per tensor or per output channel ("
                          << channels << ")";
  SmallVector<int32_t> multipliers, shifts;
  for (const APFloat &weight : scales[1]) {
    double multiplier = productScale(scales[0][0], weight, scales[2][0]);
    std::optional<FixedPointMultiplier> fixed = toFixedPoint(multiplier);
    if (!fixed)
      return emitError(loc)
             << node.op_type() << " needs positive scales whose "
             << "combined multiplier is below 2^31, got " << multiplier;
    multipliers.push_back(fixed->multiplier);
    shifts.push_back(fixed->shift);
  }
  int64_t zeroPoint = 0;
  if (input(node, outZeroPoint)) {
    FailureOr<int64_t> value =
        constantInt(node, outZeroPoint, loc, "output zero point");
    if (failed(value))
      return failure();
    zeroPoint = *value;
  }
  return createTyped<graph::RequantizeOp>(
      loc, RankedTensorType::get(shapeOf(acc), resultElement), acc,
      {builder.getNamedAttr("multipliers",
                            builder.getDenseI32ArrayAttr(multipliers)),
       builder.getNamedAttr("shifts", builder.getDenseI32ArrayAttr(shifts)),
       builder.getNamedAttr("axis", builder.getI64IntegerAttr(axis)),
       builder.getNamedAttr("zero_point",
                            builder.getI64IntegerAttr(zeroPoint))});
}

FailureOr<Value> GraphImporter::integerMatMul(Value a, Value aZeroPoint,
                                              Value b, Value bZeroPoint,
                                              Location loc) {
  int64_t rank = shapeOf(a).size();
  if (aZeroPoint) {
    FailureOr<Value> perRow = broadcastAlong(aZeroPoint, rank - 2, rank, loc);
    if (failed(perRow))
      return failure();
    aZeroPoint = *perRow;
  }
  FailureOr<Value> lhs = minusZeroPoint(a, aZeroPoint, loc);
  FailureOr<Value> rhs = minusZeroPoint(b, bZeroPoint, loc);
  if (failed(lhs) || failed(rhs))
    return failure();
  return create<graph::MatMulOp>(loc, {*lhs, *rhs});
}

/// graph.conv's zero-point attributes for int8/uint8 `x` and `w` with
/// constant zero points of their types (either may be null): one for x, one
/// or one per output channel for w. std::nullopt for other operands.
static std::optional<SmallVector<NamedAttribute>>
byteConvZeroPoints(Builder &builder, Value x, Value xZeroPoint, Value w,
                   Value wZeroPoint) {
  auto isByte = [](Value value) {
    return getElementTypeOrSelf(value).isInteger(8);
  };
  auto constantOf = [&](Value zeroPoint,
                        Value operand) -> std::optional<SmallVector<int64_t>> {
    ElementsAttr constant;
    if (!zeroPoint)
      return SmallVector<int64_t>();
    if (getElementTypeOrSelf(zeroPoint) != getElementTypeOrSelf(operand) ||
        !matchPattern(zeroPoint, m_Constant(&constant)))
      return std::nullopt;
    return getIntValues(constant);
  };
  if (!isByte(x) || !isByte(w))
    return std::nullopt;
  std::optional<SmallVector<int64_t>> xZero = constantOf(xZeroPoint, x);
  std::optional<SmallVector<int64_t>> wZero = constantOf(wZeroPoint, w);
  if (!xZero || !wZero || xZero->size() > 1)
    return std::nullopt;
  SmallVector<NamedAttribute> attrs;
  if (!xZero->empty())
    attrs.push_back(builder.getNamedAttr(
        "input_zero_point", builder.getI64IntegerAttr(xZero->front())));
  if (!wZero->empty())
    attrs.push_back(builder.getNamedAttr("weight_zero_points",
                                         builder.getDenseI64ArrayAttr(*wZero)));
  return attrs;
}

FailureOr<Value> GraphImporter::integerConv(const onnx::NodeProto &node,
                                            Location loc, Value x,
                                            Value xZeroPoint, Value w,
                                            Value wZeroPoint, Value bias) {
  // Read directly, weights stay one byte each in ROM and the input in RAM.
  if (std::optional<SmallVector<NamedAttribute>> zeroPoints =
          byteConvZeroPoints(builder, x, xZeroPoint, w, wZeroPoint))
    return convolve(node, loc, x, w, bias, *zeroPoints);
  if (wZeroPoint) {
    int64_t rank = shapeOf(w).size();
    FailureOr<Value> perChannel = broadcastAlong(wZeroPoint, 0, rank, loc);
    if (failed(perChannel))
      return failure();
    wZeroPoint = *perChannel;
  }
  FailureOr<Value> input = minusZeroPoint(x, xZeroPoint, loc);
  FailureOr<Value> weight = minusZeroPoint(w, wZeroPoint, loc);
  if (failed(input) || failed(weight))
    return failure();
  return convolve(node, loc, *input, *weight, bias);
}

LogicalResult GraphImporter::importMatMulInteger(const onnx::NodeProto &node,
                                                 Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  return bindResult(node, integerMatMul(input(node, 0), input(node, 2),
                                        input(node, 1), input(node, 3), loc));
}

LogicalResult GraphImporter::importConvInteger(const onnx::NodeProto &node,
                                               Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  return bindResult(node, integerConv(node, loc, input(node, 0), input(node, 2),
                                      input(node, 1), input(node, 3), Value()));
}

/// The element type of a QLinear op's result: its output zero point's
/// (may be null), else its first input's, `x`.
static Type qlinearResultElement(Value zeroPoint, Value x) {
  return getElementTypeOrSelf(zeroPoint ? zeroPoint : x);
}

LogicalResult GraphImporter::importQLinearMatMul(const onnx::NodeProto &node,
                                                 Location loc) {
  if (failed(requireInputs(node, loc, 7)))
    return failure();
  FailureOr<Value> acc = integerMatMul(input(node, 0), input(node, 2),
                                       input(node, 3), input(node, 5), loc);
  if (failed(acc))
    return failure();
  // b's scale may be one per column: the accumulator's last dim.
  int64_t lastDim = static_cast<int64_t>(shapeOf(*acc).size()) - 1;
  return bindResult(
      node, requantize(node, loc, *acc, lastDim, 1, 4, 6, 7,
                       qlinearResultElement(input(node, 7), input(node, 0))));
}

LogicalResult GraphImporter::importQLinearConv(const onnx::NodeProto &node,
                                               Location loc) {
  if (failed(requireInputs(node, loc, 7)))
    return failure();
  FailureOr<Value> acc =
      integerConv(node, loc, input(node, 0), input(node, 2), input(node, 3),
                  input(node, 5), input(node, 8));
  if (failed(acc))
    return failure();
  return bindResult(
      node, requantize(node, loc, *acc, /*axis=*/1, 1, 4, 6, 7,
                       qlinearResultElement(input(node, 7), input(node, 0))));
}

} // namespace detail
} // namespace edgecc
