//===- TensorFiles.cpp ----------------------------------------------------===//

#include "edgecc/Driver/TensorFiles.h"

#include "edgecc/Import/TensorProto.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <onnx/onnx_pb.h>

#include <cstring>

using namespace edgecc;

static int64_t elementCount(llvm::ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

/// Extracts the text after `'key':` in a .npy header dict, up to `end`.
static std::optional<llvm::StringRef> npyField(llvm::StringRef header,
                                               llvm::StringRef key, char end) {
  size_t at = header.find(("'" + key + "'").str());
  if (at == llvm::StringRef::npos)
    return std::nullopt;
  llvm::StringRef rest = header.drop_front(at + key.size() + 2).ltrim();
  if (!rest.consume_front(":"))
    return std::nullopt;
  rest = rest.ltrim();
  size_t close = rest.find(end, end == ')' ? 0 : 1);
  if (close == llvm::StringRef::npos)
    return std::nullopt;
  return rest.take_front(close + 1);
}

std::string edgecc::parseNpy(llvm::StringRef bytes, HostTensor &tensor) {
  if (!bytes.starts_with("\x93NUMPY") || bytes.size() < 10)
    return "not a .npy file";
  unsigned major = static_cast<unsigned char>(bytes[6]);
  size_t lengthBytes = major == 1 ? 2 : 4;
  if (bytes.size() < 8 + lengthBytes)
    return "truncated .npy header";
  uint32_t headerLength = 0;
  for (size_t i = 0; i < lengthBytes; ++i)
    headerLength |= uint32_t(static_cast<unsigned char>(bytes[8 + i]))
                    << (8 * i);
  size_t dataStart = 8 + lengthBytes + headerLength;
  if (bytes.size() < dataStart)
    return "truncated .npy header";
  llvm::StringRef header = bytes.slice(8 + lengthBytes, dataStart);
  auto descr = npyField(header, "descr", '\'');
  auto order = npyField(header, "fortran_order", ',');
  auto shape = npyField(header, "shape", ')');
  if (!descr || !shape)
    return "malformed .npy header";
  tensor.dataType = lookupNpyDescr(descr->trim("'"));
  if (!tensor.dataType)
    return "unsupported .npy dtype " + descr->str();
  if (order && order->contains("True"))
    return "Fortran-order .npy arrays are not supported";
  tensor.shape.clear();
  llvm::SmallVector<llvm::StringRef> dims;
  shape->trim("()").split(dims, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef dim : dims) {
    int64_t value;
    if (dim.trim().getAsInteger(10, value) || value < 0)
      return "malformed .npy shape " + shape->str();
    tensor.shape.push_back(value);
  }
  int64_t size = elementCount(tensor.shape) * tensor.dataType->bytes;
  if (static_cast<int64_t>(bytes.size() - dataStart) != size)
    return "the .npy data size does not match its shape";
  tensor.bytes.assign(bytes.begin() + dataStart, bytes.end());
  return "";
}

static std::string parseTensorProto(llvm::StringRef bytes, HostTensor &tensor) {
  onnx::TensorProto proto;
  if (!proto.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return "not a .npy file or a serialized ONNX TensorProto";
  tensor.dataType = lookupDataType(proto.data_type());
  if (!tensor.dataType)
    return "unsupported TensorProto data type " +
           std::to_string(proto.data_type());
  if (proto.data_location() == onnx::TensorProto::EXTERNAL)
    return "TensorProto files with external data are not supported";
  tensor.shape.assign(proto.dims().begin(), proto.dims().end());
  std::string data;
  if (std::string error = decodeTensorData(proto, data); !error.empty())
    return error;
  if (static_cast<int64_t>(data.size()) !=
      elementCount(tensor.shape) * tensor.dataType->bytes)
    return "the TensorProto data size does not match its shape";
  tensor.bytes.assign(data.begin(), data.end());
  return "";
}

std::string edgecc::readTensorFile(llvm::StringRef path, HostTensor &tensor) {
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file)
    return "cannot read: " + file.getError().message();
  llvm::StringRef bytes = (*file)->getBuffer();
  if (path.ends_with(".npy"))
    return parseNpy(bytes, tensor);
  return parseTensorProto(bytes, tensor);
}

std::string edgecc::writeNpy(llvm::StringRef path, const HostTensor &tensor) {
  std::string dict = "{'descr': '" + tensor.dataType->npyDescr.str() +
                     "', 'fortran_order': False, 'shape': (";
  for (int64_t dim : tensor.shape)
    dict += std::to_string(dim) + (tensor.shape.size() == 1 ? ",)" : ", ");
  if (tensor.shape.size() != 1) {
    if (!tensor.shape.empty())
      dict.resize(dict.size() - 2);
    dict += ")";
  }
  dict += ", }";
  // Magic (6) + version (2) + length (2) + dict + '\n', padded to 64.
  size_t total = (10 + dict.size() + 1 + 63) / 64 * 64;
  dict.append(total - 10 - dict.size() - 1, ' ');
  dict += '\n';
  std::error_code ec;
  llvm::raw_fd_ostream out(path, ec);
  if (ec)
    return "cannot write: " + ec.message();
  out << "\x93NUMPY" << char(1) << char(0) << char(dict.size() & 0xff)
      << char(dict.size() >> 8) << dict;
  out.write(tensor.bytes.data(), tensor.bytes.size());
  out.close();
  return out.has_error() ? "write failed" : "";
}

static std::string shapeString(llvm::ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (auto [i, dim] : llvm::enumerate(shape))
    text += (i ? "x" : "") + std::to_string(dim);
  return text + "]";
}

std::string edgecc::inputMismatch(const HostTensor &tensor,
                                  llvm::StringRef name,
                                  const DataType *dataType,
                                  llvm::ArrayRef<int64_t> shape) {
  if (tensor.dataType != dataType)
    return "has dtype " + tensor.dataType->name.str() + " but model input '" +
           name.str() + "' needs " + dataType->name.str();
  if (llvm::ArrayRef<int64_t>(tensor.shape) != shape)
    return "has shape " + shapeString(tensor.shape) + " but model input '" +
           name.str() + "' needs " + shapeString(shape);
  return "";
}
