//===- CSyntax.h - C text shared by the C and OpenCL emitters ---*- C++ -*-===//
//
// Literals, expressions and loop pieces both backends write the same way:
// OpenCL C is C99 with address spaces, so kernel arithmetic is spelled once
// (OpenCLEmitter's prelude maps the runtime's edgecc_* math onto OpenCL
// built-ins).
//
//===----------------------------------------------------------------------===//

#ifndef EDGECC_LIB_EMIT_CSYNTAX_H
#define EDGECC_LIB_EMIT_CSYNTAX_H

#include "Kernel/KernelOps.h"
#include "edgecc/Support/Quantization.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace edgecc::csyntax {

int64_t elementsOf(mlir::Value buffer);
/// The C type of a buffer's elements.
llvm::StringRef cTypeOf(mlir::Value buffer);
/// `text` escaped for use inside a C string literal.
std::string cEscape(llvm::StringRef text);
/// `values` as a C initializer list body: "1, 2, 3".
std::string intList(llvm::ArrayRef<int64_t> values);
/// A float literal that round-trips exactly.
std::string floatLiteral(float value);
/// A C constant of the attribute's element type with its exact value.
std::string elementLiteral(mlir::TypedAttr value);
/// The zero of `element` as a C literal: an accumulator's start.
std::string zeroLiteral(mlir::Type element);
/// The lowest value of `element` (-inf for floats): a max's start.
std::string lowestLiteral(mlir::Type element);
/// The C expression "terms[0] * strides[0] + ...", without the terms whose
/// stride is 0 and without "* 1"; "0" when no term is left.
std::string linearIndex(llvm::ArrayRef<std::string> terms,
                        llvm::ArrayRef<int64_t> strides);

/// The fused activation of a conv or gemm applied to `v`, or "" for none.
std::string activationExpression(mlir::Operation *op, llvm::StringRef v);
/// The C expression of kernel.unary `kind` of `v` (parameters `a`, `b`).
std::string unaryExpression(llvm::StringRef kind, llvm::StringRef a,
                            llvm::StringRef b, mlir::Type element);
/// The C expression of a kernel.binary function of `a` and `b`, whose
/// elements have type `element`.
std::string binaryExpression(llvm::StringRef kind, llvm::StringRef a,
                             llvm::StringRef b, mlir::Type element);
/// The C expression converting `value` of element type `from` to `to`.
std::string castExpression(mlir::Type from, mlir::Type to,
                           llvm::StringRef value, bool saturate);
/// The index of element (o, a, n)'s scale in a quantization `layout`.
llvm::StringRef scaleIndex(const ScaleLayout &layout);
/// `enum { OUTER = ..., AXIS = ..., INNER = ... };` around `axis`.
std::string axisExtents(llvm::ArrayRef<int64_t> shape, int64_t axis);

// Pooling windows.

/// C at `indent` for spatial dim `d` of a pool's window at output o`d`:
/// its first input position s`d` and the range [lo`d`, hi`d`) of taps that
/// land inside the input; returns the C count of taps the average divides
/// by (with count_include_pad, those inside the padded input, which windows
/// may run past in ceil mode).
std::string emitWindowBounds(llvm::raw_ostream &os, kernel::PoolOp op,
                             llvm::StringRef indent, size_t d);
/// The statement that takes tap value `v` into the pool's accumulator
/// `acc`.
std::string poolStep(kernel::PoolOp op, llvm::StringRef v, llvm::StringRef acc);
/// The accumulator's start: the identity of the pool's step.
std::string poolStart(kernel::PoolOp op);
/// True when the accumulated value is not yet the pool's result (average,
/// and Lp norms other than p = 1).
bool poolFinishes(kernel::PoolOp op);
/// The statement that turns the accumulated `acc` into the pool's result
/// (empty unless poolFinishes); `count` is the taps the average divides by.
std::string poolFinish(kernel::PoolOp op, llvm::StringRef acc,
                       llvm::StringRef count);

/// True when `op` writes `buffer` (a destination, or a kernel's scratch).
bool writes(mlir::Operation *op, mlir::Value buffer);

/// The C name of `source`, one of the buffers `op` reads: in<i> for the
/// i-th of kernel::getSources(op).
std::string sourceName(mlir::Operation *op, mlir::Value source);

/// The C that turns index tuple `t` of `in1` (tuples of `dims.size()`
/// entries) into the element offset `at` of the data dims `dims` with
/// `strides`, starting from `base`: `tables`, the dims and strides declared
/// with `qualifier` (the emitter's constantQualifier) for the top of the
/// kernel (OpenCL allows __constant tables only there), and `statements`.
/// Negative entries count from the end; a gather clamps the rest into
/// range, a scatter clears `valid` (and reads element 0 instead, so no
/// offset overflows).
struct TupleOffset {
  std::string tables, statements;
};
TupleOffset tupleOffset(llvm::ArrayRef<int64_t> dims,
                        llvm::ArrayRef<int64_t> strides, llvm::StringRef base,
                        bool clamp, llvm::StringRef qualifier);

/// A GatherND as `tuples` index tuples, each selecting `slice` consecutive
/// data elements from `at`, which `offset` computes for tuple `t`.
struct GatherNDSlices {
  int64_t tuples = 0, slice = 0;
  TupleOffset offset;
};
GatherNDSlices gatherNDSlices(kernel::GatherNDOp op, llvm::StringRef qualifier);

} // namespace edgecc::csyntax

#endif
