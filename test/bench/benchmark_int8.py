#!/usr/bin/env python3
"""int8 latency: edgecc's own quantization and models quantized elsewhere,
side by side with onnxruntime.

For each float model: write calibration samples (standard normal, seeded by
the model's name), quantize the model with onnxruntime's quantize_static on
those samples (QDQ, per-channel int8 weights, uint8 activations), then
alternate rounds of
  - edgecc-run on the float model,
  - edgecc-run -quantize=int8 -calibration-data=SAMPLES on the float model
    (edgecc's own post-training quantization, same samples),
  - edgecc-run on the QDQ model,
  - onnxruntime on the QDQ model (same thread count, all optimizations),
  - onnxruntime on the QDQ model with its exact 8-bit kernels
    (session.x64quantprecision: on x86 without VNNI its default ones
    saturate sums of two products to 16 bits; elsewhere the two are alike).
Prints per model the median latency of each, edgecc int8 / edgecc float
and edgecc / onnxruntime (default and exact) on the QDQ model.

    benchmark_int8.py --edgecc-run BIN --models DIR [--threads 1] [--rounds 3]
                      [--repeat 20] [--samples 8] [--write-doc FILE] [NAME ...]

Nothing here asserts a time: the numbers go to the terminal and, with
--write-doc, to docs/.
"""

import argparse
import datetime
import os
import shlex
import statistics
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime as ort
from onnxruntime.quantization import (CalibrationDataReader, QuantFormat,
                                      QuantType, quantize_static)
from onnxruntime.quantization.shape_inference import quant_pre_process

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchmark import (add_common_arguments, edgecc_round, input_arrays,  # noqa: E402
                       machine_description, markdown_table, model_names,
                       ort_round, ort_session, replace_section, save_inputs,
                       section_title)


def calibration_samples(model_path, count, seed, directory):
    """`count` seeded samples of the model's one input, also written to
    `directory` as .npy files."""
    os.makedirs(directory, exist_ok=True)
    samples = [input_arrays(model_path, seed=seed * 1000 + index)
               for index in range(count)]
    for index, sample in enumerate(samples):
        (array,) = sample.values()
        np.save(os.path.join(directory, f"{index:03d}.npy"), array)
    return samples


class Samples(CalibrationDataReader):
    def __init__(self, samples):
        self.samples = iter(samples)

    def get_next(self):
        return next(self.samples, None)


def without_identity_initializers(model_path, path):
    """The model with each Identity of an initializer replaced by a copy of
    it under the Identity's output name: torch exports shared biases that
    way, and quantize_static quantizes only biases that are initializers."""
    model = onnx.load(model_path)
    initializers = {i.name: i for i in model.graph.initializer}
    kept = []
    for node in model.graph.node:
        if node.op_type == "Identity" and node.input[0] in initializers:
            copy = onnx.TensorProto()
            copy.CopyFrom(initializers[node.input[0]])
            copy.name = node.output[0]
            model.graph.initializer.append(copy)
        else:
            kept.append(node)
    del model.graph.node[:]
    model.graph.node.extend(kept)
    onnx.save(model, path)
    return path


def quantize_qdq(model_path, samples, work):
    prepared = os.path.join(work, "prepared.onnx")
    qdq = os.path.join(work, "qdq.onnx")
    quant_pre_process(without_identity_initializers(model_path, os.path.join(work, "plain.onnx")),
                      prepared, skip_symbolic_shape=True)
    quantize_static(prepared, qdq, Samples(samples), quant_format=QuantFormat.QDQ,
                    per_channel=True, activation_type=QuantType.QUInt8,
                    weight_type=QuantType.QInt8)
    return qdq


def benchmark(args, name, work):
    model_path = os.path.join(args.models, name + ".onnx")
    seed = sum(map(ord, name))
    calibration = os.path.join(work, "calibration")
    samples = calibration_samples(model_path, args.samples, seed, calibration)
    qdq_path = quantize_qdq(model_path, samples, work)
    inputs = input_arrays(model_path, seed=seed + 1)
    input_files = save_inputs(inputs, work)
    threads = [f"-threads={args.threads}"] if args.threads != 1 else []
    int8 = ["-quantize=int8", f"-calibration-data={calibration}"]
    session = ort_session(qdq_path, args.threads)
    exact_session = ort_session(qdq_path, args.threads, exact_int8=True)
    times = {"float": [], "int8": [], "qdq": [], "ort": [], "ort_exact": []}
    for _ in range(args.rounds):
        times["float"].append(edgecc_round(args.edgecc_run, model_path, input_files,
                                           args.repeat, work, threads))
        times["int8"].append(edgecc_round(args.edgecc_run, model_path, input_files,
                                          args.repeat, work, threads + int8))
        times["qdq"].append(edgecc_round(args.edgecc_run, qdq_path, input_files,
                                         args.repeat, work, threads))
        times["ort"].append(ort_round(session, inputs, args.repeat))
        times["ort_exact"].append(ort_round(exact_session, inputs, args.repeat))
    medians = {key: statistics.median(values) for key, values in times.items()}
    return {"model": name, **medians}


COLUMNS = ["model", "edgecc float ms", "edgecc int8 ms", "int8/float",
           "edgecc QDQ ms", "ORT QDQ ms", "edgecc/ORT QDQ", "ORT exact ms",
           "edgecc/ORT exact"]


def table_row(row):
    return [row["model"], f"{row['float']:.2f}", f"{row['int8']:.2f}",
            f"{row['int8'] / row['float']:.2f}", f"{row['qdq']:.2f}",
            f"{row['ort']:.2f}", f"{row['qdq'] / row['ort']:.2f}",
            f"{row['ort_exact']:.2f}", f"{row['qdq'] / row['ort_exact']:.2f}"]


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_arguments(parser)
    parser.add_argument("--samples", type=int, default=8,
                        help="calibration samples, for both quantizers")
    args = parser.parse_args()
    ort.set_default_logger_severity(3)
    names = model_names(args)
    rows = []
    print("  ".join(f"{c:>15}" for c in COLUMNS))
    for name in names:
        with tempfile.TemporaryDirectory(prefix="edgecc-bench-int8-") as work:
            row = benchmark(args, name, work)
        rows.append(row)
        print("  ".join(f"{c:>15}" for c in table_row(row)), flush=True)
    if args.write_doc:
        command = " ".join(shlex.quote(a) for a in [os.path.relpath(sys.argv[0])] + sys.argv[1:])
        title = section_title("int8", args.threads)
        replace_section(args.write_doc, title, f"""## {title}

Measured {datetime.date.today().isoformat()} on {machine_description()},
onnxruntime {ort.__version__},
{args.rounds} rounds of {args.repeat} runs, {args.samples} calibration
samples (standard normal) for both quantizers:

    {command}

""" + markdown_table(COLUMNS, [table_row(row) for row in rows]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
