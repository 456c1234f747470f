#!/usr/bin/env python3
"""runtime_size.py LIBRARY.a BUDGET: sums the .text and .rodata sections of
every member (what an app that uses the whole runtime links), prints the
total and fails when it is over BUDGET bytes."""

import subprocess
import sys

library, budget = sys.argv[1], int(sys.argv[2])
listing = subprocess.run(["llvm-size", "-A", library], check=True,
                         capture_output=True, text=True).stdout
total = 0
for line in listing.splitlines():
    fields = line.split()
    if len(fields) >= 2 and fields[0].startswith((".text", ".rodata")):
        total += int(fields[1])
print(f"runtime .text+.rodata: {total} bytes (budget {budget})")
sys.exit(0 if total <= budget else 1)
