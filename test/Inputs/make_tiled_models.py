#!/usr/bin/env python3
"""make_tiled_models.py DIR: a model whose convs and matmuls take every path
of the register-tiled and vector kernels, and a seeded input for it.

  - 1x1 convs read in place, with a pixel count that leaves a last tile
    moved back to the edge (7x7) and channel counts that do the same, and
    one whose 640 KB of weights outgrow half of any L2 here: it copies its
    input's pixel tiles into a workspace instead, all of them at once;
  - padded 3x3 convs at stride 1 and 2, dilated, and grouped (4 output
    channels per group): the patch workspace;
  - depthwise 3x3 convs at stride 1 and 2 (the vector columns and both edge
    paths), one dilated, one 5x5 with clip;
  - sigmoid and tanh (the inline exp), and SiLU fused into a tiled conv,
    a depthwise conv and a tiled gemm;
  - a matmul by a constant with a bias (Gemm) and one with batch dims;
  - a strided 1x1 conv (fused SiLU) and a padded 3x3 conv on a 3x3 plane,
    whose 9 pixels fill vectors badly: their tiles take pixels as rows and
    output channels as vector columns (pixel_rows), gathering and reading
    in place;
  - residual Adds fused into convs: a 1x1 conv whose tiles store in place
    (the micro-kernel adds the residual), the 3x3-plane conv (added as its
    block is stored) and a conv whose weight is computed at run time (the
    portable loops);
  - padded 3x3 convs on 29-pixel rows, whose tiles of positions store in
    place where they fall in one output row and through a block where they
    cross a row's end: with SiLU, a residual and ReLU, and both.
And split.onnx, for -threads: layers big enough to be split into tasks, on
a 7x7 plane whose last pixel tile is moved back over its predecessor.
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(7)


def weight(name, shape):
    return numpy_helper.from_array(
        (rng.standard_normal(shape) / np.sqrt(np.prod(shape[1:]))).astype(np.float32), name)


def conv_layer(nodes, inits, name, x, cin, cout, k, stride=1, pad=0, dil=1, group=1,
               act=None, residual=None, w=None):
    """Appends a Conv with a bias (and the weight `w`, else a constant one),
    then, optionally, an Add of `residual` and the activation."""
    if w is None:
        w = name + "_w"
        inits.append(weight(w, [cout, cin // group, k, k]))
    inits.append(numpy_helper.from_array(
        rng.standard_normal(cout).astype(np.float32), name + "_b"))
    nodes.append(helper.make_node(
        "Conv", [x, w, name + "_b"], [name], name=name,
        strides=[stride, stride], pads=[pad] * 4, dilations=[dil, dil], group=group))
    if residual is not None:
        nodes.append(helper.make_node("Add", [name, residual], [name + "_add"],
                                      name=name + "_add"))
        name += "_add"
    if act == "relu":
        nodes.append(helper.make_node("Relu", [name], [name + "_r"], name=name + "_relu"))
        return name + "_r"
    if act == "silu":
        nodes.append(helper.make_node("Sigmoid", [name], [name + "_s"],
                                      name=name + "_sigmoid"))
        nodes.append(helper.make_node("Mul", [name, name + "_s"], [name + "_m"],
                                      name=name + "_silu"))
        return name + "_m"
    if act == "clip":
        nodes.append(helper.make_node("Clip", [name, "zero", "six"], [name + "_c"],
                                      name=name + "_clip"))
        return name + "_c"
    return name


def save(out, name, nodes, inits, input_shape, outputs):
    graph = helper.make_graph(
        nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, input_shape)],
        outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, os.path.join(out, name + ".onnx"))


def split_model(out):
    """Branches of 0.3 to 2.6 M multiply-adds each, so -threads=4 splits
    them: "narrow" has 2 output channels, so its pixel positions are dealt
    out (it reads its padded input in place, 61 positions of the 9-wide
    rows; with SSE2's 2x16 tile: three tiles, then one moved back over the
    third); "pw", "dw" and "fc" deal out channel panels, channels and
    column panels; "small" (a 3x3 plane, pixels as tile rows) channel
    panels; "pool" and "softmax" (over rows of 7) channel planes and
    rows."""
    nodes, inits = [], []
    narrow = conv_layer(nodes, inits, "narrow", "x", 512, 2, 3, pad=1, act="silu")
    x = conv_layer(nodes, inits, "pw", "x", 512, 64, 1, act="silu")
    small = conv_layer(nodes, inits, "small", "x", 512, 64, 3, stride=2, act="relu")
    x = conv_layer(nodes, inits, "dw", x, 64, 64, 3, pad=1, group=64)
    nodes.append(helper.make_node("Flatten", [x], ["flat"], name="flatten", axis=1))
    inits.append(weight("fc_w", [100, 3136]))
    nodes.append(helper.make_node("Gemm", ["flat", "fc_w"], ["fc"], name="fc", transB=1))
    nodes.append(helper.make_node("Sigmoid", ["fc"], ["fc_s"], name="fc_sigmoid"))
    nodes.append(helper.make_node("Mul", ["fc_s", "fc"], ["y"], name="fc_silu"))
    nodes.append(helper.make_node("MaxPool", ["x"], ["pooled"], name="pool",
                                  kernel_shape=[3, 3], pads=[1, 1, 1, 1]))
    nodes.append(helper.make_node("Softmax", ["pooled"], ["probs"], name="softmax",
                                  axis=-1))
    save(out, "split", nodes, inits, [1, 512, 7, 7],
         [helper.make_tensor_value_info(narrow, TensorProto.FLOAT, [1, 2, 7, 7]),
          helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 100]),
          helper.make_tensor_value_info("probs", TensorProto.FLOAT, [1, 512, 7, 7]),
          helper.make_tensor_value_info(small, TensorProto.FLOAT, [1, 64, 3, 3])])
    np.save(os.path.join(out, "xs.npy"), rng.standard_normal([1, 512, 7, 7]).astype(np.float32))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    nodes, inits = [], []

    def conv(name, x, cin, cout, k, **options):
        return conv_layer(nodes, inits, name, x, cin, cout, k, **options)

    inits += [numpy_helper.from_array(np.array(0.0, np.float32), "zero"),
              numpy_helper.from_array(np.array(6.0, np.float32), "six")]
    x = conv("stem", "x", 3, 24, 3, stride=2, pad=1, act="relu")     # 24x15x15
    x = conv("dw1", x, 24, 24, 3, pad=1, group=24, act="clip")        # stride 1
    x = conv("pw1", x, 24, 37, 1, act="silu")                         # tails
    x = conv("grouped", x, 37 - 1 + 1, 36, 3, pad=2, dil=2, group=1)  # dilated
    x = conv("g4", x, 36, 36, 3, pad=1, group=9, act="relu")          # 4 per group
    x = conv("res_pw", x, 36, 36, 1, residual=x, act="relu")          # residual
    late = conv("late", x, 36, 256, 3, stride=2, act="relu")          # 256x7x7
    wide = conv("wide_pw", late, 256, 640, 1, act="relu")             # gathered
    late = conv("late_pw", late, 256, 48, 1, stride=3, act="silu")    # 48x3x3
    late = conv("late_3x3", late, 48, 48, 3, pad=1, act="relu",       # in place
                residual=late)
    # Padded 3x3 convs on the 29x29 input: tiles of positions that fall in
    # one output row store in place, with SiLU, a residual and ReLU, and both.
    full = conv("full", "x", 3, 8, 3, pad=1, act="silu")
    full = conv("full_res", full, 8, 8, 3, pad=1, act="relu", residual=full)
    full = conv("full_res_silu", full, 8, 8, 3, pad=1, act="silu", residual=full)
    # A depthwise conv at stride 3 reads its 9 stride phases.
    third = conv("dw_s3", full, 8, 8, 3, stride=3, pad=1, group=8, act="relu")  # 8x10x10
    x = conv("dw2", x, 36, 36, 3, stride=2, pad=1, group=36, act="silu")  # 36x8x8
    x = conv("dw3", x, 36, 36, 5, stride=2, pad=2, group=36, act="clip")  # 36x4x4
    x = conv("dw4", x, 36, 36, 3, pad=2, dil=2, group=36)
    x = conv("pw2", x, 36, 20, 1, act="relu")
    # A weight computed at run time: the conv keeps the portable loops.
    inits.append(weight("dyn_w0", [20, 20, 1, 1]))
    nodes.append(helper.make_node("ReduceMean", ["x"], ["x_mean"], name="x_mean",
                                  keepdims=0))
    nodes.append(helper.make_node("Mul", ["dyn_w0", "x_mean"], ["dyn_w"], name="dyn_w"))
    x = conv("dyn", x, 20, 20, 1, residual=x, act="clip", w="dyn_w")
    nodes.append(helper.make_node("Sigmoid", [x], ["sig"], name="sigmoid"))
    nodes.append(helper.make_node("Tanh", ["sig"], ["th"], name="tanh"))
    nodes.append(helper.make_node("Mul", ["th", x], ["swish"], name="mul"))
    nodes.append(helper.make_node("Flatten", ["swish"], ["flat"], name="flatten", axis=1))
    inits.append(weight("fc_w", [21, 320]))
    inits.append(numpy_helper.from_array(rng.standard_normal(21).astype(np.float32), "fc_b"))
    nodes.append(helper.make_node("Gemm", ["flat", "fc_w", "fc_b"], ["fc"], name="fc", transB=1))
    nodes.append(helper.make_node("Sigmoid", ["fc"], ["fc_s"], name="fc_sigmoid"))
    nodes.append(helper.make_node("Mul", ["fc_s", "fc"], ["fc_m"], name="fc_silu"))
    nodes.append(helper.make_node("Reshape", ["fc_m", "shape"], ["rows"], name="reshape"))
    inits.append(numpy_helper.from_array(np.array([1, 3, 7], np.int64), "shape"))
    inits.append(weight("mm_w", [7, 18]))
    nodes.append(helper.make_node("MatMul", ["rows", "mm_w"], ["y"], name="matmul"))

    save(out, "tiled", nodes, inits, [1, 3, 29, 29],
         [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, 18]),
          helper.make_tensor_value_info(late, TensorProto.FLOAT, [1, 48, 3, 3]),
          helper.make_tensor_value_info(wide, TensorProto.FLOAT, [1, 640, 7, 7]),
          helper.make_tensor_value_info(full, TensorProto.FLOAT, [1, 8, 29, 29]),
          helper.make_tensor_value_info(third, TensorProto.FLOAT, [1, 8, 10, 10])])
    np.save(os.path.join(out, "x.npy"),
            rng.standard_normal([1, 3, 29, 29]).astype(np.float32))
    split_model(out)


if __name__ == "__main__":
    main()
