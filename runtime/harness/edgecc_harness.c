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
 *===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 200809L

#include "edgecc_thread_pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef EDGECC_MODEL_INFO
#error "define EDGECC_MODEL_INFO to the model's <prefix>_info function"
#endif

const edgecc_model_info *EDGECC_MODEL_INFO(void);

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

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void *allocate(size_t bytes, size_t alignment) {
  size_t rounded = (bytes + alignment - 1) / alignment * alignment;
  return aligned_alloc(alignment, rounded ? rounded : alignment);
}

int main(int argc, char **argv) {
  const edgecc_model_info *info = EDGECC_MODEL_INFO();
  const char *profile_path = NULL;
  long threads = 1;
  for (; argc > 1 && strncmp(argv[1], "--", 2) == 0; ++argv, --argc) {
    if (strncmp(argv[1], "--profile=", 10) == 0) {
      profile_path = argv[1] + 10;
    } else if (strncmp(argv[1], "--threads=", 10) == 0) {
      threads = strtol(argv[1] + 10, NULL, 10);
    } else {
      fprintf(stderr, "harness: unknown option %s\n", argv[1]);
      return 2;
    }
  }
  /* Static: the pool is large, and outlives every run. */
  static edgecc_thread_pool pool;
  const edgecc_parallel *parallel = NULL;
  if (threads > 1) {
    if (edgecc_thread_pool_start(&pool, (int32_t)threads) != EDGECC_OK) {
      fprintf(stderr, "harness: cannot start %ld threads\n", threads);
      return 1;
    }
    parallel = &pool.parallel;
  }
  int files = info->num_inputs + info->num_outputs;
  if (argc != 2 + files) {
    fprintf(stderr, "harness: expected REPEAT and %d files\n", files);
    return 2;
  }
  long repeat = strtol(argv[1], NULL, 10);
  const void *inputs[64];
  void *outputs[64];
  if (files > 64) {
    fprintf(stderr, "harness: too many inputs and outputs\n");
    return 2;
  }
  for (int i = 0; i < info->num_inputs; ++i) {
    void *data = allocate(info->inputs[i].bytes, 64);
    if (!data || !read_file(argv[2 + i], data, info->inputs[i].bytes))
      return 1;
    inputs[i] = data;
  }
  for (int i = 0; i < info->num_outputs; ++i)
    if (!(outputs[i] = allocate(info->outputs[i].bytes, 64)))
      return 1;
  void *arena = allocate(info->arena_size, info->arena_alignment);
  if (!arena)
    return 1;

  edgecc_status status = info->run_parallel(inputs, outputs, arena, parallel);
  if (status != EDGECC_OK) {
    fprintf(stderr, "harness: run failed: %s\n", edgecc_status_string(status));
    return 1;
  }
  if (profile_path && !profile_runs(info, profile_path, repeat > 0 ? repeat : 1,
                                    inputs, outputs, arena, parallel))
    return 1;
  if (repeat > 0) {
    double *times = malloc((size_t)repeat * sizeof(double));
    if (!times)
      return 1;
    for (long r = 0; r < repeat; ++r) {
      double start = now_ms();
      info->run_parallel(inputs, outputs, arena, parallel);
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
  if (parallel)
    edgecc_thread_pool_stop(&pool);
  for (int i = 0; i < info->num_outputs; ++i)
    if (!write_file(argv[2 + info->num_inputs + i], outputs[i],
                    info->outputs[i].bytes))
      return 1;
  return 0;
}
