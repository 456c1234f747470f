/*===- thread_pool.c - the pthreads edgecc_parallel -----------------------===
 *
 * A job is published by writing task, args and count, then moving
 * `generation` (sequentially consistent); each worker runs its share and
 * stores the generation into its `finished` (release), which the caller
 * waits for (acquire). The caller reads no job field after publishing and
 * writes none until every worker finished, so the fields need no lock.
 *
 * A worker going to sleep counts itself in `sleepers`, then re-reads
 * `generation`, both under sleep_lock; the caller moves `generation`, then
 * reads `sleepers`. Both orders are sequentially consistent, so either the
 * worker sees the new job or the caller sees the sleeper and signals it
 * under the lock: no wake-up is lost.
 *
 *===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 200809L

#include "edgecc_thread_pool.h"

/* Spins before a worker sleeps: long enough to cover the gap between two
 * kernels of a model (tens of microseconds), short enough not to burn a
 * core between inferences. */
enum { SPINS_BEFORE_SLEEP = 1 << 14 };

static void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
  __asm__ __volatile__("yield");
#endif
}

/* Waits until `generation` differs from `seen`, and returns it. */
static uint32_t wait_for_job(edgecc_thread_pool *pool, uint32_t seen) {
  for (int spin = 0; spin < SPINS_BEFORE_SLEEP; ++spin) {
    uint32_t now = __atomic_load_n(&pool->generation, __ATOMIC_ACQUIRE);
    if (now != seen)
      return now;
    cpu_relax();
  }
  pthread_mutex_lock(&pool->sleep_lock);
  __atomic_fetch_add(&pool->sleepers, 1, __ATOMIC_SEQ_CST);
  uint32_t now;
  while ((now = __atomic_load_n(&pool->generation, __ATOMIC_SEQ_CST)) == seen)
    pthread_cond_wait(&pool->wake, &pool->sleep_lock);
  __atomic_fetch_sub(&pool->sleepers, 1, __ATOMIC_SEQ_CST);
  pthread_mutex_unlock(&pool->sleep_lock);
  return now;
}

static void run_share(edgecc_thread_pool *pool, int32_t first) {
  for (int32_t i = first; i < pool->count; i += pool->threads)
    pool->task(pool->args, i);
}

static void *worker_main(void *argument) {
  edgecc_pool_worker *worker = argument;
  edgecc_thread_pool *pool = worker->pool;
  uint32_t seen = 0; /* start() created the worker at generation 0 */
  for (;;) {
    seen = wait_for_job(pool, seen);
    if (pool->stopping)
      return NULL;
    run_share(pool, worker->index);
    __atomic_store_n(&worker->finished, seen, __ATOMIC_RELEASE);
  }
}

/* Publishes a job (or the stop) to the workers. */
static uint32_t publish(edgecc_thread_pool *pool) {
  uint32_t generation =
      __atomic_add_fetch(&pool->generation, 1, __ATOMIC_SEQ_CST);
  if (__atomic_load_n(&pool->sleepers, __ATOMIC_SEQ_CST) != 0) {
    pthread_mutex_lock(&pool->sleep_lock);
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->sleep_lock);
  }
  return generation;
}

static void run_job(void *user, edgecc_task_fn task, void *args,
                    int32_t count) {
  edgecc_thread_pool *pool = user;
  pthread_mutex_lock(&pool->job_lock);
  pool->task = task;
  pool->args = args;
  pool->count = count;
  uint32_t generation = publish(pool);
  run_share(pool, 0);
  for (int32_t w = 0; w < pool->threads - 1; ++w)
    while (__atomic_load_n(&pool->workers[w].finished, __ATOMIC_ACQUIRE) !=
           generation)
      cpu_relax();
  pthread_mutex_unlock(&pool->job_lock);
}

/* Stops and joins the first `started` workers; the pool's parallel then
 * runs tasks inline. */
static void stop_workers(edgecc_thread_pool *pool, int32_t started) {
  pool->parallel.run = NULL;
  pool->stopping = 1;
  publish(pool);
  for (int32_t w = 0; w < started; ++w)
    pthread_join(pool->workers[w].thread, NULL);
  pthread_cond_destroy(&pool->wake);
  pthread_mutex_destroy(&pool->sleep_lock);
  pthread_mutex_destroy(&pool->job_lock);
}

edgecc_status edgecc_thread_pool_start(edgecc_thread_pool *pool,
                                       int32_t threads) {
  if (!pool)
    return EDGECC_ERROR_THREADS;
  /* Tasks run inline until every worker is up. */
  pool->parallel.run = NULL;
  pool->parallel.user = pool;
  if (threads < 1 || threads > EDGECC_THREAD_POOL_MAX_THREADS)
    return EDGECC_ERROR_THREADS;
  pool->threads = threads;
  pool->generation = 0;
  pool->sleepers = 0;
  pool->stopping = 0;
  pthread_mutex_init(&pool->job_lock, NULL);
  pthread_mutex_init(&pool->sleep_lock, NULL);
  pthread_cond_init(&pool->wake, NULL);
  for (int32_t w = 0; w < threads - 1; ++w) {
    edgecc_pool_worker *worker = &pool->workers[w];
    worker->pool = pool;
    worker->index = w + 1;
    worker->finished = 0;
    if (pthread_create(&worker->thread, NULL, worker_main, worker) != 0) {
      stop_workers(pool, w);
      return EDGECC_ERROR_THREADS;
    }
  }
  pool->parallel.run = run_job;
  return EDGECC_OK;
}

void edgecc_thread_pool_stop(edgecc_thread_pool *pool) {
  /* A running pool is the only one whose run is set. */
  if (pool->parallel.run)
    stop_workers(pool, pool->threads - 1);
}
