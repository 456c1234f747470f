//===- OpenCLEmitter.h - kernel dialect to OpenCL C + host C ----*- C++ -*-===//
//
// A model for an OpenCL device: every compute op becomes one OpenCL C 1.2
// kernel with a work-item per independent item (kernel::parallelItems),
// launched with the work-group size edgecc-choose-work-groups recorded. The
// kernels' source is embedded as a string in host C, which runs them
// through the runtime's OpenCL glue (edgecc_opencl.h): the program is
// built once at init, every tensor lives in one device arena, and a run
// enqueues the kernels in order and reads the outputs back at the end.
//
// Kernels are written with the C emitter's expressions; the ops whose C
// body is already one independent statement per element (binary, select,
// copy, gather, grid_sample and the ops along one axis: arg_reduce, cumsum,
// softmax, top_k_indices) are the C emitter's, with the loop nest replaced by
// the work-item's index. Scatters and non_max_suppression, whose updates
// depend on the ones before, are the C emitter's whole loops on one
// work-item.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_EMIT_OPENCLEMITTER_H
#define EDGECC_EMIT_OPENCLEMITTER_H

#include "edgecc/Emit/CEmitter.h"

namespace edgecc {

class OpenCLEmitter : public CEmitter {
public:
  using CEmitter::CEmitter;

protected:
  mlir::LogicalResult emitModel(mlir::func::FuncOp function,
                                EmittedModel &model) override;
  std::string emitHeader(const EmittedModel &model) override;
  bool supportsKernel(mlir::Operation *op) override;
  llvm::StringRef backendName() const override { return "OpenCL"; }

  /// `__kernel void fn(__global uchar *arena, __global const uchar
  /// *weights)`, the operand pointers into them, and `gid`, this
  /// work-item's item (the rest return).
  void emitSignature(mlir::Operation *op, llvm::StringRef fn) override;
  void emitTaskSignature(mlir::Operation *op, llvm::StringRef fn) override;
  void emitTaskLauncher(mlir::Operation *op, llvm::StringRef fn,
                        int64_t tasks) override;
  llvm::StringRef constantQualifier() const override { return "__constant"; }
  llvm::StringRef bufferSpace() const override { return "__global "; }
  /// Many OpenCL devices (Mali, Adreno) have no double precision.
  bool hasDoublePrecision() const override { return false; }
  /// Element `gid` of the quantized tensor, instead of a loop over them.
  void emitScaleLoops(
      const ScaleLayout &layout,
      llvm::function_ref<void(llvm::StringRef indent)> body) override;
  /// The item of work-item `gid`, instead of loops over the items.
  std::string itemLoops(llvm::ArrayRef<std::string> sizes,
                        llvm::ArrayRef<std::string> names) override;
  /// The element `gid` of the index space, instead of a loop over it.
  void
  emitStridedLoops(llvm::ArrayRef<int64_t> sizes,
                   llvm::ArrayRef<llvm::SmallVector<int64_t>> strides,
                   llvm::function_ref<void(llvm::ArrayRef<std::string>)> body,
                   bool shareOuterLoop) override;

  void emitConv2D(kernel::Conv2DOp op, llvm::StringRef fn) override;
  void emitConvTranspose(kernel::ConvTransposeOp op,
                         llvm::StringRef fn) override;
  void emitGemm(kernel::GemmOp op, llvm::StringRef fn) override;
  void emitPool(kernel::PoolOp op, llvm::StringRef fn) override;
  void emitReduce(kernel::ReduceOp op, llvm::StringRef fn) override;
  void emitSoftmax(kernel::SoftmaxOp op, llvm::StringRef fn) override;
  void emitUnary(kernel::UnaryOp op, llvm::StringRef fn) override;
  void emitResample(kernel::ResampleOp op, llvm::StringRef fn) override;
  void emitCast(kernel::CastOp op, llvm::StringRef fn) override;
  void emitGatherND(kernel::GatherNDOp op, llvm::StringRef fn) override;
  void emitLookup(kernel::LookupOp op, llvm::StringRef fn) override;
  void emitFill(kernel::FillOp op, llvm::StringRef fn) override;

private:
  /// Declares `names`[d] = the coordinates of `gid` in `sizes` (row-major).
  void emitCoordinates(llvm::ArrayRef<int64_t> sizes,
                       llvm::ArrayRef<std::string> names);
  /// The body of a float conv whose work-items each compute a tile of
  /// `channels` output channels by `columns` output columns
  /// (kernel::kWorkItemTileAttr).
  void emitConv2DTile(kernel::Conv2DOp op, int64_t channels, int64_t columns);
  /// The same for a 1x1 conv that is a matrix product (kernel::
  /// isPointwiseMatmul), as a gemm tile: `channels` rows of the weight by
  /// `pixels` columns of the flattened input planes.
  void emitPointwiseConvTile(kernel::Conv2DOp op, int64_t channels,
                             int64_t pixels);
  /// Stores output `at` of a conv tile: `sum`, plus the residual, through
  /// the activation.
  void emitTileOutput(kernel::Conv2DOp op, llvm::StringRef sum);
  /// The body of a float gemm whose work-items each compute a tile of
  /// `rows` by `columns` outputs of one output matrix
  /// (kernel::kWorkItemTileAttr).
  void emitGemmTile(kernel::GemmOp op, int64_t rows, int64_t columns);
  /// Finishes a gemm's output (i, j) from its sum in `acc` (alpha, beta
  /// times C, the fused activation) and stores it at `target`.
  void emitGemmEpilogue(kernel::GemmOp op, llvm::StringRef acc,
                        llvm::StringRef target, llvm::StringRef indent);
  /// Byte offset of a buffer in the device arena or the weights.
  int64_t deviceOffset(mlir::Value buffer) const;
  void emitHostCode(mlir::func::FuncOp function, const EmittedModel &model,
                    llvm::StringRef kernelSource);

  /// Where each function argument (inputs, then outputs) lives in the
  /// device arena, after the planned intermediates.
  llvm::SmallVector<int64_t> argumentOffsets;
  int64_t deviceArenaSize = 0;
};

} // namespace edgecc

#endif
