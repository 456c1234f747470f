//===- TensorFiles.h - .npy and ONNX TensorProto files ----------*- C++ -*-===//

#ifndef EDGECC_DRIVER_TENSORFILES_H
#define EDGECC_DRIVER_TENSORFILES_H

#include "edgecc/Support/DataTypes.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace edgecc {

/// A tensor in host memory: its elements as little-endian bytes of its
/// data type, row-major.
struct HostTensor {
  const DataType *dataType = nullptr;
  llvm::SmallVector<int64_t> shape;
  std::vector<char> bytes;
};

/// Reads a .npy file (little-endian, C order) or, for any other extension,
/// a serialized ONNX TensorProto, of any data type in DataTypes.h. Returns
/// an error message, empty on success.
std::string readTensorFile(llvm::StringRef path, HostTensor &tensor);

/// Parses the bytes of a .npy file.
std::string parseNpy(llvm::StringRef bytes, HostTensor &tensor);

/// Why `tensor` cannot be model input `name` of `dataType` and `shape`
/// ("has shape [1x3] but model input 'x' needs [1x4]"); empty if it can.
std::string inputMismatch(const HostTensor &tensor, llvm::StringRef name,
                          const DataType *dataType,
                          llvm::ArrayRef<int64_t> shape);

/// Writes `tensor` as a version 1.0 .npy file.
std::string writeNpy(llvm::StringRef path, const HostTensor &tensor);

} // namespace edgecc

#endif
