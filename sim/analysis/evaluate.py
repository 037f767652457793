"""Detected reps against ground truth: matching by time overlap, phase errors, fault precision and recall.

Times: detected reps carry the core's ticks (wrap at 2**29), truth carries the athlete's ticks; both are
turned into ms from the first sample of the recording with a wrap-safe difference before matching.
A detected rep and a true rep match when the detected rep's [start, end] covers at least half of the true
rep's (MIN_COVER); pairs are taken greedily, largest overlap first, each rep used at most once. Detected reps
do not overlap each other, so at most one covers more than half of a true rep: the matching is unambiguous.
Why half: a detected rep covering less than half of a true rep is off at its boundaries by half the rep or
more, 0.85 s for the quickest reps (knee_bent, 1.7 s; their phase errors' p95 is under 0.08 s) and 1.5-5 s
for the others (3-10 s), while the core's phase errors are 0.06-0.4 s at the 95th percentile
(docs/accuracy.md; its worst situation, rehab's slow lowerings, 0.8 s of a 4-8 s rep). Measured on the
report's run (it prints the least cover for the generated sets and for each situation): every match of a
generated set covers >= 95 % of its true rep, of a situation set >= 75 %, of the UCI hand-drawn boundaries
>= 78 %. A counted rep below half is a ghost and a miss: the lowering from a raised start pose read as a rep
that ends at the top of the first real raise covers 17-31 % of that raise's rep (leg_up_still seeds 6, 17, 18
read so), which any overlap at all would call matched.

A set is exact when the matching is one to one and complete: every true rep matched by one counted rep (no
miss) and every counted rep matched to a true rep (no ghost). Equal counts are not enough: a ghost (say the strap
handled in a hand) and a miss in one set give the right number by accident, and that set is wrong to a user.
This one matching serves the generated sets, the situation sets and the labelled real recordings alike.
"""

from bandlift.compat import ticks_diff
from bandlift.faults import _NAMES as FAULT_NAMES

PHASES = ("raise", "hold", "lower")

MIN_COVER = 0.5  # share of a true rep's span a detected rep must cover to match it (see above)


def _interval(rep, t0):
    return ticks_diff(rep["start_ms"], t0), ticks_diff(rep["end_ms"], t0)


def match_reps(detected, truth, t0=0):
    """[(detected index, truth index)] sorted by truth index; a detected rep matches a true rep when it covers
    at least MIN_COVER of the true rep's span (and some of it: a true rep of zero length needs an overlap)."""
    d_iv = [_interval(r, t0) for r in detected]
    t_iv = [_interval(r, t0) for r in truth]
    pairs = []
    for i, (ds, de) in enumerate(d_iv):
        for j, (ts, te) in enumerate(t_iv):
            ov = min(de, te) - max(ds, ts)
            if ov > 0 and ov >= MIN_COVER * (te - ts):
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


def unmatched(detected, truth, pairs):
    """(ghosts, misses) of a matching: the detected indices matched to no true rep, and the truth indices
    matched to no detected rep, each in time order."""
    used_d = {i for i, _ in pairs}
    used_t = {j for _, j in pairs}
    return ([i for i in range(len(detected)) if i not in used_d], [j for j in range(len(truth)) if j not in used_t])


def overlap_share(d, t, t0=0):
    """How much of the true rep `t` the detected rep `d` covers (0..1): their overlap over the true duration."""
    ds, de = _interval(d, t0)
    ts, te = _interval(t, t0)
    return max(0, min(de, te) - max(ds, ts)) / float(max(1, te - ts))


def evaluate_set(detected, truth, t0=0):
    """Compare one set: counts, matched pairs, ghosts and misses, exact (every rep matched one to one),
    per-phase errors (detected - truth, ms) and fault confusion."""
    pairs = match_reps(detected, truth, t0)
    ghosts, misses = unmatched(detected, truth, pairs)
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
        "exact": not ghosts and not misses,
        "count_ok": len(truth) == len(detected),  # the old, looser test: equal numbers, matched or not
        "matched": len(pairs),
        # ms from the first sample: when each ghost started, and the truth index and start of each miss
        "ghosts": [_interval(detected[i], t0)[0] for i in ghosts],
        "misses": [(j, _interval(truth[j], t0)[0]) for j in misses],
        # the least of the true rep any match covers (None without pairs): how far the overlap rule is from
        # accepting a neighbour's rep
        "min_overlap_share": min((overlap_share(detected[i], truth[j], t0) for i, j in pairs), default=None),
        "errors": errors,
        "shares": shares,
        "faults": counts,
        "fault_misses": fault_misses,
    }


def exact_figures(evals, n_sets):
    """Over evaluate_set results of `n_sets` sets (a crashed set has none and is not exact): sets exact (every
    true rep matched by one counted rep, none left over), ghosts (counted reps matching no true rep), misses
    (true reps no counted rep matched), and sets whose count came out right only by a ghost and a miss."""
    exact = sum(1 for e in evals if e["exact"])
    return {"n": n_sets, "exact": exact, "share": exact / float(n_sets) if n_sets else None,
            "ghosts": sum(len(e["ghosts"]) for e in evals), "misses": sum(len(e["misses"]) for e in evals),
            "count_only": sum(1 for e in evals if e["count_ok"] and not e["exact"])}


def inexact(results):
    """[(seed, counted, true, [ghost start s], [missed rep number (1-based)])] of the results not exact."""
    return [(r["seed"], r["eval"]["n_detected"], r["eval"]["n_truth"], [t / 1000.0 for t in r["eval"]["ghosts"]],
             [j + 1 for j, _ in r["eval"]["misses"]]) for r in results if not r["eval"]["exact"]]


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
