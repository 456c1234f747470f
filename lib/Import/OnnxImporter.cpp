//===- OnnxImporter.cpp - ONNX protobuf to the graph dialect --------------===//
//
// Reads a ModelProto and builds one func.func of graph ops. Every op is built
// through its shape inference, so the model's own value_info is never
// trusted, and folded as it is built, so the shape subgraphs exporters emit
// (Shape -> Gather -> Concat -> Reshape) become constants before the ops
// that need them (Reshape's target shape) read them.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "edgecc/Support/Elements.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <limits>
#include <map>

using namespace mlir;

namespace edgecc {
namespace detail {

//===----------------------------------------------------------------------===//
// Model, inputs, initializers
//===----------------------------------------------------------------------===//

static bool isDefaultDomain(const std::string &domain) {
  return domain.empty() || domain == "ai.onnx";
}

LogicalResult GraphImporter::readOpset(const onnx::ModelProto &model) {
  Location loc = FileLineColLoc::get(&context, sourcePath, 0, 0);
  for (const onnx::OperatorSetIdProto &entry : model.opset_import())
    if (isDefaultDomain(entry.domain()))
      opset = entry.version();
  if (opset == 0 && model.opset_import_size() == 0)
    opset = kMinOpset; // IR version 2 models carry no opset import.
  if (opset < kMinOpset || opset > kMaxOpset)
    return emitError(loc) << "ONNX opset " << opset
                          << " is not supported (supported: " << kMinOpset
                          << " to " << kMaxOpset << ")";
  return success();
}

LogicalResult
GraphImporter::checkAllOpsSupported(const onnx::GraphProto &graph) {
  // Collect everything first so the user sees all problems in one message.
  std::map<std::string, std::vector<std::string>> unsupported;
  for (const onnx::NodeProto &node : graph.node()) {
    std::string key = node.op_type();
    if (!isDefaultDomain(node.domain()))
      key = node.domain() + "." + node.op_type();
    else if (nodeImporters().count(node.op_type()))
      continue;
    if (options.keepGoing) {
      emitError(nodeLoc(node)) << "unsupported ONNX op " << key;
      failedNodes.insert(&node);
      continue;
    }
    unsupported[key].push_back(node.name().empty() && node.output_size()
                                   ? node.output(0)
                                   : node.name());
  }
  if (unsupported.empty())
    return success();
  InFlightDiagnostic diag =
      emitError(FileLineColLoc::get(&context, sourcePath, 0, 0))
      << "unsupported ONNX ops: ";
  bool first = true;
  for (const auto &[op, nodes] : unsupported) {
    diag << (first ? "" : "; ") << op << " (node"
         << (nodes.size() > 1 ? "s " : " ");
    for (size_t i = 0; i < nodes.size(); ++i)
      diag << (i ? ", '" : "'") << nodes[i] << "'";
    diag << ")";
    first = false;
  }
  return diag;
}

std::string dtypeName(int32_t onnxType) {
  return onnx::TensorProto::DataType_IsValid(onnxType)
             ? onnx::TensorProto::DataType_Name(
                   static_cast<onnx::TensorProto::DataType>(onnxType))
             : "dtype " + std::to_string(onnxType);
}

FailureOr<RankedTensorType>
GraphImporter::inputType(const onnx::ValueInfoProto &input) {
  Location loc = NameLoc::get(StringAttr::get(&context, input.name()));
  const onnx::TypeProto &type = input.type();
  if (!type.has_tensor_type())
    return emitError(loc) << "graph input '" << input.name()
                          << "' is not a tensor";
  int32_t onnxType = type.tensor_type().elem_type();
  std::optional<Type> element = elementTypeOf(onnxType, context);
  if (!element)
    return emitError(loc) << "graph input '" << input.name() << "' has type "
                          << dtypeName(onnxType) << ", which is not supported";
  auto pinned = options.inputShapes.find(input.name());
  if (pinned != options.inputShapes.end())
    return RankedTensorType::get(pinned->second, *element);
  if (!type.tensor_type().has_shape())
    return emitError(loc) << "graph input '" << input.name()
                          << "' has no shape; pin it with -shape="
                          << input.name() << ":DIMxDIM...";
  SmallVector<int64_t> shape;
  int64_t count = 1;
  for (const auto &[index, dim] :
       llvm::enumerate(type.tensor_type().shape().dim())) {
    if (dim.has_dim_value()) {
      int64_t size = dim.dim_value();
      if (size < 0 || (size > 0 && count > kMaxElements / size))
        return emitError(loc)
               << "graph input '" << input.name() << "' has invalid dim "
               << size << " (dim " << index << ")";
      count *= size;
      shape.push_back(size);
      continue;
    }
    std::string symbol = dim.has_dim_param() ? dim.dim_param() : "?";
    return emitError(loc) << "graph input '" << input.name()
                          << "' has symbolic dim '" << symbol << "' (dim "
                          << index << "); pin it with -shape=" << input.name()
                          << ":DIMxDIM...";
  }
  return RankedTensorType::get(shape, *element);
}

/// The bytes of a tensor stored in an external file next to the model.
static FailureOr<std::string> readExternalData(const onnx::TensorProto &tensor,
                                               StringRef modelPath,
                                               Location loc) {
  std::string location;
  uint64_t offset = 0, length = 0;
  bool hasLength = false;
  for (const onnx::StringStringEntryProto &entry : tensor.external_data()) {
    if (entry.key() == "location")
      location = entry.value();
    else if (entry.key() == "offset")
      offset = std::strtoull(entry.value().c_str(), nullptr, 10);
    else if (entry.key() == "length") {
      length = std::strtoull(entry.value().c_str(), nullptr, 10);
      hasLength = true;
    }
  }
  // ONNX places external data relative to the model; a path that leaves
  // the model's directory is malformed (or an attack), never followed.
  if (llvm::sys::path::is_absolute(location) ||
      llvm::any_of(llvm::make_range(llvm::sys::path::begin(location),
                                    llvm::sys::path::end(location)),
                   [](StringRef part) { return part == ".."; }))
    return emitError(loc) << "initializer '" << tensor.name()
                          << "': external data location '" << location
                          << "' is not a relative path inside the model's "
                             "directory";
  SmallString<256> path = llvm::sys::path::parent_path(modelPath);
  llvm::sys::path::append(path, location);
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (location.empty() || !file)
    return emitError(loc) << "initializer '" << tensor.name()
                          << "' refers to external data '" << location
                          << "' that cannot be read";
  StringRef bytes = (*file)->getBuffer();
  if (offset > bytes.size() || (hasLength && offset + length > bytes.size()))
    return emitError(loc) << "initializer '" << tensor.name()
                          << "': external data range is past the end of '"
                          << location << "'";
  return bytes.substr(offset, hasLength ? length : StringRef::npos).str();
}

FailureOr<ElementsAttr>
GraphImporter::tensorToAttr(const onnx::TensorProto &tensor, Location loc) {
  std::optional<Type> element = elementTypeOf(tensor.data_type(), context);
  if (!element)
    return emitError(loc) << "tensor '" << tensor.name() << "' has type "
                          << dtypeName(tensor.data_type())
                          << ", which is not supported";
  SmallVector<int64_t> shape;
  int64_t count = 1;
  for (int64_t dim : tensor.dims()) {
    if (dim < 0 || (dim > 0 && count > kMaxElements / dim))
      return emitError(loc)
             << "tensor '" << tensor.name() << "' has invalid dim " << dim;
    shape.push_back(dim);
    count *= dim;
  }
  auto type = RankedTensorType::get(shape, *element);
  int64_t elementBytes = dataTypeOf(*element)->bytes;

  std::string bytes;
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    FailureOr<std::string> external = readExternalData(tensor, sourcePath, loc);
    if (failed(external))
      return failure();
    bytes = std::move(*external);
  } else if (std::string error = decodeTensorData(tensor, bytes);
             !error.empty()) {
    return emitError(loc) << "tensor '" << tensor.name() << "': " << error;
  }
  if (static_cast<int64_t>(bytes.size()) != count * elementBytes)
    return emitError(loc) << "tensor '" << tensor.name() << "' holds "
                          << bytes.size()
                          << " bytes of data but its shape and type need "
                          << count * elementBytes;

  if (element->isInteger(1)) {
    SmallVector<bool> bools(bytes.begin(), bytes.end());
    return ElementsAttr(DenseElementsAttr::get(type, bools));
  }
  std::string blobName = tensor.name();
  for (char &c : blobName)
    if (!llvm::isAlnum(c))
      c = '_';
  return makeElements(type, ArrayRef<char>(bytes.data(), bytes.size()),
                      blobName.empty() ? "tensor" : blobName);
}

OwningOpRef<ModuleOp>
GraphImporter::importModel(const onnx::ModelProto &model) {
  Location fileLoc = FileLineColLoc::get(&context, sourcePath, 0, 0);
  if (!model.has_graph())
    return emitError(fileLoc) << "the ONNX model has no graph", nullptr;
  const onnx::GraphProto &graph = model.graph();
  if (failed(readOpset(model)) || failed(checkAllOpsSupported(graph)))
    return nullptr;

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());

  llvm::StringSet<> initializerNames;
  for (const onnx::TensorProto &initializer : graph.initializer())
    initializerNames.insert(initializer.name());

  SmallVector<Type> inputTypes;
  SmallVector<Attribute> inputNames;
  SmallVector<const onnx::ValueInfoProto *> graphInputs;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (initializerNames.contains(input.name()))
      continue; // Pre-IR-4 models list initializers as inputs too.
    FailureOr<RankedTensorType> type = inputType(input);
    if (failed(type))
      return nullptr;
    inputTypes.push_back(*type);
    inputNames.push_back(builder.getStringAttr(input.name()));
    graphInputs.push_back(&input);
  }
  for (const auto &pinned : options.inputShapes)
    if (!llvm::is_contained(inputNames, builder.getStringAttr(pinned.getKey())))
      return emitError(fileLoc) << "-shape names '" << pinned.getKey()
                                << "', which is not a graph input",
             nullptr;

  auto func = builder.create<func::FuncOp>(
      fileLoc, options.functionName, builder.getFunctionType(inputTypes, {}));
  func->setAttr(kInputNamesAttr, builder.getArrayAttr(inputNames));
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToStart(body);
  for (auto [input, argument] :
       llvm::zip_equal(graphInputs, body->getArguments()))
    values[input->name()] = argument;

  if (failed(importInitializers(graph)))
    return nullptr;

  bool nodesFailed = failed(importNodes(graph));
  if (nodesFailed && !options.keepGoing)
    return nullptr;

  SmallVector<Value> results;
  SmallVector<Attribute> outputNames;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    Value value = values.lookup(output.name());
    if (!value && nodesFailed)
      continue; // produced by a failed node: the partial module drops it
    if (!value)
      return emitError(fileLoc) << "graph output '" << output.name()
                                << "' is not produced by any node",
             nullptr;
    results.push_back(value);
    outputNames.push_back(builder.getStringAttr(output.name()));
  }
  builder.create<func::ReturnOp>(fileLoc, results);
  func.setType(
      builder.getFunctionType(inputTypes, ValueRange(results).getTypes()));
  func->setAttr(kOutputNamesAttr, builder.getArrayAttr(outputNames));
  notePaddedRows(func, results);
  if (options.visitTensor)
    for (const auto &entry : values)
      options.visitTensor(entry.getKey(), entry.getValue());
  if (nodesFailed)
    (*module)->setAttr(kPartialImportAttr, builder.getUnitAttr());
  return module;
}

LogicalResult GraphImporter::importInitializers(const onnx::GraphProto &graph) {
  for (const onnx::TensorProto &initializer : graph.initializer()) {
    Location loc = NameLoc::get(builder.getStringAttr(initializer.name()));
    FailureOr<ElementsAttr> value = tensorToAttr(initializer, loc);
    if (failed(value))
      return failure();
    values[initializer.name()] = constant(*value, loc);
  }
  return success();
}

LogicalResult GraphImporter::importNodes(const onnx::GraphProto &graph) {
  if (!options.keepGoing) {
    for (const onnx::NodeProto &node : graph.node())
      if (failed(importNode(node)))
        return failure();
    return success();
  }
  // Outputs of failed nodes are poisoned; their consumers are not checked.
  llvm::StringSet<> poisoned;
  auto poison = [&](const onnx::NodeProto &node) {
    for (const std::string &output : node.output())
      poisoned.insert(output);
  };
  for (const onnx::NodeProto &node : graph.node()) {
    if (failedNodes.contains(&node)) {
      poison(node);
      continue;
    }
    auto input = llvm::find_if(node.input(), [&](const std::string &name) {
      return poisoned.contains(name);
    });
    if (input != node.input().end()) {
      emitRemark(nodeLoc(node))
          << "not checked: input '" << *input << "' comes from a failed node";
      poison(node);
      continue;
    }
    if (failed(importNode(node))) {
      failedNodes.insert(&node);
      poison(node);
    }
  }
  return success(failedNodes.empty());
}

LogicalResult GraphImporter::checkStorageOnlyInputs(const onnx::NodeProto &node,
                                                    Location loc) {
  // Ops that convert these types or move their elements unchanged.
  static const llvm::StringSet<> kTakesStorageOnly = {
      "Cast",      "CastLike",  "QuantizeLinear", "DequantizeLinear",
      "Identity",  "Reshape",   "Flatten",        "Squeeze",
      "Unsqueeze", "Transpose", "Shape",          "Size"};
  if (kTakesStorageOnly.contains(node.op_type()))
    return success();
  for (const std::string &name : node.input()) {
    if (name.empty())
      continue;
    Type element =
        cast<RankedTensorType>(values.lookup(name).getType()).getElementType();
    if (isStorageOnly(element))
      return emitError(loc)
             << node.op_type() << " on " << element << " (tensor '" << name
             << "') is not supported: edgecc converts bfloat16, float8 and "
                "4-bit integer tensors (Cast, QuantizeLinear, "
                "DequantizeLinear) but does not compute with them";
  }
  return success();
}

LogicalResult GraphImporter::importNode(const onnx::NodeProto &node) {
  Location loc = nodeLoc(node);
  for (const std::string &name : node.input())
    if (!name.empty() && !values.count(name))
      return emitError(loc) << "input '" << name
                            << "' is not a graph input, an initializer or the "
                               "output of an earlier node";
  if (failed(checkStorageOnlyInputs(node, loc)))
    return failure();
  NodeImporter importer = nodeImporters().lookup(node.op_type());
  wrongAttribute.clear();
  Block *block = builder.getInsertionBlock();
  Operation *last = block->empty() ? nullptr : &block->back();
  LogicalResult imported = (this->*importer)(node, loc);
  // A mistyped attribute was read as absent; whatever the importer made of
  // that, the node is malformed.
  if (!wrongAttribute.empty())
    return emitError(loc) << wrongAttribute;
  if (failed(imported))
    return failure();
  // The node's ops must verify now (a model's operand types can break an
  // op's constraints), so that the error names the node and no invalid IR
  // leaves the importer.
  for (Operation &op :
       llvm::make_range(last ? std::next(last->getIterator()) : block->begin(),
                        block->end()))
    if (failed(mlir::verify(&op, /*verifyRecursively=*/false)))
      return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

Location GraphImporter::nodeLoc(const onnx::NodeProto &node) {
  std::string name = node.name();
  if (name.empty() && node.output_size())
    name = node.output(0);
  return makeOnnxNodeLoc(&context, name, node.op_type());
}

Value GraphImporter::input(const onnx::NodeProto &node, int index) {
  if (index >= node.input_size() || node.input(index).empty())
    return nullptr;
  return values.lookup(node.input(index));
}

SmallVector<Value> GraphImporter::presentInputs(const onnx::NodeProto &node) {
  SmallVector<Value> inputs;
  for (int i = 0; i < node.input_size(); ++i)
    if (Value value = input(node, i))
      inputs.push_back(value);
  return inputs;
}

LogicalResult GraphImporter::requireInputs(const onnx::NodeProto &node,
                                           Location loc, int minCount) {
  for (int i = 0; i < minCount; ++i)
    if (!input(node, i))
      return emitError(loc) << "expected at least " << minCount << " inputs";
  return success();
}

void GraphImporter::bind(const onnx::NodeProto &node, int index, Value value) {
  if (index < node.output_size() && !node.output(index).empty())
    values[node.output(index)] = value;
}

LogicalResult GraphImporter::bindResult(const onnx::NodeProto &node,
                                        FailureOr<Value> value) {
  if (failed(value))
    return failure();
  bind(node, 0, *value);
  return success();
}

const onnx::AttributeProto *GraphImporter::attr(const onnx::NodeProto &node,
                                                StringRef name) {
  for (const onnx::AttributeProto &attribute : node.attribute())
    if (attribute.name() == name)
      return &attribute;
  return nullptr;
}

const onnx::AttributeProto *
GraphImporter::typedAttr(const onnx::NodeProto &node, StringRef name,
                         onnx::AttributeProto::AttributeType type) {
  const onnx::AttributeProto *a = attr(node, name);
  // Models from old exporters may leave the type unset.
  if (!a || a->type() == type || a->type() == onnx::AttributeProto::UNDEFINED)
    return a;
  if (wrongAttribute.empty())
    wrongAttribute =
        ("attribute '" + name + "' is " +
         onnx::AttributeProto::AttributeType_Name(a->type()) + ", expected " +
         onnx::AttributeProto::AttributeType_Name(type))
            .str();
  return nullptr;
}

int64_t GraphImporter::intAttr(const onnx::NodeProto &node, StringRef name,
                               int64_t dflt) {
  const onnx::AttributeProto *a =
      typedAttr(node, name, onnx::AttributeProto::INT);
  return a ? a->i() : dflt;
}

float GraphImporter::floatAttr(const onnx::NodeProto &node, StringRef name,
                               float dflt) {
  const onnx::AttributeProto *a =
      typedAttr(node, name, onnx::AttributeProto::FLOAT);
  return a ? a->f() : dflt;
}

std::string GraphImporter::stringAttr(const onnx::NodeProto &node,
                                      StringRef name, StringRef dflt) {
  const onnx::AttributeProto *a =
      typedAttr(node, name, onnx::AttributeProto::STRING);
  return a ? a->s() : dflt.str();
}

std::optional<SmallVector<int64_t>>
GraphImporter::intsAttr(const onnx::NodeProto &node, StringRef name) {
  const onnx::AttributeProto *a =
      typedAttr(node, name, onnx::AttributeProto::INTS);
  if (!a)
    return std::nullopt;
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

ArrayRef<int64_t> GraphImporter::shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

InFlightDiagnostic GraphImporter::notConstantError(const onnx::NodeProto &node,
                                                   int index, Location loc,
                                                   StringRef role,
                                                   StringRef kind) {
  return notConstantError(node, node.input(index), input(node, index), loc,
                          role, kind);
}

InFlightDiagnostic GraphImporter::notConstantError(const onnx::NodeProto &node,
                                                   StringRef tensor,
                                                   Value value, Location loc,
                                                   StringRef role,
                                                   StringRef kind) {
  InFlightDiagnostic error =
      emitError(loc) << node.op_type() << " " << role << " (tensor '" << tensor
                     << "') must be a compile-time constant " << kind
                     << "; it is computed at run time, which edgecc does "
                        "not support";
  // Name the model inputs it is computed from: making those initializers
  // lets it fold.
  SmallVector<std::string> sources;
  SmallVector<Value> pending = {value};
  llvm::SmallPtrSet<Operation *, 16> visited;
  while (!pending.empty()) {
    Value value = pending.pop_back_val();
    if (isa<BlockArgument>(value)) {
      for (const auto &entry : values)
        if (entry.second == value &&
            !llvm::is_contained(sources, entry.first().str()))
          sources.push_back(entry.first().str());
      continue;
    }
    Operation *producer = value.getDefiningOp();
    if (producer && visited.insert(producer).second)
      llvm::append_range(pending, producer->getOperands());
  }
  llvm::sort(sources);
  if (!sources.empty() && sources.front() != tensor)
    error << " (it depends on the model input"
          << (sources.size() > 1 ? "s " : " ") << "'"
          << llvm::join(sources, "', '") << "')";
  return error;
}

FailureOr<SmallVector<int64_t>>
GraphImporter::constantInts(const onnx::NodeProto &node, int index,
                            Location loc, StringRef role) {
  ElementsAttr constant;
  if (!matchPattern(input(node, index), m_Constant(&constant)) ||
      !isa<IntegerType>(constant.getElementType()))
    return notConstantError(node, index, loc, role, "integer tensor");
  return getIntValues(constant);
}

FailureOr<int64_t> GraphImporter::constantInt(const onnx::NodeProto &node,
                                              int index, Location loc,
                                              StringRef role) {
  FailureOr<SmallVector<int64_t>> values = constantInts(node, index, loc, role);
  if (failed(values))
    return failure();
  if (values->size() != 1)
    return emitError(loc) << node.op_type() << " " << role
                          << " must be a single integer";
  return values->front();
}

FailureOr<SmallVector<float>>
GraphImporter::constantFloats(const onnx::NodeProto &node, int index,
                              Location loc, StringRef role) {
  ElementsAttr constant;
  if (!matchPattern(input(node, index), m_Constant(&constant)) ||
      !constant.getElementType().isF32())
    return notConstantError(node, index, loc, role, "float32 tensor");
  return getFloatValues(constant);
}

FailureOr<float> GraphImporter::constantScalar(const onnx::NodeProto &node,
                                               int index, Location loc,
                                               StringRef role) {
  FailureOr<SmallVector<float>> values = constantFloats(node, index, loc, role);
  if (failed(values))
    return failure();
  if (values->size() != 1)
    return emitError(loc) << node.op_type() << " " << role
                          << " must be a single float";
  return values->front();
}

FailureOr<int64_t> GraphImporter::normalizeAxis(int64_t axis, int64_t rank,
                                                Location loc) {
  if (axis < -rank || axis >= rank)
    return emitError(loc) << "axis " << axis << " is out of range for rank "
                          << rank;
  return axis < 0 ? axis + rank : axis;
}

LogicalResult GraphImporter::normalizeAxes(MutableArrayRef<int64_t> axes,
                                           int64_t rank, Location loc) {
  for (int64_t &axis : axes) {
    FailureOr<int64_t> normalized = normalizeAxis(axis, rank, loc);
    if (failed(normalized))
      return failure();
    axis = *normalized;
  }
  return success();
}

FailureOr<SmallVector<int64_t>>
GraphImporter::intsFromAttrOrInput(const onnx::NodeProto &node, Location loc,
                                   StringRef name, int inputIndex,
                                   int64_t inputSince) {
  if (opset < inputSince)
    return intsAttr(node, name).value_or(SmallVector<int64_t>{});
  if (!input(node, inputIndex))
    return SmallVector<int64_t>{};
  return constantInts(node, inputIndex, loc, name);
}

Value GraphImporter::foldOrKeep(Operation *op) {
  SmallVector<Value> folded;
  if (failed(builder.tryFold(op, folded)) || folded.empty())
    return op->getResult(0); // not folded, or folded in place
  op->erase();
  return folded.front();
}

Value GraphImporter::constant(ElementsAttr value, Location loc) {
  return builder.create<graph::ConstantOp>(loc, value.getType(), value);
}

FailureOr<Value> GraphImporter::reshape(Value value, ArrayRef<int64_t> shape,
                                        Location loc) {
  auto type = cast<RankedTensorType>(value.getType());
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  if (resultType.getNumElements() != type.getNumElements())
    return emitError(loc) << "cannot reshape " << type << " to " << resultType;
  return createTyped<graph::ReshapeOp>(loc, resultType, value);
}

FailureOr<Value> GraphImporter::transpose(Value value, ArrayRef<int64_t> perm,
                                          Location loc) {
  return create<graph::TransposeOp>(
      loc, value,
      builder.getNamedAttr("perm", builder.getDenseI64ArrayAttr(perm)));
}

FailureOr<Value> GraphImporter::concatAs(ArrayRef<Value> parts,
                                         ArrayRef<int64_t> partShape,
                                         int64_t axis, Location loc) {
  SmallVector<Value> reshaped;
  for (Value part : parts) {
    FailureOr<Value> one = reshape(part, partShape, loc);
    if (failed(one))
      return failure();
    reshaped.push_back(*one);
  }
  return create<graph::ConcatOp>(
      loc, reshaped,
      builder.getNamedAttr("axis", builder.getI64IntegerAttr(axis)));
}

FailureOr<Value> GraphImporter::sliceAlong(Value x, int64_t axis, int64_t start,
                                           int64_t size, Location loc) {
  SmallVector<int64_t> starts(shapeOf(x).size(), 0), ends(shapeOf(x)),
      steps(shapeOf(x).size(), 1);
  starts[axis] = start;
  ends[axis] = start + size;
  return create<graph::SliceOp>(
      loc, x,
      {builder.getNamedAttr("starts", builder.getDenseI64ArrayAttr(starts)),
       builder.getNamedAttr("ends", builder.getDenseI64ArrayAttr(ends)),
       builder.getNamedAttr("steps", builder.getDenseI64ArrayAttr(steps))});
}

LogicalResult GraphImporter::reshapeAndBind(const onnx::NodeProto &node,
                                            Value value,
                                            ArrayRef<int64_t> shape,
                                            Location loc) {
  return bindResult(node, reshape(value, shape, loc));
}

} // namespace detail

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> importOnnxBytes(StringRef bytes, StringRef sourceName,
                                      MLIRContext &context,
                                      const ImportOptions &options) {
  context.loadDialect<graph::GraphDialect, func::FuncDialect>();
  onnx::ModelProto model;
  Location fileLoc = FileLineColLoc::get(&context, sourceName, 0, 0);
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max()) ||
      !model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return emitError(fileLoc)
               << "not a valid ONNX model (the protobuf could not "
                  "be parsed; the file may be truncated)",
           nullptr;
  detail::GraphImporter importer(context, options, sourceName);
  return importer.importModel(model);
}

OwningOpRef<ModuleOp> importOnnxFile(StringRef path, MLIRContext &context,
                                     const ImportOptions &options) {
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file) {
    emitError(FileLineColLoc::get(&context, path, 0, 0))
        << "cannot read '" << path << "': " << file.getError().message();
    return nullptr;
  }
  return importOnnxBytes((*file)->getBuffer(), path, context, options);
}

} // namespace edgecc
