//===- GraphOps.td - edgecc graph dialect ------------------*- tablegen -*-===//
//
// The graph dialect holds a model as imported from ONNX: one op per ONNX
// semantic, on fully shaped tensors, with weights as constants. Attributes are
// normalized at import (auto_pad resolved, pads in [begin..., end...] order,
// negative axes made positive), so passes never re-derive ONNX defaults.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_GRAPH_OPS
#define EDGECC_GRAPH_OPS

include "mlir/IR/OpBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Graph_Dialect : Dialect {
  let name = "graph";
  let summary = "Neural-network graph ops with ONNX semantics on tensors";
  let cppNamespace = "::edgecc::graph";
  // Plain attribute dictionaries keep ops easy to build generically from the
  // importer and let shape inference read attributes without properties.
  let usePropertiesForAttributes = 0;
  let hasConstantMaterializer = 1;
}

class Graph_Op<string mnemonic, list<Trait> traits = []>
    : Op<Graph_Dialect, mnemonic, traits>;

// Each result element is a function of the operand elements at the same
// position (numpy broadcasting; one operand may be a scalar), and of
// nothing else: no axis, no neighbours. edgecc-fold-qdq evaluates chains
// of such ops on every byte value to build lookup tables.
def Graph_Elementwise : NativeOpTrait<"Elementwise"> {
  let cppNamespace = "::edgecc::graph::traits";
}

def Graph_FloatTensor : RankedTensorOf<[F32]>;
// Types on which the sign-aware elementwise ops (Neg, Abs, Sign, Relu) run.
def Graph_SignedTensor : RankedTensorOf<[F32, F64, I8, I16, I32, I64]>;
def Graph_BoolTensor : RankedTensorOf<[I1]>;
// Convolution and matmul compute in float32, or in int32 for integer models
// (ConvInteger, MatMulInteger, QLinearConv: operands widened to int32 with
// their zero points subtracted, so padding contributes zero).
// int64 accumulates a convolution of 16-bit activations.
def Graph_AccumulatingTensor : RankedTensorOf<[F32, I32, I64]>;
// A convolution also reads int8/uint8 operands directly, accumulating in
// int32, and int16/uint16 inputs by int8/uint8 weights, in int64.
def Graph_ConvOperand : RankedTensorOf<[F32, I32, I8, UI8, I16, UI16]>;
// Matrix products and sums in their own element type (MatMul on float64,
// Einsum on int64): the types the generic C loops compute in.
def Graph_ArithmeticTensor : RankedTensorOf<[F32, F64, I32, I64]>;
// Element types of linearly quantized tensors.
defvar Graph_QuantizedTypes = [I<4>, UI<4>, I8, UI8, I16, UI16, F8E4M3FN,
                               F8E4M3FNUZ, F8E5M2, F8E5M2FNUZ];
def Graph_QuantizedTensor : RankedTensorOf<Graph_QuantizedTypes>;
def Graph_IntegerOrBoolTensor
    : RankedTensorOf<[I1, I8, I16, I32, I64, UI8, UI16, UI32, UI64]>;

// Activation fused into a producer (conv, gemm): "none", "relu" or "clip".
defvar Graph_FusedActivationArgs = (ins
    DefaultValuedStrAttr<StrAttr, "none">:$activation,
    OptionalAttr<F32Attr>:$clip_min, OptionalAttr<F32Attr>:$clip_max);

//===----------------------------------------------------------------------===//
// Constants and shape computations (folded away before lowering)
//===----------------------------------------------------------------------===//

def Graph_ConstantOp : Graph_Op<"constant", [ConstantLike, Pure]> {
  let summary = "A constant tensor (ONNX initializer or Constant node)";
  let arguments = (ins ElementsAttr:$value);
  let results = (outs AnyRankedTensor:$result);
  let hasFolder = 1;
  let hasVerifier = 1;
  let assemblyFormat = "$value attr-dict `:` type($result)";
}

def Graph_ShapeOp : Graph_Op<"shape", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX Shape: the static shape of a tensor as int64";
  let arguments = (ins AnyRankedTensor:$input);
  let results = (outs 1DTensorOf<[I64]>:$result);
  let hasFolder = 1;
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Graph_GatherOp : Graph_Op<"gather", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX Gather along one axis";
  let arguments = (ins AnyRankedTensor:$data, RankedTensorOf<[I32, I64]>:$indices,
                       I64Attr:$axis);
  let results = (outs AnyRankedTensor:$result);
  let hasFolder = 1;
  let assemblyFormat = [{
    $data `[` $indices `]` attr-dict `:` functional-type(operands, results)
  }];
}

def Graph_GatherElementsOp
    : Graph_Op<"gather_elements", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX GatherElements along one axis";
  let arguments = (ins AnyRankedTensor:$data,
                       RankedTensorOf<[I32, I64]>:$indices, I64Attr:$axis);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $data `[` $indices `]` attr-dict `:` functional-type(operands, results)
  }];
}

def Graph_GatherNDOp : Graph_Op<"gather_nd", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX GatherND: slices of data at index tuples";
  let description = [{
    The last dim of `indices` holds tuples indexing the data's dims after
    the `batch_dims` leading ones (which data and indices share).
  }];
  let arguments = (ins AnyRankedTensor:$data, RankedTensorOf<[I64]>:$indices,
                       I64Attr:$batch_dims);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $data `[` $indices `]` attr-dict `:` functional-type(operands, results)
  }];
}

// The result is `data` with `updates` written (or combined, by `reduction`:
// none, add, mul, max, min) at the positions `indices` names, in order.
class Graph_ScatterOp<string mnemonic, dag extraArguments>
    : Graph_Op<mnemonic, [Pure, AllTypesMatch<["data", "result"]>,
                          AllElementTypesMatch<["data", "updates"]>]> {
  let arguments = !con((ins AnyRankedTensor:$data,
                            RankedTensorOf<[I32, I64]>:$indices,
                            AnyRankedTensor:$updates,
                            StrAttr:$reduction), extraArguments);
  let results = (outs AnyRankedTensor:$result);
  let hasVerifier = 1;
  let assemblyFormat = [{
    $data `[` $indices `]` `=` $updates attr-dict `:`
    type($data) `,` type($indices) `,` type($updates)
  }];
}

def Graph_ScatterElementsOp
    : Graph_ScatterOp<"scatter_elements", (ins I64Attr:$axis)> {
  let summary = "ONNX ScatterElements (and Scatter): "
                "result[p with p[axis] = indices[p]] = updates[p]";
}

def Graph_ScatterNDOp : Graph_ScatterOp<"scatter_nd", (ins)> {
  let summary = "ONNX ScatterND: slices of updates written at index tuples";
}

def Graph_CastOp : Graph_Op<"cast", [Pure, Graph_Elementwise]> {
  let summary = "ONNX Cast; the result element type is the target type";
  let description = [{
    `saturate` (ONNX opset 19) matters for float8 results only: a value out
    of range becomes the largest finite value, or without it NaN (E5M2:
    infinity). Casts to 4-bit integers round to nearest even and clamp.
  }];
  let arguments = (ins AnyRankedTensor:$input,
                       DefaultValuedAttr<BoolAttr, "true">:$saturate);
  let results = (outs AnyRankedTensor:$result);
  let hasFolder = 1;
  let hasVerifier = 1;
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

//===----------------------------------------------------------------------===//
// Compute ops
//===----------------------------------------------------------------------===//

def Graph_ConvOp : Graph_Op<"conv", [Pure, InferTypeOpAdaptor,
                                     AttrSizedOperandSegments]> {
  let summary = "ONNX Conv (2-D, NCHW), with an optional fused residual add "
                "and activation";
  let description = [{
    float32 or int32 operands and result; or int8/uint8 input and weight
    with an int32 bias and result, the products taken after subtracting
    `input_zero_point` and `weight_zero_points` (one, or one per output
    channel), so that padding contributes zero (ConvInteger, QLinearConv);
    or the same of an int16/uint16 input, with an int64 bias and result.

    A float32 conv may take a `residual` of its result's type, added to the
    sums before the activation: act(conv(x) + bias + residual), a residual
    block's Add (and Relu) fused into the conv that feeds it.
  }];
  let arguments = !con(
      (ins Graph_ConvOperand:$input, Graph_ConvOperand:$weight,
           Optional<Graph_AccumulatingTensor>:$bias,
           Optional<Graph_FloatTensor>:$residual,
           DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
           DenseI64ArrayAttr:$dilations, I64Attr:$group),
      Graph_FusedActivationArgs,
      (ins OptionalAttr<I64Attr>:$input_zero_point,
           OptionalAttr<DenseI64ArrayAttr>:$weight_zero_points));
  let results = (outs Graph_AccumulatingTensor:$result);
  let hasVerifier = 1;
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? (`residual` `(` $residual^ `)`)? attr-dict
    `:` functional-type(operands, results)
  }];
}

def Graph_ConvTransposeOp : Graph_Op<"conv_transpose", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX ConvTranspose (1-D, 2-D or 3-D)";
  let description = [{
    The weight is [C, M / group, kernel...]. Input position `i` adds
    `x * w[k]` to output position `i * stride - pad_begin + k * dilation`;
    an output dim has `stride * (in - 1) + (kernel - 1) * dilation + 1 -
    pad_begin - pad_end` elements. ONNX's output_padding, output_shape and
    auto_pad are folded into `pads` ([begin..., end...]) at import; an end
    pad may be negative, which extends the output.
  }];
  let arguments = (ins Graph_FloatTensor:$input, Graph_FloatTensor:$weight,
                       Optional<Graph_FloatTensor>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, I64Attr:$group);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Graph_GemmOp : Graph_Op<"gemm", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX Gemm: alpha * op(A) * op(B) + beta * C, fused activation";
  let arguments = !con(
      (ins Graph_FloatTensor:$a, Graph_FloatTensor:$b, Optional<Graph_FloatTensor>:$c,
           DefaultValuedAttr<F32Attr, "1.0f">:$alpha,
           DefaultValuedAttr<F32Attr, "1.0f">:$beta,
           DefaultValuedAttr<BoolAttr, "false">:$trans_a,
           DefaultValuedAttr<BoolAttr, "false">:$trans_b),
      Graph_FusedActivationArgs);
  let results = (outs Graph_FloatTensor:$result);
  let hasVerifier = 1;
  let assemblyFormat = [{
    $a `,` $b (`,` $c^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Graph_MatMulOp : Graph_Op<"matmul", [Pure, InferTypeOpAdaptor,
    AllElementTypesMatch<["a", "b", "result"]>]> {
  let summary = "ONNX MatMul (numpy matmul semantics, batched and broadcast)";
  let arguments = (ins Graph_ArithmeticTensor:$a, Graph_ArithmeticTensor:$b);
  let results = (outs Graph_ArithmeticTensor:$result);
  let assemblyFormat = "$a `,` $b attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Linear quantization
//===----------------------------------------------------------------------===//

class Graph_LinearQuantizationOp<string mnemonic, string onnxName,
                                 Type inputType, Type resultType,
                                 dag extraAttrs = (ins)>
    : Graph_Op<mnemonic, [Pure]> {
  let summary = "ONNX " # onnxName;
  let arguments = !con((ins inputType:$input, Graph_FloatTensor:$scale,
                       Optional<Graph_QuantizedTensor>:$zero_point,
                       I64Attr:$axis, I64Attr:$block_size), extraAttrs);
  let results = (outs resultType:$result);
  let hasVerifier = 1;
  let assemblyFormat = [{
    $input `,` $scale (`,` $zero_point^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Graph_QuantizeLinearOp : Graph_LinearQuantizationOp<"quantize_linear",
    "QuantizeLinear", Graph_FloatTensor, Graph_QuantizedTensor,
    (ins DefaultValuedAttr<BoolAttr, "true">:$saturate)> {
  let description = [{
    result = saturate(round_half_even(input / scale) + zero_point), with
    the zero point 0 when absent; a float8 result is input / scale +
    zero_point converted as graph.cast converts (`saturate` is its).
    `scale` and `zero_point` (of the result's element type) share one
    layout: a scalar (per tensor), [input[axis]] (per axis, block_size 0)
    or the input's shape with dim `axis` divided by block_size, rounded up
    (blocked).
  }];
}

def Graph_DequantizeLinearOp : Graph_LinearQuantizationOp<"dequantize_linear",
    "DequantizeLinear", RankedTensorOf<!listconcat(Graph_QuantizedTypes, [I32])>,
    Graph_FloatTensor> {
  let description = [{
    result = (input - zero_point) * scale, with graph.quantize_linear's
    scale layouts; the zero point has the input's element type.
  }];
}

def Graph_RequantizeOp : Graph_Op<"requantize", [Pure]> {
  let summary = "int32 or int64 accumulators to a quantized type through "
                "fixed-point multipliers";
  let description = [{
    result = saturate(round_half_even(input * multipliers[c] / 2^shifts[c])
    + zero_point), c the index along `axis` (one multiplier and shift for
    the whole tensor when the arrays have one entry). The accumulators of
    QLinearConv and QLinearMatMul, with their combined real scale
    in_scale * weight_scale / out_scale in fixed point (Support/Quantization).
    saturate() clamps to the result type's range, narrowed by `clamp_min`
    and `clamp_max` when present: a Relu or Clip between the product and
    its QuantizeLinear, in the quantized domain.
  }];
  let arguments = (ins RankedTensorOf<[I32, I64]>:$input,
                       DenseI32ArrayAttr:$multipliers, DenseI32ArrayAttr:$shifts,
                       I64Attr:$axis, I64Attr:$zero_point,
                       OptionalAttr<I64Attr>:$clamp_min,
                       OptionalAttr<I64Attr>:$clamp_max);
  let results = (outs Graph_QuantizedTensor:$result);
  let hasVerifier = 1;
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Graph_LookupOp : Graph_Op<"lookup", [Pure]> {
  let summary = "Each byte of the input replaced by its entry in a table";
  let description = [{
    result[i] = table[input[i] read as an unsigned byte] (an int8 -1 reads
    entry 255). edgecc-fold-qdq builds it for a quantized function of one
    8-bit tensor, such as QuantizeLinear(Sigmoid(DequantizeLinear(x))):
    the table is that function computed on the 256 byte values.
  }];
  let arguments = (ins 1DTensorOf<[AnyType]>:$table,
                       RankedTensorOf<[I8, UI8]>:$input);
  let results = (outs AnyRankedTensor:$result);
  let hasVerifier = 1;
  let assemblyFormat = [{
    $table `,` $input attr-dict `:` functional-type(operands, results)
  }];
}

def Graph_QuantizedBinaryOp : Graph_Op<"quantized_binary", [Pure]> {
  let summary = "An elementwise add, sub, mul, max or min of quantized "
                "tensors, quantized";
  let description = [{
    result = QuantizeLinear(kind(DequantizeLinear(lhs), DequantizeLinear(rhs)))
    with numpy broadcasting and per-tensor parameters: lhs at (lhs_scale,
    lhs_zero_point), rhs at (rhs_scale, rhs_zero_point), the result at
    (scale, zero_point). Computed in float32 exactly as those three ops
    are, element by element in one pass: a residual Add or an
    excitation's Mul between Q/DQ pairs (edgecc-fold-qdq).
  }];
  let arguments = (ins RankedTensorOf<[I8, UI8]>:$lhs,
                       RankedTensorOf<[I8, UI8]>:$rhs, StrAttr:$kind,
                       F32Attr:$lhs_scale, I64Attr:$lhs_zero_point,
                       F32Attr:$rhs_scale, I64Attr:$rhs_zero_point,
                       F32Attr:$scale, I64Attr:$zero_point);
  let results = (outs RankedTensorOf<[I8, UI8]>:$result);
  let hasVerifier = 1;
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def Graph_BatchNormOp : Graph_Op<"batch_norm", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX BatchNormalization in inference mode";
  let arguments = (ins Graph_FloatTensor:$input, Graph_FloatTensor:$scale,
                       Graph_FloatTensor:$bias, Graph_FloatTensor:$mean,
                       Graph_FloatTensor:$variance,
                       DefaultValuedAttr<F32Attr, "1e-5f">:$epsilon);
  let results = (outs Graph_FloatTensor:$result);
  let hasVerifier = 1;
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    functional-type(operands, results)
  }];
}

// Pooling over the spatial dims of [N, C, spatial...]: one kernel size,
// stride and dilation per spatial dim, pads [begin..., end...].
class Graph_PoolOp<string mnemonic, string onnxName, dag extra = (ins),
                   Type element = Graph_FloatTensor>
    : Graph_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX " # onnxName # " (1-D, 2-D or 3-D)";
  let arguments = !con((ins element:$input,
                       DenseI64ArrayAttr:$kernel_shape, DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$dilations, DenseI64ArrayAttr:$pads,
                       DefaultValuedAttr<BoolAttr, "false">:$ceil_mode), extra);
  let results = (outs element:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}
// Integer max pools come from folded QDQ models: 8- and 16-bit activations.
def Graph_MaxPoolOp : Graph_PoolOp<"max_pool", "MaxPool", (ins),
                                   RankedTensorOf<[F32, I8, UI8, I16, UI16]>>;
def Graph_AveragePoolOp : Graph_PoolOp<"average_pool", "AveragePool",
    (ins DefaultValuedAttr<BoolAttr, "false">:$count_include_pad)>;
// The p-norm of each window; padding contributes nothing.
def Graph_LpPoolOp : Graph_PoolOp<"lp_pool", "LpPool",
    (ins DefaultValuedAttr<I64Attr, "2">:$p)>;

def Graph_ResizeOp : Graph_Op<"resize", [Pure]> {
  let summary = "ONNX Resize and Upsample, on every axis";
  let description = [{
    The attributes are ONNX's, normalized at import: `axes` and
    keep_aspect_ratio_policy are resolved into the result shape and one
    entry of `scales` per axis (the factor ONNX maps coordinates with,
    output/input when the model gave sizes). `roi` is [starts..., ends...]
    and matters only for tf_crop_and_resize. `nearest_mode` may also be
    `simple` (Upsample and Resize-10: floor when enlarging an axis, ceil
    when shrinking it).
  }];
  let arguments = (ins Graph_FloatTensor:$input, DenseF64ArrayAttr:$scales,
                       OptionalAttr<DenseF64ArrayAttr>:$roi,
                       DefaultValuedStrAttr<StrAttr, "nearest">:$mode,
                       DefaultValuedStrAttr<StrAttr, "half_pixel">:$coordinate_transformation_mode,
                       DefaultValuedStrAttr<StrAttr, "round_prefer_floor">:$nearest_mode,
                       DefaultValuedAttr<F64Attr, "-0.75">:$cubic_coeff_a,
                       DefaultValuedAttr<BoolAttr, "false">:$exclude_outside,
                       DefaultValuedAttr<BoolAttr, "false">:$antialias,
                       DefaultValuedAttr<F32Attr, "0.0f">:$extrapolation_value);
  let results = (outs Graph_FloatTensor:$result);
  let hasVerifier = 1;
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Graph_GridSampleOp : Graph_Op<"grid_sample", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX GridSample: the input sampled at run-time coordinates";
  let description = [{
    `grid` is [N, out_spatial..., R] with R the input's spatial rank; its
    last dim holds normalized coordinates in [-1, 1], innermost axis first
    (x, y, z). `mode` is nearest, linear or cubic (opset 16's bilinear and
    bicubic are renamed at import), `padding_mode` zeros, border or
    reflection.
  }];
  let arguments = (ins Graph_FloatTensor:$input, Graph_FloatTensor:$grid,
                       StrAttr:$mode, StrAttr:$padding_mode,
                       BoolAttr:$align_corners);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $grid attr-dict `:` functional-type(operands, results)
  }];
}

def Graph_GlobalAveragePoolOp
    : Graph_Op<"global_average_pool", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX GlobalAveragePool: mean over all spatial dims, kept as 1";
  let arguments = (ins Graph_FloatTensor:$input);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

class Graph_ReduceOp<string mnemonic, string onnxName,
                     Type tensor = Graph_FloatTensor>
    : Graph_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX " # onnxName # " over the given (non-negative) axes";
  let arguments = (ins tensor:$input, DenseI64ArrayAttr:$axes,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims);
  let results = (outs tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}
def Graph_ReduceMeanOp : Graph_ReduceOp<"reduce_mean", "ReduceMean">;
def Graph_ReduceSumOp
    : Graph_ReduceOp<"reduce_sum", "ReduceSum", Graph_ArithmeticTensor>;
def Graph_ReduceMaxOp : Graph_ReduceOp<"reduce_max", "ReduceMax">;
def Graph_ReduceMinOp : Graph_ReduceOp<"reduce_min", "ReduceMin">;
def Graph_ReduceProdOp : Graph_ReduceOp<"reduce_prod", "ReduceProd">;

class Graph_SoftmaxLikeOp<string mnemonic, string onnxName>
    : Graph_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = "ONNX " # onnxName # " (opset 13 semantics: along one axis)";
  let arguments = (ins Graph_FloatTensor:$input, I64Attr:$axis);
  let results = (outs Graph_FloatTensor:$result);
  let hasVerifier = 1;
  let assemblyFormat = "$input attr-dict `:` type($input)";
}
def Graph_SoftmaxOp : Graph_SoftmaxLikeOp<"softmax", "Softmax">;
def Graph_LogSoftmaxOp : Graph_SoftmaxLikeOp<"log_softmax", "LogSoftmax">;

// Elementwise ops with numpy broadcasting, on operands of one element type.
class Graph_BinaryOp<string mnemonic, string onnxName, bit folds = 1>
    : Graph_Op<mnemonic, [Pure, InferTypeOpAdaptor, Graph_Elementwise]> {
  let summary = "ONNX " # onnxName # " with numpy broadcasting";
  let arguments = (ins AnyRankedTensor:$lhs, AnyRankedTensor:$rhs);
  let results = (outs AnyRankedTensor:$result);
  let hasFolder = folds;
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}
def Graph_AddOp : Graph_BinaryOp<"add", "Add">;
def Graph_SubOp : Graph_BinaryOp<"sub", "Sub">;
def Graph_MulOp : Graph_BinaryOp<"mul", "Mul">;
def Graph_DivOp : Graph_BinaryOp<"div", "Div">;
def Graph_PowOp : Graph_BinaryOp<"pow", "Pow">;
def Graph_MaxOp : Graph_BinaryOp<"max", "Max (two operands)">;
def Graph_MinOp : Graph_BinaryOp<"min", "Min (two operands)">;
def Graph_ModOp : Graph_BinaryOp<"mod", "Mod (fmod=1 semantics for floats)">;
def Graph_PReluOp
    : Graph_BinaryOp<"prelu", "PRelu (slope broadcast to input)", /*folds=*/0>;
def Graph_AndOp : Graph_BinaryOp<"and", "And (bool) and BitwiseAnd (integers)">;
def Graph_OrOp : Graph_BinaryOp<"or", "Or (bool) and BitwiseOr (integers)">;
def Graph_XorOp : Graph_BinaryOp<"xor", "Xor (bool) and BitwiseXor (integers)">;
def Graph_ShiftLeftOp
    : Graph_BinaryOp<"shift_left", "BitShift LEFT (unsigned)", /*folds=*/0>;
def Graph_ShiftRightOp
    : Graph_BinaryOp<"shift_right", "BitShift RIGHT (unsigned)", /*folds=*/0>;

class Graph_CompareOp<string mnemonic, string onnxName>
    : Graph_Op<mnemonic, [Pure, InferTypeOpAdaptor, Graph_Elementwise]> {
  let summary = "ONNX " # onnxName # " with numpy broadcasting; bool result";
  let arguments = (ins AnyRankedTensor:$lhs, AnyRankedTensor:$rhs);
  let results = (outs Graph_BoolTensor:$result);
  let hasFolder = 1;
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}
def Graph_EqualOp : Graph_CompareOp<"equal", "Equal">;
def Graph_LessOp : Graph_CompareOp<"less", "Less">;
def Graph_LessOrEqualOp : Graph_CompareOp<"less_equal", "LessOrEqual">;
def Graph_GreaterOp : Graph_CompareOp<"greater", "Greater">;
def Graph_GreaterOrEqualOp : Graph_CompareOp<"greater_equal", "GreaterOrEqual">;

def Graph_WhereOp
    : Graph_Op<"where", [Pure, InferTypeOpAdaptor, Graph_Elementwise]> {
  let summary = "ONNX Where: condition ? x : y with numpy broadcasting";
  let arguments = (ins Graph_BoolTensor:$condition, AnyRankedTensor:$x,
                       AnyRankedTensor:$y);
  let results = (outs AnyRankedTensor:$result);
  let hasFolder = 1;
  let assemblyFormat = [{
    $condition `,` $x `,` $y attr-dict `:` functional-type(operands, results)
  }];
}

def Graph_CumSumOp : Graph_Op<"cumsum", [Pure, SameOperandsAndResultType]> {
  let summary = "ONNX CumSum along a (non-negative) axis";
  let arguments = (ins RankedTensorOf<[F32, F64, I32, I64, UI32, UI64]>:$input,
                       I64Attr:$axis,
                       DefaultValuedAttr<BoolAttr, "false">:$exclusive,
                       DefaultValuedAttr<BoolAttr, "false">:$reverse);
  let results = (outs AnyRankedTensor:$result);
  let hasVerifier = 1;
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Graph_NotOp
    : Graph_Op<"not", [Pure, SameOperandsAndResultType, Graph_Elementwise]> {
  let summary = "ONNX Not (bool) and BitwiseNot (integers)";
  let arguments = (ins Graph_IntegerOrBoolTensor:$input);
  let results = (outs Graph_IntegerOrBoolTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

class Graph_ArgReduceOp<string mnemonic, string onnxName>
    : Graph_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX " # onnxName # ": int64 index of the extreme along an axis";
  let arguments = (ins AnyRankedTensor:$input, I64Attr:$axis,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims,
                       DefaultValuedAttr<BoolAttr, "false">:$select_last_index);
  let results = (outs RankedTensorOf<[I64]>:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}
def Graph_TopKIndicesOp
    : Graph_Op<"top_k_indices", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX TopK's indices: the k largest (or smallest) along an axis";
  let description = [{
    The result has the input's shape with `k` along `axis`: the indices of
    the k best elements, best first, ties in index order. TopK's values are
    a gather_elements of the input at them.
  }];
  let arguments = (ins AnyRankedTensor:$input, I64Attr:$k, I64Attr:$axis,
                       BoolAttr:$largest);
  let results = (outs RankedTensorOf<[I64]>:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Graph_NonMaxSuppressionOp
    : Graph_Op<"non_max_suppression", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX NonMaxSuppression: greedy per-class box selection";
  let description = [{
    For each batch and class, boxes are visited from the highest score down
    (equal scores in index order), skipping those scoring at most
    `score_threshold` when it is given; a box is selected unless its
    intersection over union with an already selected box of that class
    exceeds `iou_threshold`, until `max_boxes_per_class` are selected. Boxes
    are [y1, x1, y2, x2] with the corners in either order, or with
    `center_point_box` [x_center, y_center, width, height].

    The result holds one (batch, class, box) row per selection, batch-major,
    then class, then in selection order. How many rows the data selects is
    unknown until run time, so the result has a static bound of
    batches * classes * min(max_boxes_per_class, boxes) rows, and the rows
    past the selected ones are -1.
  }];
  let arguments = (ins Graph_FloatTensor:$boxes, Graph_FloatTensor:$scores,
                       BoolAttr:$center_point_box, I64Attr:$max_boxes_per_class,
                       F32Attr:$iou_threshold,
                       OptionalAttr<F32Attr>:$score_threshold);
  let results = (outs RankedTensorOf<[I64]>:$result);
  let assemblyFormat = [{
    $boxes `,` $scores attr-dict `:` functional-type(operands, results)
  }];
}

def Graph_ArgMaxOp : Graph_ArgReduceOp<"arg_max", "ArgMax">;
def Graph_ArgMinOp : Graph_ArgReduceOp<"arg_min", "ArgMin">;

// Elementwise float math. `params` are the ONNX op's float attributes, with
// the importer filling in ONNX's defaults.
class Graph_UnaryOp<string mnemonic, string onnxName, dag params = (ins),
                    Type tensor = Graph_FloatTensor>
    : Graph_Op<mnemonic, [Pure, SameOperandsAndResultType, Graph_Elementwise]> {
  let summary = "ONNX " # onnxName # ", elementwise";
  let arguments = !con((ins tensor:$input), params);
  let results = (outs tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}
// Relu, Floor and Ceil are exact, so they fold (shape arithmetic such as
// Range's trip count, ceil((limit - start) / delta), uses them).
def Graph_ReluOp
    : Graph_UnaryOp<"relu", "Relu", (ins), Graph_SignedTensor> {
  let hasFolder = 1;
}
def Graph_SigmoidOp : Graph_UnaryOp<"sigmoid", "Sigmoid">;
def Graph_TanhOp : Graph_UnaryOp<"tanh", "Tanh">;
def Graph_ExpOp : Graph_UnaryOp<"exp", "Exp">;
def Graph_SqrtOp : Graph_UnaryOp<"sqrt", "Sqrt">;
def Graph_NegOp : Graph_UnaryOp<"neg", "Neg", (ins), Graph_SignedTensor> {
  let hasFolder = 1; // shape arithmetic negates axes
}
def Graph_AbsOp
    : Graph_UnaryOp<"abs", "Abs", (ins), Graph_SignedTensor>;
def Graph_LogOp : Graph_UnaryOp<"log", "Log">;
def Graph_ReciprocalOp : Graph_UnaryOp<"reciprocal", "Reciprocal">;
def Graph_FloorOp : Graph_UnaryOp<"floor", "Floor"> { let hasFolder = 1; }
def Graph_CeilOp : Graph_UnaryOp<"ceil", "Ceil"> { let hasFolder = 1; }
def Graph_RoundOp : Graph_UnaryOp<"round", "Round (halves to even)">;
def Graph_SignOp
    : Graph_UnaryOp<"sign", "Sign", (ins), Graph_SignedTensor>;
def Graph_SinOp : Graph_UnaryOp<"sin", "Sin">;
def Graph_CosOp : Graph_UnaryOp<"cos", "Cos">;
def Graph_TanOp : Graph_UnaryOp<"tan", "Tan">;
def Graph_AsinOp : Graph_UnaryOp<"asin", "Asin">;
def Graph_AcosOp : Graph_UnaryOp<"acos", "Acos">;
def Graph_AtanOp : Graph_UnaryOp<"atan", "Atan">;
def Graph_SinhOp : Graph_UnaryOp<"sinh", "Sinh">;
def Graph_CoshOp : Graph_UnaryOp<"cosh", "Cosh">;
def Graph_AsinhOp : Graph_UnaryOp<"asinh", "Asinh">;
def Graph_AcoshOp : Graph_UnaryOp<"acosh", "Acosh">;
def Graph_AtanhOp : Graph_UnaryOp<"atanh", "Atanh">;
def Graph_ErfOp : Graph_UnaryOp<"erf", "Erf">;
def Graph_SoftplusOp : Graph_UnaryOp<"softplus", "Softplus">;
def Graph_SoftsignOp : Graph_UnaryOp<"softsign", "Softsign">;
def Graph_MishOp : Graph_UnaryOp<"mish", "Mish">;
def Graph_HardSwishOp : Graph_UnaryOp<"hard_swish", "HardSwish">;
def Graph_GeluOp : Graph_UnaryOp<"gelu", "Gelu",
    (ins DefaultValuedAttr<BoolAttr, "false">:$tanh_approximation)>;
def Graph_EluOp : Graph_UnaryOp<"elu", "Elu", (ins F32Attr:$alpha)>;
def Graph_CeluOp : Graph_UnaryOp<"celu", "Celu", (ins F32Attr:$alpha)>;
def Graph_SeluOp
    : Graph_UnaryOp<"selu", "Selu", (ins F32Attr:$alpha, F32Attr:$gamma)>;
def Graph_LeakyReluOp
    : Graph_UnaryOp<"leaky_relu", "LeakyRelu", (ins F32Attr:$alpha)>;
def Graph_ThresholdedReluOp
    : Graph_UnaryOp<"thresholded_relu", "ThresholdedRelu", (ins F32Attr:$alpha)>;
def Graph_HardSigmoidOp : Graph_UnaryOp<"hard_sigmoid", "HardSigmoid",
    (ins F32Attr:$alpha, F32Attr:$beta)>;
def Graph_ShrinkOp
    : Graph_UnaryOp<"shrink", "Shrink", (ins F32Attr:$bias, F32Attr:$lambd)>;

def Graph_ClipOp
    : Graph_Op<"clip", [Pure, SameOperandsAndResultType, Graph_Elementwise]> {
  let summary = "ONNX Clip with constant bounds";
  let arguments = (ins Graph_FloatTensor:$input, F32Attr:$min, F32Attr:$max);
  let results = (outs Graph_FloatTensor:$result);
  let hasVerifier = 1;
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def Graph_ConcatOp : Graph_Op<"concat", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX Concat along a (non-negative) axis";
  let arguments = (ins Variadic<AnyRankedTensor>:$inputs, I64Attr:$axis);
  let results = (outs AnyRankedTensor:$result);
  let hasFolder = 1;
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
}

def Graph_ReshapeOp : Graph_Op<"reshape", [Pure]> {
  let summary = "Reshape to the static result type (ONNX Reshape, Flatten, "
                "Squeeze, Unsqueeze)";
  let arguments = (ins AnyRankedTensor:$input);
  let results = (outs AnyRankedTensor:$result);
  let hasFolder = 1;
  let hasVerifier = 1;
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Graph_TransposeOp : Graph_Op<"transpose", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX Transpose with an explicit permutation";
  let arguments = (ins AnyRankedTensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs AnyRankedTensor:$result);
  let hasFolder = 1;
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Graph_ExpandOp : Graph_Op<"expand", [Pure]> {
  let summary = "ONNX Expand: numpy broadcast to the static result shape";
  let arguments = (ins AnyRankedTensor:$input);
  let results = (outs AnyRankedTensor:$result);
  let hasVerifier = 1;
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Graph_TileOp : Graph_Op<"tile", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX Tile: the input repeated `repeats[k]` times along axis k";
  let arguments = (ins AnyRankedTensor:$input, DenseI64ArrayAttr:$repeats);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Graph_SliceOp : Graph_Op<"slice", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX Slice (and Split) with one normalized start/end/step per axis";
  let description = [{
    `starts`, `ends` and `steps` have one entry per dimension of the input,
    already clamped as ONNX specifies, so the result has
    ceil((end - start) / step) elements along each axis.
  }];
  let arguments = (ins AnyRankedTensor:$input, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$ends, DenseI64ArrayAttr:$steps);
  let results = (outs AnyRankedTensor:$result);
  let hasFolder = 1;
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def Graph_PadOp : Graph_Op<"pad", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX Pad; pads are [begin..., end...], >= 0";
  let description = [{
    `mode` is ONNX's: constant (with `value`; float32 only), edge, reflect
    or wrap (any element type).
  }];
  let arguments = (ins AnyRankedTensor:$input, DenseI64ArrayAttr:$pads,
                       DefaultValuedAttr<F32Attr, "0.0f">:$value,
                       DefaultValuedStrAttr<StrAttr, "constant">:$mode);
  let results = (outs AnyRankedTensor:$result);
  let hasFolder = 1;
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

#endif // EDGECC_GRAPH_OPS
