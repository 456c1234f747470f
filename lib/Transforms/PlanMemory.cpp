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
    SmallVector<SmallVector<size_t>> accesses;
    SmallVector<BufferInterval> intervals =
        computeLiveRanges(function, accesses);
    int64_t arenaSize = assignOffsets(intervals);
    auto i64 = [&](int64_t value) {
      return IntegerAttr::get(IntegerType::get(&getContext(), 64), value);
    };
    for (BufferInterval &interval : intervals)
      interval.alloc.setOffsetAttr(i64(interval.offset));
    function->setAttr(kArenaSizeAttr, i64(arenaSize));
    MemoryBounds bounds = computeBounds(intervals, accesses);
    function->setAttr(kLiveBoundAttr, i64(bounds.live));
    function->setAttr(kOpBoundAttr, i64(bounds.op));
    function->setAttr(kNaiveSizeAttr, i64(bounds.naive));
  }

  struct MemoryBounds {
    int64_t live = 0, op = 0, naive = 0;
  };

  /// What any plan of this op order needs at least (the most bytes live at
  /// one step), what any order needs at least (the most bytes one op
  /// touches), and what no reuse at all would need.
  static MemoryBounds computeBounds(ArrayRef<BufferInterval> intervals,
                                    ArrayRef<SmallVector<size_t>> accesses) {
    MemoryBounds bounds;
    for (const BufferInterval &interval : intervals)
      bounds.naive += interval.bytes;
    for (auto [step, touched] : llvm::enumerate(accesses)) {
      int64_t live = 0, used = 0;
      for (const BufferInterval &interval : intervals)
        if (interval.firstUse <= int64_t(step) &&
            int64_t(step) <= interval.lastUse)
          live += interval.bytes;
      for (size_t index : touched)
        used += intervals[index].bytes;
      bounds.live = std::max(bounds.live, live);
      bounds.op = std::max(bounds.op, used);
    }
    return bounds;
  }

  /// Live range of each alloc, in op positions, over every access to the
  /// alloc itself or to a view of it.
  /// `accesses` gets, per step, the intervals the op at that step touches.
  SmallVector<BufferInterval>
  computeLiveRanges(func::FuncOp function,
                    SmallVectorImpl<SmallVector<size_t>> &accesses) {
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
      SmallVector<size_t> &touched = accesses.emplace_back();
      for (Value operand : op.getOperands()) {
        Value root = rootOf.lookup(operand) ? rootOf.lookup(operand) : operand;
        auto found = intervalOf.find(root);
        if (found == intervalOf.end())
          continue;
        if (!llvm::is_contained(touched, found->second))
          touched.push_back(found->second);
        BufferInterval &interval = intervals[found->second];
        interval.firstUse = std::min(interval.firstUse, position);
        interval.lastUse = std::max(interval.lastUse, position);
      }
      ++position;
    }
    return intervals;
  }

  /// Places buffers greedily in a few orders (largest first, then earliest
  /// first) and keeps the smallest arena. In each, a buffer takes the lowest
  /// aligned offset that no time-overlapping, already placed buffer covers.
  int64_t assignOffsets(SmallVectorImpl<BufferInterval> &intervals) {
    SmallVector<BufferInterval *> bySize, byStart;
    for (BufferInterval &interval : intervals) {
      bySize.push_back(&interval);
      byStart.push_back(&interval);
    }
    llvm::stable_sort(bySize, [](BufferInterval *a, BufferInterval *b) {
      return a->bytes > b->bytes;
    });
    llvm::stable_sort(byStart, [](BufferInterval *a, BufferInterval *b) {
      return std::make_pair(a->firstUse, -a->bytes) <
             std::make_pair(b->firstUse, -b->bytes);
    });
    int64_t sizeFirst = placeInOrder(bySize);
    if (placeInOrder(byStart) <= sizeFirst)
      return placeInOrder(byStart);
    return placeInOrder(bySize);
  }

  int64_t placeInOrder(ArrayRef<BufferInterval *> order) {
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
