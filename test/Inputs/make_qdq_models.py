#!/usr/bin/env python3
"""make_qdq_models.py OUTDIR: models quantized elsewhere, as users bring
them: small float models (fixed seeds) quantized by onnxruntime's
quantize_static in QDQ format with calibration data of fixed seeds.

    cnn_{pc,pt,s8}.onnx   conv+relu, max pool, strided conv+relu, 1x1 conv,
                          flatten, gemm
    mlp_{pc,pt,s8}.onnx   matmul + bias + relu, matmul with [1, 8, 16] input
    mlp40_pc.onnx         the same with [1, 40, 16] input
    residual_pc.onnx      conv, conv + skip add, relu, global average pool
    mobile_{pc,s8}.onnx   strided conv, depthwise convs (stride 1 and 2),
                          pointwise conv, Relu6, on a 70x70 input
    swish_{pc,s8}.onnx    conv, SiLU (Sigmoid and Mul), conv, LeakyRelu,
                          squeeze and excitation (a Mul by a per-channel
                          gate), 1x1 conv
    late_{pc,s8}.onnx     a CNN's late layers: 3x3 conv+relu on a 5x5 plane
                          (24 to 40 channels), 1x1 conv to 20 channels

pc: per-channel int8 weights, uint8 activations; pt: per-tensor; s8: int8
activations (symmetric). Each model's last DequantizeLinear is removed, so
its output is the quantized tensor itself and compares exactly. Also
writes x_cnn.npy, x_mlp.npy, x_mlp40.npy, x_mobile.npy, x_swish.npy,
x_late.npy.
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from onnxruntime.quantization import (CalibrationDataReader, QuantFormat,
                                      QuantType, quantize_static)

OPSET = 17


def weights(rng, name, shape, scale=0.3):
    return numpy_helper.from_array(
        (rng.standard_normal(shape) * scale).astype(np.float32), name)


def float_model(nodes, initializers, input_shape, output_shape):
    graph = helper.make_graph(
        nodes, "float", [helper.make_tensor_value_info("x", TensorProto.FLOAT, input_shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, output_shape)],
        initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    onnx.checker.check_model(model)
    return model


def cnn():
    rng = np.random.default_rng(11)
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["r1"]),
        helper.make_node("MaxPool", ["r1"], ["p1"], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Conv", ["p1", "w2", "b2"], ["c2"], pads=[1, 1, 1, 1],
                         strides=[2, 2]),
        helper.make_node("Relu", ["c2"], ["r2"]),
        helper.make_node("Conv", ["r2", "w3", "b3"], ["c3"]),
        helper.make_node("Flatten", ["c3"], ["f"]),
        helper.make_node("Gemm", ["f", "w4", "b4"], ["y"], transB=1),
    ]
    inits = [weights(rng, "w1", [8, 3, 3, 3]), weights(rng, "b1", [8], 0.1),
             weights(rng, "w2", [16, 8, 3, 3], 0.2), weights(rng, "b2", [16], 0.1),
             weights(rng, "w3", [16, 16, 1, 1]), weights(rng, "b3", [16], 0.1),
             weights(rng, "w4", [10, 16 * 4 * 4], 0.05), weights(rng, "b4", [10], 0.1)]
    return float_model(nodes, inits, [1, 3, 16, 16], [1, 10])


def mlp(rows=8):
    rng = np.random.default_rng(12)
    nodes = [
        helper.make_node("MatMul", ["x", "w1"], ["m1"]),
        helper.make_node("Add", ["m1", "b1"], ["a1"]),
        helper.make_node("Relu", ["a1"], ["r1"]),
        helper.make_node("MatMul", ["r1", "w2"], ["y"]),
    ]
    inits = [weights(rng, "w1", [16, 32]), weights(rng, "b1", [32], 0.1),
             weights(rng, "w2", [32, 12], 0.2)]
    return float_model(nodes, inits, [1, rows, 16], [1, rows, 12])


def residual():
    rng = np.random.default_rng(13)
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["r1"]),
        helper.make_node("Conv", ["r1", "w2", "b2"], ["c2"], pads=[1, 1, 1, 1]),
        helper.make_node("Add", ["c2", "r1"], ["s"]),
        helper.make_node("Relu", ["s"], ["r2"]),
        helper.make_node("GlobalAveragePool", ["r2"], ["y"]),
    ]
    inits = [weights(rng, "w1", [8, 3, 3, 3]), weights(rng, "b1", [8], 0.1),
             weights(rng, "w2", [8, 8, 3, 3], 0.2), weights(rng, "b2", [8], 0.1)]
    return float_model(nodes, inits, [1, 3, 16, 16], [1, 8, 1, 1])


def late():
    """Few pixels and many channels, as at the end of a CNN: neither the 25
    pixels nor the 40 and 20 channels fill whole vectors."""
    rng = np.random.default_rng(15)
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["r1"]),
        helper.make_node("Conv", ["r1", "w2", "b2"], ["y"]),
    ]
    inits = [weights(rng, "w1", [40, 24, 3, 3], 0.1), weights(rng, "b1", [40], 0.1),
             weights(rng, "w2", [20, 40, 1, 1], 0.2), weights(rng, "b2", [20], 0.1)]
    return float_model(nodes, inits, [1, 24, 5, 5], [1, 20, 5, 5])


def wide():
    """A 3x3 conv of 384 to 384 channels: 1.3 MB of int8 weights, which on x86
    without VNNI stay bytes (widened to 16-bit pairs they would outgrow the
    L2), where the small models' are widened."""
    rng = np.random.default_rng(16)
    nodes = [helper.make_node("Conv", ["x", "w1", "b1"], ["y"], pads=[1, 1, 1, 1])]
    inits = [weights(rng, "w1", [384, 384, 3, 3], 0.05), weights(rng, "b1", [384], 0.1)]
    return float_model(nodes, inits, [1, 384, 3, 3], [1, 384, 3, 3])


def mobile():
    """MobileNet's blocks: a strided conv, depthwise convs of stride 1 and 2,
    a pointwise conv, Relu6 between them. The strided depthwise conv's 35
    columns span a vector of every ISA's, with padding past the last."""
    rng = np.random.default_rng(14)
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1], strides=[2, 2]),
        helper.make_node("Clip", ["c1", "lo", "hi"], ["r1"]),
        helper.make_node("Conv", ["r1", "w2", "b2"], ["c2"], pads=[1, 1, 1, 1], group=16),
        helper.make_node("Clip", ["c2", "lo", "hi"], ["r2"]),
        helper.make_node("Conv", ["r2", "w3", "b3"], ["c3"]),
        helper.make_node("Conv", ["c3", "w4", "b4"], ["c4"], pads=[1, 1, 1, 1], strides=[2, 2],
                         group=24),
        helper.make_node("Clip", ["c4", "lo", "hi"], ["y"]),
    ]
    inits = [weights(rng, "w1", [16, 3, 3, 3]), weights(rng, "b1", [16], 0.1),
             weights(rng, "w2", [16, 1, 3, 3]), weights(rng, "b2", [16], 0.1),
             weights(rng, "w3", [24, 16, 1, 1], 0.2), weights(rng, "b3", [24], 0.1),
             weights(rng, "w4", [24, 1, 3, 3]), weights(rng, "b4", [24], 0.1),
             numpy_helper.from_array(np.array(0.0, np.float32), "lo"),
             numpy_helper.from_array(np.array(6.0, np.float32), "hi")]
    return float_model(nodes, inits, [1, 3, 70, 70], [1, 24, 18, 18])


def swish():
    """EfficientNet's activation, x * sigmoid(x), and other elementwise
    functions between quantized convs."""
    rng = np.random.default_rng(15)
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1]),
        helper.make_node("Sigmoid", ["c1"], ["s1"]),
        helper.make_node("Mul", ["c1", "s1"], ["silu"]),
        helper.make_node("Conv", ["silu", "w2", "b2"], ["c2"], pads=[1, 1, 1, 1]),
        helper.make_node("LeakyRelu", ["c2"], ["l"], alpha=0.2),
        # Squeeze and excitation: l times a per-channel gate.
        helper.make_node("GlobalAveragePool", ["l"], ["g"]),
        helper.make_node("Conv", ["g", "w4", "b4"], ["e"]),
        helper.make_node("Sigmoid", ["e"], ["gate"]),
        helper.make_node("Mul", ["l", "gate"], ["se"]),
        helper.make_node("Conv", ["se", "w3", "b3"], ["y"]),
    ]
    inits = [weights(rng, "w1", [8, 3, 3, 3]), weights(rng, "b1", [8], 0.1),
             weights(rng, "w2", [8, 8, 3, 3], 0.2), weights(rng, "b2", [8], 0.1),
             weights(rng, "w3", [8, 8, 1, 1], 0.3), weights(rng, "b3", [8], 0.1),
             weights(rng, "w4", [8, 8, 1, 1], 0.5), weights(rng, "b4", [8], 0.1)]
    return float_model(nodes, inits, [1, 3, 15, 15], [1, 8, 15, 15])


class Samples(CalibrationDataReader):
    def __init__(self, shape, seed, count=8):
        rng = np.random.default_rng(seed)
        self.samples = iter([{"x": rng.standard_normal(shape).astype(np.float32)}
                             for _ in range(count)])

    def get_next(self):
        return next(self.samples, None)


def drop_last_dequantize(model):
    """The graph output becomes the quantized tensor its DequantizeLinear
    reads."""
    graph = model.graph
    output = graph.output[0]
    last = next(n for n in graph.node if output.name in n.output)
    assert last.op_type == "DequantizeLinear"
    graph.node.remove(last)
    quantized = last.input[0]
    producer = next(n for n in graph.node if quantized in n.output)
    zero_point = next(i for i in graph.initializer if i.name == producer.input[2])
    graph.output.remove(output)
    graph.output.append(helper.make_tensor_value_info(
        quantized, zero_point.data_type,
        [d.dim_value for d in output.type.tensor_type.shape.dim]))


def quantize(model, path, shape, seed, per_channel, activations, quantized_output=True):
    float_path = path + ".float.onnx"
    onnx.save(model, float_path)
    quantize_static(float_path, path, Samples(shape, seed), quant_format=QuantFormat.QDQ,
                    per_channel=per_channel, activation_type=activations,
                    weight_type=QuantType.QInt8,
                    extra_options={"ActivationSymmetric": activations == QuantType.QInt8})
    os.remove(float_path)
    if quantized_output:
        quantized = onnx.load(path)
        drop_last_dequantize(quantized)
        onnx.save(quantized, path)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    variants = {"pc": (True, QuantType.QUInt8), "pt": (False, QuantType.QUInt8),
                "s8": (True, QuantType.QInt8)}
    for name, make, shape in (("cnn", cnn, [1, 3, 16, 16]), ("mlp", mlp, [1, 8, 16])):
        for suffix, (per_channel, activations) in variants.items():
            quantize(make(), os.path.join(out, f"{name}_{suffix}.onnx"), shape,
                     seed=21, per_channel=per_channel, activations=activations)
        x = np.random.default_rng(22).standard_normal(shape).astype(np.float32)
        np.save(os.path.join(out, f"x_{name}.npy"), x)
    quantize(residual(), os.path.join(out, "residual_pc.onnx"), [1, 3, 16, 16],
             seed=21, per_channel=True, activations=QuantType.QUInt8)
    # Enough rows for the matmuls to take int8 register tiles.
    quantize(mlp(rows=40), os.path.join(out, "mlp40_pc.onnx"), [1, 40, 16],
             seed=21, per_channel=True, activations=QuantType.QUInt8)
    x = np.random.default_rng(23).standard_normal([1, 40, 16]).astype(np.float32)
    np.save(os.path.join(out, "x_mlp40.npy"), x)
    for suffix in ("pc", "s8"):
        per_channel, activations = variants[suffix]
        quantize(mobile(), os.path.join(out, f"mobile_{suffix}.onnx"), [1, 3, 70, 70],
                 seed=21, per_channel=per_channel, activations=activations)
        quantize(swish(), os.path.join(out, f"swish_{suffix}.onnx"), [1, 3, 15, 15],
                 seed=21, per_channel=per_channel, activations=activations)
        quantize(late(), os.path.join(out, f"late_{suffix}.onnx"), [1, 24, 5, 5],
                 seed=21, per_channel=per_channel, activations=activations)
    quantize(wide(), os.path.join(out, "wide_pc.onnx"), [1, 384, 3, 3],
             seed=21, per_channel=True, activations=QuantType.QUInt8)
    x = np.random.default_rng(27).standard_normal([1, 384, 3, 3]).astype(np.float32)
    np.save(os.path.join(out, "x_wide.npy"), x)
    x = np.random.default_rng(25).standard_normal([1, 24, 5, 5]).astype(np.float32)
    np.save(os.path.join(out, "x_late.npy"), x)
    x = np.random.default_rng(26).standard_normal([1, 3, 70, 70]).astype(np.float32)
    np.save(os.path.join(out, "x_mobile.npy"), x)
    # 8 * 15 * 15 bytes: the table lookups' vector loops leave a remainder.
    x = np.random.default_rng(24).standard_normal([1, 3, 15, 15]).astype(np.float32)
    np.save(os.path.join(out, "x_swish.npy"), x)
    # 16-bit activations (quantize_static moves the model to opset 21). Both
    # onnxruntime and edgecc run its convs in float on the dequantized
    # tensors, so the output stays dequantized: summation order may move a
    # 16-bit result by one step.
    quantize(cnn(), os.path.join(out, "cnn_s16.onnx"), [1, 3, 16, 16],
             seed=21, per_channel=True, activations=QuantType.QInt16,
             quantized_output=False)


if __name__ == "__main__":
    main()
