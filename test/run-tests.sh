#!/usr/bin/env bash
# The whole default test suite (README command 2; .ci/run calls exactly this):
#   lit tests for the dialects, passes and drivers; GoogleTest units; and every
#   spine model compiled and run on host, aarch64 (qemu) and OpenCL (PoCL's
#   CPU device), compared with onnxruntime, single-threaded and split for two
#   threads. Installs what it needs first, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
cmake -G Ninja -S . -B build
cmake --build build -j "$(nproc)"
# PoCL's kernel cache stays inside the build tree.
export POCL_CACHE_DIR="$PWD/build/pocl-cache"

echo "== lit"
/usr/lib/llvm-19/build/utils/lit/lit.py -sv build/test
echo "== GoogleTest"
ctest --test-dir build --output-on-failure
echo "== models (host, aarch64, opencl)"
.venv/bin/python test/models/make_models.py build/models
.venv/bin/python test/e2e/check_models.py --edgecc-run build/bin/edgecc-run \
  --models build/models --targets host,aarch64,opencl
echo "== models split for two threads, on the runtime's thread pool (host, aarch64)"
.venv/bin/python test/e2e/check_models.py --edgecc-run build/bin/edgecc-run \
  --models build/models --targets host,aarch64 --threads 2
echo "== ONNX node-test conformance (host: all cases; aarch64, opencl: every 3rd)"
.venv/bin/python test/conformance/run_node_tests.py --check \
  --edgecc-run build/bin/edgecc-run --targets host
.venv/bin/python test/conformance/run_node_tests.py --check \
  --edgecc-run build/bin/edgecc-run --targets aarch64,opencl --every 3
echo "== importer under ASan+UBSan, 60 s of fuzzing"
FUZZ_SECONDS=60 test/sanitize/run.sh
