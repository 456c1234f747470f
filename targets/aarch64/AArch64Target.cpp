//===- AArch64Target.cpp - 64-bit Arm with NEON ---------------------------===//

#include "Target.h"

namespace {

/// ARMv8-A Linux (NEON is part of the baseline). Test executables are
/// static, so qemu-aarch64 runs them without a sysroot.
class AArch64Target : public edgecc::Target {
public:
  llvm::StringRef name() const override { return "aarch64"; }
  llvm::StringRef description() const override {
    return "64-bit Arm (ARMv8-A with NEON), Linux";
  }
  std::string triple() const override { return "aarch64-linux-gnu"; }
  std::vector<std::string> compileFlags(llvm::StringRef cpu) const override {
    if (cpu.empty())
      return {"-march=armv8-a"};
    return {"-mcpu=" + cpu.str()};
  }
  const edgecc::VectorISA &vectorISA() const override {
    return edgecc::neonISA();
  }
  std::vector<std::string> linkFlags() const override {
    return {"-static", "-fuse-ld=lld"};
  }
  std::vector<std::string> runPrefix() const override {
    return {"qemu-aarch64"};
  }
};

} // namespace

std::unique_ptr<edgecc::Target> edgecc::createAArch64Target() {
  return std::make_unique<AArch64Target>();
}
