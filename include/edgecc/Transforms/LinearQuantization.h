//===- LinearQuantization.h - constant Q/DQ parameters -----------*- C++
//-*-===//
//
// What edgecc-fold-qdq and edgecc-quantize read off QuantizeLinear and
// DequantizeLinear ops whose scales and zero points are constants.
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_TRANSFORMS_LINEARQUANTIZATION_H
#define EDGECC_TRANSFORMS_LINEARQUANTIZATION_H

#include "Graph/GraphOps.h"
#include "edgecc/Support/Calibration.h"

#include <optional>

namespace edgecc {

/// The constant scales and zero points of a QuantizeLinear or
/// DequantizeLinear on an integer type: one of each per tensor, or one per
/// index along `axis`.
struct LinearQuantization {
  mlir::Value quantized; // DequantizeLinear's input; null for QuantizeLinear
  llvm::SmallVector<float> scales;
  llvm::SmallVector<int64_t> zeroPoints;
  int64_t axis;
  mlir::Type element;

  bool perTensor() const { return scales.size() == 1; }
  bool sameAs(const LinearQuantization &other) const {
    return perTensor() && other.perTensor() && element == other.element &&
           scales == other.scales && zeroPoints == other.zeroPoints;
  }
};

/// `value` as a DequantizeLinear of an integer tensor with constant
/// parameters.
std::optional<LinearQuantization> matchDequantized(mlir::Value value);

/// `value` as a per-tensor DequantizeLinear of an 8- or 16-bit tensor with
/// constant parameters.
std::optional<LinearQuantization> matchPerTensorDequantized(mlir::Value value);

/// The parameters of a per-tensor QuantizeLinear to an integer type.
std::optional<LinearQuantization>
perTensorQuantize(graph::QuantizeLinearOp quantize);

/// The per-tensor affine quantization of an activation whose calibrated
/// range is `range`, to integer type `element` (affineQuantization).
LinearQuantization activationQuantization(const TensorRange &range,
                                          mlir::Type element);

/// DequantizeLinear(QuantizeLinear(value)) with per-tensor `params`, built
/// at `builder`'s insertion point.
mlir::Value quantizeDequantize(mlir::OpBuilder &builder, mlir::Value value,
                               const LinearQuantization &params);

} // namespace edgecc

#endif
