//===- IndexedAccess.cpp - Shape rules of ONNX's index-driven ops ---------===//

#include "edgecc/Support/IndexedAccess.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace edgecc;
using llvm::ArrayRef;
using llvm::SmallVector;

/// Whether `axis` indexes `data`; sets `error` when not.
static bool isAxisOf(ArrayRef<int64_t> data, int64_t axis, std::string &error) {
  if (axis >= 0 && axis < static_cast<int64_t>(data.size()))
    return true;
  error =
      llvm::formatv("axis {0} out of range for rank {1}", axis, data.size());
  return false;
}

std::optional<SmallVector<int64_t>>
edgecc::gatherShape(ArrayRef<int64_t> data, ArrayRef<int64_t> indices,
                    int64_t axis, std::string &error) {
  if (!isAxisOf(data, axis, error))
    return std::nullopt;
  SmallVector<int64_t> shape(data.take_front(axis));
  llvm::append_range(shape, indices);
  llvm::append_range(shape, data.drop_front(axis + 1));
  return shape;
}

std::optional<SmallVector<int64_t>>
edgecc::gatherElementsShape(ArrayRef<int64_t> data, ArrayRef<int64_t> indices,
                            int64_t axis, std::string &error) {
  if (!isAxisOf(data, axis, error))
    return std::nullopt;
  if (indices.size() != data.size()) {
    error = "indices must have the data's rank";
    return std::nullopt;
  }
  return SmallVector<int64_t>(indices);
}

std::optional<SmallVector<int64_t>>
edgecc::gatherNDShape(ArrayRef<int64_t> data, ArrayRef<int64_t> indices,
                      int64_t batchDims, std::string &error) {
  auto rank = static_cast<int64_t>(data.size());
  if (indices.empty()) {
    error = "indices must have rank >= 1 (the last dim holds index tuples)";
    return std::nullopt;
  }
  int64_t tuple = indices.back();
  if (batchDims < 0 || batchDims >= static_cast<int64_t>(indices.size()) ||
      batchDims >= rank) {
    error = llvm::formatv("batch_dims {0} must be below the ranks of data "
                          "({1}) and indices ({2})",
                          batchDims, rank, indices.size());
    return std::nullopt;
  }
  if (tuple < 1 || batchDims + tuple > rank) {
    error = llvm::formatv("index tuples of length {0} do not fit data of rank "
                          "{1} after {2} batch dims",
                          tuple, rank, batchDims);
    return std::nullopt;
  }
  if (data.take_front(batchDims) != indices.take_front(batchDims)) {
    error = "data and indices differ in the batch dims";
    return std::nullopt;
  }
  SmallVector<int64_t> shape(indices.drop_back());
  llvm::append_range(shape, data.drop_front(batchDims + tuple));
  return shape;
}

/// Whether `reduction` is one of ONNX's scatter reductions.
static bool isScatterReduction(llvm::StringRef reduction) {
  return llvm::is_contained({"none", "add", "mul", "max", "min"}, reduction);
}

static std::string unknownReduction(llvm::StringRef reduction) {
  return ("unknown reduction '" + reduction + "'").str();
}

std::string edgecc::scatterNDMismatch(ArrayRef<int64_t> data,
                                      ArrayRef<int64_t> indices,
                                      ArrayRef<int64_t> updates,
                                      llvm::StringRef reduction) {
  if (!isScatterReduction(reduction))
    return unknownReduction(reduction);
  std::string error;
  std::optional<SmallVector<int64_t>> expected =
      gatherNDShape(data, indices, /*batchDims=*/0, error);
  if (!expected)
    return error;
  if (ArrayRef<int64_t>(*expected) != updates)
    return "updates must have the shape indices.shape[:-1] + "
           "data.shape[indices.shape[-1]:]";
  return "";
}

std::string edgecc::scatterElementsMismatch(ArrayRef<int64_t> data,
                                            ArrayRef<int64_t> indices,
                                            ArrayRef<int64_t> updates,
                                            int64_t axis,
                                            llvm::StringRef reduction) {
  if (!isScatterReduction(reduction))
    return unknownReduction(reduction);
  if (std::string error; !isAxisOf(data, axis, error))
    return error;
  if (indices != updates)
    return "indices and updates must have one shape";
  if (indices.size() != data.size())
    return "indices must have the data's rank";
  for (auto [dim, size] : llvm::enumerate(indices))
    if (static_cast<int64_t>(dim) != axis && size > data[dim])
      return llvm::formatv("indices dim {0} ({1}) exceeds the data's ({2})",
                           dim, size, data[dim]);
  return "";
}

std::optional<int64_t> edgecc::nonMaxSuppressionRows(ArrayRef<int64_t> boxes,
                                                     ArrayRef<int64_t> scores,
                                                     int64_t maxPerClass,
                                                     std::string &error) {
  if (boxes.size() != 3 || boxes[2] != 4) {
    error = "boxes must have shape [batches, boxes, 4]";
    return std::nullopt;
  }
  if (scores.size() != 3 || scores[0] != boxes[0] || scores[2] != boxes[1]) {
    error = llvm::formatv("scores must have shape [{0}, classes, {1}] "
                          "([batches, classes, boxes])",
                          boxes[0], boxes[1]);
    return std::nullopt;
  }
  if (maxPerClass < 0) {
    error = "the number of boxes to select per class must not be negative";
    return std::nullopt;
  }
  return boxes[0] * scores[1] * std::min(maxPerClass, boxes[1]);
}
