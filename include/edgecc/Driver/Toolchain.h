//===- Toolchain.h - the files and programs edgecc drives -------*- C++ -*-===//
//
// edgecc finds everything relative to its own executable, so the build tree
// and an installed tree work the same way:
//   <prefix>/bin/edgecc
//   <prefix>/include/edgecc_rt.h
//   <prefix>/lib/edgecc/<target>/libedgecc_rt.a
//   <prefix>/share/edgecc/edgecc_harness.c
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_DRIVER_TOOLCHAIN_H
#define EDGECC_DRIVER_TOOLCHAIN_H

#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/ArrayRef.h"

#include <string>

namespace edgecc {

class Target;
struct VectorISA;

struct Toolchain {
  std::string clang;
  std::string includeDir;
  std::string libDir;
  std::string shareDir;

  /// Locates the toolchain from the running executable; on failure returns
  /// an error message naming what is missing.
  static std::string locate(const char *argv0, void *mainAddress,
                            Toolchain &result);

  std::string runtimeLibrary(const Target &target) const;
  std::string harnessSource() const;

  /// Compiles C source `input` for `target` and CPU `cpu` (empty: the
  /// target's default) into an object file.
  mlir::LogicalResult compileC(const Target &target, llvm::StringRef cpu,
                               llvm::StringRef input, llvm::StringRef output,
                               llvm::ArrayRef<std::string> extraFlags,
                               std::string &errors) const;
  /// Checks that OpenCL C 1.2 `source` compiles (clang -fsyntax-only), so
  /// that a broken kernel is edgecc's error, not the device's at init.
  mlir::LogicalResult checkOpenCL(llvm::StringRef source,
                                  std::string &errors) const;
  /// The headers the optional runtime part `part` (Target::runtimeParts)
  /// compiles against: <prefix>/share/edgecc/<part>-include.
  std::string runtimePartIncludes(llvm::StringRef part) const;
  /// The widest of `target`'s vector units that clang enables for `cpu`:
  /// each unit's `enabled` condition is evaluated by clang's preprocessor
  /// with the target's flags for that CPU. Null, with clang's messages in
  /// `errors`, when clang rejects the CPU.
  const VectorISA *enabledVectorISA(const Target &target, llvm::StringRef cpu,
                                    std::string &errors) const;
};

/// Runs a program and waits; its stderr is captured into `errors` when
/// `captureErrors` is set. Returns the exit code, or -1 if it did not run.
int runProgram(llvm::ArrayRef<std::string> argv, std::string *errors);

} // namespace edgecc

#endif
