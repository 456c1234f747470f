//===- ConcatInPlace.cpp - producers write their part of a concat ---------===//
//
// Concat lowers to one kernel.copy per input. When an input is a buffer
// that only its producer writes and only the copy reads, and its part of
// the concat result is contiguous (concat along the outermost non-unit
// dim, e.g. channels at batch 1), the producer can write that part
// directly: the input becomes a view into the result and the copy goes.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Support/Elements.h"
#include "edgecc/Transforms/Passes.h"

namespace edgecc {
#define GEN_PASS_DEF_CONCATINPLACE
#include "edgecc/Transforms/Passes.h.inc"
} // namespace edgecc

using namespace mlir;
using namespace edgecc;

namespace {

/// True if `strides` walk `sizes` densely in row-major order (dims of size
/// 1 may have any stride).
static bool isDense(ArrayRef<int64_t> sizes, ArrayRef<int64_t> strides) {
  int64_t expected = 1;
  for (int64_t dim = static_cast<int64_t>(sizes.size()) - 1; dim >= 0; --dim) {
    if (sizes[dim] != 1 && strides[dim] != expected)
      return false;
    expected *= sizes[dim];
  }
  return true;
}

/// The op other than `copy` that uses `alloc`, if it is the only one and
/// it writes the alloc as its destination before the copy.
static Operation *soleProducer(kernel::AllocOp alloc, kernel::CopyOp copy) {
  Operation *producer = nullptr;
  for (Operation *user : alloc->getUsers()) {
    if (user == copy)
      continue;
    if (producer)
      return nullptr;
    producer = user;
  }
  if (!producer || kernel::getDestination(producer) != alloc.getResult() ||
      llvm::count(producer->getOperands(), alloc.getResult()) != 1 ||
      !producer->isBeforeInBlock(copy))
    return nullptr;
  return producer;
}

/// Moves the definitions of `buffer` (its alloc and views) to the top of the
/// block, so that a producer earlier than them can write into it.
static void hoistDefinition(Value buffer, Block &body) {
  SmallVector<Operation *> chain;
  for (Operation *def = buffer.getDefiningOp(); def;
       def = isa<kernel::ViewOp>(def)
                 ? cast<kernel::ViewOp>(def).getSource().getDefiningOp()
                 : nullptr)
    chain.push_back(def);
  for (Operation *def : llvm::reverse(chain))
    def->moveBefore(&body, body.begin());
}

struct ConcatInPlacePass : edgecc::impl::ConcatInPlaceBase<ConcatInPlacePass> {
  void runOnOperation() override {
    Block &body = getOperation().getBody().front();
    SmallVector<kernel::CopyOp> copies(getOperation().getOps<kernel::CopyOp>());
    for (kernel::CopyOp copy : copies)
      writeInPlace(copy, body);
  }

  static void writeInPlace(kernel::CopyOp copy, Block &body) {
    auto alloc = copy.getInput().getDefiningOp<kernel::AllocOp>();
    ArrayRef<int64_t> sizes = copy.getSizes();
    if (!alloc || copy.getSrcOffset() != 0 ||
        alloc.getType().getNumElements() != ShapedType::getNumElements(sizes) ||
        !isDense(sizes, copy.getSrcStrides()) ||
        !isDense(sizes, copy.getDstStrides()))
      return;
    Operation *producer = soleProducer(alloc, copy);
    if (!producer)
      return;
    Value destination = copy.getOutput();
    hoistDefinition(destination, body);
    OpBuilder builder(producer);
    Value part = builder.create<kernel::ViewOp>(
        copy.getLoc(), alloc.getType(), destination,
        builder.getI64IntegerAttr(copy.getDstOffset()));
    alloc.getResult().replaceAllUsesWith(part);
    copy.erase();
    alloc.erase();
  }
};

} // namespace
