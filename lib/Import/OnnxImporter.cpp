//===- OnnxImporter.cpp - ONNX protobuf to the graph dialect --------------===//
//
// Reads a ModelProto and builds one func.func of graph ops. Every op is built
// through its shape inference, so the model's own value_info is never
// trusted, and folded as it is built, so the shape subgraphs exporters emit
// (Shape -> Gather -> Concat -> Reshape) become constants before the ops
// that need them (Reshape's target shape) read them.
//
//===----------------------------------------------------------------------===//

#include "edgecc/Import/OnnxImporter.h"

#include "Graph/GraphOps.h"
#include "edgecc/Support/Elements.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <onnx/onnx_pb.h>

#include <limits>
#include <map>

using namespace mlir;

namespace edgecc {
namespace {

/// Opsets whose semantics the importer implements, for the default domain.
constexpr int64_t kMinOpset = 7, kMaxOpset = 22;
/// Upper bound on a tensor's element count; a larger dim is a corrupt model.
constexpr int64_t kMaxElements = int64_t(1) << 40;

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
  LogicalResult importNode(const onnx::NodeProto &node);

  // Helpers for op importers.
  Location nodeLoc(const onnx::NodeProto &node);
  Value input(const onnx::NodeProto &node, int index);
  LogicalResult requireInputs(const onnx::NodeProto &node, Location loc,
                              int minCount);
  void bind(const onnx::NodeProto &node, int index, Value value);
  const onnx::AttributeProto *attr(const onnx::NodeProto &node, StringRef name);
  int64_t intAttr(const onnx::NodeProto &node, StringRef name, int64_t dflt);
  float floatAttr(const onnx::NodeProto &node, StringRef name, float dflt);
  std::string stringAttr(const onnx::NodeProto &node, StringRef name,
                         StringRef dflt);
  std::optional<SmallVector<int64_t>> intsAttr(const onnx::NodeProto &node,
                                               StringRef name);
  FailureOr<SmallVector<int64_t>> constantInts(Value value, Location loc,
                                               StringRef what);
  FailureOr<float> constantScalar(Value value, Location loc, StringRef what);
  FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank, Location loc);
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

  // Op importers.
  LogicalResult importConv(const onnx::NodeProto &, Location);
  LogicalResult importGemm(const onnx::NodeProto &, Location);
  LogicalResult importMatMul(const onnx::NodeProto &, Location);
  LogicalResult importBatchNorm(const onnx::NodeProto &, Location);
  template <typename PoolOp>
  LogicalResult importPool(const onnx::NodeProto &, Location);
  LogicalResult importGlobalAveragePool(const onnx::NodeProto &, Location);
  LogicalResult importReduceMean(const onnx::NodeProto &, Location);
  template <typename BinaryOp>
  LogicalResult importBinary(const onnx::NodeProto &, Location);
  template <typename UnaryOp>
  LogicalResult importUnary(const onnx::NodeProto &, Location);
  LogicalResult importClip(const onnx::NodeProto &, Location);
  LogicalResult importSoftmax(const onnx::NodeProto &, Location);
  LogicalResult importConcat(const onnx::NodeProto &, Location);
  LogicalResult importReshape(const onnx::NodeProto &, Location);
  LogicalResult importFlatten(const onnx::NodeProto &, Location);
  LogicalResult importSqueeze(const onnx::NodeProto &, Location);
  LogicalResult importUnsqueeze(const onnx::NodeProto &, Location);
  LogicalResult importTranspose(const onnx::NodeProto &, Location);
  LogicalResult importSlice(const onnx::NodeProto &, Location);
  LogicalResult importSplit(const onnx::NodeProto &, Location);
  LogicalResult importShape(const onnx::NodeProto &, Location);
  LogicalResult importGather(const onnx::NodeProto &, Location);
  LogicalResult importCast(const onnx::NodeProto &, Location);
  LogicalResult importConstant(const onnx::NodeProto &, Location);
  LogicalResult importIdentity(const onnx::NodeProto &, Location);
  LogicalResult importPad(const onnx::NodeProto &, Location);

  LogicalResult windowAttrs(const onnx::NodeProto &node, Location loc,
                            ArrayRef<int64_t> inputShape,
                            ArrayRef<int64_t> kernel,
                            SmallVectorImpl<NamedAttribute> &attrs,
                            bool withDilations);
  LogicalResult importSliceOf(const onnx::NodeProto &node, Location loc,
                              Value data, ArrayRef<int64_t> starts,
                              ArrayRef<int64_t> ends, ArrayRef<int64_t> axes,
                              ArrayRef<int64_t> steps, int outputIndex);

  static const llvm::StringMap<NodeImporter> &nodeImporters();

  MLIRContext &context;
  OpBuilder builder;
  const ImportOptions &options;
  std::string sourcePath;
  int64_t opset = 0;
  llvm::StringMap<Value> values;
};

//===----------------------------------------------------------------------===//
// Op table
//===----------------------------------------------------------------------===//

const llvm::StringMap<NodeImporter> &GraphImporter::nodeImporters() {
  using G = GraphImporter;
  static const llvm::StringMap<NodeImporter> table = {
      {"Conv", &G::importConv},
      {"Gemm", &G::importGemm},
      {"MatMul", &G::importMatMul},
      {"BatchNormalization", &G::importBatchNorm},
      {"MaxPool", &G::importPool<graph::MaxPoolOp>},
      {"AveragePool", &G::importPool<graph::AveragePoolOp>},
      {"GlobalAveragePool", &G::importGlobalAveragePool},
      {"ReduceMean", &G::importReduceMean},
      {"Add", &G::importBinary<graph::AddOp>},
      {"Sub", &G::importBinary<graph::SubOp>},
      {"Mul", &G::importBinary<graph::MulOp>},
      {"Div", &G::importBinary<graph::DivOp>},
      {"Relu", &G::importUnary<graph::ReluOp>},
      {"Sigmoid", &G::importUnary<graph::SigmoidOp>},
      {"Tanh", &G::importUnary<graph::TanhOp>},
      {"Exp", &G::importUnary<graph::ExpOp>},
      {"Sqrt", &G::importUnary<graph::SqrtOp>},
      {"Neg", &G::importUnary<graph::NegOp>},
      {"Clip", &G::importClip},
      {"Softmax", &G::importSoftmax},
      {"Concat", &G::importConcat},
      {"Reshape", &G::importReshape},
      {"Flatten", &G::importFlatten},
      {"Squeeze", &G::importSqueeze},
      {"Unsqueeze", &G::importUnsqueeze},
      {"Transpose", &G::importTranspose},
      {"Slice", &G::importSlice},
      {"Split", &G::importSplit},
      {"Shape", &G::importShape},
      {"Gather", &G::importGather},
      {"Cast", &G::importCast},
      {"Constant", &G::importConstant},
      {"Identity", &G::importIdentity},
      {"Dropout", &G::importIdentity},
      {"Pad", &G::importPad},
  };
  return table;
}

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

static std::optional<Type> elementType(int32_t onnxType, MLIRContext &context) {
  switch (onnxType) {
  case onnx::TensorProto::FLOAT:
    return Float32Type::get(&context);
  case onnx::TensorProto::INT64:
    return IntegerType::get(&context, 64);
  case onnx::TensorProto::INT32:
    return IntegerType::get(&context, 32);
  case onnx::TensorProto::BOOL:
    return IntegerType::get(&context, 1);
  default:
    return std::nullopt;
  }
}

static std::string dtypeName(int32_t onnxType) {
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
  std::optional<Type> element = elementType(onnxType, context);
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
  for (const auto &[index, dim] :
       llvm::enumerate(type.tensor_type().shape().dim())) {
    if (dim.has_dim_value() && dim.dim_value() >= 0) {
      shape.push_back(dim.dim_value());
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
  std::optional<Type> element = elementType(tensor.data_type(), context);
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
  int64_t elementBytes =
      element->isInteger(1) ? 1 : element->getIntOrFloatBitWidth() / 8;

  std::string bytes;
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    FailureOr<std::string> external = readExternalData(tensor, sourcePath, loc);
    if (failed(external))
      return failure();
    bytes = std::move(*external);
  } else if (tensor.has_raw_data()) {
    bytes = tensor.raw_data();
  } else {
    // Typed fields: float_data, int64_data, or int32_data (also bools).
    auto append = [&](const auto &field, auto asType) {
      for (auto value : field) {
        decltype(asType) converted = value;
        bytes.append(reinterpret_cast<const char *>(&converted),
                     sizeof(converted));
      }
    };
    switch (tensor.data_type()) {
    case onnx::TensorProto::FLOAT:
      append(tensor.float_data(), float());
      break;
    case onnx::TensorProto::INT64:
      append(tensor.int64_data(), int64_t());
      break;
    case onnx::TensorProto::INT32:
      append(tensor.int32_data(), int32_t());
      break;
    default: // BOOL
      append(tensor.int32_data(), uint8_t());
      break;
    }
  }
  if (static_cast<int64_t>(bytes.size()) != count * elementBytes)
    return emitError(loc) << "tensor '" << tensor.name() << "' holds "
                          << bytes.size()
                          << " bytes of data but its shape and type need "
                          << count * elementBytes;

  if (element->isF32()) {
    ArrayRef<float> floats(reinterpret_cast<const float *>(bytes.data()),
                           count);
    std::string blobName = tensor.name();
    for (char &c : blobName)
      if (!llvm::isAlnum(c))
        c = '_';
    return makeFloatElements(type, floats,
                             blobName.empty() ? "tensor" : blobName);
  }
  if (element->isInteger(1)) {
    SmallVector<bool> bools(bytes.begin(), bytes.end());
    return ElementsAttr(DenseElementsAttr::get(type, bools));
  }
  return ElementsAttr(DenseElementsAttr::getFromRawBuffer(
      type, ArrayRef<char>(bytes.data(), bytes.size())));
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

  for (const onnx::TensorProto &initializer : graph.initializer()) {
    Location loc = NameLoc::get(builder.getStringAttr(initializer.name()));
    FailureOr<ElementsAttr> value = tensorToAttr(initializer, loc);
    if (failed(value))
      return nullptr;
    values[initializer.name()] =
        builder.create<graph::ConstantOp>(loc, value->getType(), *value);
  }

  for (const onnx::NodeProto &node : graph.node())
    if (failed(importNode(node)))
      return nullptr;

  SmallVector<Value> results;
  SmallVector<Attribute> outputNames;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    Value value = values.lookup(output.name());
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
  return module;
}

LogicalResult GraphImporter::importNode(const onnx::NodeProto &node) {
  Location loc = nodeLoc(node);
  for (const std::string &name : node.input())
    if (!name.empty() && !values.count(name))
      return emitError(loc) << "input '" << name
                            << "' is not a graph input, an initializer or the "
                               "output of an earlier node";
  NodeImporter importer = nodeImporters().lookup(node.op_type());
  return (this->*importer)(node, loc);
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

Location GraphImporter::nodeLoc(const onnx::NodeProto &node) {
  std::string name = node.name();
  if (name.empty() && node.output_size())
    name = node.output(0);
  return FusedLoc::get(&context, {NameLoc::get(builder.getStringAttr(name))},
                       builder.getStringAttr(node.op_type()));
}

Value GraphImporter::input(const onnx::NodeProto &node, int index) {
  if (index >= node.input_size() || node.input(index).empty())
    return nullptr;
  return values.lookup(node.input(index));
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

const onnx::AttributeProto *GraphImporter::attr(const onnx::NodeProto &node,
                                                StringRef name) {
  for (const onnx::AttributeProto &attribute : node.attribute())
    if (attribute.name() == name)
      return &attribute;
  return nullptr;
}

int64_t GraphImporter::intAttr(const onnx::NodeProto &node, StringRef name,
                               int64_t dflt) {
  const onnx::AttributeProto *a = attr(node, name);
  return a ? a->i() : dflt;
}

float GraphImporter::floatAttr(const onnx::NodeProto &node, StringRef name,
                               float dflt) {
  const onnx::AttributeProto *a = attr(node, name);
  return a ? a->f() : dflt;
}

std::string GraphImporter::stringAttr(const onnx::NodeProto &node,
                                      StringRef name, StringRef dflt) {
  const onnx::AttributeProto *a = attr(node, name);
  return a ? a->s() : dflt.str();
}

std::optional<SmallVector<int64_t>>
GraphImporter::intsAttr(const onnx::NodeProto &node, StringRef name) {
  const onnx::AttributeProto *a = attr(node, name);
  if (!a)
    return std::nullopt;
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

ArrayRef<int64_t> GraphImporter::shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

FailureOr<SmallVector<int64_t>>
GraphImporter::constantInts(Value value, Location loc, StringRef what) {
  ElementsAttr constant;
  if (!matchPattern(value, m_Constant(&constant)) ||
      !isa<IntegerType>(constant.getElementType()))
    return emitError(loc)
           << what
           << " must be a constant integer tensor (it is computed "
              "at run time, which edgecc does not support)";
  return getIntValues(constant);
}

FailureOr<float> GraphImporter::constantScalar(Value value, Location loc,
                                               StringRef what) {
  ElementsAttr constant;
  if (!matchPattern(value, m_Constant(&constant)) ||
      constant.getNumElements() != 1 || !constant.getElementType().isF32())
    return emitError(loc) << what << " must be a constant float scalar";
  return getFloatValues(constant).front();
}

FailureOr<int64_t> GraphImporter::normalizeAxis(int64_t axis, int64_t rank,
                                                Location loc) {
  if (axis < -rank || axis >= rank)
    return emitError(loc) << "axis " << axis << " is out of range for rank "
                          << rank;
  return axis < 0 ? axis + rank : axis;
}

Value GraphImporter::foldOrKeep(Operation *op) {
  SmallVector<Value> folded;
  if (op->getNumResults() == 1 && succeeded(builder.tryFold(op, folded))) {
    op->erase();
    return folded.front();
  }
  return op->getResult(0);
}

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

FailureOr<Value> GraphImporter::reshape(Value value, ArrayRef<int64_t> shape,
                                        Location loc) {
  auto type = cast<RankedTensorType>(value.getType());
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  if (resultType.getNumElements() != type.getNumElements())
    return emitError(loc) << "cannot reshape " << type << " to " << resultType;
  return createTyped<graph::ReshapeOp>(loc, resultType, value);
}

//===----------------------------------------------------------------------===//
// Op importers
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::windowAttrs(const onnx::NodeProto &node,
                                         Location loc,
                                         ArrayRef<int64_t> inputShape,
                                         ArrayRef<int64_t> kernel,
                                         SmallVectorImpl<NamedAttribute> &attrs,
                                         bool withDilations) {
  if (inputShape.size() != 4 || kernel.size() != 2)
    return emitError(loc) << "only 2-D (NCHW) " << node.op_type()
                          << " is supported, input has rank "
                          << inputShape.size();
  SmallVector<int64_t> strides =
      intsAttr(node, "strides").value_or(SmallVector<int64_t>{1, 1});
  SmallVector<int64_t> dilations =
      intsAttr(node, "dilations").value_or(SmallVector<int64_t>{1, 1});
  SmallVector<int64_t> pads =
      intsAttr(node, "pads").value_or(SmallVector<int64_t>(4, 0));
  if (strides.size() != 2 || dilations.size() != 2 || pads.size() != 4)
    return emitError(loc)
           << "strides, dilations and pads must have 2, 2 and 4 entries";
  if (!withDilations &&
      llvm::any_of(dilations, [](int64_t d) { return d != 1; }))
    return emitError(loc) << "dilations other than 1 are not supported";
  std::string autoPad = stringAttr(node, "auto_pad", "NOTSET");
  if (autoPad == "VALID") {
    pads.assign(4, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (int axis = 0; axis < 2; ++axis) {
      if (strides[axis] < 1)
        return emitError(loc) << "strides must be >= 1";
      int64_t in = inputShape[axis + 2];
      int64_t out = (in + strides[axis] - 1) / strides[axis];
      int64_t total = std::max<int64_t>(
          0, (out - 1) * strides[axis] + (kernel[axis] - 1) * dilations[axis] +
                 1 - in);
      int64_t small = total / 2, large = total - small;
      pads[axis] = autoPad == "SAME_UPPER" ? small : large;
      pads[axis + 2] = autoPad == "SAME_UPPER" ? large : small;
    }
  } else if (autoPad != "NOTSET") {
    return emitError(loc) << "unknown auto_pad '" << autoPad << "'";
  }
  attrs.push_back(
      builder.getNamedAttr("strides", builder.getDenseI64ArrayAttr(strides)));
  attrs.push_back(
      builder.getNamedAttr("pads", builder.getDenseI64ArrayAttr(pads)));
  if (withDilations)
    attrs.push_back(builder.getNamedAttr(
        "dilations", builder.getDenseI64ArrayAttr(dilations)));
  return success();
}

LogicalResult GraphImporter::importConv(const onnx::NodeProto &node,
                                        Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  Value x = input(node, 0), w = input(node, 1), b = input(node, 2);
  ArrayRef<int64_t> weightShape = shapeOf(w);
  SmallVector<int64_t> kernel(
      weightShape.drop_front(std::min<size_t>(2, weightShape.size())));
  if (auto explicitKernel = intsAttr(node, "kernel_shape");
      explicitKernel && *explicitKernel != kernel)
    return emitError(loc) << "kernel_shape does not match the weight shape";
  SmallVector<NamedAttribute> attrs;
  if (failed(windowAttrs(node, loc, shapeOf(x), kernel, attrs,
                         /*withDilations=*/true)))
    return failure();
  attrs.push_back(builder.getNamedAttr(
      "group", builder.getI64IntegerAttr(intAttr(node, "group", 1))));
  SmallVector<Value> operands = {x, w};
  if (b)
    operands.push_back(b);
  FailureOr<Value> conv = create<graph::ConvOp>(loc, operands, attrs);
  if (failed(conv))
    return failure();
  bind(node, 0, *conv);
  return success();
}

LogicalResult GraphImporter::importGemm(const onnx::NodeProto &node,
                                        Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  SmallVector<Value> operands = {input(node, 0), input(node, 1)};
  if (Value c = input(node, 2))
    operands.push_back(c);
  SmallVector<NamedAttribute> attrs = {
      builder.getNamedAttr(
          "alpha", builder.getF32FloatAttr(floatAttr(node, "alpha", 1.0f))),
      builder.getNamedAttr(
          "beta", builder.getF32FloatAttr(floatAttr(node, "beta", 1.0f))),
      builder.getNamedAttr("trans_a",
                           builder.getBoolAttr(intAttr(node, "transA", 0))),
      builder.getNamedAttr("trans_b",
                           builder.getBoolAttr(intAttr(node, "transB", 0)))};
  FailureOr<Value> gemm = create<graph::GemmOp>(loc, operands, attrs);
  if (failed(gemm))
    return failure();
  bind(node, 0, *gemm);
  return success();
}

LogicalResult GraphImporter::importMatMul(const onnx::NodeProto &node,
                                          Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  FailureOr<Value> matmul =
      create<graph::MatMulOp>(loc, {input(node, 0), input(node, 1)});
  if (failed(matmul))
    return failure();
  bind(node, 0, *matmul);
  return success();
}

LogicalResult GraphImporter::importBatchNorm(const onnx::NodeProto &node,
                                             Location loc) {
  if (failed(requireInputs(node, loc, 5)))
    return failure();
  for (int i = 1; i < node.output_size(); ++i)
    if (!node.output(i).empty())
      return emitError(loc) << "BatchNormalization in training mode (output "
                            << i << " is used) is not supported";
  SmallVector<Value> operands;
  for (int i = 0; i < 5; ++i)
    operands.push_back(input(node, i));
  FailureOr<Value> bn = create<graph::BatchNormOp>(
      loc, operands,
      {builder.getNamedAttr("epsilon", builder.getF32FloatAttr(floatAttr(
                                           node, "epsilon", 1e-5f)))});
  if (failed(bn))
    return failure();
  bind(node, 0, *bn);
  return success();
}

template <typename PoolOp>
LogicalResult GraphImporter::importPool(const onnx::NodeProto &node,
                                        Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  if (node.output_size() > 1 && !node.output(1).empty())
    return emitError(loc) << "the Indices output of MaxPool is not supported";
  if (intAttr(node, "storage_order", 0) != 0)
    return emitError(loc) << "storage_order=1 is not supported";
  std::optional<SmallVector<int64_t>> kernel = intsAttr(node, "kernel_shape");
  if (!kernel)
    return emitError(loc) << "kernel_shape is required";
  Value x = input(node, 0);
  SmallVector<NamedAttribute> attrs;
  if (failed(windowAttrs(node, loc, shapeOf(x), *kernel, attrs,
                         /*withDilations=*/false)))
    return failure();
  attrs.push_back(builder.getNamedAttr("kernel_shape",
                                       builder.getDenseI64ArrayAttr(*kernel)));
  attrs.push_back(builder.getNamedAttr(
      "ceil_mode", builder.getBoolAttr(intAttr(node, "ceil_mode", 0))));
  attrs.push_back(builder.getNamedAttr(
      "count_include_pad",
      builder.getBoolAttr(intAttr(node, "count_include_pad", 0))));
  FailureOr<Value> pool = create<PoolOp>(loc, x, attrs);
  if (failed(pool))
    return failure();
  bind(node, 0, *pool);
  return success();
}

LogicalResult
GraphImporter::importGlobalAveragePool(const onnx::NodeProto &node,
                                       Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  FailureOr<Value> pool =
      create<graph::GlobalAveragePoolOp>(loc, input(node, 0));
  if (failed(pool))
    return failure();
  bind(node, 0, *pool);
  return success();
}

LogicalResult GraphImporter::importReduceMean(const onnx::NodeProto &node,
                                              Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  int64_t rank = shapeOf(x).size();
  SmallVector<int64_t> axes;
  if (opset >= 18) {
    if (Value axesInput = input(node, 1)) {
      FailureOr<SmallVector<int64_t>> constant =
          constantInts(axesInput, loc, "axes");
      if (failed(constant))
        return failure();
      axes = *constant;
    }
    if (axes.empty() && intAttr(node, "noop_with_empty_axes", 0)) {
      bind(node, 0, x);
      return success();
    }
  } else {
    axes = intsAttr(node, "axes").value_or(SmallVector<int64_t>{});
  }
  if (axes.empty())
    axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  for (int64_t &axis : axes) {
    FailureOr<int64_t> normalized = normalizeAxis(axis, rank, loc);
    if (failed(normalized))
      return failure();
    axis = *normalized;
  }
  FailureOr<Value> mean = create<graph::ReduceMeanOp>(
      loc, x,
      {builder.getNamedAttr("axes", builder.getDenseI64ArrayAttr(axes)),
       builder.getNamedAttr(
           "keepdims", builder.getBoolAttr(intAttr(node, "keepdims", 1)))});
  if (failed(mean))
    return failure();
  bind(node, 0, *mean);
  return success();
}

template <typename BinaryOp>
LogicalResult GraphImporter::importBinary(const onnx::NodeProto &node,
                                          Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  FailureOr<Value> result =
      create<BinaryOp>(loc, {input(node, 0), input(node, 1)});
  if (failed(result))
    return failure();
  bind(node, 0, *result);
  return success();
}

template <typename UnaryOp>
LogicalResult GraphImporter::importUnary(const onnx::NodeProto &node,
                                         Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  if (!cast<RankedTensorType>(x.getType()).getElementType().isF32())
    return emitError(loc) << node.op_type() << " is only supported on float32";
  bind(node, 0, createTyped<UnaryOp>(loc, x.getType(), x));
  return success();
}

LogicalResult GraphImporter::importClip(const onnx::NodeProto &node,
                                        Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  float lo = std::numeric_limits<float>::lowest(),
        hi = std::numeric_limits<float>::max();
  if (opset < 11) {
    lo = floatAttr(node, "min", lo);
    hi = floatAttr(node, "max", hi);
  } else {
    for (auto [index, bound] : {std::pair<int, float *>{1, &lo}, {2, &hi}}) {
      Value value = input(node, index);
      if (!value)
        continue;
      FailureOr<float> constant =
          constantScalar(value, loc, index == 1 ? "Clip min" : "Clip max");
      if (failed(constant))
        return failure();
      *bound = *constant;
    }
  }
  Value x = input(node, 0);
  if (!cast<RankedTensorType>(x.getType()).getElementType().isF32())
    return emitError(loc) << "Clip is only supported on float32";
  if (lo > hi)
    return emitError(loc) << "Clip min " << lo << " is greater than max " << hi;
  bind(node, 0,
       createTyped<graph::ClipOp>(
           loc, x.getType(), x,
           {builder.getNamedAttr("min", builder.getF32FloatAttr(lo)),
            builder.getNamedAttr("max", builder.getF32FloatAttr(hi))}));
  return success();
}

LogicalResult GraphImporter::importSoftmax(const onnx::NodeProto &node,
                                           Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  SmallVector<int64_t> shape(shapeOf(x));
  int64_t rank = shape.size();
  FailureOr<int64_t> axis =
      normalizeAxis(intAttr(node, "axis", opset >= 13 ? -1 : 1), rank, loc);
  if (failed(axis))
    return failure();
  auto softmax = [&](Value value, int64_t along) {
    return createTyped<graph::SoftmaxOp>(
        loc, value.getType(), value,
        {builder.getNamedAttr("axis", builder.getI64IntegerAttr(along))});
  };
  if (opset >= 13 || *axis == rank - 1) {
    bind(node, 0, softmax(x, *axis));
    return success();
  }
  // Before opset 13 the input is coerced to 2-D at `axis`.
  int64_t outer = 1, inner = 1;
  for (int64_t dim = 0; dim < rank; ++dim)
    (dim < *axis ? outer : inner) *= shape[dim];
  FailureOr<Value> flat = reshape(x, {outer, inner}, loc);
  if (failed(flat))
    return failure();
  FailureOr<Value> result = reshape(softmax(*flat, 1), shape, loc);
  if (failed(result))
    return failure();
  bind(node, 0, *result);
  return success();
}

LogicalResult GraphImporter::importConcat(const onnx::NodeProto &node,
                                          Location loc) {
  SmallVector<Value> inputs;
  for (int i = 0; i < node.input_size(); ++i)
    if (Value value = input(node, i))
      inputs.push_back(value);
  if (inputs.empty())
    return emitError(loc) << "Concat needs at least one input";
  FailureOr<int64_t> axis = normalizeAxis(intAttr(node, "axis", 0),
                                          shapeOf(inputs.front()).size(), loc);
  if (failed(axis))
    return failure();
  FailureOr<Value> concat = create<graph::ConcatOp>(
      loc, inputs,
      {builder.getNamedAttr("axis", builder.getI64IntegerAttr(*axis))});
  if (failed(concat))
    return failure();
  bind(node, 0, *concat);
  return success();
}

LogicalResult GraphImporter::importReshape(const onnx::NodeProto &node,
                                           Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  Value x = input(node, 0);
  FailureOr<SmallVector<int64_t>> target =
      constantInts(input(node, 1), loc, "Reshape shape");
  if (failed(target))
    return failure();
  ArrayRef<int64_t> inputShape = shapeOf(x);
  bool allowZero = intAttr(node, "allowzero", 0) != 0;
  int64_t total = cast<RankedTensorType>(x.getType()).getNumElements();
  int64_t known = 1, inferred = -1;
  SmallVector<int64_t> shape(*target);
  for (auto [index, dim] : llvm::enumerate(shape)) {
    if (dim == 0 && !allowZero) {
      if (index >= inputShape.size())
        return emitError(loc) << "Reshape copies dim " << index
                              << ", which the input does not have";
      dim = inputShape[index];
    }
    if (dim == -1) {
      if (inferred >= 0)
        return emitError(loc) << "Reshape shape has more than one -1";
      inferred = index;
      continue;
    }
    if (dim < 0)
      return emitError(loc) << "Reshape shape has invalid dim " << dim;
    known *= dim;
  }
  if (inferred >= 0) {
    if (known == 0 || total % known != 0)
      return emitError(loc)
             << "Reshape cannot infer the -1 dim of " << total << " elements";
    shape[inferred] = total / known;
  }
  FailureOr<Value> result = reshape(x, shape, loc);
  if (failed(result))
    return failure();
  bind(node, 0, *result);
  return success();
}

LogicalResult GraphImporter::importFlatten(const onnx::NodeProto &node,
                                           Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t rank = shape.size();
  int64_t axis = intAttr(node, "axis", 1);
  if (axis < -rank || axis > rank)
    return emitError(loc) << "axis " << axis << " is out of range for rank "
                          << rank;
  axis = axis < 0 ? axis + rank : axis;
  int64_t outer = 1, inner = 1;
  for (int64_t dim = 0; dim < rank; ++dim)
    (dim < axis ? outer : inner) *= shape[dim];
  FailureOr<Value> result = reshape(x, {outer, inner}, loc);
  if (failed(result))
    return failure();
  bind(node, 0, *result);
  return success();
}

LogicalResult GraphImporter::importSqueeze(const onnx::NodeProto &node,
                                           Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  ArrayRef<int64_t> shape = shapeOf(x);
  SmallVector<int64_t> axes;
  if (opset >= 13) {
    if (Value axesInput = input(node, 1)) {
      FailureOr<SmallVector<int64_t>> constant =
          constantInts(axesInput, loc, "axes");
      if (failed(constant))
        return failure();
      axes = *constant;
    }
  } else {
    axes = intsAttr(node, "axes").value_or(SmallVector<int64_t>{});
  }
  SmallVector<bool> drop(shape.size(), false);
  if (axes.empty())
    for (auto [dim, size] : llvm::enumerate(shape))
      drop[dim] = size == 1;
  for (int64_t axis : axes) {
    FailureOr<int64_t> normalized = normalizeAxis(axis, shape.size(), loc);
    if (failed(normalized))
      return failure();
    if (shape[*normalized] != 1)
      return emitError(loc) << "cannot squeeze axis " << axis << " of size "
                            << shape[*normalized];
    drop[*normalized] = true;
  }
  SmallVector<int64_t> result;
  for (auto [dim, size] : llvm::enumerate(shape))
    if (!drop[dim])
      result.push_back(size);
  FailureOr<Value> squeezed = reshape(x, result, loc);
  if (failed(squeezed))
    return failure();
  bind(node, 0, *squeezed);
  return success();
}

LogicalResult GraphImporter::importUnsqueeze(const onnx::NodeProto &node,
                                             Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  SmallVector<int64_t> axes;
  if (opset >= 13) {
    if (failed(requireInputs(node, loc, 2)))
      return failure();
    FailureOr<SmallVector<int64_t>> constant =
        constantInts(input(node, 1), loc, "axes");
    if (failed(constant))
      return failure();
    axes = *constant;
  } else {
    axes = intsAttr(node, "axes").value_or(SmallVector<int64_t>{});
  }
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t rank = shape.size() + axes.size();
  SmallVector<bool> inserted(rank, false);
  for (int64_t axis : axes) {
    FailureOr<int64_t> normalized = normalizeAxis(axis, rank, loc);
    if (failed(normalized))
      return failure();
    if (inserted[*normalized])
      return emitError(loc) << "axis " << axis << " is repeated";
    inserted[*normalized] = true;
  }
  SmallVector<int64_t> result;
  const int64_t *next = shape.begin();
  for (int64_t dim = 0; dim < rank; ++dim)
    result.push_back(inserted[dim] ? 1 : *next++);
  FailureOr<Value> unsqueezed = reshape(x, result, loc);
  if (failed(unsqueezed))
    return failure();
  bind(node, 0, *unsqueezed);
  return success();
}

LogicalResult GraphImporter::importTranspose(const onnx::NodeProto &node,
                                             Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value x = input(node, 0);
  int64_t rank = shapeOf(x).size();
  SmallVector<int64_t> perm =
      intsAttr(node, "perm")
          .value_or(
              llvm::to_vector(llvm::reverse(llvm::seq<int64_t>(0, rank))));
  FailureOr<Value> result = create<graph::TransposeOp>(
      loc, x,
      {builder.getNamedAttr("perm", builder.getDenseI64ArrayAttr(perm))});
  if (failed(result))
    return failure();
  bind(node, 0, *result);
  return success();
}

/// Clamps ONNX slice bounds as the spec says and builds a graph.slice over
/// all axes.
LogicalResult
GraphImporter::importSliceOf(const onnx::NodeProto &node, Location loc,
                             Value data, ArrayRef<int64_t> starts,
                             ArrayRef<int64_t> ends, ArrayRef<int64_t> axes,
                             ArrayRef<int64_t> steps, int outputIndex) {
  ArrayRef<int64_t> shape = shapeOf(data);
  int64_t rank = shape.size();
  SmallVector<int64_t> fullStarts(rank, 0), fullEnds(shape), fullSteps(rank, 1);
  if (starts.size() != ends.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return emitError(loc) << "starts, ends, axes and steps differ in length";
  for (size_t i = 0; i < axes.size(); ++i) {
    FailureOr<int64_t> axis = normalizeAxis(axes[i], rank, loc);
    if (failed(axis))
      return failure();
    int64_t dim = shape[*axis], step = steps[i];
    if (step == 0)
      return emitError(loc) << "slice step must not be 0";
    auto clampBound = [&](int64_t value, int64_t lo, int64_t hi) {
      if (value < 0)
        value += dim;
      return std::clamp(value, lo, hi);
    };
    // Bounds beyond int32 (INT64_MAX/MIN as "to the end") are clamped too.
    if (step > 0) {
      fullStarts[*axis] = clampBound(starts[i], 0, dim);
      fullEnds[*axis] = clampBound(ends[i], 0, dim);
    } else {
      fullStarts[*axis] = clampBound(starts[i], 0, dim - 1);
      fullEnds[*axis] = clampBound(ends[i], -1, dim - 1);
    }
    fullSteps[*axis] = step;
  }
  FailureOr<Value> slice = create<graph::SliceOp>(
      loc, data,
      {builder.getNamedAttr("starts", builder.getDenseI64ArrayAttr(fullStarts)),
       builder.getNamedAttr("ends", builder.getDenseI64ArrayAttr(fullEnds)),
       builder.getNamedAttr("steps", builder.getDenseI64ArrayAttr(fullSteps))});
  if (failed(slice))
    return failure();
  bind(node, outputIndex, *slice);
  return success();
}

LogicalResult GraphImporter::importSlice(const onnx::NodeProto &node,
                                         Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value data = input(node, 0);
  SmallVector<int64_t> starts, ends, axes, steps;
  if (opset < 10) {
    starts = intsAttr(node, "starts").value_or(SmallVector<int64_t>{});
    ends = intsAttr(node, "ends").value_or(SmallVector<int64_t>{});
    axes = intsAttr(node, "axes").value_or(SmallVector<int64_t>{});
  } else {
    if (failed(requireInputs(node, loc, 3)))
      return failure();
    const char *names[] = {"Slice starts", "Slice ends", "Slice axes",
                           "Slice steps"};
    SmallVector<int64_t> *targets[] = {&starts, &ends, &axes, &steps};
    for (int i = 0; i < 4; ++i) {
      Value value = input(node, i + 1);
      if (!value)
        continue;
      FailureOr<SmallVector<int64_t>> constant =
          constantInts(value, loc, names[i]);
      if (failed(constant))
        return failure();
      *targets[i] = *constant;
    }
  }
  if (axes.empty())
    axes = llvm::to_vector(llvm::seq<int64_t>(0, starts.size()));
  if (steps.empty())
    steps.assign(starts.size(), 1);
  return importSliceOf(node, loc, data, starts, ends, axes, steps, 0);
}

LogicalResult GraphImporter::importSplit(const onnx::NodeProto &node,
                                         Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  Value data = input(node, 0);
  ArrayRef<int64_t> shape = shapeOf(data);
  FailureOr<int64_t> axis =
      normalizeAxis(intAttr(node, "axis", 0), shape.size(), loc);
  if (failed(axis))
    return failure();
  SmallVector<int64_t> sizes;
  if (opset < 13) {
    sizes = intsAttr(node, "split").value_or(SmallVector<int64_t>{});
  } else if (Value splitInput = input(node, 1)) {
    FailureOr<SmallVector<int64_t>> constant =
        constantInts(splitInput, loc, "split");
    if (failed(constant))
      return failure();
    sizes = *constant;
  }
  int64_t outputs = opset >= 18 && attr(node, "num_outputs")
                        ? intAttr(node, "num_outputs", 0)
                        : node.output_size();
  if (sizes.empty()) {
    if (outputs < 1)
      return emitError(loc) << "Split needs at least one output";
    // Equal parts; from opset 18 the last one may be smaller.
    int64_t part = (shape[*axis] + outputs - 1) / outputs;
    for (int64_t i = 0, left = shape[*axis]; i < outputs; ++i, left -= part)
      sizes.push_back(std::min(part, left));
  }
  int64_t sum = 0;
  for (int64_t size : sizes)
    sum += size < 0 ? shape[*axis] + 1 : size; // any negative size is invalid
  if (sum != shape[*axis] ||
      static_cast<int64_t>(sizes.size()) != node.output_size())
    return emitError(loc) << "split sizes do not add up to dim " << shape[*axis]
                          << " or do not match the " << node.output_size()
                          << " outputs";
  int64_t start = 0;
  for (auto [index, size] : llvm::enumerate(sizes)) {
    if (failed(importSliceOf(node, loc, data, {start}, {start + size}, {*axis},
                             {1}, index)))
      return failure();
    start += size;
  }
  return success();
}

LogicalResult GraphImporter::importShape(const onnx::NodeProto &node,
                                         Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  FailureOr<Value> shape = create<graph::ShapeOp>(loc, input(node, 0));
  if (failed(shape))
    return failure();
  int64_t rank = shapeOf(input(node, 0)).size();
  int64_t start = intAttr(node, "start", 0), end = intAttr(node, "end", rank);
  if (start == 0 && end == rank) {
    bind(node, 0, *shape);
    return success();
  }
  // Opset 15 start/end: a slice of the shape vector.
  return importSliceOf(node, loc, *shape, {start}, {end}, {0}, {1}, 0);
}

LogicalResult GraphImporter::importGather(const onnx::NodeProto &node,
                                          Location loc) {
  if (failed(requireInputs(node, loc, 2)))
    return failure();
  Value data = input(node, 0);
  FailureOr<int64_t> axis =
      normalizeAxis(intAttr(node, "axis", 0), shapeOf(data).size(), loc);
  if (failed(axis))
    return failure();
  FailureOr<Value> gather = create<graph::GatherOp>(
      loc, {data, input(node, 1)},
      {builder.getNamedAttr("axis", builder.getI64IntegerAttr(*axis))});
  if (failed(gather))
    return failure();
  bind(node, 0, *gather);
  return success();
}

LogicalResult GraphImporter::importCast(const onnx::NodeProto &node,
                                        Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  int64_t to = intAttr(node, "to", 0);
  std::optional<Type> element = elementType(to, context);
  if (!element)
    return emitError(loc) << "Cast to " << dtypeName(to) << " is not supported";
  Value x = input(node, 0);
  auto type = RankedTensorType::get(shapeOf(x), *element);
  bind(node, 0, createTyped<graph::CastOp>(loc, type, x));
  return success();
}

LogicalResult GraphImporter::importConstant(const onnx::NodeProto &node,
                                            Location loc) {
  ElementsAttr value;
  if (const onnx::AttributeProto *tensor = attr(node, "value")) {
    FailureOr<ElementsAttr> converted = tensorToAttr(tensor->t(), loc);
    if (failed(converted))
      return failure();
    value = *converted;
  } else if (const onnx::AttributeProto *f = attr(node, "value_float")) {
    value = DenseElementsAttr::get(
        RankedTensorType::get({}, builder.getF32Type()), f->f());
  } else if (const onnx::AttributeProto *fs = attr(node, "value_floats")) {
    SmallVector<float> floats(fs->floats().begin(), fs->floats().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({static_cast<int64_t>(floats.size())},
                              builder.getF32Type()),
        ArrayRef(floats));
  } else if (const onnx::AttributeProto *i = attr(node, "value_int")) {
    value =
        DenseElementsAttr::get(RankedTensorType::get({}, builder.getI64Type()),
                               static_cast<int64_t>(i->i()));
  } else if (const onnx::AttributeProto *is = attr(node, "value_ints")) {
    SmallVector<int64_t> ints(is->ints().begin(), is->ints().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({static_cast<int64_t>(ints.size())},
                              builder.getI64Type()),
        ArrayRef(ints));
  } else {
    return emitError(loc) << "Constant without a supported value attribute";
  }
  bind(node, 0, builder.create<graph::ConstantOp>(loc, value.getType(), value));
  return success();
}

LogicalResult GraphImporter::importIdentity(const onnx::NodeProto &node,
                                            Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  // Dropout in inference is the identity; its mask output is not supported.
  if (node.output_size() > 1 && !node.output(1).empty())
    return emitError(loc) << "the mask output of Dropout is not supported";
  bind(node, 0, input(node, 0));
  return success();
}

LogicalResult GraphImporter::importPad(const onnx::NodeProto &node,
                                       Location loc) {
  if (failed(requireInputs(node, loc, 1)))
    return failure();
  std::string mode = stringAttr(node, "mode", "constant");
  if (mode != "constant")
    return emitError(loc) << "Pad mode '" << mode << "' is not supported yet";
  Value x = input(node, 0);
  int64_t rank = shapeOf(x).size();
  SmallVector<int64_t> pads;
  float value = 0.0f;
  if (opset < 11) {
    pads = intsAttr(node, "pads").value_or(SmallVector<int64_t>{});
    value = floatAttr(node, "value", 0.0f);
  } else {
    if (failed(requireInputs(node, loc, 2)))
      return failure();
    FailureOr<SmallVector<int64_t>> constant =
        constantInts(input(node, 1), loc, "Pad pads");
    if (failed(constant))
      return failure();
    pads = *constant;
    if (Value constantValue = input(node, 2)) {
      FailureOr<float> scalar =
          constantScalar(constantValue, loc, "Pad constant_value");
      if (failed(scalar))
        return failure();
      value = *scalar;
    }
    if (Value axesInput = input(node, 3)) {
      // Opset 18 axes: pads then only name the listed axes.
      FailureOr<SmallVector<int64_t>> axes =
          constantInts(axesInput, loc, "Pad axes");
      if (failed(axes))
        return failure();
      SmallVector<int64_t> full(2 * rank, 0);
      if (pads.size() != 2 * axes->size())
        return emitError(loc) << "Pad pads must have two entries per axis";
      for (auto [i, axis] : llvm::enumerate(*axes)) {
        FailureOr<int64_t> normalized = normalizeAxis(axis, rank, loc);
        if (failed(normalized))
          return failure();
        full[*normalized] = pads[i];
        full[*normalized + rank] = pads[i + axes->size()];
      }
      pads = full;
    }
  }
  FailureOr<Value> padded = create<graph::PadOp>(
      loc, x,
      {builder.getNamedAttr("pads", builder.getDenseI64ArrayAttr(pads)),
       builder.getNamedAttr("value", builder.getF32FloatAttr(value))});
  if (failed(padded))
    return failure();
  bind(node, 0, *padded);
  return success();
}

} // namespace

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
  GraphImporter importer(context, options, sourceName);
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

bool getOnnxNode(Location loc, std::string &nodeName, std::string &opType) {
  auto fused = dyn_cast<FusedLoc>(loc);
  if (!fused || fused.getLocations().size() != 1)
    return false;
  auto type = dyn_cast_or_null<StringAttr>(fused.getMetadata());
  auto name = dyn_cast<NameLoc>(fused.getLocations().front());
  if (!type || !name)
    return false;
  nodeName = name.getName().str();
  opType = type.str();
  return true;
}

} // namespace edgecc
