#!/usr/bin/env python3
"""Writes COUNT byte-mutated copies of a model into OUTDIR (fixed seed): the
fuzz target's seed corpus and a fixed regression set for the importer.

    make_mutated_models.py MODEL OUTDIR [COUNT]
"""

import os
import sys

import numpy as np


def main(model, out, count=200):
    os.makedirs(out, exist_ok=True)
    with open(model, "rb") as f:
        original = np.frombuffer(f.read(), dtype=np.uint8)
    rng = np.random.default_rng(20261122)
    for index in range(count):
        data = original.copy()
        if index % 10 == 9:  # some truncations too
            data = data[: rng.integers(1, len(data))]
        positions = rng.integers(0, len(data), size=rng.integers(1, 9))
        data[positions] = rng.integers(0, 256, size=len(positions), dtype=np.uint8)
        with open(os.path.join(out, f"mutated_{index:03d}.onnx"), "wb") as f:
            f.write(data.tobytes())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *(int(a) for a in sys.argv[3:]))
