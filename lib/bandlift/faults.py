"""Form faults: one bit each, named as in the JSON, each tied to a coaching cue.

The cues are the exercise text's own words (shared/exercise/resistance-band-leg-lift.md, copied to
docs/exercise.md), shortened for a 21-character OLED line.
"""

from bandlift.compat import const

KICK = const(1)  # raise too fast or jerky: a swing, not a lift
SHORT = const(2)  # did not reach the target range
NO_PAUSE = const(4)  # no pause at the top
WOBBLE = const(8)  # unsteady pause
DROP = const(16)  # lowered too fast: the band yanked the leg down
DRIFT = const(32)  # leg drifted outward
NO_RESET = const(64)  # next rep started before settling back

ALL = (KICK, SHORT, NO_PAUSE, WOBBLE, DROP, DRIFT, NO_RESET)
_NAMES = const(("KICK", "SHORT", "NO_PAUSE", "WOBBLE", "DROP", "DRIFT", "NO_RESET"))

# Short cues fit one 128 px line of the built-in 6 px font (21 characters).
CUES = (
    "Lift, don't kick",
    "Reach your height",
    "Pause at the top",
    "Steady at the top",
    "Lower slower",
    "Knee straight ahead",
    "Reset before next",
)

# Which cue helps most when several faults happen together: the lowering and the pause first,
# as the exercise text puts it ("slow the lowering phase, or add a brief pause at the top").
PRIORITY = (DROP, KICK, NO_PAUSE, WOBBLE, SHORT, DRIFT, NO_RESET)

# Alerts that are not faults of a rep.
_SLIPPED_CUE = const("Strap moved: be still")
FATIGUE_CUE = "Form fading: end set"
_GOOD_CUE = const("Good rep")


def index(bit):
    """Position of a fault bit in ALL / _NAMES / CUES."""
    i = 0
    while i < 7:
        if ALL[i] == bit:
            return i
        i += 1
    raise ValueError("not a fault bit")


def names(fault_mask):
    """Fault names in a fault mask, in ALL order (allocates: for reports, not the sample path)."""
    return [_NAMES[i] for i in range(7) if fault_mask & ALL[i]]


def top_cue(fault_mask):
    """The one cue that would help most for this fault mask, or _GOOD_CUE for a clean rep."""
    for bit in PRIORITY:
        if fault_mask & bit:
            return CUES[index(bit)]
    return _GOOD_CUE
