//===- HostModel.cpp - models built and run on this machine ---------------===//

#include "edgecc/Driver/HostModel.h"

#include "Target.h"
#include "edgecc/Driver/Compiler.h"
#include "edgecc/Support/OnnxOrigin.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir;
using namespace edgecc;

namespace {

struct ModelInput {
  std::string name;
  const DataType *dataType;
  SmallVector<int64_t> shape;
};

std::vector<ModelInput> modelInputs(func::FuncOp function) {
  std::vector<ModelInput> inputs;
  for (auto [index, type] : llvm::enumerate(function.getArgumentTypes())) {
    auto tensor = cast<RankedTensorType>(type);
    inputs.push_back({graphInputName(function, index),
                      dataTypeOf(tensor.getElementType()),
                      SmallVector<int64_t>(tensor.getShape())});
  }
  return inputs;
}

std::string readInput(StringRef path, const ModelInput &input,
                      HostTensor &tensor) {
  if (std::string error = readTensorFile(path, tensor); !error.empty())
    return "calibration sample '" + path.str() + "': " + error;
  if (std::string mismatch =
          inputMismatch(tensor, input.name, input.dataType, input.shape);
      !mismatch.empty())
    return "calibration sample '" + path.str() + "' " + mismatch;
  return "";
}

} // namespace

FailureOr<std::vector<Sample>>
edgecc::readCalibrationSamples(func::FuncOp function, StringRef dir,
                               Location loc) {
  std::vector<ModelInput> inputs = modelInputs(function);
  std::vector<std::string> entries;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    entries.push_back(it->path());
  if (ec)
    return emitError(loc) << "cannot read the calibration data '" << dir
                          << "': " << ec.message();
  llvm::sort(entries);
  std::vector<Sample> samples;
  for (StringRef entry : entries) {
    Sample sample(inputs.size());
    std::string error;
    if (llvm::sys::fs::is_directory(entry)) {
      for (auto [input, tensor] : llvm::zip(inputs, sample)) {
        SmallString<256> path(entry);
        llvm::sys::path::append(path, input.name + ".npy");
        if (!llvm::sys::fs::exists(path)) {
          error = "calibration sample '" + entry.str() + "' has no " +
                  input.name + ".npy for model input '" + input.name + "'";
          break;
        }
        if (!(error = readInput(path, input, tensor)).empty())
          break;
      }
    } else if (entry.ends_with(".npy")) {
      if (inputs.size() != 1)
        error = "calibration sample '" + entry.str() + "' is one file, but " +
                "the model has " + std::to_string(inputs.size()) +
                " inputs: give one folder per sample with <input-name>.npy " +
                "for each";
      else
        error = readInput(entry, inputs[0], sample[0]);
    } else {
      continue; // not a sample (a README, a list of sources)
    }
    if (!error.empty())
      return emitError(loc) << error;
    samples.push_back(std::move(sample));
  }
  if (samples.empty())
    return emitError(loc)
           << "the calibration data '" << dir
           << "' holds no samples: give one .npy per sample (a model of one "
              "input) or one folder per sample with <input-name>.npy for "
              "each input";
  return samples;
}

FailureOr<ScratchDirectory> ScratchDirectory::create(StringRef name,
                                                     Location loc) {
  SmallString<128> directory;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueDirectory(name, directory))
    return emitError(loc) << "cannot create a temporary directory: "
                          << ec.message();
  return ScratchDirectory(std::move(directory));
}

ScratchDirectory::ScratchDirectory(ScratchDirectory &&other) noexcept
    : directory(std::move(other.directory)) {
  other.directory.clear();
}

ScratchDirectory::~ScratchDirectory() {
  if (!directory.empty())
    llvm::sys::fs::remove_directories(directory);
}

FailureOr<std::string> edgecc::buildHostLibrary(ModuleOp module,
                                                StringRef prefix,
                                                const Toolchain &toolchain,
                                                StringRef scratch) {
  CompileOptions build;
  build.targetName = "host";
  build.prefix = prefix.str();
  build.outputPath = (scratch + "/" + prefix + ".o").str();
  FailureOr<CompiledModel> compiled =
      compileCleanedModule(module, build, toolchain);
  if (failed(compiled))
    return failure();
  const Target &host = *lookupTarget(build.targetName);
  std::string library = (scratch + "/" + prefix + ".so").str();
  std::string errors;
  if (runProgram({toolchain.clang, "--target=" + host.triple(), "-shared",
                  compiled->objectPath, toolchain.runtimeLibrary(host), "-o",
                  library},
                 &errors) != 0)
    return emitError(module.getLoc())
           << "linking the model for this machine failed:\n"
           << errors;
  return library;
}

AlignedBuffer::AlignedBuffer(size_t bytes, size_t alignment)
    : alignment(std::align_val_t(std::max<size_t>(alignment, 64))),
      data(static_cast<char *>(
          ::operator new(std::max<size_t>(bytes, 1), this->alignment))) {
  std::memset(data, 0, std::max<size_t>(bytes, 1));
}

AlignedBuffer::AlignedBuffer(AlignedBuffer &&other) noexcept
    : alignment(other.alignment), data(other.data) {
  other.data = nullptr;
}

AlignedBuffer::~AlignedBuffer() {
  if (data)
    ::operator delete(data, alignment);
}

FailureOr<HostModelRunner>
HostModelRunner::load(StringRef path, StringRef prefix, Location loc) {
  std::string error;
  auto library =
      llvm::sys::DynamicLibrary::getLibrary(path.str().c_str(), &error);
  if (!library.isValid())
    return emitError(loc) << "cannot load the model built for this machine: "
                          << error;
  using InfoFn = const edgecc_model_info *(*)();
  auto info = reinterpret_cast<InfoFn>(
      library.getAddressOfSymbol((prefix + "_info").str().c_str()));
  if (!info) {
    llvm::sys::DynamicLibrary::closeLibrary(library);
    return emitError(loc) << "the model built for this machine has no "
                          << prefix << "_info function";
  }
  return HostModelRunner(library, info());
}

HostModelRunner::HostModelRunner(llvm::sys::DynamicLibrary library,
                                 const edgecc_model_info *info)
    : library(library), modelInfo(info),
      arena(info->arena_size, info->arena_alignment) {
  for (int32_t i = 0; i < info->num_inputs; ++i)
    inputs.emplace_back(info->inputs[i].bytes, 64);
  for (int32_t i = 0; i < info->num_outputs; ++i)
    outputs.emplace_back(info->outputs[i].bytes, 64);
}

HostModelRunner::HostModelRunner(HostModelRunner &&other) noexcept
    : library(other.library), modelInfo(other.modelInfo),
      arena(std::move(other.arena)), inputs(std::move(other.inputs)),
      outputs(std::move(other.outputs)) {
  other.library = llvm::sys::DynamicLibrary();
}

HostModelRunner::~HostModelRunner() {
  if (library.isValid())
    llvm::sys::DynamicLibrary::closeLibrary(library);
}

edgecc_status HostModelRunner::run(ArrayRef<HostTensor> tensors) {
  SmallVector<const void *> in;
  SmallVector<void *> out;
  for (auto [tensor, buffer] : llvm::zip(tensors, inputs)) {
    std::memcpy(buffer.get(), tensor.bytes.data(), tensor.bytes.size());
    in.push_back(buffer.get());
  }
  for (AlignedBuffer &buffer : outputs)
    out.push_back(buffer.get());
  return modelInfo->run(in.data(), out.data(), arena.get());
}

ArrayRef<float> HostModelRunner::output(int64_t index) const {
  return {reinterpret_cast<const float *>(outputs[index].get()),
          modelInfo->outputs[index].bytes / sizeof(float)};
}

Progress::Progress(StringRef what, size_t total)
    : what(what.str()), total(total), shown(llvm::errs().is_displayed()) {}

Progress::~Progress() {
  if (shown && done)
    llvm::errs() << "\n";
}

void Progress::step() {
  ++done;
  if (!shown)
    return;
  size_t filled = 30 * done / total;
  llvm::errs() << "\redgecc: " << what << " [" << std::string(filled, '#')
               << std::string(30 - filled, ' ') << "] " << done << "/" << total;
}

ArrayRef<float> edgecc::floatsOf(const HostTensor &tensor) {
  return {reinterpret_cast<const float *>(tensor.bytes.data()),
          tensor.bytes.size() / sizeof(float)};
}

ChannelLayout ChannelLayout::of(RankedTensorType type) {
  ChannelLayout layout{type.getDimSize(1), 1};
  for (int64_t dim : type.getShape().drop_front(2))
    layout.stride *= dim;
  return layout;
}
