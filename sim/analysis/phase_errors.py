"""Where the phase-boundary errors come from: a breakdown by boundary, situation, speed and sway.

    python -m sim.analysis.phase_errors [--situations N] [--sets N] [--no-sway-twin] [--worst K]

Each of the four boundaries of a matched rep (raise start, raise end, lowering start, lowering end) is
compared with the truth (docs/design.md's convention), detected - truth in ms: + = found late. Sets are
the accuracy report's (standard seeds 0..N-1, situation seeds 0..N-1 of each kind). With the sway twin
each situation set is run again without the one-leg sway and jolts, so what the sway adds stands apart.
"""

import argparse
import copy
import random

from sim.analysis import evaluate

BOUNDS = ("start", "raise_end", "lower_start", "end")


def _bounds(rep, t0):
    from bandlift.compat import ticks_diff

    s = ticks_diff(rep["start_ms"], t0)
    e = ticks_diff(rep["end_ms"], t0)
    return {"start": s, "raise_end": s + rep["raise_ms"], "lower_start": e - rep["lower_ms"], "end": e}


def run_spec(spec):
    """[(truth rep, {bound: error ms}, detected rep)] for one set."""
    from bandlift.motion import core as mc
    from sim import athlete
    from sim.analysis.accuracy import SIDES, set_targets

    s = athlete.generate(spec)
    core = mc.MotionCore(set_targets(spec))
    core.new_set(SIDES[spec.side])
    reps = []
    for x in s.samples:
        if core.feed(*x) & mc.EV_REP_DONE:
            reps.append(core.last_rep.to_dict())
    t0 = s.samples[0][0]
    out = []
    for i, j in evaluate.match_reps(reps, s.truth, t0):
        tb = _bounds(s.truth[j], t0)
        db = _bounds(reps[i], t0)
        out.append((s.truth[j], {b: db[b] - tb[b] for b in BOUNDS}, reps[i]))
    return out


def _row(name, errs):
    if not errs:
        return
    cells = []
    for b in BOUNDS:
        e = [x[b] for x in errs]
        a = [abs(v) for v in e]
        cells.append("%4.0f/%4.0f/%+4.0f" % (evaluate.percentile(a, 50), evaluate.percentile(a, 95),
                                              evaluate.percentile(e, 50)))
    ph = []
    for p, (b0, b1) in (("raise", ("start", "raise_end")), ("hold", ("raise_end", "lower_start")),
                        ("lower", ("lower_start", "end"))):
        a = [abs(x[b1] - x[b0]) for x in errs]
        ph.append("%4.0f/%4.0f" % (evaluate.percentile(a, 50), evaluate.percentile(a, 95)))
    print("%-22s %4d  %s | %s" % (name, len(errs), "  ".join(cells), "  ".join(ph)))


def header():
    print("%-22s %4s  %s | %s" % ("group", "n", "  ".join("%-14s" % b for b in BOUNDS),
                                  "raise     hold      lower"))
    print("%-22s %4s  %s | %s" % ("", "", "  ".join("%-14s" % "med/p95/sgn" for _ in BOUNDS),
                                  "med/p95   med/p95   med/p95"))


def main(argv=None):
    from sim import athlete
    from sim.athlete.situations import SITUATIONS, situation_set

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--situations", type=int, default=6, help="seeds per situation")
    ap.add_argument("--sets", type=int, default=20, help="standard sets")
    ap.add_argument("--no-sway-twin", action="store_true")
    ap.add_argument("--worst", type=int, default=12)
    ap.add_argument("--worst-of", default="situations", help="situations, or a group name (standard, sway, ...)")
    a = ap.parse_args(argv)
    rows = []  # (group, sway deg, truth, errs, detected)
    for seed in range(a.sets):
        spec = athlete.random_set(random.Random(seed), faulty=seed % 2 == 1)
        for t, e, d in run_spec(spec):
            rows.append(("standard", 0.0, t, e, d, seed))
    for kind in SITUATIONS:
        for seed in range(a.situations):
            spec = situation_set(kind, seed)
            for t, e, d in run_spec(spec):
                rows.append((kind, spec.leg_sway_deg, t, e, d, seed))
            if not a.no_sway_twin:
                calm = copy.deepcopy(spec)
                calm.leg_sway_deg = 0.0
                calm.jolts = False
                for t, e, d in run_spec(calm):
                    rows.append(("~" + kind, 0.0, t, e, d, seed))
    header()
    groups = []
    for r in rows:
        if r[0] not in groups:
            groups.append(r[0])
    for g in groups:
        _row(g, [r[3] for r in rows if r[0] == g])
    sit = [r for r in rows if r[0] != "standard" and not r[0].startswith("~")]
    print()
    _row("situations all", [r[3] for r in sit])
    if not a.no_sway_twin:
        _row("~ without sway", [r[3] for r in rows if r[0].startswith("~")])
    for lo, hi in ((0.0, 1.0), (1.0, 1.5), (1.5, 2.01)):
        _row("sway %.1f-%.1f deg" % (lo, hi), [r[3] for r in sit if lo <= r[1] < hi])
    print("\nby phase peak speed (situations): raise bounds by raise_peak, lower bounds by lower_peak")
    for lo, hi in ((0, 20), (20, 35), (35, 60), (60, 1000)):
        sel = [r for r in sit if lo <= r[2]["lower_peak_dps"] < hi]
        if sel:
            _row("lower pk %d-%d dps" % (lo, hi), [r[3] for r in sel])
        sel = [r for r in sit if lo <= r[2]["raise_peak_dps"] < hi]
        if sel:
            _row("raise pk %d-%d dps" % (lo, hi), [r[3] for r in sel])
    print("\nworst boundaries (%s):" % a.worst_of)
    pool = sit if a.worst_of == "situations" else [r for r in rows if r[0] == a.worst_of]
    flat = [(abs(r[3][b]), b, r) for r in pool for b in BOUNDS]
    flat.sort(key=lambda x: -x[0])
    for _, b, r in flat[:a.worst]:
        t, d = r[2], r[4]
        print("  %-16s seed %2d rep %2d %-11s err %+5d  sway %.2f  truth r/h/l %d/%d/%d pk %.0f/%.0f dps %.0f deg"
              "  det r/h/l %d/%d/%d %s" % (r[0], r[5], t["index"], b, r[3][b], r[1], t["raise_ms"], t["hold_ms"],
                                        t["lower_ms"], t["raise_peak_dps"], t["lower_peak_dps"], t["peak_deg"],
                                        d["raise_ms"], d["hold_ms"], d["lower_ms"], ",".join(t["faults"])))


if __name__ == "__main__":
    main()
