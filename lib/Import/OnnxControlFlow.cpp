//===- OnnxControlFlow.cpp - ONNX If with a compile-time condition -------===//
//
// Exported models often branch on shapes or attributes (an If whose
// condition compares a Size or a constant). Shapes are static in edgecc, so
// such a condition folds while importing; the branch it selects is imported
// in place of the If and the other one is never looked at. A condition that
// depends on run-time data is an error naming the model inputs behind it.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

namespace edgecc {
namespace detail {

LogicalResult GraphImporter::importIf(const onnx::NodeProto &node,
                                      Location loc) {
  FailureOr<int64_t> condition = constantInt(node, 0, loc, "condition");
  if (failed(condition))
    return failure();
  StringRef name = *condition ? "then_branch" : "else_branch";
  const onnx::AttributeProto *branch =
      typedAttr(node, name, onnx::AttributeProto::GRAPH);
  if (!branch)
    return emitError(loc) << "If has no " << name << " graph";
  const onnx::GraphProto &graph = branch->g();
  if (graph.output_size() != node.output_size())
    return emitError(loc) << "If's " << name << " has " << graph.output_size()
                          << " outputs, the node " << node.output_size();
  // The branch reads the enclosing graph's values by name.
  if (failed(checkAllOpsSupported(graph)) ||
      failed(importInitializers(graph)) || failed(importNodes(graph)))
    return failure();
  for (auto [index, output] : llvm::enumerate(graph.output())) {
    Value value = values.lookup(output.name());
    if (!value)
      return emitError(loc) << "If's " << name << " output '" << output.name()
                            << "' is not produced by any node";
    bind(node, index, value);
  }
  return success();
}

} // namespace detail
} // namespace edgecc
