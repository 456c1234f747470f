#!/usr/bin/env python3
"""Writes the malformed-model corpus into OUTDIR: one small model per kind of
damage a real file can have. test/Import/malformed.test checks edgecc's error
on every one; the sanitizer and fuzzing runs start from them together with
the driver test models of make_test_models.py, which hold the other damaged
files (a truncated model, a non-ONNX file, an initializer whose data size
disagrees with its shape; checked in test/Driver/bad-input.test).

Also writes external.onnx + external.weights, a valid model whose weights
live in a side file (the ONNX external-data format).
"""

import os
import sys

import onnx
from onnx import TensorProto, helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_test_models import save, small_classifier  # noqa: E402


def write(out, name, model_or_graph):
    path = os.path.join(out, name + ".onnx")
    if isinstance(model_or_graph, onnx.GraphProto):
        save(model_or_graph, path)
    else:
        onnx.save(model_or_graph, path)


def with_external_reference(location):
    """The small CNN with its conv weight in an external file `location`."""
    graph = small_classifier()
    tensor = graph.initializer[0]
    tensor.ClearField("raw_data")
    tensor.data_location = TensorProto.EXTERNAL
    tensor.external_data.add(key="location", value=location)
    return graph


def main(out):
    os.makedirs(out, exist_ok=True)

    # A node reading an output of a later node: a cycle (ONNX graphs are
    # topologically sorted and acyclic).
    cycle = small_classifier()
    cycle.node[1].input[0] = "f"
    write(out, "cycle", cycle)

    # A node input that nothing defines.
    dangling = small_classifier()
    dangling.node[2].input[0] = "nowhere"
    write(out, "dangling", dangling)

    negative = small_classifier()
    negative.input[0].type.tensor_type.shape.dim[2].dim_value = -8
    write(out, "negative_dim", negative)

    huge = small_classifier()
    huge.input[0].type.tensor_type.shape.dim[2].dim_value = 1 << 50
    write(out, "huge_dim", huge)

    # A Resize scale and reflect pads that would make outputs too large to
    # tabulate (and a scale whose product overflows int64).
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 3, 3])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)
    scales = helper.make_tensor("scales", TensorProto.FLOAT, [4], [1, 1, 1e30, 1])
    write(out, "huge_resize", helper.make_graph(
        [helper.make_node("Resize", ["x", "", "scales"], ["y"], name="up")],
        "huge_resize", [x], [y], [scales]))
    pads = helper.make_tensor("pads", TensorProto.INT64, [8], [0, 0, 1 << 40, 0, 0, 0, 0, 0])
    write(out, "huge_pad", helper.make_graph(
        [helper.make_node("Pad", ["x", "pads"], ["y"], mode="reflect", name="pad")],
        "huge_pad", [x], [y], [pads]))

    # An attribute of the wrong type: Conv pads as floats.
    wrong_attr = small_classifier()
    del wrong_attr.node[0].attribute[:]
    wrong_attr.node[0].attribute.append(helper.make_attribute("pads", [1.0, 1.0, 1.0, 1.0]))
    write(out, "wrong_attribute_type", wrong_attr)

    # A weight declared int64: the wrong element type for Conv.
    wrong_type = small_classifier()
    w = wrong_type.initializer[0]
    w.data_type = TensorProto.INT64
    w.raw_data = w.raw_data * 2
    write(out, "wrong_tensor_type", wrong_type)

    write(out, "missing_external_data", with_external_reference("no_such.weights"))
    write(out, "escaping_external_data", with_external_reference("../../etc/passwd"))

    unknown_domain = helper.make_model(
        small_classifier(),
        opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("com.unknown", 1)])
    unknown_domain.graph.node[1].domain = "com.unknown"
    write(out, "unknown_domain", unknown_domain)

    # Bytes that are a protobuf but not of a model: a wrong field type at
    # the top level (field 7, the graph, as a varint).
    with open(os.path.join(out, "wrong_field_type.onnx"), "wb") as f:
        f.write(bytes([0x08, 0x08, 0x38, 0x01]))

    # Valid: every initializer in one side file, at 4 KB-aligned offsets.
    external = helper.make_model(small_classifier(),
                                 opset_imports=[helper.make_opsetid("", 13)])
    external.ir_version = 8
    onnx.save(external, os.path.join(out, "external.onnx"), save_as_external_data=True,
              all_tensors_to_one_file=True, location="external.weights", size_threshold=0)


if __name__ == "__main__":
    main(sys.argv[1])
