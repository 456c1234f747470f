#!/usr/bin/env python3
"""Generates the spine's test models as ONNX files (opset 13, batch 1).

Weights come from a fixed seed, not from a hub. BatchNorm statistics are
re-estimated on a few random batches so activations keep a healthy scale
and outputs are not all near zero. Nothing generated here is committed.

    make_models.py OUTDIR [NAME ...]      (default: every model)
"""

import argparse
import os
import sys

import torch
import torch.nn as nn
import torchvision

SEED = 20261122


class DSCNN(nn.Module):
    """Depthwise-separable CNN for keyword spotting on 49x10 MFCC frames
    (the 'DS-CNN S' layout of Zhang et al., Hello Edge, 2017)."""

    def __init__(self, classes=12, width=64, blocks=4):
        super().__init__()
        layers = [nn.Conv2d(1, width, (10, 4), stride=2, padding=(4, 1), bias=False),
                  nn.BatchNorm2d(width), nn.ReLU()]
        for _ in range(blocks):
            layers += [nn.Conv2d(width, width, 3, padding=1, groups=width, bias=False),
                       nn.BatchNorm2d(width), nn.ReLU(),
                       nn.Conv2d(width, width, 1, bias=False),
                       nn.BatchNorm2d(width), nn.ReLU()]
        self.features = nn.Sequential(*layers)
        self.pool = nn.AvgPool2d((24, 5))
        self.classifier = nn.Linear(width, classes)

    def forward(self, x):
        return self.classifier(torch.flatten(self.pool(self.features(x)), 1))


def transformer_encoder():
    """4 post-norm encoder layers, d_model 256, 4 heads, feed-forward 1024:
    the transformer of the performance work (float input, sequence 128)."""
    layer = nn.TransformerEncoderLayer(d_model=256, nhead=4, dim_feedforward=1024,
                                       batch_first=True)
    return nn.TransformerEncoder(layer, num_layers=4)


class UNetSmall(nn.Module):
    """A two-level U-Net for segmentation: transposed-conv and bilinear
    upsampling on the way up, skip connections by concatenation, and the
    nearest 2x upsample that YOLO-style necks export."""

    def __init__(self, classes=4, width=16):
        super().__init__()

        def block(cin, cout):
            return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False),
                                 nn.BatchNorm2d(cout), nn.ReLU())
        self.enc1, self.enc2 = block(3, width), block(width, 2 * width)
        self.bottom = block(2 * width, 4 * width)
        self.pool = nn.MaxPool2d(2)
        self.up2 = nn.ConvTranspose2d(4 * width, 2 * width, 2, stride=2)
        self.dec2 = block(4 * width, 2 * width)
        self.up1 = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
        self.dec1 = block(3 * width, width)
        self.nearest = nn.Upsample(scale_factor=2, mode="nearest")
        self.head = nn.Conv2d(width, classes, 1)

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(self.pool(e1))
        b = self.bottom(self.pool(e2))
        d2 = self.dec2(torch.cat([self.up2(b), e2], 1))
        d1 = self.dec1(torch.cat([self.up1(d2), e1], 1))
        return self.head(self.nearest(d1))


MODELS = {
    "mobilenet_v2": (lambda: torchvision.models.mobilenet_v2(), (1, 3, 224, 224)),
    "resnet18": (lambda: torchvision.models.resnet18(), (1, 3, 224, 224)),
    "resnet50": (lambda: torchvision.models.resnet50(), (1, 3, 224, 224)),
    "squeezenet1_1": (lambda: torchvision.models.squeezenet1_1(), (1, 3, 224, 224)),
    "shufflenet_v2_x1_0": (lambda: torchvision.models.shufflenet_v2_x1_0(), (1, 3, 224, 224)),
    "mnasnet1_0": (lambda: torchvision.models.mnasnet1_0(), (1, 3, 224, 224)),
    "efficientnet_b0": (lambda: torchvision.models.efficientnet_b0(), (1, 3, 224, 224)),
    "ds_cnn": (DSCNN, (1, 1, 49, 10)),
    "transformer_encoder": (transformer_encoder, (1, 128, 256)),
    "unet_small": (UNetSmall, (1, 3, 64, 64)),
}


def reestimate_batchnorm(model, shape, batches=4, batch_size=8):
    """Replaces BatchNorm running statistics by the exact mean/variance over
    a few random batches (cumulative average: momentum None)."""
    norms = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    for norm in norms:
        norm.reset_running_stats()
        norm.momentum = None
    model.train()
    with torch.no_grad():
        for _ in range(batches):
            model(torch.randn((batch_size,) + tuple(shape[1:])))
    model.eval()


def make(name, out_dir):
    build, shape = MODELS[name]
    torch.manual_seed(SEED)
    model = build()
    reestimate_batchnorm(model, shape)
    path = os.path.join(out_dir, name + ".onnx")
    torch.onnx.export(model, torch.randn(shape), path, opset_version=13,
                      input_names=["input"], output_names=["output"],
                      do_constant_folding=True)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir")
    parser.add_argument("names", nargs="*", default=sorted(MODELS))
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    for name in args.names:
        if name not in MODELS:
            sys.exit(f"unknown model {name}; known: {', '.join(sorted(MODELS))}")
        path = os.path.join(args.out_dir, name + ".onnx")
        if not os.path.exists(path):
            print(f"make_models: {name}", flush=True)
            make(name, args.out_dir)


if __name__ == "__main__":
    main()
