//===- GraphFolds.cpp - constant folding of graph ops ---------------------===//
//
// Folding evaluates the shape-computing subgraphs that exporters emit
// (Shape -> Gather -> Concat -> Reshape) and removes no-op data movement.
// Only small constants are evaluated; weights are transformed by dedicated
// passes that work on raw blobs.
//
//===----------------------------------------------------------------------===//

#include "Graph/GraphOps.h"

#include "edgecc/Support/Elements.h"

#include "mlir/IR/Matchers.h"

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

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  auto values = smallConstantValues(adaptor.getInput());
  if (!values)
    return {};
  Type target = getType().getElementType();
  SmallVector<Attribute> result;
  for (Attribute value : *values) {
    double asDouble =
        isa<FloatAttr>(value)
            ? cast<FloatAttr>(value).getValueAsDouble()
            : static_cast<double>(cast<IntegerAttr>(value).getInt());
    if (auto floatType = dyn_cast<FloatType>(target))
      result.push_back(FloatAttr::get(floatType, asDouble));
    else if (auto intType = dyn_cast<IntegerType>(target))
      result.push_back(
          IntegerAttr::get(intType, static_cast<int64_t>(asDouble)));
    else
      return {};
  }
  return DenseElementsAttr::get(getType(), result);
}

/// Evaluates an elementwise binary op on two small constants with numpy
/// broadcasting.
static Attribute foldBroadcastBinary(
    Attribute lhs, Attribute rhs, ShapedType resultType,
    function_ref<std::optional<APFloat>(const APFloat &, const APFloat &)>
        onFloat,
    function_ref<std::optional<APInt>(const APInt &, const APInt &)> onInt) {
  auto lhsValues = smallConstantValues(lhs),
       rhsValues = smallConstantValues(rhs);
  if (!lhsValues || !rhsValues ||
      resultType.getNumElements() > kFoldElementLimit)
    return {};
  auto lhsShape = cast<ShapedType>(cast<TypedAttr>(lhs).getType()).getShape();
  auto rhsShape = cast<ShapedType>(cast<TypedAttr>(rhs).getType()).getShape();
  auto broadcastIndex = [&](ArrayRef<int64_t> out, ArrayRef<int64_t> shape) {
    SmallVector<int64_t> strides = rowMajorStrides(shape);
    int64_t linear = 0, offset = out.size() - shape.size();
    for (size_t dim = 0; dim < shape.size(); ++dim)
      if (shape[dim] != 1)
        linear += out[dim + offset] * strides[dim];
    return linear;
  };
  SmallVector<Attribute> result;
  bool failedToFold = false;
  forEachIndex(resultType.getShape(), [&](ArrayRef<int64_t> index) {
    Attribute a = (*lhsValues)[broadcastIndex(index, lhsShape)];
    Attribute b = (*rhsValues)[broadcastIndex(index, rhsShape)];
    if (auto fa = dyn_cast<FloatAttr>(a)) {
      std::optional<APFloat> value =
          onFloat(fa.getValue(), cast<FloatAttr>(b).getValue());
      failedToFold |= !value;
      if (value)
        result.push_back(FloatAttr::get(fa.getType(), *value));
      return;
    }
    auto ia = cast<IntegerAttr>(a);
    std::optional<APInt> value =
        onInt(ia.getValue(), cast<IntegerAttr>(b).getValue());
    failedToFold |= !value;
    if (value)
      result.push_back(IntegerAttr::get(ia.getType(), *value));
  });
  if (failedToFold)
    return {};
  return DenseElementsAttr::get(resultType, result);
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
