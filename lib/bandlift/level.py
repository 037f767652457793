"""Challenge levels as JSON files -> bandlift.targets.Targets, with a checker that finds every problem.

The format ("format": 1) is documented field by field in levels/README.md. Every omitted field takes
Targets()'s default. Field paths in problems look like "tempo.lower_ms" or "stages[2].reps".

Device code: runs on CircuitPython 10 (json is built in; no typing, no f-strings with "=").
Nothing here runs per sample: levels are read and checked once, before a set.
"""

import json

try:
    import os
except ImportError:  # pragma: no cover - every target has os
    os = None

from bandlift import targets
from bandlift.targets import Targets

FORMAT = 1
MAX_BYTES = 8192  # a level file is a few hundred bytes; cap what a device reads into RAM
NAME_MAX = 20  # one OLED line is 21 characters of the built-in font
DESC_MAX = 300
REPS_MAX = 50  # per stage (and per leg for side "both")
STAGES_MAX = 10
TOTAL_REPS_MAX = 100
SIDES = ("any", "left", "right", "both")
STAR_RULES = ("mean", "min")
# A standing front raise: hip flexion beyond ~90 deg is out of reach (and the band pulls the body over).
ANGLE_MIN = 10
ANGLE_MAX = 90
# Peak speed of a smooth (minimum-jerk) movement is 1.875 x its mean speed: used to tell whether a level's
# tempo can be followed without tripping its own KICK / DROP speed limits.
PEAK_OVER_MEAN = 1.875

# Section specs: (json key, Targets attribute, kind "i" whole number / "n" number, low, high).
TARGET_SPEC = (
    ("angle_deg", "target_deg", "n", ANGLE_MIN, ANGLE_MAX),  # or "auto"
    ("tolerance_deg", "tolerance_deg", "n", 1, 30),
    ("min_range_deg", "min_range_deg", "n", 3, 60),
    ("auto_reps", "auto_reps", "i", 1, 10),
)
TEMPO_SPEC = (
    ("raise_ms", "raise_ms", "i", 300, 10000),
    ("pause_ms", "pause_ms", "i", 0, 10000),
    ("lower_ms", "lower_ms", "i", 500, 15000),
    ("reset_ms", "reset_ms", "i", 0, 10000),
)
FAULTS_SPEC = (
    ("kick_dps", "kick_dps", "n", 30, 1000),
    ("kick_frac", "kick_frac", "n", 0.05, 0.95),
    ("pause_min_ms", "pause_min_ms", "i", 0, 10000),
    ("wobble_dps", "wobble_dps", "n", 0.5, 100),
    ("drop_frac", "drop_frac", "n", 0.05, 0.95),
    ("drop_dps", "drop_dps", "n", 30, 1000),
    ("drift_deg", "drift_deg", "n", 2, 45),
    ("reset_min_ms", "reset_min_ms", "i", 0, 10000),
)
WEIGHTS_SPEC = (
    ("range", "w_range", "n", 0, 100),
    ("raise", "w_raise", "n", 0, 100),
    ("pause", "w_pause", "n", 0, 100),
    ("lower", "w_lower", "n", 0, 100),
    ("drift", "w_drift", "n", 0, 100),
    ("reset", "w_reset", "n", 0, 100),
)
FATIGUE_SPEC = (
    ("lower_frac", "fatigue_lower_frac", "n", 0.1, 1.0),
    ("score_drop", "fatigue_score_drop", "n", 1, 100),
)
UNLOCK_SPEC = (("stars", None, "i", 0, 999),)
SECTIONS = (
    ("target", TARGET_SPEC),
    ("tempo", TEMPO_SPEC),
    ("faults", FAULTS_SPEC),
    ("weights", WEIGHTS_SPEC),
    ("fatigue", FATIGUE_SPEC),
)
TOP_KEYS = (
    "format", "name", "description", "side", "reps", "stages", "target", "tempo", "faults", "weights",
    "fatigue", "stars", "stars_rule", "unlock",
)
STAGE_KEYS = ("name", "reps", "target", "tempo", "faults", "weights")


class LevelError(ValueError):
    """The first problem of a level file: .field (a path like "tempo.lower_ms") and .reason."""

    def __init__(self, field, reason):
        super().__init__(field + ": " + reason)
        self.field = field
        self.reason = reason


class Stage:
    """One block of reps with its own Targets (a tempo pyramid has several)."""

    def __init__(self, name, reps, targets):
        self.name = name
        self.reps = reps
        self.targets = targets


class Level:
    """A checked level. Build it with parse_level(); read targets_for(stage) per stage."""

    def __init__(self):
        self.id = ""  # file stem, e.g. "01-first-lifts"
        self.name = ""
        self.description = ""
        self.side = "any"
        self.stages = []  # list of Stage
        self.reps_per_side = 0  # sum of the stages' reps
        self.total_reps = 0  # every rep of the level: doubled for side "both"
        self.stars = (60, 75, 90)  # per-rep score for 1, 2, 3 stars
        self.stars_rule = "mean"
        self.unlock_stars = 0

    def sides(self):
        """The legs to train in order: "L"/"R" for the core's new_set(side), None when any leg will do."""
        if self.side == "both":
            return ("L", "R")
        if self.side == "left":
            return ("L",)
        if self.side == "right":
            return ("R",)
        return (None,)

    def targets_for(self, stage_index):
        """A fresh Targets for this stage (a copy: the caller may change it)."""
        return self.stages[stage_index].targets.copy()

    def stars_for(self, score):
        """Stars (0-3) one score earns with this level's thresholds."""
        return targets.stars_for(score, self.stars)

    def set_stars(self, scores):
        """Stars (0-3) of the whole level from its rep scores (0-100).

        Reps not done count as 0, so ending early costs stars. "mean": the mean over all the level's reps;
        "min": the weakest rep.
        """
        n = len(scores)
        planned = self.total_reps if self.total_reps > n else n
        if planned == 0:
            return 0
        if self.stars_rule == "min":
            worst = 0 if n < planned else min(scores)
            return self.stars_for(worst)
        return self.stars_for(sum(scores) / planned)


# ---------------------------------------------------------------- checking


def _is_number(v):
    # bool is an int subclass in Python: true/false in JSON is never a number here
    return (isinstance(v, int) or isinstance(v, float)) and not isinstance(v, bool)


def _fmt(v):
    if isinstance(v, float):
        if v == int(v) and abs(v) < 1e9:
            return str(int(v))
        return "%g" % v
    return str(v)


def _type_name(v):
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


def edit_distance(a, b):
    """Levenshtein distance (insert, delete, substitute; a swap of two letters costs 1)."""
    la = len(a)
    lb = len(b)
    prev2 = None
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        for j in range(1, lb + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = prev[j] + 1
            if cur[j - 1] + 1 < best:
                best = cur[j - 1] + 1
            if prev[j - 1] + cost < best:
                best = prev[j - 1] + cost
            if prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                if prev2[j - 2] + 1 < best:
                    best = prev2[j - 2] + 1
            cur[j] = best
        prev2 = prev
        prev = cur
    return prev[lb]


def closest(word, names):
    """The name closest to a typo, or None when nothing is close enough to be a likely typo."""
    best = None
    best_d = 99
    w = word.lower()
    for n in names:
        d = edit_distance(w, n)
        if d < best_d:
            best = n
            best_d = d
    limit = len(word) // 3
    if limit < 2:
        limit = 2
    if best is not None and best_d <= limit:
        return best
    return None


def _where_else(key):
    """The section that owns a key, when it was put in the wrong place (e.g. "lower_ms" at the top)."""
    for sec, spec in SECTIONS:
        for entry in spec:
            if entry[0] == key:
                return sec
    if key in TOP_KEYS:
        return ""
    return None


def _unknown(problems, path, key, known):
    field = path + key
    home = _where_else(key)
    if home is not None and key not in known:
        where = ("'" + home + "'") if home else "the top level"
        problems.append((field, "unknown field '%s' here (it belongs in %s)" % (key, where)))
        return
    guess = closest(key, known)
    if guess is not None:
        problems.append((field, "unknown field '%s' (did you mean '%s'?)" % (key, guess)))
    else:
        problems.append((field, "unknown field '%s' (known: %s)" % (key, ", ".join(known))))


def _check_value(problems, field, v, kind, lo, hi):
    """Type and range of one number; returns the value (int for kind "i") or None when it is wrong."""
    if not _is_number(v):
        problems.append((field, "must be a number, not " + _type_name(v)))
        return None
    if v != v or v in (float("inf"), float("-inf")):
        problems.append((field, "must be a finite number"))
        return None
    if kind == "i":
        if v != int(v):
            problems.append((field, "must be a whole number, not " + _fmt(v)))
            return None
        v = int(v)
    if v < lo or v > hi:
        problems.append((field, "%s is out of range (allowed %s to %s)" % (_fmt(v), _fmt(lo), _fmt(hi))))
        return None
    return v


def _check_section(problems, path, name, obj, spec, out):
    """Check one object section against its spec; good values go into out[attr]."""
    field = path + name
    if name == "tempo" and obj == "auto":
        out["tempo_auto"] = True
        return
    if not isinstance(obj, dict):
        extra = ' or "auto"' if name == "tempo" else ""
        problems.append((field, "must be an object {...}%s, not %s" % (extra, _type_name(obj))))
        return
    known = [e[0] for e in spec]
    for key in obj:
        if key not in known:
            _unknown(problems, field + ".", key, known)
    for key, attr, kind, lo, hi in spec:
        if key not in obj:
            continue
        v = obj[key]
        if key == "angle_deg" and v == "auto":
            out[attr] = None
            continue
        if key == "angle_deg" and not _is_number(v):
            problems.append((field + "." + key, 'must be a number of degrees or "auto", not ' + _type_name(v)))
            continue
        if key == "angle_deg" and _is_number(v) and v > hi:
            problems.append((field + "." + key, "%s deg is out of reach: a standing front raise tops out "
                             "near %d deg (allowed %d to %d, or \"auto\")" % (_fmt(v), hi, lo, hi)))
            continue
        good = _check_value(problems, field + "." + key, v, kind, lo, hi)
        if good is not None:
            out[attr] = good


def _check_reps(problems, field, v):
    return _check_value(problems, field, v, "i", 1, REPS_MAX)


def _combo(problems, path, f, reason):
    """Add a combination problem at path + f; a reason that starts by naming that same field drops it."""
    key = f[f.find(".") + 1:]
    for lead in (f + " ", key + " "):
        if reason.startswith(lead):
            reason = reason[len(lead):]
            break
    problems.append((path + f, reason))


def _check_combos(problems, path, t, touched):
    """Impossible combinations in one stage's effective Targets t.

    touched: the attributes this path set, so a problem is reported where it was written (and once).
    """
    if t.target_deg is not None:
        if t.tolerance_deg >= t.target_deg and ("tolerance_deg" in touched or "target_deg" in touched):
            f = "target.tolerance_deg" if "tolerance_deg" in touched else "target.angle_deg"
            _combo(problems, path, f, "tolerance_deg %s must be less than the target angle %s deg"
                             % (_fmt(t.tolerance_deg), _fmt(t.target_deg)))
        if t.min_range_deg >= t.target_deg and ("min_range_deg" in touched or "target_deg" in touched):
            f = "target.min_range_deg" if "min_range_deg" in touched else "target.angle_deg"
            _combo(problems, path, f, "min_range_deg %s must be less than the target angle %s deg"
                             % (_fmt(t.min_range_deg), _fmt(t.target_deg)))
    if not t.tempo_auto:
        if t.pause_min_ms > t.pause_ms and ("pause_min_ms" in touched or "pause_ms" in touched):
            f = "faults.pause_min_ms" if "pause_min_ms" in touched else "tempo.pause_ms"
            _combo(problems, path, f, "faults.pause_min_ms %d ms is longer than the pause the level asks "
                             "for (tempo.pause_ms %d): every rep would be NO_PAUSE" % (t.pause_min_ms, t.pause_ms))
        if t.reset_min_ms > t.reset_ms and ("reset_min_ms" in touched or "reset_ms" in touched):
            f = "faults.reset_min_ms" if "reset_min_ms" in touched else "tempo.reset_ms"
            _combo(problems, path, f, "faults.reset_min_ms %d ms is longer than the rest the level asks "
                             "for (tempo.reset_ms %d): every rep would be NO_RESET" % (t.reset_min_ms, t.reset_ms))
        # Following the tempo must not trip the speed limits: a smooth raise to the target peaks at
        # 1.875 x its mean speed. For "auto" targets assume the top of the allowed range would be too much
        # to ask, so use the minimum range instead (the least the athlete must lift).
        angle = t.target_deg if t.target_deg is not None else t.min_range_deg
        peak_up = PEAK_OVER_MEAN * angle * 1000.0 / t.raise_ms
        if peak_up > t.kick_dps and ("kick_dps" in touched or "raise_ms" in touched or "target_deg" in touched):
            f = "faults.kick_dps" if "kick_dps" in touched else ("tempo.raise_ms" if "raise_ms" in touched
                                                                  else "target.angle_deg")
            _combo(problems, path, f, "faults.kick_dps %s deg/s is below the %d deg/s a smooth %s deg raise in "
                             "%d ms peaks at: every rep on tempo would be a KICK"
                             % (_fmt(t.kick_dps), int(peak_up + 0.5), _fmt(angle), t.raise_ms))
        peak_down = PEAK_OVER_MEAN * angle * 1000.0 / t.lower_ms
        if peak_down > t.drop_dps and ("drop_dps" in touched or "lower_ms" in touched or "target_deg" in touched):
            f = "faults.drop_dps" if "drop_dps" in touched else ("tempo.lower_ms" if "lower_ms" in touched
                                                                  else "target.angle_deg")
            _combo(problems, path, f, "faults.drop_dps %s deg/s is below the %d deg/s a smooth %s deg lowering "
                             "in %d ms peaks at: every rep on tempo would be a DROP"
                             % (_fmt(t.drop_dps), int(peak_down + 0.5), _fmt(angle), t.lower_ms))
    if (t.w_range + t.w_raise + t.w_pause + t.w_lower + t.w_drift + t.w_reset) <= 0 and (
        "w_range" in touched or "w_raise" in touched or "w_pause" in touched or "w_lower" in touched
        or "w_drift" in touched or "w_reset" in touched
    ):
        problems.append((path + "weights", "all weights are zero: nothing would score"))


def _apply(t, values):
    for k in values:
        setattr(t, k, values[k])


def _check(obj, build):
    """All problems of a level object, and (when build and there are none) its stages as Stage list."""
    problems = []
    if not isinstance(obj, dict):
        problems.append(("file", "a level must be a JSON object {...}, not " + _type_name(obj)))
        return problems, None
    for key in obj:
        if key not in TOP_KEYS:
            _unknown(problems, "", key, TOP_KEYS)

    if "format" not in obj:
        problems.append(("format", "missing (required: \"format\": %d)" % FORMAT))
    elif obj["format"] != FORMAT or isinstance(obj["format"], bool):
        problems.append(("format", "%s is not a known format (this BandLift reads format %d)"
                         % (_fmt(obj["format"]), FORMAT)))

    if "name" not in obj:
        problems.append(("name", "missing (required: a short title, up to %d characters)" % NAME_MAX))
    elif not isinstance(obj["name"], str):
        problems.append(("name", "must be text, not " + _type_name(obj["name"])))
    elif not obj["name"].strip():
        problems.append(("name", "is empty"))
    elif len(obj["name"]) > NAME_MAX:
        problems.append(("name", "is %d characters; the OLED line fits %d" % (len(obj["name"]), NAME_MAX)))

    desc = obj.get("description", "")
    if not isinstance(desc, str):
        problems.append(("description", "must be text, not " + _type_name(desc)))
    elif len(desc) > DESC_MAX:
        problems.append(("description", "is %d characters (at most %d)" % (len(desc), DESC_MAX)))

    side = obj.get("side", "any")
    if not isinstance(side, str):
        problems.append(("side", "must be text (one of %s), not %s" % (", ".join(SIDES), _type_name(side))))
    elif side not in SIDES:
        guess = closest(side, SIDES)
        hint = (" (did you mean '%s'?)" % guess) if guess else ""
        problems.append(("side", "'%s' is not one of %s%s" % (side, ", ".join(SIDES), hint)))

    rule = obj.get("stars_rule", "mean")
    if not isinstance(rule, str) or rule not in STAR_RULES:
        problems.append(("stars_rule", "must be one of %s, not %s" % (", ".join(STAR_RULES), _fmt(rule))))

    stars = None
    if "stars" in obj:
        s = obj["stars"]
        if not isinstance(s, list) or len(s) != 3:
            problems.append(("stars", "must be a list of 3 scores [1-star, 2-star, 3-star], e.g. [60, 75, 90]"))
        else:
            good = []
            for i in range(3):
                v = _check_value(problems, "stars[%d]" % i, s[i], "n", 1, 100)
                if v is not None:
                    good.append(v)
            if len(good) == 3:
                if not (good[0] < good[1] < good[2]):
                    problems.append(("stars", "thresholds must rise: 1-star < 2-star < 3-star, got %s"
                                     % ", ".join(_fmt(v) for v in good)))
                else:
                    stars = (good[0], good[1], good[2])

    unlock = 0
    if "unlock" in obj:
        u = obj["unlock"]
        if not isinstance(u, dict):
            problems.append(("unlock", "must be an object like {\"stars\": 3}, not " + _type_name(u)))
        else:
            for key in u:
                if key != "stars":
                    _unknown(problems, "unlock.", key, ("stars",))
            if "stars" in u:
                v = _check_value(problems, "unlock.stars", u["stars"], "i", 0, 999)
                if v is not None:
                    unlock = v

    # Level-wide targets: defaults, then each section.
    base = {}
    for sec, spec in SECTIONS:
        if sec in obj:
            _check_section(problems, "", sec, obj[sec], spec, base)

    # Stages: "reps" (one stage) or "stages" (a list), exactly one of them.
    stage_objs = None
    if "reps" in obj and "stages" in obj:
        problems.append(("stages", "give either \"reps\" or \"stages\", not both"))
    elif "reps" in obj:
        v = _check_reps(problems, "reps", obj["reps"])
        if v is not None:
            stage_objs = [{"reps": v}]
    elif "stages" in obj:
        st = obj["stages"]
        if not isinstance(st, list):
            problems.append(("stages", "must be a list of stages [{\"reps\": 5}, ...], not " + _type_name(st)))
        elif not st:
            problems.append(("stages", "is empty: give at least one stage with reps"))
        elif len(st) > STAGES_MAX:
            problems.append(("stages", "has %d stages (at most %d)" % (len(st), STAGES_MAX)))
        else:
            stage_objs = st
    else:
        problems.append(("reps", "missing: give \"reps\" (a number) or \"stages\" (a list)"))

    stages = []
    level_touched = list(base.keys())
    t0 = Targets()
    _apply(t0, base)
    if stage_objs is None:
        _check_combos(problems, "", t0, level_touched)
    else:
        total = 0
        single = "stages" not in obj
        for i in range(len(stage_objs)):
            so = stage_objs[i]
            path = "" if single else "stages[%d]." % i
            if not isinstance(so, dict):
                problems.append((path[:-1], "a stage must be an object like {\"reps\": 5}, not " + _type_name(so)))
                continue
            sname = ""
            if not single:
                for key in so:
                    if key not in STAGE_KEYS:
                        _unknown(problems, path, key, STAGE_KEYS)
                if "name" in so:
                    if not isinstance(so["name"], str):
                        problems.append((path + "name", "must be text, not " + _type_name(so["name"])))
                    elif len(so["name"]) > NAME_MAX:
                        problems.append((path + "name", "is %d characters; the OLED line fits %d"
                                         % (len(so["name"]), NAME_MAX)))
                    else:
                        sname = so["name"]
                if "reps" not in so:
                    problems.append((path + "reps", "missing: each stage needs its reps"))
                    reps = None
                else:
                    reps = _check_reps(problems, path + "reps", so["reps"])
            else:
                reps = so["reps"]
            over = {}
            for sec, spec in SECTIONS:
                if sec in so and sec != "fatigue":
                    _check_section(problems, path, sec, so[sec], spec, over)
            t = t0.copy()
            _apply(t, over)
            # Level-wide values are checked at the top level (once); a stage reports what it overrides.
            if i == 0 or single:
                _check_combos(problems, "", t0, level_touched)
            if over:
                _check_combos(problems, path, t, list(over.keys()))
            if reps is not None:
                total += reps
                if stars is not None:
                    t.stars = stars
                stages.append(Stage(sname, reps, t))
        if side == "both":
            total *= 2
        if total > TOTAL_REPS_MAX:
            problems.append(("stages" if "stages" in obj else "reps", "%d reps in all is too many for one level "
                             "(at most %d; side \"both\" counts both legs)" % (total, TOTAL_REPS_MAX)))

    # The same level-wide problem found through several stages is one problem.
    uniq = []
    for p in problems:
        if p not in uniq:
            uniq.append(p)
    if not build or uniq:
        return uniq, None
    lv = Level()
    lv.name = obj["name"]
    lv.description = desc
    lv.side = side
    lv.stages = stages
    n = 0
    for s in stages:
        n += s.reps
    lv.reps_per_side = n
    lv.total_reps = n * 2 if side == "both" else n
    if stars is not None:
        lv.stars = stars
    else:
        lv.stars = tuple(t0.stars)
    lv.stars_rule = rule
    lv.unlock_stars = unlock
    return uniq, lv


def check_level(obj):
    """Every problem of a parsed level object as a list of (field, reason); [] when it is valid."""
    return _check(obj, False)[0]


def parse_level(obj, name="level.json"):
    """A Level from a parsed JSON object; LevelError(field, reason) for its first problem.

    name: the file name; its stem is the level id ("01-first-lifts.json" -> "01-first-lifts").
    """
    problems, lv = _check(obj, True)
    if problems:
        raise LevelError(problems[0][0], problems[0][1])
    lv.id = stem(name)
    return lv


def stem(name):
    """File name without folders and without its extension."""
    i = name.rfind("/")
    if i >= 0:
        name = name[i + 1:]
    j = name.rfind(".")
    if j > 0:
        name = name[:j]
    return name


# ---------------------------------------------------------------- files


def json_error(e):
    """A short text for a JSON syntax error, with line and column where the json module gives them."""
    line = getattr(e, "lineno", None)
    col = getattr(e, "colno", None)
    msg = getattr(e, "msg", None) or (str(e.args[0]) if e.args else "syntax error")
    if line is not None and col is not None:
        return "JSON syntax error at line %d, column %d: %s" % (line, col, msg)
    return "JSON syntax error: " + msg


def decode_level_bytes(data, limit=MAX_BYTES):
    """(text, None) or (None, reason) for raw file bytes: size cap, emptiness, binary, encoding."""
    if len(data) > limit:
        return None, "too big (over %d bytes): a level is a small JSON file" % limit
    if not data.strip():
        return None, "empty file"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None, "not UTF-8 text (it is UTF-16: save the file as UTF-8)"
    if b"\x00" in data:
        return None, "binary file, not JSON text"
    try:
        text = data.decode("utf-8")
    except UnicodeError:
        return None, "not UTF-8 text (save the file as UTF-8)"
    if text and text[0] == "\ufeff":  # a byte order mark, as some editors write
        text = text[1:]
    return text, None


def read_level_file(path, limit=MAX_BYTES, loads=None):
    """(obj, None) or (None, reason) for one level file; never raises for a bad file.

    Reads at most limit + 1 bytes, so a huge file costs no more RAM than a small one.
    loads: the JSON parser (json.loads by default; the PC checker passes one that spots duplicate keys).
    """
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        return None, _os_reason(e)
    text, reason = decode_level_bytes(data, limit)
    if reason:
        return None, reason
    try:
        obj = (loads or json.loads)(text)
    except ValueError as e:
        return None, json_error(e)
    except MemoryError:
        return None, "too big to read into memory"
    except RuntimeError:  # RecursionError on CPython, "maximum recursion depth" on the device
        return None, "JSON nested too deeply"
    except Exception as e:  # a json module surprised by odd input must not stop the game
        return None, "unreadable JSON (%s)" % type(e).__name__
    return obj, None


def _os_reason(e):
    code = e.args[0] if e.args else None
    if code == 2:
        return "no such file"
    if code == 21:
        return "is a folder, not a level file"
    if code == 13:
        return "cannot read (permission denied)"
    return "cannot read (%s)" % (e,)


def level_files(folder):
    """The *.json file names in a folder, sorted (levels are named NN-slug.json so they sort in order)."""
    names = []
    for n in os.listdir(folder):
        if n.endswith(".json") and not n.startswith("."):  # "._x.json": macOS metadata files
            names.append(n)
    names.sort()
    return names


def load_levels(folder):
    """(levels, broken): the valid levels in file-name order, and (file name, short reason) for the rest.

    A broken file never stops the others from loading.
    """
    levels = []
    broken = []
    try:
        names = level_files(folder)
    except OSError:
        return levels, [(folder, "no levels folder")]
    for n in names:
        obj, reason = read_level_file(folder + "/" + n)
        if reason is None:
            try:
                levels.append(parse_level(obj, n))
                continue
            except LevelError as e:
                reason = e.field + ": " + e.reason
        broken.append((n, reason))
    return levels, broken


def check_progression(levels):
    """Problems of a set of levels as (level id, field, reason): the first must be open from the start, and
    each level's unlock must be reachable with the stars (3 per level) of the levels before it."""
    out = []
    for i in range(len(levels)):
        lv = levels[i]
        if i == 0 and lv.unlock_stars != 0:
            out.append((lv.id, "unlock.stars", "the first level must need 0 stars, not %d" % lv.unlock_stars))
        elif lv.unlock_stars > 3 * i:
            out.append((lv.id, "unlock.stars", "needs %d stars but the %d level(s) before it give at most %d"
                        % (lv.unlock_stars, i, 3 * i)))
    return out
