//===- ChooseWorkGroups.cpp - work-group sizes for device kernels ---------===//
//
// A device backend runs each compute op as one 1-D launch: a work-item per
// independent item of the op, in work-groups whose size decides how well
// the device's compute units are filled. Too small a group leaves SIMD
// lanes idle and pays the per-group cost often; too large a group leaves
// compute units idle in the last wave and pads the launch. This pass
// weighs the two with a small model of the device (see Passes.td) and
// records the choice on the op, where lit tests and the report can see it.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "llvm/Support/MathExtras.h"

namespace edgecc {
#define GEN_PASS_DEF_CHOOSEWORKGROUPS
#include "edgecc/Transforms/Passes.h.inc"
} // namespace edgecc

using namespace mlir;
using namespace edgecc;

namespace {

struct Device {
  int64_t computeUnits;
  int64_t simdWidth;
  int64_t maxGroupSize;
  int64_t groupOverhead;
};

/// The modelled time of `items` work-items in groups of `group`: waves of
/// one group per compute unit, each group's lanes padded to the SIMD width.
int64_t launchCost(int64_t items, int64_t group, const Device &device) {
  int64_t groups = llvm::divideCeil(items, group);
  int64_t waves = llvm::divideCeil(groups, device.computeUnits);
  int64_t lanes = llvm::alignTo(group, device.simdWidth);
  return waves * (lanes + device.groupOverhead);
}

int64_t chooseGroup(int64_t items, const Device &device) {
  if (items <= device.simdWidth)
    return std::max<int64_t>(items, 1);
  int64_t best = device.simdWidth;
  for (int64_t group = device.simdWidth; group <= device.maxGroupSize;
       group *= 2)
    if (launchCost(items, group, device) <= launchCost(items, best, device))
      best = group;
  return best;
}

/// Up to 4 of an extent, no more than it rounded up to a power of two.
int64_t tileSide(int64_t extent) {
  return std::min<int64_t>(4, llvm::PowerOf2Ceil(extent));
}

/// The largest work-item tile of a float conv or gemm: on a conv, output
/// channels (the most of 4, 2, 1 that divides a group's, which halving
/// keeps dividing) by output columns, or pixels of the flattened plane for
/// a 1x1 conv that is a matrix product (narrow rows then waste no lanes:
/// 7x7 planes take 13 tiles of 4 pixels, not 14); on a gemm, rows by
/// columns of an output matrix.
std::pair<int64_t, int64_t> largestTile(Operation *op) {
  ArrayRef<int64_t> out = kernel::shapeOf(kernel::getDestination(op));
  auto conv = dyn_cast<kernel::Conv2DOp>(op);
  if (!conv)
    return {tileSide(out[out.size() - 2]), tileSide(out.back())};
  int64_t channelsPerGroup = out[1] / conv.getGroup(), channels = 4;
  while (channelsPerGroup % channels != 0)
    channels /= 2;
  return {channels,
          tileSide(kernel::isPointwiseMatmul(op) ? out[2] * out[3] : out[3])};
}

/// The largest tile, halved (columns first) while the op would have fewer
/// tiles than two work-items per lane of the device; none once it is one
/// output.
std::optional<std::pair<int64_t, int64_t>>
chooseWorkItemTile(Operation *op, const Device &device) {
  if (!isa<kernel::Conv2DOp, kernel::GemmOp>(op) ||
      !isa<FloatType>(kernel::elementOf(kernel::getDestination(op))))
    return std::nullopt;
  auto [first, second] = largestTile(op);
  int64_t enough = 2 * device.computeUnits * device.simdWidth;
  while (kernel::workItemTiles(op, first, second) < enough &&
         first * second > 1) {
    if (second > 1)
      second /= 2;
    else
      first /= 2;
  }
  if (first * second == 1)
    return std::nullopt;
  return std::make_pair(first, second);
}

struct ChooseWorkGroupsPass
    : edgecc::impl::ChooseWorkGroupsBase<ChooseWorkGroupsPass> {
  using ChooseWorkGroupsBase::ChooseWorkGroupsBase;

  void runOnOperation() override {
    if (computeUnits < 1 || simdWidth < 1 || maxGroupSize < simdWidth ||
        groupOverhead < 0) {
      getOperation().emitError(
          "edgecc-choose-work-groups needs compute-units and simd-width of "
          "at least 1, max-group-size of at least simd-width, and a "
          "group-overhead of at least 0");
      return signalPassFailure();
    }
    Device device{computeUnits, simdWidth, maxGroupSize, groupOverhead};
    Builder builder(&getContext());
    getOperation().walk([&](Operation *op) {
      if (op->getDialect() !=
              op->getContext()->getLoadedDialect<kernel::KernelDialect>() ||
          kernel::isBufferDefinition(op))
        return;
      if (auto tile = chooseWorkItemTile(op, device))
        op->setAttr(kernel::kWorkItemTileAttr,
                    builder.getDenseI64ArrayAttr({tile->first, tile->second}));
      int64_t items = kernel::parallelItems(op);
      op->setAttr(
          kernel::kWorkGroupAttr,
          builder.getDenseI64ArrayAttr({items, chooseGroup(items, device)}));
    });
  }
};

} // namespace
