//===- PlanMemory.cpp - place intermediate buffers in one arena -----------===//
//
// Steps are the ops of the function in order. Each kernel.alloc is live from
// the first to the last step that accesses it (directly or through views).
// An elementwise op may write its result over an input that dies at that op;
// such allocs form one group and share memory. Groups are then placed
// greedily in one arena.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Transforms/Passes.h"

#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/Support/MathExtras.h"

namespace edgecc {
#define GEN_PASS_DEF_PLANMEMORY
#include "edgecc/Transforms/Passes.h.inc"
} // namespace edgecc

using namespace mlir;
using namespace edgecc;

namespace {

/// The allocs of a function and, per step, which of them the op touches.
struct Accesses {
  SmallVector<kernel::AllocOp> allocs;
  SmallVector<int64_t> bytes; // per alloc
  SmallVector<Operation *> steps;
  SmallVector<SmallVector<unsigned>> touched;
  DenseMap<Value, unsigned> allocIndex;

  /// The alloc a buffer value lives in, if any.
  std::optional<unsigned> allocOf(Value buffer) const {
    auto found = allocIndex.find(kernel::getRootBuffer(buffer));
    if (found == allocIndex.end())
      return std::nullopt;
    return found->second;
  }
};

static Accesses collectAccesses(func::FuncOp function) {
  Accesses result;
  for (auto alloc : function.getOps<kernel::AllocOp>()) {
    result.allocIndex[alloc.getResult()] = result.allocs.size();
    result.allocs.push_back(alloc);
    result.bytes.push_back(kernel::getByteSize(alloc.getType()));
  }
  for (Operation &op : function.getBody().front()) {
    if (isa<kernel::ViewOp>(op))
      continue;
    SmallVector<unsigned> &touched = result.touched.emplace_back();
    result.steps.push_back(&op);
    for (Value operand : op.getOperands())
      if (std::optional<unsigned> index = result.allocOf(operand))
        if (!llvm::is_contained(touched, *index))
          touched.push_back(*index);
  }
  return result;
}

/// One region of the arena: allocs that share memory, live over one range.
struct BufferGroup {
  SmallVector<unsigned, 2> allocs;
  int64_t bytes = 0;
  int64_t firstUse = std::numeric_limits<int64_t>::max();
  int64_t lastUse = -1;
  int64_t offset = 0;

  bool overlapsInTime(const BufferGroup &other) const {
    return firstUse <= other.lastUse && other.firstUse <= lastUse;
  }
};

struct MemoryBounds {
  int64_t live = 0, op = 0, naive = 0;
};

struct PlanMemoryPass : edgecc::impl::PlanMemoryBase<PlanMemoryPass> {
  using PlanMemoryBase::PlanMemoryBase;

  void runOnOperation() override {
    func::FuncOp function = getOperation();
    if (alignment <= 0 || !llvm::isPowerOf2_64(alignment)) {
      function.emitError("alignment must be a power of two, got ")
          << alignment.getValue();
      return signalPassFailure();
    }
    Accesses accesses = collectAccesses(function);
    SmallVector<std::pair<int64_t, int64_t>> ranges = liveRanges(accesses);
    SmallVector<BufferGroup> groups =
        groupInPlace(accesses, ranges, /*allowInPlace=*/inPlace);
    int64_t arenaSize = assignOffsets(groups);

    auto i64 = [&](int64_t value) {
      return IntegerAttr::get(IntegerType::get(&getContext(), 64), value);
    };
    for (const BufferGroup &group : groups)
      for (unsigned index : group.allocs)
        accesses.allocs[index].setOffsetAttr(i64(group.offset));
    MemoryBounds bounds = computeBounds(accesses, groups);
    function->setAttr(kArenaSizeAttr, i64(arenaSize));
    function->setAttr(kLiveBoundAttr, i64(bounds.live));
    function->setAttr(kOpBoundAttr, i64(bounds.op));
    function->setAttr(kNaiveSizeAttr, i64(bounds.naive));
  }

  /// First and last step that touch each alloc.
  static SmallVector<std::pair<int64_t, int64_t>>
  liveRanges(const Accesses &accesses) {
    SmallVector<std::pair<int64_t, int64_t>> ranges(
        accesses.allocs.size(), {std::numeric_limits<int64_t>::max(), -1});
    for (auto [step, touched] : llvm::enumerate(accesses.touched))
      for (unsigned index : touched) {
        ranges[index].first = std::min<int64_t>(ranges[index].first, step);
        ranges[index].second = std::max<int64_t>(ranges[index].second, step);
      }
    return ranges;
  }

  /// The input alloc an elementwise op may overwrite with its result: one
  /// whose elements map one to one onto the output's and that no later op
  /// reads.
  static std::optional<unsigned>
  inPlaceInput(const Accesses &accesses,
               ArrayRef<std::pair<int64_t, int64_t>> ranges, int64_t step) {
    Operation *op = accesses.steps[step];
    SmallVector<Value> candidates = kernel::overwritableInputs(op);
    if (candidates.empty())
      return std::nullopt;
    // Only whole buffers trade places: a window of a buffer (a concat part)
    // shares its memory with the rest of that buffer.
    auto wholeAlloc = [&](Value operand) -> std::optional<unsigned> {
      std::optional<unsigned> index = accesses.allocOf(operand);
      if (!index || kernel::getElementOffset(operand) != 0 ||
          kernel::getByteSize(cast<MemRefType>(operand.getType())) !=
              accesses.bytes[*index])
        return std::nullopt;
      return index;
    };
    Value output = kernel::getDestination(op);
    std::optional<unsigned> outAlloc = wholeAlloc(output);
    if (!outAlloc || ranges[*outAlloc].first != step)
      return std::nullopt;
    for (Value input : candidates) {
      std::optional<unsigned> inAlloc = wholeAlloc(input);
      if (inAlloc && ranges[*inAlloc].second == step)
        return inAlloc;
    }
    return std::nullopt;
  }

  /// Groups allocs that share memory and computes each group's range.
  static SmallVector<BufferGroup>
  groupInPlace(const Accesses &accesses,
               ArrayRef<std::pair<int64_t, int64_t>> ranges,
               bool allowInPlace) {
    llvm::EquivalenceClasses<unsigned> classes;
    for (unsigned index = 0; index < accesses.allocs.size(); ++index)
      classes.insert(index);
    for (int64_t step = 0;
         allowInPlace && step < int64_t(accesses.steps.size()); ++step)
      if (std::optional<unsigned> input = inPlaceInput(accesses, ranges, step))
        classes.unionSets(*input, *accesses.allocOf(kernel::getDestination(
                                      accesses.steps[step])));
    SmallVector<BufferGroup> groups;
    for (auto it = classes.begin(); it != classes.end(); ++it) {
      if (!it->isLeader())
        continue;
      BufferGroup &group = groups.emplace_back();
      for (auto member = classes.member_begin(it);
           member != classes.member_end(); ++member) {
        unsigned index = *member;
        group.allocs.push_back(index);
        group.bytes = std::max(group.bytes, accesses.bytes[index]);
        group.firstUse = std::min(group.firstUse, ranges[index].first);
        group.lastUse = std::max(group.lastUse, ranges[index].second);
      }
    }
    return groups;
  }

  /// What any plan of this op order needs at least (the most bytes live at
  /// one step), what any order needs (the most bytes one op touches), and
  /// what no reuse at all would need.
  static MemoryBounds computeBounds(const Accesses &accesses,
                                    ArrayRef<BufferGroup> groups) {
    MemoryBounds bounds;
    DenseMap<unsigned, const BufferGroup *> groupOf;
    for (const BufferGroup &group : groups)
      for (unsigned index : group.allocs)
        groupOf[index] = &group;
    for (int64_t bytes : accesses.bytes)
      bounds.naive += bytes;
    for (auto [step, touched] : llvm::enumerate(accesses.touched)) {
      int64_t live = 0, used = 0;
      for (const BufferGroup &group : groups)
        if (group.firstUse <= int64_t(step) && int64_t(step) <= group.lastUse)
          live += group.bytes;
      llvm::SmallPtrSet<const BufferGroup *, 4> usedGroups;
      for (unsigned index : touched)
        if (usedGroups.insert(groupOf[index]).second)
          used += groupOf[index]->bytes;
      bounds.live = std::max(bounds.live, live);
      bounds.op = std::max(bounds.op, used);
    }
    return bounds;
  }

  /// Places groups greedily in a few orders (largest first, then earliest
  /// first) and keeps the smallest arena. In each, a group takes the lowest
  /// aligned offset that no time-overlapping, already placed group covers.
  int64_t assignOffsets(SmallVectorImpl<BufferGroup> &groups) {
    SmallVector<BufferGroup *> bySize, byStart;
    for (BufferGroup &group : groups) {
      bySize.push_back(&group);
      byStart.push_back(&group);
    }
    // Ties keep the groups' order (the pointers index one array), so the
    // plan is deterministic.
    llvm::sort(bySize, [](BufferGroup *a, BufferGroup *b) {
      return std::make_pair(-a->bytes, a) < std::make_pair(-b->bytes, b);
    });
    llvm::sort(byStart, [](BufferGroup *a, BufferGroup *b) {
      return std::make_tuple(a->firstUse, -a->bytes, a) <
             std::make_tuple(b->firstUse, -b->bytes, b);
    });
    int64_t sizeFirst = placeInOrder(bySize);
    if (placeInOrder(byStart) <= sizeFirst)
      return placeInOrder(byStart);
    return placeInOrder(bySize);
  }

  int64_t placeInOrder(ArrayRef<BufferGroup *> order) {
    SmallVector<BufferGroup *> placed;
    int64_t arenaSize = 0;
    for (BufferGroup *group : order) {
      SmallVector<BufferGroup *> conflicts;
      for (BufferGroup *other : placed)
        if (group->overlapsInTime(*other))
          conflicts.push_back(other);
      llvm::sort(conflicts, [](BufferGroup *a, BufferGroup *b) {
        return a->offset < b->offset;
      });
      int64_t offset = 0;
      for (BufferGroup *other : conflicts) {
        if (offset + group->bytes <= other->offset)
          break;
        offset = std::max<int64_t>(
            offset, llvm::alignTo(other->offset + other->bytes, alignment));
      }
      group->offset = offset;
      arenaSize = std::max(arenaSize, offset + group->bytes);
      placed.push_back(group);
    }
    return llvm::alignTo(arenaSize, alignment);
  }
};

} // namespace
