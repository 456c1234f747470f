//===- Report.cpp ---------------------------------------------------------===//

#include "edgecc/Driver/Report.h"

#include "edgecc/Driver/MixedPrecision.h"
#include "edgecc/Support/DataTypes.h"

#include "edgecc/Support/OnnxOrigin.h"
#include "edgecc/Transforms/Passes.h"

#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <map>

using namespace mlir;
using namespace edgecc;

static int64_t bytesOf(Value buffer) {
  return kernel::getByteSize(cast<MemRefType>(buffer.getType()));
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
      .Case([](kernel::PackedConv2DOp conv) {
        // The packed weight is [panels, K, MR]: K terms per output.
        return cast<MemRefType>(conv.getOutput().getType()).getNumElements() *
               cast<MemRefType>(conv.getWeight().getType()).getDimSize(1);
      })
      .Case([](kernel::PackedInt8Conv2DOp conv) {
        // The packed weight is [panels, CB, taps, MR, 4]: the terms
        // computed, with the input's channels rounded up to blocks of 4.
        auto weight = cast<MemRefType>(conv.getWeight().getType());
        return cast<MemRefType>(conv.getOutput().getType()).getNumElements() *
               weight.getDimSize(1) * weight.getDimSize(2) * 4;
      })
      .Case([](kernel::DepthwiseInt8Conv2DOp conv) {
        auto weight = cast<MemRefType>(conv.getWeight().getType());
        return cast<MemRefType>(conv.getOutput().getType()).getNumElements() *
               weight.getDimSize(2) * weight.getDimSize(3);
      })
      .Case([](kernel::DepthwiseConv2DOp conv) {
        auto weight = cast<MemRefType>(conv.getWeight().getType());
        return cast<MemRefType>(conv.getOutput().getType()).getNumElements() *
               weight.getDimSize(2) * weight.getDimSize(3);
      })
      .Case([](kernel::PackedMatmulOp matmul) {
        auto a = cast<MemRefType>(matmul.getA().getType());
        return cast<MemRefType>(matmul.getOutput().getType()).getNumElements() *
               a.getDimSize(a.getRank() - 1);
      })
      .Case([](kernel::ConvTransposeOp conv) {
        // Each input element meets the [M / group, kernel...] weights of
        // its channel.
        auto weight = cast<MemRefType>(conv.getWeight().getType());
        return cast<MemRefType>(conv.getInput().getType()).getNumElements() *
               (weight.getNumElements() / weight.getDimSize(0));
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
  placement.dtype =
      dataTypeOf(cast<MemRefType>(buffer.getType()).getElementType())
          ->name.str();
  placement.shape.assign(cast<MemRefType>(buffer.getType()).getShape().begin(),
                         cast<MemRefType>(buffer.getType()).getShape().end());
  int64_t elementOffset = kernel::getElementOffset(buffer);
  buffer = kernel::getRootBuffer(buffer);
  if (auto argument = dyn_cast<BlockArgument>(buffer)) {
    bool isInput = argument.getArgNumber() < numInputs;
    placement.memory = isInput ? "input" : "output";
    placement.offset = argument.getArgNumber() - (isInput ? 0 : numInputs);
  } else if (auto alloc = buffer.getDefiningOp<kernel::AllocOp>()) {
    placement.memory = "arena";
    placement.offset = alloc.getOffset().value_or(0) +
                       kernel::getByteSize(MemRefType::get(
                           {elementOffset}, alloc.getType().getElementType()));
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

static std::optional<MixedPrecisionReport>
mixedPrecisionOf(func::FuncOp function) {
  auto choice = function->getAttrOfType<DictionaryAttr>(kMixedPrecisionAttr);
  if (!choice)
    return std::nullopt;
  auto number = [](DictionaryAttr dictionary, StringRef name) {
    return dictionary.getAs<FloatAttr>(name).getValueAsDouble();
  };
  auto optionalNumber = [&](StringRef name) -> std::optional<double> {
    if (!choice.get(name))
      return std::nullopt;
    return number(choice, name);
  };
  auto text = [](DictionaryAttr dictionary, StringRef name) {
    return dictionary.getAs<StringAttr>(name).str();
  };
  MixedPrecisionReport report;
  report.minSqnr = optionalNumber("min_sqnr");
  report.minTop1 = optionalNumber("min_top1");
  report.int8Top1 = optionalNumber("int8_top1");
  report.top1 = optionalNumber("top1");
  report.int8Sqnr = number(choice, "int8_sqnr");
  report.sqnr = number(choice, "sqnr");
  report.samples = choice.getAs<IntegerAttr>("samples").getInt();
  if (auto top1Predictions = choice.getAs<IntegerAttr>("top1_predictions"))
    report.top1Predictions = top1Predictions.getInt();
  for (auto layer :
       choice.getAs<ArrayAttr>("layers").getAsRange<DictionaryAttr>())
    report.layers.push_back({text(layer, "node"), text(layer, "op"),
                             text(layer, "precision"), number(layer, "sqnr")});
  return report;
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
  report.deviceArenaBytes = model.deviceArenaSize;
  report.codeBytes = codeBytes(objectPath);
  report.mixedPrecision = mixedPrecisionOf(function);
  for (const TensorSignature &input : model.inputs)
    report.inputBytes += input.bytes;
  for (const TensorSignature &output : model.outputs)
    report.outputBytes += output.bytes;

  DenseMap<Operation *, size_t> bufferOf; // alloc -> index in buffers
  for (Operation &op : function.getBody().front()) {
    if (kernel::isBufferDefinition(&op) || isa<func::ReturnOp>(op))
      continue;
    int64_t opIndex = report.ops.size();
    OpReport &entry = report.ops.emplace_back();
    if (!getOnnxNode(op.getLoc(), entry.node, entry.onnxOp))
      entry.node = entry.onnxOp = "";
    entry.kernel = op.getName().getStringRef().str();
    entry.placement = "cpu";
    if (auto launch =
            op.getAttrOfType<DenseI64ArrayAttr>(kernel::kWorkGroupAttr)) {
      entry.placement = "device";
      entry.workGroup.assign(launch.asArrayRef().begin(),
                             launch.asArrayRef().end());
    }
    entry.macs = macsOf(&op);
    for (auto [index, operand] : llvm::enumerate(op.getOperands())) {
      entry.tensors.push_back(placementOf(operand, model.inputs.size(), model));
      if (auto alloc =
              kernel::getRootBuffer(operand).getDefiningOp<kernel::AllocOp>()) {
        auto [it, isNew] = bufferOf.try_emplace(alloc, report.buffers.size());
        if (isNew)
          report.buffers.push_back({entry.node, entry.tensors.back().offset,
                                    bytesOf(alloc.getResult()), opIndex,
                                    opIndex});
        report.buffers[it->second].lastOp = opIndex;
      }
      bool written = operand == kernel::getDestination(&op);
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
      if (report.deviceArenaBytes)
        json.attribute("device_arena_bytes", report.deviceArenaBytes);
      json.attribute("weights_rom_bytes", report.weightBytes);
      json.attribute("code_text_bytes", report.codeBytes);
      json.attribute("input_bytes", report.inputBytes);
      json.attribute("output_bytes", report.outputBytes);
      json.attribute("macs", report.macs);
    });
    json.attributeArray("arena_buffers", [&] {
      for (const BufferReport &buffer : report.buffers)
        json.object([&] {
          json.attribute("producer", buffer.producer);
          json.attribute("offset", buffer.offset);
          json.attribute("bytes", buffer.bytes);
          json.attribute("first_op", buffer.firstOp);
          json.attribute("last_op", buffer.lastOp);
        });
    });
    json.attributeArray("ops", [&] {
      for (const OpReport &op : report.ops)
        json.object([&] {
          json.attribute("node", op.node);
          json.attribute("onnx_op", op.onnxOp);
          json.attribute("kernel", op.kernel);
          json.attribute("placement", op.placement);
          if (!op.workGroup.empty())
            json.attributeArray("work_group", [&] {
              for (int64_t value : op.workGroup)
                json.value(value);
            });
          json.attribute("macs", op.macs);
          json.attribute("bytes_read", op.bytesRead);
          json.attribute("bytes_written", op.bytesWritten);
          json.attributeArray("tensors", [&] {
            for (const TensorPlacement &tensor : op.tensors)
              json.object([&] {
                json.attribute("memory", tensor.memory);
                json.attribute("offset", tensor.offset);
                json.attribute("bytes", tensor.bytes);
                json.attribute("dtype", tensor.dtype);
                json.attribute("shape", llvm::json::Array(tensor.shape));
              });
          });
        });
    });
    if (const std::optional<MixedPrecisionReport> &mixed =
            report.mixedPrecision)
      json.attributeObject("mixed_precision", [&] {
        // JSON has no infinity: an SQNR with no noise at all is null.
        auto sqnr = [](double db) {
          return std::isfinite(db) ? llvm::json::Value(db)
                                   : llvm::json::Value(nullptr);
        };
        // A budget not given, or a top-1 agreement not measured, is null.
        auto optional = [](std::optional<double> value) {
          return value ? llvm::json::Value(*value) : llvm::json::Value(nullptr);
        };
        json.attribute("min_sqnr_db", optional(mixed->minSqnr));
        json.attribute("min_top1_percent", optional(mixed->minTop1));
        json.attribute("int8_sqnr_db", sqnr(mixed->int8Sqnr));
        json.attribute("sqnr_db", sqnr(mixed->sqnr));
        json.attribute("samples", mixed->samples);
        json.attribute("int8_top1_percent", optional(mixed->int8Top1));
        json.attribute("top1_percent", optional(mixed->top1));
        json.attribute("top1_predictions", mixed->top1Predictions);
        json.attributeArray("layers", [&] {
          for (const MixedPrecisionLayer &layer : mixed->layers)
            json.object([&] {
              json.attribute("node", layer.node);
              json.attribute("onnx_op", layer.onnxOp);
              json.attribute("precision", layer.precision);
              json.attribute("sqnr_db_alone", sqnr(layer.sqnr));
            });
        });
      });
  });
  os << "\n";
}

static void writeMixedPrecision(const MixedPrecisionReport &mixed,
                                llvm::raw_ostream &os) {
  auto count = [&](StringRef precision) {
    return llvm::count_if(mixed.layers, [&](const MixedPrecisionLayer &layer) {
      return layer.precision == precision;
    });
  };
  os << "\n  mixed precision: " << count("float") << " of "
     << mixed.layers.size() << " layers kept in float";
  if (size_t wide = count("w8a16"))
    os << ", " << wide << " promoted to w8a16";
  os << " for";
  if (mixed.minSqnr)
    os << " -min-sqnr=" << llvm::format("%g", *mixed.minSqnr);
  if (mixed.minTop1)
    os << " -min-top1=" << llvm::format("%g", *mixed.minTop1);
  os << "; output SQNR " << llvm::format("%.1f", mixed.sqnr)
     << " dB (every layer int8: " << llvm::format("%.1f", mixed.int8Sqnr)
     << " dB), simulated on " << mixed.samples << " calibration samples";
  if (mixed.top1)
    os << "; top-1 agreement " << llvm::format("%.2f", *mixed.top1) << "% of "
       << mixed.top1Predictions << " predictions (every layer int8: "
       << llvm::format("%.2f", *mixed.int8Top1) << "%)";
  os << "\n\n";
  constexpr const char *row = "  {0,-4} {1,-28} {2,-20} {3,-10} {4,14}\n";
  os << llvm::formatv(row, "#", "node", "onnx op", "precision", "SQNR alone");
  for (auto [index, layer] : llvm::enumerate(mixed.layers))
    os << llvm::formatv(row, index, StringRef(layer.node).take_back(28),
                        layer.onnxOp, layer.precision,
                        llvm::formatv("{0:f1} dB", layer.sqnr).str());
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
     << report.outputBytes << " bytes\n";
  if (report.deviceArenaBytes)
    os << "  DEV   device arena " << report.deviceArenaBytes
       << " bytes (the arena, then the inputs and outputs); every kernel runs "
          "on the device\n";
  os << "  work  " << report.macs << " MACs in " << report.ops.size()
     << " kernels\n\n";
  constexpr const char *row = "  {0,-4} {1,-28} {2,-20} {3,-22} {4,12}  {5}\n";
  os << llvm::formatv(row, "#", "node", "onnx op", "kernel", "MACs", "output");
  for (auto [index, op] : llvm::enumerate(report.ops)) {
    const TensorPlacement &out = op.tensors.back();
    std::string where = out.memory == "arena"
                            ? "arena+" + std::to_string(out.offset)
                            : out.memory + " " + std::to_string(out.offset);
    if (!op.workGroup.empty())
      where += llvm::formatv("  ({0} work-items in groups of {1})",
                             op.workGroup[0], op.workGroup[1]);
    os << llvm::formatv(row, index, StringRef(op.node).take_back(28), op.onnxOp,
                        op.kernel, op.macs, where);
  }
  if (report.mixedPrecision)
    writeMixedPrecision(*report.mixedPrecision, os);
}

static std::string htmlEscape(StringRef text) {
  std::string escaped;
  for (char c : text) {
    switch (c) {
    case '&':
      escaped += "&amp;";
      break;
    case '<':
      escaped += "&lt;";
      break;
    case '>':
      escaped += "&gt;";
      break;
    case '"':
      escaped += "&quot;";
      break;
    default:
      escaped += c;
    }
  }
  return escaped;
}

void edgecc::writeHtmlReport(const ModelReport &report, llvm::raw_ostream &os) {
  constexpr double width = 1000, height = 560, margin = 60;
  double steps = std::max<double>(report.ops.size(), 1);
  double bytes = std::max<double>(report.arenaBytes, 1);
  auto x = [&](double step) { return margin + step * width / steps; };
  auto y = [&](double offset) { return margin + offset * height / bytes; };
  std::string title =
      htmlEscape(report.name) + " (" + htmlEscape(report.target) + ")";
  os << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>edgecc "
        "memory plan: "
     << title << "</title>\n<style>body{font-family:sans-serif;margin:20px}"
     << "rect.buffer{stroke:#333;stroke-width:0.5}"
     << "rect.buffer:hover{stroke:#000;stroke-width:2}</style></head><body>\n"
     << "<h1>Memory plan of " << title << "</h1>\n<p>Arena <b>"
     << report.arenaBytes << "</b> bytes; live-bytes bound " << report.liveBound
     << ", per-op bound " << report.opBound << ", no reuse "
     << report.naiveBytes << ". Weights " << report.weightBytes
     << " bytes (ROM). Each box is one "
     << "arena buffer from the op that writes it to the last op that reads it; "
     << "the red line is the bytes live at each op. Hover a box for "
        "details.</p>\n"
     << llvm::formatv("<svg id=\"plan\" xmlns=\"http://www.w3.org/2000/svg\" "
                      "width=\"{0}\" height=\"{1}\">\n",
                      width + 2 * margin, height + 2 * margin);
  os << llvm::formatv("<rect x=\"{0}\" y=\"{0}\" width=\"{1}\" height=\"{2}\" "
                      "fill=\"#f8f8f8\" stroke=\"#999\"/>\n",
                      margin, width, height);
  for (auto [index, buffer] : llvm::enumerate(report.buffers))
    os << llvm::formatv(
        "<rect class=\"buffer\" x=\"{0:f1}\" y=\"{1:f1}\" width=\"{2:f1}\" "
        "height=\"{3:f1}\" fill=\"hsl({4},65%,60%)\"><title>{5}: {6} bytes at "
        "offset {7}, ops {8}-{9}</title></rect>\n",
        x(buffer.firstOp), y(buffer.offset),
        x(buffer.lastOp + 1) - x(buffer.firstOp),
        std::max(1.0, y(buffer.offset + buffer.bytes) - y(buffer.offset)),
        (index * 47) % 360, htmlEscape(buffer.producer), buffer.bytes,
        buffer.offset, buffer.firstOp, buffer.lastOp);
  os << "<polyline fill=\"none\" stroke=\"#c00\" stroke-width=\"1.5\" "
        "points=\"";
  for (size_t step = 0; step < report.ops.size(); ++step) {
    // An op that writes over its input has both buffers live at one offset:
    // count that memory once.
    std::map<int64_t, int64_t> liveAt;
    for (const BufferReport &buffer : report.buffers)
      if (buffer.firstOp <= int64_t(step) && int64_t(step) <= buffer.lastOp)
        liveAt[buffer.offset] = std::max(liveAt[buffer.offset], buffer.bytes);
    int64_t live = 0;
    for (const auto &[offset, size] : liveAt)
      live += size;
    os << llvm::formatv("{0:f1},{1:f1} {2:f1},{1:f1} ", x(step), y(live),
                        x(step + 1));
  }
  os << "\"/>\n"
     << llvm::formatv("<text x=\"{0}\" y=\"{1}\" text-anchor=\"middle\">op "
                      "index (0-{2})</text>\n",
                      margin + width / 2, height + margin + 35,
                      report.ops.empty() ? 0 : report.ops.size() - 1)
     << llvm::formatv(
            "<text x=\"20\" y=\"{0}\" transform=\"rotate(-90 20 {0})\" "
            "text-anchor=\"middle\">arena offset (0-{1} bytes)</text>\n",
            margin + height / 2, report.arenaBytes)
     << "</svg>\n</body></html>\n";
}
