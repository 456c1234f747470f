#!/usr/bin/env python3
"""End-to-end model test: compile and run each model with edgecc-run on each
target and compare its outputs with onnxruntime's.

Pass: max|edgecc - ort| <= 1e-4 * max|ort| for every output (the spine's
tolerance). Inputs are standard-normal with a fixed seed per model.

    check_models.py --edgecc-run BIN --models DIR [--targets host,aarch64]
                    [--threads N] [NAME ...]

With --threads N the models are compiled with -threads=N and run on a pool
of N threads. On the OpenCL targets a model is reported SKIP (never PASS)
when the machine has no OpenCL platform or device (edgecc-run exit 77).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
import onnxruntime as ort

RELATIVE_TOLERANCE = 1e-4
NO_DEVICE = 77  # edgecc-run's exit code when there is no OpenCL device


def input_arrays(model_path, seed):
    rng = np.random.default_rng(seed)
    model = onnx.load(model_path, load_external_data=False)
    initializers = {i.name for i in model.graph.initializer}
    arrays = {}
    for value in model.graph.input:
        if value.name in initializers:
            continue
        shape = [d.dim_value for d in value.type.tensor_type.shape.dim]
        arrays[value.name] = rng.standard_normal(shape).astype(np.float32)
    return arrays


def check(edgecc_run, model_path, target, threads, work):
    name = os.path.splitext(os.path.basename(model_path))[0]
    inputs = input_arrays(model_path, seed=sum(map(ord, name)))
    files = []
    for index, (input_name, array) in enumerate(inputs.items()):
        path = os.path.join(work, f"{name}_in{index}.npy")
        np.save(path, array)
        files += ["-i", path]
    out_dir = os.path.join(work, f"{name}_{target}")
    start = time.monotonic()
    result = subprocess.run([edgecc_run, model_path, f"-target={target}",
                             f"-threads={threads}", *files, "-o", out_dir],
                            capture_output=True, text=True)
    seconds = time.monotonic() - start
    if result.returncode == NO_DEVICE:
        return None, f"no OpenCL device: {result.stderr.strip()}"
    if result.returncode != 0:
        return False, f"edgecc-run failed ({result.returncode}): {result.stderr.strip()}"
    session = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])
    references = session.run(None, inputs)
    worst = 0.0
    for index, reference in enumerate(references):
        got = np.load(os.path.join(out_dir, f"output_{index}.npy"))
        if got.shape != reference.shape:
            return False, f"output {index} has shape {got.shape}, expected {reference.shape}"
        scale = float(np.abs(reference).max()) or 1.0
        worst = max(worst, float(np.abs(got - reference).max()) / scale)
    ok = worst <= RELATIVE_TOLERANCE
    return ok, f"max|a-b|/max|ref| = {worst:.2e} ({seconds:.1f} s)"


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edgecc-run", required=True)
    parser.add_argument("--models", required=True, help="directory of .onnx files")
    parser.add_argument("--targets", default="host,aarch64")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    names = args.names or sorted(f[:-5] for f in os.listdir(args.models)
                                 if f.endswith(".onnx"))
    passed = failed = skipped = 0
    with tempfile.TemporaryDirectory(prefix="edgecc-e2e-") as work:
        for name in names:
            for target in args.targets.split(","):
                ok, detail = check(args.edgecc_run,
                                   os.path.join(args.models, name + ".onnx"), target,
                                   args.threads, work)
                verdict = "SKIP" if ok is None else "PASS" if ok else "FAIL"
                print(f"{verdict}: {name} on {target}: {detail}", flush=True)
                passed += ok is True
                failed += ok is False
                skipped += ok is None
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
