//===- GraphFolds.cpp - constant folding of graph ops ---------------------===//
//
// Folding evaluates the shape-computing subgraphs that exporters emit
// (Shape -> Gather -> Concat -> Reshape) and removes no-op data movement.
// Only small constants are evaluated; weights are transformed by dedicated
// passes that work on raw blobs.
//
//===----------------------------------------------------------------------===//

#include "Graph/GraphOps.h"

#include "edgecc/Support/DataTypes.h"

#include "edgecc/Support/Elements.h"

#include "mlir/IR/Matchers.h"
#include "llvm/ADT/APSInt.h"

using namespace mlir;
using namespace edgecc;
using namespace edgecc::graph;

/// Larger constants are left alone: folding them would copy weights.
static constexpr int64_t kFoldElementLimit = 4096;

/// Calls `fn` with every index of `shape` in row-major order.
static void forEachIndex(ArrayRef<int64_t> shape,
                         function_ref<void(ArrayRef<int64_t>)> fn) {
  for (int64_t size : shape)
    if (size == 0)
      return;
  SmallVector<int64_t> index(shape.size(), 0);
  while (true) {
    fn(index);
    int64_t dim = static_cast<int64_t>(shape.size()) - 1;
    for (; dim >= 0; --dim) {
      if (++index[dim] < shape[dim])
        break;
      index[dim] = 0;
    }
    if (dim < 0)
      return;
  }
}

/// The values of a small dense constant as attributes, or nothing.
static std::optional<SmallVector<Attribute>>
smallConstantValues(Attribute attr) {
  auto elements = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!elements || elements.getNumElements() > kFoldElementLimit)
    return std::nullopt;
  auto values = elements.getValues<Attribute>();
  return SmallVector<Attribute>(values.begin(), values.end());
}

/// Builds a constant of `resultType` whose element at each index is taken
/// from `source` at the linear index `sourceIndex` computes.
static Attribute
remapConstant(Attribute source, ShapedType resultType,
              function_ref<int64_t(ArrayRef<int64_t>)> sourceIndex) {
  auto values = smallConstantValues(source);
  if (!values || resultType.getNumElements() > kFoldElementLimit)
    return {};
  SmallVector<Attribute> result;
  forEachIndex(resultType.getShape(), [&](ArrayRef<int64_t> index) {
    result.push_back((*values)[sourceIndex(index)]);
  });
  return DenseElementsAttr::get(resultType, result);
}

static int64_t linearIndex(ArrayRef<int64_t> index, ArrayRef<int64_t> strides) {
  int64_t linear = 0;
  for (auto [i, stride] : llvm::zip_equal(index, strides))
    linear += i * stride;
  return linear;
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

OpFoldResult ShapeOp::fold(FoldAdaptor) {
  return DenseIntElementsAttr::get(getType(), getInput().getType().getShape());
}

OpFoldResult GatherOp::fold(FoldAdaptor adaptor) {
  auto indices = dyn_cast_or_null<DenseIntElementsAttr>(adaptor.getIndices());
  if (!indices || !adaptor.getData())
    return {};
  ArrayRef<int64_t> dataShape = getData().getType().getShape();
  int64_t axis = getAxis(), axisSize = dataShape[axis];
  SmallVector<int64_t> indexValues = getIntValues(indices);
  for (int64_t &index : indexValues) {
    if (index < -axisSize || index >= axisSize)
      return {};
    index = index < 0 ? index + axisSize : index;
  }
  SmallVector<int64_t> dataStrides = rowMajorStrides(dataShape);
  SmallVector<int64_t> indexStrides =
      rowMajorStrides(indices.getType().getShape());
  int64_t indexRank = indices.getType().getRank();
  return remapConstant(
      adaptor.getData(), getType(), [&](ArrayRef<int64_t> out) {
        ArrayRef<int64_t> outer = out.take_front(axis);
        ArrayRef<int64_t> position = out.slice(axis, indexRank);
        ArrayRef<int64_t> inner = out.drop_front(axis + indexRank);
        int64_t picked = indexValues[linearIndex(position, indexStrides)];
        return linearIndex(outer, ArrayRef(dataStrides).take_front(axis)) +
               picked * dataStrides[axis] +
               linearIndex(inner, ArrayRef(dataStrides).drop_front(axis + 1));
      });
}

/// One element converted as C converts (and ONNX Cast specifies): floats
/// to integers truncate, anything nonzero to bool is true.
static Attribute castElement(Attribute value, Type target) {
  bool toBool = target.isInteger(1);
  if (auto floatValue = dyn_cast<FloatAttr>(value)) {
    APFloat x = floatValue.getValue();
    if (auto floatType = dyn_cast<FloatType>(target)) {
      bool losesInfo;
      x.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                &losesInfo);
      return FloatAttr::get(floatType, x);
    }
    if (toBool)
      return IntegerAttr::get(target, !x.isZero());
    APSInt result(target.getIntOrFloatBitWidth(), target.isUnsignedInteger());
    bool exact;
    x.convertToInteger(result, APFloat::rmTowardZero, &exact);
    return IntegerAttr::get(target, result);
  }
  auto intValue = cast<IntegerAttr>(value);
  const APInt &x = intValue.getValue();
  bool isSigned = !intValue.getType().isUnsignedInteger() &&
                  !intValue.getType().isInteger(1);
  if (auto floatType = dyn_cast<FloatType>(target)) {
    APFloat result(floatType.getFloatSemantics());
    result.convertFromAPInt(x, isSigned, APFloat::rmNearestTiesToEven);
    return FloatAttr::get(floatType, result);
  }
  if (toBool)
    return IntegerAttr::get(target, !x.isZero());
  unsigned width = target.getIntOrFloatBitWidth();
  return IntegerAttr::get(target, isSigned ? x.sextOrTrunc(width)
                                           : x.zextOrTrunc(width));
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // Conversions to and from bfloat16, float8 and 4-bit integers round and
  // saturate as the runtime does (convert.c); they are not folded.
  if (edgecc::isStorageOnly(getInput().getType().getElementType()) ||
      edgecc::isStorageOnly(getType().getElementType()))
    return {};
  auto values = smallConstantValues(adaptor.getInput());
  if (!values)
    return {};
  SmallVector<Attribute> result;
  for (Attribute value : *values)
    result.push_back(castElement(value, getType().getElementType()));
  return DenseElementsAttr::get(getType(), result);
}

/// Evaluates an elementwise op on small constants with numpy broadcasting:
/// `fn` maps the operands' elements at one index to the result's element,
/// or to null when it cannot be folded.
static Attribute
foldBroadcast(ArrayRef<Attribute> operands, ShapedType resultType,
              function_ref<Attribute(ArrayRef<Attribute>)> fn) {
  if (resultType.getNumElements() > kFoldElementLimit)
    return {};
  SmallVector<SmallVector<Attribute>> values;
  SmallVector<SmallVector<int64_t>> strides;
  for (Attribute operand : operands) {
    auto operandValues = smallConstantValues(operand);
    if (!operandValues)
      return {};
    values.push_back(std::move(*operandValues));
    strides.push_back(broadcastStrides(
        cast<ShapedType>(cast<TypedAttr>(operand).getType()).getShape(),
        resultType.getShape()));
  }
  SmallVector<Attribute> result;
  bool failedToFold = false;
  forEachIndex(resultType.getShape(), [&](ArrayRef<int64_t> index) {
    SmallVector<Attribute, 3> elements;
    for (auto [operandValues, operandStrides] :
         llvm::zip_equal(values, strides))
      elements.push_back(operandValues[linearIndex(index, operandStrides)]);
    Attribute element = fn(elements);
    failedToFold |= !element;
    result.push_back(element);
  });
  if (failedToFold)
    return {};
  return DenseElementsAttr::get(resultType, result);
}

/// foldBroadcast for a binary op whose result has the operands' element
/// type. Integer callbacks see signed values; unsigned operands are not
/// folded.
static Attribute foldBroadcastBinary(
    Attribute lhs, Attribute rhs, ShapedType resultType,
    function_ref<std::optional<APFloat>(const APFloat &, const APFloat &)>
        onFloat,
    function_ref<std::optional<APInt>(const APInt &, const APInt &)> onInt) {
  if (resultType.getElementType().isUnsignedInteger())
    return {};
  return foldBroadcast(
      {lhs, rhs}, resultType, [&](ArrayRef<Attribute> ab) -> Attribute {
        if (auto fa = dyn_cast<FloatAttr>(ab[0])) {
          std::optional<APFloat> value =
              onFloat(fa.getValue(), cast<FloatAttr>(ab[1]).getValue());
          return value ? FloatAttr::get(fa.getType(), *value) : Attribute();
        }
        auto a = cast<IntegerAttr>(ab[0]);
        std::optional<APInt> value =
            onInt(a.getValue(), cast<IntegerAttr>(ab[1]).getValue());
        return value ? IntegerAttr::get(a.getType(), *value) : Attribute();
      });
}

/// foldBroadcast for a comparison: `holds` gets the ordering of the two
/// elements (floats: unordered when a NaN is involved).
static Attribute foldCompare(Attribute lhs, Attribute rhs,
                             ShapedType resultType,
                             function_ref<bool(APFloat::cmpResult)> holds) {
  auto boolType = IntegerType::get(resultType.getContext(), 1);
  return foldBroadcast(
      {lhs, rhs}, resultType, [&](ArrayRef<Attribute> ab) -> Attribute {
        APFloat::cmpResult order;
        if (auto fa = dyn_cast<FloatAttr>(ab[0])) {
          order = fa.getValue().compare(cast<FloatAttr>(ab[1]).getValue());
        } else {
          auto a = cast<IntegerAttr>(ab[0]);
          auto b = cast<IntegerAttr>(ab[1]);
          bool isUnsigned = a.getType().isUnsignedInteger();
          const APInt &x = a.getValue(), &y = b.getValue();
          bool less = isUnsigned ? x.ult(y) : x.slt(y);
          order = x == y ? APFloat::cmpEqual
                  : less ? APFloat::cmpLessThan
                         : APFloat::cmpGreaterThan;
        }
        return IntegerAttr::get(boolType, holds(order));
      });
}

OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  return foldBroadcast({adaptor.getInput()}, getType(),
                       [](ArrayRef<Attribute> x) -> Attribute {
                         if (auto f = dyn_cast<FloatAttr>(x[0]))
                           return FloatAttr::get(f.getType(), -f.getValue());
                         auto i = cast<IntegerAttr>(x[0]);
                         return IntegerAttr::get(i.getType(), -i.getValue());
                       });
}

// As the generated code computes it: v > 0 ? v : 0 (NaN gives 0).
OpFoldResult ReluOp::fold(FoldAdaptor adaptor) {
  return foldBroadcast(
      {adaptor.getInput()}, getType(), [](ArrayRef<Attribute> x) -> Attribute {
        if (auto f = dyn_cast<FloatAttr>(x[0]))
          return f.getValue().isNegative() || f.getValue().isNaN()
                     ? FloatAttr::get(f.getType(), 0.0)
                     : f;
        auto i = cast<IntegerAttr>(x[0]);
        return i.getValue().isNegative() ? IntegerAttr::get(i.getType(), 0) : i;
      });
}

/// Floor and Ceil: `x` rounded to an integral value in `mode`.
static OpFoldResult foldRoundToIntegral(Attribute x, ShapedType type,
                                        APFloat::roundingMode mode) {
  return foldBroadcast({x}, type, [&](ArrayRef<Attribute> x) -> Attribute {
    APFloat value = cast<FloatAttr>(x[0]).getValue();
    value.roundToIntegral(mode);
    return FloatAttr::get(cast<FloatAttr>(x[0]).getType(), value);
  });
}

OpFoldResult FloorOp::fold(FoldAdaptor adaptor) {
  return foldRoundToIntegral(adaptor.getInput(), getType(),
                             APFloat::rmTowardNegative);
}

OpFoldResult CeilOp::fold(FoldAdaptor adaptor) {
  return foldRoundToIntegral(adaptor.getInput(), getType(),
                             APFloat::rmTowardPositive);
}

OpFoldResult EqualOp::fold(FoldAdaptor adaptor) {
  return foldCompare(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](APFloat::cmpResult r) { return r == APFloat::cmpEqual; });
}

OpFoldResult LessOp::fold(FoldAdaptor adaptor) {
  return foldCompare(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](APFloat::cmpResult r) { return r == APFloat::cmpLessThan; });
}

OpFoldResult LessOrEqualOp::fold(FoldAdaptor adaptor) {
  return foldCompare(
      adaptor.getLhs(), adaptor.getRhs(), getType(), [](APFloat::cmpResult r) {
        return r == APFloat::cmpLessThan || r == APFloat::cmpEqual;
      });
}

OpFoldResult GreaterOp::fold(FoldAdaptor adaptor) {
  return foldCompare(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](APFloat::cmpResult r) { return r == APFloat::cmpGreaterThan; });
}

OpFoldResult GreaterOrEqualOp::fold(FoldAdaptor adaptor) {
  return foldCompare(
      adaptor.getLhs(), adaptor.getRhs(), getType(), [](APFloat::cmpResult r) {
        return r == APFloat::cmpGreaterThan || r == APFloat::cmpEqual;
      });
}

OpFoldResult WhereOp::fold(FoldAdaptor adaptor) {
  return foldBroadcast({adaptor.getCondition(), adaptor.getX(), adaptor.getY()},
                       getType(), [](ArrayRef<Attribute> cxy) {
                         return cast<IntegerAttr>(cxy[0]).getValue().isZero()
                                    ? cxy[2]
                                    : cxy[1];
                       });
}

/// Bitwise ops are the same on signed and unsigned (and bool) integers.
static Attribute
foldBitwise(Attribute lhs, Attribute rhs, ShapedType resultType,
            function_ref<APInt(const APInt &, const APInt &)> fn) {
  return foldBroadcast(
      {lhs, rhs}, resultType, [&](ArrayRef<Attribute> ab) -> Attribute {
        auto a = dyn_cast<IntegerAttr>(ab[0]);
        if (!a)
          return {};
        return IntegerAttr::get(
            a.getType(), fn(a.getValue(), cast<IntegerAttr>(ab[1]).getValue()));
      });
}

OpFoldResult AndOp::fold(FoldAdaptor adaptor) {
  return foldBitwise(adaptor.getLhs(), adaptor.getRhs(), getType(),
                     [](const APInt &a, const APInt &b) { return a & b; });
}

OpFoldResult OrOp::fold(FoldAdaptor adaptor) {
  return foldBitwise(adaptor.getLhs(), adaptor.getRhs(), getType(),
                     [](const APInt &a, const APInt &b) { return a | b; });
}

OpFoldResult XorOp::fold(FoldAdaptor adaptor) {
  return foldBitwise(adaptor.getLhs(), adaptor.getRhs(), getType(),
                     [](const APInt &a, const APInt &b) { return a ^ b; });
}

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  return foldBroadcastBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APFloat &a, const APFloat &b) -> std::optional<APFloat> {
        return a + b;
      },
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        return a + b;
      });
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  return foldBroadcastBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APFloat &a, const APFloat &b) -> std::optional<APFloat> {
        return a - b;
      },
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        return a - b;
      });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  return foldBroadcastBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APFloat &a, const APFloat &b) -> std::optional<APFloat> {
        return a * b;
      },
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        return a * b;
      });
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  return foldBroadcastBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APFloat &a, const APFloat &b) -> std::optional<APFloat> {
        return a / b;
      },
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        // Integer division by zero is undefined: leave it to fail at lowering.
        if (b.isZero())
          return std::nullopt;
        return a.sdiv(b);
      });
}

OpFoldResult MaxOp::fold(FoldAdaptor adaptor) {
  return foldBroadcastBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APFloat &a, const APFloat &b) -> std::optional<APFloat> {
        return llvm::maximum(a, b);
      },
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        return a.sgt(b) ? a : b;
      });
}

OpFoldResult MinOp::fold(FoldAdaptor adaptor) {
  return foldBroadcastBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(),
      [](const APFloat &a, const APFloat &b) -> std::optional<APFloat> {
        return llvm::minimum(a, b);
      },
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        return a.slt(b) ? a : b;
      });
}

/// Float math the folders leave to run time (exact rounding would have to
/// match the target's kernels).
static std::optional<APFloat> notFolded(const APFloat &, const APFloat &) {
  return std::nullopt;
}

OpFoldResult PowOp::fold(FoldAdaptor adaptor) {
  return foldBroadcastBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(), notFolded,
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        if (b.isNegative())
          return std::nullopt;
        APInt result(a.getBitWidth(), 1);
        for (uint64_t i = 0, n = b.getZExtValue(); i < n && i < 64; ++i)
          result *= a;
        return result;
      });
}

OpFoldResult ModOp::fold(FoldAdaptor adaptor) {
  return foldBroadcastBinary(
      adaptor.getLhs(), adaptor.getRhs(), getType(), notFolded,
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        if (b.isZero())
          return std::nullopt;
        // Integer Mod takes the sign of the divisor (ONNX fmod=0).
        APInt r = a.srem(b);
        if (!r.isZero() && r.isNegative() != b.isNegative())
          r += b;
        return r;
      });
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1)
    return getInputs().front();
  SmallVector<SmallVector<Attribute>> parts;
  for (Attribute input : adaptor.getInputs()) {
    auto values = smallConstantValues(input);
    if (!values)
      return {};
    parts.push_back(std::move(*values));
  }
  // Row-major: each outer index takes a contiguous run from every part.
  ArrayRef<int64_t> shape = getType().getShape();
  int64_t axis = getAxis();
  int64_t outer = 1;
  for (int64_t size : shape.take_front(axis))
    outer *= size;
  SmallVector<Attribute> result;
  for (int64_t o = 0; o < outer; ++o)
    for (auto [input, values] : llvm::zip_equal(getInputs(), parts)) {
      int64_t run =
          cast<RankedTensorType>(input.getType()).getNumElements() / outer;
      llvm::append_range(result, ArrayRef(values).slice(o * run, run));
    }
  return DenseElementsAttr::get(getType(), result);
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  if (auto producer = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(producer.getInput());
    return getResult();
  }
  if (auto constant = dyn_cast_or_null<ElementsAttr>(adaptor.getInput()))
    return reshapeElements(constant, getType());
  return {};
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPerm();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return getInput();
  SmallVector<int64_t> inputStrides =
      rowMajorStrides(getInput().getType().getShape());
  return remapConstant(adaptor.getInput(), getType(),
                       [&](ArrayRef<int64_t> out) {
                         int64_t linear = 0;
                         for (auto [dim, axis] : llvm::enumerate(perm))
                           linear += out[dim] * inputStrides[axis];
                         return linear;
                       });
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType() &&
      llvm::all_of(getSteps(), [](int64_t s) { return s == 1; }))
    return getInput();
  SmallVector<int64_t> inputStrides =
      rowMajorStrides(getInput().getType().getShape());
  return remapConstant(
      adaptor.getInput(), getType(), [&](ArrayRef<int64_t> out) {
        int64_t linear = 0;
        for (size_t dim = 0; dim < out.size(); ++dim)
          linear += (getStarts()[dim] + out[dim] * getSteps()[dim]) *
                    inputStrides[dim];
        return linear;
      });
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  if (llvm::all_of(getPads(), [](int64_t pad) { return pad == 0; }))
    return getInput();
  return {};
}
