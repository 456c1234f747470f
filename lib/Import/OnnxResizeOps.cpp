//===- OnnxResizeOps.cpp - ONNX Resize, Upsample and GridSample ----------===//
//
// Resize and Upsample become graph.resize: the importer resolves the
// opset's way of giving the target (scales or sizes, on some axes, with an
// aspect-ratio policy) into the result shape and one scale factor per axis.
// GridSample samples at run-time coordinates: graph.grid_sample. AffineGrid
// makes such coordinates: a constant grid of pixel centres times theta.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "edgecc/Support/Elements.h"
#include "edgecc/Support/Resampling.h"

#include <limits>

namespace edgecc {
namespace detail {

LogicalResult GraphImporter::resize(const onnx::NodeProto &node, Location loc,
                                    Value x, ArrayRef<float> scales,
                                    ArrayRef<int64_t> sizes,
                                    ArrayRef<int64_t> axes, ArrayRef<float> roi,
                                    SmallVectorImpl<NamedAttribute> &attrs) {
  ArrayRef<int64_t> in = shapeOf(x);
  int64_t rank = in.size();
  if (scales.empty() == sizes.empty())
    return emitError(loc) << node.op_type()
                          << " needs exactly one of scales and sizes";
  size_t given = scales.empty() ? sizes.size() : scales.size();
  if (given != axes.size())
    return emitError(loc) << node.op_type() << " has " << given
                          << " scales or sizes for " << axes.size() << " axes";
  if (llvm::any_of(in, [](int64_t size) { return size == 0; }))
    return emitError(loc) << node.op_type() << " of an empty tensor";
  SmallVector<int64_t> out(in);
  SmallVector<double> factors(rank, 1.0);
  // Checked as a double first: a corrupt scale must not overflow the cast.
  // The lowering tabulates each output dim, so it stays within int32.
  auto setSize = [&](int64_t axis, double size) -> LogicalResult {
    if (!(size >= 1) || size > double(std::numeric_limits<int32_t>::max()))
      return emitError(loc) << node.op_type() << " output dim " << size
                            << " is empty or too large";
    out[axis] = static_cast<int64_t>(size);
    return success();
  };
  for (auto [i, axis] : llvm::enumerate(axes)) {
    double factor = scales.empty() ? double(sizes[i]) / double(in[axis])
                                   : double(scales[i]);
    if (!(factor > 0) || (!sizes.empty() && sizes[i] <= 0))
      return emitError(loc)
             << node.op_type() << " scales and sizes must be positive";
    factors[axis] = factor;
    if (failed(setSize(axis, scales.empty()
                                 ? double(sizes[i])
                                 : std::floor(factor * double(in[axis])))))
      return failure();
  }
  std::string policy = stringAttr(node, "keep_aspect_ratio_policy", "stretch");
  if (policy != "stretch" && !sizes.empty()) {
    if (policy != "not_larger" && policy != "not_smaller")
      return emitError(loc)
             << "unknown keep_aspect_ratio_policy '" << policy << "'";
    // One factor for all the axes, the output rounded half up.
    double factor = factors[axes.front()];
    for (int64_t axis : axes)
      factor = policy == "not_larger" ? std::min(factor, factors[axis])
                                      : std::max(factor, factors[axis]);
    for (int64_t axis : axes) {
      factors[axis] = factor;
      if (failed(setSize(axis, std::floor(factor * double(in[axis]) + 0.5))))
        return failure();
    }
  }
  int64_t count = 1;
  for (int64_t size : out) {
    if (count > kMaxElements / size)
      return emitError(loc) << node.op_type() << " output is too large";
    count *= size;
  }
  if (!roi.empty()) {
    if (roi.size() != 2 * axes.size())
      return emitError(loc)
             << node.op_type() << " roi needs " << 2 * axes.size() << " values";
    SmallVector<double> full(rank, 0.0);
    full.append(rank, 1.0);
    for (auto [i, axis] : llvm::enumerate(axes)) {
      full[axis] = roi[i];
      full[rank + axis] = roi[axes.size() + i];
    }
    attrs.push_back(
        builder.getNamedAttr("roi", builder.getDenseF64ArrayAttr(full)));
  }
  attrs.push_back(
      builder.getNamedAttr("scales", builder.getDenseF64ArrayAttr(factors)));
  auto type = RankedTensorType::get(
      out, cast<RankedTensorType>(x.getType()).getElementType());
  bind(node, 0, createTyped<graph::ResizeOp>(loc, type, x, attrs));
  return success();
}

/// The node's mode, "nearest", "linear" (also called "bilinear" by
/// Upsample-7) or "cubic".
static StringRef resizeMode(StringRef mode) {
  return mode == "bilinear" ? "linear" : mode;
}

LogicalResult GraphImporter::importResize(const onnx::NodeProto &node,
                                          Location loc) {
  if (failed(requireInputs(node, loc, opset < 11 ? 2 : 1)))
    return failure();
  Value x = input(node, 0);
  int64_t rank = shapeOf(x).size();
  std::string mode = stringAttr(node, "mode", "nearest");
  SmallVector<NamedAttribute> attrs = {
      builder.getNamedAttr("mode", builder.getStringAttr(resizeMode(mode)))};
  auto named = [&](StringRef name, Attribute value) {
    attrs.push_back(builder.getNamedAttr(name, value));
  };
  // Resize-10 maps coordinates like Upsample: inputs (X, scales).
  if (opset < 11) {
    FailureOr<SmallVector<float>> scales =
        constantFloats(node, 1, loc, "scales");
    if (failed(scales))
      return failure();
    named("coordinate_transformation_mode",
          builder.getStringAttr("asymmetric"));
    named("nearest_mode", builder.getStringAttr("simple"));
    return resize(node, loc, x, *scales, {}, allAxes(rank), {}, attrs);
  }
  // Later: (X, roi, scales, sizes), each but X optional.
  std::string coordinates =
      stringAttr(node, "coordinate_transformation_mode", "half_pixel");
  named("coordinate_transformation_mode", builder.getStringAttr(coordinates));
  named("nearest_mode", builder.getStringAttr(stringAttr(
                            node, "nearest_mode", "round_prefer_floor")));
  named("cubic_coeff_a",
        builder.getF64FloatAttr(floatAttr(node, "cubic_coeff_a", -0.75f)));
  named("exclude_outside",
        builder.getBoolAttr(intAttr(node, "exclude_outside", 0) != 0));
  named("antialias", builder.getBoolAttr(mode != "nearest" &&
                                         intAttr(node, "antialias", 0) != 0));
  named("extrapolation_value",
        builder.getF32FloatAttr(floatAttr(node, "extrapolation_value", 0.0f)));
  SmallVector<int64_t> axes = intsAttr(node, "axes").value_or(allAxes(rank));
  if (failed(normalizeAxes(axes, rank, loc)))
    return failure();
  SmallVector<float> scales, roi;
  SmallVector<int64_t> sizes;
  if (input(node, 2)) {
    FailureOr<SmallVector<float>> given =
        constantFloats(node, 2, loc, "scales");
    if (failed(given))
      return failure();
    scales = *given;
  }
  if (input(node, 3)) {
    FailureOr<SmallVector<int64_t>> given = constantInts(node, 3, loc, "sizes");
    if (failed(given))
      return failure();
    sizes = *given;
  }
  // The region of interest matters to tf_crop_and_resize only.
  if (coordinates == "tf_crop_and_resize") {
    FailureOr<SmallVector<float>> given =
        input(node, 1) ? constantFloats(node, 1, loc, "roi")
                       : FailureOr<SmallVector<float>>(SmallVector<float>{});
    if (failed(given))
      return failure();
    roi = *given;
  }
  return resize(node, loc, x, scales, sizes, axes, roi, attrs);
}

/// Upsample (opsets 7 to 9): nearest or linear, asymmetric coordinates.
LogicalResult GraphImporter::importUpsample(const onnx::NodeProto &node,
                                            Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  int64_t rank = shapeOf(x).size();
  SmallVector<float> scales;
  if (opset < 9) {
    if (const onnx::AttributeProto *given =
            typedAttr(node, "scales", onnx::AttributeProto::FLOATS))
      scales.assign(given->floats().begin(), given->floats().end());
  } else {
    if (failed(requireInputs(node, loc, 2)))
      return failure();
    FailureOr<SmallVector<float>> given =
        constantFloats(node, 1, loc, "scales");
    if (failed(given))
      return failure();
    scales = *given;
  }
  std::string mode = stringAttr(node, "mode", "nearest");
  SmallVector<NamedAttribute> attrs = {
      builder.getNamedAttr("mode", builder.getStringAttr(resizeMode(mode))),
      builder.getNamedAttr("coordinate_transformation_mode",
                           builder.getStringAttr("asymmetric")),
      builder.getNamedAttr("nearest_mode", builder.getStringAttr("simple"))};
  return resize(node, loc, x, scales, {}, allAxes(rank), {}, attrs);
}

LogicalResult GraphImporter::importGridSample(const onnx::NodeProto &node,
                                              Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  // Opset 16 names the modes bilinear and bicubic, opset 20 linear and cubic.
  std::string mode = stringAttr(node, "mode", "linear");
  if (mode == "bilinear" || mode == "bicubic")
    mode = mode.substr(2);
  return createAndBind<graph::GridSampleOp>(
      node, loc, {input(node, 0), input(node, 1)},
      {builder.getNamedAttr("mode", builder.getStringAttr(mode)),
       builder.getNamedAttr(
           "padding_mode",
           builder.getStringAttr(stringAttr(node, "padding_mode", "zeros"))),
       builder.getNamedAttr(
           "align_corners",
           builder.getBoolAttr(intAttr(node, "align_corners", 0) != 0))});
}

/// AffineGrid: theta [N, R, R + 1] applied to the homogeneous normalized
/// coordinates of every point of `size` (innermost axis first, 1 last), as
/// theta @ base with base [R + 1, points] a constant, moved to [N, points,
/// R] and reshaped to [N, spatial..., R].
LogicalResult GraphImporter::importAffineGrid(const onnx::NodeProto &node,
                                              Location loc) {
  if (failed(requireFloatInput(node, loc, 2)))
    return failure();
  Value theta = input(node, 0);
  FailureOr<SmallVector<int64_t>> size = constantInts(node, 1, loc, "size");
  if (failed(size))
    return failure();
  ArrayRef<int64_t> spatial =
      ArrayRef<int64_t>(*size).drop_front(std::min<size_t>(2, size->size()));
  auto rank = static_cast<int64_t>(spatial.size());
  if ((rank != 2 && rank != 3) ||
      shapeOf(theta) != ArrayRef<int64_t>({(*size)[0], rank, rank + 1}))
    return emitError(loc) << "AffineGrid needs a size [N, C, H, W] or [N, C, "
                             "D, H, W] and a theta [N, 2, 3] or [N, 3, 4]";
  if (llvm::any_of(spatial, [](int64_t d) { return d < 1 || d > (1 << 20); }))
    return emitError(loc) << "AffineGrid size is empty or too large";
  int64_t points = ShapedType::getNumElements(spatial);
  bool alignCorners = intAttr(node, "align_corners", 0) != 0;
  // Row a of base holds the coordinate along spatial axis rank-1-a.
  SmallVector<float> base((rank + 1) * points, 1.0f);
  SmallVector<int64_t> strides = rowMajorStrides(spatial);
  for (int64_t p = 0; p < points; ++p)
    for (int64_t a = 0; a < rank; ++a) {
      int64_t axis = rank - 1 - a, extent = spatial[axis];
      int64_t i = p / strides[axis] % extent;
      base[a * points + p] =
          alignCorners ? (extent == 1 ? -1.0f : -1.0f + 2.0f * i / (extent - 1))
                       : -1.0f + (2.0f * i + 1.0f) / extent;
    }
  auto baseType =
      RankedTensorType::get({rank + 1, points}, builder.getF32Type());
  Value baseGrid =
      constant(makeFloatElements(baseType, base, "affine_grid"), loc);
  FailureOr<Value> mapped =
      create<graph::MatMulOp>(loc, ValueRange{theta, baseGrid});
  if (failed(mapped))
    return failure();
  FailureOr<Value> pointsLast = transpose(*mapped, {0, 2, 1}, loc);
  if (failed(pointsLast))
    return failure();
  SmallVector<int64_t> shape = {(*size)[0]};
  llvm::append_range(shape, spatial);
  shape.push_back(rank);
  return reshapeAndBind(node, *pointsLast, shape, loc);
}

} // namespace detail
} // namespace edgecc
