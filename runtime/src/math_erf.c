/*===- math_erf.c - the error function --------------------------------------===
 *
 * |x| < 1: the Maclaurin series 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
 * to n = 11 (next term below 1e-9), which keeps the relative error small near
 * 0. |x| >= 1: 1 - t * P(t) * exp(-x^2) with t = 1 / (1 + p|x|), the
 * five-term approximation of Abramowitz and Stegun 7.1.26 (absolute error
 * below 1.5e-7, 2.5e-7 with float rounding; erf is at least 0.84 there).
 *
 *===----------------------------------------------------------------------===*/

#include "edgecc_rt.h"

float edgecc_erff(float x) {
  if (x != x)
    return x;
  float a = x < 0.0f ? -x : x, result;
  if (a < 1.0f) {
    float x2 = a * a, term = a, sum = a;
    for (int n = 1; n <= 11; ++n) {
      term *= -x2 / (float)n;
      sum += term / (float)(2 * n + 1);
    }
    result = 1.12837916709551257f * sum;
  } else {
    float t = 1.0f / (1.0f + 0.3275911f * a);
    float poly =
        t * (0.254829592f +
             t * (-0.284496736f +
                  t * (1.421413741f + t * (-1.453152027f + t * 1.061405429f))));
    result = 1.0f - poly * edgecc_expf(-a * a);
  }
  return x < 0.0f ? -result : result;
}
