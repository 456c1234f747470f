/*===- edgecc_rt.h - the edgecc runtime: types shared by every model -------===
 *
 * C99, no heap, no mutable globals. A compiled model's header includes this
 * file; apps link libedgecc_rt.a for the math helpers generated code calls.
 *
 *===----------------------------------------------------------------------===*/

#ifndef EDGECC_RT_H
#define EDGECC_RT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EDGECC_RT_VERSION_MAJOR 0
#define EDGECC_RT_VERSION_MINOR 1
/* Bumped whenever the types below change; generated headers check it. */
#define EDGECC_RT_ABI_VERSION 3

/* A compile-time check that also works in C99. */
#if defined(__cplusplus)
#define EDGECC_STATIC_ASSERT(condition, message)                               \
  static_assert(condition, message)
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define EDGECC_STATIC_ASSERT(condition, message)                               \
  _Static_assert(condition, message)
#else
#define EDGECC_STATIC_ASSERT_NAME2(line) edgecc_static_assert_##line
#define EDGECC_STATIC_ASSERT_NAME(line) EDGECC_STATIC_ASSERT_NAME2(line)
#define EDGECC_STATIC_ASSERT(condition, message)                               \
  typedef char EDGECC_STATIC_ASSERT_NAME(__LINE__)[(condition) ? 1 : -1]
#endif

/* Status codes returned by every model entry point. */
typedef enum edgecc_status {
  EDGECC_OK = 0,
  EDGECC_ERROR_NULL_ARGUMENT = 1, /* an input, output or the arena is NULL */
  EDGECC_ERROR_MISALIGNED_ARENA =
      2,                     /* the arena violates <PREFIX>_ARENA_ALIGN */
  EDGECC_ERROR_THREADS = 3,  /* a thread pool could not start its threads */
  EDGECC_ERROR_DEVICE = 4,   /* an OpenCL call failed (edgecc_opencl.h) */
  EDGECC_ERROR_NO_DEVICE = 5 /* no OpenCL platform or device of the kind */
} edgecc_status;

/* Element types, numbered as ONNX TensorProto.DataType. */
typedef enum edgecc_dtype {
  EDGECC_DTYPE_FLOAT32 = 1,
  EDGECC_DTYPE_UINT8 = 2,
  EDGECC_DTYPE_INT8 = 3,
  EDGECC_DTYPE_UINT16 = 4,
  EDGECC_DTYPE_INT16 = 5,
  EDGECC_DTYPE_INT32 = 6,
  EDGECC_DTYPE_INT64 = 7,
  EDGECC_DTYPE_BOOL = 9, /* one byte per element, 0 or 1 */
  EDGECC_DTYPE_FLOAT16 = 10,
  EDGECC_DTYPE_FLOAT64 = 11,
  EDGECC_DTYPE_UINT32 = 12,
  EDGECC_DTYPE_UINT64 = 13,
  EDGECC_DTYPE_BFLOAT16 = 16,       /* the bits, uint16_t */
  EDGECC_DTYPE_FLOAT8E4M3FN = 17,   /* the bits, uint8_t */
  EDGECC_DTYPE_FLOAT8E4M3FNUZ = 18, /* the bits, uint8_t */
  EDGECC_DTYPE_FLOAT8E5M2 = 19,     /* the bits, uint8_t */
  EDGECC_DTYPE_FLOAT8E5M2FNUZ = 20, /* the bits, uint8_t */
  EDGECC_DTYPE_UINT4 = 21,          /* one value per byte, 0 to 15 */
  EDGECC_DTYPE_INT4 = 22            /* one value per byte, -8 to 7 */
} edgecc_dtype;

/* Flags of a model input or output. */
enum {
  /* shape[0] bounds a count only the data decides (the boxes
   * NonMaxSuppression selects): the valid rows come first, and every
   * element of the rows after them is -1. */
  EDGECC_TENSOR_PADDED_ROWS = 1
};

/* One model input or output. */
typedef struct edgecc_tensor_info {
  const char *name; /* the ONNX graph input/output name */
  edgecc_dtype dtype;
  int32_t rank;
  const int64_t *shape; /* rank entries */
  size_t bytes;         /* size of the caller's buffer */
  uint32_t flags;       /* EDGECC_TENSOR_* bits */
} edgecc_tensor_info;

/* Entry point shared by all models: inputs and outputs in graph order. */
typedef edgecc_status (*edgecc_run_fn)(const void *const *inputs,
                                       void *const *outputs, void *arena);

/* Multi-threading. A model compiled with -threads=N splits each heavy
 * kernel into up to N tasks that write disjoint parts of its output, each
 * with its own scratch in the arena. <prefix>_run_parallel hands every
 * kernel's tasks to an edgecc_parallel, which may run them concurrently;
 * <prefix>_run runs them one after another. The platform supplies the
 * threads: edgecc_thread_pool.h has a pthreads pool, and any other
 * scheduler (an RTOS's tasks, an app's own pool) fits behind `run`. */
typedef void (*edgecc_task_fn)(void *args, int32_t task);

typedef struct edgecc_parallel {
  /* Calls task(args, i) exactly once for every i in [0, count), from any
   * threads, and returns when all of those calls have returned. */
  void (*run)(void *user, edgecc_task_fn task, void *args, int32_t count);
  void *user;
} edgecc_parallel;

/* What generated code calls: the tasks inline when there is no scheduler
 * or a single task (no hand-off cost). */
static inline void edgecc_parallel_for(const edgecc_parallel *parallel,
                                       edgecc_task_fn task, void *args,
                                       int32_t count) {
  if (parallel && parallel->run && count > 1) {
    parallel->run(parallel->user, task, args, count);
    return;
  }
  for (int32_t i = 0; i < count; ++i)
    task(args, i);
}

typedef edgecc_status (*edgecc_run_parallel_fn)(
    const void *const *inputs, void *const *outputs, void *arena,
    const edgecc_parallel *parallel);

/* Per-op profiling, for models compiled with -profile. The model calls
 * now_ns before the first kernel and after each one, and reports each kernel
 * with its position, ONNX node name and op. No global state: the caller
 * passes the profiler to each call, so profiled runs stay reentrant. */
typedef struct edgecc_profiler {
  uint64_t (*now_ns)(void *user);
  void (*on_op)(void *user, int32_t index, const char *node, const char *op,
                uint64_t start_ns, uint64_t end_ns);
  void *user;
} edgecc_profiler;

typedef edgecc_status (*edgecc_run_profiled_fn)(
    const void *const *inputs, void *const *outputs, void *arena,
    const edgecc_profiler *profiler, const edgecc_parallel *parallel);

/* Everything a generic harness needs to drive a model. */
typedef struct edgecc_model_info {
  const char *name;       /* the -name prefix */
  const char *target;     /* the -target it was compiled for */
  uint64_t abi_hash;      /* equals <PREFIX>_ABI_HASH of the model's header */
  size_t arena_size;      /* bytes of scratch memory run() needs */
  size_t arena_alignment; /* required alignment of the arena */
  int32_t num_inputs;
  int32_t num_outputs;
  const edgecc_tensor_info *inputs;
  const edgecc_tensor_info *outputs;
  int32_t threads; /* the -threads it was compiled for: tasks per kernel */
  edgecc_run_fn run;
  edgecc_run_parallel_fn run_parallel;
  edgecc_run_profiled_fn run_profiled; /* NULL unless compiled with -profile */
} edgecc_model_info;

/* A short English description of a status code. */
const char *edgecc_status_string(edgecc_status status);

/* Math used by generated code. Defined here so that a model needs no libm.
 * exp, tanh and log are accurate to a few ulp over the float range; sin and
 * cos for |x| up to about 1e5; erf to 2.5e-7 absolute (1e-7 relative below
 * 1); pow is exact repeated squaring for integral exponents. Each family is
 * its own object file, so an app links only what its models use; exp and
 * tanh are inline, below, so that the loops calling them vectorize. */
float edgecc_logf(float x);
float edgecc_powf(float x, float y);
float edgecc_sinf(float x);
float edgecc_cosf(float x);
float edgecc_atanf(float x);
float edgecc_erff(float x);
float edgecc_floorf(float x);
float edgecc_ceilf(float x);
float edgecc_roundf(float x); /* halves to even, as ONNX Round */
float edgecc_fmodf(float a, float b);
/* Integer power, wrapping like int64 multiplication; negative exponents
 * give the truncated quotient 1 / base^-exponent. */
int64_t edgecc_powi(int64_t base, int64_t exponent);

/* bfloat16 and float8 values are stored as their bits. Conversions from
 * float round to nearest, ties to even; float8 out of range saturates to
 * the largest finite value, or with saturate 0 becomes NaN (E5M2:
 * infinity), as ONNX Cast specifies. */
enum {
  EDGECC_F8_E4M3FN = 0,
  EDGECC_F8_E4M3FNUZ = 1,
  EDGECC_F8_E5M2 = 2,
  EDGECC_F8_E5M2FNUZ = 3
};
float edgecc_bf16_to_float(uint16_t x);
uint16_t edgecc_float_to_bf16(float x);
float edgecc_f8_to_float(uint8_t x, int format);
uint8_t edgecc_float_to_f8(float x, int format, int saturate);

#include "edgecc_quantize.h"

/* The correctly rounded square root: one instruction on every target. */
static inline float edgecc_sqrtf(float x) { return __builtin_sqrtf(x); }

/* exp(x) = 2^k * exp(r) with k = round(x / ln 2) and |r| <= ln(2) / 2, for
 * x already inside [-104, 89]: returns exp(r) and sets *k. ln 2 is split in
 * a high part with few significant bits, so k * ln2_hi is exact, and a low
 * correction. exp(r) is a degree-6 Taylor polynomial (error below 2e-8
 * relative on the reduced range). k is rounded by adding 1.5 * 2^23, which
 * leaves k in the sum's low mantissa bits: two vector operations where a
 * signed round and convert took five (exp over 401408 floats with AVX-512:
 * 0.094 -> 0.065 ms). k is read from the bits and converted back, so that
 * -ffast-math cannot fold the shift away. */
static inline float edgecc_exp_reduced(float x, int32_t *k) {
  const float ln2_hi = 0.693145751953125f; /* 12 significant bits */
  const float ln2_lo = 1.428606765330187e-06f;
  const float inv_ln2 = 1.4426950408889634f;
  union {
    float value;
    int32_t bits;
  } shifted;
  shifted.value = x * inv_ln2 + 12582912.0f; /* rounds to nearest, even */
  *k = shifted.bits - 0x4b400000;
  const float r = (x - (float)*k * ln2_hi) - (float)*k * ln2_lo;
  return 1.0f + r * (1.0f + r * (0.5f + r * (1.0f / 6.0f +
                                             r * (1.0f / 24.0f +
                                                  r * (1.0f / 120.0f +
                                                       r * (1.0f / 720.0f))))));
}

/* 2^k for k in [-126, 127], infinity for 128. Union punning is defined in C99
 * and C11. */
static inline float edgecc_exp2i(int32_t k) {
  union {
    uint32_t bits;
    float value;
  } power;
  power.bits = (uint32_t)(k + 127) << 23;
  return power.value;
}

/* exp(x), written without branches (the range checks are selects) so that
 * compilers vectorize loops over it. */
static inline float edgecc_expf(float x) {
  const float high = 88.72283935546875f, low = -103.97208404541015625f;
  int32_t k;
  const float p = edgecc_exp_reduced(x > high ? high : (x < low ? low : x), &k);
  /* 2^k as two factors, so that k below the normal range still yields
   * subnormal results instead of a zero factor. */
  const int32_t half = k / 2;
  const float result = p * edgecc_exp2i(half) * edgecc_exp2i(k - half);
  return x != x ? x
                : (x > high ? edgecc_exp2i(128) : (x < low ? 0.0f : result));
}

/* sigmoid(x) = 1 / (1 + exp(-x)), for the Sigmoid op and SiLU's
 * x * sigmoid(x). exp(-x) is taken with -x clamped to [-87, 88.72]: 2^k is
 * one normal factor there, or infinity at the top (k = 128), which makes the
 * result 0. So one scale factor and no range selects: about half the
 * operations of edgecc_expf, and the exp is most of what a conv's fused
 * SiLU costs (EfficientNet-B0's 16 -> 96 conv on 112x112 planes: 1.7 ->
 * 1.1 ms, 0.46 without the SiLU). Beyond the clamp sigmoid is 1 to within
 * rounding (x > 87); results below 4.1e-39 (x < -88.38) come out as 0. The
 * clamps are compares that keep a NaN, which reaches the result. */
static inline float edgecc_sigmoidf(float x) {
  float t = -x;
  t = t > 88.72283935546875f ? 88.72283935546875f : t;
  t = t < -87.0f ? -87.0f : t;
  int32_t k;
  const float p = edgecc_exp_reduced(t, &k);
  return 1.0f / (1.0f + p * edgecc_exp2i(k));
}

/* tanh(x) = (1 - e) / (1 + e) with e = exp(-2|x|), which cannot overflow. */
static inline float edgecc_tanhf(float x) {
  const float a = x < 0.0f ? -x : x;
  const float e = edgecc_expf(-2.0f * a);
  const float t = (1.0f - e) / (1.0f + e);
  return x < 0.0f ? -t : t;
}

#ifdef __cplusplus
}
#endif

#endif /* EDGECC_RT_H */
