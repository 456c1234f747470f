#!/usr/bin/env bash
# Installs what edgecc needs on Debian 12: the LLVM/MLIR 19 toolchain, the
# ONNX protobuf classes, the aarch64 cross runtime and qemu, OpenCL (headers,
# the ICD loader and PoCL's CPU device), and the Python
# venv used only by tests (onnx, onnxruntime, numpy; torch and scikit-learn
# from Debian).
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  cmake ninja-build ccache
  clang-19 lld-19 llvm-19 llvm-19-dev llvm-19-tools libmlir-19-dev mlir-19-tools
  libclang-common-19-dev libclang-rt-19-dev
  libzstd-dev zlib1g-dev libxml2-dev libedit-dev libncurses-dev libffi-dev
  protobuf-compiler libprotobuf-dev libonnx-dev
  libgtest-dev
  qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross
  opencl-headers ocl-icd-opencl-dev pocl-opencl-icd clinfo
  python3-venv python3-torch python3-torchvision python3-pil python3-sklearn
  chromium
)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" ||
    missing+=("$package")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
    "${missing[@]}"
fi

# The venv sees Debian's torch (system site packages) and pins the rest.
if [ ! -x .venv/bin/python ]; then
  /usr/bin/python3 -m venv --system-site-packages .venv
fi
if ! .venv/bin/python -c "import onnx, onnxruntime, numpy" 2>/dev/null ||
   ! cmp -s test/requirements.txt .venv/requirements.installed; then
  .venv/bin/pip install -q --disable-pip-version-check -r test/requirements.txt
  cp test/requirements.txt .venv/requirements.installed
fi
