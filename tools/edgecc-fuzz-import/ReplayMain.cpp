//===- ReplayMain.cpp - run the fuzz target on files, without libFuzzer ---===//
//
// In builds without libFuzzer, `edgecc-fuzz-import FILE...` feeds each file
// to the fuzz target once: a regression run over a corpus.
//
//===----------------------------------------------------------------------===//

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    auto buffer = llvm::MemoryBuffer::getFile(argv[i], /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!buffer) {
      llvm::errs() << "edgecc-fuzz-import: cannot read '" << argv[i] << "'\n";
      return 1;
    }
    LLVMFuzzerTestOneInput(
        reinterpret_cast<const uint8_t *>((*buffer)->getBufferStart()),
        (*buffer)->getBufferSize());
  }
  llvm::outs() << "edgecc-fuzz-import: " << argc - 1 << " inputs imported\n";
  return 0;
}
