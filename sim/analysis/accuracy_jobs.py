"""The accuracy report's jobs: one generated set or one UCI session through the core, compared with truth.

Each job runs in a worker process (`python -m sim accuracy --jobs J`) and returns a plain dict that pickles;
a crash of the core or the athlete is a measured failure in that dict, never an exception. A UCI file that
cannot be read is not the core's failure: uci_job says so in "data_error" (the file, the line, the reason).
"""

import csv
import os
import random

from bandlift.compat import TICKS_PERIOD
from sim.analysis import evaluate
from sim.analysis import uci
from sim.analysis.analyze import analyze_samples
from sim.analysis.recording import RecordingError

# The protocol's "too fast" execution is a rushed rep: the core measures its raise and lowering as long as the
# correct ones' (s1: lowering 1.2-1.35 s against 1.1-1.5 s) and its pause at the top cut from ~4.2 s to 0.3-0.7 s
# (docs/accuracy.md, "What the core measured"). What a coach says to it is a tempo cue: "pause at the top"
# (NO_PAUSE), or "slow the lowering" / "no swinging" where the movement itself was fast (DROP, KICK).
FAST_FAULTS = ("KICK", "DROP", "NO_PAUSE")  # a too-fast execution should get one of these
LOW_FAULTS = ("SHORT",)  # a low-amplitude execution should get this
FORM_FAULTS = ("KICK", "DROP", "SHORT", "NO_PAUSE")  # a correct execution should get none of these
TEMPO_FAULTS = ("KICK", "DROP", "NO_PAUSE")  # reported per type, for information


def auto_targets():
    """The level the UCI data is run with: target range and tempo learned from the first reps."""
    from bandlift.targets import Targets

    t = Targets()
    t.target_deg = None
    t.tempo_auto = True
    return t


# Spec attributes reported in the breakdown, with how to bucket them.
RATE_BINS = (26, 52, 104, 208)


def _rate_bucket(hz):
    best = min(RATE_BINS, key=lambda b: abs(b - hz))
    return "%d Hz" % best


def _strap_bucket(deg):
    d = float(deg) % 360.0
    lo = int(d // 90) * 90
    return "%d-%d deg" % (lo, lo + 90)


def conditions(spec, faulty):
    """{condition: value} of a generated set (sim/athlete/ SetSpec), for the failure breakdown."""
    out = {"set": "faulty" if faulty else "clean"}
    g = lambda k, d=None: getattr(spec, k, d)  # noqa: E731
    if g("mount") is not None:
        out["mount"] = str(g("mount"))
    if g("side") is not None:
        out["side"] = str(g("side"))
    if g("flipped") is not None:
        out["flipped"] = "yes" if g("flipped") else "no"
    if g("rate_hz") is not None:
        out["rate"] = _rate_bucket(g("rate_hz"))
    if g("strap_deg") is not None:
        out["strap"] = _strap_bucket(g("strap_deg"))
    if g("jitter") is not None:
        out["jitter"] = "<= 20 %" if g("jitter") <= 0.2 else "> 20 %"
    if g("stall_prob") is not None:
        out["stalls"] = "< 1 %" if g("stall_prob") < 0.01 else ">= 1 %"
    if g("gyro_dps") is not None:
        out["gyro range"] = "%d dps" % g("gyro_dps")
    if g("accel_g") is not None:
        out["accel range"] = "%d g" % g("accel_g")
    if g("start_tick") is not None:
        out["tick wrap"] = "early in set" if g("start_tick") > TICKS_PERIOD - 20000 else "no/late"
    reps = g("reps") or []
    faults = sorted({f for r in reps for f in getattr(r, "faults", ())})
    for f in faults:
        out["has " + f] = "yes"
    return out


SIDES = {"right": "R", "left": "L", "R": "R", "L": "L"}


def set_targets(spec):
    """What the core aims at for a generated set: the defaults, with the set's own target range
    (the athlete labels SHORT against it, as a level with a fixed target would)."""
    from bandlift.targets import Targets

    t = Targets()
    target = spec.target() if callable(getattr(spec, "target", None)) else getattr(spec, "target_deg", None)
    if target is not None:
        t.target_deg = float(target)
    return t



# ---------------------------------------------------------------- jobs (run in worker processes)


def set_job(seed):
    """Generate set `seed`, run the core on it, compare with truth. Never raises: errors are reported."""
    from sim import athlete

    faulty = seed % 2 == 1
    out = {"seed": seed, "faulty": faulty}
    try:
        spec = athlete.random_set(random.Random(seed), faulty=faulty)
        out["cond"] = conditions(spec, faulty)
        session = athlete.generate(spec)
        samples = session.samples
        res = analyze_samples(samples, set_targets(spec), side=SIDES.get(getattr(spec, "side", None)))
        ev = evaluate.evaluate_set(res["reps"], session.truth, t0=samples[0][0] if samples else 0)
        ev["truth_faults"] = sorted({f for r in session.truth for f in r.get("faults", ())})
        ev["alerts"] = sorted({a["kind"] for a in res["alerts"]})
        out["eval"] = ev
    except Exception as e:  # a crash of the core or the athlete is a measured failure, not a stop
        out["error"] = "%s: %s" % (type(e).__name__, e)
        out.setdefault("cond", {"set": "faulty" if faulty else "clean"})
    return out


def uci_job(name):
    """Run one UCI session with auto targets; for s1 test sessions also score the labelled executions."""
    s = _session_by_name(name)
    out = {"name": name, "expected": s.expected, "moving": s.moving, "kind": s.kind}
    try:  # a file that cannot be read is bad input (it stops the report), not a measured failure of the core
        samples = s.samples()
    except (RecordingError, OSError, ValueError) as e:
        out["data_error"] = str(e) if isinstance(e, RecordingError) else "%s: %s" % (s.path, e)
        return out
    try:
        res = analyze_samples(samples, auto_targets(), side=s.side)
    except Exception as e:
        out["error"] = "%s: %s" % (type(e).__name__, e)
        out["count"] = -1
        return out
    out["count"] = res["count"]
    out["alerts"] = sorted({a["kind"] for a in res["alerts"]})
    if s.moving and s.kind == "test" and s.subject == "s1":
        try:
            labels = uci.rep_times(s.subject, s.exercise, uci.DATA_DIR)
        except (OSError, ValueError, KeyError, TypeError, csv.Error) as e:
            path = os.path.join(uci.DATA_DIR, s.subject, s.exercise, "test_times.csv")
            out["data_error"] = "%s: cannot read the rep labels (%s: %s)" % (path, type(e).__name__, e)
            return out
        truth = [{"start_ms": a, "end_ms": b, "type": typ} for _, typ, a, b in labels]
        matched = evaluate.match_reps(res["reps"], truth, 0)
        ghosts, misses = evaluate.unmatched(res["reps"], truth, matched)
        # against the hand-drawn boundaries (third-party, rounded to 5 samples): ms of each ghost's start,
        # 1-based number of each missed execution
        out["labelled"] = {"ghosts": [res["reps"][i]["start_ms"] for i in ghosts], "misses": [j + 1 for j in misses]}
        pairs = dict((j, i) for i, j in matched)
        types = {}
        for j, t in enumerate(truth):
            d = types.setdefault(t["type"], {"n": 0, "matched": 0, "ok": 0, "tempo": 0})
            d["n"] += 1
            if j not in pairs:
                continue
            d["matched"] += 1
            faults = set(res["reps"][pairs[j]].get("faults") or ())
            if t["type"] == uci.TOO_FAST:
                ok = bool(faults & set(FAST_FAULTS))
            elif t["type"] == uci.LOW_AMPLITUDE:
                ok = bool(faults & set(LOW_FAULTS))
            else:
                ok = not (faults & set(FORM_FAULTS))
            d["ok"] += int(ok)
            d["tempo"] += int(bool(faults & set(TEMPO_FAULTS)))
            for k in ("raise_ms", "hold_ms", "lower_ms", "peak_deg"):
                d.setdefault(k, []).append(res["reps"][pairs[j]].get(k))
        out["types"] = types
    return out


def _session_by_name(name):
    for s in uci.sessions(uci.DATA_DIR):  # the module's folder at call time (tests point it elsewhere)
        if s.name == name:
            return s
    raise KeyError(name)
