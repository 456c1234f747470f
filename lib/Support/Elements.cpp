//===- Elements.cpp -------------------------------------------------------===//

#include "edgecc/Support/Elements.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

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
  result.reserve(attr.getNumElements());
  for (const APInt &value : attr.getValues<APInt>())
    result.push_back(attr.getElementType().isInteger(1) ? value.getZExtValue()
                                                        : value.getSExtValue());
  return result;
}

ElementsAttr makeFloatElements(RankedTensorType type, ArrayRef<float> values,
                               StringRef name) {
  if (type.getNumElements() <= kResourceElementThreshold)
    return DenseElementsAttr::get(type, values);
  ArrayRef<char> bytes(reinterpret_cast<const char *>(values.data()),
                       values.size() * sizeof(float));
  return DenseResourceElementsAttr::get(
      type, name,
      HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, alignof(float)));
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

} // namespace edgecc
