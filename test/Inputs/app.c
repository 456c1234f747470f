/* An app as a user writes it: arena and buffers sized by the generated
 * macros, no heap, two models (different -name) linked into one binary. */
#include "first.h"
#include "second.h"

#include <stdio.h>

static float input[1 * 3 * 8 * 8];
static float output_a[5], output_b[5];
static unsigned char arena[FIRST_ARENA_SIZE + 1]
    __attribute__((aligned(FIRST_ARENA_ALIGN)));

_Static_assert(sizeof input == FIRST_INPUT0_BYTES, "input size macro");
_Static_assert(sizeof output_a == FIRST_OUTPUT0_BYTES, "output size macro");
_Static_assert(FIRST_ARENA_SIZE == SECOND_ARENA_SIZE, "same model, same plan");

int main(void) {
  for (int i = 0; i < (int)(sizeof input / sizeof input[0]); ++i)
    input[i] = (float)(i % 7) * 0.25f - 0.5f;
  const void *inputs[] = {input};
  void *outputs_a[] = {output_a}, *outputs_b[] = {output_b};
  if (first_run(inputs, outputs_a, arena) != EDGECC_OK)
    return 1;
  if (second_run(inputs, outputs_b, arena) != EDGECC_OK)
    return 2;
  for (int i = 0; i < 5; ++i)
    if (output_a[i] != output_b[i])
      return 3;
  /* Misuse is reported, not crashed on. */
  if (first_run(NULL, outputs_a, arena) != EDGECC_ERROR_NULL_ARGUMENT)
    return 4;
  if (first_run(inputs, outputs_a, arena + 1) != EDGECC_ERROR_MISALIGNED_ARENA)
    return 5;
  const edgecc_model_info *info = second_info();
  /* The header this app was compiled with matches the linked object. */
  if (info->abi_hash != SECOND_ABI_HASH || first_info()->abi_hash != FIRST_ABI_HASH)
    return 6;
  printf("%s: %d input(s) '%s', arena %zu bytes, output %.6f %.6f\n", info->name,
         info->num_inputs, info->inputs[0].name, info->arena_size,
         (double)output_a[0], (double)output_a[4]);
  return 0;
}
