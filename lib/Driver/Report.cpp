//===- Report.cpp ---------------------------------------------------------===//

#include "edgecc/Driver/Report.h"

#include "edgecc/Support/OnnxOrigin.h"
#include "edgecc/Transforms/Passes.h"

#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace edgecc;

static int64_t bytesOf(Value buffer) {
  auto type = cast<MemRefType>(buffer.getType());
  return type.getNumElements() * type.getElementTypeBitWidth() / 8;
}

/// Multiply-accumulates of the ops that have them.
static int64_t macsOf(Operation *op) {
  return llvm::TypeSwitch<Operation *, int64_t>(op)
      .Case([](kernel::Conv2DOp conv) {
        auto weight = cast<MemRefType>(conv.getWeight().getType());
        int64_t perOutput = weight.getNumElements() / weight.getDimSize(0);
        return cast<MemRefType>(conv.getOutput().getType()).getNumElements() *
               perOutput;
      })
      .Case([](kernel::GemmOp gemm) {
        auto a = cast<MemRefType>(gemm.getA().getType());
        int64_t k = gemm.getTransA() ? a.getDimSize(a.getRank() - 2)
                                     : a.getDimSize(a.getRank() - 1);
        return cast<MemRefType>(gemm.getOutput().getType()).getNumElements() *
               k;
      })
      .Default([](Operation *) { return 0; });
}

/// Where a kernel operand lives, looking through views.
static TensorPlacement placementOf(Value buffer, unsigned numInputs,
                                   const EmittedModel &model) {
  TensorPlacement placement;
  placement.bytes = bytesOf(buffer);
  placement.shape.assign(cast<MemRefType>(buffer.getType()).getShape().begin(),
                         cast<MemRefType>(buffer.getType()).getShape().end());
  while (auto view = buffer.getDefiningOp<kernel::ViewOp>())
    buffer = view.getSource();
  if (auto argument = dyn_cast<BlockArgument>(buffer)) {
    bool isInput = argument.getArgNumber() < numInputs;
    placement.memory = isInput ? "input" : "output";
    placement.offset = argument.getArgNumber() - (isInput ? 0 : numInputs);
  } else if (auto alloc = buffer.getDefiningOp<kernel::AllocOp>()) {
    placement.memory = "arena";
    placement.offset = alloc.getOffset().value_or(0);
  } else {
    placement.memory = "rom";
    placement.offset = model.weightOffsets.lookup(buffer.getDefiningOp());
  }
  return placement;
}

/// Bytes of executable code in an object file (0 if it cannot be read).
static int64_t codeBytes(StringRef objectPath) {
  if (objectPath.empty())
    return 0;
  auto object = llvm::object::ObjectFile::createObjectFile(objectPath);
  if (!object) {
    llvm::consumeError(object.takeError());
    return 0;
  }
  int64_t bytes = 0;
  for (const llvm::object::SectionRef &section :
       object->getBinary()->sections())
    if (section.isText())
      bytes += section.getSize();
  return bytes;
}

static int64_t intAttr(func::FuncOp function, StringRef name) {
  auto attr = function->getAttrOfType<IntegerAttr>(name);
  return attr ? attr.getInt() : 0;
}

ModelReport edgecc::buildReport(func::FuncOp function,
                                const EmittedModel &model, StringRef name,
                                StringRef target, StringRef objectPath) {
  ModelReport report;
  report.name = name.str();
  report.target = target.str();
  report.arenaBytes = model.arenaSize;
  report.liveBound = intAttr(function, kLiveBoundAttr);
  report.opBound = intAttr(function, kOpBoundAttr);
  report.naiveBytes = intAttr(function, kNaiveSizeAttr);
  report.weightBytes = model.weights.size();
  report.codeBytes = codeBytes(objectPath);
  for (const TensorSignature &input : model.inputs)
    report.inputBytes += input.bytes;
  for (const TensorSignature &output : model.outputs)
    report.outputBytes += output.bytes;

  for (Operation &op : function.getBody().front()) {
    if (isa<kernel::AllocOp, kernel::WeightOp, kernel::ViewOp, func::ReturnOp>(
            op))
      continue;
    OpReport &entry = report.ops.emplace_back();
    if (!getOnnxNode(op.getLoc(), entry.node, entry.onnxOp))
      entry.node = entry.onnxOp = "";
    entry.kernel = op.getName().getStringRef().str();
    entry.placement = "cpu";
    entry.macs = macsOf(&op);
    for (auto [index, operand] : llvm::enumerate(op.getOperands())) {
      entry.tensors.push_back(placementOf(operand, model.inputs.size(), model));
      bool written = index + 1 == op.getNumOperands();
      (written ? entry.bytesWritten : entry.bytesRead) += bytesOf(operand);
    }
    report.macs += entry.macs;
  }
  return report;
}

void edgecc::writeJsonReport(const ModelReport &report, llvm::raw_ostream &os) {
  llvm::json::OStream json(os, /*IndentSize=*/2);
  json.object([&] {
    json.attribute("model", report.name);
    json.attribute("target", report.target);
    json.attributeObject("totals", [&] {
      json.attribute("arena_bytes", report.arenaBytes);
      json.attribute("arena_live_bound_bytes", report.liveBound);
      json.attribute("arena_op_bound_bytes", report.opBound);
      json.attribute("arena_naive_bytes", report.naiveBytes);
      json.attribute("weights_rom_bytes", report.weightBytes);
      json.attribute("code_text_bytes", report.codeBytes);
      json.attribute("input_bytes", report.inputBytes);
      json.attribute("output_bytes", report.outputBytes);
      json.attribute("macs", report.macs);
    });
    json.attributeArray("ops", [&] {
      for (const OpReport &op : report.ops)
        json.object([&] {
          json.attribute("node", op.node);
          json.attribute("onnx_op", op.onnxOp);
          json.attribute("kernel", op.kernel);
          json.attribute("placement", op.placement);
          json.attribute("macs", op.macs);
          json.attribute("bytes_read", op.bytesRead);
          json.attribute("bytes_written", op.bytesWritten);
          json.attributeArray("tensors", [&] {
            for (const TensorPlacement &tensor : op.tensors)
              json.object([&] {
                json.attribute("memory", tensor.memory);
                json.attribute("offset", tensor.offset);
                json.attribute("bytes", tensor.bytes);
                json.attribute("shape", llvm::json::Array(tensor.shape));
              });
          });
        });
    });
  });
  os << "\n";
}

void edgecc::writeTextReport(const ModelReport &report, llvm::raw_ostream &os) {
  auto percentOver = [&](int64_t bound) {
    return bound ? 100.0 * double(report.arenaBytes - bound) / double(bound)
                 : 0.0;
  };
  os << "model '" << report.name << "' for " << report.target << "\n"
     << "  RAM   arena " << report.arenaBytes << " bytes (live bound "
     << report.liveBound
     << llvm::format(", %+.1f%%", percentOver(report.liveBound))
     << "; per-op bound " << report.opBound << "; no reuse "
     << report.naiveBytes << ")\n"
     << "  ROM   weights " << report.weightBytes << " bytes, code "
     << report.codeBytes << " bytes\n"
     << "  I/O   inputs " << report.inputBytes << " bytes, outputs "
     << report.outputBytes << " bytes\n"
     << "  work  " << report.macs << " MACs in " << report.ops.size()
     << " kernels\n\n";
  constexpr const char *row = "  {0,-4} {1,-28} {2,-20} {3,-16} {4,14}  {5}\n";
  os << llvm::formatv(row, "#", "node", "onnx op", "kernel", "MACs", "output");
  for (auto [index, op] : llvm::enumerate(report.ops)) {
    const TensorPlacement &out = op.tensors.back();
    std::string where = out.memory == "arena"
                            ? "arena+" + std::to_string(out.offset)
                            : out.memory + " " + std::to_string(out.offset);
    os << llvm::formatv(row, index, StringRef(op.node).take_back(28),
                        op.onnxOp, op.kernel, op.macs, where);
  }
}
