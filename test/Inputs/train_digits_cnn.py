#!/usr/bin/env python3
"""train_digits_cnn.py OUTDIR: a real trained model with real data for
post-training quantization tests. Trains a small CNN (fixed seeds, CPU) on
scikit-learn's bundled handwritten digits (1797 8x8 images) and writes

    digits.onnx       the float model, batch 360 (the held-out split)
    cal/sampleK.npy   3 calibration samples of 360 training images each
    test_x.npy        the 360 held-out images, [360, 1, 8, 8] float32
    test_y.npy        their labels

The held-out split is never used for training or calibration."""

import os
import sys

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

BATCH = 360


def main():
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "cal"), exist_ok=True)
    torch.manual_seed(0)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    digits = load_digits()
    images = (digits.images / 16.0).astype(np.float32)[:, None, :, :]
    train_x, test_x, train_y, test_y = train_test_split(
        images, digits.target, test_size=BATCH, random_state=0, stratify=digits.target)

    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.ReLU(),
        torch.nn.Conv2d(16, 32, 3, padding=1, stride=2), torch.nn.ReLU(),
        torch.nn.Conv2d(32, 32, 3, padding=1), torch.nn.ReLU(),
        torch.nn.Flatten(), torch.nn.Linear(32 * 4 * 4, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, y = torch.from_numpy(train_x), torch.from_numpy(train_y)
    generator = torch.Generator().manual_seed(0)
    for _ in range(60):
        order = torch.randperm(len(x), generator=generator)
        for start in range(0, len(x), 64):
            batch = order[start:start + 64]
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x[batch]), y[batch]).backward()
            optimizer.step()
    model.eval()
    with torch.no_grad():
        accuracy = (model(torch.from_numpy(test_x)).argmax(1).numpy() == test_y).mean()
    print(f"torch float accuracy on the held-out split: {100 * accuracy:.2f}%")

    torch.onnx.export(model, torch.from_numpy(test_x), os.path.join(out, "digits.onnx"),
                      input_names=["image"], output_names=["logits"], opset_version=13)
    for k in range(3):
        np.save(os.path.join(out, "cal", f"sample{k}.npy"),
                train_x[k * BATCH:(k + 1) * BATCH])
    np.save(os.path.join(out, "test_x.npy"), test_x)
    np.save(os.path.join(out, "test_y.npy"), test_y.astype(np.int64))


if __name__ == "__main__":
    main()
