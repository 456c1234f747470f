#!/usr/bin/env python3
"""compare_with_ort.py MODEL OUTDIR INPUT.npy...: fails unless every
OUTDIR/output_K.npy has the dtype of onnxruntime's output K and is within
1e-4 * max|ref| of it, with NaN and infinities where it has them (equal,
for integer and bool outputs). onnxruntime's 8-bit kernels are its exact
ones (ort_reference.py)."""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ort_reference import reference_session  # noqa: E402

model, out_dir, *inputs = sys.argv[1:]
session = reference_session(model)
feeds = {i.name: np.load(path) for i, path in zip(session.get_inputs(), inputs)}
for index, reference in enumerate(session.run(None, feeds)):
    got = np.load(os.path.join(out_dir, f"output_{index}.npy"))
    if got.dtype != reference.dtype:
        sys.exit(f"output {index}: dtype {got.dtype} vs {reference.dtype}")
    if got.shape != reference.shape:
        sys.exit(f"output {index}: shape {got.shape} vs {reference.shape}")
    if reference.dtype.kind in "biu":
        if not np.array_equal(got, reference):
            sys.exit(f"output {index}: {int((got != reference).sum())} of "
                     f"{reference.size} elements differ")
        continue
    # NaN and infinities must be where onnxruntime has them.
    finite = np.isfinite(reference)
    if (not np.array_equal(got[~finite], reference[~finite], equal_nan=True) or
            not np.isfinite(got[finite]).all()):
        sys.exit(f"output {index}: NaN or infinities differ")
    got, reference = got[finite], reference[finite]
    error = np.abs(got - reference).max(initial=0) / max(
        np.abs(reference).max(initial=0), 1e-30)
    if error > 1e-4:
        sys.exit(f"output {index}: error {error:.2e}")
