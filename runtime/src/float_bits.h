/*===- float_bits.h - a float's bit pattern (private to the runtime) --------===
 *
 * Union punning is defined in C99 and C11, so it needs neither memcpy nor
 * a header a freestanding target may lack.
 *
 *===----------------------------------------------------------------------===*/

#ifndef EDGECC_RUNTIME_FLOAT_BITS_H
#define EDGECC_RUNTIME_FLOAT_BITS_H

#include "edgecc_rt.h"

typedef union edgecc_float_bits {
  uint32_t bits;
  float value;
} edgecc_float_bits;

static inline uint32_t edgecc_bits_of(float value) {
  edgecc_float_bits u;
  u.value = value;
  return u.bits;
}

static inline float edgecc_float_of(uint32_t bits) {
  edgecc_float_bits u;
  u.bits = bits;
  return u.value;
}

#endif
