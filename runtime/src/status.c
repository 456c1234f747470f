/*===- status.c - status code descriptions --------------------------------===*/

#include "edgecc_rt.h"

const char *edgecc_status_string(edgecc_status status) {
  switch (status) {
  case EDGECC_OK:
    return "ok";
  case EDGECC_ERROR_NULL_ARGUMENT:
    return "an input, output or arena pointer is NULL";
  case EDGECC_ERROR_MISALIGNED_ARENA:
    return "the arena is not aligned as the model header requires";
  case EDGECC_ERROR_THREADS:
    return "the thread pool could not start its threads";
  case EDGECC_ERROR_DEVICE:
    return "an OpenCL call failed (edgecc_opencl_describe names it)";
  case EDGECC_ERROR_NO_DEVICE:
    return "no OpenCL platform or device was found";
  }
  return "unknown status";
}
