//===- BiasCorrection.h - -bias-correction=empirical -------------*- C++
//-*-===//

#ifndef EDGECC_DRIVER_BIASCORRECTION_H
#define EDGECC_DRIVER_BIASCORRECTION_H

#include "edgecc/Driver/Compiler.h"
#include "edgecc/Driver/HostModel.h"

namespace edgecc {

/// How many calibration samples (the first ones) empirical bias correction
/// measures output means on. Each costs one run of the model per layer in
/// a chain. Fewer are noisy where a layer has few outputs per sample: on
/// MobileNetV2 with noise inputs, the first 16 samples left its logits'
/// SQNR below the uncorrected model's, 100 put it above.
constexpr size_t kBiasCorrectionSamples = 100;

/// -bias-correction=empirical, on a calibrated module (after
/// -quantize=mixed's choice, if any). For each conv and gemm that will be
/// quantized, in dependency order, runs the model with every layer
/// quantized as it will be and the biases of the layers before it already
/// corrected, measures how far the mean of each of its output channels
/// (before its activation) lies from the float model's, and records that
/// as kOutputShiftAttr for edgecc-quantize to take off its bias. Unlike
/// the analytic correction, the shift includes what quantizing the layer's
/// input and every layer upstream does to the mean.
mlir::LogicalResult correctBiasEmpirically(mlir::ModuleOp module,
                                           const QuantizationOptions &options,
                                           llvm::ArrayRef<Sample> samples,
                                           const Toolchain &toolchain);

} // namespace edgecc

#endif
