//===- OnnxEinsum.cpp - ONNX Einsum as transposes and matrix products -----===//
//
// Einsum is imported into ops edgecc already compiles well: repeated labels
// within one operand take a diagonal (a gather), labels no other operand or
// the output uses are summed away, and the operands are combined left to
// right, each pair as one batched graph.matmul: the shared kept labels are
// the batch, the shared summed ones the K dim, the rest M and N. A final
// transpose puts the labels in the output's order. Each step is a plain
// tensor op, so a constant operand folds and a matrix product gets the gemm
// kernel instead of a loop nest per equation.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "edgecc/Support/Elements.h"

#include "llvm/ADT/StringExtras.h"

namespace edgecc {
namespace detail {

namespace {

/// A label per dim: a letter's character code, or for the dims an ellipsis
/// stands for -k .. -1, so that ellipsis dims align from the right and
/// broadcast as in numpy.
using Labels = SmallVector<int64_t>;

struct EinsumEquation {
  SmallVector<Labels> inputs;
  Labels output;
};

std::string labelName(int64_t label) {
  return label >= 0 ? std::string(1, static_cast<char>(label))
                    : "... dim " + std::to_string(label);
}

/// The labels of one term ("b...ij"); `rank` is the operand's rank, or -1
/// for the output, whose ellipsis stands for `ellipsisRank` dims.
FailureOr<Labels> parseTerm(StringRef term, int64_t rank, int64_t ellipsisRank,
                            Location loc) {
  size_t ellipsis = term.find("...");
  if (ellipsis != StringRef::npos &&
      term.find("...", ellipsis + 3) != StringRef::npos)
    return emitError(loc) << "Einsum term '" << term
                          << "' has more than one '...'";
  StringRef before = term.substr(0, ellipsis),
            after =
                ellipsis == StringRef::npos ? "" : term.substr(ellipsis + 3);
  for (char c : before.str() + after.str())
    if (!llvm::isAlpha(c))
      return emitError(loc)
             << "Einsum term '" << term
             << "' has a character that is not a letter: '" << c << "'";
  int64_t letters = before.size() + after.size();
  int64_t dims = ellipsis == StringRef::npos ? 0
                 : rank < 0                  ? ellipsisRank
                                             : rank - letters;
  if (rank >= 0 && (dims < 0 || (ellipsis == StringRef::npos && dims != 0)))
    return emitError(loc) << "Einsum term '" << term << "' has " << letters
                          << " labels for an operand of rank " << rank;
  Labels labels(before.begin(), before.end());
  for (int64_t dim = -dims; dim < 0; ++dim)
    labels.push_back(dim);
  labels.append(after.begin(), after.end());
  return labels;
}

/// Parses `equation` for operands of the given ranks. Without "->" the
/// output is the ellipsis dims, then the labels used exactly once, in
/// alphabetical order (ONNX's implicit mode).
FailureOr<EinsumEquation> parseEquation(StringRef text, ArrayRef<int64_t> ranks,
                                        Location loc) {
  std::string compact;
  for (char c : text)
    if (!llvm::isSpace(c))
      compact.push_back(c);
  auto [lhs, rhs] = StringRef(compact).split("->");
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  if (terms.size() != ranks.size())
    return emitError(loc) << "Einsum equation '" << text << "' has "
                          << terms.size() << " operand terms for "
                          << ranks.size() << " inputs";
  EinsumEquation equation;
  int64_t ellipsisRank = 0;
  for (auto [term, rank] : llvm::zip(terms, ranks)) {
    FailureOr<Labels> labels = parseTerm(term, rank, 0, loc);
    if (failed(labels))
      return failure();
    ellipsisRank = std::max(ellipsisRank, -llvm::min_element(*labels)[0]);
    equation.inputs.push_back(std::move(*labels));
  }
  llvm::DenseMap<int64_t, int> uses;
  for (const Labels &labels : equation.inputs)
    for (int64_t label : labels)
      ++uses[label];
  if (compact.find("->") == std::string::npos) {
    for (int64_t dim = -ellipsisRank; dim < 0; ++dim)
      equation.output.push_back(dim);
    Labels once;
    for (auto [label, count] : uses)
      if (label >= 0 && count == 1)
        once.push_back(label);
    llvm::sort(once);
    equation.output.append(once);
    return equation;
  }
  FailureOr<Labels> output = parseTerm(rhs, -1, ellipsisRank, loc);
  if (failed(output))
    return failure();
  for (auto [index, label] : llvm::enumerate(*output)) {
    if (label >= 0 && !uses.count(label))
      return emitError(loc) << "Einsum output label '" << labelName(label)
                            << "' is in no operand";
    if (llvm::is_contained(ArrayRef(*output).take_front(index), label))
      return emitError(loc) << "Einsum output label '" << labelName(label)
                            << "' appears twice";
  }
  equation.output = std::move(*output);
  return equation;
}

/// The positions in `labels` of each of `wanted`.
SmallVector<int64_t> positionsOf(ArrayRef<int64_t> labels,
                                 ArrayRef<int64_t> wanted) {
  return llvm::map_to_vector(wanted, [&](int64_t label) -> int64_t {
    return llvm::find(labels, label) - labels.begin();
  });
}

using LabeledValue = GraphImporter::LabeledValue;

/// The size of the dim `label` names in `operand`.
int64_t sizeOf(const LabeledValue &operand, int64_t label) {
  return cast<RankedTensorType>(operand.value.getType())
      .getDimSize(llvm::find(operand.labels, label) - operand.labels.begin());
}

} // namespace

/// `operand` with its dims permuted into the order of `labels`.
FailureOr<LabeledValue> GraphImporter::permuteLabels(LabeledValue operand,
                                                     ArrayRef<int64_t> labels,
                                                     Location loc) {
  FailureOr<Value> value =
      transpose(operand.value, positionsOf(operand.labels, labels), loc);
  if (failed(value))
    return failure();
  return LabeledValue{*value, Labels(labels)};
}

/// Replaces each label that `operand` has twice by its diagonal: the two
/// dims move to the back, merge, and a gather keeps every (n + 1)-th element.
FailureOr<LabeledValue> GraphImporter::takeDiagonals(LabeledValue operand,
                                                     Location loc) {
  for (size_t first = 0; first < operand.labels.size(); ++first) {
    int64_t label = operand.labels[first];
    auto second =
        llvm::find(ArrayRef(operand.labels).drop_front(first + 1), label);
    if (second == operand.labels.end())
      continue;
    ArrayRef<int64_t> shape = shapeOf(operand.value);
    int64_t size = shape[first],
            secondSize = shape[second - operand.labels.begin()];
    if (secondSize != size)
      return emitError(loc)
             << "Einsum label '" << labelName(label)
             << "' indexes dims of sizes " << size << " and " << secondSize;
    // The other dims keep their order (and any label they repeat, for the
    // next round); the two dims of `label` go last.
    size_t secondAxis = second - operand.labels.begin();
    Labels rest;
    SmallVector<int64_t> perm;
    for (auto [axis, other] : llvm::enumerate(operand.labels)) {
      if (axis == first || axis == secondAxis)
        continue;
      rest.push_back(other);
      perm.push_back(axis);
    }
    perm.append(
        {static_cast<int64_t>(first), static_cast<int64_t>(secondAxis)});
    FailureOr<Value> moved = transpose(operand.value, perm, loc);
    if (failed(moved))
      return failure();
    SmallVector<int64_t> merged(shapeOf(*moved).drop_back(2));
    merged.push_back(size * size);
    FailureOr<Value> flat = reshape(*moved, merged, loc);
    if (failed(flat))
      return failure();
    SmallVector<int64_t> diagonal = llvm::map_to_vector(
        llvm::seq<int64_t>(0, size), [&](int64_t i) { return i * (size + 1); });
    Value indices = constant(
        makeIntElements(RankedTensorType::get({size}, builder.getI64Type()),
                          diagonal, "einsum_diagonal"),
        loc);
    FailureOr<Value> gathered = create<graph::GatherOp>(
        loc, {*flat, indices},
        builder.getNamedAttr("axis",
                             builder.getI64IntegerAttr(merged.size() - 1)));
    if (failed(gathered))
      return failure();
    rest.push_back(label);
    return takeDiagonals({*gathered, rest}, loc);
  }
  return operand;
}

/// Sums `operand` over the labels that are not in `kept`.
FailureOr<LabeledValue> GraphImporter::sumLabelsExcept(LabeledValue operand,
                                                       ArrayRef<int64_t> kept,
                                                       Location loc) {
  SmallVector<int64_t> axes;
  Labels rest;
  SmallVector<int64_t> shape;
  for (auto [axis, label] : llvm::enumerate(operand.labels)) {
    if (llvm::is_contained(kept, label)) {
      rest.push_back(label);
      shape.push_back(shapeOf(operand.value)[axis]);
    } else {
      axes.push_back(axis);
    }
  }
  if (axes.empty())
    return operand;
  FailureOr<Value> sum =
      reduceKeepingDims<graph::ReduceSumOp>(loc, operand.value, axes);
  if (failed(sum))
    return failure();
  FailureOr<Value> squeezed = reshape(*sum, shape, loc);
  if (failed(squeezed))
    return failure();
  return LabeledValue{*squeezed, rest};
}

/// a and b multiplied and summed over the labels they share that are not
/// in `kept`, as one batched matmul [batch..., M, K] x [batch..., K, N].
FailureOr<LabeledValue> GraphImporter::contractPair(LabeledValue a,
                                                    LabeledValue b,
                                                    ArrayRef<int64_t> kept,
                                                    Location loc) {
  Labels batch, summed, aOnly, bOnly;
  for (int64_t label : a.labels) {
    bool shared = llvm::is_contained(b.labels, label);
    (shared ? llvm::is_contained(kept, label) ? batch : summed : aOnly)
        .push_back(label);
  }
  for (int64_t label : b.labels)
    if (!llvm::is_contained(a.labels, label))
      bOnly.push_back(label);
  int64_t m = 1, n = 1, k = 1;
  for (int64_t label : aOnly)
    m *= sizeOf(a, label);
  for (int64_t label : bOnly)
    n *= sizeOf(b, label);
  for (int64_t label : summed) {
    if (sizeOf(a, label) != sizeOf(b, label))
      return emitError(loc)
             << "Einsum label '" << labelName(label) << "' has sizes "
             << sizeOf(a, label) << " and " << sizeOf(b, label);
    k *= sizeOf(a, label);
  }
  // Both operands as [batch..., rows, columns]; batch dims broadcast.
  auto asMatrices = [&](const LabeledValue &operand, ArrayRef<int64_t> rows,
                        ArrayRef<int64_t> columns, int64_t rowCount,
                        int64_t columnCount) -> FailureOr<Value> {
    Labels order = batch;
    order.append(rows.begin(), rows.end());
    order.append(columns.begin(), columns.end());
    FailureOr<LabeledValue> permuted = permuteLabels(operand, order, loc);
    if (failed(permuted))
      return failure();
    SmallVector<int64_t> shape = llvm::map_to_vector(
        batch, [&](int64_t label) { return sizeOf(operand, label); });
    shape.append({rowCount, columnCount});
    return reshape(permuted->value, shape, loc);
  };
  FailureOr<Value> lhs = asMatrices(a, aOnly, summed, m, k);
  FailureOr<Value> rhs = asMatrices(b, summed, bOnly, k, n);
  if (failed(lhs) || failed(rhs))
    return failure();
  FailureOr<Value> product = create<graph::MatMulOp>(loc, {*lhs, *rhs});
  if (failed(product))
    return failure();
  SmallVector<int64_t> shape(shapeOf(*product).drop_back(2));
  Labels labels = batch;
  for (int64_t label : aOnly) {
    shape.push_back(sizeOf(a, label));
    labels.push_back(label);
  }
  for (int64_t label : bOnly) {
    shape.push_back(sizeOf(b, label));
    labels.push_back(label);
  }
  FailureOr<Value> result = reshape(*product, shape, loc);
  if (failed(result))
    return failure();
  return LabeledValue{*result, labels};
}

LogicalResult GraphImporter::importEinsum(const onnx::NodeProto &node,
                                          Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  SmallVector<Value> operands = presentInputs(node);
  Type element = cast<RankedTensorType>(operands[0].getType()).getElementType();
  if (!element.isF32() && !element.isF64() && !element.isSignlessInteger(32) &&
      !element.isSignlessInteger(64))
    return emitError(loc) << "Einsum on " << element
                          << " is not supported (float32, float64, int32 and "
                             "int64 are)";
  SmallVector<int64_t> ranks =
      llvm::map_to_vector(operands, [&](Value operand) -> int64_t {
        return shapeOf(operand).size();
      });
  FailureOr<EinsumEquation> equation =
      parseEquation(stringAttr(node, "equation", ""), ranks, loc);
  if (failed(equation))
    return failure();
  // Diagonals first, then the labels only one operand has and the output
  // does not: summing them early keeps the products small.
  SmallVector<LabeledValue> labeled;
  for (auto [value, labels] : llvm::zip(operands, equation->inputs)) {
    FailureOr<LabeledValue> operand = takeDiagonals({value, labels}, loc);
    if (failed(operand))
      return failure();
    labeled.push_back(*operand);
  }
  auto usedElsewhere = [&](size_t self) {
    Labels used = equation->output;
    for (auto [index, other] : llvm::enumerate(labeled))
      if (index != self)
        used.append(other.labels);
    return used;
  };
  for (size_t index = 0; index < labeled.size(); ++index) {
    FailureOr<LabeledValue> summed =
        sumLabelsExcept(labeled[index], usedElsewhere(index), loc);
    if (failed(summed))
      return failure();
    labeled[index] = *summed;
  }
  LabeledValue result = labeled.front();
  for (size_t next = 1; next < labeled.size(); ++next) {
    Labels kept = equation->output;
    for (const LabeledValue &later : ArrayRef(labeled).drop_front(next + 1))
      kept.append(later.labels);
    FailureOr<LabeledValue> product =
        contractPair(result, labeled[next], kept, loc);
    if (failed(product))
      return failure();
    result = *product;
  }
  // Every label the output lacks has been summed by now.
  FailureOr<LabeledValue> ordered =
      permuteLabels(result, equation->output, loc);
  if (failed(ordered))
    return failure();
  bind(node, 0, ordered->value);
  return success();
}

} // namespace detail
} // namespace edgecc
