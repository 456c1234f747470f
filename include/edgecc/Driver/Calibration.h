//===- Calibration.h - run the float model on calibration samples -*- C++
//-*-===//

#ifndef EDGECC_DRIVER_CALIBRATION_H
#define EDGECC_DRIVER_CALIBRATION_H

#include "edgecc/Driver/Compiler.h"
#include "edgecc/Driver/HostModel.h"

#include "mlir/IR/BuiltinOps.h"

namespace edgecc {

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
