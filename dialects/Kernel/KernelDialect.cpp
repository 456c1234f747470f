//===- KernelDialect.cpp - kernel dialect and op verifiers ----------------===//

#include "Kernel/KernelOps.h"

#include "edgecc/Support/Activation.h"
#include "edgecc/Support/DataTypes.h"
#include "edgecc/Support/Elements.h"
#include "edgecc/Support/IndexedAccess.h"
#include "edgecc/Support/Quantization.h"
#include "edgecc/Support/Resampling.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace edgecc::kernel;

#include "Kernel/KernelOpsDialect.cpp.inc"

void KernelDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "Kernel/KernelOps.cpp.inc"
      >();
}

/// A kWorkItemTileAttr is two positive sizes on a float kernel.conv2d,
/// whose channel count divides the output channels of a group, or on a
/// float kernel.gemm.
static LogicalResult verifyWorkItemTile(Operation *op, Attribute value) {
  auto tile = dyn_cast<DenseI64ArrayAttr>(value);
  if (!isa<Conv2DOp, GemmOp>(op) ||
      !isa<FloatType>(elementOf(getDestination(op))))
    return op->emitError() << "'" << kWorkItemTileAttr
                           << "' belongs on float kernel.conv2d and "
                              "kernel.gemm ops";
  if (!tile || tile.size() != 2 || tile[0] < 1 || tile[1] < 1)
    return op->emitError() << "'" << kWorkItemTileAttr
                           << "' must be array<i64: a, b> of two positive "
                              "sizes";
  auto conv = dyn_cast<Conv2DOp>(op);
  if (!conv)
    return success();
  int64_t channelsPerGroup = shapeOf(conv.getOutput())[1] / conv.getGroup();
  if (channelsPerGroup % tile[0] != 0)
    return op->emitError() << "'" << kWorkItemTileAttr << "' takes " << tile[0]
                           << " channels, which do not divide the "
                           << channelsPerGroup << " output channels of a group";
  return success();
}

LogicalResult KernelDialect::verifyOperationAttribute(Operation *op,
                                                      NamedAttribute named) {
  if (named.getName() == kWorkItemTileAttr)
    return verifyWorkItemTile(op, named.getValue());
  if (named.getName() != kWorkGroupAttr)
    return success(); // the memory plan's attributes on the function
  auto launch = dyn_cast<DenseI64ArrayAttr>(named.getValue());
  if (!launch || launch.size() != 2 || launch[1] < 1)
    return op->emitError() << "'" << kWorkGroupAttr
                           << "' must be array<i64: items, group> with a "
                              "group of at least 1";
  if (op->getDialect() != this || isBufferDefinition(op) ||
      op->getNumOperands() == 0)
    return op->emitError() << "'" << kWorkGroupAttr
                           << "' belongs on kernel compute ops";
  if (launch[0] != parallelItems(op))
    return op->emitError() << "'" << kWorkGroupAttr << "' launches "
                           << launch[0] << " work-items but the op has "
                           << parallelItems(op) << " independent items";
  return success();
}

int64_t edgecc::kernel::parallelItems(Operation *op) {
  // Lines along an axis, computed together.
  if (auto softmax = dyn_cast<SoftmaxOp>(op))
    return cast<MemRefType>(softmax.getInput().getType()).getNumElements() /
           shapeOf(softmax.getInput())[softmax.getAxis()];
  if (auto cumsum = dyn_cast<CumSumOp>(op))
    return cast<MemRefType>(cumsum.getInput().getType()).getNumElements() /
           shapeOf(cumsum.getInput())[cumsum.getAxis()];
  // Updates and selected boxes depend on the ones before: one item.
  if (isa<ScatterElementsOp, ScatterNDOp, NonMaxSuppressionOp>(op))
    return 1;
  if (auto tile = op->getAttrOfType<DenseI64ArrayAttr>(kWorkItemTileAttr))
    return workItemTiles(op, tile[0], tile[1]);
  // Sample points, each taken by every channel.
  if (auto gridSample = dyn_cast<GridSampleOp>(op))
    return cast<MemRefType>(gridSample.getOutput().getType()).getNumElements() /
           shapeOf(gridSample.getOutput())[1];
  if (auto topK = dyn_cast<TopKIndicesOp>(op))
    return cast<MemRefType>(topK.getInput().getType()).getNumElements() /
           shapeOf(topK.getInput())[topK.getAxis()];
  if (auto copy = dyn_cast<CopyOp>(op))
    return ShapedType::getNumElements(copy.getSizes());
  return cast<MemRefType>(getDestination(op).getType()).getNumElements();
}

bool edgecc::kernel::isPointwiseMatmul(Operation *op) {
  auto conv = dyn_cast<Conv2DOp>(op);
  return conv && conv.getGroup() == 1 &&
         shapeOf(conv.getWeight()).take_back(2) == ArrayRef<int64_t>{1, 1} &&
         readsInputInPlace(conv.getStrides(), conv.getPads());
}

int64_t edgecc::kernel::workItemTiles(Operation *op, int64_t first,
                                      int64_t second) {
  ArrayRef<int64_t> out = shapeOf(getDestination(op));
  if (isa<GemmOp>(op))
    return ShapedType::getNumElements(out.drop_back(2)) *
           llvm::divideCeilSigned(out[out.size() - 2], first) *
           llvm::divideCeilSigned(out.back(), second);
  if (isPointwiseMatmul(op))
    return out[0] * (out[1] / first) *
           llvm::divideCeilSigned(out[2] * out[3], second);
  return out[0] * (out[1] / first) * out[2] *
         llvm::divideCeilSigned(out[3], second);
}

SmallVector<Value> edgecc::kernel::overwritableInputs(Operation *op) {
  SmallVector<Value> candidates;
  if (isa<UnaryOp, BinaryOp>(op))
    candidates = llvm::to_vector(getSources(op));
  else if (auto lookup = dyn_cast<LookupOp>(op))
    candidates = {lookup.getInput()};
  if (candidates.empty())
    return candidates;
  Type outputType = getDestination(op).getType();
  return llvm::to_vector(llvm::make_filter_range(
      candidates, [&](Value input) { return input.getType() == outputType; }));
}

Value edgecc::kernel::getRootBuffer(Value buffer) {
  while (auto view = buffer.getDefiningOp<ViewOp>())
    buffer = view.getSource();
  return buffer;
}

int64_t edgecc::kernel::getElementOffset(Value buffer) {
  int64_t offset = 0;
  for (auto view = buffer.getDefiningOp<ViewOp>(); view;
       view = view.getSource().getDefiningOp<ViewOp>())
    offset += view.getOffset();
  return offset;
}

int64_t edgecc::kernel::getByteSize(MemRefType type) {
  return type.getNumElements() *
         edgecc::dataTypeOf(type.getElementType())->bytes;
}

bool edgecc::kernel::isBufferDefinition(Operation *op) {
  return isa<AllocOp, WeightOp, ViewOp>(op);
}

bool edgecc::kernel::readsInputInPlace(ArrayRef<int64_t> strides,
                                       ArrayRef<int64_t> pads) {
  return llvm::all_of(strides, [](int64_t stride) { return stride == 1; }) &&
         llvm::all_of(pads, [](int64_t pad) { return pad == 0; });
}

void edgecc::kernel::buildPad(OpBuilder &builder, Location loc, Value input,
                              Value padded, TypedAttr value,
                              ArrayRef<int64_t> begins) {
  builder.create<FillOp>(loc, padded, value);
  ArrayRef<int64_t> inShape = shapeOf(input);
  if (ShapedType::getNumElements(inShape) == 0)
    return;
  SmallVector<int64_t> outStrides = rowMajorStrides(shapeOf(padded));
  int64_t interior = 0;
  for (auto [begin, stride] : llvm::zip_equal(begins, outStrides))
    interior += begin * stride;
  builder.create<CopyOp>(loc, input, padded,
                         builder.getDenseI64ArrayAttr(inShape),
                         builder.getI64IntegerAttr(0),
                         builder.getDenseI64ArrayAttr(rowMajorStrides(inShape)),
                         builder.getI64IntegerAttr(interior),
                         builder.getDenseI64ArrayAttr(outStrides));
}

int64_t edgecc::kernel::tiledPixels(ArrayRef<int64_t> input,
                                    ArrayRef<int64_t> output,
                                    bool readsInPlace) {
  if (!readsInPlace)
    return output[2] * output[3];
  return positionsAlongRows(input[3], output);
}

int64_t edgecc::kernel::positionsAlongRows(int64_t rowLength,
                                           ArrayRef<int64_t> output) {
  return (output[2] - 1) * rowLength + output[3];
}

SmallVector<int64_t>
edgecc::kernel::packedConvInputShape(ArrayRef<int64_t> input,
                                     ArrayRef<int64_t> strides,
                                     ArrayRef<int64_t> pads) {
  int64_t rows = input[2] + pads[0] + pads[2];
  int64_t columns = input[3] + pads[1] + pads[3];
  auto ceil = [](int64_t value, int64_t divisor) {
    return static_cast<int64_t>(llvm::divideCeil(value, divisor));
  };
  return {input[0],   ceil(input[1], 4),      strides[0],
          strides[1], ceil(rows, strides[0]), ceil(columns, strides[1]),
          4};
}

int64_t edgecc::kernel::independentTiles(int64_t extent, int64_t size) {
  int64_t tiles = llvm::divideCeil(extent, size);
  return tiles > 1 && extent % size != 0 ? tiles - 1 : tiles;
}

int64_t edgecc::kernel::independentPixelTiles(ArrayRef<int64_t> output,
                                              int64_t positions,
                                              int64_t pixelsPerTile,
                                              bool rowTiles) {
  return rowTiles ? output[2] : independentTiles(positions, pixelsPerTile);
}

int64_t edgecc::kernel::chooseTasks(int64_t threads, int64_t shares,
                                    int64_t work) {
  constexpr int64_t kMinWorkPerTask = 1 << 16;
  return std::max<int64_t>(1,
                           std::min({threads, shares, work / kMinWorkPerTask}));
}

bool edgecc::kernel::splitsFirst(int64_t first, int64_t second, int64_t tasks) {
  // The share of the tasks' time that does useful work: the busiest task
  // gets ceil(tiles / tasks) tiles.
  auto balance = [&](int64_t tiles) {
    return static_cast<double>(tiles) /
           static_cast<double>(tasks * llvm::divideCeil(tiles, tasks));
  };
  return balance(first) >= balance(second);
}

static LogicalResult verifyKind(Operation *op, StringRef kind,
                                ArrayRef<StringRef> allowed) {
  if (llvm::is_contained(allowed, kind))
    return success();
  return op->emitOpError("unknown kind '") << kind << "'";
}

LogicalResult AllocOp::verify() {
  if (getOffset() && static_cast<int64_t>(*getOffset()) < 0)
    return emitOpError("offset must be non-negative");
  return success();
}

LogicalResult WeightOp::verify() {
  auto valueType = cast<ShapedType>(getValue().getType());
  if (valueType.getShape() != getType().getShape() ||
      valueType.getElementType() != getType().getElementType())
    return emitOpError("value of type ")
           << valueType << " does not fill " << getType();
  return success();
}

LogicalResult ViewOp::verify() {
  if (static_cast<int64_t>(getOffset()) < 0 ||
      static_cast<int64_t>(getOffset()) + getType().getNumElements() >
          getSource().getType().getNumElements())
    return emitOpError("view of ")
           << getType().getNumElements() << " elements at offset "
           << getOffset() << " does not fit in its source of "
           << getSource().getType().getNumElements();
  return success();
}

Value ViewOp::getViewSource() { return getSource(); }

/// Convolutions and matrix products compute in float32 or float64, or in
/// int32 or int64 with nothing fused that needs float math.
static LogicalResult verifyAccumulatorTypes(Operation *op) {
  Type element = elementOf(getDestination(op));
  for (Value source : getSources(op))
    if (elementOf(source) != element)
      return op->emitOpError("buffers must share one element type");
  if (element.isF32() || element.isF64())
    return success();
  if (!element.isSignlessInteger(32) && !element.isSignlessInteger(64))
    return op->emitOpError("computes in float32, float64, int32 or int64, "
                           "not ")
           << element;
  auto activation = op->getAttrOfType<StringAttr>("activation");
  auto isOne = [&](StringRef name) {
    auto value = op->getAttrOfType<FloatAttr>(name);
    return !value || value.getValueAsDouble() == 1.0;
  };
  if ((activation && activation.getValue() != "none") || !isOne("alpha") ||
      !isOne("beta"))
    return op->emitOpError("integer kernels take no activation, alpha or beta");
  return success();
}

/// Checks that a conv's residual, when it has one, is a float32 buffer of
/// its output's type that does not overlap the output.
static LogicalResult verifyResidual(Operation *op, Value residual,
                                    Value output) {
  if (!residual)
    return success();
  if (!elementOf(output).isF32() || residual.getType() != output.getType())
    return op->emitOpError("residual must be a float32 buffer of the "
                           "output's type ")
           << output.getType() << ", got " << residual.getType();
  int64_t size = cast<MemRefType>(output.getType()).getNumElements();
  int64_t residualStart = getElementOffset(residual),
          outputStart = getElementOffset(output);
  if (getRootBuffer(residual) == getRootBuffer(output) &&
      residualStart < outputStart + size && outputStart < residualStart + size)
    return op->emitOpError("residual must not overlap the output");
  return success();
}

LogicalResult Conv2DOp::verify() {
  ArrayRef<int64_t> input = shapeOf(getInput()), weight = shapeOf(getWeight()),
                    output = shapeOf(getOutput());
  if (input.size() != 4 || weight.size() != 4 || output.size() != 4)
    return emitOpError("expects 4-D input, weight and output");
  std::string error = edgecc::convTypesMismatch(
      elementOf(getInput()), elementOf(getWeight()),
      getBias() ? elementOf(getBias()) : Type(), elementOf(getOutput()),
      getInputZeroPoint(), getWeightZeroPoints(), weight[0]);
  if (!error.empty())
    return emitOpError(error);
  // 8- and 16-bit inputs accumulate in int32 or int64, which take no
  // activation.
  Type inputElement = elementOf(getInput());
  if (!inputElement.isInteger(8) && !inputElement.isInteger(16)) {
    if (failed(verifyAccumulatorTypes(*this)))
      return failure();
  } else if (getActivation() != "none") {
    return emitOpError("integer kernels take no activation, alpha or beta");
  }
  int64_t group = getGroup();
  if (group < 1 || input[1] != weight[1] * group || output[1] != weight[0] ||
      weight[0] % group != 0)
    return emitOpError("channel counts do not match: input ")
           << input[1] << ", weight " << weight[0] << "x" << weight[1]
           << ", group " << group << ", output " << output[1];
  if (getBias() && shapeOf(getBias()) != ArrayRef<int64_t>{weight[0]})
    return emitOpError("bias must have one value per output channel");
  if (getStrides().size() != 2 || getDilations().size() != 2 ||
      getPads().size() != 4)
    return emitOpError("expects 2 strides, 2 dilations and 4 pads");
  if (failed(verifyResidual(*this, getResidual(), getOutput())))
    return failure();
  return edgecc::verifyFusedActivation(*this);
}

/// Checks that every buffer of a vector-unit kernel is float32.
static LogicalResult verifyFloat32Only(Operation *op) {
  if (llvm::any_of(op->getOperands(),
                   [](Value v) { return !elementOf(v).isF32(); }))
    return op->emitOpError("computes in float32 only");
  return success();
}

/// Checks a packed op's `tile` ([MR, NR], both positive) and that it
/// computes in float32.
static LogicalResult verifyTile(Operation *op, ArrayRef<int64_t> tile) {
  if (tile.size() != 2 || llvm::any_of(tile, [](int64_t v) { return v < 1; }))
    return op->emitOpError("tile must be two positive sizes [MR, NR]");
  return verifyFloat32Only(op);
}

LogicalResult PackedConv2DOp::verify() {
  ArrayRef<int64_t> input = shapeOf(getInput()), weight = shapeOf(getWeight()),
                    output = shapeOf(getOutput()), tile = getTile();
  if (input.size() != 4 || output.size() != 4 || weight.size() != 3)
    return emitOpError("expects 4-D input and output and a 3-D packed weight");
  if (getKernelShape().size() != 2 || getStrides().size() != 2 ||
      getDilations().size() != 2 || getPads().size() != 4)
    return emitOpError("expects 2 kernel sizes, strides and dilations and 4 "
                       "pads");
  int64_t group = getGroup();
  if (group < 1 || input[1] % group != 0 || output[1] % group != 0)
    return emitOpError("group ")
           << group << " does not divide the " << input[1] << " input and "
           << output[1] << " output channels";
  int64_t outputsPerGroup = output[1] / group;
  int64_t k = input[1] / group * getKernelShape()[0] * getKernelShape()[1];
  if (failed(verifyTile(*this, tile)))
    return failure();
  bool readsInPlace = !getWorkspace();
  int64_t channels = getChannelsPerTile(), pixels = getPixelsPerTile();
  int64_t panels = group * llvm::divideCeil(outputsPerGroup, channels);
  if (channels > outputsPerGroup ||
      pixels > tiledPixels(input, output, readsInPlace))
    return emitOpError("tile ") << tile[0] << "x" << tile[1]
                                << " exceeds the output channels per group "
                                   "or the output pixels";
  if (getRowTiles() && !getPixelRows())
    return emitOpError("row tiles need pixel_rows");
  if (getRowTiles() && pixels > output[3])
    return emitOpError("row tiles of ")
           << pixels << " pixels exceed the output rows of " << output[3];
  if (weight != ArrayRef<int64_t>{panels, k, channels})
    return emitOpError("packed weight must be [")
           << panels << ", " << k << ", " << channels << "]";
  if (getBias() && shapeOf(getBias()) != ArrayRef<int64_t>{output[1]})
    return emitOpError("bias must have one value per output channel");
  if (readsInPlace && !readsInputInPlace(getStrides(), getPads()))
    return emitOpError("needs a workspace: only a stride 1, unpadded conv "
                       "reads its input in place");
  if (getWeightPanelsOuter() && getWorkspace())
    return emitOpError("weight panels can be the outer loop only when the "
                       "input is read in place");
  int64_t tasks = getTasks(), gathered = getGatheredTiles();
  if (tasks < 1 || gathered < 1)
    return emitOpError("tasks and gathered tiles must be positive");
  if (gathered > 1 && (!getWorkspace() || getRowTiles()))
    return emitOpError("only a conv that gathers, not in row tiles, gathers "
                       "several pixel tiles at once");
  if (getWorkspace() &&
      shapeOf(getWorkspace()) != ArrayRef<int64_t>{tasks, gathered * k, pixels})
    return emitOpError("workspace must be [tasks, gathered tiles * K, pixels "
                       "per tile] = [")
           << tasks << ", " << gathered * k << ", " << pixels << "]";
  if (failed(verifyResidual(*this, getResidual(), getOutput())))
    return failure();
  return edgecc::verifyFusedActivation(*this);
}

/// Checks the requantization an 8-bit kernel runs in its epilogue as
/// kernel.requantize checks its own: int32 sums shaped like the output,
/// channels along `axis`.
template <typename Int8Op>
static LogicalResult verifyEpilogueRequantization(Int8Op op, int64_t axis) {
  auto output = cast<ShapedType>(op.getOutput().getType());
  std::string error = edgecc::requantizeMismatch(
      MemRefType::get(output.getShape(), IntegerType::get(op.getContext(), 32)),
      output, op.getMultipliers(), op.getShifts(), axis, op.getZeroPoint(),
      op.getClampMin(), op.getClampMax());
  return error.empty() ? success() : op.emitOpError(error);
}

std::pair<int64_t, int64_t> edgecc::kernel::depthwisePlaneShape(
    ArrayRef<int64_t> output, ArrayRef<int64_t> kernelSize,
    ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
    int64_t columnsComputed) {
  int64_t computed[2] = {output[2], columnsComputed};
  auto phaseExtent = [&](int d) {
    int64_t read =
        (computed[d] - 1) * strides[d] + (kernelSize[d] - 1) * dilations[d] + 1;
    return static_cast<int64_t>(llvm::divideCeil(read, strides[d]));
  };
  return {strides[0] * strides[1] * phaseExtent(0), phaseExtent(1)};
}

LogicalResult DepthwiseInt8Conv2DOp::verify() {
  ArrayRef<int64_t> input = shapeOf(getInput()), weight = shapeOf(getWeight()),
                    output = shapeOf(getOutput());
  if (input.size() != 4 || output.size() != 4 || weight.size() != 4 ||
      weight[0] != input[1] || weight[1] != 1 || output[1] != input[1] ||
      output[0] != input[0])
    return emitOpError("expects [N, C, H, W] input and output and a [C, 1, "
                       "KH, KW] weight");
  if (!elementOf(getInput()).isInteger(8) ||
      !elementOf(getWeight()).isSignlessInteger(8))
    return emitOpError("multiplies an int8 or uint8 input by int8 weights");
  if (getStrides().size() != 2 || getDilations().size() != 2 ||
      getPads().size() != 4)
    return emitOpError("expects 2 strides, 2 dilations and 4 pads");
  if (failed(verifyEpilogueRequantization(*this, /*axis=*/1)))
    return failure();
  if (!elementOf(getBias()).isSignlessInteger(32) ||
      shapeOf(getBias()) != ArrayRef<int64_t>{output[1]})
    return emitOpError("bias must be int32, one per channel");
  auto [rows, columns] = depthwisePlaneShape(
      output, weight.drop_front(2), getStrides(), getDilations(), output[3]);
  if (getTasks() < 1)
    return emitOpError("tasks must be positive");
  if (!elementOf(getWorkspace()).isSignlessInteger(16) ||
      shapeOf(getWorkspace()) !=
          ArrayRef<int64_t>{static_cast<int64_t>(getTasks()), rows, columns})
    return emitOpError(
               "workspace must be int16 [tasks, SH * SW * PHQ, PWQ] = [")
           << getTasks() << ", " << rows << ", " << columns << "]";
  return success();
}

/// An [N, H, W, C] shape as [N, C, H, W] when `channelsLast`.
static SmallVector<int64_t> asNCHW(ArrayRef<int64_t> shape, bool channelsLast) {
  if (!channelsLast || shape.size() != 4)
    return SmallVector<int64_t>(shape);
  return {shape[0], shape[3], shape[1], shape[2]};
}

SmallVector<int64_t> PackConvInputOp::getInputShapeNCHW() {
  return asNCHW(shapeOf(getInput()), getChannelsLast());
}

SmallVector<int64_t> PackedInt8Conv2DOp::getOutputShapeNCHW() {
  return asNCHW(shapeOf(getOutput()), getChannelsLast());
}

int64_t PackedInt8Conv2DOp::getTiledPositions() {
  SmallVector<int64_t> output = getOutputShapeNCHW();
  return getChannelLanes() ? output[2] * output[3]
                           : positionsAlongRows(shapeOf(getInput())[5], output);
}

LogicalResult PackConvInputOp::verify() {
  SmallVector<int64_t> input = getInputShapeNCHW();
  ArrayRef<int64_t> strides = getStrides(), pads = getPads();
  if (input.size() != 4 || !elementOf(getInput()).isInteger(8))
    return emitOpError("packs a 4-D int8 or uint8 input");
  if (strides.size() != 2 || pads.size() != 4 ||
      llvm::any_of(strides, [](int64_t v) { return v < 1; }) ||
      llvm::any_of(pads, [](int64_t v) { return v < 0; }))
    return emitOpError("expects 2 positive strides and 4 non-negative pads");
  if (!elementOf(getOutput()).isUnsignedInteger(8) ||
      shapeOf(getOutput()) !=
          ArrayRef<int64_t>(packedConvInputShape(input, strides, pads)))
    return emitOpError("output must be uint8 [N, ceil(C / 4), SH, SW, "
                       "ceil(PH / SH), ceil(PW / SW), 4]");
  if (getPadValue() < 0 || getPadValue() > 255)
    return emitOpError("pad value ") << getPadValue() << " is not a byte";
  return success();
}

LogicalResult PackedInt8Conv2DOp::verify() {
  SmallVector<int64_t> output = getOutputShapeNCHW();
  ArrayRef<int64_t> input = shapeOf(getInput()), weight = shapeOf(getWeight()),
                    tile = getTile(), kernelShape = getKernelShape(),
                    strides = getStrides(), dilations = getDilations();
  if (input.size() != 7 || input[6] != 4 ||
      !elementOf(getInput()).isUnsignedInteger(8))
    return emitOpError("input must be packed by kernel.pack_conv_input");
  if (output.size() != 4 || output[0] != input[0])
    return emitOpError("expects a 4-D output of the input's batch");
  if (kernelShape.size() != 2 || strides.size() != 2 || dilations.size() != 2)
    return emitOpError("expects 2 kernel sizes, strides and dilations");
  if (input[2] != strides[0] || input[3] != strides[1])
    return emitOpError("input is packed in ")
           << input[2] << "x" << input[3] << " phases for strides "
           << strides[0] << "x" << strides[1];
  // The last output's last tap must fall inside the packed rows/columns.
  for (int d = 0; d < 2; ++d)
    if ((output[2 + d] - 1) * strides[d] +
            (kernelShape[d] - 1) * dilations[d] >=
        input[4 + d] * strides[d])
      return emitOpError("output ")
             << output[2] << "x" << output[3] << " reads past the packed input";
  if (failed(verifyEpilogueRequantization(*this, getChannelsLast() ? 3 : 1)))
    return failure();
  if (tile.size() != 2 || llvm::any_of(tile, [](int64_t v) { return v < 1; }))
    return emitOpError("tile must be two positive sizes [MR, NR]");
  int64_t channels = output[1];
  if (tile[0] > channels || tile[1] > getTiledPositions())
    return emitOpError("tile ")
           << tile[0] << "x" << tile[1]
           << " exceeds the output channels or pixel positions";
  int64_t panels = static_cast<int64_t>(llvm::divideCeil(channels, tile[0])),
          taps = kernelShape[0] * kernelShape[1];
  SmallVector<int64_t> bytes{panels, input[1], taps, tile[0], 4},
      pairs{panels, input[1], taps, 2, tile[0], 2};
  Type weightElement = elementOf(getWeight());
  if (!(weightElement.isSignlessInteger(8) && weight == ArrayRef(bytes)) &&
      !(weightElement.isSignlessInteger(16) && weight == ArrayRef(pairs)))
    return emitOpError("packed weight must be int8 [")
           << ArrayRef<int64_t>(bytes) << "] or int16 ["
           << ArrayRef<int64_t>(pairs) << "]";
  if (!elementOf(getBias()).isSignlessInteger(32) ||
      shapeOf(getBias()) != ArrayRef<int64_t>{channels})
    return emitOpError("bias must be int32, one per output channel");
  if (getTasks() < 1)
    return emitOpError("tasks must be positive");
  return success();
}

bool edgecc::kernel::depthwiseRunsOverPositions(ArrayRef<int64_t> output,
                                                int64_t phaseColumns,
                                                int64_t vectorWidth) {
  int64_t positions = positionsAlongRows(phaseColumns, output);
  return output[3] < vectorWidth && positions >= vectorWidth &&
         positions <= 1024 &&
         static_cast<int64_t>(llvm::divideCeil(positions, vectorWidth)) <
             output[2];
}

std::pair<int64_t, int64_t> edgecc::kernel::depthwiseFloatPlaneShape(
    ArrayRef<int64_t> output, ArrayRef<int64_t> kernelSize,
    ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
    int64_t vectorWidth) {
  // Over positions, a vector's lanes may run past a row's last output into
  // the next row: the plane needs no columns beyond those the outputs read.
  auto narrow =
      depthwisePlaneShape(output, kernelSize, strides, dilations, output[3]);
  if (output[3] >= vectorWidth ||
      depthwiseRunsOverPositions(output, narrow.second, vectorWidth))
    return narrow;
  return depthwisePlaneShape(output, kernelSize, strides, dilations,
                             vectorWidth);
}

LogicalResult DepthwiseConv2DOp::verify() {
  ArrayRef<int64_t> input = shapeOf(getInput()), weight = shapeOf(getWeight()),
                    output = shapeOf(getOutput());
  if (failed(verifyFloat32Only(*this)))
    return failure();
  if (input.size() != 4 || output.size() != 4 || weight.size() != 4 ||
      weight[0] != input[1] || weight[1] != 1 || output[1] != input[1] ||
      output[0] != input[0])
    return emitOpError("expects [N, C, H, W] input and output and a [C, 1, "
                       "KH, KW] weight");
  if (getStrides().size() != 2 || getDilations().size() != 2 ||
      getPads().size() != 4)
    return emitOpError("expects 2 strides, 2 dilations and 4 pads");
  if (getBias() && shapeOf(getBias()) != ArrayRef<int64_t>{input[1]})
    return emitOpError("bias must have one value per channel");
  int64_t tasks = getTasks();
  if (getVectorWidth() < 1 || tasks < 1)
    return emitOpError("vector_width and tasks must be positive");
  auto [rows, columns] =
      depthwiseFloatPlaneShape(output, weight.drop_front(2), getStrides(),
                               getDilations(), getVectorWidth());
  if (shapeOf(getWorkspace()) != ArrayRef<int64_t>{tasks, rows, columns})
    return emitOpError("workspace must be one plane per task, [tasks, SH * "
                       "SW * PHQ, PWQ] = [")
           << tasks << ", " << rows << ", " << columns << "]";
  return edgecc::verifyFusedActivation(*this);
}

LogicalResult PackedMatmulOp::verify() {
  ArrayRef<int64_t> a = shapeOf(getA()), b = shapeOf(getB()),
                    y = shapeOf(getOutput()), tile = getTile();
  if (a.size() < 2 || b.size() != 3 || y.size() != a.size())
    return emitOpError("expects A and Y of one rank >= 2 and a 3-D packed B");
  int64_t k = a.back(), n = y.back();
  if (a.drop_back() != y.drop_back())
    return emitOpError("A and Y must share their leading dimensions");
  if (failed(verifyTile(*this, tile)))
    return failure();
  int64_t rows = ShapedType::getNumElements(a.drop_back());
  if (tile[0] > rows || tile[1] > n)
    return emitOpError("tile ") << tile[0] << "x" << tile[1] << " exceeds the "
                                << rows << "x" << n << " output";
  int64_t panels = llvm::divideCeil(n, tile[1]);
  if (b != ArrayRef<int64_t>{panels, k, tile[1]})
    return emitOpError("packed B must be [")
           << panels << ", " << k << ", " << tile[1] << "]";
  if (getBias() && shapeOf(getBias()) != ArrayRef<int64_t>{n})
    return emitOpError("bias must have one value per column");
  int64_t tasks = getTasks();
  if (tasks < 1)
    return emitOpError("tasks must be positive");
  return edgecc::verifyFusedActivation(*this);
}

LogicalResult ConvTransposeOp::verify() {
  ArrayRef<int64_t> input = shapeOf(getInput()), weight = shapeOf(getWeight()),
                    output = shapeOf(getOutput());
  size_t spatial = getStrides().size();
  if (input.size() != spatial + 2 || weight.size() != input.size() ||
      output.size() != input.size() || getDilations().size() != spatial ||
      getPads().size() != 2 * spatial)
    return emitOpError("expects [N, C, spatial...] buffers with one stride "
                       "and dilation per spatial dim and two pads");
  int64_t group = getGroup();
  if (group < 1 || weight[0] != input[1] || input[1] % group != 0 ||
      output[1] != weight[1] * group || output[0] != input[0])
    return emitOpError("channel counts do not match");
  for (Value buffer : getOperation()->getOperands())
    if (!elementOf(buffer).isF32())
      return emitOpError("expects float32 buffers");
  return success();
}

LogicalResult GemmOp::verify() {
  if (failed(verifyAccumulatorTypes(*this)))
    return failure();
  ArrayRef<int64_t> a = shapeOf(getA()), b = shapeOf(getB()),
                    y = shapeOf(getOutput());
  if (a.size() < 2 || b.size() < 2 || y.size() < 2)
    return emitOpError("operands must have rank >= 2");
  int64_t m = getTransA() ? a.back() : a[a.size() - 2];
  int64_t k = getTransA() ? a[a.size() - 2] : a.back();
  int64_t kb = getTransB() ? b.back() : b[b.size() - 2];
  int64_t n = getTransB() ? b[b.size() - 2] : b.back();
  if (k != kb || y[y.size() - 2] != m || y.back() != n)
    return emitOpError("shapes do not form a matrix product");
  SmallVector<int64_t> batch;
  if (!OpTrait::util::getBroadcastedShape(a.drop_back(2), b.drop_back(2),
                                          batch) ||
      ArrayRef<int64_t>(batch) != y.drop_back(2))
    return emitOpError("batch dimensions do not broadcast to the output");
  if (getC()) {
    SmallVector<int64_t> cShape;
    if (!OpTrait::util::getBroadcastedShape({m, n}, shapeOf(getC()), cShape) ||
        cShape != SmallVector<int64_t>{m, n})
      return emitOpError("C does not broadcast to [") << m << ", " << n << "]";
  }
  return edgecc::verifyFusedActivation(*this);
}

LogicalResult PoolOp::verify() {
  ArrayRef<int64_t> input = shapeOf(getInput()), output = shapeOf(getOutput());
  size_t spatial = getKernelShape().size();
  if (input.size() < 3 || input.size() != spatial + 2 ||
      output.size() != input.size())
    return emitOpError("expects [N, C, spatial...] input and output with one "
                       "kernel dim per spatial dim");
  if (getStrides().size() != spatial || getDilations().size() != spatial ||
      getPads().size() != 2 * spatial)
    return emitOpError("needs one stride and dilation per spatial dim and two "
                       "pads");
  if (input.take_front(2) != output.take_front(2))
    return emitOpError("must keep the batch and channel dims");
  if (getInput().getType().getElementType() !=
      getOutput().getType().getElementType())
    return emitOpError("input and output element types differ");
  if (getKind() != "max" && !elementOf(getInput()).isF32())
    return emitOpError("'") << getKind() << "' pooling needs float32";
  return verifyKind(*this, getKind(), {"max", "avg", "lp"});
}

LogicalResult ResampleOp::verify() {
  ArrayRef<int64_t> input = shapeOf(getInput()), output = shapeOf(getOutput());
  if (getInput().getType().getElementType() !=
      getOutput().getType().getElementType())
    return emitOpError("input and output element types differ");
  if (!isGather() && !elementOf(getInput()).isF32())
    return emitOpError("interpolates float32 only");
  if (input.size() != output.size() || getTaps().size() != input.size())
    return emitOpError("needs one tap count per axis of input and output");
  int64_t tableSize = 0;
  for (auto [axis, taps] : llvm::enumerate(getTaps())) {
    if (taps < 1)
      return emitOpError("axis ") << axis << " has no taps";
    tableSize += output[axis] * taps;
  }
  if (static_cast<int64_t>(getIndices().size()) != tableSize ||
      static_cast<int64_t>(getWeights().size()) != tableSize)
    return emitOpError("indices and weights need ")
           << tableSize << " entries, one per output coordinate and tap";
  int64_t at = 0;
  for (auto [axis, taps] : llvm::enumerate(getTaps()))
    for (int64_t end = at + output[axis] * taps; at < end; ++at)
      if (getIndices()[at] < -1 || getIndices()[at] >= input[axis])
        return emitOpError("index ") << getIndices()[at] << " is outside axis "
                                     << axis << " of size " << input[axis];
  return success();
}

LogicalResult ReduceOp::verify() {
  ArrayRef<int64_t> input = shapeOf(getInput()), output = shapeOf(getOutput());
  if (input.size() != output.size())
    return emitOpError("output must keep the reduced axes as size 1");
  for (auto [axis, size] : llvm::enumerate(input)) {
    bool reduced = llvm::is_contained(getAxes(), int64_t(axis));
    if (output[axis] != (reduced ? 1 : size))
      return emitOpError("output dimension ")
             << axis << " should be " << (reduced ? 1 : size);
  }
  return verifyKind(*this, getKind(), {"mean", "sum", "max", "min", "prod"});
}

/// Checks that `operands` broadcast (numpy rules) to `output`'s shape.
static LogicalResult verifyBroadcast(Operation *op, ValueRange operands,
                                     Value output) {
  SmallVector<int64_t> shape;
  for (Value operand : operands) {
    SmallVector<int64_t> next;
    if (!OpTrait::util::getBroadcastedShape(shape, shapeOf(operand), next))
      return op->emitOpError("operands do not broadcast to the output shape");
    shape = std::move(next);
  }
  if (ArrayRef<int64_t>(shape) != shapeOf(output))
    return op->emitOpError("operands do not broadcast to the output shape");
  return success();
}

bool edgecc::kernel::isComparison(StringRef binaryKind) {
  return llvm::is_contained(
      {"equal", "less", "less_equal", "greater", "greater_equal"}, binaryKind);
}

/// Which element types each kind of kernel.binary computes on.
static bool binaryKindAccepts(StringRef kind, Type element) {
  bool isFloat = isa<FloatType>(element), isBool = element.isInteger(1);
  if (llvm::is_contained({"and", "or", "xor"}, kind))
    return !isFloat;
  if (kind == "shl" || kind == "shr")
    return element.isUnsignedInteger();
  if (kind == "prelu")
    return isFloat;
  return isComparison(kind) || !isBool;
}

LogicalResult BinaryOp::verify() {
  if (failed(verifyBroadcast(*this, {getLhs(), getRhs()}, getOutput())) ||
      failed(verifyKind(*this, getKind(),
                        {"add", "sub", "mul", "div", "pow", "max", "min", "mod",
                         "prelu", "and", "or", "xor", "shl", "shr", "equal",
                         "less", "less_equal", "greater", "greater_equal"})))
    return failure();
  Type element = elementOf(getLhs());
  if (elementOf(getRhs()) != element)
    return emitOpError("operands have different element types");
  if (!binaryKindAccepts(getKind(), element))
    return emitOpError("'") << getKind() << "' does not apply to " << element;
  Type expected =
      isComparison(getKind()) ? IntegerType::get(getContext(), 1) : element;
  if (elementOf(getOutput()) != expected)
    return emitOpError("output element type must be ") << expected;
  return success();
}

std::optional<unsigned> edgecc::kernel::unaryParameterCount(StringRef kind) {
  return llvm::StringSwitch<std::optional<unsigned>>(kind)
      .Cases("relu", "sigmoid", "tanh", "exp", "sqrt", "neg", "abs", "log", 0)
      .Cases("reciprocal", "floor", "ceil", "round", "sign", "sin", "cos",
             "tan", 0)
      .Cases("asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh",
             0)
      .Cases("erf", "softplus", "softsign", "mish", "hard_swish", "gelu",
             "gelu_tanh", 0)
      .Cases("elu", "celu", "leaky_relu", "thresholded_relu", 1)
      .Cases("clip", "selu", "hard_sigmoid", "shrink", 2)
      .Case("not", 0)
      .Default(std::nullopt);
}

/// Which element types each kind of kernel.unary computes on.
static bool unaryKindAccepts(StringRef kind, Type element) {
  if (kind == "not")
    return !isa<FloatType>(element);
  if (llvm::is_contained({"neg", "abs", "sign", "relu"}, kind))
    return isa<FloatType>(element) || element.isSignlessInteger();
  return isa<FloatType>(element);
}

LogicalResult UnaryOp::verify() {
  if (getInput().getType() != getOutput().getType())
    return emitOpError("input and output types differ");
  std::optional<unsigned> parameters = unaryParameterCount(getKind());
  if (!parameters)
    return emitOpError("unknown kind '") << getKind() << "'";
  if (!unaryKindAccepts(getKind(), elementOf(getInput())))
    return emitOpError("'")
           << getKind() << "' does not apply to " << elementOf(getInput());
  if (bool(getAlpha()) != (*parameters >= 1) ||
      bool(getBeta()) != (*parameters >= 2))
    return emitOpError("'") << getKind() << "' takes " << *parameters
                            << " parameters (alpha, beta)";
  return success();
}

LogicalResult SoftmaxOp::verify() {
  if (shapeOf(getInput()) != shapeOf(getOutput()))
    return emitOpError("input and output shapes differ");
  if (getAxis() >= shapeOf(getInput()).size())
    return emitOpError("axis out of range");
  return success();
}

LogicalResult CastOp::verify() {
  if (shapeOf(getInput()) != shapeOf(getOutput()))
    return emitOpError("input and output shapes differ");
  return success();
}

LogicalResult SelectOp::verify() {
  if (!elementOf(getCondition()).isInteger(1))
    return emitOpError("the condition must be i1");
  if (elementOf(getOnTrue()) != elementOf(getOutput()) ||
      elementOf(getOnFalse()) != elementOf(getOutput()))
    return emitOpError("both choices must have the output's element type");
  return verifyBroadcast(*this, {getCondition(), getOnTrue(), getOnFalse()},
                         getOutput());
}

LogicalResult ArgReduceOp::verify() {
  ArrayRef<int64_t> input = shapeOf(getInput()), output = shapeOf(getOutput());
  int64_t axis = getAxis();
  if (axis < 0 || axis >= static_cast<int64_t>(input.size()) ||
      output.size() != input.size())
    return emitOpError("axis out of range, or the output does not keep it");
  for (auto [dim, size] : llvm::enumerate(input))
    if (output[dim] != (static_cast<int64_t>(dim) == axis ? 1 : size))
      return emitOpError("output dimension ")
             << dim << " should be "
             << (static_cast<int64_t>(dim) == axis ? 1 : size);
  if (!elementOf(getOutput()).isInteger(64))
    return emitOpError("the output must be i64");
  return verifyKind(*this, getKind(), {"max", "min"});
}

/// Checks what the index-driven kernels share: i32 or i64 indices, the
/// data's element type on the output, and the output shape their ONNX rule
/// gives (`expected`, or the rule's `error`).
static LogicalResult
verifyIndexedAccess(Operation *op, Value data, Value indices, Value output,
                    const std::optional<SmallVector<int64_t>> &expected,
                    const std::string &error) {
  Type index = elementOf(indices);
  if (!index.isInteger(32) && !index.isInteger(64))
    return op->emitOpError("indices must be i32 or i64");
  if (elementOf(output) != elementOf(data))
    return op->emitOpError("output and data element types differ");
  if (!expected)
    return op->emitOpError(error);
  if (ArrayRef<int64_t>(*expected) != shapeOf(output))
    return op->emitOpError("output shape does not match data and indices");
  return success();
}

LogicalResult GatherOp::verify() {
  std::string error;
  auto expected = edgecc::gatherShape(shapeOf(getData()), shapeOf(getIndices()),
                                      static_cast<int64_t>(getAxis()), error);
  return verifyIndexedAccess(*this, getData(), getIndices(), getOutput(),
                             expected, error);
}

LogicalResult GatherElementsOp::verify() {
  std::string error;
  auto expected =
      edgecc::gatherElementsShape(shapeOf(getData()), shapeOf(getIndices()),
                                  static_cast<int64_t>(getAxis()), error);
  return verifyIndexedAccess(*this, getData(), getIndices(), getOutput(),
                             expected, error);
}

LogicalResult TopKIndicesOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput()), out = shapeOf(getOutput());
  auto axis = static_cast<int64_t>(getAxis());
  if (axis < 0 || axis >= static_cast<int64_t>(in.size()))
    return emitOpError("axis out of range");
  if (!elementOf(getOutput()).isInteger(64))
    return emitOpError("the output must be i64");
  if (elementOf(getInput()).isInteger(1))
    return emitOpError("cannot rank bools");
  for (auto [dim, size] : llvm::enumerate(in))
    if (static_cast<int64_t>(dim) == axis
            ? out.size() != in.size() || out[dim] > size
            : out[dim] != size)
      return emitOpError("output must have the input's shape with at most "
                         "its size along the axis");
  return success();
}

LogicalResult NonMaxSuppressionOp::verify() {
  if (!elementOf(getBoxes()).isF32() || !elementOf(getScores()).isF32())
    return emitOpError("boxes and scores must be f32");
  if (!elementOf(getOutput()).isInteger(64))
    return emitOpError("the output must be i64");
  std::string error;
  std::optional<int64_t> rows = edgecc::nonMaxSuppressionRows(
      shapeOf(getBoxes()), shapeOf(getScores()),
      static_cast<int64_t>(getMaxBoxesPerClass()), error);
  if (!rows)
    return emitOpError(error);
  if (shapeOf(getOutput()) != ArrayRef<int64_t>{*rows, 3})
    return emitOpError("the output must have shape [") << *rows << ", 3]";
  if (!elementOf(getScratch()).isInteger(32) ||
      shapeOf(getScratch()) != ArrayRef<int64_t>{shapeOf(getBoxes())[1]})
    return emitOpError("the scratch must hold one i32 per box");
  return success();
}

template <typename LinearQuantizationOp>
static LogicalResult verifyLinearQuantization(LinearQuantizationOp op,
                                              Value quantized) {
  auto typeOf = [](Value buffer) {
    return buffer ? cast<ShapedType>(buffer.getType()) : ShapedType();
  };
  std::string error = edgecc::linearQuantizationMismatch(
      typeOf(op.getInput()), typeOf(op.getScale()), typeOf(op.getZeroPoint()),
      typeOf(op.getOutput()), typeOf(quantized), op.getAxis(),
      op.getBlockSize());
  return error.empty() ? success() : op.emitOpError(error);
}

LogicalResult QuantizeLinearOp::verify() {
  if (!elementOf(getInput()).isF32() ||
      !edgecc::isQuantizedType(elementOf(getOutput())))
    return emitOpError("quantizes float32 to a 4-, 8- or 16-bit integer or a "
                       "float8 type");
  return verifyLinearQuantization(*this, getOutput());
}

LogicalResult DequantizeLinearOp::verify() {
  Type input = elementOf(getInput());
  if (!(edgecc::isQuantizedType(input) || input.isInteger(32)) ||
      !elementOf(getOutput()).isF32())
    return emitOpError("dequantizes a 4-, 8-, 16- or 32-bit integer or a "
                       "float8 type to float32");
  return verifyLinearQuantization(*this, getInput());
}

LogicalResult RequantizeOp::verify() {
  std::string error = edgecc::requantizeMismatch(
      cast<ShapedType>(getInput().getType()),
      cast<ShapedType>(getOutput().getType()), getMultipliers(), getShifts(),
      getAxis(), getZeroPoint(), getClampMin(), getClampMax());
  return error.empty() ? success() : emitOpError(error);
}

LogicalResult LookupOp::verify() {
  std::string error =
      edgecc::lookupMismatch(cast<ShapedType>(getTable().getType()),
                             cast<ShapedType>(getInput().getType()),
                             cast<ShapedType>(getOutput().getType()));
  return error.empty() ? success() : emitOpError(error);
}

LogicalResult QuantizedBinaryOp::verify() {
  if (failed(verifyBroadcast(*this, {getLhs(), getRhs()}, getOutput())))
    return failure();
  std::string error = edgecc::quantizedBinaryMismatch(
      *this, {cast<ShapedType>(getLhs().getType()),
              cast<ShapedType>(getRhs().getType()),
              cast<ShapedType>(getOutput().getType())});
  return error.empty() ? success() : emitOpError(error);
}

LogicalResult GridSampleOp::verify() {
  std::string error;
  SmallVector<int64_t> expected =
      edgecc::gridSampleShape(shapeOf(getInput()), shapeOf(getGrid()), error);
  if (expected.empty())
    return emitOpError(error);
  if (ArrayRef<int64_t>(expected) != shapeOf(getOutput()))
    return emitOpError("output shape does not match input and grid");
  if (!elementOf(getInput()).isF32() || !elementOf(getGrid()).isF32() ||
      !elementOf(getOutput()).isF32())
    return emitOpError("samples float32 only");
  if (!edgecc::isGridSampleMode(getMode()) ||
      !edgecc::isGridPaddingMode(getPaddingMode()))
    return emitOpError("unknown mode '")
           << getMode() << "' or padding_mode '" << getPaddingMode() << "'";
  return success();
}

LogicalResult GatherNDOp::verify() {
  std::string error;
  auto expected =
      edgecc::gatherNDShape(shapeOf(getData()), shapeOf(getIndices()),
                            static_cast<int64_t>(getBatchDims()), error);
  return verifyIndexedAccess(*this, getData(), getIndices(), getOutput(),
                             expected, error);
}

/// Checks what the scatter kernels share: the output is the data updated,
/// so it has the data's shape; `mismatch` is the verdict of their ONNX rules.
static LogicalResult verifyScatter(Operation *op, Value data, Value indices,
                                   Value updates, Value output,
                                   const std::string &mismatch) {
  if (failed(verifyIndexedAccess(op, data, indices, output,
                                 SmallVector<int64_t>(shapeOf(data)), "")))
    return failure();
  if (elementOf(updates) != elementOf(data))
    return op->emitOpError("updates and data element types differ");
  return mismatch.empty() ? success() : op->emitOpError(mismatch);
}

LogicalResult ScatterElementsOp::verify() {
  return verifyScatter(
      *this, getData(), getIndices(), getUpdates(), getOutput(),
      edgecc::scatterElementsMismatch(
          shapeOf(getData()), shapeOf(getIndices()), shapeOf(getUpdates()),
          static_cast<int64_t>(getAxis()), getReduction()));
}

LogicalResult ScatterNDOp::verify() {
  return verifyScatter(
      *this, getData(), getIndices(), getUpdates(), getOutput(),
      edgecc::scatterNDMismatch(shapeOf(getData()), shapeOf(getIndices()),
                                shapeOf(getUpdates()), getReduction()));
}

LogicalResult CumSumOp::verify() {
  if (getInput().getType() != getOutput().getType())
    return emitOpError("input and output types differ");
  auto axis = static_cast<int64_t>(getAxis());
  if (axis < 0 || axis >= static_cast<int64_t>(shapeOf(getInput()).size()))
    return emitOpError("axis out of range");
  return success();
}

LogicalResult FillOp::verify() {
  if (getValue().getType() != elementOf(getOutput()))
    return emitOpError("value of type ")
           << getValue().getType() << " does not fill "
           << getOutput().getType();
  return success();
}

/// The largest element offset a strided access touches.
static int64_t lastElement(int64_t offset, ArrayRef<int64_t> sizes,
                           ArrayRef<int64_t> strides) {
  int64_t last = offset;
  for (auto [size, stride] : llvm::zip_equal(sizes, strides))
    last += (size - 1) * stride;
  return last;
}

LogicalResult CopyOp::verify() {
  ArrayRef<int64_t> sizes = getSizes();
  if (getSrcStrides().size() != sizes.size() ||
      getDstStrides().size() != sizes.size())
    return emitOpError("sizes and strides differ in length");
  if (llvm::any_of(sizes, [](int64_t s) { return s <= 0; }))
    return emitOpError("sizes must be positive");
  if (lastElement(getSrcOffset(), sizes, getSrcStrides()) >=
      getInput().getType().getNumElements())
    return emitOpError("reads past the end of the input");
  if (lastElement(getDstOffset(), sizes, getDstStrides()) >=
      getOutput().getType().getNumElements())
    return emitOpError("writes past the end of the output");
  return success();
}

#define GET_OP_CLASSES
#include "Kernel/KernelOps.cpp.inc"
