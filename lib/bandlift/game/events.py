"""The core's event bits and phases as the game reads them: bandlift.motion.events, the one module the core and
its stand-in (bandlift.motion.standin) take them from too. It loads no stage of the core.
"""

from bandlift.motion.events import (  # noqa: F401 (re-exported for the game)
    EV_BAD_SAMPLE, EV_CALIBRATED, EV_FATIGUE, EV_GAP, EV_PARTIAL, EV_PHASE, EV_REP_DONE, EV_REP_START, EV_SLIPPED,
    PH_CALIBRATING, PH_HOLD, PH_LOWER, PH_RAISE, PH_REST)


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
