//===- VectorISA.cpp - the vector units edgecc emits kernels for ----------===//

#include "edgecc/Emit/VectorISA.h"

using namespace edgecc;

const VectorISA &edgecc::avx512ISA() {
  static const VectorISA isa{
      "avx512",
      "immintrin.h",
      "defined(__AVX512F__)",
      "__m512",
      16,
      32,
      "_mm512_loadu_ps({0})",
      "_mm512_permutex2var_ps(_mm512_loadu_ps({0}), "
      "_mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, "
      "14, 12, 10, 8, 6, 4, 2, 0), _mm512_loadu_ps({0} + 16))",
      "_mm512_storeu_ps({0}, {1});",
      "_mm512_set1_ps({0})",
      "_mm512_add_ps({0}, {1})",
      "_mm512_fmadd_ps({0}, {1}, {2})",
      "_mm512_max_ps({0}, {1})",
      "_mm512_min_ps({0}, {1})"};
  return isa;
}

const VectorISA &edgecc::avx2ISA() {
  static const VectorISA isa{
      "avx2", "immintrin.h", "defined(__AVX2__) && defined(__FMA__)", "__m256",
      8, 16, "_mm256_loadu_ps({0})",
      // Evens of each 128-bit half, then the halves' 64-bit
      // pairs in order.
      "_mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd("
      "_mm256_shuffle_ps(_mm256_loadu_ps({0}), "
      "_mm256_loadu_ps({0} + 8), 0x88)), 0xD8))",
      "_mm256_storeu_ps({0}, {1});", "_mm256_set1_ps({0})",
      "_mm256_add_ps({0}, {1})", "_mm256_fmadd_ps({0}, {1}, {2})",
      "_mm256_max_ps({0}, {1})", "_mm256_min_ps({0}, {1})"};
  return isa;
}

// x86-64's baseline has no FMA: a multiply and an add, rounded twice.
const VectorISA &edgecc::sse2ISA() {
  static const VectorISA isa{
      "sse2",
      "emmintrin.h",
      "defined(__SSE2__)",
      "__m128",
      4,
      16,
      "_mm_loadu_ps({0})",
      "_mm_shuffle_ps(_mm_loadu_ps({0}), _mm_loadu_ps({0} + "
      "4), 0x88)",
      "_mm_storeu_ps({0}, {1});",
      "_mm_set1_ps({0})",
      "_mm_add_ps({0}, {1})",
      "_mm_add_ps(_mm_mul_ps({0}, {1}), {2})",
      "_mm_max_ps({0}, {1})",
      "_mm_min_ps({0}, {1})"};
  return isa;
}

const VectorISA &edgecc::neonISA() {
  static const VectorISA isa{"neon",
                             "arm_neon.h",
                             "defined(__ARM_NEON)",
                             "float32x4_t",
                             4,
                             32,
                             "vld1q_f32({0})",
                             "vld2q_f32({0}).val[0]",
                             "vst1q_f32({0}, {1});",
                             "vdupq_n_f32({0})",
                             "vaddq_f32({0}, {1})",
                             "vfmaq_f32({2}, {0}, {1})",
                             "vmaxq_f32({0}, {1})",
                             "vminq_f32({0}, {1})"};
  return isa;
}

std::vector<const VectorISA *> edgecc::x86VectorISAs() {
  return {&avx512ISA(), &avx2ISA(), &sse2ISA()};
}
