//===- Calibration.cpp - tensor ranges from calibration samples -----------===//

#include "edgecc/Support/Calibration.h"

#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <cmath>

namespace edgecc {

std::optional<RangeMethod> parseRangeMethod(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<RangeMethod>>(name)
      .Case("minmax", RangeMethod::MinMax)
      .Case("percentile", RangeMethod::Percentile)
      .Case("mse", RangeMethod::Mse)
      .Default(std::nullopt);
}

void TensorObserver::observeExtremes(llvm::ArrayRef<float> values) {
  for (float value : values) {
    if (!std::isfinite(value)) {
      nonFinite = true;
      continue;
    }
    if (empty()) {
      min = max = value;
      continue;
    }
    min = std::min(min, value);
    max = std::max(max, value);
  }
}

float TensorObserver::histogramLow() const { return std::min(min, 0.0f); }
float TensorObserver::histogramHigh() const { return std::max(max, 0.0f); }

void TensorObserver::startHistogram(unsigned bins) { counts.assign(bins, 0); }

void TensorObserver::observeHistogram(llvm::ArrayRef<float> values) {
  double low = histogramLow(), width = histogramHigh() - low;
  auto bins = static_cast<int64_t>(counts.size());
  if (bins == 0 || empty())
    return;
  for (float value : values) {
    if (!std::isfinite(value))
      continue;
    auto bin = width > 0 ? static_cast<int64_t>((value - low) / width * bins)
                         : int64_t(0);
    ++counts[std::clamp<int64_t>(bin, 0, bins - 1)];
  }
}

namespace {

/// Prefix sums over a histogram's bins of count, count * center and
/// count * center^2, so that the clipping error of any tail is O(1).
struct Moments {
  std::vector<double> count, first, second;

  Moments(llvm::ArrayRef<uint64_t> histogram, double low, double width)
      : count(histogram.size() + 1), first(histogram.size() + 1),
        second(histogram.size() + 1) {
    for (size_t bin = 0; bin < histogram.size(); ++bin) {
      double n = static_cast<double>(histogram[bin]);
      double center = low + (static_cast<double>(bin) + 0.5) * width;
      count[bin + 1] = count[bin] + n;
      first[bin + 1] = first[bin] + n * center;
      second[bin + 1] = second[bin] + n * center * center;
    }
  }

  /// Sum of n * (center - edge)^2 over bins [begin, end).
  double squaredDistance(size_t begin, size_t end, double edge) const {
    double n = count[end] - count[begin];
    double s1 = first[end] - first[begin];
    double s2 = second[end] - second[begin];
    return s2 - 2 * edge * s1 + edge * edge * n;
  }
};

/// The bin edges a range may start or end at: every `stride`-th edge, and
/// the edge nearest to zero (a range must include 0).
std::vector<size_t> candidateEdges(size_t from, size_t to, size_t stride) {
  std::vector<size_t> edges;
  for (size_t edge = from; edge < to; edge += stride)
    edges.push_back(edge);
  edges.push_back(to);
  return edges;
}

TensorRange mseRange(const TensorObserver &observer, int64_t levels) {
  llvm::ArrayRef<uint64_t> histogram = observer.histogram();
  size_t bins = histogram.size();
  double low = observer.histogramLow();
  double width = (observer.histogramHigh() - low) / static_cast<double>(bins);
  Moments moments(histogram, low, width);
  auto zero = static_cast<size_t>(std::clamp<double>(
      std::round(-low / width), 0.0, static_cast<double>(bins)));
  // 128 steps on each side of zero: 16k candidates per tensor.
  size_t stride = std::max<size_t>(1, bins / 128);
  std::vector<size_t> lows = candidateEdges(0, zero, stride);
  std::vector<size_t> highs = candidateEdges(zero, bins, stride);
  double bestError = INFINITY;
  TensorRange best{observer.histogramLow(), observer.histogramHigh()};
  // Widest first, so that ties keep the wider range.
  for (size_t lowEdge : lows) {
    for (auto it = highs.rbegin(); it != highs.rend(); ++it) {
      size_t highEdge = *it;
      double rangeLow = low + static_cast<double>(lowEdge) * width;
      double rangeHigh = low + static_cast<double>(highEdge) * width;
      double step = (rangeHigh - rangeLow) / static_cast<double>(levels - 1);
      double inside = moments.count[highEdge] - moments.count[lowEdge];
      double error = moments.squaredDistance(0, lowEdge, rangeLow) +
                     moments.squaredDistance(highEdge, bins, rangeHigh) +
                     inside * step * step / 12.0;
      if (error < bestError) {
        bestError = error;
        best = {static_cast<float>(rangeLow), static_cast<float>(rangeHigh)};
      }
    }
  }
  return best;
}

TensorRange percentileRange(const TensorObserver &observer, double percentile) {
  llvm::ArrayRef<uint64_t> histogram = observer.histogram();
  double total = 0;
  for (uint64_t count : histogram)
    total += static_cast<double>(count);
  double tail = total * (100.0 - percentile) / 200.0;
  size_t bins = histogram.size();
  double low = observer.histogramLow();
  double width = (observer.histogramHigh() - low) / static_cast<double>(bins);
  // The first and last bins after `tail` values on each side.
  size_t first = 0, last = bins;
  for (double below = 0; first + 1 < bins; ++first) {
    below += static_cast<double>(histogram[first]);
    if (below > tail)
      break;
  }
  for (double above = 0; last > first + 1; --last) {
    above += static_cast<double>(histogram[last - 1]);
    if (above > tail)
      break;
  }
  return {static_cast<float>(
              std::min(low + static_cast<double>(first) * width, 0.0)),
          static_cast<float>(
              std::max(low + static_cast<double>(last) * width, 0.0))};
}

} // namespace

TensorRange chooseRange(const TensorObserver &observer, RangeMethod method,
                        double percentile, int64_t levels) {
  TensorRange extremes{observer.histogramLow(), observer.histogramHigh()};
  if (observer.empty())
    return {0, 0};
  if (method == RangeMethod::MinMax || observer.histogram().empty() ||
      extremes.min == extremes.max)
    return extremes;
  TensorRange range = method == RangeMethod::Percentile
                          ? percentileRange(observer, percentile)
                          : mseRange(observer, levels);
  // Bin edges are computed in double: never past the values seen.
  return {std::max(range.min, extremes.min), std::min(range.max, extremes.max)};
}

InputMeanObserver InputMeanObserver::forConv(
    llvm::ArrayRef<int64_t> inputShape, llvm::ArrayRef<int64_t> kernel,
    llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> pads,
    llvm::ArrayRef<int64_t> dilations) {
  InputMeanObserver observer;
  observer.isConv = true;
  observer.inputShape.assign(inputShape.begin(), inputShape.end());
  observer.kernel.assign(kernel.begin(), kernel.end());
  observer.strides.assign(strides.begin(), strides.end());
  observer.pads.assign(pads.begin(), pads.end());
  observer.dilations.assign(dilations.begin(), dilations.end());
  size_t axes = kernel.size();
  int64_t taps = 1;
  for (size_t axis = 0; axis < axes; ++axis) {
    int64_t span = dilations[axis] * (kernel[axis] - 1) + 1;
    observer.outputSpatial.push_back(
        (inputShape[2 + axis] + pads[axis] + pads[axes + axis] - span) /
            strides[axis] +
        1);
    taps *= kernel[axis];
  }
  observer.sums.assign(inputShape[1] * taps, 0.0);
  return observer;
}

InputMeanObserver
InputMeanObserver::forColumns(llvm::ArrayRef<int64_t> inputShape) {
  InputMeanObserver observer;
  observer.inputShape.assign(inputShape.begin(), inputShape.end());
  observer.sums.assign(inputShape.back(), 0.0);
  return observer;
}

namespace {

/// The sum of `plane` (row-major, `shape`) over the product of one index
/// list per axis.
double sumOver(const float *plane, llvm::ArrayRef<int64_t> shape,
               llvm::ArrayRef<std::vector<int64_t>> indices) {
  if (indices.empty())
    return *plane;
  int64_t stride = 1;
  for (int64_t dim : shape.drop_front())
    stride *= dim;
  double sum = 0;
  for (int64_t index : indices.front())
    sum += sumOver(plane + index * stride, shape.drop_front(),
                   indices.drop_front());
  return sum;
}

} // namespace

void InputMeanObserver::observe(llvm::ArrayRef<float> input) {
  if (!isConv) {
    size_t columns = sums.size();
    for (size_t i = 0; i < input.size(); ++i)
      sums[i % columns] += input[i];
    count += input.size() / columns;
    return;
  }
  size_t axes = kernel.size();
  llvm::ArrayRef<int64_t> spatial = llvm::ArrayRef(inputShape).drop_front(2);
  int64_t planeSize = 1, taps = 1, outputs = 1;
  for (size_t axis = 0; axis < axes; ++axis) {
    planeSize *= spatial[axis];
    taps *= kernel[axis];
    outputs *= outputSpatial[axis];
  }
  // Per tap, the input positions it reads along each axis (padding, which
  // reads 0, left out).
  std::vector<std::vector<int64_t>> rows(axes);
  for (int64_t tap = 0; tap < taps; ++tap) {
    for (int64_t axis = axes - 1, rest = tap; axis >= 0; --axis) {
      int64_t offset = rest % kernel[axis] * dilations[axis] - pads[axis];
      rest /= kernel[axis];
      rows[axis].clear();
      for (int64_t out = 0; out < outputSpatial[axis]; ++out)
        if (int64_t in = out * strides[axis] + offset;
            in >= 0 && in < spatial[axis])
          rows[axis].push_back(in);
    }
    int64_t planes = input.size() / planeSize, channels = inputShape[1];
    for (int64_t plane = 0; plane < planes; ++plane)
      sums[plane % channels * taps + tap] +=
          sumOver(input.data() + plane * planeSize, spatial, rows);
  }
  count += input.size() / (planeSize * inputShape[1]) * outputs;
}

std::vector<float> InputMeanObserver::means() const {
  std::vector<float> result;
  for (double sum : sums)
    result.push_back(count ? static_cast<float>(sum / count) : 0.0f);
  return result;
}

} // namespace edgecc
