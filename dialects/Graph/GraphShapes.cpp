//===- GraphShapes.cpp - static shape inference for graph ops -------------===//
//
// Every graph op computes its result type from its operands and attributes,
// so the importer never trusts the shapes written in a model, and the
// verifier rejects IR whose result types disagree with ONNX semantics.
//
//===----------------------------------------------------------------------===//

#include "Graph/GraphOps.h"

#include "edgecc/Support/IndexedAccess.h"
#include "edgecc/Support/Resampling.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace edgecc::graph;

static RankedTensorType shapedLike(Value value, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(
      shape, cast<RankedTensorType>(value.getType()).getElementType());
}

static ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

/// Output length of a sliding window along one spatial dim (ONNX formula,
/// including the ceil_mode rule that a window must start inside the input or
/// its leading padding).
static int64_t windowOutputSize(int64_t input, int64_t kernel, int64_t stride,
                                int64_t dilation, int64_t padBegin,
                                int64_t padEnd, bool ceilMode) {
  int64_t span = input + padBegin + padEnd - ((kernel - 1) * dilation + 1);
  if (span < 0)
    return 0;
  int64_t size = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
  if (ceilMode && (size - 1) * stride >= input + padBegin)
    --size;
  return size;
}

/// Checks that a window op's attributes have one entry per spatial dim of
/// an [N, C, spatial...] input (pads two).
static LogicalResult
verifyWindowAttrs(std::optional<Location> loc, ArrayRef<int64_t> inputShape,
                  ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                  ArrayRef<int64_t> dilations, ArrayRef<int64_t> pads) {
  if (inputShape.size() < 3)
    return emitOptionalError(loc,
                             "expected an [N, C, spatial...] input, got "
                             "rank ",
                             inputShape.size());
  size_t spatial = inputShape.size() - 2;
  if (kernel.size() != spatial || strides.size() != spatial ||
      dilations.size() != spatial || pads.size() != 2 * spatial)
    return emitOptionalError(loc, "expected ", spatial, " kernel dims, ",
                             spatial, " strides, ", spatial, " dilations and ",
                             2 * spatial, " pads");
  for (int64_t v : llvm::concat<const int64_t>(kernel, strides, dilations))
    if (v < 1)
      return emitOptionalError(loc,
                               "kernel, strides and dilations must be >= 1");
  for (int64_t pad : pads)
    if (pad < 0)
      return emitOptionalError(loc, "pads must be >= 0");
  return success();
}

static SmallVector<int64_t>
windowOutputShape(ArrayRef<int64_t> inputShape, int64_t channels,
                  ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                  ArrayRef<int64_t> dilations, ArrayRef<int64_t> pads,
                  bool ceilMode) {
  SmallVector<int64_t> shape = {inputShape[0], channels};
  size_t spatial = kernel.size();
  for (size_t axis = 0; axis < spatial; ++axis)
    shape.push_back(windowOutputSize(inputShape[axis + 2], kernel[axis],
                                     strides[axis], dilations[axis], pads[axis],
                                     pads[axis + spatial], ceilMode));
  return shape;
}

LogicalResult ConvTransposeOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> input = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> weight = shapeOf(adaptor.getWeight());
  ArrayRef<int64_t> strides = adaptor.getStrides(),
                    dilations = adaptor.getDilations(),
                    pads = adaptor.getPads();
  size_t spatial = input.size() - std::min<size_t>(2, input.size());
  if (input.size() < 3 || weight.size() != input.size() ||
      strides.size() != spatial || dilations.size() != spatial ||
      pads.size() != 2 * spatial)
    return emitOptionalError(
        loc, "expected [N, C, spatial...] input and [C, M/group, kernel...] "
             "weight with one stride and dilation per spatial dim and two "
             "pads");
  int64_t group = adaptor.getGroup();
  if (group < 1 || input[1] % group != 0 || weight[0] != input[1])
    return emitOptionalError(loc, "weight has ", weight[0],
                             " input channels for an input with ", input[1],
                             " (group ", group, ")");
  if (llvm::any_of(llvm::concat<const int64_t>(strides, dilations),
                   [](int64_t v) { return v < 1; }))
    return emitOptionalError(loc, "strides and dilations must be >= 1");
  SmallVector<int64_t> shape = {input[0], weight[1] * group};
  if (Value bias = adaptor.getBias();
      bias && shapeOf(bias) != ArrayRef<int64_t>{shape[1]})
    return emitOptionalError(loc, "bias must have shape [", shape[1], "]");
  for (size_t d = 0; d < spatial; ++d) {
    int64_t size = strides[d] * (input[d + 2] - 1) +
                   (weight[d + 2] - 1) * dilations[d] + 1 - pads[d] -
                   pads[d + spatial];
    if (size < 1)
      return emitOptionalError(loc, "the output would be empty");
    shape.push_back(size);
  }
  types.push_back(shapedLike(adaptor.getInput(), shape));
  return success();
}

LogicalResult ShapeOp::inferReturnTypes(MLIRContext *context,
                                        std::optional<Location>,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  int64_t rank = shapeOf(adaptor.getInput()).size();
  types.push_back(RankedTensorType::get({rank}, IntegerType::get(context, 64)));
  return success();
}

/// Pushes the result type of an index-driven op whose shape rule gave
/// `shape` (or failed with `error`).
static LogicalResult
pushIndexedType(std::optional<Location> loc, Value data,
                const std::optional<SmallVector<int64_t>> &shape,
                const std::string &error, SmallVectorImpl<Type> &types) {
  if (!shape)
    return emitOptionalError(loc, error);
  types.push_back(shapedLike(data, *shape));
  return success();
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  std::string error;
  auto shape = edgecc::gatherShape(
      shapeOf(adaptor.getData()), shapeOf(adaptor.getIndices()),
      static_cast<int64_t>(adaptor.getAxis()), error);
  return pushIndexedType(loc, adaptor.getData(), shape, error, types);
}

LogicalResult GatherElementsOp::inferReturnTypes(MLIRContext *,
                                                 std::optional<Location> loc,
                                                 Adaptor adaptor,
                                                 SmallVectorImpl<Type> &types) {
  std::string error;
  auto shape = edgecc::gatherElementsShape(
      shapeOf(adaptor.getData()), shapeOf(adaptor.getIndices()),
      static_cast<int64_t>(adaptor.getAxis()), error);
  return pushIndexedType(loc, adaptor.getData(), shape, error, types);
}

LogicalResult GatherNDOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  std::string error;
  auto shape = edgecc::gatherNDShape(
      shapeOf(adaptor.getData()), shapeOf(adaptor.getIndices()),
      static_cast<int64_t>(adaptor.getBatchDims()), error);
  return pushIndexedType(loc, adaptor.getData(), shape, error, types);
}

LogicalResult GridSampleOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  if (!edgecc::isGridSampleMode(adaptor.getMode()) ||
      !edgecc::isGridPaddingMode(adaptor.getPaddingMode()))
    return emitOptionalError(loc, "unknown mode '", adaptor.getMode(),
                             "' or padding_mode '", adaptor.getPaddingMode(),
                             "'");
  std::string error;
  SmallVector<int64_t> shape = edgecc::gridSampleShape(
      shapeOf(adaptor.getInput()), shapeOf(adaptor.getGrid()), error);
  if (shape.empty())
    return emitOptionalError(loc, error);
  types.push_back(shapedLike(adaptor.getInput(), shape));
  return success();
}

LogicalResult ConvOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> input = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> weight = shapeOf(adaptor.getWeight());
  if (weight.size() != 4)
    return emitOptionalError(loc, "expected a 4-D OIHW weight, got rank ",
                             weight.size());
  if (failed(verifyWindowAttrs(loc, input, weight.drop_front(2),
                               adaptor.getStrides(), adaptor.getDilations(),
                               adaptor.getPads())))
    return failure();
  int64_t group = adaptor.getGroup();
  if (group < 1 || input[1] % group != 0 || weight[0] % group != 0)
    return emitOptionalError(loc, "group ", group,
                             " must divide input channels ", input[1],
                             " and output channels ", weight[0]);
  if (input[1] / group != weight[1])
    return emitOptionalError(
        loc, "input has ", input[1], " channels but weight expects ",
        weight[1] * group, " (", weight[1], " per group x ", group, " groups)");
  if (Value bias = adaptor.getBias()) {
    ArrayRef<int64_t> biasShape = shapeOf(bias);
    if (biasShape.size() != 1 || biasShape[0] != weight[0])
      return emitOptionalError(loc, "bias must have shape [", weight[0], "]");
  }
  // int8/uint8 inputs accumulate in int32, int16/uint16 ones in int64.
  Type element = getElementTypeOrSelf(adaptor.getInput().getType());
  if (element.isInteger(8))
    element = IntegerType::get(element.getContext(), 32);
  else if (element.isInteger(16))
    element = IntegerType::get(element.getContext(), 64);
  types.push_back(RankedTensorType::get(
      windowOutputShape(input, weight[0], weight.drop_front(2),
                        adaptor.getStrides(), adaptor.getDilations(),
                        adaptor.getPads(), /*ceilMode=*/false),
      element));
  return success();
}

LogicalResult GemmOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> a = shapeOf(adaptor.getA());
  ArrayRef<int64_t> b = shapeOf(adaptor.getB());
  if (a.size() != 2 || b.size() != 2)
    return emitOptionalError(loc, "Gemm operands must be 2-D");
  int64_t m = adaptor.getTransA() ? a[1] : a[0];
  int64_t k = adaptor.getTransA() ? a[0] : a[1];
  int64_t kb = adaptor.getTransB() ? b[1] : b[0];
  int64_t n = adaptor.getTransB() ? b[0] : b[1];
  if (k != kb)
    return emitOptionalError(loc, "inner dimensions differ: ", k, " vs ", kb);
  if (Value c = adaptor.getC()) {
    SmallVector<int64_t> broadcast;
    if (!OpTrait::util::getBroadcastedShape({m, n}, shapeOf(c), broadcast) ||
        broadcast != SmallVector<int64_t>{m, n})
      return emitOptionalError(loc, "C does not broadcast to [", m, ", ", n,
                               "]");
  }
  types.push_back(shapedLike(adaptor.getA(), {m, n}));
  return success();
}

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  SmallVector<int64_t> a(shapeOf(adaptor.getA()));
  SmallVector<int64_t> b(shapeOf(adaptor.getB()));
  if (a.empty() || b.empty())
    return emitOptionalError(loc, "MatMul operands must have rank >= 1");
  // numpy: a 1-D lhs is a row vector, a 1-D rhs a column vector; the added
  // dims are dropped from the result.
  bool vectorLhs = a.size() == 1, vectorRhs = b.size() == 1;
  if (vectorLhs)
    a.insert(a.begin(), 1);
  if (vectorRhs)
    b.push_back(1);
  if (a.back() != b[b.size() - 2])
    return emitOptionalError(loc, "inner dimensions differ: ", a.back(), " vs ",
                             b[b.size() - 2]);
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(ArrayRef(a).drop_back(2),
                                          ArrayRef(b).drop_back(2), shape))
    return emitOptionalError(loc, "batch dimensions do not broadcast");
  if (!vectorLhs)
    shape.push_back(a[a.size() - 2]);
  if (!vectorRhs)
    shape.push_back(b.back());
  types.push_back(shapedLike(adaptor.getA(), shape));
  return success();
}

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  if (shapeOf(adaptor.getInput()).size() < 2)
    return emitOptionalError(loc,
                             "BatchNormalization input must have rank >= 2");
  types.push_back(adaptor.getInput().getType());
  return success();
}

template <typename PoolOp>
static LogicalResult inferPoolType(std::optional<Location> loc,
                                   typename PoolOp::Adaptor adaptor,
                                   SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> input = shapeOf(adaptor.getInput());
  if (failed(verifyWindowAttrs(loc, input, adaptor.getKernelShape(),
                               adaptor.getStrides(), adaptor.getDilations(),
                               adaptor.getPads())))
    return failure();
  types.push_back(
      shapedLike(adaptor.getInput(),
                 windowOutputShape(input, input[1], adaptor.getKernelShape(),
                                   adaptor.getStrides(), adaptor.getDilations(),
                                   adaptor.getPads(), adaptor.getCeilMode())));
  return success();
}

LogicalResult MaxPoolOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  return inferPoolType<MaxPoolOp>(loc, adaptor, types);
}

LogicalResult AveragePoolOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &types) {
  return inferPoolType<AveragePoolOp>(loc, adaptor, types);
}

LogicalResult LpPoolOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  return inferPoolType<LpPoolOp>(loc, adaptor, types);
}

LogicalResult GlobalAveragePoolOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  SmallVector<int64_t> shape(shapeOf(adaptor.getInput()));
  if (shape.size() < 3)
    return emitOptionalError(loc,
                             "GlobalAveragePool input must have rank >= 3");
  std::fill(shape.begin() + 2, shape.end(), 1);
  types.push_back(shapedLike(adaptor.getInput(), shape));
  return success();
}

template <typename ReduceOp>
static LogicalResult inferReduceType(std::optional<Location> loc,
                                     typename ReduceOp::Adaptor adaptor,
                                     SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> input = shapeOf(adaptor.getInput());
  SmallVector<int64_t> shape;
  for (int64_t axis : adaptor.getAxes())
    if (axis < 0 || axis >= static_cast<int64_t>(input.size()))
      return emitOptionalError(loc, "reduction axis ", axis,
                               " out of range for rank ", input.size());
  for (auto [axis, size] : llvm::enumerate(input)) {
    bool reduced = llvm::is_contained(adaptor.getAxes(), int64_t(axis));
    if (!reduced)
      shape.push_back(size);
    else if (adaptor.getKeepdims())
      shape.push_back(1);
  }
  types.push_back(shapedLike(adaptor.getInput(), shape));
  return success();
}

template <typename BinaryOp>
static LogicalResult inferBroadcastType(std::optional<Location> loc,
                                        typename BinaryOp::Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  Type lhsElement = getElementTypeOrSelf(adaptor.getLhs().getType());
  if (lhsElement != getElementTypeOrSelf(adaptor.getRhs().getType()))
    return emitOptionalError(loc, "operand element types differ");
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(shapeOf(adaptor.getLhs()),
                                          shapeOf(adaptor.getRhs()), shape))
    return emitOptionalError(loc, "shapes do not broadcast");
  types.push_back(RankedTensorType::get(shape, lhsElement));
  return success();
}

template <typename CompareOp>
static LogicalResult inferCompareType(std::optional<Location> loc,
                                      typename CompareOp::Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  if (failed(inferBroadcastType<CompareOp>(loc, adaptor, types)))
    return failure();
  auto shaped = cast<RankedTensorType>(types.back());
  types.back() = RankedTensorType::get(
      shaped.getShape(), IntegerType::get(shaped.getContext(), 1));
  return success();
}

template <typename ArgReduceOp>
static LogicalResult inferArgReduceType(std::optional<Location> loc,
                                        typename ArgReduceOp::Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  SmallVector<int64_t> shape(shapeOf(adaptor.getInput()));
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= static_cast<int64_t>(shape.size()))
    return emitOptionalError(loc, "axis ", axis, " out of range for rank ",
                             shape.size());
  if (adaptor.getKeepdims())
    shape[axis] = 1;
  else
    shape.erase(shape.begin() + axis);
  types.push_back(RankedTensorType::get(
      shape, IntegerType::get(adaptor.getInput().getContext(), 64)));
  return success();
}

LogicalResult TopKIndicesOp::inferReturnTypes(MLIRContext *context,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &types) {
  SmallVector<int64_t> shape(shapeOf(adaptor.getInput()));
  auto axis = static_cast<int64_t>(adaptor.getAxis());
  auto k = static_cast<int64_t>(adaptor.getK());
  if (axis < 0 || axis >= static_cast<int64_t>(shape.size()))
    return emitOptionalError(loc, "axis ", axis, " out of range for rank ",
                             shape.size());
  if (k < 0 || k > shape[axis])
    return emitOptionalError(loc, "k = ", k, " is not in [0, ", shape[axis],
                             "]");
  shape[axis] = k;
  types.push_back(RankedTensorType::get(shape, IntegerType::get(context, 64)));
  return success();
}

LogicalResult NonMaxSuppressionOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  std::string error;
  std::optional<int64_t> rows = edgecc::nonMaxSuppressionRows(
      shapeOf(adaptor.getBoxes()), shapeOf(adaptor.getScores()),
      static_cast<int64_t>(adaptor.getMaxBoxesPerClass()), error);
  if (!rows)
    return emitOptionalError(loc, error);
  types.push_back(
      RankedTensorType::get({*rows, 3}, IntegerType::get(context, 64)));
  return success();
}

LogicalResult WhereOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  Type element = getElementTypeOrSelf(adaptor.getX().getType());
  if (element != getElementTypeOrSelf(adaptor.getY().getType()))
    return emitOptionalError(loc, "x and y element types differ");
  SmallVector<int64_t> partial, shape;
  if (!OpTrait::util::getBroadcastedShape(shapeOf(adaptor.getCondition()),
                                          shapeOf(adaptor.getX()), partial) ||
      !OpTrait::util::getBroadcastedShape(partial, shapeOf(adaptor.getY()),
                                          shape))
    return emitOptionalError(loc, "shapes do not broadcast");
  types.push_back(RankedTensorType::get(shape, element));
  return success();
}

/// OP::inferReturnTypes for the ops of one family, all sharing HELPER.
#define EDGECC_INFER_RETURN_TYPES(OP, HELPER)                                  \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *, std::optional<Location> loc, Adaptor adaptor,             \
      SmallVectorImpl<Type> &types) {                                          \
    return HELPER<OP>(loc, adaptor, types);                                    \
  }
EDGECC_INFER_RETURN_TYPES(ReduceMeanOp, inferReduceType)
EDGECC_INFER_RETURN_TYPES(ReduceSumOp, inferReduceType)
EDGECC_INFER_RETURN_TYPES(ReduceMaxOp, inferReduceType)
EDGECC_INFER_RETURN_TYPES(ReduceMinOp, inferReduceType)
EDGECC_INFER_RETURN_TYPES(ReduceProdOp, inferReduceType)
EDGECC_INFER_RETURN_TYPES(AddOp, inferBroadcastType)
EDGECC_INFER_RETURN_TYPES(SubOp, inferBroadcastType)
EDGECC_INFER_RETURN_TYPES(MulOp, inferBroadcastType)
EDGECC_INFER_RETURN_TYPES(DivOp, inferBroadcastType)
EDGECC_INFER_RETURN_TYPES(PowOp, inferBroadcastType)
EDGECC_INFER_RETURN_TYPES(MaxOp, inferBroadcastType)
EDGECC_INFER_RETURN_TYPES(MinOp, inferBroadcastType)
EDGECC_INFER_RETURN_TYPES(ModOp, inferBroadcastType)
EDGECC_INFER_RETURN_TYPES(PReluOp, inferBroadcastType)
EDGECC_INFER_RETURN_TYPES(AndOp, inferBroadcastType)
EDGECC_INFER_RETURN_TYPES(OrOp, inferBroadcastType)
EDGECC_INFER_RETURN_TYPES(XorOp, inferBroadcastType)
EDGECC_INFER_RETURN_TYPES(ShiftLeftOp, inferBroadcastType)
EDGECC_INFER_RETURN_TYPES(ShiftRightOp, inferBroadcastType)
EDGECC_INFER_RETURN_TYPES(EqualOp, inferCompareType)
EDGECC_INFER_RETURN_TYPES(LessOp, inferCompareType)
EDGECC_INFER_RETURN_TYPES(LessOrEqualOp, inferCompareType)
EDGECC_INFER_RETURN_TYPES(GreaterOp, inferCompareType)
EDGECC_INFER_RETURN_TYPES(GreaterOrEqualOp, inferCompareType)
EDGECC_INFER_RETURN_TYPES(ArgMaxOp, inferArgReduceType)
EDGECC_INFER_RETURN_TYPES(ArgMinOp, inferArgReduceType)
#undef EDGECC_INFER_RETURN_TYPES

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return emitOptionalError(loc, "Concat needs at least one input");
  SmallVector<int64_t> shape(shapeOf(inputs.front()));
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= static_cast<int64_t>(shape.size()))
    return emitOptionalError(loc, "concat axis ", axis,
                             " out of range for rank ", shape.size());
  Type element = getElementTypeOrSelf(inputs.front().getType());
  for (Value input : inputs.drop_front()) {
    ArrayRef<int64_t> other = shapeOf(input);
    if (getElementTypeOrSelf(input.getType()) != element ||
        other.size() != shape.size())
      return emitOptionalError(loc,
                               "concat inputs differ in rank or element type");
    for (size_t dim = 0; dim < shape.size(); ++dim)
      if (static_cast<int64_t>(dim) != axis && other[dim] != shape[dim])
        return emitOptionalError(loc, "concat inputs differ in dimension ",
                                 dim);
    shape[axis] += other[axis];
  }
  types.push_back(RankedTensorType::get(shape, element));
  return success();
}

LogicalResult TileOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  SmallVector<int64_t> shape(shapeOf(adaptor.getInput()));
  ArrayRef<int64_t> repeats = adaptor.getRepeats();
  if (repeats.size() != shape.size())
    return emitOptionalError(loc, "Tile needs one repeat per dimension");
  for (auto [size, repeat] : llvm::zip_equal(shape, repeats)) {
    if (repeat < 0)
      return emitOptionalError(loc, "Tile repeats must be non-negative");
    size *= repeat;
  }
  types.push_back(shapedLike(adaptor.getInput(), shape));
  return success();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> input = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> perm = adaptor.getPerm();
  SmallVector<bool> seen(input.size(), false);
  if (perm.size() != input.size())
    return emitOptionalError(loc, "perm has ", perm.size(),
                             " entries for rank ", input.size());
  SmallVector<int64_t> shape;
  for (int64_t axis : perm) {
    if (axis < 0 || axis >= static_cast<int64_t>(input.size()) || seen[axis])
      return emitOptionalError(loc, "perm is not a permutation");
    seen[axis] = true;
    shape.push_back(input[axis]);
  }
  types.push_back(shapedLike(adaptor.getInput(), shape));
  return success();
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> input = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> starts = adaptor.getStarts(), ends = adaptor.getEnds(),
                    steps = adaptor.getSteps();
  if (starts.size() != input.size() || ends.size() != input.size() ||
      steps.size() != input.size())
    return emitOptionalError(loc,
                             "starts, ends and steps need one entry per axis");
  SmallVector<int64_t> shape;
  for (size_t axis = 0; axis < input.size(); ++axis) {
    int64_t step = steps[axis];
    if (step == 0)
      return emitOptionalError(loc, "slice step must not be 0");
    int64_t dim = input[axis], start = starts[axis], end = ends[axis];
    bool inRange = step > 0
                       ? (start >= 0 && start <= dim && end >= 0 && end <= dim)
                       : (start >= 0 && start < dim && end >= -1 && end < dim);
    if (!inRange)
      return emitOptionalError(loc, "slice bounds on axis ", axis,
                               " are not normalized to the dimension ", dim);
    int64_t distance = step > 0 ? end - start : start - end;
    int64_t magnitude = std::abs(step);
    shape.push_back(
        std::max<int64_t>(0, (distance + magnitude - 1) / magnitude));
  }
  types.push_back(shapedLike(adaptor.getInput(), shape));
  return success();
}

LogicalResult PadOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  SmallVector<int64_t> shape(shapeOf(adaptor.getInput()));
  ArrayRef<int64_t> pads = adaptor.getPads();
  if (pads.size() != 2 * shape.size())
    return emitOptionalError(loc, "pads has ", pads.size(),
                             " entries for rank ", shape.size());
  if (llvm::any_of(pads, [](int64_t pad) { return pad < 0; }))
    return emitOptionalError(loc, "negative pads (cropping) are not supported");
  if (!edgecc::isPadMode(adaptor.getMode()))
    return emitOptionalError(loc, "unknown pad mode '", adaptor.getMode(), "'");
  if (adaptor.getMode() == "constant" &&
      !getElementTypeOrSelf(adaptor.getInput().getType()).isF32())
    return emitOptionalError(loc, "constant padding is float32 only");
  for (size_t dim = 0; dim < shape.size(); ++dim)
    shape[dim] += pads[dim] + pads[dim + shape.size()];
  types.push_back(shapedLike(adaptor.getInput(), shape));
  return success();
}
