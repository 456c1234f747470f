/*===- edgecc_harness.c - run a compiled model on files -------------------===
 *
 * Built by edgecc-run for the model's target and linked with the model
 * object and the runtime. EDGECC_MODEL_INFO names the model's info function.
 *
 *   harness [--threads=N] [--profile=FILE] REPEAT IN_0.bin ... IN_n.bin
 *           OUT_0.bin ... OUT_m.bin
 *
 * Inputs and outputs are raw little-endian tensors in graph order. With
 * REPEAT > 0 the model runs once to warm up, then REPEAT timed times, and
 * the harness prints one latency line. With --profile (models compiled with
 * -profile) it also makes max(REPEAT, 1) profiled runs and writes one line
 * per kernel and run to FILE: run, index, node, op, start and end in ns.
 * With --threads=N every run goes through run_parallel on a pool of N
 * threads.
 *
 * Built with -DEDGECC_HARNESS_OPENCL for models of the OpenCL targets, it
 * runs them through a session instead (EDGECC_MODEL_INFO then names the
 * model's edgecc_opencl_model_info function), prints how long init took
 * (the cold start: device setup and program build), and with --cache=DIR
 * keeps built programs in DIR. It exits with 77 when there is no OpenCL
 * device, so that tests can say they skipped.
 *
 *===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 200809L

#include "edgecc_thread_pool.h"
#ifdef EDGECC_HARNESS_OPENCL
#include "edgecc_opencl.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef EDGECC_MODEL_INFO
#error "define EDGECC_MODEL_INFO to the model's <prefix>_info function"
#endif

#ifdef EDGECC_HARNESS_OPENCL
const edgecc_opencl_model_info *EDGECC_MODEL_INFO(void);
#else
const edgecc_model_info *EDGECC_MODEL_INFO(void);
#endif

static int read_file(const char *path, void *data, size_t bytes) {
  FILE *file = fopen(path, "rb");
  if (!file) {
    fprintf(stderr, "harness: cannot open %s\n", path);
    return 0;
  }
  size_t got = fread(data, 1, bytes, file);
  int extra = fgetc(file) != EOF;
  fclose(file);
  if (got != bytes || extra) {
    fprintf(stderr, "harness: %s does not hold exactly %zu bytes\n", path,
            bytes);
    return 0;
  }
  return 1;
}

static int write_file(const char *path, const void *data, size_t bytes) {
  FILE *file = fopen(path, "wb");
  if (!file || fwrite(data, 1, bytes, file) != bytes) {
    fprintf(stderr, "harness: cannot write %s\n", path);
    if (file)
      fclose(file);
    return 0;
  }
  return fclose(file) == 0;
}

static uint64_t now_ns(void *unused) {
  (void)unused;
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static double now_ms(void) { return (double)now_ns(NULL) * 1e-6; }

#ifndef EDGECC_HARNESS_OPENCL
struct profile_log {
  FILE *file;
  long run;
};

static void log_op(void *user, int32_t index, const char *node, const char *op,
                   uint64_t start_ns, uint64_t end_ns) {
  struct profile_log *log = user;
  fprintf(log->file, "%ld\t%d\t%s\t%s\t%llu\t%llu\n", log->run, (int)index,
          node, op, (unsigned long long)start_ns, (unsigned long long)end_ns);
}

static int profile_runs(const edgecc_model_info *info, const char *path,
                        long runs, const void *const *inputs,
                        void *const *outputs, void *arena,
                        const edgecc_parallel *parallel) {
  if (!info->run_profiled) {
    fprintf(stderr, "harness: the model was not compiled with -profile\n");
    return 0;
  }
  struct profile_log log = {fopen(path, "w"), 0};
  if (!log.file) {
    fprintf(stderr, "harness: cannot write %s\n", path);
    return 0;
  }
  edgecc_profiler profiler = {now_ns, log_op, &log};
  for (; log.run < runs; ++log.run)
    info->run_profiled(inputs, outputs, arena, &profiler, parallel);
  return fclose(log.file) == 0;
}

#endif

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void *allocate(size_t bytes, size_t alignment) {
  size_t rounded = (bytes + alignment - 1) / alignment * alignment;
  return aligned_alloc(alignment, rounded ? rounded : alignment);
}

/* What main() runs: the model behind one call, and its tensors. */
struct runner {
  int32_t num_inputs, num_outputs;
  const edgecc_tensor_info *inputs, *outputs;
  edgecc_status (*run)(struct runner *self, const void *const *inputs,
                       void *const *outputs);
  /* CPU models */
  const edgecc_model_info *info;
  void *arena;
  const edgecc_parallel *parallel;
  /* OpenCL models */
  void *session;
};

#ifndef EDGECC_HARNESS_OPENCL
static edgecc_status run_cpu(struct runner *self, const void *const *inputs,
                             void *const *outputs) {
  return self->info->run_parallel(inputs, outputs, self->arena, self->parallel);
}
#else
/* --cache=DIR: one file per program key. */
struct file_cache {
  const char *dir;
  void *loaded, *saving;
};

static void cache_path(const struct file_cache *cache, uint64_t key, char *path,
                       size_t size) {
  snprintf(path, size, "%s/%016llx.bin", cache->dir, (unsigned long long)key);
}

static const void *cache_load(void *user, uint64_t key, size_t *bytes) {
  struct file_cache *cache = user;
  char path[4096];
  cache_path(cache, key, path, sizeof path);
  FILE *file = fopen(path, "rb");
  if (!file)
    return NULL;
  long size = fseek(file, 0, SEEK_END) == 0 ? ftell(file) : -1;
  rewind(file);
  if (size > 0 && (cache->loaded = malloc((size_t)size)) &&
      fread(cache->loaded, 1, (size_t)size, file) == (size_t)size)
    *bytes = (size_t)size;
  else
    size = -1;
  fclose(file);
  return size > 0 ? cache->loaded : NULL;
}

static void *cache_save_buffer(void *user, uint64_t key, size_t bytes) {
  (void)key;
  struct file_cache *cache = user;
  return cache->saving = malloc(bytes);
}

static void cache_saved(void *user, uint64_t key, void *binary, size_t bytes) {
  char path[4096];
  cache_path(user, key, path, sizeof path);
  write_file(path, binary, bytes);
}

static edgecc_status run_opencl(struct runner *self, const void *const *inputs,
                                void *const *outputs) {
  return EDGECC_MODEL_INFO()->run(self->session, inputs, outputs);
}

/* Starts the session; prints the cold start. Returns an exit code, or -1
 * to go on. */
static int start_opencl(struct runner *runner, const char *cache_dir,
                        struct file_cache *files) {
  const edgecc_opencl_model_info *info = EDGECC_MODEL_INFO();
  const edgecc_opencl_program *program = info->program;
  runner->num_inputs = program->num_inputs;
  runner->num_outputs = program->num_outputs;
  runner->inputs = program->inputs;
  runner->outputs = program->outputs;
  runner->run = run_opencl;
  runner->session = calloc(1, info->session_size);
  if (!runner->session)
    return 1;
  edgecc_opencl_cache cache = {files, cache_load, cache_save_buffer,
                               cache_saved};
  files->dir = cache_dir;
  edgecc_opencl_options options = {EDGECC_OPENCL_ANY_DEVICE,
                                   cache_dir ? &cache : NULL};
  double start = now_ms();
  edgecc_status status = info->init(runner->session, &options);
  double init_ms = now_ms() - start;
  edgecc_opencl_session *session = (edgecc_opencl_session *)runner->session;
  if (status != EDGECC_OK) {
    fprintf(stderr, "harness: %s%s: %s\n%s",
            status == EDGECC_ERROR_NO_DEVICE ? "skipped: " : "",
            edgecc_status_string(status), edgecc_opencl_describe(session),
            session->build_log);
    info->release(runner->session);
    return status == EDGECC_ERROR_NO_DEVICE ? 77 : 1;
  }
  printf("init_ms: %.3f from_cache=%d device_arena_bytes=%zu\n", init_ms,
         (int)session->from_cache, program->device_arena_size);
  return -1;
}
#endif

int main(int argc, char **argv) {
  const char *profile_path = NULL;
  const char *cache_dir = NULL;
  long threads = 1;
  for (; argc > 1 && strncmp(argv[1], "--", 2) == 0; ++argv, --argc) {
    if (strncmp(argv[1], "--profile=", 10) == 0) {
      profile_path = argv[1] + 10;
    } else if (strncmp(argv[1], "--threads=", 10) == 0) {
      threads = strtol(argv[1] + 10, NULL, 10);
    } else if (strncmp(argv[1], "--cache=", 8) == 0) {
      cache_dir = argv[1] + 8;
    } else {
      fprintf(stderr, "harness: unknown option %s\n", argv[1]);
      return 2;
    }
  }
  struct runner runner = {0};
#ifdef EDGECC_HARNESS_OPENCL
  if (profile_path || threads > 1) {
    fprintf(stderr, "harness: --profile and --threads are for CPU models\n");
    return 2;
  }
  struct file_cache files = {0};
  int started = start_opencl(&runner, cache_dir, &files);
  if (started >= 0)
    return started;
#else
  if (cache_dir) {
    fprintf(stderr, "harness: --cache is for OpenCL models\n");
    return 2;
  }
  const edgecc_model_info *info = EDGECC_MODEL_INFO();
  runner.num_inputs = info->num_inputs;
  runner.num_outputs = info->num_outputs;
  runner.inputs = info->inputs;
  runner.outputs = info->outputs;
  runner.run = run_cpu;
  runner.info = info;
  /* Static: the pool is large, and outlives every run. */
  static edgecc_thread_pool pool;
  if (threads > 1) {
    if (edgecc_thread_pool_start(&pool, (int32_t)threads) != EDGECC_OK) {
      fprintf(stderr, "harness: cannot start %ld threads\n", threads);
      return 1;
    }
    runner.parallel = &pool.parallel;
  }
  if (!(runner.arena = allocate(info->arena_size, info->arena_alignment)))
    return 1;
#endif
  int files_count = runner.num_inputs + runner.num_outputs;
  if (argc != 2 + files_count) {
    fprintf(stderr, "harness: expected REPEAT and %d files\n", files_count);
    return 2;
  }
  long repeat = strtol(argv[1], NULL, 10);
  const void *inputs[64];
  void *outputs[64];
  if (files_count > 64) {
    fprintf(stderr, "harness: too many inputs and outputs\n");
    return 2;
  }
  for (int i = 0; i < runner.num_inputs; ++i) {
    void *data = allocate(runner.inputs[i].bytes, 64);
    if (!data || !read_file(argv[2 + i], data, runner.inputs[i].bytes))
      return 1;
    inputs[i] = data;
  }
  for (int i = 0; i < runner.num_outputs; ++i)
    if (!(outputs[i] = allocate(runner.outputs[i].bytes, 64)))
      return 1;

  edgecc_status status = runner.run(&runner, inputs, outputs);
  if (status != EDGECC_OK) {
    fprintf(stderr, "harness: run failed: %s\n", edgecc_status_string(status));
#ifdef EDGECC_HARNESS_OPENCL
    fprintf(stderr, "harness: %s\n",
            edgecc_opencl_describe((edgecc_opencl_session *)runner.session));
#endif
    return 1;
  }
#ifndef EDGECC_HARNESS_OPENCL
  if (profile_path &&
      !profile_runs(info, profile_path, repeat > 0 ? repeat : 1, inputs,
                    outputs, runner.arena, runner.parallel))
    return 1;
#endif
  if (repeat > 0) {
    double *times = malloc((size_t)repeat * sizeof(double));
    if (!times)
      return 1;
    for (long r = 0; r < repeat; ++r) {
      double start = now_ms();
      runner.run(&runner, inputs, outputs);
      times[r] = now_ms() - start;
    }
    qsort(times, (size_t)repeat, sizeof(double), compare_doubles);
    double median = repeat % 2
                        ? times[repeat / 2]
                        : 0.5 * (times[repeat / 2 - 1] + times[repeat / 2]);
    printf("latency_ms: median=%.3f min=%.3f max=%.3f runs=%ld\n", median,
           times[0], times[repeat - 1], repeat);
    free(times);
  }
#ifdef EDGECC_HARNESS_OPENCL
  EDGECC_MODEL_INFO()->release(runner.session);
#else
  if (runner.parallel)
    edgecc_thread_pool_stop(&pool);
#endif
  for (int i = 0; i < runner.num_outputs; ++i)
    if (!write_file(argv[2 + runner.num_inputs + i], outputs[i],
                    runner.outputs[i].bytes))
      return 1;
  return 0;
}
