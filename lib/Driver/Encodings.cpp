//===- Encodings.cpp - quantization encodings from a JSON file ------------===//

#include "edgecc/Driver/Encodings.h"

#include "edgecc/Transforms/Passes.h"

#include "mlir/IR/Matchers.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cmath>

using namespace mlir;
using namespace edgecc;

namespace {

/// One encoding, whichever of the format's two spellings it used.
struct Encoding {
  int64_t bitwidth = 0;
  bool isFloat = false;
  bool isSymmetric = false;
  std::vector<double> scales, offsets;
  std::optional<double> min, max;
};

std::optional<bool> readBool(const llvm::json::Value *value) {
  if (!value)
    return std::nullopt;
  if (std::optional<bool> flag = value->getAsBoolean())
    return flag;
  if (std::optional<StringRef> text = value->getAsString()) {
    if (text->equals_insensitive("true"))
      return true;
    if (text->equals_insensitive("false"))
      return false;
  }
  return std::nullopt;
}

/// A number or a list of numbers.
bool readNumbers(const llvm::json::Value *value, std::vector<double> &out) {
  if (!value)
    return false;
  if (std::optional<double> number = value->getAsNumber()) {
    out.push_back(*number);
    return true;
  }
  const llvm::json::Array *array = value->getAsArray();
  if (!array)
    return false;
  for (const llvm::json::Value &element : *array) {
    std::optional<double> number = element.getAsNumber();
    if (!number)
      return false;
    out.push_back(*number);
  }
  return true;
}

/// Reads one encoding object; returns an error message or "".
std::string readEncoding(const llvm::json::Object &object, Encoding &encoding) {
  const llvm::json::Value *bits = object.get("bitwidth");
  if (!bits)
    bits = object.get("bw");
  std::optional<int64_t> bitwidth = bits ? bits->getAsInteger() : std::nullopt;
  if (!bitwidth)
    return "has no bitwidth";
  encoding.bitwidth = *bitwidth;
  if (std::optional<StringRef> dtype = object.getString("dtype"))
    encoding.isFloat = dtype->equals_insensitive("float");
  if (encoding.isFloat)
    return "";
  const llvm::json::Value *symmetric = object.get("is_symmetric");
  if (!symmetric)
    symmetric = object.get("is_sym");
  std::optional<bool> isSymmetric = readBool(symmetric);
  if (!isSymmetric)
    return "has no is_symmetric";
  encoding.isSymmetric = *isSymmetric;
  if (!readNumbers(object.get("scale"), encoding.scales) ||
      !readNumbers(object.get("offset"), encoding.offsets) ||
      encoding.scales.size() != encoding.offsets.size())
    return "needs a scale and an offset (numbers, or lists of one length)";
  for (double scale : encoding.scales)
    if (!(scale > 0) || !std::isfinite(scale))
      return "has scale " + std::to_string(scale) + ", not a positive number";
  encoding.min = object.getNumber("min");
  encoding.max = object.getNumber("max");
  if (encoding.bitwidth != 8)
    return "is " + std::to_string(encoding.bitwidth) +
           "-bit; edgecc quantizes to 8 bits";
  return "";
}

/// A group of encodings as (tensor name, its encodings) pairs: a map from
/// name to a list (or one encoding), or a list of encodings with a "name".
std::string
readGroup(const llvm::json::Value *group,
          std::vector<std::pair<std::string, std::vector<Encoding>>> &out) {
  if (!group)
    return "";
  auto readList = [](const llvm::json::Value &value,
                     std::vector<Encoding> &encodings) -> std::string {
    const llvm::json::Array *array = value.getAsArray();
    std::vector<const llvm::json::Value *> elements;
    if (array)
      for (const llvm::json::Value &element : *array)
        elements.push_back(&element);
    else
      elements.push_back(&value);
    for (const llvm::json::Value *element : elements) {
      const llvm::json::Object *object = element->getAsObject();
      if (!object)
        return "is not an encoding object";
      encodings.emplace_back();
      if (std::string error = readEncoding(*object, encodings.back());
          !error.empty())
        return error;
    }
    return "";
  };
  if (const llvm::json::Object *byName = group->getAsObject()) {
    for (const auto &[name, value] : *byName) {
      out.emplace_back(name.str(), std::vector<Encoding>());
      if (std::string error = readList(value, out.back().second);
          !error.empty())
        return "'" + name.str() + "' " + error;
    }
    return "";
  }
  const llvm::json::Array *list = group->getAsArray();
  if (!list)
    return "is neither a map nor a list";
  for (const llvm::json::Value &element : *list) {
    const llvm::json::Object *object = element.getAsObject();
    std::optional<StringRef> name =
        object ? object->getString("name") : std::nullopt;
    if (!name)
      return "has an entry without a name";
    out.emplace_back(name->str(), std::vector<Encoding>());
    if (std::string error = readList(element, out.back().second);
        !error.empty())
      return "'" + name->str() + "' " + error;
  }
  return "";
}

} // namespace

FailureOr<QuantizationEncodings> edgecc::readEncodings(StringRef path,
                                                       Location loc) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return emitError(loc) << "cannot read the encodings '" << path
                          << "': " << buffer.getError().message();
  llvm::Expected<llvm::json::Value> json =
      llvm::json::parse((*buffer)->getBuffer());
  if (!json)
    return emitError(loc) << "the encodings '" << path
                          << "' are not valid JSON: "
                          << llvm::toString(json.takeError());
  const llvm::json::Object *root = json->getAsObject();
  if (!root ||
      (!root->get("activation_encodings") && !root->get("param_encodings")))
    return emitError(loc) << "the encodings '" << path
                          << "' hold neither activation_encodings nor "
                             "param_encodings";

  QuantizationEncodings encodings;
  std::vector<std::pair<std::string, std::vector<Encoding>>> activations,
      params;
  if (std::string error =
          readGroup(root->get("activation_encodings"), activations);
      !error.empty())
    return emitError(loc) << "the encodings '" << path
                          << "': activation_encodings " << error;
  if (std::string error = readGroup(root->get("param_encodings"), params);
      !error.empty())
    return emitError(loc) << "the encodings '" << path << "': param_encodings "
                          << error;

  for (const auto &[name, list] : activations) {
    // A float encoding keeps the tensor float: no range for it.
    if (list.empty() || list.front().isFloat)
      continue;
    const Encoding &encoding = list.front();
    if (list.size() != 1 || encoding.scales.size() != 1)
      return emitError(loc)
             << "the encodings '" << path << "': activation '" << name
             << "' has per-channel encodings; edgecc "
                "quantizes activations per tensor";
    double scale = encoding.scales[0], offset = encoding.offsets[0];
    encodings.activations[name] = {
        static_cast<float>(encoding.min.value_or(offset * scale)),
        static_cast<float>(encoding.max.value_or((offset + 255) * scale))};
  }
  for (const auto &[name, list] : params) {
    std::vector<float> scales;
    for (const Encoding &encoding : list) {
      if (encoding.isFloat)
        break;
      if (!encoding.isSymmetric)
        return emitError(loc)
               << "the encodings '" << path << "': weight '" << name
               << "' is asymmetric; edgecc's int8 weights "
                  "are symmetric";
      for (double scale : encoding.scales)
        scales.push_back(static_cast<float>(scale));
    }
    if (!scales.empty())
      encodings.weights[name] = std::move(scales);
  }
  return encodings;
}

LogicalResult edgecc::applyEncodings(const QuantizationEncodings &encodings,
                                     const llvm::StringMap<Value> &tensors,
                                     StringRef path, Location loc) {
  std::vector<std::string> unknown;
  for (const auto &entry : encodings.activations)
    if (!tensors.count(entry.getKey()))
      unknown.push_back(entry.getKey().str());
  for (const auto &entry : encodings.weights)
    if (!tensors.count(entry.getKey()))
      unknown.push_back(entry.getKey().str());
  if (!unknown.empty()) {
    llvm::sort(unknown);
    InFlightDiagnostic diag = emitError(loc)
                              << "the encodings '" << path
                              << "' name tensors the model does not have: ";
    llvm::interleaveComma(unknown, diag,
                          [&](const std::string &name) { diag << name; });
    return diag;
  }

  Builder builder(loc.getContext());
  for (const auto &entry : encodings.activations) {
    Value value = tensors.lookup(entry.getKey());
    auto range = builder.getDenseF32ArrayAttr(
        {entry.getValue().first, entry.getValue().second});
    if (auto argument = dyn_cast<BlockArgument>(value)) {
      if (auto function =
              dyn_cast<func::FuncOp>(argument.getOwner()->getParentOp()))
        function.setArgAttr(argument.getArgNumber(), kRangeAttr, range);
    } else if (value.getDefiningOp()->getNumResults() == 1) {
      value.getDefiningOp()->setAttr(kRangeAttr, range);
    } else {
      emitWarning(value.getLoc())
          << "the encoding of '" << entry.getKey()
          << "' is not applied: it is one of several results, which edgecc "
             "does not quantize";
    }
  }
  for (const auto &entry : encodings.weights) {
    Value value = tensors.lookup(entry.getKey());
    auto constant = value.getDefiningOp<graph::ConstantOp>();
    if (!constant || !getElementTypeOrSelf(value).isF32())
      return emitError(loc)
             << "the encodings '" << path << "' give weight '" << entry.getKey()
             << "' scales, but it is not a float initializer";
    constant->setAttr(kWeightScalesAttr,
                      builder.getDenseF32ArrayAttr(entry.getValue()));
  }
  return success();
}
