/*===- math_log.c - natural logarithm and power -----------------------------===
 *
 * log(x) = e * ln 2 + log(m) with x = m * 2^e and m in [sqrt(1/2), sqrt(2)).
 * log(m) = 2 * atanh(s) with s = (m - 1) / (m + 1), |s| < 0.172, summed as
 * the odd series s + s^3/3 + ... + s^9/9 (next term below 4e-10). ln 2 is
 * split so that e * ln2_hi is exact.
 *
 *===----------------------------------------------------------------------===*/

#include "float_bits.h"

float edgecc_logf(float x) {
  const float ln2_hi = 0.693145751953125f, ln2_lo = 1.428606765330187e-06f;
  edgecc_float_bits u;
  u.value = x;
  if (x != x || x < 0.0f)
    return (x - x) / (x - x); /* NaN */
  if (x == 0.0f)
    return -1.0f / 0.0f;
  if (u.bits == 0x7f800000u)
    return x; /* +inf */
  int32_t exponent = 0;
  if (u.bits < 0x00800000u) { /* subnormal: scale into the normal range */
    u.value *= 8388608.0f;
    exponent = -23;
  }
  exponent += (int32_t)(u.bits >> 23) - 127;
  u.bits = (u.bits & 0x007fffffu) | 0x3f800000u; /* m in [1, 2) */
  if (u.value > 1.41421356f) {
    u.value *= 0.5f;
    exponent += 1;
  }
  float s = (u.value - 1.0f) / (u.value + 1.0f), s2 = s * s;
  float series =
      2.0f * s *
      (1.0f +
       s2 * (1.0f / 3.0f +
             s2 * (1.0f / 5.0f + s2 * (1.0f / 7.0f + s2 * (1.0f / 9.0f)))));
  float e = (float)exponent;
  return e * ln2_hi + (series + e * ln2_lo);
}

/* x^y: exact repeated squaring for integral y (any sign of x, as numpy),
 * exp(y * log(x)) otherwise. */
float edgecc_powf(float x, float y) {
  if (y == 0.0f)
    return 1.0f;
  if (y != y || x != x)
    return x + y;
  if (edgecc_floorf(y) == y && y > -2147483648.0f && y < 2147483648.0f) {
    int64_t n = (int64_t)y;
    uint64_t bits = (uint64_t)(n < 0 ? -n : n);
    float result = 1.0f, base = x;
    for (; bits; bits >>= 1, base *= base)
      if (bits & 1u)
        result *= base;
    return n < 0 ? 1.0f / result : result;
  }
  if (x < 0.0f)
    return (x - x) / (x - x); /* NaN: a negative base, fractional exponent */
  if (x == 0.0f)
    return y > 0.0f ? 0.0f : 1.0f / 0.0f;
  return edgecc_expf(y * edgecc_logf(x));
}

int64_t edgecc_powi(int64_t base, int64_t exponent) {
  if (exponent < 0) /* 1/base^n truncates to 0 unless |base| is 1 */
    return base == 1 ? 1 : base == -1 ? (exponent % 2 ? -1 : 1) : 0;
  /* Unsigned arithmetic wraps as the result type does, without UB. */
  uint64_t result = 1, square = (uint64_t)base;
  for (uint64_t bits = (uint64_t)exponent; bits; bits >>= 1, square *= square)
    if (bits & 1u)
      result *= square;
  return (int64_t)result;
}
