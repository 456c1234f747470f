//===- HostTarget.cpp - the machine edgecc runs on ------------------------===//

#include "Target.h"

#include "llvm/TargetParser/Host.h"

namespace {

/// Code for this very machine: every ISA extension it has (-march=native).
class HostTarget : public edgecc::Target {
public:
  llvm::StringRef name() const override { return "host"; }
  llvm::StringRef description() const override {
    return "this machine, with all its ISA extensions";
  }
  std::string triple() const override { return llvm::sys::getProcessTriple(); }
  std::vector<std::string> compileFlags() const override {
    return {"-march=native"};
  }
};

} // namespace

std::unique_ptr<edgecc::Target> edgecc::createHostTarget() {
  return std::make_unique<HostTarget>();
}
