//===- Encodings.h - quantization encodings from a JSON file ----*- C++ -*-===//
//
// -encodings=FILE.json takes the quantization of a model's tensors from
// another tool, AIMET's encodings format: per activation tensor a range,
// per weight (ONNX initializer) one symmetric scale per output channel or
// one for the whole tensor.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_DRIVER_ENCODINGS_H
#define EDGECC_DRIVER_ENCODINGS_H

#include "mlir/IR/Location.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/StringMap.h"

#include <vector>

namespace edgecc {

struct QuantizationEncodings {
  /// Per activation tensor: the [min, max] its 8-bit grid spans.
  llvm::StringMap<std::pair<float, float>> activations;
  /// Per weight: symmetric int8 scales, one per output channel or one.
  llvm::StringMap<std::vector<float>> weights;
};

/// Reads an encodings file: {"activation_encodings": ..., "param_encodings":
/// ...}, each group a map from tensor name to a list of encodings or a list
/// of encodings that carry a "name". Encodings of other than 8 bits,
/// asymmetric weights and malformed entries are errors naming the tensor.
mlir::FailureOr<QuantizationEncodings> readEncodings(llvm::StringRef path,
                                                     mlir::Location loc);

/// Gives the tensors `tensors` maps (ONNX name to value) the encodings'
/// ranges (kRangeAttr) and weight scales (kWeightScalesAttr on the weight's
/// constant). A name the model does not have, or a weight encoding on a
/// tensor that is not a float constant, is an error.
mlir::LogicalResult applyEncodings(const QuantizationEncodings &encodings,
                                   const llvm::StringMap<mlir::Value> &tensors,
                                   llvm::StringRef path, mlir::Location loc);

} // namespace edgecc

#endif
