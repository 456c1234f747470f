//===- HostTarget.cpp - the machine edgecc runs on ------------------------===//

#include "Target.h"

#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <unistd.h>

namespace {

/// Code for this very machine: every ISA extension it has (-march=native).
class HostTarget : public edgecc::Target {
public:
  llvm::StringRef name() const override { return "host"; }
  llvm::StringRef description() const override {
    return "this machine, with all its ISA extensions";
  }
  std::string triple() const override { return llvm::sys::getProcessTriple(); }
  std::vector<std::string> compileFlags(llvm::StringRef cpu) const override {
    if (cpu.empty())
      return {"-march=native"};
    bool isArm = llvm::Triple(triple()).isAArch64();
    return {(isArm ? "-mcpu=" : "-march=") + cpu.str()};
  }
  const edgecc::VectorISA &vectorISA() const override {
    return nativeVectorISA();
  }
  std::vector<const edgecc::VectorISA *> vectorISAs() const override {
    if (llvm::Triple(triple()).isAArch64())
      return {&edgecc::neonISA()};
    return edgecc::x86VectorISAs();
  }
  int64_t l2CacheBytes() const override {
#ifdef _SC_LEVEL2_CACHE_SIZE
    if (long bytes = sysconf(_SC_LEVEL2_CACHE_SIZE); bytes > 0)
      return bytes;
#endif
    return Target::l2CacheBytes();
  }

private:
  /// The widest vector unit -march=native turns on here.
  static const edgecc::VectorISA &nativeVectorISA() {
    const llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
    auto has = [&](llvm::StringRef name) { return features.lookup(name); };
    if (has("avx512f"))
      return has("avx512vnni") ? edgecc::avx512VnniISA() : edgecc::avx512ISA();
    if (has("avx2") && has("fma"))
      return edgecc::avx2ISA();
    if (has("neon"))
      return edgecc::neonISA();
    return edgecc::sse2ISA();
  }
};

} // namespace

std::unique_ptr<edgecc::Target> edgecc::createHostTarget() {
  return std::make_unique<HostTarget>();
}
