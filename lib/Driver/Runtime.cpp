//===- Runtime.cpp - build libedgecc_rt.a for a target --------------------===//

#include "edgecc/Driver/Compiler.h"

#include "Target.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <deque>

using namespace mlir;
using namespace edgecc;

LogicalResult edgecc::buildRuntimeLibrary(const Target &target,
                                          const Toolchain &toolchain,
                                          StringRef output,
                                          MLIRContext &context) {
  Location loc = UnknownLoc::get(&context);
  SmallString<256> sourceDir(toolchain.shareDir);
  llvm::sys::path::append(sourceDir, "runtime");
  SmallString<128> scratch;
  if (llvm::sys::fs::createUniqueDirectory("edgecc-rt", scratch))
    return emitError(loc) << "cannot create a temporary directory";
  auto cleanup = llvm::make_scope_exit(
      [&] { llvm::sys::fs::remove_directories(scratch); });

  std::vector<llvm::NewArchiveMember> members;
  std::deque<std::string> objects; // member names point into these
  // The core, then the optional parts this target's apps need (their
  // sources in runtime/<part>/; apps that do not call them never link
  // them, nor what they depend on).
  auto compileSources = [&](StringRef dir, StringRef part,
                            std::vector<std::string> flags) -> LogicalResult {
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
         it.increment(ec)) {
      StringRef source = it->path();
      if (!source.ends_with(".c"))
        continue;
      const std::string &object = objects.emplace_back(
          (scratch + "/" + part + llvm::sys::path::stem(source) + ".o").str());
      std::string errors;
      if (failed(toolchain.compileC(target, /*cpu=*/"", source, object, flags,
                                    errors)))
        return emitError(loc)
               << "compiling the runtime source '" << source << "' failed:\n"
               << errors;
      auto member =
          llvm::NewArchiveMember::getFile(object, /*Deterministic=*/true);
      if (!member)
        return emitError(loc) << llvm::toString(member.takeError());
      member->MemberName = llvm::sys::path::filename(object);
      members.push_back(std::move(*member));
    }
    if (ec)
      return emitError(loc) << "cannot read '" << dir << "': " << ec.message();
    return success();
  };
  if (failed(compileSources(
          sourceDir, "", {"-std=c99", "-ffreestanding", "-Wall", "-Werror"})))
    return failure();
  if (members.empty())
    return emitError(loc) << "no runtime sources found in '" << sourceDir
                          << "'";
  for (const std::string &part : target.runtimeParts()) {
    SmallString<256> partDir(sourceDir);
    llvm::sys::path::append(partDir, part);
    // Hosted code: it calls the platform's library (OpenCL).
    if (failed(compileSources(partDir, part + "_",
                              {"-std=c99", "-Wall", "-Werror", "-isystem",
                               toolchain.runtimePartIncludes(part)})))
      return failure();
  }
  if (llvm::Error error = llvm::writeArchive(
          output, members, llvm::SymtabWritingMode::NormalSymtab,
          llvm::object::Archive::K_GNU,
          /*Deterministic=*/true, /*Thin=*/false))
    return emitError(loc) << "cannot write '" << output
                          << "': " << llvm::toString(std::move(error));
  return success();
}
