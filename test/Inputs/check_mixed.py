#!/usr/bin/env python3
"""check_mixed.py REPORT.json [--min-sqnr DB] [--min-top1 PERCENT]: checks
what `edgecc -quantize=mixed` with those budgets chose (-report=REPORT.json).

  - The report names the budgets given. Its simulated output SQNR and top-1
    agreement meet them, and with every layer int8 they did not (so the
    test makes edgecc keep some layers float).
  - The promoted layers are the most sensitive ones: each float layer has a
    lower SQNR alone than every W8A16 layer, and each of those than every
    int8 layer (-promote promotes in that order).
  - The compiled kernels agree: a float layer's conv or gemm reads float32,
    a W8A16 layer's 16-bit integers, an int8 layer's 8-bit integers, or 16
    when its input is a W8A16 layer's tensor too.

Prints the layers."""

import argparse
import json
import sys


def db(value):
    return float("inf") if value is None else value


def check_budgets(mixed, min_sqnr, min_top1, failures):
    """The budgets given are the report's, the mix meets them all, and all
    int8 misses one."""
    budgets = [("min_sqnr_db", min_sqnr, "sqnr_db", "int8_sqnr_db"),
               ("min_top1_percent", min_top1, "top1_percent", "int8_top1_percent")]
    int8_meets = True
    for name, budget, chosen, int8 in budgets:
        if mixed[name] != budget:
            failures.append(f"{name} is {mixed[name]}, not {budget}")
        if budget is None:
            continue
        if db(mixed[chosen]) < budget:
            failures.append(f"the chosen mix reaches {chosen} {mixed[chosen]} only")
        int8_meets &= db(mixed[int8]) >= budget
    if int8_meets:
        failures.append("every layer int8 already meets the budget: the test "
                        "does not exercise mixed precision")
    if (min_top1 is None) != (mixed["top1_predictions"] == 0):
        failures.append(f"top-1 measured on {mixed['top1_predictions']} "
                        "predictions")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("--min-sqnr", type=float)
    parser.add_argument("--min-top1", type=float)
    args = parser.parse_args()
    with open(args.report) as f:
        report = json.load(f)
    mixed = report["mixed_precision"]
    failures = []
    check_budgets(mixed, args.min_sqnr, args.min_top1, failures)

    layers = mixed["layers"]
    order = ["float", "w8a16", "int8"]
    if all(layer["precision"] == "int8" for layer in layers):
        failures.append("no layer was promoted")
    for layer in layers:
        for other in layers:
            if (order.index(layer["precision"]) < order.index(other["precision"])
                    and db(layer["sqnr_db_alone"]) > db(other["sqnr_db_alone"])):
                failures.append(f"{layer['node']} is {layer['precision']} but is "
                                f"less sensitive than {other['precision']} "
                                f"{other['node']}")

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
        want = {"float": ("float32",), "w8a16": ("int16", "uint16"),
                "int8": ("int8", "uint8", "int16", "uint16")}[layer["precision"]]
        if reads not in want:
            failures.append(f"{layer['node']} ({layer['precision']}) reads {reads}")
        print(f"{layer['node']:<24} {layer['precision']:<6} "
              f"{db(layer['sqnr_db_alone']):6.1f} dB alone, kernel reads {reads}")
    print(f"mix: {db(mixed['sqnr_db']):.1f} dB, every layer int8: "
          f"{db(mixed['int8_sqnr_db']):.1f} dB")
    if mixed["top1_percent"] is not None:
        print(f"top-1 agreement: mix {mixed['top1_percent']:.2f}%, every layer "
              f"int8 {mixed['int8_top1_percent']:.2f}%, of "
              f"{mixed['top1_predictions']} predictions")
    if failures:
        sys.exit("\n".join(failures))


if __name__ == "__main__":
    main()
