"""A parsed JSON object -> a checked Level: every field's type, range and impossible combination
(one field at a time in bandlift.levels.fields).

The format ("format": 1) is documented field by field in levels/README.md; every omitted field takes
Targets()'s default. Field paths in problems look like "tempo.lower_ms" or "stages[2].reps".
Device code (CircuitPython 10): the reasons are short and plain. The PC checker (sim/levels/check.py) passes
its own `hint` (typo suggestions) and adds the JSON Schema and the progression on top.
"""

from bandlift.compat import const
from bandlift.levels.fields import (
    check_value, combos, fmt, no_hint, scan, section, stem, text_problem, type_name, unknown,
)
from bandlift.levels.model import Level, Stage
from bandlift.targets import Targets, stars_for


class LevelError(ValueError):
    """The first problem of a level file: .field (a path like "tempo.lower_ms") and .reason."""

    def __init__(self, field, reason):
        super().__init__(field + ": " + reason)
        self.field = field
        self.reason = reason


# The level file's format: limits, the sections' fields and the known keys, for this checker and the PC's
# (sim/levels: the JSON schema, the checker's words). Private consts: a public table would be a name the board
# keeps for good, and these go with the loader (bandlift.lifetime.LOADER)
_FORMAT = const(1)
_SIDES = const(("any", "left", "right", "both", "alternate"))
_STAR_RULES = const(("mean", "min"))
_NAME_MAX = const(20)  # one OLED line is 21 characters of the built-in font
_DESC_MAX = const(300)
_REPS_MAX = const(50)  # per stage
_STAGES_MAX = const(10)
_TOTAL_REPS_MAX = const(100)  # every rep of the level: all sets, both legs
_ANGLE_MIN = const(10)  # a standing front raise tops out near 90 deg of hip flexion
_ANGLE_MAX = const(90)

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
_SETS_SPEC = const((("sets", "sets", "i", 1, 10), ("rest_ms", "rest_ms", "i", 5000, 600000)))
_SECTIONS = const((
    ("target", _TARGET_SPEC),
    ("tempo", _TEMPO_SPEC),
    ("faults", _FAULTS_SPEC),
    ("weights", _WEIGHTS_SPEC),
    ("fatigue", _FATIGUE_SPEC),
))
_TOP_KEYS = const((
    "$schema", "format", "name", "description", "side", "sets", "rest_ms", "reps", "stages", "target", "tempo",
    "faults", "weights", "fatigue", "stars", "stars_rule", "unlock",
))
_STAGE_KEYS = const(("name", "reps", "target", "tempo", "faults", "weights"))


def _apply(t, values):
    for k in values:
        setattr(t, k, values[k])


def _top(problems, obj, hint):
    """The level-wide fields that are not Targets: (name, desc, side, rule, stars, unlock, sets)."""
    for key in obj:
        if key not in _TOP_KEYS:
            unknown(problems, "", key, _TOP_KEYS, hint)
    fmt_v = obj.get("format")
    if "format" not in obj:
        problems.append(("format", "missing (required: \"format\": %d)" % _FORMAT))
    elif isinstance(fmt_v, str):
        problems.append(("format", "must be the number %d, not the text \"%s\"" % (_FORMAT, fmt(fmt_v))))
    elif fmt_v != _FORMAT or isinstance(fmt_v, bool):
        problems.append(("format", "%s is not a known format (this BandLift reads format %d)" % (fmt(fmt_v), _FORMAT)))
    name = obj.get("name")
    if "name" not in obj:
        why = "missing (required: a short title, up to %d characters)" % _NAME_MAX
    else:
        why = text_problem(name, _NAME_MAX, True)
        if why is None and not name.strip():
            why = "is empty"
    if why:
        problems.append(("name", why))
    desc = obj.get("description", "")
    why = text_problem(desc, _DESC_MAX)
    if why:
        problems.append(("description", why))
    side = obj.get("side", "any")
    if not isinstance(side, str):
        problems.append(("side", "must be text (one of %s), not %s" % (", ".join(_SIDES), type_name(side))))
    elif side not in _SIDES:
        problems.append(("side", "'%s' is not one of %s%s" % (fmt(side), ", ".join(_SIDES), hint(side, _SIDES))))
    rule = obj.get("stars_rule", "mean")
    if not isinstance(rule, str) or rule not in _STAR_RULES:
        problems.append(("stars_rule", "must be one of %s, not %s" % (", ".join(_STAR_RULES), fmt(rule))))
    stars = None
    if "stars" in obj:
        s = obj["stars"]
        if not isinstance(s, list) or len(s) != 3:
            problems.append(("stars", "must be a list of 3 scores [1-star, 2-star, 3-star], e.g. [60, 75, 90]"))
        else:
            good = []
            for i in range(3):
                v = check_value(problems, "stars[%d]" % i, s[i], "n", 1, 100)
                if v is not None:
                    good.append(v)
            if len(good) == 3:
                if not (good[0] < good[1] < good[2]):
                    problems.append(("stars", "thresholds must rise: 1-star < 2-star < 3-star, got %s, %s, %s"
                                     % (fmt(good[0]), fmt(good[1]), fmt(good[2]))))
                else:
                    stars = (good[0], good[1], good[2])
    unlock = 0
    if "unlock" in obj:
        u = obj["unlock"]
        if not isinstance(u, dict):
            problems.append(("unlock", "must be an object like {\"stars\": 3}, not " + type_name(u)))
        else:
            for key in u:
                if key != "stars":
                    unknown(problems, "unlock.", key, ("stars",), hint)
            if "stars" in u:
                v = check_value(problems, "unlock.stars", u["stars"], "i", 0, 999)
                if v is not None:
                    unlock = v
    sets = {"sets": 1, "rest_ms": 60000}
    for key, attr, kind, lo, hi in _SETS_SPEC:
        if key in obj:
            v = check_value(problems, key, obj[key], kind, lo, hi)
            if v is not None:
                sets[attr] = v
    return name, desc, side, rule, stars, unlock, sets


def _stage_list(problems, obj):
    """The stage objects ("reps" is one stage), or None when they are missing or wrong."""
    if "reps" in obj and "stages" in obj:
        problems.append(("stages", "give either \"reps\" or \"stages\", not both"))
    elif "reps" in obj:
        v = check_value(problems, "reps", obj["reps"], "i", 1, _REPS_MAX)
        if v is not None:
            return [{"reps": v}]
    elif "stages" in obj:
        st = obj["stages"]
        if not isinstance(st, list):
            problems.append(("stages", "must be a list of stages [{\"reps\": 5}, ...], not " + type_name(st)))
        elif not st:
            problems.append(("stages", "is empty: give at least one stage with reps"))
        elif len(st) > _STAGES_MAX:
            problems.append(("stages", "has %d stages (at most %d)" % (len(st), _STAGES_MAX)))
        else:
            return st
    else:
        problems.append(("reps", "missing: give \"reps\" (a number) or \"stages\" (a list)"))
    return None


def check(obj, build=False, hint=None):
    """(problems, level): every problem of a parsed level object as (field, reason) in the order a reader
    fixes them, and (when build and there are none) the Level (its id left empty)."""
    hint = hint or no_hint
    if not isinstance(obj, dict):
        return [("file", "a level must be a JSON object {...}, not " + type_name(obj))], None
    problems = scan(obj)
    if problems:  # a non-finite number or odd nesting: the field checks would only repeat it
        return problems, None
    name, desc, side, rule, stars, unlock, sets = _top(problems, obj, hint)
    base = {}
    for sec, spec in _SECTIONS:
        if sec in obj:
            section(problems, "", sec, obj[sec], spec, base, hint)
    stage_objs = _stage_list(problems, obj)
    stages = []
    t0 = Targets()
    _apply(t0, base)
    combos(problems, "", t0, list(base.keys()))
    single = "stages" not in obj
    for i in range(len(stage_objs or ())):
        so = stage_objs[i]
        path = "" if single else "stages[%d]." % i
        if not isinstance(so, dict):
            problems.append((path[:-1], "a stage must be an object like {\"reps\": 5}, not " + type_name(so)))
            continue
        sname = ""
        reps = so.get("reps")
        if not single:
            for key in so:
                if key not in _STAGE_KEYS:
                    unknown(problems, path, key, _STAGE_KEYS, hint)
            if "name" in so:
                why = text_problem(so["name"], _NAME_MAX, True)
                if why:
                    problems.append((path + "name", why))
                else:
                    sname = so["name"]
            if "reps" not in so:
                problems.append((path + "reps", "missing: each stage needs its reps"))
            else:
                reps = check_value(problems, path + "reps", reps, "i", 1, _REPS_MAX)
        over = {}
        for sec, spec in _SECTIONS:
            if sec in so and sec != "fatigue":
                section(problems, path, sec, so[sec], spec, over, hint)
        t = t0.copy()
        _apply(t, over)
        if over:
            combos(problems, path, t, list(over.keys()))
        if reps is not None:
            if stars is not None:
                t.stars = stars
            stages.append(Stage(sname, reps, t))
    lv = Level()
    lv.side = side if side in _SIDES else "any"
    lv.sets = sets["sets"]
    lv.rest_ms = sets["rest_ms"]
    lv.reps_per_side = 0
    for s in stages:
        lv.reps_per_side += s.reps
    lv.total_reps = lv.reps_per_side * len(lv.leg_plan())
    if stage_objs and lv.total_reps > _TOTAL_REPS_MAX:
        problems.append(("stages" if "stages" in obj else "reps", "%d reps in all is too many for one level "
                         "(at most %d; every set and both legs count)" % (lv.total_reps, _TOTAL_REPS_MAX)))
    uniq = []
    for p in problems:
        if p not in uniq:
            uniq.append(p)
    if not build or uniq:
        return uniq, None
    lv.name = name
    lv.description = desc
    lv.stages = stages
    lv.stars = stars if stars is not None else tuple(t0.stars)
    lv.stars_rule = rule
    lv.unlock_stars = unlock
    return uniq, lv


def check_level(obj):
    """Every problem of a parsed level object as a list of (field, reason); [] when it is valid."""
    return check(obj)[0]


def parse_level(obj, name="level.json"):
    """A Level from a parsed JSON object; LevelError(field, reason) for its first problem.

    name: the file name; its stem is the level id ("01-first-lifts.json" -> "01-first-lifts").
    """
    problems, lv = check(obj, True)
    if problems:
        raise LevelError(problems[0][0], problems[0][1])
    lv.id = stem(name)
    return lv


# -- reads of a checked Level that the device never makes (the PC's playtest and checks): here, not on the Level,
# so their code is not on the board's heap through the session

def sides(level):
    """The legs the level trains, in order of first use; (None,) when any leg will do."""
    if level.side in ("both", "alternate"):
        return ("L", "R") if level.sets > 1 or level.side == "both" else ("L",)
    if level.side == "left":
        return ("L",)
    if level.side == "right":
        return ("R",)
    return (None,)


def set_stars(level, scores):
    """Stars (0-3) of the whole level from its rep scores (0-100).

    Reps not done count as 0, so ending early costs stars. "mean": the mean over all the level's reps;
    "min": the weakest rep.
    """
    n = len(scores)
    planned = level.total_reps if level.total_reps > n else n
    if planned == 0:
        return 0
    if level.stars_rule == "min":
        return stars_for(0 if n < planned else min(scores), level.stars)
    return stars_for(sum(scores) / planned, level.stars)
