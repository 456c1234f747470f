//===- CEmitter.cpp - kernel dialect to C ---------------------------------===//

#include "edgecc/Emit/CEmitter.h"

#include "CSyntax.h"

#include "edgecc_rt.h"

#include "edgecc/Support/DataTypes.h"
#include "edgecc/Support/Elements.h"
#include "edgecc/Support/OnnxOrigin.h"
#include "edgecc/Transforms/Passes.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/xxhash.h"

#include <limits>

using namespace mlir;
using namespace edgecc;

using namespace edgecc::csyntax;
using kernel::elementOf;
using kernel::shapeOf;

int64_t csyntax::elementsOf(Value buffer) {
  return cast<MemRefType>(buffer.getType()).getNumElements();
}

/// The C type of a buffer's elements.
StringRef csyntax::cTypeOf(Value buffer) {
  return dataTypeOf(elementOf(buffer))->cType;
}

/// `text` escaped for use inside a C string literal.
std::string csyntax::cEscape(StringRef text) {
  std::string escaped;
  for (unsigned char c : text) {
    if (c == '\\' || c == '"')
      escaped += {'\\', static_cast<char>(c)};
    else if (c < 0x20 || c >= 0x7f)
      escaped += {'\\', static_cast<char>('0' + (c >> 6)),
                  static_cast<char>('0' + ((c >> 3) & 7)),
                  static_cast<char>('0' + (c & 7))};
    else
      escaped += static_cast<char>(c);
  }
  return escaped;
}

/// `values` as a C initializer list body: "1, 2, 3".
std::string csyntax::intList(ArrayRef<int64_t> values) {
  std::string list;
  llvm::raw_string_ostream stream(list);
  llvm::interleaveComma(values, stream);
  return list;
}

/// A float literal that round-trips exactly.
std::string csyntax::floatLiteral(float value) {
  if (std::isinf(value))
    return value > 0 ? "(3.40282347e+38f * 10.0f)"
                     : "(-3.40282347e+38f * 10.0f)";
  return llvm::formatv("{0:e9}f", value).str();
}

/// A C constant of the attribute's element type with its exact value.
std::string csyntax::elementLiteral(TypedAttr value) {
  StringRef type = dataTypeOf(value.getType())->cType;
  if (auto floatValue = dyn_cast<FloatAttr>(value)) {
    double x = floatValue.getValueAsDouble();
    if (value.getType().isF64() && std::isfinite(x))
      return llvm::formatv("{0:e17}", x).str();
    return "((" + type.str() + ")" + floatLiteral(static_cast<float>(x)) + ")";
  }
  const APInt &bits = cast<IntegerAttr>(value).getValue();
  // Through the unsigned 64-bit pattern, which also spells INT64_MIN.
  return llvm::formatv("(({0})UINT64_C({1}))", type,
                       value.getType().isUnsignedInteger() ||
                               value.getType().isInteger(1)
                           ? bits.getZExtValue()
                           : bits.getSExtValue())
      .str();
}

/// The zero of `element` as a C literal: an accumulator's start.
std::string csyntax::zeroLiteral(Type element) {
  return elementLiteral(
      cast<TypedAttr>(Builder(element.getContext()).getZeroAttr(element)));
}

//===----------------------------------------------------------------------===//
// Shared emission helpers
//===----------------------------------------------------------------------===//

/// The C expression "terms[0] * strides[0] + ...", without the terms whose
/// stride is 0 and without "* 1"; "0" when no term is left.
std::string csyntax::linearIndex(ArrayRef<std::string> terms,
                                 ArrayRef<int64_t> strides) {
  std::string index;
  for (auto [term, stride] : llvm::zip_equal(terms, strides)) {
    if (stride == 0)
      continue;
    index += (index.empty() ? "" : " + ") + term;
    if (stride != 1)
      index += " * " + std::to_string(stride);
  }
  return index.empty() ? "0" : index;
}

bool csyntax::writes(Operation *op, Value buffer) {
  auto effects = dyn_cast<MemoryEffectOpInterface>(op);
  return effects &&
         effects.getEffectOnValue<MemoryEffects::Write>(buffer).has_value();
}

std::string csyntax::sourceName(Operation *op, Value source) {
  auto sources = kernel::getSources(op);
  return "in" + std::to_string(llvm::find(sources, source) - sources.begin());
}

/// The C names of a kernel's operand pointers: in0, in1, ... and out, in
/// operand order.
static SmallVector<std::string> operandNames(Operation *op) {
  SmallVector<std::string> names;
  for (size_t i = 0, e = kernel::getSources(op).size(); i < e; ++i)
    names.push_back("in" + std::to_string(i));
  names.push_back("out");
  return names;
}

/// The C declarations of a kernel's operand pointers (operandNames), each
/// `restrict` when `qualified` and memory planning cannot make it
/// the same buffer as another operand (kernel::overwritableInputs: the
/// output and an input it may write over are not).
static SmallVector<std::string> operandDeclarations(Operation *op,
                                                    bool qualified) {
  Value destination = kernel::getDestination(op);
  SmallVector<Value> operands(kernel::getSources(op));
  operands.push_back(destination);
  SmallVector<Value> shared = kernel::overwritableInputs(op);
  if (!shared.empty())
    shared.push_back(destination);
  SmallVector<std::string> declarations;
  for (auto [operand, name] : llvm::zip_equal(operands, operandNames(op))) {
    bool readOnly = operand != destination && !writes(op, operand);
    bool unique = qualified && !llvm::is_contained(shared, operand);
    declarations.push_back(
        llvm::formatv("{0}{1} *{2}{3}", readOnly ? "const " : "",
                      cTypeOf(operand), unique ? "restrict " : "", name));
  }
  return declarations;
}

void CEmitter::emitSignature(Operation *op, StringRef fn) {
  *os << "static void " << fn << "("
      << llvm::join(operandDeclarations(op, /*qualified=*/true), ", ")
      << ") {\n";
}

void CEmitter::emitTaskSignature(Operation *op, StringRef fn) {
  // Tasks write disjoint parts of the output and their own workspaces, so
  // within one task the pointers alias only as the op's may. The body
  // takes them as restrict parameters: C compilers act on restrict
  // parameters (also once the body is inlined), not on restrict locals,
  // and without it they cannot tell apart buffers of one arena, and leave
  // loops that read one and write another scalar.
  std::string parameters =
      llvm::join(operandDeclarations(op, /*qualified=*/true), ", ") +
      ", int32_t task";
  SmallVector<std::string> fields = llvm::map_to_vector(
      operandNames(op), [](const std::string &name) { return "a->" + name; });
  *os << "typedef struct { "
      << llvm::join(operandDeclarations(op, /*qualified=*/false), "; ")
      << "; } " << fn << "_args;\n\n"
      << "static void " << fn << "_body(" << parameters << ");\n\n"
      << "static void " << fn << "_task(void *args, int32_t task) {\n"
      << "  const " << fn << "_args *a = (const " << fn << "_args *)args;\n"
      << "  " << fn << "_body(" << llvm::join(fields, ", ") << ", task);\n"
      << "}\n\n"
      << "static void " << fn << "_body(" << parameters << ") {\n";
}

void CEmitter::emitTaskLauncher(Operation *op, StringRef fn, int64_t tasks) {
  *os << "static void " << fn << "("
      << llvm::join(operandDeclarations(op, /*qualified=*/false), ", ")
      << ", const edgecc_parallel *parallel) {\n"
      << "  " << fn << "_args args = {" << llvm::join(operandNames(op), ", ")
      << "};\n"
      << "  edgecc_parallel_for(parallel, " << fn << "_task, &args, " << tasks
      << ");\n}\n\n";
  parallelKernels.insert(op);
}

// `#pragma clang loop` hints for the loop that follows them, for clang
// only: other C compilers warn of a pragma they do not know.
#define CLANG_LOOP_HINTS(hints)                                                \
  "#if defined(__clang__)\n#pragma clang loop " hints "\n#endif\n"

/// Put before a loop that clang must not unroll:
/// - a strided row of integers that spans a vector: at a small constant
///   trip count clang unrolls it fully before it would vectorize it, and
///   the unrolled byte loads stay scalar (a 3x3/2 uint8 max pool over 55x55
///   planes: 0.28 -> 0.08 ms). Float rows, and integer rows shorter than a
///   vector, measured faster unrolled (the same pool over 27x27 planes, 13
///   outputs a row: 0.048 ms unrolled, 0.152 rolled);
/// - each loop over the terms of an 8-bit tile: unrolled fully (the blocks
///   and taps are constants once the tile is inlined), its input loads do
///   not depend on the loop over output channel blocks around the tile, and
///   clang may hoist them out of it, spilling the vectors to the stack and
///   reloading them for every dot product (SqueezeNet's 3x3 expand convs
///   over 55x55 planes: 0.095 -> 0.245 ms, once a cheaper epilogue changed
///   clang's heuristics; rolled, 0.083 ms);
/// - the loop over the terms of a float tile: unrolled, clang loads the
///   next terms' operands early, into registers that a tile leaving two or
///   fewer free does not have. With AVX2's 16, 14x8 and 12x8 tiles
///   spilled accumulators in every term; rolled, MnasNet's 1x1 convs on
///   7x7 planes ran 1.4 times faster (320 -> 1280 channels: 0.91 -> 0.63 ms
///   in a micro-benchmark), and the model 15.6-21.8 -> 13.6-13.9 ms.
static const char kRolledLoop[] = CLANG_LOOP_HINTS("unroll(disable)");

/// Put before the outer loop of an 8-bit tile's epilogue, whose vectors run
/// along its inner loop: once clang has unrolled the inner loop fully (a
/// vector's worth of constant trips), it may vectorize the outer loop
/// instead, gathering the sums down the block's columns and storing bytes
/// one at a time (MobileNetV2's 1x1 convs to 576 channels over 14x14
/// planes: 0.068 ms so, 0.031 ms with the outer loop kept scalar).
static const char kScalarOuterLoop[] = CLANG_LOOP_HINTS("vectorize(disable)");

/// Put before a loop of at most one vector's trips that must be vectorized
/// as a loop (the reason at its use).
static const char kVectorLoop[] =
    CLANG_LOOP_HINTS("unroll(disable) vectorize(enable)");

#undef CLANG_LOOP_HINTS

/// C declaring `name`_lo and `name`_hi, the range of the `count` tiles
/// that task `task` of TASKS takes: an even share of the `independent`
/// ones (kernel::independentTiles) when `split`, the last task also taking
/// the moved-back tile; else all of them.
static std::string taskShare(StringRef name, StringRef count,
                             int64_t independent, bool split) {
  if (!split)
    return llvm::formatv("  const int {0}_lo = 0, {0}_hi = {1};\n", name,
                         count);
  return llvm::formatv(
      "  const int {0}_lo = (int)((int64_t){2} * task / TASKS),\n"
      "            {0}_hi = task == TASKS - 1 ? {1} : (int)((int64_t){2} * "
      "(task + 1) / TASKS);\n",
      name, count, independent);
}

std::string csyntax::activationExpression(Operation *op, StringRef v) {
  auto activation = op->getAttrOfType<StringAttr>("activation");
  if (!activation || activation.getValue() == "none")
    return "";
  if (activation.getValue() == "relu")
    return llvm::formatv("{0} > 0.0f ? {0} : 0.0f", v);
  if (activation.getValue() == "silu")
    // As the unfused Sigmoid then Mul compute it, bit for bit.
    return llvm::formatv("{0} * edgecc_sigmoidf({0})", v);
  std::string lo =
      floatLiteral(op->getAttrOfType<FloatAttr>("clip_min").getValueAsDouble());
  std::string hi =
      floatLiteral(op->getAttrOfType<FloatAttr>("clip_max").getValueAsDouble());
  return llvm::formatv("{0} < {1} ? {1} : ({0} > {2} ? {2} : {0})", v, lo, hi);
}

void CEmitter::emitActivation(Operation *op, StringRef data, StringRef count) {
  std::string expression = activationExpression(op, "v");
  if (expression.empty())
    return;
  *os << "  for (int i = 0; i < " << count << "; ++i) {\n"
      << "    float v = " << data << "[i];\n"
      << "    " << data << "[i] = " << expression << ";\n"
      << "  }\n";
}

void CEmitter::closeBlocks(std::string &indent, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    indent.resize(indent.size() - 2);
    *os << indent << "}\n";
  }
}

SmallVector<int64_t>
CEmitter::mergeDims(ArrayRef<int64_t> sizes,
                    SmallVectorImpl<SmallVector<int64_t>> &strides) {
  SmallVector<int64_t> mergedSizes;
  SmallVector<SmallVector<int64_t>> mergedStrides(strides.size());
  for (auto [dim, size] : llvm::enumerate(sizes)) {
    if (size == 1)
      continue;
    mergedSizes.push_back(size);
    for (auto [merged, original] : llvm::zip_equal(mergedStrides, strides))
      merged.push_back(original[dim]);
  }
  for (int64_t dim = static_cast<int64_t>(mergedSizes.size()) - 2; dim >= 0;
       --dim) {
    bool contiguous =
        llvm::all_of(mergedStrides, [&](const SmallVector<int64_t> &s) {
          return s[dim] == s[dim + 1] * mergedSizes[dim + 1];
        });
    if (!contiguous)
      continue;
    mergedSizes[dim] *= mergedSizes[dim + 1];
    mergedSizes.erase(mergedSizes.begin() + dim + 1);
    for (SmallVector<int64_t> &s : mergedStrides) {
      s[dim] = s[dim + 1];
      s.erase(s.begin() + dim + 1);
    }
  }
  strides.assign(mergedStrides.begin(), mergedStrides.end());
  return mergedSizes;
}

void CEmitter::emitStridedLoops(ArrayRef<int64_t> sizes,
                                ArrayRef<SmallVector<int64_t>> strides,
                                function_ref<void(ArrayRef<std::string>)> body,
                                bool shareOuterLoop) {
  SmallVector<SmallVector<int64_t>> mergedStrides(strides.begin(),
                                                  strides.end());
  SmallVector<int64_t> mergedSizes = mergeDims(sizes, mergedStrides);
  std::string indent = "  ";
  if (shareOuterLoop && mergedSizes.empty())
    *os << indent << "if (task == 0)\n";
  if (shareOuterLoop && !mergedSizes.empty())
    *os << taskShare("i0", std::to_string(mergedSizes[0]), mergedSizes[0],
                     true);
  for (auto [dim, size] : llvm::enumerate(mergedSizes)) {
    bool shared = shareOuterLoop && dim == 0;
    *os << indent << "for (int i" << dim << " = " << (shared ? "i0_lo" : "0")
        << "; i" << dim << " < " << (shared ? "i0_hi" : std::to_string(size))
        << "; ++i" << dim << ")\n";
    indent += "  ";
  }
  SmallVector<std::string> indices =
      llvm::map_to_vector(llvm::seq<size_t>(0, mergedSizes.size()),
                          [](size_t dim) { return "i" + std::to_string(dim); });
  SmallVector<std::string> offsets;
  for (const SmallVector<int64_t> &s : mergedStrides)
    offsets.push_back(linearIndex(indices, s));
  *os << indent;
  body(offsets);
}

//===----------------------------------------------------------------------===//
// Portable kernels
//===----------------------------------------------------------------------===//

/// C declaring `lo` and `hi` at `indent`: the t in [0, count) for which
/// input column `first` + t * SW lies inside the row, [0, W) (SW and W are
/// the conv kernel's enum constants); lo <= hi.
static std::string columnsInsideRow(StringRef indent, StringRef first,
                                    StringRef count) {
  return llvm::formatv(
             "{0}int lo = {1} < 0 ? (-({1}) + SW - 1) / SW : 0;\n"
             "{0}int hi = W - 1 - ({1}) < 0 ? 0 : (W - 1 - ({1})) / SW + 1;\n"
             "{0}if (lo > {2}) lo = {2};\n"
             "{0}if (hi > {2}) hi = {2};\n"
             "{0}if (hi < lo) hi = lo;\n",
             indent, first, count)
      .str();
}

std::pair<std::string, std::string>
CEmitter::convStep(kernel::Conv2DOp op, StringRef x, StringRef acc) {
  // Zero points are subtracted before the product, so padding (skipped)
  // contributes zero. Integer sums wrap: they are computed on uint32_t (or
  // uint64_t, for 16-bit inputs), as signed overflow would be undefined.
  std::string weight = "in1[((oc * ICG + icg) * KH + kh) * KW + kw]";
  if (std::optional<ArrayRef<int64_t>> zeros = op.getWeightZeroPoints()) {
    if (zeros->size() > 1)
      *os << "  " << constantQualifier() << " int32_t WZP[" << zeros->size()
          << "] = {" << intList(*zeros) << "};\n";
    weight = "(int32_t)" + weight + " - " +
             (zeros->size() > 1 ? "WZP[oc]" : std::to_string(zeros->front()));
  }
  std::string input = x.str();
  if (std::optional<int64_t> inputZero = op.getInputZeroPoint())
    input = "((int32_t)" + input + " - " + std::to_string(*inputZero) + ")";
  Type sum = elementOf(op.getOutput());
  std::string update;
  if (isa<FloatType>(sum)) {
    update = (acc + " += wv * " + input).str();
  } else {
    std::string width = std::to_string(sum.getIntOrFloatBitWidth());
    std::string wrapping = "(uint" + width + "_t)";
    update = (acc + " = (int" + width + "_t)(" + wrapping + acc + " + " +
              wrapping + "wv * " + wrapping + input + ")")
                 .str();
  }
  return {weight, update};
}

void CEmitter::emitConv2D(kernel::Conv2DOp op, StringRef fn) {
  ArrayRef<int64_t> in = shapeOf(op.getInput()), w = shapeOf(op.getWeight()),
                    out = shapeOf(op.getOutput());
  int64_t group = op.getGroup();
  emitSignature(op, fn);
  *os << llvm::formatv(
      "  enum {{ N = {0}, C = {1}, H = {2}, W = {3}, OC = {4}, OH = {5}, OW = "
      "{6},\n"
      "         ICG = {7}, OCG = {8}, KH = {9}, KW = {10}, SH = {11}, SW = "
      "{12},\n"
      "         DH = {13}, DW = {14}, PT = {15}, PL = {16} };\n",
      in[0], in[1], in[2], in[3], out[1], out[2], out[3], w[1], out[1] / group,
      w[2], w[3], op.getStrides()[0], op.getStrides()[1], op.getDilations()[0],
      op.getDilations()[1], op.getPads()[0], op.getPads()[1]);
  bool hasBias = static_cast<bool>(op.getBias());
  // float32, or int32 for integer convolution (also of int8/uint8 operands).
  StringRef t = cTypeOf(op.getOutput());
  StringRef inputType = cTypeOf(op.getInput());
  std::string zero = zeroLiteral(elementOf(op.getOutput()));
  auto [weight, update] = convStep(op, "xr[ow * SW + iw0]", "orow[ow]");
  // Accumulate one output row at a time over (input channel, kernel tap),
  // so the row stays in L1; the inner loop runs along it, contiguous for
  // stride 1. (Integer convs and the float convs edgecc-tile-kernels
  // leaves run here.)
  *os << "  for (int n = 0; n < N; ++n)\n"
      << "  for (int oc = 0; oc < OC; ++oc) {\n"
      << "    const int g = oc / OCG;\n"
      << "    const " << t
      << " init = " << (hasBias ? std::string("in2[oc]") : zero) << ";\n"
      << "    for (int oh = 0; oh < OH; ++oh) {\n"
      << "      " << t
      << " *restrict orow = out + ((n * OC + oc) * OH + oh) * OW;\n"
      << "      for (int ow = 0; ow < OW; ++ow) orow[ow] = init;\n"
      << "      for (int icg = 0; icg < ICG; ++icg) {\n"
      << "        const " << inputType
      << " *restrict x = in0 + (n * C + g * ICG + icg) * H * W;\n"
      << "        for (int kh = 0; kh < KH; ++kh) {\n"
      << "          const int ih = oh * SH + kh * DH - PT;\n"
      << "          if (ih < 0 || ih >= H) continue;\n"
      << "          const " << inputType << " *restrict xr = x + ih * W;\n"
      << "          for (int kw = 0; kw < KW; ++kw) {\n"
      << "            const " << t << " wv = " << weight << ";\n"
      << "            const int iw0 = kw * DW - PL;\n"
      << columnsInsideRow("            ", "iw0", "OW")
      << "            for (int ow = lo; ow < hi; ++ow)\n"
      << "              " << update << ";\n"
      << "          }\n"
      << "        }\n"
      << "      }\n";
  if (Value residual = op.getResidual())
    *os << "      for (int ow = 0; ow < OW; ++ow) orow[ow] += "
        << sourceName(op, residual)
        << "[((n * OC + oc) * OH + oh) * OW + ow];\n";
  emitActivation(op, "orow", "OW");
  *os << "    }\n  }\n}\n\n";
}

void CEmitter::emitConvTranspose(kernel::ConvTransposeOp op, StringRef fn) {
  ArrayRef<int64_t> in = shapeOf(op.getInput()), w = shapeOf(op.getWeight()),
                    out = shapeOf(op.getOutput());
  size_t spatial = in.size() - 2;
  int64_t group = op.getGroup(), perGroupIn = in[1] / group, perGroupOut = w[1];
  int64_t inPlane = ShapedType::getNumElements(in.drop_front(2));
  int64_t outPlane = ShapedType::getNumElements(out.drop_front(2));
  int64_t kernelPlane = ShapedType::getNumElements(w.drop_front(2));
  SmallVector<int64_t> inStrides = rowMajorStrides(in.drop_front(2)),
                       outStrides = rowMajorStrides(out.drop_front(2)),
                       kernelStrides = rowMajorStrides(w.drop_front(2));
  emitSignature(op, fn);
  // Each output plane starts at its bias; every input element then adds
  // itself times each kernel tap at the output position the tap reaches.
  *os << "  for (int n = 0; n < " << in[0] << "; ++n)\n"
      << "  for (int oc = 0; oc < " << out[1] << "; ++oc) {\n"
      << "    const int g = oc / " << perGroupOut << ", m = oc % "
      << perGroupOut << ";\n"
      << "    float *restrict y = out + (n * " << out[1] << " + oc) * "
      << outPlane << ";\n"
      << "    for (int i = 0; i < " << outPlane
      << "; ++i) y[i] = " << (op.getBias() ? "in2[oc]" : "0.0f") << ";\n"
      << "    for (int c = 0; c < " << perGroupIn << "; ++c) {\n"
      << "      const float *restrict x = in0 + (n * " << in[1] << " + g * "
      << perGroupIn << " + c) * " << inPlane << ";\n"
      << "      const float *restrict k = in1 + ((g * " << perGroupIn
      << " + c) * " << perGroupOut << " + m) * " << kernelPlane << ";\n";
  std::string indent = "      ";
  SmallVector<std::string> inputs, taps, outputs;
  for (size_t d = 0; d < spatial; ++d) {
    *os << llvm::formatv("{0}for (int i{1} = 0; i{1} < {2}; ++i{1})\n", indent,
                         d, in[d + 2]);
    inputs.push_back("i" + std::to_string(d));
    indent += "  ";
  }
  *os << indent << "{\n"
      << indent << "  const float v = x[" << linearIndex(inputs, inStrides)
      << "];\n";
  indent += "  ";
  for (size_t d = 0; d < spatial; ++d) {
    *os << llvm::formatv(
        "{0}for (int k{1} = 0; k{1} < {2}; ++k{1}) {{\n"
        "{0}  const int o{1} = i{1} * {3} - {4} + k{1} * {5};\n"
        "{0}  if (o{1} < 0 || o{1} >= {6}) continue;\n",
        indent, d, w[d + 2], op.getStrides()[d], op.getPads()[d],
        op.getDilations()[d], out[d + 2]);
    taps.push_back("k" + std::to_string(d));
    outputs.push_back("o" + std::to_string(d));
    indent += "  ";
  }
  *os << indent << "y[" << linearIndex(outputs, outStrides) << "] += v * k["
      << linearIndex(taps, kernelStrides) << "];\n";
  closeBlocks(indent, spatial + 1);
  *os << "    }\n  }\n}\n\n";
}

std::pair<int64_t, int64_t> CEmitter::emitGemmShape(kernel::GemmOp op,
                                                    StringRef batchIndex,
                                                    StringRef indent) {
  ArrayRef<int64_t> a = shapeOf(op.getA()), b = shapeOf(op.getB()),
                    y = shapeOf(op.getOutput());
  int64_t m = y[y.size() - 2], n = y.back();
  int64_t k = op.getTransA() ? a[a.size() - 2] : a.back();
  ArrayRef<int64_t> batch = y.drop_back(2);
  SmallVector<int64_t> aBatch = broadcastStrides(a.drop_back(2), batch);
  SmallVector<int64_t> bBatch = broadcastStrides(b.drop_back(2), batch);
  *os << llvm::formatv("  enum {{ M = {0}, N = {1}, K = {2} };\n", m, n, k);
  *os << indent << "int a_off = 0, b_off = 0, rest = " << batchIndex << ";\n";
  for (int64_t dim = static_cast<int64_t>(batch.size()) - 1; dim >= 0; --dim)
    *os << indent << "{ const int d = rest % " << batch[dim]
        << "; rest /= " << batch[dim] << "; a_off += d * "
        << aBatch[dim] * m * k << "; b_off += d * " << bBatch[dim] * k * n
        << "; }\n";
  *os << indent << "(void)rest;\n";
  return {m, n};
}

void CEmitter::emitGemm(kernel::GemmOp op, StringRef fn) {
  // float32, or int32 for integer matmul.
  StringRef t = cTypeOf(op.getOutput());
  std::string zero = zeroLiteral(elementOf(op.getOutput()));
  int64_t batchCount =
      ShapedType::getNumElements(shapeOf(op.getOutput()).drop_back(2));
  emitSignature(op, fn);
  *os << "  for (int batch = 0; batch < " << batchCount << "; ++batch) {\n";
  auto [m, n] = emitGemmShape(op, "batch", "    ");
  *os << "    const " << t << " *restrict A = in0 + a_off;\n"
      << "    const " << t << " *restrict B = in1 + b_off;\n"
      << "    " << t << " *restrict Y = out + batch * M * N;\n";
  std::string aAt = op.getTransA() ? "A[kk * M + i]" : "A[i * K + kk]";
  if (op.getTransB()) {
    // B is [N, K]: each output is a dot product of two contiguous rows.
    *os << "    for (int i = 0; i < M; ++i)\n"
        << "      for (int j = 0; j < N; ++j) {\n"
        << "        " << t << " acc = " << zero << ";\n"
        << "        for (int kk = 0; kk < K; ++kk) acc += " << aAt
        << " * B[j * K + kk];\n"
        << "        Y[i * N + j] = acc;\n"
        << "      }\n";
  } else {
    // B is [K, N]: accumulate scaled rows of B into the output row.
    *os << "    for (int i = 0; i < M; ++i) {\n"
        << "      " << t << " *restrict yr = Y + i * N;\n"
        << "      for (int j = 0; j < N; ++j) yr[j] = " << zero << ";\n"
        << "      for (int kk = 0; kk < K; ++kk) {\n"
        << "        const " << t << " av = " << aAt << ";\n"
        << "        const " << t << " *restrict br = B + kk * N;\n"
        << "        for (int j = 0; j < N; ++j) yr[j] += av * br[j];\n"
        << "      }\n"
        << "    }\n";
  }
  float alpha = op.getAlpha().convertToFloat(),
        beta = op.getBeta().convertToFloat();
  bool hasC = static_cast<bool>(op.getC()) && beta != 0.0f;
  if (alpha != 1.0f || hasC) {
    std::string cAt = "0";
    if (hasC) {
      SmallVector<int64_t> cStrides =
          broadcastStrides(shapeOf(op.getC()), {m, n});
      cAt = llvm::formatv("i * {0} + j * {1}", cStrides[0], cStrides[1]).str();
    }
    // A factor of 1 is left out: int32 products must not pass through
    // float.
    auto scaled = [](float factor, const std::string &value) {
      return factor == 1.0f ? value : floatLiteral(factor) + " * " + value;
    };
    *os << "    for (int i = 0; i < M; ++i)\n"
        << "      for (int j = 0; j < N; ++j)\n"
        << "        Y[i * N + j] = " << scaled(alpha, "Y[i * N + j]");
    if (hasC)
      *os << " + " << scaled(beta, "in2[" + cAt + "]");
    *os << ";\n";
  }
  emitActivation(op, "Y", "M * N");
  *os << "  }\n}\n\n";
}

//===----------------------------------------------------------------------===//
// Register-tiled kernels
//===----------------------------------------------------------------------===//

/// C for where tile `index` of `size` starts along `extent` elements: the
/// last tile moves back to end at the edge, as edgecc-tile-kernels packs
/// weight panels.
static std::string tileStart(StringRef index, StringRef size,
                             StringRef extent) {
  return llvm::formatv("{0} * {1} < {2} - {1} ? {0} * {1} : {2} - {1}", index,
                       size, extent)
      .str();
}

std::string CEmitter::microKernel(int64_t rows, int64_t columns) {
  std::string name = llvm::formatv("edgecc_tile_{0}x{1}", rows, columns);
  if (!microKernels.insert(name).second)
    return name;
  int64_t lanes = vectorISA.floatLanes, vectors = columns / lanes;
  auto acc = [](int64_t i, int64_t v) {
    return llvm::formatv("c{0}_{1}", i, v).str();
  };
  auto forEach = [&](llvm::function_ref<void(int64_t, int64_t)> body) {
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t v = 0; v < vectors; ++v)
        body(i, v);
  };
  std::string vt = vectorISA.floatVector;
  // Strides are arguments, but the function is always inlined into kernels
  // that pass constants, so each call site gets its own addressing.
  *os << "/* C[" << rows << " x " << columns
      << "] = row_init[i] + col_init[j] + sum over the terms of A[i][term] "
         "* B[term][j]\n"
      << "   + addend[i][j] (row i at addend + i * cs), clamped to [lo, hi] "
         "when clamp is set.\n"
      << "   The terms are (t, r, s) for t < depth,\n"
      << "   r < wh, s < ww, in that order: a kernel window for a conv that "
         "reads its input\n"
      << "   in place, wh = ww = 1 otherwise. A[i][term] is a[i * as + t * at "
         "+ r * ar + s * ac],\n"
      << "   B[term] starts at b + t * bt + r * br + s * bc, C row i at c + i "
         "* cs; a NULL init\n"
      << "   or addend adds nothing. */\n"
      << "static inline __attribute__((always_inline)) void " << name
      << "(\n    int depth, int wh, int ww,\n"
      << "    const float *restrict a, ptrdiff_t as, ptrdiff_t at, ptrdiff_t "
         "ar, ptrdiff_t ac,\n"
      << "    const float *restrict b, ptrdiff_t bt, ptrdiff_t br, ptrdiff_t "
         "bc,\n"
      << "    float *restrict c, ptrdiff_t cs, const float *restrict addend,\n"
      << "    const float *row_init, const float *col_init, int clamp, float "
         "lo, float hi) {\n";
  for (int64_t v = 0; v < vectors; ++v)
    *os << "  const " << vt << " init" << v << " = col_init ? "
        << llvm::formatv(vectorISA.load,
                         "col_init + " + std::to_string(v * lanes))
        << " : " << llvm::formatv(vectorISA.broadcast, "0.0f") << ";\n";
  for (int64_t i = 0; i < rows; ++i) {
    *os << "  const " << vt << " r" << i << " = "
        << llvm::formatv(vectorISA.broadcast, "row_init ? row_init[" +
                                                  std::to_string(i) +
                                                  "] : 0.0f")
        << ";\n";
    for (int64_t v = 0; v < vectors; ++v)
      *os << "  " << vt << " " << acc(i, v) << " = "
          << llvm::formatv(vectorISA.add, "r" + std::to_string(i),
                           "init" + std::to_string(v))
          << ";\n";
  }
  // The kernel window's loops unroll fully (constant bounds once inlined);
  // the loop over the terms around them stays rolled (see kRolledLoop).
  *os << kRolledLoop << "  for (int t = 0; t < depth; ++t)\n"
      << "  for (int r = 0; r < wh; ++r)\n"
      << "  for (int s = 0; s < ww; ++s) {\n"
      << "    const float *restrict ak = a + t * at + r * ar + s * ac;\n"
      << "    const float *restrict bk = b + t * bt + r * br + s * bc;\n";
  for (int64_t v = 0; v < vectors; ++v)
    *os << "    const " << vt << " b" << v << " = "
        << llvm::formatv(vectorISA.load, "bk + " + std::to_string(v * lanes))
        << ";\n";
  for (int64_t i = 0; i < rows; ++i) {
    *os << "    { const " << vt << " ai = "
        << llvm::formatv(vectorISA.broadcast,
                         "ak[" + std::to_string(i) + " * as]")
        << ";";
    for (int64_t v = 0; v < vectors; ++v)
      *os << " " << acc(i, v) << " = "
          << llvm::formatv(vectorISA.fma, "ai", "b" + std::to_string(v),
                           acc(i, v))
          << ";";
    *os << " }\n";
  }
  *os << "  }\n"
      << "  if (addend) {\n";
  forEach([&](int64_t i, int64_t v) {
    *os << "    " << acc(i, v) << " = "
        << llvm::formatv(vectorISA.add, acc(i, v),
                         llvm::formatv(vectorISA.load,
                                       llvm::formatv("addend + {0} * cs + {1}",
                                                     i, v * lanes)))
        << ";\n";
  });
  *os << "  }\n"
      << "  if (clamp) {\n"
      << "    const " << vt
      << " lov = " << llvm::formatv(vectorISA.broadcast, "lo")
      << ", hiv = " << llvm::formatv(vectorISA.broadcast, "hi") << ";\n";
  forEach([&](int64_t i, int64_t v) {
    *os << "    " << acc(i, v) << " = "
        << llvm::formatv(vectorISA.min,
                         llvm::formatv(vectorISA.max, acc(i, v), "lov"), "hiv")
        << ";\n";
  });
  *os << "  }\n";
  forEach([&](int64_t i, int64_t v) {
    *os << "  "
        << llvm::formatv(vectorISA.store,
                         llvm::formatv("c + {0} * cs + {1}", i, v * lanes),
                         acc(i, v))
        << "\n";
  });
  *os << "}\n\n";
  return name;
}

/// Where each tap (r, s) of a kernel of `kernelShape` reads, in elements
/// from an output position's first, in a plane split into its stride
/// phases of `phaseRows` x `phaseColumns` (kernel.pack_conv_input's and
/// kernel.depthwise_int8_conv2d's): the tap's phase, then its row and
/// column within the phase.
static SmallVector<int64_t> phaseTapOffsets(ArrayRef<int64_t> kernelShape,
                                            ArrayRef<int64_t> strides,
                                            ArrayRef<int64_t> dilations,
                                            int64_t phaseRows,
                                            int64_t phaseColumns) {
  SmallVector<int64_t> offsets;
  for (int64_t r = 0; r < kernelShape[0]; ++r)
    for (int64_t c = 0; c < kernelShape[1]; ++c) {
      int64_t row = r * dilations[0], column = c * dilations[1];
      int64_t phase = (row % strides[0]) * strides[1] + column % strides[1];
      offsets.push_back((phase * phaseRows + row / strides[0]) * phaseColumns +
                        column / strides[1]);
    }
  return offsets;
}

/// C filling one channel's plane `p` of a depthwise conv (of `element`s,
/// each input value x[i] converted by `value`, a format over i) from its
/// input `x` (rows of `width` values, `padLeft` columns of padding before
/// them), row by row of each stride phase. Phase by
/// phase, the padding's bounds lie outside the copy loop, so it is a
/// vector loop. Where a strided conv's rows span a vector, one loop
/// instead writes every phase of a column, its strided reads one
/// interleaved vector load (kept rolled, kRolledLoop), and only the
/// columns at either end test for padding: MobileNetV2's 8-bit 3x3/2 depthwise
/// over 112x112 planes took 0.235 ms phase by phase, 0.115 ms so. Shorter
/// rows ran faster phase by phase (0.031 against 0.045 ms over 14x14).
/// With `vectorCopy` (a statement copying the `vectorLanes` values of one
/// phase from input index {0} on to plane pointer {1}, reading at most
/// `stride` times as many), the columns it can copy without reading past
/// their row are copied a vector at a time, the last vector moved back,
/// whenever there are a vector's worth: no scalar remainder (EfficientNet's
/// float 3x3/2 depthwise over 28x28 planes: 0.109 ms with clang's vector
/// loop and its remainder, 0.071 ms so).
static std::string depthwisePlane(StringRef element, const char *value,
                                  int64_t width, int64_t padLeft,
                                  int64_t stride, int64_t phaseColumns,
                                  int64_t vectorLanes,
                                  const char *vectorCopy = nullptr) {
  // Columns [inside, insideEnd) of every phase read the input.
  int64_t inside =
      std::min<int64_t>(llvm::divideCeil(padLeft, stride), phaseColumns);
  int64_t insideEnd =
      std::max(inside, std::min((width + padLeft) / stride, phaseColumns));
  auto read = [&](StringRef index) {
    return llvm::formatv(value, index).str();
  };
  // Columns [inside, vectorEnd) copy whole vectors within their row.
  int64_t vectorEnd = std::max(
      inside, std::min((width + padLeft - stride + 1) / stride, insideEnd));
  bool vectors = vectorCopy && vectorEnd - inside >= vectorLanes;
  if (!vectors && (stride == 1 || insideEnd - inside < vectorLanes))
    return llvm::formatv(
               "    for (int a = 0; a < SH; ++a)\n"
               "    for (int b = 0; b < SW; ++b)\n"
               "    for (int yq = 0; yq < PHQ; ++yq) {{\n"
               "      {0} *restrict prow = p + (a * SW + b) * PHASE + yq * "
               "PWQ;\n"
               "      const int ih = yq * SH + a - PT;\n"
               "      if (ih < 0 || ih >= H) {{\n"
               "        for (int i = 0; i < PWQ; ++i) prow[i] = 0;\n"
               "        continue;\n"
               "      }\n"
               "      const int row = ih * W + b - PL;\n"
               "      const int i_lo = PL - b > 0 ? (PL - b + SW - 1) / SW : "
               "0;\n"
               "      int i_hi = (W + PL - b + SW - 1) / SW;\n"
               "      if (i_hi > PWQ) i_hi = PWQ;\n"
               "      int i = 0;\n"
               "      for (; i < i_lo; ++i) prow[i] = 0;\n"
               "      for (; i < i_hi; ++i) prow[i] = {1};\n"
               "      for (; i < PWQ; ++i) prow[i] = 0;\n"
               "    }\n",
               element, read("row + i * SW"))
        .str();
  std::string edge =
      llvm::formatv("        for (int b = 0; b < SW; ++b) {{\n"
                    "          const int col = i * SW + b - PL;\n"
                    "          prow[b * PHASE + i] =\n"
                    "              col >= 0 && col < W ? {0} : 0;\n"
                    "        }\n",
                    read("row + col"));
  auto edgeLoop = [&](int64_t begin, int64_t end) {
    if (begin == end)
      return std::string();
    return llvm::formatv(
               "      for (int i = {0}; i < {1}; ++i) {{\n{2}      }\n", begin,
               end, edge)
        .str();
  };
  int64_t interiorEnd = vectors ? vectorEnd : insideEnd;
  std::string interior =
      vectors ? llvm::formatv(
                    "      for (int i = {0}; i < {1}; i += {2}) {{\n"
                    "        const int i0 = i < {1} - {2} ? i : {1} - {2};\n"
                    "        for (int b = 0; b < SW; ++b)\n"
                    "          {3}\n"
                    "      }\n",
                    inside, vectorEnd, vectorLanes,
                    llvm::formatv(vectorCopy, "row + i0 * SW + b - PL",
                                  "prow + b * PHASE + i0"))
                    .str()
              : llvm::formatv("{0}"
                              "      for (int i = {1}; i < {2}; ++i)\n"
                              "        for (int b = 0; b < SW; ++b)\n"
                              "          prow[b * PHASE + i] = {3};\n",
                              kRolledLoop, inside, insideEnd,
                              read("row + i * SW + b - PL"))
                    .str();
  return llvm::formatv(
             "    for (int a = 0; a < SH; ++a)\n"
             "    for (int yq = 0; yq < PHQ; ++yq) {{\n"
             "      {3} *restrict prow = p + a * SW * PHASE + yq * PWQ;\n"
             "      const int ih = yq * SH + a - PT;\n"
             "      if (ih < 0 || ih >= H) {{\n"
             "        for (int b = 0; b < SW; ++b)\n"
             "          for (int i = 0; i < PWQ; ++i) prow[b * PHASE + i] = "
             "0;\n"
             "        continue;\n"
             "      }\n"
             "      const int row = ih * W;\n"
             "{0}{1}"
             "{2}"
             "    }\n",
             edgeLoop(0, inside), interior, edgeLoop(interiorEnd, phaseColumns),
             element)
      .str();
}

/// Output vectors of one channel a float depthwise conv computes together:
/// each tap's weight is broadcast once for all of them, and their sums are
/// independent chains for the FMA pipes.
static constexpr int64_t kDepthwiseVectors = 4;

void CEmitter::emitDepthwiseGroup(ArrayRef<std::string> reads,
                                  ArrayRef<std::string> stores,
                                  bool storesPart) {
  std::string vt = vectorISA.floatVector;
  *os << "      {\n";
  for (auto [b, read] : llvm::enumerate(reads))
    *os << "      const float *restrict s" << b << " = p + " << read << ";\n"
        << "      " << vt << " acc" << b << " = init;\n";
  *os << "      for (int t = 0; t < TAPS; ++t) {\n"
      << "        const " << vt
      << " weight = " << llvm::formatv(vectorISA.broadcast, "k[t]") << ";\n";
  for (size_t b = 0; b < reads.size(); ++b) {
    std::string acc = "acc" + std::to_string(b);
    *os << "        " << acc << " = "
        << llvm::formatv(
               vectorISA.fma, "weight",
               llvm::formatv(vectorISA.load,
                             llvm::formatv("s{0} + tap_offset[t]", b)),
               acc)
        << ";\n";
  }
  *os << "      }\n";
  for (auto [b, store] : llvm::enumerate(stores)) {
    std::string acc = "acc" + std::to_string(b);
    if (!storesPart) {
      *os << "      " << llvm::formatv(vectorISA.store, store, acc) << "\n";
      continue;
    }
    *os << "      {\n"
        << "        float whole[L];\n"
        << "        " << llvm::formatv(vectorISA.store, "whole", acc) << "\n"
        << "        for (int i = 0; i < OW; ++i) (" << store
        << ")[i] = whole[i];\n"
        << "      }\n";
  }
  *os << "      }\n";
}

void CEmitter::emitDepthwiseConv2D(kernel::DepthwiseConv2DOp op, StringRef fn) {
  ArrayRef<int64_t> in = shapeOf(op.getInput()), w = shapeOf(op.getWeight()),
                    out = shapeOf(op.getOutput()),
                    plane = shapeOf(op.getWorkspace()),
                    strides = op.getStrides();
  int64_t lanes = op.getVectorWidth();
  int64_t phaseRows = plane[1] / (strides[0] * strides[1]);
  SmallVector<int64_t> tapOffsets = phaseTapOffsets(
      w.drop_front(2), strides, op.getDilations(), phaseRows, plane[2]);
  // The vectors of one channel's outputs run along the positions oh * PWQ +
  // ow of the plane's rows (the last moved back), or along each output row
  // (rowVectors per row, the last moved back to end at the row's end, or
  // one computed whole and stored in part when the row is narrower). They
  // go in groups: of up to kDepthwiseVectors positions' vectors, or of
  // groupRows rows of groupVectors vectors, what is left over a smaller
  // group, so that no vector is computed twice and addresses are sums of
  // loop counters (dividing by rowVectors cost more than the taps of a
  // 3x3).
  bool overPositions = kernel::depthwiseRunsOverPositions(out, plane[2], lanes);
  int64_t positions = kernel::positionsAlongRows(plane[2], out);
  int64_t rowVectors = llvm::divideCeil(out[3], lanes);
  int64_t groupVectors = std::min(kDepthwiseVectors, rowVectors);
  int64_t groupRows =
      std::min(std::max<int64_t>(kDepthwiseVectors / rowVectors, 1), out[2]);
  // The plane's columns of one phase are every SW-th input value: a vector
  // load at stride 1, a deinterleaving one at stride 2.
  std::string vectorCopy;
  if (strides[1] <= 2)
    vectorCopy = llvm::formatv(
        vectorISA.store, "{1}",
        llvm::formatv(strides[1] == 1 ? vectorISA.load : vectorISA.loadEven,
                      "x + {0}"));
  emitTaskSignature(op, fn);
  *os << llvm::formatv(
      "  enum {{ N = {0}, C = {1}, H = {2}, W = {3}, OH = {4}, OW = {5}, TAPS "
      "= {6},\n"
      "         SH = {7}, SW = {8}, PT = {9}, PL = {10}, PHQ = {11}, PWQ = "
      "{12}, PHASE = PHQ * PWQ,\n"
      "         L = {13}, Q = {14}, TASKS = {15} };\n",
      in[0], in[1], in[2], in[3], out[2], out[3], w[2] * w[3], strides[0],
      strides[1], op.getPads()[0], op.getPads()[1], phaseRows, plane[2], lanes,
      positions, op.getTasks());
  *os << "  " << constantQualifier() << " int32_t tap_offset[TAPS] = {"
      << intList(tapOffsets) << "};\n";
  // Taps are summed in (row, column) order from the bias, as kernel.conv2d
  // sums them; the padding's zeros add nothing.
  *os << taskShare("c", "C", in[1], true)
      << "  float *restrict p = " << sourceName(op, op.getWorkspace())
      << " + task * SH * SW * PHASE;\n"
      << "  for (int n = 0; n < N; ++n)\n"
      << "  for (int c = c_lo; c < c_hi; ++c) {\n"
      << "    const float *restrict x = in0 + (n * C + c) * H * W;\n"
      << depthwisePlane("float", "x[{0}]", in[3], op.getPads()[1], strides[1],
                        plane[2], lanes,
                        vectorCopy.empty() ? nullptr : vectorCopy.c_str())
      << "    const float *restrict k = in1 + c * TAPS;\n"
      << "    const " << vectorISA.floatVector << " init = "
      << llvm::formatv(vectorISA.broadcast, op.getBias() ? "in2[c]" : "0.0f")
      << ";\n"
      << "    float *restrict plane = out + (n * C + c) * OH * OW;\n";
  // `counter` over [0, total) in groups of `step`, then one group of the
  // rest: `group` emits a group of the size it is given.
  auto inGroups = [&](StringRef counter, int64_t total, int64_t step,
                      llvm::function_ref<void(int64_t)> group) {
    int64_t whole = total - total % step;
    if (whole > 0) {
      *os << llvm::formatv("    for (int {0} = 0; {0} < {1}; {0} += {2}) {{\n",
                           counter, whole, step);
      group(step);
      *os << "    }\n";
    }
    if (whole < total) {
      *os << "    {\n      const int " << counter << " = " << whole << ";\n";
      group(total - whole);
      *os << "    }\n";
    }
  };
  if (overPositions) {
    // Vectors g0 + b of `count`, the last one moved back.
    auto positionGroup = [&](int64_t count) {
      SmallVector<std::string> reads, stores;
      for (int64_t b = 0; b < count; ++b) {
        std::string q = llvm::formatv(
            "((g0 + {0}) * L < Q - L ? (g0 + {0}) * L : Q - L)", b);
        reads.push_back(q);
        stores.push_back("pos + " + q);
      }
      emitDepthwiseGroup(reads, stores, /*storesPart=*/false);
    };
    *os << "    float pos[Q];\n";
    inGroups("g0", llvm::divideCeil(positions, lanes), kDepthwiseVectors,
             positionGroup);
    *os << "    for (int oh = 0; oh < OH; ++oh)\n"
        << "      for (int ow = 0; ow < OW; ++ow) plane[oh * OW + ow] = "
           "pos[oh * PWQ + ow];\n";
  } else {
    // Rows r0 + r of `rows`, vectors v0 + j of `count`.
    auto rowGroup = [&](int64_t rows, int64_t count) {
      SmallVector<std::string> reads, stores;
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t j = 0; j < count; ++j) {
          std::string ow =
              out[3] < lanes
                  ? std::string("0")
                  : llvm::formatv(
                        "((v0 + {0}) * L < OW - L ? (v0 + {0}) * L : OW - L)",
                        j)
                        .str();
          reads.push_back(llvm::formatv("(r0 + {0}) * PWQ + {1}", r, ow));
          stores.push_back(
              llvm::formatv("plane + (r0 + {0}) * OW + {1}", r, ow));
        }
      emitDepthwiseGroup(reads, stores, /*storesPart=*/out[3] < lanes);
    };
    inGroups("r0", out[2], groupRows, [&](int64_t rows) {
      inGroups("v0", rowVectors, groupVectors,
               [&](int64_t count) { rowGroup(rows, count); });
    });
  }
  // Over the whole plane, not row by row: narrow rows would leave most of
  // an activation's vector loop to its scalar remainder.
  emitActivation(op, "plane", "OH * OW");
  *os << "  }\n}\n\n";
  emitTaskLauncher(op, fn, op.getTasks());
}

/// True for the fused activations a micro-kernel applies as its clamp.
static bool isClamp(StringRef activation) {
  return activation == "relu" || activation == "clip";
}

void CEmitter::emitTileActivation(Operation *op, StringRef tile,
                                  StringRef rowStride, StringRef condition) {
  // The clamp is the micro-kernel's; the rest runs on the tile just stored,
  // while it is in L1.
  StringRef activation = op->getAttrOfType<StringAttr>("activation");
  if (activation == "none" || isClamp(activation))
    return;
  if (!condition.empty())
    *os << "  if (" << condition << ")\n";
  *os << "  for (int r = 0; r < MR; ++r) {\n"
      << "  float *restrict q = " << tile << " + r * " << rowStride << ";\n";
  emitActivation(op, "q", "NR");
  *os << "  }\n";
}

std::string CEmitter::clampArguments(Operation *op, StringRef applies) {
  StringRef activation = op->getAttrOfType<StringAttr>("activation");
  if (!isClamp(activation))
    return "0, 0.0f, 0.0f";
  if (activation == "relu")
    return (applies + ", 0.0f, 3.40282347e+38f").str();
  return applies.str() + ", " +
         floatLiteral(
             op->getAttrOfType<FloatAttr>("clip_min").getValueAsDouble()) +
         ", " +
         floatLiteral(
             op->getAttrOfType<FloatAttr>("clip_max").getValueAsDouble());
}

void CEmitter::emitPackedConv2D(kernel::PackedConv2DOp op, StringRef fn) {
  ArrayRef<int64_t> in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
  Value residual = op.getResidual();
  int64_t group = op.getGroup(), mr = op.getTile()[0], nr = op.getTile()[1];
  bool inPlace = !op.getWorkspace(), pixelRows = op.getPixelRows(),
       rowTiles = op.getRowTiles();
  std::string tile = microKernel(mr, nr);
  int64_t positions = kernel::tiledPixels(in, out, inPlace);
  int64_t pixelTiles = kernel::independentPixelTiles(
      out, positions, op.getPixelsPerTile(), rowTiles);
  int64_t panels =
      kernel::independentTiles(out[1] / group, op.getChannelsPerTile());
  bool splitPixels = kernel::splitsFirst(pixelTiles, panels, op.getTasks());
  emitTaskSignature(op, fn);
  // CT output channels by PX pixel positions per tile (MR by NR, or NR by
  // MR when the rows are pixels), of Q positions (kernel::tiledPixels).
  *os << llvm::formatv(
      "  enum {{ N = {0}, C = {1}, H = {2}, W = {3}, OC = {4}, OH = {5}, OW = "
      "{6}, G = {7},\n"
      "         KH = {8}, KW = {9}, SH = {10}, SW = {11}, DH = {12}, DW = "
      "{13}, PT = {14}, PL = {15},\n"
      "         ICG = C / G, OCG = OC / G, K = ICG * KH * KW, P = OH * OW, Q "
      "= {16},\n"
      "         MR = {17}, NR = {18}, CT = {19}, PX = {20},\n"
      "         OCB = (OCG + CT - 1) / CT, PB = (Q + PX - 1) / PX, TASKS = "
      "{21} };\n",
      in[0], in[1], in[2], in[3], out[1], out[2], out[3], group,
      op.getKernelShape()[0], op.getKernelShape()[1], op.getStrides()[0],
      op.getStrides()[1], op.getDilations()[0], op.getDilations()[1],
      op.getPads()[0], op.getPads()[1], positions, mr, nr,
      pixelRows ? "NR" : "MR", pixelRows ? "MR" : "NR", op.getTasks());
  if (rowTiles)
    *os << "  enum { SEG = (OW + PX - 1) / PX };\n";
  int64_t gatheredTiles = op.getGatheredTiles();
  if (gatheredTiles > 1)
    *os << "  enum { GT = " << gatheredTiles << " };\n";
  // With row tiles the tasks share out output rows.
  *os << (rowTiles ? taskShare("oh", "OH", pixelTiles, splitPixels)
                   : taskShare("pb", "PB", pixelTiles, splitPixels))
      << taskShare("ob", "OCB", panels, !splitPixels);
  bool hasBias = static_cast<bool>(op.getBias());
  *os << "  for (int n = 0; n < N; ++n)\n"
      << "  for (int g = 0; g < G; ++g) {\n"
      << "    const float *restrict x = in0 + (n * C + g * ICG) * H * W;\n"
      << "    float *restrict y = out + (n * OC + g * OCG) * P;\n";
  // The residual is laid out as the output.
  if (residual)
    *os << "    const float *restrict res = " << sourceName(op, residual)
        << " + (n * OC + g * OCG) * P;\n";
  // A tile's outputs go through a block unless they are whole rows of
  // consecutive output pixels: `at` says where each of its positions lands
  // in an output plane (-1: past its row's last output, dropped).
  bool throughBlock = pixelRows || positions != out[2] * out[3];
  // Row tiles (pixel rows only) are consecutive outputs from o0 on, as are
  // tiles over positions that are the output pixels (from p0 on).
  bool consecutive = rowTiles || positions == out[2] * out[3];
  // The loop over the tiles of positions: the task's, or its group's when
  // it gathers several at once.
  std::string positionTileLoop =
      std::string(gatheredTiles > 1
                      ? "    for (int pb = pg; pb < pg_hi; ++pb) {\n"
                      : "    for (int pb = pb_lo; pb < pb_hi; ++pb) {\n") +
      "      const int p0 = " + tileStart("pb", "PX", "Q") + ";\n";
  std::string pixelLoop =
      rowTiles ? "    for (int oh = oh_lo; oh < oh_hi; ++oh)\n"
                 "    for (int sg = 0; sg < SEG; ++sg) {\n"
                 "      const int o0 = oh * OW + (" +
                     tileStart("sg", "PX", "OW") + ");\n" +
                     (inPlace ? "      const int p0 = o0 + oh * (W - OW);\n"
                              : "      const int p0 = o0;\n")
               : positionTileLoop;
  if (throughBlock)
    pixelLoop += consecutive
                     ? "      int at[PX];\n"
                       "      for (int j = 0; j < PX; ++j) at[j] = " +
                           std::string(rowTiles ? "o0" : "p0") + " + j;\n"
                     : "      int at[PX];\n"
                       "      for (int j = 0; j < PX; ++j) {\n"
                       "        const int q = p0 + j;\n"
                       "        at[j] = q % W < OW ? q / W * OW + q % W : -1;\n"
                       "      }\n";
  std::string panelLoop = "      for (int ob = ob_lo; ob < ob_hi; ++ob) {\n"
                          "        const int oc0 = " +
                          tileStart("ob", "CT", "OCG") + ";\n";
  // A conv that gathers GT pixel tiles at a time gathers a group's patches
  // first, then runs each weight panel over all of them.
  std::string patchBlock = gatheredTiles > 1 ? "task * GT + pb - pg" : "task";
  if (gatheredTiles > 1) {
    *os << "    for (int pg = pb_lo; pg < pb_hi; pg += GT) {\n"
        << "    const int pg_hi = pg + GT < pb_hi ? pg + GT : pb_hi;\n"
        << positionTileLoop;
    emitPatchGather(op, patchBlock);
    *os << "    }\n";
  }
  bool panelsOuter = op.getWeightPanelsOuter() || gatheredTiles > 1;
  if (panelsOuter)
    *os << panelLoop;
  *os << pixelLoop;
  // The terms, and the strides from one to the next of the patch and
  // weight operands: a kernel window over the input read in place, or
  // rows of the gathered patches.
  std::string window = "ICG, KH, KW", patches = "x + p0",
              patchStrides = "H * W, DH * W, DW",
              weightStrides = "KH * KW * CT, KW * CT, CT";
  if (!inPlace) {
    window = "K, 1, 1";
    patches = "b";
    patchStrides = "PX, 0, 0";
    weightStrides = "CT, 0, 0";
    if (gatheredTiles > 1)
      *os << "      const float *restrict b = "
          << gatheredPatches(op, patchBlock) << ";\n";
    else
      emitPatchGather(op, patchBlock);
  }
  if (!panelsOuter)
    *os << panelLoop;
  std::string weights = "in1 + (g * OCB + ob) * K * CT";
  std::string bias = hasBias ? "in2 + g * OCG + oc0" : "NULL";
  auto call = [&](StringRef a, StringRef aStrides, StringRef b,
                  StringRef bStrides, StringRef c, StringRef cs,
                  StringRef addend, StringRef rowInit, StringRef colInit,
                  StringRef clamp) {
    *os << "        " << tile << "(" << window << ",\n"
        << "            " << a << ", 1, " << aStrides << ",\n"
        << "            " << b << ", " << bStrides << ",\n"
        << "            " << c << ", " << cs << ", " << addend << ", "
        << rowInit << ", " << colInit << ", " << clamp << ");\n";
  };
  if (!throughBlock) {
    // The micro-kernel adds the residual, laid out as its tile, in
    // registers.
    call(weights, weightStrides, patches, patchStrides, "y + oc0 * P + p0", "P",
         residual ? "res + oc0 * P + p0" : "NULL", bias, "NULL",
         clampArguments(op));
    emitTileActivation(op, "y + oc0 * P + p0", "P");
  } else {
    // The block's rows are pixels (transposed into the channel planes) or
    // channels, so the residual is added as it is stored, then the whole
    // activation (not the micro-kernel's clamp, which would come first).
    std::string at =
        pixelRows ? "(oc0 + j) * P + at[i]" : "(oc0 + i) * P + at[j]";
    *os << "        float block[MR * NR];\n";
    std::string clamp = residual ? "0, 0.0f, 0.0f" : clampArguments(op);
    // Channel rows over positions are stored where they land, as above, when
    // all of them fall in one output row: going through the block and its
    // per-output scatter made SqueezeNet's 3x3 convs on 55x55 planes 1.2
    // times slower, ResNet-18's on 56x56 1.03 times.
    bool directWhenInRow = !pixelRows;
    if (directWhenInRow) {
      *os << "        const int direct = "
             "at[0] >= 0 && at[PX - 1] == at[0] + PX - 1;\n"
             "        float *restrict c = direct ? y + oc0 * P + at[0] : "
             "block;\n";
      if (residual)
        clamp = clampArguments(op, "direct");
    }
    if (pixelRows)
      call(patches, patchStrides, weights, weightStrides, "block", "NR", "NULL",
           "NULL", bias, clamp);
    else
      call(weights, weightStrides, patches, patchStrides, "c",
           "direct ? P : NR",
           residual ? "direct ? res + oc0 * P + at[0] : NULL" : "NULL", bias,
           "NULL", clamp);
    std::string value = "block[i * NR + j]";
    if (residual) {
      value = "(" + value + " + res[" + at + "])";
      std::string activation = activationExpression(op, value);
      if (!activation.empty())
        value = activation;
      if (directWhenInRow)
        emitTileActivation(op, "c", "P", "direct");
    } else {
      emitTileActivation(op, directWhenInRow ? "c" : "block",
                         directWhenInRow ? "(direct ? P : NR)" : "NR");
    }
    *os << (directWhenInRow ? "        if (!direct)\n" : "")
        << "        for (int i = 0; i < MR; ++i)\n"
        << "          for (int j = 0; j < NR; ++j)\n"
        << "            if (" << (pixelRows ? "at[i]" : "at[j]") << " >= 0) y["
        << at << "] = " << value << ";\n";
  }
  *os << "      }\n"
      << "    }\n"
      << (gatheredTiles > 1 ? "    }\n" : "") << "  }\n}\n\n";
  emitTaskLauncher(op, fn, op.getTasks());
}

std::string CEmitter::gatheredPatches(kernel::PackedConv2DOp op,
                                      StringRef block) {
  return (sourceName(op, op.getWorkspace()) + " + (" + block + ") * K * PX")
      .str();
}

void CEmitter::emitPatchGather(kernel::PackedConv2DOp op, StringRef block) {
  *os << "      float *restrict b = " << gatheredPatches(op, block) << ";\n";
  // A 1x1 conv at stride 1, unpadded, has one term per input channel, and
  // a tile's pixels are a run of its plane.
  if (op.getKernelShape() == ArrayRef<int64_t>{1, 1} &&
      kernel::readsInputInPlace(op.getStrides(), op.getPads())) {
    *os << "      for (int ic = 0; ic < ICG; ++ic)\n"
        << "        for (int j = 0; j < PX; ++j) b[ic * PX + j] = x[ic * H * "
           "W + p0 + j];\n";
    return;
  }
  int64_t strideW = op.getStrides()[1];
  // One row of PX pixels per term k. The tile's pixels fall in a few runs
  // along output rows, found once per tile; each run of each term reads
  // one input row. Where a run's columns fall in the row depends on the
  // kernel tap, not the channel: found once per tap, for all channels
  // (per term, it took as long as the copying).
  std::string lanes = std::to_string(vectorISA.floatLanes);
  *os << "      int run_j[PX], run_oh[PX], run_ow[PX], run_n[PX], runs = 0;\n"
      << "      for (int j = 0; j < PX; j += run_n[runs++]) {\n"
      << "        run_j[runs] = j;\n"
      << "        run_oh[runs] = (p0 + j) / OW;\n"
      << "        run_ow[runs] = (p0 + j) % OW;\n"
      << "        run_n[runs] = OW - run_ow[runs] < PX - j ? OW - "
         "run_ow[runs] : PX - j;\n"
      << "      }\n"
      << "      for (int kh = 0; kh < KH; ++kh)\n"
      << "      for (int kw = 0; kw < KW; ++kw)\n"
      << "      for (int r = 0; r < runs; ++r) {\n"
      << "        const int run = run_n[r];\n"
      << "        const int ih = run_oh[r] * SH + kh * DH - PT;\n"
      << "        const int inside = ih >= 0 && ih < H;\n"
      << "        // Columns t in [lo, hi) read inside the input row: a plain\n"
      << "        // copy (contiguous at stride 1), zeros around it; none "
         "when\n"
      << "        // the row is padding.\n"
      << "        const int iw0 = run_ow[r] * SW + kw * DW - PL;\n"
      << columnsInsideRow("        ", "iw0", "run")
      << "        if (!inside) lo = hi = 0;\n"
      << "        // Up to vhi, whole vectors of columns.\n"
      << "        int vhi = lo;\n";
  // At stride 2 they come from deinterleaving loads (ResNet's 7x7/2 stem
  // conv gathered in 0.41 of its 1.24 ms), each reading 2 * lanes floats,
  // one past the last column it keeps, which must be inside the row too.
  if (strideW == 2)
    *os << llvm::formatv("        while (vhi + {0} <= hi && iw0 + 2 * (vhi + "
                         "{0}) <= W) vhi += {0};\n",
                         lanes);
  *os << "        const float *restrict row = x + (inside ? ih : 0) * W + "
         "iw0;\n"
      << "        for (int ic = 0; ic < ICG; ++ic) {\n"
      << "          float *restrict dst = b + ((ic * KH + kh) * KW + kw) * "
         "PX + run_j[r];\n"
      << "          const float *restrict xr = row + ic * H * W;\n"
      << "          int t = 0;\n"
      << "          for (; t < lo; ++t) dst[t] = 0.0f;\n";
  if (strideW == 2)
    *os << "          for (; t < vhi; t += " << lanes << ")\n"
        << "            "
        << llvm::formatv(vectorISA.store, "dst + t",
                         llvm::formatv(vectorISA.loadEven, "xr + 2 * t"))
        << "\n";
  *os << "          for (; t < hi; ++t) dst[t] = xr[t * SW];\n"
      << "          for (; t < run; ++t) dst[t] = 0.0f;\n"
      << "        }\n"
      << "      }\n";
}

void CEmitter::emitPackedMatmul(kernel::PackedMatmulOp op, StringRef fn) {
  ArrayRef<int64_t> a = shapeOf(op.getA()), y = shapeOf(op.getOutput());
  int64_t mr = op.getTile()[0], nr = op.getTile()[1];
  std::string tile = microKernel(mr, nr);
  int64_t rows = elementsOf(op.getA()) / a.back();
  int64_t rowTiles = kernel::independentTiles(rows, mr);
  int64_t columnPanels = kernel::independentTiles(y.back(), nr);
  bool splitRows = kernel::splitsFirst(rowTiles, columnPanels, op.getTasks());
  emitTaskSignature(op, fn);
  *os << llvm::formatv(
      "  enum {{ M = {0}, N = {1}, K = {2}, MR = {3}, NR = {4},\n"
      "         MB = (M + MR - 1) / MR, NB = (N + NR - 1) / NR, TASKS = {5} "
      "};\n",
      rows, y.back(), a.back(), mr, nr, op.getTasks());
  *os << taskShare("mb", "MB", rowTiles, splitRows)
      << taskShare("nb", "NB", columnPanels, !splitRows);
  *os << "  for (int nb = nb_lo; nb < nb_hi; ++nb) {\n"
      << "    const int j0 = " << tileStart("nb", "NR", "N") << ";\n"
      << "    for (int mb = mb_lo; mb < mb_hi; ++mb) {\n"
      << "      const int i0 = " << tileStart("mb", "MR", "M") << ";\n"
      << "      " << tile
      << "(K, 1, 1, in0 + i0 * K, K, 1, 0, 0, in1 + nb * K * NR, NR, 0, 0,\n"
      << "          out + i0 * N + j0, N, NULL, NULL, "
      << (op.getBias() ? "in2 + j0" : "NULL") << ", " << clampArguments(op)
      << ");\n";
  emitTileActivation(op, "out + i0 * N + j0", "N");
  *os << "    }\n"
      << "  }\n}\n\n";
  emitTaskLauncher(op, fn, op.getTasks());
}

std::string CEmitter::int8MicroKernel(int64_t rows, int64_t columns,
                                      bool channelLanes, bool weightPairs) {
  std::string name =
      llvm::formatv("edgecc_int8_tile_{0}{1}x{2}{3}", channelLanes ? "c" : "",
                    rows, columns, weightPairs ? "_w16" : "")
          .str();
  if (!microKernels.insert(name).second)
    return name;
  std::string weights =
      weightPairs
          ? llvm::formatv("A's weights 0 and 2 of row i at a + ((cb * taps + "
                          "t) * {0} + i) * 2 and\n"
                          "   1 and 3 at a + ((cb * taps + t) * {0} + {1} + "
                          "i) * 2 (int16)",
                          rows * 2, rows)
                .str()
          : llvm::formatv("A's 4 signed bytes at a + ((cb * taps + t) * {0} + "
                          "i) * 4",
                          rows)
                .str();
  std::string term = llvm::formatv(
      "   of {0}\n   and B's 4 unsigned bytes at b + (cb * block_stride + "
      "tap_offset[t] + {1}) * 4, wrapping in 32 bits",
      weights, channelLanes ? "pixel[j]" : "j");
  StringRef weightType = weightPairs ? "int16_t" : "int8_t";
  *os << "/* C[" << rows << " x " << columns
      << "] = sum over channel blocks cb < blocks and taps t < taps of the "
         "dot products\n"
      << term
      << (channelLanes ? ",\n   stored transposed: C[i][j] at c[j * " +
                             std::to_string(rows) + " + i]. */\n"
                       : ". */\n")
      << "static inline __attribute__((always_inline)) void " << name
      << "(\n    int blocks, int taps, const int32_t *restrict tap_offset,\n"
      << "    const " << weightType
      << " *restrict a, const uint8_t *restrict b, ptrdiff_t "
         "block_stride,\n"
      << (channelLanes ? "    const int32_t *restrict pixel, " : "    ")
      << "int32_t *restrict c) {\n";
  // The vector unit's dot product, or plain C without one. Weights are
  // widened only for a unit with a dot product of 16-bit pairs.
  const ByteDotISA *dot = vectorISA.byteDot;
  assert((!weightPairs || (dot && dot->pairDot)) &&
         "int16 weights need a dot product of 16-bit pairs");
  const char *dotTerm = dot ? (weightPairs ? dot->pairDot : dot->dot) : nullptr;
  // Kept rolled where the terms are vector intrinsics (see kRolledLoop).
  std::string rolled = dot ? kRolledLoop : "";
  std::string terms =
      rolled + "  for (int cb = 0; cb < blocks; ++cb)\n" + rolled +
      "  for (int t = 0; t < taps; ++t) {\n"
      "    const ptrdiff_t at = (cb * block_stride + "
      "tap_offset[t]) * 4;\n"
      "    const " +
      weightType.str() + " *restrict ak = a + (cb * taps + t) * " +
      std::to_string(rows * 4) + ";\n";
  if (!dot) {
    // Plain C, which clang vectorizes for NEON (de-interleaving loads of the
    // 4-byte groups); the sums run in unsigned 32 bits, which wrap as the
    // vector instructions do. The inner loop runs along the pixels, or with
    // channel lanes along the channels.
    std::string weights = "const int w0 = ak[4 * i], w1 = ak[4 * i + 1], "
                          "w2 = ak[4 * i + 2], w3 = ak[4 * i + 3];";
    std::string pixel =
        llvm::formatv("const uint8_t *restrict x = b + at + {0} * 4;",
                      channelLanes ? "pixel[j]" : "j");
    *os << "  enum { MR = " << rows << ", NR = " << columns << " };\n"
        << "  uint32_t acc[MR * NR] = {0};\n"
        << terms << "    for (int "
        << (channelLanes ? "j = 0; j < NR; ++j" : "i = 0; i < MR; ++i")
        << ") {\n"
        << "      " << (channelLanes ? pixel : weights) << "\n"
        << "      for (int "
        << (channelLanes ? "i = 0; i < MR; ++i" : "j = 0; j < NR; ++j")
        << ") {\n"
        << "        " << (channelLanes ? weights : pixel) << "\n"
        << "        acc[" << (channelLanes ? "j * MR + i" : "i * NR + j")
        << "] += (uint32_t)(w0 * x[0] + w1 * x[1] + w2 * x[2] + w3 * "
           "x[3]);\n"
        << "      }\n"
        << "    }\n"
        << "  }\n"
        << "  for (int i = 0; i < MR * NR; ++i) c[i] = (int32_t)acc[i];\n"
        << "}\n\n";
    return name;
  }
  // The vectors run along the columns (B's pixels) and A's rows are
  // broadcast, or with channel lanes along the rows (A's channels) and
  // B's pixels are broadcast. Accumulator (k, v) is broadcast k's vector v.
  // Row r's weights are at ak + 4 * r, or as pairs, 0 and 2 at ak + 2 * r
  // and 1 and 3 (the odd pairs, `o`) at ak + 2 * (rows + r).
  int64_t lanes = vectorISA.floatLanes;
  int64_t vectors = (channelLanes ? rows : columns) / lanes,
          broadcasts = channelLanes ? columns : rows;
  auto acc = [](int64_t k, int64_t v) {
    return llvm::formatv("c{0}_{1}", k, v).str();
  };
  auto weightsOfRow = [&](int64_t row) {
    return "ak + " + std::to_string(row * (weightPairs ? 2 : 4));
  };
  auto oddPairsOfRow = [&](int64_t row) {
    return "ak + " + std::to_string((rows + row) * 2);
  };
  std::string vt = dot->intVector;
  for (int64_t k = 0; k < broadcasts; ++k)
    for (int64_t v = 0; v < vectors; ++v)
      *os << "  " << vt << " " << acc(k, v) << " = " << dot->zero << ";\n";
  // Each pixel's bytes through a pointer of its own, kept in a register.
  if (channelLanes)
    for (int64_t k = 0; k < broadcasts; ++k)
      *os << "  const uint8_t *restrict b" << k << " = b + pixel[" << k
          << "] * 4;\n";
  *os << terms;
  for (int64_t v = 0; v < vectors; ++v) {
    std::string at = channelLanes ? weightsOfRow(v * lanes)
                                  : "b + at + " + std::to_string(v * lanes * 4);
    *os << "    const " << vt << " v" << v << " = "
        << llvm::formatv(dot->load, at) << ";\n";
    if (channelLanes && weightPairs)
      *os << "    const " << vt << " o" << v << " = "
          << llvm::formatv(dot->load, oddPairsOfRow(v * lanes)) << ";\n";
  }
  for (int64_t k = 0; k < broadcasts; ++k) {
    std::string from =
        channelLanes ? "b" + std::to_string(k) + " + at" : weightsOfRow(k);
    *os << "    { int32_t w; __builtin_memcpy(&w, " << from << ", 4); const "
        << vt << " s = " << llvm::formatv(dot->broadcast, "w") << ";";
    bool oddBroadcast = !channelLanes && weightPairs;
    if (oddBroadcast)
      *os << " int32_t w13; __builtin_memcpy(&w13, " << oddPairsOfRow(k)
          << ", 4); const " << vt
          << " o = " << llvm::formatv(dot->broadcast, "w13") << ";";
    // The dot product takes its unsigned bytes first: the input's.
    for (int64_t v = 0; v < vectors; ++v) {
      std::string vector = "v" + std::to_string(v);
      std::string odd = oddBroadcast ? "o" : "o" + std::to_string(v);
      *os << " " << acc(k, v) << " = "
          << llvm::formatv(dotTerm, channelLanes ? "s" : vector,
                           channelLanes ? vector : "s", acc(k, v), odd)
          << ";";
    }
    *os << " }\n";
  }
  *os << "  }\n";
  for (int64_t k = 0; k < broadcasts; ++k)
    for (int64_t v = 0; v < vectors; ++v)
      *os << "  "
          << llvm::formatv(
                 dot->store,
                 llvm::formatv("c + {0}", k * vectors * lanes + v * lanes),
                 acc(k, v))
          << "\n";
  *os << "}\n\n";
  return name;
}

std::string CEmitter::emitRequantization(ArrayRef<int32_t> multipliers,
                                         ArrayRef<int32_t> shifts,
                                         int64_t zeroPoint, int64_t lo,
                                         int64_t hi, StringRef channel) {
  SmallVector<std::string> scales;
  for (auto [multiplier, shift] : llvm::zip_equal(multipliers, shifts)) {
    std::optional<double> scale =
        hasDoublePrecision()
            ? requantizationScale(multiplier, shift, zeroPoint, lo, hi)
            : std::nullopt;
    if (!scale)
      break;
    // Hexadecimal: the exact double.
    char hex[40];
    std::snprintf(hex, sizeof(hex), "%a", *scale);
    scales.push_back(hex);
  }
  std::string index = multipliers.size() > 1 ? channel.str() : "0";
  std::string bounds = llvm::formatv("{0}, {1}, {2}", zeroPoint, lo, hi).str();
  if (scales.size() == multipliers.size()) {
    *os << "  " << constantQualifier() << " double scale[] = {"
        << llvm::join(scales, ", ") << "};\n";
    return llvm::formatv("edgecc_requantize_scaled({{0}, scale[{0}], {1})",
                         index, bounds)
        .str();
  }
  emitFixedPointTables(multipliers, shifts);
  return llvm::formatv(
             "edgecc_requantize({{0}, multiplier[{0}], shift[{0}], {1})", index,
             bounds)
      .str();
}

void CEmitter::emitFixedPointTables(ArrayRef<int32_t> multipliers,
                                    ArrayRef<int32_t> shifts) {
  *os << "  " << constantQualifier() << " int32_t multiplier[] = {"
      << intList(SmallVector<int64_t>(multipliers.begin(), multipliers.end()))
      << "};\n"
      << "  " << constantQualifier() << " int32_t shift[] = {"
      << intList(SmallVector<int64_t>(shifts.begin(), shifts.end())) << "};\n";
}

std::string CEmitter::emitWideRequantization(ArrayRef<int32_t> multipliers,
                                             ArrayRef<int32_t> shifts,
                                             int64_t zeroPoint, int64_t lo,
                                             int64_t hi, StringRef channel) {
  SmallVector<int64_t> limits;
  for (auto [multiplier, shift] : llvm::zip_equal(multipliers, shifts))
    limits.push_back(
        *wideRequantizationLimit(multiplier, shift, zeroPoint, lo, hi));
  *os << "  " << constantQualifier() << " int64_t limit[] = {"
      << intList(limits) << "};\n";
  emitFixedPointTables(multipliers, shifts);
  std::string index = multipliers.size() > 1 ? channel.str() : "0";
  return llvm::formatv("edgecc_requantize_wide({{0}, limit[{0}], "
                       "multiplier[{0}], shift[{0}], {1}, {2}, {3})",
                       index, zeroPoint, lo, hi)
      .str();
}

void CEmitter::emitDepthwiseInt8Conv2D(kernel::DepthwiseInt8Conv2DOp op,
                                       StringRef fn) {
  ArrayRef<int64_t> in = shapeOf(op.getInput()), w = shapeOf(op.getWeight()),
                    out = shapeOf(op.getOutput()),
                    plane = shapeOf(op.getWorkspace()),
                    strides = op.getStrides(), dilations = op.getDilations();
  auto [lo, hi] = requantizeBounds(elementOf(op.getOutput()), op.getClampMin(),
                                   op.getClampMax());
  StringRef outType = cTypeOf(op.getOutput());
  int64_t phaseRows = plane[1] / (strides[0] * strides[1]);
  SmallVector<int64_t> tapOffsets =
      phaseTapOffsets(w.drop_front(2), strides, dilations, phaseRows, plane[2]);
  // Rows per step: a few hundred positions, so that narrow rows (7x7
  // planes) still fill vectors.
  int64_t rowsPerStep = std::clamp<int64_t>(256 / plane[2], 1, out[2]);
  emitTaskSignature(op, fn);
  *os << llvm::formatv(
      "  enum {{ N = {0}, C = {1}, H = {2}, W = {3}, OH = {4}, OW = {5}, TAPS "
      "= {6},\n"
      "         SH = {7}, SW = {8}, PT = {9}, PL = {10}, PHQ = {11}, PWQ = "
      "{12}, PHASE = PHQ * PWQ,\n"
      "         ZA = {13}, R = {14}, L = {15}, TASKS = {16} };\n",
      in[0], in[1], in[2], in[3], out[2], out[3], w[2] * w[3], strides[0],
      strides[1], op.getPads()[0], op.getPads()[1], phaseRows, plane[2],
      static_cast<int64_t>(op.getInputZeroPoint()), rowsPerStep,
      vectorISA.floatLanes, op.getTasks());
  *os << "  " << constantQualifier() << " int32_t tap_offset[TAPS] = {"
      << intList(tapOffsets) << "};\n";
  std::string requantize = emitRequantization(
      op.getMultipliers(), op.getShifts(), op.getZeroPoint(), lo, hi, "c");
  // The plane holds x - ZA, zeros around it, phase by phase; each output
  // sums its taps in (row, column) order from the bias.
  *os << taskShare("c", "C", in[1], true)
      << "  int16_t *restrict p = in3 + task * SH * SW * PHASE;\n"
      << "  for (int n = 0; n < N; ++n)\n"
      << "  for (int c = c_lo; c < c_hi; ++c) {\n"
      << "    const " << cTypeOf(op.getInput())
      << " *restrict x = in0 + (n * C + c) * H * W;\n"
      << depthwisePlane("int16_t", "(int16_t)(x[{0}] - ZA)", in[3],
                        op.getPads()[1], strides[1], plane[2],
                        vectorISA.floatLanes)
      << "    const int8_t *restrict k = in1 + c * TAPS;\n"
      << "    " << outType << " *restrict y = out + (n * C + c) * OH * OW;\n"
      << "    for (int oh0 = 0; oh0 < OH; oh0 += R) {\n"
      << "      const int rows = OH - oh0 < R ? OH - oh0 : R;\n"
      << "      const int16_t *restrict base = p + oh0 * PWQ;\n"
      << "      " << outType
      << " requantized[R * PWQ];\n"
      // Whole vectors of L positions, the last one ending at the last
      // position (computing a few twice), so that no position is left to
      // a scalar remainder: on small planes that remainder dominated.
      << "      const int count = (rows - 1) * PWQ + OW;\n"
      << "      for (int q0 = 0; q0 < count; q0 += L) {\n"
      << "        const int first = count < L ? 0 : (q0 + L <= count ? q0 : "
         "count - L);\n"
      << "        const int lanes = count < L ? count : L;\n"
      // One vector: left to clang's heuristics, the loop is unrolled by its
      // bound (L) and then vectorized only where the straight-line code is
      // judged worth it, which SSE2's 4 lanes stopped being once the
      // requantization got cheaper (MobileNetV2's depthwise conv over
      // 112x112 planes: 0.72 ms before, 3.1 ms then, 1.07 ms so).
      << kVectorLoop << "        for (int l = 0; l < lanes; ++l) {\n"
      << "          const int q = first + l;\n"
      << "          uint32_t acc = (uint32_t)in2[c];\n"
      << "          for (int t = 0; t < TAPS; ++t)\n"
      << "            acc += (uint32_t)(base[tap_offset[t] + q] * "
         "(int32_t)k[t]);\n"
      << "          requantized[q] = (" << outType << ")"
      << llvm::formatv(requantize.c_str(), "(int32_t)acc") << ";\n"
      << "        }\n"
      << "      }\n"
      << "      for (int r = 0; r < rows; ++r)\n"
      << "        for (int ow = 0; ow < OW; ++ow)\n"
      << "          y[(oh0 + r) * OW + ow] = requantized[r * PWQ + ow];\n"
      << "    }\n"
      << "  }\n}\n\n";
  emitTaskLauncher(op, fn, op.getTasks());
}

void CEmitter::emitPackConvInput(kernel::PackConvInputOp op, StringRef fn) {
  SmallVector<int64_t> in = op.getInputShapeNCHW();
  ArrayRef<int64_t> out = shapeOf(op.getOutput());
  bool flip = !elementOf(op.getInput()).isUnsignedInteger(8);
  bool channelsLast = op.getChannelsLast();
  emitSignature(op, fn);
  // CS and WS: the elements from one channel, and one column, to the next.
  *os << llvm::formatv(
      "  enum {{ N = {0}, C = {1}, H = {2}, W = {3}, CB = {4}, SH = {5}, SW = "
      "{6}, QH = {7}, QW = {8},\n"
      "         PT = {9}, PL = {10}, PAD = {11}, FLIP = {12}, CS = {13}, WS = "
      "{14} };\n",
      in[0], in[1], in[2], in[3], out[1], out[2], out[3], out[4], out[5],
      op.getPads()[0], op.getPads()[1], op.getPadValue(), flip ? "0x80" : "0",
      channelsLast ? "1" : "H * W", channelsLast ? "C" : "1");
  // One row of one phase at a time: columns x whose input column x * SW +
  // b - PL lies in the image copy four channels' bytes side by side.
  *os << "  for (int n = 0; n < N; ++n)\n"
      << "  for (int cb = 0; cb < CB; ++cb)\n"
      << "  for (int y = 0; y < QH * SH; ++y)\n"
      << "  for (int b = 0; b < SW; ++b) {\n"
      << "    uint8_t *restrict dst = out + ((((n * CB + cb) * SH + y % SH) * "
         "SW + b) * QH + y / SH) * QW * 4;\n"
      << "    const int ih = y - PT;\n"
      << "    int lo = 0, hi = 0;\n"
      << "    if (ih >= 0 && ih < H) {\n"
      << "      lo = PL - b > 0 ? (PL - b + SW - 1) / SW : 0;\n"
      << "      hi = W + PL - b > 0 ? (W + PL - b + SW - 1) / SW : 0;\n"
      << "      if (hi > QW) hi = QW;\n"
      << "      if (lo > hi) lo = hi;\n"
      << "    }\n"
      << "    for (int i = 0; i < lo * 4; ++i) dst[i] = PAD;\n"
      << "    for (int i = hi * 4; i < QW * 4; ++i) dst[i] = PAD;\n"
      << "    const " << cTypeOf(op.getInput()) << " *restrict x = in0 + "
      << (channelsLast ? "((n * H + ih) * W + b - PL) * C + 4 * cb"
                       : "((n * C + 4 * cb) * H + ih) * W + b - PL")
      << ";\n"
      << "    if (4 * cb + 4 <= C) {\n"
      << "      for (int i = lo; i < hi; ++i) {\n"
      << "        dst[4 * i] = (uint8_t)(x[i * SW * WS] ^ FLIP);\n"
      << "        dst[4 * i + 1] = (uint8_t)(x[CS + i * SW * WS] ^ FLIP);\n"
      << "        dst[4 * i + 2] = (uint8_t)(x[2 * CS + i * SW * WS] ^ FLIP);\n"
      << "        dst[4 * i + 3] = (uint8_t)(x[3 * CS + i * SW * WS] ^ FLIP);\n"
      << "      }\n"
      << "    } else {\n"
      << "      for (int i = lo; i < hi; ++i)\n"
      << "        for (int j = 0; j < 4; ++j)\n"
      << "          dst[4 * i + j] = 4 * cb + j < C ? (uint8_t)(x[j * CS + i * "
         "SW * WS] ^ FLIP) : PAD;\n"
      << "    }\n"
      << "  }\n}\n\n";
}

void CEmitter::emitPackedInt8Conv2D(kernel::PackedInt8Conv2DOp op,
                                    StringRef fn) {
  ArrayRef<int64_t> in = shapeOf(op.getInput());
  SmallVector<int64_t> out = op.getOutputShapeNCHW();
  ArrayRef<int64_t> kernelShape = op.getKernelShape(),
                    strides = op.getStrides(), dilations = op.getDilations();
  int64_t mr = op.getTile()[0], nr = op.getTile()[1];
  bool channelLanes = op.getChannelLanes();
  bool weightPairs = elementOf(op.getWeight()).isInteger(16);
  std::string tile = int8MicroKernel(mr, nr, channelLanes, weightPairs);
  int64_t positions = op.getTiledPositions();
  int64_t pixelTiles = kernel::independentTiles(positions, nr);
  int64_t panels = kernel::independentTiles(out[1], mr);
  bool splitPixels = kernel::splitsFirst(pixelTiles, panels, op.getTasks());
  // In 4-byte pixels.
  SmallVector<int64_t> tapOffsets =
      phaseTapOffsets(kernelShape, strides, dilations, in[4], in[5]);
  auto [lo, hi] = requantizeBounds(elementOf(op.getOutput()), op.getClampMin(),
                                   op.getClampMax());
  StringRef outType = cTypeOf(op.getOutput());
  emitTaskSignature(op, fn);
  *os << llvm::formatv(
      "  enum {{ N = {0}, CB = {1}, PLANES = {2}, OC = {3}, OH = {4}, OW = "
      "{5}, QW = {6}, TAPS = {7},\n"
      "         P = OH * OW, Q = {8}, MR = {9}, NR = {10}, OCB = (OC + MR - "
      "1) / MR, PB = (Q + NR - 1) / NR,\n"
      "         ZP = {11}, LO = {12}, HI = {13}, TASKS = {14}, CS = {15}, "
      "PS = {16} };\n",
      in[0], in[1], in[2] * in[3] * in[4] * in[5], out[1], out[2], out[3],
      in[5], kernelShape[0] * kernelShape[1], positions, mr, nr,
      static_cast<int64_t>(op.getZeroPoint()), lo, hi, op.getTasks(),
      // The elements from one output channel, and one pixel, to the next.
      op.getChannelsLast() ? "1" : "P", op.getChannelsLast() ? "OC" : "1");
  *os << "  " << constantQualifier() << " int32_t tap_offset[TAPS] = {"
      << intList(tapOffsets) << "};\n";
  std::string requantize = emitRequantization(
      op.getMultipliers(), op.getShifts(), op.getZeroPoint(), lo, hi, "oc");
  *os << taskShare("pb", "PB", pixelTiles, splitPixels)
      << taskShare("ob", "OCB", panels, !splitPixels);
  *os << "  for (int n = 0; n < N; ++n) {\n"
      << "    const uint8_t *restrict x = in0 + n * CB * PLANES * 4;\n"
      << "    " << outType << " *restrict y = out + n * OC * P;\n";
  // Over positions, those past a row's last output (ow >= OW) are dropped
  // as the tile is stored: the tile's positions go out as runs of
  // consecutive outputs (its part of each output row), each a plain copy
  // loop; a store per position with a test measured as slow as the
  // requantization. With channel lanes every pixel is an output, found at
  // its position in the packed rows.
  bool dropsPositions = positions != out[2] * out[3];
  std::string pixelLoop = "    for (int pb = pb_lo; pb < pb_hi; ++pb) {\n"
                          "      const int p0 = " +
                          tileStart("pb", "NR", "Q") + ";\n";
  if (channelLanes)
    pixelLoop += "      int32_t pixel[NR];\n"
                 "      for (int j = 0; j < NR; ++j)\n"
                 "        pixel[j] = (p0 + j) / OW * QW + (p0 + j) % OW;\n";
  if (dropsPositions)
    pixelLoop +=
        "      int run_first[NR], run_at[NR], run_length[NR], runs = 0;\n"
        "      for (int j = 0; j < NR;) {\n"
        "        const int q = p0 + j, column = q % QW;\n"
        "        if (column >= OW) {\n"
        "          j += QW - column;\n"
        "          continue;\n"
        "        }\n"
        "        const int length = OW - column < NR - j ? OW - column : NR - "
        "j;\n"
        "        run_first[runs] = j;\n"
        "        run_at[runs] = q / QW * OW + column;\n"
        "        run_length[runs++] = length;\n"
        "        j += length;\n"
        "      }\n";
  std::string panelLoop = "      for (int ob = ob_lo; ob < ob_hi; ++ob) {\n"
                          "        const int oc0 = " +
                          tileStart("ob", "MR", "OC") + ";\n";
  if (op.getWeightPanelsOuter())
    *os << panelLoop << pixelLoop;
  else
    *os << pixelLoop << panelLoop;
  *os << "        int32_t block[MR * NR];\n"
      << "        " << tile
      << "(CB, TAPS, tap_offset, in1 + ob * CB * TAPS * MR * 4, "
      << (channelLanes ? "x, PLANES, pixel," : "x + p0 * 4, PLANES,")
      << "\n            block);\n";
  if (channelLanes)
    emitChannelLanesStore(requantize, outType, op.getChannelsLast());
  else
    *os << kScalarOuterLoop << "        for (int i = 0; i < MR; ++i) {\n"
        << "          const int oc = oc0 + i;\n"
        << "          const uint32_t bias = (uint32_t)in2[oc];\n"
        << "          " << outType << " requantized[NR];\n"
        << "          for (int j = 0; j < NR; ++j)\n"
        << "            requantized[j] = (" << outType << ")"
        << llvm::formatv(requantize.c_str(),
                         "(int32_t)((uint32_t)block[i * NR + j] + bias)")
        << ";\n"
        << "          " << outType << " *restrict row = y + oc * CS;\n"
        << (dropsPositions
                ? "          for (int r = 0; r < runs; ++r)\n"
                  "            for (int k = 0; k < run_length[r]; ++k)\n"
                  "              row[(run_at[r] + k) * PS] = "
                  "requantized[run_first[r] + k];\n"
                : "          for (int j = 0; j < NR; ++j) row[(p0 + j) * PS] "
                  "= requantized[j];\n")
        << "        }\n";
  *os << "      }\n"
      << "    }\n"
      << "  }\n}\n\n";
  emitTaskLauncher(op, fn, op.getTasks());
}

/// The epilogue of a channel-lanes tile, block[NR][MR]: requantized a
/// pixel's channels at a time (vectors along the channels, as the sums
/// were), then stored: each pixel's MR channels are a run of a
/// channels-last output's row; in NCHW, each channel's NR pixels are.
void CEmitter::emitChannelLanesStore(const std::string &requantize,
                                     StringRef outType, bool channelsLast) {
  *os << "        " << outType << " requantized[NR * MR];\n"
      << kScalarOuterLoop << "        for (int j = 0; j < NR; ++j)\n"
      << "          for (int i = 0; i < MR; ++i) {\n"
      << "            const int oc = oc0 + i;\n"
      << "            requantized[j * MR + i] = (" << outType << ")"
      << llvm::formatv(requantize.c_str(),
                       "(int32_t)((uint32_t)block[j * MR + i] + "
                       "(uint32_t)in2[oc])")
      << ";\n"
      << "          }\n"
      << (channelsLast ? "        for (int j = 0; j < NR; ++j)\n"
                         "          for (int i = 0; i < MR; ++i)\n"
                       : "        for (int i = 0; i < MR; ++i)\n"
                         "          for (int j = 0; j < NR; ++j)\n")
      << "            y[(oc0 + i) * CS + (p0 + j) * PS] = requantized[j * MR "
         "+ i];\n";
}

/// The smallest value of `element`: the identity of max.
std::string csyntax::lowestLiteral(Type element) {
  if (auto floatType = dyn_cast<FloatType>(element))
    return elementLiteral(
        FloatAttr::get(floatType, -std::numeric_limits<double>::infinity()));
  unsigned width = element.getIntOrFloatBitWidth();
  return elementLiteral(
      IntegerAttr::get(element, element.isUnsignedInteger() || width == 1
                                    ? APInt::getZero(width)
                                    : APInt::getSignedMinValue(width)));
}

/// C at `indent` for spatial dim `d` of a pool's window at output o`d`:
/// its first input position s`d` and the range [lo`d`, hi`d`) of taps that
/// land inside the input; returns the C count of taps the average divides
/// by (with count_include_pad, those inside the padded input, which windows
/// may run past in ceil mode).
std::string csyntax::emitWindowBounds(raw_ostream &os, kernel::PoolOp op,
                                      StringRef indent, size_t d) {
  ArrayRef<int64_t> in = shapeOf(op.getInput());
  size_t spatial = op.getKernelShape().size();
  int64_t size = in[d + 2], dilation = op.getDilations()[d],
          kernel = op.getKernelShape()[d];
  std::string i = std::to_string(d);
  os << llvm::formatv(
      "{0}const int s{1} = o{1} * {2} - {3};\n"
      "{0}const int lo{1} = s{1} < 0 ? (-s{1} + {4} - 1) / {4} : 0;\n"
      "{0}int hi{1} = s{1} > {5} ? 0 : ({5} - s{1}) / {4} + 1;\n"
      "{0}if (hi{1} > {6}) hi{1} = {6};\n",
      indent, i, op.getStrides()[d], op.getPads()[d], dilation, size - 1,
      kernel);
  if (op.getKind() != "avg" || !op.getCountIncludePad())
    return "(hi" + i + " > lo" + i + " ? hi" + i + " - lo" + i + " : 0)";
  os << llvm::formatv("{0}int padded{1} = ({2} - s{1}) / {3} + 1;\n"
                      "{0}if (padded{1} > {4}) padded{1} = {4};\n",
                      indent, i, size + op.getPads()[d + spatial] - 1, dilation,
                      kernel);
  return "padded" + i;
}

/// The statement that takes tap value `v` into the pool's accumulator
/// `acc`.
std::string csyntax::poolStep(kernel::PoolOp op, StringRef v, StringRef acc) {
  std::string magnitude = llvm::formatv("({0} < 0.0f ? -{0} : {0})", v);
  if (op.getKind() == "max")
    return llvm::formatv("{1} = {0} > {1} ? {0} : {1};", v, acc);
  if (op.getKind() == "avg" || op.getP() == 1)
    return llvm::formatv("{1} += {0};",
                         op.getKind() == "avg" ? v.str() : magnitude, acc);
  if (op.getP() == 2)
    return llvm::formatv("{1} += {0} * {0};", v, acc);
  return llvm::formatv("{1} += edgecc_powf({0}, {2});", magnitude, acc,
                       floatLiteral(static_cast<float>(op.getP())));
}

/// The accumulator's start: the identity of the pool's step.
std::string csyntax::poolStart(kernel::PoolOp op) {
  return op.getKind() == "max" ? lowestLiteral(elementOf(op.getInput()))
                               : std::string("0.0f");
}

/// True when the accumulated value is not yet the pool's result (average,
/// and Lp norms other than p = 1).
bool csyntax::poolFinishes(kernel::PoolOp op) {
  return op.getKind() == "avg" || (op.getKind() == "lp" && op.getP() != 1);
}

/// The statement that turns the accumulated `acc` into the pool's result
/// (empty unless poolFinishes); `count` is the taps the average divides by.
std::string csyntax::poolFinish(kernel::PoolOp op, StringRef acc,
                                StringRef count) {
  if (!poolFinishes(op))
    return "";
  if (op.getKind() == "avg")
    return llvm::formatv("{0} = {1} > 0 ? {0} / (float)({1}) : 0.0f;", acc,
                         count);
  if (op.getP() == 2)
    return llvm::formatv("{0} = edgecc_sqrtf({0});", acc);
  return llvm::formatv("{0} = edgecc_powf({0}, {1});", acc,
                       floatLiteral(1.0f / static_cast<float>(op.getP())));
}

void CEmitter::emitPool(kernel::PoolOp op, StringRef fn) {
  ArrayRef<int64_t> in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
  size_t spatial = op.getKernelShape().size();
  StringRef type = cTypeOf(op.getInput());
  // Planes are independent: tasks take shares of them.
  int64_t planes = in[0] * in[1];
  int64_t tasks =
      kernel::chooseTasks(options->threads, planes,
                          elementsOf(op.getOutput()) *
                              ShapedType::getNumElements(op.getKernelShape()));
  emitTaskSignature(op, fn);
  *os << "  enum { TASKS = " << tasks << " };\n"
      << taskShare("nc", std::to_string(planes), planes, true)
      << "  for (int nc = nc_lo; nc < nc_hi; ++nc) {\n"
      << "    const " << type << " *restrict x = in0 + nc * "
      << ShapedType::getNumElements(in.drop_front(2)) << ";\n"
      << "    " << type << " *restrict y = out + nc * "
      << ShapedType::getNumElements(out.drop_front(2)) << ";\n";
  if (spatial == 2) {
    emitPoolRows(op);
    return emitTaskLauncher(op, fn, tasks);
  }
  SmallVector<int64_t> inStrides = rowMajorStrides(in.drop_front(2)),
                       outStrides = rowMajorStrides(out.drop_front(2));
  std::string indent = "    ";
  SmallVector<std::string> reads, writes, counts;
  for (size_t d = 0; d < spatial; ++d) {
    std::string i = std::to_string(d);
    *os << llvm::formatv("{0}for (int o{1} = 0; o{1} < {2}; ++o{1}) {{\n",
                         indent, i, out[d + 2]);
    counts.push_back(emitWindowBounds(*os, op, indent + "  ", d));
    reads.push_back("(s" + i + " + k" + i + " * " +
                    std::to_string(op.getDilations()[d]) + ")");
    writes.push_back("o" + i);
    indent += "  ";
  }
  *os << indent << type << " acc = " << poolStart(op) << ";\n";
  std::string tapIndent = indent;
  for (size_t d = 0; d < spatial; ++d) {
    *os << llvm::formatv("{0}for (int k{1} = lo{1}; k{1} < hi{1}; ++k{1})\n",
                         tapIndent, d);
    tapIndent += "  ";
  }
  *os << tapIndent << "{\n"
      << tapIndent << "  const " << type << " v = x["
      << linearIndex(reads, inStrides) << "];\n"
      << tapIndent << "  " << poolStep(op, "v", "acc") << "\n"
      << tapIndent << "}\n"
      << indent << poolFinish(op, "acc", llvm::join(counts, " * ")) << "\n"
      << indent << "y[" << linearIndex(writes, outStrides) << "] = acc;\n";
  closeBlocks(indent, spatial + 1);
  *os << "}\n\n";
  emitTaskLauncher(op, fn, tasks);
}

/// The output columns [first, end) of a 2-D float max or average pool
/// whose every tap lies inside the input row, in whole vectors of `lanes`
/// that load (at stride 1, or 2 through deinterleaving loads that read
/// one past their last lane) inside the row; empty for other pools.
static std::pair<int64_t, int64_t> poolVectorColumns(kernel::PoolOp op,
                                                     int64_t lanes) {
  ArrayRef<int64_t> in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
  int64_t stride = op.getStrides()[1], pad = op.getPads()[1],
          reach = (op.getKernelShape()[1] - 1) * op.getDilations()[1];
  if (op.getKernelShape().size() != 2 || !elementOf(op.getInput()).isF32() ||
      stride > 2 || (op.getKind() != "max" && op.getKind() != "avg"))
    return {0, 0};
  int64_t first = llvm::divideCeil(pad, stride), end = first;
  while (end + lanes <= out[3] && (end + lanes) * stride + reach - pad <= in[3])
    end += lanes;
  return {first, end};
}

void CEmitter::emitPoolRows(kernel::PoolOp op) {
  // One output row at a time: each tap row and column adds to the whole
  // row, over the columns whose input lies inside the row, so the inner
  // loop is a plain (strided) vector loop. Each output still takes its
  // taps in (row, column) order, as the general loop nest does. A float
  // max or average pool first computes the columns all of whose taps lie
  // inside the row a vector at a time, every tap in registers, and the
  // tap loops skip them: SqueezeNet's 3x3/2 max pool over 111x111 planes
  // went from 0.13 to 0.074 ms.
  ArrayRef<int64_t> in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
  StringRef type = cTypeOf(op.getInput());
  auto [vectorFirst, vectorEnd] = poolVectorColumns(op, vectorISA.floatLanes);
  *os << llvm::formatv(
      "    enum {{ W = {0}, OH = {1}, OW = {2}, KW = {3}, SW = {4}, DH = {5}, "
      "DW = {6}, PL = {7}, VB = {8}, VE = {9} };\n",
      in[3], out[2], out[3], op.getKernelShape()[1], op.getStrides()[1],
      op.getDilations()[0], op.getDilations()[1], op.getPads()[1], vectorFirst,
      vectorEnd);
  *os << "    for (int o0 = 0; o0 < OH; ++o0) {\n";
  std::string rows = emitWindowBounds(*os, op, "      ", 0);
  *os << "      " << type << " *restrict row = y + o0 * OW;\n"
      << "      for (int o1 = 0; o1 < OW; ++o1) row[o1] = " << poolStart(op)
      << ";\n";
  if (vectorEnd > vectorFirst) {
    std::string vt = vectorISA.floatVector;
    std::string load =
        op.getStrides()[1] == 1 ? vectorISA.load : vectorISA.loadEven;
    // max(v, acc) is the scalar step's v > acc ? v : acc on x86 (NaN in
    // acc included); NEON's max propagates a NaN either way.
    std::string step = op.getKind() == "max"
                           ? llvm::formatv(vectorISA.max, "v", "acc").str()
                           : llvm::formatv(vectorISA.add, "acc", "v").str();
    *os << "      for (int o1 = VB; o1 < VE; o1 += " << vectorISA.floatLanes
        << ") {\n"
        << "        " << vt
        << " acc = " << llvm::formatv(vectorISA.broadcast, poolStart(op))
        << ";\n"
        << "        for (int k0 = lo0; k0 < hi0; ++k0)\n"
        << "          for (int k1 = 0; k1 < KW; ++k1) {\n"
        << "            const " << vt << " v = "
        << llvm::formatv(load.c_str(),
                         "x + (s0 + k0 * DH) * W + k1 * DW - PL + o1 * SW")
        << ";\n"
        << "            acc = " << step << ";\n"
        << "          }\n"
        << "        " << llvm::formatv(vectorISA.store, "row + o1", "acc")
        << "\n"
        << "      }\n";
  }
  *os << "      for (int k0 = lo0; k0 < hi0; ++k0) {\n"
      << "        const " << type << " *restrict xr = x + (s0 + k0 * DH) * W;\n"
      << "        for (int k1 = 0; k1 < KW; ++k1) {\n"
      << "          const int iw0 = k1 * DW - PL;\n"
      << columnsInsideRow("          ", "iw0", "OW")
      << (isa<IntegerType>(elementOf(op.getInput())) &&
                  out[3] >= vectorISA.floatLanes
              ? kRolledLoop
              : "");
  auto tapLoop = [&](StringRef first, StringRef end) {
    *os << "          for (int o1 = " << first << "; o1 < " << end
        << "; ++o1) {\n"
        << "            const " << type << " v = xr[iw0 + o1 * SW];\n"
        << "            " << poolStep(op, "v", "row[o1]") << "\n"
        << "          }\n";
  };
  if (vectorEnd > vectorFirst) {
    tapLoop("lo", "(hi < VB ? hi : VB)");
    tapLoop("(lo > VE ? lo : VE)", "hi");
  } else {
    tapLoop("lo", "hi");
  }
  *os << "        }\n"
      << "      }\n";
  if (poolFinishes(op)) {
    *os << "      for (int o1 = 0; o1 < OW; ++o1) {\n";
    std::string columns = emitWindowBounds(*os, op, "        ", 1);
    *os << "        " << poolFinish(op, "row[o1]", rows + " * " + columns)
        << "\n"
        << "      }\n";
  }
  *os << "    }\n  }\n}\n\n";
}

CEmitter::ResampleTerms CEmitter::emitResampleTables(kernel::ResampleOp op) {
  StringRef qualifier = constantQualifier();
  ArrayRef<int64_t> in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
  ResampleTerms terms;
  // Each axis' tables, dropping what is trivial: an axis copied as is
  // reads coordinate o, a one-tap axis needs no weights.
  // Strides of 0 leave size-1 axes out of the index expressions.
  terms.inStrides = rowMajorStrides(in);
  terms.outStrides = rowMajorStrides(out);
  for (auto [axis, stride] : llvm::enumerate(terms.inStrides))
    stride = in[axis] == 1 ? 0 : stride;
  for (auto [axis, stride] : llvm::enumerate(terms.outStrides))
    stride = out[axis] == 1 ? 0 : stride;
  ArrayRef<int64_t> indexTable = op.getIndices();
  ArrayRef<float> weightTable = op.getWeights();
  for (auto [axis, taps] : llvm::enumerate(op.getTaps())) {
    int64_t size = out[axis] * taps;
    ArrayRef<int64_t> indices = indexTable.take_front(size);
    ArrayRef<float> axisWeights = weightTable.take_front(size);
    indexTable = indexTable.drop_front(size);
    weightTable = weightTable.drop_front(size);
    std::string o = "o" + std::to_string(axis), t = "t" + std::to_string(axis);
    std::string at =
        taps == 1 ? o : o + " * " + std::to_string(taps) + " + " + t;
    bool identity = taps == 1 && in[axis] == out[axis] &&
                    llvm::all_of(llvm::enumerate(indices), [](auto entry) {
                      return entry.value() == int64_t(entry.index());
                    });
    std::string read =
        identity ? o : "x" + std::to_string(axis) + "[" + at + "]";
    if (!identity)
      *os << "  " << qualifier << " int x" << axis << "[" << size << "] = {"
          << intList(indices) << "};\n";
    if (llvm::is_contained(indices, -1))
      terms.outside.push_back("x" + std::to_string(axis) + "[" + o + " * " +
                              std::to_string(taps) + "] < 0");
    terms.reads.push_back(read);
    terms.outputs.push_back(o);
    std::string weight;
    if (llvm::any_of(axisWeights, [](float w) { return w != 1.0f; })) {
      *os << "  " << qualifier << " float w" << axis << "[" << size << "] = {"
          << llvm::join(llvm::map_range(axisWeights, floatLiteral), ", ")
          << "};\n";
      weight = "w" + std::to_string(axis) + "[" + at + "]";
    }
    terms.weights.push_back(weight);
  }
  return terms;
}

void CEmitter::emitResample(kernel::ResampleOp op, StringRef fn) {
  ArrayRef<int64_t> out = shapeOf(op.getOutput());
  emitSignature(op, fn);
  ResampleTerms terms = emitResampleTables(op);
  if (emitSeparableResample(op, terms)) {
    *os << "}\n\n";
    return;
  }
  std::string indent = "  ";
  for (auto [axis, size] : llvm::enumerate(out)) {
    *os << indent << "for (int o" << axis << " = 0; o" << axis << " < " << size
        << "; ++o" << axis << ")\n";
    indent += "  ";
  }
  emitResamplePoint(op, terms, indent);
  *os << "}\n\n";
}

/// `value` times the tap weights among `weights` (an empty one is 1).
static std::string weightedTerm(ArrayRef<std::string> weights,
                                StringRef value) {
  SmallVector<std::string> factors;
  for (const std::string &weight : weights)
    if (!weight.empty())
      factors.push_back(weight);
  factors.push_back(value.str());
  return llvm::join(factors, " * ");
}

/// The loop over resample axis `axis`'s `taps` taps (t<axis>), at `indent`;
/// nothing for a single tap.
static std::string resampleTapLoop(int64_t axis, int64_t taps,
                                   StringRef indent) {
  if (taps == 1)
    return "";
  std::string t = "t" + std::to_string(axis);
  return (indent + "for (int " + t + " = 0; " + t + " < " +
          std::to_string(taps) + "; ++" + t + ")\n")
      .str();
}

// The separable resample's blended row is on the stack; wider inputs keep
// the per-point form, so that no kernel's stack grows past 4 KB.
constexpr int64_t kMaxBlendedRowFloats = 1024;

bool CEmitter::emitSeparableResample(kernel::ResampleOp op,
                                     const ResampleTerms &terms) {
  ArrayRef<int64_t> in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
  ArrayRef<int64_t> taps = op.getTaps();
  int64_t rank = out.size();
  if (op.isGather() || rank < 2 || !terms.outside.empty() ||
      !elementOf(op.getInput()).isF32() || in.back() > kMaxBlendedRowFloats)
    return false;
  // The leading axes are copied as they are.
  for (int64_t axis = 0; axis < rank - 2; ++axis)
    if (terms.reads[axis] != terms.outputs[axis])
      return false;
  int64_t rowAxis = rank - 2, columnAxis = rank - 1;
  std::string indent = "  ";
  for (int64_t axis = 0; axis <= rowAxis; ++axis) {
    *os << indent << "for (int o" << axis << " = 0; o" << axis << " < "
        << out[axis] << "; ++o" << axis << ") {\n";
    indent += "  ";
  }
  *os << indent << "float row[" << in[columnAxis] << "] = {0};\n";
  *os << resampleTapLoop(rowAxis, taps[rowAxis], indent);
  *os << indent << "{\n"
      << indent << "  const float *restrict src = in0 + "
      << linearIndex(ArrayRef(terms.reads).drop_back(),
                     ArrayRef(terms.inStrides).drop_back())
      << ";\n"
      << indent << "  for (int i = 0; i < " << in[columnAxis]
      << "; ++i) row[i] += " << weightedTerm(terms.weights[rowAxis], "src[i]")
      << ";\n"
      << indent << "}\n"
      << indent << "for (int o" << columnAxis << " = 0; o" << columnAxis
      << " < " << out[columnAxis] << "; ++o" << columnAxis << ") {\n"
      << indent << "  float acc = 0.0f;\n";
  *os << resampleTapLoop(columnAxis, taps[columnAxis], indent + "  ");
  *os << indent << "  acc += "
      << weightedTerm(terms.weights[columnAxis],
                      "row[" + terms.reads[columnAxis] + "]")
      << ";\n"
      << indent << "  out[" << linearIndex(terms.outputs, terms.outStrides)
      << "] = acc;\n"
      << indent << "}\n";
  for (int64_t axis = rowAxis; axis >= 0; --axis) {
    indent.resize(indent.size() - 2);
    *os << indent << "}\n";
  }
  return true;
}

void CEmitter::emitResamplePoint(kernel::ResampleOp op,
                                 const ResampleTerms &terms, StringRef indent) {
  std::string outAt = linearIndex(terms.outputs, terms.outStrides);
  std::string read = "in0[" + linearIndex(terms.reads, terms.inStrides) + "]";
  *os << indent << "{\n";
  std::string body = (indent + "  ").str();
  if (!terms.outside.empty()) {
    *os << body << "if (" << llvm::join(terms.outside, " || ") << ") {\n"
        << body << "  out[" << outAt
        << "] = " << floatLiteral(op.getExtrapolationValue().convertToFloat())
        << ";\n"
        << body << "} else {\n";
    body += "  ";
  }
  if (op.isGather()) {
    *os << body << "out[" << outAt << "] = " << read << ";\n";
  } else {
    *os << body << "float acc = 0.0f;\n";
    std::string tapIndent = body;
    for (auto [axis, taps] : llvm::enumerate(op.getTaps())) {
      std::string loop = resampleTapLoop(axis, taps, tapIndent);
      *os << loop;
      if (!loop.empty())
        tapIndent += "  ";
    }
    *os << tapIndent << "acc += " << weightedTerm(terms.weights, read) << ";\n"
        << body << "out[" << outAt << "] = acc;\n";
  }
  if (!terms.outside.empty())
    *os << indent << "  }\n";
  *os << indent << "}\n";
}

/// The C expression of a kernel.binary function of `a` and `b`, whose
/// elements have type `element`.
std::string csyntax::binaryExpression(StringRef kind, StringRef a, StringRef b,
                                      Type element) {
  bool isFloat = isa<FloatType>(element);
  bool isSignedInteger = element.isSignlessInteger() && !element.isInteger(1);
  const char *pattern = llvm::StringSwitch<const char *>(kind)
                            .Case("div", "{0} / {1}")
                            .Case("and", "{0} & {1}")
                            .Case("or", "{0} | {1}")
                            .Case("xor", "{0} ^ {1}")
                            .Case("shl", "{0} << {1}")
                            .Case("shr", "{0} >> {1}")
                            .Case("equal", "{0} == {1}")
                            .Case("less", "{0} < {1}")
                            .Case("less_equal", "{0} <= {1}")
                            .Case("greater", "{0} > {1}")
                            .Case("greater_equal", "{0} >= {1}")
                            .Case("prelu", "{0} < 0.0f ? {0} * {1} : {0}")
                            .Default(nullptr);
  if (!pattern && isFloat)
    pattern = llvm::StringSwitch<const char *>(kind)
                  .Case("add", "{0} + {1}")
                  .Case("sub", "{0} - {1}")
                  .Case("mul", "{0} * {1}")
                  .Case("pow", "edgecc_powf({0}, {1})")
                  // NaN wins, as in ONNX.
                  .Case("max", "{0} > {1} || {0} != {0} ? {0} : {1}")
                  .Case("min", "{0} < {1} || {0} != {0} ? {0} : {1}")
                  .Case("mod", "edgecc_fmodf({0}, {1})");
  else if (!pattern)
    pattern =
        llvm::StringSwitch<const char *>(kind)
            // Wrapping arithmetic: signed overflow would be undefined in C.
            .Case("add", "({2})((uint64_t){0} + (uint64_t){1})")
            .Case("sub", "({2})((uint64_t){0} - (uint64_t){1})")
            .Case("mul", "({2})((uint64_t){0} * (uint64_t){1})")
            .Case("pow", "({2})edgecc_powi((int64_t){0}, (int64_t){1})")
            .Case("max", "{0} > {1} ? {0} : {1}")
            .Case("min", "{0} < {1} ? {0} : {1}")
            // The remainder takes the divisor's sign (ONNX Mod, fmod=0).
            .Case("mod", isSignedInteger
                             ? "{0} % {1} != 0 && ({0} % {1} < 0) != ({1} < "
                               "0) ? {0} % {1} + {1} : {0} % {1}"
                             : "{0} % {1}");
  return llvm::formatv(pattern, a, b, dataTypeOf(element)->cType).str();
}

/// C at `indent` declaring `acc`, the kernel.binary `combine` of `initial`
/// and the `count` values `x`[0], `x`[1], ... (of C type `type`, elements
/// `element`). Eight partial results, in a fixed order on every target,
/// break the chain of dependent steps so that the loop vectorizes.
static std::string foldInParts(StringRef indent, StringRef type, StringRef x,
                               StringRef count, StringRef initial,
                               StringRef combine, Type element, StringRef acc) {
  auto step = [&](StringRef value, StringRef into) {
    return llvm::formatv("{0} = {1};", into,
                         binaryExpression(combine, value, into, element))
        .str();
  };
  std::string x_r_l = (x + "[r + l]").str(), x_r = (x + "[r]").str();
  return llvm::formatv("{0}{1} {2} = {3};\n"
                       "{0}{{\n"
                       "{0}  {1} part[8];\n"
                       "{0}  for (int l = 0; l < 8; ++l) part[l] = {3};\n"
                       "{0}  int r = 0;\n"
                       "{0}  for (; r + 8 <= {4}; r += 8)\n"
                       "{0}    for (int l = 0; l < 8; ++l) {5}\n"
                       "{0}  for (int l = 0; l < 8; ++l) {6}\n"
                       "{0}  for (; r < {4}; ++r) {7}\n"
                       "{0}}\n",
                       indent, type, acc, initial, count,
                       step(x_r_l, "part[l]"), step("part[l]", acc),
                       step(x_r, acc))
      .str();
}

/// True when a reduction of `in` (whose element i goes to output
/// i . outStrides) reduces only trailing dims: output o then takes the
/// `reduced` contiguous inputs from o * reduced.
static bool reducesTrailingDims(ArrayRef<int64_t> in,
                                ArrayRef<int64_t> outStrides, int64_t reduced) {
  SmallVector<int64_t> inStrides = rowMajorStrides(in);
  size_t split = in.size();
  while (split > 0 && (outStrides[split - 1] == 0 || in[split - 1] == 1))
    --split;
  int64_t trailing = ShapedType::getNumElements(in.drop_front(split));
  return trailing == reduced &&
         llvm::all_of(llvm::seq<size_t>(0, split), [&](size_t d) {
           return in[d] == 1 || outStrides[d] * reduced == inStrides[d];
         });
}

void CEmitter::emitReduce(kernel::ReduceOp op, StringRef fn) {
  ArrayRef<int64_t> in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
  int64_t outCount = elementsOf(op.getOutput());
  int64_t reduced = elementsOf(op.getInput()) / std::max<int64_t>(outCount, 1);
  StringRef kind = op.getKind();
  // The identity of each reduction and how it takes in one element.
  StringRef initial = llvm::StringSwitch<StringRef>(kind)
                          .Case("max", "-__builtin_inff()")
                          .Case("min", "__builtin_inff()")
                          .Case("prod", "1.0f")
                          .Default("0.0f");
  StringRef combine = llvm::StringSwitch<StringRef>(kind)
                          .Cases("max", "min", kind)
                          .Case("prod", "mul")
                          .Default("add"); // sum, mean
  SmallVector<int64_t> outStrides = broadcastStrides(out, in);
  std::string meanScale = floatLiteral(1.0f / static_cast<float>(reduced));
  if (reducesTrailingDims(in, outStrides, reduced)) {
    // Each output reduces R contiguous inputs, folded in parts so that the
    // loop vectorizes. Outputs are independent: tasks take shares of them.
    int64_t tasks = kernel::chooseTasks(options->threads, outCount,
                                        elementsOf(op.getInput()));
    emitTaskSignature(op, fn);
    *os << "  enum { O = " << outCount << ", R = " << reduced
        << ", TASKS = " << tasks << " };\n"
        << taskShare("o", "O", outCount, true)
        << "  for (int o = o_lo; o < o_hi; ++o) {\n"
        << "    const " << cTypeOf(op.getInput())
        << " *restrict x = in0 + o * R;\n"
        << foldInParts("    ", cTypeOf(op.getOutput()), "x", "R", initial,
                       combine, elementOf(op.getInput()), "acc")
        << "    out[o] = acc" << (kind == "mean" ? " * " + meanScale : "")
        << ";\n"
        << "  }\n}\n\n";
    return emitTaskLauncher(op, fn, tasks);
  }
  emitSignature(op, fn);
  *os << "  for (int i = 0; i < " << outCount << "; ++i) out[i] = " << initial
      << ";\n";
  emitStridedLoops(in, {rowMajorStrides(in), outStrides},
                   [&](ArrayRef<std::string> at) {
                     std::string acc = "out[" + at[1] + "]";
                     *os << acc << " = "
                         << binaryExpression(combine, "in0[" + at[0] + "]", acc,
                                             elementOf(op.getInput()))
                         << ";\n";
                   });
  if (kind == "mean")
    *os << "  for (int i = 0; i < " << outCount
        << "; ++i) out[i] *= " << meanScale << ";\n";
  *os << "}\n\n";
}

// GridSample follows the ONNX reference (and PyTorch's grid_sampler):
// coordinates are denormalized, moved inside by the padding mode, and each
// axis gets 1, 2 or 4 taps (nearest, linear, cubic with Keys' a = -0.75)
// whose indices are moved inside again; with zeros padding a tap outside
// reads nothing. Taps are computed once per output point, for all channels.
void CEmitter::emitGridSample(kernel::GridSampleOp op, StringRef fn) {
  ArrayRef<int64_t> in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
  ArrayRef<int64_t> spatial = in.drop_front(2);
  SmallVector<int64_t> strides = rowMajorStrides(spatial);
  StringRef mode = op.getMode(), padding = op.getPaddingMode();
  bool alignCorners = op.getAlignCorners();
  int taps = mode == "nearest" ? 1 : mode == "linear" ? 2 : 4;
  size_t rank = spatial.size();
  // Reflects x into [lo, hi] off the near border until it lies inside.
  if (padding == "reflection")
    *os << "static float " << fn << "_reflect(float x, float lo, float hi) {\n"
        << "  float range = hi - lo;\n"
        << "  if (range <= 0.0f) return lo;\n"
        << "  if (x >= lo && x <= hi) return x;\n"
        << "  float d = x < lo ? lo - x : x - hi;\n"
        << "  float n = edgecc_floorf(d / range), r = d - n * range;\n"
        << "  int even = (int64_t)n % 2 == 0;\n"
        << "  return (x < lo) == even ? lo + r : hi - r;\n"
        << "}\n\n";
  emitSignature(op, fn);
  *os << llvm::formatv("  enum {{ N = {0}, C = {1}, P = {2}, R = {3}, PLANE = "
                       "{4}, T = {5} };\n",
                       in[0], in[1],
                       ShapedType::getNumElements(out.drop_front(2)), rank,
                       ShapedType::getNumElements(spatial), taps)
      << "  " << constantQualifier() << " int64_t size[R] = {"
      << intList(spatial) << "}, stride[R] = {" << intList(strides) << "};\n"
      << itemLoops({"N", "P"}, {"n", "p"}) << "      " << bufferSpace()
      << "const float *g = in1 + ((int64_t)n * P + p) * R;\n"
      << "      int64_t at[R][T];\n"
      << "      float weight[R][T];\n"
      << "      for (int a = 0; a < R; ++a) {\n"
      << "        float extent = (float)size[a];\n";
  // The grid lists the innermost axis first.
  if (alignCorners)
    *os << "        float x = (g[R - 1 - a] + 1.0f) * 0.5f * (extent - "
           "1.0f);\n";
  else
    *os << "        float x = ((g[R - 1 - a] + 1.0f) * extent - 1.0f) * "
           "0.5f;\n";
  // The coordinates a padding mode leaves alone. With border padding a cubic
  // coordinate is not moved at all, only its taps are clamped: onnxruntime
  // and PyTorch do so (the ONNX reference moves it, no node test covers it).
  if (padding != "zeros")
    *os << (alignCorners ? "        float lo = 0.0f, hi = extent - 1.0f;\n"
                         : "        float lo = -0.5f, hi = extent - 0.5f;\n");
  // Bounded (NaN to the low end) so that the integer conversions below are
  // defined; far outside, every padding mode has long made up its mind.
  *os << "        x = x >= -1e9f ? (x <= 1e9f ? x : 1e9f) : -1e9f;\n";
  if (mode == "nearest")
    *os << "        x = edgecc_roundf(x);\n";
  if (padding == "border" && mode != "cubic")
    *os << "        if (x < lo || x > hi) x = x < 0.0f ? 0.0f : (x > extent "
           "- 1.0f ? extent - 1.0f : x);\n";
  else if (padding == "reflection")
    *os << "        x = " << fn << "_reflect(x, lo, hi);\n";
  if (mode != "nearest")
    *os << "        float below = edgecc_floorf(x), t = x - below;\n";
  if (mode == "nearest")
    *os << "        int64_t first = (int64_t)x;\n"
        << "        weight[a][0] = 1.0f;\n";
  else if (mode == "linear")
    *os << "        int64_t first = (int64_t)below;\n"
        << "        weight[a][0] = 1.0f - t;\n"
        << "        weight[a][1] = t;\n";
  else
    *os << "        int64_t first = (int64_t)below - 1;\n"
        << "        const float A = -0.75f;\n"
        << "        float u = t + 1.0f, v = 1.0f - t, w = 2.0f - t;\n"
        << "        weight[a][0] = ((A * u - 5.0f * A) * u + 8.0f * A) * u - "
           "4.0f * A;\n"
        << "        weight[a][1] = ((A + 2.0f) * t - (A + 3.0f)) * t * t + "
           "1.0f;\n"
        << "        weight[a][2] = ((A + 2.0f) * v - (A + 3.0f)) * v * v + "
           "1.0f;\n"
        << "        weight[a][3] = ((A * w - 5.0f * A) * w + 8.0f * A) * w - "
           "4.0f * A;\n";
  *os << "        for (int k = 0; k < T; ++k) {\n"
      << "          int64_t i = first + k;\n";
  if (padding == "zeros")
    *os << "          at[a][k] = i >= 0 && i < size[a] ? i * stride[a] : -1;\n";
  else if (padding == "border")
    *os << "          i = i < 0 ? 0 : (i >= size[a] ? size[a] - 1 : i);\n"
        << "          at[a][k] = i * stride[a];\n";
  else
    *os << "          i = (int64_t)" << fn << "_reflect((float)i, lo, hi);\n"
        << "          at[a][k] = i * stride[a];\n";
  *os << "        }\n"
      << "      }\n"
      << "      for (int64_t c = 0; c < C; ++c) {\n"
      << "        " << bufferSpace()
      << "const float *x = in0 + (n * C + c) * PLANE;\n"
      << "        float acc = 0.0f;\n";
  std::string indent = "        ";
  SmallVector<std::string> offsets, products;
  for (size_t a = 0; a < rank; ++a) {
    std::string k = "k" + std::to_string(a);
    *os << indent << "for (int " << k << " = 0; " << k << " < T; ++" << k
        << ") {\n";
    indent += "  ";
    std::string tap = "[" + std::to_string(a) + "][" + k + "]";
    if (padding == "zeros")
      *os << indent << "if (at" << tap << " < 0) continue;\n";
    offsets.push_back("at" + tap);
    products.push_back("weight" + tap);
  }
  *os << indent << "acc += " << llvm::join(products, " * ") << " * x["
      << llvm::join(offsets, " + ") << "];\n";
  closeBlocks(indent, rank);
  *os << "        out[(n * C + c) * P + p] = acc;\n"
      << "      }\n"
      << "  }\n"
      << "}\n\n";
}

void CEmitter::emitBroadcastBinaryTask(
    Operation *op, StringRef fn, Value lhs, Value rhs,
    function_ref<void(StringRef, StringRef, StringRef)> statement) {
  ArrayRef<int64_t> out = shapeOf(kernel::getDestination(op));
  int64_t elements = ShapedType::getNumElements(out);
  int64_t tasks = kernel::chooseTasks(options->threads, elements, elements);
  emitTaskSignature(op, fn);
  *os << "  enum { TASKS = " << tasks << " };\n";
  emitStridedLoops(
      out,
      {broadcastStrides(shapeOf(lhs), out), broadcastStrides(shapeOf(rhs), out),
       rowMajorStrides(out)},
      [&](ArrayRef<std::string> at) {
        statement("in0[" + at[0] + "]", "in1[" + at[1] + "]",
                  "out[" + at[2] + "]");
      },
      /*shareOuterLoop=*/true);
  *os << "}\n\n";
  emitTaskLauncher(op, fn, tasks);
}

void CEmitter::emitBinary(kernel::BinaryOp op, StringRef fn) {
  emitBroadcastBinaryTask(op, fn, op.getLhs(), op.getRhs(),
                          [&](StringRef lhs, StringRef rhs, StringRef out) {
                            *os << out << " = "
                                << binaryExpression(op.getKind(), lhs, rhs,
                                                    elementOf(op.getLhs()))
                                << ";\n";
                          });
}

void CEmitter::emitQuantizedBinary(kernel::QuantizedBinaryOp op, StringRef fn) {
  std::pair<int64_t, int64_t> bounds = integerRange(elementOf(op.getOutput()));
  auto dequantized = [](StringRef x, uint64_t zeroPoint, APFloat scale) {
    return llvm::formatv("(float)((int32_t){0} - {1}) * {2}", x,
                         static_cast<int64_t>(zeroPoint),
                         floatLiteral(scale.convertToFloat()))
        .str();
  };
  // What kernel.dequantize_linear, kernel.binary and kernel.quantize_linear
  // compute, a statement per rounding: one expression could be contracted
  // into a fused multiply-add and round otherwise.
  emitBroadcastBinaryTask(
      op, fn, op.getLhs(), op.getRhs(),
      [&](StringRef lhs, StringRef rhs, StringRef out) {
        *os << "{\n"
            << "    const float a = "
            << dequantized(lhs, op.getLhsZeroPoint(), op.getLhsScale()) << ";\n"
            << "    const float b = "
            << dequantized(rhs, op.getRhsZeroPoint(), op.getRhsScale()) << ";\n"
            << "    const float r = "
            << binaryExpression(op.getKind(), "a", "b",
                                Float32Type::get(op.getContext()))
            << ";\n"
            << "    " << out << " = (" << cTypeOf(op.getOutput())
            << ")edgecc_quantizef(r, "
            << floatLiteral(op.getScale().convertToFloat()) << ", "
            << static_cast<int64_t>(op.getZeroPoint()) << ", " << bounds.first
            << ", " << bounds.second << ");\n"
            << "  }\n";
      });
}

void CEmitter::emitSelect(kernel::SelectOp op, StringRef fn) {
  ArrayRef<int64_t> out = shapeOf(op.getOutput());
  emitSignature(op, fn);
  emitStridedLoops(out,
                   {broadcastStrides(shapeOf(op.getCondition()), out),
                    broadcastStrides(shapeOf(op.getOnTrue()), out),
                    broadcastStrides(shapeOf(op.getOnFalse()), out),
                    rowMajorStrides(out)},
                   [&](ArrayRef<std::string> at) {
                     *os << "out[" << at[3] << "] = in0[" << at[0] << "] ? in1["
                         << at[1] << "] : in2[" << at[2] << "];\n";
                   });
  *os << "}\n\n";
}

/// The C statement that reads `in0` at the index `in1[at]` names along an
/// axis of `size` elements `stride` apart, into `out[to]`: negative indices
/// count from the end, others are clamped into range.
static std::string indexedRead(StringRef at, StringRef from, StringRef to,
                               int64_t size, int64_t stride) {
  return llvm::formatv("{ int64_t k = in1[{0}]; k = k < 0 ? k + {3} : k; "
                       "k = k < 0 ? 0 : (k >= {3} ? {3} - 1 : k); "
                       "out[{2}] = in0[{1} + k * {4}]; }\n",
                       at, from, to, size, stride)
      .str();
}

void CEmitter::emitGather(kernel::GatherOp op, StringRef fn) {
  ArrayRef<int64_t> data = shapeOf(op.getData());
  ArrayRef<int64_t> indices = shapeOf(op.getIndices());
  ArrayRef<int64_t> out = shapeOf(op.getOutput());
  int64_t axis = op.getAxis();
  // Output dims: the data's dims before the axis, the indices' dims, the
  // data's dims after it.
  SmallVector<int64_t> dataStrides = rowMajorStrides(data);
  SmallVector<int64_t> readStrides(dataStrides.begin(),
                                   dataStrides.begin() + axis);
  readStrides.append(indices.size(), 0);
  readStrides.append(dataStrides.begin() + axis + 1, dataStrides.end());
  SmallVector<int64_t> indexStrides(axis, 0);
  llvm::append_range(indexStrides, rowMajorStrides(indices));
  indexStrides.append(data.size() - axis - 1, 0);
  emitSignature(op, fn);
  emitStridedLoops(out, {readStrides, indexStrides, rowMajorStrides(out)},
                   [&](ArrayRef<std::string> at) {
                     *os << indexedRead(at[1], at[0], at[2], data[axis],
                                        dataStrides[axis]);
                   });
  *os << "}\n\n";
}

void CEmitter::emitGatherElements(kernel::GatherElementsOp op, StringRef fn) {
  ArrayRef<int64_t> data = shapeOf(op.getData());
  ArrayRef<int64_t> out = shapeOf(op.getOutput());
  int64_t axis = op.getAxis();
  SmallVector<int64_t> dataStrides = rowMajorStrides(data);
  SmallVector<int64_t> readStrides = dataStrides;
  readStrides[axis] = 0; // the index supplies this coordinate
  emitSignature(op, fn);
  emitStridedLoops(
      out, {readStrides, rowMajorStrides(out), rowMajorStrides(out)},
      [&](ArrayRef<std::string> at) {
        *os << indexedRead(at[1], at[0], at[2], data[axis], dataStrides[axis]);
      });
  *os << "}\n\n";
}

TupleOffset csyntax::tupleOffset(ArrayRef<int64_t> dims,
                                 ArrayRef<int64_t> strides, StringRef base,
                                 bool clamp, StringRef qualifier) {
  TupleOffset offset;
  offset.tables =
      llvm::formatv("  {0} int64_t dims[{1}] = {{{2}}, "
                    "strides[{1}] = {{{3}};\n",
                    qualifier, dims.size(), intList(dims), intList(strides));
  offset.statements =
      llvm::formatv("    int64_t at = {1};\n{3}"
                    "    for (int j = 0; j < {0}; ++j) {{\n"
                    "      int64_t k = in1[t * {0} + j];\n"
                    "      k = k < 0 ? k + dims[j] : k;\n"
                    "      {2}\n"
                    "      at += k * strides[j];\n"
                    "    }\n",
                    dims.size(), base,
                    clamp ? "k = k < 0 ? 0 : (k >= dims[j] ? dims[j] - 1 : k);"
                          : "if (k < 0 || k >= dims[j]) valid = 0, k = 0;",
                    clamp ? "" : "    int valid = 1;\n")
          .str();
  return offset;
}

/// The C statement that stores `value` into `target` under a scatter's
/// `reduction` (none overwrites).
static std::string scatterStore(StringRef reduction, StringRef target,
                                StringRef value, Type element) {
  if (reduction == "none")
    return (target + " = " + value + ";").str();
  return (target + " = " + binaryExpression(reduction, target, value, element) +
          ";")
      .str();
}

GatherNDSlices csyntax::gatherNDSlices(kernel::GatherNDOp op,
                                       StringRef qualifier) {
  ArrayRef<int64_t> data = shapeOf(op.getData());
  ArrayRef<int64_t> indices = shapeOf(op.getIndices());
  auto batchDims = static_cast<int64_t>(op.getBatchDims());
  int64_t tupleLength = indices.back();
  SmallVector<int64_t> dataStrides = rowMajorStrides(data);
  int64_t tuplesPerBatch =
      ShapedType::getNumElements(indices.drop_back().drop_front(batchDims));
  int64_t batchStride = ShapedType::getNumElements(data.drop_front(batchDims));
  return {ShapedType::getNumElements(indices.drop_back()),
          ShapedType::getNumElements(data.drop_front(batchDims + tupleLength)),
          tupleOffset(
              data.slice(batchDims, tupleLength),
              ArrayRef<int64_t>(dataStrides).slice(batchDims, tupleLength),
              llvm::formatv("t / {0} * {1}", tuplesPerBatch, batchStride).str(),
              /*clamp=*/true, qualifier)};
}

void CEmitter::emitGatherND(kernel::GatherNDOp op, StringRef fn) {
  GatherNDSlices slices = gatherNDSlices(op, constantQualifier());
  emitSignature(op, fn);
  *os << slices.offset.tables << "  for (int64_t t = 0; t < " << slices.tuples
      << "; ++t) {\n"
      << slices.offset.statements << "    for (int64_t s = 0; s < "
      << slices.slice << "; ++s) out[t * " << slices.slice
      << " + s] = in0[at + s];\n"
      << "  }\n}\n\n";
}

/// The first statement of every scatter: the output starts as the data.
static std::string copyData(Value data) {
  return llvm::formatv("  for (int64_t i = 0; i < {0}; ++i) out[i] = in0[i];\n",
                       elementsOf(data))
      .str();
}

void CEmitter::emitScatterElements(kernel::ScatterElementsOp op, StringRef fn) {
  ArrayRef<int64_t> data = shapeOf(op.getData());
  ArrayRef<int64_t> updates = shapeOf(op.getUpdates());
  auto axis = static_cast<int64_t>(op.getAxis());
  SmallVector<int64_t> dataStrides = rowMajorStrides(data);
  SmallVector<int64_t> writeStrides = dataStrides;
  writeStrides[axis] = 0; // the index supplies this coordinate
  emitSignature(op, fn);
  *os << copyData(op.getData());
  // Updates apply in order (duplicates, reductions): loops over them on a
  // device too, where the kernel is one work-item.
  CEmitter::emitStridedLoops(
      updates, {writeStrides, rowMajorStrides(updates)},
      [&](ArrayRef<std::string> at) {
        std::string target =
            llvm::formatv("out[{0} + k * {1}]", at[0], dataStrides[axis]);
        *os << llvm::formatv("{ int64_t k = in1[{0}]; k = k < 0 ? k + {1} : "
                             "k; if (k >= 0 && k < {1}) {2} }\n",
                             at[1], data[axis],
                             scatterStore(op.getReduction(), target,
                                          "in2[" + at[1] + "]",
                                          elementOf(op.getData())));
      });
  *os << "}\n\n";
}

void CEmitter::emitScatterND(kernel::ScatterNDOp op, StringRef fn) {
  ArrayRef<int64_t> data = shapeOf(op.getData());
  ArrayRef<int64_t> indices = shapeOf(op.getIndices());
  int64_t tupleLength = indices.back();
  SmallVector<int64_t> dataStrides = rowMajorStrides(data);
  int64_t slice = ShapedType::getNumElements(data.drop_front(tupleLength));
  TupleOffset offset =
      tupleOffset(data.take_front(tupleLength),
                  ArrayRef<int64_t>(dataStrides).take_front(tupleLength), "0",
                  /*clamp=*/false, constantQualifier());
  emitSignature(op, fn);
  *os << offset.tables << copyData(op.getData()) << "  for (int64_t t = 0; t < "
      << ShapedType::getNumElements(indices.drop_back()) << "; ++t) {\n"
      << offset.statements << "    if (valid)\n"
      << "      for (int64_t s = 0; s < " << slice << "; ++s) "
      << scatterStore(op.getReduction(), "out[at + s]",
                      llvm::formatv("in2[t * {0} + s]", slice).str(),
                      elementOf(op.getData()))
      << "\n  }\n}\n\n";
}

/// OUTER, AXIS and INNER: the element counts before, along and after `axis`
/// of `shape`, as a C enum.
std::string csyntax::axisExtents(ArrayRef<int64_t> shape, int64_t axis) {
  int64_t outer = 1, inner = 1;
  for (auto [dim, size] : llvm::enumerate(shape))
    if (static_cast<int64_t>(dim) < axis)
      outer *= size;
    else if (static_cast<int64_t>(dim) > axis)
      inner *= size;
  return llvm::formatv("  enum {{ OUTER = {0}, AXIS = {1}, INNER = {2} };\n",
                       outer, shape[axis], inner)
      .str();
}

std::string CEmitter::itemLoops(ArrayRef<std::string> sizes,
                                ArrayRef<std::string> names) {
  std::string loops;
  for (auto [size, name] : llvm::zip_equal(sizes, names))
    loops +=
        llvm::formatv("\n  for (int {0} = 0; {0} < {1}; ++{0})", name, size);
  return loops.substr(1) + " {\n";
}

std::string CEmitter::axisLines(ArrayRef<int64_t> shape, int64_t axis) {
  return axisExtents(shape, axis) + itemLoops({"OUTER", "INNER"}, {"o", "i"});
}

void CEmitter::emitCumSum(kernel::CumSumOp op, StringRef fn) {
  StringRef type = cTypeOf(op.getInput());
  emitSignature(op, fn);
  *os << axisLines(shapeOf(op.getInput()), op.getAxis()) << "    " << type
      << " sum = 0;\n"
      << "    for (int step = 0; step < AXIS; ++step) {\n"
      << "      const int at = (o * AXIS + "
      << (op.getReverse() ? "AXIS - 1 - step" : "step") << ") * INNER + i;\n"
      << (op.getExclusive()
              ? "      const " + type.str() +
                    " v = in0[at];\n      out[at] = sum;\n      sum += v;\n"
              : "      sum += in0[at];\n      out[at] = sum;\n")
      << "    }\n  }\n}\n\n";
}

/// The C expression converting `value` of element type `from` to `to`.
/// bfloat16 and float8 (stored as bits) go through float with the
/// runtime's conversions; 4-bit results round and clamp as ONNX Cast does.
std::string csyntax::castExpression(Type from, Type to, StringRef value,
                                    bool saturate) {
  std::string x = value.str();
  if (from.isBF16())
    x = "edgecc_bf16_to_float(" + x + ")";
  else if (std::optional<int> format = float8Format(from))
    x = llvm::formatv("edgecc_f8_to_float({0}, {1})", x, *format).str();
  if (to.isBF16())
    return "edgecc_float_to_bf16((float)(" + x + "))";
  if (std::optional<int> format = float8Format(to))
    return llvm::formatv("edgecc_float_to_f8((float)({0}), {1}, {2})", x,
                         *format, saturate ? 1 : 0)
        .str();
  StringRef cType = dataTypeOf(to)->cType;
  if (to.isInteger(4)) {
    auto [lo, hi] = integerRange(to);
    return llvm::formatv(
               "({0})edgecc_quantizef((float)({1}), 1.0f, 0, {2}, {3})", cType,
               x, lo, hi)
        .str();
  }
  return "(" + cType.str() + ")" + x;
}

void CEmitter::emitCast(kernel::CastOp op, StringRef fn) {
  emitSignature(op, fn);
  *os << "  for (int i = 0; i < " << elementsOf(op.getOutput())
      << "; ++i) out[i] = "
      << castExpression(elementOf(op.getInput()), elementOf(op.getOutput()),
                        "in0[i]", op.getSaturate())
      << ";\n}\n\n";
}

//===----------------------------------------------------------------------===//
// Quantization: the arithmetic is the runtime's (edgecc_quantize.h), so every
// backend rounds and saturates alike.
//===----------------------------------------------------------------------===//

StringRef csyntax::scaleIndex(const ScaleLayout &layout) {
  return layout.kind == ScaleLayout::PerTensor ? "0"
         : layout.kind == ScaleLayout::PerAxis
             ? "a"
             : "(o * BLOCKS + a / BLOCK) * INNER + n";
}

void CEmitter::emitScaleLoops(const ScaleLayout &layout,
                              function_ref<void(StringRef)> body) {
  *os << llvm::formatv("  enum {{ OUTER = {0}, AXIS = {1}, INNER = {2}, BLOCK "
                       "= {3}, BLOCKS = {4} };\n",
                       layout.outer, layout.axisSize, layout.inner,
                       layout.blockSize, layout.blocks)
      << "  for (int o = 0; o < OUTER; ++o)\n"
      << "  for (int a = 0; a < AXIS; ++a)\n"
      << "  for (int n = 0; n < INNER; ++n) {\n"
      << "    const int i = (o * AXIS + a) * INNER + n;\n"
      << "    const int s = " << scaleIndex(layout) << ";\n";
  body("    ");
  *os << "  }\n}\n\n";
}

/// The layout the verifier accepted for `op`'s scale.
template <typename LinearQuantizationOp>
static ScaleLayout layoutOf(LinearQuantizationOp op) {
  std::string error;
  std::optional<ScaleLayout> layout =
      scaleLayout(shapeOf(op.getInput()), shapeOf(op.getScale()), op.getAxis(),
                  op.getBlockSize(), error);
  assert(layout && "verified");
  return *layout;
}

void CEmitter::emitQuantizeLinear(kernel::QuantizeLinearOp op, StringRef fn) {
  Type element = elementOf(op.getOutput());
  std::string call;
  if (std::optional<int> format = float8Format(element)) {
    std::string zero =
        op.getZeroPoint()
            ? llvm::formatv(" + edgecc_f8_to_float(in2[s], {0})", *format).str()
            : "";
    call = llvm::formatv("out[i] = edgecc_float_to_f8(in0[i] / in1[s]{0}, {1}, "
                         "{2});\n",
                         zero, *format, op.getSaturate() ? 1 : 0);
  } else {
    auto [lo, hi] = integerRange(element);
    call = llvm::formatv(
        "out[i] = ({0})edgecc_quantizef(in0[i], in1[s], {1}, {2}, {3});\n",
        cTypeOf(op.getOutput()), op.getZeroPoint() ? "in2[s]" : "0", lo, hi);
  }
  emitSignature(op, fn);
  emitScaleLoops(layoutOf(op),
                 [&](StringRef indent) { *os << indent << call; });
}

void CEmitter::emitDequantizeLinear(kernel::DequantizeLinearOp op,
                                    StringRef fn) {
  std::string value =
      op.getZeroPoint() ? "((int32_t)in0[i] - (int32_t)in2[s])" : "in0[i]";
  if (std::optional<int> format = float8Format(elementOf(op.getInput()))) {
    auto decoded = [&](StringRef bits) {
      return llvm::formatv("edgecc_f8_to_float({0}, {1})", bits, *format).str();
    };
    value = "(" + decoded("in0[i]") +
            (op.getZeroPoint() ? " - " + decoded("in2[s]") : "") + ")";
  }
  emitSignature(op, fn);
  emitScaleLoops(layoutOf(op), [&](StringRef indent) {
    *os << indent << "out[i] = (float)" << value << " * in1[s];\n";
  });
}

void CEmitter::emitRequantize(kernel::RequantizeOp op, StringRef fn) {
  // One multiplier for the tensor, or one per index along the axis: the
  // per-tensor and per-axis layouts of a quantization scale.
  ArrayRef<int32_t> multipliers = op.getMultipliers();
  SmallVector<int64_t> perAxis;
  if (multipliers.size() > 1)
    perAxis.push_back(static_cast<int64_t>(multipliers.size()));
  std::string error;
  std::optional<ScaleLayout> layout = scaleLayout(
      shapeOf(op.getInput()), perAxis, op.getAxis(), /*blockSize=*/0, error);
  assert(layout && "verified");
  auto [lo, hi] = requantizeBounds(elementOf(op.getOutput()), op.getClampMin(),
                                   op.getClampMax());
  emitSignature(op, fn);
  // int64 accumulators (16-bit activations) take the wide form; the
  // verifier checked that it is exact.
  bool wide = elementOf(op.getInput()).isSignlessInteger(64);
  std::string requantize =
      wide ? emitWideRequantization(multipliers, op.getShifts(),
                                    op.getZeroPoint(), lo, hi, "s")
           : emitRequantization(multipliers, op.getShifts(), op.getZeroPoint(),
                                lo, hi, "s");
  emitScaleLoops(*layout, [&](StringRef indent) {
    *os << indent << "out[i] = (" << cTypeOf(op.getOutput()) << ")"
        << llvm::formatv(requantize.c_str(), "in0[i]") << ";\n";
  });
}

/// Vector loops over `in1[i]` (bytes) from `i` up to `i_hi`, looking
/// each up in the 256-byte table `in0`: 64 at a time by two 128-entry
/// permutes (AVX-512 VBMI), or 16 at a time by four 64-entry table
/// instructions (AArch64). The scalar loop after them takes the rest.
static const char kByteTableHeaders[] = R"(#if defined(__AVX512VBMI__)
#include <immintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif
)";
static const char kByteTableLoops[] = R"(#if defined(__AVX512VBMI__)
  {
    const __m512i t0 = _mm512_loadu_si512(table), t1 = _mm512_loadu_si512(table + 64),
                  t2 = _mm512_loadu_si512(table + 128), t3 = _mm512_loadu_si512(table + 192);
    for (; i + 64 <= i_hi; i += 64) {
      const __m512i x = _mm512_loadu_si512(bytes + i);
      const __m512i lo = _mm512_permutex2var_epi8(t0, x, t1), hi = _mm512_permutex2var_epi8(t2, x, t3);
      _mm512_storeu_si512(result + i, _mm512_mask_blend_epi8(_mm512_movepi8_mask(x), lo, hi));
    }
  }
#elif defined(__aarch64__)
  {
    const uint8x16x4_t t0 = vld1q_u8_x4(table), t1 = vld1q_u8_x4(table + 64),
                       t2 = vld1q_u8_x4(table + 128), t3 = vld1q_u8_x4(table + 192);
    const uint8x16_t quarter = vdupq_n_u8(64);
    for (; i + 16 <= i_hi; i += 16) {
      /* tbx keeps the lanes whose index is past its 64 entries. */
      uint8x16_t x = vld1q_u8(bytes + i);
      uint8x16_t y = vqtbl4q_u8(t0, x);
      x = vsubq_u8(x, quarter);
      y = vqtbx4q_u8(y, t1, x);
      x = vsubq_u8(x, quarter);
      y = vqtbx4q_u8(y, t2, x);
      x = vsubq_u8(x, quarter);
      vst1q_u8(result + i, vqtbx4q_u8(y, t3, x));
    }
  }
#endif
)";

void CEmitter::emitLookup(kernel::LookupOp op, StringRef fn) {
  int64_t elements = elementsOf(op.getOutput());
  int64_t tasks = kernel::chooseTasks(options->threads, elements, elements);
  emitTaskSignature(op, fn);
  *os << "  enum { TASKS = " << tasks << " };\n"
      << taskShare("i", std::to_string(elements), elements, true)
      << "  int i = i_lo;\n";
  if (elementOf(op.getTable()).getIntOrFloatBitWidth() == 8)
    *os << "  const uint8_t *table = (const uint8_t *)in0, *bytes = (const "
           "uint8_t *)in1;\n"
        << "  uint8_t *result = (uint8_t *)out;\n"
        << kByteTableLoops;
  *os << "  for (; i < i_hi; ++i) out[i] = in0[(uint8_t)in1[i]];\n}\n\n";
  emitTaskLauncher(op, fn, tasks);
}

void CEmitter::emitArgReduce(kernel::ArgReduceOp op, StringRef fn) {
  // A later element replaces the best one when it is strictly better (or
  // equal, with select_last_index); the first NaN beats every number.
  StringRef better = op.getKind() == "max" ? ">" : "<";
  std::string replaces =
      llvm::formatv("v {0}{1} best || (v != v && best == best)", better,
                    op.getSelectLastIndex() ? "=" : "")
          .str();
  emitSignature(op, fn);
  *os << axisLines(shapeOf(op.getInput()), op.getAxis())
      << "    const int base = o * AXIS * INNER + i;\n"
      << "    " << cTypeOf(op.getInput()) << " best = in0[base];\n"
      << "    int64_t index = 0;\n"
      << "    for (int a = 1; a < AXIS; ++a) {\n"
      << "      const " << cTypeOf(op.getInput())
      << " v = in0[base + a * INNER];\n"
      << "      if (" << replaces << ") { best = v; index = a; }\n"
      << "    }\n"
      << "    out[o * INNER + i] = index;\n"
      << "  }\n}\n\n";
}

void CEmitter::emitTopKIndices(kernel::TopKIndicesOp op, StringRef fn) {
  // Insertion into the output, kept sorted best first: an element moves
  // ahead of a kept one only when strictly better, so ties keep index order.
  // Each line is independent (a work-item on a device): indices, not
  // pointers, so that the body is also OpenCL C.
  StringRef type = cTypeOf(op.getInput());
  int64_t k = shapeOf(op.getOutput())[op.getAxis()];
  emitSignature(op, fn);
  *os << "  enum { K = " << k << " };\n"
      << axisLines(shapeOf(op.getInput()), op.getAxis())
      << "    const int64_t x = (int64_t)o * AXIS * INNER + i;\n"
      << "    const int64_t best = (int64_t)o * K * INNER + i;\n"
      << "    int64_t kept = 0;\n"
      << "    for (int64_t a = 0; a < AXIS && K > 0; ++a) {\n"
      << "      const " << type << " v = in0[x + a * INNER];\n"
      << "      int64_t j = kept < K ? kept++ : K;\n"
      << "      while (j > 0 && v " << (op.getLargest() ? ">" : "<")
      << " in0[x + out[best + (j - 1) * INNER] * INNER]) {\n"
      << "        if (j < K) out[best + j * INNER] = out[best + (j - 1) * "
         "INNER];\n"
      << "        --j;\n"
      << "      }\n"
      << "      if (j < K) out[best + j * INNER] = a;\n"
      << "    }\n"
      << "  }\n}\n\n";
}

void CEmitter::emitNonMaxSuppression(kernel::NonMaxSuppressionOp op,
                                     StringRef fn) {
  ArrayRef<int64_t> scores = shapeOf(op.getScores());
  // Candidates are visited best first through a binary heap in the scratch
  // buffer: building it is linear, and only as many pops as it takes to
  // select max_boxes_per_class boxes are paid for, not a full sort.
  // Its buffers are the device's global memory on OpenCL.
  std::string global = bufferSpace().str();
  *os << "static int " << fn << "_before(" << global
      << "const float *score, int32_t a, int32_t b) {\n"
      << "  return score[a] > score[b] || (score[a] == score[b] && a < b);\n"
      << "}\n\n"
      << "static void " << fn << "_sift_down(" << global
      << "int32_t *heap, int64_t count, int64_t at, " << global
      << "const float *score) {\n"
      << "  for (;;) {\n"
      << "    int64_t top = at;\n"
      << "    const int64_t left = 2 * at + 1, right = left + 1;\n"
      << "    if (left < count && " << fn
      << "_before(score, heap[left], heap[top])) top = left;\n"
      << "    if (right < count && " << fn
      << "_before(score, heap[right], heap[top])) top = right;\n"
      << "    if (top == at) return;\n"
      << "    const int32_t moved = heap[at];\n"
      << "    heap[at] = heap[top];\n"
      << "    heap[top] = moved;\n"
      << "    at = top;\n"
      << "  }\n}\n\n";
  // Corners as [x_min, y_min, x_max, y_max], computed as ONNX's reference
  // does so that boxes on the IoU threshold go the same way.
  *os << "static void " << fn << "_corners(" << global
      << "const float *box, float *c) {\n";
  if (op.getCenterPointBox())
    *os << "  c[0] = box[0] - box[2] / 2; c[2] = box[0] + box[2] / 2;\n"
        << "  c[1] = box[1] - box[3] / 2; c[3] = box[1] + box[3] / 2;\n";
  else
    *os << "  c[0] = box[1] < box[3] ? box[1] : box[3];\n"
        << "  c[2] = box[1] < box[3] ? box[3] : box[1];\n"
        << "  c[1] = box[0] < box[2] ? box[0] : box[2];\n"
        << "  c[3] = box[0] < box[2] ? box[2] : box[0];\n";
  *os << "}\n\n"
      << "/* Whether two boxes' IoU exceeds the threshold; boxes without\n"
      << " * area never suppress. */\n"
      << "static int " << fn << "_suppresses(" << global
      << "const float *box_a, " << global << "const float *box_b) {\n"
      << "  float a[4], b[4];\n"
      << "  " << fn << "_corners(box_a, a);\n"
      << "  " << fn << "_corners(box_b, b);\n"
      << "  const float x0 = a[0] > b[0] ? a[0] : b[0];\n"
      << "  const float x1 = a[2] < b[2] ? a[2] : b[2];\n"
      << "  const float y0 = a[1] > b[1] ? a[1] : b[1];\n"
      << "  const float y1 = a[3] < b[3] ? a[3] : b[3];\n"
      << "  if (!(x1 > x0) || !(y1 > y0)) return 0;\n"
      << "  const float overlap = (x1 - x0) * (y1 - y0);\n"
      << "  const float area_a = (a[2] - a[0]) * (a[3] - a[1]);\n"
      << "  const float area_b = (b[2] - b[0]) * (b[3] - b[1]);\n"
      << "  const float both = area_a + area_b - overlap;\n"
      << "  if (!(area_a > 0) || !(area_b > 0) || !(both > 0)) return 0;\n"
      << "  return overlap / both > "
      << floatLiteral(op.getIouThreshold().convertToFloat()) << ";\n"
      << "}\n\n";
  std::string candidate = "1";
  if (std::optional<APFloat> threshold = op.getScoreThreshold())
    candidate = "score[n] > " + floatLiteral(threshold->convertToFloat());
  emitSignature(op, fn);
  *os << "  enum { BATCHES = " << scores[0] << ", CLASSES = " << scores[1]
      << ", BOXES = " << scores[2] << ", PER_CLASS = "
      << std::min<int64_t>(op.getMaxBoxesPerClass(), scores[2])
      << ", ROWS = " << shapeOf(op.getOutput())[0] << " };\n"
      << "  " << global << "int32_t *heap = in2;\n"
      << "  int64_t row = 0;\n"
      << "  for (int64_t b = 0; b < BATCHES; ++b)\n"
      << "  for (int64_t c = 0; c < CLASSES && PER_CLASS > 0; ++c) {\n"
      << "    " << global << "const float *box = in0 + b * BOXES * 4;\n"
      << "    " << global
      << "const float *score = in1 + (b * CLASSES + c) * BOXES;\n"
      << "    int64_t count = 0;\n"
      << "    for (int32_t n = 0; n < BOXES; ++n)\n"
      << "      if (" << candidate << ") heap[count++] = n;\n"
      << "    for (int64_t at = count / 2; at-- > 0;)\n"
      << "      " << fn << "_sift_down(heap, count, at, score);\n"
      << "    const int64_t first = row;\n"
      << "    while (count > 0 && row - first < PER_CLASS) {\n"
      << "      const int32_t next = heap[0];\n"
      << "      heap[0] = heap[--count];\n"
      << "      " << fn << "_sift_down(heap, count, 0, score);\n"
      << "      int kept = 1;\n"
      << "      for (int64_t s = first; s < row && kept; ++s)\n"
      << "        kept = !" << fn
      << "_suppresses(box + out[s * 3 + 2] * 4, box + next * 4);\n"
      << "      if (!kept) continue;\n"
      << "      out[row * 3] = b;\n"
      << "      out[row * 3 + 1] = c;\n"
      << "      out[row * 3 + 2] = next;\n"
      << "      ++row;\n"
      << "    }\n"
      << "  }\n"
      << "  for (; row < ROWS; ++row)\n"
      << "    out[row * 3] = out[row * 3 + 1] = out[row * 3 + 2] = -1;\n"
      << "}\n\n";
}

/// The C expression of a kernel.unary function of `v`; `a` and `b` are its
/// parameters as C literals. Math goes through the runtime (edgecc_rt.h),
/// never libm.
std::string csyntax::unaryExpression(StringRef kind, StringRef a, StringRef b,
                                     Type element) {
  // Mish is v * tanh(softplus(v)).
  if (kind == "mish")
    return "v * edgecc_tanhf(" + unaryExpression("softplus", a, b, element) +
           ")";
  if (!isa<FloatType>(element)) {
    const char *pattern = llvm::StringSwitch<const char *>(kind)
                              .Case("not", element.isInteger(1) ? "!v" : "~v")
                              .Case("relu", "v > 0 ? v : 0")
                              .Case("neg", "-v")
                              .Case("abs", "v < 0 ? -v : v")
                              .Case("sign", "(v > 0) - (v < 0)")
                              .Default(nullptr);
    assert(pattern && "the verifier admits only these kinds on integers");
    return pattern;
  }
  const char *pattern =
      llvm::StringSwitch<const char *>(kind)
          .Case("relu", "v > 0.0f ? v : 0.0f")
          .Case("sigmoid", "edgecc_sigmoidf(v)")
          .Case("tanh", "edgecc_tanhf(v)")
          .Case("exp", "edgecc_expf(v)")
          .Case("sqrt", "edgecc_sqrtf(v)")
          .Case("neg", "-v")
          .Case("abs", "v < 0.0f ? -v : v")
          .Case("log", "edgecc_logf(v)")
          .Case("reciprocal", "1.0f / v")
          .Case("floor", "edgecc_floorf(v)")
          .Case("ceil", "edgecc_ceilf(v)")
          .Case("round", "edgecc_roundf(v)")
          .Case("sign", "v > 0.0f ? 1.0f : (v < 0.0f ? -1.0f : v)")
          .Case("sin", "edgecc_sinf(v)")
          .Case("cos", "edgecc_cosf(v)")
          .Case("tan", "edgecc_sinf(v) / edgecc_cosf(v)")
          .Case("atan", "edgecc_atanf(v)")
          // asin(v) = atan(v / sqrt(1 - v^2)); acos through the half angle
          // keeps precision near v = 1.
          .Case("asin", "v == 1.0f || v == -1.0f ? v * 1.57079633f : "
                        "edgecc_atanf(v / edgecc_sqrtf((1.0f - v) * "
                        "(1.0f + v)))")
          .Case("acos", "v < -1.0f || v > 1.0f ? (v - v) / (v - v) : 2.0f * "
                        "edgecc_atanf(edgecc_sqrtf((1.0f - v) / (1.0f + "
                        "v)))")
          .Case("sinh", "0.5f * (edgecc_expf(v) - edgecc_expf(-v))")
          .Case("cosh", "0.5f * (edgecc_expf(v) + edgecc_expf(-v))")
          .Case("asinh", "(v < 0.0f ? -1.0f : 1.0f) * edgecc_logf((v < 0.0f "
                         "? -v : v) + edgecc_sqrtf(v * v + 1.0f))")
          .Case("acosh",
                "edgecc_logf(v + edgecc_sqrtf((v - 1.0f) * (v + 1.0f)))")
          .Case("atanh", "0.5f * edgecc_logf((1.0f + v) / (1.0f - v))")
          .Case("erf", "edgecc_erff(v)")
          // log(1 + e^v) without overflow: max(v, 0) + log(1 + e^-|v|).
          .Case("softplus", "(v > 0.0f ? v : 0.0f) + edgecc_logf(1.0f + "
                            "edgecc_expf(v > 0.0f ? -v : v))")
          .Case("softsign", "v / (1.0f + (v < 0.0f ? -v : v))")
          .Case("hard_swish",
                "v * (v <= -3.0f ? 0.0f : (v >= 3.0f ? 1.0f : v / 6.0f + "
                "0.5f))")
          .Case("gelu", "0.5f * v * (1.0f + edgecc_erff(v * 0.70710678f))")
          .Case("gelu_tanh", "0.5f * v * (1.0f + edgecc_tanhf(0.79788456f * "
                             "(v + 0.044715f * v * v * v)))")
          .Case("elu", "v < 0.0f ? {0} * (edgecc_expf(v) - 1.0f) : v")
          .Case("celu", "(v > 0.0f ? v : 0.0f) + (v < 0.0f ? {0} * "
                        "(edgecc_expf(v / {0}) - 1.0f) : 0.0f)")
          .Case("leaky_relu", "v < 0.0f ? {0} * v : v")
          .Case("thresholded_relu", "v > {0} ? v : 0.0f")
          .Case("selu",
                "v > 0.0f ? {1} * v : {1} * {0} * (edgecc_expf(v) - 1.0f)")
          .Case("hard_sigmoid", "{0} * v + {1} < 0.0f ? 0.0f : ({0} * v + {1} "
                                "> 1.0f ? 1.0f : {0} * v + {1})")
          .Case("shrink", "v < -{1} ? v + {0} : (v > {1} ? v - {0} : 0.0f)")
          .Case("clip", "v < {0} ? {0} : (v > {1} ? {1} : v)")
          .Default(nullptr);
  assert(pattern && "the verifier admits only known kinds");
  return llvm::formatv(pattern, a, b).str();
}

void CEmitter::emitUnary(kernel::UnaryOp op, StringRef fn) {
  auto literal = [](std::optional<APFloat> value) {
    return value ? floatLiteral(value->convertToFloat()) : std::string();
  };
  std::string expr =
      unaryExpression(op.getKind(), literal(op.getAlpha()),
                      literal(op.getBeta()), elementOf(op.getInput()));
  int64_t elements = elementsOf(op.getOutput());
  int64_t tasks = kernel::chooseTasks(options->threads, elements, elements);
  emitTaskSignature(op, fn);
  *os << "  enum { TASKS = " << tasks << " };\n"
      << taskShare("i", std::to_string(elements), elements, true)
      << "  for (int i = i_lo; i < i_hi; ++i) {\n"
      << "    const " << cTypeOf(op.getInput()) << " v = in0[i];\n"
      << "    out[i] = " << expr << ";\n  }\n}\n\n";
  emitTaskLauncher(op, fn, tasks);
}

void CEmitter::emitSoftmax(kernel::SoftmaxOp op, StringRef fn) {
  ArrayRef<int64_t> shape = shapeOf(op.getInput());
  if (static_cast<size_t>(op.getAxis()) + 1 == shape.size())
    return emitSoftmaxOverRows(op, fn);
  emitSoftmaxAlongAxis(op, fn);
}

void CEmitter::emitSoftmaxAlongAxis(kernel::SoftmaxOp op, StringRef fn) {
  ArrayRef<int64_t> shape = shapeOf(op.getInput());
  emitSignature(op, fn);
  *os << axisLines(shape, op.getAxis())
      << "    const int base = o * AXIS * INNER + i;\n"
      << "    float max = in0[base];\n"
      << "    for (int a = 1; a < AXIS; ++a)\n"
      << "      max = in0[base + a * INNER] > max ? in0[base + a * INNER] : "
         "max;\n"
      << "    float sum = 0.0f;\n"
      << "    for (int a = 0; a < AXIS; ++a) {\n"
      << "      const float e = edgecc_expf(in0[base + a * INNER] - max);\n"
      << "      out[base + a * INNER] = e;\n"
      << "      sum += e;\n"
      << "    }\n";
  if (op.getLog())
    // x - max - log(sum), from the input: exact for the largest element.
    *os << "    const float shift = max + edgecc_logf(sum);\n"
        << "    for (int a = 0; a < AXIS; ++a)\n"
        << "      out[base + a * INNER] = in0[base + a * INNER] - shift;\n";
  else
    *os << "    const float scale = 1.0f / sum;\n"
        << "    for (int a = 0; a < AXIS; ++a) out[base + a * INNER] *= "
           "scale;\n";
  *os << "  }\n}\n\n";
}

void CEmitter::emitSoftmaxOverRows(kernel::SoftmaxOp op, StringRef fn) {
  // Over the last axis each row is contiguous: the max and the sum are
  // folded in parts and the exp loop stands alone, so all three vectorize.
  // Rows are independent: tasks take shares of them (an exp is worth
  // about ten steps).
  ArrayRef<int64_t> shape = shapeOf(op.getInput());
  Type f32 = elementOf(op.getInput());
  int64_t rows = elementsOf(op.getInput()) / shape.back();
  int64_t tasks = kernel::chooseTasks(options->threads, rows,
                                      10 * elementsOf(op.getInput()));
  emitTaskSignature(op, fn);
  *os << "  enum { ROWS = " << rows << ", AXIS = " << shape.back()
      << ", TASKS = " << tasks << " };\n"
      << taskShare("o", "ROWS", rows, true)
      << "  for (int o = o_lo; o < o_hi; ++o) {\n"
      << "    const float *restrict x = in0 + o * AXIS;\n"
      << "    float *restrict y = out + o * AXIS;\n"
      << foldInParts("    ", "float", "x", "AXIS", "x[0]", "max", f32, "max")
      << "    for (int a = 0; a < AXIS; ++a) y[a] = edgecc_expf(x[a] - max);\n"
      << foldInParts("    ", "float", "y", "AXIS", "0.0f", "add", f32, "sum");
  if (op.getLog())
    *os << "    const float shift = max + edgecc_logf(sum);\n"
        << "    for (int a = 0; a < AXIS; ++a) y[a] = x[a] - shift;\n";
  else
    *os << "    const float scale = 1.0f / sum;\n"
        << "    for (int a = 0; a < AXIS; ++a) y[a] *= scale;\n";
  *os << "  }\n}\n\n";
  emitTaskLauncher(op, fn, tasks);
}

void CEmitter::emitCopy(kernel::CopyOp op, StringRef fn) {
  emitSignature(op, fn);
  int64_t src = op.getSrcOffset(), dst = op.getDstOffset();
  emitStridedLoops(op.getSizes(),
                   {SmallVector<int64_t>(op.getSrcStrides()),
                    SmallVector<int64_t>(op.getDstStrides())},
                   [&](ArrayRef<std::string> at) {
                     *os << "out[" << dst << " + " << at[1] << "] = in0[" << src
                         << " + " << at[0] << "];\n";
                   });
  *os << "}\n\n";
}

void CEmitter::emitFill(kernel::FillOp op, StringRef fn) {
  emitSignature(op, fn);
  *os << "  for (int i = 0; i < " << elementsOf(op.getOutput())
      << "; ++i) out[i] = " << elementLiteral(op.getValue()) << ";\n}\n\n";
}

//===----------------------------------------------------------------------===//
// The translation unit
//===----------------------------------------------------------------------===//

void CEmitter::placeWeights(func::FuncOp function, EmittedModel &model) {
  for (auto weight : function.getOps<kernel::WeightOp>()) {
    size_t offset = llvm::alignTo(model.weights.size(), options->alignment);
    model.weights.resize(offset, 0);
    std::vector<char> bytes = getElementBytes(weight.getValue());
    model.weights.insert(model.weights.end(), bytes.begin(), bytes.end());
    model.weightOffsets[weight] = offset;
  }
}

std::string CEmitter::bufferExpr(Value buffer) {
  int64_t offset = kernel::getElementOffset(buffer);
  std::string base = rootExpr(kernel::getRootBuffer(buffer));
  if (offset == 0)
    return base;
  return llvm::formatv("({0} + {1})", base, offset).str();
}

std::string CEmitter::rootExpr(Value buffer) {
  if (auto argument = dyn_cast<BlockArgument>(buffer)) {
    unsigned index = argument.getArgNumber();
    if (index < numInputs)
      return llvm::formatv("((const {0} *)inputs[{1}])", cTypeOf(buffer), index)
          .str();
    return llvm::formatv("(({0} *)outputs[{1}])", cTypeOf(buffer),
                         index - numInputs)
        .str();
  }
  if (auto alloc = buffer.getDefiningOp<kernel::AllocOp>())
    return llvm::formatv("(({0} *)(arena_bytes + {1}))", cTypeOf(buffer),
                         *alloc.getOffset())
        .str();
  auto weight = buffer.getDefiningOp<kernel::WeightOp>();
  return llvm::formatv("((const {0} *)({1}_weights + {2}))", cTypeOf(buffer),
                       options->prefix, current->weightOffsets.lookup(weight))
      .str();
}

LogicalResult CEmitter::emitKernels(func::FuncOp function) {
  unsigned index = 0;
  for (Operation &op : function.getBody().front()) {
    if (kernel::isBufferDefinition(&op) || isa<func::ReturnOp>(op))
      continue;
    // Generated loops index with int: keep every buffer within its range.
    for (Value operand : op.getOperands())
      if (elementsOf(operand) > std::numeric_limits<int32_t>::max())
        return op.emitError("a tensor of ")
               << elementsOf(operand)
               << " elements is too large (the limit is 2^31 - 1)";
    if (!supportsKernel(&op)) {
      InFlightDiagnostic error = op.emitError("the ")
                                 << backendName()
                                 << " backend has no kernel for '"
                                 << op.getName() << "' on ";
      llvm::interleave(
          op.getOperands(), [&](Value operand) { error << elementOf(operand); },
          [&] { error << ", "; });
      return error;
    }
    std::string fn = llvm::formatv("{0}_k{1}_{2}", options->prefix, index++,
                                   op.getName().stripDialect())
                         .str();
    kernelNames[&op] = fn;
    bool known =
        llvm::TypeSwitch<Operation *, bool>(&op)
            .Case([&](kernel::Conv2DOp k) { return emitConv2D(k, fn), true; })
            .Case([&](kernel::GemmOp k) { return emitGemm(k, fn), true; })
            .Case([&](kernel::PackedConv2DOp k) {
              return emitPackedConv2D(k, fn), true;
            })
            .Case([&](kernel::PackedMatmulOp k) {
              return emitPackedMatmul(k, fn), true;
            })
            .Case([&](kernel::DepthwiseInt8Conv2DOp k) {
              return emitDepthwiseInt8Conv2D(k, fn), true;
            })
            .Case([&](kernel::PackConvInputOp k) {
              return emitPackConvInput(k, fn), true;
            })
            .Case([&](kernel::PackedInt8Conv2DOp k) {
              return emitPackedInt8Conv2D(k, fn), true;
            })
            .Case([&](kernel::DepthwiseConv2DOp k) {
              return emitDepthwiseConv2D(k, fn), true;
            })
            .Case([&](kernel::ConvTransposeOp k) {
              return emitConvTranspose(k, fn), true;
            })
            .Case([&](kernel::PoolOp k) { return emitPool(k, fn), true; })
            .Case([&](kernel::ReduceOp k) { return emitReduce(k, fn), true; })
            .Case(
                [&](kernel::ResampleOp k) { return emitResample(k, fn), true; })
            .Case([&](kernel::BinaryOp k) { return emitBinary(k, fn), true; })
            .Case([&](kernel::UnaryOp k) { return emitUnary(k, fn), true; })
            .Case([&](kernel::SoftmaxOp k) { return emitSoftmax(k, fn), true; })
            .Case([&](kernel::CopyOp k) { return emitCopy(k, fn), true; })
            .Case([&](kernel::FillOp k) { return emitFill(k, fn), true; })
            .Case([&](kernel::CastOp k) { return emitCast(k, fn), true; })
            .Case([&](kernel::CumSumOp k) { return emitCumSum(k, fn), true; })
            .Case([&](kernel::GatherOp k) { return emitGather(k, fn), true; })
            .Case([&](kernel::GatherElementsOp k) {
              return emitGatherElements(k, fn), true;
            })
            .Case([&](kernel::TopKIndicesOp k) {
              return emitTopKIndices(k, fn), true;
            })
            .Case([&](kernel::NonMaxSuppressionOp k) {
              return emitNonMaxSuppression(k, fn), true;
            })
            .Case([&](kernel::GridSampleOp k) {
              return emitGridSample(k, fn), true;
            })
            .Case(
                [&](kernel::GatherNDOp k) { return emitGatherND(k, fn), true; })
            .Case([&](kernel::ScatterElementsOp k) {
              return emitScatterElements(k, fn), true;
            })
            .Case([&](kernel::ScatterNDOp k) {
              return emitScatterND(k, fn), true;
            })
            .Case([&](kernel::QuantizeLinearOp k) {
              return emitQuantizeLinear(k, fn), true;
            })
            .Case([&](kernel::DequantizeLinearOp k) {
              return emitDequantizeLinear(k, fn), true;
            })
            .Case([&](kernel::RequantizeOp k) {
              return emitRequantize(k, fn), true;
            })
            .Case([&](kernel::LookupOp k) { return emitLookup(k, fn), true; })
            .Case([&](kernel::QuantizedBinaryOp k) {
              return emitQuantizedBinary(k, fn), true;
            })
            .Case([&](kernel::SelectOp k) { return emitSelect(k, fn), true; })
            .Case([&](kernel::ArgReduceOp k) {
              return emitArgReduce(k, fn), true;
            })
            .Default([](Operation *) { return false; });
    if (!known)
      return op.emitError("the ")
             << backendName() << " backend has no kernel for '" << op.getName()
             << "'";
  }
  return success();
}

void CEmitter::emitRunFunction(func::FuncOp function) {
  const std::string &p = options->prefix;
  const char *signature =
      "(const void *const *inputs, void *const *outputs, void *arena";
  // One body; the public entries differ in the scheduler and the profiler
  // they pass it.
  std::string body = p + "_run_impl";
  *os << "static edgecc_status " << body << signature
      << ",\n    const edgecc_parallel *parallel"
      << (options->profile ? ", const edgecc_profiler *profiler" : "")
      << ") {\n"
      << "  if (!inputs || !outputs || !arena) return "
         "EDGECC_ERROR_NULL_ARGUMENT;\n"
      << "  for (int i = 0; i < " << numInputs
      << "; ++i) if (!inputs[i]) return EDGECC_ERROR_NULL_ARGUMENT;\n"
      << "  for (int i = 0; i < " << function.getNumArguments() - numInputs
      << "; ++i) if (!outputs[i]) return EDGECC_ERROR_NULL_ARGUMENT;\n"
      << "  if ((uintptr_t)arena % " << options->alignment
      << " != 0) return EDGECC_ERROR_MISALIGNED_ARENA;\n"
      << "  unsigned char *arena_bytes = (unsigned char *)arena;\n"
      << "  (void)arena_bytes;\n"
      << "  (void)parallel;\n";
  if (options->profile)
    *os << "  uint64_t start = profiler ? profiler->now_ns(profiler->user) : "
           "0;\n";
  int index = 0;
  for (Operation &op : function.getBody().front()) {
    auto name = kernelNames.find(&op);
    if (name == kernelNames.end())
      continue;
    *os << "  " << name->second << "(";
    llvm::interleaveComma(op.getOperands(), *os,
                          [&](Value operand) { *os << bufferExpr(operand); });
    *os << (parallelKernels.contains(&op) ? ", parallel" : "") << ");\n";
    if (!options->profile)
      continue;
    std::string node, onnxOp;
    if (!getOnnxNode(op.getLoc(), node, onnxOp))
      node = onnxOp = name->second;
    *os << "  if (profiler) {\n"
        << "    const uint64_t end = profiler->now_ns(profiler->user);\n"
        << "    profiler->on_op(profiler->user, " << index++ << ", \""
        << cEscape(node) << "\", \"" << cEscape(onnxOp) << "\", start, end);\n"
        << "    start = end;\n  }\n";
  }
  *os << "  return EDGECC_OK;\n}\n\n";
  StringRef noProfiler = options->profile ? ", 0" : "";
  *os << "edgecc_status " << p << "_run" << signature << ") {\n"
      << "  return " << body << "(inputs, outputs, arena, 0" << noProfiler
      << ");\n}\n\n"
      << "edgecc_status " << p << "_run_parallel" << signature
      << ",\n    const edgecc_parallel *parallel) {\n"
      << "  return " << body << "(inputs, outputs, arena, parallel"
      << noProfiler << ");\n}\n\n";
  if (options->profile)
    *os << "edgecc_status " << p << "_run_profiled" << signature
        << ",\n    const edgecc_profiler *profiler, const edgecc_parallel "
           "*parallel) {\n"
        << "  return " << body
        << "(inputs, outputs, arena, parallel, profiler);\n}\n\n";
}

uint64_t CEmitter::interfaceHash(const EmittedModel &model) {
  std::string text = "arena " + std::to_string(model.arenaSize);
  for (const auto *tensors : {&model.inputs, &model.outputs})
    for (const TensorSignature &tensor : *tensors) {
      text += "|" + tensor.name + ":" + tensor.dataType->name.str();
      for (int64_t dim : tensor.shape)
        text += "x" + std::to_string(dim);
      if (tensor.paddedRows)
        text += " padded rows";
    }
  return llvm::xxh3_64bits(llvm::StringRef(text));
}

static const char *tensorFlags(const TensorSignature &tensor) {
  return tensor.paddedRows ? "EDGECC_TENSOR_PADDED_ROWS" : "0";
}

static std::string shapeList(ArrayRef<int64_t> shape) {
  // A rank-0 array still needs one entry.
  return shape.empty() ? "1" : intList(shape);
}

void CEmitter::emitTensorTables(const EmittedModel &model) {
  const std::string &p = options->prefix;
  auto tensorTable = [&](StringRef kind, ArrayRef<TensorSignature> tensors) {
    for (auto [index, tensor] : llvm::enumerate(tensors))
      *os << "static const int64_t " << p << "_" << kind << index
          << "_shape[] = {" << shapeList(tensor.shape) << "};\n";
    *os << "static const edgecc_tensor_info " << p << "_" << kind
        << "s[] = {\n";
    for (auto [index, tensor] : llvm::enumerate(tensors))
      *os << "  {\"" << cEscape(tensor.name) << "\", "
          << tensor.dataType->enumerator() << ", " << tensor.shape.size()
          << ", " << p << "_" << kind << index << "_shape, " << tensor.bytes
          << "u, " << tensorFlags(tensor) << "},\n";
    *os << "};\n";
  };
  tensorTable("input", model.inputs);
  tensorTable("output", model.outputs);
}

void CEmitter::emitInfo(const EmittedModel &model) {
  const std::string &p = options->prefix;
  emitTensorTables(model);
  *os << "static const edgecc_model_info " << p << "_model_info = {\n"
      << "  \"" << p << "\", \"" << options->targetName << "\", "
      << llvm::format_hex(interfaceHash(model), 18) << "ull, "
      << model.arenaSize << "u, " << options->alignment << "u, "
      << model.inputs.size() << ", " << model.outputs.size() << ", " << p
      << "_inputs, " << p << "_outputs, " << options->threads << ", " << p
      << "_run, " << p << "_run_parallel, "
      << (options->profile ? p + "_run_profiled" : std::string("0")) << "};\n\n"
      << "const edgecc_model_info *" << p << "_info(void) { return &" << p
      << "_model_info; }\n";
}

void CEmitter::describeTensors(raw_ostream &h, StringRef macro,
                               const EmittedModel &model) {
  auto describe = [&](StringRef kind, ArrayRef<TensorSignature> tensors) {
    for (auto [index, tensor] : llvm::enumerate(tensors)) {
      std::string name = llvm::formatv("{0}_{1}{2}", macro, kind, index).str();
      if (tensor.paddedRows)
        h << "/* Holds at most " << tensor.shape[0]
          << " rows; the rows after the valid ones are -1. */\n";
      h << "#define " << name << "_NAME \"" << cEscape(tensor.name) << "\"\n"
        << "#define " << name << "_DTYPE " << tensor.dataType->enumerator()
        << "\n"
        << "#define " << name << "_RANK " << tensor.shape.size() << "\n"
        << "#define " << name << "_SHAPE {" << shapeList(tensor.shape) << "}\n"
        << "#define " << name << "_BYTES " << tensor.bytes << "u\n"
        << "#define " << name << "_FLAGS " << tensorFlags(tensor) << "\n";
    }
  };
  describe("INPUT", model.inputs);
  describe("OUTPUT", model.outputs);
}

std::string CEmitter::emitHeader(const EmittedModel &model) {
  const std::string &p = options->prefix;
  std::string macro = llvm::StringRef(p).upper();
  std::string header;
  llvm::raw_string_ostream h(header);
  h << "/* Generated by edgecc: the C API of model '" << p << "' for target "
    << options->targetName << ". Do not edit. */\n"
    << "#ifndef " << macro << "_EDGECC_MODEL_H\n#define " << macro
    << "_EDGECC_MODEL_H\n\n#include \"edgecc_rt.h\"\n\n"
    << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
    << "/* Scratch memory run() needs, and its required alignment. */\n"
    << "#define " << macro << "_ARENA_SIZE " << model.arenaSize << "u\n"
    << "#define " << macro << "_ARENA_ALIGN " << options->alignment << "u\n"
    << "/* A hash of this interface; " << p
    << "_info()->abi_hash of the linked object\n"
    << " * equals it when header and object come from the same compile. */\n"
    << "#define " << macro << "_ABI_HASH "
    << llvm::format_hex(interfaceHash(model), 18) << "ull\n"
    << "EDGECC_STATIC_ASSERT(EDGECC_RT_ABI_VERSION == " << EDGECC_RT_ABI_VERSION
    << ", \"model '" << p << "' needs edgecc runtime ABI "
    << EDGECC_RT_ABI_VERSION << "\");\n"
    << "/* Read-only weight bytes inside the model object. */\n"
    << "#define " << macro << "_WEIGHTS_SIZE " << model.weights.size() << "u\n"
    << "#define " << macro << "_NUM_INPUTS " << model.inputs.size() << "\n"
    << "#define " << macro << "_NUM_OUTPUTS " << model.outputs.size() << "\n\n";
  describeTensors(h, macro, model);
  h << "\n/* Runs one inference. inputs/outputs: caller-owned buffers of the "
       "dtypes above, in graph\n"
    << " * order, sized as above; arena: " << macro
    << "_ARENA_SIZE bytes aligned to " << macro
    << "_ARENA_ALIGN.\n * Reentrant: no global state; use one arena per "
       "concurrent call. */\n"
    << "edgecc_status " << p
    << "_run(const void *const *inputs, void *const *outputs, void *arena);\n\n"
    << "/* The same run with each heavy kernel split into up to " << macro
    << "_THREADS tasks,\n * handed to `parallel` (see edgecc_thread_pool.h; "
       "NULL runs them inline).\n * The arena holds a workspace per task. */\n"
    << "#define " << macro << "_THREADS " << options->threads << "\n"
    << "edgecc_status " << p
    << "_run_parallel(const void *const *inputs, void *const *outputs, void "
       "*arena,\n    const edgecc_parallel *parallel);\n\n"
    << (options->profile
            ? "/* Compiled with -profile: the same run, reporting each kernel "
              "to a profiler. */\n#define " +
                  macro + "_HAS_PROFILER 1\nedgecc_status " + p +
                  "_run_profiled(const void *const *inputs, void *const "
                  "*outputs, void *arena,\n    const edgecc_profiler "
                  "*profiler, const edgecc_parallel *parallel);\n\n"
            : std::string())
    << "/* The same facts at run time, for generic harnesses. */\n"
    << "const edgecc_model_info *" << p << "_info(void);\n\n"
    << "#ifdef __cplusplus\n}\n#endif\n\n#endif\n";
  return header;
}

FailureOr<EmittedModel> CEmitter::emit(func::FuncOp function,
                                       const EmitOptions &emitOptions) {
  options = &emitOptions;
  microKernels.clear();
  parallelKernels.clear();
  EmittedModel model;
  current = &model;
  auto forgetModel = llvm::make_scope_exit([&] { current = nullptr; });
  auto arena = function->getAttrOfType<IntegerAttr>(kArenaSizeAttr);
  if (!arena)
    return function.emitError(
        "the memory plan is missing; run edgecc-plan-memory");
  model.arenaSize = arena.getInt();
  auto inputNames = function->getAttrOfType<ArrayAttr>(kInputNamesAttr);
  auto outputNames = function->getAttrOfType<ArrayAttr>(kOutputNamesAttr);
  numInputs = inputNames ? inputNames.size() : 0;
  for (auto [index, argument] : llvm::enumerate(function.getArguments())) {
    auto type = cast<MemRefType>(argument.getType());
    bool isInput = index < numInputs;
    ArrayAttr names = isInput ? inputNames : outputNames;
    size_t position = isInput ? index : index - numInputs;
    TensorSignature signature{names && position < names.size()
                                  ? cast<StringAttr>(names[position]).str()
                                  : llvm::formatv("tensor{0}", index).str(),
                              SmallVector<int64_t>(type.getShape()),
                              kernel::getByteSize(type),
                              dataTypeOf(type.getElementType())};
    (isInput ? model.inputs : model.outputs).push_back(signature);
  }
  if (auto padded =
          function->getAttrOfType<DenseI64ArrayAttr>(kPaddedOutputsAttr))
    for (int64_t position : padded.asArrayRef())
      model.outputs[position].paddedRows = true;
  placeWeights(function, model);

  llvm::raw_string_ostream source(model.source);
  os = &source;
  const std::string &p = options->prefix;
  source << "/* Generated by edgecc for target " << options->targetName
         << ". Do not edit. */\n"
         << "#include \"" << options->headerName << "\"\n\n"
         << "#include <stddef.h>\n"
         << "#include <stdint.h>\n";
  bool tiled =
      !function.getOps<kernel::PackedConv2DOp>().empty() ||
      !function.getOps<kernel::PackedMatmulOp>().empty() ||
      !function.getOps<kernel::DepthwiseConv2DOp>().empty() ||
      (vectorISA.byteDot &&
       !function.getOps<kernel::PackedInt8Conv2DOp>().empty()) ||
      llvm::any_of(function.getOps<kernel::PoolOp>(), [&](kernel::PoolOp pool) {
        auto [first, end] = poolVectorColumns(pool, vectorISA.floatLanes);
        return end > first;
      });
  // -emit=c output is compiled by the user: say which flags it needs.
  if (tiled)
    source << "#if !(" << vectorISA.enabled << ")\n"
           << "#error \"this model uses " << vectorISA.name
           << " intrinsics: compile it with " << options->targetFlags
           << "\"\n#endif\n"
           << "#include <" << vectorISA.header << ">\n";
  if (!function.getOps<kernel::LookupOp>().empty())
    source << kByteTableHeaders;
  source << "\n"
         << "/* Weights: read-only bytes included from the blob file, never C "
            "literals. */\n"
         << "__asm__(\".section .rodata." << p << "_weights,\\\"a\\\"\\n\"\n"
         << "        \".balign " << options->alignment << "\\n\"\n"
         << "        \".globl " << p << "_weights\\n\"\n"
         << "        \".hidden " << p << "_weights\\n\"\n"
         << "        \"" << p << "_weights:\\n\"\n"
         << "        \".incbin \\\"" << cEscape(options->weightsPath)
         << "\\\"\\n\"\n"
         << "        \".byte 0\\n\"\n" // keeps the symbol valid when there are
                                       // no weights
         << "        \".previous\\n\");\n"
         << "extern const unsigned char " << p << "_weights[];\n\n";
  if (failed(emitModel(function, model)))
    return failure();
  model.header = emitHeader(model);
  return model;
}

LogicalResult CEmitter::emitModel(func::FuncOp function, EmittedModel &model) {
  if (failed(emitKernels(function)))
    return failure();
  emitRunFunction(function);
  emitInfo(model);
  return success();
}
