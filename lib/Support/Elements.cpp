//===- Elements.cpp -------------------------------------------------------===//

#include "edgecc/Support/Elements.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

#include <algorithm>
#include <cstring>

using namespace mlir;

namespace edgecc {

std::optional<ArrayRef<char>> getRawData(ElementsAttr attr) {
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    return blob->getData();
  }
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    if (dense.isSplat() || dense.getElementType().isInteger(1))
      return std::nullopt;
    return dense.getRawData();
  }
  return std::nullopt;
}

template <typename T> static SmallVector<T> rawValues(ArrayRef<char> bytes) {
  SmallVector<T> values(bytes.size() / sizeof(T));
  std::memcpy(values.data(), bytes.data(), values.size() * sizeof(T));
  return values;
}

SmallVector<float> getFloatValues(ElementsAttr attr) {
  assert(attr.getElementType().isF32() && "expected a float32 constant");
  if (auto raw = getRawData(attr))
    return rawValues<float>(*raw);
  auto values = attr.getValues<float>();
  return SmallVector<float>(values.begin(), values.end());
}

SmallVector<int64_t> getIntValues(ElementsAttr attr) {
  SmallVector<int64_t> result;
  int64_t count = attr.getNumElements();
  result.reserve(count);
  bool zeroExtend = attr.getElementType().isInteger(1) ||
                    attr.getElementType().isUnsignedInteger();
  if (!isa<DenseResourceElementsAttr>(attr)) {
    for (const APInt &value : attr.getValues<APInt>())
      result.push_back(zeroExtend ? value.getZExtValue()
                                  : value.getSExtValue());
    return result;
  }
  // A blob holds each value in whole little-endian bytes (bool and 4-bit
  // values one byte each), which APInt iteration does not cover.
  std::optional<ArrayRef<char>> raw = getRawData(attr);
  if (!raw || count == 0)
    return result;
  size_t width = raw->size() / count;
  for (int64_t i = 0; i < count; ++i) {
    uint64_t bits = 0;
    std::memcpy(&bits, raw->data() + i * width, std::min<size_t>(width, 8));
    unsigned unused = 64 - 8 * std::min<unsigned>(width, 8);
    result.push_back(zeroExtend
                         ? static_cast<int64_t>(bits)
                         : static_cast<int64_t>(bits << unused) >> unused);
  }
  return result;
}

std::vector<char> getElementBytes(ElementsAttr attr) {
  if (std::optional<ArrayRef<char>> raw = getRawData(attr))
    return std::vector<char>(raw->begin(), raw->end());
  auto dense = cast<DenseElementsAttr>(attr);
  std::vector<char> bytes;
  if (dense.getElementType().isInteger(1)) {
    for (bool value : dense.getValues<bool>())
      bytes.push_back(value);
    return bytes;
  }
  // A splat stores its one value.
  ArrayRef<char> value = dense.getRawData();
  for (int64_t i = 0, e = dense.getNumElements(); i < e; ++i)
    bytes.insert(bytes.end(), value.begin(), value.end());
  return bytes;
}

ElementsAttr makeElements(RankedTensorType type, ArrayRef<char> bytes,
                          StringRef name) {
  if (type.getNumElements() <= kResourceElementThreshold)
    return DenseElementsAttr::getFromRawBuffer(type, bytes);
  return DenseResourceElementsAttr::get(
      type, name,
      HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, alignof(uint64_t)));
}

/// The bytes of `values` in native layout.
template <typename T> static ArrayRef<char> bytesOf(ArrayRef<T> values) {
  return ArrayRef<char>(reinterpret_cast<const char *>(values.data()),
                        values.size() * sizeof(T));
}

ElementsAttr makeFloatElements(RankedTensorType type, ArrayRef<float> values,
                               StringRef name) {
  return makeElements(type, bytesOf(values), name);
}

ElementsAttr makeIntElements(RankedTensorType type, ArrayRef<int64_t> values,
                             StringRef name) {
  unsigned bytesPerValue = type.getElementTypeBitWidth() / 8;
  if (bytesPerValue == sizeof(int64_t))
    return makeElements(type, bytesOf(values), name);
  // Little-endian, as every target edgecc builds for.
  std::vector<char> bytes;
  bytes.reserve(values.size() * bytesPerValue);
  for (int64_t value : values)
    for (unsigned byte = 0; byte < bytesPerValue; ++byte)
      bytes.push_back(
          static_cast<char>(static_cast<uint64_t>(value) >> (8 * byte)));
  return makeElements(type, bytes, name);
}

ElementsAttr reshapeElements(ElementsAttr attr, ShapedType newType) {
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr))
    return DenseResourceElementsAttr::get(newType, resource.getRawHandle());
  return cast<DenseElementsAttr>(attr).reshape(newType);
}

std::optional<SmallVector<float>> matchFloatConstant(Value value) {
  ElementsAttr constant;
  if (!matchPattern(value, m_Constant(&constant)) ||
      !constant.getElementType().isF32())
    return std::nullopt;
  return getFloatValues(constant);
}

SmallVector<int64_t> rowMajorStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

SmallVector<int64_t> broadcastStrides(ArrayRef<int64_t> shape,
                                      ArrayRef<int64_t> target) {
  SmallVector<int64_t> strides(target.size(), 0);
  SmallVector<int64_t> own = rowMajorStrides(shape);
  size_t offset = target.size() - shape.size();
  for (size_t dim = 0; dim < shape.size(); ++dim)
    if (shape[dim] != 1)
      strides[offset + dim] = own[dim];
  return strides;
}

} // namespace edgecc
