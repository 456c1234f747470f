#!/usr/bin/env bash
# The bundled example: generate MobileNetV2 (torchvision architecture,
# fixed-seed weights), compile it for host and aarch64, run both (aarch64
# under qemu-aarch64) and print the top-5 classes and the latency of each.
set -euo pipefail
cd "$(dirname "$0")/.."
work=build/demo
mkdir -p "$work"
.venv/bin/python test/models/make_models.py build/models mobilenet_v2
# A fixed synthetic 224x224 RGB image, normalized as torchvision expects.
.venv/bin/python - "$work/image.npy" <<'PY'
import sys
import numpy as np
y, x = np.mgrid[0:224, 0:224] / 223.0
image = np.stack([x, y, 0.5 * (x + y)])[None].astype(np.float32)
mean = np.array([0.485, 0.456, 0.406], np.float32)[None, :, None, None]
std = np.array([0.229, 0.224, 0.225], np.float32)[None, :, None, None]
np.save(sys.argv[1], (image - mean) / std)
PY
for target in host aarch64; do
  repeat=20
  [ "$target" = aarch64 ] && repeat=3
  echo "== MobileNetV2 on $target"
  build/bin/edgecc build/models/mobilenet_v2.onnx -target="$target" \
    -name=mobilenet_v2 -o "$work/mobilenet_v2_$target.o"
  echo "compiled: $work/mobilenet_v2_$target.o + .h ($(stat -c %s "$work/mobilenet_v2_$target.o") bytes)"
  build/bin/edgecc-run build/models/mobilenet_v2.onnx -target="$target" \
    -i "$work/image.npy" -o "$work/out_$target" --repeat=$repeat
  .venv/bin/python -c "
import numpy as np
logits = np.load('$work/out_$target/output_0.npy')[0]
print('top-5 classes:', ' '.join(str(i) for i in np.argsort(-logits)[:5]))"
done
