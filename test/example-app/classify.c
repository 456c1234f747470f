/* Image classification with an edgecc-compiled model (compiled with
 * -name=model): reads a binary PPM (P6) of the model's input size, or a .npy
 * float32 tensor of the input's shape, and prints the top-5 classes.
 * No heap: buffers and arena are sized by the generated macros. */
#include "model.h"

#include <stdio.h>
#include <string.h>

EDGECC_STATIC_ASSERT(MODEL_NUM_INPUTS == 1 && MODEL_INPUT0_RANK == 4,
                     "expects one NCHW image input");

static const int64_t input_shape[] = MODEL_INPUT0_SHAPE;
static float input[MODEL_INPUT0_BYTES / sizeof(float)];
static float output[MODEL_OUTPUT0_BYTES / sizeof(float)];
static _Alignas(MODEL_ARENA_ALIGN) unsigned char arena[MODEL_ARENA_SIZE];

/* RGB bytes scaled to [0, 1] and normalized as torchvision models expect. */
static int read_ppm(FILE *file) {
  static const float mean[3] = {0.485f, 0.456f, 0.406f};
  static const float stddev[3] = {0.229f, 0.224f, 0.225f};
  int width, height, max;
  if (fscanf(file, "P6 %d %d %d", &width, &height, &max) != 3 || max != 255 ||
      fgetc(file) == EOF || input_shape[1] != 3 || width != input_shape[3] ||
      height != input_shape[2]) {
    fprintf(stderr, "classify: expected a %lldx%lld 8-bit binary PPM\n",
            (long long)input_shape[3], (long long)input_shape[2]);
    return 0;
  }
  for (int pixel = 0; pixel < width * height; ++pixel)
    for (int channel = 0; channel < 3; ++channel) {
      int value = fgetc(file);
      if (value == EOF)
        return 0;
      input[channel * width * height + pixel] =
          ((float)value / 255.0f - mean[channel]) / stddev[channel];
    }
  return 1;
}

/* A version 1 .npy file whose data is exactly the model input. */
static int read_npy(FILE *file) {
  unsigned char preamble[10];
  if (fread(preamble, 1, sizeof preamble, file) != sizeof preamble ||
      memcmp(preamble, "\x93NUMPY\x01", 7) != 0)
    return 0;
  char header[1024];
  size_t length = (size_t)preamble[8] | (size_t)preamble[9] << 8;
  if (length >= sizeof header || fread(header, 1, length, file) != length)
    return 0;
  header[length] = '\0';
  if (!strstr(header, "'<f4'") || strstr(header, "True"))
    return 0;
  return fread(input, 1, sizeof input, file) == sizeof input &&
         fgetc(file) == EOF;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: classify IMAGE.ppm|TENSOR.npy\n");
    return 2;
  }
  FILE *file = fopen(argv[1], "rb");
  size_t length = strlen(argv[1]);
  int ok = file && (length > 4 && strcmp(argv[1] + length - 4, ".npy") == 0
                        ? read_npy(file)
                        : read_ppm(file));
  if (file)
    fclose(file);
  if (!ok) {
    fprintf(stderr, "classify: cannot read %s\n", argv[1]);
    return 1;
  }
  const void *inputs[] = {input};
  void *outputs[] = {output};
  edgecc_status status = model_run(inputs, outputs, arena);
  if (status != EDGECC_OK) {
    fprintf(stderr, "classify: %s\n", edgecc_status_string(status));
    return 1;
  }
  int classes = (int)(sizeof output / sizeof output[0]);
  int best[5] = {-1, -1, -1, -1, -1};
  for (int rank = 0; rank < 5 && rank < classes; ++rank)
    for (int c = 0; c < classes; ++c) {
      int taken = 0;
      for (int r = 0; r < rank; ++r)
        taken |= best[r] == c;
      if (!taken && (best[rank] < 0 || output[c] > output[best[rank]]))
        best[rank] = c;
    }
  printf("top-5:");
  for (int rank = 0; rank < 5 && rank < classes; ++rank)
    printf(" %d (%.4f)", best[rank], (double)output[best[rank]]);
  printf("\n");
  return 0;
}
