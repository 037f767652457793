"""BandLift on a PC: the simulator, the digital twin and the tools around the device code."""

import os
import sys

# Blinka (the CircuitPython API on a PC, under the twin's real drivers) prints "WARNING: GENERIC_X86 is not
# fully supported" twice on import unless told what it runs on: the twin brings its own board, so say "no
# board" (adafruit_platformdetect's OS-agnostic chip) and keep the output to what a newcomer should read.
os.environ.setdefault("BLINKA_OS_AGNOSTIC", "1")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIB = os.path.join(ROOT, "lib")
if LIB not in sys.path:
    sys.path.insert(0, LIB)
