"""Athlete scripts: a set written by hand as JSON, for the twin and for reproducible recordings.

    {"mount": "thigh", "side": "right", "strap_deg": 30, "rate_hz": 104,
     "reps": [{"raise_ms": 1500, "pause_ms": 1000, "lower_ms": 3000, "reset_ms": 1500, "peak_deg": 40,
               "faults": ["DROP"]}, ...]}

Every SetSpec field may appear at the top level (see sim/athlete/ for meanings and units); a rep field that
is left out is drawn from the script's "seed" to fit the rep's faults (a DROP without lower_ms gets a
250-600 ms lowering). raise_ms/lower_ms are movement durations, pause_ms/reset_ms the dwell a detector
measures. A bad field is reported as `file: field: reason`, all of them at once.
"""

import json
import random

from sim.athlete.spec import FAULT_NAMES, RepSpec, SetSpec, _rand_rep

SET_FIELDS = {
    "mount": str, "side": str, "strap_deg": (int, float), "flipped": bool, "rate_hz": (int, float),
    "jitter": (int, float), "stall_prob": (int, float), "gyro_dps": int, "accel_g": int, "start_tick": int,
    "seed": int, "target_deg": (int, float), "lead_ms": int, "tail_ms": int, "board_deg": (int, float),
    "r_m": (int, float), "noise": bool, "sway": bool, "leg_sway_deg": (int, float), "jolts": bool,
    "shift_deg": (int, float),
    "start_up_deg": (int, float), "start_up_ms": int, "change_after": int, "change_kind": str,
    "change_strap_deg": (int, float), "change_wait_ms": int, "change_ms": int, "change_rest_ms": int, "change_tip_deg": (int, float), "pelvis_tilt": (int, float), "change_tip_axis_deg": (int, float), "settle_ms": (int, float),
    "gyro_stuck_ms": int, "drift_loop": bool,
}
REP_FIELDS = ("raise_ms", "pause_ms", "lower_ms", "reset_ms", "peak_deg")


class ScriptError(ValueError):
    """A script that cannot be played; the message names the file, the field and the reason."""


def _type_ok(v, t):
    if isinstance(v, bool) and t is not bool:
        return False  # JSON true is not a number here
    return isinstance(v, t)


def parse_script(obj, name="<script>"):
    """SetSpec from a script's parsed JSON; ScriptError lists every bad field as `name: field: reason`."""
    errs = []
    if not isinstance(obj, dict):
        raise ScriptError("%s: top level: must be a JSON object" % name)
    kw = {}
    for k, v in obj.items():
        if k == "reps":
            continue
        if k not in SET_FIELDS:
            errs.append((k, "unknown field (known: reps, %s)" % ", ".join(sorted(SET_FIELDS))))
        elif not _type_ok(v, SET_FIELDS[k]):
            errs.append((k, "must be %s, got %r" % (_tname(SET_FIELDS[k]), v)))
        else:
            kw[k] = v
    reps_in = obj.get("reps")
    if not isinstance(reps_in, list) or not reps_in:
        errs.append(("reps", "must be a non-empty list of rep objects"))
        reps_in = []
    rng = random.Random(kw.get("seed", 0))
    base = {"raise": rng.uniform(1200, 2200), "lower": rng.uniform(2500, 4000),
            "pause": rng.uniform(900, 1800), "reset": rng.uniform(1000, 2000)}
    given = [r.get("peak_deg") for r in reps_in if isinstance(r, dict) and "SHORT" not in (r.get("faults") or ())]
    given = sorted(p for p in given if _type_ok(p, (int, float)))
    target = kw.get("target_deg", given[len(given) // 2] if given else 40.0)
    reps = []
    for i, r in enumerate(reps_in):
        where = "reps[%d]" % i
        if not isinstance(r, dict):
            errs.append((where, "must be an object"))
            continue
        faults = r.get("faults", [])
        if not isinstance(faults, list) or not all(isinstance(f, str) for f in faults):
            errs.append((where + ".faults", "must be a list of fault names"))
            faults = []
        for f in faults:
            if f not in FAULT_NAMES:
                errs.append((where + ".faults", "unknown fault %r (known: %s)" % (f, ", ".join(FAULT_NAMES))))
        faults = [f for f in faults if f in FAULT_NAMES]
        drawn = _rand_rep(rng, i, target, base, faults)
        vals = {}
        for k, v in r.items():
            if k == "faults":
                continue
            if k not in REP_FIELDS:
                errs.append((where + "." + k, "unknown field (known: faults, %s)" % ", ".join(REP_FIELDS)))
            elif not _type_ok(v, (int, float)):
                errs.append((where + "." + k, "must be a number, got %r" % (v,)))
            else:
                vals[k] = v
        reps.append(RepSpec(faults=tuple(faults), **{k: vals.get(k, getattr(drawn, k)) for k in REP_FIELDS}))
    if not errs:
        spec = SetSpec(reps, **kw)
        if "target_deg" not in kw:
            spec.target_deg = float(target)
        errs = spec.problems()
    if errs:
        raise ScriptError("\n".join("%s: %s: %s" % (name, f, why) for f, why in errs))
    return spec


def _tname(t):
    if isinstance(t, tuple):
        return "a number"
    return {str: "a string", bool: "true or false", int: "an integer"}[t]


def load_script(path):
    """SetSpec from a script file; a ScriptError names the file, the field and the reason."""
    try:
        with open(path) as f:
            obj = json.load(f)
    except OSError as e:
        raise ScriptError("%s: cannot read: %s" % (path, e.strerror))
    except ValueError as e:
        raise ScriptError("%s: not JSON: %s" % (path, e))
    return parse_script(obj, path)


def spec_to_json(spec):
    """The script form of a SetSpec (parse_script of it gives the same spec back)."""
    out = {k: getattr(spec, k) for k in SET_FIELDS if getattr(spec, k) is not None}
    out["reps"] = [dict({k: getattr(r, k) for k in REP_FIELDS}, faults=list(r.faults)) for r in spec.reps]
    return out
