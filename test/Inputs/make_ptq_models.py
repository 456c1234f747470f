#!/usr/bin/env python3
"""make_ptq_models.py OUTDIR: float models and calibration data for
`edgecc -quantize=int8` (fixed seeds).

    cnn.onnx, mlp.onnx, residual.onnx   the float models that
                                        make_qdq_models.py quantizes with
                                        onnxruntime
    high_bias.onnx                      a conv whose channels keep a large
                                        bias past its Relu (bias absorption)
    two_inputs.onnx                     Conv(a) + Conv(b): two inputs
    cal_<model>/                        8 standard-normal samples, one .npy
                                        each (two_inputs: one folder per
                                        sample holding a.npy and b.npy)
    cal_cnn_top1/                       256 more samples for the cnn: a
                                        top-1 agreement needs more than an
                                        SQNR does
    x_<model>.npy                       a test input of another seed
    bad/                                calibration data users get wrong
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_qdq_models  # noqa: E402

SAMPLES = 8
TOP1_SAMPLES = 256


def two_inputs():
    rng = np.random.default_rng(14)
    nodes = [
        helper.make_node("Conv", ["a", "w1"], ["ca"]),
        helper.make_node("Conv", ["b", "w2"], ["cb"]),
        helper.make_node("Add", ["ca", "cb"], ["y"]),
    ]
    inits = [make_qdq_models.weights(rng, "w1", [4, 3, 1, 1]),
             make_qdq_models.weights(rng, "w2", [4, 3, 1, 1])]
    shape = [1, 3, 4, 4]
    graph = helper.make_graph(
        nodes, "two_inputs",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, shape) for n in "ab"],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 4, 4])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    return model


def high_bias():
    """Half of c1's channels carry a bias of 4, as a batch norm's shift
    leaves them: they never fall near 0, and bias absorption can move most
    of them into c2."""
    rng = np.random.default_rng(15)
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["r1"]),
        helper.make_node("Conv", ["r1", "w2", "b2"], ["c2"]),
        helper.make_node("Relu", ["c2"], ["r2"]),
        helper.make_node("Flatten", ["r2"], ["f"]),
        helper.make_node("Gemm", ["f", "w3", "b3"], ["y"], transB=1),
    ]
    b1 = np.where(np.arange(16) % 2 == 0, 4.0, 0.0).astype(np.float32)
    inits = [make_qdq_models.weights(rng, "w1", [16, 3, 3, 3], 0.1),
             numpy_helper.from_array(b1, "b1"),
             make_qdq_models.weights(rng, "w2", [8, 16, 1, 1]),
             make_qdq_models.weights(rng, "b2", [8], 0.1),
             make_qdq_models.weights(rng, "w3", [10, 8 * 8 * 8], 0.05),
             make_qdq_models.weights(rng, "b3", [10], 0.1)]
    return make_qdq_models.float_model(nodes, inits, [1, 3, 8, 8], [1, 10])


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    models = {"cnn": (make_qdq_models.cnn, [1, 3, 16, 16]),
              "mlp": (make_qdq_models.mlp, [1, 8, 16]),
              "residual": (make_qdq_models.residual, [1, 3, 16, 16]),
              "high_bias": (high_bias, [1, 3, 8, 8])}
    for name, (make, shape) in models.items():
        onnx.save(make(), os.path.join(out, f"{name}.onnx"))
        cal = os.path.join(out, f"cal_{name}")
        os.makedirs(cal, exist_ok=True)
        rng = np.random.default_rng(21)
        for i in range(SAMPLES):
            np.save(os.path.join(cal, f"sample{i}.npy"),
                    rng.standard_normal(shape).astype(np.float32))
        np.save(os.path.join(out, f"x_{name}.npy"),
                np.random.default_rng(22).standard_normal(shape).astype(np.float32))

    top1 = os.path.join(out, "cal_cnn_top1")
    os.makedirs(top1, exist_ok=True)
    rng = np.random.default_rng(24)
    for i in range(TOP1_SAMPLES):
        np.save(os.path.join(top1, f"sample{i:03d}.npy"),
                rng.standard_normal(models["cnn"][1]).astype(np.float32))

    onnx.save(two_inputs(), os.path.join(out, "two_inputs.onnx"))
    rng = np.random.default_rng(23)
    for i in range(SAMPLES):
        sample = os.path.join(out, "cal_two_inputs", f"sample{i}")
        os.makedirs(sample, exist_ok=True)
        for name in "ab":
            np.save(os.path.join(sample, f"{name}.npy"),
                    rng.standard_normal([1, 3, 4, 4]).astype(np.float32))

    bad = os.path.join(out, "bad")
    for case in ("empty", "shape", "dtype", "nan", "missing_input"):
        os.makedirs(os.path.join(bad, case), exist_ok=True)
    np.save(os.path.join(bad, "shape", "s.npy"), np.zeros([1, 3, 8, 8], np.float32))
    np.save(os.path.join(bad, "dtype", "s.npy"), np.zeros([1, 3, 16, 16], np.float64))
    nan = np.zeros([1, 3, 16, 16], np.float32)
    nan[0, 0, 0, 0] = np.nan
    np.save(os.path.join(bad, "nan", "s.npy"), nan)
    os.makedirs(os.path.join(bad, "missing_input", "sample0"), exist_ok=True)
    np.save(os.path.join(bad, "missing_input", "sample0", "a.npy"),
            np.zeros([1, 3, 4, 4], np.float32))


if __name__ == "__main__":
    main()
