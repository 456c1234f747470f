//===- X86_64Target.cpp - generic x86-64 Linux ----------------------------===//

#include "Target.h"

namespace {

/// Any x86-64 Linux machine (baseline SSE2), runnable natively here.
class X86_64Target : public edgecc::Target {
public:
  llvm::StringRef name() const override { return "x86_64"; }
  llvm::StringRef description() const override {
    return "any x86-64 Linux machine (baseline ISA)";
  }
  std::string triple() const override { return "x86_64-linux-gnu"; }
  std::vector<std::string> compileFlags(llvm::StringRef cpu) const override {
    return {"-march=" + (cpu.empty() ? std::string("x86-64") : cpu.str())};
  }
  const edgecc::VectorISA &vectorISA() const override {
    return edgecc::sse2ISA();
  }
  std::vector<const edgecc::VectorISA *> vectorISAs() const override {
    return edgecc::x86VectorISAs();
  }
};

} // namespace

std::unique_ptr<edgecc::Target> edgecc::createX86_64Target() {
  return std::make_unique<X86_64Target>();
}
