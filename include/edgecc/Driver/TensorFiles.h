//===- TensorFiles.h - .npy and ONNX TensorProto files ----------*- C++ -*-===//

#ifndef EDGECC_DRIVER_TENSORFILES_H
#define EDGECC_DRIVER_TENSORFILES_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace edgecc {

/// A float32 tensor in row-major order.
struct HostTensor {
  llvm::SmallVector<int64_t> shape;
  std::vector<float> data;
};

/// Reads a .npy file (little-endian float32, C order) or, for any other
/// extension, a serialized ONNX TensorProto of type FLOAT. Returns an error
/// message, empty on success.
std::string readTensorFile(llvm::StringRef path, HostTensor &tensor);

/// Parses the bytes of a .npy file.
std::string parseNpy(llvm::StringRef bytes, HostTensor &tensor);

/// Writes `tensor` as a version 1.0 .npy file.
std::string writeNpy(llvm::StringRef path, const HostTensor &tensor);

} // namespace edgecc

#endif
