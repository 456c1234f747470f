//===- GraphImporter.h - ONNX graph import, shared by its parts -*- C++ -*-===//
//
// Private to lib/Import: OnnxImporter.cpp imports the model, its inputs and
// initializers; OnnxOps.cpp holds one importer per ONNX op.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_LIB_IMPORT_GRAPHIMPORTER_H
#define EDGECC_LIB_IMPORT_GRAPHIMPORTER_H

#include "edgecc/Import/OnnxImporter.h"
#include "edgecc/Import/TensorProto.h"
#include "edgecc/Support/DataTypes.h"

#include "Graph/GraphOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"

#include <onnx/onnx_pb.h>

namespace edgecc {
namespace detail {

// Private to this library: the importer's sources share MLIR's names.
using namespace mlir;

/// "FLOAT16", or "dtype 42" for values ONNX does not define.
std::string dtypeName(int32_t onnxType);

/// Opsets whose semantics the importer implements, for the default domain.
constexpr int64_t kMinOpset = 7, kMaxOpset = 22;
/// Upper bound on a tensor's element count; a larger dim is a corrupt model.
constexpr int64_t kMaxElements = int64_t(1) << 40;

/// 0, 1, ..., rank - 1: what an omitted ONNX `axes` means.
inline SmallVector<int64_t> allAxes(int64_t rank) {
  return llvm::to_vector(llvm::seq<int64_t>(0, rank));
}

class GraphImporter;
using NodeImporter = LogicalResult (GraphImporter::*)(const onnx::NodeProto &,
                                                      Location);

class GraphImporter {
public:
  GraphImporter(MLIRContext &context, const ImportOptions &options,
                StringRef sourcePath)
      : context(context), builder(&context), options(options),
        sourcePath(sourcePath) {}

  OwningOpRef<ModuleOp> importModel(const onnx::ModelProto &model);

private:
  // Model-level steps.
  LogicalResult readOpset(const onnx::ModelProto &model);
  LogicalResult checkAllOpsSupported(const onnx::GraphProto &graph);
  FailureOr<RankedTensorType> inputType(const onnx::ValueInfoProto &input);
  FailureOr<ElementsAttr> tensorToAttr(const onnx::TensorProto &tensor,
                                       Location loc);
  /// Binds each initializer of `graph` to a graph.constant.
  LogicalResult importInitializers(const onnx::GraphProto &graph);
  LogicalResult importNodes(const onnx::GraphProto &graph);
  LogicalResult importNode(const onnx::NodeProto &node);
  /// Fails unless the node converts or moves bfloat16, float8 and 4-bit
  /// inputs (if it has any) rather than computing with them.
  LogicalResult checkStorageOnlyInputs(const onnx::NodeProto &node,
                                       Location loc);

  // Helpers for op importers.
  Location nodeLoc(const onnx::NodeProto &node);
  Value input(const onnx::NodeProto &node, int index);
  /// The node's inputs that are given (optional ones may be "").
  SmallVector<Value> presentInputs(const onnx::NodeProto &node);
  LogicalResult requireInputs(const onnx::NodeProto &node, Location loc,
                              int minCount);
  void bind(const onnx::NodeProto &node, int index, Value value);
  /// Binds `value` to the node's first output, or fails with it.
  LogicalResult bindResult(const onnx::NodeProto &node, FailureOr<Value> value);
  const onnx::AttributeProto *attr(const onnx::NodeProto &node, StringRef name);
  /// The attribute if it has `type`; a mistyped one is recorded in
  /// wrongAttribute (importNode fails the node) and read as absent.
  const onnx::AttributeProto *
  typedAttr(const onnx::NodeProto &node, StringRef name,
            onnx::AttributeProto::AttributeType type);
  int64_t intAttr(const onnx::NodeProto &node, StringRef name, int64_t dflt);
  float floatAttr(const onnx::NodeProto &node, StringRef name, float dflt);
  std::string stringAttr(const onnx::NodeProto &node, StringRef name,
                         StringRef dflt);
  std::optional<SmallVector<int64_t>> intsAttr(const onnx::NodeProto &node,
                                               StringRef name);
  /// The value of input `index`, which must fold to a constant; `role`
  /// names the operand in the error ("shape", "min").
  FailureOr<SmallVector<int64_t>> constantInts(const onnx::NodeProto &node,
                                               int index, Location loc,
                                               StringRef role);
  /// The same for a single integer (any shape with one element).
  FailureOr<int64_t> constantInt(const onnx::NodeProto &node, int index,
                                 Location loc, StringRef role);
  /// The error for an operand edgecc needs at compile time. It names the
  /// ONNX tensor, and the model inputs it is computed from, so that the user
  /// (or a test runner) knows what to freeze.
  InFlightDiagnostic notConstantError(const onnx::NodeProto &node, int index,
                                      Location loc, StringRef role,
                                      StringRef kind);
  /// The same for `value`, the tensor named `tensor` that `node` needs.
  InFlightDiagnostic notConstantError(const onnx::NodeProto &node,
                                      StringRef tensor, Value value,
                                      Location loc, StringRef role,
                                      StringRef kind);
  FailureOr<SmallVector<float>> constantFloats(const onnx::NodeProto &node,
                                               int index, Location loc,
                                               StringRef role);
  FailureOr<float> constantScalar(const onnx::NodeProto &node, int index,
                                  Location loc, StringRef role);
  FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank, Location loc);
  /// Makes every axis in `axes` non-negative for `rank`.
  LogicalResult normalizeAxes(MutableArrayRef<int64_t> axes, int64_t rank,
                              Location loc);
  /// An int list that opsets before `inputSince` give as attribute `name`
  /// and later ones as the optional constant input `inputIndex`; empty when
  /// the node has neither.
  FailureOr<SmallVector<int64_t>>
  intsFromAttrOrInput(const onnx::NodeProto &node, Location loc, StringRef name,
                      int inputIndex, int64_t inputSince);
  ArrayRef<int64_t> shapeOf(Value value);

  /// Builds `OpTy` through its shape inference and folds it.
  template <typename OpTy>
  FailureOr<Value> create(Location loc, ValueRange operands,
                          ArrayRef<NamedAttribute> attrs = {});
  /// Builds an op whose result type the caller computed.
  template <typename OpTy>
  Value createTyped(Location loc, Type type, ValueRange operands,
                    ArrayRef<NamedAttribute> attrs = {});
  Value foldOrKeep(Operation *op);
  FailureOr<Value> reshape(Value value, ArrayRef<int64_t> shape, Location loc);
  FailureOr<Value> transpose(Value value, ArrayRef<int64_t> perm, Location loc);
  /// `parts`, each reshaped to `partShape`, concatenated along `axis`.
  FailureOr<Value> concatAs(ArrayRef<Value> parts, ArrayRef<int64_t> partShape,
                            int64_t axis, Location loc);
  /// `size` entries of x along `axis` from `start`.
  FailureOr<Value> sliceAlong(Value x, int64_t axis, int64_t start,
                              int64_t size, Location loc);
  /// A graph.constant holding `value`.
  Value constant(ElementsAttr value, Location loc);
  /// A float32 scalar constant.
  Value floatScalar(float value, Location loc);
  /// A scalar constant of `element` (a float or integer type).
  Value typedScalar(Type element, double value, Location loc);
  /// Fails with "OP is only supported on float32" unless `value` is f32.
  LogicalResult requireFloat(const onnx::NodeProto &node, Value value,
                             Location loc);
  /// requireInputs, then requireFloat on the first input: the prologue of
  /// the importers that build float math from several graph ops.
  LogicalResult requireFloatInput(const onnx::NodeProto &node, Location loc,
                                  int minCount);
  /// (x - mean) / sqrt(variance + epsilon) over `axes`, with the mean, the
  /// variance and the inverse deviation (keeping the axes as size 1); with
  /// `epsilonAfterSqrt` (MeanVarianceNormalization) the divisor is
  /// sqrt(variance) + epsilon.
  struct Normalized {
    Value value, mean, variance, inverseDeviation;
  };
  FailureOr<Normalized> normalizeOver(Location loc, Value x,
                                      ArrayRef<int64_t> axes, float epsilon,
                                      bool epsilonAfterSqrt = false);
  /// x * scale + bias (bias optional), broadcasting.
  FailureOr<Value> scaleAndShift(Location loc, Value x, Value scale,
                                 Value bias);
  /// A reduction of `x` over `axes` that keeps them as size 1.
  template <typename ReduceOp>
  FailureOr<Value> reduceKeepingDims(Location loc, Value x,
                                     ArrayRef<int64_t> axes);
  /// Builds `OpTy` and binds it to the node's first output.
  template <typename OpTy>
  LogicalResult createAndBind(const onnx::NodeProto &node, Location loc,
                              ValueRange operands,
                              ArrayRef<NamedAttribute> attrs = {});
  LogicalResult reshapeAndBind(const onnx::NodeProto &node, Value value,
                               ArrayRef<int64_t> shape, Location loc);

  // Op importers.
  LogicalResult importConv(const onnx::NodeProto &, Location);
  /// The convolution of x with w (and bias b, may be null) that the node's
  /// window attributes describe, in 1 or 2 spatial dims; `extra` are further
  /// graph.conv attributes (zero points).
  FailureOr<Value> convolve(const onnx::NodeProto &node, Location loc, Value x,
                            Value w, Value b,
                            ArrayRef<NamedAttribute> extra = {});
  /// A graph.conv of x by w (plus b, when given) with `attrs`.
  FailureOr<Value> createConv(Location loc, Value x, Value w, Value b,
                              ArrayRef<NamedAttribute> attrs);
  FailureOr<Value> convolve1D(Location loc, Value x, Value w, Value b,
                              ArrayRef<NamedAttribute> attrs);
  LogicalResult importConvTranspose(const onnx::NodeProto &, Location);
  // Quantization (OnnxQuantOps.cpp).
  LogicalResult importQuantizeLinear(const onnx::NodeProto &, Location);
  LogicalResult importDequantizeLinear(const onnx::NodeProto &, Location);
  LogicalResult importDynamicQuantizeLinear(const onnx::NodeProto &, Location);
  LogicalResult importMatMulInteger(const onnx::NodeProto &, Location);
  LogicalResult importConvInteger(const onnx::NodeProto &, Location);
  LogicalResult importQLinearMatMul(const onnx::NodeProto &, Location);
  LogicalResult importQLinearConv(const onnx::NodeProto &, Location);
  /// Q/DQ operands: `scale` as float32 and, with `zeroPoint`, both reshaped
  /// to graph.quantize_linear's layouts (a one-element 1-D scale is per
  /// tensor); the axis normalized; attributes axis and block_size.
  LogicalResult quantizationParams(const onnx::NodeProto &node, Location loc,
                                   Value x, Value &scale, Value &zeroPoint,
                                   SmallVectorImpl<NamedAttribute> &attrs);
  /// `x` widened to int32 minus `zeroPoint` (may be null), broadcasting:
  /// the operands of an integer matmul or convolution.
  FailureOr<Value> minusZeroPoint(Value x, Value zeroPoint, Location loc);
  /// A 1-D tensor with one value per index of dim `dim` of a rank-`rank`
  /// operand, reshaped to [n, 1, ...] so that it broadcasts along that dim;
  /// anything else unchanged.
  FailureOr<Value> broadcastAlong(Value perIndex, int64_t dim, int64_t rank,
                                  Location loc);
  /// a * b in int32 with each operand's zero point (may be null)
  /// subtracted; a's may be one per row, b's one per column.
  FailureOr<Value> integerMatMul(Value a, Value aZeroPoint, Value b,
                                 Value bZeroPoint, Location loc);
  /// The node's convolution in int32 of x and w minus their zero points
  /// (w's may be one per output channel), plus an int32 bias (may be null).
  /// int8/uint8 operands with constant zero points are read as they are;
  /// others are widened to int32 first.
  FailureOr<Value> integerConv(const onnx::NodeProto &node, Location loc,
                               Value x, Value xZeroPoint, Value w,
                               Value wZeroPoint, Value bias);
  /// round(acc * multiplier[c]) + zero point, saturated to the node's
  /// output type, with multiplier[c] = in_scale * weight_scale[c] /
  /// out_scale computed in the scales' float type as ONNX does; the scales
  /// and zero point are node inputs `inScale`, `weightScale`, `outScale`,
  /// `outZeroPoint` and must be constants. c runs along `axis` of acc.
  FailureOr<Value> requantize(const onnx::NodeProto &node, Location loc,
                              Value acc, int64_t axis, int inScale,
                              int weightScale, int outScale, int outZeroPoint,
                              Type resultElement);
  LogicalResult importGemm(const onnx::NodeProto &, Location);
  /// alpha * op(a) * op(b) + beta * c (c may be null), as graph.gemm.
  FailureOr<Value> gemm(Location loc, Value a, Value b, Value c, bool transA,
                        bool transB, float alpha = 1.0f, float beta = 1.0f);
  LogicalResult importMatMul(const onnx::NodeProto &, Location);
  LogicalResult importBatchNorm(const onnx::NodeProto &, Location);
  /// BatchNormalization with training_mode=1 (opset 14+): normalized with
  /// the batch's statistics, which also update the running mean and
  /// variance (outputs 1 and 2).
  LogicalResult importBatchNormTraining(const onnx::NodeProto &, Location);
  template <typename PoolOp>
  LogicalResult importPool(const onnx::NodeProto &, Location);
  LogicalResult importGlobalAveragePool(const onnx::NodeProto &, Location);
  LogicalResult importReduce(const onnx::NodeProto &, Location);
  LogicalResult importGlobalMaxPool(const onnx::NodeProto &, Location);
  LogicalResult importLayerNormalization(const onnx::NodeProto &, Location);
  LogicalResult importInstanceNormalization(const onnx::NodeProto &, Location);
  LogicalResult importGroupNormalization(const onnx::NodeProto &, Location);
  LogicalResult importMeanVarianceNormalization(const onnx::NodeProto &,
                                                Location);
  LogicalResult importLRN(const onnx::NodeProto &, Location);
  LogicalResult importExpand(const onnx::NodeProto &, Location);
  LogicalResult importTile(const onnx::NodeProto &, Location);
  LogicalResult importDepthToSpace(const onnx::NodeProto &, Location);
  LogicalResult importSpaceToDepth(const onnx::NodeProto &, Location);
  /// Reshape, transpose, reshape: the block moves of DepthToSpace and
  /// SpaceToDepth.
  LogicalResult rearrangeBlocks(const onnx::NodeProto &node, Location loc,
                                ArrayRef<int64_t> split, ArrayRef<int64_t> perm,
                                ArrayRef<int64_t> result);
  template <typename BinaryOp>
  LogicalResult importBinary(const onnx::NodeProto &, Location);
  template <typename UnaryOp>
  LogicalResult importUnary(const onnx::NodeProto &, Location);
  /// A unary op with float attributes, each read with ONNX's default.
  template <typename UnaryOp>
  LogicalResult
  importUnaryWith(const onnx::NodeProto &, Location,
                  ArrayRef<std::pair<StringRef, float>> floatAttrDefaults);
  LogicalResult importElu(const onnx::NodeProto &, Location);
  LogicalResult importCelu(const onnx::NodeProto &, Location);
  LogicalResult importSelu(const onnx::NodeProto &, Location);
  LogicalResult importLeakyRelu(const onnx::NodeProto &, Location);
  LogicalResult importThresholdedRelu(const onnx::NodeProto &, Location);
  LogicalResult importHardSigmoid(const onnx::NodeProto &, Location);
  LogicalResult importShrink(const onnx::NodeProto &, Location);
  LogicalResult importGelu(const onnx::NodeProto &, Location);
  LogicalResult importPow(const onnx::NodeProto &, Location);
  LogicalResult importMod(const onnx::NodeProto &, Location);
  LogicalResult importBitShift(const onnx::NodeProto &, Location);
  LogicalResult importIsNaN(const onnx::NodeProto &, Location);
  LogicalResult importIsInf(const onnx::NodeProto &, Location);
  LogicalResult importTrilu(const onnx::NodeProto &, Location);
  LogicalResult importHardmax(const onnx::NodeProto &, Location);
  LogicalResult importOneHot(const onnx::NodeProto &, Location);
  /// The int64 constant 0, 1, ..., count - 1 along `axis` of a rank-`rank`
  /// tensor whose other dims are 1.
  Value iotaAlong(int64_t rank, int64_t axis, int64_t count, Location loc);
  LogicalResult importRange(const onnx::NodeProto &, Location);
  LogicalResult importWindow(const onnx::NodeProto &, Location);
  LogicalResult importTopK(const onnx::NodeProto &, Location);
  LogicalResult importCumSum(const onnx::NodeProto &, Location);
  LogicalResult importNegativeLogLikelihoodLoss(const onnx::NodeProto &,
                                                Location);
  LogicalResult importSoftmaxCrossEntropyLoss(const onnx::NodeProto &,
                                              Location);
  /// The loss both ops share, on log-probabilities [N, C, d...] and
  /// targets [N, d...]; `weight` ([C]) may be null. Reads the node's
  /// ignore_index and reduction.
  FailureOr<Value> negativeLogLikelihood(const onnx::NodeProto &node,
                                         Location loc, Value logProb,
                                         Value target, Value weight);
  LogicalResult importWhere(const onnx::NodeProto &, Location);
  template <typename ArgReduceOp>
  LogicalResult importArgReduce(const onnx::NodeProto &, Location);
  /// Max, Min, Sum and Mean over any number of inputs.
  LogicalResult importVariadic(const onnx::NodeProto &, Location);
  LogicalResult importClip(const onnx::NodeProto &, Location);
  template <typename SoftmaxLikeOp>
  LogicalResult importSoftmax(const onnx::NodeProto &, Location);
  LogicalResult importConcat(const onnx::NodeProto &, Location);
  LogicalResult importReshape(const onnx::NodeProto &, Location);
  LogicalResult importFlatten(const onnx::NodeProto &, Location);
  LogicalResult importSqueeze(const onnx::NodeProto &, Location);
  LogicalResult importUnsqueeze(const onnx::NodeProto &, Location);
  LogicalResult importTranspose(const onnx::NodeProto &, Location);
  LogicalResult importSlice(const onnx::NodeProto &, Location);
  LogicalResult importCenterCropPad(const onnx::NodeProto &, Location);
  LogicalResult importSplit(const onnx::NodeProto &, Location);
  LogicalResult importShape(const onnx::NodeProto &, Location);
  /// Gather and GatherElements.
  LogicalResult importGather(const onnx::NodeProto &, Location);
  LogicalResult importGatherND(const onnx::NodeProto &, Location);
  LogicalResult importCompress(const onnx::NodeProto &, Location);
  LogicalResult importReverseSequence(const onnx::NodeProto &, Location);
  LogicalResult importScatter(const onnx::NodeProto &, Location);
  LogicalResult importCast(const onnx::NodeProto &, Location);
  LogicalResult importCastLike(const onnx::NodeProto &, Location);
  /// graph.cast's `saturate` from the node's (opset 19; default 1).
  SmallVector<NamedAttribute> saturation(const onnx::NodeProto &node);
  LogicalResult importConstantOfShape(const onnx::NodeProto &, Location);
  LogicalResult importSize(const onnx::NodeProto &, Location);
  LogicalResult importEyeLike(const onnx::NodeProto &, Location);
  LogicalResult importConstant(const onnx::NodeProto &, Location);
  LogicalResult importIdentity(const onnx::NodeProto &, Location);
  LogicalResult importOptionalHasElement(const onnx::NodeProto &, Location);
  LogicalResult importDropout(const onnx::NodeProto &, Location);
  LogicalResult importPad(const onnx::NodeProto &, Location);
  LogicalResult importResize(const onnx::NodeProto &, Location);
  LogicalResult importUpsample(const onnx::NodeProto &, Location);
  LogicalResult importGridSample(const onnx::NodeProto &, Location);
  LogicalResult importIf(const onnx::NodeProto &, Location);
  LogicalResult importLoop(const onnx::NodeProto &, Location);
  /// Imports `graph` (the node's attribute `role`: a branch or a loop body)
  /// in the current scope and returns the values of its outputs.
  FailureOr<SmallVector<Value>> importSubgraph(const onnx::NodeProto &node,
                                               const onnx::GraphProto &graph,
                                               StringRef role, Location loc);
  // RNN, GRU and LSTM (OnnxRecurrentOps.cpp).
  LogicalResult importRecurrent(const onnx::NodeProto &, Location);
  /// An activation of a recurrent cell ("sigmoid", lower case) with its
  /// alpha and beta.
  struct CellActivation {
    std::string name;
    float alpha, beta;
  };
  /// A recurrent layer's operands in ONNX's default layout ([steps, batch,
  /// ...]; absent optional ones null) and attributes.
  struct RecurrentLayer {
    Value x, w, r, b, sequenceLens, initialH, initialC, p;
    int64_t gates = 1, hidden = 0, activationsPerDirection = 1;
    SmallVector<CellActivation> activations;
    std::optional<float> clip;
    bool inputForget = false, linearBeforeReset = false;
  };
  /// One step's new hidden state (and LSTM's cell state).
  struct CellStep {
    Value hidden, cell;
  };
  /// One direction's output at each step and its final states.
  struct DirectionResult {
    SmallVector<Value> outputs;
    Value hidden, cell;
  };
  /// The node's activations (or `defaults` for each direction), with the
  /// alphas and betas assigned to those that take them.
  FailureOr<SmallVector<CellActivation>>
  cellActivations(const onnx::NodeProto &node, Location loc,
                  ArrayRef<StringRef> defaults, int64_t directions);
  /// `activation` of x, clipped to [-clip, clip] first when given.
  FailureOr<Value> activate(Location loc, Value x,
                            const CellActivation &activation,
                            std::optional<float> clip);
  FailureOr<DirectionResult> runDirection(const RecurrentLayer &layer,
                                          int64_t direction, bool reverse,
                                          Location loc);
  /// Gate `index` ([batch, hidden]) of the [batch, gates * hidden] `gates`.
  FailureOr<Value> gate(Value gates, int64_t index, int64_t hidden,
                        Location loc);
  /// One step of each cell; `xw` is the input's share of the gates (biases
  /// included), `r` the direction's [gates * hidden, hidden] weights and `f`
  /// its activations.
  FailureOr<CellStep> rnnStep(const RecurrentLayer &layer, Value xw, Value r,
                              Value h, ArrayRef<CellActivation> f,
                              Location loc);
  FailureOr<CellStep> gruStep(const RecurrentLayer &layer, Value xw, Value r,
                              Value hBias, Value h, ArrayRef<CellActivation> f,
                              Location loc);
  FailureOr<CellStep> lstmStep(const RecurrentLayer &layer, Value xw, Value r,
                               Value h, Value c, Value peephole,
                               ArrayRef<CellActivation> f, Location loc);
  // Einsum (OnnxEinsum.cpp).
  LogicalResult importEinsum(const onnx::NodeProto &, Location);
  // Detection (OnnxDetectionOps.cpp).
  LogicalResult importNonMaxSuppression(const onnx::NodeProto &, Location);
  /// Marks the graph outputs that hold NonMaxSuppression's padded rows
  /// (kPaddedOutputsAttr) and warns about nodes that compute with them.
  void notePaddedRows(func::FuncOp func, ArrayRef<Value> results);

public:
  /// A value and an Einsum label per dim (OnnxEinsum.cpp).
  struct LabeledValue {
    Value value;
    SmallVector<int64_t> labels;
  };

private:
  /// `operand` with its dims permuted into the order of `labels`.
  FailureOr<LabeledValue> permuteLabels(LabeledValue operand,
                                        ArrayRef<int64_t> labels, Location loc);
  /// Replaces each label `operand` has more than once by its diagonal.
  FailureOr<LabeledValue> takeDiagonals(LabeledValue operand, Location loc);
  /// Sums `operand` over the labels that are not in `kept`.
  FailureOr<LabeledValue> sumLabelsExcept(LabeledValue operand,
                                          ArrayRef<int64_t> kept, Location loc);
  /// a times b, summed over the labels both have and `kept` lacks.
  FailureOr<LabeledValue> contractPair(LabeledValue a, LabeledValue b,
                                       ArrayRef<int64_t> kept, Location loc);
  LogicalResult importAffineGrid(const onnx::NodeProto &, Location);
  /// Builds graph.resize for the target given by either `scales` or
  /// `sizes` (one per entry of `axes`), with the node's other attributes.
  LogicalResult resize(const onnx::NodeProto &node, Location loc, Value x,
                       ArrayRef<float> scales, ArrayRef<int64_t> sizes,
                       ArrayRef<int64_t> axes, ArrayRef<float> roi,
                       SmallVectorImpl<NamedAttribute> &attrs);

  /// The strides, pads (auto_pad resolved) and dilations of a window op
  /// (Conv, pooling) on an [N, C, spatial...] input, with ONNX's defaults.
  LogicalResult windowAttrs(const onnx::NodeProto &node, Location loc,
                            ArrayRef<int64_t> inputShape,
                            ArrayRef<int64_t> kernel,
                            SmallVectorImpl<NamedAttribute> &attrs);
  LogicalResult importSliceOf(const onnx::NodeProto &node, Location loc,
                              Value data, ArrayRef<int64_t> starts,
                              ArrayRef<int64_t> ends, ArrayRef<int64_t> axes,
                              ArrayRef<int64_t> steps, int outputIndex);

  /// The importer of each supported op of the default domain (OnnxOps.cpp).
  static const llvm::StringMap<NodeImporter> &nodeImporters();

  MLIRContext &context;
  OpBuilder builder;
  const ImportOptions &options;
  std::string sourcePath;
  int64_t opset = 0;
  llvm::StringMap<Value> values;
  /// The first mistyped attribute the current node's importer read.
  std::string wrongAttribute;
  /// Nodes that failed (keepGoing mode).
  llvm::SmallPtrSet<const onnx::NodeProto *, 8> failedNodes;
};

template <typename OpTy>
FailureOr<Value> GraphImporter::create(Location loc, ValueRange operands,
                                       ArrayRef<NamedAttribute> attrs) {
  SmallVector<Type> types;
  DictionaryAttr dict = builder.getDictionaryAttr(attrs);
  if (failed(OpTy::inferReturnTypes(&context, loc, operands, dict,
                                    OpaqueProperties(nullptr), RegionRange(),
                                    types)))
    return failure();
  return createTyped<OpTy>(loc, types.front(), operands, attrs);
}

template <typename OpTy>
Value GraphImporter::createTyped(Location loc, Type type, ValueRange operands,
                                 ArrayRef<NamedAttribute> attrs) {
  OperationState state(loc, OpTy::getOperationName());
  state.addOperands(operands);
  state.addAttributes(attrs);
  state.addTypes(type);
  return foldOrKeep(builder.create(state));
}

template <typename OpTy>
LogicalResult GraphImporter::createAndBind(const onnx::NodeProto &node,
                                           Location loc, ValueRange operands,
                                           ArrayRef<NamedAttribute> attrs) {
  return bindResult(node, create<OpTy>(loc, operands, attrs));
}

template <typename UnaryOp>
LogicalResult GraphImporter::importUnary(const onnx::NodeProto &node,
                                         Location loc) {
  return importUnaryWith<UnaryOp>(node, loc, {});
}

template <typename UnaryOp>
LogicalResult GraphImporter::importUnaryWith(
    const onnx::NodeProto &node, Location loc,
    ArrayRef<std::pair<StringRef, float>> floatAttrDefaults) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  // The op's type constraint says which element types it takes; the
  // importer's verification of each node reports any other.
  Value x = input(node, 0);
  SmallVector<NamedAttribute> attrs;
  for (auto [name, dflt] : floatAttrDefaults)
    attrs.push_back(builder.getNamedAttr(
        name, builder.getF32FloatAttr(floatAttr(node, name, dflt))));
  bind(node, 0, createTyped<UnaryOp>(loc, x.getType(), x, attrs));
  return success();
}

template <typename BinaryOp>
LogicalResult GraphImporter::importBinary(const onnx::NodeProto &node,
                                          Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  return createAndBind<BinaryOp>(node, loc, {input(node, 0), input(node, 1)});
}

template <typename ReduceOp>
FailureOr<Value> GraphImporter::reduceKeepingDims(Location loc, Value x,
                                                  ArrayRef<int64_t> axes) {
  return create<ReduceOp>(
      loc, x,
      {builder.getNamedAttr("axes", builder.getDenseI64ArrayAttr(axes)),
       builder.getNamedAttr("keepdims", builder.getBoolAttr(true))});
}

} // namespace detail
} // namespace edgecc

#endif
