//===- Passes.h - edgecc compiler passes -------------------------*- C++
//-*-===//

#ifndef EDGECC_TRANSFORMS_PASSES_H
#define EDGECC_TRANSFORMS_PASSES_H

#include "Graph/GraphOps.h"
#include "Kernel/KernelOps.h"
#include "edgecc/Support/Calibration.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

#include <variant>

namespace edgecc {

#define GEN_PASS_DECL
#include "edgecc/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "edgecc/Transforms/Passes.h.inc"

/// Name of the function attribute that holds the planned arena size.
constexpr llvm::StringLiteral kArenaSizeAttr = "kernel.arena_size";
/// Memory bounds the planner records next to the arena size, in bytes: the
/// most live at one step of the chosen order, the most one op touches (no
/// order can do better), and the sum of all intermediates (no reuse).
constexpr llvm::StringLiteral kLiveBoundAttr = "kernel.live_bytes_bound";
constexpr llvm::StringLiteral kOpBoundAttr = "kernel.op_bytes_bound";
constexpr llvm::StringLiteral kNaiveSizeAttr = "kernel.naive_bytes";

/// The calibrated range [min, max] of a value, as a DenseF32ArrayAttr on
/// the op that defines it (ops of one result) or on the function argument:
/// what edgecc-quantize quantizes to.
constexpr llvm::StringLiteral kRangeAttr = "edgecc.range";

/// The mean input of a conv or gemm, as a DenseF32ArrayAttr on the op (see
/// InputMeanObserver): when present, edgecc-quantize corrects the bias for
/// the shift its rounded weights cause.
constexpr llvm::StringLiteral kInputMeanAttr = "edgecc.input_mean";

/// The smallest value each output channel of a conv or gemm took on the
/// calibration data (a DenseF32ArrayAttr on the op, from -bias-absorption):
/// what edgecc-absorb-bias may move into the next layer's bias.
constexpr llvm::StringLiteral kOutputFloorAttr = "edgecc.output_floor";

/// How much quantizing a conv or gemm moves the mean of each of its output
/// channels, as -bias-correction=empirical measures it (a DenseF32ArrayAttr
/// on the op, one value per output channel): edgecc-quantize subtracts it
/// from the bias.
constexpr llvm::StringLiteral kOutputShiftAttr = "edgecc.output_shift";

/// Scales given for a weight (by -encodings), as a DenseF32ArrayAttr on its
/// constant: one per output channel, or one for the whole weight.
/// edgecc-quantize quantizes the weight with them instead of its own.
constexpr llvm::StringLiteral kWeightScalesAttr = "edgecc.weight_scales";

/// A unit attribute on a conv, gemm or matmul that -quantize=mixed keeps in
/// float: edgecc-quantize leaves its weight float. Its input and output are
/// still quantized where they have a range (a quantized neighbour needs
/// them); the driver drops the ranges no quantized layer needs.
constexpr llvm::StringLiteral kKeepFloatAttr = "edgecc.keep_float";

/// A unit attribute on a conv, gemm or matmul that -quantize=mixed promotes
/// to 16-bit activations (W8A16): edgecc-quantize quantizes its weight to
/// int8 as usual, and the tensors it reads and writes to int16 (uint16
/// with uint8 activations), which its neighbours then read and write too.
constexpr llvm::StringLiteral kWideActivationsAttr = "edgecc.wide_activations";

/// The 8-bit activation type edgecc-quantize's `activation-type` names
/// ("int8" or "uint8"); null for any other name.
mlir::Type activationTypeNamed(llvm::StringRef name,
                               mlir::MLIRContext *context);

/// The 16-bit activation type of W8A16 layers for the 8-bit `activations`:
/// int16 for int8, uint16 for uint8.
mlir::Type wideActivationType(mlir::Type activations);

/// A conv, gemm or matmul edgecc-quantize can quantize (a layer), with the
/// input it reads and its output (after a Relu or Clip it alone feeds).
struct QuantizableLayer {
  mlir::Operation *product;
  mlir::Value input, output;
};

/// The layers of `function`, in program order.
llvm::SmallVector<QuantizableLayer>
quantizableLayers(mlir::func::FuncOp function);

/// Whether `op` (a float max pool, reshape, transpose or slice) holds only
/// values of its first operand, so that its result keeps the operand's
/// quantization exactly.
bool keepsQuantization(mlir::Operation *op);

/// The tensors whose quantization `layer` decides: its output, its input,
/// and the tensors its input is a max pool, reshape, transpose or slice of
/// (which keep their quantization through those ops), nearest first.
llvm::SmallVector<mlir::Value> layerTensors(const QuantizableLayer &layer);

/// A product whose bias edgecc-quantize can correct, the input it reads, and
/// an observer shaped for that input.
struct BiasCorrectableProduct {
  mlir::Operation *product;
  mlir::Value input;
  InputMeanObserver observer;
};

/// The convs and gemms edgecc-quantize can quantize.
llvm::SmallVector<BiasCorrectableProduct>
biasCorrectableProducts(mlir::func::FuncOp function);

/// The convs and gemms edgecc-absorb-bias can move constants out of, given
/// their floors (kOutputFloorAttr).
llvm::SmallVector<mlir::Operation *>
biasAbsorbingLayers(mlir::func::FuncOp function);

/// The range kRangeAttr gives `value`, if any.
std::optional<TensorRange> calibratedRangeOf(mlir::Value value);

/// The values edgecc-quantize needs ranges for: the inputs and outputs
/// (after a Relu or Clip) of the products it can quantize.
llvm::SmallVector<mlir::Value> valuesToCalibrate(mlir::func::FuncOp function);

/// What every model goes through first: canonicalization, QDQ folding and
/// batch norm folding. Calibration runs the model as it is after these.
void buildGraphCleanupPipeline(mlir::OpPassManager &pm);

/// How kernels are scheduled for the target: register tiles for a CPU's
/// vector unit, or work-groups for a device.
using KernelSchedule =
    std::variant<TileKernelsOptions, ChooseWorkGroupsOptions>;

/// From a cleaned-up graph to planned kernel IR, scheduled for the target
/// (edgecc-tile-kernels or edgecc-choose-work-groups). With `quantize`,
/// products with calibrated ranges are quantized first (edgecc-quantize
/// with these options, then edgecc-fold-qdq).
void buildLoweringPipeline(mlir::OpPassManager &pm, int64_t alignment,
                           const KernelSchedule &schedule,
                           const std::optional<QuantizeOptions> &quantize);

} // namespace edgecc

#endif
