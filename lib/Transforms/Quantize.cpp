//===- Quantize.cpp - calibrated float products to Q/DQ pairs -------------===//
//
// The compiler's own post-training quantization marks tensors the way a QDQ
// model from another tool does, and edgecc-fold-qdq then builds the integer
// kernels for both alike: one definition of the integer arithmetic.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Support/Calibration.h"
#include "edgecc/Support/Elements.h"
#include "edgecc/Support/Quantization.h"
#include "edgecc/Transforms/LinearLayers.h"
#include "edgecc/Transforms/LinearQuantization.h"
#include "edgecc/Transforms/Passes.h"

#include "mlir/IR/Matchers.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

namespace edgecc {
#define GEN_PASS_DEF_QUANTIZE
#include "edgecc/Transforms/Passes.h.inc"
} // namespace edgecc

using namespace mlir;
using namespace edgecc;

namespace {

/// A float conv, gemm or matmul with a constant weight: the products that
/// have integer kernels.
struct QuantizableProduct {
  Operation *product;
  OpOperand *input;
  OpOperand *weight;
  int64_t weightChannelAxis;
  Value output; // the product's result, or the Relu or Clip it feeds alone
};

bool isFloatConstant(Value value) {
  return getElementTypeOrSelf(value).isF32() &&
         matchPattern(value, m_Constant());
}

std::optional<QuantizableProduct> matchQuantizable(Operation *op) {
  std::optional<QuantizableProduct> product;
  if (auto conv = dyn_cast<graph::ConvOp>(op)) {
    if (conv.getActivation() == "none" &&
        conv.getType().getElementType().isF32() &&
        (!conv.getBias() || isFloatConstant(conv.getBias())))
      product = QuantizableProduct{
          op, &conv.getInputMutable(), &conv.getWeightMutable(), 0, {}};
  } else if (auto gemm = dyn_cast<graph::GemmOp>(op)) {
    Value bias = gemm.getC();
    if (gemm.getActivation() == "none" && !gemm.getTransA() &&
        gemm.getAlpha().convertToFloat() == 1.0f &&
        (!bias ||
         (gemm.getBeta().convertToFloat() == 1.0f && isFloatConstant(bias) &&
          cast<RankedTensorType>(bias.getType()).getRank() == 1)))
      product = QuantizableProduct{op,
                                   &gemm.getAMutable(),
                                   &gemm.getBMutable(),
                                   gemm.getTransB() ? 0 : 1,
                                   {}};
  } else if (auto matmul = dyn_cast<graph::MatMulOp>(op)) {
    if (matmul.getType().getElementType().isF32() &&
        cast<RankedTensorType>(matmul.getB().getType()).getRank() == 2 &&
        cast<RankedTensorType>(matmul.getA().getType()).getRank() >= 2)
      product = QuantizableProduct{
          op, &matmul.getAMutable(), &matmul.getBMutable(), 1, {}};
  }
  if (!product || !isFloatConstant(product->weight->get()))
    return std::nullopt;
  Value result = op->getResult(0);
  product->output = result;
  if (result.hasOneUse() &&
      isa<graph::ReluOp, graph::ClipOp>(*result.getUsers().begin()))
    product->output = result.getUsers().begin()->getResult(0);
  return product;
}

} // namespace

bool edgecc::keepsQuantization(Operation *op) {
  return isa<graph::MaxPoolOp, graph::ReshapeOp, graph::TransposeOp,
             graph::SliceOp>(op) &&
         getElementTypeOrSelf(op->getResult(0)).isF32();
}

std::optional<TensorRange> edgecc::calibratedRangeOf(Value value) {
  DenseF32ArrayAttr range;
  if (auto argument = dyn_cast<BlockArgument>(value)) {
    auto function = dyn_cast<func::FuncOp>(argument.getOwner()->getParentOp());
    if (function)
      range = function.getArgAttrOfType<DenseF32ArrayAttr>(
          argument.getArgNumber(), kRangeAttr);
  } else if (value.getDefiningOp()->getNumResults() == 1) {
    range = value.getDefiningOp()->getAttrOfType<DenseF32ArrayAttr>(kRangeAttr);
  }
  if (!range || range.size() != 2)
    return std::nullopt;
  return TensorRange{range[0], range[1]};
}

namespace {

struct QuantizePass : edgecc::impl::QuantizeBase<QuantizePass> {
  using QuantizeBase::QuantizeBase;

  void runOnOperation() override {
    func::FuncOp function = getOperation();
    activations = activationTypeNamed(activationType, &getContext());
    if (!activations) {
      function.emitError() << "activation-type must be int8 or uint8, not '"
                           << activationType << "'";
      return signalPassFailure();
    }
    if (weightGranularity != "per-channel" &&
        weightGranularity != "per-tensor") {
      function.emitError()
          << "weight-granularity must be per-channel or per-tensor, not '"
          << weightGranularity << "'";
      return signalPassFailure();
    }
    perTensorWeights = weightGranularity == "per-tensor";
    collectWideValues(function);
    // Collected first: the pass inserts ops as it goes.
    SmallVector<Operation *> ops;
    function.walk([&](Operation *op) { ops.push_back(op); });
    // In program order, so a value is quantized before any user sees it.
    for (BlockArgument argument : function.getArguments())
      quantizeRanged(argument);
    for (Operation *op : ops) {
      if (std::optional<QuantizableProduct> product = matchQuantizable(op)) {
        if (failed(quantizeProduct(*product)))
          return signalPassFailure();
      } else if (keepsQuantization(op))
        keepQuantization(op);
      if (op->getNumResults() == 1)
        quantizeRanged(op->getResult(0));
    }
    // Scales given for a constant no product took as its weight (a separate
    // bias, say) quantize it all the same, per tensor.
    SmallVector<graph::ConstantOp> scaled;
    function.walk([&](graph::ConstantOp constant) {
      if (givenScales(constant))
        scaled.push_back(constant);
    });
    for (graph::ConstantOp constant : scaled) {
      if (givenScales(constant).size() != 1) {
        constant.emitWarning()
            << "per-channel scales for a tensor that is not the weight of a "
               "conv, gemm or matmul are not applied; it stays float";
        continue;
      }
      SmallVector<float> roundingError;
      Value quantized = quantizeWeight(constant, 0, roundingError);
      constant.getResult().replaceAllUsesWith(quantized);
      constant.erase();
    }
    function.walk([](Operation *op) {
      op->removeAttr(kRangeAttr);
      op->removeAttr(kInputMeanAttr);
      op->removeAttr(kOutputShiftAttr);
      op->removeAttr(kWeightScalesAttr);
      op->removeAttr(kKeepFloatAttr);
      op->removeAttr(kWideActivationsAttr);
    });
    for (unsigned i = 0; i < function.getNumArguments(); ++i)
      function.removeArgAttr(i, kRangeAttr);
  }

private:
  Type activations;
  bool perTensorWeights = false;
  /// The tensors W8A16 layers read and write.
  llvm::DenseSet<Value> wideValues;

  void collectWideValues(func::FuncOp function) {
    for (const QuantizableLayer &layer : quantizableLayers(function))
      if (layer.product->hasAttr(kWideActivationsAttr) &&
          !layer.product->hasAttr(kKeepFloatAttr))
        for (Value value : layerTensors(layer))
          wideValues.insert(value);
  }

  /// The quantization for an activation, from its calibrated range.
  std::optional<LinearQuantization> calibrated(Value value) {
    std::optional<TensorRange> range = calibratedRangeOf(value);
    if (!range)
      return std::nullopt;
    return activationQuantization(*range, wideValues.contains(value)
                                              ? wideActivationType(activations)
                                              : activations);
  }

  /// The scales given for a weight (kWeightScalesAttr), if any.
  static DenseF32ArrayAttr givenScales(Value weight) {
    return weight.getDefiningOp()->getAttrOfType<DenseF32ArrayAttr>(
        kWeightScalesAttr);
  }

  /// The weight quantized symmetrically to int8 per output channel (or per
  /// tensor), with the given scales or its own; `roundingError` gets, per
  /// weight, its dequantized value minus the float one.
  Value quantizeWeight(Value weight, int64_t channelAxis,
                       SmallVectorImpl<float> &roundingError) {
    OpBuilder builder(&getContext());
    builder.setInsertionPointAfterValue(weight);
    auto type = cast<RankedTensorType>(weight.getType());
    SmallVector<float> values = *matchFloatConstant(weight);
    DenseF32ArrayAttr given = givenScales(weight);
    bool perTensor = given ? given.size() == 1 : perTensorWeights;
    // Per tensor: one "channel" spanning the whole weight.
    int64_t channels = perTensor ? 1 : type.getDimSize(channelAxis);
    if (perTensor)
      channelAxis = 0;
    int64_t inner = 1;
    for (int64_t dim :
         type.getShape().drop_front(perTensor ? 0 : channelAxis + 1))
      inner *= dim;
    auto channelOf = [&](size_t index) {
      return static_cast<int64_t>(index) / inner % channels;
    };
    Type int8 = builder.getIntegerType(8);
    SmallVector<float> scales(channels);
    if (given) {
      llvm::copy(given.asArrayRef(), scales.begin());
    } else {
      SmallVector<float> absMax(channels, 0.0f);
      for (auto [index, value] : llvm::enumerate(values))
        absMax[channelOf(index)] =
            std::max(absMax[channelOf(index)], std::abs(value));
      for (int64_t c = 0; c < channels; ++c)
        scales[c] = symmetricScale(absMax[c], int8);
    }
    std::vector<char> bytes(values.size());
    roundingError.resize(values.size());
    for (auto [index, value] : llvm::enumerate(values)) {
      float scale = scales[channelOf(index)];
      int64_t quantized = quantizeValue(value, scale, 0, int8);
      bytes[index] = static_cast<char>(quantized);
      roundingError[index] = static_cast<float>(quantized) * scale - value;
    }
    Location loc = weight.getLoc();
    auto quantizedType = type.clone(int8);
    Value quantized = builder.create<graph::ConstantOp>(
        loc, quantizedType,
        makeElements(quantizedType, bytes, "quantized_weight"));
    auto scaleType = RankedTensorType::get(
        perTensor ? ArrayRef<int64_t>() : ArrayRef<int64_t>(channels),
        builder.getF32Type());
    Value scale = builder.create<graph::ConstantOp>(
        loc, scaleType, makeFloatElements(scaleType, scales, "weight_scale"));
    return builder.create<graph::DequantizeLinearOp>(
        loc, type, quantized, scale, Value(), uint64_t(channelAxis),
        uint64_t(0));
  }

  /// Marks a product's input, weight and output as a QDQ model would.
  /// Products without calibrated ranges stay float.
  LogicalResult quantizeProduct(const QuantizableProduct &product) {
    std::optional<LinearQuantization> outputParams = calibrated(product.output);
    if (!matchPerTensorDequantized(product.input->get()) || !outputParams ||
        product.product->hasAttr(kKeepFloatAttr))
      return success(); // stays float
    Value weight = product.weight->get();
    if (DenseF32ArrayAttr given = givenScales(weight)) {
      int64_t channels = cast<RankedTensorType>(weight.getType())
                             .getDimSize(product.weightChannelAxis);
      if (given.size() != 1 && given.size() != channels) {
        product.product->emitError()
            << "the weight has " << channels << " output channels but "
            << given.size() << " scales were given for it";
        return failure();
      }
    }
    auto measuredShift =
        product.product->getAttrOfType<DenseF32ArrayAttr>(kOutputShiftAttr);
    if (measuredShift && failed(checkOutputShift(product, measuredShift)))
      return failure();
    SmallVector<float> roundingError;
    product.weight->set(
        quantizeWeight(weight, product.weightChannelAxis, roundingError));
    if (auto mean =
            product.product->getAttrOfType<DenseF32ArrayAttr>(kInputMeanAttr))
      subtractFromBias(
          product.product,
          roundingShift(product.product, roundingError, mean.asArrayRef()));
    if (measuredShift)
      subtractFromBias(product.product, measuredShift.asArrayRef());
    if (weight.use_empty())
      weight.getDefiningOp()->erase();
    replaceWithQuantized(product.output, *outputParams);
    return success();
  }

  /// A measured output shift has one value per output channel of a conv or
  /// gemm.
  static LogicalResult checkOutputShift(const QuantizableProduct &product,
                                        DenseF32ArrayAttr shift) {
    if (isa<graph::MatMulOp>(product.product))
      return product.product->emitError()
             << kOutputShiftAttr << " is for convs and gemms, which have a "
             << "bias to take it";
    int64_t channels = cast<RankedTensorType>(product.weight->get().getType())
                           .getDimSize(product.weightChannelAxis);
    if (shift.size() == channels)
      return success();
    return product.product->emitError()
           << kOutputShiftAttr << " has " << shift.size()
           << " values, but the output has " << channels << " channels";
  }

  /// Analytic bias correction: the rounded weights shift each output
  /// channel's mean by E[(W_q - W) x] = (W_q - W) E[x].
  static SmallVector<float> roundingShift(Operation *product,
                                          ArrayRef<float> roundingError,
                                          ArrayRef<float> inputMean) {
    if (auto conv = dyn_cast<graph::ConvOp>(product))
      return convOutputShift(conv, roundingError, inputMean);
    return gemmOutputShift(cast<graph::GemmOp>(product), roundingError,
                           inputMean);
  }

  /// The bias takes a shift of the output's channel means back.
  static void subtractFromBias(Operation *product, ArrayRef<float> shift) {
    SmallVector<float> negated;
    for (float value : shift)
      negated.push_back(-value);
    addToBias(product, negated, "corrected_bias");
  }

  /// Weights [O, C / group, kernel...]; the means are [C, kernel...].
  static SmallVector<float> convOutputShift(graph::ConvOp conv,
                                            ArrayRef<float> roundingError,
                                            ArrayRef<float> inputMean) {
    auto type = cast<RankedTensorType>(conv.getWeight().getType());
    int64_t outputs = type.getDimSize(0);
    int64_t perOutput = type.getNumElements() / outputs;
    int64_t groupOutputs = outputs / conv.getGroup();
    SmallVector<float> shift(outputs, 0.0f);
    for (int64_t o = 0; o < outputs; ++o) {
      // The means of the group's input channels start at its first one.
      int64_t meanBase = o / groupOutputs * perOutput;
      double sum = 0;
      for (int64_t i = 0; i < perOutput; ++i)
        sum +=
            double(roundingError[o * perOutput + i]) * inputMean[meanBase + i];
      shift[o] = static_cast<float>(sum);
    }
    return shift;
  }

  /// B is [K, N], or [N, K] transposed; the means are [K].
  static SmallVector<float> gemmOutputShift(graph::GemmOp gemm,
                                            ArrayRef<float> roundingError,
                                            ArrayRef<float> inputMean) {
    int64_t k = inputMean.size(), n = roundingError.size() / k;
    SmallVector<float> shift(n, 0.0f);
    for (int64_t column = 0; column < n; ++column) {
      double sum = 0;
      for (int64_t row = 0; row < k; ++row)
        sum += double(roundingError[gemm.getTransB() ? column * k + row
                                                     : row * n + column]) *
               inputMean[row];
      shift[column] = static_cast<float>(sum);
    }
    return shift;
  }

  /// A value-moving op on a quantized tensor: its result keeps the same
  /// quantization, exactly, so edgecc-fold-qdq runs it on the bytes.
  void keepQuantization(Operation *op) {
    if (std::optional<LinearQuantization> params =
            matchPerTensorDequantized(op->getOperand(0)))
      replaceWithQuantized(op->getResult(0), *params);
  }

  /// A value with a range that nothing quantized yet (a product's input,
  /// or any tensor -encodings names): every user reads it quantized, as in
  /// a QDQ model.
  void quantizeRanged(Value value) {
    bool quantized = value.hasOneUse() &&
                     isa<graph::QuantizeLinearOp>(*value.getUsers().begin());
    if (!quantized && !value.use_empty())
      if (std::optional<LinearQuantization> params = calibrated(value))
        replaceWithQuantized(value, *params);
  }

  void replaceWithQuantized(Value value, const LinearQuantization &params) {
    OpBuilder builder(&getContext());
    builder.setInsertionPointAfterValue(value);
    Value dequantized = quantizeDequantize(builder, value, params);
    Operation *quantize =
        dequantized.getDefiningOp()->getOperand(0).getDefiningOp();
    value.replaceAllUsesExcept(dequantized, quantize);
  }
};

} // namespace

Type edgecc::activationTypeNamed(StringRef name, MLIRContext *context) {
  if (name == "int8")
    return IntegerType::get(context, 8);
  if (name == "uint8")
    return IntegerType::get(context, 8, IntegerType::Unsigned);
  return {};
}

Type edgecc::wideActivationType(Type activations) {
  auto integer = cast<IntegerType>(activations);
  return IntegerType::get(integer.getContext(), 16, integer.getSignedness());
}

SmallVector<QuantizableLayer> edgecc::quantizableLayers(func::FuncOp function) {
  SmallVector<QuantizableLayer> layers;
  function.walk([&](Operation *op) {
    if (std::optional<QuantizableProduct> product = matchQuantizable(op))
      layers.push_back({op, product->input->get(), product->output});
  });
  return layers;
}

SmallVector<Value> edgecc::layerTensors(const QuantizableLayer &layer) {
  SmallVector<Value> tensors{layer.output, layer.input};
  for (Operation *mover = layer.input.getDefiningOp();
       mover && keepsQuantization(mover);
       mover = mover->getOperand(0).getDefiningOp())
    tensors.push_back(mover->getOperand(0));
  return tensors;
}

SmallVector<Value> edgecc::valuesToCalibrate(func::FuncOp function) {
  llvm::SetVector<Value> values;
  for (const QuantizableLayer &layer : quantizableLayers(function)) {
    values.insert(layer.input);
    values.insert(layer.output);
  }
  return values.takeVector();
}

SmallVector<BiasCorrectableProduct>
edgecc::biasCorrectableProducts(func::FuncOp function) {
  SmallVector<BiasCorrectableProduct> products;
  for (auto [op, input, output] : quantizableLayers(function)) {
    auto inputShape = cast<RankedTensorType>(input.getType()).getShape();
    if (auto conv = dyn_cast<graph::ConvOp>(op)) {
      auto weightShape =
          cast<RankedTensorType>(conv.getWeight().getType()).getShape();
      products.push_back(
          {op, input,
           InputMeanObserver::forConv(inputShape, weightShape.drop_front(2),
                                      conv.getStrides(), conv.getPads(),
                                      conv.getDilations())});
    } else if (isa<graph::GemmOp>(op)) {
      products.push_back(
          {op, input, InputMeanObserver::forColumns(inputShape)});
    }
  }
  return products;
}
