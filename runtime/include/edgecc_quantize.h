/*===- edgecc_quantize.h - quantized rounding and saturation ---------------===
 *
 * The one definition of edgecc's quantized arithmetic (docs/quantization.md):
 * the generated kernels of every backend call these, the compiler quantizes
 * constants with them, and the OpenCL kernels embed this file as it is.
 * C99 with <stdint.h>'s types, nothing else.
 *
 *===----------------------------------------------------------------------===*/

#ifndef EDGECC_QUANTIZE_H
#define EDGECC_QUANTIZE_H

/* Linear quantization (ONNX QuantizeLinear, QLinearConv, QLinearMatMul).
 * edgecc_quantizef: round(x / scale) with halves to even, plus zero_point,
 * saturated to [lo, hi]; NaN gives zero_point.
 * edgecc_requantize: round(acc * multiplier / 2^shift) with halves to even,
 * plus zero_point, saturated to [lo, hi]; exact integer arithmetic for
 * 0 <= shift <= 62 (the compiler's fixed-point form of a real multiplier),
 * of an int32 accumulator, or of an int64 one (edgecc_requantize_wide). */

/* Both inline and without branches, so that the kernels around them
 * vectorize; they need IEEE float arithmetic (no -ffast-math).
 * Rounding: below 2^23, adding 2^23 to |q| leaves no fraction bits, so the
 * sum is rounded to the nearest integer with halves to even (2^23 is even)
 * and subtracting 2^23 again is exact; from 2^23 up every float is an
 * integer. Saturation: r is an integer, so clamping it to [lo - zero_point,
 * hi - zero_point] (small integers, exact in float) before adding the zero
 * point saturates alike; the clamped value converts to int32 without
 * overflow, and in 32-bit lanes (no 64-bit conversion). NaN gives the zero
 * point and is never converted. */
static inline int32_t edgecc_quantizef(float x, float scale, int32_t zero_point,
                                       int32_t lo, int32_t hi) {
  const float two23 = 8388608.0f;
  const float q = x / scale;
  const float magnitude = q < 0.0f ? -q : q;
  const float rounded =
      magnitude < two23 ? (magnitude + two23) - two23 : magnitude;
  const float r = q < 0.0f ? -rounded : rounded;
  const float below = (float)(lo - zero_point),
              above = (float)(hi - zero_point);
  const float clamped = r < below ? below : (r > above ? above : r);
  const float converted = r != r ? 0.0f : clamped;
  return r != r ? zero_point : (int32_t)converted + zero_point;
}

/* round(product / 2^shift) with halves to even, plus zero_point, saturated
 * to [lo, hi], for |product| < 2^62 and 0 <= shift <= 62: offset by 2^62,
 * the product is a non-negative uint64 u, whose logical shift is the floor
 * division (the offset's own quotient comes off after). Rounding halves to
 * even is floor((u + 2^(shift-1) - 1 + odd) / 2^shift), odd the parity of
 * the floor quotient, which the offset flips only at shift 62. Everything
 * that depends on the shift alone is invariant in a loop over one
 * channel's outputs. */
static inline int32_t edgecc_round_shifted(int64_t product, int32_t shift,
                                           int32_t zero_point, int32_t lo,
                                           int32_t hi) {
  const uint64_t offset = (uint64_t)1 << 62;
  const uint64_t u = (uint64_t)product + offset;
  const uint64_t below_half = shift > 0 ? ((uint64_t)1 << (shift - 1)) - 1 : 0;
  const uint64_t odd = shift > 0 ? ((u >> shift) ^ (offset >> shift)) & 1 : 0;
  const int64_t value = (int64_t)((u + below_half + odd) >> shift) -
                        (int64_t)(offset >> shift) + zero_point;
  return value < lo ? lo : (value > hi ? hi : (int32_t)value);
}

/* The product of an int32 and a non-negative int32 lies in (-2^62, 2^62). */
static inline int32_t edgecc_requantize(int32_t acc, int32_t multiplier,
                                        int32_t shift, int32_t zero_point,
                                        int32_t lo, int32_t hi) {
  return edgecc_round_shifted((int64_t)acc * multiplier, shift, zero_point, lo,
                              hi);
}

/* edgecc_requantize of an int64 accumulator (16-bit activations), clamped
 * first to +-limit, limit = floor((2^62 - 1) / multiplier), so that the
 * product stays below 2^62. The compiler uses it only where every
 * accumulator beyond the limit saturates either way, clamped or not:
 * (max(|lo - zero_point|, |hi - zero_point|) + 1) * 2^shift <= limit *
 * multiplier. */
static inline int32_t edgecc_requantize_wide(int64_t acc, int64_t limit,
                                             int32_t multiplier, int32_t shift,
                                             int32_t zero_point, int32_t lo,
                                             int32_t hi) {
  const int64_t clamped = acc < -limit ? -limit : (acc > limit ? limit : acc);
  return edgecc_round_shifted(clamped * multiplier, shift, zero_point, lo, hi);
}

/* Not for OpenCL devices, many of which have no double precision. */
#ifndef __OPENCL_VERSION__
/* edgecc_requantize in double precision, for the kernels' epilogues:
 * scale = multiplier * 2^-shift, exact. It equals edgecc_requantize
 * wherever shift >= 31 and 2^(52 - shift) >= max(|lo - zero_point|,
 * |hi - zero_point|) + 2 (the compiler checks this). From shift 31 up
 * |acc * scale| < 2^31, so adding 1.5 * 2^52 lands in [2^52, 2^53), where
 * doubles are the integers: the sum is rounded with halves to even, and
 * taking the 1.5 * 2^52 off again is exact. The product is exact while
 * |acc * multiplier| < 2^53, and the sum then too; beyond, |acc * scale| >=
 * 2^(53 - shift), past either bound, which the rounded product then also
 * is, so it saturates alike (fused into one rounding, the product and sum
 * are exact throughout). The rounded value converts to int32 (it is below
 * 2^31), and is clamped before the zero point is added, so nothing
 * overflows. One 64-bit lane per output, but half the vector instructions
 * of the integer form. */
static inline int32_t edgecc_requantize_scaled(int32_t acc, double scale,
                                               int32_t zero_point, int32_t lo,
                                               int32_t hi) {
  const double magic = 6755399441055744.0; /* 1.5 * 2^52 */
  const int32_t rounded = (int32_t)(((double)acc * scale + magic) - magic);
  const int32_t below = lo - zero_point, above = hi - zero_point;
  return (rounded < below ? below : (rounded > above ? above : rounded)) +
         zero_point;
}

#endif /* __OPENCL_VERSION__ */

#endif /* EDGECC_QUANTIZE_H */
