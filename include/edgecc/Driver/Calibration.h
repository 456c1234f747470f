//===- Calibration.h - run the float model on calibration samples -*- C++
//-*-===//

#ifndef EDGECC_DRIVER_CALIBRATION_H
#define EDGECC_DRIVER_CALIBRATION_H

#include "edgecc/Driver/Compiler.h"

#include "mlir/IR/BuiltinOps.h"

namespace edgecc {

/// Runs `module` (a float model after the graph cleanup pipeline) on every
/// sample of `options.calibrationDir`, compiled for and run on this
/// machine, and sets the range of each value valuesToCalibrate() names as
/// kRangeAttr. Bad calibration data (missing, empty, of the wrong dtype or
/// shape) and tensors that held NaN or infinity are errors.
mlir::LogicalResult calibrateModel(mlir::ModuleOp module,
                                   const QuantizationOptions &options,
                                   const Toolchain &toolchain);

} // namespace edgecc

#endif
