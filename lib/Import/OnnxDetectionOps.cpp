//===- OnnxDetectionOps.cpp - ONNX NonMaxSuppression ----------------------===//
//
// NonMaxSuppression selects a number of boxes only the data decides. The
// C API has static shapes, so the selection gets a static bound of rows
// (every batch and class selecting its maximum) and the rows past the
// selected ones are -1. Graph outputs that hold such rows are marked for the
// C API; a node that computes with them is warned about, since it sees the
// padding too.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

namespace edgecc {
namespace detail {

/// NonMaxSuppression: max_output_boxes_per_class and the thresholds fix the
/// output's bound and are baked into the kernel, so they must be constants.
LogicalResult
GraphImporter::importNonMaxSuppression(const onnx::NodeProto &node,
                                       Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  int64_t centerPointBox = intAttr(node, "center_point_box", 0);
  if (centerPointBox != 0 && centerPointBox != 1)
    return emitError(loc) << "center_point_box must be 0 or 1, not "
                          << centerPointBox;
  // Absent, the limit is 0 boxes and the IoU threshold 0; an absent score
  // threshold filters nothing.
  int64_t maxPerClass = 0;
  float iouThreshold = 0.0f;
  std::optional<float> scoreThreshold;
  if (input(node, 2)) {
    FailureOr<int64_t> limit =
        constantInt(node, 2, loc, "max_output_boxes_per_class");
    if (failed(limit))
      return failure();
    maxPerClass = std::max<int64_t>(*limit, 0);
  }
  if (input(node, 3)) {
    FailureOr<float> threshold = constantScalar(node, 3, loc, "iou_threshold");
    if (failed(threshold))
      return failure();
    iouThreshold = *threshold;
  }
  if (input(node, 4)) {
    FailureOr<float> threshold =
        constantScalar(node, 4, loc, "score_threshold");
    if (failed(threshold))
      return failure();
    scoreThreshold = *threshold;
  }
  SmallVector<NamedAttribute> attrs = {
      builder.getNamedAttr("center_point_box",
                           builder.getBoolAttr(centerPointBox == 1)),
      builder.getNamedAttr("max_boxes_per_class",
                           builder.getI64IntegerAttr(maxPerClass)),
      builder.getNamedAttr("iou_threshold",
                           builder.getF32FloatAttr(iouThreshold))};
  if (scoreThreshold)
    attrs.push_back(builder.getNamedAttr(
        "score_threshold", builder.getF32FloatAttr(*scoreThreshold)));
  return bindResult(node, create<graph::NonMaxSuppressionOp>(
                              loc, {input(node, 0), input(node, 1)}, attrs));
}

void GraphImporter::notePaddedRows(func::FuncOp func, ArrayRef<Value> results) {
  SmallVector<int64_t> padded;
  for (auto [position, result] : llvm::enumerate(results))
    if (result.getDefiningOp<graph::NonMaxSuppressionOp>())
      padded.push_back(static_cast<int64_t>(position));
  if (!padded.empty())
    func->setAttr(kPaddedOutputsAttr, builder.getDenseI64ArrayAttr(padded));
  func.walk([](graph::NonMaxSuppressionOp selection) {
    for (Operation *user : selection->getUsers()) {
      if (isa<func::ReturnOp>(user))
        continue;
      std::string node, opType;
      getOnnxNode(selection.getLoc(), node, opType);
      emitWarning(user->getLoc())
          << "reads the selection of NonMaxSuppression '" << node
          << "', which has a static bound of "
          << selection.getType().getDimSize(0)
          << " rows; the rows past the selected boxes are -1";
    }
  });
}

} // namespace detail
} // namespace edgecc
