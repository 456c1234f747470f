#!/usr/bin/env python3
"""check_digits.py TEST_Y.npy FLOAT_DIR NAME=DIR...: the accuracy of the
digits CNN (train_digits_cnn.py) on its held-out split, float (FLOAT_DIR,
as edgecc compiled it) and for each quantized build NAME in DIR. Fails if
a quantized build is more than 0.5 percentage points less accurate than
float, if builds of one NAME (NAME=DIR given more than once, one per
target) are not bit-identical, or if a build NAME+STEP (a step such as
cross-layer equalization, +cle, or bias correction, +bc) has a lower SQNR
against float than the nearest given build with fewer steps. Prints a table."""

import os
import sys

import numpy as np

MAX_DROP_PP = 0.5


def main():
    labels = np.load(sys.argv[1])
    logits = {"float": np.load(os.path.join(sys.argv[2], "output_0.npy"))}
    failures = []
    for argument in sys.argv[3:]:
        name, directory = argument.split("=", 1)
        output = np.load(os.path.join(directory, "output_0.npy"))
        if name in logits and not np.array_equal(output, logits[name]):
            failures.append(f"{name}: {directory} differs from the other target")
        logits[name] = output

    def accuracy(output):
        return 100.0 * float((output.argmax(1) == labels).mean())

    reference = logits["float"]

    def sqnr(output):
        noise = np.sum((output.astype(np.float64) - reference) ** 2)
        return 10 * np.log10(np.sum(reference.astype(np.float64) ** 2) / max(noise, 1e-30))

    print(f"{'build':<24} {'accuracy':>9} {'SQNR vs float':>14}")
    for name, output in logits.items():
        print(f"{name:<24} {accuracy(output):8.2f}% "
              f"{'' if name == 'float' else f'{sqnr(output):11.1f} dB'}")
        if accuracy(reference) - accuracy(output) > MAX_DROP_PP:
            failures.append(f"{name}: accuracy drops by more than {MAX_DROP_PP} points")
        # Compared with the nearest build that has fewer steps.
        base = name
        while "+" in base:
            base = base.rsplit("+", 1)[0]
            if base in logits:
                if sqnr(output) < sqnr(logits[base]):
                    failures.append(f"{name}: SQNR {sqnr(output):.1f} dB is below "
                                    f"{base}'s {sqnr(logits[base]):.1f} dB")
                break
    if failures:
        sys.exit("\n".join(failures))


if __name__ == "__main__":
    main()
