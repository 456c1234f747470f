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

// ONNX's 4-bit integer types (newer than the Debian protobuf definitions).
constexpr int32_t kUint4 = 21, kInt4 = 22;

/// ONNX stores 4-bit integers two per byte, the first in the low nibble;
/// edgecc keeps one per byte, sign-extended for int4.
static std::string unpack4Bit(const onnx::TensorProto &tensor,
                              std::string &bytes) {
  int64_t count = 1;
  for (int64_t dim : tensor.dims()) {
    if (dim < 0 || (dim > 0 && count > (int64_t(1) << 40) / dim))
      return "invalid 4-bit tensor shape";
    count *= dim;
  }
  if (static_cast<int64_t>(bytes.size()) != (count + 1) / 2)
    return "4-bit tensor data holds " + std::to_string(bytes.size()) +
           " bytes but its shape needs " + std::to_string((count + 1) / 2);
  bool isSigned = tensor.data_type() == kInt4;
  std::string unpacked(count, '\0');
  for (int64_t i = 0; i < count; ++i) {
    int nibble =
        (static_cast<unsigned char>(bytes[i / 2]) >> (4 * (i % 2))) & 0xF;
    unpacked[i] =
        static_cast<char>(isSigned && nibble > 7 ? nibble - 16 : nibble);
  }
  bytes = std::move(unpacked);
  return "";
}

std::string decodeTensorData(const onnx::TensorProto &tensor,
                             std::string &bytes) {
  const DataType *type = lookupDataType(tensor.data_type());
  if (!type)
    return "unsupported data type " + std::to_string(tensor.data_type());
  bytes.clear();
  bool packed4Bit = tensor.data_type() == kInt4 || tensor.data_type() == kUint4;
  if (tensor.has_raw_data()) {
    bytes = tensor.raw_data();
    return packed4Bit ? unpack4Bit(tensor, bytes) : "";
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
  default: // int32_data: (u)int8/16, int32, bool, float16, bfloat16 and
           // float8 bit patterns, and packed pairs of 4-bit integers
    appendIntegers(tensor.int32_data(), type->bytes, bytes);
    break;
  }
  return packed4Bit ? unpack4Bit(tensor, bytes) : "";
}

} // namespace edgecc
