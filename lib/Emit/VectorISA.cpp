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
      // 4-cycle FMAs on two pipes; with 32 registers its tiles hold 14 to
      // 28 accumulators anyway.
      8,
      "_mm512_loadu_ps({0})",
      "_mm512_permutex2var_ps(_mm512_loadu_ps({0}), "
      "_mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, "
      "14, 12, 10, 8, 6, 4, 2, 0), _mm512_loadu_ps({0} + 16))",
      "_mm512_storeu_ps({0}, {1});",
      "_mm512_set1_ps({0})",
      "_mm512_add_ps({0}, {1})",
      "_mm512_fmadd_ps({0}, {1}, {2})",
      "_mm512_max_ps({0}, {1})",
      "_mm512_min_ps({0}, {1})",
  };
  return isa;
}

const VectorISA &edgecc::avx512VnniISA() {
  static const ByteDotISA vpdpbusd{
      "__m512i",
      "_mm512_loadu_si512({0})",
      "_mm512_set1_epi32({0})",
      "_mm512_setzero_si512()",
      "_mm512_dpbusd_epi32({2}, {0}, {1})",
      nullptr,
      "_mm512_storeu_si512({0}, {1});",
      // Tiles of 8 pixels over channel lanes beat 16-channel ones on Zen 5's
      // ResNet-50.
      8,
  };
  static const VectorISA isa = [] {
    VectorISA vnni = avx512ISA();
    vnni.name = "avx512-vnni";
    vnni.enabled = "defined(__AVX512F__) && defined(__AVX512VNNI__)";
    vnni.byteDot = &vpdpbusd;
    return vnni;
  }();
  return isa;
}

/// The byte dot products of `prefix`'s intrinsics (_mm256_) on vectors of
/// `bits`, without VNNI: through pmaddwd's 16-bit pairs. Each 32-bit lane's
/// 4 bytes are two 16-bit halves: the unsigned bytes 0 and 2 come out
/// zero-extended by a mask, 1 and 3 by a logical shift; the signed bytes 0
/// and 2 sign-extended by shifting left and back arithmetically, 1 and 3 by
/// the arithmetic shift alone, unless they were widened at compile time
/// (`widened`: the pairs are operands of their own). pmaddwd of the even
/// halves and of the odd ones leaves each lane's 4 products in two pair
/// sums, exactly (a pair sum is at most 2 * 255 * 128 in magnitude), in the
/// lane they came from: no horizontal add. The unsigned vectors' halves are
/// shared by all the broadcasts they meet, the broadcasts' by all the
/// vectors. (A 3x3 conv of 64 channels ran 1.5 to 2 times faster this way
/// than with the bytes unpacked into 16-bit pairs and the pairs added
/// horizontally, and widened weights took it from 2.0 to 1.8 ms on a Zen 3.
/// pmaddubsw would take the bytes as they are, but its 16-bit pair sums
/// saturate.)
static std::string pairedByteDot(llvm::StringRef prefix, llvm::StringRef bits,
                                 bool widened) {
  return llvm::formatv(
             "{0}add_epi32({{2}, {0}add_epi32("
             "{0}madd_epi16({0}and_si{1}({{0}, {0}set1_epi16(0xFF)), {2}), "
             "{0}madd_epi16({0}srli_epi16({{0}, 8), {3})))",
             prefix, bits,
             widened ? "{1}"
                     : llvm::formatv("{0}srai_epi16({0}slli_epi16({{1}, 8), 8)",
                                     prefix)
                           .str(),
             widened ? "{3}"
                     : llvm::formatv("{0}srai_epi16({{1}, 8)", prefix).str())
      .str();
}

const VectorISA &edgecc::avx2ISA() {
  static const std::string dot = pairedByteDot("_mm256_", "256", false),
                           pairDot = pairedByteDot("_mm256_", "256", true);
  static const ByteDotISA pairs{
      "__m256i",
      "_mm256_loadu_si256((const __m256i *)({0}))",
      "_mm256_set1_epi32({0})",
      "_mm256_setzero_si256()",
      dot.c_str(),
      pairDot.c_str(),
      "_mm256_storeu_si256((__m256i *)({0}), {1});",
      // Only the last add is on the chain: 12 ran ResNet-18 and -50 1-3%
      // slower.
      8,
  };
  static const VectorISA isa{
      "avx2",
      "immintrin.h",
      "defined(__AVX2__) && defined(__FMA__)",
      "__m256",
      8,
      16,
      // Twice the 4-cycle latency of two pipes is too tight: on Zen 3, 6x16
      // and 4x24 tiles (12 accumulators) ran ResNet-18 7% and ResNet-50 6%
      // faster than the 4x16 ones of 8 chains.
      12,
      "_mm256_loadu_ps({0})",
      // Evens of each 128-bit half, then the halves' 64-bit
      // pairs in order.
      "_mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd("
      "_mm256_shuffle_ps(_mm256_loadu_ps({0}), "
      "_mm256_loadu_ps({0} + 8), 0x88)), 0xD8))",
      "_mm256_storeu_ps({0}, {1});",
      "_mm256_set1_ps({0})",
      "_mm256_add_ps({0}, {1})",
      "_mm256_fmadd_ps({0}, {1}, {2})",
      "_mm256_max_ps({0}, {1})",
      "_mm256_min_ps({0}, {1})",
      &pairs,
  };
  return isa;
}

// x86-64's baseline has no FMA: a multiply and an add, rounded twice. Its
// byte products go through pmaddwd as on AVX2.
const VectorISA &edgecc::sse2ISA() {
  static const std::string dot = pairedByteDot("_mm_", "128", false),
                           pairDot = pairedByteDot("_mm_", "128", true);
  static const ByteDotISA pairs{
      "__m128i",
      "_mm_loadu_si128((const __m128i *)({0}))",
      "_mm_set1_epi32({0})",
      "_mm_setzero_si128()",
      dot.c_str(),
      pairDot.c_str(),
      "_mm_storeu_si128((__m128i *)({0}), {1});",
      8,
  };
  static const VectorISA isa{
      "sse2",
      "emmintrin.h",
      "defined(__SSE2__)",
      "__m128",
      4,
      16,
      // A multiply and an add: with 12 chains (6x8 tiles) ResNet-18 ran
      // 24% slower on Zen 3 than with 8.
      8,
      "_mm_loadu_ps({0})",
      "_mm_shuffle_ps(_mm_loadu_ps({0}), _mm_loadu_ps({0} + "
      "4), 0x88)",
      "_mm_storeu_ps({0}, {1});",
      "_mm_set1_ps({0})",
      "_mm_add_ps({0}, {1})",
      "_mm_add_ps(_mm_mul_ps({0}, {1}), {2})",
      "_mm_max_ps({0}, {1})",
      "_mm_min_ps({0}, {1})",
      &pairs,
  };
  return isa;
}

const VectorISA &edgecc::neonISA() {
  static const VectorISA isa{
      "neon",
      "arm_neon.h",
      "defined(__ARM_NEON)",
      "float32x4_t",
      4,
      32,
      // 4-cycle FMAs on two pipes (Cortex-A76).
      8,
      "vld1q_f32({0})",
      "vld2q_f32({0}).val[0]",
      "vst1q_f32({0}, {1});",
      "vdupq_n_f32({0})",
      "vaddq_f32({0}, {1})",
      "vfmaq_f32({2}, {0}, {1})",
      "vmaxq_f32({0}, {1})",
      "vminq_f32({0}, {1})",
  };
  return isa;
}

std::vector<const VectorISA *> edgecc::x86VectorISAs() {
  return {&avx512VnniISA(), &avx512ISA(), &avx2ISA(), &sse2ISA()};
}
