//===- LowerGraphToKernel.cpp - graph ops on tensors to kernel ops --------===//

#include "edgecc/Support/Elements.h"
#include "edgecc/Support/Resampling.h"
#include "edgecc/Transforms/Passes.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/TypeSwitch.h"

namespace edgecc {
#define GEN_PASS_DEF_LOWERGRAPHTOKERNEL
#include "edgecc/Transforms/Passes.h.inc"
} // namespace edgecc

using namespace mlir;
using namespace edgecc;

namespace {

static MemRefType bufferType(Type tensorType) {
  auto tensor = cast<RankedTensorType>(tensorType);
  return MemRefType::get(tensor.getShape(), tensor.getElementType());
}

/// Lowers the body of one function; `buffers` maps tensors to buffers.
class FunctionLowering {
public:
  FunctionLowering(OpBuilder &builder) : builder(builder) {}

  LogicalResult lower(Operation *op);
  /// Makes the returned buffers the output arguments.
  void bindOutputs(ArrayRef<Value> results, ArrayRef<BlockArgument> outputs,
                   Location loc);

  IRMapping buffers;

private:
  Value lookup(Value tensor) { return buffers.lookupOrNull(tensor); }
  Value alloc(Location loc, Type tensorType) {
    return builder.create<kernel::AllocOp>(loc, bufferType(tensorType),
                                           IntegerAttr());
  }
  /// A new buffer for `op`'s result, written by a new `KernelOp` that reads
  /// the buffers of `sources` and has the attributes `attrs`; `scratch` are
  /// buffers only the kernel uses, passed between sources and result.
  template <typename KernelOp>
  Value compute(Operation *op, ValueRange sources,
                ArrayRef<NamedAttribute> attrs = {}, ValueRange scratch = {}) {
    Value out = alloc(op->getLoc(), op->getResult(0).getType());
    SmallVector<Value> operands = llvm::map_to_vector(
        sources, [&](Value source) { return lookup(source); });
    llvm::append_range(operands, scratch);
    operands.push_back(out);
    builder.create<KernelOp>(op->getLoc(), TypeRange(), operands, attrs);
    return out;
  }
  /// `compute` for a kernel that mirrors its graph op: the same operands
  /// and attributes.
  template <typename KernelOp> Value mirror(Operation *op) {
    return compute<KernelOp>(op, op->getOperands(), op->getAttrs());
  }
  /// A flat row-major copy of a whole buffer region into part of another.
  void copy(Location loc, Value from, Value to, ArrayRef<int64_t> sizes,
            int64_t srcOffset, ArrayRef<int64_t> srcStrides, int64_t dstOffset,
            ArrayRef<int64_t> dstStrides) {
    builder.create<kernel::CopyOp>(loc, from, to,
                                   builder.getDenseI64ArrayAttr(sizes),
                                   builder.getI64IntegerAttr(srcOffset),
                                   builder.getDenseI64ArrayAttr(srcStrides),
                                   builder.getI64IntegerAttr(dstOffset),
                                   builder.getDenseI64ArrayAttr(dstStrides));
  }

  LogicalResult lowerConstant(graph::ConstantOp op);
  Value lowerConcat(graph::ConcatOp op);
  Value lowerTranspose(graph::TransposeOp op);
  Value lowerExpand(graph::ExpandOp op);
  Value lowerTile(graph::TileOp op);
  Value lowerSlice(graph::SliceOp op);
  Value lowerMatMul(graph::MatMulOp op);
  Value lowerPad(graph::PadOp op);
  Value lowerPadByGather(graph::PadOp op);
  Value resample(Operation *op, ArrayRef<AxisTaps> axes,
                 ArrayRef<NamedAttribute> extraAttrs = {});
  Value lowerResize(graph::ResizeOp op);
  Value lowerReduce(Operation *op, StringRef kind);
  Value lowerPool(Operation *op, StringRef kind);
  template <typename SoftmaxLikeOp>
  Value lowerSoftmax(SoftmaxLikeOp op, bool log);
  template <typename ArgReduceOp>
  Value lowerArgReduce(ArgReduceOp op, StringRef kind);
  /// `buffer` seen with the shape of `tensorType`, if that differs.
  Value viewAs(Location loc, Value buffer, Type tensorType);

  OpBuilder &builder;
};

LogicalResult FunctionLowering::lowerConstant(graph::ConstantOp op) {
  if (op.getResult().use_empty())
    return success();
  buffers.map(op.getResult(),
              builder.create<kernel::WeightOp>(
                  op.getLoc(), bufferType(op.getType()), op.getValue()));
  return success();
}

Value FunctionLowering::lowerConcat(graph::ConcatOp op) {
  Value out = alloc(op.getLoc(), op.getType());
  ArrayRef<int64_t> outShape = op.getType().getShape();
  SmallVector<int64_t> outStrides = rowMajorStrides(outShape);
  int64_t axis = op.getAxis(), position = 0;
  for (Value input : op.getInputs()) {
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(input.getType()).getShape();
    if (cast<RankedTensorType>(input.getType()).getNumElements() > 0)
      copy(op.getLoc(), lookup(input), out, shape, 0, rowMajorStrides(shape),
           position * outStrides[axis], outStrides);
    position += shape[axis];
  }
  return out;
}

Value FunctionLowering::lowerTranspose(graph::TransposeOp op) {
  Value out = alloc(op.getLoc(), op.getType());
  ArrayRef<int64_t> outShape = op.getType().getShape();
  SmallVector<int64_t> inStrides =
      rowMajorStrides(op.getInput().getType().getShape());
  SmallVector<int64_t> srcStrides;
  for (int64_t axis : op.getPerm())
    srcStrides.push_back(inStrides[axis]);
  copy(op.getLoc(), lookup(op.getInput()), out, outShape, 0, srcStrides, 0,
       rowMajorStrides(outShape));
  return out;
}

/// One copy whose source stride is 0 along broadcast dims.
Value FunctionLowering::lowerExpand(graph::ExpandOp op) {
  Value out = alloc(op.getLoc(), op.getType());
  ArrayRef<int64_t> outShape = op.getType().getShape();
  ArrayRef<int64_t> inShape = op.getInput().getType().getShape();
  SmallVector<int64_t> inStrides = rowMajorStrides(inShape);
  SmallVector<int64_t> srcStrides(outShape.size(), 0);
  size_t lead = outShape.size() - inShape.size();
  for (size_t dim = 0; dim < inShape.size(); ++dim)
    if (inShape[dim] != 1)
      srcStrides[lead + dim] = inStrides[dim];
  copy(op.getLoc(), lookup(op.getInput()), out, outShape, 0, srcStrides, 0,
       rowMajorStrides(outShape));
  return out;
}

/// One copy over [repeat0, dim0, repeat1, dim1, ...]: the source ignores
/// the repeat index, the destination steps a whole input extent per repeat.
Value FunctionLowering::lowerTile(graph::TileOp op) {
  Value out = alloc(op.getLoc(), op.getType());
  ArrayRef<int64_t> inShape = op.getInput().getType().getShape();
  SmallVector<int64_t> inStrides = rowMajorStrides(inShape);
  SmallVector<int64_t> outStrides = rowMajorStrides(op.getType().getShape());
  SmallVector<int64_t> sizes, srcStrides, dstStrides;
  for (auto [dim, repeat] : llvm::enumerate(op.getRepeats())) {
    sizes.append({repeat, inShape[dim]});
    srcStrides.append({0, inStrides[dim]});
    dstStrides.append({inShape[dim] * outStrides[dim], outStrides[dim]});
  }
  copy(op.getLoc(), lookup(op.getInput()), out, sizes, 0, srcStrides, 0,
       dstStrides);
  return out;
}

Value FunctionLowering::lowerSlice(graph::SliceOp op) {
  Value out = alloc(op.getLoc(), op.getType());
  ArrayRef<int64_t> outShape = op.getType().getShape();
  SmallVector<int64_t> inStrides =
      rowMajorStrides(op.getInput().getType().getShape());
  int64_t srcOffset = 0;
  SmallVector<int64_t> srcStrides;
  for (size_t dim = 0; dim < inStrides.size(); ++dim) {
    srcOffset += op.getStarts()[dim] * inStrides[dim];
    srcStrides.push_back(op.getSteps()[dim] * inStrides[dim]);
  }
  if (op.getType().getNumElements() > 0)
    copy(op.getLoc(), lookup(op.getInput()), out, outShape, srcOffset,
         srcStrides, 0, rowMajorStrides(outShape));
  return out;
}

Value FunctionLowering::lowerPad(graph::PadOp op) {
  if (op.getMode() != "constant")
    return lowerPadByGather(op);
  Value out = alloc(op.getLoc(), op.getType());
  kernel::buildPad(builder, op.getLoc(), lookup(op.getInput()), out,
                   op.getValueAttr(),
                   op.getPads().take_front(op.getInput().getType().getRank()));
  return out;
}

/// A kernel.resample of `op`'s input with the per-axis `taps`.
Value FunctionLowering::resample(Operation *op, ArrayRef<AxisTaps> axes,
                                 ArrayRef<NamedAttribute> extraAttrs) {
  SmallVector<int64_t> taps, indices;
  SmallVector<float> weights;
  for (const AxisTaps &axis : axes) {
    taps.push_back(axis.taps);
    indices.append(axis.indices);
    weights.append(axis.weights.begin(), axis.weights.end());
  }
  SmallVector<NamedAttribute> attrs = {
      builder.getNamedAttr("taps", builder.getDenseI64ArrayAttr(taps)),
      builder.getNamedAttr("indices", builder.getDenseI64ArrayAttr(indices)),
      builder.getNamedAttr("weights", builder.getDenseF32ArrayAttr(weights))};
  llvm::append_range(attrs, extraAttrs);
  return compute<kernel::ResampleOp>(op, op->getOperand(0), attrs);
}

/// Edge, reflect and wrap padding read every output element from one input
/// element: a resampling with one tap of weight 1 per axis.
Value FunctionLowering::lowerPadByGather(graph::PadOp op) {
  ArrayRef<int64_t> in = op.getInput().getType().getShape();
  SmallVector<AxisTaps> axes;
  for (auto [axis, size] : llvm::enumerate(in))
    axes.push_back(padAxisTaps(op.getMode(), size, op.getPads()[axis],
                               op.getPads()[axis + in.size()]));
  return resample(op, axes);
}

/// The interpolation taps of every axis, computed here once.
Value FunctionLowering::lowerResize(graph::ResizeOp op) {
  ResizeMethod method;
  method.mode = op.getMode();
  method.coordinateTransformation = op.getCoordinateTransformationMode();
  method.nearestMode = op.getNearestMode();
  method.cubicCoeffA = op.getCubicCoeffA().convertToDouble();
  method.excludeOutside = op.getExcludeOutside();
  method.antialias = op.getAntialias();
  ArrayRef<int64_t> in = op.getInput().getType().getShape(),
                    out = op.getType().getShape();
  int64_t rank = static_cast<int64_t>(in.size());
  std::optional<ArrayRef<double>> roi = op.getRoi();
  SmallVector<AxisTaps> axes;
  for (int64_t axis = 0; axis < rank; ++axis)
    axes.push_back(resizeAxisTaps(
        method, in[axis], out[axis], op.getScales()[axis],
        roi ? (*roi)[axis] : 0.0, roi ? (*roi)[rank + axis] : 1.0));
  return resample(op, axes,
                  builder.getNamedAttr("extrapolation_value",
                                       op.getExtrapolationValueAttr()));
}

Value FunctionLowering::lowerMatMul(graph::MatMulOp op) {
  // numpy's 1-D operands become [1, K] and [K, 1] views; the result view
  // drops the added dims again.
  Location loc = op.getLoc();
  auto promote = [&](Value value, bool isLhs) -> Value {
    auto type = cast<MemRefType>(value.getType());
    if (type.getRank() != 1)
      return value;
    SmallVector<int64_t> shape =
        isLhs ? SmallVector<int64_t>{1, type.getDimSize(0)}
              : SmallVector<int64_t>{type.getDimSize(0), 1};
    return builder
        .create<kernel::ViewOp>(
            loc, MemRefType::get(shape, type.getElementType()), value)
        .getResult();
  };
  Value a = promote(lookup(op.getA()), true),
        b = promote(lookup(op.getB()), false);
  auto aType = cast<MemRefType>(a.getType()),
       bType = cast<MemRefType>(b.getType());
  SmallVector<int64_t> shape;
  (void)OpTrait::util::getBroadcastedShape(
      aType.getShape().drop_back(2), bType.getShape().drop_back(2), shape);
  shape.push_back(aType.getDimSize(aType.getRank() - 2));
  shape.push_back(bType.getShape().back());
  auto productType = MemRefType::get(shape, aType.getElementType());
  Value product =
      builder.create<kernel::AllocOp>(loc, productType, IntegerAttr());
  builder.create<kernel::GemmOp>(
      loc, a, b, Value(), product, builder.getF32FloatAttr(1.0f),
      builder.getF32FloatAttr(1.0f), builder.getBoolAttr(false),
      builder.getBoolAttr(false), builder.getStringAttr("none"), FloatAttr(),
      FloatAttr());
  return viewAs(loc, product, op.getType());
}

Value FunctionLowering::viewAs(Location loc, Value buffer, Type tensorType) {
  if (cast<MemRefType>(buffer.getType()).getShape() ==
      cast<RankedTensorType>(tensorType).getShape())
    return buffer;
  return builder.create<kernel::ViewOp>(loc, bufferType(tensorType), buffer);
}

/// The shape of `value` with `axes` kept as size 1.
static SmallVector<int64_t> keepingAxes(Value value, ArrayRef<int64_t> axes) {
  SmallVector<int64_t> kept(cast<ShapedType>(value.getType()).getShape());
  for (int64_t axis : axes)
    kept[axis] = 1;
  return kept;
}

/// kernel.reduce keeps reduced axes as 1; a view drops them for keepdims=0.
Value FunctionLowering::lowerReduce(Operation *op, StringRef kind) {
  Location loc = op->getLoc();
  Value input = op->getOperand(0);
  auto axes = op->getAttrOfType<DenseI64ArrayAttr>("axes");
  Type resultType = op->getResult(0).getType();
  Value out =
      alloc(loc, RankedTensorType::get(keepingAxes(input, axes),
                                       getElementTypeOrSelf(resultType)));
  builder.create<kernel::ReduceOp>(loc, lookup(input), out,
                                   builder.getStringAttr(kind), axes);
  return viewAs(loc, out, resultType);
}

template <typename ArgReduceOp>
Value FunctionLowering::lowerArgReduce(ArgReduceOp op, StringRef kind) {
  Location loc = op.getLoc();
  Value out = alloc(
      loc,
      RankedTensorType::get(keepingAxes(op.getInput(), {int64_t(op.getAxis())}),
                            op.getType().getElementType()));
  builder.create<kernel::ArgReduceOp>(
      loc, lookup(op.getInput()), out, builder.getStringAttr(kind),
      op.getAxisAttr(), op.getSelectLastIndexAttr());
  return viewAs(loc, out, op.getType());
}

template <typename SoftmaxLikeOp>
Value FunctionLowering::lowerSoftmax(SoftmaxLikeOp op, bool log) {
  return compute<kernel::SoftmaxOp>(
      op, op.getInput(),
      {builder.getNamedAttr("axis", op.getAxisAttr()),
       builder.getNamedAttr("log", builder.getBoolAttr(log))});
}

/// The window attributes carry over; ceil_mode is in the output shape.
Value FunctionLowering::lowerPool(Operation *op, StringRef kind) {
  SmallVector<NamedAttribute> attrs = {
      builder.getNamedAttr("kind", builder.getStringAttr(kind))};
  for (StringRef name : {"kernel_shape", "strides", "dilations", "pads",
                         "count_include_pad", "p"})
    if (Attribute value = op->getAttr(name))
      attrs.push_back(builder.getNamedAttr(name, value));
  return compute<kernel::PoolOp>(op, op->getOperand(0), attrs);
}

/// A graph elementwise op as a kernel.unary function and its parameters.
struct UnaryFunction {
  StringRef kind;
  FloatAttr alpha, beta;
};

static std::optional<UnaryFunction> unaryFunction(Operation *op) {
  using Result = std::optional<UnaryFunction>;
  auto plain = [](StringRef kind) { return UnaryFunction{kind, {}, {}}; };
  return llvm::TypeSwitch<Operation *, Result>(op)
      .Case([&](graph::ReluOp) { return plain("relu"); })
      .Case([&](graph::SigmoidOp) { return plain("sigmoid"); })
      .Case([&](graph::TanhOp) { return plain("tanh"); })
      .Case([&](graph::ExpOp) { return plain("exp"); })
      .Case([&](graph::SqrtOp) { return plain("sqrt"); })
      .Case([&](graph::NegOp) { return plain("neg"); })
      .Case([&](graph::AbsOp) { return plain("abs"); })
      .Case([&](graph::LogOp) { return plain("log"); })
      .Case([&](graph::ReciprocalOp) { return plain("reciprocal"); })
      .Case([&](graph::FloorOp) { return plain("floor"); })
      .Case([&](graph::CeilOp) { return plain("ceil"); })
      .Case([&](graph::RoundOp) { return plain("round"); })
      .Case([&](graph::SignOp) { return plain("sign"); })
      .Case([&](graph::SinOp) { return plain("sin"); })
      .Case([&](graph::CosOp) { return plain("cos"); })
      .Case([&](graph::TanOp) { return plain("tan"); })
      .Case([&](graph::AsinOp) { return plain("asin"); })
      .Case([&](graph::AcosOp) { return plain("acos"); })
      .Case([&](graph::AtanOp) { return plain("atan"); })
      .Case([&](graph::SinhOp) { return plain("sinh"); })
      .Case([&](graph::CoshOp) { return plain("cosh"); })
      .Case([&](graph::AsinhOp) { return plain("asinh"); })
      .Case([&](graph::AcoshOp) { return plain("acosh"); })
      .Case([&](graph::AtanhOp) { return plain("atanh"); })
      .Case([&](graph::ErfOp) { return plain("erf"); })
      .Case([&](graph::SoftplusOp) { return plain("softplus"); })
      .Case([&](graph::SoftsignOp) { return plain("softsign"); })
      .Case([&](graph::MishOp) { return plain("mish"); })
      .Case([&](graph::HardSwishOp) { return plain("hard_swish"); })
      .Case([&](graph::GeluOp op) {
        return plain(op.getTanhApproximation() ? "gelu_tanh" : "gelu");
      })
      .Case([&](graph::EluOp op) {
        return UnaryFunction{"elu", op.getAlphaAttr(), {}};
      })
      .Case([&](graph::CeluOp op) {
        return UnaryFunction{"celu", op.getAlphaAttr(), {}};
      })
      .Case([&](graph::LeakyReluOp op) {
        return UnaryFunction{"leaky_relu", op.getAlphaAttr(), {}};
      })
      .Case([&](graph::ThresholdedReluOp op) {
        return UnaryFunction{"thresholded_relu", op.getAlphaAttr(), {}};
      })
      .Case([&](graph::SeluOp op) {
        return UnaryFunction{"selu", op.getAlphaAttr(), op.getGammaAttr()};
      })
      .Case([&](graph::HardSigmoidOp op) {
        return UnaryFunction{"hard_sigmoid", op.getAlphaAttr(),
                             op.getBetaAttr()};
      })
      .Case([&](graph::ShrinkOp op) {
        return UnaryFunction{"shrink", op.getBiasAttr(), op.getLambdAttr()};
      })
      .Case([&](graph::NotOp) { return plain("not"); })
      .Case([&](graph::ClipOp op) {
        return UnaryFunction{"clip", op.getMinAttr(), op.getMaxAttr()};
      })
      .Default([](Operation *) { return std::nullopt; });
}

/// True for a float x ^ 2 whose exponent is a constant 2 that does not
/// broadcast x: it lowers to x * x, which is exact (the correctly rounded
/// square), as fast as any op, and what LayerNorm's variance computes.
static bool isFloatSquare(graph::PowOp pow) {
  std::optional<SmallVector<float>> exponent = matchFloatConstant(pow.getRhs());
  return isa<FloatType>(getElementTypeOrSelf(pow.getType())) && exponent &&
         llvm::all_of(*exponent, [](float e) { return e == 2.0f; }) &&
         pow.getLhs().getType() == pow.getType();
}

static StringRef reduceKind(Operation *op) {
  return llvm::TypeSwitch<Operation *, StringRef>(op)
      .Case([](graph::ReduceMeanOp) { return "mean"; })
      .Case([](graph::ReduceSumOp) { return "sum"; })
      .Case([](graph::ReduceMaxOp) { return "max"; })
      .Case([](graph::ReduceMinOp) { return "min"; })
      .Case([](graph::ReduceProdOp) { return "prod"; })
      .Default([](Operation *) { return ""; });
}

LogicalResult FunctionLowering::lower(Operation *op) {
  Location loc = op->getLoc();
  if (auto constant = dyn_cast<graph::ConstantOp>(op))
    return lowerConstant(constant);
  for (Value operand : op->getOperands())
    if (!lookup(operand))
      return op->emitError("an operand is not available at run time");
  Block *block = builder.getInsertionBlock();
  Operation *last = block->empty() ? nullptr : &block->back();
  Value result =
      llvm::TypeSwitch<Operation *, Value>(op)
          .Case([&](graph::ConvOp conv) {
            Value out = alloc(loc, conv.getType());
            builder.create<kernel::Conv2DOp>(
                loc, lookup(conv.getInput()), lookup(conv.getWeight()),
                conv.getBias() ? lookup(conv.getBias()) : Value(),
                conv.getResidual() ? lookup(conv.getResidual()) : Value(), out,
                conv.getStridesAttr(), conv.getPadsAttr(),
                conv.getDilationsAttr(), conv.getGroupAttr(),
                conv.getActivationAttr(), conv.getClipMinAttr(),
                conv.getClipMaxAttr(), conv.getInputZeroPointAttr(),
                conv.getWeightZeroPointsAttr());
            return out;
          })
          .Case([&](graph::ConvTransposeOp conv) {
            // Same operands (the bias optional) and attributes.
            return compute<kernel::ConvTransposeOp>(conv, conv->getOperands(),
                                                    conv->getAttrs());
          })
          .Case([&](graph::GemmOp gemm) {
            Value out = alloc(loc, gemm.getType());
            builder.create<kernel::GemmOp>(
                loc, lookup(gemm.getA()), lookup(gemm.getB()),
                gemm.getC() ? lookup(gemm.getC()) : Value(), out,
                gemm.getAlphaAttr(), gemm.getBetaAttr(), gemm.getTransAAttr(),
                gemm.getTransBAttr(), gemm.getActivationAttr(),
                gemm.getClipMinAttr(), gemm.getClipMaxAttr());
            return out;
          })
          .Case([&](graph::MatMulOp matmul) { return lowerMatMul(matmul); })
          .Case([&](graph::MaxPoolOp pool) { return lowerPool(pool, "max"); })
          .Case(
              [&](graph::AveragePoolOp pool) { return lowerPool(pool, "avg"); })
          .Case([&](graph::LpPoolOp pool) { return lowerPool(pool, "lp"); })
          .Case([&](graph::GlobalAveragePoolOp pool) {
            Value out = alloc(loc, pool.getType());
            int64_t rank = pool.getType().getRank();
            builder.create<kernel::ReduceOp>(
                loc, lookup(pool.getInput()), out,
                builder.getStringAttr("mean"),
                builder.getDenseI64ArrayAttr(
                    llvm::to_vector(llvm::seq<int64_t>(2, rank))));
            return out;
          })
          .Case([&](graph::SoftmaxOp softmax) {
            return lowerSoftmax(softmax, /*log=*/false);
          })
          .Case([&](graph::LogSoftmaxOp softmax) {
            return lowerSoftmax(softmax, /*log=*/true);
          })
          .Case([&](graph::ConcatOp concat) { return lowerConcat(concat); })
          .Case([&](graph::PadOp pad) { return lowerPad(pad); })
          .Case([&](graph::ResizeOp resize) { return lowerResize(resize); })
          .Case([&](graph::TransposeOp transpose) {
            return lowerTranspose(transpose);
          })
          .Case([&](graph::SliceOp slice) { return lowerSlice(slice); })
          .Case([&](graph::ExpandOp expand) { return lowerExpand(expand); })
          .Case([&](graph::TileOp tile) { return lowerTile(tile); })
          .Case(
              [&](graph::CastOp cast) { return mirror<kernel::CastOp>(cast); })
          .Case([&](graph::WhereOp where) {
            return compute<kernel::SelectOp>(where, where->getOperands());
          })
          .Case(
              [&](graph::GatherOp op) { return mirror<kernel::GatherOp>(op); })
          .Case([&](graph::GatherElementsOp op) {
            return mirror<kernel::GatherElementsOp>(op);
          })
          .Case([&](graph::GatherNDOp op) {
            return mirror<kernel::GatherNDOp>(op);
          })
          .Case([&](graph::ScatterElementsOp op) {
            return mirror<kernel::ScatterElementsOp>(op);
          })
          .Case([&](graph::ScatterNDOp op) {
            return mirror<kernel::ScatterNDOp>(op);
          })
          .Case([&](graph::GridSampleOp op) {
            return mirror<kernel::GridSampleOp>(op);
          })
          .Case(
              [&](graph::CumSumOp op) { return mirror<kernel::CumSumOp>(op); })
          .Case([&](graph::QuantizeLinearOp op) {
            return mirror<kernel::QuantizeLinearOp>(op);
          })
          .Case([&](graph::DequantizeLinearOp op) {
            return mirror<kernel::DequantizeLinearOp>(op);
          })
          .Case([&](graph::RequantizeOp op) {
            return mirror<kernel::RequantizeOp>(op);
          })
          .Case(
              [&](graph::LookupOp op) { return mirror<kernel::LookupOp>(op); })
          .Case([&](graph::QuantizedBinaryOp op) {
            return mirror<kernel::QuantizedBinaryOp>(op);
          })
          .Case([&](graph::TopKIndicesOp top) {
            // k is the output's size along the axis.
            return compute<kernel::TopKIndicesOp>(
                top, top.getInput(),
                {builder.getNamedAttr("axis", top.getAxisAttr()),
                 builder.getNamedAttr("largest", top.getLargestAttr())});
          })
          .Case([&](graph::NonMaxSuppressionOp nms) -> Value {
            // The candidates' heap: arena memory live only while it runs.
            int64_t boxes =
                cast<ShapedType>(nms.getBoxes().getType()).getDimSize(1);
            Value scratch =
                alloc(nms.getLoc(),
                      RankedTensorType::get({boxes}, builder.getI32Type()));
            return compute<kernel::NonMaxSuppressionOp>(
                nms, nms->getOperands(), nms->getAttrs(), scratch);
          })
          .Case([&](graph::ArgMaxOp arg) { return lowerArgReduce(arg, "max"); })
          .Case([&](graph::ArgMinOp arg) { return lowerArgReduce(arg, "min"); })
          .Case([&](graph::ReshapeOp reshape) -> Value {
            return builder.create<kernel::ViewOp>(
                loc, bufferType(reshape.getType()), lookup(reshape.getInput()));
          })
          .Case([&](graph::PowOp pow) -> Value {
            if (!isFloatSquare(pow))
              return compute<kernel::BinaryOp>(
                  pow, pow->getOperands(),
                  builder.getNamedAttr("kind", builder.getStringAttr("pow")));
            return compute<kernel::BinaryOp>(
                pow, ValueRange{pow.getLhs(), pow.getLhs()},
                builder.getNamedAttr("kind", builder.getStringAttr("mul")));
          })
          .Default([&](Operation *other) -> Value {
            if (StringRef kind = graph::getBinaryKind(other); !kind.empty())
              return compute<kernel::BinaryOp>(
                  other, other->getOperands(),
                  builder.getNamedAttr("kind", builder.getStringAttr(kind)));
            if (std::optional<UnaryFunction> fn = unaryFunction(other)) {
              SmallVector<NamedAttribute> attrs = {builder.getNamedAttr(
                  "kind", builder.getStringAttr(fn->kind))};
              if (fn->alpha)
                attrs.push_back(builder.getNamedAttr("alpha", fn->alpha));
              if (fn->beta)
                attrs.push_back(builder.getNamedAttr("beta", fn->beta));
              return compute<kernel::UnaryOp>(other, other->getOperands(),
                                              attrs);
            }
            if (StringRef kind = reduceKind(other); !kind.empty())
              return lowerReduce(other, kind);
            return nullptr;
          });
  if (!result)
    return op->emitError("'")
           << op->getName() << "' has no kernel for run-time data";
  // The kernels' verifiers say which element types each kind computes on;
  // their errors are located at this op's ONNX node.
  for (Operation &lowered :
       llvm::make_range(last ? std::next(last->getIterator()) : block->begin(),
                        block->end()))
    if (failed(mlir::verify(&lowered)))
      return failure();
  buffers.map(op->getResult(0), result);
  return success();
}

void FunctionLowering::bindOutputs(ArrayRef<Value> results,
                                   ArrayRef<BlockArgument> outputs,
                                   Location loc) {
  llvm::SmallPtrSet<Operation *, 4> redirected;
  for (auto [result, output] : llvm::zip_equal(results, outputs)) {
    Value buffer = lookup(result);
    Value root = kernel::getRootBuffer(buffer);
    auto allocOp = root.getDefiningOp<kernel::AllocOp>();
    if (allocOp && redirected.insert(allocOp).second) {
      // Write the result straight into the caller's output buffer.
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPoint(allocOp);
      Value target = output;
      if (allocOp.getType() != output.getType())
        target = builder.create<kernel::ViewOp>(loc, allocOp.getType(), output);
      allocOp.getResult().replaceAllUsesWith(target);
      allocOp.erase();
      continue;
    }
    // An input, a weight or a buffer already returned: copy it out.
    int64_t count = cast<MemRefType>(output.getType()).getNumElements();
    if (count > 0)
      copy(loc, buffer, output, {count}, 0, {1}, 0, {1});
  }
  // Views that only led to the returned values are dead now.
  Block *body = builder.getInsertionBlock();
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(*body)))
    if (isa<kernel::ViewOp>(op) && op.use_empty())
      op.erase();
}

struct LowerGraphToKernelPass
    : edgecc::impl::LowerGraphToKernelBase<LowerGraphToKernelPass> {
  void runOnOperation() override {
    SmallVector<func::FuncOp> functions(getOperation().getOps<func::FuncOp>());
    for (func::FuncOp function : functions)
      if (failed(lowerFunction(function)))
        return signalPassFailure();
  }

  LogicalResult lowerFunction(func::FuncOp function) {
    OpBuilder builder(function);
    FunctionType type = function.getFunctionType();
    SmallVector<Type> arguments;
    for (Type input : type.getInputs())
      arguments.push_back(bufferType(input));
    for (Type result : type.getResults())
      arguments.push_back(bufferType(result));
    FunctionType loweredType = builder.getFunctionType(arguments, {});
    auto lowered = builder.create<func::FuncOp>(
        function.getLoc(), function.getName(), loweredType);
    // Keep the I/O names and any other attributes; the type is the new one.
    lowered->setAttrs(function->getAttrs());
    lowered.setFunctionType(loweredType);
    Block *body = lowered.addEntryBlock();
    builder.setInsertionPointToStart(body);

    FunctionLowering lowering(builder);
    Block &oldBody = function.getBody().front();
    for (auto [tensor, buffer] :
         llvm::zip(oldBody.getArguments(), body->getArguments()))
      lowering.buffers.map(tensor, buffer);
    // Lower everything that can be, so that one compile reports every op
    // without a kernel; ops fed by a failed op are skipped silently.
    llvm::SmallPtrSet<Operation *, 8> failedOps;
    for (Operation &op : oldBody.without_terminator()) {
      bool fedByFailure = llvm::any_of(op.getOperands(), [&](Value operand) {
        return failedOps.contains(operand.getDefiningOp());
      });
      if (fedByFailure || failed(lowering.lower(&op)))
        failedOps.insert(&op);
    }
    if (!failedOps.empty()) {
      lowered.erase();
      return failure();
    }
    auto ret = cast<func::ReturnOp>(oldBody.getTerminator());
    SmallVector<Value> results(ret.getOperands());
    lowering.bindOutputs(results,
                         body->getArguments().drop_front(type.getNumInputs()),
                         ret.getLoc());
    builder.create<func::ReturnOp>(ret.getLoc());
    function.erase();
    return success();
  }
};

} // namespace
