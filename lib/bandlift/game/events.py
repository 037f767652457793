"""The core's event bits and phases as the game reads them: the core's own, or, when the core cannot load on the
board, the one stand-in's (bandlift.motion.standin, which a test keeps equal to the core). The core is loaded
anyway, so this costs no heap; the stand-in only where the core is missing.
"""

try:
    from bandlift.motion.core import (  # noqa: F401 (re-exported for the game)
        EV_BAD_SAMPLE,
        EV_CALIBRATED,
        EV_FATIGUE,
        EV_GAP,
        EV_PARTIAL,
        EV_PHASE,
        EV_REP_DONE,
        EV_REP_START,
        EV_SLIPPED,
        PH_CALIBRATING,
        PH_HOLD,
        PH_LOWER,
        PH_RAISE,
        PH_REST,
    )
except (ImportError, MemoryError):
    from bandlift.lifetime import forget_all

    forget_all("bandlift.motion.")  # the core's submodules that did load: the stand-in needs their room
    from bandlift.motion.standin import (  # noqa: F401 (re-exported for the game)
        EV_BAD_SAMPLE,
        EV_CALIBRATED,
        EV_FATIGUE,
        EV_GAP,
        EV_PARTIAL,
        EV_PHASE,
        EV_REP_DONE,
        EV_REP_START,
        EV_SLIPPED,
        PH_CALIBRATING,
        PH_HOLD,
        PH_LOWER,
        PH_RAISE,
        PH_REST,
    )


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
