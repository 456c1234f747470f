#!/usr/bin/env python3
"""Latency of edgecc-compiled models side by side with onnxruntime.

For each model: compile it once with `edgecc` (timed, with -report for the
MAC count), then alternate rounds of `edgecc-run --repeat=N` and N runs of an
onnxruntime session (same thread count, all graph optimizations) on the same
seeded input. Prints per model the median latency of each, the ratio
edgecc/ORT and the fraction of this machine's fp32 FMA peak each reaches
(measured by fma_peak.c, built here with -march=native).

    benchmark.py --edgecc BIN --edgecc-run BIN --models DIR [--threads 1]
                 [--rounds 3] [--repeat 20] [--write-doc docs/performance.md]
                 [NAME ...]

Latency is the median of the per-round medians. Nothing here asserts a time:
the numbers go to the terminal and, with --write-doc, to docs/.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
import onnxruntime as ort

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Inputs"))
from ort_reference import use_exact_int8_kernels  # noqa: E402


def fp32_peak_gflops(clang, work):
    binary = os.path.join(work, "fma_peak")
    subprocess.run([clang, "-O2", "-march=native", os.path.join(HERE, "fma_peak.c"),
                    "-o", binary], check=True)
    output = subprocess.run([binary], check=True, capture_output=True, text=True).stdout
    return float(re.search(r"fp32_peak_gflops=([0-9.]+)", output).group(1))


def input_arrays(model_path, seed):
    model = onnx.load(model_path, load_external_data=False)
    initializers = {i.name for i in model.graph.initializer}
    rng = np.random.default_rng(seed)
    arrays = {}
    for value in model.graph.input:
        if value.name not in initializers:
            shape = [d.dim_value for d in value.type.tensor_type.shape.dim]
            arrays[value.name] = rng.standard_normal(shape).astype(np.float32)
    return arrays


def save_inputs(arrays, work):
    """Writes the input arrays as .npy files; returns edgecc-run's -i
    arguments for them."""
    arguments = []
    for index, array in enumerate(arrays.values()):
        path = os.path.join(work, f"in{index}.npy")
        np.save(path, array)
        arguments += ["-i", path]
    return arguments


def compile_model(edgecc, model_path, work, extra):
    """Returns (seconds, MACs) of one `edgecc` compile."""
    report = os.path.join(work, "report.json")
    start = time.monotonic()
    subprocess.run([edgecc, model_path, "-o", os.path.join(work, "model.o"),
                    f"-report={report}", *extra], check=True)
    seconds = time.monotonic() - start
    with open(report) as f:
        return seconds, json.load(f)["totals"]["macs"]


def edgecc_round(edgecc_run, model_path, input_files, repeat, work, extra):
    result = subprocess.run([edgecc_run, model_path, *input_files, "-o",
                             os.path.join(work, "out"), f"--repeat={repeat}", *extra],
                            check=True, capture_output=True, text=True)
    return float(re.search(r"latency_ms: median=([0-9.]+)", result.stdout).group(1))


def ort_round(session, inputs, repeat):
    session.run(None, inputs)  # warm-up, as edgecc-run does
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        session.run(None, inputs)
        times.append(1e3 * (time.perf_counter() - start))
    return statistics.median(times)


def ort_session(model_path, threads, exact_int8=False):
    """With `exact_int8`, onnxruntime runs the exact 8-bit kernels the
    tests' reference runs (ort_reference.py)."""
    options = ort.SessionOptions()
    if exact_int8:
        use_exact_int8_kernels(options)
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(model_path, options, providers=["CPUExecutionProvider"])


def benchmark(args, name, peak, work):
    model_path = os.path.join(args.models, name + ".onnx")
    inputs = input_arrays(model_path, seed=sum(map(ord, name)))
    input_files = save_inputs(inputs, work)
    extra = [f"-threads={args.threads}"] if args.threads != 1 else []
    compile_seconds, macs = compile_model(args.edgecc, model_path, work, extra)
    session = ort_session(model_path, args.threads)
    edgecc_ms, ort_ms = [], []
    for _ in range(args.rounds):
        edgecc_ms.append(edgecc_round(args.edgecc_run, model_path, input_files,
                                      args.repeat, work, extra))
        ort_ms.append(ort_round(session, inputs, args.repeat))
    edgecc_median, ort_median = statistics.median(edgecc_ms), statistics.median(ort_ms)

    def peak_share(ms):
        return 2.0 * macs / (ms * 1e-3) / (peak * 1e9 * args.threads)

    return {"model": name, "gmacs": macs / 1e9, "compile_s": compile_seconds,
            "edgecc_ms": edgecc_median, "ort_ms": ort_median,
            "ratio": edgecc_median / ort_median,
            "edgecc_peak": peak_share(edgecc_median), "ort_peak": peak_share(ort_median)}


COLUMNS = ["model", "GMACs", "compile s", "edgecc ms", "ORT ms", "edgecc/ORT",
           "edgecc % peak", "ORT % peak"]


def table_row(row):
    return [row["model"], f"{row['gmacs']:.3f}", f"{row['compile_s']:.1f}",
            f"{row['edgecc_ms']:.2f}", f"{row['ort_ms']:.2f}", f"{row['ratio']:.2f}",
            f"{100 * row['edgecc_peak']:.0f}%", f"{100 * row['ort_peak']:.0f}%"]


def markdown_table(columns, cells):
    """A markdown table of `columns` over rows of formatted `cells`."""
    lines = ["| " + " | ".join(columns) + " |",
             "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    return "\n".join(lines)


# x86's vector extensions that change which kernels edgecc and onnxruntime
# run, widest first.
VECTOR_EXTENSIONS = ["avx512_vnni", "avx512f", "avx2", "sse2"]


def cpu_info(field):
    """A field of /proc/cpuinfo's first CPU, or None."""
    try:
        with open("/proc/cpuinfo") as f:
            found = re.search(rf"^{field}\s*:\s*(.*)", f.read(), re.MULTILINE)
    except OSError:
        return None
    return found.group(1) if found else None


def widest_vector_extension():
    """The first of VECTOR_EXTENSIONS this CPU has, or None (not x86)."""
    flags = set((cpu_info("flags") or "").split())
    return next((f for f in VECTOR_EXTENSIONS if f in flags), None)


def machine_description():
    """This machine's CPU model, family, widest vector extension and core
    count: "AMD EPYC" alone names both a Zen 3 with AVX2 and a Zen 5 with
    AVX-512 VNNI."""
    cpu = cpu_info("model name") or platform.processor() or platform.machine()
    family, widest = cpu_info("cpu family"), widest_vector_extension()
    cpu += "".join([f", family {family}" if family else "",
                    f", {widest}" if widest else ""])
    return f"{cpu} ({os.cpu_count()} cores)"


def section_title(kind, threads):
    """The docs section a run writes: one per kind of run, thread count and
    vector extension, so that a machine with another vector unit adds its
    own tables instead of replacing the others'."""
    title = f"{kind}{', ' if kind else ''}{threads} thread{'s' if threads > 1 else ''}"
    widest = widest_vector_extension()
    return title + (f", {widest}" if widest else "")


def write_doc(path, rows, peak, args, command):
    title = section_title("", args.threads)
    section = f"""## {title}

Measured {datetime.date.today().isoformat()} on {machine_description()},
onnxruntime {ort.__version__}, fp32 FMA peak {peak:.1f} GFLOP/s per core
(`test/bench/fma_peak.c`), {args.rounds} rounds of {args.repeat} runs:

    {command}

{markdown_table(COLUMNS, [table_row(row) for row in rows])}
"""
    replace_section(path, title, section)


def replace_section(path, key, section):
    """Puts `section` between the markdown file's markers for `key`, or
    appends it with them."""
    marker = f"<!-- benchmark: {key} -->"
    text = open(path).read() if os.path.exists(path) else ""
    begin = text.find(marker)
    if begin >= 0:
        end = text.find("<!-- benchmark end -->", begin)
        text = text[:begin] + marker + "\n" + section + text[end:]
    else:
        text += f"\n{marker}\n{section}<!-- benchmark end -->\n"
    with open(path, "w") as f:
        f.write(text)


def add_common_arguments(parser):
    """The options every benchmark script takes: binaries, models, thread
    count, rounds, the doc to update and the model names."""
    parser.add_argument("--edgecc-run", required=True)
    parser.add_argument("--models", required=True, help="directory of .onnx files")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--write-doc", help="update this markdown file's table")
    parser.add_argument("names", nargs="*")


def model_names(args):
    """The models named on the command line, else every one in --models."""
    return args.names or sorted(f[:-5] for f in os.listdir(args.models)
                                if f.endswith(".onnx"))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edgecc", required=True)
    parser.add_argument("--clang", default="clang-19")
    add_common_arguments(parser)
    args = parser.parse_args()
    ort.set_default_logger_severity(3)
    names = model_names(args)
    rows = []
    with tempfile.TemporaryDirectory(prefix="edgecc-bench-") as work:
        peak = fp32_peak_gflops(args.clang, work)
        print(f"fp32 FMA peak: {peak:.1f} GFLOP/s per core; {args.threads} thread(s)")
        print("  ".join(f"{c:>13}" for c in COLUMNS))
        for name in names:
            row = benchmark(args, name, peak, work)
            rows.append(row)
            print("  ".join(f"{c:>13}" for c in table_row(row)), flush=True)
    if args.write_doc:
        command = " ".join(shlex.quote(a) for a in [os.path.relpath(sys.argv[0])] + sys.argv[1:])
        write_doc(args.write_doc, rows, peak, args, command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
