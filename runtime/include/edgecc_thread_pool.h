/*===- edgecc_thread_pool.h - a pthreads pool for <prefix>_run_parallel ----===
 *
 * The runtime's default scheduler for models compiled with -threads=N:
 *
 *   static edgecc_thread_pool pool;           // no heap: the app owns it
 *   if (edgecc_thread_pool_start(&pool, 2) != EDGECC_OK) ...
 *   model_run_parallel(inputs, outputs, arena, &pool.parallel);
 *   edgecc_thread_pool_stop(&pool);
 *
 * start() creates threads - 1 workers; the thread that calls run is the
 * other one. Each job's tasks are dealt out round robin (task i to thread
 * i % threads), so a job of N tasks on N threads runs one task per thread.
 * Idle workers spin briefly for the next job (kernels follow each other
 * within microseconds), then sleep on a condition variable. One job runs at
 * a time: concurrent callers of run take turns. Nothing allocates after
 * start(). Platforms without pthreads supply their own edgecc_parallel.
 *
 *===----------------------------------------------------------------------===*/

#ifndef EDGECC_THREAD_POOL_H
#define EDGECC_THREAD_POOL_H

#include "edgecc_rt.h"

#include <pthread.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EDGECC_THREAD_POOL_MAX_THREADS 64

/* One worker; aligned apart so that acknowledging a job does not share a
 * cache line with another worker's. */
typedef struct __attribute__((aligned(64))) edgecc_pool_worker {
  pthread_t thread;
  struct edgecc_thread_pool *pool;
  int32_t index;     /* deals tasks index, index + threads, ... */
  uint32_t finished; /* the last generation it completed (atomic) */
} edgecc_pool_worker;

typedef struct edgecc_thread_pool {
  edgecc_parallel parallel; /* pass &pool.parallel to run_parallel */
  /* The rest is private. */
  int32_t threads;
  pthread_mutex_t job_lock;   /* one job at a time */
  pthread_mutex_t sleep_lock; /* with wake: idle workers sleep here */
  pthread_cond_t wake;
  edgecc_task_fn task; /* the job; written before generation moves */
  void *args;
  int32_t count;
  uint32_t generation; /* bumped per job and at stop (atomic) */
  uint32_t sleepers;   /* workers asleep on wake (atomic) */
  uint32_t stopping;
  edgecc_pool_worker workers[EDGECC_THREAD_POOL_MAX_THREADS - 1];
} edgecc_thread_pool;

/* Starts a pool of `threads` threads in all (1 to
 * EDGECC_THREAD_POOL_MAX_THREADS; 1 starts none and runs tasks inline).
 * Returns EDGECC_ERROR_THREADS, with nothing left running, when threads is
 * out of range or a thread cannot be created. */
edgecc_status edgecc_thread_pool_start(edgecc_thread_pool *pool,
                                       int32_t threads);

/* Wakes and joins the workers. The pool may be started again; stopping a
 * stopped pool, or one whose start failed, does nothing. */
void edgecc_thread_pool_stop(edgecc_thread_pool *pool);

#ifdef __cplusplus
}
#endif

#endif
