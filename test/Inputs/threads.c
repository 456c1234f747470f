/* Two threads run the same model at once, each with its own arena; their
 * outputs must equal a single-threaded run bit for bit. Built with
 * -fsanitize=thread together with the model's C, so a data race on shared
 * state would be reported. */
#include "model.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RUNS = 8 };

static float input[MODEL_INPUT0_BYTES / sizeof(float)];
static float reference[MODEL_OUTPUT0_BYTES / sizeof(float)];

struct worker {
  unsigned char *arena;
  float output[MODEL_OUTPUT0_BYTES / sizeof(float)];
  int mismatches;
};

static void *run_model(void *argument) {
  struct worker *worker = argument;
  const void *inputs[] = {input};
  void *outputs[] = {worker->output};
  for (int run = 0; run < RUNS; ++run) {
    if (model_run(inputs, outputs, worker->arena) != EDGECC_OK ||
        memcmp(worker->output, reference, sizeof reference) != 0)
      ++worker->mismatches;
  }
  return NULL;
}

int main(void) {
  for (size_t i = 0; i < sizeof input / sizeof input[0]; ++i)
    input[i] = (float)((int)(i * 7919 % 201) - 100) / 50.0f;
  unsigned char *arenas[3];
  for (int i = 0; i < 3; ++i)
    arenas[i] = aligned_alloc(MODEL_ARENA_ALIGN, MODEL_ARENA_SIZE);
  const void *inputs[] = {input};
  void *outputs[] = {reference};
  if (model_run(inputs, outputs, arenas[0]) != EDGECC_OK)
    return 1;
  struct worker workers[2] = {{arenas[1], {0}, 0}, {arenas[2], {0}, 0}};
  pthread_t threads[2];
  for (int i = 0; i < 2; ++i)
    pthread_create(&threads[i], NULL, run_model, &workers[i]);
  for (int i = 0; i < 2; ++i)
    pthread_join(threads[i], NULL);
  printf("mismatches: %d %d\n", workers[0].mismatches, workers[1].mismatches);
  return workers[0].mismatches + workers[1].mismatches != 0;
}
