/*===- convert.c - bfloat16 and float8 conversions --------------------------===
 *
 * The runtime's copy of the conversions in float_formats.h, which the
 * OpenCL kernels share.
 *
 *===----------------------------------------------------------------------===*/

#include "float_bits.h"

#include "float_formats.h"
