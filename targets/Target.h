//===- Target.h - the interface every backend implements --------*- C++ -*-===//
//
// A target says how code for one kind of device is emitted, compiled and
// run: its clang triple and flags, the alignment its buffers need, its
// vector unit and kernel emitter, and how an executable built for it runs
// on this machine (natively or in qemu).
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_TARGETS_TARGET_H
#define EDGECC_TARGETS_TARGET_H

#include "edgecc/Emit/CEmitter.h"
#include "edgecc/Emit/VectorISA.h"

#include "llvm/ADT/StringRef.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace edgecc {

/// What a device's work-group sizes are chosen for.
struct DeviceShape {
  int64_t computeUnits;
  int64_t simdWidth;
  int64_t maxGroupSize;
};

class Target {
public:
  virtual ~Target() = default;

  /// The -target name.
  virtual llvm::StringRef name() const = 0;
  virtual llvm::StringRef description() const = 0;
  /// The clang --target triple.
  virtual std::string triple() const = 0;
  /// Flags for compiling generated code and the runtime for `cpu`, a CPU
  /// name as -mcpu gives it (x86: clang's -march names such as
  /// x86-64-v3 or znver4; Arm: its -mcpu names such as cortex-a76); empty
  /// for the target's default CPU.
  virtual std::vector<std::string> compileFlags(llvm::StringRef cpu) const = 0;
  /// Extra flags for linking a test executable for this target.
  virtual std::vector<std::string> linkFlags() const { return {}; }
  /// Command that runs such an executable here; empty means natively.
  virtual std::vector<std::string> runPrefix() const { return {}; }
  /// Alignment, in bytes, of arena buffers and weights.
  virtual int64_t alignment() const { return 64; }
  /// The vector unit register-tiled kernels are scheduled for and written
  /// with, on the default CPU.
  virtual const VectorISA &vectorISA() const = 0;
  /// The vector units this target's CPUs may have, widest first: for
  /// another -mcpu, the first one clang enables is used.
  virtual std::vector<const VectorISA *> vectorISAs() const {
    return {&vectorISA()};
  }
  /// L2 cache per core, in bytes: what tiles are sized to stay in.
  virtual int64_t l2CacheBytes() const { return 512 * 1024; }
  /// For targets whose kernels run on an OpenCL device: the device shape
  /// work-groups are chosen for (edgecc-choose-work-groups). CPU targets
  /// (none) get register-tiled kernels instead.
  virtual std::optional<DeviceShape> device() const { return std::nullopt; }
  /// Optional parts of the runtime (folders of runtime sources, such as
  /// "opencl") that this target's runtime library also holds.
  virtual std::vector<std::string> runtimeParts() const { return {}; }
  /// The kernel emitter; the default writes portable C loops, and the
  /// register-tiled kernels with `isa`'s intrinsics.
  virtual std::unique_ptr<CEmitter> createEmitter(const VectorISA &isa) const {
    return std::make_unique<CEmitter>(isa);
  }
};

/// The target called `name`, or null.
const Target *lookupTarget(llvm::StringRef name);
/// Every target, in the order `--help` lists them.
std::vector<const Target *> allTargets();

// One factory per target folder.
std::unique_ptr<Target> createHostTarget();
std::unique_ptr<Target> createX86_64Target();
std::unique_ptr<Target> createAArch64Target();
std::unique_ptr<Target> createOpenCLTarget();
std::unique_ptr<Target> createAArch64OpenCLTarget();

} // namespace edgecc

#endif
