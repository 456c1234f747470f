//===- KernelOps.h - edgecc kernel dialect -----------------------*- C++
//-*-===//

#ifndef EDGECC_DIALECT_KERNEL_KERNELOPS_H
#define EDGECC_DIALECT_KERNEL_KERNELOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#include "Kernel/KernelOpsDialect.h.inc"

#define GET_OP_CLASSES
#include "Kernel/KernelOps.h.inc"

#endif
