//===- CalibrationTest.cpp - range methods and affine parameters ----------===//
//
// The ranges calibration chooses are checked by what matters: the error of
// quantizing the observed values to them.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Support/Calibration.h"
#include "edgecc/Support/Quantization.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

using namespace edgecc;

namespace {

struct Types {
  mlir::MLIRContext context;
  mlir::Type int8 = mlir::IntegerType::get(&context, 8);
  mlir::Type uint8 =
      mlir::IntegerType::get(&context, 8, mlir::IntegerType::Unsigned);
};

TEST(Calibration, AffineQuantizationSpansTheRangeWithZeroExact) {
  Types types;
  AffineQuantization signedParams =
      affineQuantization(-1.0f, 1.55f, types.int8);
  EXPECT_EQ(signedParams.scale, 2.55f / 255.0f);
  EXPECT_EQ(signedParams.zeroPoint, -28);
  EXPECT_EQ(affineQuantization(-1.0f, 1.55f, types.uint8).zeroPoint, 100);
  // A range above zero is widened to start at 0.
  AffineQuantization positive = affineQuantization(0.5f, 2.0f, types.int8);
  EXPECT_EQ(positive.scale, 2.0f / 255.0f);
  EXPECT_EQ(positive.zeroPoint, -128);
  AffineQuantization empty = affineQuantization(0.0f, 0.0f, types.int8);
  EXPECT_EQ(empty.scale, 1.0f);
  EXPECT_EQ(empty.zeroPoint, 0);

  std::mt19937 generator(7);
  std::uniform_real_distribution<float> bound(-50.0f, 50.0f);
  for (int trial = 0; trial < 1000; ++trial) {
    float a = bound(generator), b = bound(generator);
    float min = std::min(a, b), max = std::max(a, b);
    for (mlir::Type element : {types.int8, types.uint8}) {
      AffineQuantization params = affineQuantization(min, max, element);
      auto [qmin, qmax] = integerRange(element);
      EXPECT_EQ(quantizeValue(0.0f, params.scale, params.zeroPoint, element),
                params.zeroPoint);
      // The range's ends land on the grid's ends, to within the rounding of
      // the zero point.
      EXPECT_LE(std::abs(quantizeValue(std::min(min, 0.0f), params.scale,
                                       params.zeroPoint, element) -
                         qmin),
                1);
      EXPECT_LE(std::abs(quantizeValue(std::max(max, 0.0f), params.scale,
                                       params.zeroPoint, element) -
                         qmax),
                1);
    }
  }
}

TEST(Calibration, SymmetricWeightScaleKeepsBothExtremes) {
  Types types;
  float scale = symmetricScale(0.5f, types.int8);
  EXPECT_EQ(scale, 0.5f / 127.0f);
  EXPECT_EQ(quantizeValue(0.5f, scale, 0, types.int8), 127);
  EXPECT_EQ(quantizeValue(-0.5f, scale, 0, types.int8), -127);
  EXPECT_EQ(symmetricScale(0.0f, types.int8), 1.0f);
}

TEST(Calibration, ObserverSkipsAndFlagsNonFiniteValues) {
  TensorObserver observer;
  EXPECT_TRUE(observer.empty());
  observer.observeExtremes({1.0f, std::numeric_limits<float>::quiet_NaN()});
  observer.observeExtremes({3.0f, 2.0f});
  EXPECT_FALSE(observer.empty());
  EXPECT_TRUE(observer.sawNonFinite());
  EXPECT_EQ(observer.minimum(), 1.0f);
  EXPECT_EQ(observer.maximum(), 3.0f);
  // The histogram spans [0, 3]: the range must include zero.
  EXPECT_EQ(observer.histogramLow(), 0.0f);
  TensorRange range = chooseRange(observer, RangeMethod::MinMax, 99.99, 256);
  EXPECT_EQ(range.min, 0.0f);
  EXPECT_EQ(range.max, 3.0f);
}

/// Mean squared error of quantizing `values` to int8 over `range`.
double quantizationError(const std::vector<float> &values, TensorRange range,
                         mlir::Type int8) {
  AffineQuantization params = affineQuantization(range.min, range.max, int8);
  double sum = 0;
  for (float value : values) {
    float dequantized =
        static_cast<float>(
            quantizeValue(value, params.scale, params.zeroPoint, int8) -
            params.zeroPoint) *
        params.scale;
    sum += (value - dequantized) * (value - dequantized);
  }
  return sum / static_cast<double>(values.size());
}

TensorObserver observe(const std::vector<float> &values, RangeMethod method) {
  TensorObserver observer;
  observer.observeExtremes(values);
  if (needsHistogram(method)) {
    observer.startHistogram(2048);
    observer.observeHistogram(values);
  }
  return observer;
}

/// The range `method` chooses for `values` (percentile 99.99, 8 bits).
TensorRange rangeBy(RangeMethod method, const std::vector<float> &values) {
  return chooseRange(observe(values, method), method, 99.99, 256);
}

TEST(Calibration, PercentileClipsRareOutliers) {
  Types types;
  std::mt19937 generator(3);
  std::normal_distribution<float> normal;
  std::vector<float> values(200000);
  for (float &value : values)
    value = normal(generator);
  std::vector<float> bulk = values;
  // Ten outliers in 200000 values (0.005%).
  for (int i = 0; i < 10; ++i)
    values[i * 1000] = i % 2 ? 200.0f : -150.0f;

  TensorRange minmax = rangeBy(RangeMethod::MinMax, values);
  EXPECT_EQ(minmax.min, -150.0f);
  EXPECT_EQ(minmax.max, 200.0f);
  TensorRange percentile = rangeBy(RangeMethod::Percentile, values);
  EXPECT_LT(percentile.min, -3.5f);
  EXPECT_GT(percentile.min, -5.0f);
  EXPECT_GT(percentile.max, 3.5f);
  EXPECT_LT(percentile.max, 5.0f);
  // The common values get a grid 40 times finer.
  EXPECT_LT(quantizationError(bulk, percentile, types.int8),
            quantizationError(bulk, minmax, types.int8) / 1000);
}

TEST(Calibration, MseBalancesClippingAgainstRounding) {
  Types types;
  // Laplace-distributed values: a long, thin tail, as activations have.
  std::mt19937 generator(4);
  std::exponential_distribution<float> exponential;
  std::bernoulli_distribution sign;
  std::vector<float> values(200000);
  for (float &value : values)
    value = sign(generator) ? exponential(generator) : -exponential(generator);
  TensorRange minmax = rangeBy(RangeMethod::MinMax, values);
  TensorRange percentile = rangeBy(RangeMethod::Percentile, values);
  TensorRange mse = rangeBy(RangeMethod::Mse, values);
  EXPECT_LT(mse.max, minmax.max);
  EXPECT_GT(mse.min, minmax.min);
  double mseError = quantizationError(values, mse, types.int8);
  EXPECT_LT(mseError, quantizationError(values, minmax, types.int8) * 0.8);
  EXPECT_LT(mseError, quantizationError(values, percentile, types.int8));
}

TEST(Calibration, MseKeepsTheFullRangeOfUniformValues) {
  Types types;
  std::mt19937 generator(5);
  std::uniform_real_distribution<float> uniform(-1.0f, 3.0f);
  std::vector<float> values(100000);
  for (float &value : values)
    value = uniform(generator);
  TensorRange mse = rangeBy(RangeMethod::Mse, values);
  EXPECT_LT(mse.min, -0.95f);
  EXPECT_GT(mse.max, 2.9f);
  TensorRange minmax = rangeBy(RangeMethod::MinMax, values);
  EXPECT_LE(quantizationError(values, mse, types.int8),
            quantizationError(values, minmax, types.int8) * 1.01);
}

TEST(Calibration, RangeMethodNames) {
  EXPECT_EQ(parseRangeMethod("minmax"), RangeMethod::MinMax);
  EXPECT_EQ(parseRangeMethod("percentile"), RangeMethod::Percentile);
  EXPECT_EQ(parseRangeMethod("mse"), RangeMethod::Mse);
  EXPECT_FALSE(parseRangeMethod("entropy"));
}

TEST(Calibration, ConvInputMeansCountPaddingAsZero) {
  // [1, 2, 3, 4] under a 3-tap kernel padded by 1 on each side: the first
  // tap reads 0, 1, 2, 3 (6 over 4 outputs), the middle one all (10), the
  // last 2, 3, 4, 0 (9).
  InputMeanObserver observer =
      InputMeanObserver::forConv({1, 1, 4}, {3}, {1}, {1, 1}, {1});
  observer.observe({1, 2, 3, 4});
  EXPECT_EQ(observer.means(), (std::vector<float>{1.5f, 2.5f, 2.25f}));
}

TEST(Calibration, ConvInputMeansMatchEveryProductOfAStridedDilatedConv) {
  // Batch 2, 3 channels, 7x6, kernel 3x2, stride (2, 1), dilation (1, 2),
  // pads (1, 0, 2, 1), observed twice: each mean is the average, over all
  // outputs, of the input the tap multiplies.
  const int64_t n = 2, c = 3, h = 7, w = 6, kh = 3, kw = 2, sh = 2, sw = 1,
                dh = 1, dw = 2, top = 1, left = 0, bottom = 2, right = 1;
  const int64_t oh = (h + top + bottom - dh * (kh - 1) - 1) / sh + 1;
  const int64_t ow = (w + left + right - dw * (kw - 1) - 1) / sw + 1;
  InputMeanObserver observer = InputMeanObserver::forConv(
      {n, c, h, w}, {kh, kw}, {sh, sw}, {top, left, bottom, right}, {dh, dw});
  std::mt19937 generator(11);
  std::uniform_real_distribution<float> uniform(-1.0f, 2.0f);
  std::vector<double> expected(c * kh * kw, 0.0);
  for (int round = 0; round < 2; ++round) {
    std::vector<float> input(n * c * h * w);
    for (float &value : input)
      value = uniform(generator);
    observer.observe(input);
    for (int64_t b = 0; b < n; ++b)
      for (int64_t ch = 0; ch < c; ++ch)
        for (int64_t i = 0; i < kh; ++i)
          for (int64_t j = 0; j < kw; ++j)
            for (int64_t y = 0; y < oh; ++y)
              for (int64_t x = 0; x < ow; ++x) {
                int64_t iy = y * sh + i * dh - top, ix = x * sw + j * dw - left;
                if (iy >= 0 && iy < h && ix >= 0 && ix < w)
                  expected[(ch * kh + i) * kw + j] +=
                      input[((b * c + ch) * h + iy) * w + ix];
              }
  }
  std::vector<float> means = observer.means();
  ASSERT_EQ(means.size(), expected.size());
  for (size_t i = 0; i < means.size(); ++i)
    EXPECT_NEAR(means[i], expected[i] / (2 * n * oh * ow), 1e-6) << i;
}

TEST(Calibration, ColumnMeansAverageEveryRow) {
  InputMeanObserver observer = InputMeanObserver::forColumns({2, 2, 3});
  observer.observe({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  EXPECT_EQ(observer.means(), (std::vector<float>{5.5f, 6.5f, 7.5f}));
}

} // namespace
