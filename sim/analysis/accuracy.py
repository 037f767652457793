"""`python -m sim accuracy [--sets N] [--situations N] [--jobs J] [--out docs/accuracy.md] [--no-uci]`

How well the motion core counts reps, times phases and names faults, measured two ways:
1. On generated sets with known truth (sim/athlete/): seeds 0..N-1, even seeds clean, odd seeds faulty,
   across strap rotations, both legs, thigh and shin, 26-208 Hz, timestamp jitter and stalls.
2. On real recordings (data/uci-pt/, UCI Physical Therapy Exercises, DOI 10.24432/C5JK60): exact counts on
   the exercising leg, zero on the resting leg, and the faults given to correct / too fast / low amplitude
   executions, with auto target and tempo.
3. On situation sets (sim/athlete/situations.py, sim/analysis/accuracy_situations.py): one-leg sway, an
   unsteady user, a start with the leg up, strap changes mid-set, a faulty first rep, turn-over reps, a kick's
   settled overshoot, a stuck gyro; a section per situation.
Every figure is what was measured on this run; each is printed next to its target with PASS or FAIL.
`run(n_sets)` returns the same report as a dict (tests/test_accuracy.py runs a small one).
The work is split by job: accuracy_jobs (one set or session through the core), accuracy_score (figures and
targets), accuracy_report (the Markdown), accuracy_situations (the situation sections); this module runs them.
"""

import argparse
import multiprocessing
import subprocess
import os
import sys
import time

from sim.analysis import accuracy_situations as situations
from sim.analysis import uci
from sim.analysis.accuracy_jobs import (  # noqa: F401 (the report's public names stay importable from here)
    FAST_FAULTS, FORM_FAULTS, LOW_FAULTS, SIDES, TEMPO_FAULTS, TICKS_PERIOD, auto_targets, conditions, set_job,
    set_targets, uci_job)
from sim.analysis.accuracy_report import CITATION, format_report  # noqa: F401
from sim.analysis.accuracy_score import TARGETS, breakdown, checks, summarize_sets, summarize_uci  # noqa: F401

from sim import ROOT  # noqa: E402
DEFAULT_OUT = os.path.join(ROOT, "docs", "accuracy.md")


def _map(fn, items, jobs, progress=None):
    """[fn(x) for x in items] over `jobs` processes, in order; progress(done, total) now and then."""
    out = []
    step = max(1, len(items) // 10)
    if jobs <= 1 or len(items) < 2:
        it = map(fn, items)
        pool = None
    else:
        ctx = multiprocessing.get_context("spawn" if sys.platform == "win32" else "fork")
        pool = ctx.Pool(jobs)
        it = pool.imap(fn, items, chunksize=max(1, len(items) // (jobs * 16)))
    try:
        for r in it:
            out.append(r)
            if progress is not None and (len(out) % step == 0 or len(out) == len(items)):
                progress(len(out), len(items))
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    return out


# ---------------------------------------------------------------- running


def run(n_sets=40, jobs=1, use_uci=True, uci_names=None, progress=None, n_situation=0):
    """The accuracy report as a dict: {"sets": ..., "uci": ..., "checks": [...], "wall_s": ...}.

    progress(what, done, total), if given, is called as the work goes on."""
    t_start = time.time()
    report = {"n_sets": n_sets, "jobs": jobs, "version": code_version(), "n_situation": n_situation}
    if n_sets > 0:
        report["sets"] = summarize_sets(_map(set_job, list(range(n_sets)), jobs, _tagged(progress, "sets")))
    if n_situation > 0:
        from sim.athlete.situations import SITUATIONS

        items = [(k, seed) for k in SITUATIONS for seed in range(n_situation)]
        report["situations"] = situations.summarize(
            _map(situations.situation_job, items, jobs, _tagged(progress, "situation sets")))
    if use_uci:
        names = uci_names if uci_names is not None else [s.name for s in uci.sessions()]
        report["uci"] = summarize_uci(_map(uci_job, names, jobs, _tagged(progress, "UCI sessions")))
    report["checks"] = checks(report)
    report["wall_s"] = time.time() - t_start
    return report


def code_version():
    """The commit the measured code is at, and whether lib/bandlift or sim/ has uncommitted changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        status = ["git", "status", "--porcelain", "--untracked-files=no", "--", "lib/bandlift", "sim"]
        dirty = subprocess.run(status, cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    if not head:
        return "unknown (not a git checkout)"
    return "commit %s%s" % (head, " with uncommitted changes in lib/bandlift or sim/" if dirty else "")


def _tagged(progress, what):
    if progress is None:
        return None
    return lambda done, total: progress(what, done, total)


def _print_progress(what, done, total):
    print("accuracy: %s %d/%d" % (what, done, total), file=sys.stderr, flush=True)


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    p = argparse.ArgumentParser(prog="python -m sim accuracy", description="accuracy report of the motion core")
    p.add_argument("--sets", type=int, default=500, help="generated sets (seeds 0..N-1; default 500)")
    p.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes")
    p.add_argument("--out", default=DEFAULT_OUT, help="where to write the Markdown report")
    p.add_argument("--situations", type=int, default=20, help="sets per situation (seeds 0..N-1; default 20)")
    p.add_argument("--no-uci", action="store_true", help="skip the real recordings")
    args = p.parse_args(argv)
    if args.sets < 0 or args.jobs < 1:
        print("accuracy: --sets must be >= 0 and --jobs >= 1", file=sys.stderr)
        return 2
    try:
        import bandlift.motion.core  # noqa: F401
    except ImportError as e:
        print("accuracy: the motion core is not available (%s)" % e, file=sys.stderr)
        return 2
    command = "python -m sim accuracy --sets %d --situations %d --jobs %d%s" % (
        args.sets, args.situations, args.jobs, " --no-uci" if args.no_uci else "")
    report = run(args.sets, args.jobs, use_uci=not args.no_uci, progress=_print_progress,
                 n_situation=max(0, args.situations))
    text = format_report(report, command)
    print(text)
    try:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as e:
        print("accuracy: cannot write %s: %s" % (args.out, e), file=sys.stderr)
        return 2
    print("written to %s" % args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
