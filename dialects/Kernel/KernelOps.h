//===- KernelOps.h - edgecc kernel dialect ----------------------*- C++ -*-===//

#ifndef EDGECC_DIALECT_KERNEL_KERNELOPS_H
#define EDGECC_DIALECT_KERNEL_KERNELOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#include "Kernel/KernelOpsDialect.h.inc"

#define GET_OP_CLASSES
#include "Kernel/KernelOps.h.inc"

namespace edgecc::kernel {

/// A kernel buffer's shape and element type.
inline llvm::ArrayRef<int64_t> shapeOf(mlir::Value buffer) {
  return mlir::cast<mlir::MemRefType>(buffer.getType()).getShape();
}
inline mlir::Type elementOf(mlir::Value buffer) {
  return mlir::cast<mlir::MemRefType>(buffer.getType()).getElementType();
}

/// True when a conv of these strides and pads reads its input rows in place
/// as the patch rows of its matrix product: stride 1, unpadded, so a run
/// of consecutive pixel positions reads a run of each input plane for each
/// kernel tap (kernel.packed_conv2d may then go without a workspace).
bool readsInputInPlace(llvm::ArrayRef<int64_t> strides,
                       llvm::ArrayRef<int64_t> pads);

/// Fills `padded` with `value`, then copies `input` into its interior,
/// `begins` elements in from the start of each dimension (a constant Pad).
void buildPad(mlir::OpBuilder &builder, mlir::Location loc, mlir::Value input,
              mlir::Value padded, mlir::TypedAttr value,
              llvm::ArrayRef<int64_t> begins);

/// The pixel positions a packed conv of `input` and `output` shapes (NCHW)
/// tiles: the output's OH * OW, or for a conv that reads its input in
/// place, positions oh * W + ow in the input's flattened rows up to the
/// last output, (OH - 1) * W + OW; those with ow >= OW are computed and
/// discarded (none when W == OW, as for a 1x1 conv).
int64_t tiledPixels(llvm::ArrayRef<int64_t> input,
                    llvm::ArrayRef<int64_t> output, bool readsInPlace);

/// Pixel positions oh * rowLength + ow of an NCHW `output` laid along rows
/// of `rowLength`, up to its last pixel: (OH - 1) * rowLength + OW.
int64_t positionsAlongRows(int64_t rowLength, llvm::ArrayRef<int64_t> output);

/// The [SH * SW * PHQ, PWQ] plane the depthwise convs (kernel.depthwise_conv2d
/// and kernel.depthwise_int8_conv2d) copy each channel into: the rows and
/// columns that the first `columnsComputed` columns of every `output` row
/// read through `kernelSize`, `strides` and `dilations`, split into stride
/// phases.
std::pair<int64_t, int64_t>
depthwisePlaneShape(llvm::ArrayRef<int64_t> output,
                    llvm::ArrayRef<int64_t> kernelSize,
                    llvm::ArrayRef<int64_t> strides,
                    llvm::ArrayRef<int64_t> dilations, int64_t columnsComputed);

/// The shape kernel.pack_conv_input lays an NCHW 8-bit `input` out in for
/// a conv of `strides` and `pads` (top, left, bottom, right): [N, ceil(C /
/// 4), SH, SW, ceil(PH / SH), ceil(PW / SW), 4], PH x PW the padded image.
llvm::SmallVector<int64_t> packedConvInputShape(llvm::ArrayRef<int64_t> input,
                                                llvm::ArrayRef<int64_t> strides,
                                                llvm::ArrayRef<int64_t> pads);

/// The parts a dimension of `extent` in tiles of `size` splits into among
/// tasks: its tiles, less one when the last tile is moved back over its
/// predecessor, since those two must go to one task (they write the same
/// elements, and a tile's in-place activation must not run twice on them).
int64_t independentTiles(int64_t extent, int64_t size);

/// The independent parts (as independentTiles) of the pixel tiles of a
/// kernel.packed_conv2d with `output` shape that tiles `positions`
/// (tiledPixels) `pixelsPerTile` at a time: with `rowTiles`, its output
/// rows, since a row's last tile may overlap the one before it.
int64_t independentPixelTiles(llvm::ArrayRef<int64_t> output, int64_t positions,
                              int64_t pixelsPerTile, bool rowTiles);

/// The tasks a kernel of `work` multiply-adds (or comparable steps), which
/// splits into at most `shares` parts, is divided into for `threads`: none
/// under 65536 steps (about a microsecond, what handing work to another
/// core costs).
int64_t chooseTasks(int64_t threads, int64_t shares, int64_t work);

/// How a kernel whose work is `first` x `second` independent tiles splits
/// it among `tasks`: true to give each task an even share of the `first`,
/// false for shares of the `second`; the one whose shares come out more
/// even wins, `first` on a tie.
bool splitsFirst(int64_t first, int64_t second, int64_t tasks);

/// The inputs of a kernel op whose buffer its output may be: those of the
/// output's type, of elementwise ops that read element i before writing
/// it (a lookup's bytes, not its table). Memory planning may alias them;
/// backends must not declare them or the output `restrict`.
llvm::SmallVector<mlir::Value> overwritableInputs(mlir::Operation *op);

/// The buffer `buffer` is a view of (through any chain of kernel.view), or
/// `buffer` itself: an alloc, a weight or a function argument.
mlir::Value getRootBuffer(mlir::Value buffer);

/// Where `buffer` starts in its root buffer, in elements.
int64_t getElementOffset(mlir::Value buffer);

/// Bytes a buffer of `type` occupies.
int64_t getByteSize(mlir::MemRefType type);

/// True for ops that define buffers (kernel.alloc, kernel.weight,
/// kernel.view) rather than do work.
bool isBufferDefinition(mlir::Operation *op);

/// How many float parameters (alpha, beta) the kernel.unary function `kind`
/// takes, or nullopt for an unknown kind.
std::optional<unsigned> unaryParameterCount(llvm::StringRef kind);

/// True for the kernel.binary kinds that compare (their output is i1).
bool isComparison(llvm::StringRef binaryKind);

/// Whether kernel.depthwise_conv2d's vectors run over the positions oh *
/// PWQ + ow of its phase planes' rows (`phaseColumns` = PWQ) rather than
/// along each output row: for `output` rows narrower than `vectorWidth`,
/// when those positions fill at least one vector, at most 1024 floats (a
/// buffer on the stack), and fewer vectors than there are rows (one vector
/// each).
bool depthwiseRunsOverPositions(llvm::ArrayRef<int64_t> output,
                                int64_t phaseColumns, int64_t vectorWidth);

/// The [SH * SW * PHQ, PWQ] plane kernel.depthwise_conv2d copies each
/// channel into: what its `vectorWidth`-column vectors read, over the
/// positions of its rows where depthwiseRunsOverPositions holds, along
/// each row otherwise (a row narrower than a vector computed whole).
std::pair<int64_t, int64_t> depthwiseFloatPlaneShape(
    llvm::ArrayRef<int64_t> output, llvm::ArrayRef<int64_t> kernelSize,
    llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> dilations,
    int64_t vectorWidth);

/// The independent units of work of a compute op, each of which a device
/// backend gives to one work-item: one per output element, but per line
/// along the axis for kernel.softmax, kernel.cumsum and
/// kernel.top_k_indices (a line is computed together), per sample point for
/// kernel.grid_sample, one for the scatters and kernel.non_max_suppression
/// (each update depends on the ones before), and per kWorkItemTileAttr tile
/// for a kernel.conv2d or kernel.gemm that has one (workItemTiles).
int64_t parallelItems(mlir::Operation *op);

/// True for a kernel.conv2d that is one matrix product per image: a 1x1
/// kernel at stride 1, unpadded, in one group, so Y[n] = W [OC, C] times
/// X[n] [C, H * W] over the flattened planes.
bool isPointwiseMatmul(mlir::Operation *op);

/// The discardable attribute of a float kernel.conv2d or kernel.gemm on a
/// device: each work-item computes a tile of outputs, so that each value it
/// loads serves several of them (edgecc-choose-work-groups). On a conv,
/// `array<i64: channels, columns>`: `channels` output channels (dividing
/// the output channels of a group) by `columns` consecutive output columns
/// of one output row, or, on a conv that isPointwiseMatmul, consecutive
/// pixels of the flattened output plane (a gemm tile; the last may run past
/// the plane's end). On a gemm, `array<i64: rows, columns>` of one output
/// matrix (the last tiles may run past its edges).
constexpr llvm::StringLiteral kWorkItemTileAttr = "kernel.work_item_tile";

/// The tiles of `first` x `second` outputs (as in kWorkItemTileAttr) that
/// cover the output of `op`, a kernel.conv2d or kernel.gemm.
int64_t workItemTiles(mlir::Operation *op, int64_t first, int64_t second);

/// The discardable attribute a device backend launches a compute op by:
/// `array<i64: items, group>`, parallelItems(op) work-items in work-groups
/// of `group` (edgecc-choose-work-groups).
constexpr llvm::StringLiteral kWorkGroupAttr = "kernel.work_group";

/// Compute ops pass destinations: the last operand is the buffer written,
/// the others are read.
inline mlir::Value getDestination(mlir::Operation *op) {
  return op->getOperands().back();
}
inline mlir::OperandRange getSources(mlir::Operation *op) {
  return op->getOperands().drop_back();
}

} // namespace edgecc::kernel

#endif
