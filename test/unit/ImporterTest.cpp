//===- ImporterTest.cpp - ONNX importer unit tests ------------------------===//

#include "edgecc/Import/OnnxImporter.h"

#include "Graph/GraphOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"

#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

using namespace mlir;
using namespace edgecc;

namespace {

/// Builds small ModelProtos and imports them, collecting diagnostics.
class ImporterTest : public ::testing::Test {
protected:
  ImporterTest() : handler(&context, [this](Diagnostic &diag) {
    errors.push_back(diag.str());
    return success();
  }) {
    model.set_ir_version(8);
    model.add_opset_import()->set_version(13);
  }

  onnx::ValueInfoProto *addInput(const std::string &name,
                                 std::vector<int64_t> shape) {
    onnx::ValueInfoProto *input = model.mutable_graph()->add_input();
    input->set_name(name);
    auto *type = input->mutable_type()->mutable_tensor_type();
    type->set_elem_type(onnx::TensorProto::FLOAT);
    for (int64_t dim : shape)
      type->mutable_shape()->add_dim()->set_dim_value(dim);
    return input;
  }

  void addOutput(const std::string &name) {
    model.mutable_graph()->add_output()->set_name(name);
  }

  void addFloatInitializer(const std::string &name, std::vector<int64_t> shape) {
    onnx::TensorProto *tensor = model.mutable_graph()->add_initializer();
    tensor->set_name(name);
    tensor->set_data_type(onnx::TensorProto::FLOAT);
    int64_t count = 1;
    for (int64_t dim : shape) {
      tensor->add_dims(dim);
      count *= dim;
    }
    for (int64_t i = 0; i < count; ++i)
      tensor->add_float_data(0.01f * static_cast<float>(i));
  }

  void addInt64Initializer(const std::string &name, std::vector<int64_t> values) {
    onnx::TensorProto *tensor = model.mutable_graph()->add_initializer();
    tensor->set_name(name);
    tensor->set_data_type(onnx::TensorProto::INT64);
    tensor->add_dims(static_cast<int64_t>(values.size()));
    for (int64_t value : values)
      tensor->add_int64_data(value);
  }

  onnx::NodeProto *addNode(const std::string &op, std::vector<std::string> inputs,
                           std::vector<std::string> outputs, const std::string &name) {
    onnx::NodeProto *node = model.mutable_graph()->add_node();
    node->set_op_type(op);
    node->set_name(name);
    for (const std::string &input : inputs)
      node->add_input(input);
    for (const std::string &output : outputs)
      node->add_output(output);
    return node;
  }

  OwningOpRef<ModuleOp> import(const ImportOptions &options = {}) {
    std::string bytes;
    EXPECT_TRUE(model.SerializeToString(&bytes));
    return importOnnxBytes(bytes, "test.onnx", context, options);
  }

  func::FuncOp mainFunction(ModuleOp module) {
    return *module.getOps<func::FuncOp>().begin();
  }

  MLIRContext context;
  ScopedDiagnosticHandler handler;
  std::vector<std::string> errors;
  onnx::ModelProto model;
};

TEST_F(ImporterTest, ConvShapesAndNodeLocations) {
  addInput("x", {1, 3, 16, 16});
  addFloatInitializer("w", {8, 3, 3, 3});
  onnx::NodeProto *conv = addNode("Conv", {"x", "w"}, {"y"}, "stem");
  onnx::AttributeProto *strides = conv->add_attribute();
  strides->set_name("strides");
  strides->add_ints(2);
  strides->add_ints(2);
  onnx::AttributeProto *pad = conv->add_attribute();
  pad->set_name("auto_pad");
  pad->set_s("SAME_UPPER");
  addOutput("y");

  OwningOpRef<ModuleOp> module = import();
  ASSERT_TRUE(module) << (errors.empty() ? "" : errors.front());
  func::FuncOp function = mainFunction(*module);
  auto resultType = cast<RankedTensorType>(function.getResultTypes()[0]);
  EXPECT_EQ(resultType.getShape(), ArrayRef<int64_t>({1, 8, 8, 8}));

  graph::ConvOp op = *function.getOps<graph::ConvOp>().begin();
  EXPECT_EQ(op.getPads(), ArrayRef<int64_t>({0, 0, 1, 1}));
  std::string name, opType;
  ASSERT_TRUE(getOnnxNode(op.getLoc(), name, opType));
  EXPECT_EQ(name, "stem");
  EXPECT_EQ(opType, "Conv");
}

TEST_F(ImporterTest, LargeInitializersBecomeResourceBlobs) {
  addInput("x", {1, 3, 4, 4});
  addFloatInitializer("w", {8, 3, 1, 1});
  addNode("Conv", {"x", "w"}, {"y"}, "conv");
  addOutput("y");
  OwningOpRef<ModuleOp> module = import();
  ASSERT_TRUE(module);
  graph::ConvOp conv = *mainFunction(*module).getOps<graph::ConvOp>().begin();
  auto weight = conv.getWeight().getDefiningOp<graph::ConstantOp>();
  ASSERT_TRUE(weight);
  EXPECT_TRUE(isa<DenseResourceElementsAttr>(weight.getValue()));
}

TEST_F(ImporterTest, ReshapeResolvesZeroAndMinusOne) {
  addInput("x", {2, 3, 4});
  addInt64Initializer("shape", {0, -1});
  addNode("Reshape", {"x", "shape"}, {"y"}, "reshape");
  addOutput("y");
  OwningOpRef<ModuleOp> module = import();
  ASSERT_TRUE(module);
  auto resultType = cast<RankedTensorType>(mainFunction(*module).getResultTypes()[0]);
  EXPECT_EQ(resultType.getShape(), ArrayRef<int64_t>({2, 12}));
}

TEST_F(ImporterTest, ShapeSubgraphFoldsDuringImport) {
  addInput("x", {1, 8, 2, 2});
  addInt64Initializer("zero", {0});
  addInt64Initializer("minus_one", {-1});
  addNode("Shape", {"x"}, {"s"}, "shape");
  onnx::NodeProto *gather = addNode("Gather", {"s", "zero"}, {"batch"}, "gather");
  gather->add_attribute()->set_name("axis");
  onnx::NodeProto *concat =
      addNode("Concat", {"batch", "minus_one"}, {"target"}, "concat");
  onnx::AttributeProto *axis = concat->add_attribute();
  axis->set_name("axis");
  axis->set_i(0);
  addNode("Reshape", {"x", "target"}, {"y"}, "reshape");
  addOutput("y");
  OwningOpRef<ModuleOp> module = import();
  ASSERT_TRUE(module) << (errors.empty() ? "" : errors.front());
  func::FuncOp function = mainFunction(*module);
  EXPECT_TRUE(function.getOps<graph::ShapeOp>().empty());
  auto resultType = cast<RankedTensorType>(function.getResultTypes()[0]);
  EXPECT_EQ(resultType.getShape(), ArrayRef<int64_t>({1, 32}));
}

TEST_F(ImporterTest, SplitBecomesSlices) {
  addInput("x", {1, 6, 2});
  addInt64Initializer("sizes", {2, 4});
  onnx::NodeProto *split = addNode("Split", {"x", "sizes"}, {"a", "b"}, "split");
  onnx::AttributeProto *axis = split->add_attribute();
  axis->set_name("axis");
  axis->set_i(1);
  addOutput("a");
  addOutput("b");
  OwningOpRef<ModuleOp> module = import();
  ASSERT_TRUE(module);
  auto types = mainFunction(*module).getResultTypes();
  EXPECT_EQ(cast<RankedTensorType>(types[0]).getShape(), ArrayRef<int64_t>({1, 2, 2}));
  EXPECT_EQ(cast<RankedTensorType>(types[1]).getShape(), ArrayRef<int64_t>({1, 4, 2}));
}

TEST_F(ImporterTest, SymbolicDimNeedsPinning) {
  onnx::ValueInfoProto *input = addInput("x", {1, 4});
  input->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(0)->set_dim_param("N");
  addNode("Relu", {"x"}, {"y"}, "relu");
  addOutput("y");
  EXPECT_FALSE(import());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("symbolic dim 'N'"), std::string::npos) << errors[0];

  errors.clear();
  ImportOptions options;
  options.inputShapes["x"] = {3, 4};
  OwningOpRef<ModuleOp> module = import(options);
  ASSERT_TRUE(module);
  auto resultType = cast<RankedTensorType>(mainFunction(*module).getResultTypes()[0]);
  EXPECT_EQ(resultType.getShape(), ArrayRef<int64_t>({3, 4}));
}

TEST_F(ImporterTest, ListsEveryUnsupportedOpAtOnce) {
  addInput("x", {1, 4});
  addNode("NonZero", {"x"}, {"a"}, "first");
  addNode("Relu", {"a"}, {"b"}, "fine");
  addNode("NonZero", {"b"}, {"c"}, "second");
  addNode("Unique", {"c"}, {"y"}, "");
  addOutput("y");
  EXPECT_FALSE(import());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "unsupported ONNX ops: NonZero (nodes 'first', 'second'); "
                       "Unique (node 'y')");
}

TEST_F(ImporterTest, DanglingInputIsAnError) {
  addInput("x", {1, 4});
  addNode("Add", {"x", "nowhere"}, {"y"}, "add");
  addOutput("y");
  EXPECT_FALSE(import());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("input 'nowhere'"), std::string::npos);
}

TEST_F(ImporterTest, RejectsUnsupportedOpset) {
  model.mutable_opset_import(0)->set_version(6);
  addInput("x", {1, 4});
  addNode("Relu", {"x"}, {"y"}, "relu");
  addOutput("y");
  EXPECT_FALSE(import());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("opset 6 is not supported"), std::string::npos);
}

TEST_F(ImporterTest, RejectsGarbage) {
  EXPECT_FALSE(importOnnxBytes("\xff\xff\xff\xff", "junk.onnx", context, {}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("not a valid ONNX model"), std::string::npos);
}

} // namespace
