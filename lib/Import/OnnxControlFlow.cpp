//===- OnnxControlFlow.cpp - ONNX If and Loop, folded at compile time ----===//
//
// Exported models often branch on shapes or attributes (an If whose
// condition compares a Size or a constant) and loop a fixed number of times
// (Range's function body, a fixed number of refinement steps). Shapes are
// static in edgecc, so such control flow folds while importing: an If
// imports the branch its condition selects, and a Loop imports its body once
// per iteration, each copy reading the previous one's loop-carried values.
// A condition or trip count that depends on run-time data is an error
// naming the model inputs behind it.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "edgecc/Support/Elements.h"

#include "mlir/IR/Matchers.h"

namespace edgecc {
namespace detail {

/// A Loop is unrolled: each iteration is a copy of its body, so the count
/// is bounded to keep a malformed or unintended model from exhausting
/// memory.
constexpr int64_t kMaxLoopIterations = 4096;

FailureOr<SmallVector<Value>>
GraphImporter::importSubgraph(const onnx::NodeProto &node,
                              const onnx::GraphProto &graph, StringRef role,
                              Location loc) {
  // The subgraph reads the enclosing graph's values by name.
  if (failed(checkAllOpsSupported(graph)) ||
      failed(importInitializers(graph)) || failed(importNodes(graph)))
    return failure();
  SmallVector<Value> outputs;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    Value value = values.lookup(output.name());
    if (!value)
      return emitError(loc) << node.op_type() << "'s " << role << " output '"
                            << output.name() << "' is not produced by any node";
    outputs.push_back(value);
  }
  return outputs;
}

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
  FailureOr<SmallVector<Value>> outputs =
      importSubgraph(node, graph, name, loc);
  if (failed(outputs))
    return failure();
  for (auto [index, value] : llvm::enumerate(*outputs))
    bind(node, index, value);
  return success();
}

/// Loop(M, cond, v...): while i < M (if given) and cond, the body maps
/// (i, cond, v...) to (cond, v..., scan...); the node's outputs are the
/// final v... and each scan output stacked over the iterations.
LogicalResult GraphImporter::importLoop(const onnx::NodeProto &node,
                                        Location loc) {
  const onnx::AttributeProto *bodyAttr =
      typedAttr(node, "body", onnx::AttributeProto::GRAPH);
  if (!bodyAttr)
    return emitError(loc) << "Loop has no body graph";
  const onnx::GraphProto &body = bodyAttr->g();
  int64_t carried = node.input_size() - 2;
  int64_t scans = body.output_size() - 1 - carried;
  if (carried < 0 || body.input_size() != carried + 2 || scans < 0 ||
      node.output_size() > carried + scans)
    return emitError(loc) << "Loop with " << node.input_size() << " inputs and "
                          << node.output_size() << " outputs has a body with "
                          << body.input_size() << " inputs and "
                          << body.output_size() << " outputs";
  std::optional<int64_t> tripCount;
  if (input(node, 0)) {
    FailureOr<int64_t> count = constantInt(node, 0, loc, "trip count");
    if (failed(count))
      return failure();
    tripCount = *count;
  }
  int64_t condition = 1;
  if (input(node, 1)) {
    FailureOr<int64_t> given = constantInt(node, 1, loc, "condition");
    if (failed(given))
      return failure();
    condition = *given;
  }
  SmallVector<Value> state;
  for (int64_t k = 0; k < carried; ++k) {
    if (!input(node, k + 2))
      return emitError(loc)
             << "Loop's loop-carried input " << k + 2 << " is missing";
    state.push_back(input(node, k + 2));
  }
  // Names the body binds must not leak into the enclosing graph.
  llvm::StringMap<Value> enclosing = values;
  SmallVector<SmallVector<Value>> scanned(scans);
  for (int64_t i = 0; condition && (!tripCount || i < *tripCount); ++i) {
    if (i == kMaxLoopIterations)
      return emitError(loc) << "Loop runs more than " << kMaxLoopIterations
                            << " iterations; edgecc unrolls loops and stops "
                               "there";
    values[body.input(0).name()] = typedScalar(builder.getI64Type(), i, loc);
    values[body.input(1).name()] =
        typedScalar(builder.getI1Type(), condition, loc);
    for (int64_t k = 0; k < carried; ++k)
      values[body.input(k + 2).name()] = state[k];
    FailureOr<SmallVector<Value>> outputs =
        importSubgraph(node, body, "body", loc);
    if (failed(outputs))
      return failure();
    ElementsAttr next;
    if (!matchPattern((*outputs)[0], m_Constant(&next)) ||
        next.getNumElements() != 1) {
      // Only the enclosing graph's names, so the error names model inputs
      // rather than the body's aliases of them.
      values = std::move(enclosing);
      return notConstantError(node, body.output(0).name(), (*outputs)[0], loc,
                              "condition computed by the body",
                              "boolean scalar");
    }
    condition = getIntValues(next).front();
    for (int64_t k = 0; k < carried; ++k)
      state[k] = (*outputs)[k + 1];
    for (int64_t s = 0; s < scans; ++s)
      scanned[s].push_back((*outputs)[1 + carried + s]);
  }
  values = std::move(enclosing);
  for (auto [index, value] : llvm::enumerate(state))
    bind(node, index, value);
  for (auto [s, steps] : llvm::enumerate(scanned)) {
    if (steps.empty())
      return emitError(loc)
             << "Loop runs no iteration, so scan output '"
             << body.output(1 + carried + s).name() << "' has no shape";
    ArrayRef<int64_t> first = shapeOf(steps.front());
    if (llvm::any_of(steps, [&](Value step) { return shapeOf(step) != first; }))
      return emitError(loc)
             << "Loop scan output '" << body.output(1 + carried + s).name()
             << "' changes shape between iterations";
    SmallVector<int64_t> row = {1};
    llvm::append_range(row, first);
    FailureOr<Value> stacked = concatAs(steps, row, 0, loc);
    if (failed(stacked))
      return failure();
    bind(node, carried + s, *stacked);
  }
  return success();
}

} // namespace detail
} // namespace edgecc
