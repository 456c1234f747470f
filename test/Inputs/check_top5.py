#!/usr/bin/env python3
"""check_top5.py OUTPUT.npy "top-5: i (score) ...": the classes and scores an
app printed match an output tensor (scores to 1e-4)."""

import re
import sys

import numpy as np

logits = np.load(sys.argv[1]).ravel()
printed = [(int(i), float(s)) for i, s in re.findall(r"(\d+) \(([-0-9.]+)\)", sys.argv[2])]
expected = list(np.argsort(-logits, kind="stable")[: len(printed)])
assert [i for i, _ in printed] == expected, (printed, expected)
assert all(abs(logits[i] - s) <= 1e-4 for i, s in printed), printed
print("top-5 ok")
