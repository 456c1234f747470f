//===- GraphDialect.cpp - graph dialect and op verifiers ------------------===//

#include "Graph/GraphOps.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/TypeSwitch.h"

#include "edgecc/Support/Activation.h"
#include "edgecc/Support/IndexedAccess.h"
#include "edgecc/Support/Quantization.h"
#include "edgecc/Support/Resampling.h"

using namespace mlir;
using namespace edgecc::graph;

#include "Graph/GraphOpsDialect.cpp.inc"

void GraphDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "Graph/GraphOps.cpp.inc"
      >();
}

Operation *GraphDialect::materializeConstant(OpBuilder &builder,
                                             Attribute value, Type type,
                                             Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return builder.create<ConstantOp>(loc, type, elements);
}

LogicalResult ConstantOp::verify() {
  if (getValue().getType() != getType())
    return emitOpError("value type ")
           << getValue().getType() << " does not match result type "
           << getType();
  return success();
}

LogicalResult CastOp::verify() {
  if (getInput().getType().getShape() != getType().getShape())
    return emitOpError("cast must keep the shape");
  return success();
}

LogicalResult CumSumOp::verify() {
  auto axis = static_cast<int64_t>(getAxis());
  if (axis < 0 || axis >= getInput().getType().getRank())
    return emitOpError("axis out of range");
  return success();
}

/// Reports the scatter rule `mismatch` names, if any.
static LogicalResult verifyScatter(Operation *op, const std::string &mismatch) {
  return mismatch.empty() ? success() : op->emitOpError(mismatch);
}

LogicalResult ScatterElementsOp::verify() {
  return verifyScatter(
      *this, edgecc::scatterElementsMismatch(getData().getType().getShape(),
                                             getIndices().getType().getShape(),
                                             getUpdates().getType().getShape(),
                                             static_cast<int64_t>(getAxis()),
                                             getReduction()));
}

LogicalResult ScatterNDOp::verify() {
  return verifyScatter(
      *this, edgecc::scatterNDMismatch(getData().getType().getShape(),
                                       getIndices().getType().getShape(),
                                       getUpdates().getType().getShape(),
                                       getReduction()));
}

LogicalResult ConvOp::verify() {
  std::string error = edgecc::convTypesMismatch(
      getInput().getType().getElementType(),
      getWeight().getType().getElementType(),
      getBias() ? getBias().getType().getElementType() : Type(),
      getType().getElementType(), getInputZeroPoint(), getWeightZeroPoints(),
      getType().getDimSize(1));
  if (!error.empty())
    return emitOpError(error);
  if (!getType().getElementType().isF32() && getActivation() != "none")
    return emitOpError("fused activations apply to float32 convolutions only");
  if (getResidual() && getResidual().getType() != getType())
    return emitOpError("residual must have the result's type ")
           << getType() << ", got " << getResidual().getType();
  return edgecc::verifyFusedActivation(*this);
}

/// `quantized` is the integer or float8 side: Q's result, DQ's input.
template <typename LinearQuantizationOp>
static LogicalResult verifyLinearQuantization(LinearQuantizationOp op,
                                              ShapedType quantized) {
  Value zeroPoint = op.getZeroPoint();
  std::string error = edgecc::linearQuantizationMismatch(
      op.getInput().getType(), op.getScale().getType(),
      zeroPoint ? cast<ShapedType>(zeroPoint.getType()) : ShapedType(),
      op.getType(), quantized, op.getAxis(), op.getBlockSize());
  return error.empty() ? success() : op.emitOpError(error);
}

LogicalResult QuantizeLinearOp::verify() {
  return verifyLinearQuantization(*this, getType());
}

LogicalResult DequantizeLinearOp::verify() {
  return verifyLinearQuantization(*this, getInput().getType());
}

LogicalResult RequantizeOp::verify() {
  std::string error = edgecc::requantizeMismatch(
      getInput().getType(), getType(), getMultipliers(), getShifts(), getAxis(),
      getZeroPoint(), getClampMin(), getClampMax());
  return error.empty() ? success() : emitOpError(error);
}

LogicalResult LookupOp::verify() {
  std::string error = edgecc::lookupMismatch(getTable().getType(),
                                             getInput().getType(), getType());
  return error.empty() ? success() : emitOpError(error);
}

LogicalResult QuantizedBinaryOp::verify() {
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(getLhs().getType().getShape(),
                                          getRhs().getType().getShape(),
                                          shape) ||
      ArrayRef<int64_t>(shape) != getType().getShape())
    return emitOpError("operands do not broadcast to the result shape");
  std::string error = edgecc::quantizedBinaryMismatch(
      *this, {getLhs().getType(), getRhs().getType(), getType()});
  return error.empty() ? success() : emitOpError(error);
}

LogicalResult GemmOp::verify() { return edgecc::verifyFusedActivation(*this); }

LogicalResult BatchNormOp::verify() {
  int64_t channels = getInput().getType().getDimSize(1);
  for (Value param : {getScale(), getBias(), getMean(), getVariance()}) {
    auto type = cast<RankedTensorType>(param.getType());
    if (type.getRank() != 1 || type.getDimSize(0) != channels)
      return emitOpError("parameters must have shape [")
             << channels << "], got " << type;
  }
  return success();
}

template <typename SoftmaxLikeOp>
static LogicalResult verifySoftmaxAxis(SoftmaxLikeOp op) {
  int64_t rank = op.getInput().getType().getRank();
  if (op.getAxis() < 0 || static_cast<int64_t>(op.getAxis()) >= rank)
    return op.emitOpError("axis ")
           << op.getAxis() << " out of range for rank " << rank;
  return success();
}

LogicalResult SoftmaxOp::verify() { return verifySoftmaxAxis(*this); }
LogicalResult LogSoftmaxOp::verify() { return verifySoftmaxAxis(*this); }

LogicalResult ClipOp::verify() {
  float lo = getMin().convertToFloat(), hi = getMax().convertToFloat();
  if (lo > hi)
    return emitOpError("min ") << lo << " is greater than max " << hi;
  return success();
}

LogicalResult ExpandOp::verify() {
  SmallVector<int64_t> shape;
  if (getInput().getType().getElementType() != getType().getElementType() ||
      !OpTrait::util::getBroadcastedShape(getInput().getType().getShape(),
                                          getType().getShape(), shape) ||
      ArrayRef<int64_t>(shape) != getType().getShape())
    return emitOpError("cannot broadcast ")
           << getInput().getType() << " to " << getType();
  return success();
}

LogicalResult ReshapeOp::verify() {
  if (getInput().getType().getElementType() != getType().getElementType())
    return emitOpError("reshape must keep the element type");
  if (getInput().getType().getNumElements() != getType().getNumElements())
    return emitOpError("reshape from ")
           << getInput().getType() << " to " << getType()
           << " changes the number of elements";
  return success();
}

LogicalResult ResizeOp::verify() {
  int64_t rank = getInput().getType().getRank();
  if (getType().getRank() != rank)
    return emitOpError("must keep the rank");
  if (static_cast<int64_t>(getScales().size()) != rank)
    return emitOpError("needs one scale per axis");
  if (llvm::any_of(getScales(), [](double s) { return !(s > 0); }))
    return emitOpError("scales must be positive");
  if (getRoi() && static_cast<int64_t>(getRoi()->size()) != 2 * rank)
    return emitOpError("roi needs a start and an end per axis");
  if (!edgecc::isResizeMode(getMode()))
    return emitOpError("unknown mode '") << getMode() << "'";
  if (!edgecc::isCoordinateTransformation(getCoordinateTransformationMode()))
    return emitOpError("unknown coordinate_transformation_mode '")
           << getCoordinateTransformationMode() << "'";
  if (!edgecc::isNearestMode(getNearestMode()))
    return emitOpError("unknown nearest_mode '") << getNearestMode() << "'";
  return success();
}

StringRef edgecc::graph::getBinaryKind(Operation *op) {
  return llvm::TypeSwitch<Operation *, StringRef>(op)
      .Case([](AddOp) { return "add"; })
      .Case([](SubOp) { return "sub"; })
      .Case([](MulOp) { return "mul"; })
      .Case([](DivOp) { return "div"; })
      .Case([](MaxOp) { return "max"; })
      .Case([](MinOp) { return "min"; })
      .Case([](ModOp) { return "mod"; })
      .Case([](PReluOp) { return "prelu"; })
      .Case([](AndOp) { return "and"; })
      .Case([](OrOp) { return "or"; })
      .Case([](XorOp) { return "xor"; })
      .Case([](ShiftLeftOp) { return "shl"; })
      .Case([](ShiftRightOp) { return "shr"; })
      .Case([](EqualOp) { return "equal"; })
      .Case([](LessOp) { return "less"; })
      .Case([](LessOrEqualOp) { return "less_equal"; })
      .Case([](GreaterOp) { return "greater"; })
      .Case([](GreaterOrEqualOp) { return "greater_equal"; })
      .Default([](Operation *) { return ""; });
}

#define GET_OP_CLASSES
#include "Graph/GraphOps.cpp.inc"
