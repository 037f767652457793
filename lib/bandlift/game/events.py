"""The core's event bits and phases, from bandlift.motion.core when it is there (fallback: the design order).

The fallback lets the game and its tests import before the core lands; once bandlift.motion.core exists its
values win, so a renumbering there cannot desynchronise the game.
"""

try:
    from bandlift.motion.core import (
        EV_CALIBRATED,
        EV_PHASE,
        EV_REP_START,
        EV_REP_DONE,
        EV_PARTIAL,
        EV_FATIGUE,
        EV_SLIPPED,
        EV_BAD_SAMPLE,
        EV_GAP,
        PH_CALIBRATING,
        PH_REST,
        PH_RAISE,
        PH_HOLD,
        PH_LOWER,
    )
except ImportError:  # core not there yet (or a partial copy on the board)
    EV_CALIBRATED = 1
    EV_PHASE = 2
    EV_REP_START = 4
    EV_REP_DONE = 8
    EV_PARTIAL = 16
    EV_FATIGUE = 32
    EV_SLIPPED = 64
    EV_BAD_SAMPLE = 128
    EV_GAP = 256
    PH_CALIBRATING = 0
    PH_REST = 1
    PH_RAISE = 2
    PH_HOLD = 3
    PH_LOWER = 4


def phase_word(phase):
    """Short word for the HUD (<= 5 characters)."""
    if phase == PH_RAISE:
        return "LIFT"
    if phase == PH_HOLD:
        return "HOLD"
    if phase == PH_LOWER:
        return "LOWER"
    if phase == PH_CALIBRATING:
        return "CAL"
    return "REST"
