#!/usr/bin/env python3
"""qdq_to_encodings.py MODEL CALDIR OUT_QDQ.onnx OUT.json [--list]: quantizes
MODEL with onnxruntime's quantize_static (QDQ, min/max ranges on every .npy
of CALDIR, int8 weights per channel, int8 activations), saves that QDQ model,
and writes the same quantization as AIMET encodings for the float MODEL:
per activation tensor its range, per weight its per-channel scales. With
--list, the groups are lists of entries with a "name" (AIMET's 1.0 layout)
instead of maps from name to entries (the 0.6 layout).

AIMET's asymmetric grid is real = (q + offset) * scale for q in [0, 255];
an int8 zero point z is offset -128 - z."""

import json
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import numpy_helper
from onnxruntime.quantization import QuantFormat, QuantType, quantize_static

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_ptq import Samples  # noqa: E402


def main():
    arguments = [a for a in sys.argv[1:] if a != "--list"]
    as_list = "--list" in sys.argv
    model, caldir, qdq_path, json_path = arguments
    ort.set_default_logger_severity(3)
    name = ort.InferenceSession(model, providers=["CPUExecutionProvider"]).get_inputs()[0].name
    quantize_static(model, qdq_path, Samples(name, caldir), quant_format=QuantFormat.QDQ,
                    per_channel=True, weight_type=QuantType.QInt8,
                    activation_type=QuantType.QInt8)
    qdq = onnx.load(qdq_path)
    initializers = {i.name: numpy_helper.to_array(i) for i in qdq.graph.initializer}
    float_names = {i.name for i in onnx.load(model).graph.initializer}
    activations, params = {}, {}
    for node in qdq.graph.node:
        if node.op_type == "QuantizeLinear":
            scale = float(initializers[node.input[1]])
            offset = -128 - int(initializers[node.input[2]])
            # quantize_static renames a graph output it quantizes.
            tensor = node.input[0].removesuffix("_QuantizeLinear_Input")
            activations[tensor] = [{
                "bitwidth": 8, "dtype": "int", "is_symmetric": "False",
                "scale": scale, "offset": offset,
                "min": offset * scale, "max": (offset + 255) * scale}]
        elif node.op_type == "DequantizeLinear" and node.input[0] in initializers:
            weight = node.input[0].removesuffix("_quantized")
            if weight not in float_names or initializers[node.input[0]].dtype != np.int8:
                continue  # a bias (int32) or not a weight of the float model
            params[weight] = [{
                "bitwidth": 8, "dtype": "int", "is_symmetric": "True",
                "scale": float(s), "offset": -128, "min": -128 * float(s), "max": 127 * float(s)}
                for s in np.atleast_1d(initializers[node.input[1]])]
    if as_list:
        encodings = {
            "version": "1.0.0",
            "activation_encodings": [
                {"name": n, "bw": 8, "dtype": "INT", "enc_type": "PER_TENSOR", "is_sym": False,
                 "scale": [e[0]["scale"]], "offset": [e[0]["offset"]]} for n, e in activations.items()],
            "param_encodings": [
                {"name": n, "bw": 8, "dtype": "INT", "enc_type": "PER_CHANNEL", "is_sym": True,
                 "scale": [x["scale"] for x in e], "offset": [x["offset"] for x in e]}
                for n, e in params.items()]}
    else:
        encodings = {"version": "0.6.1", "activation_encodings": activations,
                     "param_encodings": params}
    with open(json_path, "w") as out:
        json.dump(encodings, out, indent=1)


if __name__ == "__main__":
    main()
