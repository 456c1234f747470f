#!/usr/bin/env python3
"""compare_with_ort.py MODEL OUTDIR INPUT.npy...: fails unless every
OUTDIR/output_K.npy is within 1e-4 * max|ref| of onnxruntime's output K."""

import os
import sys

import numpy as np
import onnxruntime as ort

model, out_dir, *inputs = sys.argv[1:]
session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
feeds = {i.name: np.load(path) for i, path in zip(session.get_inputs(), inputs)}
for index, reference in enumerate(session.run(None, feeds)):
    got = np.load(os.path.join(out_dir, f"output_{index}.npy"))
    error = np.abs(got - reference).max() / max(np.abs(reference).max(), 1e-30)
    if got.shape != reference.shape or error > 1e-4:
        sys.exit(f"output {index}: shape {got.shape} vs {reference.shape}, error {error:.2e}")
