"""Duck-typed reads of a level (bandlift.levels.model.Level), tolerant of the shapes a level may take.

The game needs: id, name, description, side ("any", "left", "right", "both", "alternate"), sets, rest_ms,
stages (each with its reps, a name and a tempo), stars (3 per-rep score thresholds), unlock_stars,
targets_for(stage_index), and where the model has them leg_plan() and tempo_text(stage_index).
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


def sets(level):
    """Sets of the level (1-10): each set is one bout per leg in the leg plan."""
    try:
        n = int(getattr(level, "sets", 1) or 1)
    except (TypeError, ValueError):
        return 1
    return n if 1 <= n <= 10 else 1


def rest_ms(level):
    """Rest between sets, ms (5-600 s; 60 s by default)."""
    try:
        n = int(getattr(level, "rest_ms", 60000) or 60000)
    except (TypeError, ValueError):
        return 60000
    return n if n > 0 else 60000


def description(level):
    return str(getattr(level, "description", "") or "")


def stage_name(level, i):
    """A stage's name ("" when it has none)."""
    stages = getattr(level, "stages", None)
    if not stages or i >= len(stages):
        return ""
    s = stages[i]
    n = s.get("name") if isinstance(s, dict) else getattr(s, "name", None)
    return str(n or "")


def tempo_text(level, i):
    """"raise-pause-lower" of stage i in seconds, e.g. "2-1-4" (halves as "1.5")."""
    f = getattr(level, "tempo_text", None)
    if f is not None:
        try:
            return str(f(i))
        except (TypeError, ValueError, IndexError, AttributeError):
            pass
    t = targets(level, i)
    return "%s-%s-%s" % (_secs(t.raise_ms), _secs(t.pause_ms), _secs(t.lower_ms))


def _secs(ms):
    if ms % 1000 == 0:
        return str(ms // 1000)
    return "%d.%d" % (ms // 1000, (ms % 1000) // 100)


def leg_plan(level, chosen):
    """The legs of the level's bouts in play order: one "L"/"R" per set on a leg. `chosen` fills in the
    leg of an "any" level (the player's pick). "both": each set on L then R; "alternate": L, R, L ..."""
    plan = None
    f = getattr(level, "leg_plan", None)
    if f is not None:
        try:
            plan = list(f())
        except (TypeError, ValueError, AttributeError):
            plan = None
    if not plan:
        n = sets(level)
        side = getattr(level, "side", "any")
        if side in ("both", "B"):
            plan = ["L", "R"] * n
        elif side == "alternate":
            plan = [("L", "R")[i % 2] for i in range(n)]
        elif side in ("left", "L"):
            plan = ["L"] * n
        elif side in ("right", "R"):
            plan = ["R"] * n
        else:
            plan = [None] * n
    return [chosen if s is None else s for s in plan]


def legs_word(level):
    """What the select screen says about the leg(s): None when the player picks (an "any" level)."""
    side = getattr(level, "side", "any")
    if side in ("both", "B"):
        return "Both legs"
    if side == "alternate":
        return "Alternate"
    if side in ("left", "L"):
        return "Left leg"
    if side in ("right", "R"):
        return "Right leg"
    return None


def sides(level):
    """The leg order of a level: ("L", "R") for "both", one fixed side, or None (any: the player picks)."""
    side = getattr(level, "side", "any")
    if side in ("both", "B", "alternate"):
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
