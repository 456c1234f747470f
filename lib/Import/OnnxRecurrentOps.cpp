//===- OnnxRecurrentOps.cpp - ONNX RNN, GRU and LSTM, unrolled ------------===//
//
// Sequence lengths are static in edgecc, so a recurrent layer imports as its
// time steps unrolled into graph ops: one gemm computes the input's
// contribution to every gate for all steps at once, then each step adds the
// recurrent gemm of the previous hidden state and applies the cell. The
// generated code is straight-line C with no loop state to carry, and every
// step gets the gemm kernel.
//
// sequence_lens (constant or computed at run time) masks the steps at or
// beyond a batch entry's length: those leave the state unchanged and output
// zeros. Iterating the reverse direction from the last step down, the
// masked steps come first, so the state starts at each entry's own last
// element as ONNX specifies.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

namespace edgecc {
namespace detail {

namespace {

/// What distinguishes the three ops.
struct CellKind {
  /// Gates in W, R and B: 1 (RNN), 3 (GRU: z, r, h), 4 (LSTM: i, o, f, c).
  int64_t gates;
  /// The default activations of one direction (f, g, h in ONNX's terms).
  SmallVector<StringRef, 3> activations;
};

CellKind cellKind(StringRef op) {
  if (op == "LSTM")
    return {4, {"Sigmoid", "Tanh", "Tanh"}};
  if (op == "GRU")
    return {3, {"Sigmoid", "Tanh"}};
  return {1, {"Tanh"}};
}

bool takesAlpha(StringRef name) {
  return llvm::is_contained({"affine", "leakyrelu", "thresholdedrelu",
                             "scaledtanh", "hardsigmoid", "elu"},
                            name);
}

bool takesBeta(StringRef name) {
  return llvm::is_contained({"affine", "scaledtanh", "hardsigmoid"}, name);
}

/// ONNX's default alpha and beta of each activation (those of the ops of
/// the same name; 1 where there is no such op).
std::pair<float, float> defaultAlphaBeta(StringRef name) {
  if (name == "leakyrelu")
    return {0.01f, 0.0f};
  if (name == "hardsigmoid")
    return {0.2f, 0.5f};
  return {1.0f, name == "affine" ? 0.0f : 1.0f};
}

} // namespace

FailureOr<SmallVector<GraphImporter::CellActivation>>
GraphImporter::cellActivations(const onnx::NodeProto &node, Location loc,
                               ArrayRef<StringRef> defaults,
                               int64_t directions) {
  SmallVector<std::string> names;
  if (const onnx::AttributeProto *given =
          typedAttr(node, "activations", onnx::AttributeProto::STRINGS))
    names.assign(given->strings().begin(), given->strings().end());
  else
    for (int64_t d = 0; d < directions; ++d)
      names.append(defaults.begin(), defaults.end());
  if (static_cast<int64_t>(names.size()) !=
      static_cast<int64_t>(defaults.size()) * directions)
    return emitError(loc) << node.op_type() << " needs " << defaults.size()
                          << " activations per direction, got " << names.size();
  auto floats = [&](StringRef name) {
    const onnx::AttributeProto *given =
        typedAttr(node, name, onnx::AttributeProto::FLOATS);
    return given ? SmallVector<float>(given->floats().begin(),
                                      given->floats().end())
                 : SmallVector<float>();
  };
  // The alphas and betas are consumed in order by the activations that take
  // one; the others keep their defaults.
  SmallVector<float> alphas = floats("activation_alpha"),
                     betas = floats("activation_beta");
  size_t nextAlpha = 0, nextBeta = 0;
  SmallVector<CellActivation> activations;
  for (const std::string &name : names) {
    std::string lower = llvm::StringRef(name).lower();
    auto [alpha, beta] = defaultAlphaBeta(lower);
    if (takesAlpha(lower) && nextAlpha < alphas.size())
      alpha = alphas[nextAlpha++];
    if (takesBeta(lower) && nextBeta < betas.size())
      beta = betas[nextBeta++];
    activations.push_back({lower, alpha, beta});
  }
  return activations;
}

FailureOr<Value> GraphImporter::activate(Location loc, Value x,
                                         const CellActivation &activation,
                                         std::optional<float> clip) {
  Type type = x.getType();
  if (clip)
    x = createTyped<graph::ClipOp>(
        loc, type, x,
        {builder.getNamedAttr("min", builder.getF32FloatAttr(-*clip)),
         builder.getNamedAttr("max", builder.getF32FloatAttr(*clip))});
  auto f32 = [&](float value) { return builder.getF32FloatAttr(value); };
  auto alpha = builder.getNamedAttr("alpha", f32(activation.alpha));
  auto beta = builder.getNamedAttr("beta", f32(activation.beta));
  auto affine = [&](Value value, float scale, float shift) -> FailureOr<Value> {
    FailureOr<Value> scaled =
        create<graph::MulOp>(loc, {value, floatScalar(scale, loc)});
    if (failed(scaled) || shift == 0.0f)
      return scaled;
    return create<graph::AddOp>(loc, {*scaled, floatScalar(shift, loc)});
  };
  StringRef name = activation.name;
  if (name == "relu")
    return createTyped<graph::ReluOp>(loc, type, x);
  if (name == "tanh")
    return createTyped<graph::TanhOp>(loc, type, x);
  if (name == "sigmoid")
    return createTyped<graph::SigmoidOp>(loc, type, x);
  if (name == "softsign")
    return createTyped<graph::SoftsignOp>(loc, type, x);
  if (name == "softplus")
    return createTyped<graph::SoftplusOp>(loc, type, x);
  if (name == "leakyrelu")
    return createTyped<graph::LeakyReluOp>(loc, type, x, alpha);
  if (name == "thresholdedrelu")
    return createTyped<graph::ThresholdedReluOp>(loc, type, x, alpha);
  if (name == "elu")
    return createTyped<graph::EluOp>(loc, type, x, alpha);
  if (name == "hardsigmoid")
    return createTyped<graph::HardSigmoidOp>(loc, type, x, {alpha, beta});
  if (name == "affine")
    return affine(x, activation.alpha, activation.beta);
  if (name == "scaledtanh") {
    FailureOr<Value> inner = affine(x, activation.beta, 0.0f);
    if (failed(inner))
      return failure();
    return affine(createTyped<graph::TanhOp>(loc, type, *inner),
                  activation.alpha, 0.0f);
  }
  return emitError(loc) << "unknown recurrent activation '" << activation.name
                        << "'";
}

FailureOr<GraphImporter::DirectionResult>
GraphImporter::runDirection(const RecurrentLayer &layer, int64_t direction,
                            bool reverse, Location loc) {
  int64_t gates = layer.gates, hidden = layer.hidden;
  int64_t steps = shapeOf(layer.x)[0], batch = shapeOf(layer.x)[1],
          inputSize = shapeOf(layer.x)[2];
  auto ofDirection = [&](Value value, ArrayRef<int64_t> shape) {
    FailureOr<Value> one = sliceAlong(value, 0, direction, 1, loc);
    return failed(one) ? one : reshape(*one, shape, loc);
  };
  FailureOr<Value> w = ofDirection(layer.w, {gates * hidden, inputSize});
  FailureOr<Value> r = ofDirection(layer.r, {gates * hidden, hidden});
  if (failed(w) || failed(r))
    return failure();
  // Wb + Rb for every gate, except that GRU with linear_before_reset adds
  // the h gate's Rb to the recurrent product before the reset gate scales
  // it.
  Value inputBias, hBias;
  if (layer.b) {
    FailureOr<Value> b = ofDirection(layer.b, {2 * gates * hidden});
    if (failed(b))
      return failure();
    FailureOr<Value> wb = sliceAlong(*b, 0, 0, gates * hidden, loc);
    FailureOr<Value> rb =
        sliceAlong(*b, 0, gates * hidden, gates * hidden, loc);
    if (failed(wb) || failed(rb))
      return failure();
    FailureOr<Value> sum = create<graph::AddOp>(loc, {*wb, *rb});
    if (failed(sum))
      return failure();
    inputBias = *sum;
    if (layer.linearBeforeReset) {
      FailureOr<Value> rbh = sliceAlong(*rb, 0, 2 * hidden, hidden, loc);
      FailureOr<Value> wbzr = sliceAlong(*sum, 0, 0, 2 * hidden, loc);
      FailureOr<Value> wbh = sliceAlong(*wb, 0, 2 * hidden, hidden, loc);
      if (failed(rbh) || failed(wbzr) || failed(wbh))
        return failure();
      FailureOr<Value> joined = create<graph::ConcatOp>(
          loc, {*wbzr, *wbh},
          builder.getNamedAttr("axis", builder.getI64IntegerAttr(0)));
      if (failed(joined))
        return failure();
      inputBias = *joined;
      hBias = *rbh;
    }
  }
  // The input's share of every gate, for all steps in one gemm.
  FailureOr<Value> flatX = reshape(layer.x, {steps * batch, inputSize}, loc);
  if (failed(flatX))
    return failure();
  FailureOr<Value> xw =
      gemm(loc, *flatX, *w, inputBias, /*transA=*/false, /*transB=*/true);
  if (failed(xw))
    return failure();
  FailureOr<Value> xwSteps = reshape(*xw, {steps, batch, gates * hidden}, loc);
  if (failed(xwSteps))
    return failure();

  Value zeros = constant(
      DenseElementsAttr::get(
          RankedTensorType::get({batch, hidden}, builder.getF32Type()), 0.0f),
      loc);
  auto initial = [&](Value given) -> FailureOr<Value> {
    return given ? ofDirection(given, {batch, hidden}) : zeros;
  };
  FailureOr<Value> h = initial(layer.initialH);
  FailureOr<Value> c =
      gates == 4 ? initial(layer.initialC) : FailureOr<Value>();
  if (failed(h) || (gates == 4 && failed(c)))
    return failure();
  Value peephole;
  if (layer.p) {
    FailureOr<Value> p = ofDirection(layer.p, {3 * hidden});
    if (failed(p))
      return failure();
    peephole = *p;
  }
  ArrayRef<CellActivation> f =
      ArrayRef(layer.activations)
          .slice(direction * layer.activationsPerDirection,
                 layer.activationsPerDirection);

  DirectionResult result;
  result.outputs.resize(steps);
  for (int64_t i = 0; i < steps; ++i) {
    int64_t t = reverse ? steps - 1 - i : i;
    FailureOr<Value> xwt = sliceAlong(*xwSteps, 0, t, 1, loc);
    if (failed(xwt) ||
        failed(xwt = reshape(*xwt, {batch, gates * hidden}, loc)))
      return failure();
    FailureOr<CellStep> next =
        layer.gates == 4   ? lstmStep(layer, *xwt, *r, *h, *c, peephole, f, loc)
        : layer.gates == 3 ? gruStep(layer, *xwt, *r, hBias, *h, f, loc)
                           : rnnStep(layer, *xwt, *r, *h, f, loc);
    if (failed(next))
      return failure();
    Value output = next->hidden;
    if (layer.sequenceLens) {
      // Entries whose sequence has ended keep their state and output 0.
      FailureOr<Value> valid = create<graph::LessOp>(
          loc, {typedScalar(builder.getI32Type(), t, loc), layer.sequenceLens});
      if (failed(valid) || failed(valid = reshape(*valid, {batch, 1}, loc)))
        return failure();
      auto select = [&](Value taken, Value kept) {
        return create<graph::WhereOp>(loc, {*valid, taken, kept});
      };
      FailureOr<Value> masked = select(next->hidden, zeros);
      FailureOr<Value> kept = select(next->hidden, *h);
      if (failed(masked) || failed(kept))
        return failure();
      output = *masked;
      next->hidden = *kept;
      if (gates == 4) {
        FailureOr<Value> keptCell = select(next->cell, *c);
        if (failed(keptCell))
          return failure();
        next->cell = *keptCell;
      }
    }
    result.outputs[t] = output;
    h = next->hidden;
    c = next->cell;
  }
  result.hidden = *h;
  result.cell = gates == 4 ? *c : Value();
  return result;
}

FailureOr<Value> GraphImporter::gate(Value gates, int64_t index, int64_t hidden,
                                     Location loc) {
  return sliceAlong(gates, 1, index * hidden, hidden, loc);
}

// Ht = f(Xt W^T + Ht-1 R^T + Wb + Rb)
FailureOr<GraphImporter::CellStep>
GraphImporter::rnnStep(const RecurrentLayer &layer, Value xw, Value r, Value h,
                       ArrayRef<CellActivation> f, Location loc) {
  FailureOr<Value> gates =
      gemm(loc, h, r, xw, /*transA=*/false, /*transB=*/true);
  if (failed(gates))
    return failure();
  FailureOr<Value> next = activate(loc, *gates, f[0], layer.clip);
  if (failed(next))
    return failure();
  return CellStep{*next, Value()};
}

// z = f(..z), r = f(..r), h~ = g(Xt Wh^T + (r . Ht-1) Rh^T + Wbh + Rbh) or,
// with linear_before_reset, g(Xt Wh^T + r . (Ht-1 Rh^T + Rbh) + Wbh);
// Ht = (1 - z) . h~ + z . Ht-1.
FailureOr<GraphImporter::CellStep>
GraphImporter::gruStep(const RecurrentLayer &layer, Value xw, Value r,
                       Value hBias, Value h, ArrayRef<CellActivation> f,
                       Location loc) {
  int64_t hidden = layer.hidden;
  FailureOr<Value> rzr = sliceAlong(r, 0, 0, 2 * hidden, loc);
  FailureOr<Value> rh = sliceAlong(r, 0, 2 * hidden, hidden, loc);
  FailureOr<Value> xwzr = sliceAlong(xw, 1, 0, 2 * hidden, loc);
  FailureOr<Value> xwh = gate(xw, 2, hidden, loc);
  if (failed(rzr) || failed(rh) || failed(xwzr) || failed(xwh))
    return failure();
  FailureOr<Value> zr =
      gemm(loc, h, *rzr, *xwzr, /*transA=*/false, /*transB=*/true);
  if (failed(zr))
    return failure();
  FailureOr<Value> z = gate(*zr, 0, hidden, loc),
                   reset = gate(*zr, 1, hidden, loc);
  if (failed(z) || failed(reset) ||
      failed(z = activate(loc, *z, f[0], layer.clip)) ||
      failed(reset = activate(loc, *reset, f[0], layer.clip)))
    return failure();
  FailureOr<Value> candidate;
  if (layer.linearBeforeReset) {
    FailureOr<Value> recurrent =
        gemm(loc, h, *rh, hBias, /*transA=*/false, /*transB=*/true);
    FailureOr<Value> scaled =
        failed(recurrent) ? recurrent
                          : create<graph::MulOp>(loc, {*reset, *recurrent});
    if (failed(scaled))
      return failure();
    candidate = create<graph::AddOp>(loc, {*xwh, *scaled});
  } else {
    FailureOr<Value> resetH = create<graph::MulOp>(loc, {*reset, h});
    if (failed(resetH))
      return failure();
    candidate =
        gemm(loc, *resetH, *rh, *xwh, /*transA=*/false, /*transB=*/true);
  }
  if (failed(candidate) ||
      failed(candidate = activate(loc, *candidate, f[1], layer.clip)))
    return failure();
  // (1 - z) . h~ + z . H = h~ + z . (H - h~)
  FailureOr<Value> delta = create<graph::SubOp>(loc, {h, *candidate});
  FailureOr<Value> kept =
      failed(delta) ? delta : create<graph::MulOp>(loc, {*z, *delta});
  FailureOr<Value> next =
      failed(kept) ? kept : create<graph::AddOp>(loc, {*candidate, *kept});
  if (failed(next))
    return failure();
  return CellStep{*next, Value()};
}

// i = f(..i + Pi . Ct-1), f = f(..f + Pf . Ct-1) (or 1 - i with
// input_forget), c~ = g(..c), Ct = f . Ct-1 + i . c~,
// o = f(..o + Po . Ct), Ht = o . h(Ct).
FailureOr<GraphImporter::CellStep>
GraphImporter::lstmStep(const RecurrentLayer &layer, Value xw, Value r, Value h,
                        Value c, Value peephole, ArrayRef<CellActivation> f,
                        Location loc) {
  int64_t hidden = layer.hidden;
  FailureOr<Value> gates =
      gemm(loc, h, r, xw, /*transA=*/false, /*transB=*/true);
  if (failed(gates))
    return failure();
  // Pre-activation of gate `index` (i, o, f, c), plus P[which] . state.
  auto preActivation = [&](int64_t index, int64_t which,
                           Value state) -> FailureOr<Value> {
    FailureOr<Value> value = gate(*gates, index, hidden, loc);
    if (failed(value) || !peephole)
      return value;
    FailureOr<Value> weight =
        sliceAlong(peephole, 0, which * hidden, hidden, loc);
    FailureOr<Value> term =
        failed(weight) ? weight : create<graph::MulOp>(loc, {*weight, state});
    return failed(term) ? term : create<graph::AddOp>(loc, {*value, *term});
  };
  FailureOr<Value> input = preActivation(0, 0, c);
  if (failed(input) || failed(input = activate(loc, *input, f[0], layer.clip)))
    return failure();
  FailureOr<Value> forget;
  if (layer.inputForget)
    forget = create<graph::SubOp>(loc, {floatScalar(1.0f, loc), *input});
  else if (succeeded(forget = preActivation(2, 2, c)))
    forget = activate(loc, *forget, f[0], layer.clip);
  FailureOr<Value> candidate = gate(*gates, 3, hidden, loc);
  if (failed(forget) || failed(candidate) ||
      failed(candidate = activate(loc, *candidate, f[1], layer.clip)))
    return failure();
  FailureOr<Value> keptCell = create<graph::MulOp>(loc, {*forget, c});
  FailureOr<Value> newCell = create<graph::MulOp>(loc, {*input, *candidate});
  if (failed(keptCell) || failed(newCell))
    return failure();
  FailureOr<Value> cell = create<graph::AddOp>(loc, {*keptCell, *newCell});
  if (failed(cell))
    return failure();
  FailureOr<Value> output = preActivation(1, 1, *cell);
  if (failed(output) ||
      failed(output = activate(loc, *output, f[0], layer.clip)))
    return failure();
  FailureOr<Value> squashed = activate(loc, *cell, f[2], std::nullopt);
  FailureOr<Value> next = failed(squashed)
                              ? squashed
                              : create<graph::MulOp>(loc, {*output, *squashed});
  if (failed(next))
    return failure();
  return CellStep{*next, *cell};
}

LogicalResult GraphImporter::importRecurrent(const onnx::NodeProto &node,
                                             Location loc) {
  if (failed(requireFloatInput(node, loc, 3)))
    return failure();
  CellKind kind = cellKind(node.op_type());
  RecurrentLayer layer;
  layer.gates = kind.gates;
  bool batchFirst = intAttr(node, "layout", 0) != 0;
  std::string direction = stringAttr(node, "direction", "forward");
  if (direction != "forward" && direction != "reverse" &&
      direction != "bidirectional")
    return emitError(loc) << "unknown direction '" << direction << "'";
  int64_t directions = direction == "bidirectional" ? 2 : 1;
  // Batch-first tensors are transposed to ONNX's default layout and back.
  auto swapFirstTwo = [&](Value value) -> FailureOr<Value> {
    if (!value || !batchFirst)
      return value;
    SmallVector<int64_t> perm = allAxes(shapeOf(value).size());
    std::swap(perm[0], perm[1]);
    return transpose(value, perm, loc);
  };
  FailureOr<Value> x = swapFirstTwo(input(node, 0));
  FailureOr<Value> initialH = swapFirstTwo(input(node, 5));
  FailureOr<Value> initialC = swapFirstTwo(input(node, 6));
  if (failed(x) || failed(initialH) || failed(initialC))
    return failure();
  layer.x = *x;
  layer.w = input(node, 1);
  layer.r = input(node, 2);
  layer.b = input(node, 3);
  layer.sequenceLens = input(node, 4);
  layer.initialH = *initialH;
  layer.initialC = kind.gates == 4 ? *initialC : Value();
  layer.p = kind.gates == 4 ? input(node, 7) : Value();
  ArrayRef<int64_t> xShape = shapeOf(layer.x), rShape = shapeOf(layer.r);
  if (xShape.size() != 3 || rShape.size() != 3)
    return emitError(loc) << node.op_type() << " needs a 3-D X and R";
  layer.hidden = intAttr(node, "hidden_size", rShape[2]);
  int64_t steps = xShape[0], batch = xShape[1], hidden = layer.hidden;
  int64_t gateRows = kind.gates * hidden;
  // Every operand's shape, as ONNX gives it (in the default layout).
  auto expect = [&](Value value, StringRef name,
                    ArrayRef<int64_t> shape) -> LogicalResult {
    if (!value || shapeOf(value) == shape)
      return success();
    auto diag = emitError(loc)
                << node.op_type() << " input " << name << " must have shape [";
    llvm::interleaveComma(shape, diag);
    return diag << "]";
  };
  if (failed(expect(layer.w, "W", {directions, gateRows, xShape[2]})) ||
      failed(expect(layer.r, "R", {directions, gateRows, hidden})) ||
      failed(expect(layer.b, "B", {directions, 2 * gateRows})) ||
      failed(expect(layer.sequenceLens, "sequence_lens", {batch})) ||
      failed(
          expect(layer.initialH, "initial_h", {directions, batch, hidden})) ||
      failed(
          expect(layer.initialC, "initial_c", {directions, batch, hidden})) ||
      failed(expect(layer.p, "P", {directions, 3 * hidden})))
    return failure();
  for (Value operand :
       {layer.w, layer.r, layer.b, layer.initialH, layer.initialC, layer.p})
    if (operand && failed(requireFloat(node, operand, loc)))
      return failure();
  if (layer.sequenceLens &&
      !cast<RankedTensorType>(layer.sequenceLens.getType())
           .getElementType()
           .isSignlessInteger(32))
    return emitError(loc) << "sequence_lens must be int32";
  if (const onnx::AttributeProto *clip =
          typedAttr(node, "clip", onnx::AttributeProto::FLOAT))
    layer.clip = clip->f();
  layer.inputForget = intAttr(node, "input_forget", 0) != 0;
  layer.linearBeforeReset = intAttr(node, "linear_before_reset", 0) != 0;
  layer.activationsPerDirection = kind.activations.size();
  FailureOr<SmallVector<CellActivation>> activations =
      cellActivations(node, loc, kind.activations, directions);
  if (failed(activations))
    return failure();
  layer.activations = std::move(*activations);

  // Y is [steps, directions, batch, hidden], Y_h and Y_c [directions, batch,
  // hidden].
  SmallVector<Value> ys, yh, yc;
  for (int64_t d = 0; d < directions; ++d) {
    bool reverse = direction == "reverse" || d == 1;
    FailureOr<DirectionResult> run = runDirection(layer, d, reverse, loc);
    if (failed(run))
      return failure();
    FailureOr<Value> y = concatAs(run->outputs, {1, 1, batch, hidden}, 0, loc);
    if (failed(y))
      return failure();
    ys.push_back(*y);
    yh.push_back(run->hidden);
    yc.push_back(run->cell);
  }
  FailureOr<Value> y = concatAs(ys, {steps, 1, batch, hidden}, 1, loc);
  FailureOr<Value> lastH = concatAs(yh, {1, batch, hidden}, 0, loc);
  if (failed(y) || failed(lastH))
    return failure();
  // Batch-first: Y is [batch, steps, directions, hidden] and the states
  // [batch, directions, hidden].
  if (batchFirst) {
    y = transpose(*y, {2, 0, 1, 3}, loc);
    if (failed(y) || failed(lastH = swapFirstTwo(*lastH)))
      return failure();
  }
  bind(node, 0, *y);
  bind(node, 1, *lastH);
  if (kind.gates == 4) {
    FailureOr<Value> lastC = concatAs(yc, {1, batch, hidden}, 0, loc);
    if (failed(lastC) || failed(lastC = swapFirstTwo(*lastC)))
      return failure();
    bind(node, 2, *lastC);
  }
  return success();
}

} // namespace detail
} // namespace edgecc
