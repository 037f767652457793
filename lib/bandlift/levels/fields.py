"""One field at a time: the reasons a value is wrong (type, range, finite, text, nesting), a section checked
against its spec (the format's tables are in bandlift.levels.parse), and the impossible combinations of one
stage's Targets.

Device code (CircuitPython 10): used by bandlift.levels.parse while levels load, imported only then
(bandlift.lifetime.LOADER: let go with the loader); short, plain reasons.
"""

from bandlift.compat import const

_MAX_DEPTH = const(8)  # a level nests 4 deep (stages -> stage -> tempo -> value)
# A smooth (minimum-jerk) movement peaks at 1.875 x its mean speed: a level's tempo must be followable
# without tripping its own KICK / DROP speed limits.
_PEAK_OVER_MEAN = const(1.875)


def stem(name):
    """File name without folders and without its extension: the level id."""
    i = name.rfind("/")
    if i >= 0:
        name = name[i + 1:]
    j = name.rfind(".")
    if j > 0:
        name = name[:j]
    return name

_INF = float("inf")
_HUGE = const("a number of over 12 digits")


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
    if _huge(v):
        return _HUGE
    s = str(v)
    return s if len(s) <= 40 else s[:37] + "..."



def _huge(v):
    return isinstance(v, int) and not isinstance(v, bool) and (v > 10 ** 12 or v < -10 ** 12)


def amount(v, unit):
    """A value with its unit ("40 deg"), or the words for a huge number alone (no "digits deg")."""
    return _HUGE if _huge(v) else fmt(v) + unit


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
            if depth >= _MAX_DEPTH:
                out.append((path or "file", "nested too deeply (a level is at most %d levels deep)" % _MAX_DEPTH))
                continue
            items = []
            if isinstance(v, dict):
                for k in v:
                    items.append((v[k], (path + "." + fmt(k)) if path else fmt(k), depth + 1))
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
    # Printable ASCII, the usual text, is read as bytes: iterating a str makes each of its characters a
    # one-character string the board interns for good. Other text is read character by character.
    raw = v.encode("utf-8", "surrogatepass")
    if raw and (min(raw) < 32 or max(raw) > 126):
        for c in v:
            if ord(c) < 32 or 127 <= ord(c) < 160:
                return "contains a control character (code %d): use plain text" % ord(c)
            if 0xD800 <= ord(c) <= 0xDFFF:  # half a UTF-16 pair: it cannot be printed or drawn
                return "contains half an emoji (code %d): write the character itself, or leave it out" % ord(c)
    if len(v) > limit:
        if line:
            return "is %d characters; the OLED line fits %d" % (len(v), limit)
        return "is %d characters (at most %d)" % (len(v), limit)
    return None


def no_hint(word, known):
    """The device gives no typo hint; the PC checker passes a hint(word, known) that suggests the likely one."""
    return ""


def unknown(problems, path, key, known, hint):
    problems.append((path + fmt(key), "unknown field '%s'%s" % (fmt(key), hint(key, known))))


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
    if _huge(v):
        problems.append((field, "must be %s to %s, not %s" % (fmt(lo), fmt(hi), _HUGE)))
        return None
    if v < lo or v > hi:
        problems.append((field, "%s is out of range (allowed %s to %s)" % (fmt(v), fmt(lo), fmt(hi))))
        return None
    return v


def section(problems, path, name, obj, spec, out, hint):
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
            unknown(problems, field + ".", key, known, hint)
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
                problems.append((field + "." + key, "%s is out of reach: a standing front raise tops out "
                                 "near %d deg (allowed %d to %d, or \"auto\")" % (amount(v, " deg"), hi, lo, hi)))
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


def _pick(touched, *pairs):
    """The field to blame: of the (attribute, field) pairs, the field of the first attribute this path set (None
    when it set none of them)."""
    for attr, field in pairs:
        if attr in touched:
            return field
    return None


def combos(problems, path, t, touched):
    """Impossible combinations in one stage's effective Targets t, reported where they were written.

    touched: the attributes this path set, so a problem is reported where it was written (and once).
    """
    if t.target_deg is not None:
        for attr in ("tolerance_deg", "min_range_deg"):
            v = getattr(t, attr)
            f = _pick(touched, (attr, "target." + attr), ("target_deg", "target.angle_deg"))
            if v >= t.target_deg and f:
                _combo(problems, path, f, "%s %s must be less than the target angle %s deg"
                       % (attr, fmt(v), fmt(t.target_deg)))
    if not t.tempo_auto:
        for part, word, fault in (("pause", "pause", "NO_PAUSE"), ("reset", "rest", "NO_RESET")):
            lo = getattr(t, part + "_min_ms")
            want = getattr(t, part + "_ms")
            f = _pick(touched, (part + "_min_ms", "faults." + part + "_min_ms"),
                      (part + "_ms", "tempo." + part + "_ms"))
            if lo > want and f:
                _combo(problems, path, f, "faults.%s_min_ms %d ms is longer than the %s the level asks for "
                       "(tempo.%s_ms %d): every rep would be %s" % (part, lo, word, part, want, fault))
        # "auto" targets: the least the athlete must lift (min_range_deg) is the angle to check.
        angle = t.target_deg if t.target_deg is not None else t.min_range_deg
        for move, ms, dps, verb, fault in (("raise_ms", t.raise_ms, "kick_dps", "raise", "KICK"),
                                           ("lower_ms", t.lower_ms, "drop_dps", "lowering", "DROP")):
            peak = _PEAK_OVER_MEAN * angle * 1000.0 / ms
            limit = getattr(t, dps)
            f = _pick(touched, (dps, "faults." + dps), (move, "tempo." + move), ("target_deg", "target.angle_deg"))
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
