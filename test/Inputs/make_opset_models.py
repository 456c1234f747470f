#!/usr/bin/env python3
"""Writes small models that use the opset-specific forms of the ops the
importer handles (attributes before opset 10/11/13/18, inputs after, the
ways Resize and Upsample give their target), each
a chain ending in several outputs, into OUTDIR as opsetN.onnx, plus x.npy."""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

X_SHAPE = [1, 4, 6, 6]


def ints(name, values):
    return numpy_helper.from_array(np.array(values, dtype=np.int64), name)


def floats(name, values):
    return numpy_helper.from_array(np.array(values, dtype=np.float32), name)


def scalar(name, value):
    return numpy_helper.from_array(np.array(value, dtype=np.float32), name)


def model(opset, nodes, outputs, initializers=()):
    graph = helper.make_graph(
        nodes, f"opset{opset}",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, X_SHAPE)],
        # Outputs are float unless named with their type, as (name, type).
        [helper.make_tensor_value_info(*((o, TensorProto.FLOAT) if isinstance(o, str)
                                         else o), None) for o in outputs],
        list(initializers))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 7
    return m


def opset9():
    return model(9, [
        helper.make_node("Clip", ["x"], ["clip"], min=-0.5, max=0.75),
        helper.make_node("Slice", ["clip"], ["slice"], starts=[1, -4], ends=[3, 100],
                         axes=[1, 3]),
        helper.make_node("Pad", ["slice"], ["pad"], pads=[0, 0, 1, 2, 0, 0, 2, 1],
                         value=0.25),
        helper.make_node("Softmax", ["pad"], ["softmax"], axis=2),
        helper.make_node("ReduceMean", ["x"], ["mean"], axes=[-1], keepdims=0),
        helper.make_node("Unsqueeze", ["mean"], ["unsq"], axes=[0, 4]),
        helper.make_node("Squeeze", ["unsq"], ["squeezed"], axes=[0]),
        helper.make_node("Flatten", ["squeezed"], ["flat"], axis=2),
        helper.make_node("Upsample", ["x", "up_scales"], ["up"]),
        helper.make_node("Upsample", ["pad", "up_scales"], ["up_linear"],
                         mode="linear"),
        helper.make_node("TopK", ["x"], ["top_values", "top_indices"], k=3, axis=2),
    ], ["softmax", "flat", "up", "up_linear", "top_values",
        ("top_indices", TensorProto.INT64)],
        [floats("up_scales", [1, 1, 2, 3])])


def opset10():
    return model(10, [
        helper.make_node("Resize", ["x", "down"], ["nearest"]),
        helper.make_node("Resize", ["x", "up"], ["linear"], mode="linear"),
        # Rows of 1152, wider than the C emitter blends on the stack.
        helper.make_node("Reshape", ["x", "two_rows"], ["rows"]),
        helper.make_node("Tile", ["rows", "repeats"], ["wide_rows"]),
        helper.make_node("Resize", ["wide_rows", "stretch"], ["wide"], mode="linear"),
    ], ["nearest", "linear", "wide"], [
        floats("down", [1, 1, 0.5, 0.5]), floats("up", [1, 1, 1.5, 2]),
        ints("two_rows", [1, 1, 2, 72]), ints("repeats", [1, 1, 1, 16]),
        floats("stretch", [1, 1, 2, 0.5]),
    ])


def opset11():
    return model(11, [
        helper.make_node("Clip", ["x", "lo", "hi"], ["clip"]),
        helper.make_node("Slice", ["clip", "starts", "ends", "axes", "steps"], ["slice"]),
        helper.make_node("Pad", ["slice", "pads", "pad_value"], ["pad"]),
        helper.make_node("Split", ["pad"], ["a", "b"], axis=1, split=[1, 3]),
        helper.make_node("Concat", ["b", "a"], ["concat"], axis=-3),
        helper.make_node("Softmax", ["concat"], ["softmax"], axis=-1),
        helper.make_node("Resize", ["x", "roi", "scales"], ["aligned"],
                         mode="linear", coordinate_transformation_mode="align_corners"),
        helper.make_node("Resize", ["x", "crop", "roi", "crop_sizes"], ["cropped"],
                         mode="linear",
                         coordinate_transformation_mode="tf_crop_and_resize",
                         extrapolation_value=2.5),
    ], ["softmax", "a", "aligned", "cropped"], [
        scalar("lo", -1.0), scalar("hi", 1.0),
        floats("roi", []), floats("scales", [1, 1, 1.5, 0.5]),
        floats("crop", [0, 0, -0.2, 0.3, 1, 1, 0.8, 1.4]),
        ints("crop_sizes", [1, 4, 5, 7]),
        ints("starts", [5, -1]), ints("ends", [-100, -7]), ints("axes", [3, 2]),
        ints("steps", [-2, -1]),
        ints("pads", [0, 0, 1, 0, 0, 0, 0, 2]), scalar("pad_value", -0.5),
    ])


def opset13():
    return model(13, [
        helper.make_node("Split", ["x", "sizes"], ["a", "b"], axis=2),
        helper.make_node("ReduceMean", ["a"], ["mean"], axes=[2, 3], keepdims=1),
        helper.make_node("Squeeze", ["mean", "sq_axes"], ["squeezed"]),
        helper.make_node("Unsqueeze", ["squeezed", "unsq_axes"], ["unsq"]),
        helper.make_node("Softmax", ["b"], ["softmax"], axis=1),
        helper.make_node("Transpose", ["softmax"], ["transposed"], perm=[0, 3, 1, 2]),
        # As YOLO exports upsample.
        helper.make_node("Resize", ["x", "", "twice"], ["upsampled"], mode="nearest",
                         coordinate_transformation_mode="asymmetric",
                         nearest_mode="floor"),
        helper.make_node("Resize", ["x", "", "", "cubic_sizes"], ["cubic"],
                         mode="cubic", cubic_coeff_a=-0.5, exclude_outside=1),
        # An If on a shape folds; the branch not taken (an op edgecc lacks)
        # is never imported.
        # Ties (x rounded) keep index order.
        helper.make_node("Round", ["x"], ["rounded"]),
        helper.make_node("TopK", ["rounded", "two"], ["low_values", "low_indices"],
                         axis=1, largest=0),
        helper.make_node("Compress", ["x", "keep"], ["compressed"], axis=-1),
        helper.make_node("Reshape", ["x", "rows_by_time"], ["sequences"]),
        helper.make_node("ReverseSequence", ["sequences", "lengths"], ["reversed"],
                         batch_axis=0, time_axis=1),
        helper.make_node("Size", ["x"], ["size"]),
        helper.make_node("Equal", ["size", "expected_size"], ["is_expected"]),
        helper.make_node("If", ["is_expected"], ["branched"], then_branch=helper.make_graph(
            [helper.make_node("Mul", ["cubic", "cubic"], ["doubled"])], "then", [],
            [helper.make_tensor_value_info("doubled", TensorProto.FLOAT, None)]),
            else_branch=helper.make_graph(
            [helper.make_node("Unique", ["cubic"], ["unique"])], "else", [],
            [helper.make_tensor_value_info("unique", TensorProto.FLOAT, None)])),
    ], ["unsq", "transposed", "upsampled", "branched", "low_values",
        ("low_indices", TensorProto.INT64), "compressed", "reversed"], [
        ints("two", [2]),
        numpy_helper.from_array(np.array([1, 0, 0, 1, 1], dtype=bool), "keep"),
        ints("rows_by_time", [4, 36]), ints("lengths", [36, 0, 5, 17]),
        ints("sizes", [2, 4]), ints("sq_axes", [-1, 2]), ints("unsq_axes", [1]),
        floats("twice", [1, 1, 2, 2]), ints("cubic_sizes", [1, 4, 4, 9]),
        ints("expected_size", 144),
    ])


def opset18():
    return model(18, [
        helper.make_node("ReduceMean", ["x", "axes"], ["mean"], keepdims=1),
        helper.make_node("Split", ["x"], ["a", "b", "c"], axis=2, num_outputs=3),
        helper.make_node("Pad", ["c", "pads", "", "pad_axes"], ["pad"]),
        helper.make_node("Slice", ["mean", "zero", "two", "two_axis"], ["mean_slice"]),
        helper.make_node("Add", ["a", "mean_slice"], ["sum"]),
        helper.make_node("Resize", ["x", "", "", "fit"], ["fitted"], mode="linear",
                         axes=[3, 2], keep_aspect_ratio_policy="not_larger"),
        helper.make_node("Resize", ["x", "", "shrink"], ["antialiased"],
                         mode="cubic", antialias=1, axes=[-1]),
        # GridSample-16 at coordinates computed from x (some outside [-1, 1]).
        helper.make_node("Reshape", ["x", "grid_shape"], ["grid_raw"]),
        helper.make_node("Mul", ["grid_raw", "grid_scale"], ["grid"]),
        helper.make_node("GridSample", ["x", "grid"], ["sampled_cubic"],
                         mode="bicubic", padding_mode="border"),
        helper.make_node("GridSample", ["x", "grid"], ["sampled_reflect"],
                         mode="bilinear", padding_mode="border", align_corners=1),
        # Scatters and GatherND with constant indices into run-time data.
        helper.make_node("Reshape", ["a", "rows_shape"], ["rows"]),
        helper.make_node("ScatterND", ["x", "nd_indices", "rows"], ["scattered_nd"],
                         reduction="add"),
        helper.make_node("ScatterElements", ["x", "elem_indices", "a"],
                         ["scattered_elements"], axis=2, reduction="max"),
        helper.make_node("GatherND", ["x", "gather_indices"], ["gathered"],
                         batch_dims=1),
        # Opset 18's GroupNormalization scales per group.
        helper.make_node("GroupNormalization", ["x", "group_scale", "group_bias"],
                         ["grouped"], num_groups=2, epsilon=1e-3),
        helper.make_node("LRN", ["x"], ["lrn"], size=3, alpha=0.01, beta=0.6, bias=2.0),
        helper.make_node("MeanVarianceNormalization", ["x"], ["mvn"], axes=[1, 3]),
    ], ["sum", "b", "pad", "fitted", "antialiased", "sampled_cubic",
        "sampled_reflect", "scattered_nd", "scattered_elements", "gathered",
        "grouped", "lrn", "mvn"], [
        floats("group_scale", [0.5, -2.0]), floats("group_bias", [1.0, 0.25]),
        ints("axes", [1]), ints("pads", [1, 0, 2, 3]), ints("pad_axes", [2, -1]),
        ints("zero", [0]), ints("two", [2]), ints("two_axis", [2]),
        ints("fit", [4, 9]), floats("shrink", [0.4]),
        ints("grid_shape", [1, 8, 9, 2]), floats("grid_scale", [1.3]),
        # The 8 rows of a (x[:, :, 0:2]) added to rows of x, one of them twice.
        ints("rows_shape", [8, 6]),
        ints("nd_indices", [[0, 0, 5], [0, 3, 1], [0, -1, 1], [0, 1, 0],
                            [0, 2, 2], [0, 0, -1], [0, 1, 3], [0, 2, 4]]),
        ints("elem_indices", np.random.default_rng(3).integers(-6, 6, (1, 4, 2, 6))),
        ints("gather_indices", [[[2, 1], [0, -1], [3, 5]]]),
    ])


def opset21():
    rng = np.random.default_rng(5)
    w = rng.standard_normal((3, 4, 3, 3)).astype(np.float32)
    wt = rng.standard_normal((4, 3, 3, 2)).astype(np.float32)
    wg = rng.standard_normal((4, 2, 2, 3)).astype(np.float32)
    w1 = rng.standard_normal((6, 2, 3)).astype(np.float32)
    return model(21, [
        helper.make_node("ConvTranspose", ["x", "wt", "bt"], ["up"], strides=[2, 3],
                         pads=[1, 0, 0, 2], output_padding=[1, 2], dilations=[1, 2]),
        helper.make_node("ConvTranspose", ["x", "wg"], ["up_grouped"], group=2,
                         strides=[2, 2], output_shape=[13, 12], auto_pad="SAME_LOWER"),
        # 1-D conv and pooling on x seen as [1, 4, 36].
        helper.make_node("Reshape", ["x", "flat_shape"], ["flat"]),
        helper.make_node("Conv", ["flat", "w1"], ["conv1d"], group=2, pads=[1, 2],
                         strides=[2], dilations=[2]),
        helper.make_node("AveragePool", ["flat"], ["avg1d"], kernel_shape=[4],
                         strides=[3], pads=[2, 1], count_include_pad=1),
        helper.make_node("LpPool", ["flat"], ["lp1d"], kernel_shape=[3], p=3,
                         dilations=[2]),
        helper.make_node("Conv", ["x", "w"], ["conv"], auto_pad="SAME_LOWER",
                         strides=[2, 2]),
        helper.make_node("AveragePool", ["conv"], ["pool"], kernel_shape=[2, 2],
                         ceil_mode=1, count_include_pad=0),
        helper.make_node("MaxPool", ["x"], ["maxpool"], kernel_shape=[3, 3],
                         strides=[2, 2], pads=[1, 1, 0, 0], ceil_mode=1),
    ], ["pool", "maxpool", "up", "up_grouped", "conv1d", "avg1d", "lp1d"], [
        numpy_helper.from_array(w, "w"), numpy_helper.from_array(wt, "wt"),
        floats("bt", [0.5, -1, 2]), numpy_helper.from_array(wg, "wg"),
        numpy_helper.from_array(w1, "w1"), ints("flat_shape", [1, 4, 36]),
    ])


def quantized():
    """Quantized ops as onnxruntime.quantization writes them: Q/DQ per tensor
    and per channel, QLinearConv with per-channel int8 weights and an int32
    bias, QLinearMatMul, the Integer ops and DynamicQuantizeLinear."""
    rng = np.random.default_rng(9)
    def array(name, values, dtype):
        return numpy_helper.from_array(np.array(values, dtype=dtype), name)
    return model(13, [
        helper.make_node("QuantizeLinear", ["x", "s", "zp"], ["xq"]),
        helper.make_node("DequantizeLinear", ["xq", "s", "zp"], ["xdq"]),
        helper.make_node("QuantizeLinear", ["x", "s_c", "zp_c"], ["xq_c"], axis=1),
        helper.make_node("DequantizeLinear", ["xq_c", "s_c", "zp_c"], ["xdq_c"], axis=1),
        helper.make_node("QLinearConv", ["xq", "s", "zp", "w", "ws", "wzp", "ys", "yzp",
                                         "b"], ["conv"], pads=[1, 1, 1, 1], strides=[2, 1]),
        helper.make_node("ConvInteger", ["xq", "wu", "zp", "wu_zp"], ["conv_int"],
                         pads=[0, 1, 2, 0]),
        helper.make_node("Reshape", ["xq", "rows"], ["xq_rows"]),
        helper.make_node("MatMulInteger", ["xq_rows", "m", "zp", "m_zp"], ["mm_int"]),
        helper.make_node("QLinearMatMul", ["xq_rows", "s", "zp", "m", "ms", "m_zp",
                                           "ys", "yzp"], ["mm"]),
        helper.make_node("DynamicQuantizeLinear", ["x"], ["dq", "dq_scale", "dq_zp"]),
    ], [("xq", TensorProto.UINT8), "xdq", ("xq_c", TensorProto.INT8), "xdq_c",
        ("conv", TensorProto.UINT8), ("conv_int", TensorProto.INT32),
        ("mm_int", TensorProto.INT32), ("mm", TensorProto.UINT8),
        ("dq", TensorProto.UINT8), "dq_scale", ("dq_zp", TensorProto.UINT8)], [
        scalar("s", 0.02), array("zp", 128, np.uint8),
        floats("s_c", [0.01, 0.02, 0.015, 0.03]), array("zp_c", [0, -3, 5, 10], np.int8),
        array("w", rng.integers(-127, 128, (3, 4, 3, 3)), np.int8),
        floats("ws", [0.004, 0.003, 0.005]), array("wzp", [0, 0, 0], np.int8),
        scalar("ys", 0.05), array("yzp", 120, np.uint8),
        array("b", rng.integers(-2000, 2000, 3), np.int32),
        array("wu", rng.integers(0, 256, (2, 4, 3, 3)), np.uint8),
        array("wu_zp", 131, np.uint8), ints("rows", [24, 6]),
        array("m", rng.integers(0, 256, (6, 5)), np.uint8), scalar("ms", 0.01),
        array("m_zp", 127, np.uint8),
    ])


def low_precision():
    """Casts to bfloat16, the float8 types (saturating or not) and 4-bit
    integers and back, and int4 quantization: each output is float or int8,
    so onnxruntime's numpy side can read it."""
    F = TensorProto
    nodes, outputs = [], []
    # Scaled so that some values overflow every float8 type.
    nodes.append(helper.make_node("Mul", ["x", "big"], ["xb"]))
    # onnxruntime (like the ONNX reference) turns E4M3FN magnitudes in
    # [480, 512) into 448 without saturation, where the Cast spec (and
    # edgecc) give NaN; that input range is left out.
    nodes.append(helper.make_node("Clip", ["xb", "lo", "hi"], ["xc"]))
    nodes += [helper.make_node("Cast", ["xc"], ["e4m3fn_nosat"], to=F.FLOAT8E4M3FN,
                               saturate=0),
              helper.make_node("Cast", ["e4m3fn_nosat"], ["e4m3fn_nosat_back"],
                               to=F.FLOAT)]
    outputs.append("e4m3fn_nosat_back")
    for name, to, saturate in [("bf16", F.BFLOAT16, 1), ("e4m3fn", F.FLOAT8E4M3FN, 1),
                               ("e4m3fnuz", F.FLOAT8E4M3FNUZ, 1),
                               ("e5m2", F.FLOAT8E5M2, 1), ("e5m2_nosat", F.FLOAT8E5M2, 0),
                               ("e5m2fnuz", F.FLOAT8E5M2FNUZ, 1)]:
        nodes += [helper.make_node("Cast", ["xb"], [name], to=to, saturate=saturate),
                  helper.make_node("Cast", [name], [name + "_back"], to=F.FLOAT)]
        outputs.append(name + "_back")
    nodes += [
        helper.make_node("QuantizeLinear", ["x", "s4", "zp4"], ["q4"], axis=1),
        helper.make_node("DequantizeLinear", ["q4", "s4", "zp4"], ["dq4"], axis=1),
        helper.make_node("Cast", ["q4"], ["q4_wide"], to=F.INT8),
    ]
    return model(21, nodes, outputs + ["dq4", ("q4_wide", F.INT8)], [
        scalar("big", 300.0), scalar("lo", -470.0), scalar("hi", 470.0),
        floats("s4", [0.2, 0.3, 0.25, 0.5]),
        helper.make_tensor("zp4", F.INT4, [4], [0, -1, 2, 0]),
    ])


def einsum():
    """Einsum in the forms models use (attention's batched products, a
    contraction with a weight, sums, diagonals and traces, ellipses that
    broadcast, three operands, implicit outputs) on float32 and int64."""
    F = TensorProto
    rng = np.random.default_rng(7)
    equations = {
        "scores": ("ncij,nckj->ncik", ["x", "x"]),
        "context": ("ncij,ncjk->ncik", ["x", "x"]),
        "transposed": ("ncji,ncjk->nkic", ["x", "x"]),
        "project": ("ncij,cj->nci", ["x", "w4x6"]),
        "mid_ellipsis": ("nc...,dc->nd...", ["x", "w3x4"]),
        "broadcast": ("...ij,jk->...ik", ["x", "w6x5"]),
        "row_broadcast": ("...ij,...jk->...ik", ["x", "b1x1x6x2"]),
        "chain": ("ncij,jk,kl->ncil", ["x", "w6x5", "w5x2"]),
        "sum": ("ncij->nj", ["x"]),
        "diagonal": ("...ii->...i", ["x"]),
        "trace": ("ncii", ["x"]),
        "inner": ("ncij,ncij", ["x", "x"]),
        "hadamard": ("ij,ij->ij", ["w6x5", "w6x5"]),
        "outer": ("i,j->ij", ["v5", "v3"]),
    }
    nodes = [helper.make_node("Einsum", inputs, [name], equation=equation)
             for name, (equation, inputs) in equations.items()]
    nodes += [
        helper.make_node("Mul", ["x", "ten"], ["x10"]),
        helper.make_node("Cast", ["x10"], ["xi"], to=F.INT64),
        helper.make_node("Einsum", ["xi", "xi"], ["int_context"],
                         equation="ncij,ncjk->ncik"),
    ]
    weights = {"w4x6": (4, 6), "w3x4": (3, 4), "w6x5": (6, 5), "w5x2": (5, 2),
               "b1x1x6x2": (1, 1, 6, 2), "v5": (5,), "v3": (3,)}
    return model(13, nodes, list(equations) + [("int_context", F.INT64)],
                 [floats(name, rng.standard_normal(shape))
                  for name, shape in weights.items()] + [scalar("ten", 10.0)])


def recurrent():
    """RNN, GRU and LSTM in every direction, with biases, initial states,
    peepholes, clipping, input_forget, linear_before_reset, activations with
    their alphas and betas and per-entry sequence lengths (the input as 6
    steps of a batch of 4). onnxruntime has no batch-first layout; the ONNX
    node tests cover that one."""
    rng = np.random.default_rng(11)
    steps, batch, size, hidden = 6, 4, 6, 5
    weights = []

    def weight(name, shape):
        weights.append(floats(name, rng.uniform(-0.6, 0.6, shape)))
        return name

    def layer(op, name, gates, directions, inputs_from="seq", **attrs):
        """The node, with W, R, B and initial states for its directions."""
        n = f"{name}_"
        inputs = [inputs_from, weight(n + "w", (directions, gates * hidden, size)),
                  weight(n + "r", (directions, gates * hidden, hidden)),
                  weight(n + "b", (directions, 2 * gates * hidden)), "lens",
                  weight(n + "h0", (directions, batch, hidden))]
        outputs = [n + "y", n + "yh"]
        if op == "LSTM":
            inputs += [weight(n + "c0", (directions, batch, hidden)),
                       weight(n + "p", (directions, 3 * hidden))]
            outputs.append(n + "yc")
        return helper.make_node(op, inputs, outputs, hidden_size=hidden, **attrs), outputs

    layers = [
        layer("LSTM", "lstm_bi", 4, 2, direction="bidirectional", clip=1.5),
        layer("LSTM", "lstm_rev", 4, 1, direction="reverse", input_forget=1,
              activations=["HardSigmoid", "Softsign", "Elu"],
              activation_alpha=[0.3, 0.8], activation_beta=[0.4]),
        layer("GRU", "gru_bi", 3, 2, direction="bidirectional", linear_before_reset=1),
        layer("GRU", "gru_rev", 3, 1, direction="reverse",
              activations=["Sigmoid", "LeakyRelu"], activation_alpha=[0.2]),
        layer("RNN", "rnn_bi", 1, 2, direction="bidirectional",
              activations=["Relu", "ScaledTanh"], activation_alpha=[0.9],
              activation_beta=[1.1]),
        layer("RNN", "rnn_affine", 1, 1, activations=["Affine"],
              activation_alpha=[0.5], activation_beta=[0.1]),
    ]
    nodes = [helper.make_node("Reshape", ["x", "seq_shape"], ["seq"])]
    nodes += [node for node, _ in layers]
    outputs = [o for _, outs in layers for o in outs]
    return model(14, nodes, outputs, weights + [
        ints("seq_shape", [steps, batch, size]),
        numpy_helper.from_array(np.array([6, 3, 1, 5], np.int32), "lens")])


def control_flow():
    """Loops with a constant trip count or only a condition, which the body
    computes from the iteration number (so the loop stops early): unrolled,
    with loop-carried values, scan outputs and reads of the enclosing graph."""
    F = TensorProto

    def body(name, stop_after):
        return helper.make_graph([
            helper.make_node("Cast", ["i"], ["fi"], to=F.FLOAT),
            helper.make_node("Mul", ["acc", "half"], ["decayed"]),
            helper.make_node("Mul", ["x", "fi"], ["step"]),
            helper.make_node("Add", ["decayed", "step"], ["acc_out"]),
            helper.make_node("ReduceMean", ["acc_out"], ["scan"], axes=[2, 3],
                             keepdims=0),
            helper.make_node("Less", ["i", stop_after], ["cond_out"]),
        ], name, [helper.make_tensor_value_info("i", F.INT64, []),
                  helper.make_tensor_value_info("cond", F.BOOL, []),
                  helper.make_tensor_value_info("acc", F.FLOAT, None)],
            [helper.make_tensor_value_info("cond_out", F.BOOL, []),
             helper.make_tensor_value_info("acc_out", F.FLOAT, None),
             helper.make_tensor_value_info("scan", F.FLOAT, None)])

    nodes = [
        helper.make_node("Loop", ["trips", "yes", "x"], ["counted", "counted_scan"],
                         body=body("counted_body", "ten")),
        helper.make_node("Loop", ["", "yes", "x"], ["until", "until_scan"],
                         body=body("until_body", "two")),
    ]
    return model(13, nodes, ["counted", "counted_scan", "until", "until_scan"], [
        ints("trips", 4), numpy_helper.from_array(np.array(True), "yes"),
        scalar("half", 0.5), ints("ten", 10), ints("two", 2)])


def detection():
    """NonMaxSuppression as detection heads use it: scores computed from the
    input, 36 boxes per batch in clusters (so that the IoU decides), corner
    boxes with flipped corners and centre boxes, with and without a score
    threshold, limits below and above the number of boxes."""
    F = TensorProto
    rng = np.random.default_rng(7)
    centres = rng.uniform(0.2, 0.8, size=(2, 6, 1, 2))
    jitter = rng.normal(0, 0.03, size=(2, 6, 6, 2))
    size = rng.uniform(0.1, 0.3, size=(2, 6, 6, 2))
    xy = (centres + jitter).reshape(2, 36, 2)
    wh = size.reshape(2, 36, 2)
    lo, hi = xy - wh / 2, xy + wh / 2
    # [y1, x1, y2, x2], the corners of every third box swapped.
    corners = np.concatenate([lo[..., ::-1], hi[..., ::-1]], axis=-1)
    corners[:, ::3] = corners[:, ::3][..., [2, 3, 0, 1]]
    centred = np.concatenate([xy, wh], axis=-1)
    nodes = [
        helper.make_node("Reshape", ["x", "score_shape"], ["logits"]),
        helper.make_node("Sigmoid", ["logits"], ["scores"]),
        helper.make_node("NonMaxSuppression",
                         ["corners", "scores", "ten", "half", "confident"],
                         ["thresholded"]),
        helper.make_node("NonMaxSuppression", ["centred", "scores", "five", "third"],
                         ["centre_format"], center_point_box=1),
        helper.make_node("NonMaxSuppression", ["corners", "scores", "many", "tight"],
                         ["unlimited"]),
    ]
    return model(11, nodes, [(o, F.INT64) for o in
                             ("thresholded", "centre_format", "unlimited")], [
        ints("score_shape", [2, 2, 36]),
        numpy_helper.from_array(corners.astype(np.float32), "corners"),
        numpy_helper.from_array(centred.astype(np.float32), "centred"),
        ints("ten", [10]), ints("five", [5]), ints("many", [100]),
        floats("half", [0.5]), floats("third", [0.3]), floats("tight", [0.7]),
        floats("confident", [0.6])])


def detection_gather():
    """The boxes NonMaxSuppression selects, gathered: the Gather computes with
    the -1 rows past the selection too, which edgecc warns about."""
    boxes = np.random.default_rng(8).uniform(0, 1, size=(1, 36, 4))
    nodes = [
        helper.make_node("Reshape", ["x", "score_shape"], ["logits"]),
        helper.make_node("NonMaxSuppression", ["boxes", "logits", "five"],
                         ["selected"], name="nms"),
        helper.make_node("Gather", ["selected", "two"], ["box_ids"], axis=1,
                         name="pick_ids"),
        helper.make_node("Reshape", ["boxes", "flat_shape"], ["flat"]),
        helper.make_node("Gather", ["flat", "box_ids"], ["picked"], name="pick_boxes"),
    ]
    return model(11, nodes, ["picked"], [
        ints("score_shape", [1, 4, 36]), ints("flat_shape", [36, 4]),
        numpy_helper.from_array(boxes.astype(np.float32), "boxes"),
        ints("five", [5]), ints("two", 2)])


def main(out):
    os.makedirs(out, exist_ok=True)
    for make in (opset9, opset10, opset11, opset13, opset18, opset21, quantized,
                 low_precision, einsum, recurrent, control_flow, detection,
                 detection_gather):
        onnx.save(make(), os.path.join(out, make.__name__ + ".onnx"))
    x = np.random.default_rng(1).standard_normal(X_SHAPE).astype(np.float32)
    np.save(os.path.join(out, "x.npy"), x)


if __name__ == "__main__":
    main(sys.argv[1])
