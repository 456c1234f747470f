//===- OnnxMathOps.cpp - ONNX math, reductions and normalizations --------===//
//
// Elementwise math with ONNX attribute defaults, variadic elementwise ops,
// the reduction family and LayerNormalization. Composite ops are built from
// graph ops as the ONNX function bodies define them (ReduceL2 = sqrt of a
// sum of squares, LayerNormalization = normalize over the trailing axes),
// always through shape inference and folding.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "edgecc/Support/Elements.h"

#include "mlir/IR/Matchers.h"

#include <cmath>

namespace edgecc {
namespace detail {

Value GraphImporter::floatScalar(float value, Location loc) {
  return typedScalar(builder.getF32Type(), value, loc);
}

Value GraphImporter::typedScalar(Type element, double value, Location loc) {
  auto type = RankedTensorType::get({}, element);
  Attribute scalar = isa<FloatType>(element)
                         ? Attribute(builder.getFloatAttr(element, value))
                         : Attribute(builder.getIntegerAttr(
                               element, static_cast<int64_t>(value)));
  return constant(DenseElementsAttr::get(type, scalar), loc);
}

LogicalResult GraphImporter::requireFloat(const onnx::NodeProto &node,
                                          Value value, Location loc) {
  if (cast<RankedTensorType>(value.getType()).getElementType().isF32())
    return success();
  return emitError(loc) << node.op_type() << " is only supported on float32, "
                        << "not " << value.getType();
}

LogicalResult GraphImporter::requireFloatInput(const onnx::NodeProto &node,
                                               Location loc, int minCount) {
  if (failed(requireInputs(node, loc, minCount)))
    return failure();
  return requireFloat(node, input(node, 0), loc);
}

// ONNX's defaults for the parameters of each activation.
LogicalResult GraphImporter::importElu(const onnx::NodeProto &node,
                                       Location loc) {
  return importUnaryWith<graph::EluOp>(node, loc, {{"alpha", 1.0f}});
}
LogicalResult GraphImporter::importCelu(const onnx::NodeProto &node,
                                        Location loc) {
  return importUnaryWith<graph::CeluOp>(node, loc, {{"alpha", 1.0f}});
}
LogicalResult GraphImporter::importSelu(const onnx::NodeProto &node,
                                        Location loc) {
  return importUnaryWith<graph::SeluOp>(
      node, loc,
      {{"alpha", 1.67326319217681884765625f},
       {"gamma", 1.05070102214813232421875f}});
}
LogicalResult GraphImporter::importLeakyRelu(const onnx::NodeProto &node,
                                             Location loc) {
  return importUnaryWith<graph::LeakyReluOp>(node, loc, {{"alpha", 0.01f}});
}
LogicalResult GraphImporter::importThresholdedRelu(const onnx::NodeProto &node,
                                                   Location loc) {
  return importUnaryWith<graph::ThresholdedReluOp>(node, loc,
                                                   {{"alpha", 1.0f}});
}
LogicalResult GraphImporter::importHardSigmoid(const onnx::NodeProto &node,
                                               Location loc) {
  return importUnaryWith<graph::HardSigmoidOp>(
      node, loc, {{"alpha", 0.2f}, {"beta", 0.5f}});
}
LogicalResult GraphImporter::importShrink(const onnx::NodeProto &node,
                                          Location loc) {
  return importUnaryWith<graph::ShrinkOp>(node, loc,
                                          {{"bias", 0.0f}, {"lambd", 0.5f}});
}

LogicalResult GraphImporter::importGelu(const onnx::NodeProto &node,
                                        Location loc) {
  if (failed(requireFloatInput(node, loc, 1)))
    return failure();
  std::string approximate = stringAttr(node, "approximate", "none");
  if (approximate != "none" && approximate != "tanh")
    return emitError(loc) << "unknown Gelu approximate '" << approximate << "'";
  Value x = input(node, 0);
  bind(node, 0,
       createTyped<graph::GeluOp>(
           loc, x.getType(), x,
           {builder.getNamedAttr("tanh_approximation",
                                 builder.getBoolAttr(approximate == "tanh"))}));
  return success();
}

LogicalResult GraphImporter::importPow(const onnx::NodeProto &node,
                                       Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  Value base = input(node, 0), exponent = input(node, 1);
  // The exponent may have another type (opset 12+); it is cast to the base's.
  Type element = cast<RankedTensorType>(base.getType()).getElementType();
  if (cast<RankedTensorType>(exponent.getType()).getElementType() != element)
    exponent = createTyped<graph::CastOp>(
        loc, RankedTensorType::get(shapeOf(exponent), element), exponent);
  return createAndBind<graph::PowOp>(node, loc, {base, exponent});
}

LogicalResult GraphImporter::importMod(const onnx::NodeProto &node,
                                       Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  Value a = input(node, 0), b = input(node, 1);
  bool isFloat =
      isa<FloatType>(cast<RankedTensorType>(a.getType()).getElementType());
  int64_t fmod = intAttr(node, "fmod", 0);
  // graph.mod is C fmod on floats and takes the divisor's sign on integers,
  // which is what ONNX's fmod attribute must say for each.
  if (isFloat && fmod == 0)
    return emitError(loc) << "Mod with fmod=0 on floats is not supported";
  if (isFloat || fmod == 0)
    return createAndBind<graph::ModOp>(node, loc, {a, b});
  // fmod on integers takes the dividend's sign: a - (a / b) * b with C's
  // truncating division.
  FailureOr<Value> quotient = create<graph::DivOp>(loc, {a, b});
  if (failed(quotient))
    return failure();
  FailureOr<Value> multiple = create<graph::MulOp>(loc, {*quotient, b});
  if (failed(multiple))
    return failure();
  return createAndBind<graph::SubOp>(node, loc, {a, *multiple});
}

LogicalResult GraphImporter::importBitShift(const onnx::NodeProto &node,
                                            Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  std::string direction = stringAttr(node, "direction", "");
  SmallVector<Value> operands = {input(node, 0), input(node, 1)};
  if (direction == "LEFT")
    return createAndBind<graph::ShiftLeftOp>(node, loc, operands);
  if (direction == "RIGHT")
    return createAndBind<graph::ShiftRightOp>(node, loc, operands);
  return emitError(loc) << "BitShift direction must be LEFT or RIGHT, not '"
                        << direction << "'";
}

LogicalResult GraphImporter::importWhere(const onnx::NodeProto &node,
                                         Location loc) {
  if (failed(requireInputs(node, loc, 3)))
    return failure();
  return createAndBind<graph::WhereOp>(
      node, loc, {input(node, 0), input(node, 1), input(node, 2)});
}

template <typename ArgReduceOp>
LogicalResult GraphImporter::importArgReduce(const onnx::NodeProto &node,
                                             Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  FailureOr<int64_t> axis =
      normalizeAxis(intAttr(node, "axis", 0), shapeOf(x).size(), loc);
  if (failed(axis))
    return failure();
  return createAndBind<ArgReduceOp>(
      node, loc, x,
      {builder.getNamedAttr("axis", builder.getI64IntegerAttr(*axis)),
       builder.getNamedAttr("keepdims",
                            builder.getBoolAttr(intAttr(node, "keepdims", 1))),
       builder.getNamedAttr(
           "select_last_index",
           builder.getBoolAttr(intAttr(node, "select_last_index", 0)))});
}
template LogicalResult
GraphImporter::importArgReduce<graph::ArgMaxOp>(const onnx::NodeProto &,
                                                Location);
template LogicalResult
GraphImporter::importArgReduce<graph::ArgMinOp>(const onnx::NodeProto &,
                                                Location);

LogicalResult GraphImporter::importIsNaN(const onnx::NodeProto &node,
                                         Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  // NaN is the one value that is not equal to itself.
  Value x = input(node, 0);
  FailureOr<Value> equal = create<graph::EqualOp>(loc, {x, x});
  if (failed(equal))
    return failure();
  bind(node, 0, createTyped<graph::NotOp>(loc, equal->getType(), *equal));
  return success();
}

LogicalResult GraphImporter::importIsInf(const onnx::NodeProto &node,
                                         Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  Type element = cast<RankedTensorType>(x.getType()).getElementType();
  if (!isa<FloatType>(element))
    return emitError(loc) << "IsInf needs a float input, not " << x.getType();
  Value result;
  for (auto [attrName, sign] :
       {std::pair<StringRef, double>{"detect_positive", 1.0},
        {"detect_negative", -1.0}}) {
    if (!intAttr(node, attrName, 1))
      continue;
    FailureOr<Value> isInf = create<graph::EqualOp>(
        loc, {x, typedScalar(element, sign * INFINITY, loc)});
    if (failed(isInf))
      return failure();
    result = result ? *create<graph::OrOp>(loc, {result, *isInf}) : *isInf;
  }
  if (!result) { // neither sign: nothing is reported
    auto type = RankedTensorType::get(shapeOf(x), builder.getI1Type());
    result = constant(DenseElementsAttr::get(type, false), loc);
  }
  bind(node, 0, result);
  return success();
}

LogicalResult GraphImporter::importTrilu(const onnx::NodeProto &node,
                                         Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  ArrayRef<int64_t> shape = shapeOf(x);
  if (shape.size() < 2)
    return emitError(loc) << "Trilu input must have rank >= 2";
  int64_t k = 0;
  if (input(node, 1)) {
    FailureOr<int64_t> given = constantInt(node, 1, loc, "k");
    if (failed(given))
      return failure();
    k = *given;
  }
  // The kept triangle as a constant mask over the last two dims.
  bool upper = intAttr(node, "upper", 1);
  int64_t rows = shape[shape.size() - 2], cols = shape.back();
  SmallVector<bool> keep;
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      keep.push_back(upper ? j - i >= k : j - i <= k);
  auto maskType = RankedTensorType::get({rows, cols}, builder.getI1Type());
  Value mask = constant(DenseElementsAttr::get(maskType, keep), loc);
  Type element = cast<RankedTensorType>(x.getType()).getElementType();
  return createAndBind<graph::WhereOp>(node, loc,
                                       {mask, x, typedScalar(element, 0, loc)});
}

LogicalResult GraphImporter::importHardmax(const onnx::NodeProto &node,
                                           Location loc) {
  if (failed(requireFloatInput(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t rank = shape.size();
  // Before opset 13 the input is seen as 2-D, [before axis, from axis on].
  FailureOr<int64_t> axis =
      normalizeAxis(intAttr(node, "axis", opset < 13 ? 1 : -1), rank, loc);
  if (failed(axis))
    return failure();
  Value operand = x;
  if (opset < 13) {
    int64_t outer = 1, inner = 1;
    for (int64_t dim = 0; dim < rank; ++dim)
      (dim < *axis ? outer : inner) *= shape[dim];
    FailureOr<Value> flat = reshape(x, {outer, inner}, loc);
    if (failed(flat))
      return failure();
    operand = *flat;
    axis = 1;
  }
  // One-hot of the first maximum: argmax compared with the indices 0..n-1
  // laid along the axis.
  FailureOr<Value> argmax = create<graph::ArgMaxOp>(
      loc, operand,
      {builder.getNamedAttr("axis", builder.getI64IntegerAttr(*axis)),
       builder.getNamedAttr("keepdims", builder.getBoolAttr(true))});
  if (failed(argmax))
    return failure();
  Value iota =
      iotaAlong(shapeOf(operand).size(), *axis, shapeOf(operand)[*axis], loc);
  FailureOr<Value> isMax = create<graph::EqualOp>(loc, {*argmax, iota});
  if (failed(isMax))
    return failure();
  Value oneHot = createTyped<graph::CastOp>(loc, operand.getType(), *isMax);
  return reshapeAndBind(node, oneHot, shape, loc);
}

Value GraphImporter::iotaAlong(int64_t rank, int64_t axis, int64_t count,
                               Location loc) {
  SmallVector<int64_t> shape(rank, 1);
  shape[axis] = count;
  auto type = RankedTensorType::get(shape, builder.getI64Type());
  return constant(DenseElementsAttr::get(type, ArrayRef(allAxes(count))), loc);
}

/// OneHot: the indices (negative ones counted from the end), with the new
/// axis, compared with 0..depth-1 laid along it; Where picks on or off.
LogicalResult GraphImporter::importOneHot(const onnx::NodeProto &node,
                                          Location loc) {
  if (failed(requireInputs(node, loc, 3)))
    return failure();
  Value indices = input(node, 0), values = input(node, 2);
  // ONNX allows a depth of any numeric type; a float one is truncated.
  ElementsAttr depthValue;
  if (!matchPattern(input(node, 1), m_Constant(&depthValue)) ||
      depthValue.getNumElements() != 1 ||
      !(depthValue.getElementType().isF32() ||
        isa<IntegerType>(depthValue.getElementType())))
    return notConstantError(node, 1, loc, "depth", "scalar");
  std::optional<int64_t> depth =
      depthValue.getElementType().isF32()
          ? static_cast<int64_t>(getFloatValues(depthValue).front())
          : getIntValues(depthValue).front();
  if (*depth < 1)
    return emitError(loc) << "OneHot depth must be positive";
  auto valuesType = cast<RankedTensorType>(values.getType());
  if (valuesType.getNumElements() != 2)
    return emitError(loc) << "OneHot values must hold [off, on]";
  ArrayRef<int64_t> shape = shapeOf(indices);
  int64_t rank = shape.size() + 1;
  FailureOr<int64_t> axis = normalizeAxis(intAttr(node, "axis", -1), rank, loc);
  if (failed(axis))
    return failure();
  Type i64 = builder.getI64Type();
  Value index = indices;
  if (cast<RankedTensorType>(indices.getType()).getElementType() != i64)
    index = createTyped<graph::CastOp>(loc, RankedTensorType::get(shape, i64),
                                       indices);
  FailureOr<Value> negative =
      create<graph::LessOp>(loc, {index, typedScalar(i64, 0, loc)});
  FailureOr<Value> wrapped =
      create<graph::AddOp>(loc, {index, typedScalar(i64, *depth, loc)});
  if (failed(negative) || failed(wrapped))
    return failure();
  FailureOr<Value> normalized =
      create<graph::WhereOp>(loc, {*negative, *wrapped, index});
  if (failed(normalized))
    return failure();
  SmallVector<int64_t> withAxis(shape);
  withAxis.insert(withAxis.begin() + *axis, 1);
  FailureOr<Value> expanded = reshape(*normalized, withAxis, loc);
  if (failed(expanded))
    return failure();
  FailureOr<Value> hot = create<graph::EqualOp>(
      loc, {*expanded, iotaAlong(rank, *axis, *depth, loc)});
  FailureOr<Value> flatValues = reshape(values, {2}, loc);
  if (failed(hot) || failed(flatValues))
    return failure();
  auto pick = [&](int64_t at) -> FailureOr<Value> {
    FailureOr<Value> one = sliceAlong(*flatValues, 0, at, 1, loc);
    return failed(one) ? one : reshape(*one, {}, loc);
  };
  FailureOr<Value> off = pick(0), on = pick(1);
  if (failed(off) || failed(on))
    return failure();
  return createAndBind<graph::WhereOp>(node, loc, {*hot, *on, *off});
}

/// HannWindow, HammingWindow and BlackmanWindow: generalized cosine windows
/// a0 - a1 cos(2 pi n / N) + a2 cos(4 pi n / N), N the size when periodic
/// and one less when symmetric; folded to a constant.
LogicalResult GraphImporter::importWindow(const onnx::NodeProto &node,
                                          Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  FailureOr<int64_t> size = constantInt(node, 0, loc, "size");
  if (failed(size))
    return failure();
  if (*size < 1 || *size > kMaxElements)
    return emitError(loc) << node.op_type() << " size " << *size
                          << " is empty or too large";
  int64_t dtype = intAttr(node, "output_datatype", 1);
  std::optional<Type> element = elementTypeOf(dtype, context);
  auto floatType = dyn_cast_or_null<FloatType>(element.value_or(nullptr));
  if (!floatType)
    return emitError(loc) << node.op_type() << " output_datatype "
                          << dtypeName(dtype) << " is not supported";
  double a0 = 0.5, a1 = 0.5, a2 = 0.0;
  if (node.op_type() == "HammingWindow")
    a0 = 25.0 / 46.0, a1 = 21.0 / 46.0;
  else if (node.op_type() == "BlackmanWindow")
    a0 = 0.42, a1 = 0.5, a2 = 0.08;
  double period = intAttr(node, "periodic", 1) ? *size : *size - 1;
  SmallVector<APFloat> values;
  for (int64_t n = 0; n < *size; ++n) {
    double phase = 2.0 * M_PI * static_cast<double>(n) / period;
    APFloat value(a0 - a1 * std::cos(phase) + a2 * std::cos(2.0 * phase));
    bool lost;
    value.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                  &lost);
    values.push_back(value);
  }
  auto type = RankedTensorType::get({*size}, floatType);
  bind(node, 0, constant(DenseElementsAttr::get(type, values), loc));
  return success();
}

LogicalResult GraphImporter::importRange(const onnx::NodeProto &node,
                                         Location loc) {
  if (failed(requireInputs(node, loc, 3)))
    return failure();
  Type element =
      cast<RankedTensorType>(input(node, 0).getType()).getElementType();
  // The values, computed here: start + i * delta for as long as they stay
  // short of limit.
  SmallVector<Attribute> values;
  if (element.isF32()) {
    FailureOr<float> start = constantScalar(node, 0, loc, "start");
    FailureOr<float> limit = constantScalar(node, 1, loc, "limit");
    FailureOr<float> delta = constantScalar(node, 2, loc, "delta");
    if (failed(start) || failed(limit) || failed(delta))
      return failure();
    if (*delta == 0.0f)
      return emitError(loc) << "Range delta must not be 0";
    double count = std::ceil((double(*limit) - *start) / *delta);
    for (int64_t i = 0; i < static_cast<int64_t>(count); ++i)
      values.push_back(builder.getF32FloatAttr(*start + i * *delta));
  } else if (element.isSignlessInteger() && !element.isInteger(1)) {
    SmallVector<int64_t> scalars;
    for (auto [index, role] :
         llvm::enumerate(ArrayRef<StringRef>{"start", "limit", "delta"})) {
      FailureOr<int64_t> value = constantInt(node, index, loc, role);
      if (failed(value))
        return failure();
      scalars.push_back(*value);
    }
    if (scalars[2] == 0)
      return emitError(loc) << "Range delta must not be 0";
    for (int64_t v = scalars[0];
         scalars[2] > 0 ? v < scalars[1] : v > scalars[1]; v += scalars[2])
      values.push_back(builder.getIntegerAttr(element, v));
  } else {
    return emitError(loc) << "Range on " << element << " is not supported";
  }
  if (static_cast<int64_t>(values.size()) > kMaxElements)
    return emitError(loc) << "Range is too long";
  auto type = RankedTensorType::get({int64_t(values.size())}, element);
  bind(node, 0, constant(DenseElementsAttr::get(type, values), loc));
  return success();
}

LogicalResult GraphImporter::importCumSum(const onnx::NodeProto &node,
                                          Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  Value x = input(node, 0);
  FailureOr<int64_t> axis = constantInt(node, 1, loc, "axis");
  if (failed(axis))
    return failure();
  FailureOr<int64_t> normalized = normalizeAxis(*axis, shapeOf(x).size(), loc);
  if (failed(normalized))
    return failure();
  bind(
      node, 0,
      createTyped<graph::CumSumOp>(
          loc, x.getType(), x,
          {builder.getNamedAttr("axis", builder.getI64IntegerAttr(*normalized)),
           builder.getNamedAttr(
               "exclusive", builder.getBoolAttr(intAttr(node, "exclusive", 0))),
           builder.getNamedAttr(
               "reverse", builder.getBoolAttr(intAttr(node, "reverse", 0)))}));
  return success();
}

LogicalResult GraphImporter::importVariadic(const onnx::NodeProto &node,
                                            Location loc) {
  SmallVector<Value> inputs = presentInputs(node);
  if (inputs.empty())
    return emitError(loc) << node.op_type() << " needs at least one input";
  StringRef op = node.op_type();
  Value result = inputs.front();
  for (Value next : ArrayRef(inputs).drop_front()) {
    FailureOr<Value> combined =
        op == "Max"   ? create<graph::MaxOp>(loc, {result, next})
        : op == "Min" ? create<graph::MinOp>(loc, {result, next})
                      : create<graph::AddOp>(loc, {result, next}); // Sum, Mean
    if (failed(combined))
      return failure();
    result = *combined;
  }
  if (op == "Mean" && inputs.size() > 1) {
    if (failed(requireFloat(node, result, loc)))
      return failure();
    FailureOr<Value> mean = create<graph::DivOp>(
        loc, {result, floatScalar(static_cast<float>(inputs.size()), loc)});
    if (failed(mean))
      return failure();
    result = *mean;
  }
  bind(node, 0, result);
  return success();
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::importReduce(const onnx::NodeProto &node,
                                          Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  StringRef op = node.op_type();
  // The max of bools is any, the min all: computed on 0.0 and 1.0.
  auto xType = cast<RankedTensorType>(x.getType());
  bool onBool = (op == "ReduceMax" || op == "ReduceMin") &&
                xType.getElementType().isInteger(1);
  if (onBool)
    x = createTyped<graph::CastOp>(loc, xType.clone(builder.getF32Type()), x);
  else if (failed(requireFloat(node, x, loc)))
    return failure();
  int64_t rank = shapeOf(x).size();
  // Axes became an input in opset 13 for ReduceSum, in 18 for the others.
  FailureOr<SmallVector<int64_t>> axes = intsFromAttrOrInput(
      node, loc, "axes", 1, /*inputSince=*/op == "ReduceSum" ? 13 : 18);
  if (failed(axes) || failed(normalizeAxes(*axes, rank, loc)))
    return failure();
  if (axes->empty()) {
    if (intAttr(node, "noop_with_empty_axes", 0)) {
      bind(node, 0, input(node, 0));
      return success();
    }
    *axes = allAxes(rank);
  }
  // Every reduction keeps its axes as 1; keepdims=0 reshapes at the end.
  FailureOr<Value> reduced;
  if (op == "ReduceMean")
    reduced = reduceKeepingDims<graph::ReduceMeanOp>(loc, x, *axes);
  else if (op == "ReduceMax")
    reduced = reduceKeepingDims<graph::ReduceMaxOp>(loc, x, *axes);
  else if (op == "ReduceMin")
    reduced = reduceKeepingDims<graph::ReduceMinOp>(loc, x, *axes);
  else if (op == "ReduceProd")
    reduced = reduceKeepingDims<graph::ReduceProdOp>(loc, x, *axes);
  else if (op == "ReduceSum" || op == "ReduceLogSum")
    reduced = reduceKeepingDims<graph::ReduceSumOp>(loc, x, *axes);
  else if (op == "ReduceL1")
    reduced = reduceKeepingDims<graph::ReduceSumOp>(
        loc, createTyped<graph::AbsOp>(loc, x.getType(), x), *axes);
  else if (op == "ReduceL2" || op == "ReduceSumSquare") {
    FailureOr<Value> squares = create<graph::MulOp>(loc, {x, x});
    if (failed(squares))
      return failure();
    reduced = reduceKeepingDims<graph::ReduceSumOp>(loc, *squares, *axes);
  } else { // ReduceLogSumExp: max + log(sum(exp(x - max))) cannot overflow.
    FailureOr<Value> max = reduceKeepingDims<graph::ReduceMaxOp>(loc, x, *axes);
    if (failed(max))
      return failure();
    FailureOr<Value> shifted = create<graph::SubOp>(loc, {x, *max});
    if (failed(shifted))
      return failure();
    FailureOr<Value> sum = reduceKeepingDims<graph::ReduceSumOp>(
        loc, createTyped<graph::ExpOp>(loc, shifted->getType(), *shifted),
        *axes);
    if (failed(sum))
      return failure();
    Value log = createTyped<graph::LogOp>(loc, sum->getType(), *sum);
    reduced = create<graph::AddOp>(loc, {log, *max});
  }
  if (failed(reduced))
    return failure();
  Value result = *reduced;
  if (op == "ReduceL2")
    result = createTyped<graph::SqrtOp>(loc, result.getType(), result);
  else if (op == "ReduceLogSum")
    result = createTyped<graph::LogOp>(loc, result.getType(), result);
  else if (onBool)
    result = createTyped<graph::CastOp>(
        loc,
        cast<RankedTensorType>(result.getType()).clone(builder.getI1Type()),
        result);
  if (intAttr(node, "keepdims", 1))
    return bind(node, 0, result), success();
  SmallVector<int64_t> shape;
  for (auto [dim, size] : llvm::enumerate(shapeOf(x)))
    if (!llvm::is_contained(*axes, int64_t(dim)))
      shape.push_back(size);
  return reshapeAndBind(node, result, shape, loc);
}

LogicalResult GraphImporter::importGlobalMaxPool(const onnx::NodeProto &node,
                                                 Location loc) {
  if (failed(requireFloatInput(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  int64_t rank = shapeOf(x).size();
  if (rank < 3)
    return emitError(loc) << "GlobalMaxPool input must have rank >= 3";
  return bindResult(node,
                    reduceKeepingDims<graph::ReduceMaxOp>(
                        loc, x, llvm::to_vector(llvm::seq<int64_t>(2, rank))));
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

FailureOr<GraphImporter::Normalized>
GraphImporter::normalizeOver(Location loc, Value x, ArrayRef<int64_t> axes,
                             float epsilon, bool epsilonAfterSqrt) {
  // mean, x - mean, variance, 1 / sqrt(variance + epsilon), in that order.
  FailureOr<Value> mean = reduceKeepingDims<graph::ReduceMeanOp>(loc, x, axes);
  if (failed(mean))
    return failure();
  FailureOr<Value> centered = create<graph::SubOp>(loc, {x, *mean});
  if (failed(centered))
    return failure();
  FailureOr<Value> squares = create<graph::MulOp>(loc, {*centered, *centered});
  if (failed(squares))
    return failure();
  FailureOr<Value> variance =
      reduceKeepingDims<graph::ReduceMeanOp>(loc, *squares, axes);
  if (failed(variance))
    return failure();
  FailureOr<Value> deviation = *variance;
  auto addEpsilon = [&] {
    deviation =
        create<graph::AddOp>(loc, {*deviation, floatScalar(epsilon, loc)});
  };
  if (!epsilonAfterSqrt)
    addEpsilon();
  if (failed(deviation))
    return failure();
  deviation = createTyped<graph::SqrtOp>(loc, deviation->getType(), *deviation);
  if (epsilonAfterSqrt)
    addEpsilon();
  if (failed(deviation))
    return failure();
  Value inverse =
      createTyped<graph::ReciprocalOp>(loc, deviation->getType(), *deviation);
  FailureOr<Value> normalized = create<graph::MulOp>(loc, {*centered, inverse});
  if (failed(normalized))
    return failure();
  return Normalized{*normalized, *mean, *variance, inverse};
}

FailureOr<Value> GraphImporter::scaleAndShift(Location loc, Value x,
                                              Value scale, Value bias) {
  FailureOr<Value> y = create<graph::MulOp>(loc, {x, scale});
  if (succeeded(y) && bias)
    y = create<graph::AddOp>(loc, {*y, bias});
  return y;
}

LogicalResult
GraphImporter::importLayerNormalization(const onnx::NodeProto &node,
                                        Location loc) {
  if (failed(requireFloatInput(node, loc, 2)))
    return failure();
  Value x = input(node, 0);
  int64_t rank = shapeOf(x).size();
  FailureOr<int64_t> axis = normalizeAxis(intAttr(node, "axis", -1), rank, loc);
  if (failed(axis))
    return failure();
  FailureOr<Normalized> normalized =
      normalizeOver(loc, x, llvm::to_vector(llvm::seq<int64_t>(*axis, rank)),
                    floatAttr(node, "epsilon", 1e-5f));
  if (failed(normalized))
    return failure();
  // Scale and bias broadcast against the trailing (normalized) dims.
  FailureOr<Value> y =
      scaleAndShift(loc, normalized->value, input(node, 1), input(node, 2));
  if (failed(y))
    return failure();
  bind(node, 0, *y);
  bind(node, 1, normalized->mean);
  bind(node, 2, normalized->inverseDeviation);
  return success();
}

LogicalResult
GraphImporter::importInstanceNormalization(const onnx::NodeProto &node,
                                           Location loc) {
  if (failed(requireFloatInput(node, loc, 3)))
    return failure();
  Value x = input(node, 0);
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t rank = shape.size();
  if (rank < 3)
    return emitError(loc) << "InstanceNormalization input must have rank >= 3";
  FailureOr<Normalized> normalized =
      normalizeOver(loc, x, llvm::to_vector(llvm::seq<int64_t>(2, rank)),
                    floatAttr(node, "epsilon", 1e-5f));
  if (failed(normalized))
    return failure();
  // Per-channel scale and bias: [C] seen as [C, 1, ...] against [N, C, ...].
  SmallVector<int64_t> perChannel(rank - 1, 1);
  perChannel[0] = shape[1];
  FailureOr<Value> scale = reshape(input(node, 1), perChannel, loc);
  FailureOr<Value> bias = reshape(input(node, 2), perChannel, loc);
  if (failed(scale) || failed(bias))
    return failure();
  return bindResult(node, scaleAndShift(loc, normalized->value, *scale, *bias));
}

/// GroupNormalization: the channels split into groups ([N, G, rest]),
/// each group normalized, then a scale and bias per channel (opset 21) or
/// per group (opset 18).
LogicalResult
GraphImporter::importGroupNormalization(const onnx::NodeProto &node,
                                        Location loc) {
  if (failed(requireFloatInput(node, loc, 3)))
    return failure();
  Value x = input(node, 0);
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t groups = intAttr(node, "num_groups", 0);
  if (shape.size() < 3 || groups < 1 || shape[1] % groups != 0)
    return emitError(loc) << "GroupNormalization needs an input [N, C, ...] "
                             "with C a multiple of num_groups ("
                          << groups << ")";
  int64_t rest =
      ShapedType::getNumElements(shape.drop_front(2)) * (shape[1] / groups);
  FailureOr<Value> grouped = reshape(x, {shape[0], groups, rest}, loc);
  if (failed(grouped))
    return failure();
  FailureOr<Normalized> normalized =
      normalizeOver(loc, *grouped, {2}, floatAttr(node, "epsilon", 1e-5f));
  if (failed(normalized))
    return failure();
  // Scale and bias of C (or G, before opset 21) entries against [N, C, S]
  // (or [N, G, rest]).
  int64_t perEntry =
      shapeOf(input(node, 1)) == ArrayRef<int64_t>{groups} && opset < 21
          ? groups
          : shape[1];
  FailureOr<Value> y = reshape(
      normalized->value, {shape[0], perEntry, groups * rest / perEntry}, loc);
  FailureOr<Value> scale = reshape(input(node, 1), {perEntry, 1}, loc);
  FailureOr<Value> bias = reshape(input(node, 2), {perEntry, 1}, loc);
  if (failed(y) || failed(scale) || failed(bias))
    return failure();
  y = scaleAndShift(loc, *y, *scale, *bias);
  if (failed(y))
    return failure();
  return reshapeAndBind(node, *y, shape, loc);
}

LogicalResult
GraphImporter::importMeanVarianceNormalization(const onnx::NodeProto &node,
                                               Location loc) {
  if (failed(requireFloatInput(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  SmallVector<int64_t> axes =
      intsAttr(node, "axes").value_or(SmallVector<int64_t>{0, 2, 3});
  if (failed(normalizeAxes(axes, shapeOf(x).size(), loc)))
    return failure();
  // ONNX's function body: (x - mean) / (sqrt(variance) + 1e-9).
  FailureOr<Normalized> normalized =
      normalizeOver(loc, x, axes, 1e-9f, /*epsilonAfterSqrt=*/true);
  if (failed(normalized))
    return failure();
  bind(node, 0, normalized->value);
  return success();
}

/// LRN: x / (bias + alpha / size * (sum of x^2 over `size` neighbouring
/// channels))^beta. The channel sums are an average pool over x^2 seen as
/// [N, 1, C, rest], its padding counted, so that alpha scales the average.
LogicalResult GraphImporter::importLRN(const onnx::NodeProto &node,
                                       Location loc) {
  if (failed(requireFloatInput(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t size = intAttr(node, "size", 0);
  if (shape.size() < 3 || size < 1)
    return emitError(loc) << "LRN needs an input [N, C, ...] and a size >= 1";
  FailureOr<Value> squares = create<graph::MulOp>(loc, {x, x});
  if (failed(squares))
    return failure();
  int64_t rest = ShapedType::getNumElements(shape.drop_front(2));
  squares = reshape(*squares, {shape[0], 1, shape[1], rest}, loc);
  if (failed(squares))
    return failure();
  auto ints = [&](ArrayRef<int64_t> values) {
    return builder.getDenseI64ArrayAttr(values);
  };
  FailureOr<Value> average = create<graph::AveragePoolOp>(
      loc, *squares,
      {builder.getNamedAttr("kernel_shape", ints({size, 1})),
       builder.getNamedAttr("strides", ints({1, 1})),
       builder.getNamedAttr("dilations", ints({1, 1})),
       builder.getNamedAttr("pads", ints({(size - 1) / 2, 0, size / 2, 0})),
       builder.getNamedAttr("ceil_mode", builder.getBoolAttr(false)),
       builder.getNamedAttr("count_include_pad", builder.getBoolAttr(true))});
  if (failed(average))
    return failure();
  FailureOr<Value> sums = reshape(*average, shape, loc);
  if (failed(sums))
    return failure();
  FailureOr<Value> base = scaleAndShift(
      loc, *sums, floatScalar(floatAttr(node, "alpha", 1e-4f), loc),
      floatScalar(floatAttr(node, "bias", 1.0f), loc));
  if (failed(base))
    return failure();
  FailureOr<Value> divisor = create<graph::PowOp>(
      loc, {*base, floatScalar(floatAttr(node, "beta", 0.75f), loc)});
  if (failed(divisor))
    return failure();
  return createAndBind<graph::DivOp>(node, loc, {x, *divisor});
}

/// TopK: the indices of the k best elements (graph.top_k_indices, always
/// sorted, which `sorted=0` allows), and the values gathered at them.
LogicalResult GraphImporter::importTopK(const onnx::NodeProto &node,
                                        Location loc) {
  if (failed(requireInputs(node, loc, opset < 10 ? 1 : 2)))
    return failure();
  Value x = input(node, 0);
  FailureOr<int64_t> k = opset < 10 ? FailureOr<int64_t>(intAttr(node, "k", -1))
                                    : constantInt(node, 1, loc, "K");
  FailureOr<int64_t> axis =
      normalizeAxis(intAttr(node, "axis", -1), shapeOf(x).size(), loc);
  if (failed(k) || failed(axis))
    return failure();
  FailureOr<Value> indices = create<graph::TopKIndicesOp>(
      loc, x,
      {builder.getNamedAttr("k", builder.getI64IntegerAttr(*k)),
       builder.getNamedAttr("axis", builder.getI64IntegerAttr(*axis)),
       builder.getNamedAttr("largest",
                            builder.getBoolAttr(intAttr(node, "largest", 1)))});
  if (failed(indices))
    return failure();
  FailureOr<Value> values = create<graph::GatherElementsOp>(
      loc, {x, *indices},
      builder.getNamedAttr("axis", builder.getI64IntegerAttr(*axis)));
  if (failed(values))
    return failure();
  bind(node, 0, *values);
  bind(node, 1, *indices);
  return success();
}

} // namespace detail
} // namespace edgecc
