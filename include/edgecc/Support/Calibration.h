//===- Calibration.h - tensor ranges from calibration samples ---*- C++ -*-===//
//
// Post-training quantization needs, for every activation it quantizes, the
// range [min, max] its quantization grid spans. Calibration runs the float
// model on sample inputs and records what each tensor held; the range
// methods here turn that record into the range to quantize to.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_SUPPORT_CALIBRATION_H
#define EDGECC_SUPPORT_CALIBRATION_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace edgecc {

enum class RangeMethod {
  /// The extremes seen: nothing is clipped.
  MinMax,
  /// The central `percentile` percent of all values seen: rare outliers are
  /// clipped so that the common values get a finer grid.
  Percentile,
  /// The range whose quantization has the least expected squared error over
  /// the values seen (clipping error plus rounding noise).
  Mse,
};

/// "minmax", "percentile" or "mse".
std::optional<RangeMethod> parseRangeMethod(llvm::StringRef name);

/// What one tensor held over all calibration samples: first its extremes
/// (every sample through observeExtremes), then, for the methods that need
/// it, a histogram of its values over those extremes widened to include 0
/// (every sample again through observeHistogram).
class TensorObserver {
public:
  void observeExtremes(llvm::ArrayRef<float> values);
  void startHistogram(unsigned bins);
  void observeHistogram(llvm::ArrayRef<float> values);

  bool empty() const { return !(min <= max); }
  /// Whether some value was NaN or infinite (and so left out).
  bool sawNonFinite() const { return nonFinite; }
  float minimum() const { return min; }
  float maximum() const { return max; }
  /// The histogram's span: [min(minimum, 0), max(maximum, 0)].
  float histogramLow() const;
  float histogramHigh() const;
  llvm::ArrayRef<uint64_t> histogram() const { return counts; }

private:
  float min = 0, max = -1; // empty until the first value
  bool nonFinite = false;
  std::vector<uint64_t> counts;
};

struct TensorRange {
  float min, max;
};

/// Whether `method` needs the histogram pass.
inline bool needsHistogram(RangeMethod method) {
  return method != RangeMethod::MinMax;
}

/// The range to quantize to, for a grid of `levels` values (256 for 8 bits).
/// It always includes 0, so that zero (padding, Relu's floor) is exact.
TensorRange chooseRange(const TensorObserver &observer, RangeMethod method,
                        double percentile, int64_t levels);

/// The mean input each weight of a linear layer multiplies, over all
/// calibration samples: what bias correction needs to cancel the expected
/// output shift that rounding the weights causes (E[(W_q - W) x]).
class InputMeanObserver {
public:
  /// A conv over an input [N, C, spatial...] with kernel `kernel` (one per
  /// spatial axis): one mean per input channel and kernel tap, [C, kernel...],
  /// taken over every output position and batch item, where padding counts
  /// as 0 (as the conv sees it).
  static InputMeanObserver forConv(llvm::ArrayRef<int64_t> inputShape,
                                   llvm::ArrayRef<int64_t> kernel,
                                   llvm::ArrayRef<int64_t> strides,
                                   llvm::ArrayRef<int64_t> pads,
                                   llvm::ArrayRef<int64_t> dilations);
  /// A gemm or matmul input [..., K]: one mean per column k.
  static InputMeanObserver forColumns(llvm::ArrayRef<int64_t> inputShape);

  void observe(llvm::ArrayRef<float> input);
  std::vector<float> means() const;

private:
  std::vector<int64_t> inputShape, kernel, strides, pads, dilations,
      outputSpatial;
  bool isConv = false;
  std::vector<double> sums;
  uint64_t count = 0; // how many terms each sum holds
};

} // namespace edgecc

#endif
