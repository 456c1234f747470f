//===- Report.h - what a compiled model costs and where it lives -*- C++
//-*-===//
//
// The compile report (-report): per kernel op its ONNX node, shapes, MACs,
// bytes moved and where each of its tensors lives (arena offset, ROM offset
// or a caller buffer); totals for RAM (arena and its bounds), ROM (weights,
// code) and I/O.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_DRIVER_REPORT_H
#define EDGECC_DRIVER_REPORT_H

#include "edgecc/Emit/CEmitter.h"

#include "llvm/Support/raw_ostream.h"

namespace edgecc {

struct TensorPlacement {
  std::string memory; // "arena", "rom", "input" or "output"
  int64_t offset = 0; // bytes into the arena or ROM, or the argument index
  int64_t bytes = 0;
  std::string dtype;
  llvm::SmallVector<int64_t> shape;
};

struct OpReport {
  std::string node, onnxOp, kernel, placement;
  int64_t macs = 0, bytesRead = 0, bytesWritten = 0;
  /// On a device: the launch, [work-items, work-group size]; else empty.
  llvm::SmallVector<int64_t, 2> workGroup;
  std::vector<TensorPlacement>
      tensors; // operands in order; the last is written
};

/// One arena buffer over its life: written first by op `firstOp`, last
/// touched by op `lastOp` (indices into ModelReport::ops).
struct BufferReport {
  std::string producer; // ONNX node of the op that writes it first
  int64_t offset = 0, bytes = 0, firstOp = 0, lastOp = 0;
};

/// One layer of a -quantize=mixed model: its precision and the model's
/// output SQNR (dB) when only it is quantized.
struct MixedPrecisionLayer {
  std::string node, onnxOp, precision;
  double sqnr = 0;
};

/// What -quantize=mixed chose (kMixedPrecisionAttr), SQNRs in dB, top-1
/// agreements in percent. The top-1 numbers are set when -min-top1 is a
/// budget.
struct MixedPrecisionReport {
  std::optional<double> minSqnr, minTop1, int8Top1, top1;
  double int8Sqnr = 0, sqnr = 0;
  int64_t samples = 0, top1Predictions = 0;
  std::vector<MixedPrecisionLayer> layers;
};

struct ModelReport {
  std::string name, target;
  int64_t arenaBytes = 0, liveBound = 0, opBound = 0, naiveBytes = 0;
  int64_t weightBytes = 0, codeBytes = 0, inputBytes = 0, outputBytes = 0;
  int64_t deviceArenaBytes = 0; ///< device targets only
  int64_t macs = 0;
  std::vector<OpReport> ops;
  std::vector<BufferReport> buffers;
  std::optional<MixedPrecisionReport> mixedPrecision;
};

/// Collects the report of a planned, emitted model. `objectPath` (may be
/// empty) is the compiled object whose code size is measured.
ModelReport buildReport(mlir::func::FuncOp function, const EmittedModel &model,
                        llvm::StringRef name, llvm::StringRef target,
                        llvm::StringRef objectPath);

void writeJsonReport(const ModelReport &report, llvm::raw_ostream &os);
/// A self-contained HTML page that draws the memory plan: one box per arena
/// buffer over op index (x) and arena offset (y).
void writeHtmlReport(const ModelReport &report, llvm::raw_ostream &os);
void writeTextReport(const ModelReport &report, llvm::raw_ostream &os);

} // namespace edgecc

#endif
