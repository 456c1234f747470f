#!/usr/bin/env python3
"""ONNX backend node-test conformance for edgecc.

Compiles and runs every applicable case of the ONNX backend node tests (the
onnx/backend/test/data/node folder of the pinned `onnx` package) with
edgecc-run for each target, and compares with the stored outputs.

Applicable: every case except the ai.onnx.preview.training domain and cases
whose inputs or outputs are sequences, maps, optionals or strings.

A case passes when every output has the expected dtype and shape and
|got - want| <= ATOL + RTOL * |want| element-wise (NaNs must match), or is
exactly equal for integer and bool outputs.

edgecc compiles static graphs: operands such as a Reshape shape or Resize
scales must be known at compile time. When edgecc reports that an input
"(tensor 'NAME') must be a compile-time constant", or that such a tensor
"depends on the model input 'NAME'", the runner freezes that input to the
case's value (makes it an initializer) and compiles again; such passes are
counted separately in docs/ops.md.

    run_node_tests.py --edgecc-run BIN --targets host[,aarch64]
                      [--every N] [--check] [--update-xfail]
                      [--write-doc docs/ops.md] [--results DIR] [CASE ...]

--check fails (exit 1) when a case that is not in
test/conformance/xfail-TARGET.txt does not pass, or when a listed case passes.
--update-xfail rewrites those lists from this run instead.
"""

import argparse
import collections
import concurrent.futures
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

RTOL, ATOL = 1e-3, 1e-5
HERE = os.path.dirname(os.path.abspath(__file__))
NODE_TESTS = os.path.join(os.path.dirname(onnx.__file__), "backend", "test",
                          "data", "node")
NOT_CONSTANT = re.compile(r"\(tensor '([^']*)'\) must be a compile-time constant")
DEPENDS_ON = re.compile(r"depends on the model inputs? '(.*?)'\)")
PASSED, FAILED, UNSUPPORTED = "passed", "failed", "unsupported"
# An OpenCL target on a machine without an OpenCL device: edgecc-run exits
# with 77 and the target is reported skipped, never passed.
NO_DEVICE, NO_DEVICE_EXIT = "no device", 77


def is_plain_tensor(value_info):
    kind = value_info.type.WhichOneof("value")
    return (kind == "tensor_type" and
            value_info.type.tensor_type.elem_type != onnx.TensorProto.STRING)


def is_applicable(model):
    graph = model.graph
    if any(node.domain == "ai.onnx.preview.training" for node in graph.node):
        return False
    return all(map(is_plain_tensor, list(graph.input) + list(graph.output)))


def case_op(case, model):
    """The ONNX op a case tests: its single node, or for a function body
    expanded into primitive ops ("..._expanded"), the op it expands."""
    match = re.match(r"(.*)_expanded(_ver\d+)?$", case)
    if match:
        sibling = os.path.join(NODE_TESTS, match.group(1), "model.onnx")
        if os.path.exists(sibling):
            return case_op(match.group(1), onnx.load(sibling)) + " (expanded)"
    ops = [n.op_type for n in model.graph.node if n.op_type != "Constant"]
    return ops[0] if len(set(ops)) == 1 else (ops or ["Constant"])[-1]


def default_opset(model):
    return next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)


def load_tensors(folder, prefix):
    files = sorted((f for f in os.listdir(folder) if f.startswith(prefix)),
                   key=lambda f: int(re.findall(r"\d+", f)[0]))
    tensors = []
    for name in files:
        proto = onnx.TensorProto()
        with open(os.path.join(folder, name), "rb") as f:
            proto.ParseFromString(f.read())
        tensors.append(proto)
    return tensors


def freeze(model, frozen):
    """A copy of `model` whose inputs in `frozen` (name -> TensorProto) are
    initializers."""
    model = onnx.ModelProto.FromString(model.SerializeToString())
    kept = [i for i in model.graph.input if i.name not in frozen]
    del model.graph.input[:]
    model.graph.input.extend(kept)
    for name, proto in frozen.items():
        tensor = onnx.TensorProto.FromString(proto.SerializeToString())
        tensor.name = name
        model.graph.initializer.append(tensor)
    return model


def compare(got, want):
    """None when `got` matches `want`, else why not."""
    if want.dtype.fields:
        # onnx's numpy types for float8 and 4-bit integers: uint8 or int8
        # with a named field. edgecc writes the float8 bits and one 4-bit
        # value per byte, so the raw values must be equal.
        want = want.view(next(iter(want.dtype.fields.values()))[0])
    if got.dtype != want.dtype:
        return f"dtype {got.dtype}, expected {want.dtype}"
    if got.shape != want.shape:
        return f"shape {got.shape}, expected {want.shape}"
    if want.dtype.kind in "fc":
        ok = np.isclose(got, want, rtol=RTOL, atol=ATOL, equal_nan=True)
        if not ok.all():
            diff = np.abs(got.astype(np.float64) - want.astype(np.float64))
            return f"max |got-want| {np.nanmax(diff):.3g} at {int((~ok).sum())} elements"
        return None
    if not np.array_equal(got, want):
        return f"{int((got != want).sum())} elements differ"
    return None


def run_case(case, target, edgecc_run, work):
    """(status, frozen input count, detail) of one case on one target."""
    folder = os.path.join(NODE_TESTS, case)
    model = onnx.load(os.path.join(folder, "model.onnx"))
    data = os.path.join(folder, "test_data_set_0")
    input_protos = load_tensors(data, "input_")
    expected = [numpy_helper.to_array(t) for t in load_tensors(data, "output_")]
    # Graph inputs in order; optional inputs given as "" have no data file.
    names = [i.name for i in model.graph.input]
    by_name = dict(zip(names, input_protos))
    for graph_input in model.graph.input:
        # onnx stores bfloat16 test data as its uint16 bits.
        proto = by_name.get(graph_input.name)
        if (proto is not None and proto.data_type == onnx.TensorProto.UINT16 and
                graph_input.type.tensor_type.elem_type == onnx.TensorProto.BFLOAT16):
            proto.data_type = onnx.TensorProto.BFLOAT16
    frozen = {}
    case_dir = os.path.join(work, f"{case}-{target}")
    os.makedirs(case_dir, exist_ok=True)
    for _ in range(len(names) + 1):
        model_path = os.path.join(case_dir, "model.onnx")
        onnx.save(freeze(model, frozen), model_path)
        files = []
        for name in names:
            if name not in frozen:
                files += ["-i", os.path.join(case_dir, f"{name}.pb")]
                with open(files[-1], "wb") as f:
                    f.write(by_name[name].SerializeToString())
        out_dir = os.path.join(case_dir, "out")
        try:
            result = subprocess.run(
                [edgecc_run, model_path, f"-target={target}", *files, "-o", out_dir],
                capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            return FAILED, len(frozen), "timed out after 300 s"
        # Paths of the scratch copy would make the lists differ run to run.
        message = result.stderr.strip().replace(model_path, "model.onnx")
        if result.returncode == 0:
            break
        if result.returncode == NO_DEVICE_EXIT:
            return NO_DEVICE, len(frozen), last_error_line(message)
        named = NOT_CONSTANT.findall(message) + [
            name for names in DEPENDS_ON.findall(message)
            for name in names.split("', '")]
        wanted = set(named) & (set(by_name) - set(frozen))
        if not wanted:
            # A compile error is "unsupported"; a crash, a failed link of
            # the generated code or a failed run is not.
            after_compile = ("edgecc-run: error: the model run",
                             "edgecc-run: error: linking the test harness")
            if result.returncode == 1 and not any(m in message for m in after_compile):
                return UNSUPPORTED, len(frozen), last_error_line(message)
            return FAILED, len(frozen), f"exit {result.returncode}: {last_error_line(message)}"
        frozen.update({n: by_name[n] for n in wanted})
    for index, want in enumerate(expected):
        path = os.path.join(out_dir, f"output_{index}.npy")
        if not os.path.exists(path):
            return FAILED, len(frozen), f"no output {index}"
        why = compare(np.load(path), want)
        if why:
            return FAILED, len(frozen), f"output {index}: {why}"
    return PASSED, len(frozen), ""


def last_error_line(message):
    lines = [l for l in message.splitlines() if "error:" in l]
    return (lines or message.splitlines() or ["(no message)"])[0][:300]


def applicable_cases():
    cases = {}
    for case in sorted(os.listdir(NODE_TESTS)):
        model = onnx.load(os.path.join(NODE_TESTS, case, "model.onnx"))
        if is_applicable(model):
            cases[case] = (case_op(case, model), default_opset(model))
    return cases


def read_list(path):
    if not os.path.exists(path):
        return set()
    with open(path) as f:
        return {line.split("#")[0].strip() for line in f} - {""}


def xfail_path(target):
    return os.path.join(HERE, f"xfail-{target}.txt")


def write_xfail(target, results):
    with open(xfail_path(target), "w") as f:
        f.write(f"# ONNX node-test cases expected not to pass on target '{target}'.\n"
                "# Written by test/conformance/run_node_tests.py --update-xfail;\n"
                "# --check fails when this list and a run disagree.\n")
        for case, (status, _, detail) in sorted(results.items()):
            if status != PASSED:
                f.write(f"{case}  # {status}: {detail}\n"[:400].rstrip() + "\n")


def check_against_xfail(target, results):
    expected_failures = read_list(xfail_path(target))
    problems = []
    for case, (status, _, detail) in sorted(results.items()):
        if status != PASSED and case not in expected_failures:
            problems.append(f"{target}: {case} {status} (not in xfail list): {detail}")
        if status == PASSED and case in expected_failures:
            problems.append(f"{target}: {case} now passes; remove it from "
                            f"{os.path.relpath(xfail_path(target))}")
    return problems


def write_doc(path, cases, results_by_target, command):
    targets = list(results_by_target)
    rows = collections.defaultdict(lambda: {"opsets": set(), **{t: collections.Counter() for t in targets}})
    for case, (op, opset) in cases.items():
        rows[op]["opsets"].add(opset)
        for target in targets:
            if case in results_by_target[target]:
                status, frozen, _ = results_by_target[target][case]
                rows[op][target][status] += 1
                if status == PASSED and frozen:
                    rows[op][target]["frozen"] += 1
    lines = [
        "# ONNX operator support",
        "",
        "Generated by `test/conformance/run_node_tests.py`; do not edit by hand.",
        f"Source: the ONNX backend node tests of onnx {onnx.__version__} "
        f"({len(cases)} applicable cases: all but the training domain and cases "
        "with sequence, map, optional or string inputs/outputs).",
        f"Pass: dtype and shape equal, |got-want| <= {ATOL:g} + {RTOL:g}*|want| for "
        "floats, exact for integers and bool.",
        "Cells are passed/failed/unsupported (unsupported: edgecc refused to compile "
        "the case with an error). `f` counts passes in which an input edgecc needs at "
        "compile time (a shape, axes, scales, indices) was frozen to the case's value.",
        "",
        f"Command: `{command}`",
        f"Date: {datetime.date.today().isoformat()}",
        "",
        "## Totals",
        "",
        "| target | passed | failed | unsupported | pass rate |",
        "|---|---|---|---|---|",
    ]
    for target in targets:
        counts = collections.Counter(s for s, _, _ in results_by_target[target].values())
        total = sum(counts.values())
        lines.append(f"| {target} | {counts[PASSED]} | {counts[FAILED]} | "
                     f"{counts[UNSUPPORTED]} | {100.0 * counts[PASSED] / max(total, 1):.1f}% |")
    lines += ["", "## Per op", "",
              "| op | opsets in tests | " + " | ".join(targets) + " |",
              "|---|---|" + "---|" * len(targets)]
    for op in sorted(rows, key=str.lower):
        row = rows[op]
        cells = []
        for target in targets:
            c = row[target]
            cell = f"{c[PASSED]}/{c[FAILED]}/{c[UNSUPPORTED]}"
            cells.append(cell + (f" ({c['frozen']} f)" if c["frozen"] else ""))
        opsets = ", ".join(map(str, sorted(row["opsets"])))
        lines.append(f"| {op} | {opsets} | " + " | ".join(cells) + " |")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edgecc-run", required=True)
    parser.add_argument("--targets", default="host")
    parser.add_argument("--every", type=int, default=1,
                        help="run every N-th applicable case in name order (a "
                             "fixed subset: the onnx version is pinned)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--update-xfail", action="store_true")
    parser.add_argument("--write-doc")
    parser.add_argument("--results", help="directory for per-target JSON results")
    parser.add_argument("cases", nargs="*")
    args = parser.parse_args()

    cases = applicable_cases()
    selected = list(cases)[::args.every]
    if args.cases:
        selected = args.cases
    unknown = [c for c in selected if c not in cases]
    if unknown:
        sys.exit(f"not applicable node-test cases: {' '.join(unknown)}")
    edgecc_run = os.path.abspath(args.edgecc_run)

    results_by_target = {}
    problems = []
    with tempfile.TemporaryDirectory(prefix="edgecc-conformance-") as work:
        for target in args.targets.split(","):
            with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
                futures = {case: pool.submit(run_case, case, target, edgecc_run, work)
                           for case in selected}
                results = {case: future.result() for case, future in futures.items()}
            skipped = [d for s, _, d in results.values() if s == NO_DEVICE]
            if skipped:
                print(f"{target}: SKIPPED, no OpenCL device here: {skipped[0]}")
                continue
            results_by_target[target] = results
            counts = collections.Counter(s for s, _, _ in results.values())
            print(f"{target}: {counts[PASSED]} passed, {counts[FAILED]} failed, "
                  f"{counts[UNSUPPORTED]} unsupported of {len(results)} cases")
            if args.update_xfail:
                write_xfail(target, results)
            if args.check:
                problems += check_against_xfail(target, results)
            if args.results:
                os.makedirs(args.results, exist_ok=True)
                with open(os.path.join(args.results, f"{target}.json"), "w") as f:
                    json.dump({c: {"op": cases[c][0], "status": s, "frozen": fz, "detail": d}
                               for c, (s, fz, d) in results.items()}, f, indent=1)
    if args.write_doc:
        command = (".venv/bin/python test/conformance/run_node_tests.py "
                   f"--edgecc-run build/bin/edgecc-run --targets {args.targets} "
                   + (f"--every {args.every} " if args.every > 1 else "") +
                   f"--write-doc {args.write_doc}")
        write_doc(args.write_doc, {c: cases[c] for c in selected}, results_by_target,
                  command)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} cases disagree with the expected-failure lists")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
