//===- TensorProto.h - the data of an ONNX TensorProto ----------*- C++ -*-===//

#ifndef EDGECC_IMPORT_TENSORPROTO_H
#define EDGECC_IMPORT_TENSORPROTO_H

#include <string>

namespace onnx {
class TensorProto;
} // namespace onnx

namespace edgecc {

/// The elements of `tensor`, stored inline (raw_data or the typed field its
/// data type uses), as little-endian bytes of its element type (bools one
/// byte each). Returns an error message, or "" on success. The element
/// count is not checked against the dims; callers compare sizes.
std::string decodeTensorData(const onnx::TensorProto &tensor,
                             std::string &bytes);

} // namespace edgecc

#endif
