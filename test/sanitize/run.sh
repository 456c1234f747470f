#!/usr/bin/env bash
# The importer under AddressSanitizer + UndefinedBehaviorSanitizer:
#   1. builds edgecc and the libFuzzer importer target in build-sanitize/
#      (LLVM's LLVM_USE_SANITIZER and LLVM_USE_SANITIZE_COVERAGE options);
#   2. compiles every model of the malformed corpus, the driver test models
#      and 200 byte-mutated copies with the sanitized edgecc (-emit=mlir):
#      exit code 0 or 1 and no sanitizer report;
#   3. fuzzes the importer from that corpus for FUZZ_SECONDS (default 60).
# Long runs: FUZZ_SECONDS=3600 test/sanitize/run.sh, or run
#   build-sanitize/bin/edgecc-fuzz-import -max_total_time=N DIR
# on a corpus directory. A crashing input is kept as build-sanitize/crash-*.
set -euo pipefail
cd "$(dirname "$0")/../.."
FUZZ_SECONDS=${FUZZ_SECONDS:-60}

cmake -G Ninja -S . -B build-sanitize -DLLVM_USE_SANITIZER="Address;Undefined" \
  -DLLVM_USE_SANITIZE_COVERAGE=ON > /dev/null
cmake --build build-sanitize -j "$(nproc)" --target edgecc edgecc-fuzz-import

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/python test/Inputs/make_malformed_models.py "$work/corpus"
.venv/bin/python test/Inputs/make_test_models.py "$work/models"
cp "$work"/models/*.onnx "$work/corpus/"
.venv/bin/python test/Inputs/make_mutated_models.py "$work/models/small.onnx" "$work/corpus" 200

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
count=0
for model in "$work"/corpus/*.onnx; do
  code=0
  build-sanitize/bin/edgecc "$model" -emit=mlir -o "$work/out.mlir" \
    > /dev/null 2> "$work/stderr" || code=$?
  if [ "$code" -gt 1 ] || grep -q "Sanitizer" "$work/stderr"; then
    echo "sanitized edgecc failed (exit $code) on $model:"
    cat "$work/stderr"
    exit 1
  fi
  count=$((count + 1))
done
echo "sanitize: $count corpus models, exit 0/1 and no sanitizer report"

build-sanitize/bin/edgecc-fuzz-import -max_total_time="$FUZZ_SECONDS" \
  -max_len=65536 -print_final_stats=1 -artifact_prefix=build-sanitize/ \
  "$work/corpus" 2>&1 | tail -15
echo "sanitize: fuzzed the importer for $FUZZ_SECONDS s without a finding"
