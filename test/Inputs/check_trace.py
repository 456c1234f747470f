#!/usr/bin/env python3
"""check_trace.py TRACE.json RUNS KERNELS: the Chrome trace edgecc-run wrote
holds RUNS x KERNELS complete events with non-negative, ordered times."""

import json
import sys

path, runs, kernels = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
events = json.load(open(path))["traceEvents"]
assert len(events) == runs * kernels, f"{len(events)} events"
assert all(e["ph"] == "X" and e["dur"] >= 0 for e in events)
starts = [e["ts"] for e in events]
assert starts == sorted(starts), "events out of order"
print(f"trace ok: {len(events)} events")
