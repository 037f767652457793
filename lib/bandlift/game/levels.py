"""Duck-typed reads of a bandlift.levels.model.Level, tolerant of shapes the level file format may take.

The game needs: id, name, side ("any", "left", "right", "both"), stages (each with its reps),
total_reps, stars (3 per-rep score thresholds, also used on the set's mean score), unlock_stars and
targets_for(stage_index).
"""

from bandlift.game import rules
from bandlift.targets import Targets


def level_id(level):
    return str(getattr(level, "id", getattr(level, "name", "level")))


def level_name(level):
    return str(getattr(level, "name", level_id(level)))


def n_stages(level):
    stages = getattr(level, "stages", None)
    if not stages:
        return 1
    return len(stages)


def stage_reps(level, i):
    """Reps of stage i: a stage may be an int, a dict with "reps" or an object with .reps."""
    stages = getattr(level, "stages", None)
    total = set_reps(level)
    if not stages:
        return total
    s = stages[i]
    n = None
    if isinstance(s, int):
        n = s
    elif isinstance(s, dict):
        n = s.get("reps")
    else:
        n = getattr(s, "reps", None)
    if n is None:
        n = max(1, total // len(stages))
    return int(n)


def total_reps(level):
    n = getattr(level, "total_reps", None)
    if n is None:
        n = getattr(level, "reps", 10)
    return int(n)


def set_reps(level):
    """Reps of one leg's set: reps_per_side when the level says it (total_reps counts both legs)."""
    n = getattr(level, "reps_per_side", None)
    if n:
        return int(n)
    order = sides(level)
    total = total_reps(level)
    if order is not None and len(order) > 1:
        return max(1, total // len(order))
    return total


def stars_rule(level):
    """"mean" (the set's mean rep score) or "min" (its weakest rep) decides the level's stars."""
    return getattr(level, "stars_rule", "mean")


def thresholds(level):
    t = getattr(level, "stars", None)
    if t is None or len(t) != 3:
        return rules.DEFAULT_STARS
    return tuple(t)


def unlock_stars(level):
    return int(getattr(level, "unlock_stars", 0) or 0)


def sides(level):
    """The leg order of a level: ("L", "R") for "both", one fixed side, or None (any: the player picks)."""
    side = getattr(level, "side", "any")
    if side in ("both", "B"):
        return ("L", "R")
    if side in ("left", "L"):
        return ("L",)
    if side in ("right", "R"):
        return ("R",)
    return None


def targets(level, stage):
    """The level's Targets for a stage; the defaults when the level cannot say."""
    try:
        return level.targets_for(stage)
    except (AttributeError, IndexError, TypeError, ValueError):
        return Targets()
