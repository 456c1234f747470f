//===- CEmitter.h - kernel dialect to C -------------------------*- C++ -*-===//
//
// Turns one planned kernel-dialect function into a C99 translation unit, its
// public header and a weights blob. The C refers to the weights through an
// `.incbin` of the blob file, so weights never pass through C literals.
// Most kernels are portable C loop nests; the register-tiled ones
// (kernel.packed_*, kernel.depthwise_conv2d) are written with the target's
// vector intrinsics, from its VectorISA description.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_EMIT_CEMITTER_H
#define EDGECC_EMIT_CEMITTER_H

#include "Kernel/KernelOps.h"

#include "edgecc/Emit/VectorISA.h"
#include "edgecc/Support/DataTypes.h"
#include "edgecc/Support/Quantization.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace edgecc {

/// One model input or output as the C API describes it.
struct TensorSignature {
  std::string name;
  llvm::SmallVector<int64_t> shape;
  int64_t bytes = 0;
  const DataType *dataType = nullptr;
  /// shape[0] is a bound; rows past the valid ones are -1
  /// (EDGECC_TENSOR_PADDED_ROWS).
  bool paddedRows = false;
};

struct EmittedModel {
  std::string source;
  std::string header;
  /// The device kernels' source (OpenCL C), also embedded in `source`;
  /// empty for CPU targets.
  std::string deviceSource;
  std::vector<char> weights;
  std::vector<TensorSignature> inputs, outputs;
  int64_t arenaSize = 0;
  /// Device targets: the device arena, the intermediates followed by the
  /// inputs and outputs; 0 for CPU targets.
  int64_t deviceArenaSize = 0;
  /// Byte offset of each kernel.weight's data in `weights`.
  llvm::DenseMap<mlir::Operation *, int64_t> weightOffsets;
};

struct EmitOptions {
  std::string prefix;      // C symbol prefix (-name)
  std::string targetName;  // recorded in the model info
  std::string targetFlags; // how the generated C must be compiled
  std::string headerName;  // what the source #includes
  std::string weightsPath; // the file the .incbin reads
  int64_t alignment = 64;
  bool profile = false; // emit <prefix>_run_profiled (-profile)
  int64_t threads = 1;  // -threads, recorded in the header and model info
};

class CEmitter {
public:
  /// `isa` writes the register-tiled kernels (kernel.packed_*).
  explicit CEmitter(const VectorISA &isa) : vectorISA(isa) {}
  virtual ~CEmitter() = default;

  /// Emits `function`, which must be planned (every alloc has an offset).
  mlir::FailureOr<EmittedModel> emit(mlir::func::FuncOp function,
                                     const EmitOptions &options);

protected:
  /// The model's code after the common preamble (includes and weights):
  /// its kernels, the functions that run them and the model info.
  virtual mlir::LogicalResult emitModel(mlir::func::FuncOp function,
                                        EmittedModel &model);
  /// The public header of the model.
  virtual std::string emitHeader(const EmittedModel &model);
  /// False for kernel ops (or element types) this backend cannot run;
  /// emitKernels then fails naming the op.
  virtual bool supportsKernel(mlir::Operation *op) { return true; }
  /// The backend's name in diagnostics.
  virtual llvm::StringRef backendName() const { return "C"; }
  /// One function per kernel op (emitConv2D, ...), named in kernelNames.
  mlir::LogicalResult emitKernels(mlir::func::FuncOp function);
  /// The `<prefix>_inputs` and `<prefix>_outputs` edgecc_tensor_info tables.
  void emitTensorTables(const EmittedModel &model);
  /// The header's NAME, DTYPE, RANK, SHAPE, BYTES and FLAGS macros of each
  /// input and output.
  void describeTensors(llvm::raw_ostream &header, llvm::StringRef macro,
                       const EmittedModel &model);
  /// A hash of everything an app relies on: names, shapes, dtypes, arena.
  static uint64_t interfaceHash(const EmittedModel &model);

  // One kernel function body per op. Each writes a complete C function
  // named `fn` taking (inputs..., output) pointers in operand order.
  virtual void emitConv2D(kernel::Conv2DOp op, llvm::StringRef fn);
  virtual void emitConvTranspose(kernel::ConvTransposeOp op,
                                 llvm::StringRef fn);
  virtual void emitGemm(kernel::GemmOp op, llvm::StringRef fn);
  virtual void emitPackedConv2D(kernel::PackedConv2DOp op, llvm::StringRef fn);
  /// The start of patch block `block` (a C expression) of the workspace of
  /// `op` (a packed conv that does not read its input in place): one
  /// [K, PX] block per pixel tile gathered at once.
  std::string gatheredPatches(kernel::PackedConv2DOp op, llvm::StringRef block);
  /// Gathers the patches of the pixel tile at p0 into patch block `block`.
  void emitPatchGather(kernel::PackedConv2DOp op, llvm::StringRef block);
  virtual void emitPackedMatmul(kernel::PackedMatmulOp op, llvm::StringRef fn);
  virtual void emitDepthwiseInt8Conv2D(kernel::DepthwiseInt8Conv2DOp op,
                                       llvm::StringRef fn);
  virtual void emitPackConvInput(kernel::PackConvInputOp op,
                                 llvm::StringRef fn);
  virtual void emitPackedInt8Conv2D(kernel::PackedInt8Conv2DOp op,
                                    llvm::StringRef fn);
  virtual void emitDepthwiseConv2D(kernel::DepthwiseConv2DOp op,
                                   llvm::StringRef fn);
  /// One group of a kernel.depthwise_conv2d's output vectors, each reading
  /// the plane `p` from one of `reads` and stored at the matching one of
  /// `stores` (its first OW values only, with `storesPart`).
  void emitDepthwiseGroup(llvm::ArrayRef<std::string> reads,
                          llvm::ArrayRef<std::string> stores, bool storesPart);
  virtual void emitPool(kernel::PoolOp op, llvm::StringRef fn);
  /// The rest of a 2-D pool's body, one output row at a time.
  void emitPoolRows(kernel::PoolOp op);
  virtual void emitReduce(kernel::ReduceOp op, llvm::StringRef fn);
  virtual void emitResample(kernel::ResampleOp op, llvm::StringRef fn);
  virtual void emitGridSample(kernel::GridSampleOp op, llvm::StringRef fn);
  virtual void emitBinary(kernel::BinaryOp op, llvm::StringRef fn);
  virtual void emitUnary(kernel::UnaryOp op, llvm::StringRef fn);
  virtual void emitSoftmax(kernel::SoftmaxOp op, llvm::StringRef fn);
  /// A softmax along any axis, one line along it at a time (axisLines).
  void emitSoftmaxAlongAxis(kernel::SoftmaxOp op, llvm::StringRef fn);
  /// A softmax over the last axis, row by row.
  void emitSoftmaxOverRows(kernel::SoftmaxOp op, llvm::StringRef fn);
  virtual void emitCopy(kernel::CopyOp op, llvm::StringRef fn);
  virtual void emitFill(kernel::FillOp op, llvm::StringRef fn);
  virtual void emitCast(kernel::CastOp op, llvm::StringRef fn);
  virtual void emitCumSum(kernel::CumSumOp op, llvm::StringRef fn);
  virtual void emitSelect(kernel::SelectOp op, llvm::StringRef fn);
  virtual void emitArgReduce(kernel::ArgReduceOp op, llvm::StringRef fn);
  virtual void emitTopKIndices(kernel::TopKIndicesOp op, llvm::StringRef fn);
  virtual void emitNonMaxSuppression(kernel::NonMaxSuppressionOp op,
                                     llvm::StringRef fn);
  virtual void emitGather(kernel::GatherOp op, llvm::StringRef fn);
  virtual void emitGatherElements(kernel::GatherElementsOp op,
                                  llvm::StringRef fn);
  virtual void emitGatherND(kernel::GatherNDOp op, llvm::StringRef fn);
  virtual void emitScatterElements(kernel::ScatterElementsOp op,
                                   llvm::StringRef fn);
  virtual void emitScatterND(kernel::ScatterNDOp op, llvm::StringRef fn);
  virtual void emitQuantizeLinear(kernel::QuantizeLinearOp op,
                                  llvm::StringRef fn);
  virtual void emitDequantizeLinear(kernel::DequantizeLinearOp op,
                                    llvm::StringRef fn);
  virtual void emitRequantize(kernel::RequantizeOp op, llvm::StringRef fn);
  virtual void emitLookup(kernel::LookupOp op, llvm::StringRef fn);
  void emitQuantizedBinary(kernel::QuantizedBinaryOp op, llvm::StringRef fn);

  /// `static void fn(const T0 *restrict in0, ..., T *restrict out) {` with
  /// the operands' C element types.
  virtual void emitSignature(mlir::Operation *op, llvm::StringRef fn);
  /// For a kernel split into tasks: the struct `fn`_args of its operand
  /// pointers, and the opening of `static void fn_task(void *args, int32_t
  /// task)`, which names them as emitSignature does.
  virtual void emitTaskSignature(mlir::Operation *op, llvm::StringRef fn);
  /// After the task function's body: `fn` itself, which packs its operands
  /// and hands `tasks` tasks to the run's edgecc_parallel.
  virtual void emitTaskLauncher(mlir::Operation *op, llvm::StringRef fn,
                                int64_t tasks);
  /// A gemm's `enum { M, N, K }`, and at `indent` the element offsets
  /// a_off and b_off of batch `batchIndex` in its (broadcast) operands;
  /// returns M and N.
  std::pair<int64_t, int64_t> emitGemmShape(kernel::GemmOp op,
                                            llvm::StringRef batchIndex,
                                            llvm::StringRef indent);
  /// A conv's inner step for weight tap (oc, icg, kh, kw) and input element
  /// `x`: declares the per-channel weight zero points (WZP) if any, and
  /// returns the weight's expression and the statement adding `wv` times the
  /// input into `acc` (zero points subtracted, integer sums wrapping).
  std::pair<std::string, std::string>
  convStep(kernel::Conv2DOp op, llvm::StringRef x, llvm::StringRef acc);
  /// Applies a fused activation to `count` floats at `data` in place.
  void emitActivation(mlir::Operation *op, llvm::StringRef data,
                      llvm::StringRef count);
  /// Loops over a quantized tensor's elements: `body` writes the loop body
  /// for element `i`, whose scale and zero point are at index `s`.
  virtual void
  emitScaleLoops(const ScaleLayout &layout,
                 llvm::function_ref<void(llvm::StringRef indent)> body);
  /// Closes `count` blocks opened at `indent` minus 2, 4, ... spaces,
  /// innermost first, and shortens `indent` to match.
  void closeBlocks(std::string &indent, size_t count);
  /// Opens a block run once per independent item of a kernel, whose int
  /// coordinates `names` range over the C expressions `sizes` (the last
  /// fastest); "  }\n" closes it. Here nested loops; on a device, the
  /// work-item's own coordinates.
  virtual std::string itemLoops(llvm::ArrayRef<std::string> sizes,
                                llvm::ArrayRef<std::string> names);
  /// Declares OUTER, AXIS and INNER of `shape` around `axis` and opens a
  /// block run once per line along the axis (itemLoops), (o, i) for o <
  /// OUTER and i < INNER, whose elements are (o * AXIS + a) * INNER + i;
  /// "  }\n" closes it.
  std::string axisLines(llvm::ArrayRef<int64_t> shape, int64_t axis);
  /// `sizes` without the dims of size 1, and each dim merged into the one
  /// before it where every access in `strides` steps through both
  /// contiguously; `strides` are merged alike.
  static llvm::SmallVector<int64_t>
  mergeDims(llvm::ArrayRef<int64_t> sizes,
            llvm::SmallVectorImpl<llvm::SmallVector<int64_t>> &strides);
  /// Loops over `sizes`; `body` gets the element offset of each strided
  /// access (dims that are contiguous for every access are merged). With
  /// `shareOuterLoop`, inside a task function, the outermost loop runs over
  /// the task's share of its range.
  virtual void
  emitStridedLoops(llvm::ArrayRef<int64_t> sizes,
                   llvm::ArrayRef<llvm::SmallVector<int64_t>> strides,
                   llvm::function_ref<void(llvm::ArrayRef<std::string>)> body,
                   bool shareOuterLoop = false);
  /// The task kernel of an op with two operands broadcast (numpy rules) to
  /// its output, split by its outermost loop: `statement` writes the
  /// statement for one element, given the C expressions of the lhs, rhs
  /// and output elements.
  void emitBroadcastBinaryTask(
      mlir::Operation *op, llvm::StringRef fn, mlir::Value lhs, mlir::Value rhs,
      llvm::function_ref<void(llvm::StringRef, llvm::StringRef,
                              llvm::StringRef)>
          statement);

  /// How a kernel declares a constant table inside its body.
  virtual llvm::StringRef constantQualifier() const { return "static const"; }
  /// The address space of a pointer into a kernel's buffers, with a
  /// trailing space where there is one.
  virtual llvm::StringRef bufferSpace() const { return ""; }
  /// Whether the generated code may compute in double precision (the
  /// requantization's exact double form).
  virtual bool hasDoublePrecision() const { return true; }
  /// A resample's lookup tables (constantQualifier), and the C terms that read
  /// them for output coordinates o0, o1, ... and taps t0, t1, ....
  struct ResampleTerms {
    llvm::SmallVector<std::string> reads;   ///< input coordinate per axis
    llvm::SmallVector<std::string> outputs; ///< o0, o1, ...
    /// Per axis, its tap's weight (empty: every weight is 1).
    llvm::SmallVector<std::string> weights;
    llvm::SmallVector<std::string> outside; ///< conditions for extrapolation
    llvm::SmallVector<int64_t> inStrides, outStrides;
  };
  ResampleTerms emitResampleTables(kernel::ResampleOp op);
  /// The block at `indent` that computes output (o0, o1, ...) of a
  /// resample.
  void emitResamplePoint(kernel::ResampleOp op, const ResampleTerms &terms,
                         llvm::StringRef indent);
  /// The loops of a float resample that interpolates only its last two
  /// axes, everywhere inside the input, one axis after the other: each
  /// output row's input rows are blended into a row of the input's width
  /// (vector loops), then that row's columns into the output row. False,
  /// emitting nothing, for other resamples.
  bool emitSeparableResample(kernel::ResampleOp op, const ResampleTerms &terms);

  /// The name of the micro-kernel for `rows` x `columns` register tiles,
  /// emitted before its first use.
  std::string microKernel(int64_t rows, int64_t columns);
  /// The same for 8-bit convs: `rows` (output channels) x `columns`
  /// (pixels) int32 sums of 4-byte dot products (vectorISA.byteDot, or
  /// plain C without one), vectors along the pixels or, with
  /// `channelLanes`, along the channels for pixels at addresses of their
  /// own (kernel.packed_int8_conv2d's channel_lanes), over weights packed
  /// as bytes or, with `weightPairs`, as int16 pairs (that op's two
  /// layouts; the pairs only for a vectorISA.byteDot with a pairDot).
  std::string int8MicroKernel(int64_t rows, int64_t columns, bool channelLanes,
                              bool weightPairs);
  /// The requantizing store of kernel.packed_int8_conv2d's channel-lanes
  /// tiles (`requantize` as emitRequantization returns it).
  void emitChannelLanesStore(const std::string &requantize,
                             llvm::StringRef outType, bool channelsLast);
  /// Declares the constants that requantize int32 sums to `zeroPoint` in
  /// [lo, hi] with per-channel (or one) `multipliers` and `shifts`, and
  /// returns the C call (formatv: {0} the sum) for the channel `channel`
  /// names: edgecc_requantize_scaled where every shift allows its exact
  /// double-precision form, else edgecc_requantize.
  std::string emitRequantization(llvm::ArrayRef<int32_t> multipliers,
                                 llvm::ArrayRef<int32_t> shifts,
                                 int64_t zeroPoint, int64_t lo, int64_t hi,
                                 llvm::StringRef channel);
  /// The same for int64 accumulators: edgecc_requantize_wide, with its
  /// accumulator limits.
  std::string emitWideRequantization(llvm::ArrayRef<int32_t> multipliers,
                                     llvm::ArrayRef<int32_t> shifts,
                                     int64_t zeroPoint, int64_t lo, int64_t hi,
                                     llvm::StringRef channel);
  /// The `multiplier` and `shift` tables of a fixed-point requantization.
  void emitFixedPointTables(llvm::ArrayRef<int32_t> multipliers,
                            llvm::ArrayRef<int32_t> shifts);
  /// The activation of a packed op that the micro-kernel's clamp does not
  /// cover (silu), applied to the MR x NR tile at `tile`; only where the C
  /// expression `condition` holds, if one is given.
  void emitTileActivation(mlir::Operation *op, llvm::StringRef tile,
                          llvm::StringRef rowStride,
                          llvm::StringRef condition = "");
  /// The activation of a packed op as micro-kernel arguments:
  /// "clamp, lo, hi", the clamp applied where the C expression `applies`
  /// holds.
  std::string clampArguments(mlir::Operation *op,
                             llvm::StringRef applies = "1");

  llvm::raw_ostream *os = nullptr;
  const VectorISA &vectorISA;

  const EmitOptions *options = nullptr;
  const EmittedModel *current = nullptr; // the model emit() is building
  llvm::DenseMap<mlir::Operation *, std::string> kernelNames;
  unsigned numInputs = 0;

private:
  void emitRunFunction(mlir::func::FuncOp function);
  void emitInfo(const EmittedModel &model);
  /// The C pointer expression of a kernel operand.
  std::string bufferExpr(mlir::Value buffer);
  std::string rootExpr(mlir::Value root);
  void placeWeights(mlir::func::FuncOp function, EmittedModel &model);

  llvm::StringSet<> microKernels; // emitted so far
  /// Kernels whose C function takes the run's edgecc_parallel.
  llvm::SmallPtrSet<mlir::Operation *, 32> parallelKernels;
};

} // namespace edgecc

#endif
