//===- ElementsTest.cpp - reading constants back from the IR --------------===//
//
// Constants over kResourceElementThreshold elements live in resource blobs;
// their integer values must read back like those of small dense constants.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Support/Elements.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <numeric>

using namespace edgecc;
using namespace mlir;

namespace {

/// `count` int8 values -count/2 ... stored as `element` (si8 bits or ui8).
static llvm::SmallVector<int64_t> roundTrip(MLIRContext &context,
                                            IntegerType element, int64_t count,
                                            bool &isBlob) {
  std::vector<char> bytes(count);
  std::iota(bytes.begin(), bytes.end(), static_cast<char>(-count / 2));
  auto type = RankedTensorType::get({count}, element);
  ElementsAttr attr = makeElements(type, bytes, "values");
  isBlob = isa<DenseResourceElementsAttr>(attr);
  return getIntValues(attr);
}

TEST(Elements, IntValuesOfDenseAndBlobConstants) {
  MLIRContext context;
  for (int64_t count : {int64_t(4), kResourceElementThreshold + 8}) {
    bool isBlob;
    auto signedValues =
        roundTrip(context, IntegerType::get(&context, 8), count, isBlob);
    EXPECT_EQ(isBlob, count > kResourceElementThreshold);
    ASSERT_EQ(signedValues.size(), static_cast<size_t>(count));
    EXPECT_EQ(signedValues.front(), -count / 2);
    EXPECT_EQ(signedValues.back(), count - 1 - count / 2);
    auto unsignedValues =
        roundTrip(context, IntegerType::get(&context, 8, IntegerType::Unsigned),
                  count, isBlob);
    EXPECT_EQ(unsignedValues.front(), (-count / 2) & 0xff);
  }
  // Wider elements: little-endian int32 in a blob.
  std::vector<int32_t> wide(kResourceElementThreshold + 1, -70000);
  wide.back() = 123456;
  auto type = RankedTensorType::get({static_cast<int64_t>(wide.size())},
                                    IntegerType::get(&context, 32));
  auto values = getIntValues(makeElements(
      type,
      llvm::ArrayRef<char>(reinterpret_cast<const char *>(wide.data()),
                           wide.size() * sizeof(int32_t)),
      "wide"));
  EXPECT_EQ(values.front(), -70000);
  EXPECT_EQ(values.back(), 123456);
}

} // namespace
