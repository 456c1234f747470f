/*===- float_formats.h - bfloat16 and float8 conversions --------------------===
 *
 * The definitions of the runtime's bfloat16 and float8 conversions, declared
 * in edgecc_rt.h. They are written in the part of C99 that OpenCL C 1.2
 * shares: convert.c compiles them into the runtime, and the OpenCL kernels
 * embed this file as it is (OpenCLEmitter.cpp), so that a device converts
 * exactly as the CPU does. The includer provides <stdint.h>'s types, the
 * EDGECC_F8_* formats, edgecc_bits_of and edgecc_float_of (a float's bit
 * pattern and back), edgecc_exp2i (2^k) and edgecc_roundf (halves to
 * even).
 *
 * Generated code stores bfloat16 and the float8 types as their bit patterns
 * (uint16_t, uint8_t) and converts through float. Rounding is to nearest,
 * ties to even, as ONNX Cast specifies.
 *
 *===----------------------------------------------------------------------===*/

#ifndef EDGECC_RUNTIME_FLOAT_FORMATS_H
#define EDGECC_RUNTIME_FLOAT_FORMATS_H

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

/* One of the four ONNX float8 formats: mantissa bits, exponent bias, the
 * largest finite magnitude's code, and whether the format is "fnuz" (0x80
 * is the only NaN; no infinities, no negative zero). E5M2 alone has
 * infinities (0x7C); E4M3FN's NaN is 0x7F. Computed rather than looked up,
 * since a table would need OpenCL's __constant. */
typedef struct {
  int mantissa_bits;
  int bias;
  int max_code;
  int fnuz;
} edgecc_f8_format;

static inline edgecc_f8_format edgecc_f8_format_of(int format) {
  edgecc_f8_format f;
  f.fnuz = format == EDGECC_F8_E4M3FNUZ || format == EDGECC_F8_E5M2FNUZ;
  f.mantissa_bits =
      format == EDGECC_F8_E5M2 || format == EDGECC_F8_E5M2FNUZ ? 2 : 3;
  f.bias = (f.mantissa_bits == 3 ? 7 : 15) + f.fnuz;
  f.max_code = format == EDGECC_F8_E4M3FN ? 0x7E
               : format == EDGECC_F8_E5M2 ? 0x7B
                                          : 0x7F;
  return f;
}

float edgecc_f8_to_float(uint8_t x, int format) {
  const edgecc_f8_format f = edgecc_f8_format_of(format);
  uint8_t magnitude = x & 0x7F;
  float nan = edgecc_float_of(0x7FC00000u);
  if (f.fnuz ? x == 0x80 : magnitude > f.max_code) {
    if (format == EDGECC_F8_E5M2 && magnitude == 0x7C)
      return edgecc_float_of(x & 0x80 ? 0xFF800000u : 0x7F800000u);
    return nan;
  }
  int exponent = magnitude >> f.mantissa_bits;
  int mantissa = magnitude & ((1 << f.mantissa_bits) - 1);
  float value =
      exponent == 0
          ? (float)mantissa * edgecc_exp2i(1 - f.bias - f.mantissa_bits)
          : (float)(mantissa | 1 << f.mantissa_bits) *
                edgecc_exp2i(exponent - f.bias - f.mantissa_bits);
  return x & 0x80 ? -value : value;
}

uint8_t edgecc_float_to_f8(float x, int format, int saturate) {
  const edgecc_f8_format f = edgecc_f8_format_of(format);
  uint8_t sign = (edgecc_bits_of(x) >> 24) & 0x80;
  uint8_t nan = f.fnuz ? 0x80 : (uint8_t)(sign | 0x7F);
  if (x != x)
    return nan;
  uint8_t overflow =
      saturate ? (uint8_t)(sign | f.max_code)
               : (format == EDGECC_F8_E5M2 ? (uint8_t)(sign | 0x7C) : nan);
  float magnitude = sign ? -x : x;
  if (magnitude > 3.0e38f) /* infinity */
    return overflow;
  int exponent = (int)((edgecc_bits_of(magnitude) >> 23) & 0xFF) - 127;
  int min_exponent = 1 - f.bias;
  /* The spacing of representable values around `magnitude` is 2^step:
   * fixed below the smallest normal, 2^(exponent - mantissa_bits) above.
   * `code` (below 2^(mantissa_bits + 1)) is the rounded multiple; for a
   * normal value it holds the implicit leading bit, which the biased
   * exponent field absorbs (a carry to the next exponent included). */
  int step =
      (exponent < min_exponent ? min_exponent : exponent) - f.mantissa_bits;
  int code = (int)edgecc_roundf(magnitude * edgecc_exp2i(-step));
  if (exponent >= min_exponent)
    code += (exponent + f.bias - 1) << f.mantissa_bits;
  if (code > f.max_code)
    return overflow;
  if (code == 0 && f.fnuz)
    return 0;
  return (uint8_t)(sign | code);
}

#endif
