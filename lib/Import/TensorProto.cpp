//===- TensorProto.cpp ----------------------------------------------------===//

#include "edgecc/Import/TensorProto.h"

#include "edgecc/Support/DataTypes.h"

#include <onnx/onnx_pb.h>

#include <cstring>

namespace edgecc {

/// Appends the low `width` bytes of each integer, little-endian.
template <typename Field>
static void appendIntegers(const Field &values, int64_t width,
                           std::string &bytes) {
  for (auto value : values) {
    uint64_t bits = static_cast<uint64_t>(value);
    for (int64_t i = 0; i < width; ++i)
      bytes += static_cast<char>((bits >> (8 * i)) & 0xff);
  }
}

template <typename Field>
static void appendNative(const Field &values, std::string &bytes) {
  for (auto value : values)
    bytes.append(reinterpret_cast<const char *>(&value), sizeof(value));
}

std::string decodeTensorData(const onnx::TensorProto &tensor,
                             std::string &bytes) {
  const DataType *type = lookupDataType(tensor.data_type());
  if (!type)
    return "unsupported data type " + std::to_string(tensor.data_type());
  bytes.clear();
  if (tensor.has_raw_data()) {
    bytes = tensor.raw_data();
    return "";
  }
  // ONNX keeps each data type's values in one typed field.
  switch (tensor.data_type()) {
  case onnx::TensorProto::FLOAT:
    appendNative(tensor.float_data(), bytes);
    break;
  case onnx::TensorProto::DOUBLE:
    appendNative(tensor.double_data(), bytes);
    break;
  case onnx::TensorProto::INT64:
    appendNative(tensor.int64_data(), bytes);
    break;
  case onnx::TensorProto::UINT32:
  case onnx::TensorProto::UINT64:
    appendIntegers(tensor.uint64_data(), type->bytes, bytes);
    break;
  default: // int32_data: (u)int8/16, int32, bool and float16 bit patterns
    appendIntegers(tensor.int32_data(), type->bytes, bytes);
    break;
  }
  return "";
}

} // namespace edgecc
