"""Situation seeds the accuracy report never runs: do the counts hold beyond the seeds we look at?

    python -m sim.analysis.heldout [--seeds 20:100] [--situations knee_bent,swing_out] [--with gyro_scale]
                                   [--jobs 2] [--out FILE.md]

The accuracy report runs seeds 0..N-1 of each situation (`python -m sim accuracy --situations N`); every
change is judged there. An independent check runs the same situations on other seeds, so figures that hold
only on the seeds looked at show up as a fall there. This runs seeds A..B-1 (A:B, default 20:100) of each
situation through the core exactly as the report does (accuracy_situations.situation_job) and prints, per
situation: sets exact, ghosts, misses, false feedback on clean reps, sets with a "strap moved" where the strap
stayed, sets whose strap was changed visibly (the board tumbled in a hand or ended 12 deg or more from its pose) and not said within 3 s
of the person standing still, sets whose gyro reads true and was given a scale all the same (every angle from there read too big or
small), and matched reps, faulty or clean, given a fault they do not have (where every rep of a kind has a fault,
the clean-rep column is blind); then every failing seed with what failed (ghost start s, missed rep number, crash, the false scale), so a
failure can be replayed (`situation_set(kind, seed)`) and looked at. --with MIX gives every set one more thing
people do (situations.MIXES: an early first rep, a gyro off scale, the board at any angle, a gyro zero-rate offset;
with_mix replays it), so what the kinds show one at a time is checked in combination.
Exit code 0 whatever was measured (a figure, not a test); 2 for a bad argument.
"""

import sys

from sim.analysis import accuracy_situations
from sim.cli import OneLineParser


def parse_seeds(text):
    """"A:B" -> range(A, B); "N" -> range(N, N + 1). ValueError on anything else."""
    a, sep, b = text.partition(":")
    lo = int(a)
    hi = int(b) if sep else lo + 1
    if lo < 0 or hi <= lo:
        raise ValueError("seeds %r: want A:B with 0 <= A < B" % text)
    return range(lo, hi)


def run(kinds, seeds, jobs=1, progress=None, mix=""):
    """[situation_job result] for every (kind, seed), in that order (each set given `mix` too, if any)."""
    from sim.analysis.accuracy import _map

    items = [(k, s, mix) for k in kinds for s in seeds]
    return _map(accuracy_situations.situation_job, items, jobs, progress)


def failures(r):
    """What failed in one situation_job result, as short words ([] when the set is exact and quiet)."""
    if "error" in r:
        return ["crash " + r["error"]]
    ev, out = r["eval"], []
    out += ["ghost at %.1f s" % (t / 1000.0) for t in ev["ghosts"]]
    out += ["miss of rep %d" % (j + 1) for j, _ in ev["misses"]]
    if r.get("false_feedback"):
        out.append("false feedback x%d" % r["false_feedback"])
    if r.get("false_slips"):
        out.append("strap moved x%d (strap stayed)" % r["false_slips"])
    if accuracy_situations.change_unsaid(r):
        d = r.get("slip_delay_ms")
        out.append("strap change not said" if d is None else "strap change said %.1f s after standing still" % (
            d / 1000.0))
    if accuracy_situations.false_scale(r):
        out.append("false gyro scale: a sound gyro read %.2fx after %d change%s" % (
            r["scale_read"], r["scale_changes"], "" if r["scale_changes"] == 1 else "s"))
    return out


def table(results, kinds):
    """Markdown lines: one row per situation, a total, then the failing seeds."""
    rows = ["| situation | exact | ghosts | misses | false feedback (clean reps) | false \"strap moved\" sets "
            "| strap change unsaid in 3 s (visibly changed sets) | false gyro scale (sound-gyro sets) "
            "| a fault the rep lacks (any matched rep) |",
            "|---|---|---|---|---|---|---|---|---|"]
    for k in list(kinds) + ["all"]:
        rs = [r for r in results if k == "all" or r["kind"] == k]
        ok = [r for r in rs if "eval" in r]
        f = (sum(1 for r in ok if r["eval"]["exact"]), len(rs), sum(len(r["eval"]["ghosts"]) for r in ok),
             sum(len(r["eval"]["misses"]) for r in ok), sum(r["false_feedback"] for r in ok),
             sum(r["clean"] for r in ok), sum(1 for r in ok if r.get("false_slips")),
             sum(1 for r in ok if accuracy_situations.change_unsaid(r)),
             sum(1 for r in ok if accuracy_situations.change_visible(r)),
             sum(1 for r in ok if accuracy_situations.false_scale(r)),
             sum(1 for r in ok if accuracy_situations.sound_gyro(r)),
             sum(r.get("extra_faults", 0) for r in ok), sum(r.get("matched", 0) for r in ok))
        rows.append("| %s | %d/%d | %d | %d | %d/%d | %d | %d/%d | %d/%d | %d/%d |" % (
            (("**all**" if k == "all" else k),) + tuple(f)))
    rows += ["", "Failing seeds (not exact, crashed, \"strap moved\" where the strap stayed, a strap change not said "
             "within 3 s of standing still, or a sound gyro given a scale):", ""]
    bad = [(r["kind"], r["seed"], failures(r)) for r in results]
    rows += ["- %s seed %d: %s" % (k, s, "; ".join(w)) for k, s, w in bad
             if any(not x.startswith("false feedback") for x in w)] or ["- none"]
    ff = {}
    for k, s, w in bad:
        ff.setdefault(k, []).extend("%d" % s for x in w if x.startswith("false feedback"))
    inv = ["%s %d (%.0f deg)" % (r["kind"], r["seed"], r["change_deg"]) for r in results
           if accuracy_situations.change_invisible(r)]
    if inv:
        rows += ["", "Strap changes that slid the board to within %.0f deg of its pose at rest, no hand's tumble on the "
                 "way (no reading tells them; nothing to re-learn; not counted above): %s" % (accuracy_situations.INVISIBLE_DEG, ", ".join(inv))]
    rows += ["", "Seeds with false feedback on a clean rep: " + ("; ".join(
        "%s %s" % (k, ", ".join(v)) for k, v in ff.items() if v) or "none")]
    return rows


def main(argv=None):
    from sim.athlete.situations import MIXES, SITUATIONS

    ap = OneLineParser(prog="python -m sim.analysis.heldout", description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="20:100", help="situation seeds A:B (A..B-1), default 20:100")
    ap.add_argument("--situations", default="", help="comma-separated situations (default: all)")
    ap.add_argument("--with", dest="mix", default="", help="add to every set: one of %s" % ", ".join(MIXES))
    ap.add_argument("--jobs", type=int, default=1, help="worker processes")
    ap.add_argument("--out", help="write the table as Markdown here too")
    a = ap.parse_args(argv)
    try:
        seeds = parse_seeds(a.seeds)
    except ValueError as e:
        ap.error(str(e))
    kinds = [k for k in a.situations.split(",") if k] or list(SITUATIONS)
    unknown = [k for k in kinds if k not in SITUATIONS]
    if unknown:
        ap.error("unknown situation %s" % ", ".join(unknown))
    if a.mix and a.mix not in MIXES:
        ap.error("unknown mix %s (known: %s)" % (a.mix, ", ".join(MIXES)))
    if not 1 <= a.jobs <= 64:
        ap.error("--jobs %d: want 1..64" % a.jobs)

    def progress(done, total):
        if done == total or done % 50 == 0:
            print("heldout: %d/%d sets" % (done, total), file=sys.stderr)

    from sim.analysis.accuracy import code_version

    results = run(kinds, seeds, a.jobs, progress, a.mix)
    args = a.seeds + (" --situations " + a.situations if a.situations else "") + (" --with " + a.mix if a.mix else "")
    lines = ["# Situation seeds %d..%d%s: the ones the accuracy report never runs" % (
                 seeds[0], seeds[-1], ", each with %s" % a.mix if a.mix else ""), "",
             "Written by `python -m sim.analysis.heldout --seeds %s` (sim/analysis/heldout.py); code measured: %s." % (
                 args, code_version()), ""]
    lines += table(results, kinds)
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
