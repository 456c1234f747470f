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
  EXPECT_NEAR(tiny, std::exp(-100.0f),
              2 * std::numeric_limits<float>::denorm_min());
}

TEST(RuntimeMath, SigmoidMatchesLibm) {
  double worst = 0.0;
  int differing = 0;
  for (float x = -87.0f; x <= 88.0f; x += 0.001953125f) {
    double reference = 1.0 / (1.0 + std::exp(-static_cast<double>(x)));
    double error = std::fabs(edgecc_sigmoidf(x) - reference) / reference;
    worst = std::max(worst, error);
    // Inside the clamp it is the plain formula over edgecc_expf.
    differing += edgecc_sigmoidf(x) != 1.0f / (1.0f + edgecc_expf(-x));
  }
  // Under 2.5 ulp of float.
  EXPECT_LT(worst, 3e-7);
  EXPECT_EQ(differing, 0);
}

TEST(RuntimeMath, SigmoidEdgeCases) {
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(edgecc_sigmoidf(0.0f), 0.5f);
  EXPECT_EQ(edgecc_sigmoidf(20.0f), 1.0f);
  EXPECT_EQ(edgecc_sigmoidf(inf), 1.0f);
  EXPECT_EQ(edgecc_sigmoidf(-inf), 0.0f);
  // Past the clamp, tiny results (below 4.1e-39) come out as 0.
  EXPECT_EQ(edgecc_sigmoidf(-89.0f), 0.0f);
  // Subnormal results keep their value to a few subnormal steps.
  for (float x : {-87.5f, -88.0f, -88.3f})
    EXPECT_NEAR(edgecc_sigmoidf(x), std::exp(static_cast<double>(x)),
                2 * std::numeric_limits<float>::denorm_min());
  EXPECT_TRUE(
      std::isnan(edgecc_sigmoidf(std::numeric_limits<float>::quiet_NaN())));
}

/// The worst error of `fn` against `reference` over [lo, hi] in `steps`
/// steps, relative where |reference| >= 1 and absolute below.
template <typename Fn, typename Ref>
double worstError(Fn fn, Ref reference, float lo, float hi,
                  int steps = 200000) {
  double worst = 0.0;
  for (int i = 0; i <= steps; ++i) {
    float x =
        lo + (hi - lo) * static_cast<float>(i) / static_cast<float>(steps);
    double want = reference(static_cast<double>(x));
    double error = std::fabs(fn(x) - want) / std::max(1.0, std::fabs(want));
    worst = std::max(worst, error);
  }
  return worst;
}

TEST(RuntimeMath, LogMatchesLibm) {
  auto log = [](double x) { return std::log(x); };
  EXPECT_LT(worstError(edgecc_logf, log, 1e-6f, 10.0f), 3e-7);
  EXPECT_LT(worstError(edgecc_logf, log, 10.0f, 1e30f), 3e-7);
  EXPECT_NEAR(edgecc_logf(1e-40f), std::log(1e-40), 1e-5); // subnormal
  EXPECT_TRUE(std::isinf(edgecc_logf(0.0f)) && edgecc_logf(0.0f) < 0);
  EXPECT_TRUE(std::isnan(edgecc_logf(-1.0f)));
  EXPECT_TRUE(std::isinf(edgecc_logf(std::numeric_limits<float>::infinity())));
}

TEST(RuntimeMath, TrigonometryMatchesLibm) {
  auto sin = [](double x) { return std::sin(x); };
  auto cos = [](double x) { return std::cos(x); };
  auto atan = [](double x) { return std::atan(x); };
  EXPECT_LT(worstError(edgecc_sinf, sin, -100.0f, 100.0f), 2e-6);
  EXPECT_LT(worstError(edgecc_cosf, cos, -100.0f, 100.0f), 2e-6);
  EXPECT_LT(worstError(edgecc_atanf, atan, -1000.0f, 1000.0f), 3e-7);
  EXPECT_TRUE(std::isnan(edgecc_sinf(std::numeric_limits<float>::infinity())));
}

TEST(RuntimeMath, ErfMatchesLibm) {
  auto erf = [](double x) { return std::erf(x); };
  EXPECT_LT(worstError(edgecc_erff, erf, -6.0f, 6.0f), 2.5e-7); // as documented
  // Relative accuracy near 0, where the series is used.
  EXPECT_NEAR(edgecc_erff(1e-4f) / std::erf(1e-4), 1.0, 1e-6);
}

TEST(RuntimeMath, PowIsExactForIntegralExponents) {
  EXPECT_EQ(edgecc_powf(-2.0f, 3.0f), -8.0f);
  EXPECT_EQ(edgecc_powf(2.0f, -2.0f), 0.25f);
  EXPECT_EQ(edgecc_powf(3.0f, 0.0f), 1.0f);
  EXPECT_NEAR(edgecc_powf(2.0f, 0.5f), std::sqrt(2.0), 1e-6);
  EXPECT_TRUE(std::isnan(edgecc_powf(-2.0f, 0.5f)));
}

TEST(RuntimeMath, RoundingFunctions) {
  EXPECT_EQ(edgecc_floorf(-1.5f), -2.0f);
  EXPECT_EQ(edgecc_ceilf(-1.5f), -1.0f);
  EXPECT_EQ(edgecc_floorf(1e20f), 1e20f);
  // ONNX Round: halves to even.
  EXPECT_EQ(edgecc_roundf(0.5f), 0.0f);
  EXPECT_EQ(edgecc_roundf(1.5f), 2.0f);
  EXPECT_EQ(edgecc_roundf(2.5f), 2.0f);
  EXPECT_EQ(edgecc_roundf(-2.5f), -2.0f);
  EXPECT_EQ(edgecc_roundf(-2.6f), -3.0f);
  EXPECT_EQ(edgecc_fmodf(-7.5f, 2.0f), std::fmod(-7.5f, 2.0f));
  EXPECT_EQ(edgecc_fmodf(1e30f, 3.0f), std::fmod(1e30f, 3.0f)); // exact
  EXPECT_TRUE(std::isnan(edgecc_fmodf(1.0f, 0.0f)));
}

TEST(RuntimeStatus, EveryStatusHasADescription) {
  for (edgecc_status status :
       {EDGECC_OK, EDGECC_ERROR_NULL_ARGUMENT, EDGECC_ERROR_MISALIGNED_ARENA}) {
    const char *text = edgecc_status_string(status);
    ASSERT_NE(text, nullptr);
    EXPECT_GT(std::strlen(text), 0u);
  }
  EXPECT_STREQ(edgecc_status_string(static_cast<edgecc_status>(99)),
               "unknown status");
}

} // namespace
