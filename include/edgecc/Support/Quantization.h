//===- Quantization.h - Linear quantization rules ---------------*- C++ -*-===//
//
// The scale layouts of ONNX QuantizeLinear and DequantizeLinear (per tensor,
// per axis, blocked), checked by the graph and the kernel verifiers and read
// by the emitter, and the fixed-point form of a requantization multiplier.
// The run-time arithmetic itself is the runtime's (edgecc_rt.h), so every
// backend and the host tests share one definition of rounding and
// saturation.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_SUPPORT_QUANTIZATION_H
#define EDGECC_SUPPORT_QUANTIZATION_H

#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace edgecc {

/// How a quantized tensor's elements find their scale and zero point, for
/// an element at (outer, a, inner) where `a` indexes dim `axis`:
///   per tensor: 0
///   per axis:   a                              (scale is [dim])
///   blocked:    (outer * blocks + a / blockSize) * inner + inner index
///               (scale has the input's shape with dim `axis` divided by
///               blockSize, rounded up)
struct ScaleLayout {
  enum Kind { PerTensor, PerAxis, Blocked } kind;
  int64_t outer = 1, axisSize = 1, inner = 1, blockSize = 1, blocks = 1;
};

/// The layout of `scale` for `input`, or std::nullopt with `error` set when
/// the shapes do not form one of the three. `axis` must be in range for a
/// per-axis or blocked scale; `blockSize` is 0 unless blocked.
std::optional<ScaleLayout> scaleLayout(llvm::ArrayRef<int64_t> input,
                                       llvm::ArrayRef<int64_t> scale,
                                       int64_t axis, int64_t blockSize,
                                       std::string &error);

/// True for the element types of quantized tensors: 4-, 8- and 16-bit
/// integers and float8.
bool isQuantizedType(mlir::Type element);

/// The smallest and largest value of integer type `element` (at most 32
/// bits): the saturation bounds of a quantized result.
std::pair<int64_t, int64_t> integerRange(mlir::Type element);

/// "" when QuantizeLinear or DequantizeLinear operands are well formed,
/// else why not: shapes as scaleLayout says, a zero point (null when
/// absent) shaped like the scale with the element type of the quantized
/// side (`quantized`: Q's result, DQ's input), and a result shaped like
/// the input. Shared by the graph and kernel verifiers.
std::string linearQuantizationMismatch(mlir::ShapedType input,
                                       mlir::ShapedType scale,
                                       mlir::ShapedType zeroPoint,
                                       mlir::ShapedType result,
                                       mlir::ShapedType quantized, int64_t axis,
                                       int64_t blockSize);

/// The same for a table lookup: `result[i] = table[input[i]]` over the
/// bytes of an 8-bit integer `input`, so the table has 256 entries.
std::string lookupMismatch(mlir::ShapedType table, mlir::ShapedType input,
                           mlir::ShapedType result);

/// The same for a quantized binary op (graph.quantized_binary): `kind`
/// add, sub, mul, max or min; the lhs, rhs and result types (8-bit
/// integers; shapes are the caller's to check), their scales (positive,
/// finite) and zero points (in their types' ranges).
std::string quantizedBinaryMismatch(llvm::StringRef kind,
                                    llvm::ArrayRef<mlir::ShapedType> types,
                                    llvm::ArrayRef<float> scales,
                                    llvm::ArrayRef<int64_t> zeroPoints);
/// The same for graph.quantized_binary or kernel.quantized_binary, whose
/// attributes have the same names; `types` as above.
template <typename QuantizedBinaryOp>
std::string quantizedBinaryMismatch(QuantizedBinaryOp op,
                                    llvm::ArrayRef<mlir::ShapedType> types) {
  return quantizedBinaryMismatch(op.getKind(), types,
                                 {op.getLhsScale().convertToFloat(),
                                  op.getRhsScale().convertToFloat(),
                                  op.getScale().convertToFloat()},
                                 {static_cast<int64_t>(op.getLhsZeroPoint()),
                                  static_cast<int64_t>(op.getRhsZeroPoint()),
                                  static_cast<int64_t>(op.getZeroPoint())});
}

/// The same for a requantization of int32 or int64 `input` to `result` with
/// one (multiplier, shift) per index along `axis`, or one for the whole
/// tensor, and optional clamp bounds inside the result type's range; an
/// int64 input needs a wideRequantizationLimit for each.
std::string requantizeMismatch(mlir::ShapedType input, mlir::ShapedType result,
                               llvm::ArrayRef<int32_t> multipliers,
                               llvm::ArrayRef<int32_t> shifts, int64_t axis,
                               int64_t zeroPoint,
                               std::optional<int64_t> clampMin,
                               std::optional<int64_t> clampMax);

/// The saturation bounds of a requantization to `element`: the type's range
/// narrowed by the optional clamp bounds (a fused Relu or Clip).
std::pair<int64_t, int64_t> requantizeBounds(mlir::Type element,
                                             std::optional<int64_t> clampMin,
                                             std::optional<int64_t> clampMax);

/// The scale of the runtime's edgecc_requantize_scaled, multiplier *
/// 2^-shift (exact), when that double-precision form of requantizing by
/// `multiplier` and `shift` to `zeroPoint` in [lo, hi] equals
/// edgecc_requantize for every int32 accumulator (see edgecc_quantize.h);
/// nullopt otherwise.
std::optional<double> requantizationScale(int32_t multiplier, int32_t shift,
                                          int64_t zeroPoint, int64_t lo,
                                          int64_t hi);

/// The accumulator limit of the runtime's edgecc_requantize_wide, which
/// requantizes int64 accumulators by `multiplier` and `shift` to
/// `zeroPoint` in [lo, hi]: floor((2^62 - 1) / multiplier), when every
/// accumulator beyond it saturates either way; nullopt otherwise (a shift
/// too large for the bounds' reach: 45 or 46 at most for 16-bit results).
std::optional<int64_t> wideRequantizationLimit(int32_t multiplier,
                                               int32_t shift, int64_t zeroPoint,
                                               int64_t lo, int64_t hi);

/// The scale and zero point that map the real range [min, max] (widened to
/// include 0) onto all of integer type `element`: scale = (max - min) /
/// (qmax - qmin) in float32, zero point round(qmin - min / scale), so that
/// 0 is exactly representable. An empty range gets scale 1.
struct AffineQuantization {
  float scale;
  int64_t zeroPoint;
};
AffineQuantization affineQuantization(float min, float max, mlir::Type element);

/// The scale of symmetric quantization (zero point 0) of values up to
/// `absMax` in magnitude to the narrow range [-qmax, qmax] of `element`, so
/// that -absMax and absMax both stay exact: absMax / qmax, 1 for 0.
float symmetricScale(float absMax, mlir::Type element);

/// QuantizeLinear of one float32 value to integer type `element` (at most
/// 16 bits), computed by the runtime's edgecc_quantizef:
/// saturate(round_half_even(value / scale) + zeroPoint), the division in
/// float32 as ONNX specifies. NaN gives the zero point.
int64_t quantizeValue(float value, float scale, int64_t zeroPoint,
                      mlir::Type element);

/// "" when a convolution's element types and zero points are well formed,
/// else why not: all float32, or all int32, without zero points; or
/// int8/uint8 input and weight (each its own type) with an int32 bias
/// (`bias` null when absent) and result, or an int16/uint16 input and an
/// int8/uint8 weight with an int64 bias and result; an input zero point in the
/// input type's range and one weight zero point, or one per output channel
/// (`outChannels`), in the weight type's range. Shared by the graph and
/// kernel verifiers.
std::string
convTypesMismatch(mlir::Type input, mlir::Type weight, mlir::Type bias,
                  mlir::Type result, std::optional<int64_t> inputZeroPoint,
                  std::optional<llvm::ArrayRef<int64_t>> weightZeroPoints,
                  int64_t outChannels);

/// A positive real multiplier as `multiplier * 2^-shift`, with a 31-bit
/// multiplier in [2^30, 2^31) (or 0 for a multiplier too small to change
/// any int32 product) and 0 <= shift <= 62: acc * multiplier fits int64
/// for every int32 acc. Exact for any float32 or float16 value.
struct FixedPointMultiplier {
  int32_t multiplier;
  int32_t shift;
};

/// std::nullopt for a multiplier that is not finite and positive, or that
/// is 2^31 or more.
std::optional<FixedPointMultiplier> toFixedPoint(double multiplier);

/// The real multiplier that takes an integer product of operands with
/// scales `in` and `weight` to a result of scale `out`: in * weight / out,
/// rounded to the scales' float type after each step, as ONNX's
/// QLinearConv and QLinearMatMul (and onnxruntime) compute it.
double productScale(llvm::APFloat in, const llvm::APFloat &weight,
                    const llvm::APFloat &out);

} // namespace edgecc

#endif
