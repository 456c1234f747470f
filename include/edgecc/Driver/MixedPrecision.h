//===- MixedPrecision.h - per-layer sensitivity, -quantize=mixed -*- C++
//-*-===//

#ifndef EDGECC_DRIVER_MIXEDPRECISION_H
#define EDGECC_DRIVER_MIXEDPRECISION_H

#include "edgecc/Driver/Compiler.h"
#include "edgecc/Driver/HostModel.h"

namespace edgecc {

/// Function attribute recording what -quantize=mixed chose, for the report:
/// a dictionary with the budgets given (`min_sqnr`, `min_top1`), the
/// model's output SQNR with every layer quantized (`int8_sqnr`) and with the
/// layers chosen (`sqnr`), measured on `samples` samples, the same for the
/// top-1 agreement (`int8_top1`, `top1`, over `top1_predictions` rows of
/// the classifier output) when
/// -min-top1 is a budget, and `layers`, an array of dictionaries {node, op,
/// precision ("int8", "w8a16" or "float"), sqnr (the model's output SQNR when
/// only that layer is quantized)} in program order. SQNRs are in dB, top-1
/// agreements in percent, simulated on the calibration samples.
constexpr llvm::StringLiteral kMixedPrecisionAttr = "edgecc.mixed_precision";

/// How many calibration samples (the first ones) the sensitivity analysis
/// runs on: enough to rank layers, few enough that every layer of a
/// MobileNetV2 is measured in seconds.
constexpr size_t kSensitivitySamples = 16;

/// -quantize=mixed, on a calibrated module: measures each layer's
/// sensitivity (the output SQNR of the model when only that layer is
/// quantized), then promotes the most sensitive layers, one at a time, to
/// each precision of `options.promotions` in turn (W8A16, float), until the
/// model meets the budgets of `options` (`minSqnr`, `minTop1`). Marks those
/// layers kWideActivationsAttr or kKeepFloatAttr, drops the ranges that no
/// quantized layer needs and records the result as kMixedPrecisionAttr.
mlir::LogicalResult chooseMixedPrecision(mlir::ModuleOp module,
                                         const QuantizationOptions &options,
                                         llvm::ArrayRef<Sample> samples,
                                         const Toolchain &toolchain);

} // namespace edgecc

#endif
