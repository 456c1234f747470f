//===- QuantizationTest.cpp - quantization rules and arithmetic -----------===//
//
// The compiler's fixed-point multipliers and scale layouts (Support) and the
// runtime's rounding and saturation, checked against exact arithmetic.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Support/Quantization.h"

#include "edgecc_rt.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace edgecc;

namespace {

TEST(Quantization, FixedPointMultipliers) {
  auto one = toFixedPoint(1.0);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->multiplier, 1 << 30);
  EXPECT_EQ(one->shift, 30);
  auto threeQuarters = toFixedPoint(0.75);
  ASSERT_TRUE(threeQuarters);
  EXPECT_EQ(threeQuarters->multiplier, 1610612736); // 0.75 * 2^31
  EXPECT_EQ(threeQuarters->shift, 31);
  // Too small to change any int32 product: zero.
  auto tiny = toFixedPoint(1e-30);
  ASSERT_TRUE(tiny);
  EXPECT_EQ(tiny->multiplier, 0);
  for (double bad :
       {0.0, -1.0, std::ldexp(1.0, 31), std::numeric_limits<double>::infinity(),
        std::numeric_limits<double>::quiet_NaN()})
    EXPECT_FALSE(toFixedPoint(bad)) << bad;
}

TEST(Quantization, RequantizeRoundsHalvesToEven) {
  auto half = *toFixedPoint(0.5);
  int32_t expected[][2] = {{3, 2}, {5, 2}, {-3, -2}, {-5, -2}, {7, 4}, {1, 0}};
  for (auto [acc, rounded] : expected)
    EXPECT_EQ(edgecc_requantize(acc, half.multiplier, half.shift, 0, -128, 127),
              rounded)
        << acc;
  // Zero point, then saturation.
  EXPECT_EQ(edgecc_requantize(3, half.multiplier, half.shift, 10, 0, 255), 12);
  EXPECT_EQ(edgecc_requantize(1000, half.multiplier, half.shift, 0, -128, 127),
            127);
  EXPECT_EQ(edgecc_requantize(-1000, half.multiplier, half.shift, 0, 0, 255),
            0);
}

TEST(Quantization, RequantizeIsExactForFloatMultipliers) {
  // acc * m is exact in double for |acc| < 2^24 and a float32 m, so
  // nearbyint (halves to even) of it is the exact answer.
  std::mt19937 random(7);
  std::uniform_int_distribution<int32_t> accs(-(1 << 23), 1 << 23);
  std::uniform_real_distribution<float> mantissas(1.0f, 2.0f);
  std::uniform_int_distribution<int> exponents(-30, 4);
  for (int trial = 0; trial < 20000; ++trial) {
    float m = std::ldexp(mantissas(random), exponents(random));
    int32_t acc = accs(random);
    if (trial % 4 == 0) { // an exact tie: an odd number of halves
      int e = 1 + trial % 10;
      m = std::ldexp(1.0f, -e);
      acc = ((acc >> 10) | 1) * (1 << (e - 1));
    }
    auto fixed = toFixedPoint(m);
    ASSERT_TRUE(fixed);
    double exact = std::nearbyint(static_cast<double>(acc) * m);
    int32_t expected =
        static_cast<int32_t>(std::min(32767.0, std::max(-32768.0, exact - 5)));
    ASSERT_EQ(edgecc_requantize(acc, fixed->multiplier, fixed->shift, -5,
                                -32768, 32767),
              expected)
        << "acc " << acc << " multiplier " << m;
  }
}

/// saturate(round_half_even(acc * multiplier / 2^shift) + zeroPoint) by
/// long division in 128 bits.
int32_t exactRequantize(int64_t acc, int32_t multiplier, int32_t shift,
                        int32_t zeroPoint, int32_t lo, int32_t hi) {
  __int128 product = static_cast<__int128>(acc) * multiplier;
  __int128 divisor = static_cast<__int128>(1) << shift;
  __int128 quotient = product / divisor, remainder = product % divisor;
  if (remainder < 0) { // C++ division truncates: make it floor
    quotient -= 1;
    remainder += divisor;
  }
  if (2 * remainder > divisor || (2 * remainder == divisor && quotient % 2))
    quotient += 1;
  __int128 value = quotient + zeroPoint;
  return value < lo ? lo : (value > hi ? hi : static_cast<int32_t>(value));
}

TEST(Quantization, RequantizeCoversEveryShiftAndAccumulator) {
  // Any int32 sum, any non-negative int32 multiplier, shifts 0 to 62: the
  // header's branch-free form against long division in 128 bits.
  std::mt19937 random(11);
  std::uniform_int_distribution<int32_t> accs(
      std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max());
  std::uniform_int_distribution<int32_t> multipliers(
      0, std::numeric_limits<int32_t>::max());
  std::uniform_int_distribution<int32_t> shifts(0, 62);
  for (int trial = 0; trial < 200000; ++trial) {
    int32_t acc = accs(random), multiplier = multipliers(random),
            shift = shifts(random);
    if (trial % 2 == 0 && shift > 0) {
      // An exact tie: the product is an odd multiple of 2^(shift - 1).
      int half = shift - 1, fromMultiplier = std::min(half, 30);
      int fromAcc = half - fromMultiplier; // 31 only at shift 62
      multiplier = 1 << fromMultiplier;
      if (fromAcc > 30) {
        acc = std::numeric_limits<int32_t>::min(); // -1 * 2^31
      } else {
        int32_t odd = ((acc >> 8) & ((1 << (30 - fromAcc)) - 1)) | 1;
        acc = odd * (1 << fromAcc) * (trial % 4 ? 1 : -1);
      }
    }
    ASSERT_EQ(edgecc_requantize(acc, multiplier, shift, 3, -70000, 70000),
              exactRequantize(acc, multiplier, shift, 3, -70000, 70000))
        << "acc " << acc << " multiplier " << multiplier << " shift " << shift;
  }
}

TEST(Quantization, ScaledRequantizeEqualsTheIntegerForm) {
  // Wherever the compiler picks the double-precision form, it must give
  // what edgecc_requantize gives, for every accumulator: random ones, ties
  // and the int32 extremes, to uint8 and int8 with clamps.
  std::mt19937 random(13);
  std::uniform_int_distribution<int32_t> accs(
      std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max());
  std::uniform_int_distribution<int32_t> multipliers(
      0, std::numeric_limits<int32_t>::max());
  std::uniform_int_distribution<int32_t> shifts(31, 50);
  std::uniform_int_distribution<int32_t> zeroPoints(-128, 255);
  int checked = 0;
  for (int trial = 0; trial < 200000; ++trial) {
    int32_t multiplier = multipliers(random), shift = shifts(random);
    int32_t zeroPoint = zeroPoints(random);
    auto [lo, hi] = zeroPoint < 0 || trial % 3 == 0
                        ? std::pair<int32_t, int32_t>(-128, 127)
                        : std::pair<int32_t, int32_t>(0, 255);
    zeroPoint = std::clamp(zeroPoint, lo, hi);
    std::optional<double> scale =
        requantizationScale(multiplier, shift, zeroPoint, lo, hi);
    if (!scale)
      continue;
    ++checked;
    int32_t acc = accs(random);
    // Near the bounds, kept in int32 (a double beyond it would not convert).
    if (trial % 4 == 1)
      acc = static_cast<int32_t>(std::min(
          std::ldexp(static_cast<double>(hi - zeroPoint) + 0.5, shift) /
              std::max(multiplier, 1),
          static_cast<double>(std::numeric_limits<int32_t>::max())));
    if (trial % 8 == 2)
      acc = trial % 16 == 2 ? std::numeric_limits<int32_t>::min()
                            : std::numeric_limits<int32_t>::max();
    if (trial % 8 == 6) { // where acc * multiplier outgrows a double's 53 bits
      int64_t edge = std::min<int64_t>(
          (int64_t{1} << 53) / std::max(multiplier, 1) + trial % 3 - 1,
          std::numeric_limits<int32_t>::max());
      acc = static_cast<int32_t>(trial % 16 == 6 ? -edge : edge);
    }
    ASSERT_EQ(edgecc_requantize_scaled(acc, *scale, zeroPoint, lo, hi),
              edgecc_requantize(acc, multiplier, shift, zeroPoint, lo, hi))
        << "acc " << acc << " multiplier " << multiplier << " shift " << shift
        << " zero point " << zeroPoint;
  }
  EXPECT_GT(checked, 100000);
  // Ties: an odd multiple of half a step.
  for (int32_t shift = 31; shift <= 44; ++shift)
    for (int32_t odd : {1, 3, 5, -1, -3, 255, 511}) {
      int32_t multiplier = 1 << 30;
      int64_t acc = static_cast<int64_t>(odd) << (shift - 31);
      if (acc > std::numeric_limits<int32_t>::max() ||
          acc < std::numeric_limits<int32_t>::min())
        continue;
      std::optional<double> scale =
          requantizationScale(multiplier, shift, 0, -128, 127);
      ASSERT_TRUE(scale);
      EXPECT_EQ(edgecc_requantize_scaled(static_cast<int32_t>(acc), *scale, 0,
                                         -128, 127),
                edgecc_requantize(static_cast<int32_t>(acc), multiplier, shift,
                                  0, -128, 127))
          << "shift " << shift << " odd " << odd;
    }
  // Shifts too small, or bounds too wide (16 bits at shift 45), keep the
  // integer form.
  EXPECT_FALSE(requantizationScale(1 << 30, 30, 0, -128, 127));
  EXPECT_FALSE(requantizationScale(1 << 30, 45, 0, -32768, 32767));
}

TEST(Quantization, WideRequantizeEqualsExactArithmetic) {
  // int64 accumulators (16-bit activations): wherever the compiler allows
  // the wide form, it must give the exact result for every accumulator,
  // the int64 extremes and those just past the clamp limit included.
  std::mt19937_64 random(17);
  std::uniform_int_distribution<int64_t> accs(
      std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max());
  std::uniform_int_distribution<int32_t> multipliers(
      0, std::numeric_limits<int32_t>::max());
  std::uniform_int_distribution<int32_t> shifts(0, 62);
  std::uniform_int_distribution<int32_t> zeroPoints(-32768, 65535);
  int checked = 0;
  for (int trial = 0; trial < 400000; ++trial) {
    int32_t multiplier = multipliers(random), shift = shifts(random);
    int32_t zeroPoint = zeroPoints(random);
    auto [lo, hi] = trial % 3 == 0  ? std::pair<int32_t, int32_t>(-128, 127)
                    : zeroPoint < 0 ? std::pair<int32_t, int32_t>(-32768, 32767)
                                    : std::pair<int32_t, int32_t>(0, 65535);
    zeroPoint = std::clamp(zeroPoint, lo, hi);
    std::optional<int64_t> limit =
        wideRequantizationLimit(multiplier, shift, zeroPoint, lo, hi);
    if (!limit)
      continue;
    ++checked;
    int64_t acc = accs(random);
    if (trial % 4 == 1) // anywhere in the unsaturated range
      acc >>= std::uniform_int_distribution<int>(0, 63)(random);
    if (trial % 8 == 2)
      acc = trial % 16 == 2 ? std::numeric_limits<int64_t>::min()
                            : std::numeric_limits<int64_t>::max();
    if (trial % 8 == 3)
      acc = (trial % 16 == 3 ? -1 : 1) * (*limit + trial % 5 - 2);
    ASSERT_EQ(edgecc_requantize_wide(acc, *limit, multiplier, shift, zeroPoint,
                                     lo, hi),
              exactRequantize(acc, multiplier, shift, zeroPoint, lo, hi))
        << "acc " << acc << " multiplier " << multiplier << " shift " << shift
        << " zero point " << zeroPoint;
  }
  EXPECT_GT(checked, 200000);
  // Ties: an odd multiple of half a step, around 2^40.
  for (int32_t shift = 1; shift <= 45; ++shift)
    for (int64_t odd : {1, 3, -1, -5, 32767}) {
      int64_t acc = odd << (shift - 1), multiplier = 1;
      auto limit = wideRequantizationLimit(1, shift, 0, -32768, 32767);
      ASSERT_TRUE(limit);
      EXPECT_EQ(edgecc_requantize_wide(acc, *limit, 1, shift, 0, -32768, 32767),
                exactRequantize(acc, multiplier, shift, 0, -32768, 32767))
          << "shift " << shift << " odd " << odd;
    }
  // The clamp is exact only while what it cuts off saturates: 16-bit
  // bounds 65535 from the zero point stop at shift 45, 8-bit ones 128 from
  // it at 54.
  EXPECT_TRUE(wideRequantizationLimit(1 << 30, 45, 32767, -32768, 32767));
  EXPECT_FALSE(wideRequantizationLimit(1 << 30, 46, 32767, -32768, 32767));
  EXPECT_TRUE(wideRequantizationLimit(1 << 30, 54, 0, -128, 127));
  EXPECT_FALSE(wideRequantizationLimit(1 << 30, 55, 0, -128, 127));
}

TEST(Quantization, QuantizeFloat) {
  EXPECT_EQ(edgecc_quantizef(2.5f, 1.0f, 0, -128, 127), 2);
  EXPECT_EQ(edgecc_quantizef(3.5f, 1.0f, 0, -128, 127), 4);
  EXPECT_EQ(edgecc_quantizef(-2.5f, 1.0f, 0, -128, 127), -2);
  EXPECT_EQ(edgecc_quantizef(1.0f, 0.25f, 100, 0, 255), 104);
  EXPECT_EQ(edgecc_quantizef(300.0f, 1.0f, 0, 0, 255), 255);
  EXPECT_EQ(edgecc_quantizef(-1e30f, 1.0f, 0, -128, 127), -128);
  EXPECT_EQ(edgecc_quantizef(1e30f, 1.0f, 0, 0, 65535), 65535);
  EXPECT_EQ(edgecc_quantizef(std::numeric_limits<float>::quiet_NaN(), 1.0f, 7,
                             0, 255),
            7);
  // Saturation happens before the zero point is added: no int32 overflow
  // near its bounds, infinities to the bounds.
  EXPECT_EQ(edgecc_quantizef(2.1e9f, 1.0f, 65535, 0, 65535), 65535);
  EXPECT_EQ(edgecc_quantizef(-2.1e9f, 1.0f, -32768, -32768, 32767), -32768);
  EXPECT_EQ(edgecc_quantizef(std::numeric_limits<float>::infinity(), 1.0f, -5,
                             -128, 127),
            127);
  EXPECT_EQ(edgecc_quantizef(-std::numeric_limits<float>::infinity(), 1.0f, 200,
                             0, 255),
            0);
  EXPECT_EQ(edgecc_quantizef(-130.0f, 1.0f, 3, -128, 127), -127);
}

// The compiler quantizes constants (clamp bounds of a folded Relu or Clip)
// through the runtime's edgecc_quantizef, saturating to the element type.
TEST(Quantization, CompileTimeQuantizeSaturatesToTheType) {
  mlir::MLIRContext context;
  auto uint8 = mlir::IntegerType::get(&context, 8, mlir::IntegerType::Unsigned);
  auto int8 = mlir::IntegerType::get(&context, 8);
  EXPECT_EQ(quantizeValue(2.5f, 1.0f, 128, uint8), 130);
  EXPECT_EQ(quantizeValue(300.0f, 1.0f, 0, uint8), 255);
  EXPECT_EQ(quantizeValue(-1.0f, 1.0f, 0, uint8), 0);
  EXPECT_EQ(quantizeValue(-300.0f, 0.5f, -3, int8), -128);
  EXPECT_EQ(
      quantizeValue(std::numeric_limits<float>::quiet_NaN(), 1.0f, 7, uint8),
      7);
  auto [lo, hi] = requantizeBounds(int8, 5, std::nullopt);
  EXPECT_EQ(lo, 5);
  EXPECT_EQ(hi, 127);
}

// in * weight / out rounded to float32 after each step, not in double.
TEST(Quantization, ProductScaleRoundsInTheScalesType) {
  float in = 0.1f, weight = 0.3f, out = 0.7f;
  float stepwise = in * weight;
  stepwise = stepwise / out;
  EXPECT_EQ(productScale(llvm::APFloat(in), llvm::APFloat(weight),
                         llvm::APFloat(out)),
            static_cast<double>(stepwise));
  EXPECT_NE(static_cast<double>(stepwise),
            static_cast<double>(in) * weight / out);
}

TEST(Quantization, ScaleLayouts) {
  std::string error;
  auto perTensor = scaleLayout({2, 6}, {}, 0, 0, error);
  ASSERT_TRUE(perTensor);
  EXPECT_EQ(perTensor->kind, ScaleLayout::PerTensor);
  EXPECT_EQ(perTensor->inner, 12);
  auto perAxis = scaleLayout({2, 6, 3}, {6}, 1, 0, error);
  ASSERT_TRUE(perAxis);
  EXPECT_EQ(perAxis->kind, ScaleLayout::PerAxis);
  EXPECT_EQ(perAxis->outer, 2);
  EXPECT_EQ(perAxis->inner, 3);
  auto blocked = scaleLayout({2, 6}, {2, 2}, 1, 4, error);
  ASSERT_TRUE(blocked);
  EXPECT_EQ(blocked->kind, ScaleLayout::Blocked);
  EXPECT_EQ(blocked->blocks, 2);
  EXPECT_FALSE(scaleLayout({2, 6}, {2, 3}, 1, 4, error));
  EXPECT_NE(error.find("block size 4"), std::string::npos) << error;
  EXPECT_FALSE(scaleLayout({2, 6}, {6}, 0, 0, error));
  EXPECT_FALSE(scaleLayout({2, 6}, {6}, 2, 0, error));
  EXPECT_FALSE(scaleLayout({2, 6}, {}, 0, 2, error));
}

} // namespace
