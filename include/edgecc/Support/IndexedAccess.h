//===- IndexedAccess.h - Shape rules of ONNX's index-driven ops -*- C++ -*-===//
//
// Gather, GatherElements, GatherND, ScatterND and ScatterElements read or
// write data at positions that a run-time index tensor names, and
// NonMaxSuppression computes such a tensor. Their shape rules are checked
// twice, on the graph op and on the kernel op; they live here once.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_SUPPORT_INDEXEDACCESS_H
#define EDGECC_SUPPORT_INDEXEDACCESS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace edgecc {

/// The result shape of ONNX Gather of `data` at `indices` along `axis`:
/// data.shape[:axis] + indices.shape + data.shape[axis + 1:]. std::nullopt,
/// with `error` set, when the axis is out of range.
std::optional<llvm::SmallVector<int64_t>>
gatherShape(llvm::ArrayRef<int64_t> data, llvm::ArrayRef<int64_t> indices,
            int64_t axis, std::string &error);

/// The same for GatherElements: the indices' shape, which must have the
/// data's rank.
std::optional<llvm::SmallVector<int64_t>>
gatherElementsShape(llvm::ArrayRef<int64_t> data,
                    llvm::ArrayRef<int64_t> indices, int64_t axis,
                    std::string &error);

/// The result shape of ONNX GatherND of `data` at `indices` (whose last dim
/// is the length of each index tuple) with `batchDims` leading batch dims:
/// indices.shape[:-1] + data.shape[batchDims + tupleLength:]. std::nullopt,
/// with `error` set, when the shapes do not fit.
std::optional<llvm::SmallVector<int64_t>>
gatherNDShape(llvm::ArrayRef<int64_t> data, llvm::ArrayRef<int64_t> indices,
              int64_t batchDims, std::string &error);

/// Why a ScatterND does not verify, or the empty string when it does:
/// `updates` must have GatherND's result shape for `data` and `indices`, and
/// `reduction` be one of ONNX's: none (overwrite), add, mul, max, min.
std::string scatterNDMismatch(llvm::ArrayRef<int64_t> data,
                              llvm::ArrayRef<int64_t> indices,
                              llvm::ArrayRef<int64_t> updates,
                              llvm::StringRef reduction);

/// The same for ScatterElements along `axis`: indices and updates share one
/// shape, of the data's rank, no larger than the data off the axis.
std::string scatterElementsMismatch(llvm::ArrayRef<int64_t> data,
                                    llvm::ArrayRef<int64_t> indices,
                                    llvm::ArrayRef<int64_t> updates,
                                    int64_t axis, llvm::StringRef reduction);

/// The row count of NonMaxSuppression's output for `boxes` [batches, boxes,
/// 4] and `scores` [batches, classes, boxes] when at most `maxPerClass` boxes
/// are selected per batch and class: batches * classes * min(maxPerClass,
/// boxes), a static bound on the selected rows. std::nullopt, with `error`
/// set, when the shapes do not fit or maxPerClass is negative.
std::optional<int64_t> nonMaxSuppressionRows(llvm::ArrayRef<int64_t> boxes,
                                             llvm::ArrayRef<int64_t> scores,
                                             int64_t maxPerClass,
                                             std::string &error);

} // namespace edgecc

#endif // EDGECC_SUPPORT_INDEXEDACCESS_H
