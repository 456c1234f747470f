/*===- math_trig.c - sine, cosine and arctangent ----------------------------===
 *
 * sin/cos: x = k * pi/2 + r with |r| <= pi/4, pi/2 split in three parts
 * (Cody-Waite) so that r keeps its precision for |x| up to about 1e5; then
 * Taylor polynomials on r (errors below 2e-9) picked by the quadrant k mod 4.
 * atan: reduced to [0, tan(pi/8)] through atan(x) = pi/2 - atan(1/x) and
 * atan(t) = pi/4 + atan((t - 1) / (t + 1)); then the odd series to u^19.
 *
 *===----------------------------------------------------------------------===*/

#include "edgecc_rt.h"

static const float kHalfPi = 1.57079632679489662f;

static float sin_poly(float r) {
  float r2 = r * r;
  return r * (1.0f + r2 * (-1.0f / 6.0f +
                           r2 * (1.0f / 120.0f +
                                 r2 * (-1.0f / 5040.0f + r2 * (1.0f / 362880.0f)))));
}

static float cos_poly(float r) {
  float r2 = r * r;
  return 1.0f +
         r2 * (-0.5f +
               r2 * (1.0f / 24.0f +
                     r2 * (-1.0f / 720.0f +
                           r2 * (1.0f / 40320.0f + r2 * (-1.0f / 3628800.0f)))));
}

/* r and the quadrant of x. */
static int32_t reduce_half_pi(float x, float *r) {
  const float part1 = 1.5703125f, part2 = 4.837512969970703125e-4f,
              part3 = 7.54978995489188216e-8f;
  float kf = x * (1.0f / kHalfPi);
  int32_t k = (int32_t)(kf + (kf >= 0.0f ? 0.5f : -0.5f));
  float kk = (float)k;
  *r = ((x - kk * part1) - kk * part2) - kk * part3;
  return k & 3;
}

float edgecc_sinf(float x) {
  if (x != x || x - x != 0.0f)
    return (x - x) / (x - x); /* NaN for NaN and infinities */
  float r;
  switch (reduce_half_pi(x, &r)) {
  case 0:
    return sin_poly(r);
  case 1:
    return cos_poly(r);
  case 2:
    return -sin_poly(r);
  default:
    return -cos_poly(r);
  }
}

float edgecc_cosf(float x) {
  if (x != x || x - x != 0.0f)
    return (x - x) / (x - x);
  float r;
  switch (reduce_half_pi(x, &r)) {
  case 0:
    return cos_poly(r);
  case 1:
    return -sin_poly(r);
  case 2:
    return -cos_poly(r);
  default:
    return sin_poly(r);
  }
}

float edgecc_atanf(float x) {
  if (x != x)
    return x;
  float t = x < 0.0f ? -x : x, offset = 0.0f;
  int inverted = t > 1.0f;
  if (inverted)
    t = 1.0f / t; /* 1/inf = 0 gives pi/2 */
  if (t > 0.41421356f) {
    t = (t - 1.0f) / (t + 1.0f);
    offset = 0.78539816339744831f;
  }
  float t2 = t * t, sum = 0.0f;
  for (int n = 19; n >= 3; n -= 2)
    sum = t2 * ((n % 4 == 1 ? 1.0f : -1.0f) / (float)n + sum);
  float result = offset + t * (1.0f + sum);
  if (inverted)
    result = kHalfPi - result;
  return x < 0.0f ? -result : result;
}
