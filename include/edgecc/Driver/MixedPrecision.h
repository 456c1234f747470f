//===- MixedPrecision.h - per-layer sensitivity, -quantize=mixed -*- C++
//-*-===//

#ifndef EDGECC_DRIVER_MIXEDPRECISION_H
#define EDGECC_DRIVER_MIXEDPRECISION_H

#include "edgecc/Driver/Compiler.h"
#include "edgecc/Driver/HostModel.h"

namespace edgecc {

/// Function attribute recording what -quantize=mixed chose, for the report:
/// a dictionary with `min_sqnr`, `int8_sqnr` (every layer quantized),
/// `sqnr` (the layers chosen), `samples`, and `layers`, an array of
/// dictionaries {node, op, precision ("int8" or "float"), sqnr (the model's
/// output SQNR when only that layer is quantized)} in program order. SQNRs
/// are in dB, simulated on the calibration samples.
constexpr llvm::StringLiteral kMixedPrecisionAttr = "edgecc.mixed_precision";

/// How many calibration samples (the first ones) the sensitivity analysis
/// runs on: enough to rank layers, few enough that every layer of a
/// MobileNetV2 is measured in seconds.
constexpr size_t kSensitivitySamples = 16;

/// -quantize=mixed, on a calibrated module: measures each layer's
/// sensitivity (the output SQNR of the model when only that layer is
/// quantized), then keeps the most sensitive layers in float, one at a time,
/// until the model with the rest quantized reaches `options.minSqnr`. Marks
/// those layers kKeepFloatAttr, drops the ranges that only they needed and
/// records the result as kMixedPrecisionAttr.
mlir::LogicalResult chooseMixedPrecision(mlir::ModuleOp module,
                                         const QuantizationOptions &options,
                                         llvm::ArrayRef<Sample> samples,
                                         const Toolchain &toolchain);

} // namespace edgecc

#endif
