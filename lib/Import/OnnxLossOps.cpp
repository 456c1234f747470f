//===- OnnxLossOps.cpp - ONNX loss functions -----------------------------===//
//
// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss, built from graph ops
// as their ONNX function bodies define them: the log-probability of each
// sample's target class is picked with GatherElements, weighted by the
// class weight (zero for the ignored class), negated and reduced.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

namespace edgecc {
namespace detail {

FailureOr<Value>
GraphImporter::negativeLogLikelihood(const onnx::NodeProto &node, Location loc,
                                     Value logProb, Value target,
                                     Value weight) {
  ArrayRef<int64_t> shape = shapeOf(logProb);
  auto targetType = cast<RankedTensorType>(target.getType());
  if (shape.size() < 2 || targetType.getRank() + 1 != int64_t(shape.size()))
    return emitError(loc) << node.op_type()
                          << " needs input [N, C, d...] and target [N, d...]";
  std::string reduction = stringAttr(node, "reduction", "mean");
  if (reduction != "none" && reduction != "sum" && reduction != "mean")
    return emitError(loc) << "unknown " << node.op_type() << " reduction '"
                          << reduction << "'";

  // Ignored targets read class 0 and get weight 0.
  Value valid;
  if (attr(node, "ignore_index")) {
    Type index = targetType.getElementType();
    FailureOr<Value> isIgnored = create<graph::EqualOp>(
        loc,
        {target, typedScalar(index, intAttr(node, "ignore_index", 0), loc)});
    if (failed(isIgnored))
      return failure();
    valid = createTyped<graph::NotOp>(loc, isIgnored->getType(), *isIgnored);
    FailureOr<Value> safe = create<graph::WhereOp>(
        loc, {valid, target, typedScalar(index, 0, loc)});
    if (failed(safe))
      return failure();
    target = *safe;
  }

  SmallVector<int64_t> withClassAxis(targetType.getShape());
  withClassAxis.insert(withClassAxis.begin() + 1, 1);
  FailureOr<Value> index = reshape(target, withClassAxis, loc);
  if (failed(index))
    return failure();
  FailureOr<Value> picked = create<graph::GatherElementsOp>(
      loc, {logProb, *index},
      builder.getNamedAttr("axis", builder.getI64IntegerAttr(1)));
  if (failed(picked))
    return failure();
  FailureOr<Value> loss = reshape(*picked, targetType.getShape(), loc);
  if (failed(loss))
    return failure();

  // The weight of each sample, when there are weights or ignored targets.
  Value sampleWeight;
  if (weight) {
    FailureOr<Value> gathered = create<graph::GatherOp>(
        loc, {weight, target},
        builder.getNamedAttr("axis", builder.getI64IntegerAttr(0)));
    if (failed(gathered))
      return failure();
    sampleWeight = *gathered;
  }
  if (valid) {
    FailureOr<Value> masked = create<graph::WhereOp>(
        loc, {valid, sampleWeight ? sampleWeight : floatScalar(1.0f, loc),
              floatScalar(0.0f, loc)});
    if (failed(masked))
      return failure();
    sampleWeight = *masked;
  }
  if (sampleWeight) {
    loss = create<graph::MulOp>(loc, {*loss, sampleWeight});
    if (failed(loss))
      return failure();
  }
  Value negated = createTyped<graph::NegOp>(loc, loss->getType(), *loss);
  if (reduction == "none")
    return negated;

  auto sumAll = [&](Value value) -> FailureOr<Value> {
    int64_t rank = shapeOf(value).size();
    return create<graph::ReduceSumOp>(
        loc, value,
        {builder.getNamedAttr("axes",
                              builder.getDenseI64ArrayAttr(allAxes(rank))),
         builder.getNamedAttr("keepdims", builder.getBoolAttr(false))});
  };
  FailureOr<Value> total = sumAll(negated);
  if (failed(total) || reduction == "sum")
    return total;
  // mean: divided by the total weight, or the sample count without one.
  FailureOr<Value> divisor =
      sampleWeight ? sumAll(sampleWeight)
                   : FailureOr<Value>(floatScalar(
                         static_cast<float>(targetType.getNumElements()), loc));
  if (failed(divisor))
    return failure();
  return create<graph::DivOp>(loc, {*total, *divisor});
}

LogicalResult
GraphImporter::importNegativeLogLikelihoodLoss(const onnx::NodeProto &node,
                                               Location loc) {
  if (failed(requireFloatInput(node, loc, 2)))
    return failure();
  Value x = input(node, 0);
  return bindResult(node, negativeLogLikelihood(node, loc, x, input(node, 1),
                                                input(node, 2)));
}

LogicalResult
GraphImporter::importSoftmaxCrossEntropyLoss(const onnx::NodeProto &node,
                                             Location loc) {
  if (failed(requireFloatInput(node, loc, 2)))
    return failure();
  Value scores = input(node, 0);
  if (shapeOf(scores).size() < 2)
    return emitError(loc)
           << "SoftmaxCrossEntropyLoss scores must have rank >= 2";
  Value logProb = createTyped<graph::LogSoftmaxOp>(
      loc, scores.getType(), scores,
      builder.getNamedAttr("axis", builder.getI64IntegerAttr(1)));
  FailureOr<Value> loss =
      negativeLogLikelihood(node, loc, logProb, input(node, 1), input(node, 2));
  if (failed(loss))
    return failure();
  bind(node, 0, *loss);
  bind(node, 1, logProb);
  return success();
}

} // namespace detail
} // namespace edgecc
