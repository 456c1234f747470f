#!/usr/bin/env python3
"""Writes the small ONNX models the driver lit tests use into OUTDIR."""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def tensor(name, shape, seed):
    rng = np.random.default_rng(seed)
    return numpy_helper.from_array(rng.standard_normal(shape).astype(np.float32), name)


def save(graph, path, opset=13):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    onnx.save(model, path)


def small_classifier(input_shape=(1, 3, 8, 8)):
    """conv -> relu -> global pool -> flatten -> gemm: a complete tiny CNN."""
    nodes = [
        helper.make_node("Conv", ["x", "w"], ["c"], name="conv1", pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["r"], name="relu1"),
        helper.make_node("GlobalAveragePool", ["r"], ["p"], name="pool"),
        helper.make_node("Flatten", ["p"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "fc_w", "fc_b"], ["y"], name="fc", transB=1),
    ]
    return helper.make_graph(
        nodes, "small",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(input_shape))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 5])],
        [tensor("w", (4, 3, 3, 3), 1), tensor("fc_w", (5, 4), 2), tensor("fc_b", (5,), 3)])


def save_head(path, nodes, initializers, output, opset=13):
    """small_classifier() with `nodes` reading its logits 'y' and `output`, a
    (name, type, shape), as the graph's only output."""
    graph = small_classifier()
    graph.node.extend(nodes)
    graph.initializer.extend(initializers)
    graph.output[0].CopyFrom(helper.make_tensor_value_info(*output))
    save(graph, path, opset)


def main(out):
    os.makedirs(out, exist_ok=True)
    save(small_classifier(), os.path.join(out, "small.onnx"))

    symbolic = small_classifier()
    symbolic.input[0].type.tensor_type.shape.dim[0].dim_param = "batch"
    save(symbolic, os.path.join(out, "symbolic.onnx"))

    unsupported = small_classifier()
    unsupported.node.insert(2, helper.make_node("Unique", ["r"], ["h1"], name="uq1"))
    unsupported.node.insert(3, helper.make_node("Unique", ["h1"], ["h2"], name="uq2"))
    unsupported.node.insert(4, helper.make_node("FancyOp", ["h2"], ["h3"], name="fancy",
                                                domain="com.example"))
    save(unsupported, os.path.join(out, "unsupported.onnx"))

    # One problem of each kind for `edgecc check`: an unsupported op (and a
    # node fed by it), an attribute value, a run-time integer computation.
    preflight = small_classifier()
    preflight.node.extend([
        helper.make_node("Unique", ["r"], ["h"], name="uq"),
        helper.make_node("Relu", ["h"], ["after_uq"], name="after_uq"),
        helper.make_node("Mod", ["r", "r"], ["m"], name="float_mod", fmod=0),
        helper.make_node("Cast", ["r"], ["cb"], name="to_bool", to=TensorProto.BOOL),
        helper.make_node("Add", ["cb", "cb"], ["ab"], name="bool_add"),
    ])
    preflight.output.extend([
        helper.make_tensor_value_info("after_uq", TensorProto.FLOAT, [1, 4, 8, 8]),
        helper.make_tensor_value_info("m", TensorProto.FLOAT, [1, 4, 8, 8]),
        helper.make_tensor_value_info("ab", TensorProto.BOOL, [1, 4, 8, 8]),
    ])
    save(preflight, os.path.join(out, "preflight.onnx"))

    # An If on the data itself: edgecc folds only compile-time conditions.
    runtime_if = small_classifier()
    runtime_if.node.extend([
        helper.make_node("ReduceMax", ["x"], ["peak"], keepdims=0),
        helper.make_node("Greater", ["peak", "threshold"], ["bright"]),
        helper.make_node("If", ["bright"], ["branched"], name="branch_on_peak",
                         then_branch=helper.make_graph(
                             [helper.make_node("Relu", ["y"], ["then_y"])], "then", [],
                             [helper.make_tensor_value_info("then_y", TensorProto.FLOAT,
                                                            None)]),
                         else_branch=helper.make_graph(
                             [helper.make_node("Neg", ["y"], ["else_y"])], "else", [],
                             [helper.make_tensor_value_info("else_y", TensorProto.FLOAT,
                                                            None)])),
    ])
    runtime_if.initializer.append(numpy_helper.from_array(np.float32(0.5), "threshold"))
    runtime_if.output[0].name = "branched"
    save(runtime_if, os.path.join(out, "runtime_if.onnx"))

    # Loops that run on the data: a trip count from the data, and a body that
    # computes its condition from the data. edgecc unrolls only loops whose
    # iterations are known at compile time.
    def refine_loop(trips, condition_nodes):
        model = small_classifier()
        model.node.extend([
            helper.make_node("ArgMax", ["y"], ["best"], keepdims=0),
            helper.make_node("Squeeze", ["best"], ["trips"]),
            helper.make_node("Loop", [trips, "", "y"], ["refined"], name="refine_scores",
                             body=helper.make_graph(
                                 condition_nodes + [helper.make_node("Relu", ["s"], ["s_out"])],
                                 "refine",
                                 [helper.make_tensor_value_info("i", TensorProto.INT64, []),
                                  helper.make_tensor_value_info("c", TensorProto.BOOL, []),
                                  helper.make_tensor_value_info("s", TensorProto.FLOAT, None)],
                                 [helper.make_tensor_value_info("c_out", TensorProto.BOOL, []),
                                  helper.make_tensor_value_info("s_out", TensorProto.FLOAT,
                                                                None)])),
        ])
        model.initializer.extend([numpy_helper.from_array(np.int64(3), "three"),
                                  numpy_helper.from_array(np.float32(3), "three_f")])
        model.output[0].name = "refined"
        return model

    save(refine_loop("trips", [helper.make_node("Identity", ["c"], ["c_out"])]),
         os.path.join(out, "runtime_loop.onnx"))
    save(refine_loop("three", [helper.make_node("ReduceMax", ["s"], ["peak"], keepdims=0),
                               helper.make_node("Greater", ["peak", "three_f"], ["c_out"])]),
         os.path.join(out, "runtime_loop_condition.onnx"))

    # A requantization whose input scale is computed from the data.
    save_head(os.path.join(out, "runtime_scale.onnx"), [
        helper.make_node("DynamicQuantizeLinear", ["y"], ["yq", "y_scale", "y_zp"],
                         name="quantize_logits"),
        helper.make_node("QLinearMatMul", ["yq", "y_scale", "y_zp", "m", "m_scale",
                                           "m_zp", "m_scale", "m_zp"], ["mixed"],
                         name="mix_logits"),
    ], [
        numpy_helper.from_array(np.full((5, 5), 3, np.uint8), "m"),
        numpy_helper.from_array(np.float32(0.1), "m_scale"),
        numpy_helper.from_array(np.uint8(0), "m_zp"),
    ], ("mixed", TensorProto.UINT8, [1, 5]))

    # Arithmetic on bfloat16, which edgecc converts but does not compute with.
    save_head(os.path.join(out, "bf16_math.onnx"), [
        helper.make_node("Cast", ["y"], ["y16"], to=TensorProto.BFLOAT16),
        helper.make_node("Add", ["y16", "y16"], ["twice"], name="double_logits"),
    ], [], ("twice", TensorProto.BFLOAT16, [1, 5]))

    # Ops an OpenCL device runs through the runtime's conversions or with
    # their own work-item split: float16, bfloat16 and float8 casts, TopK
    # along a line, GatherND of the chosen entries, and a ScatterElements
    # that adds them once more, in order on one work-item.
    save_head(os.path.join(out, "device_ops.onnx"), [
        helper.make_node("Cast", ["y"], ["h"], to=TensorProto.FLOAT16),
        helper.make_node("Cast", ["h"], ["hf"], to=TensorProto.FLOAT),
        helper.make_node("Cast", ["hf"], ["b"], to=TensorProto.BFLOAT16),
        helper.make_node("Cast", ["b"], ["bf"], to=TensorProto.FLOAT),
        helper.make_node("Cast", ["bf"], ["e"], to=TensorProto.FLOAT8E4M3FN),
        helper.make_node("Cast", ["e"], ["ef"], to=TensorProto.FLOAT),
        helper.make_node("TopK", ["ef", "k"], ["top", "top_at"]),
        helper.make_node("Unsqueeze", ["top_at", "last"], ["tuples"]),
        helper.make_node("GatherND", ["ef", "tuples"], ["picked"], batch_dims=1),
        helper.make_node("ScatterElements", ["ef", "top_at", "picked"], ["doubled"],
                         axis=1, reduction="add"),
    ], [numpy_helper.from_array(np.array([3], np.int64), "k"),
        numpy_helper.from_array(np.array([2], np.int64), "last")],
       ("doubled", TensorProto.FLOAT, [1, 5]), opset=19)

    # An Einsum whose operands disagree on the size of a summed label.
    save_head(os.path.join(out, "bad_einsum.onnx"), [
        helper.make_node("Einsum", ["y", "e"], ["mixed"], name="mix_classes",
                         equation="bj,jk->bk"),
    ], [numpy_helper.from_array(np.ones((4, 3), np.float32), "e")],
        ("mixed", TensorProto.FLOAT, [1, 3]))

    # A GRU whose input weights do not match its input size.
    save_head(os.path.join(out, "bad_gru.onnx"), [
        helper.make_node("Reshape", ["y", "steps_shape"], ["steps"]),
        helper.make_node("GRU", ["steps", "gru_w", "gru_r"], ["", "last"],
                         name="smooth_scores", hidden_size=3),
    ], [
        numpy_helper.from_array(np.array([1, 1, 5], np.int64), "steps_shape"),
        numpy_helper.from_array(np.ones((1, 9, 4), np.float32), "gru_w"),
        numpy_helper.from_array(np.ones((1, 9, 3), np.float32), "gru_r"),
    ], ("last", TensorProto.FLOAT, [1, 1, 3]))

    # A NonMaxSuppression whose score threshold is computed from the data:
    # the thresholds are compiled into the kernel.
    save_head(os.path.join(out, "runtime_nms.onnx"), [
        helper.make_node("Reshape", ["y", "scores_shape"], ["scores"]),
        helper.make_node("ReduceMean", ["y"], ["mean_score"], keepdims=0),
        helper.make_node("NonMaxSuppression",
                         ["boxes", "scores", "two", "half", "mean_score"],
                         ["selected"], name="select_boxes"),
    ], [
        numpy_helper.from_array(np.array([1, 1, 5], np.int64), "scores_shape"),
        numpy_helper.from_array(
            np.random.default_rng(3).uniform(0, 1, (1, 5, 4)).astype(np.float32),
            "boxes"),
        numpy_helper.from_array(np.int64(2), "two"),
        numpy_helper.from_array(np.float32(0.5), "half"),
    ], ("selected", TensorProto.INT64, [2, 3]))

    bad_conv = small_classifier()
    bad_conv.initializer[0].CopyFrom(tensor("w", (4, 2, 3, 3), 1))
    save(bad_conv, os.path.join(out, "bad_conv.onnx"))

    bad_data = small_classifier()
    bad_data.initializer[1].raw_data = bad_data.initializer[1].raw_data[:-4]
    save(bad_data, os.path.join(out, "bad_data.onnx"))

    with open(os.path.join(out, "small.onnx"), "rb") as f:
        data = f.read()
    with open(os.path.join(out, "truncated.onnx"), "wb") as f:
        f.write(data[: len(data) // 2])
    with open(os.path.join(out, "not_onnx.onnx"), "wb") as f:
        f.write(b"\xff\xfe this is a text file, not a model\n" * 4)
    x = np.random.default_rng(0).standard_normal((1, 3, 8, 8)).astype(np.float32)
    np.save(os.path.join(out, "x.npy"), x)
    with open(os.path.join(out, "image.ppm"), "wb") as f:
        pixels = (np.arange(8 * 8 * 3) * 37 % 256).astype(np.uint8)
        f.write(b"P6\n8 8\n255\n" + pixels.tobytes())
    with open(os.path.join(out, "x.pb"), "wb") as f:
        f.write(numpy_helper.from_array(x, "x").SerializeToString())


if __name__ == "__main__":
    main(sys.argv[1])
