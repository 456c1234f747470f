//===- ResamplingTest.cpp - ONNX Resize interpolation taps ----------------===//

#include "edgecc/Support/Resampling.h"

#include <gtest/gtest.h>

#include <numeric>

using namespace edgecc;

namespace {

/// Each output coordinate's weights add up to `sum`.
void expectWeightSums(const AxisTaps &taps, double sum) {
  for (size_t at = 0; at < taps.weights.size(); at += taps.taps) {
    double total = std::accumulate(taps.weights.begin() + at,
                                   taps.weights.begin() + at + taps.taps, 0.0);
    EXPECT_NEAR(total, sum, 1e-12) << "output " << at / taps.taps;
  }
}

TEST(Resampling, NearestIsOneTap) {
  ResizeMethod method;
  method.coordinateTransformation = "asymmetric";
  method.nearestMode = "floor";
  AxisTaps taps = resizeAxisTaps(method, 3, 6, 2.0);
  EXPECT_EQ(taps.taps, 1);
  EXPECT_EQ(taps.indices, (llvm::SmallVector<int64_t>{0, 0, 1, 1, 2, 2}));
  expectWeightSums(taps, 1.0);
}

TEST(Resampling, SimpleNearestRoundsUpWhenShrinking) {
  // Upsample/Resize-10: 5 -> 2 reads coordinates 0 and 2.5, rounded up.
  ResizeMethod method;
  method.coordinateTransformation = "asymmetric";
  method.nearestMode = "simple";
  AxisTaps taps = resizeAxisTaps(method, 5, 2, 0.4);
  EXPECT_EQ(taps.indices, (llvm::SmallVector<int64_t>{0, 3}));
}

TEST(Resampling, RoundPreferFloorAndCeil) {
  // half_pixel 2 -> 4 reads -0.25, 0.25, 0.75, 1.25.
  ResizeMethod method;
  AxisTaps floor = resizeAxisTaps(method, 2, 4, 2.0);
  EXPECT_EQ(floor.indices, (llvm::SmallVector<int64_t>{0, 0, 1, 1}));
  // Exactly halfway: 1 -> 2 with asymmetric reads 0 and 0.5.
  method.coordinateTransformation = "asymmetric";
  EXPECT_EQ(resizeAxisTaps(method, 2, 4, 2.0).indices,
            (llvm::SmallVector<int64_t>{0, 0, 1, 1}));
  method.nearestMode = "round_prefer_ceil";
  EXPECT_EQ(resizeAxisTaps(method, 2, 4, 2.0).indices,
            (llvm::SmallVector<int64_t>{0, 1, 1, 1}));
}

TEST(Resampling, LinearClampsAndMergesEdgeTaps) {
  ResizeMethod method;
  method.mode = "linear";
  AxisTaps taps = resizeAxisTaps(method, 2, 4, 2.0);
  EXPECT_EQ(taps.taps, 2);
  EXPECT_EQ(taps.indices, (llvm::SmallVector<int64_t>{0, 0, 0, 1, 0, 1, 1, 1}));
  EXPECT_EQ(taps.weights,
            (llvm::SmallVector<double>{1, 0, 0.75, 0.25, 0.25, 0.75, 1, 0}));
}

TEST(Resampling, UnchangedAxisIsIdentity) {
  for (llvm::StringRef mode : {"nearest", "linear", "cubic"}) {
    ResizeMethod method;
    method.mode = mode;
    AxisTaps taps = resizeAxisTaps(method, 5, 5, 1.0);
    EXPECT_EQ(taps.taps, 1) << mode.str();
    EXPECT_EQ(taps.indices, (llvm::SmallVector<int64_t>{0, 1, 2, 3, 4}));
    expectWeightSums(taps, 1.0);
  }
}

TEST(Resampling, CubicUsesFourNeighbours) {
  ResizeMethod method;
  method.mode = "cubic";
  AxisTaps taps = resizeAxisTaps(method, 8, 5, 5.0 / 8.0);
  EXPECT_EQ(taps.taps, 4);
  expectWeightSums(taps, 1.0);
  // Output 2 reads source (2 + 0.5) * 1.6 - 0.5 = 3.5: inputs 2..5 at
  // distances 1.5, 0.5, 0.5, 1.5 of Keys' kernel with a = -0.75.
  auto keys = [](double x) {
    return x <= 1 ? 1.25 * x * x * x - 2.25 * x * x + 1
                  : -0.75 * (x * x * x - 5 * x * x + 8 * x - 4);
  };
  EXPECT_EQ(taps.indices[8], 2);
  for (int t = 0; t < 4; ++t)
    EXPECT_NEAR(taps.weights[8 + t], keys(std::abs(t - 1.5)), 1e-12);
}

TEST(Resampling, AntialiasWidensTheKernelWhenShrinking) {
  ResizeMethod method;
  method.mode = "linear";
  method.antialias = true;
  AxisTaps taps = resizeAxisTaps(method, 16, 4, 0.25);
  // A triangle 4 input pixels wide on each side.
  EXPECT_EQ(taps.taps, 8);
  expectWeightSums(taps, 1.0);
}

TEST(Resampling, CropOutsideTheInputExtrapolates) {
  ResizeMethod method;
  method.mode = "linear";
  method.coordinateTransformation = "tf_crop_and_resize";
  // The crop [-0.5, 1.5] of 3 elements maps outputs 0..4 to -1, 0, 1, 2, 3.
  AxisTaps taps = resizeAxisTaps(method, 3, 5, 5.0 / 3.0, -0.5, 1.5);
  EXPECT_EQ(taps.indices.front(), -1);
  EXPECT_EQ(taps.indices.back(), -1);
  EXPECT_EQ(taps.indices[taps.taps * 2], 1);
}

TEST(Resampling, PaddingModes) {
  // [a b c] padded by 4 before and 2 after.
  using Indices = llvm::SmallVector<int64_t>;
  EXPECT_EQ(padAxisTaps("edge", 3, 4, 2).indices,
            (Indices{0, 0, 0, 0, 0, 1, 2, 2, 2}));
  EXPECT_EQ(padAxisTaps("reflect", 3, 4, 2).indices,
            (Indices{0, 1, 2, 1, 0, 1, 2, 1, 0}));
  EXPECT_EQ(padAxisTaps("wrap", 3, 4, 2).indices,
            (Indices{2, 0, 1, 2, 0, 1, 2, 0, 1}));
  // A single element reflects onto itself.
  EXPECT_EQ(padAxisTaps("reflect", 1, 2, 1).indices, (Indices{0, 0, 0, 0}));
}

} // namespace
