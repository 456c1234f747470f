//===- TensorFilesTest.cpp - .npy reading and writing ---------------------===//

#include "edgecc/Driver/TensorFiles.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

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
