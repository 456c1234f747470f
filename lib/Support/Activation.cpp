//===- Activation.cpp -----------------------------------------------------===//

#include "edgecc/Support/Activation.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;

namespace edgecc {

/// True if `name` is a fused activation that producers accept.
static bool isFusedActivation(StringRef name) {
  return name == "none" || name == "relu" || name == "clip" || name == "silu";
}

LogicalResult verifyFusedActivation(Operation *op) {
  auto activation = op->getAttrOfType<StringAttr>("activation");
  StringRef name = activation ? activation.getValue() : "none";
  if (!isFusedActivation(name))
    return op->emitOpError("unknown fused activation '") << name << "'";
  bool hasBounds = op->hasAttr("clip_min") && op->hasAttr("clip_max");
  if (name == "clip" && !hasBounds)
    return op->emitOpError("clip activation needs clip_min and clip_max");
  if (name != "clip" && (op->hasAttr("clip_min") || op->hasAttr("clip_max")))
    return op->emitOpError("clip bounds given for activation '") << name << "'";
  return success();
}

} // namespace edgecc
