"""The level file's format for the loader and the checkers: limits, the sections' fields and the known keys.

Device code (CircuitPython 10): imported only while levels load (bandlift.lifetime.LOADER: let go with
the loader), so none of these tables stays in RAM during play.
"""

from bandlift.compat import const

FORMAT = 1
SIDES = ("any", "left", "right", "both", "alternate")
STAR_RULES = ("mean", "min")
NAME_MAX = 20  # one OLED line is 21 characters of the built-in font
DESC_MAX = 300
REPS_MAX = 50  # per stage
STAGES_MAX = 10
TOTAL_REPS_MAX = 100  # every rep of the level: all sets, both legs
MAX_DEPTH = 8  # a level nests 4 deep (stages -> stage -> tempo -> value)
_ANGLE_MIN = const(10)  # a standing front raise tops out near 90 deg of hip flexion
_ANGLE_MAX = const(90)
# A smooth (minimum-jerk) movement peaks at 1.875 x its mean speed: a level's tempo must be followable
# without tripping its own KICK / DROP speed limits.
PEAK_OVER_MEAN = 1.875

# (json key, Targets attribute, kind "i" whole number / "n" number, low, high)
_TARGET_SPEC = const((
    ("angle_deg", "target_deg", "n", _ANGLE_MIN, _ANGLE_MAX),  # or "auto"
    ("tolerance_deg", "tolerance_deg", "n", 1, 30),
    ("min_range_deg", "min_range_deg", "n", 3, 60),
    ("auto_reps", "auto_reps", "i", 1, 10),
))
_TEMPO_SPEC = const((
    ("raise_ms", "raise_ms", "i", 300, 10000),
    ("pause_ms", "pause_ms", "i", 0, 10000),
    ("lower_ms", "lower_ms", "i", 500, 15000),
    ("reset_ms", "reset_ms", "i", 0, 10000),
))
_FAULTS_SPEC = const((
    ("kick_dps", "kick_dps", "n", 30, 1000),
    ("kick_frac", "kick_frac", "n", 0.05, 0.95),
    ("pause_min_ms", "pause_min_ms", "i", 0, 10000),
    ("wobble_dps", "wobble_dps", "n", 0.5, 100),
    ("drop_frac", "drop_frac", "n", 0.05, 0.95),
    ("drop_dps", "drop_dps", "n", 30, 1000),
    ("drift_deg", "drift_deg", "n", 2, 45),
    ("reset_min_ms", "reset_min_ms", "i", 0, 10000),
))
_WEIGHTS_SPEC = const((
    ("range", "w_range", "n", 0, 100),
    ("raise", "w_raise", "n", 0, 100),
    ("pause", "w_pause", "n", 0, 100),
    ("lower", "w_lower", "n", 0, 100),
    ("drift", "w_drift", "n", 0, 100),
    ("reset", "w_reset", "n", 0, 100),
))
_FATIGUE_SPEC = const((
    ("lower_frac", "fatigue_lower_frac", "n", 0.1, 1.0),
    ("score_drop", "fatigue_score_drop", "n", 1, 100),
))
SETS_SPEC = (("sets", "sets", "i", 1, 10), ("rest_ms", "rest_ms", "i", 5000, 600000))
SECTIONS = (
    ("target", _TARGET_SPEC),
    ("tempo", _TEMPO_SPEC),
    ("faults", _FAULTS_SPEC),
    ("weights", _WEIGHTS_SPEC),
    ("fatigue", _FATIGUE_SPEC),
)
TOP_KEYS = (
    "$schema", "format", "name", "description", "side", "sets", "rest_ms", "reps", "stages", "target", "tempo",
    "faults", "weights", "fatigue", "stars", "stars_rule", "unlock",
)
STAGE_KEYS = ("name", "reps", "target", "tempo", "faults", "weights")


def stem(name):
    """File name without folders and without its extension: the level id."""
    i = name.rfind("/")
    if i >= 0:
        name = name[i + 1:]
    j = name.rfind(".")
    if j > 0:
        name = name[:j]
    return name
