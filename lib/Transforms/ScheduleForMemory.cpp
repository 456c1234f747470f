//===- ScheduleForMemory.cpp - order kernels to lower peak memory ---------===//
//
// Where the graph branches, the ONNX order may keep a branch's results alive
// while the other branch runs. A list scheduler picks, among the ops whose
// inputs are ready, the one that leaves the fewest bytes live (it frees the
// most, or allocates the least), ties broken by the original order. The new
// order is kept only when its peak of live bytes is lower.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Transforms/Passes.h"

namespace edgecc {
#define GEN_PASS_DEF_SCHEDULEFORMEMORY
#include "edgecc/Transforms/Passes.h.inc"
} // namespace edgecc

using namespace mlir;
using namespace edgecc;

namespace {

/// The buffers (allocs and function arguments, views resolved) each kernel
/// reads and writes.
struct KernelAccess {
  Operation *op;
  SmallVector<Value, 4> reads, writes;
};

static int64_t arenaBytes(Value buffer) {
  if (!buffer.getDefiningOp<kernel::AllocOp>())
    return 0; // arguments live outside the arena
  return kernel::getByteSize(cast<MemRefType>(buffer.getType()));
}

/// Peak arena bytes when the kernels run in `order`: a buffer is live from
/// its first access to its last.
static int64_t peakLiveBytes(ArrayRef<const KernelAccess *> order) {
  DenseMap<Value, std::pair<int64_t, int64_t>> range;
  for (auto [step, access] : llvm::enumerate(order))
    for (Value buffer :
         llvm::concat<const Value>(access->reads, access->writes)) {
      auto [it, isNew] = range.try_emplace(buffer, step, step);
      it->second.second = step;
    }
  SmallVector<int64_t> delta(order.size() + 1, 0);
  for (auto &[buffer, span] : range) {
    delta[span.first] += arenaBytes(buffer);
    delta[span.second + 1] -= arenaBytes(buffer);
  }
  int64_t live = 0, peak = 0;
  for (int64_t change : delta)
    peak = std::max(peak, live += change);
  return peak;
}

struct ScheduleForMemoryPass
    : edgecc::impl::ScheduleForMemoryBase<ScheduleForMemoryPass> {
  void runOnOperation() override {
    Block &body = getOperation().getBody().front();
    hoistBufferDefinitions(body);
    std::vector<KernelAccess> kernels = collectKernels(body);
    SmallVector<const KernelAccess *> original;
    for (const KernelAccess &access : kernels)
      original.push_back(&access);
    SmallVector<const KernelAccess *> scheduled = schedule(kernels);
    if (peakLiveBytes(scheduled) >= peakLiveBytes(original))
      return;
    Operation *terminator = body.getTerminator();
    for (const KernelAccess *access : scheduled)
      access->op->moveBefore(terminator);
  }

  /// Buffers are not executed: define them all first, so kernels can move.
  static void hoistBufferDefinitions(Block &body) {
    Operation *firstKernel = nullptr;
    for (Operation &op : llvm::make_early_inc_range(body)) {
      bool isDefinition = kernel::isBufferDefinition(&op);
      if (!isDefinition && !firstKernel)
        firstKernel = &op;
      else if (isDefinition && firstKernel)
        op.moveBefore(firstKernel);
    }
  }

  static std::vector<KernelAccess> collectKernels(Block &body) {
    std::vector<KernelAccess> kernels;
    for (Operation &op : body.without_terminator()) {
      if (kernel::isBufferDefinition(&op))
        continue;
      KernelAccess &access = kernels.emplace_back();
      access.op = &op;
      for (Value source : kernel::getSources(&op))
        access.reads.push_back(kernel::getRootBuffer(source));
      access.writes.push_back(
          kernel::getRootBuffer(kernel::getDestination(&op)));
    }
    return kernels;
  }

  /// Kernel j must run before kernel i (j < i in the original order) when
  /// one writes a buffer the other reads or writes.
  static bool dependsOn(const KernelAccess &later,
                        const KernelAccess &earlier) {
    auto touches = [](const KernelAccess &access, Value buffer) {
      return llvm::is_contained(access.reads, buffer) ||
             llvm::is_contained(access.writes, buffer);
    };
    for (Value written : earlier.writes)
      if (touches(later, written))
        return true;
    for (Value written : later.writes)
      if (llvm::is_contained(earlier.reads, written))
        return true;
    return false;
  }

  static SmallVector<const KernelAccess *>
  schedule(ArrayRef<KernelAccess> kernels) {
    size_t count = kernels.size();
    SmallVector<SmallVector<size_t>> successors(count);
    SmallVector<int64_t> waitingOn(count, 0);
    DenseMap<Value, int64_t> remainingUses;
    for (size_t i = 0; i < count; ++i) {
      for (size_t j = 0; j < i; ++j)
        if (dependsOn(kernels[i], kernels[j])) {
          successors[j].push_back(i);
          ++waitingOn[i];
        }
      for (Value buffer :
           llvm::concat<const Value>(kernels[i].reads, kernels[i].writes))
        ++remainingUses[buffer];
    }
    llvm::DenseSet<Value> allocated;
    // Bytes live after running `i` minus before: what it allocates minus
    // what it frees.
    auto liveChange = [&](size_t i) {
      int64_t change = 0;
      llvm::SmallDenseSet<Value, 4> seen;
      for (Value buffer :
           llvm::concat<const Value>(kernels[i].reads, kernels[i].writes)) {
        if (!seen.insert(buffer).second)
          continue;
        int64_t uses = llvm::count(kernels[i].reads, buffer) +
                       llvm::count(kernels[i].writes, buffer);
        if (!allocated.contains(buffer))
          change += arenaBytes(buffer);
        if (remainingUses[buffer] == uses)
          change -= arenaBytes(buffer);
      }
      return change;
    };
    SmallVector<const KernelAccess *> order;
    SmallVector<bool> done(count, false);
    while (order.size() < count) {
      std::optional<size_t> best;
      int64_t bestChange = 0;
      for (size_t i = 0; i < count; ++i) {
        if (done[i] || waitingOn[i] != 0)
          continue;
        int64_t change = liveChange(i);
        if (!best || change < bestChange) {
          best = i;
          bestChange = change;
        }
      }
      size_t next = *best;
      done[next] = true;
      order.push_back(&kernels[next]);
      for (Value buffer : llvm::concat<const Value>(kernels[next].reads,
                                                    kernels[next].writes)) {
        allocated.insert(buffer);
        --remainingUses[buffer];
      }
      for (size_t successor : successors[next])
        --waitingOn[successor];
    }
    return order;
  }
};

} // namespace
