//===- HostModel.h - models built and run on this machine -------*- C++ -*-===//
//
// Calibration and sensitivity analysis run a variant of the model being
// compiled on the calibration samples: compiled for this machine like any
// model, linked as a shared library and loaded in-process.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_DRIVER_HOSTMODEL_H
#define EDGECC_DRIVER_HOSTMODEL_H

#include "edgecc/Driver/TensorFiles.h"
#include "edgecc/Driver/Toolchain.h"

#include "edgecc_rt.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/DynamicLibrary.h"

#include <new>

namespace edgecc {

/// One tensor per model input, in order.
using Sample = std::vector<HostTensor>;

/// The samples of `dir` for the inputs of `function`, in file name order:
/// each .npy file is a sample of a model of one input; each folder holds
/// one <input-name>.npy per input. Missing, empty or mis-shaped data is an
/// error naming the file and the model input.
mlir::FailureOr<std::vector<Sample>>
readCalibrationSamples(mlir::func::FuncOp function, llvm::StringRef dir,
                       mlir::Location loc);

/// A scratch directory, removed with this object.
class ScratchDirectory {
public:
  static mlir::FailureOr<ScratchDirectory> create(llvm::StringRef name,
                                                  mlir::Location loc);
  ScratchDirectory(ScratchDirectory &&other) noexcept;
  ScratchDirectory(const ScratchDirectory &) = delete;
  ~ScratchDirectory();
  llvm::StringRef path() const { return directory; }

private:
  explicit ScratchDirectory(llvm::SmallString<128> directory)
      : directory(std::move(directory)) {}
  llvm::SmallString<128> directory;
};

/// Compiles `module` (after the graph cleanup pipeline; lowered in place)
/// for this machine with symbol prefix `prefix` and links it as a shared
/// library in `scratch`. Returns the library's path.
mlir::FailureOr<std::string> buildHostLibrary(mlir::ModuleOp module,
                                              llvm::StringRef prefix,
                                              const Toolchain &toolchain,
                                              llvm::StringRef scratch);

/// Zeroed memory with the alignment generated code expects.
class AlignedBuffer {
public:
  AlignedBuffer(size_t bytes, size_t alignment);
  AlignedBuffer(AlignedBuffer &&other) noexcept;
  AlignedBuffer(const AlignedBuffer &) = delete;
  AlignedBuffer &operator=(const AlignedBuffer &) = delete;
  ~AlignedBuffer();
  char *get() const { return data; }

private:
  std::align_val_t alignment;
  char *data;
};

/// A model library built by buildHostLibrary, loaded: runs one sample at a
/// time on buffers it owns.
class HostModelRunner {
public:
  static mlir::FailureOr<HostModelRunner>
  load(llvm::StringRef path, llvm::StringRef prefix, mlir::Location loc);
  HostModelRunner(HostModelRunner &&other) noexcept;
  HostModelRunner(const HostModelRunner &) = delete;
  ~HostModelRunner();

  /// Runs the model on `inputs`, one per model input in order.
  edgecc_status run(llvm::ArrayRef<HostTensor> inputs);
  const edgecc_model_info &info() const { return *modelInfo; }
  /// Output `index` of the last run, as floats (a float32 output).
  llvm::ArrayRef<float> output(int64_t index) const;

private:
  HostModelRunner(llvm::sys::DynamicLibrary library,
                  const edgecc_model_info *info);

  llvm::sys::DynamicLibrary library;
  const edgecc_model_info *modelInfo;
  AlignedBuffer arena;
  std::vector<AlignedBuffer> inputs, outputs;
};

/// A progress bar on a terminal ("edgecc: <what> [####  ] 3/10"); silent
/// when stderr is a file or pipe.
class Progress {
public:
  Progress(llvm::StringRef what, size_t total);
  ~Progress();
  void step();

private:
  std::string what;
  size_t total, done = 0;
  bool shown;
};

/// Where a conv's output [N, C, spatial...] or a gemm's [M, C] keeps its C
/// channels: element i belongs to channel i / stride % channels.
struct ChannelLayout {
  int64_t channels = 0, stride = 1;
  static ChannelLayout of(mlir::RankedTensorType type);
  int64_t channelOf(size_t index) const {
    return static_cast<int64_t>(index) / stride % channels;
  }
};

/// `tensor`'s elements as floats (a float32 tensor).
llvm::ArrayRef<float> floatsOf(const HostTensor &tensor);

} // namespace edgecc

#endif
