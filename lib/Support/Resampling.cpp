//===- Resampling.cpp - ONNX Resize as per-axis interpolation taps --------===//
//
// Follows the ONNX specification of Resize (opset 19) to the letter,
// including its choice of neighbours near the edges, so that results match
// the ONNX reference outputs and onnxruntime.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Support/Resampling.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <cmath>

using namespace edgecc;
using llvm::SmallVector;
using llvm::StringRef;

bool edgecc::isResizeMode(StringRef mode) {
  return mode == "nearest" || mode == "linear" || mode == "cubic";
}

bool edgecc::isCoordinateTransformation(StringRef mode) {
  return llvm::is_contained({"half_pixel", "half_pixel_symmetric",
                             "pytorch_half_pixel", "align_corners",
                             "asymmetric", "tf_crop_and_resize"},
                            mode);
}

bool edgecc::isNearestMode(StringRef mode) {
  return llvm::is_contained(
      {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil", "simple"},
      mode);
}

bool edgecc::isGridSampleMode(StringRef mode) {
  return llvm::is_contained({"nearest", "linear", "cubic"}, mode);
}

bool edgecc::isGridPaddingMode(StringRef mode) {
  return llvm::is_contained({"zeros", "border", "reflection"}, mode);
}

SmallVector<int64_t> edgecc::gridSampleShape(llvm::ArrayRef<int64_t> input,
                                             llvm::ArrayRef<int64_t> grid,
                                             std::string &error) {
  if (input.size() < 3 || grid.size() != input.size() ||
      grid.front() != input.front() ||
      grid.back() != static_cast<int64_t>(input.size()) - 2) {
    error = "expected an input [N, C, spatial...] and a grid [N, "
            "out_spatial..., R] with R the input's spatial rank";
    return {};
  }
  SmallVector<int64_t> shape(input.take_front(2));
  llvm::append_range(shape, grid.drop_front().drop_back());
  return shape;
}

bool edgecc::isPadMode(StringRef mode) {
  return llvm::is_contained({"constant", "edge", "reflect", "wrap"}, mode);
}

AxisTaps edgecc::padAxisTaps(StringRef mode, int64_t inSize, int64_t padBegin,
                             int64_t padEnd) {
  AxisTaps result;
  int64_t period = mode == "wrap" ? inSize : 2 * (inSize - 1);
  for (int64_t out = 0; out < padBegin + inSize + padEnd; ++out) {
    int64_t at = out - padBegin;
    if (mode == "edge" || period == 0) {
      at = std::clamp<int64_t>(at, 0, inSize - 1);
    } else {
      at = ((at % period) + period) % period;
      if (mode == "reflect" && at >= inSize)
        at = period - at;
    }
    result.indices.push_back(at);
    result.weights.push_back(1.0);
  }
  return result;
}

/// The input coordinate of output coordinate `x`, or nullopt when it lies
/// outside the crop of tf_crop_and_resize.
static std::optional<double> sourceCoordinate(StringRef mode, int64_t x,
                                              int64_t inSize, int64_t outSize,
                                              double scale, double roiStart,
                                              double roiEnd) {
  // ONNX maps coordinates with the unrounded output length.
  double outLength = scale * static_cast<double>(inSize);
  double in = static_cast<double>(inSize), at = static_cast<double>(x);
  if (mode == "align_corners")
    return outLength == 1 ? 0.0 : at * (in - 1) / (outLength - 1);
  if (mode == "asymmetric")
    return at / scale;
  if (mode == "pytorch_half_pixel")
    return outLength == 1 ? -0.5 : (at + 0.5) / scale - 0.5;
  if (mode == "half_pixel_symmetric") {
    double adjustment = static_cast<double>(outSize) / outLength;
    double offset = in / 2 * (1 - adjustment);
    return offset + (at + 0.5) / scale - 0.5;
  }
  if (mode == "tf_crop_and_resize") {
    double source = outLength == 1
                        ? (roiEnd - roiStart) * (in - 1) / 2
                        : at * (roiEnd - roiStart) * (in - 1) / (outLength - 1);
    source += roiStart * (in - 1);
    if (source < 0 || source > in - 1)
      return std::nullopt;
    return source;
  }
  return (at + 0.5) / scale - 0.5; // half_pixel
}

/// The two weights of `nearest` for the neighbours left and right of the
/// source coordinate, `ratio` (in (0, 1]) past the left one.
static SmallVector<double> nearestCoefficients(StringRef mode, double ratio,
                                               double scale) {
  if (ratio == 1)
    return {0, 1};
  if (mode == "simple")
    mode = scale < 1 ? "ceil" : "floor";
  bool right = llvm::StringSwitch<bool>(mode)
                   .Case("round_prefer_ceil", ratio >= 0.5)
                   .Case("floor", false)
                   .Case("ceil", true)
                   .Default(ratio > 0.5); // round_prefer_floor
  return {right ? 0.0 : 1.0, right ? 1.0 : 0.0};
}

/// Keys' cubic convolution kernel with parameter `a` at distance `x`.
static double cubicKernel(double x, double a) {
  x = std::fabs(x);
  if (x <= 1)
    return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2)
    return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
  return 0;
}

/// The weights of the neighbours, the first one at floor(x) - (n/2 - 1);
/// with antialiasing, the kernel is widened by 1/scale when shrinking.
static SmallVector<double> interpolationCoefficients(const ResizeMethod &method,
                                                     double ratio,
                                                     double scale) {
  bool cubic = method.mode == "cubic";
  double support = cubic ? 2 : 1;
  double stretch = method.antialias ? std::min(scale, 1.0) : 1.0;
  int64_t first = static_cast<int64_t>(std::floor(-support / stretch)) + 1;
  SmallVector<double> coefficients;
  double sum = 0;
  for (int64_t i = first; i < 2 - first; ++i) {
    double distance = (static_cast<double>(i) - ratio) * stretch;
    double weight = cubic ? cubicKernel(distance, method.cubicCoeffA)
                          : std::clamp(1 - std::fabs(distance), 0.0, 1.0);
    coefficients.push_back(weight);
    sum += weight;
  }
  // Without antialiasing the kernels already sum to 1; ONNX normalizes the
  // widened ones only.
  if (method.antialias)
    for (double &weight : coefficients)
      weight /= sum;
  return coefficients;
}

/// The `count` input coordinates nearest to `x` (ties to the smaller), as
/// ONNX picks them: among [-pad, inSize + pad) with pad = ceil(count / 2).
static SmallVector<int64_t> neighbours(double x, int64_t count,
                                       int64_t inSize) {
  int64_t pad = (count + 1) / 2;
  int64_t center = static_cast<int64_t>(std::floor(x));
  SmallVector<int64_t> candidates;
  for (int64_t i = center - count; i <= center + count + 1; ++i)
    if (i >= -pad && i < inSize + pad)
      candidates.push_back(i);
  auto closer = [&](int64_t a, int64_t b) {
    double da = std::fabs(x - static_cast<double>(a)),
           db = std::fabs(x - static_cast<double>(b));
    return da != db ? da < db : a < b;
  };
  // `closer` is a total order, so a plain sort is deterministic.
  llvm::sort(candidates, closer);
  candidates.resize(std::min<size_t>(candidates.size(), count));
  llvm::sort(candidates);
  return candidates;
}

AxisTaps edgecc::resizeAxisTaps(const ResizeMethod &method, int64_t inSize,
                                int64_t outSize, double scale, double roiStart,
                                double roiEnd) {
  SmallVector<SmallVector<std::pair<int64_t, double>>> perOutput;
  for (int64_t x = 0; x < outSize; ++x) {
    SmallVector<std::pair<int64_t, double>> &taps = perOutput.emplace_back();
    std::optional<double> source =
        sourceCoordinate(method.coordinateTransformation, x, inSize, outSize,
                         scale, roiStart, roiEnd);
    if (!source) {
      taps.push_back({-1, 1.0});
      continue;
    }
    double floor = std::floor(*source);
    double ratio = *source == floor ? 1.0 : *source - floor;
    SmallVector<double> weights =
        method.mode == "nearest"
            ? nearestCoefficients(method.nearestMode, ratio, scale)
            : interpolationCoefficients(method, ratio, scale);
    SmallVector<int64_t> indices = neighbours(*source, weights.size(), inSize);
    if (method.excludeOutside) {
      double sum = 0;
      for (auto [index, weight] : llvm::zip_equal(indices, weights)) {
        if (index < 0 || index >= inSize)
          weight = 0;
        sum += weight;
      }
      for (double &weight : weights)
        weight /= sum;
    }
    // Outside the input, ONNX repeats the edge element.
    for (auto [index, weight] : llvm::zip_equal(indices, weights)) {
      if (weight == 0)
        continue;
      int64_t clamped = std::clamp<int64_t>(index, 0, inSize - 1);
      auto *same = llvm::find_if(
          taps, [&](const auto &tap) { return tap.first == clamped; });
      if (same != taps.end())
        same->second += weight;
      else
        taps.push_back({clamped, weight});
    }
  }
  AxisTaps result;
  for (const auto &taps : perOutput)
    result.taps = std::max<int64_t>(result.taps, taps.size());
  for (const auto &taps : perOutput)
    for (int64_t t = 0; t < result.taps; ++t) {
      bool real = t < static_cast<int64_t>(taps.size());
      result.indices.push_back(real ? taps[t].first : taps.front().first);
      result.weights.push_back(real ? taps[t].second : 0.0);
    }
  return result;
}
