#!/usr/bin/env bash
# README command 1: on a fresh Debian 12 machine, install everything, build
# edgecc into build/, and run the bundled MobileNetV2 example on host and
# aarch64.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake -G Ninja -S . -B build
cmake --build build -j "$(nproc)"
tools/demo.sh
