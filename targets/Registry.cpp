//===- Registry.cpp - the list of targets ---------------------------------===//

#include "Target.h"

using namespace edgecc;

static const std::vector<std::unique_ptr<Target>> &registry() {
  static const std::vector<std::unique_ptr<Target>> targets = [] {
    std::vector<std::unique_ptr<Target>> list;
    list.push_back(createHostTarget());
    list.push_back(createX86_64Target());
    list.push_back(createAArch64Target());
    list.push_back(createOpenCLTarget());
    list.push_back(createAArch64OpenCLTarget());
    return list;
  }();
  return targets;
}

const Target *edgecc::lookupTarget(llvm::StringRef name) {
  for (const auto &target : registry())
    if (target->name() == name)
      return target.get();
  return nullptr;
}

std::vector<const Target *> edgecc::allTargets() {
  std::vector<const Target *> targets;
  for (const auto &target : registry())
    targets.push_back(target.get());
  return targets;
}
