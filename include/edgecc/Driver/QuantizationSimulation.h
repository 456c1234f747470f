//===- QuantizationSimulation.h - the model with any layers quantized -*- C++
//-*-===//
//
// Sensitivity analysis and empirical bias correction both need the model's
// values with any set of layers quantized. Building one model per set would
// take a compile each, so one simulation is built instead: the calibrated
// model after edgecc-quantize, with its Q/DQ pairs left to run as float ops
// (no fold-qdq), and every quantized tensor and weight behind a graph.where
// that an extra boolean input, the gates, switches between its quantized and
// its float value; a tensor with a range has a 16-bit quantized value too,
// for W8A16 layers.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_DRIVER_QUANTIZATIONSIMULATION_H
#define EDGECC_DRIVER_QUANTIZATIONSIMULATION_H

#include "edgecc/Driver/Compiler.h"
#include "edgecc/Driver/HostModel.h"
#include "edgecc/Transforms/Passes.h"

#include "llvm/ADT/FunctionExtras.h"

namespace edgecc {

/// The layers edgecc-quantize will quantize: both their input and output
/// have a range.
llvm::SmallVector<QuantizableLayer> rangedLayers(mlir::func::FuncOp function);

/// What -quantize=mixed chose for `product` (kKeepFloatAttr,
/// kWideActivationsAttr), Int8 when it chose nothing.
LayerPrecision precisionOf(mlir::Operation *product);

/// The simulation of a calibrated model, built for this machine and loaded
/// once per worker thread (generated code is reentrant).
class QuantizationSimulation {
public:
  /// Builds the simulation of `module` (calibrated, not yet quantized) for
  /// `layers` (rangedLayers). With `shiftOutputs`, each conv's and gemm's
  /// result (before its activation) also gets an input added to it, one
  /// value per output channel, and is an output of the simulation, so that
  /// a run can measure and move each such layer's output means.
  static mlir::FailureOr<QuantizationSimulation>
  build(mlir::ModuleOp module, llvm::ArrayRef<QuantizableLayer> layers,
        const QuantizationOptions &options, bool shiftOutputs, unsigned workers,
        const Toolchain &toolchain, mlir::Location loc);

  /// Called for each sample run, on the worker that ran it, with the runner
  /// that holds its outputs.
  using Visit = llvm::function_ref<void(unsigned worker, size_t sample,
                                        const HostModelRunner &runner)>;

  /// Runs `samples` with each layer at its precision in `precisions`, and
  /// (built with shiftOutputs) `outputShifts[layer]` added to the output
  /// channels of each layer that has a shift (an empty vector adds
  /// nothing). The samples are spread over the workers.
  mlir::LogicalResult run(llvm::ArrayRef<Sample> samples,
                          llvm::ArrayRef<LayerPrecision> precisions,
                          llvm::ArrayRef<std::vector<float>> outputShifts,
                          Visit visit, mlir::Location loc);

  unsigned workers() const { return runners.size(); }
  const edgecc_model_info &info() const { return runners.front().info(); }

  /// Built with shiftOutputs, per layer: the simulation output holding a
  /// conv's or gemm's shifted result (-1 for a matmul, which has no shift),
  /// where that result keeps its channels, and the shape of the input added
  /// to it ([C, 1, ...], broadcast over the rest).
  struct ShiftedLayer {
    int64_t output = -1;
    ChannelLayout layout;
    llvm::SmallVector<int64_t> shiftShape;
  };
  const ShiftedLayer &shiftedLayer(unsigned layer) const {
    return shifted[layer];
  }

  /// When a gate is on: a quantized weight or bias with its layer
  /// quantized; a tensor's 8-bit value with one of its layers quantized
  /// and none W8A16; its 16-bit value with one of them W8A16.
  struct Gate {
    enum Kind { Operand, Narrow, Wide } kind;
    llvm::SmallVector<unsigned> layers;
    bool isOn(llvm::ArrayRef<LayerPrecision> precisions) const;
  };

private:
  QuantizationSimulation(ScratchDirectory scratch)
      : scratch(std::move(scratch)) {}

  ScratchDirectory scratch;
  /// Per gate, in input order.
  std::vector<Gate> gates;
  /// Per layer (empty unless built with shiftOutputs).
  std::vector<ShiftedLayer> shifted;
  std::vector<HostModelRunner> runners;
};

} // namespace edgecc

#endif
