//===- OnnxOrigin.h - what the IR remembers of the ONNX model ---*- C++ -*-===//
//
// The importer records where every op came from and the graph's input and
// output names; passes keep them, and the drivers, reports and emitters read
// them back. This header is the one definition of both formats.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_SUPPORT_ONNXORIGIN_H
#define EDGECC_SUPPORT_ONNXORIGIN_H

#include "mlir/IR/Location.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace edgecc {

/// The location of an op imported from ONNX node `nodeName` of type
/// `opType`: `loc(fused<"OpType">["node name"])`.
mlir::Location makeOnnxNodeLoc(mlir::MLIRContext *context,
                               llvm::StringRef nodeName,
                               llvm::StringRef opType);

/// The ONNX node behind a location made by makeOnnxNodeLoc. Returns false
/// for other locations.
bool getOnnxNode(mlir::Location loc, std::string &nodeName,
                 std::string &opType);

/// Function attributes holding the graph's input and output names (arrays
/// of strings, in graph order).
constexpr llvm::StringLiteral kInputNamesAttr = "edgecc.input_names";

/// The graph input name of `function`'s argument `index` (kInputNamesAttr),
/// or "input<index>" where the function has none.
std::string graphInputName(mlir::Operation *function, unsigned index);
constexpr llvm::StringLiteral kOutputNamesAttr = "edgecc.output_names";
/// Function attribute listing the outputs (positions, an i64 array) whose
/// leading dim is a static bound on a count the data decides, with the rows
/// past the valid ones filled with -1 (NonMaxSuppression's selection).
constexpr llvm::StringLiteral kPaddedOutputsAttr = "edgecc.padded_outputs";

} // namespace edgecc

#endif
