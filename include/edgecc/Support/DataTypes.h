//===- DataTypes.h - element types tensors can have at run time -*- C++ -*-===//
//
// One table of the element types edgecc computes with: the ONNX
// TensorProto.DataType code (which is also the runtime's edgecc_dtype), the
// name users see, the C type generated code uses, the .npy descriptor and
// the byte size. The importer, the emitter and the tensor file readers all
// read it, so a dtype is added in one place.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_SUPPORT_DATATYPES_H
#define EDGECC_SUPPORT_DATATYPES_H

#include "mlir/IR/Types.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace edgecc {

struct DataType {
  int32_t code;         // ONNX TensorProto.DataType, edgecc_dtype
  llvm::StringRef name; // "float32", "int64", "bool", ...
  llvm::StringRef cType;
  llvm::StringRef npyDescr;
  int64_t bytes;

  bool isFloat() const { return npyDescr[1] == 'f'; }
  bool isBool() const { return npyDescr[1] == 'b'; }
  bool isUnsigned() const { return npyDescr[1] == 'u'; }
  /// "EDGECC_DTYPE_INT64": the edgecc_dtype enumerator.
  std::string enumerator() const;
};

/// The data type with ONNX code `code`, if edgecc supports it.
const DataType *lookupDataType(int32_t code);

/// The data type a .npy file descriptor ("<f4", "|b1") names, if supported.
const DataType *lookupNpyDescr(llvm::StringRef descr);

/// The builtin element type of `code`: f32/f64/f16, signless integers for
/// signed types, unsigned integers (ui8...) for unsigned ones, i1 for bool.
std::optional<mlir::Type> elementTypeOf(int32_t code,
                                        mlir::MLIRContext &context);

/// The data type of an element type elementTypeOf produces, if any.
const DataType *dataTypeOf(mlir::Type element);

/// True for the element types edgecc stores and converts but does not
/// compute with: bfloat16, the float8 types and 4-bit integers. Only Cast,
/// quantization and data movement take them.
bool isStorageOnly(mlir::Type element);

/// The runtime's EDGECC_F8_* format number of a float8 type.
std::optional<int> float8Format(mlir::Type element);

} // namespace edgecc

#endif
