/* fma_peak.c - this machine's single-thread fp32 FMA peak, in GFLOP/s.
 *
 * Independent chains of vector FMAs (as wide as the compiler flags allow:
 * -march=native picks AVX-512, AVX2 or NEON), enough of them to hide the
 * FMA latency on every current core, so the loop is bound by FMA
 * throughput alone. One FMA counts as two FLOPs, as vendors count peak.
 */
#include <stdio.h>
#include <time.h>

#if defined(__AVX512F__)
#define LANES 16
#elif defined(__AVX__)
#define LANES 8
#else
#define LANES 4
#endif

/* Every chain must stay in a register, next to the two operands: 16 chains
 * on x86 without AVX-512 (16 vector registers) spilled two of them, and
 * the store-to-load latency of those bound the loop: a Zen 3 measured
 * 53 GFLOP/s so, 101 with 12 chains. 12 still hide the latency of two FMA
 * pipes of 5 cycles or less. */
#define TWELVE_CHAINS(X)                                                       \
  X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)
#if defined(__x86_64__) && !defined(__AVX512F__)
#define CHAINS 12
#define EACH_CHAIN(X) TWELVE_CHAINS(X)
#else
#define CHAINS 16
#define EACH_CHAIN(X) TWELVE_CHAINS(X) X(12) X(13) X(14) X(15)
#endif

typedef float vec __attribute__((vector_size(LANES * sizeof(float))));

static volatile vec published;

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

#define DECLARE(c) vec acc##c = a * (float)(c + 1);
#define STEP(c) acc##c = acc##c * a + b;
#define SUM(c) total += acc##c;

/* Returns the elapsed time of `iterations` rounds of CHAINS FMAs. Named
 * accumulators (not an array) keep every chain in a register; without
 * -ffast-math the compiler may not merge or reorder the chains. */
static double run(long iterations, float *sink) {
  vec a, b;
  for (int l = 0; l < LANES; ++l) {
    a[l] = 0.999999f;
    b[l] = 1e-7f;
  }
  EACH_CHAIN(DECLARE)
  double start = seconds();
  for (long i = 0; i < iterations; ++i) {
    EACH_CHAIN(STEP)
  }
  /* The store to a global must happen before the clock call (which might
   * read it), so the loop cannot be moved past the second timestamp. */
  vec total = {0};
  EACH_CHAIN(SUM)
  published = total;
  double elapsed = seconds() - start;
  *sink = 0.0f;
  for (int l = 0; l < LANES; ++l)
    *sink += published[l];
  return elapsed;
}

int main(void) {
  float sink;
  long iterations = 1L << 20;
  while (run(iterations, &sink) < 0.2)
    iterations *= 2;
  double best = 0.0;
  for (int round = 0; round < 5; ++round) {
    double flops = 2.0 * LANES * CHAINS * (double)iterations;
    double gflops = flops / run(iterations, &sink) / 1e9;
    if (gflops > best)
      best = gflops;
  }
  printf("fp32_peak_gflops=%.1f lanes=%d (checksum %g)\n", best, LANES,
         (double)sink);
  return 0;
}
