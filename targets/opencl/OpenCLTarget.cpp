//===- OpenCLTarget.cpp - models on an OpenCL device ----------------------===//
//
// The kernels are OpenCL C, built for whatever device the app's OpenCL
// platform offers at init; only the host side (a few tables and calls into
// the runtime's OpenCL glue) is compiled for a CPU: this machine's
// (opencl) or 64-bit Arm (aarch64-opencl, the usual edge SoC with a Mali,
// Adreno or PowerVR GPU).
//
//===----------------------------------------------------------------------===//

#include "Target.h"

#include "edgecc/Emit/OpenCLEmitter.h"

#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

namespace {

class OpenCLTarget : public edgecc::Target {
public:
  /// Work-groups are chosen for a small GPU: a few compute units that run
  /// 32 work-items in lockstep (Mali and Adreno are within a factor of two
  /// of this; the choice is visible, and tunable, in the kernel IR).
  std::optional<edgecc::DeviceShape> device() const override {
    return edgecc::DeviceShape{4, 32, 256};
  }
  std::vector<std::string> runtimeParts() const override { return {"opencl"}; }
  std::vector<std::string> linkFlags() const override { return {"-lOpenCL"}; }
  std::unique_ptr<edgecc::CEmitter>
  createEmitter(const edgecc::VectorISA &isa) const override {
    return std::make_unique<edgecc::OpenCLEmitter>(isa);
  }
};

/// Host code for this machine, kernels for its OpenCL device (PoCL's CPU
/// device where there is no GPU).
class HostOpenCLTarget : public OpenCLTarget {
public:
  llvm::StringRef name() const override { return "opencl"; }
  llvm::StringRef description() const override {
    return "an OpenCL 1.2 device, driven from this machine";
  }
  std::string triple() const override { return llvm::sys::getProcessTriple(); }
  std::vector<std::string> compileFlags(llvm::StringRef cpu) const override {
    if (cpu.empty())
      return {};
    bool isArm = llvm::Triple(triple()).isAArch64();
    return {(isArm ? "-mcpu=" : "-march=") + cpu.str()};
  }
  const edgecc::VectorISA &vectorISA() const override {
    return llvm::Triple(triple()).isAArch64() ? edgecc::neonISA()
                                              : edgecc::sse2ISA();
  }
};

/// Host code for 64-bit Arm Linux. Apps link the device's OpenCL library;
/// this machine has none for Arm, so edgecc-run cannot run these models.
class AArch64OpenCLTarget : public OpenCLTarget {
public:
  llvm::StringRef name() const override { return "aarch64-opencl"; }
  llvm::StringRef description() const override {
    return "an OpenCL 1.2 device, driven from 64-bit Arm Linux";
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
};

} // namespace

std::unique_ptr<edgecc::Target> edgecc::createOpenCLTarget() {
  return std::make_unique<HostOpenCLTarget>();
}

std::unique_ptr<edgecc::Target> edgecc::createAArch64OpenCLTarget() {
  return std::make_unique<AArch64OpenCLTarget>();
}
