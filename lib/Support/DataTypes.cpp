//===- DataTypes.cpp ------------------------------------------------------===//

#include "edgecc/Support/DataTypes.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;

namespace edgecc {

// Codes are ONNX TensorProto.DataType values; edgecc_rt.h numbers
// edgecc_dtype the same way.
static const DataType kDataTypes[] = {
    {1, "float32", "float", "<f4", 4},
    {2, "uint8", "uint8_t", "|u1", 1},
    {3, "int8", "int8_t", "|i1", 1},
    {4, "uint16", "uint16_t", "<u2", 2},
    {5, "int16", "int16_t", "<i2", 2},
    {6, "int32", "int32_t", "<i4", 4},
    {7, "int64", "int64_t", "<i8", 8},
    {9, "bool", "_Bool", "|b1", 1},
    {10, "float16", "_Float16", "<f2", 2},
    {11, "float64", "double", "<f8", 8},
    {12, "uint32", "uint32_t", "<u4", 4},
    {13, "uint64", "uint64_t", "<u8", 8},
    // Stored as their bits (bfloat16, float8) or one value per byte (4-bit
    // integers; ONNX packs two per byte in files, the importer unpacks).
    // Generated code converts them through float (runtime convert.c).
    {16, "bfloat16", "uint16_t", "<u2", 2},
    {17, "float8e4m3fn", "uint8_t", "|u1", 1},
    {18, "float8e4m3fnuz", "uint8_t", "|u1", 1},
    {19, "float8e5m2", "uint8_t", "|u1", 1},
    {20, "float8e5m2fnuz", "uint8_t", "|u1", 1},
    {21, "uint4", "uint8_t", "|u1", 1},
    {22, "int4", "int8_t", "|i1", 1},
};

std::string DataType::enumerator() const {
  return "EDGECC_DTYPE_" + name.upper();
}

const DataType *lookupDataType(int32_t code) {
  const DataType *found = llvm::find_if(
      kDataTypes, [&](const DataType &type) { return type.code == code; });
  return found == std::end(kDataTypes) ? nullptr : found;
}

const DataType *lookupNpyDescr(StringRef descr) {
  // Single-byte types may also be written with '<' or '>'.
  if (descr.size() == 3 && descr[2] == '1' && descr[0] != '>')
    descr = descr.drop_front();
  const DataType *found = llvm::find_if(kDataTypes, [&](const DataType &type) {
    return type.npyDescr == descr || type.npyDescr.drop_front() == descr;
  });
  return found == std::end(kDataTypes) ? nullptr : found;
}

std::optional<Type> elementTypeOf(int32_t code, MLIRContext &context) {
  const DataType *type = lookupDataType(code);
  if (!type)
    return std::nullopt;
  switch (code) {
  case 16:
    return BFloat16Type::get(&context);
  case 17:
    return Float8E4M3FNType::get(&context);
  case 18:
    return Float8E4M3FNUZType::get(&context);
  case 19:
    return Float8E5M2Type::get(&context);
  case 20:
    return Float8E5M2FNUZType::get(&context);
  case 21:
    return IntegerType::get(&context, 4, IntegerType::Unsigned);
  case 22:
    return IntegerType::get(&context, 4);
  }
  if (type->isBool())
    return IntegerType::get(&context, 1);
  unsigned bits = type->bytes * 8;
  if (type->isFloat())
    return bits == 16   ? Type(Float16Type::get(&context))
           : bits == 32 ? Type(Float32Type::get(&context))
                        : Type(Float64Type::get(&context));
  return IntegerType::get(&context, bits,
                          type->isUnsigned() ? IntegerType::Unsigned
                                             : IntegerType::Signless);
}

std::optional<int> float8Format(Type element) {
  if (element.isFloat8E4M3FN())
    return 0;
  if (element.isFloat8E4M3FNUZ())
    return 1;
  if (element.isFloat8E5M2())
    return 2;
  if (element.isFloat8E5M2FNUZ())
    return 3;
  return std::nullopt;
}

bool isStorageOnly(Type element) {
  return element.isBF16() || float8Format(element) || element.isInteger(4);
}

const DataType *dataTypeOf(Type element) {
  const DataType *found = llvm::find_if(kDataTypes, [&](const DataType &type) {
    return elementTypeOf(type.code, *element.getContext()) == element;
  });
  return found == std::end(kDataTypes) ? nullptr : found;
}

} // namespace edgecc
