#!/usr/bin/env python3
"""Cold start, cached start and steady-state latency of models on an OpenCL
device (PoCL's CPU device on a machine without a GPU).

For each model, edgecc-run -target=opencl runs it three times, each time in
a new process:
  cold    - empty PoCL kernel cache and empty program cache: init builds
            the program from source (what an app's first start costs);
  cached  - the program binary the first start saved through the model's
            cache hook (-program-cache): init skips the build;
  steady  - the median of --repeat runs after init (inputs written to the
            device, every kernel enqueued, outputs read back).
It also lists the device arena (every tensor of a run) and the weights the
session copies to the device once.

    opencl_startup.py --edgecc-run BIN --models DIR [--repeat 10]
                      [--write-doc docs/opencl.md] [NAME ...]

Nothing here asserts a time; the numbers go to the terminal and, with
--write-doc, to docs/.
"""

import argparse
import datetime
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import onnx

INIT = re.compile(r"init_ms: ([0-9.]+) from_cache=(\d) device_arena_bytes=(\d+)")
LATENCY = re.compile(r"latency_ms: median=([0-9.]+)")


def input_files(model_path, work):
    model = onnx.load(model_path, load_external_data=False)
    initializers = {i.name for i in model.graph.initializer}
    rng = np.random.default_rng(0)
    files = []
    for index, value in enumerate(model.graph.input):
        if value.name in initializers:
            continue
        shape = [d.dim_value for d in value.type.tensor_type.shape.dim]
        path = os.path.join(work, f"input{index}.npy")
        np.save(path, rng.standard_normal(shape).astype(np.float32))
        files += ["-i", path]
    return files


def start(edgecc_run, model_path, files, work, cache, repeat):
    env = dict(os.environ, POCL_CACHE_DIR=os.path.join(work, "pocl"))
    result = subprocess.run(
        [edgecc_run, model_path, "-target=opencl", f"-program-cache={cache}",
         f"-repeat={repeat}", *files, "-o", os.path.join(work, "out")],
        capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit(f"{model_path}: edgecc-run failed ({result.returncode}):\n"
                 f"{result.stderr}")
    init = INIT.search(result.stdout)
    latency = LATENCY.search(result.stdout)
    return (float(init.group(1)), int(init.group(2)), int(init.group(3)),
            float(latency.group(1)) if latency else None)


def weights_bytes(edgecc, model_path, work):
    header = os.path.join(work, "model.h")
    subprocess.run([edgecc, model_path, "-target=opencl", "-emit=header", "-o", header],
                   check=True)
    with open(header) as f:
        return int(re.search(r"_WEIGHTS_SIZE (\d+)u", f.read()).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edgecc-run", required=True)
    parser.add_argument("--models", required=True)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--write-doc")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    # edgecc sits next to edgecc-run (build/bin, or an installed bin/).
    edgecc = os.path.join(os.path.dirname(os.path.abspath(args.edgecc_run)), "edgecc")
    names = args.names or sorted(f[:-5] for f in os.listdir(args.models)
                                 if f.endswith(".onnx"))
    rows = []
    for name in names:
        model_path = os.path.join(args.models, name + ".onnx")
        with tempfile.TemporaryDirectory(prefix="edgecc-opencl-") as work:
            files = input_files(model_path, work)
            cache = os.path.join(work, "programs")
            cold, cold_cached, arena, _ = start(args.edgecc_run, model_path, files,
                                                work, cache, 0)
            warm, warm_cached, _, steady = start(args.edgecc_run, model_path, files,
                                                 work, cache, args.repeat)
            assert cold_cached == 0 and warm_cached == 1, "the program cache did not work"
            weights = weights_bytes(edgecc, model_path, work)
        rows.append((name, cold, warm, steady, arena, weights))
        print(f"{name}: cold start {cold:.0f} ms, cached start {warm:.0f} ms, "
              f"steady {steady:.2f} ms, device arena {arena / 2**20:.2f} MiB, "
              f"weights {weights / 2**20:.2f} MiB", flush=True)
    if args.write_doc:
        write_doc(args, rows)
    return 0


def write_doc(args, rows):
    device = subprocess.run(["clinfo", "-l"], capture_output=True, text=True).stdout.strip() \
        if shutil.which("clinfo") else "(clinfo not installed)"
    command = (".venv/bin/python test/bench/opencl_startup.py --edgecc-run "
               f"build/bin/edgecc-run --models build/models --repeat {args.repeat} "
               f"--write-doc {args.write_doc}")
    lines = [
        "# OpenCL: start-up, latency and device memory",
        "",
        "Generated by `test/bench/opencl_startup.py`; do not edit by hand.",
        "",
        f"- Command: `{command}`",
        f"- Date: {datetime.date.today().isoformat()}; host: {platform.machine()}, "
        f"{os.cpu_count()} cores",
        "- Device (`clinfo -l`):",
        "",
        "```",
        device,
        "```",
        "",
        "Cold start is init with empty kernel and program caches (device setup, "
        "program build from source, weights copied); cached start is init with "
        "the program binary the first start saved through the model's cache "
        "hook (`edgecc_opencl_cache`, `edgecc-run -program-cache=DIR`). Steady "
        f"is the median of {args.repeat} runs (inputs written, every kernel "
        "enqueued, outputs read back). PoCL's CPU device runs the kernels on "
        "this machine's cores, so the latencies say little about a GPU; the "
        "start-up and memory columns carry over.",
        "",
        "| model | cold start (ms) | cached start (ms) | steady (ms) | device arena (MiB) "
        "| weights on device (MiB) |",
        "|---|---|---|---|---|---|",
    ]
    for name, cold, warm, steady, arena, weights in rows:
        lines.append(f"| {name} | {cold:.0f} | {warm:.0f} | {steady:.2f} | "
                     f"{arena / 2**20:.2f} | {weights / 2**20:.2f} |")
    with open(args.write_doc, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
