/*===- convert.c - bfloat16 and float8 conversions --------------------------===
 *
 * Generated code stores bfloat16 and the float8 types as their bit patterns
 * (uint16_t, uint8_t) and converts through float. Rounding is to nearest,
 * ties to even, as ONNX Cast specifies.
 *
 *===----------------------------------------------------------------------===*/

#include "float_bits.h"

float edgecc_bf16_to_float(uint16_t x) {
  return edgecc_float_of((uint32_t)x << 16);
}

uint16_t edgecc_float_to_bf16(float x) {
  uint32_t u = edgecc_bits_of(x);
  if (x != x)
    return 0x7FC0;
  /* Adding 0x7FFF plus the lowest kept bit rounds the dropped half to even;
   * a carry into the exponent is the correct rounding up. */
  return (uint16_t)((u + 0x7FFF + ((u >> 16) & 1)) >> 16);
}

/* The four ONNX float8 formats: mantissa bits, exponent bias, the largest
 * finite magnitude's code, and whether the format is "fnuz" (0x80 is the
 * only NaN; no infinities, no negative zero). E5M2 alone has infinities
 * (0x7C); E4M3FN's NaN is 0x7F. */
typedef struct {
  int mantissa_bits;
  int bias;
  uint8_t max_code;
  int fnuz;
} f8_format;

static const f8_format formats[] = {
    {3, 7, 0x7E, 0},  /* EDGECC_F8_E4M3FN */
    {3, 8, 0x7F, 1},  /* EDGECC_F8_E4M3FNUZ */
    {2, 15, 0x7B, 0}, /* EDGECC_F8_E5M2 */
    {2, 16, 0x7F, 1}, /* EDGECC_F8_E5M2FNUZ */
};

/* 2^e for the exponents float8 needs, without libm. */
static float power_of_two(int e) {
  return edgecc_float_of((uint32_t)(e + 127) << 23);
}

float edgecc_f8_to_float(uint8_t x, int format) {
  const f8_format *f = &formats[format];
  uint8_t magnitude = x & 0x7F;
  float nan = edgecc_float_of(0x7FC00000u);
  if (f->fnuz ? x == 0x80 : magnitude > f->max_code) {
    if (format == EDGECC_F8_E5M2 && magnitude == 0x7C)
      return edgecc_float_of(x & 0x80 ? 0xFF800000u : 0x7F800000u);
    return nan;
  }
  int exponent = magnitude >> f->mantissa_bits;
  int mantissa = magnitude & ((1 << f->mantissa_bits) - 1);
  float value =
      exponent == 0
          ? (float)mantissa * power_of_two(1 - f->bias - f->mantissa_bits)
          : (float)(mantissa | 1 << f->mantissa_bits) *
                power_of_two(exponent - f->bias - f->mantissa_bits);
  return x & 0x80 ? -value : value;
}

uint8_t edgecc_float_to_f8(float x, int format, int saturate) {
  const f8_format *f = &formats[format];
  uint8_t sign = (edgecc_bits_of(x) >> 24) & 0x80;
  uint8_t nan = f->fnuz ? 0x80 : (uint8_t)(sign | 0x7F);
  if (x != x)
    return nan;
  uint8_t overflow =
      saturate ? (uint8_t)(sign | f->max_code)
               : (format == EDGECC_F8_E5M2 ? (uint8_t)(sign | 0x7C) : nan);
  float magnitude = sign ? -x : x;
  if (magnitude > 3.0e38f) /* infinity */
    return overflow;
  int exponent = (int)((edgecc_bits_of(magnitude) >> 23) & 0xFF) - 127;
  int min_exponent = 1 - f->bias;
  /* The spacing of representable values around `magnitude` is 2^step:
   * fixed below the smallest normal, 2^(exponent - mantissa_bits) above.
   * `steps` (below 2^(mantissa_bits + 1)) is the rounded multiple; for a
   * normal value it holds the implicit leading bit, which the biased
   * exponent field absorbs (a carry to the next exponent included). */
  int step =
      (exponent < min_exponent ? min_exponent : exponent) - f->mantissa_bits;
  int code = (int)edgecc_roundf(magnitude * power_of_two(-step));
  if (exponent >= min_exponent)
    code += (exponent + f->bias - 1) << f->mantissa_bits;
  if (code > f->max_code)
    return overflow;
  if (code == 0 && f->fnuz)
    return 0;
  return (uint8_t)(sign | code);
}
