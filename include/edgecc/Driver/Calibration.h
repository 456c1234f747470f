//===- Calibration.h - run the float model on calibration samples -*- C++
//-*-===//

#ifndef EDGECC_DRIVER_CALIBRATION_H
#define EDGECC_DRIVER_CALIBRATION_H

#include "edgecc/Driver/Compiler.h"
#include "edgecc/Driver/HostModel.h"

#include "mlir/IR/BuiltinOps.h"

namespace edgecc {

/// -bias-absorption: runs `module` (a float model after the graph cleanup
/// pipeline) on every sample and records, for each layer edgecc-absorb-bias
/// can take constants from, the smallest value of each output channel as
/// kOutputFloorAttr; then runs edgecc-absorb-bias. Before calibrateModel,
/// whose ranges are then those of the absorbed model.
mlir::LogicalResult absorbBiases(mlir::ModuleOp module,
                                 llvm::ArrayRef<Sample> samples,
                                 const Toolchain &toolchain);

/// Runs `module` (a float model after the graph cleanup pipeline) on every
/// sample (readCalibrationSamples), compiled for and run on this machine,
/// and sets the range of each value valuesToCalibrate() names as
/// kRangeAttr (and with analytic bias correction, each product's mean
/// input). Tensors that held NaN or infinity are errors.
mlir::LogicalResult calibrateModel(mlir::ModuleOp module,
                                   const QuantizationOptions &options,
                                   llvm::ArrayRef<Sample> samples,
                                   const Toolchain &toolchain);

} // namespace edgecc

#endif
