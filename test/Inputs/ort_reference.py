"""The onnxruntime session the tests take as their reference."""

import onnxruntime as ort


def use_exact_int8_kernels(options):
    """Makes the sessions of `options` run onnxruntime's exact 8-bit kernels.

    On x86 without VNNI onnxruntime's default kernels for uint8 inputs by
    int8 weights (pmaddubsw) saturate sums of two products to 16 bits, and
    their results are then not the exact ones edgecc computes;
    session.x64quantprecision makes it use its exact uint8 kernels there
    and changes nothing elsewhere (docs/testing.md)."""
    options.add_session_config_entry("session.x64quantprecision", "1")


def reference_session(model):
    """An onnxruntime CPU session on `model` whose 8-bit kernels are exact."""
    options = ort.SessionOptions()
    use_exact_int8_kernels(options)
    return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
