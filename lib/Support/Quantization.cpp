//===- Quantization.cpp ---------------------------------------------------===//

#include "edgecc/Support/Quantization.h"

#include "edgecc/Support/DataTypes.h"

#include "edgecc_rt.h"

#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/APInt.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cmath>

namespace edgecc {

static int64_t product(llvm::ArrayRef<int64_t> dims) {
  int64_t result = 1;
  for (int64_t dim : dims)
    result *= dim;
  return result;
}

std::optional<ScaleLayout> scaleLayout(llvm::ArrayRef<int64_t> input,
                                       llvm::ArrayRef<int64_t> scale,
                                       int64_t axis, int64_t blockSize,
                                       std::string &error) {
  ScaleLayout layout{ScaleLayout::PerTensor};
  layout.inner = product(input);
  if (scale.empty()) {
    if (blockSize != 0)
      error = "a blocked scale must have the input's rank";
    return error.empty() ? std::optional(layout) : std::nullopt;
  }
  int64_t rank = static_cast<int64_t>(input.size());
  if (axis < 0 || axis >= rank) {
    error = "axis " + std::to_string(axis) + " out of range for rank " +
            std::to_string(rank);
    return std::nullopt;
  }
  layout.outer = product(input.take_front(axis));
  layout.axisSize = input[axis];
  layout.inner = product(input.drop_front(axis + 1));
  if (blockSize == 0) {
    if (scale.size() != 1 || scale[0] != input[axis]) {
      error = "a per-axis scale must have shape [" +
              std::to_string(input[axis]) + "]";
      return std::nullopt;
    }
    layout.kind = ScaleLayout::PerAxis;
    return layout;
  }
  layout.kind = ScaleLayout::Blocked;
  layout.blockSize = blockSize;
  layout.blocks = blockSize > 0 ? (input[axis] + blockSize - 1) / blockSize : 0;
  bool matches = blockSize > 0 && static_cast<int64_t>(scale.size()) == rank;
  for (int64_t dim = 0; matches && dim < rank; ++dim)
    matches = scale[dim] == (dim == axis ? layout.blocks : input[dim]);
  if (!matches) {
    error = "a blocked scale must have the input's shape with dim " +
            std::to_string(axis) + " divided by the block size " +
            std::to_string(blockSize) + " (rounded up)";
    return std::nullopt;
  }
  return layout;
}

bool isQuantizedType(mlir::Type element) {
  auto integer = llvm::dyn_cast<mlir::IntegerType>(element);
  return (integer && (integer.getWidth() == 4 || integer.getWidth() == 8 ||
                      integer.getWidth() == 16)) ||
         float8Format(element);
}

std::pair<int64_t, int64_t> integerRange(mlir::Type element) {
  unsigned bits = element.getIntOrFloatBitWidth();
  if (element.isUnsignedInteger())
    return {0, (int64_t(1) << bits) - 1};
  return {-(int64_t(1) << (bits - 1)), (int64_t(1) << (bits - 1)) - 1};
}

std::string linearQuantizationMismatch(mlir::ShapedType input,
                                       mlir::ShapedType scale,
                                       mlir::ShapedType zeroPoint,
                                       mlir::ShapedType result,
                                       mlir::ShapedType quantized, int64_t axis,
                                       int64_t blockSize) {
  std::string error;
  if (!scaleLayout(input.getShape(), scale.getShape(), axis, blockSize, error))
    return error;
  if (result.getShape() != input.getShape())
    return "the result must have the input's shape";
  if (zeroPoint && zeroPoint.getShape() != scale.getShape())
    return "the zero point must have the scale's shape";
  if (zeroPoint && zeroPoint.getElementType() != quantized.getElementType())
    return "the zero point must have the quantized tensor's element type";
  if (!scale.getElementType().isF32())
    return "the scale must be float32";
  return "";
}

std::string lookupMismatch(mlir::ShapedType table, mlir::ShapedType input,
                           mlir::ShapedType result) {
  auto byte = llvm::dyn_cast<mlir::IntegerType>(input.getElementType());
  if (!byte || byte.getWidth() != 8)
    return "the input must be int8 or uint8";
  if (table.getRank() != 1 || table.getDimSize(0) != 256)
    return "the table must have 256 entries, one per input byte value";
  if (result.getShape() != input.getShape() ||
      result.getElementType() != table.getElementType())
    return "the result must have the input's shape and the table's element "
           "type";
  return "";
}

std::string quantizedBinaryMismatch(llvm::StringRef kind,
                                    llvm::ArrayRef<mlir::ShapedType> types,
                                    llvm::ArrayRef<float> scales,
                                    llvm::ArrayRef<int64_t> zeroPoints) {
  if (!llvm::is_contained({"add", "sub", "mul", "max", "min"}, kind))
    return "unknown kind '" + kind.str() + "'";
  for (auto [type, scale, zeroPoint] :
       llvm::zip_equal(types, scales, zeroPoints)) {
    mlir::Type element = type.getElementType();
    if (!element.isInteger(8))
      return "operands and result must be int8 or uint8";
    if (!(scale > 0) || std::isinf(scale))
      return "scales must be positive and finite";
    auto [lo, hi] = integerRange(element);
    if (zeroPoint < lo || zeroPoint > hi)
      return "zero point " + std::to_string(zeroPoint) +
             " is out of its type's range";
  }
  return "";
}

std::string requantizeMismatch(mlir::ShapedType input, mlir::ShapedType result,
                               llvm::ArrayRef<int32_t> multipliers,
                               llvm::ArrayRef<int32_t> shifts, int64_t axis,
                               int64_t zeroPoint,
                               std::optional<int64_t> clampMin,
                               std::optional<int64_t> clampMax) {
  if (result.getShape() != input.getShape())
    return "the result must have the input's shape";
  bool wide = input.getElementType().isSignlessInteger(64);
  if (!input.getElementType().isSignlessInteger(32) && !wide)
    return "requantizes int32 or int64 accumulators";
  if (!llvm::isa<mlir::IntegerType>(result.getElementType()) ||
      !isQuantizedType(result.getElementType()))
    return "requantizes to a 4-, 8- or 16-bit integer type";
  int64_t rank = input.getRank();
  if (axis < 0 || axis >= std::max<int64_t>(rank, 1))
    return "axis " + std::to_string(axis) + " out of range";
  size_t channels = rank == 0 ? 1 : static_cast<size_t>(input.getDimSize(axis));
  if (multipliers.size() != shifts.size() ||
      (multipliers.size() != 1 && multipliers.size() != channels))
    return "expected one multiplier and shift, or " + std::to_string(channels) +
           " (one per index along the axis)";
  for (auto [multiplier, shift] : llvm::zip_equal(multipliers, shifts))
    if (multiplier < 0 || shift < 0 || shift > 62)
      return "multipliers must be non-negative and shifts in [0, 62]";
  auto [lo, hi] = integerRange(result.getElementType());
  if (zeroPoint < lo || zeroPoint > hi)
    return "zero point " + std::to_string(zeroPoint) +
           " is out of the result type's range";
  for (std::optional<int64_t> bound : {clampMin, clampMax})
    if (bound && (*bound < lo || *bound > hi))
      return "clamp bound " + std::to_string(*bound) +
             " is out of the result type's range";
  if (clampMin && clampMax && *clampMin > *clampMax)
    return "clamp_min must not exceed clamp_max";
  if (wide) {
    auto [lo, hi] =
        requantizeBounds(result.getElementType(), clampMin, clampMax);
    for (auto [multiplier, shift] : llvm::zip_equal(multipliers, shifts))
      if (!wideRequantizationLimit(multiplier, shift, zeroPoint, lo, hi))
        return "shift " + std::to_string(shift) +
               " is too large to requantize int64 accumulators exactly to [" +
               std::to_string(lo) + ", " + std::to_string(hi) + "]";
  }
  return "";
}

std::pair<int64_t, int64_t> requantizeBounds(mlir::Type element,
                                             std::optional<int64_t> clampMin,
                                             std::optional<int64_t> clampMax) {
  auto [lo, hi] = integerRange(element);
  return {std::max(lo, clampMin.value_or(lo)),
          std::min(hi, clampMax.value_or(hi))};
}

std::optional<double> requantizationScale(int32_t multiplier, int32_t shift,
                                          int64_t zeroPoint, int64_t lo,
                                          int64_t hi) {
  // From shift 31 up the product stays below 2^31; the bounds must lie
  // inside what a product too wide to be exact reaches once rounded,
  // 2^(53 - shift) - 1 at least (the check asks for 2^(52 - shift), with
  // room to spare).
  int64_t reach = std::max(std::abs(lo - zeroPoint), std::abs(hi - zeroPoint));
  if (multiplier < 0 || shift < 31 || shift > 50 ||
      (int64_t{1} << (52 - shift)) < reach + 2)
    return std::nullopt;
  return std::ldexp(static_cast<double>(multiplier), -shift);
}

std::optional<int64_t> wideRequantizationLimit(int32_t multiplier,
                                               int32_t shift, int64_t zeroPoint,
                                               int64_t lo, int64_t hi) {
  constexpr int64_t kProductBound = (int64_t{1} << 62) - 1;
  if (multiplier == 0) // every product is 0
    return kProductBound;
  if (multiplier < 0 || shift < 0 || shift > 62)
    return std::nullopt;
  int64_t limit = kProductBound / multiplier;
  // An accumulator beyond the limit is at least limit * multiplier / 2^shift
  // from zero, as is the clamped one: both must lie past either bound.
  uint64_t reach = static_cast<uint64_t>(
      std::max(std::abs(lo - zeroPoint), std::abs(hi - zeroPoint)));
  llvm::APInt needed(128, reach + 1);
  needed <<= static_cast<unsigned>(shift);
  llvm::APInt reached(128, static_cast<uint64_t>(limit));
  reached *= llvm::APInt(128, static_cast<uint64_t>(multiplier));
  if (needed.ugt(reached))
    return std::nullopt;
  return limit;
}

int64_t quantizeValue(float value, float scale, int64_t zeroPoint,
                      mlir::Type element) {
  // The runtime's own rounding and saturation, so that a bound computed
  // here is the value the generated code would compute.
  auto [lo, hi] = integerRange(element);
  return edgecc_quantizef(value, scale, static_cast<int32_t>(zeroPoint),
                          static_cast<int32_t>(lo), static_cast<int32_t>(hi));
}

AffineQuantization affineQuantization(float min, float max,
                                      mlir::Type element) {
  min = std::min(min, 0.0f);
  max = std::max(max, 0.0f);
  auto [lo, hi] = integerRange(element);
  if (!(max > min))
    return {1.0f, std::clamp<int64_t>(0, lo, hi)};
  float scale = (max - min) / static_cast<float>(hi - lo);
  double zeroPoint = std::nearbyint(static_cast<double>(lo) -
                                    static_cast<double>(min) / scale);
  return {scale, std::clamp<int64_t>(static_cast<int64_t>(zeroPoint), lo, hi)};
}

float symmetricScale(float absMax, mlir::Type element) {
  float qmax = static_cast<float>(integerRange(element).second);
  return absMax > 0 ? absMax / qmax : 1.0f;
}

static bool isByte(mlir::Type element) {
  return element.isSignlessInteger(8) || element.isUnsignedInteger(8);
}

static bool isHalfword(mlir::Type element) {
  return element.isSignlessInteger(16) || element.isUnsignedInteger(16);
}

std::string
convTypesMismatch(mlir::Type input, mlir::Type weight, mlir::Type bias,
                  mlir::Type result, std::optional<int64_t> inputZeroPoint,
                  std::optional<llvm::ArrayRef<int64_t>> weightZeroPoints,
                  int64_t outChannels) {
  if (!isByte(input) && !isHalfword(input) && !isByte(weight)) {
    if (weight != input || result != input || (bias && bias != input))
      return "operands and result must share one element type";
    if (inputZeroPoint || weightZeroPoints)
      return "zero points apply to int8/uint8 operands only";
    return "";
  }
  if (isHalfword(input) && isByte(weight)) {
    // 16-bit activations: |x| * |w| * K overflows int32 for K in the
    // thousands.
    if (!result.isSignlessInteger(64) || (bias && !bias.isSignlessInteger(64)))
      return "a convolution of an int16/uint16 input has an int64 bias and "
             "result";
  } else if (!isByte(input) || !isByte(weight)) {
    return "the weight must be int8/uint8, and the input int8/uint8 or "
           "int16/uint16";
  } else if (!result.isSignlessInteger(32) ||
             (bias && !bias.isSignlessInteger(32))) {
    return "an int8/uint8 convolution has an int32 bias and result";
  }
  auto outOfRange = [](int64_t value, mlir::Type element) {
    auto [lo, hi] = integerRange(element);
    return value < lo || value > hi;
  };
  if (inputZeroPoint && outOfRange(*inputZeroPoint, input))
    return "input zero point " + std::to_string(*inputZeroPoint) +
           " is out of the input type's range";
  if (!weightZeroPoints)
    return "";
  if (weightZeroPoints->size() != 1 &&
      static_cast<int64_t>(weightZeroPoints->size()) != outChannels)
    return "expected one weight zero point, or " + std::to_string(outChannels) +
           " (one per output channel)";
  for (int64_t zeroPoint : *weightZeroPoints)
    if (outOfRange(zeroPoint, weight))
      return "weight zero point " + std::to_string(zeroPoint) +
             " is out of the weight type's range";
  return "";
}

std::optional<FixedPointMultiplier> toFixedPoint(double multiplier) {
  if (!std::isfinite(multiplier) || multiplier <= 0.0)
    return std::nullopt;
  int exponent;
  double fraction = std::frexp(multiplier, &exponent); // in [0.5, 1)
  // fraction * 2^31 is exact for up to 31 significant bits: float32 has 24.
  auto mantissa = static_cast<int64_t>(std::llround(std::ldexp(fraction, 31)));
  int32_t shift = 31 - exponent;
  if (mantissa == (int64_t(1) << 31)) { // rounding carried into bit 31
    mantissa >>= 1;
    --shift;
  }
  if (shift < 0)
    return std::nullopt;
  // |acc * mantissa| < 2^62, so a larger shift rounds every product to 0.
  if (shift > 62)
    return FixedPointMultiplier{0, 0};
  return FixedPointMultiplier{static_cast<int32_t>(mantissa), shift};
}

double productScale(llvm::APFloat in, const llvm::APFloat &weight,
                    const llvm::APFloat &out) {
  in.multiply(weight, llvm::APFloat::rmNearestTiesToEven);
  in.divide(out, llvm::APFloat::rmNearestTiesToEven);
  bool losesInfo;
  in.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
             &losesInfo);
  return in.convertToDouble();
}

} // namespace edgecc
