//===- OnnxOps.cpp - the op table and one importer per ONNX op -----------===//
//
// Each importer reads the node's attributes and inputs as its opset defines
// them, normalizes them (explicit pads, non-negative axes, constant shape
// inputs read as attributes) and builds graph ops through shape inference.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "edgecc/Support/Elements.h"

#include "mlir/Dialect/Traits.h"

#include <limits>

namespace edgecc {
namespace detail {

/// The 2-D shape ONNX coerces a tensor to at `axis` (Flatten, Softmax
/// before opset 13): [product of dims before axis, product of the rest].
static SmallVector<int64_t, 2> coercedTo2D(ArrayRef<int64_t> shape,
                                           int64_t axis) {
  SmallVector<int64_t, 2> result = {1, 1};
  for (auto [dim, size] : llvm::enumerate(shape))
    result[int64_t(dim) < axis ? 0 : 1] *= size;
  return result;
}

//===----------------------------------------------------------------------===//
// Op table
//===----------------------------------------------------------------------===//

const llvm::StringMap<NodeImporter> &GraphImporter::nodeImporters() {
  using G = GraphImporter;
  static const llvm::StringMap<NodeImporter> table = {
      {"Conv", &G::importConv},
      {"ConvTranspose", &G::importConvTranspose},
      {"Gemm", &G::importGemm},
      {"MatMul", &G::importMatMul},
      {"BatchNormalization", &G::importBatchNorm},
      {"MaxPool", &G::importPool<graph::MaxPoolOp>},
      {"AveragePool", &G::importPool<graph::AveragePoolOp>},
      {"LpPool", &G::importPool<graph::LpPoolOp>},
      {"GlobalAveragePool", &G::importGlobalAveragePool},
      {"GlobalMaxPool", &G::importGlobalMaxPool},
      {"ReduceMean", &G::importReduce},
      {"ReduceSum", &G::importReduce},
      {"ReduceMax", &G::importReduce},
      {"ReduceMin", &G::importReduce},
      {"ReduceProd", &G::importReduce},
      {"ReduceL1", &G::importReduce},
      {"ReduceL2", &G::importReduce},
      {"ReduceSumSquare", &G::importReduce},
      {"ReduceLogSum", &G::importReduce},
      {"ReduceLogSumExp", &G::importReduce},
      {"LayerNormalization", &G::importLayerNormalization},
      {"InstanceNormalization", &G::importInstanceNormalization},
      {"GroupNormalization", &G::importGroupNormalization},
      {"MeanVarianceNormalization", &G::importMeanVarianceNormalization},
      {"LRN", &G::importLRN},
      {"Expand", &G::importExpand},
      {"Tile", &G::importTile},
      {"DepthToSpace", &G::importDepthToSpace},
      {"SpaceToDepth", &G::importSpaceToDepth},
      {"Add", &G::importBinary<graph::AddOp>},
      {"Sub", &G::importBinary<graph::SubOp>},
      {"Mul", &G::importBinary<graph::MulOp>},
      {"Div", &G::importBinary<graph::DivOp>},
      {"Pow", &G::importPow},
      {"Mod", &G::importMod},
      {"PRelu", &G::importBinary<graph::PReluOp>},
      {"Equal", &G::importBinary<graph::EqualOp>},
      {"Less", &G::importBinary<graph::LessOp>},
      {"LessOrEqual", &G::importBinary<graph::LessOrEqualOp>},
      {"Greater", &G::importBinary<graph::GreaterOp>},
      {"GreaterOrEqual", &G::importBinary<graph::GreaterOrEqualOp>},
      {"And", &G::importBinary<graph::AndOp>},
      {"Or", &G::importBinary<graph::OrOp>},
      {"Xor", &G::importBinary<graph::XorOp>},
      {"BitwiseAnd", &G::importBinary<graph::AndOp>},
      {"BitwiseOr", &G::importBinary<graph::OrOp>},
      {"BitwiseXor", &G::importBinary<graph::XorOp>},
      {"Not", &G::importUnary<graph::NotOp>},
      {"BitwiseNot", &G::importUnary<graph::NotOp>},
      {"BitShift", &G::importBitShift},
      {"Where", &G::importWhere},
      {"IsNaN", &G::importIsNaN},
      {"IsInf", &G::importIsInf},
      {"Trilu", &G::importTrilu},
      {"Hardmax", &G::importHardmax},
      {"Range", &G::importRange},
      {"CumSum", &G::importCumSum},
      {"NegativeLogLikelihoodLoss", &G::importNegativeLogLikelihoodLoss},
      {"SoftmaxCrossEntropyLoss", &G::importSoftmaxCrossEntropyLoss},
      {"ArgMax", &G::importArgReduce<graph::ArgMaxOp>},
      {"ArgMin", &G::importArgReduce<graph::ArgMinOp>},
      {"Max", &G::importVariadic},
      {"Min", &G::importVariadic},
      {"Sum", &G::importVariadic},
      {"Mean", &G::importVariadic},
      {"Relu", &G::importUnary<graph::ReluOp>},
      {"Sigmoid", &G::importUnary<graph::SigmoidOp>},
      {"Tanh", &G::importUnary<graph::TanhOp>},
      {"Exp", &G::importUnary<graph::ExpOp>},
      {"Sqrt", &G::importUnary<graph::SqrtOp>},
      {"Neg", &G::importUnary<graph::NegOp>},
      {"Abs", &G::importUnary<graph::AbsOp>},
      {"Log", &G::importUnary<graph::LogOp>},
      {"Reciprocal", &G::importUnary<graph::ReciprocalOp>},
      {"Floor", &G::importUnary<graph::FloorOp>},
      {"Ceil", &G::importUnary<graph::CeilOp>},
      {"Round", &G::importUnary<graph::RoundOp>},
      {"Sign", &G::importUnary<graph::SignOp>},
      {"Sin", &G::importUnary<graph::SinOp>},
      {"Cos", &G::importUnary<graph::CosOp>},
      {"Tan", &G::importUnary<graph::TanOp>},
      {"Asin", &G::importUnary<graph::AsinOp>},
      {"Acos", &G::importUnary<graph::AcosOp>},
      {"Atan", &G::importUnary<graph::AtanOp>},
      {"Sinh", &G::importUnary<graph::SinhOp>},
      {"Cosh", &G::importUnary<graph::CoshOp>},
      {"Asinh", &G::importUnary<graph::AsinhOp>},
      {"Acosh", &G::importUnary<graph::AcoshOp>},
      {"Atanh", &G::importUnary<graph::AtanhOp>},
      {"Erf", &G::importUnary<graph::ErfOp>},
      {"Softplus", &G::importUnary<graph::SoftplusOp>},
      {"Softsign", &G::importUnary<graph::SoftsignOp>},
      {"Mish", &G::importUnary<graph::MishOp>},
      {"HardSwish", &G::importUnary<graph::HardSwishOp>},
      {"Gelu", &G::importGelu},
      {"Elu", &G::importElu},
      {"Celu", &G::importCelu},
      {"Selu", &G::importSelu},
      {"LeakyRelu", &G::importLeakyRelu},
      {"ThresholdedRelu", &G::importThresholdedRelu},
      {"HardSigmoid", &G::importHardSigmoid},
      {"Shrink", &G::importShrink},
      {"Clip", &G::importClip},
      {"Softmax", &G::importSoftmax<graph::SoftmaxOp>},
      {"LogSoftmax", &G::importSoftmax<graph::LogSoftmaxOp>},
      {"Concat", &G::importConcat},
      {"Reshape", &G::importReshape},
      {"Flatten", &G::importFlatten},
      {"Squeeze", &G::importSqueeze},
      {"Unsqueeze", &G::importUnsqueeze},
      {"Transpose", &G::importTranspose},
      {"Slice", &G::importSlice},
      {"Split", &G::importSplit},
      {"Shape", &G::importShape},
      {"Gather", &G::importGather},
      {"GatherElements", &G::importGather},
      {"GatherND", &G::importGatherND},
      {"Compress", &G::importCompress},
      {"ReverseSequence", &G::importReverseSequence},
      {"Scatter", &G::importScatter},
      {"ScatterElements", &G::importScatter},
      {"ScatterND", &G::importScatter},
      {"Cast", &G::importCast},
      {"CastLike", &G::importCastLike},
      {"ConstantOfShape", &G::importConstantOfShape},
      {"Size", &G::importSize},
      {"EyeLike", &G::importEyeLike},
      {"TopK", &G::importTopK},
      {"NonMaxSuppression", &G::importNonMaxSuppression},
      {"HannWindow", &G::importWindow},
      {"HammingWindow", &G::importWindow},
      {"BlackmanWindow", &G::importWindow},
      {"OneHot", &G::importOneHot},
      {"Constant", &G::importConstant},
      {"Identity", &G::importIdentity},
      {"OptionalGetElement", &G::importIdentity},
      {"OptionalHasElement", &G::importOptionalHasElement},
      {"Dropout", &G::importDropout},
      {"Pad", &G::importPad},
      {"CenterCropPad", &G::importCenterCropPad},
      {"Resize", &G::importResize},
      {"Upsample", &G::importUpsample},
      {"GridSample", &G::importGridSample},
      {"If", &G::importIf},
      {"Loop", &G::importLoop},
      {"Einsum", &G::importEinsum},
      {"RNN", &G::importRecurrent},
      {"GRU", &G::importRecurrent},
      {"LSTM", &G::importRecurrent},
      {"AffineGrid", &G::importAffineGrid},
      {"QuantizeLinear", &G::importQuantizeLinear},
      {"DequantizeLinear", &G::importDequantizeLinear},
      {"DynamicQuantizeLinear", &G::importDynamicQuantizeLinear},
      {"MatMulInteger", &G::importMatMulInteger},
      {"ConvInteger", &G::importConvInteger},
      {"QLinearMatMul", &G::importQLinearMatMul},
      {"QLinearConv", &G::importQLinearConv},
  };
  return table;
}

//===----------------------------------------------------------------------===//
// Op importers
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::windowAttrs(
    const onnx::NodeProto &node, Location loc, ArrayRef<int64_t> inputShape,
    ArrayRef<int64_t> kernel, SmallVectorImpl<NamedAttribute> &attrs) {
  size_t spatial = kernel.size();
  if (inputShape.size() < 3 || inputShape.size() != spatial + 2)
    return emitError(loc) << node.op_type() << " with a " << spatial
                          << "-D kernel needs an input of rank " << spatial + 2
                          << " ([N, C, spatial...]), got rank "
                          << inputShape.size();
  SmallVector<int64_t> strides =
      intsAttr(node, "strides").value_or(SmallVector<int64_t>(spatial, 1));
  SmallVector<int64_t> dilations =
      intsAttr(node, "dilations").value_or(SmallVector<int64_t>(spatial, 1));
  SmallVector<int64_t> pads =
      intsAttr(node, "pads").value_or(SmallVector<int64_t>(2 * spatial, 0));
  if (strides.size() != spatial || dilations.size() != spatial ||
      pads.size() != 2 * spatial)
    return emitError(loc) << "strides, dilations and pads must have " << spatial
                          << ", " << spatial << " and " << 2 * spatial
                          << " entries";
  std::string autoPad = stringAttr(node, "auto_pad", "NOTSET");
  if (autoPad == "VALID") {
    pads.assign(2 * spatial, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (size_t axis = 0; axis < spatial; ++axis) {
      if (strides[axis] < 1)
        return emitError(loc) << "strides must be >= 1";
      int64_t in = inputShape[axis + 2];
      int64_t out = (in + strides[axis] - 1) / strides[axis];
      int64_t total = std::max<int64_t>(
          0, (out - 1) * strides[axis] + (kernel[axis] - 1) * dilations[axis] +
                 1 - in);
      int64_t small = total / 2, large = total - small;
      pads[axis] = autoPad == "SAME_UPPER" ? small : large;
      pads[axis + spatial] = autoPad == "SAME_UPPER" ? large : small;
    }
  } else if (autoPad != "NOTSET") {
    return emitError(loc) << "unknown auto_pad '" << autoPad << "'";
  }
  attrs.push_back(
      builder.getNamedAttr("strides", builder.getDenseI64ArrayAttr(strides)));
  attrs.push_back(
      builder.getNamedAttr("pads", builder.getDenseI64ArrayAttr(pads)));
  attrs.push_back(builder.getNamedAttr(
      "dilations", builder.getDenseI64ArrayAttr(dilations)));
  return success();
}

LogicalResult GraphImporter::importConv(const onnx::NodeProto &node,
                                        Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  return bindResult(node, convolve(node, loc, input(node, 0), input(node, 1),
                                   input(node, 2)));
}

FailureOr<Value> GraphImporter::convolve(const onnx::NodeProto &node,
                                         Location loc, Value x, Value w,
                                         Value b,
                                         ArrayRef<NamedAttribute> extra) {
  ArrayRef<int64_t> weightShape = shapeOf(w);
  SmallVector<int64_t> kernel(
      weightShape.drop_front(std::min<size_t>(2, weightShape.size())));
  if (auto explicitKernel = intsAttr(node, "kernel_shape");
      explicitKernel && *explicitKernel != kernel)
    return emitError(loc) << "kernel_shape does not match the weight shape";
  SmallVector<NamedAttribute> attrs;
  if (failed(windowAttrs(node, loc, shapeOf(x), kernel, attrs)))
    return failure();
  attrs.push_back(builder.getNamedAttr(
      "group", builder.getI64IntegerAttr(intAttr(node, "group", 1))));
  llvm::append_range(attrs, extra);
  if (kernel.size() == 1)
    return convolve1D(loc, x, w, b, attrs);
  return createConv(loc, x, w, b, attrs);
}

FailureOr<Value> GraphImporter::createConv(Location loc, Value x, Value w,
                                           Value b,
                                           ArrayRef<NamedAttribute> attrs) {
  SmallVector<Value> operands = {x, w};
  if (b)
    operands.push_back(b);
  // Input, weight, bias and residual (which only fusion adds).
  SmallVector<NamedAttribute> withSegments(attrs);
  withSegments.push_back(
      builder.getNamedAttr(graph::ConvOp::getOperandSegmentSizeAttr(),
                           builder.getDenseI32ArrayAttr({1, 1, b ? 1 : 0, 0})));
  return create<graph::ConvOp>(loc, operands, withSegments);
}

/// A 1-D convolution is a 2-D one over [N, C, 1, W], so it shares the 2-D
/// kernels: the window attributes gain a leading unit dim.
FailureOr<Value> GraphImporter::convolve1D(Location loc, Value x, Value w,
                                           Value b,
                                           ArrayRef<NamedAttribute> attrs) {
  SmallVector<NamedAttribute> lifted;
  for (NamedAttribute attr : attrs) {
    if (!llvm::is_contained({"strides", "dilations", "pads"},
                            attr.getName().strref())) {
      lifted.push_back(attr);
      continue;
    }
    ArrayRef<int64_t> v = cast<DenseI64ArrayAttr>(attr.getValue()).asArrayRef();
    SmallVector<int64_t> withUnitDim =
        attr.getName() == "pads" ? SmallVector<int64_t>{0, v[0], 0, v[1]}
                                 : SmallVector<int64_t>{1, v[0]};
    lifted.push_back(builder.getNamedAttr(
        attr.getName(), builder.getDenseI64ArrayAttr(withUnitDim)));
  }
  auto unsqueezed = [&](Value value) {
    ArrayRef<int64_t> shape = shapeOf(value);
    return reshape(value, {shape[0], shape[1], 1, shape[2]}, loc);
  };
  FailureOr<Value> x2 = unsqueezed(x), w2 = unsqueezed(w);
  if (failed(x2) || failed(w2))
    return failure();
  FailureOr<Value> conv = createConv(loc, *x2, *w2, b, lifted);
  if (failed(conv))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*conv);
  return reshape(*conv, {shape[0], shape[1], shape[3]}, loc);
}

LogicalResult GraphImporter::importConvTranspose(const onnx::NodeProto &node,
                                                 Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  Value x = input(node, 0), w = input(node, 1), b = input(node, 2);
  ArrayRef<int64_t> in = shapeOf(x), weight = shapeOf(w);
  if (in.size() < 3 || weight.size() != in.size())
    return emitError(loc) << "ConvTranspose needs [N, C, spatial...] input "
                             "and weight of the same rank";
  size_t spatial = in.size() - 2;
  ArrayRef<int64_t> kernel = weight.drop_front(2);
  if (auto explicitKernel = intsAttr(node, "kernel_shape");
      explicitKernel && ArrayRef<int64_t>(*explicitKernel) != kernel)
    return emitError(loc) << "kernel_shape does not match the weight shape";
  auto read = [&](StringRef name, int64_t size, int64_t dflt) {
    return intsAttr(node, name).value_or(SmallVector<int64_t>(size, dflt));
  };
  SmallVector<int64_t> strides = read("strides", spatial, 1),
                       dilations = read("dilations", spatial, 1),
                       outputPadding = read("output_padding", spatial, 0),
                       pads = read("pads", 2 * spatial, 0);
  std::optional<SmallVector<int64_t>> outputShape =
      intsAttr(node, "output_shape");
  if (strides.size() != spatial || dilations.size() != spatial ||
      outputPadding.size() != spatial || pads.size() != 2 * spatial ||
      (outputShape && outputShape->size() < spatial))
    return emitError(loc) << "strides, dilations, output_padding, "
                             "output_shape and pads must have "
                          << spatial << " entries (pads " << 2 * spatial << ")";
  std::string autoPad = stringAttr(node, "auto_pad", "NOTSET");
  if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER")
    return emitError(loc) << "unknown auto_pad '" << autoPad << "'";
  if (autoPad == "VALID")
    pads.assign(2 * spatial, 0);
  bool same = autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER";
  for (size_t d = 0; d < spatial; ++d) {
    int64_t full = strides[d] * (in[d + 2] - 1) + outputPadding[d] +
                   (kernel[d] - 1) * dilations[d] + 1;
    if (outputShape || same) {
      // ONNX derives the pads from the output size; the odd one goes to
      // the end for SAME_UPPER, to the beginning otherwise.
      int64_t size = outputShape
                         ? (*outputShape)[outputShape->size() - spatial + d]
                         : in[d + 2] * strides[d];
      int64_t total = full - size;
      int64_t half = llvm::divideFloorSigned(total, 2);
      pads[d] = autoPad == "SAME_UPPER" ? half : total - half;
      pads[d + spatial] = total - pads[d];
    }
    // output_padding adds elements at the end.
    pads[d + spatial] -= outputPadding[d];
  }
  SmallVector<Value> operands = {x, w};
  if (b)
    operands.push_back(b);
  return createAndBind<graph::ConvTransposeOp>(
      node, loc, operands,
      {builder.getNamedAttr("strides", builder.getDenseI64ArrayAttr(strides)),
       builder.getNamedAttr("pads", builder.getDenseI64ArrayAttr(pads)),
       builder.getNamedAttr("dilations",
                            builder.getDenseI64ArrayAttr(dilations)),
       builder.getNamedAttr(
           "group", builder.getI64IntegerAttr(intAttr(node, "group", 1)))});
}

LogicalResult GraphImporter::importGemm(const onnx::NodeProto &node,
                                        Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  return bindResult(node,
                    gemm(loc, input(node, 0), input(node, 1), input(node, 2),
                         intAttr(node, "transA", 0), intAttr(node, "transB", 0),
                         floatAttr(node, "alpha", 1.0f),
                         floatAttr(node, "beta", 1.0f)));
}

FailureOr<Value> GraphImporter::gemm(Location loc, Value a, Value b, Value c,
                                     bool transA, bool transB, float alpha,
                                     float beta) {
  SmallVector<Value> operands = {a, b};
  if (c)
    operands.push_back(c);
  return create<graph::GemmOp>(
      loc, operands,
      {builder.getNamedAttr("alpha", builder.getF32FloatAttr(alpha)),
       builder.getNamedAttr("beta", builder.getF32FloatAttr(beta)),
       builder.getNamedAttr("trans_a", builder.getBoolAttr(transA)),
       builder.getNamedAttr("trans_b", builder.getBoolAttr(transB))});
}

LogicalResult GraphImporter::importMatMul(const onnx::NodeProto &node,
                                          Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  return createAndBind<graph::MatMulOp>(node, loc,
                                        {input(node, 0), input(node, 1)});
}

LogicalResult GraphImporter::importBatchNorm(const onnx::NodeProto &node,
                                             Location loc) {
  if (failed(requireInputs(node, loc, 5)))
    return failure();
  if (opset >= 14 && intAttr(node, "training_mode", 0))
    return importBatchNormTraining(node, loc);
  for (int i = 1; i < node.output_size(); ++i)
    if (!node.output(i).empty())
      return emitError(loc) << "BatchNormalization in training mode (output "
                            << i << " is used) is not supported";
  SmallVector<Value> operands;
  for (int i = 0; i < 5; ++i)
    operands.push_back(input(node, i));
  return createAndBind<graph::BatchNormOp>(
      node, loc, operands,
      {builder.getNamedAttr("epsilon", builder.getF32FloatAttr(floatAttr(
                                           node, "epsilon", 1e-5f)))});
}

LogicalResult
GraphImporter::importBatchNormTraining(const onnx::NodeProto &node,
                                       Location loc) {
  if (failed(requireFloat(node, input(node, 0), loc)))
    return failure();
  Value x = input(node, 0);
  int64_t rank = shapeOf(x).size();
  if (rank < 2)
    return emitError(loc) << "BatchNormalization needs an [N, C, ...] input";
  SmallVector<int64_t> axes = allAxes(rank);
  axes.erase(axes.begin() + 1);
  FailureOr<Normalized> batch =
      normalizeOver(loc, x, axes, floatAttr(node, "epsilon", 1e-5f));
  FailureOr<Value> scale = broadcastAlong(input(node, 1), 1, rank, loc);
  FailureOr<Value> bias = broadcastAlong(input(node, 2), 1, rank, loc);
  if (failed(batch) || failed(scale) || failed(bias))
    return failure();
  FailureOr<Value> y = scaleAndShift(loc, batch->value, *scale, *bias);
  if (failed(y))
    return failure();
  bind(node, 0, *y);
  // running = running * momentum + batch * (1 - momentum), per channel.
  float momentum = floatAttr(node, "momentum", 0.9f);
  int64_t channels = shapeOf(x)[1];
  for (auto [output, running, statistic] :
       {std::tuple{1, input(node, 3), batch->mean},
        {2, input(node, 4), batch->variance}}) {
    if (node.output_size() <= output || node.output(output).empty())
      continue;
    FailureOr<Value> perChannel = reshape(statistic, {channels}, loc);
    if (failed(perChannel))
      return failure();
    FailureOr<Value> updated = scaleAndShift(
        loc, *perChannel, floatScalar(1.0f - momentum, loc), Value());
    FailureOr<Value> kept =
        create<graph::MulOp>(loc, {running, floatScalar(momentum, loc)});
    if (failed(updated) || failed(kept))
      return failure();
    FailureOr<Value> sum = create<graph::AddOp>(loc, {*kept, *updated});
    if (failed(sum))
      return failure();
    bind(node, output, *sum);
  }
  return success();
}

template <typename PoolOp>
LogicalResult GraphImporter::importPool(const onnx::NodeProto &node,
                                        Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  if (node.output_size() > 1 && !node.output(1).empty())
    return emitError(loc) << "the Indices output of MaxPool is not supported";
  if (intAttr(node, "storage_order", 0) != 0)
    return emitError(loc) << "storage_order=1 is not supported";
  std::optional<SmallVector<int64_t>> kernel = intsAttr(node, "kernel_shape");
  if (!kernel)
    return emitError(loc) << "kernel_shape is required";
  Value x = input(node, 0);
  SmallVector<NamedAttribute> attrs;
  if (failed(windowAttrs(node, loc, shapeOf(x), *kernel, attrs)))
    return failure();
  attrs.push_back(builder.getNamedAttr("kernel_shape",
                                       builder.getDenseI64ArrayAttr(*kernel)));
  attrs.push_back(builder.getNamedAttr(
      "ceil_mode", builder.getBoolAttr(intAttr(node, "ceil_mode", 0))));
  if (std::is_same_v<PoolOp, graph::AveragePoolOp>)
    attrs.push_back(builder.getNamedAttr(
        "count_include_pad",
        builder.getBoolAttr(intAttr(node, "count_include_pad", 0))));
  if (std::is_same_v<PoolOp, graph::LpPoolOp>)
    attrs.push_back(builder.getNamedAttr(
        "p", builder.getI64IntegerAttr(intAttr(node, "p", 2))));
  return createAndBind<PoolOp>(node, loc, x, attrs);
}

LogicalResult
GraphImporter::importGlobalAveragePool(const onnx::NodeProto &node,
                                       Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  return createAndBind<graph::GlobalAveragePoolOp>(node, loc, input(node, 0));
}

LogicalResult GraphImporter::importClip(const onnx::NodeProto &node,
                                        Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  // Integer Clip (opset 12+) is max and min with the given bounds, which
  // may be computed at run time.
  Value x = input(node, 0);
  if (!cast<RankedTensorType>(x.getType()).getElementType().isF32()) {
    FailureOr<Value> result = x;
    if (input(node, 1))
      result = create<graph::MaxOp>(loc, {*result, input(node, 1)});
    if (succeeded(result) && input(node, 2))
      result = create<graph::MinOp>(loc, {*result, input(node, 2)});
    if (failed(result))
      return failure();
    bind(node, 0, *result);
    return success();
  }
  float lo = std::numeric_limits<float>::lowest(),
        hi = std::numeric_limits<float>::max();
  if (opset < 11) {
    lo = floatAttr(node, "min", lo);
    hi = floatAttr(node, "max", hi);
  } else {
    for (auto [index, bound] : {std::pair<int, float *>{1, &lo}, {2, &hi}}) {
      if (!input(node, index))
        continue;
      FailureOr<float> constant =
          constantScalar(node, index, loc, index == 1 ? "min" : "max");
      if (failed(constant))
        return failure();
      *bound = *constant;
    }
  }
  if (lo > hi)
    return emitError(loc) << "Clip min " << lo << " is greater than max " << hi;
  bind(node, 0,
       createTyped<graph::ClipOp>(
           loc, x.getType(), x,
           {builder.getNamedAttr("min", builder.getF32FloatAttr(lo)),
            builder.getNamedAttr("max", builder.getF32FloatAttr(hi))}));
  return success();
}

template <typename SoftmaxLikeOp>
LogicalResult GraphImporter::importSoftmax(const onnx::NodeProto &node,
                                           Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  SmallVector<int64_t> shape(shapeOf(x));
  int64_t rank = shape.size();
  FailureOr<int64_t> axis =
      normalizeAxis(intAttr(node, "axis", opset >= 13 ? -1 : 1), rank, loc);
  if (failed(axis))
    return failure();
  auto softmax = [&](Value value, int64_t along) {
    return createTyped<SoftmaxLikeOp>(
        loc, value.getType(), value,
        {builder.getNamedAttr("axis", builder.getI64IntegerAttr(along))});
  };
  if (opset >= 13 || *axis == rank - 1) {
    bind(node, 0, softmax(x, *axis));
    return success();
  }
  // Before opset 13 the input is coerced to 2-D at `axis`.
  FailureOr<Value> flat = reshape(x, coercedTo2D(shape, *axis), loc);
  if (failed(flat))
    return failure();
  return reshapeAndBind(node, softmax(*flat, 1), shape, loc);
}

LogicalResult GraphImporter::importConcat(const onnx::NodeProto &node,
                                          Location loc) {
  SmallVector<Value> inputs = presentInputs(node);
  if (inputs.empty())
    return emitError(loc) << "Concat needs at least one input";
  FailureOr<int64_t> axis = normalizeAxis(intAttr(node, "axis", 0),
                                          shapeOf(inputs.front()).size(), loc);
  if (failed(axis))
    return failure();
  return createAndBind<graph::ConcatOp>(
      node, loc, inputs,
      {builder.getNamedAttr("axis", builder.getI64IntegerAttr(*axis))});
}

LogicalResult GraphImporter::importReshape(const onnx::NodeProto &node,
                                           Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  Value x = input(node, 0);
  FailureOr<SmallVector<int64_t>> target = constantInts(node, 1, loc, "shape");
  if (failed(target))
    return failure();
  ArrayRef<int64_t> inputShape = shapeOf(x);
  bool allowZero = intAttr(node, "allowzero", 0) != 0;
  int64_t total = cast<RankedTensorType>(x.getType()).getNumElements();
  int64_t known = 1, inferred = -1;
  SmallVector<int64_t> shape(*target);
  for (auto [index, dim] : llvm::enumerate(shape)) {
    if (dim == 0 && !allowZero) {
      if (index >= inputShape.size())
        return emitError(loc) << "Reshape copies dim " << index
                              << ", which the input does not have";
      dim = inputShape[index];
    }
    if (dim == -1) {
      if (inferred >= 0)
        return emitError(loc) << "Reshape shape has more than one -1";
      inferred = index;
      continue;
    }
    if (dim < 0)
      return emitError(loc) << "Reshape shape has invalid dim " << dim;
    known *= dim;
  }
  if (inferred >= 0) {
    if (known == 0 || total % known != 0)
      return emitError(loc)
             << "Reshape cannot infer the -1 dim of " << total << " elements";
    shape[inferred] = total / known;
  }
  return reshapeAndBind(node, x, shape, loc);
}

LogicalResult GraphImporter::importFlatten(const onnx::NodeProto &node,
                                           Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t rank = shape.size();
  int64_t axis = intAttr(node, "axis", 1);
  if (axis < -rank || axis > rank)
    return emitError(loc) << "axis " << axis << " is out of range for rank "
                          << rank;
  axis = axis < 0 ? axis + rank : axis;
  return reshapeAndBind(node, x, coercedTo2D(shape, axis), loc);
}

LogicalResult GraphImporter::importSqueeze(const onnx::NodeProto &node,
                                           Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  ArrayRef<int64_t> shape = shapeOf(x);
  FailureOr<SmallVector<int64_t>> axes =
      intsFromAttrOrInput(node, loc, "axes", 1, /*inputSince=*/13);
  if (failed(axes) || failed(normalizeAxes(*axes, shape.size(), loc)))
    return failure();
  // Without axes, every dim of size 1 goes.
  SmallVector<bool> drop(shape.size(), false);
  for (auto [dim, size] : llvm::enumerate(shape))
    drop[dim] = axes->empty() && size == 1;
  for (int64_t axis : *axes) {
    if (shape[axis] != 1)
      return emitError(loc)
             << "cannot squeeze axis " << axis << " of size " << shape[axis];
    drop[axis] = true;
  }
  SmallVector<int64_t> result;
  for (auto [dim, size] : llvm::enumerate(shape))
    if (!drop[dim])
      result.push_back(size);
  return reshapeAndBind(node, x, result, loc);
}

LogicalResult GraphImporter::importUnsqueeze(const onnx::NodeProto &node,
                                             Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  ArrayRef<int64_t> shape = shapeOf(x);
  FailureOr<SmallVector<int64_t>> axes =
      intsFromAttrOrInput(node, loc, "axes", 1, /*inputSince=*/13);
  if (failed(axes))
    return failure();
  int64_t rank = shape.size() + axes->size();
  if (failed(normalizeAxes(*axes, rank, loc)))
    return failure();
  SmallVector<bool> inserted(rank, false);
  for (int64_t axis : *axes) {
    if (inserted[axis])
      return emitError(loc) << "axis " << axis << " is repeated";
    inserted[axis] = true;
  }
  SmallVector<int64_t> result;
  const int64_t *next = shape.begin();
  for (int64_t dim = 0; dim < rank; ++dim)
    result.push_back(inserted[dim] ? 1 : *next++);
  return reshapeAndBind(node, x, result, loc);
}

LogicalResult GraphImporter::importTranspose(const onnx::NodeProto &node,
                                             Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  int64_t rank = shapeOf(x).size();
  SmallVector<int64_t> perm =
      intsAttr(node, "perm")
          .value_or(llvm::to_vector(llvm::reverse(allAxes(rank))));
  return bindResult(node, transpose(x, perm, loc));
}

/// Clamps ONNX slice bounds as the spec says and builds a graph.slice over
/// all axes.
LogicalResult
GraphImporter::importSliceOf(const onnx::NodeProto &node, Location loc,
                             Value data, ArrayRef<int64_t> starts,
                             ArrayRef<int64_t> ends, ArrayRef<int64_t> axes,
                             ArrayRef<int64_t> steps, int outputIndex) {
  ArrayRef<int64_t> shape = shapeOf(data);
  int64_t rank = shape.size();
  SmallVector<int64_t> fullStarts(rank, 0), fullEnds(shape), fullSteps(rank, 1);
  if (starts.size() != ends.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return emitError(loc) << "starts, ends, axes and steps differ in length";
  for (size_t i = 0; i < axes.size(); ++i) {
    FailureOr<int64_t> axis = normalizeAxis(axes[i], rank, loc);
    if (failed(axis))
      return failure();
    int64_t dim = shape[*axis], step = steps[i];
    if (step == 0)
      return emitError(loc) << "slice step must not be 0";
    auto clampBound = [&](int64_t value, int64_t lo, int64_t hi) {
      if (value < 0)
        value += dim;
      return std::clamp(value, lo, hi);
    };
    // Bounds beyond int32 (INT64_MAX/MIN as "to the end") are clamped too.
    if (step > 0) {
      fullStarts[*axis] = clampBound(starts[i], 0, dim);
      fullEnds[*axis] = clampBound(ends[i], 0, dim);
    } else {
      fullStarts[*axis] = clampBound(starts[i], 0, dim - 1);
      fullEnds[*axis] = clampBound(ends[i], -1, dim - 1);
    }
    fullSteps[*axis] = step;
  }
  FailureOr<Value> slice = create<graph::SliceOp>(
      loc, data,
      {builder.getNamedAttr("starts", builder.getDenseI64ArrayAttr(fullStarts)),
       builder.getNamedAttr("ends", builder.getDenseI64ArrayAttr(fullEnds)),
       builder.getNamedAttr("steps", builder.getDenseI64ArrayAttr(fullSteps))});
  if (failed(slice))
    return failure();
  bind(node, outputIndex, *slice);
  return success();
}

/// CenterCropPad: zero-pads the axes that are too small, then crops the
/// centre (odd remainders go to the end, as in its ONNX function).
LogicalResult GraphImporter::importCenterCropPad(const onnx::NodeProto &node,
                                                 Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  Value x = input(node, 0);
  ArrayRef<int64_t> in = shapeOf(x);
  int64_t rank = in.size();
  FailureOr<SmallVector<int64_t>> target = constantInts(node, 1, loc, "shape");
  SmallVector<int64_t> axes = intsAttr(node, "axes").value_or(allAxes(rank));
  if (failed(target) || failed(normalizeAxes(axes, rank, loc)))
    return failure();
  if (target->size() != axes.size())
    return emitError(loc) << "CenterCropPad shape has " << target->size()
                          << " entries for " << axes.size() << " axes";
  SmallVector<int64_t> pads(2 * rank, 0), starts(rank, 0), ends(in),
      steps(rank, 1);
  for (auto [axis, size] : llvm::zip_equal(axes, *target)) {
    if (size < 0)
      return emitError(loc) << "CenterCropPad shape must be >= 0";
    int64_t extra = std::abs(size - in[axis]);
    if (size > in[axis]) {
      pads[axis] = extra / 2;
      pads[axis + rank] = extra - extra / 2;
      ends[axis] = size;
    } else {
      starts[axis] = extra / 2;
      ends[axis] = extra / 2 + size;
    }
  }
  FailureOr<Value> padded = create<graph::PadOp>(
      loc, x,
      {builder.getNamedAttr("pads", builder.getDenseI64ArrayAttr(pads)),
       builder.getNamedAttr("mode", builder.getStringAttr("constant"))});
  if (failed(padded))
    return failure();
  return createAndBind<graph::SliceOp>(
      node, loc, *padded,
      {builder.getNamedAttr("starts", builder.getDenseI64ArrayAttr(starts)),
       builder.getNamedAttr("ends", builder.getDenseI64ArrayAttr(ends)),
       builder.getNamedAttr("steps", builder.getDenseI64ArrayAttr(steps))});
}

LogicalResult GraphImporter::importSlice(const onnx::NodeProto &node,
                                         Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  // Opset 10 turned the attributes into inputs 1-4 (and added steps).
  FailureOr<SmallVector<int64_t>> starts =
      intsFromAttrOrInput(node, loc, "starts", 1, /*inputSince=*/10);
  FailureOr<SmallVector<int64_t>> ends =
      intsFromAttrOrInput(node, loc, "ends", 2, /*inputSince=*/10);
  FailureOr<SmallVector<int64_t>> axes =
      intsFromAttrOrInput(node, loc, "axes", 3, /*inputSince=*/10);
  FailureOr<SmallVector<int64_t>> steps =
      intsFromAttrOrInput(node, loc, "steps", 4, /*inputSince=*/10);
  if (failed(starts) || failed(ends) || failed(axes) || failed(steps))
    return failure();
  if (axes->empty())
    *axes = allAxes(starts->size());
  if (steps->empty())
    steps->assign(starts->size(), 1);
  return importSliceOf(node, loc, input(node, 0), *starts, *ends, *axes, *steps,
                       0);
}

LogicalResult GraphImporter::importSplit(const onnx::NodeProto &node,
                                         Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value data = input(node, 0);
  ArrayRef<int64_t> shape = shapeOf(data);
  FailureOr<int64_t> axis =
      normalizeAxis(intAttr(node, "axis", 0), shape.size(), loc);
  if (failed(axis))
    return failure();
  FailureOr<SmallVector<int64_t>> splitSizes =
      intsFromAttrOrInput(node, loc, "split", 1, /*inputSince=*/13);
  if (failed(splitSizes))
    return failure();
  SmallVector<int64_t> sizes = std::move(*splitSizes);
  int64_t outputs = opset >= 18 && attr(node, "num_outputs")
                        ? intAttr(node, "num_outputs", 0)
                        : node.output_size();
  if (sizes.empty()) {
    if (outputs < 1)
      return emitError(loc) << "Split needs at least one output";
    // Equal parts; from opset 18 the last one may be smaller.
    int64_t part = (shape[*axis] + outputs - 1) / outputs;
    for (int64_t i = 0, left = shape[*axis]; i < outputs; ++i, left -= part)
      sizes.push_back(std::min(part, left));
  }
  int64_t sum = 0;
  for (int64_t size : sizes)
    sum += size < 0 ? shape[*axis] + 1 : size; // any negative size is invalid
  if (sum != shape[*axis] ||
      static_cast<int64_t>(sizes.size()) != node.output_size())
    return emitError(loc) << "split sizes do not add up to dim " << shape[*axis]
                          << " or do not match the " << node.output_size()
                          << " outputs";
  int64_t start = 0;
  for (auto [index, size] : llvm::enumerate(sizes)) {
    if (failed(importSliceOf(node, loc, data, {start}, {start + size}, {*axis},
                             {1}, index)))
      return failure();
    start += size;
  }
  return success();
}

LogicalResult GraphImporter::importExpand(const onnx::NodeProto &node,
                                          Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  Value x = input(node, 0);
  FailureOr<SmallVector<int64_t>> target = constantInts(node, 1, loc, "shape");
  if (failed(target))
    return failure();
  // The result is the numpy broadcast of the input and the requested shape.
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(shapeOf(x), *target, shape))
    return emitError(loc) << "Expand cannot broadcast the input to the shape";
  auto type = RankedTensorType::get(
      shape, cast<RankedTensorType>(x.getType()).getElementType());
  bind(node, 0,
       shape == shapeOf(x) ? x : createTyped<graph::ExpandOp>(loc, type, x));
  return success();
}

LogicalResult GraphImporter::importTile(const onnx::NodeProto &node,
                                        Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  FailureOr<SmallVector<int64_t>> repeats =
      constantInts(node, 1, loc, "repeats");
  if (failed(repeats))
    return failure();
  return createAndBind<graph::TileOp>(
      node, loc, input(node, 0),
      {builder.getNamedAttr("repeats",
                            builder.getDenseI64ArrayAttr(*repeats))});
}

LogicalResult GraphImporter::rearrangeBlocks(const onnx::NodeProto &node,
                                             Location loc,
                                             ArrayRef<int64_t> split,
                                             ArrayRef<int64_t> perm,
                                             ArrayRef<int64_t> result) {
  FailureOr<Value> blocks = reshape(input(node, 0), split, loc);
  if (failed(blocks))
    return failure();
  FailureOr<Value> moved = transpose(*blocks, perm, loc);
  if (failed(moved))
    return failure();
  return reshapeAndBind(node, *moved, result, loc);
}

LogicalResult GraphImporter::importDepthToSpace(const onnx::NodeProto &node,
                                                Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(input(node, 0));
  int64_t b = intAttr(node, "blocksize", 0);
  if (shape.size() != 4 || b < 1 || shape[1] % (b * b) != 0)
    return emitError(loc) << "DepthToSpace needs NCHW input with C divisible "
                             "by blocksize^2";
  auto [n, c, h, w] =
      std::array<int64_t, 4>{shape[0], shape[1], shape[2], shape[3]};
  SmallVector<int64_t> result = {n, c / (b * b), h * b, w * b};
  if (stringAttr(node, "mode", "DCR") == "CRD")
    return rearrangeBlocks(node, loc, {n, c / (b * b), b, b, h, w},
                           {0, 1, 4, 2, 5, 3}, result);
  return rearrangeBlocks(node, loc, {n, b, b, c / (b * b), h, w},
                         {0, 3, 4, 1, 5, 2}, result);
}

LogicalResult GraphImporter::importSpaceToDepth(const onnx::NodeProto &node,
                                                Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(input(node, 0));
  int64_t b = intAttr(node, "blocksize", 0);
  if (shape.size() != 4 || b < 1 || shape[2] % b != 0 || shape[3] % b != 0)
    return emitError(loc) << "SpaceToDepth needs NCHW input with H and W "
                             "divisible by blocksize";
  auto [n, c, h, w] =
      std::array<int64_t, 4>{shape[0], shape[1], shape[2], shape[3]};
  return rearrangeBlocks(node, loc, {n, c, h / b, b, w / b, b},
                         {0, 3, 5, 1, 2, 4}, {n, c * b * b, h / b, w / b});
}

LogicalResult GraphImporter::importShape(const onnx::NodeProto &node,
                                         Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  FailureOr<Value> shape = create<graph::ShapeOp>(loc, input(node, 0));
  if (failed(shape))
    return failure();
  int64_t rank = shapeOf(input(node, 0)).size();
  int64_t start = intAttr(node, "start", 0), end = intAttr(node, "end", rank);
  if (start == 0 && end == rank) {
    bind(node, 0, *shape);
    return success();
  }
  // Opset 15 start/end: a slice of the shape vector.
  return importSliceOf(node, loc, *shape, {start}, {end}, {0}, {1}, 0);
}

LogicalResult GraphImporter::importGather(const onnx::NodeProto &node,
                                          Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  Value data = input(node, 0);
  FailureOr<int64_t> axis =
      normalizeAxis(intAttr(node, "axis", 0), shapeOf(data).size(), loc);
  if (failed(axis))
    return failure();
  NamedAttribute axisAttr =
      builder.getNamedAttr("axis", builder.getI64IntegerAttr(*axis));
  if (node.op_type() == "GatherElements")
    return createAndBind<graph::GatherElementsOp>(
        node, loc, {data, input(node, 1)}, axisAttr);
  return createAndBind<graph::GatherOp>(node, loc, {data, input(node, 1)},
                                        axisAttr);
}

LogicalResult GraphImporter::importGatherND(const onnx::NodeProto &node,
                                            Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  return createAndBind<graph::GatherNDOp>(
      node, loc, {input(node, 0), input(node, 1)},
      builder.getNamedAttr("batch_dims", builder.getI64IntegerAttr(
                                             intAttr(node, "batch_dims", 0))));
}

/// Compress: a gather of the positions whose condition is true (the
/// condition is a compile-time constant; positions past its end are false),
/// along `axis` or over the flattened input.
LogicalResult GraphImporter::importCompress(const onnx::NodeProto &node,
                                            Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  FailureOr<SmallVector<int64_t>> condition =
      constantInts(node, 1, loc, "condition");
  if (failed(condition))
    return failure();
  Value x = input(node, 0);
  int64_t axis = 0;
  if (attr(node, "axis")) {
    FailureOr<int64_t> given =
        normalizeAxis(intAttr(node, "axis", 0), shapeOf(x).size(), loc);
    if (failed(given))
      return failure();
    axis = *given;
  } else {
    FailureOr<Value> flat =
        reshape(x, {ShapedType::getNumElements(shapeOf(x))}, loc);
    if (failed(flat))
      return failure();
    x = *flat;
  }
  int64_t extent = shapeOf(x)[axis];
  if (static_cast<int64_t>(condition->size()) > extent)
    return emitError(loc) << "Compress condition has " << condition->size()
                          << " entries for a dim of " << extent;
  SmallVector<int64_t> kept;
  for (auto [position, keep] : llvm::enumerate(*condition))
    if (keep)
      kept.push_back(position);
  auto type =
      RankedTensorType::get({int64_t(kept.size())}, builder.getI64Type());
  return createAndBind<graph::GatherOp>(
      node, loc, {x, constant(makeIntElements(type, kept, "compress"), loc)},
      builder.getNamedAttr("axis", builder.getI64IntegerAttr(axis)));
}

/// ReverseSequence: element [.., b, .., t, ..] is read from time
/// lens[b] - 1 - t while t < lens[b], else from t; the read positions are
/// a constant table for gather_elements along the time axis.
LogicalResult GraphImporter::importReverseSequence(const onnx::NodeProto &node,
                                                   Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  Value x = input(node, 0);
  ArrayRef<int64_t> shape = shapeOf(x);
  FailureOr<SmallVector<int64_t>> lengths =
      constantInts(node, 1, loc, "sequence_lens");
  int64_t batchAxis = intAttr(node, "batch_axis", 1);
  int64_t timeAxis = intAttr(node, "time_axis", 0);
  if (failed(lengths))
    return failure();
  if (shape.size() < 2 || !llvm::is_contained({0, 1}, batchAxis) ||
      timeAxis != 1 - batchAxis ||
      static_cast<int64_t>(lengths->size()) != shape[batchAxis] ||
      llvm::any_of(*lengths, [&](int64_t length) {
        return length < 0 || length > shape[timeAxis];
      }))
    return emitError(loc) << "ReverseSequence needs batch and time axes 0 and "
                             "1 and one length in [0, "
                          << (shape.size() < 2 ? 0 : shape[timeAxis])
                          << "] per batch entry";
  SmallVector<int64_t> strides = rowMajorStrides(shape);
  SmallVector<int64_t> reads(ShapedType::getNumElements(shape));
  for (auto [position, read] : llvm::enumerate(reads)) {
    int64_t p = position;
    int64_t b = p / strides[batchAxis] % shape[batchAxis];
    int64_t t = p / strides[timeAxis] % shape[timeAxis];
    read = t < (*lengths)[b] ? (*lengths)[b] - 1 - t : t;
  }
  auto type = RankedTensorType::get(shape, builder.getI64Type());
  Value table = constant(makeIntElements(type, reads, "reverse_sequence"), loc);
  return createAndBind<graph::GatherElementsOp>(
      node, loc, {x, table},
      builder.getNamedAttr("axis", builder.getI64IntegerAttr(timeAxis)));
}

/// Scatter (opsets 9-10), ScatterElements and ScatterND.
LogicalResult GraphImporter::importScatter(const onnx::NodeProto &node,
                                           Location loc) {
  if (failed(requireInputs(node, loc, 3)))
    return failure();
  Value data = input(node, 0);
  SmallVector<Value> operands = {data, input(node, 1), input(node, 2)};
  NamedAttribute reduction = builder.getNamedAttr(
      "reduction",
      builder.getStringAttr(stringAttr(node, "reduction", "none")));
  if (node.op_type() == "ScatterND")
    return createAndBind<graph::ScatterNDOp>(node, loc, operands, reduction);
  FailureOr<int64_t> axis =
      normalizeAxis(intAttr(node, "axis", 0), shapeOf(data).size(), loc);
  if (failed(axis))
    return failure();
  return createAndBind<graph::ScatterElementsOp>(
      node, loc, operands,
      {reduction,
       builder.getNamedAttr("axis", builder.getI64IntegerAttr(*axis))});
}

LogicalResult GraphImporter::importCast(const onnx::NodeProto &node,
                                        Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  int64_t to = intAttr(node, "to", 0);
  std::optional<Type> element = elementTypeOf(to, context);
  if (!element)
    return emitError(loc) << "Cast to " << dtypeName(to) << " is not supported";
  Value x = input(node, 0);
  auto type = RankedTensorType::get(shapeOf(x), *element);
  bind(node, 0, createTyped<graph::CastOp>(loc, type, x, saturation(node)));
  return success();
}

SmallVector<NamedAttribute>
GraphImporter::saturation(const onnx::NodeProto &node) {
  return {builder.getNamedAttr(
      "saturate", builder.getBoolAttr(intAttr(node, "saturate", 1) != 0))};
}

LogicalResult GraphImporter::importCastLike(const onnx::NodeProto &node,
                                            Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  Value x = input(node, 0);
  Type element =
      cast<RankedTensorType>(input(node, 1).getType()).getElementType();
  bind(node, 0,
       createTyped<graph::CastOp>(loc,
                                  RankedTensorType::get(shapeOf(x), element), x,
                                  saturation(node)));
  return success();
}

LogicalResult GraphImporter::importConstantOfShape(const onnx::NodeProto &node,
                                                   Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  FailureOr<SmallVector<int64_t>> shape = constantInts(node, 0, loc, "shape");
  if (failed(shape))
    return failure();
  if (llvm::any_of(*shape, [](int64_t dim) { return dim < 0; }))
    return emitError(loc) << "ConstantOfShape shape has a negative dim";
  // The fill value: a one-element tensor attribute, float32 0 by default.
  Attribute fill = builder.getF32FloatAttr(0.0f);
  if (const onnx::AttributeProto *value = attr(node, "value")) {
    FailureOr<ElementsAttr> tensor = tensorToAttr(value->t(), loc);
    if (failed(tensor))
      return failure();
    if (tensor->getNumElements() != 1)
      return emitError(loc) << "ConstantOfShape value must have one element";
    fill = *tensor->value_begin<Attribute>();
  }
  auto type = RankedTensorType::get(*shape, cast<TypedAttr>(fill).getType());
  bind(node, 0, constant(DenseElementsAttr::get(type, fill), loc));
  return success();
}

/// EyeLike depends only on its input's shape: a constant with ones on the
/// k-th diagonal, in the input's dtype or `dtype`.
LogicalResult GraphImporter::importEyeLike(const onnx::NodeProto &node,
                                           Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  auto inputType = cast<RankedTensorType>(input(node, 0).getType());
  if (inputType.getRank() != 2)
    return emitError(loc) << "EyeLike needs a 2-D input, got rank "
                          << inputType.getRank();
  Type element = inputType.getElementType();
  if (const onnx::AttributeProto *dtype = attr(node, "dtype")) {
    std::optional<Type> given = elementTypeOf(dtype->i(), context);
    if (!given)
      return emitError(loc)
             << "EyeLike to " << dtypeName(dtype->i()) << " is not supported";
    element = *given;
  }
  auto type = RankedTensorType::get(inputType.getShape(), element);
  int64_t k = intAttr(node, "k", 0);
  auto scalar = [&](double value) -> Attribute {
    if (isa<FloatType>(element))
      return builder.getFloatAttr(element, value);
    return builder.getIntegerAttr(element, static_cast<int64_t>(value));
  };
  Attribute zero = scalar(0), one = scalar(1);
  SmallVector<Attribute> values;
  for (int64_t row = 0; row < type.getDimSize(0); ++row)
    for (int64_t column = 0; column < type.getDimSize(1); ++column)
      values.push_back(column - row == k ? one : zero);
  bind(node, 0, constant(DenseElementsAttr::get(type, values), loc));
  return success();
}

LogicalResult GraphImporter::importSize(const onnx::NodeProto &node,
                                        Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  auto type = RankedTensorType::get({}, builder.getI64Type());
  int64_t count =
      cast<RankedTensorType>(input(node, 0).getType()).getNumElements();
  bind(node, 0, constant(DenseElementsAttr::get(type, count), loc));
  return success();
}

LogicalResult GraphImporter::importConstant(const onnx::NodeProto &node,
                                            Location loc) {
  ElementsAttr value;
  if (const onnx::AttributeProto *tensor = attr(node, "value")) {
    FailureOr<ElementsAttr> converted = tensorToAttr(tensor->t(), loc);
    if (failed(converted))
      return failure();
    value = *converted;
  } else if (const onnx::AttributeProto *f = attr(node, "value_float")) {
    value = DenseElementsAttr::get(
        RankedTensorType::get({}, builder.getF32Type()), f->f());
  } else if (const onnx::AttributeProto *fs = attr(node, "value_floats")) {
    SmallVector<float> floats(fs->floats().begin(), fs->floats().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({static_cast<int64_t>(floats.size())},
                              builder.getF32Type()),
        ArrayRef(floats));
  } else if (const onnx::AttributeProto *i = attr(node, "value_int")) {
    value =
        DenseElementsAttr::get(RankedTensorType::get({}, builder.getI64Type()),
                               static_cast<int64_t>(i->i()));
  } else if (const onnx::AttributeProto *is = attr(node, "value_ints")) {
    SmallVector<int64_t> ints(is->ints().begin(), is->ints().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({static_cast<int64_t>(ints.size())},
                              builder.getI64Type()),
        ArrayRef(ints));
  } else {
    return emitError(loc) << "Constant without a supported value attribute";
  }
  bind(node, 0, constant(value, loc));
  return success();
}

LogicalResult GraphImporter::importIdentity(const onnx::NodeProto &node,
                                            Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  bind(node, 0, input(node, 0));
  return success();
}

/// Optional values exist only as present or absent tensors here, so whether
/// one holds an element is known at compile time.
LogicalResult
GraphImporter::importOptionalHasElement(const onnx::NodeProto &node,
                                        Location loc) {
  auto type = RankedTensorType::get({}, builder.getI1Type());
  bind(node, 0,
       constant(DenseElementsAttr::get(type, input(node, 0) != nullptr), loc));
  return success();
}

LogicalResult GraphImporter::importDropout(const onnx::NodeProto &node,
                                           Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  // Opset 12 made training mode and the ratio inputs; random masks are not
  // inference, but training with ratio 0 drops nothing.
  if (opset >= 12 && input(node, 2)) {
    FailureOr<int64_t> training = constantInt(node, 2, loc, "training_mode");
    if (failed(training))
      return failure();
    float ratio = 0.5f;
    if (*training && input(node, 1)) {
      FailureOr<float> given = constantScalar(node, 1, loc, "ratio");
      if (failed(given))
        return failure();
      ratio = *given;
    }
    if (*training && ratio != 0.0f)
      return emitError(loc) << "Dropout in training mode (random masks) is "
                               "not supported";
  }
  // Nothing is dropped: the mask is all true.
  Value x = input(node, 0);
  auto maskType = RankedTensorType::get(shapeOf(x), builder.getI1Type());
  bind(node, 1, constant(DenseElementsAttr::get(maskType, true), loc));
  return importIdentity(node, loc);
}

LogicalResult GraphImporter::importPad(const onnx::NodeProto &node,
                                       Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  std::string mode = stringAttr(node, "mode", "constant");
  Value x = input(node, 0);
  int64_t rank = shapeOf(x).size();
  // Opset 11 turned pads and value into inputs; opset 18 added axes.
  FailureOr<SmallVector<int64_t>> pads =
      intsFromAttrOrInput(node, loc, "pads", 1, /*inputSince=*/11);
  FailureOr<SmallVector<int64_t>> axes =
      intsFromAttrOrInput(node, loc, "axes", 3, /*inputSince=*/18);
  if (failed(pads) || failed(axes) || failed(normalizeAxes(*axes, rank, loc)))
    return failure();
  float value = floatAttr(node, "value", 0.0f);
  if (opset >= 11 && input(node, 2)) {
    FailureOr<float> scalar = constantScalar(node, 2, loc, "constant_value");
    if (failed(scalar))
      return failure();
    value = *scalar;
  }
  if (!axes->empty()) {
    // pads then hold a begin and an end for each listed axis only.
    if (pads->size() != 2 * axes->size())
      return emitError(loc) << "Pad pads must have two entries per axis";
    SmallVector<int64_t> full(2 * rank, 0);
    for (auto [i, axis] : llvm::enumerate(*axes)) {
      full[axis] = (*pads)[i];
      full[axis + rank] = (*pads)[i + axes->size()];
    }
    *pads = full;
  }
  // The other modes tabulate each padded dim, so it stays within int32
  // (each term is checked first so that the sum cannot overflow).
  constexpr int64_t kMaxDim = std::numeric_limits<int32_t>::max();
  // Wrong lengths and negative pads are reported by graph.pad's inference.
  if (mode != "constant" && pads->size() == size_t(2 * rank))
    for (auto [dim, size] : llvm::enumerate(shapeOf(x))) {
      int64_t begin = (*pads)[dim], end = (*pads)[dim + rank];
      if (begin > kMaxDim || end > kMaxDim ||
          size + std::max<int64_t>(begin, 0) + std::max<int64_t>(end, 0) >
              kMaxDim)
        return emitError(loc) << "Pad output dim is too large";
    }
  return createAndBind<graph::PadOp>(
      node, loc, x,
      {builder.getNamedAttr("pads", builder.getDenseI64ArrayAttr(*pads)),
       builder.getNamedAttr("value", builder.getF32FloatAttr(value)),
       builder.getNamedAttr("mode", builder.getStringAttr(mode))});
}

} // namespace detail
} // namespace edgecc
