//===- VectorISA.h - what the kernel generator knows of a vector unit
//-*-C++-*-//
//
// Register-tiled kernels are scheduled once, against this description: the
// tile shape comes from the lane count and register count, and emission
// spells the handful of operations a micro-kernel needs with the strings
// below. AVX-512, AVX2, SSE2 and NEON differ only in these fields.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_EMIT_VECTORISA_H
#define EDGECC_EMIT_VECTORISA_H

#include <vector>

namespace edgecc {

struct VectorISA {
  const char *name;        ///< as the report and tests name it
  const char *header;      ///< the C header declaring the intrinsics
  const char *enabled;     ///< preprocessor condition: the compiler has it
  const char *floatVector; ///< C type of one vector of float32
  unsigned floatLanes;
  unsigned registers; ///< architectural vector registers
  // C expressions over operands {0}, {1}, {2} (llvm::formatv syntax).
  const char *load; ///< the vector at `const float *{0}` (unaligned)
  /// The even elements of the 2 * lanes floats at `const float *{0}`.
  const char *loadEven;
  const char *store;     ///< statement storing vector {1} at `float *{0}`
  const char *broadcast; ///< every lane `float {0}`
  const char *add;       ///< {0} + {1}, lane by lane
  const char *fma;       ///< {0} * {1} + {2}, lane by lane
  const char *max;
  const char *min;
};

const VectorISA &avx512ISA();
const VectorISA &avx2ISA();
const VectorISA &sse2ISA();
const VectorISA &neonISA();
/// The x86 ones, widest first.
std::vector<const VectorISA *> x86VectorISAs();

} // namespace edgecc

#endif
