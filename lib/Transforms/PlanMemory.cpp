//===- PlanMemory.cpp - place intermediate buffers in one arena -----------===//

#include "edgecc/Transforms/Passes.h"

#include "llvm/Support/MathExtras.h"

namespace edgecc {
#define GEN_PASS_DEF_PLANMEMORY
#include "edgecc/Transforms/Passes.h.inc"
} // namespace edgecc

using namespace mlir;
using namespace edgecc;

namespace {

struct BufferInterval {
  kernel::AllocOp alloc;
  int64_t bytes = 0;
  int64_t firstUse = std::numeric_limits<int64_t>::max();
  int64_t lastUse = -1;
  int64_t offset = 0;

  bool overlapsInTime(const BufferInterval &other) const {
    return firstUse <= other.lastUse && other.firstUse <= lastUse;
  }
};

static int64_t byteSize(MemRefType type) {
  return type.getNumElements() * type.getElementTypeBitWidth() / 8;
}

struct PlanMemoryPass : edgecc::impl::PlanMemoryBase<PlanMemoryPass> {
  using PlanMemoryBase::PlanMemoryBase;

  void runOnOperation() override {
    func::FuncOp function = getOperation();
    if (alignment <= 0 || !llvm::isPowerOf2_64(alignment)) {
      function.emitError("alignment must be a power of two, got ")
          << alignment.getValue();
      return signalPassFailure();
    }
    SmallVector<BufferInterval> intervals = computeLiveRanges(function);
    int64_t arenaSize = assignOffsets(intervals);
    for (BufferInterval &interval : intervals)
      interval.alloc.setOffsetAttr(IntegerAttr::get(
          IntegerType::get(&getContext(), 64), interval.offset));
    function->setAttr(
        kArenaSizeAttr,
        IntegerAttr::get(IntegerType::get(&getContext(), 64), arenaSize));
  }

  /// Live range of each alloc, in op positions, over every access to the
  /// alloc itself or to a view of it.
  SmallVector<BufferInterval> computeLiveRanges(func::FuncOp function) {
    SmallVector<BufferInterval> intervals;
    DenseMap<Value, size_t> intervalOf;
    for (auto alloc : function.getOps<kernel::AllocOp>()) {
      intervalOf[alloc.getResult()] = intervals.size();
      intervals.push_back({alloc, byteSize(alloc.getType())});
    }
    DenseMap<Value, Value> rootOf;
    int64_t position = 0;
    for (Operation &op : function.getBody().front()) {
      if (auto view = dyn_cast<kernel::ViewOp>(op)) {
        Value source = view.getSource();
        rootOf[view.getResult()] =
            rootOf.lookup(source) ? rootOf.lookup(source) : source;
        continue;
      }
      for (Value operand : op.getOperands()) {
        Value root = rootOf.lookup(operand) ? rootOf.lookup(operand) : operand;
        auto found = intervalOf.find(root);
        if (found == intervalOf.end())
          continue;
        BufferInterval &interval = intervals[found->second];
        interval.firstUse = std::min(interval.firstUse, position);
        interval.lastUse = std::max(interval.lastUse, position);
      }
      ++position;
    }
    return intervals;
  }

  /// Greedy by size: each buffer, largest first, takes the lowest aligned
  /// offset that no time-overlapping, already placed buffer covers.
  int64_t assignOffsets(SmallVectorImpl<BufferInterval> &intervals) {
    SmallVector<BufferInterval *> order;
    for (BufferInterval &interval : intervals)
      order.push_back(&interval);
    llvm::stable_sort(order, [](BufferInterval *a, BufferInterval *b) {
      return a->bytes > b->bytes;
    });
    SmallVector<BufferInterval *> placed;
    int64_t arenaSize = 0;
    for (BufferInterval *interval : order) {
      SmallVector<BufferInterval *> conflicts;
      for (BufferInterval *other : placed)
        if (interval->overlapsInTime(*other))
          conflicts.push_back(other);
      llvm::sort(conflicts, [](BufferInterval *a, BufferInterval *b) {
        return a->offset < b->offset;
      });
      int64_t offset = 0;
      for (BufferInterval *other : conflicts) {
        if (offset + interval->bytes <= other->offset)
          break;
        offset = std::max<int64_t>(
            offset, llvm::alignTo(other->offset + other->bytes, alignment));
      }
      interval->offset = offset;
      arenaSize = std::max(arenaSize, offset + interval->bytes);
      placed.push_back(interval);
    }
    return llvm::alignTo(arenaSize, alignment);
  }
};

} // namespace
