#!/usr/bin/env python3
"""runtime_size.py LIBRARY.a INCLUDE_DIR TRIPLE BUDGET: the bytes of .text
and .rodata the runtime adds to a minimal app for TRIPLE (static, lld,
--gc-sections): the app calling every runtime function minus the same app
calling none. Prints the number and fails when it is over BUDGET."""

import subprocess
import sys
import tempfile

USES_RUNTIME = r"""
#include "edgecc_rt.h"
int main(int argc, char **argv) {
  (void)argv;
  return (int)edgecc_expf((float)argc) + edgecc_status_string(EDGECC_OK)[0];
}
"""
NO_RUNTIME = r"""
int main(int argc, char **argv) { (void)argv; return argc; }
"""

library, include, triple, budget = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])


def text_and_rodata(source, work, name):
    path = f"{work}/{name}"
    with open(path + ".c", "w") as f:
        f.write(source)
    subprocess.run(["clang", f"--target={triple}", "-Os", "-static", "-fuse-ld=lld",
                    "-Wl,--gc-sections", f"-I{include}", path + ".c", library,
                    "-o", path], check=True)
    listing = subprocess.run(["llvm-size", "-A", path], check=True,
                             capture_output=True, text=True).stdout
    return sum(int(fields[1]) for fields in map(str.split, listing.splitlines())
               if len(fields) >= 2 and fields[0].startswith((".text", ".rodata")))


with tempfile.TemporaryDirectory() as work:
    total = (text_and_rodata(USES_RUNTIME, work, "with") -
             text_and_rodata(NO_RUNTIME, work, "without"))
print(f"runtime .text+.rodata in a minimal {triple} app: {total} bytes (budget {budget})")
sys.exit(0 if 0 < total <= budget else 1)
