//===- VectorISA.cpp - the vector units edgecc emits kernels for ----------===//

#include "edgecc/Emit/VectorISA.h"

#include "llvm/Support/FormatVariadic.h"

#include <string>

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

const VectorISA &edgecc::avx512VnniISA() {
  static const ByteDotISA vpdpbusd{"__m512i",
                                   "_mm512_loadu_si512({0})",
                                   "_mm512_set1_epi32({0})",
                                   "_mm512_setzero_si512()",
                                   "_mm512_dpbusd_epi32({2}, {0}, {1})",
                                   "_mm512_storeu_si512({0}, {1});"};
  static const VectorISA isa = [] {
    VectorISA vnni = avx512ISA();
    vnni.name = "avx512-vnni";
    vnni.enabled = "defined(__AVX512F__) && defined(__AVX512VNNI__)";
    vnni.byteDot = &vpdpbusd;
    return vnni;
  }();
  return isa;
}

// Without VNNI the byte products go through 16 bits: bytes widened (the
// weights sign-extended), multiplied and added in pairs by pmaddwd, and the
// pairs of each 4-byte group added. Every step is exact.
const VectorISA &edgecc::avx2ISA() {
  static const ByteDotISA pairs{
      "__m256i", "_mm256_loadu_si256((const __m256i *)({0}))",
      "_mm256_set1_epi32({0})", "_mm256_setzero_si256()",
      // hadd keeps the pixels in order: per 128-bit half, pixels 0-1 from
      // the low bytes and 2-3 from the high ones.
      "_mm256_add_epi32({2}, _mm256_hadd_epi32("
      "_mm256_madd_epi16(_mm256_unpacklo_epi8({0}, _mm256_setzero_si256()), "
      "_mm256_unpacklo_epi8({1}, _mm256_cmpgt_epi8(_mm256_setzero_si256(), "
      "{1}))), "
      "_mm256_madd_epi16(_mm256_unpackhi_epi8({0}, _mm256_setzero_si256()), "
      "_mm256_unpackhi_epi8({1}, _mm256_cmpgt_epi8(_mm256_setzero_si256(), "
      "{1})))))",
      "_mm256_storeu_si256((__m256i *)({0}), {1});"};
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
      "_mm256_max_ps({0}, {1})", "_mm256_min_ps({0}, {1})", &pairs};
  return isa;
}

// x86-64's baseline has no FMA: a multiply and an add, rounded twice. Its
// byte products go through pmaddwd as on AVX2, the pairs added by taking
// the even and the odd lanes of both halves (no hadd before SSSE3).
const VectorISA &edgecc::sse2ISA() {
  auto half = [](const char *unpack) {
    return llvm::formatv("_mm_castsi128_ps(_mm_madd_epi16({0}({{0}, "
                         "_mm_setzero_si128()), {0}({{1}, "
                         "_mm_cmpgt_epi8(_mm_setzero_si128(), {{1}))))",
                         unpack)
        .str();
  };
  static const std::string dot =
      llvm::formatv("_mm_add_epi32({{2}, _mm_add_epi32("
                    "_mm_castps_si128(_mm_shuffle_ps({0}, {1}, 0x88)), "
                    "_mm_castps_si128(_mm_shuffle_ps({0}, {1}, 0xDD))))",
                    half("_mm_unpacklo_epi8"), half("_mm_unpackhi_epi8"))
          .str();
  static const ByteDotISA pairs{"__m128i",
                                "_mm_loadu_si128((const __m128i *)({0}))",
                                "_mm_set1_epi32({0})",
                                "_mm_setzero_si128()",
                                dot.c_str(),
                                "_mm_storeu_si128((__m128i *)({0}), {1});"};
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
      "_mm_min_ps({0}, {1})",
      &pairs};
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
  return {&avx512VnniISA(), &avx512ISA(), &avx2ISA(), &sse2ISA()};
}
