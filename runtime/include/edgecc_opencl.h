/*===- edgecc_opencl.h - running models compiled for OpenCL ---------------===
 *
 * A model compiled with -target=opencl (or aarch64-opencl) runs on an
 * OpenCL 1.2 device through a session the app owns:
 *
 *   static model_session session;             // <PREFIX>_SESSION in model.h
 *   if (model_init(&session, NULL) != EDGECC_OK)  // builds the program once
 *     puts(edgecc_opencl_describe(&session.base));
 *   model_run(&session, inputs, outputs);     // as often as needed
 *   model_release(&session);
 *
 * init picks a device, builds the model's kernels, creates one device
 * buffer for the weights (copied once) and one device arena that holds
 * every intermediate tensor and the inputs and outputs. run writes the
 * inputs into the arena, enqueues every kernel in order with no host
 * round trip between them, and reads the outputs back. A session is one
 * command queue: use one per concurrent caller.
 *
 * This glue is optional: only apps that run OpenCL models link it, and
 * with it the OpenCL ICD loader (-lOpenCL). Handles are kept as void
 * pointers (cl_* handles are pointers), so neither the app nor the model
 * needs the OpenCL headers. The runtime itself does not allocate; the
 * OpenCL driver does, inside init.
 *
 *===----------------------------------------------------------------------===*/

#ifndef EDGECC_OPENCL_H
#define EDGECC_OPENCL_H

#include "edgecc_rt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Lets the app keep built programs, so that a later init skips the build
 * (the slow part of a cold start). `key` identifies the model's program,
 * the device and the driver version. */
typedef struct edgecc_opencl_cache {
  void *user;
  /* The binary saved earlier for `key`, or NULL; sets *bytes. The memory
   * stays the app's and need only last until load returns to init. */
  const void *(*load)(void *user, uint64_t key, size_t *bytes);
  /* Memory for a binary of `bytes` bytes to save under `key`, or NULL to
   * not save it. */
  void *(*save_buffer)(void *user, uint64_t key, size_t bytes);
  /* The binary is now in the memory save_buffer returned. */
  void (*saved)(void *user, uint64_t key, void *binary, size_t bytes);
} edgecc_opencl_cache;

enum {
  EDGECC_OPENCL_ANY_DEVICE = 0, /* the first GPU, else the first device */
  EDGECC_OPENCL_GPU = 1,
  EDGECC_OPENCL_CPU = 2,
  EDGECC_OPENCL_ACCELERATOR = 3
};

typedef struct edgecc_opencl_options {
  int32_t device_type; /* EDGECC_OPENCL_* */
  /* Saves and loads built programs; NULL builds from source every init. */
  const edgecc_opencl_cache *cache;
} edgecc_opencl_options;

/* The part of a model's session the glue manages; the model's session
 * struct (<prefix>_session) adds its kernels. Zero it before init. */
typedef struct edgecc_opencl_session {
  void *platform, *device, *context, *queue, *program;
  void *arena;   /* cl_mem: intermediates, inputs and outputs */
  void *weights; /* cl_mem: the weights, copied once */
  /* The OpenCL call that failed last, and its error code (CL_*). */
  const char *failed_call;
  int32_t error;
  int32_t from_cache; /* 1 when init used a cached program binary */
  /* The program's build log, when building it failed (truncated). */
  char build_log[2048];
  char message[256]; /* edgecc_opencl_describe's text */
} edgecc_opencl_session;

/* One kernel launch of a run: a 1-D range of `items` work-items in
 * work-groups of `group` (chosen by edgecc-choose-work-groups); the global
 * size is items rounded up to a multiple of group. */
typedef struct edgecc_opencl_launch {
  uint32_t items;
  uint32_t group;
} edgecc_opencl_launch;

/* Everything the glue needs to know about a model; generated. */
typedef struct edgecc_opencl_program {
  const char *source; /* OpenCL C 1.2 */
  size_t source_size;
  const char *build_options;
  uint64_t hash; /* of the source and build options */
  const void *weights;
  size_t weights_size;
  size_t device_arena_size; /* intermediates, then inputs and outputs */
  int32_t num_kernels;
  const char *const *kernel_names; /* in launch order */
  const edgecc_opencl_launch *launches;
  int32_t num_inputs;
  int32_t num_outputs;
  const edgecc_tensor_info *inputs;
  const edgecc_tensor_info *outputs;
  const size_t *input_offsets; /* in the device arena */
  const size_t *output_offsets;
} edgecc_opencl_program;

/* For the model's generated init/run/release: `kernels` and `groups` hold
 * program->num_kernels entries each, inside the model's session. */
edgecc_status edgecc_opencl_init(edgecc_opencl_session *session, void **kernels,
                                 size_t *groups,
                                 const edgecc_opencl_program *program,
                                 const edgecc_opencl_options *options);
edgecc_status edgecc_opencl_run(edgecc_opencl_session *session,
                                void *const *kernels, const size_t *groups,
                                const edgecc_opencl_program *program,
                                const void *const *inputs,
                                void *const *outputs);
/* Releases what init created; safe on a session init failed or never
 * started (zeroed). */
void edgecc_opencl_release(edgecc_opencl_session *session, void **kernels,
                           const edgecc_opencl_program *program);

/* The last failed call: "clBuildProgram failed: CL_BUILD_PROGRAM_FAILURE
 * (-11)", or "no OpenCL error". The text lives in the session. */
const char *edgecc_opencl_describe(edgecc_opencl_session *session);
/* The name of an OpenCL error code: "CL_OUT_OF_RESOURCES". */
const char *edgecc_opencl_error_name(int32_t error);

typedef edgecc_status (*edgecc_opencl_init_fn)(
    void *session, const edgecc_opencl_options *options);
typedef edgecc_status (*edgecc_opencl_run_fn)(void *session,
                                              const void *const *inputs,
                                              void *const *outputs);
typedef void (*edgecc_opencl_release_fn)(void *session);

/* A model's facts at run time, for generic harnesses: <prefix>_info(). */
typedef struct edgecc_opencl_model_info {
  const char *name;
  const char *target;
  uint64_t abi_hash;   /* equals <PREFIX>_ABI_HASH of the model's header */
  size_t session_size; /* sizeof(<prefix>_session) */
  const edgecc_opencl_program *program;
  edgecc_opencl_init_fn init;
  edgecc_opencl_run_fn run;
  edgecc_opencl_release_fn release;
} edgecc_opencl_model_info;

#ifdef __cplusplus
}
#endif

#endif
