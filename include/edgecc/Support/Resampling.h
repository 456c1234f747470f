//===- Resampling.h - ONNX Resize as per-axis interpolation taps -*- C++
//-*-===//
//
// ONNX Resize is separable: along each axis, every output coordinate is a
// weighted sum of a few input coordinates (its taps), and an output element
// is the sum over all combinations of one tap per axis of the product of
// the weights. The taps depend only on shapes and attributes, so the
// compiler computes them once and the generated code only gathers and sums.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_SUPPORT_RESAMPLING_H
#define EDGECC_SUPPORT_RESAMPLING_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace edgecc {

/// How Resize interpolates; the strings are ONNX's attribute values.
struct ResizeMethod {
  llvm::StringRef mode = "nearest"; // nearest, linear, cubic
  llvm::StringRef coordinateTransformation = "half_pixel";
  /// round_prefer_floor, round_prefer_ceil, floor, ceil, or "simple"
  /// (Upsample and Resize-10: floor when enlarging, ceil when shrinking).
  llvm::StringRef nearestMode = "round_prefer_floor";
  double cubicCoeffA = -0.75;
  bool excludeOutside = false;
  bool antialias = false;
};

/// The taps of one axis: output coordinate `o` reads input coordinates
/// indices[o * taps + t] with weights[o * taps + t], for t < taps. An index
/// of -1 marks an output coordinate outside the input (tf_crop_and_resize),
/// whose elements take the extrapolation value.
struct AxisTaps {
  int64_t taps = 1;
  llvm::SmallVector<int64_t> indices;
  llvm::SmallVector<double> weights;
};

/// The taps of one axis of size `inSize` resized to `outSize` with the
/// scale factor `scale` (output/input; ONNX uses it, not the sizes, to map
/// coordinates). `roiStart` and `roiEnd` are the axis' region of interest
/// for tf_crop_and_resize. Taps with weight 0 are dropped and taps reading
/// the same (edge-clamped) index merged, so an axis that is not resized, or
/// is resized by `nearest`, has one tap per output coordinate.
AxisTaps resizeAxisTaps(const ResizeMethod &method, int64_t inSize,
                        int64_t outSize, double scale, double roiStart = 0.0,
                        double roiEnd = 1.0);

/// The one-tap gather that pads an axis of size `inSize` by `padBegin` and
/// `padEnd` elements in ONNX Pad `mode` edge (repeat the edge element),
/// reflect (mirror without repeating it) or wrap (continue periodically).
AxisTaps padAxisTaps(llvm::StringRef mode, int64_t inSize, int64_t padBegin,
                     int64_t padEnd);

/// The names the attributes may take, for verifiers.
bool isResizeMode(llvm::StringRef mode);
bool isCoordinateTransformation(llvm::StringRef mode);
bool isNearestMode(llvm::StringRef mode);
bool isPadMode(llvm::StringRef mode);
/// GridSample's `mode` (nearest, linear, cubic) and `padding_mode` (zeros,
/// border, reflection).
bool isGridSampleMode(llvm::StringRef mode);
bool isGridPaddingMode(llvm::StringRef mode);

/// The result shape of GridSample of `input` [N, C, spatial...] at `grid`
/// [N, out_spatial..., R] (R the input's spatial rank): [N, C,
/// out_spatial...]. Empty, with `error` set, when the shapes do not fit.
llvm::SmallVector<int64_t> gridSampleShape(llvm::ArrayRef<int64_t> input,
                                           llvm::ArrayRef<int64_t> grid,
                                           std::string &error);

} // namespace edgecc

#endif
