#!/usr/bin/env python3
"""check_ptq.py [--per-tensor] [--gain DB:BASEDIR] MODEL CALDIR INPUT.npy
ACTIVATIONS OUTDIR...:
checks a model that `edgecc -quantize=int8` compiled and ran on INPUT into
each OUTDIR (one per target).

  - Every target's output is bit-identical to the first's.
  - Its SQNR against the float model (onnxruntime) is at most 0.5 dB below
    that of onnxruntime's own post-training quantization: quantize_static
    with the same samples (every .npy of CALDIR), QDQ, min/max ranges, int8
    weights per channel (per tensor with --per-tensor) and ACTIVATIONS (int8
    or uint8) activations.
  - With --gain, its SQNR is at least DB above that of the build whose
    output is in BASEDIR (the same model without the step being tested).

Prints both SQNRs."""

import glob
import os
import sys
import tempfile

import numpy as np
import onnxruntime as ort
from onnxruntime.quantization import (CalibrationDataReader, QuantFormat,
                                      QuantType, quantize_static)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ort_reference import reference_session  # noqa: E402

TOLERANCE_DB = 0.5


class Samples(CalibrationDataReader):
    def __init__(self, name, directory):
        self.samples = iter([{name: np.load(path)}
                             for path in sorted(glob.glob(os.path.join(directory, "*.npy")))])

    def get_next(self):
        return next(self.samples, None)


def sqnr(reference, got):
    noise = np.sum((reference.astype(np.float64) - got) ** 2)
    return 10 * np.log10(np.sum(reference.astype(np.float64) ** 2) / max(noise, 1e-30))


def run(model, name, x):
    return reference_session(model).run(None, {name: x})[0]


def main():
    arguments = sys.argv[1:]
    per_channel = "--per-tensor" not in arguments
    if not per_channel:
        arguments.remove("--per-tensor")
    gain = None
    if "--gain" in arguments:
        at = arguments.index("--gain")
        decibels, base_dir = arguments[at + 1].split(":", 1)
        gain = (float(decibels), base_dir)
        del arguments[at:at + 2]
    model, caldir, input_path, activations, *out_dirs = arguments
    ort.set_default_logger_severity(3)
    x = np.load(input_path)
    name = reference_session(model).get_inputs()[0].name
    outputs = [np.load(os.path.join(d, "output_0.npy")) for d in out_dirs]
    for directory, output in zip(out_dirs[1:], outputs[1:]):
        if not np.array_equal(output, outputs[0]):
            sys.exit(f"{directory}: {int((output != outputs[0]).sum())} elements "
                     f"differ from {out_dirs[0]}")
    reference = run(model, name, x)
    with tempfile.TemporaryDirectory() as scratch:
        quantized = os.path.join(scratch, "quantized.onnx")
        quantize_static(model, quantized, Samples(name, caldir),
                        quant_format=QuantFormat.QDQ, per_channel=per_channel,
                        weight_type=QuantType.QInt8,
                        activation_type={"int8": QuantType.QInt8,
                                         "uint8": QuantType.QUInt8}[activations])
        ort_sqnr = sqnr(reference, run(quantized, name, x))
    edgecc_sqnr = sqnr(reference, outputs[0])
    print(f"{os.path.basename(model)}: SQNR edgecc {edgecc_sqnr:.1f} dB, "
          f"onnxruntime quantize_static {ort_sqnr:.1f} dB")
    if gain:
        base_sqnr = sqnr(reference, np.load(os.path.join(gain[1], "output_0.npy")))
        print(f"  {base_sqnr:.1f} dB without the step")
        if edgecc_sqnr < base_sqnr + gain[0]:
            sys.exit(f"edgecc's int8 SQNR {edgecc_sqnr:.1f} dB is not {gain[0]} dB "
                     f"above {base_sqnr:.1f} dB without the step")
    if edgecc_sqnr < ort_sqnr - TOLERANCE_DB:
        sys.exit(f"edgecc's int8 SQNR {edgecc_sqnr:.1f} dB is more than "
                 f"{TOLERANCE_DB} dB below onnxruntime's {ort_sqnr:.1f} dB")


if __name__ == "__main__":
    main()
