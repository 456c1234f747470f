#!/usr/bin/env python3
"""check_mixed.py REPORT.json MIN_SQNR: checks what `edgecc -quantize=mixed
-min-sqnr=MIN_SQNR -report=REPORT.json` chose.

  - The report's simulated output SQNR reaches MIN_SQNR, and with every
    layer int8 it did not (so the test makes edgecc keep some layers float).
  - The layers kept in float are the most sensitive ones: each has a lower
    SQNR alone than every int8 layer.
  - The compiled kernels agree: a float layer's conv or gemm reads float32,
    an int8 layer's conv reads 8-bit integers.

Prints the layers."""

import json
import sys


def main():
    report_path, min_sqnr = sys.argv[1], float(sys.argv[2])
    with open(report_path) as f:
        report = json.load(f)
    mixed = report["mixed_precision"]
    failures = []

    def db(value):
        return float("inf") if value is None else value

    if mixed["min_sqnr_db"] != min_sqnr:
        failures.append(f"min_sqnr_db is {mixed['min_sqnr_db']}, not {min_sqnr}")
    if db(mixed["sqnr_db"]) < min_sqnr:
        failures.append(f"the chosen mix reaches {mixed['sqnr_db']} dB only")
    if db(mixed["int8_sqnr_db"]) >= min_sqnr:
        failures.append("every layer int8 already reaches the budget: the test "
                        "does not exercise mixed precision")
    layers = mixed["layers"]
    kept = [layer for layer in layers if layer["precision"] == "float"]
    quantized = [layer for layer in layers if layer["precision"] == "int8"]
    if not kept:
        failures.append("no layer was kept in float")
    for layer in kept:
        for other in quantized:
            if db(layer["sqnr_db_alone"]) > db(other["sqnr_db_alone"]):
                failures.append(f"{layer['node']} is kept in float but is less "
                                f"sensitive than int8 {other['node']}")

    products = {"kernel.conv2d", "kernel.gemm", "kernel.matmul",
                "kernel.packed_conv2d", "kernel.packed_matmul",
                "kernel.packed_int8_conv2d"}
    for layer in layers:
        kernels = [op for op in report["ops"]
                   if op["node"] == layer["node"] and op["kernel"] in products]
        if not kernels:
            failures.append(f"{layer['node']}: no conv, gemm or matmul kernel")
            continue
        reads = kernels[0]["tensors"][0]["dtype"]
        want = ("float32",) if layer["precision"] == "float" else ("int8", "uint8")
        if reads not in want:
            failures.append(f"{layer['node']} ({layer['precision']}) reads {reads}")
        print(f"{layer['node']:<24} {layer['precision']:<6} "
              f"{db(layer['sqnr_db_alone']):6.1f} dB alone, kernel reads {reads}")
    print(f"mix: {db(mixed['sqnr_db']):.1f} dB, every layer int8: "
          f"{db(mixed['int8_sqnr_db']):.1f} dB")
    if failures:
        sys.exit("\n".join(failures))


if __name__ == "__main__":
    main()
