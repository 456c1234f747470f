//===- TileKernels.cpp - register tiles and packed weights ----------------===//
//
// Convs and matmuls spend nearly all of a model's time in one loop: a
// micro-kernel that keeps an MR x NR block of outputs in vector registers
// and, for each term of the sum, broadcasts MR scalars against NR/lanes
// vector loads. This pass chooses that block per op from the target's
// vector unit and the op's shape, and lays the constant weight out in the
// order the micro-kernel reads it, so the packing costs nothing at run time.
// A conv's rows are its output channels and its vectors run along pixels,
// or the other way round when an image has too few pixels to fill whole
// vectors (a 7x7 plane) and the block is worth transposing as it is stored.
// Depthwise convs have nothing to broadcast a weight over; they get a
// zero-padded plane to read whole vectors of output columns from instead.
// 8-bit convs take the same tiles of 4-byte dot products, over an input
// laid out four channels to a 32-bit lane, and requantize in their
// epilogue. For multi-threaded code it also decides how many tasks each
// op's tiles are dealt to, and gives each task its own workspace.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Support/Elements.h"
#include "edgecc/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

#include <numeric>

namespace edgecc {
#define GEN_PASS_DEF_TILEKERNELS
#include "edgecc/Transforms/Passes.h.inc"
} // namespace edgecc

using namespace mlir;
using namespace edgecc;
using kernel::shapeOf;

namespace {

/// MR x NR outputs per micro-kernel call.
struct RegisterTile {
  int64_t rows = 0;
  int64_t columns = 0;
  /// What the cost model expects: the fraction of the FMA peak the tiles
  /// reach over the whole output, and the cycles each term of the sum takes.
  double efficiency = 0.0;
  double cyclesPerTerm = 0.0;
};

/// What the tiles are chosen for.
struct Machine {
  int64_t lanes;     ///< float32 lanes of a vector register
  int64_t registers; ///< architectural vector registers
  /// Independent sums that keep the float FMA, and the 8-bit tiles' byte
  /// dot product, issuing at their full rate.
  int64_t fmaChains;
  int64_t dotChains;
  /// The byte dot product multiplies 16-bit pairs: 8-bit weights are
  /// packed widened (kernel.packed_int8_conv2d's int16 layout).
  bool dotPairs;
  int64_t l2Bytes; ///< per core
  int64_t threads; ///< the work is split for
};

/// The outputs a tile covers, and what bounds it besides the vector unit.
struct TileLimit {
  int64_t rows;    ///< broadcast from the packed weights or input
  int64_t columns; ///< vector lanes
  /// Bytes each row or each column of the operand gathered at run time
  /// takes (0: none is), and the budget for all of a tile's.
  int64_t bytesPerRow = 0;
  int64_t bytesPerColumn = 0;
  int64_t budget = 0;
  /// Kernel columns a tile's rows slide along when they are consecutive
  /// pixels read in place (1: they do not). Pixel i's input at tap s is
  /// pixel i + 1's at tap s - 1, and C compilers keep such a scalar in a
  /// register across the taps: MR + taps - 1 broadcasts live at once, not
  /// one. Not counting them spilled accumulators: ResNet's 14x14 3x3
  /// convs took 1.03 ms in 14x32 tiles, 0.84 ms in 7x32.
  int64_t slidingTaps = 1;
  /// Rows whose operand each sits at an address of its own, kept in a
  /// general-purpose register across the sum (0: no such limit).
  int64_t addressedRows = 0;
};

// What the cost model assumes of the core: the FMA and load rates per
// cycle. Current x86 and Arm cores are close to these; only the ratio
// between tile candidates matters.
constexpr double kFmasPerCycle = 2.0;
constexpr double kLoadsPerCycle = 2.0;
// Bytes per cycle a core reads from its L2 in a sustained stream (about
// half the peak), where a tile's operands come from once they outgrow L1.
constexpr double kL2BytesPerCycle = 32.0;

/// The best tile for `limit.rows` x `limit.columns` outputs, each summed
/// by an instruction that needs `chains` sums in flight; nullopt when the
/// columns fill no vector or one row or vector of columns breaks the byte
/// budget.
std::optional<RegisterTile> chooseTile(const TileLimit &limit,
                                       const Machine &machine, int64_t chains) {
  std::optional<RegisterTile> best;
  double bestScore = 0.0;
  int64_t rows = limit.rows, columns = limit.columns;
  for (int64_t vectors = 1; vectors <= 4; ++vectors) {
    int64_t width = vectors * machine.lanes;
    if (width > columns || width * limit.bytesPerColumn > limit.budget)
      break;
    // Accumulators, one register per vector of the B row, and the
    // broadcasts: one, or MR + taps - 1 for sliding taps.
    int64_t maxRows =
        limit.slidingTaps > 1
            ? (machine.registers - vectors - (limit.slidingTaps - 1)) /
                  (vectors + 1)
            : (machine.registers - vectors - 1) / vectors;
    if (limit.addressedRows)
      maxRows = std::min(maxRows, limit.addressedRows);
    for (int64_t mr = 1; mr <= std::min(maxRows, rows); ++mr) {
      if (mr * limit.bytesPerRow > limit.budget)
        break;
      double useful = static_cast<double>(rows * columns) /
                      (llvm::divideCeil(rows, mr) * mr *
                       llvm::divideCeil(columns, width) * width);
      double fmaCycles = mr * vectors / kFmasPerCycle;
      double loadCycles = (mr + vectors) / kLoadsPerCycle;
      // A step takes at least as long as the pipes need to issue `chains`
      // sums: fewer accumulators than that leave them idle.
      double chainCycles = static_cast<double>(chains) / kFmasPerCycle;
      // Each term reads MR scalars and NR floats.
      double streamCycles =
          4.0 * static_cast<double>(mr + width) / kL2BytesPerCycle;
      double cycles =
          std::max({fmaCycles, loadCycles, chainCycles, streamCycles});
      double score = useful * fmaCycles / cycles;
      // Ties go to the larger tile: fewer calls, fewer edge recomputations.
      if (score > bestScore + 1e-9 ||
          (best && score > bestScore - 1e-9 &&
           mr * width > best->rows * best->columns)) {
        bestScore = std::max(score, bestScore);
        best = RegisterTile{mr, width, score, cycles};
      }
    }
  }
  return best;
}

/// The tasks a register-tiled kernel of `macs` multiply-adds is divided
/// into: it deals out the independent tiles of one dimension (`rowShares`
/// or `columnShares`, kernel::independentTiles), so at most that many.
int64_t tiledTasks(const Machine &machine, int64_t rowShares,
                   int64_t columnShares, int64_t macs) {
  return kernel::chooseTasks(machine.threads, std::max(rowShares, columnShares),
                             macs);
}

/// tiledTasks for `rows` x `columns` outputs in `tile`s.
int64_t tiledTasks(const Machine &machine, int64_t rows, int64_t columns,
                   const RegisterTile &tile, int64_t macs) {
  return tiledTasks(machine, kernel::independentTiles(rows, tile.rows),
                    kernel::independentTiles(columns, tile.columns), macs);
}

/// The start of tile `index` of `size` along a dimension of `extent`: the
/// last tile is moved back to end at the edge.
int64_t tileStart(int64_t index, int64_t size, int64_t extent) {
  return std::min(index * size, extent - size);
}

/// Packs `values` (a [groups * count, depth] row-major matrix) into panels
/// [groups * ceil(count / size), depth, size]: panel p of a group holds the
/// `size` rows tile p covers, their values for each depth index side by
/// side.
SmallVector<float> packPanels(ArrayRef<float> values, int64_t groups,
                              int64_t count, int64_t depth, int64_t size) {
  int64_t panels = llvm::divideCeil(count, size);
  SmallVector<float> packed;
  packed.reserve(groups * panels * depth * size);
  for (int64_t g = 0; g < groups; ++g)
    for (int64_t p = 0; p < panels; ++p) {
      int64_t first = g * count + tileStart(p, size, count);
      for (int64_t k = 0; k < depth; ++k)
        for (int64_t i = 0; i < size; ++i)
          packed.push_back(values[(first + i) * depth + k]);
    }
  return packed;
}

/// A kernel.weight of `element` type holding `values` (in native layout)
/// with `shape`.
template <typename T>
Value createWeight(OpBuilder &builder, Location loc, ArrayRef<int64_t> shape,
                   Type element, ArrayRef<T> values) {
  auto tensorType = RankedTensorType::get(shape, element);
  ArrayRef<char> bytes(reinterpret_cast<const char *>(values.data()),
                       values.size() * sizeof(T));
  return builder.create<kernel::WeightOp>(
      loc, MemRefType::get(shape, element),
      makeElements(tensorType, bytes, "packed"));
}

std::optional<SmallVector<float>> constantFloats(Value buffer) {
  auto weight = buffer.getDefiningOp<kernel::WeightOp>();
  if (!weight)
    return std::nullopt;
  return getFloatValues(weight.getValue());
}

bool isF32(Value buffer) { return kernel::elementOf(buffer).isF32(); }

/// A float depthwise conv (one input and one output channel per group)
/// becomes kernel.depthwise_conv2d over a zero-padded plane split into its
/// stride phases.
void vectorizeDepthwise(kernel::Conv2DOp conv, const Machine &machine) {
  ArrayRef<int64_t> input = shapeOf(conv.getInput()),
                    weight = shapeOf(conv.getWeight()),
                    output = shapeOf(conv.getOutput());
  if (weight[1] != 1 || output[1] != input[1])
    return;
  auto [rows, columns] = kernel::depthwiseFloatPlaneShape(
      output, weight.drop_front(2), conv.getStrides(), conv.getDilations(),
      machine.lanes);
  int64_t macs = ShapedType::getNumElements(output) * weight[2] * weight[3];
  int64_t tasks = kernel::chooseTasks(machine.threads, input[1], macs);
  OpBuilder builder(conv);
  Value planes = builder.create<kernel::AllocOp>(
      conv.getLoc(),
      MemRefType::get({tasks, rows, columns}, builder.getF32Type()),
      IntegerAttr());
  builder.create<kernel::DepthwiseConv2DOp>(
      conv.getLoc(), conv.getInput(), conv.getWeight(), conv.getBias(), planes,
      conv.getOutput(), conv.getStridesAttr(), conv.getPadsAttr(),
      conv.getDilationsAttr(), conv.getActivationAttr(), conv.getClipMinAttr(),
      conv.getClipMaxAttr(), builder.getI64IntegerAttr(machine.lanes),
      builder.getI64IntegerAttr(tasks));
  conv.erase();
}

/// kernel.packed_matmul of `a` ([rows, K]) by the constant whose transpose
/// is `bRows` ([N, K] row-major), into `output` ([rows, N]), with `bias`
/// ([N] or null) and the activation of `product` (the op it replaces).
void createPackedMatmul(OpBuilder &builder, Operation *product, Value a,
                        ArrayRef<float> bRows, Value bias, Value output,
                        const RegisterTile &tile, const Machine &machine) {
  int64_t depth = shapeOf(a).back(), columns = shapeOf(output).back();
  int64_t rows = ShapedType::getNumElements(shapeOf(output)) / columns;
  int64_t tasks =
      tiledTasks(machine, rows, columns, tile, rows * columns * depth);
  SmallVector<float> packed =
      packPanels(bRows, 1, columns, depth, tile.columns);
  Value packedB = createWeight<float>(
      builder, product->getLoc(),
      {static_cast<int64_t>(llvm::divideCeil(columns, tile.columns)), depth,
       tile.columns},
      builder.getF32Type(), packed);
  builder.create<kernel::PackedMatmulOp>(
      product->getLoc(), a, packedB, bias, output,
      product->getAttrOfType<StringAttr>("activation"),
      product->getAttrOfType<FloatAttr>("clip_min"),
      product->getAttrOfType<FloatAttr>("clip_max"),
      builder.getDenseI64ArrayAttr({tile.rows, tile.columns}),
      builder.getI64IntegerAttr(tasks));
}

/// A buffer seen as the row-major [rows, columns] matrix it holds.
Value viewAsMatrix(OpBuilder &builder, Location loc, Value buffer, int64_t rows,
                   int64_t columns) {
  return builder.create<kernel::ViewOp>(
      loc, MemRefType::get({rows, columns}, builder.getF32Type()), buffer);
}

/// A 1x1 conv on one pixel per image (a squeeze-excite block's) has no row
/// of pixels to vectorize, but it is a matrix product: [N, IC] inputs by
/// the [OC, IC] weight's transpose.
void tileSinglePixelConv(kernel::Conv2DOp conv, ArrayRef<float> weight,
                         const Machine &machine) {
  ArrayRef<int64_t> input = shapeOf(conv.getInput()),
                    output = shapeOf(conv.getOutput());
  std::optional<RegisterTile> tile =
      chooseTile(TileLimit{input[0], output[1]}, machine, machine.fmaChains);
  if (!tile)
    return;
  OpBuilder builder(conv);
  Location loc = conv.getLoc();
  createPackedMatmul(
      builder, conv,
      viewAsMatrix(builder, loc, conv.getInput(), input[0], input[1]), weight,
      conv.getBias(),
      viewAsMatrix(builder, loc, conv.getOutput(), output[0], output[1]), *tile,
      machine);
  conv.erase();
}

/// The fraction of a conv tile's time left to its `depth` terms when the
/// block goes through a buffer as it is stored (transposed, or with the
/// positions past a row's end dropped), at `cyclesPerValue`.
double blockStoreShare(const RegisterTile &tile, int64_t depth,
                       double cyclesPerValue) {
  double terms = static_cast<double>(depth) * tile.cyclesPerTerm;
  return terms / (terms + cyclesPerValue *
                              static_cast<double>(tile.rows * tile.columns));
}

// A float block stored through a buffer takes about a cycle per value.
constexpr double kFloatBlockStoreCycles = 1.0;

/// The matrix product a conv is, per image and group.
struct ConvShape {
  int64_t channels; ///< output channels per group
  int64_t pixels;   ///< output pixels
  int64_t depth;    ///< terms per output
  /// Whether it reads its (padded) input in place (stride 1) rather than
  /// gathering its patches per pixel tile.
  bool inPlace;
  /// Pixel positions its tiles run over (kernel::tiledPixels).
  int64_t positions;
  /// Output pixels per row, what row tiles run over.
  int64_t rowPixels;
  /// Kernel columns, which pixel rows read in place slide along.
  int64_t kernelWidth;
};

/// A conv's register tile, and whether its rows are pixels (its vector
/// columns output channels) rather than output channels.
struct ConvTile {
  RegisterTile tile;
  bool pixelRows = false;
  /// Whether pixel tiles are runs of one output row (row_tiles).
  bool rowTiles = false;
  double score = 0.0; ///< the cost model's fraction of the FMA peak
};

/// The bytes a conv's gathered patches may take per task. They are read
/// once per weight panel: they should stay in half the L2 (which also
/// bounds the RAM they take).
int64_t patchBudget(const Machine &machine) { return machine.l2Bytes / 2; }

/// Whether storing a block with pixel rows, `channels` output rows spaced
/// `planeFloats` apart, would thrash a common L1 (64 sets of 64-byte lines,
/// 8 ways): planes a multiple of 4 KB long put every row's line in one
/// set. U-Net's 3x3 conv to 32 channels on a 32x32 plane ran 3.8 times
/// onnxruntime's time so.
bool blockRowsShareL1Sets(int64_t planeFloats, int64_t channels) {
  constexpr int64_t kLineBytes = 64, kSets = 64, kWays = 8;
  int64_t bytes = planeFloats * 4;
  // Rows off the lines' alignment drift across the sets.
  if (bytes % kLineBytes != 0)
    return false;
  int64_t step = bytes / kLineBytes % kSets;
  int64_t sets = kSets / std::gcd(step, kSets);
  return llvm::divideCeil(channels, sets) > kWays;
}

/// The best tile of one orientation, over the positions or in row tiles
/// (pixel rows only), if any, and the fraction of its outputs that are
/// useful (neither recomputed at a moved-back edge nor past a row's end).
std::optional<std::pair<ConvTile, double>>
scoreConvTile(const ConvShape &conv, bool pixelRows, bool rowTiles,
              const Machine &machine) {
  int64_t patchRow = conv.inPlace ? 0 : conv.depth * 4;
  int64_t budget = patchBudget(machine);
  // Row tiles compute every position they cover: the cost model's useful
  // fraction is all their waste. Other tiles run over the positions, and
  // those past the rows' ends are computed for nothing too.
  int64_t extent = rowTiles ? conv.rowPixels : conv.positions;
  std::optional<RegisterTile> tile =
      pixelRows
          ? chooseTile(TileLimit{extent, conv.channels, patchRow, 0, budget,
                                 conv.inPlace ? conv.kernelWidth : 1},
                       machine, machine.fmaChains)
          : chooseTile(TileLimit{conv.channels, extent, 0, patchRow, budget},
                       machine, machine.fmaChains);
  if (!tile || (pixelRows && blockRowsShareL1Sets(conv.pixels, tile->columns)))
    return std::nullopt;
  int64_t pixelsPerTile = pixelRows ? tile->rows : tile->columns;
  int64_t covered =
      static_cast<int64_t>(llvm::divideCeil(extent, pixelsPerTile)) *
      pixelsPerTile;
  double useful =
      static_cast<double>(rowTiles ? conv.rowPixels : conv.pixels) / covered;
  double score = tile->efficiency;
  if (!rowTiles)
    score *=
        static_cast<double>(conv.pixels) / static_cast<double>(conv.positions);
  if (pixelRows || conv.positions != conv.pixels)
    score *= blockStoreShare(*tile, conv.depth, kFloatBlockStoreCycles);
  return std::make_pair(ConvTile{*tile, pixelRows, rowTiles, score}, useful);
}

/// The bytes of output a conv whose output does not fit the L2 stores per
/// channel in one run, gathering several pixel tiles for it. 4 to 16 tiles
/// of 24 pixels (0.4 to 1.5 KB) measured the same on MobileNetV2's stem
/// (0.43-0.46 ms, 0.69 one tile at a time); all 101 that fit the patch
/// budget did too, but took 0.2 MB more of the 2-thread ShuffleNetV2 arena.
constexpr int64_t kStoreRunBytes = 1024;

/// The pixel tiles of `pixelsPerTile` pixels a conv that gathers its
/// patches (`depth` terms each) gathers at once, when its weights or its
/// output do not fit the L2. Streamed weights are then read once for all
/// of them: as many as fit the patches' budget. A large output is then
/// stored in runs of all their pixels per channel, whole cache lines the
/// hardware prefetchers keep up with, instead of one tile's pixels in each
/// of 32 or 64 planes: enough for runs of kStoreRunBytes. No more than each
/// of `pixelTasks` tasks takes of the `tiles`.
///
/// In ResNet-50 on a Zen 3 (AVX2), streamed weights read once per group
/// took the 512 -> 2048 convs on 7x7 planes (4 MB of weights, which one at
/// a time its 13 tiles of 4 pixels read 13 times) from 1.54-1.63 to
/// 1.38-1.42 ms, the 1024 -> 2048 stride-2 one from 3.13 to 2.75 ms, the
/// 256 -> 1024 convs on 14x14 planes from 1.26-1.30 to 1.19-1.23 ms. The
/// runs took the stems (1.2 to 1.6 MB outputs) of MobileNetV2 from 0.51
/// to 0.40 ms, SqueezeNet from 0.93 to 0.72, ShuffleNetV2 from 0.44 to
/// 0.33, MnasNet from 0.54 to 0.40 (minimum of 5 profiled runs); smaller
/// outputs gained nothing (ResNet-18's 64 -> 128 stride-2 1x1 conv, 0.40
/// MB: 0.161 -> 0.170 ms). The arenas of the bundled models did not grow.
int64_t tilesGatheredAtOnce(const Machine &machine, int64_t depth,
                            int64_t pixelsPerTile, int64_t tiles,
                            int64_t pixelTasks, bool largeWeights) {
  int64_t fitting = patchBudget(machine) / (depth * pixelsPerTile * 4);
  int64_t wanted =
      largeWeights
          ? fitting
          : std::min<int64_t>(
                fitting, llvm::divideCeil(kStoreRunBytes, pixelsPerTile * 4));
  return std::clamp<int64_t>(wanted, 1, llvm::divideCeil(tiles, pixelTasks));
}

// Pixels as rows are considered only when channel rows would leave more
// than a fifth of their lanes without a useful output, a tenth for a conv
// that gathers. Measured on ResNet-50 (AVX-512), tiles over the positions:
// on its 7x7 planes (49 of 64 lanes useful) pixel rows take the 1x1 convs
// from 0.9 to 0.7 ms; on 14x14 and 28x28 planes, where the cost model
// rates them about even, channel rows run the 3x3 convs in 1.2 ms against
// 1.5 to 1.8 ms. With AVX2 a 7x7 plane fills 49 of 56 lanes: on a Zen 3,
// gathered 1x1 convs on it ran faster with pixel rows (MobileNetV2's
// 960 -> 160 conv 0.22 to 0.175 ms, 160 -> 960 0.196 to 0.167 ms, in
// isolation), but ShuffleNetV2's 232 -> 232 conv, read in place, slower
// (0.075 to 0.078 ms; 0.078 to 0.088 in the model): read in place, a pixel
// tile's broadcasts come from another line of the input at every term;
// gathered, they are consecutive.
constexpr double kPixelRowsBelowUseful = 0.8;
constexpr double kGatheredPixelRowsBelowUseful = 0.9;

/// The best tile for a conv: channel rows, or pixel rows on a plane that
/// fills vectors badly or under a kernel that slides along the rows it
/// reads in place; read in place when the conv has stride 1 (its input
/// padded first if the conv is), since a gather costs more than the pixel
/// positions past the rows' ends. Nullopt when no tile fits.
std::optional<ConvTile> chooseConvTile(const ConvShape &conv,
                                       const Machine &machine) {
  // A kernel wider than one column, read in place, may also take pixels
  // as rows in row tiles, whatever the plane: each broadcast input then
  // serves several taps (see TileLimit::slidingTaps), and no position past
  // a row's end is computed. The cost model rates them best on every such
  // conv of ResNet and SqueezeNet (AVX-512), and they are faster still than
  // it says, since their weight vectors are aligned where channel rows
  // load the input at every offset: ResNet-18's 3x3 convs on 56x56, 28x28,
  // 14x14 and 7x7 planes took 0.91, 0.93, 0.94 and 1.05 ms before (channel
  // rows; pixel rows over the positions on 7x7), 0.87, 0.84, 0.83 and
  // 0.83 ms so; SqueezeNet's expand convs on 55x55 and 13x13 planes 0.25
  // and 0.25 ms, 0.245 and 0.20 ms. Gathered (strided) convs measured no
  // faster in row tiles.
  std::optional<ConvTile> best;
  auto consider = [&](const std::optional<std::pair<ConvTile, double>> &tile) {
    if (tile && (!best || tile->first.score > best->score))
      best = tile->first;
  };
  auto channelRows = scoreConvTile(conv, false, false, machine);
  consider(channelRows);
  if (!channelRows ||
      channelRows->second < (conv.inPlace ? kPixelRowsBelowUseful
                                          : kGatheredPixelRowsBelowUseful))
    consider(scoreConvTile(conv, true, false, machine));
  if (conv.inPlace && conv.kernelWidth > 1)
    consider(scoreConvTile(conv, true, true, machine));
  return best;
}

/// The conv's input, padded into a buffer of `paddedShape` when the conv
/// is padded, so that it reads it in place.
Value paddedInput(OpBuilder &builder, kernel::Conv2DOp conv,
                  ArrayRef<int64_t> paddedShape) {
  if (paddedShape == shapeOf(conv.getInput()))
    return conv.getInput();
  Value padded = builder.create<kernel::AllocOp>(
      conv.getLoc(), MemRefType::get(paddedShape, builder.getF32Type()),
      IntegerAttr());
  ArrayRef<int64_t> pads = conv.getPads();
  kernel::buildPad(builder, conv.getLoc(), conv.getInput(), padded,
                   builder.getF32FloatAttr(0.0f), {0, 0, pads[0], pads[1]});
  return padded;
}

/// The kernel.requantize that is the only reader of an integer conv's int32
/// sums (written into a buffer of their own), or null.
kernel::RequantizeOp soleRequantization(kernel::Conv2DOp conv) {
  Value sums = conv.getOutput();
  if (!sums.getDefiningOp<kernel::AllocOp>())
    return {};
  kernel::RequantizeOp requantize;
  for (Operation *user : sums.getUsers()) {
    if (user == conv.getOperation())
      continue;
    auto reader = dyn_cast<kernel::RequantizeOp>(user);
    if (!reader || requantize || reader.getInput() != sums)
      return {};
    requantize = reader;
  }
  // Per-channel multipliers must run along the channels.
  if (requantize && requantize.getMultipliers().size() > 1 &&
      requantize.getAxis() != 1)
    return {};
  return requantize;
}

/// The integer values of a constant buffer, if it is one.
std::optional<SmallVector<int64_t>> constantInts(Value buffer) {
  auto weight = buffer.getDefiningOp<kernel::WeightOp>();
  if (!weight)
    return std::nullopt;
  return getIntValues(weight.getValue());
}

/// Erases an 8-bit conv and the requantization of its sums, which a kernel
/// created before the requantization replaces, and the sums' buffer.
void replaceRequantizedConv(kernel::Conv2DOp conv,
                            kernel::RequantizeOp requantize) {
  Operation *sums = conv.getOutput().getDefiningOp();
  requantize.erase();
  conv.erase();
  sums->erase();
}

/// An 8-bit depthwise conv whose sums only feed a requantization becomes
/// kernel.depthwise_int8_conv2d over an int16 plane per task.
void vectorizeInt8Depthwise(kernel::Conv2DOp conv,
                            kernel::RequantizeOp requantize,
                            const Machine &machine) {
  ArrayRef<int64_t> weight = shapeOf(conv.getWeight()),
                    output = shapeOf(conv.getOutput());
  auto [rows, columns] = kernel::depthwisePlaneShape(
      output, weight.drop_front(2), conv.getStrides(), conv.getDilations(),
      output[3]);
  int64_t planes = output[0] * output[1];
  int64_t tasks = kernel::chooseTasks(machine.threads, planes,
                                      ShapedType::getNumElements(output) *
                                          weight[2] * weight[3]);
  OpBuilder builder(requantize);
  Location loc = conv.getLoc();
  Value bias = conv.getBias();
  if (!bias)
    bias = createWeight<int32_t>(builder, loc, {output[1]},
                                 builder.getIntegerType(32),
                                 SmallVector<int32_t>(output[1], 0));
  Value plane = builder.create<kernel::AllocOp>(
      loc, MemRefType::get({tasks, rows, columns}, builder.getIntegerType(16)),
      IntegerAttr());
  builder.create<kernel::DepthwiseInt8Conv2DOp>(
      loc, conv.getInput(), conv.getWeight(), bias, plane,
      requantize.getOutput(), conv.getStridesAttr(), conv.getPadsAttr(),
      conv.getDilationsAttr(),
      builder.getI64IntegerAttr(
          static_cast<int64_t>(conv.getInputZeroPoint().value_or(0))),
      requantize.getMultipliersAttr(), requantize.getShiftsAttr(),
      requantize.getZeroPointAttr(), requantize.getClampMinAttr(),
      requantize.getClampMaxAttr(), builder.getI64IntegerAttr(tasks));
  replaceRequantizedConv(conv, requantize);
}

/// kernel.packed_int8_conv2d's register tile: `channels` x `pixels`
/// outputs, the vector lanes over the pixels (the `positions` along the
/// packed rows) or, with `channelLanes`, over the channels (the output's
/// pixels, each broadcast).
struct Int8ConvTile {
  int64_t channels;
  int64_t pixels;
  bool channelLanes;
  int64_t positions;
};

// A channel-lanes block of requantized bytes is stored transposed, a byte
// load and a byte store per output: about half a cycle. (ResNet-50's 1x1
// convs of 256 terms per output on a 14x14 plane ran 1.2 times faster
// with channel lanes; those of 64 terms 1.1 times slower.)
constexpr double kTransposedByteStoreCycles = 0.5;

/// The better of the two orientations for a conv to `channels` output
/// channels, of `terms` terms per output, whose input is packed in rows of
/// `packedColumns` positions. Over positions, those past each row's last
/// output (ow >= OW) are computed and dropped, and a small plane leaves
/// part of the last vector empty (7x7: 49 outputs in 64 positions); over
/// channels, every pixel computed is an output.
std::optional<Int8ConvTile> chooseInt8ConvTile(int64_t channels, int64_t terms,
                                               int64_t packedColumns,
                                               ArrayRef<int64_t> output,
                                               const Machine &machine) {
  int64_t positions = kernel::positionsAlongRows(packedColumns, output);
  int64_t pixels = output[2] * output[3];
  std::optional<RegisterTile> overPositions =
      chooseTile(TileLimit{channels, positions}, machine, machine.dotChains);
  TileLimit lanesLimit{pixels, channels};
  // Each pixel's bytes are read through a pointer of its own: at most 8,
  // so that they stay in x86-64's 16 general-purpose registers.
  lanesLimit.addressedRows = 8;
  std::optional<RegisterTile> overChannels =
      chooseTile(lanesLimit, machine, machine.dotChains);
  // Dropped positions count as idle lanes.
  double positionsScore =
      overPositions ? overPositions->efficiency * pixels / positions : 0.0;
  if (overChannels &&
      overChannels->efficiency * blockStoreShare(*overChannels, terms,
                                                 kTransposedByteStoreCycles) >
          positionsScore)
    return Int8ConvTile{overChannels->columns, overChannels->rows, true,
                        pixels};
  if (!overPositions)
    return std::nullopt;
  return Int8ConvTile{overPositions->rows, overPositions->columns, false,
                      positions};
}

/// An 8-bit conv (int8 weights with zero points 0) whose sums only feed a
/// requantization: with one group, kernel.pack_conv_input and
/// kernel.packed_int8_conv2d (a dot product of 4 bytes per lane and term);
/// depthwise, kernel.depthwise_int8_conv2d. Either requantizes in its
/// epilogue: no int32 tensor is written.
void tileInt8Conv(kernel::Conv2DOp conv, const Machine &machine) {
  Value input = conv.getInput();
  Type inputElement = kernel::elementOf(input);
  if (!inputElement.isInteger(8) ||
      !kernel::elementOf(conv.getWeight()).isSignlessInteger(8))
    return;
  if (std::optional<ArrayRef<int64_t>> points = conv.getWeightZeroPoints())
    if (llvm::any_of(*points, [](int64_t point) { return point != 0; }))
      return;
  kernel::RequantizeOp requantize = soleRequantization(conv);
  if (!requantize)
    return;
  ArrayRef<int64_t> weightShape = shapeOf(conv.getWeight());
  if (weightShape[1] == 1 &&
      static_cast<int64_t>(conv.getGroup()) == weightShape[0] &&
      weightShape[0] == shapeOf(input)[1])
    return vectorizeInt8Depthwise(conv, requantize, machine);
  if (conv.getGroup() != 1)
    return;
  std::optional<SmallVector<int64_t>> weights = constantInts(conv.getWeight());
  std::optional<SmallVector<int64_t>> bias =
      conv.getBias() ? constantInts(conv.getBias())
                     : SmallVector<int64_t>(shapeOf(conv.getOutput())[1], 0);
  if (!weights || !bias)
    return;
  ArrayRef<int64_t> weight = shapeOf(conv.getWeight());
  SmallVector<int64_t> inShape(shapeOf(input)),
      output(shapeOf(conv.getOutput()));
  // A matrix product folded into a 1x1 conv over single pixels ([rows, K,
  // 1, 1]): its rows become the pixels of one channels-last image.
  bool channelsLast =
      inShape[0] > 1 && inShape[2] == 1 && inShape[3] == 1 && output[2] == 1 &&
      output[3] == 1 && weight[2] == 1 && weight[3] == 1 &&
      llvm::all_of(conv.getPads(), [](int64_t pad) { return pad == 0; });
  if (channelsLast) {
    inShape = {1, inShape[1], 1, inShape[0]};
    output = {1, output[1], 1, output[0]};
  }
  SmallVector<int64_t> packedShape =
      kernel::packedConvInputShape(inShape, conv.getStrides(), conv.getPads());
  int64_t channels = output[1], taps = weight[2] * weight[3];
  int64_t blocks = packedShape[1];
  std::optional<Int8ConvTile> tile = chooseInt8ConvTile(
      channels, blocks * taps, packedShape[5], output, machine);
  if (!tile)
    return;
  // The bytes are read as unsigned: an int8 input is stored excess-128,
  // which moves its zero point up by 128. The products of the zero point
  // with the weights then come off the bias.
  int64_t zeroPoint =
      static_cast<int64_t>(conv.getInputZeroPoint().value_or(0)) +
      (inputElement.isUnsignedInteger(8) ? 0 : 128);
  int64_t depth = weight[1] * taps;
  SmallVector<int32_t> correctedBias;
  for (int64_t oc = 0; oc < channels; ++oc) {
    int64_t sum = 0;
    for (int64_t k = 0; k < depth; ++k)
      sum += (*weights)[oc * depth + k];
    // The sums wrap in 32 bits; so does this.
    correctedBias.push_back(static_cast<int32_t>(
        static_cast<uint32_t>((*bias)[oc] - zeroPoint * sum)));
  }
  int64_t rows = tile->channels,
          panels = static_cast<int64_t>(llvm::divideCeil(channels, rows));
  // Weight `j` of input channel block `block`'s group of 4, for output
  // channel `oc` (0 past the input's channels).
  auto weightAt = [&](int64_t oc, int64_t block, int64_t tap, int64_t j) {
    int64_t ic = block * 4 + j;
    return static_cast<int16_t>(
        ic < weight[1] ? (*weights)[(oc * weight[1] + ic) * taps + tap] : 0);
  };
  // Bytes, each channel's 4 side by side; or with dot pairs, int16 in two
  // halves: each channel's weights 0 and 2, then each one's 1 and 3. Weights
  // that would outgrow the L2 widened stay bytes, read from memory or the L3
  // at half the traffic, and half the ROM. (Widened on a Zen 3, ResNet-18's
  // 3x3 convs of 64 channels ran 15% faster, those of 128 and 256
  // channels 5%, those of 512 channels, 2.4 MB as bytes, 3% slower.)
  int64_t weightBytes = panels * blocks * taps * rows * 4;
  bool pairs = machine.dotPairs && 2 * weightBytes <= machine.l2Bytes;
  int64_t halves = pairs ? 2 : 1;
  SmallVector<int64_t> packedWeightShape =
      pairs ? SmallVector<int64_t>{panels, blocks, taps, 2, rows, 2}
            : SmallVector<int64_t>{panels, blocks, taps, rows, 4};
  SmallVector<int16_t> packed;
  packed.reserve(panels * blocks * taps * rows * 4);
  for (int64_t panel = 0; panel < panels; ++panel)
    for (int64_t block = 0; block < blocks; ++block)
      for (int64_t tap = 0; tap < taps; ++tap)
        for (int64_t half = 0; half < halves; ++half)
          for (int64_t i = 0; i < rows; ++i)
            for (int64_t j = half; j < 4; j += halves)
              packed.push_back(weightAt(tileStart(panel, rows, channels) + i,
                                        block, tap, j));
  OpBuilder builder(requantize);
  Location loc = conv.getLoc();
  // Channels-last views of the [rows, K] operand and [rows, N] result.
  Value result = requantize.getOutput();
  if (channelsLast) {
    auto nhwc = [&](Value buffer, int64_t channels) -> Value {
      return builder.create<kernel::ViewOp>(
          loc,
          MemRefType::get({1, 1, inShape[3], channels},
                          kernel::elementOf(buffer)),
          buffer);
    };
    input = nhwc(input, inShape[1]);
    result = nhwc(result, output[1]);
  }
  Value packedInput = builder.create<kernel::AllocOp>(
      loc, MemRefType::get(packedShape, builder.getIntegerType(8, false)),
      IntegerAttr());
  builder.create<kernel::PackConvInputOp>(
      loc, input, packedInput, conv.getStridesAttr(), conv.getPadsAttr(),
      builder.getI64IntegerAttr(zeroPoint),
      channelsLast ? builder.getUnitAttr() : UnitAttr());
  Value packedWeight =
      pairs ? createWeight<int16_t>(builder, loc, packedWeightShape,
                                    builder.getIntegerType(16), packed)
            : createWeight<int8_t>(
                  builder, loc, packedWeightShape, builder.getIntegerType(8),
                  SmallVector<int8_t>(packed.begin(), packed.end()));
  Value packedBias = createWeight<int32_t>(
      builder, loc, {channels}, builder.getIntegerType(32), correctedBias);
  int64_t macs = ShapedType::getNumElements(output) * depth;
  builder.create<kernel::PackedInt8Conv2DOp>(
      loc, packedInput, packedWeight, packedBias, result,
      builder.getDenseI64ArrayAttr({weight[2], weight[3]}),
      conv.getStridesAttr(), conv.getDilationsAttr(),
      requantize.getMultipliersAttr(), requantize.getShiftsAttr(),
      requantize.getZeroPointAttr(), requantize.getClampMinAttr(),
      requantize.getClampMaxAttr(),
      builder.getDenseI64ArrayAttr({tile->channels, tile->pixels}),
      weightBytes > machine.l2Bytes / 2 ? builder.getUnitAttr() : UnitAttr(),
      tile->channelLanes ? builder.getUnitAttr() : UnitAttr(),
      channelsLast ? builder.getUnitAttr() : UnitAttr(),
      builder.getI64IntegerAttr(tiledTasks(
          machine, kernel::independentTiles(channels, tile->channels),
          kernel::independentTiles(tile->positions, tile->pixels), macs)));
  replaceRequantizedConv(conv, requantize);
}

void tileConv(kernel::Conv2DOp conv, const Machine &machine) {
  if (kernel::elementOf(conv.getInput()).isInteger(8))
    return tileInt8Conv(conv, machine);
  if (!isF32(conv.getInput()) || !isF32(conv.getOutput()))
    return;
  ArrayRef<int64_t> input = shapeOf(conv.getInput()),
                    weight = shapeOf(conv.getWeight()),
                    output = shapeOf(conv.getOutput());
  int64_t group = conv.getGroup(), outputsPerGroup = weight[0] / group;
  // Depthwise convs have one output channel per group: nothing to
  // broadcast a weight over. They run vectors of output columns instead
  // (with no residual: a fused one keeps the portable loops).
  if (outputsPerGroup < 2) {
    if (!conv.getResidual())
      vectorizeDepthwise(conv, machine);
    return;
  }
  int64_t depth = weight[1] * weight[2] * weight[3];
  int64_t pixels = output[2] * output[3];
  bool pointwise = weight[2] == 1 && weight[3] == 1;
  std::optional<SmallVector<float>> values = constantFloats(conv.getWeight());
  if (values && pointwise &&
      kernel::readsInputInPlace(conv.getStrides(), conv.getPads()) &&
      group == 1 && pixels == 1 && !conv.getResidual())
    return tileSinglePixelConv(conv, *values, machine);
  SmallVector<int64_t> padded(input);
  padded[2] += conv.getPads()[0] + conv.getPads()[2];
  padded[3] += conv.getPads()[1] + conv.getPads()[3];
  // Weights beyond half the L2 are streamed from memory once per pixel
  // tile, unless the weight panels are the outer loop.
  bool largeWeights =
      ShapedType::getNumElements(weight) * 4 > machine.l2Bytes / 2;
  // A stride-1 conv reads its input in place, unless it is 1x1 with large
  // weights: read in place, its input would be streamed once per weight
  // panel, through loads strided by the plane size. Gathered (a copy per
  // pixel tile), the input is read once and every panel loads contiguous
  // patches. On a Zen 3 (AVX2) that took ResNet-50's 1024 -> 256 and
  // 1024 -> 512 convs on 14x14 planes from 2.0 to 1.15 ms and from 4.0 to
  // 2.25 ms, a 1152 -> 320 conv on a 7x7 plane (MnasNet's) from 0.72 to
  // 0.52 ms in a micro-benchmark. Smaller weights gained nothing consistent.
  bool inPlace = llvm::all_of(conv.getStrides(),
                              [](int64_t stride) { return stride == 1; }) &&
                 !(pointwise && largeWeights);
  int64_t positions = kernel::tiledPixels(padded, output, inPlace);
  ConvShape shape{outputsPerGroup, pixels,    depth,    inPlace,
                  positions,       output[3], weight[3]};
  std::optional<ConvTile> choice = chooseConvTile(shape, machine);
  if (!values || !choice)
    return;
  const RegisterTile &tile = choice->tile;
  int64_t channelsPerTile = choice->pixelRows ? tile.columns : tile.rows;
  int64_t pixelsPerTile = choice->pixelRows ? tile.rows : tile.columns;
  OpBuilder builder(conv);
  Location loc = conv.getLoc();
  SmallVector<float> packed =
      packPanels(*values, group, outputsPerGroup, depth, channelsPerTile);
  Value packedWeight =
      createWeight<float>(builder, loc,
                          {group * static_cast<int64_t>(llvm::divideCeil(
                                       outputsPerGroup, channelsPerTile)),
                           depth, channelsPerTile},
                          builder.getF32Type(), packed);
  int64_t macs = ShapedType::getNumElements(output) * depth;
  // The shares kernel.packed_conv2d's emitter deals out.
  int64_t pixelTiles = kernel::independentPixelTiles(
              output, positions, pixelsPerTile, choice->rowTiles),
          panels = kernel::independentTiles(outputsPerGroup, channelsPerTile);
  int64_t tasks = tiledTasks(machine, pixelTiles, panels, macs);
  // The shares the pixel tiles are dealt in: one per task, or a single one
  // when the tasks share out the weight panels (each then goes over every
  // pixel tile).
  int64_t pixelTasks =
      kernel::splitsFirst(pixelTiles, panels, tasks) ? tasks : 1;
  // An output beyond the L2 is stored on to memory as it is written: in
  // runs, when the conv gathers (see tilesGatheredAtOnce).
  bool largeOutput = ShapedType::getNumElements(output) * 4 > machine.l2Bytes;
  int64_t gatheredTiles =
      inPlace || choice->rowTiles || !(largeWeights || largeOutput)
          ? 1
          : tilesGatheredAtOnce(machine, depth, pixelsPerTile,
                                llvm::divideCeil(positions, pixelsPerTile),
                                pixelTasks, largeWeights);
  Value in = conv.getInput(), workspace;
  DenseI64ArrayAttr pads = conv.getPadsAttr();
  if (inPlace) {
    in = paddedInput(builder, conv, padded);
    pads = builder.getDenseI64ArrayAttr({0, 0, 0, 0});
  } else {
    workspace = builder.create<kernel::AllocOp>(
        loc,
        MemRefType::get({tasks, gatheredTiles * depth, pixelsPerTile},
                        builder.getF32Type()),
        IntegerAttr());
  }
  // Read in place, the input stays cached across the weight panels.
  bool weightPanelsOuter = inPlace && largeWeights;
  builder.create<kernel::PackedConv2DOp>(
      loc, in, packedWeight, conv.getBias(), conv.getResidual(), workspace,
      conv.getOutput(), builder.getDenseI64ArrayAttr({weight[2], weight[3]}),
      conv.getStridesAttr(), pads, conv.getDilationsAttr(), conv.getGroupAttr(),
      conv.getActivationAttr(), conv.getClipMinAttr(), conv.getClipMaxAttr(),
      builder.getDenseI64ArrayAttr({tile.rows, tile.columns}),
      choice->pixelRows ? builder.getUnitAttr() : UnitAttr(),
      weightPanelsOuter ? builder.getUnitAttr() : UnitAttr(),
      choice->rowTiles ? builder.getUnitAttr() : UnitAttr(),
      builder.getI64IntegerAttr(tasks),
      builder.getI64IntegerAttr(gatheredTiles));
  conv.erase();
}

/// The gemm's C as a per-column bias ([N] view), a null Value when it has
/// none, or nullopt when C is something else (a matrix, scaled).
std::optional<Value> columnBias(kernel::GemmOp gemm, int64_t columns,
                                OpBuilder &builder) {
  Value c = gemm.getC();
  if (!c || gemm.getBeta().isZero())
    return Value();
  if (!gemm.getBeta().isExactlyValue(1.0) ||
      ShapedType::getNumElements(shapeOf(c)) != columns ||
      shapeOf(c).back() != columns)
    return std::nullopt;
  if (shapeOf(c).size() == 1)
    return c;
  return builder
      .create<kernel::ViewOp>(
          gemm.getLoc(), MemRefType::get({columns}, builder.getF32Type()), c)
      .getResult();
}

void tileMatmul(kernel::GemmOp gemm, const Machine &machine) {
  if (!isF32(gemm.getOutput()) || gemm.getTransA() ||
      !gemm.getAlpha().isExactlyValue(1.0))
    return;
  ArrayRef<int64_t> a = shapeOf(gemm.getA()), b = shapeOf(gemm.getB()),
                    y = shapeOf(gemm.getOutput());
  // A is read as [rows, K]: its batch dims must be the output's, not
  // broadcast; B must be one matrix for every batch.
  if (a.drop_back(2) != y.drop_back(2) ||
      ShapedType::getNumElements(b.drop_back(2)) != 1)
    return;
  int64_t rows = ShapedType::getNumElements(y.drop_back());
  int64_t depth = a.back(), columns = y.back();
  std::optional<SmallVector<float>> values = constantFloats(gemm.getB());
  std::optional<RegisterTile> tile =
      chooseTile(TileLimit{rows, columns}, machine, machine.fmaChains);
  if (!values || !tile)
    return;
  OpBuilder builder(gemm);
  std::optional<Value> bias = columnBias(gemm, columns, builder);
  if (!bias)
    return;
  // Panels pack rows of B^T ([N, K]).
  SmallVector<float> transposed(*values);
  if (!gemm.getTransB())
    for (int64_t k = 0; k < depth; ++k)
      for (int64_t n = 0; n < columns; ++n)
        transposed[n * depth + k] = (*values)[k * columns + n];
  createPackedMatmul(builder, gemm, gemm.getA(), transposed, *bias,
                     gemm.getOutput(), *tile, machine);
  gemm.erase();
}

struct TileKernelsPass : edgecc::impl::TileKernelsBase<TileKernelsPass> {
  using TileKernelsBase::TileKernelsBase;

  void runOnOperation() override {
    Machine machine{vectorLanes,
                    vectorRegisters,
                    std::max<int64_t>(fmaChains, 1),
                    std::max<int64_t>(dotChains, 1),
                    dotPairs,
                    l2Bytes,
                    std::max<int64_t>(threads, 1)};
    // Collected first: tiling erases the ops it replaces.
    SmallVector<Operation *> candidates;
    getOperation().walk([&](Operation *op) {
      if (isa<kernel::Conv2DOp, kernel::GemmOp>(op))
        candidates.push_back(op);
    });
    for (Operation *op : candidates) {
      if (auto conv = dyn_cast<kernel::Conv2DOp>(op))
        tileConv(conv, machine);
      else
        tileMatmul(cast<kernel::GemmOp>(op), machine);
    }
    // Packing leaves the original weights unused.
    for (auto weight :
         llvm::make_early_inc_range(getOperation().getOps<kernel::WeightOp>()))
      if (weight->use_empty())
        weight.erase();
  }
};

} // namespace
