"""The core's numbers, in one place: the event bits feed() returns, the phases, and how a strap changed.

The core (core.py and its stages), the stand-in (standin.py) and the game import them from
here, so they cannot drift apart. Importing this module loads no stage of the core.
"""

from bandlift.compat import const

# Event bits: MotionCore.feed() returns their OR
EV_CALIBRATED = const(1)
EV_PHASE = const(2)
EV_REP_START = const(4)
EV_REP_DONE = const(8)
EV_PARTIAL = const(16)
EV_FATIGUE = const(32)
EV_SLIPPED = const(64)
EV_BAD_SAMPLE = const(128)
EV_GAP = const(256)

# Phases (MotionCore.phase)
PH_CALIBRATING = const(0)
PH_REST = const(1)
PH_RAISE = const(2)
PH_HOLD = const(3)
PH_LOWER = const(4)

# How the strap changed (MotionCore.slip_kind after EV_SLIPPED)
SLIP_SHIFT = const(1)
SLIP_TURNED = const(2)
SLIP_FLIPPED = const(3)
SLIP_OTHER_LEG = const(4)
