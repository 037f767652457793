"""A parsed JSON object -> a checked Level: every field's type, range and impossible combination.

The format ("format": 1) is documented field by field in levels/README.md; every omitted field takes
Targets()'s default. Field paths in problems look like "tempo.lower_ms" or "stages[2].reps".
Device code (CircuitPython 10): the reasons are short and plain. The PC checker (sim/levels/check.py) passes
its own `hint` (typo suggestions) and adds the JSON Schema and the progression on top.
"""

from bandlift.levels.model import (
    DESC_MAX, FORMAT, MAX_DEPTH, NAME_MAX, PEAK_OVER_MEAN, REPS_MAX, SECTIONS, SETS_SPEC, SIDES,
    STAGE_KEYS, STAGES_MAX, STAR_RULES, TOP_KEYS, TOTAL_REPS_MAX, Level, LevelError, Stage, stem,
)
from bandlift.targets import Targets

_INF = float("inf")


def is_number(v):
    # bool is an int subclass in Python: true/false in JSON is never a number here
    return (isinstance(v, int) or isinstance(v, float)) and not isinstance(v, bool)


def fmt(v):
    """A value as a short text for a reason; never raises (NaN, Infinity, a 5000-digit number)."""
    if isinstance(v, float):
        if v != v:
            return "NaN"
        if v in (_INF, -_INF):
            return "Infinity" if v > 0 else "-Infinity"
        if v == int(v) and abs(v) < 1e9:
            return str(int(v))
        return "%g" % v
    if isinstance(v, int) and not isinstance(v, bool) and (v > 10 ** 12 or v < -10 ** 12):
        return "a number of over 12 digits"
    s = str(v)
    return s if len(s) <= 40 else s[:37] + "..."


def type_name(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true/false"
    if isinstance(v, str):
        return "text"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, dict):
        return "an object"
    return "a number"


def scan(obj):
    """Problems no field check can see: numbers that are not finite (NaN, Infinity, 1e400) and nesting deeper
    than any level has, as (field, reason) in file order. Iterative: a hostile file cannot exhaust the stack."""
    out = []
    todo = [(obj, "", 0)]
    while todo:
        v, path, depth = todo.pop()
        if isinstance(v, float) and (v != v or v in (_INF, -_INF)):
            out.append((path or "file", "must be a finite number, not " + fmt(v)))
        elif isinstance(v, (dict, list)):
            if depth >= MAX_DEPTH:
                out.append((path or "file", "nested too deeply (a level is at most %d levels deep)" % MAX_DEPTH))
                continue
            items = []
            if isinstance(v, dict):
                for k in v:
                    items.append((v[k], (path + "." + k) if path else k, depth + 1))
            else:
                for i in range(len(v)):
                    items.append((v[i], "%s[%d]" % (path, i), depth + 1))
            items.reverse()
            todo.extend(items)
    return out


def text_problem(v, limit, line=False):
    """The reason a name (line: one OLED line) or a description is wrong, or None."""
    if not isinstance(v, str):
        return "must be text, not " + type_name(v)
    for c in v:
        if ord(c) < 32 or 127 <= ord(c) < 160:
            return "contains a control character (code %d): use plain text" % ord(c)
    if len(v) > limit:
        if line:
            return "is %d characters; the OLED line fits %d" % (len(v), limit)
        return "is %d characters (at most %d)" % (len(v), limit)
    return None


def no_hint(word, known):
    """The device gives no typo hint; the PC checker passes a hint(word, known) that suggests the likely one."""
    return ""


def _unknown(problems, path, key, known, hint):
    problems.append((path + key, "unknown field '%s'%s" % (fmt(key), hint(key, known))))


def check_value(problems, field, v, kind, lo, hi):
    """Type and range of one number; returns the value (int for kind "i") or None when it is wrong."""
    if not is_number(v):
        problems.append((field, "must be a number, not " + type_name(v)))
        return None
    if isinstance(v, float) and (v != v or v in (_INF, -_INF)):
        problems.append((field, "must be a finite number, not " + fmt(v)))
        return None
    if kind == "i":
        if v != int(v):
            problems.append((field, "must be a whole number, not " + fmt(v)))
            return None
        v = int(v)
    if v < lo or v > hi:
        problems.append((field, "%s is out of range (allowed %s to %s)" % (fmt(v), fmt(lo), fmt(hi))))
        return None
    return v


def _section(problems, path, name, obj, spec, out, hint):
    """Check one object section against its spec; good values go into out[attr]."""
    field = path + name
    if name == "tempo" and obj == "auto":
        out["tempo_auto"] = True
        return
    if not isinstance(obj, dict):
        extra = ' or "auto"' if name == "tempo" else ""
        problems.append((field, "must be an object {...}%s, not %s" % (extra, type_name(obj))))
        return
    known = [e[0] for e in spec]
    for key in obj:
        if key not in known:
            _unknown(problems, field + ".", key, known, hint)
    for key, attr, kind, lo, hi in spec:
        if key not in obj:
            continue
        v = obj[key]
        if key == "angle_deg":
            if v == "auto":
                out[attr] = None
                continue
            if not is_number(v):
                problems.append((field + "." + key, 'must be a number of degrees or "auto", not ' + type_name(v)))
                continue
            if v > hi and v == v and v != _INF:
                problems.append((field + "." + key, "%s deg is out of reach: a standing front raise tops out "
                                 "near %d deg (allowed %d to %d, or \"auto\")" % (fmt(v), hi, lo, hi)))
                continue
        good = check_value(problems, field + "." + key, v, kind, lo, hi)
        if good is not None:
            out[attr] = good


def _combo(problems, path, f, reason):
    """Add a combination problem at path + f; a reason that starts by naming that same field drops it."""
    key = f[f.find(".") + 1:]
    for lead in (f + " ", key + " "):
        if reason.startswith(lead):
            reason = reason[len(lead):]
            break
    problems.append((path + f, reason))


def _pick(touched, a, fa, b, fb, c=None, fc=None):
    """The field to blame: the first of a, b, c this path set (None when it set none of them)."""
    if a in touched:
        return fa
    if b in touched:
        return fb
    if c is not None and c in touched:
        return fc
    return None


def _combos(problems, path, t, touched):
    """Impossible combinations in one stage's effective Targets t, reported where they were written.

    touched: the attributes this path set, so a problem is reported where it was written (and once).
    """
    if t.target_deg is not None:
        for attr in ("tolerance_deg", "min_range_deg"):
            v = getattr(t, attr)
            f = _pick(touched, attr, "target." + attr, "target_deg", "target.angle_deg")
            if v >= t.target_deg and f:
                _combo(problems, path, f, "%s %s must be less than the target angle %s deg"
                       % (attr, fmt(v), fmt(t.target_deg)))
    if not t.tempo_auto:
        for part, word, fault in (("pause", "pause", "NO_PAUSE"), ("reset", "rest", "NO_RESET")):
            lo = getattr(t, part + "_min_ms")
            want = getattr(t, part + "_ms")
            f = _pick(touched, part + "_min_ms", "faults." + part + "_min_ms", part + "_ms", "tempo." + part + "_ms")
            if lo > want and f:
                _combo(problems, path, f, "faults.%s_min_ms %d ms is longer than the %s the level asks for "
                       "(tempo.%s_ms %d): every rep would be %s" % (part, lo, word, part, want, fault))
        # "auto" targets: the least the athlete must lift (min_range_deg) is the angle to check.
        angle = t.target_deg if t.target_deg is not None else t.min_range_deg
        for move, ms, dps, verb, fault in (("raise_ms", t.raise_ms, "kick_dps", "raise", "KICK"),
                                           ("lower_ms", t.lower_ms, "drop_dps", "lowering", "DROP")):
            peak = PEAK_OVER_MEAN * angle * 1000.0 / ms
            limit = getattr(t, dps)
            f = _pick(touched, dps, "faults." + dps, move, "tempo." + move, "target_deg", "target.angle_deg")
            if peak > limit and f:
                _combo(problems, path, f, "faults.%s %s deg/s is below the %d deg/s a smooth %s deg %s in %d ms "
                       "peaks at: every rep on tempo would be a %s"
                       % (dps, fmt(limit), int(peak + 0.5), fmt(angle), verb, ms, fault))
    weights = ("w_range", "w_raise", "w_pause", "w_lower", "w_drift", "w_reset")
    total = 0
    hit = False
    for w in weights:
        total += getattr(t, w)
        hit = hit or w in touched
    if total <= 0 and hit:
        problems.append((path + "weights", "all weights are zero: nothing would score"))


def _apply(t, values):
    for k in values:
        setattr(t, k, values[k])


def _top(problems, obj, hint):
    """The level-wide fields that are not Targets: (name, desc, side, rule, stars, unlock, sets)."""
    for key in obj:
        if key not in TOP_KEYS:
            _unknown(problems, "", key, TOP_KEYS, hint)
    fmt_v = obj.get("format")
    if "format" not in obj:
        problems.append(("format", "missing (required: \"format\": %d)" % FORMAT))
    elif isinstance(fmt_v, str):
        problems.append(("format", "must be the number %d, not the text \"%s\"" % (FORMAT, fmt(fmt_v))))
    elif fmt_v != FORMAT or isinstance(fmt_v, bool):
        problems.append(("format", "%s is not a known format (this BandLift reads format %d)" % (fmt(fmt_v), FORMAT)))
    name = obj.get("name")
    if "name" not in obj:
        why = "missing (required: a short title, up to %d characters)" % NAME_MAX
    else:
        why = text_problem(name, NAME_MAX, True)
        if why is None and not name.strip():
            why = "is empty"
    if why:
        problems.append(("name", why))
    desc = obj.get("description", "")
    why = text_problem(desc, DESC_MAX)
    if why:
        problems.append(("description", why))
    side = obj.get("side", "any")
    if not isinstance(side, str):
        problems.append(("side", "must be text (one of %s), not %s" % (", ".join(SIDES), type_name(side))))
    elif side not in SIDES:
        problems.append(("side", "'%s' is not one of %s%s" % (fmt(side), ", ".join(SIDES), hint(side, SIDES))))
    rule = obj.get("stars_rule", "mean")
    if not isinstance(rule, str) or rule not in STAR_RULES:
        problems.append(("stars_rule", "must be one of %s, not %s" % (", ".join(STAR_RULES), fmt(rule))))
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
                    _unknown(problems, "unlock.", key, ("stars",), hint)
            if "stars" in u:
                v = check_value(problems, "unlock.stars", u["stars"], "i", 0, 999)
                if v is not None:
                    unlock = v
    sets = {"sets": 1, "rest_ms": 60000}
    for key, attr, kind, lo, hi in SETS_SPEC:
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
        v = check_value(problems, "reps", obj["reps"], "i", 1, REPS_MAX)
        if v is not None:
            return [{"reps": v}]
    elif "stages" in obj:
        st = obj["stages"]
        if not isinstance(st, list):
            problems.append(("stages", "must be a list of stages [{\"reps\": 5}, ...], not " + type_name(st)))
        elif not st:
            problems.append(("stages", "is empty: give at least one stage with reps"))
        elif len(st) > STAGES_MAX:
            problems.append(("stages", "has %d stages (at most %d)" % (len(st), STAGES_MAX)))
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
    for sec, spec in SECTIONS:
        if sec in obj:
            _section(problems, "", sec, obj[sec], spec, base, hint)
    stage_objs = _stage_list(problems, obj)
    stages = []
    t0 = Targets()
    _apply(t0, base)
    _combos(problems, "", t0, list(base.keys()))
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
                if key not in STAGE_KEYS:
                    _unknown(problems, path, key, STAGE_KEYS, hint)
            if "name" in so:
                why = text_problem(so["name"], NAME_MAX, True)
                if why:
                    problems.append((path + "name", why))
                else:
                    sname = so["name"]
            if "reps" not in so:
                problems.append((path + "reps", "missing: each stage needs its reps"))
            else:
                reps = check_value(problems, path + "reps", reps, "i", 1, REPS_MAX)
        over = {}
        for sec, spec in SECTIONS:
            if sec in so and sec != "fatigue":
                _section(problems, path, sec, so[sec], spec, over, hint)
        t = t0.copy()
        _apply(t, over)
        if over:
            _combos(problems, path, t, list(over.keys()))
        if reps is not None:
            if stars is not None:
                t.stars = stars
            stages.append(Stage(sname, reps, t))
    lv = Level()
    lv.side = side if side in SIDES else "any"
    lv.sets = sets["sets"]
    lv.rest_ms = sets["rest_ms"]
    lv.reps_per_side = 0
    for s in stages:
        lv.reps_per_side += s.reps
    lv.total_reps = lv.reps_per_side * len(lv.leg_plan())
    if stage_objs and lv.total_reps > TOTAL_REPS_MAX:
        problems.append(("stages" if "stages" in obj else "reps", "%d reps in all is too many for one level "
                         "(at most %d; every set and both legs count)" % (lv.total_reps, TOTAL_REPS_MAX)))
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
