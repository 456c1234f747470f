//===- Elements.h - Access to constant tensor data ---------------*- C++
//-*-===//
//
// Constants are either small DenseElementsAttrs or DenseResourceElementsAttrs
// (weights: a blob that is never printed or copied into MLIR text). These
// helpers read and create both kinds without callers caring which it is.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_SUPPORT_ELEMENTS_H
#define EDGECC_SUPPORT_ELEMENTS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/SmallVector.h"

#include <vector>

namespace edgecc {

/// Tensors with more elements than this are stored as resource blobs.
constexpr int64_t kResourceElementThreshold = 16;

/// The raw bytes of a constant in its element type's native layout, or
/// std::nullopt for a splat or non-dense attribute (see getFloatValues).
std::optional<llvm::ArrayRef<char>> getRawData(mlir::ElementsAttr attr);

/// All values of a float constant, splats expanded.
llvm::SmallVector<float> getFloatValues(mlir::ElementsAttr attr);

/// All values of an integer constant, widened to int64_t.
llvm::SmallVector<int64_t> getIntValues(mlir::ElementsAttr attr);

/// Every element of a constant as little-endian bytes of its element type
/// (bools one byte each), splats expanded.
std::vector<char> getElementBytes(mlir::ElementsAttr attr);

/// A constant of `type` (not i1) holding `bytes`, its elements in native
/// layout: a resource blob named `name` when large, a dense attribute
/// otherwise.
mlir::ElementsAttr makeElements(mlir::RankedTensorType type,
                                llvm::ArrayRef<char> bytes,
                                llvm::StringRef name);

/// The same for float32 values.
mlir::ElementsAttr makeFloatElements(mlir::RankedTensorType type,
                                     llvm::ArrayRef<float> values,
                                     llvm::StringRef name);
/// The same for integer values, each narrowed to `type`'s element width
/// (8, 16, 32 or 64 bits).
mlir::ElementsAttr makeIntElements(mlir::RankedTensorType type,
                                   llvm::ArrayRef<int64_t> values,
                                   llvm::StringRef name);

/// The same data seen with another (equally sized) shape, without copying.
mlir::ElementsAttr reshapeElements(mlir::ElementsAttr attr,
                                   mlir::ShapedType newType);

/// The values of `value` if it is a float32 constant.
std::optional<llvm::SmallVector<float>> matchFloatConstant(mlir::Value value);

/// Row-major strides, in elements, of `shape`.
llvm::SmallVector<int64_t> rowMajorStrides(llvm::ArrayRef<int64_t> shape);

/// Strides of `shape` when it is broadcast to `target` (numpy rules): its
/// row-major strides, 0 for dims that are 1 or absent.
llvm::SmallVector<int64_t> broadcastStrides(llvm::ArrayRef<int64_t> shape,
                                            llvm::ArrayRef<int64_t> target);

} // namespace edgecc

#endif
