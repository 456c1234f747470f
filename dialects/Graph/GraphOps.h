//===- GraphOps.h - edgecc graph dialect -------------------------*- C++
//-*-===//

#ifndef EDGECC_DIALECT_GRAPH_GRAPHOPS_H
#define EDGECC_DIALECT_GRAPH_GRAPHOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "Graph/GraphOpsDialect.h.inc"

namespace edgecc::graph::traits {
/// Marks ops whose result elements each depend only on the operand
/// elements at the same (broadcast) position; see Graph_Elementwise.
template <typename ConcreteType>
class Elementwise : public mlir::OpTrait::TraitBase<ConcreteType, Elementwise> {
};
} // namespace edgecc::graph::traits

#define GET_OP_CLASSES
#include "Graph/GraphOps.h.inc"

namespace edgecc::graph {
/// The kind kernel.binary and graph.quantized_binary name an elementwise
/// binary op by ("add", "less", ...), or "" for other ops.
llvm::StringRef getBinaryKind(mlir::Operation *op);
} // namespace edgecc::graph

#endif
