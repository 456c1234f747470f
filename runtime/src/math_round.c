/*===- math_round.c - floor, ceil and round-half-to-even --------------------===
 *
 * Every float of magnitude 2^23 or more is an integer already (and NaN and
 * infinities are returned as they are), so the rest fits an int32 and a
 * truncating conversion does the work without libm or the rounding mode.
 *
 *===----------------------------------------------------------------------===*/

#include "edgecc_rt.h"

static int is_small(float x) { return x > -8388608.0f && x < 8388608.0f; }

float edgecc_floorf(float x) {
  if (!is_small(x))
    return x;
  float t = (float)(int32_t)x;
  return t > x ? t - 1.0f : t;
}

float edgecc_ceilf(float x) {
  if (!is_small(x))
    return x;
  float t = (float)(int32_t)x;
  return t < x ? t + 1.0f : t;
}

/* ONNX Round: halves go to the even neighbour. */
float edgecc_roundf(float x) {
  if (!is_small(x))
    return x;
  int32_t t = (int32_t)x;
  float fraction = x - (float)t;
  float magnitude = fraction < 0.0f ? -fraction : fraction;
  int32_t away = fraction < 0.0f ? -1 : 1;
  if (magnitude > 0.5f || (magnitude == 0.5f && (t & 1)))
    t += away;
  return (float)t;
}

/* C fmod: a - n * b with n = trunc(a / b), computed exactly. Each step
 * subtracts b * 2^k from a remainder in [b * 2^k, b * 2^(k+1)), which is
 * exact (Sterbenz), so large quotients lose nothing. */
float edgecc_fmodf(float a, float b) {
  float x = a < 0.0f ? -a : a, y = b < 0.0f ? -b : b;
  if (y == 0.0f || x != x || y != y || x - x != 0.0f)
    return (a - a) / (a - a) + (y - y); /* NaN */
  if (x < y)
    return a;
  float t = y;
  while (t <= x * 0.5f)
    t *= 2.0f;
  for (; t >= y; t *= 0.5f)
    if (x >= t)
      x -= t;
  return a < 0.0f ? -x : x;
}
