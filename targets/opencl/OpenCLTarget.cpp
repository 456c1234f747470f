//===- OpenCLTarget.cpp - models on an OpenCL device ----------------------===//
//
// The kernels are OpenCL C, built for whatever device the app's OpenCL
// platform offers at init; only the host side (a few tables and calls into
// the runtime's OpenCL glue) is compiled for a CPU, exactly as that CPU's
// own target compiles code: this machine's (opencl) or 64-bit Arm
// (aarch64-opencl, the usual edge SoC with a Mali, Adreno or PowerVR GPU;
// this machine has no Arm OpenCL library, so edgecc-run cannot run it).
//
//===----------------------------------------------------------------------===//

#include "Target.h"

#include "edgecc/Emit/OpenCLEmitter.h"

namespace {

class OpenCLTarget : public edgecc::Target {
public:
  OpenCLTarget(llvm::StringRef name, llvm::StringRef description,
               std::unique_ptr<edgecc::Target> cpu)
      : targetName(name), targetDescription(description), cpu(std::move(cpu)) {}

  llvm::StringRef name() const override { return targetName; }
  llvm::StringRef description() const override { return targetDescription; }
  std::string triple() const override { return cpu->triple(); }
  std::vector<std::string>
  compileFlags(llvm::StringRef cpuName) const override {
    return cpu->compileFlags(cpuName);
  }
  std::vector<std::string> linkFlags() const override {
    std::vector<std::string> flags = cpu->linkFlags();
    flags.push_back("-lOpenCL");
    return flags;
  }
  std::vector<std::string> runPrefix() const override {
    return cpu->runPrefix();
  }
  const edgecc::VectorISA &vectorISA() const override {
    return cpu->vectorISA();
  }
  /// Work-groups are chosen for a small GPU: a few compute units that run
  /// 32 work-items in lockstep (Mali and Adreno are within a factor of two
  /// of this; the choice is visible, and tunable, in the kernel IR).
  std::optional<edgecc::DeviceShape> device() const override {
    return edgecc::DeviceShape{4, 32, 256};
  }
  std::vector<std::string> runtimeParts() const override { return {"opencl"}; }
  std::unique_ptr<edgecc::CEmitter>
  createEmitter(const edgecc::VectorISA &isa) const override {
    return std::make_unique<edgecc::OpenCLEmitter>(isa);
  }

private:
  llvm::StringRef targetName, targetDescription;
  std::unique_ptr<edgecc::Target> cpu; ///< compiles the host side
};

} // namespace

std::unique_ptr<edgecc::Target> edgecc::createOpenCLTarget() {
  return std::make_unique<OpenCLTarget>(
      "opencl", "an OpenCL 1.2 device, driven from this machine",
      createHostTarget());
}

std::unique_ptr<edgecc::Target> edgecc::createAArch64OpenCLTarget() {
  return std::make_unique<OpenCLTarget>(
      "aarch64-opencl", "an OpenCL 1.2 device, driven from 64-bit Arm Linux",
      createAArch64Target());
}
