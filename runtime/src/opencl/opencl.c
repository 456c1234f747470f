/*===- opencl.c - the OpenCL glue of models compiled for OpenCL -----------===
 *
 * See edgecc_opencl.h. Every OpenCL call goes through check(), which
 * records the failing call and its code in the session, so that a status of
 * EDGECC_ERROR_DEVICE can always be explained.
 *
 *===----------------------------------------------------------------------===*/

#define CL_TARGET_OPENCL_VERSION 120
#include "edgecc_opencl.h"

#include <CL/cl.h>

#include <stdio.h>

/* Records a failed call; true when `error` is CL_SUCCESS. */
static int check(edgecc_opencl_session *session, cl_int error,
                 const char *call) {
  if (error == CL_SUCCESS)
    return 1;
  session->failed_call = call;
  session->error = error;
  return 0;
}

static cl_device_type device_type_of(int32_t requested) {
  switch (requested) {
  case EDGECC_OPENCL_GPU:
    return CL_DEVICE_TYPE_GPU;
  case EDGECC_OPENCL_CPU:
    return CL_DEVICE_TYPE_CPU;
  case EDGECC_OPENCL_ACCELERATOR:
    return CL_DEVICE_TYPE_ACCELERATOR;
  default:
    return CL_DEVICE_TYPE_ALL;
  }
}

/* Picks the first device of the requested type over all platforms; with
 * EDGECC_OPENCL_ANY_DEVICE, the first GPU if there is one. */
static edgecc_status choose_device(edgecc_opencl_session *session,
                                   int32_t requested) {
  cl_platform_id platforms[16];
  cl_uint count = 0;
  cl_int error = clGetPlatformIDs(16, platforms, &count);
  if (error == -1001 /* CL_PLATFORM_NOT_FOUND_KHR */ || count == 0) {
    check(session, error == CL_SUCCESS ? CL_DEVICE_NOT_FOUND : error,
          "clGetPlatformIDs");
    return EDGECC_ERROR_NO_DEVICE;
  }
  if (!check(session, error, "clGetPlatformIDs"))
    return EDGECC_ERROR_DEVICE;
  if (count > 16)
    count = 16;
  const cl_device_type order[2] = {requested == EDGECC_OPENCL_ANY_DEVICE
                                       ? CL_DEVICE_TYPE_GPU
                                       : device_type_of(requested),
                                   device_type_of(requested)};
  for (int pass = 0; pass < 2; ++pass)
    for (cl_uint p = 0; p < count; ++p) {
      cl_device_id device;
      cl_uint found = 0;
      if (clGetDeviceIDs(platforms[p], order[pass], 1, &device, &found) ==
              CL_SUCCESS &&
          found > 0) {
        session->platform = platforms[p];
        session->device = device;
        return EDGECC_OK;
      }
    }
  check(session, CL_DEVICE_NOT_FOUND, "clGetDeviceIDs");
  return EDGECC_ERROR_NO_DEVICE;
}

/* FNV-1a over `bytes`, continuing from `hash`. */
static uint64_t hash_bytes(uint64_t hash, const void *data, size_t bytes) {
  const unsigned char *p = (const unsigned char *)data;
  for (size_t i = 0; i < bytes; ++i)
    hash = (hash ^ p[i]) * 0x100000001b3ull;
  return hash;
}

/* The cache key: the program's hash, the device's name and its driver's
 * version (a binary is only good for both). */
static uint64_t cache_key(const edgecc_opencl_session *session,
                          const edgecc_opencl_program *program) {
  uint64_t key =
      hash_bytes(0xcbf29ce484222325ull, &program->hash, sizeof program->hash);
  char text[256];
  const cl_device_info facts[2] = {CL_DEVICE_NAME, CL_DRIVER_VERSION};
  for (int i = 0; i < 2; ++i) {
    size_t size = 0;
    if (clGetDeviceInfo((cl_device_id)session->device, facts[i], sizeof text,
                        text, &size) == CL_SUCCESS)
      key = hash_bytes(key, text, size);
  }
  return key;
}

/* Creates the program from a cached binary; 0 when there is none or the
 * driver rejects it (it is then built from source). */
static int load_cached(edgecc_opencl_session *session, const char *options,
                       const edgecc_opencl_cache *cache, uint64_t key) {
  size_t bytes = 0;
  const void *binary = cache->load ? cache->load(cache->user, key, &bytes) : 0;
  if (!binary || bytes == 0)
    return 0;
  cl_device_id device = (cl_device_id)session->device;
  const unsigned char *binaries[1] = {(const unsigned char *)binary};
  cl_int status = CL_SUCCESS, error = CL_SUCCESS;
  cl_program built =
      clCreateProgramWithBinary((cl_context)session->context, 1, &device,
                                &bytes, binaries, &status, &error);
  if (error != CL_SUCCESS || status != CL_SUCCESS)
    return 0;
  if (clBuildProgram(built, 1, &device, options, 0, 0) != CL_SUCCESS) {
    clReleaseProgram(built);
    return 0;
  }
  session->program = built;
  session->from_cache = 1;
  return 1;
}

/* Hands the built program's binary to the cache. A cache that cannot take
 * it is not an error: the next init builds again. */
static void save_binary(edgecc_opencl_session *session,
                        const edgecc_opencl_cache *cache, uint64_t key) {
  size_t bytes = 0;
  cl_program built = (cl_program)session->program;
  if (!cache->save_buffer ||
      clGetProgramInfo(built, CL_PROGRAM_BINARY_SIZES, sizeof bytes, &bytes,
                       0) != CL_SUCCESS ||
      bytes == 0)
    return;
  unsigned char *buffer =
      (unsigned char *)cache->save_buffer(cache->user, key, bytes);
  if (!buffer)
    return;
  unsigned char *binaries[1] = {buffer};
  if (clGetProgramInfo(built, CL_PROGRAM_BINARIES, sizeof binaries, binaries,
                       0) == CL_SUCCESS &&
      cache->saved)
    cache->saved(cache->user, key, buffer, bytes);
}

static edgecc_status build_from_source(edgecc_opencl_session *session,
                                       const edgecc_opencl_program *program,
                                       const char *options) {
  cl_int error = CL_SUCCESS;
  const char *sources[1] = {program->source};
  size_t sizes[1] = {program->source_size};
  cl_program built = clCreateProgramWithSource((cl_context)session->context, 1,
                                               sources, sizes, &error);
  if (!check(session, error, "clCreateProgramWithSource"))
    return EDGECC_ERROR_DEVICE;
  session->program = built;
  cl_device_id device = (cl_device_id)session->device;
  error = clBuildProgram(built, 1, &device, options, 0, 0);
  if (error != CL_SUCCESS) {
    size_t size = 0;
    clGetProgramBuildInfo(built, device, CL_PROGRAM_BUILD_LOG,
                          sizeof session->build_log - 1, session->build_log,
                          &size);
    session->build_log[sizeof session->build_log - 1] = '\0';
  }
  return check(session, error, "clBuildProgram") ? EDGECC_OK
                                                 : EDGECC_ERROR_DEVICE;
}

/* The program's build options, plus correctly rounded float division and
 * square root where the device has them (OpenCL allows 2.5 ulp otherwise):
 * quantization divides by its scale and must round as the CPU does. */
static int build_options(const edgecc_opencl_session *session,
                         const edgecc_opencl_program *program, char *options,
                         size_t size) {
  cl_device_fp_config config = 0;
  clGetDeviceInfo((cl_device_id)session->device, CL_DEVICE_SINGLE_FP_CONFIG,
                  sizeof config, &config, 0);
  int written = snprintf(options, size, "%s%s", program->build_options,
                         config & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT
                             ? " -cl-fp32-correctly-rounded-divide-sqrt"
                             : "");
  return written > 0 && (size_t)written < size;
}

/* Each kernel's work-group size: the chosen one, or 0 (the driver picks)
 * where the kernel cannot run groups that large on this device. */
static edgecc_status create_kernels(edgecc_opencl_session *session,
                                    void **kernels, size_t *groups,
                                    const edgecc_opencl_program *program) {
  cl_device_id device = (cl_device_id)session->device;
  for (int32_t i = 0; i < program->num_kernels; ++i) {
    cl_int error = CL_SUCCESS;
    cl_kernel kernel = clCreateKernel((cl_program)session->program,
                                      program->kernel_names[i], &error);
    if (!check(session, error, "clCreateKernel"))
      return EDGECC_ERROR_DEVICE;
    kernels[i] = kernel;
    cl_mem arena = (cl_mem)session->arena, weights = (cl_mem)session->weights;
    if (!check(session, clSetKernelArg(kernel, 0, sizeof arena, &arena),
               "clSetKernelArg") ||
        !check(session, clSetKernelArg(kernel, 1, sizeof weights, &weights),
               "clSetKernelArg"))
      return EDGECC_ERROR_DEVICE;
    size_t largest = 0;
    if (!check(session,
               clGetKernelWorkGroupInfo(kernel, device,
                                        CL_KERNEL_WORK_GROUP_SIZE,
                                        sizeof largest, &largest, 0),
               "clGetKernelWorkGroupInfo"))
      return EDGECC_ERROR_DEVICE;
    size_t group = program->launches[i].group;
    groups[i] = group <= largest ? group : 0;
  }
  return EDGECC_OK;
}

edgecc_status edgecc_opencl_init(edgecc_opencl_session *session, void **kernels,
                                 size_t *groups,
                                 const edgecc_opencl_program *program,
                                 const edgecc_opencl_options *options) {
  if (!session || !kernels || !groups || !program)
    return EDGECC_ERROR_NULL_ARGUMENT;
  const edgecc_opencl_options defaults = {EDGECC_OPENCL_ANY_DEVICE, 0};
  if (!options)
    options = &defaults;
  edgecc_status status = choose_device(session, options->device_type);
  if (status != EDGECC_OK)
    return status;
  cl_int error = CL_SUCCESS;
  cl_device_id device = (cl_device_id)session->device;
  session->context = clCreateContext(0, 1, &device, 0, 0, &error);
  if (!check(session, error, "clCreateContext"))
    return EDGECC_ERROR_DEVICE;
  cl_context context = (cl_context)session->context;
  session->queue = clCreateCommandQueue(context, device, 0, &error);
  if (!check(session, error, "clCreateCommandQueue"))
    return EDGECC_ERROR_DEVICE;
  /* Buffers cannot be empty. */
  size_t arena_size =
      program->device_arena_size ? program->device_arena_size : 1;
  session->arena =
      clCreateBuffer(context, CL_MEM_READ_WRITE, arena_size, 0, &error);
  if (!check(session, error, "clCreateBuffer"))
    return EDGECC_ERROR_DEVICE;
  session->weights =
      clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
                     program->weights_size ? program->weights_size : 1,
                     /* only read (CL_MEM_COPY_HOST_PTR) */
                     (void *)(uintptr_t)program->weights, &error);
  if (!check(session, error, "clCreateBuffer"))
    return EDGECC_ERROR_DEVICE;
  char build[512];
  if (!build_options(session, program, build, sizeof build)) {
    check(session, CL_INVALID_BUILD_OPTIONS, "edgecc_opencl_init");
    return EDGECC_ERROR_DEVICE;
  }
  uint64_t key = 0;
  const edgecc_opencl_cache *cache = options->cache;
  if (cache)
    key = cache_key(session, program);
  if (!cache || !load_cached(session, build, cache, key)) {
    status = build_from_source(session, program, build);
    if (status != EDGECC_OK)
      return status;
    if (cache)
      save_binary(session, cache, key);
  }
  return create_kernels(session, kernels, groups, program);
}

edgecc_status edgecc_opencl_run(edgecc_opencl_session *session,
                                void *const *kernels, const size_t *groups,
                                const edgecc_opencl_program *program,
                                const void *const *inputs,
                                void *const *outputs) {
  if (!session || !inputs || !outputs)
    return EDGECC_ERROR_NULL_ARGUMENT;
  for (int32_t i = 0; i < program->num_inputs; ++i)
    if (!inputs[i])
      return EDGECC_ERROR_NULL_ARGUMENT;
  for (int32_t i = 0; i < program->num_outputs; ++i)
    if (!outputs[i])
      return EDGECC_ERROR_NULL_ARGUMENT;
  if (!session->queue) {
    check(session, CL_INVALID_COMMAND_QUEUE, "edgecc_opencl_run");
    return EDGECC_ERROR_DEVICE;
  }
  cl_command_queue queue = (cl_command_queue)session->queue;
  cl_mem arena = (cl_mem)session->arena;
  for (int32_t i = 0; i < program->num_inputs; ++i)
    if (!check(session,
               clEnqueueWriteBuffer(
                   queue, arena, CL_FALSE, program->input_offsets[i],
                   program->inputs[i].bytes, inputs[i], 0, 0, 0),
               "clEnqueueWriteBuffer"))
      return EDGECC_ERROR_DEVICE;
  for (int32_t i = 0; i < program->num_kernels; ++i) {
    size_t group = groups[i];
    size_t items = program->launches[i].items;
    size_t global = group ? (items + group - 1) / group * group : items;
    if (!check(session,
               clEnqueueNDRangeKernel(queue, (cl_kernel)kernels[i], 1, 0,
                                      &global, group ? &group : 0, 0, 0, 0),
               "clEnqueueNDRangeKernel"))
      return EDGECC_ERROR_DEVICE;
  }
  for (int32_t i = 0; i < program->num_outputs; ++i)
    if (!check(session,
               clEnqueueReadBuffer(
                   queue, arena, CL_FALSE, program->output_offsets[i],
                   program->outputs[i].bytes, outputs[i], 0, 0, 0),
               "clEnqueueReadBuffer"))
      return EDGECC_ERROR_DEVICE;
  return check(session, clFinish(queue), "clFinish") ? EDGECC_OK
                                                     : EDGECC_ERROR_DEVICE;
}

void edgecc_opencl_release(edgecc_opencl_session *session, void **kernels,
                           const edgecc_opencl_program *program) {
  if (!session)
    return;
  if (kernels && program)
    for (int32_t i = 0; i < program->num_kernels; ++i)
      if (kernels[i]) {
        clReleaseKernel((cl_kernel)kernels[i]);
        kernels[i] = 0;
      }
  if (session->program)
    clReleaseProgram((cl_program)session->program);
  if (session->weights)
    clReleaseMemObject((cl_mem)session->weights);
  if (session->arena)
    clReleaseMemObject((cl_mem)session->arena);
  if (session->queue)
    clReleaseCommandQueue((cl_command_queue)session->queue);
  if (session->context)
    clReleaseContext((cl_context)session->context);
  session->program = session->weights = session->arena = 0;
  session->queue = session->context = 0;
}

const char *edgecc_opencl_error_name(int32_t error) {
  switch (error) {
#define EDGECC_CL_ERROR(name)                                                  \
  case name:                                                                   \
    return #name;
    EDGECC_CL_ERROR(CL_SUCCESS)
    EDGECC_CL_ERROR(CL_DEVICE_NOT_FOUND)
    EDGECC_CL_ERROR(CL_DEVICE_NOT_AVAILABLE)
    EDGECC_CL_ERROR(CL_COMPILER_NOT_AVAILABLE)
    EDGECC_CL_ERROR(CL_MEM_OBJECT_ALLOCATION_FAILURE)
    EDGECC_CL_ERROR(CL_OUT_OF_RESOURCES)
    EDGECC_CL_ERROR(CL_OUT_OF_HOST_MEMORY)
    EDGECC_CL_ERROR(CL_BUILD_PROGRAM_FAILURE)
    EDGECC_CL_ERROR(CL_INVALID_VALUE)
    EDGECC_CL_ERROR(CL_INVALID_DEVICE)
    EDGECC_CL_ERROR(CL_INVALID_BINARY)
    EDGECC_CL_ERROR(CL_INVALID_BUILD_OPTIONS)
    EDGECC_CL_ERROR(CL_INVALID_PROGRAM_EXECUTABLE)
    EDGECC_CL_ERROR(CL_INVALID_KERNEL_NAME)
    EDGECC_CL_ERROR(CL_INVALID_COMMAND_QUEUE)
    EDGECC_CL_ERROR(CL_INVALID_WORK_GROUP_SIZE)
    EDGECC_CL_ERROR(CL_INVALID_BUFFER_SIZE)
    EDGECC_CL_ERROR(CL_INVALID_GLOBAL_WORK_SIZE)
#undef EDGECC_CL_ERROR
  case -1001:
    return "CL_PLATFORM_NOT_FOUND_KHR";
  }
  return "an OpenCL error";
}

const char *edgecc_opencl_describe(edgecc_opencl_session *session) {
  if (!session || !session->failed_call)
    return "no OpenCL error";
  /* Into the session, so that describing is reentrant and needs no heap. */
  snprintf(session->message, sizeof session->message, "%s failed: %s (%d)",
           session->failed_call, edgecc_opencl_error_name(session->error),
           (int)session->error);
  return session->message;
}
