//===- KernelOps.td - edgecc kernel dialect ----------------*- tablegen -*-===//
//
// The kernel dialect is what backends consume: every value is a buffer
// (builtin memref, row-major), every compute op writes into a destination
// buffer it is given, and every intermediate buffer is a `kernel.alloc` that
// memory planning places at a fixed offset of one arena. Weights are
// `kernel.weight` ops whose data goes to read-only memory.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_KERNEL_OPS
#define EDGECC_KERNEL_OPS

include "mlir/IR/OpBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ViewLikeInterface.td"

def Kernel_Dialect : Dialect {
  let name = "kernel";
  let summary = "Buffer-level compute kernels with explicit layouts and memory plan";
  let cppNamespace = "::edgecc::kernel";
  let usePropertiesForAttributes = 0;
  // kernel.work_group: a device kernel's launch (parallelItems).
  let hasOperationAttrVerify = 1;
}

class Kernel_Op<string mnemonic, list<Trait> traits = []>
    : Op<Kernel_Dialect, mnemonic, traits>;

// Every element type a tensor can have at run time (DataTypes.h): bool is
// i1 stored one byte per element, unsigned integers are ui*.
def Kernel_Buffer : MemRefRankOf<
    [F16, F32, F64, I1, I8, I16, I32, I64, UI8, UI16, UI32, UI64,
     BF16, F8E4M3FN, F8E4M3FNUZ, F8E5M2, F8E5M2FNUZ, I<4>, UI<4>],
    [0, 1, 2, 3, 4, 5, 6, 7, 8]>;

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

def Kernel_AllocOp : Kernel_Op<"alloc", [MemoryEffects<[MemAlloc]>]> {
  let summary = "An intermediate buffer, placed in the arena by memory planning";
  let description = [{
    Before memory planning `offset` is absent. The planner sets it to the
    byte offset of the buffer in the arena, aligned to the target's alignment.
  }];
  let arguments = (ins OptionalAttr<I64Attr>:$offset);
  let results = (outs Kernel_Buffer:$buffer);
  let hasVerifier = 1;
  let assemblyFormat = "attr-dict `:` type($buffer)";
}

def Kernel_WeightOp : Kernel_Op<"weight", [Pure]> {
  let summary = "A constant buffer in read-only memory";
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Kernel_Buffer:$buffer);
  let hasVerifier = 1;
  let assemblyFormat = "$value attr-dict `:` type($buffer)";
}

def Kernel_ViewOp : Kernel_Op<"view", [Pure,
    DeclareOpInterfaceMethods<ViewLikeOpInterface>]> {
  let summary = "Contiguous elements of a buffer seen with another shape";
  let description = [{
    The result is the `offset`-th element of `source` onwards, as many
    elements as the result type holds, in row-major order: a reshape when
    the offset is 0 and the sizes match, or a contiguous window (a producer
    writing its part of a concat in place).
  }];
  let arguments = (ins Kernel_Buffer:$source,
                       DefaultValuedAttr<I64Attr, "0">:$offset);
  let results = (outs Kernel_Buffer:$result);
  let hasVerifier = 1;
  let assemblyFormat = "$source attr-dict `:` type($source) `to` type($result)";
}

//===----------------------------------------------------------------------===//
// Compute (destination-passing: the last operand is written)
//===----------------------------------------------------------------------===//

class Kernel_ComputeOp<string mnemonic, list<Trait> traits = []>
    : Kernel_Op<mnemonic, traits> {
  let hasVerifier = 1;
}

def Kernel_Conv2DOp
    : Kernel_ComputeOp<"conv2d", [AttrSizedOperandSegments]> {
  let summary = "2-D convolution, NCHW input, OIHW weight, fused bias, "
                "residual add and activation";
  let description = [{
    All buffers are float32, or all int32 (integer convolution, which has
    no fused activation), or int8/uint8 input and weight with int32 bias and
    output: products of (input - input_zero_point) and (weight -
    weight_zero_points[oc]) summed in int32, wrapping; or the same of an
    int16/uint16 input with int64 bias and output, summed in int64.

    A float32 conv may read a `residual` shaped as its output, added to the
    sums before the activation (graph.conv's residual). It is never the
    output's buffer: a tiled conv may compute an output twice.
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemRead]>:$weight,
                       Arg<Optional<Kernel_Buffer>, "", [MemRead]>:$bias,
                       Arg<Optional<Kernel_Buffer>, "", [MemRead]>:$residual,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, I64Attr:$group,
                       DefaultValuedStrAttr<StrAttr, "none">:$activation,
                       OptionalAttr<F32Attr>:$clip_min,
                       OptionalAttr<F32Attr>:$clip_max,
                       OptionalAttr<I64Attr>:$input_zero_point,
                       OptionalAttr<DenseI64ArrayAttr>:$weight_zero_points);
  let assemblyFormat = [{
    `ins` `(` $input `,` $weight (`,` $bias^)? `)`
    (`residual` `(` $residual^ `:` type($residual) `)`)?
    `outs` `(` $output `)` attr-dict
    `:` type($input) `,` type($weight) (`,` type($bias)^)? `->` type($output)
  }];
}

def Kernel_PackedConv2DOp
    : Kernel_ComputeOp<"packed_conv2d", [AttrSizedOperandSegments]> {
  let summary = "Float 2-D convolution in register tiles over pre-packed "
                "weights";
  let description = [{
    The convolution of kernel.conv2d (float32, NCHW, fused bias, residual
    and activation), computed per image and group as a matrix product: the [OCG, K]
    weights times the [K, OH*OW] input patches, K = ICG * KH * KW in
    (channel, row, column) order.

    `tile` is [MR, NR]: each micro-kernel call computes MR rows by NR
    vector columns (a multiple of the vector width) of outputs. The rows
    are output channels and the columns consecutive output pixels, unless
    `pixel_rows` is set: then the rows are consecutive pixels and the
    columns output channels, and each block is transposed into the output
    as it is stored. That pays when the image has fewer pixels than a
    whole number of vectors covers well (ResNet's 7x7 layers fill 49 of 64
    lanes) and there are enough terms to hide the transpose. Either way a
    tile takes at most OCG channels and OH * OW pixels, and the last tile of
    each dimension is moved back to end at its edge (it recomputes a few
    values rather than running a partial tile). The weight is packed as
    [group * ceil(OCG / CT), K, CT], CT being the channels per tile: panel p
    of a group holds the CT output channels that tile p computes, their
    values for each k side by side.

    `workspace` is [tasks, gathered_tiles * K, PT], PT being the pixels
    per tile: for each task, the input patches of `gathered_tiles` pixel
    tiles ([K, PT] each), zero where they fall in the padding, gathered once
    and read by every weight panel. Only a conv with
    stride 1 and no padding may go without it: its patch rows are then read
    in place, as runs of the input planes, and tiles run over pixel
    positions in the input's flattened rows (kernel::tiledPixels), oh * W +
    ow, so that each kernel tap of a tile reads one contiguous run of each
    input plane; the positions with ow >= OW are computed and dropped when
    the tile is stored. (To read in place, edgecc-tile-kernels pads the
    input of a padded stride-1 conv into a buffer of its own.) Such a conv
    may still gather: a 1x1 conv's patch rows are then plain copies of runs
    of its input planes.

    With `row_tiles` (only with `pixel_rows`) a pixel tile is instead a
    run of PX consecutive outputs of one output row (PX <= OW): each row
    takes ceil(OW / PX) tiles, the last moved back to end at the row's
    end, so that no tile straddles two rows. Read in place, its positions
    are then all inside the row; gathered, its patches are one run per
    input row. That pays where a row is a whole number of tiles (or
    nearly), which a plane's padded width seldom allows: on a 7x7 plane
    read in place, tiles over its 61 positions compute 70 for 49 outputs,
    row tiles of 7 compute 49.

    Pixel tiles are the outer loop and weight panels the inner one, unless
    `weight_panels_outer` is set (only for a conv that reads in place):
    then each weight panel is read once, for all pixel tiles, which is what
    weights larger than the cache need. A conv that gathers does the same
    for `gathered_tiles` pixel tiles at a time (not in row tiles): it
    gathers their patches, then runs each weight panel over all of them.

    The work is split into `tasks` parts that may run concurrently: each
    takes an even share of the pixel tiles (with `row_tiles`, of the output
    rows) of every image and group, or of the weight panels when those
    divide more evenly among the tasks (see kernel::splitsFirst).
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemRead]>:$weight,
                       Arg<Optional<Kernel_Buffer>, "", [MemRead]>:$bias,
                       Arg<Optional<Kernel_Buffer>, "", [MemRead]>:$residual,
                       Arg<Optional<Kernel_Buffer>, "",
                           [MemRead, MemWrite]>:$workspace,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       DenseI64ArrayAttr:$kernel_shape,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, I64Attr:$group,
                       DefaultValuedStrAttr<StrAttr, "none">:$activation,
                       OptionalAttr<F32Attr>:$clip_min,
                       OptionalAttr<F32Attr>:$clip_max,
                       DenseI64ArrayAttr:$tile,
                       UnitAttr:$pixel_rows,
                       UnitAttr:$weight_panels_outer,
                       UnitAttr:$row_tiles,
                       DefaultValuedAttr<I64Attr, "1">:$tasks,
                       DefaultValuedAttr<I64Attr, "1">:$gathered_tiles);
  let extraClassDeclaration = [{
    /// Output channels and pixels each micro-kernel call computes.
    int64_t getChannelsPerTile() {
      return getTile()[getPixelRows() ? 1 : 0];
    }
    int64_t getPixelsPerTile() { return getTile()[getPixelRows() ? 0 : 1]; }
  }];
  let assemblyFormat = [{
    `ins` `(` $input `,` $weight (`,` $bias^)? `)`
    (`residual` `(` $residual^ `:` type($residual) `)`)?
    (`workspace` `(` $workspace^ `:` type($workspace) `)`)?
    `outs` `(` $output `)` attr-dict
    `:` type($input) `,` type($weight) (`,` type($bias)^)? `->` type($output)
  }];
}

def Kernel_PackConvInputOp : Kernel_ComputeOp<"pack_conv_input"> {
  let summary = "An 8-bit NCHW image laid out for kernel.packed_int8_conv2d: "
                "four channels side by side, padded, split into stride phases";
  let description = [{
    The output is [N, CB, SH, SW, QH, QW, 4] unsigned bytes, CB = ceil(C /
    4), for the input padded by `pads` (top, left, bottom, right) to PH x PW
    and strides SH x SW, QH = ceil(PH / SH), QW = ceil(PW / SW)
    (kernel::packedConvInputShape). Element (n, cb, a, b, y, x, j) is input
    channel 4 * cb + j at padded row y * SH + a and column x * SW + b: the
    four bytes of a pixel that a 4-way byte dot product multiplies are four
    channels of it, and a strided conv's tap reads consecutive pixels of one
    phase (a, b). Values of an int8 input are stored in excess-128 (x ^
    0x80), so that the dot product can take every input as unsigned; the
    padding, the channels past C and the positions past the padded image
    hold `pad_value`, the conv's input zero point in the same encoding.

    With `channels_last` the input is laid out [N, H, W, C] instead: a
    matrix product's [rows, K] left operand is then the one image [1, 1,
    rows, K] of rows pixels, whose four channels at a pixel are already
    side by side.
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       I64Attr:$pad_value, UnitAttr:$channels_last);
  let extraClassDeclaration = [{
    /// The input's shape as NCHW, whatever its layout.
    llvm::SmallVector<int64_t> getInputShapeNCHW();
  }];
  let assemblyFormat = [{
    `ins` `(` $input `)` `outs` `(` $output `)` attr-dict `:` type($input) `->` type($output)
  }];
}

def Kernel_PackedInt8Conv2DOp
    : Kernel_ComputeOp<"packed_int8_conv2d"> {
  let summary = "8-bit 2-D convolution in register tiles of 4-way byte dot "
                "products, requantized in its epilogue";
  let description = [{
    The integer convolution of kernel.conv2d (int8 weights with zero
    points 0, group 1) followed by the kernel.requantize of its int32 sums
    (`multipliers`, `shifts`, `zero_point`, `clamp_min`, `clamp_max`, per
    output channel or per tensor), in one pass: no int32 tensor is
    written.

    `input` is the conv's input as kernel.pack_conv_input lays it out, [N,
    CB, SH, SW, QH, QW, 4]; it already holds the padding. Output pixel
    (oh, ow) at tap (r, s) reads phase (r * DH % SH, s * DW % SW) at row
    oh + r * DH / SH and column ow + s * DW / SW. Tiles run over pixel
    positions oh * QW + ow, up to (OH - 1) * QW + OW; the positions with ow
    >= OW are computed and dropped as the tile is stored.

    `tile` is [MR, NR]: each micro-kernel call sums MR output channels by
    NR consecutive pixel positions (a multiple of the vector width), with
    MR <= OC; the last tile of each dimension is moved back to end at its
    edge. The weight is packed as int8 [ceil(OC / MR), CB, KH * KW, MR, 4]:
    for each panel of MR output channels, channel block and tap, each
    channel's 4 weights side by side (0 past the input's channels). Or, for
    vector units that multiply 16-bit pairs rather than bytes, widened to
    int16 [ceil(OC / MR), CB, KH * KW, 2, MR, 2]: each channel's weights 0
    and 2 side by side, then each one's 1 and 3. `bias` is [OC]
    int32: the conv's bias less the input zero point times each channel's
    weight sum, which the unsigned bytes' products leave out (wrapping, as
    the sums do).

    With `channel_lanes` the vector lanes run over output channels instead:
    MR is then a multiple of the vector width and NR any count of output
    pixels oh * OW + ow, each read from its position in the packed plane
    and broadcast, so that no position with ow >= OW is computed. Small
    planes fill whole vectors that way (a 7x7 output is 49 pixels: 64 in
    vectors of 16 positions, 49 in tiles of 7 pixels). The packed weight is
    the same.

    With `channels_last` the output is laid out [N, OH, OW, OC] (a matrix
    product's [rows, N] result, as one image of rows pixels).

    Pixel tiles are the outer loop and weight panels the inner one, unless
    `weight_panels_outer` is set, as for kernel.packed_conv2d. The work is
    split into `tasks` parts that may run concurrently, as for that op.
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemRead]>:$weight,
                       Arg<Kernel_Buffer, "", [MemRead]>:$bias,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       DenseI64ArrayAttr:$kernel_shape,
                       DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$dilations,
                       DenseI32ArrayAttr:$multipliers,
                       DenseI32ArrayAttr:$shifts, I64Attr:$zero_point,
                       OptionalAttr<I64Attr>:$clamp_min,
                       OptionalAttr<I64Attr>:$clamp_max,
                       DenseI64ArrayAttr:$tile,
                       UnitAttr:$weight_panels_outer,
                       UnitAttr:$channel_lanes,
                       UnitAttr:$channels_last,
                       DefaultValuedAttr<I64Attr, "1">:$tasks);
  let extraClassDeclaration = [{
    /// The output's shape as NCHW, whatever its layout.
    llvm::SmallVector<int64_t> getOutputShapeNCHW();
    /// The pixel positions the tiles run over: OH * OW with
    /// `channel_lanes`, else the positions along the packed rows.
    int64_t getTiledPositions();
  }];
  let assemblyFormat = [{
    `ins` `(` $input `,` $weight `,` $bias `)` `outs` `(` $output `)` attr-dict
    `:` type($input) `,` type($weight) `,` type($bias) `->` type($output)
  }];
}

def Kernel_DepthwiseConv2DOp : Kernel_ComputeOp<"depthwise_conv2d"> {
  let summary = "Float depthwise 2-D convolution over a zero-padded copy of "
                "each channel, a vector of output columns at a time";
  let description = [{
    The convolution of kernel.conv2d with one input and one output channel
    per group (float32, NCHW, fused bias and relu or clip). Each input
    channel is first copied into `workspace` as kernel.depthwise_int8_conv2d
    copies it (no zero point): padded with zeros and split into its SH x SW
    stride phases of PHQ x PWQ values, so that every tap of a vector of
    outputs of any stride is one vector load. Output rows are then computed
    `vector_width` columns at a time (the last vector moved back to end at
    the row's end, or computed whole and stored in part when the row is
    narrower), several vectors at once, each tap's weight broadcast once for
    all of them; the plane covers the columns those vectors read
    (kernel::depthwiseFloatPlaneShape). Where rows are narrower than a
    vector and kernel::depthwiseRunsOverPositions holds, the vectors instead
    run over the positions oh * PWQ + ow of the phases' rows (the last moved
    back), and the plane needs only the columns the outputs read.

    The channels are split into `tasks` even shares that may run
    concurrently; `workspace` is [tasks, SH * SW * PHQ, PWQ], one plane per
    task.
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemRead]>:$weight,
                       Arg<Optional<Kernel_Buffer>, "", [MemRead]>:$bias,
                       Arg<Kernel_Buffer, "", [MemRead, MemWrite]>:$workspace,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations,
                       DefaultValuedStrAttr<StrAttr, "none">:$activation,
                       OptionalAttr<F32Attr>:$clip_min,
                       OptionalAttr<F32Attr>:$clip_max,
                       I64Attr:$vector_width,
                       DefaultValuedAttr<I64Attr, "1">:$tasks);
  let assemblyFormat = [{
    `ins` `(` $input `,` $weight (`,` $bias^)? `)`
    `workspace` `(` $workspace `:` type($workspace) `)`
    `outs` `(` $output `)` attr-dict
    `:` type($input) `,` type($weight) (`,` type($bias)^)? `->` type($output)
  }];
}

def Kernel_DepthwiseInt8Conv2DOp
    : Kernel_ComputeOp<"depthwise_int8_conv2d"> {
  let summary = "8-bit depthwise 2-D convolution, a row of outputs at a "
                "time, requantized in its epilogue";
  let description = [{
    The integer convolution of kernel.conv2d with one input and one output
    channel per group (int8 or uint8 input, int8 weights with zero points
    0, int32 bias) followed by the kernel.requantize of its sums
    (`multipliers`, `shifts`, `zero_point`, `clamp_min`, `clamp_max`, per
    channel or per tensor), in one pass: no int32 tensor is written.

    Each channel is first copied into `workspace` as (x - input_zero_point)
    in int16, padded by PT rows and PL columns of zeros, and split into its
    SH x SW stride phases of PHQ x PWQ values
    (kernel::depthwisePlaneShape: [tasks, SH * SW * PHQ, PWQ], PHQ =
    ceil(PH / SH) for the PH = (OH - 1) * SH + (KH - 1) * DH + 1 rows the
    outputs read, PWQ likewise). Every tap of every output then reads
    inside it, a product of a 16-bit value and a weight needs no zero-point
    term, and a tap reads consecutive values for consecutive outputs of any
    stride. Outputs are computed over positions oh * PWQ + ow, several rows
    at a time (those with ow >= OW are dropped), each summing its taps from
    the bias in plain loops the C compiler unrolls and vectorizes, then
    requantized. Sums wrap in 32 bits, as kernel.conv2d's.

    The channels are split into `tasks` even shares that may run
    concurrently, each with its own plane.
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemRead]>:$weight,
                       Arg<Kernel_Buffer, "", [MemRead]>:$bias,
                       Arg<Kernel_Buffer, "", [MemRead, MemWrite]>:$workspace,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations,
                       I64Attr:$input_zero_point,
                       DenseI32ArrayAttr:$multipliers,
                       DenseI32ArrayAttr:$shifts, I64Attr:$zero_point,
                       OptionalAttr<I64Attr>:$clamp_min,
                       OptionalAttr<I64Attr>:$clamp_max,
                       DefaultValuedAttr<I64Attr, "1">:$tasks);
  let assemblyFormat = [{
    `ins` `(` $input `,` $weight `,` $bias `)`
    `workspace` `(` $workspace `:` type($workspace) `)`
    `outs` `(` $output `)` attr-dict
    `:` type($input) `,` type($weight) `,` type($bias) `->` type($output)
  }];
}

def Kernel_PackedMatmulOp : Kernel_ComputeOp<"packed_matmul"> {
  let summary = "Float matrix product with a constant, pre-packed right "
                "operand, in register tiles";
  let description = [{
    Y = A * B + bias, then relu or clip: A is [batch..., M, K] row-major,
    seen as [batch * M, K]; B is a constant [K, N]; bias, when present, is
    [N]; Y is [batch..., M, N].

    `tile` is [MR, NR]: each micro-kernel call computes MR rows by NR
    columns (a multiple of the vector width), with MR <= batch * M and
    NR <= N; the last tile of each dimension ends at its edge. B is packed
    as [ceil(N / NR), K, NR]: panel p holds the NR columns tile p computes,
    their NR values for each k side by side.

    The work is split into `tasks` parts that may run concurrently: each
    takes an even share of the row tiles, or of the column panels when
    those divide more evenly among the tasks (see kernel::splitsFirst).
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$a,
                       Arg<Kernel_Buffer, "", [MemRead]>:$b,
                       Arg<Optional<Kernel_Buffer>, "", [MemRead]>:$bias,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       DefaultValuedStrAttr<StrAttr, "none">:$activation,
                       OptionalAttr<F32Attr>:$clip_min,
                       OptionalAttr<F32Attr>:$clip_max,
                       DenseI64ArrayAttr:$tile,
                       DefaultValuedAttr<I64Attr, "1">:$tasks);
  let assemblyFormat = [{
    `ins` `(` $a `,` $b (`,` $bias^)? `)` `outs` `(` $output `)` attr-dict
    `:` type($a) `,` type($b) (`,` type($bias)^)? `->` type($output)
  }];
}

def Kernel_ConvTransposeOp : Kernel_ComputeOp<"conv_transpose"> {
  let summary = "Transposed convolution in 1 to 3 spatial dims, [C, M/group, "
                "kernel...] weight";
  let description = [{
    As graph.conv_transpose: input position `i` adds `x * w[k]` to output
    position `i * strides - pads_begin + k * dilations`; `pads` is
    [begin..., end...] (only the begin pads matter here, the output's size
    is its type's).
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemRead]>:$weight,
                       Arg<Optional<Kernel_Buffer>, "", [MemRead]>:$bias,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, I64Attr:$group);
  let assemblyFormat = [{
    `ins` `(` $input `,` $weight (`,` $bias^)? `)` `outs` `(` $output `)` attr-dict
    `:` type($input) `,` type($weight) (`,` type($bias)^)? `->` type($output)
  }];
}

def Kernel_GemmOp : Kernel_ComputeOp<"gemm"> {
  let summary = "Batched matrix product Y[b] = alpha*op(A[b])*op(B[b]) + beta*C, "
                "fused activation";
  let description = [{
    A is [batch..., M, K] (or [batch..., K, M] with trans_a), B likewise with
    N. Leading batch dims broadcast as in numpy. C, when present, broadcasts
    to [M, N]. All buffers are float32, or all int32 (integer matmul, with
    alpha and beta 1 and no fused activation).
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$a,
                       Arg<Kernel_Buffer, "", [MemRead]>:$b,
                       Arg<Optional<Kernel_Buffer>, "", [MemRead]>:$c,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       DefaultValuedAttr<F32Attr, "1.0f">:$alpha,
                       DefaultValuedAttr<F32Attr, "1.0f">:$beta,
                       DefaultValuedAttr<BoolAttr, "false">:$trans_a,
                       DefaultValuedAttr<BoolAttr, "false">:$trans_b,
                       DefaultValuedStrAttr<StrAttr, "none">:$activation,
                       OptionalAttr<F32Attr>:$clip_min,
                       OptionalAttr<F32Attr>:$clip_max);
  let assemblyFormat = [{
    `ins` `(` $a `,` $b (`,` $c^)? `)` `outs` `(` $output `)` attr-dict
    `:` type($a) `,` type($b) (`,` type($c)^)? `->` type($output)
  }];
}

def Kernel_PoolOp : Kernel_ComputeOp<"pool"> {
  let summary = "Max, average or Lp pooling over the spatial dims of "
                "[N, C, spatial...]";
  let description = [{
    Along spatial dim `d`, output `o` reads the input at
    `o * strides[d] - pads[d] + k * dilations[d]` for `k < kernel_shape[d]`;
    `pads` is [begin..., end...]. Positions outside the input are skipped.
    `avg` divides by the number of positions read, or with
    `count_include_pad` by the number inside the padded input (as
    onnxruntime and PyTorch do; a ceil_mode window that runs past the
    padding does not count the part beyond it); `lp` is (sum |x|^p)^(1/p).
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       StrAttr:$kind,
                       DenseI64ArrayAttr:$kernel_shape, DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$dilations, DenseI64ArrayAttr:$pads,
                       DefaultValuedAttr<BoolAttr, "false">:$count_include_pad,
                       DefaultValuedAttr<I64Attr, "2">:$p);
  let assemblyFormat = [{
    `ins` `(` $input `)` `outs` `(` $output `)` attr-dict `:` type($input) `->` type($output)
  }];
}

def Kernel_ResampleOp : Kernel_ComputeOp<"resample"> {
  let summary = "Separable resampling (Resize): weighted sums of a few input "
                "elements per axis";
  let description = [{
    Along axis `a`, output coordinate `o` reads `taps[a]` input coordinates,
    `indices[a][o * taps[a] + t]`, with the weights `weights[a][...]` at the
    same place; `indices` and `weights` hold those per-axis tables one after
    the other, in axis order. An output element is the sum, over every
    choice of one tap per axis, of the product of the taps' weights times
    the input element they select. An index of -1 marks a coordinate outside
    the input: the output elements there are `extrapolation_value`. With
    one tap of weight 1 per axis (a gather: nearest resizing, edge, reflect
    or wrap padding) the buffers may have any element type, else float32.
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       DenseI64ArrayAttr:$taps, DenseI64ArrayAttr:$indices,
                       DenseF32ArrayAttr:$weights,
                       DefaultValuedAttr<F32Attr, "0.0f">:$extrapolation_value);
  let extraClassDeclaration = [{
    /// One tap of weight 1 on every axis.
    bool isGather() {
      return llvm::all_of(getTaps(), [](int64_t t) { return t == 1; }) &&
             llvm::all_of(getWeights(), [](float w) { return w == 1.0f; });
    }
  }];
  let assemblyFormat = [{
    `ins` `(` $input `)` `outs` `(` $output `)` attr-dict `:` type($input) `->` type($output)
  }];
}

def Kernel_GridSampleOp : Kernel_ComputeOp<"grid_sample"> {
  let summary = "ONNX GridSample: the input sampled at run-time coordinates";
  let description = [{
    Float32 input [N, C, spatial...] and grid [N, out_spatial..., R], output
    [N, C, out_spatial...]; the attributes are graph.grid_sample's.
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemRead]>:$grid,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       StrAttr:$mode, StrAttr:$padding_mode,
                       BoolAttr:$align_corners);
  let assemblyFormat = [{
    `ins` `(` $input `,` $grid `)` `outs` `(` $output `)` attr-dict
    `:` type($input) `,` type($grid) `->` type($output)
  }];
}

def Kernel_ReduceOp : Kernel_ComputeOp<"reduce"> {
  let summary = "Reduction over a set of axes (output keeps them as size 1)";
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       StrAttr:$kind, DenseI64ArrayAttr:$axes);
  let assemblyFormat = [{
    `ins` `(` $input `)` `outs` `(` $output `)` attr-dict `:` type($input) `->` type($output)
  }];
}

def Kernel_BinaryOp : Kernel_ComputeOp<"binary"> {
  let summary = "Elementwise binary math with numpy broadcasting";
  let description = [{
    Arithmetic (the output has the operands' element type): add, sub, mul,
    div (integers truncate), pow, max, min, mod (floats: C fmod, the sign of
    the dividend; integers: the sign of the divisor, as ONNX Mod with
    fmod=0), prelu (lhs where it is >= 0, else lhs * rhs). Bitwise on
    integers and logical on bool: and, or, xor; shifts on unsigned
    integers: shl, shr. Comparisons (the output is i1): equal, less,
    less_equal, greater, greater_equal.
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$lhs,
                       Arg<Kernel_Buffer, "", [MemRead]>:$rhs,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       StrAttr:$kind);
  let assemblyFormat = [{
    `ins` `(` $lhs `,` $rhs `)` `outs` `(` $output `)` attr-dict
    `:` type($lhs) `,` type($rhs) `->` type($output)
  }];
}

def Kernel_UnaryOp : Kernel_ComputeOp<"unary"> {
  let summary = "Elementwise activation or math function";
  let description = [{
    `kind` names the function; input and output have one element type.
    Float only, except: neg, abs, sign and relu on signed integers too,
    and `not` (logical on bool, bitwise on integers). `alpha` and `beta`
    are the function's parameters where it has them: clip (min, max), elu, celu, leaky_relu and
    thresholded_relu (alpha), selu (alpha, gamma), hard_sigmoid (alpha,
    beta), shrink (bias, lambd). `kernel::unaryParameterCount` lists the
    kinds.
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       StrAttr:$kind, OptionalAttr<F32Attr>:$alpha,
                       OptionalAttr<F32Attr>:$beta);
  let assemblyFormat = [{
    `ins` `(` $input `)` `outs` `(` $output `)` attr-dict `:` type($input) `->` type($output)
  }];
}

def Kernel_SoftmaxOp : Kernel_ComputeOp<"softmax"> {
  let summary = "Softmax (or with `log`, log-softmax) along one axis";
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output, I64Attr:$axis,
                       DefaultValuedAttr<BoolAttr, "false">:$log);
  let assemblyFormat = [{
    `ins` `(` $input `)` `outs` `(` $output `)` attr-dict `:` type($input) `->` type($output)
  }];
}

def Kernel_CastOp : Kernel_ComputeOp<"cast"> {
  let summary = "Elementwise conversion to the output's element type";
  let description = [{
    As C converts: floats to integers truncate toward zero, any nonzero
    value to bool is true. Float to an integer type that cannot hold the
    value is undefined, as in ONNX. bfloat16 and float8 convert through
    float (round to nearest even; `saturate` as graph.cast), 4-bit results
    round to nearest even and clamp.
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       DefaultValuedAttr<BoolAttr, "true">:$saturate);
  let assemblyFormat = [{
    `ins` `(` $input `)` `outs` `(` $output `)` attr-dict `:` type($input) `->` type($output)
  }];
}

class Kernel_LinearQuantizationOp<string mnemonic, string what,
                                  dag extraAttrs = (ins)>
    : Kernel_ComputeOp<mnemonic> {
  let summary = what;
  let description = [{
    The semantics and scale layouts of the graph op of the same name: the
    scale (float32) and zero point are a scalar, one per index along
    `axis`, or one per block of `block_size` indices along it.
  }];
  let arguments = !con((ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemRead]>:$scale,
                       Arg<Optional<Kernel_Buffer>, "", [MemRead]>:$zero_point,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       I64Attr:$axis, I64Attr:$block_size), extraAttrs);
  let assemblyFormat = [{
    `ins` `(` $input `,` $scale (`,` $zero_point^)? `)` `outs` `(` $output `)`
    attr-dict `:` type($input) `,` type($scale) (`,` type($zero_point)^)?
    `->` type($output)
  }];
}
def Kernel_QuantizeLinearOp : Kernel_LinearQuantizationOp<"quantize_linear",
    "Float32 to a quantized integer or float8 type",
    (ins DefaultValuedAttr<BoolAttr, "true">:$saturate)>;
def Kernel_DequantizeLinearOp : Kernel_LinearQuantizationOp<
    "dequantize_linear", "A quantized integer or float8 type to float32">;

def Kernel_RequantizeOp : Kernel_ComputeOp<"requantize"> {
  let summary = "int32 accumulators to a quantized type through fixed-point "
                "multipliers";
  let description = [{
    As graph.requantize; the arithmetic is the runtime's edgecc_requantize.
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       DenseI32ArrayAttr:$multipliers,
                       DenseI32ArrayAttr:$shifts, I64Attr:$axis,
                       I64Attr:$zero_point, OptionalAttr<I64Attr>:$clamp_min,
                       OptionalAttr<I64Attr>:$clamp_max);
  let assemblyFormat = [{
    `ins` `(` $input `)` `outs` `(` $output `)` attr-dict `:` type($input) `->` type($output)
  }];
}

def Kernel_LookupOp : Kernel_ComputeOp<"lookup"> {
  let summary = "output[i] = table[input[i] read as an unsigned byte]";
  let description = [{
    As graph.lookup. The output may be the input's buffer: each element is
    read before it is written.
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$table,
                       Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output);
  let assemblyFormat = [{
    `ins` `(` $table `,` $input `)` `outs` `(` $output `)` attr-dict
    `:` type($table) `,` type($input) `->` type($output)
  }];
}

def Kernel_QuantizedBinaryOp : Kernel_ComputeOp<"quantized_binary"> {
  let summary = "Quantized elementwise binary op, numpy broadcasting";
  let description = [{
    As graph.quantized_binary: the operands dequantized, combined and the
    result quantized in float32, as the runtime's edgecc_quantizef rounds.
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$lhs,
                       Arg<Kernel_Buffer, "", [MemRead]>:$rhs,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       StrAttr:$kind, F32Attr:$lhs_scale,
                       I64Attr:$lhs_zero_point, F32Attr:$rhs_scale,
                       I64Attr:$rhs_zero_point, F32Attr:$scale,
                       I64Attr:$zero_point);
  let assemblyFormat = [{
    `ins` `(` $lhs `,` $rhs `)` `outs` `(` $output `)` attr-dict
    `:` type($lhs) `,` type($rhs) `->` type($output)
  }];
}

def Kernel_SelectOp : Kernel_ComputeOp<"select"> {
  let summary = "Elementwise condition ? on_true : on_false, numpy broadcasting";
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$condition,
                       Arg<Kernel_Buffer, "", [MemRead]>:$on_true,
                       Arg<Kernel_Buffer, "", [MemRead]>:$on_false,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output);
  let assemblyFormat = [{
    `ins` `(` $condition `,` $on_true `,` $on_false `)` `outs` `(` $output `)`
    attr-dict `:` type($condition) `,` type($on_true) `,` type($on_false)
    `->` type($output)
  }];
}

def Kernel_ArgReduceOp : Kernel_ComputeOp<"arg_reduce"> {
  let summary = "Index (int64) of the largest or smallest element along an axis";
  let description = [{
    `kind` is max or min. The output keeps `axis` as size 1. Ties go to the
    first index, or the last with `select_last_index`; NaN counts as larger
    than any number for max and smaller for min, as the first NaN wins.
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       StrAttr:$kind, I64Attr:$axis,
                       DefaultValuedAttr<BoolAttr, "false">:$select_last_index);
  let assemblyFormat = [{
    `ins` `(` $input `)` `outs` `(` $output `)` attr-dict `:` type($input) `->` type($output)
  }];
}

def Kernel_TopKIndicesOp : Kernel_ComputeOp<"top_k_indices"> {
  let summary = "Indices (int64) of the k largest or smallest elements along an axis";
  let description = [{
    k is the output's size along `axis`. Best first; equal elements keep
    their index order; NaN compares false, so it is never preferred.
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       I64Attr:$axis, BoolAttr:$largest);
  let assemblyFormat = [{
    `ins` `(` $input `)` `outs` `(` $output `)` attr-dict `:` type($input) `->` type($output)
  }];
}

def Kernel_NonMaxSuppressionOp : Kernel_ComputeOp<"non_max_suppression"> {
  let summary = "Greedy per-class box selection (ONNX NonMaxSuppression)";
  let description = [{
    graph.non_max_suppression's selection, written as (batch, class, box)
    int64 rows with -1 rows after the selected ones. `scratch` holds one
    int32 per box: the candidates of one class, as a heap ordered by score.
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$boxes,
                       Arg<Kernel_Buffer, "", [MemRead]>:$scores,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$scratch,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       BoolAttr:$center_point_box, I64Attr:$max_boxes_per_class,
                       F32Attr:$iou_threshold,
                       OptionalAttr<F32Attr>:$score_threshold);
  let assemblyFormat = [{
    `ins` `(` $boxes `,` $scores `)` `scratch` `(` $scratch `)` `outs` `(` $output `)`
    attr-dict `:` type($boxes) `,` type($scores) `,` type($scratch) `->` type($output)
  }];
}

def Kernel_CumSumOp : Kernel_ComputeOp<"cumsum"> {
  let summary = "Running sum along one axis";
  let description = [{
    Element k along `axis` is the sum of elements 0..k (with `exclusive`,
    0..k-1); with `reverse` the sums run from the end.
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output, I64Attr:$axis,
                       DefaultValuedAttr<BoolAttr, "false">:$exclusive,
                       DefaultValuedAttr<BoolAttr, "false">:$reverse);
  let assemblyFormat = [{
    `ins` `(` $input `)` `outs` `(` $output `)` attr-dict `:` type($input) `->` type($output)
  }];
}

class Kernel_IndexedReadOp<string mnemonic, string what>
    : Kernel_ComputeOp<mnemonic> {
  let summary = what;
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$data,
                       Arg<Kernel_Buffer, "", [MemRead]>:$indices,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output, I64Attr:$axis);
  let assemblyFormat = [{
    `ins` `(` $data `,` $indices `)` `outs` `(` $output `)` attr-dict
    `:` type($data) `,` type($indices) `->` type($output)
  }];
}

// Indices (i32 or i64) count from the end when negative. An index outside
// [-n, n) is clamped into range, so that bad data never reads outside the
// buffer (ONNX leaves the result undefined).
def Kernel_GatherOp : Kernel_IndexedReadOp<"gather",
    "ONNX Gather: output[o..., j..., i...] = data[o..., indices[j...], i...] "
    "with o the dims before `axis`">;
def Kernel_GatherElementsOp : Kernel_IndexedReadOp<"gather_elements",
    "ONNX GatherElements: output[p] = data[p with p[axis] = indices[p]]">;

def Kernel_GatherNDOp : Kernel_ComputeOp<"gather_nd"> {
  let summary = "ONNX GatherND: slices of data at index tuples";
  let description = [{
    Each tuple in the last dim of `indices` names a slice of the data's dims
    after the `batch_dims` leading ones. Indices count from the end when
    negative and are clamped into range, like kernel.gather's.
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$data,
                       Arg<Kernel_Buffer, "", [MemRead]>:$indices,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       I64Attr:$batch_dims);
  let assemblyFormat = [{
    `ins` `(` $data `,` $indices `)` `outs` `(` $output `)` attr-dict
    `:` type($data) `,` type($indices) `->` type($output)
  }];
}

// The output is `data` with `updates` written (or combined, by `reduction`:
// none, add, mul, max, min) at the positions `indices` names, in order.
// Indices count from the end when negative; an update whose index is still
// out of range is dropped (ONNX leaves the result undefined), so bad data
// never writes outside the buffer.
class Kernel_ScatterOp<string mnemonic, dag extraArguments>
    : Kernel_ComputeOp<mnemonic> {
  let arguments = !con((ins Arg<Kernel_Buffer, "", [MemRead]>:$data,
                            Arg<Kernel_Buffer, "", [MemRead]>:$indices,
                            Arg<Kernel_Buffer, "", [MemRead]>:$updates,
                            Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                            StrAttr:$reduction), extraArguments);
  let assemblyFormat = [{
    `ins` `(` $data `,` $indices `,` $updates `)` `outs` `(` $output `)`
    attr-dict `:` type($data) `,` type($indices) `,` type($updates) `->`
    type($output)
  }];
}

def Kernel_ScatterElementsOp
    : Kernel_ScatterOp<"scatter_elements", (ins I64Attr:$axis)> {
  let summary = "ONNX ScatterElements: "
                "output[p with p[axis] = indices[p]] = updates[p]";
}

def Kernel_ScatterNDOp : Kernel_ScatterOp<"scatter_nd", (ins)> {
  let summary = "ONNX ScatterND: slices of updates written at index tuples";
}

def Kernel_CopyOp : Kernel_ComputeOp<"copy"> {
  let summary = "Strided N-d copy: transpose, slice, a part of a concat";
  let description = [{
    Iterates over the index space `sizes`. Element `i` is read from
    `input[src_offset + sum(i[k] * src_strides[k])]` and written to
    `output[dst_offset + sum(i[k] * dst_strides[k])]` (offsets and strides in
    elements of the flat buffers).
  }];
  let arguments = (ins Arg<Kernel_Buffer, "", [MemRead]>:$input,
                       Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       DenseI64ArrayAttr:$sizes,
                       I64Attr:$src_offset, DenseI64ArrayAttr:$src_strides,
                       I64Attr:$dst_offset, DenseI64ArrayAttr:$dst_strides);
  let assemblyFormat = [{
    `ins` `(` $input `)` `outs` `(` $output `)` attr-dict `:` type($input) `->` type($output)
  }];
}

def Kernel_FillOp : Kernel_ComputeOp<"fill"> {
  let summary = "Sets every element of a buffer to one value";
  let arguments = (ins Arg<Kernel_Buffer, "", [MemWrite]>:$output,
                       TypedAttrInterface:$value);
  let description = [{
    `value` is an attribute of the buffer's element type.
  }];
  let assemblyFormat = "`outs` `(` $output `)` attr-dict `:` type($output)";
}

#endif // EDGECC_KERNEL_OPS
