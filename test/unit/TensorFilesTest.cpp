//===- TensorFilesTest.cpp - .npy reading and writing ---------------------===//

#include "edgecc/Driver/TensorFiles.h"
#include "edgecc/Import/TensorProto.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

using namespace edgecc;

namespace {

TEST(TensorFiles, NpyRoundTrip) {
  for (llvm::SmallVector<int64_t> shape :
       {llvm::SmallVector<int64_t>{2, 3}, {5}, {}, {1, 0, 4}}) {
    HostTensor tensor;
    tensor.dataType = lookupDataType(1); // float32
    tensor.shape = shape;
    int64_t count = 1;
    for (int64_t dim : shape)
      count *= dim;
    for (int64_t i = 0; i < count; ++i) {
      float value = 0.5f * static_cast<float>(i);
      const char *bytes = reinterpret_cast<const char *>(&value);
      tensor.bytes.insert(tensor.bytes.end(), bytes, bytes + sizeof(value));
    }
    llvm::SmallString<128> path;
    ASSERT_FALSE(
        llvm::sys::fs::createTemporaryFile("edgecc-test", "npy", path));
    ASSERT_EQ(writeNpy(path, tensor), "");
    HostTensor read;
    EXPECT_EQ(readTensorFile(path, read), "");
    EXPECT_EQ(read.shape, tensor.shape);
    EXPECT_EQ(read.dataType, tensor.dataType);
    EXPECT_EQ(read.bytes, tensor.bytes);
    // numpy requires the header to end on a 64-byte boundary.
    auto buffer = llvm::MemoryBuffer::getFile(path);
    ASSERT_TRUE(bool(buffer));
    EXPECT_EQ(((*buffer)->getBufferSize() - count * 4) % 64, 0u);
    llvm::sys::fs::remove(path);
  }
}

/// A version 1.0 .npy file with the given header dict and data bytes.
static std::string npyFile(const std::string &header, const std::string &data) {
  return std::string("\x93NUMPY\x01\x00", 8) + char(header.size()) + '\0' +
         header + data;
}

TEST(TensorFiles, ReadsIntegerAndBoolNpy) {
  HostTensor tensor;
  std::string data("\x01\x00\x00\x00\x00\x00\x00\x00"
                   "\xff\xff\xff\xff\xff\xff\xff\xff",
                   16);
  ASSERT_EQ(parseNpy(npyFile("{'descr': '<i8', 'fortran_order': False, "
                             "'shape': (2,), }",
                             data),
                     tensor),
            "");
  EXPECT_EQ(tensor.dataType->name, "int64");
  EXPECT_EQ(std::string(tensor.bytes.begin(), tensor.bytes.end()), data);
  ASSERT_EQ(parseNpy(npyFile("{'descr': '|b1', 'fortran_order': False, "
                             "'shape': (1, 3), }",
                             std::string("\x01\x00\x01", 3)),
                     tensor),
            "");
  EXPECT_EQ(tensor.dataType->name, "bool");
  EXPECT_EQ(tensor.shape, (llvm::SmallVector<int64_t>{1, 3}));
}

TEST(TensorFiles, DecodesTypedTensorProtoFields) {
  // int8 values live in int32_data; each becomes one byte.
  onnx::TensorProto proto;
  proto.set_data_type(onnx::TensorProto::INT8);
  proto.add_dims(3);
  for (int value : {-1, 2, 127})
    proto.add_int32_data(value);
  std::string bytes;
  ASSERT_EQ(decodeTensorData(proto, bytes), "");
  EXPECT_EQ(bytes, std::string("\xff\x02\x7f", 3));
  // uint32 values live in uint64_data.
  proto.Clear();
  proto.set_data_type(onnx::TensorProto::UINT32);
  proto.add_uint64_data(0x01020304u);
  ASSERT_EQ(decodeTensorData(proto, bytes), "");
  EXPECT_EQ(bytes, std::string("\x04\x03\x02\x01", 4));
  proto.set_data_type(onnx::TensorProto::STRING);
  EXPECT_NE(decodeTensorData(proto, bytes), "");
}

TEST(TensorFiles, RejectsOtherDtypesAndTruncation) {
  HostTensor tensor;
  std::string header =
      "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }";
  std::string file = std::string("\x93NUMPY\x01\x00", 8) + char(header.size()) +
                     '\0' + header + std::string(16, '\0');
  EXPECT_NE(parseNpy(file, tensor).find("unsupported .npy dtype"),
            std::string::npos);

  header = "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }";
  file = std::string("\x93NUMPY\x01\x00", 8) + char(header.size()) + '\0' +
         header + std::string(8, '\0');
  EXPECT_EQ(parseNpy(file, tensor),
            "the .npy data size does not match its shape");
  EXPECT_EQ(parseNpy("hello", tensor), "not a .npy file");
}

} // namespace
