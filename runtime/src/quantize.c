/*===- quantize.c - linear quantization and requantization ------------------===
 *
 * The one definition of edgecc's quantized rounding and saturation: every
 * backend's generated code calls these, and the host unit tests check them.
 *
 *===----------------------------------------------------------------------===*/

#include "edgecc_rt.h"

static int32_t saturate(int64_t value, int32_t lo, int32_t hi) {
  return value < lo ? lo : (value > hi ? hi : (int32_t)value);
}

int32_t edgecc_quantizef(float x, float scale, int32_t zero_point, int32_t lo,
                         int32_t hi) {
  float q = edgecc_roundf(x / scale);
  if (q != q)
    return zero_point;
  /* Clamp before converting: a float beyond int64 has no conversion. */
  if (q < -2147483648.0f)
    return lo;
  if (q > 2147483520.0f)
    return hi;
  return saturate((int64_t)q + zero_point, lo, hi);
}

int32_t edgecc_requantize(int32_t acc, int32_t multiplier, int32_t shift,
                          int32_t zero_point, int32_t lo, int32_t hi) {
  int64_t product = (int64_t)acc * multiplier;
  if (shift == 0)
    return saturate(product + zero_point, lo, hi);
  /* Floor division by 2^shift that does not rely on the implementation-
   * defined right shift of negative numbers, then round half to even. */
  int64_t quotient = product >= 0 ? product >> shift
                                  : -((-product - 1) >> shift) - 1;
  int64_t remainder = product - quotient * ((int64_t)1 << shift);
  int64_t halfway = (int64_t)1 << (shift - 1);
  if (remainder > halfway || (remainder == halfway && (quotient & 1)))
    ++quotient;
  return saturate(quotient + zero_point, lo, hi);
}
