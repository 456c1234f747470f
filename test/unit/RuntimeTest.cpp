//===- RuntimeTest.cpp - runtime unit tests -------------------------------===//

#include "edgecc_rt.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

namespace {

TEST(RuntimeMath, ExpMatchesLibmAcrossTheRange) {
  double worst = 0.0;
  for (float x = -87.0f; x <= 88.0f; x += 0.001953125f) {
    double reference = std::exp(static_cast<double>(x));
    double error = std::fabs(edgecc_expf(x) - reference) / reference;
    worst = std::max(worst, error);
  }
  // About 2 ulp of float.
  EXPECT_LT(worst, 2.5e-7);
}

TEST(RuntimeMath, ExpEdgeCases) {
  EXPECT_EQ(edgecc_expf(0.0f), 1.0f);
  EXPECT_TRUE(std::isinf(edgecc_expf(89.0f)));
  EXPECT_EQ(edgecc_expf(-105.0f), 0.0f);
  EXPECT_TRUE(std::isnan(edgecc_expf(std::numeric_limits<float>::quiet_NaN())));
  // Subnormal results keep their value (to a few subnormal steps) instead of
  // flushing to zero.
  float tiny = edgecc_expf(-100.0f);
  EXPECT_GT(tiny, 0.0f);
  EXPECT_NEAR(tiny, std::exp(-100.0f), 2 * std::numeric_limits<float>::denorm_min());
}

TEST(RuntimeStatus, EveryStatusHasADescription) {
  for (edgecc_status status : {EDGECC_OK, EDGECC_ERROR_NULL_ARGUMENT,
                               EDGECC_ERROR_MISALIGNED_ARENA}) {
    const char *text = edgecc_status_string(status);
    ASSERT_NE(text, nullptr);
    EXPECT_GT(std::strlen(text), 0u);
  }
  EXPECT_STREQ(edgecc_status_string(static_cast<edgecc_status>(99)), "unknown status");
}

} // namespace
