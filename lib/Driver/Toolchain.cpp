//===- Toolchain.cpp ------------------------------------------------------===//

#include "edgecc/Driver/Toolchain.h"

#include "Target.h"
#include "edgecc/Emit/VectorISA.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

using namespace edgecc;

std::string Toolchain::locate(const char *argv0, void *mainAddress,
                              Toolchain &result) {
  std::string executable = llvm::sys::fs::getMainExecutable(argv0, mainAddress);
  llvm::SmallString<256> prefix =
      llvm::sys::path::parent_path(llvm::sys::path::parent_path(executable));
  auto under = [&](llvm::StringRef child) {
    llvm::SmallString<256> path = prefix;
    llvm::sys::path::append(path, child);
    return std::string(path);
  };
  result.includeDir = under("include");
  result.libDir = under("lib");
  result.shareDir = under("share/edgecc");
  llvm::SmallString<256> header(result.includeDir);
  llvm::sys::path::append(header, "edgecc_rt.h");
  if (!llvm::sys::fs::exists(header))
    return "the runtime header is missing: " + std::string(header);
  // The clang this build was configured with, else clang-19 on PATH.
  if (llvm::sys::fs::can_execute(EDGECC_CLANG_PATH)) {
    result.clang = EDGECC_CLANG_PATH;
  } else if (auto found = llvm::sys::findProgramByName("clang-19")) {
    result.clang = *found;
  } else {
    return "clang-19 was not found (install the clang-19 package)";
  }
  return "";
}

std::string Toolchain::runtimeLibrary(const Target &target) const {
  llvm::SmallString<256> path(libDir);
  llvm::sys::path::append(path, "edgecc", target.name(), "libedgecc_rt.a");
  return std::string(path);
}

std::string Toolchain::harnessSource() const {
  llvm::SmallString<256> path(shareDir);
  llvm::sys::path::append(path, "edgecc_harness.c");
  return std::string(path);
}

mlir::LogicalResult Toolchain::compileC(const Target &target,
                                        llvm::StringRef cpu,
                                        llvm::StringRef input,
                                        llvm::StringRef output,
                                        llvm::ArrayRef<std::string> extraFlags,
                                        std::string &errors) const {
  std::vector<std::string> argv = {clang, "--target=" + target.triple()};
  for (const std::string &flag : target.compileFlags(cpu))
    argv.push_back(flag);
  for (const char *flag : {"-std=c11", "-O3", "-fPIC", "-fno-math-errno", "-c"})
    argv.push_back(flag);
  argv.push_back("-I" + includeDir);
  argv.insert(argv.end(), extraFlags.begin(), extraFlags.end());
  argv.push_back(input.str());
  argv.push_back("-o");
  argv.push_back(output.str());
  return mlir::success(runProgram(argv, &errors) == 0);
}

mlir::LogicalResult Toolchain::checkOpenCL(llvm::StringRef source,
                                           std::string &errors) const {
  llvm::SmallString<128> path;
  if (llvm::sys::fs::createTemporaryFile("edgecc-kernels", "cl", path)) {
    errors = "cannot create a temporary file";
    return mlir::failure();
  }
  auto cleanup = llvm::make_scope_exit([&] { llvm::sys::fs::remove(path); });
  {
    std::error_code ec;
    llvm::raw_fd_ostream out(path, ec);
    if (ec) {
      errors = "cannot write " + path.str().str() + ": " + ec.message();
      return mlir::failure();
    }
    out << source;
  }
  // -finclude-default-header declares the OpenCL built-ins; only errors
  // matter (a device compiler may warn differently anyway).
  return mlir::success(runProgram({clang, "-x", "cl", "-cl-std=CL1.2",
                                   "-Xclang", "-finclude-default-header",
                                   "-fsyntax-only", "-w", path.str().str()},
                                  &errors) == 0);
}

std::string Toolchain::runtimePartIncludes(llvm::StringRef part) const {
  llvm::SmallString<256> path(shareDir);
  llvm::sys::path::append(path, part + "-include");
  return std::string(path);
}

const VectorISA *Toolchain::enabledVectorISA(const Target &target,
                                             llvm::StringRef cpu,
                                             std::string &errors) const {
  std::vector<const VectorISA *> candidates = target.vectorISAs();
  std::string probe;
  llvm::raw_string_ostream text(probe);
  for (auto [index, isa] : llvm::enumerate(candidates))
    text << (index ? "#elif " : "#if ") << isa->enabled
         << "\nedgecc_vector_isa " << index << "\n";
  text << "#endif\n";
  llvm::SmallString<128> source, preprocessed;
  if (llvm::sys::fs::createTemporaryFile("edgecc-isa", "c", source) ||
      llvm::sys::fs::createTemporaryFile("edgecc-isa", "i", preprocessed)) {
    errors = "cannot create a temporary file";
    return nullptr;
  }
  auto cleanup = llvm::make_scope_exit([&] {
    llvm::sys::fs::remove(source);
    llvm::sys::fs::remove(preprocessed);
  });
  {
    std::error_code ec;
    llvm::raw_fd_ostream out(source, ec);
    if (ec) {
      errors = "cannot write " + source.str().str() + ": " + ec.message();
      return nullptr;
    }
    out << probe;
  }
  std::vector<std::string> argv = {clang, "--target=" + target.triple()};
  for (const std::string &flag : target.compileFlags(cpu))
    argv.push_back(flag);
  llvm::append_range(argv,
                     std::vector<std::string>{"-E", "-P", source.str().str(),
                                              "-o", preprocessed.str().str()});
  if (runProgram(argv, &errors) != 0)
    return nullptr;
  if (auto buffer = llvm::MemoryBuffer::getFile(preprocessed)) {
    llvm::StringRef found =
        (*buffer)->getBuffer().split("edgecc_vector_isa ").second;
    unsigned index = 0;
    if (!found.empty() && !found.consumeInteger(10, index) &&
        index < candidates.size())
      return candidates[index];
  }
  errors = "clang enables none of the target's vector units for this CPU";
  return nullptr;
}

int edgecc::runProgram(llvm::ArrayRef<std::string> argv, std::string *errors) {
  llvm::SmallVector<llvm::StringRef> args(argv.begin(), argv.end());
  llvm::SmallString<128> errorFile;
  std::optional<llvm::StringRef> redirects[3] = {std::nullopt, std::nullopt,
                                                 std::nullopt};
  if (errors) {
    if (llvm::sys::fs::createTemporaryFile("edgecc-stderr", "txt", errorFile))
      return -1;
    redirects[2] = errorFile.str();
  }
  std::string message;
  std::string program = argv.front();
  if (!llvm::sys::path::has_parent_path(program))
    if (auto found = llvm::sys::findProgramByName(program))
      program = *found;
  int code = llvm::sys::ExecuteAndWait(program, args, std::nullopt, redirects,
                                       0, 0, &message);
  if (errors) {
    if (auto buffer = llvm::MemoryBuffer::getFile(errorFile))
      *errors = (*buffer)->getBuffer().str();
    if (!message.empty())
      *errors += message + "\n";
    llvm::sys::fs::remove(errorFile);
  }
  return code;
}
