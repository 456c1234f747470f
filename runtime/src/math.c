/*===- math.c - freestanding float math for generated code ----------------===
 *
 * exp(x) = 2^k * exp(r) with k = round(x / ln 2) and |r| <= ln(2) / 2. ln 2
 * is split in a high part with few significant bits, so k * ln2_hi is exact,
 * and a low correction. exp(r) is a degree-6 Taylor polynomial (error below
 * 2e-8 relative on the reduced range).
 *
 *===----------------------------------------------------------------------===*/

#include "float_bits.h"

static float scale_by_power_of_two(float value, int32_t exponent) {
  /* Two factors, so that 2^exponent below the normal range still yields
   * subnormal results instead of a zero factor. */
  int32_t half = exponent / 2;
  value *= edgecc_float_of((uint32_t)(half + 127) << 23);
  return value * edgecc_float_of((uint32_t)(exponent - half + 127) << 23);
}

float edgecc_expf(float x) {
  const float ln2_hi = 0.693145751953125f; /* 12 significant bits */
  const float ln2_lo = 1.428606765330187e-06f;
  const float inv_ln2 = 1.4426950408889634f;
  if (x != x)
    return x; /* NaN */
  if (x > 88.72283935546875f)
    return edgecc_float_of(0x7f800000u); /* +inf */
  if (x < -103.97208404541015625f)
    return 0.0f;
  float kf = x * inv_ln2;
  int32_t k = (int32_t)(kf + (kf >= 0.0f ? 0.5f : -0.5f));
  float r = (x - (float)k * ln2_hi) - (float)k * ln2_lo;
  float p =
      1.0f +
      r * (1.0f +
           r * (0.5f + r * (1.0f / 6.0f +
                            r * (1.0f / 24.0f +
                                 r * (1.0f / 120.0f + r * (1.0f / 720.0f))))));
  return scale_by_power_of_two(p, k);
}

/* tanh(x) = (1 - e) / (1 + e) with e = exp(-2|x|), which cannot overflow. */
float edgecc_tanhf(float x) {
  const float a = x < 0.0f ? -x : x;
  const float e = edgecc_expf(-2.0f * a);
  const float t = (1.0f - e) / (1.0f + e);
  return x < 0.0f ? -t : t;
}
