//===- Passes.td - edgecc compiler passes ------------------*- tablegen -*-===//

#ifndef EDGECC_TRANSFORMS_PASSES
#define EDGECC_TRANSFORMS_PASSES

include "mlir/Pass/PassBase.td"

def FoldQdq : Pass<"edgecc-fold-qdq", "mlir::func::FuncOp"> {
  let summary = "Fold QuantizeLinear/DequantizeLinear pairs into integer "
                "kernels";
  let description = [{
    For models quantized elsewhere (QDQ format). With x, w and the result
    quantized to 8 bits with constant scales and zero points (x and the
    result per tensor, w per tensor or per output channel):
    `Q(act(conv(DQ(x), DQ(w), b)))` becomes `requantize(conv(x, w, b'))`, an
    int8/uint8 convolution with an int32 bias b' at scale x_scale *
    w_scale (a DequantizeLinear'd int32 bias at that scale is taken as it
    is, other constants are rounded to it) and a fixed-point requantization
    by x_scale * w_scale / y_scale. act is none, Relu or Clip, which become
    the requantization's clamp bounds, as they do in
    `Q(act(DQ(requantize(...))))` with one scale and zero point around act.
    Gemm (alpha 1, beta 1, A not transposed) and MatMul with a constant 2-D
    weight fold the same way, as a 1x1 convolution of A viewed as
    [rows, K, 1, 1]. `Q(op(DQ(x)))` with
    one scale and zero point on both sides, op a max pool, reshape,
    transpose, slice or concat (or nothing), becomes `op(x)`; an 8-bit
    operand quantized differently is requantized first (a Q of its DQ).
    Then a QuantizeLinear to an 8- or 16-bit integer of at least 256
    elements whose value is a function of one 8-bit tensor x alone (the
    ops in between elementwise or per-tensor Q/DQ, their other operands
    uniform constants: Sigmoid, SiLU, a rescale) becomes
    `graph.lookup(table, x)`, the table computed by clones of those ops on
    the 256 byte values. Last, `Q(op(DQ(a), DQ(b)))` with op an add, sub,
    mul, max or min of two 8-bit tensors becomes
    `graph.quantized_binary(a, b)`. Everything else keeps its float Q/DQ
    semantics.
  }];
  let dependentDialects = ["edgecc::graph::GraphDialect"];
}

def Quantize : Pass<"edgecc-quantize", "mlir::func::FuncOp"> {
  let summary = "Quantize calibrated float convs, gemms and matmuls to int8";
  let description = [{
    Post-training quantization of a float model whose tensors carry
    calibrated ranges (`edgecc.range = array<f32: min, max>` on the op
    defining a value, or on a function argument). Each conv, gemm (alpha 1,
    A not transposed, beta 1 with a 1-D C) and matmul with a constant 2-D
    weight whose input and output (the Relu or Clip it alone feeds, if any)
    have ranges is marked as a QDQ model marks it:
    `Q(act(op(DQ(Q(x)), DQ(w_int8), b)))` followed by a DequantizeLinear.
    Activations are quantized per tensor (affine, the range widened to
    include 0, to `activation-type`), weights per output channel (or per
    tensor, `weight-granularity`), symmetrically to int8 in [-127, 127]. An input that is already
    dequantized (the previous product's output) keeps its quantization;
    so does the result of a max pool, reshape, transpose or slice of one,
    exactly. edgecc-fold-qdq then builds the integer kernels. Products
    without ranges, or marked `edgecc.keep_float` (-quantize=mixed), keep
    float weights; any tensor with a range is quantized all the same. The
    input and output of a product marked `edgecc.wide_activations`
    (-quantize=mixed, W8A16) are quantized to 16 bits instead (int16, or
    uint16 for uint8), and so are the tensors its input is a max pool,
    reshape, transpose or slice of. The ranges and marks are removed.
  }];
  let options = [
    Option<"activationType", "activation-type", "std::string", "\"int8\"",
           "Element type of quantized activations: int8 or uint8">,
    Option<"weightGranularity", "weight-granularity", "std::string",
           "\"per-channel\"",
           "One weight scale per output channel (per-channel) or per "
           "weight (per-tensor)">
  ];
  let dependentDialects = ["edgecc::graph::GraphDialect"];
}

def EqualizeCrossLayer
    : Pass<"edgecc-equalize-cross-layer", "mlir::func::FuncOp"> {
  let summary = "Cross-layer equalization of consecutive float convs and gemms";
  let description = [{
    Before per-tensor int8 quantization, weights whose output channels have
    very different ranges lose the small channels to rounding. Between two
    linear layers joined through ops that commute with a positive
    per-channel scale (Relu, LeakyRelu, Clip with bounds 0 or infinite,
    MaxPool, a flatten), channel `c` of the first layer's output can be
    divided by `s_c` (its weights and bias) and the second layer's weights
    that read it multiplied by `s_c` with the same model output. With
    `s_c = sqrt(r1_c / r2_c)` (`r` the largest magnitude of the channel's
    weights in each layer) both layers' channel ranges become
    `sqrt(r1_c * r2_c)` (Nagel et al. 2019, "Data-Free Quantization").
    The first layer is a conv or a gemm (A not transposed, C absent or 1-D),
    the second a conv (any group) or a gemm; weights are constants that
    only this layer uses, and every value between the two has one use.
    Chains are equalized pair by pair, sweeping until the scales settle.
  }];
  let dependentDialects = ["edgecc::graph::GraphDialect"];
}

def AbsorbBias : Pass<"edgecc-absorb-bias", "mlir::func::FuncOp"> {
  let summary = "Move what a layer's output channels always hold into the "
                "next layer's bias";
  let description = [{
    Bias absorption (Nagel et al. 2019, "Data-Free Quantization"). A conv or
    gemm carrying `edgecc.output_floor` (per output channel, the smallest
    value it produced on the calibration data) that starts a pair as
    edgecc-equalize-cross-layer matches pairs, where the second layer is a
    conv without padding or a gemm (alpha 1; C absent, or beta 1), gives up
    `c = max(0, floor)` per channel: c leaves its bias and W2 c joins the
    second layer's. Relu, LeakyRelu, Clip(0, inf) and MaxPool satisfy
    `f(x - c) = f(x) - c` wherever `x >= c`, so the model's output does not
    change on inputs like the calibration data, while the tensors between
    the two layers hold values c smaller: a narrower range to quantize. A
    padded second conv would read zeros where the shifted tensor holds -c,
    so it is left alone. The floors are removed.
  }];
  let dependentDialects = ["edgecc::graph::GraphDialect"];
}

def FoldBatchNorm : Pass<"edgecc-fold-batch-norm", "mlir::func::FuncOp"> {
  let summary = "Fold BatchNormalization into the preceding conv, or turn it "
                "into a per-channel multiply-add";
  let description = [{
    A batch_norm whose input is a conv used only by it is folded into the
    conv's weights and bias (w' = w * s, b' = (b - mean) * s + beta, with
    s = gamma / sqrt(var + eps)). Any other batch_norm becomes
    `x * s + (beta - mean * s)` with constants broadcast along dim 1.
  }];
  let dependentDialects = ["edgecc::graph::GraphDialect"];
}

def FuseConvBiasActivation
    : Pass<"edgecc-fuse-conv-bias-activation", "mlir::func::FuncOp"> {
  let summary = "Fuse bias and residual adds and activations into conv and "
                "gemm";
  let description = [{
    conv(x) + constant of shape [C,1,1] or [1,C,1,1] becomes the conv's bias;
    matmul(x, constant 2-D B) + constant bias becomes a gemm; conv(x) + r, r
    any tensor of the conv's type (a residual block's Add), becomes the
    conv's residual when the conv is float, of one group and has no
    activation; a relu, clip or x * sigmoid(x) whose input is a conv or gemm
    used only by it becomes the producer's fused activation, applied after
    the residual.
  }];
  let dependentDialects = ["edgecc::graph::GraphDialect"];
}

def LowerGraphToKernel : Pass<"edgecc-lower-graph-to-kernel", "mlir::ModuleOp"> {
  let summary = "Lower graph ops on tensors to kernel ops on buffers";
  let description = [{
    Functions take their inputs and outputs as buffer arguments (inputs first,
    then one per result) and return nothing. Every op result becomes a
    `kernel.alloc` written by the kernel op; results that are returned are
    written straight into the output argument. Reshapes become views.
    Graph ops that survive folding but have no kernel (shape arithmetic on
    run-time data) are reported with their ONNX node.
  }];
  let dependentDialects = ["edgecc::kernel::KernelDialect"];
}

def ChooseWorkGroups : Pass<"edgecc-choose-work-groups", "mlir::func::FuncOp"> {
  let summary = "Give each compute op the work-group size a device backend "
                "launches it with";
  let description = [{
    For device targets (OpenCL), where each of an op's independent items
    (kernel::parallelItems: output elements, softmax rows) is one
    work-item. Sets `kernel.work_group = array<i64: items, group>` on every
    compute op.

    A float kernel.conv2d or kernel.gemm first gets a work-item tile,
    `kernel.work_item_tile`, so that a work-item reuses each value it loads:
    on a conv, up to 4 output channels (the most of 4, 2, 1 that divides a
    group's) by up to 4 output columns; on a gemm, up to 4 rows by 4
    columns of an output matrix; no side longer than its extent rounded up
    to a power of two. The tile halves, columns first, while the op would
    have fewer tiles than two work-items per lane of the device (2 x units
    x simd-width); a tile of one output is none.

    The group size comes from a cost model of a device with
    `compute-units` units that run one work-group at a time in `simd-width`
    lanes: a launch takes ceil(groups / units) waves, each costing the
    group's lanes (padded to the SIMD width) plus a fixed per-group cost of
    `group-overhead` lane-steps. Candidates are the SIMD width times powers
    of two up to `max-group-size`; an op of fewer items than the SIMD width
    runs as one group of exactly its items. On a tie the larger group wins.
  }];
  let options = [
    Option<"computeUnits", "compute-units", "int64_t", "8",
           "Compute units of the device">,
    Option<"simdWidth", "simd-width", "int64_t", "32",
           "Work-items a compute unit runs in lockstep">,
    Option<"maxGroupSize", "max-group-size", "int64_t", "256",
           "Largest work-group to consider">,
    Option<"groupOverhead", "group-overhead", "int64_t", "32",
           "Fixed cost of starting a work-group, in lane-steps">
  ];
  let dependentDialects = ["edgecc::kernel::KernelDialect"];
}

def TileKernels : Pass<"edgecc-tile-kernels", "mlir::func::FuncOp"> {
  let summary = "Give float and 8-bit convs and float matmuls register "
                "tiles over pre-packed constant weights, and depthwise convs "
                "vectors of columns";
  let description = [{
    Rewrites each float kernel.conv2d (not depthwise) and each float
    kernel.gemm with a constant right operand (alpha 1, bias per column or
    none) into kernel.packed_conv2d or kernel.packed_matmul: it chooses the
    register tile [MR, NR] from the vector unit's lanes and registers and the
    problem's shape, and packs the weight at compile time into the panels
    the micro-kernel reads. A stride-1 conv reads its input in place, over
    pixel positions of the input's flattened rows; if it is padded, its
    input is first padded into an alloc of its own (kernel.fill and
    kernel.copy). Its weight panels are then the outer loop when its
    weights outgrow half the L2 cache. A strided conv, and a 1x1 conv
    whose weights outgrow half the L2, gets a [tasks, gathered_tiles * K,
    pixels per tile] workspace alloc for its input patches, kept small
    enough to fit half the L2 cache: with weights beyond half the L2, it
    gathers as many pixel tiles at once (gathered_tiles) as fit, so that
    each weight panel is read once for all of them; with an output beyond
    the L2, enough that each panel stores 1 KB runs per output channel. A
    conv's tile rows are its output channels, or its pixels (pixel_rows) where channel rows
    would leave more than a fifth of the lanes without a useful output (a
    tenth for a conv that gathers) and pixel rows score better. A 1x1 conv on
    one pixel per image becomes a packed_matmul through views. A float
    depthwise conv with row stride 1 or 2 becomes kernel.depthwise_conv2d,
    `vector-lanes` output columns at a time, with a workspace alloc for its
    zero-padded channel plane.

    An 8-bit conv (int8 or uint8 input, int8 weights with zero points 0,
    one group) whose int32 sums are read only by a kernel.requantize
    becomes kernel.pack_conv_input into an alloc, then
    kernel.packed_int8_conv2d writing the requantization's output: tiles
    of 4-byte dot products (one int32 lane holds one output, as one float
    lane does, so the same tile choice applies) over the packed input,
    read in place for any stride, and the requantization in the epilogue.
    The input zero point's products with the weights are taken off the
    bias at compile time. With `dot-pairs` (a vector unit that multiplies
    16-bit pairs, as x86's pmaddwd without VNNI) the packed weights are
    widened to int16 at compile time, each 4-channel group as two pairs,
    so that the micro-kernel does not widen them on every step, unless
    widened they would outgrow the L2. Its weight panels are the outer
    loop when the packed weights outgrow half the L2. A 1x1 conv over
    [rows, K, 1, 1] single pixels (a matrix product) takes its rows as the
    pixels of one channels-last image, through kernel.view. An 8-bit
    depthwise conv in that position becomes kernel.depthwise_int8_conv2d,
    with an int16 plane alloc per task.

    The tile maximizes (useful outputs / computed outputs) x (issue rate of
    its inner loop): MR * NR/lanes accumulators, NR/lanes vector loads and
    MR broadcasts per step must fit the registers; two FMAs and two loads
    issue per cycle, at least `fma-chains` independent accumulators
    (`dot-chains` for 8-bit tiles) keep the pipes busy through the
    instruction's latency, and the MR + NR floats each step reads stream
    from L2 at 32 bytes per cycle. A conv's block that is stored through a
    buffer (transposed, or dropping positions past a row's end) costs about
    a cycle per output on top of its K terms.

    With `threads` above 1, each new op's work is split into `tasks` (at
    most `threads`, at most the tiles of the dimension split, and none
    smaller than 65536 multiply-adds, about a microsecond, which is what
    handing work to another core costs), each with its own workspace.
  }];
  let options = [
    Option<"vectorLanes", "vector-lanes", "int64_t", "16",
           "float32 lanes of one vector register">,
    Option<"vectorRegisters", "vector-registers", "int64_t", "32",
           "Architectural vector registers">,
    Option<"fmaChains", "fma-chains", "int64_t", "8",
           "Independent sums the float FMA needs in flight">,
    Option<"dotChains", "dot-chains", "int64_t", "8",
           "Independent sums the 4-byte dot product needs in flight">,
    Option<"dotPairs", "dot-pairs", "bool", "false",
           "The dot product multiplies 16-bit pairs, not bytes: 8-bit "
           "convs' weights are packed widened to int16">,
    Option<"l2Bytes", "l2-bytes", "int64_t", "1048576",
           "L2 cache per core, in bytes">,
    Option<"threads", "threads", "int64_t", "1",
           "Threads the kernels' work is split for">
  ];
  let dependentDialects = ["edgecc::kernel::KernelDialect"];
}

def ConcatInPlace : Pass<"edgecc-concat-in-place", "mlir::func::FuncOp"> {
  let summary = "Let producers write their part of a concat result directly";
  let description = [{
    A kernel.copy that moves a whole buffer into a contiguous part of a
    concat result, where the buffer has one producer and no other reader,
    is removed: the buffer becomes a kernel.view (with an element offset)
    into the result, so the producer writes there. Applies to concats along
    the outermost non-unit dim (channels at batch 1: SqueezeNet, ShuffleNet,
    Inception).
  }];
}

def ScheduleForMemory
    : Pass<"edgecc-schedule-for-memory", "mlir::func::FuncOp"> {
  let summary = "Reorder kernels to lower the peak of live arena bytes";
  let description = [{
    Moves every kernel.alloc, kernel.weight and kernel.view to the top of the
    function (they are definitions, not work), then list-schedules the
    kernels: among those whose buffer dependences are met, the one that
    leaves the fewest bytes live runs next (ties keep the original order).
    The new order replaces the original only when its peak of live bytes is
    lower; branching graphs (Inception, ShuffleNet, U-Net) gain, chains keep
    their order.
  }];
}

def PlanMemory : Pass<"edgecc-plan-memory", "mlir::func::FuncOp"> {
  let summary = "Place every kernel.alloc at an offset of one arena";
  let description = [{
    Computes each buffer's live range over the op order (views extend the
    range of the buffer they alias). With `in-place`, an elementwise op
    (kernel.unary, kernel.binary) whose output maps element for element onto
    an input that no later op reads writes over that input: both allocs
    share memory. Groups of allocs are then placed greedily (largest first,
    and earliest first; the smaller arena wins) at the lowest aligned offset
    that no time-overlapping group covers. Sets `offset` on each alloc,
    `kernel.arena_size` and the bounds `kernel.live_bytes_bound`,
    `kernel.op_bytes_bound` and `kernel.naive_bytes` on the function.
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", "64",
           "Alignment in bytes of every buffer in the arena">,
    Option<"inPlace", "in-place", "bool", "true",
           "Let elementwise ops write over an input that dies there">
  ];
}

#endif // EDGECC_TRANSFORMS_PASSES
