//===- OnnxOrigin.cpp -----------------------------------------------------===//

#include "edgecc/Support/OnnxOrigin.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/MLIRContext.h"

using namespace mlir;

Location edgecc::makeOnnxNodeLoc(MLIRContext *context, StringRef nodeName,
                                 StringRef opType) {
  return FusedLoc::get(context,
                       {NameLoc::get(StringAttr::get(context, nodeName))},
                       StringAttr::get(context, opType));
}

std::string edgecc::graphInputName(Operation *function, unsigned index) {
  auto names = function->getAttrOfType<ArrayAttr>(kInputNamesAttr);
  if (names && index < names.size())
    return cast<StringAttr>(names[index]).str();
  return "input" + std::to_string(index);
}

bool edgecc::getOnnxNode(Location loc, std::string &nodeName,
                         std::string &opType) {
  auto fused = dyn_cast<FusedLoc>(loc);
  if (!fused || fused.getLocations().size() != 1)
    return false;
  auto type = dyn_cast_or_null<StringAttr>(fused.getMetadata());
  auto name = dyn_cast<NameLoc>(fused.getLocations().front());
  if (!type || !name)
    return false;
  nodeName = name.getName().str();
  opType = type.str();
  return true;
}
