"""Detected reps against ground truth: matching by time overlap, phase errors, fault precision and recall.

Times: detected reps carry the core's ticks (wrap at 2**29), truth carries the athlete's ticks; both are
turned into ms from the first sample of the recording with a wrap-safe difference before matching.
A detected rep and a true rep match when their [start, end] intervals overlap; pairs are taken greedily,
largest overlap first, each rep used at most once.
"""

from bandlift.compat import ticks_diff
from bandlift.faults import _NAMES as FAULT_NAMES

PHASES = ("raise", "hold", "lower")


def _interval(rep, t0):
    return ticks_diff(rep["start_ms"], t0), ticks_diff(rep["end_ms"], t0)


def match_reps(detected, truth, t0=0):
    """[(detected index, truth index)] sorted by truth index; reps match when their time spans overlap."""
    d_iv = [_interval(r, t0) for r in detected]
    t_iv = [_interval(r, t0) for r in truth]
    pairs = []
    for i, (ds, de) in enumerate(d_iv):
        for j, (ts, te) in enumerate(t_iv):
            ov = min(de, te) - max(ds, ts)
            if ov > 0:
                pairs.append((ov, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_d, used_t, out = set(), set(), []
    for _, i, j in pairs:
        if i in used_d or j in used_t:
            continue
        used_d.add(i)
        used_t.add(j)
        out.append((i, j))
    out.sort(key=lambda p: p[1])
    return out


def empty_counts():
    """Per-fault confusion counts over matched reps."""
    return {name: {"tp": 0, "fp": 0, "fn": 0} for name in FAULT_NAMES}


def evaluate_set(detected, truth, t0=0):
    """Compare one set: counts, matched pairs, per-phase errors (detected - truth, ms) and fault confusion."""
    pairs = match_reps(detected, truth, t0)
    errors = {p: [] for p in PHASES}
    shares = {p: [] for p in PHASES}  # |error| as a share of the true phase's duration
    counts = empty_counts()
    fault_misses = []  # (truth rep index, fault name, "fp" or "fn") for the breakdown
    for i, j in pairs:
        d, t = detected[i], truth[j]
        for p in PHASES:
            key = p + "_ms"
            if d.get(key) is not None and t.get(key) is not None and d[key] >= 0 and t[key] >= 0:
                errors[p].append(d[key] - t[key])
                if t[key] > 0:
                    shares[p].append(abs(d[key] - t[key]) / float(t[key]))
        df, tf = set(d.get("faults") or ()), set(t.get("faults") or ())
        for name in FAULT_NAMES:
            if name in df and name in tf:
                counts[name]["tp"] += 1
            elif name in df:
                counts[name]["fp"] += 1
                fault_misses.append((j, name, "fp"))
            elif name in tf:
                counts[name]["fn"] += 1
                fault_misses.append((j, name, "fn"))
    return {
        "n_truth": len(truth),
        "n_detected": len(detected),
        "exact": len(truth) == len(detected),
        "matched": len(pairs),
        "errors": errors,
        "shares": shares,
        "faults": counts,
        "fault_misses": fault_misses,
    }


def percentile(values, q):
    """The q-th percentile (0-100) with linear interpolation; None for no values."""
    if not values:
        return None
    v = sorted(values)
    if len(v) == 1:
        return float(v[0])
    pos = (len(v) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def phase_stats(errors):
    """{phase: {"n", "median_abs", "p95_abs", "median_signed"}} in ms."""
    out = {}
    for p in PHASES:
        e = errors.get(p, [])
        a = [abs(x) for x in e]
        out[p] = {
            "n": len(e),
            "median_abs": percentile(a, 50),
            "p95_abs": percentile(a, 95),
            "median_signed": percentile(e, 50),
        }
    return out


def add_counts(total, counts):
    for name, c in counts.items():
        t = total.setdefault(name, {"tp": 0, "fp": 0, "fn": 0})
        for k in ("tp", "fp", "fn"):
            t[k] += c[k]
    return total


def precision_recall(c):
    """(precision, recall) from tp/fp/fn counts; None where nothing was predicted / present."""
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else None
    return p, r
