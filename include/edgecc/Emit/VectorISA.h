//===- VectorISA.h - what the kernel generator knows of a vector unit
//-*-C++-*-//
//
// Register-tiled kernels are scheduled once, against this description: the
// tile shape comes from the lane count and register count, and emission
// spells the handful of operations a micro-kernel needs with the strings
// below. AVX-512 (with or without VNNI), AVX2, SSE2 and NEON differ only in
// these fields.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_EMIT_VECTORISA_H
#define EDGECC_EMIT_VECTORISA_H

#include <vector>

namespace edgecc {

/// An instruction that adds to each 32-bit lane the dot product of 4
/// unsigned bytes of one operand and 4 signed values of the other: what
/// the 8-bit conv micro-kernel is scheduled around.
struct ByteDotISA {
  const char *intVector; ///< C type of one vector of int32 lanes
  // C expressions over operands {0}, {1}, {2}, {3} (llvm::formatv syntax).
  const char *load;      ///< the vector at `const void *{0}` (unaligned)
  const char *broadcast; ///< every lane `int32_t {0}`
  const char *zero;
  /// {2} plus, per lane, the unsigned bytes of {0} dotted with the signed
  /// bytes of {1}; the sum wraps.
  const char *dot;
  /// Null, or the same for a unit that multiplies 16-bit pairs, with the
  /// signed operand widened at compile time: bytes 0 and 2 of {0} dotted
  /// with {1}'s 16-bit pair and bytes 1 and 3 with {3}'s.
  const char *pairDot;
  const char *store; ///< statement storing vector {1} at `int32_t *{0}`
  /// Independent sums `dot` needs in flight to issue at its full rate: a
  /// register tile keeps at least this many accumulators busy.
  unsigned chains;
};

struct VectorISA {
  const char *name;        ///< as the report and tests name it
  const char *header;      ///< the C header declaring the intrinsics
  const char *enabled;     ///< preprocessor condition: the compiler has it
  const char *floatVector; ///< C type of one vector of float32
  unsigned floatLanes;
  unsigned registers; ///< architectural vector registers
  /// Independent sums `fma` needs in flight to issue at its full rate (its
  /// latency times the FMA pipes, plus what the loads feeding it take): a
  /// register tile keeps at least this many accumulators busy.
  unsigned fmaChains;
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
  /// Null when the unit has no 4-way byte dot product: the 8-bit kernels
  /// are then plain C.
  const ByteDotISA *byteDot = nullptr;
};

const VectorISA &avx512ISA();
/// AVX-512 with VNNI's vpdpbusd for 8-bit products.
const VectorISA &avx512VnniISA();
const VectorISA &avx2ISA();
const VectorISA &sse2ISA();
const VectorISA &neonISA();
/// The x86 ones, widest first.
std::vector<const VectorISA *> x86VectorISAs();

} // namespace edgecc

#endif
