#!/usr/bin/env python3
"""check_render.py SCREENSHOT.png MIN_PIXELS: the page rendered the plan's
colored buffer boxes (at least MIN_PIXELS strongly colored pixels), not a
blank or an error page."""

import sys

from PIL import Image

image = Image.open(sys.argv[1]).convert("HSV")
colored = sum(1 for _, saturation, value in image.getdata()
              if saturation > 100 and value > 80)
print(f"colored pixels: {colored}")
sys.exit(0 if colored >= int(sys.argv[2]) else 1)
