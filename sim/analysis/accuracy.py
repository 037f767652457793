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
Bad input (an argument, the --out folder, the data/uci-pt folder or one of its files) is one line on stderr
naming it and exit code 2, checked before the long run where it can be; Ctrl-C is one line and exit code 130.
Progress (stage, done/total, seconds) goes to stderr; stdout holds the report only.
`run(n_sets)` returns the same report as a dict (tests/test_accuracy.py runs a small one).
The work is split by job: accuracy_jobs (one set or session through the core), accuracy_score (figures and
targets), accuracy_report (the Markdown), accuracy_situations (the situation sections); this module runs them.
"""

import csv
import multiprocessing
import os
import signal
import stat
import subprocess
import sys
import tempfile
import time

from sim.analysis import accuracy_situations as situations
from sim.analysis import uci
from sim.analysis.accuracy_jobs import (  # noqa: F401 (the report's public names stay importable from here)
    FAST_FAULTS, FORM_FAULTS, LOW_FAULTS, SIDES, TEMPO_FAULTS, TICKS_PERIOD, auto_targets, conditions, set_job,
    set_targets, uci_job)
from sim.analysis.accuracy_report import CITATION, format_report  # noqa: F401
from sim.analysis.accuracy_score import TARGETS, breakdown, checks, summarize_sets, summarize_uci  # noqa: F401

from sim import ROOT  # noqa: E402
from sim.cli import ArgError, OneLineParser  # noqa: E402

DEFAULT_OUT = os.path.join(ROOT, "docs", "accuracy.md")

# Largest values the CLI takes: far beyond any useful run (500 sets take minutes), small enough that a typo
# (an extra zero or three) is said at once instead of filling the memory with seeds or the machine with workers.
MAX_SETS = 100000
MAX_SITUATIONS = 10000
MAX_JOBS = 64


class InputError(Exception):
    """Bad input to the report; the message is the one line shown (it names the argument or the file)."""


def _ignore_sigint():
    # Workers leave Ctrl-C to the parent, which stops them: one line instead of a traceback per worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _map(fn, items, jobs, progress=None):
    """[fn(x) for x in items] over `jobs` processes, in order; progress(done, total) at the start and after
    each item. A result carrying "data_error" (a file that cannot be read) stops the work with InputError."""
    out = []
    if jobs <= 1 or len(items) < 2:
        it = map(fn, items)
        pool = None
    else:
        ctx = multiprocessing.get_context("spawn" if sys.platform == "win32" else "fork")
        pool = ctx.Pool(jobs, initializer=_ignore_sigint)
        it = pool.imap(fn, items, chunksize=max(1, len(items) // (jobs * 16)))
    done = False
    try:
        if progress is not None:
            progress(0, len(items))
        for r in it:
            if isinstance(r, dict) and "data_error" in r:
                raise InputError(r["data_error"])
            out.append(r)
            if progress is not None:
                progress(len(out), len(items))
        done = True
    finally:
        if pool is not None:
            if done:
                pool.close()
            else:  # Ctrl-C or bad data: the queued items are not wanted any more
                pool.terminate()
            pool.join()
    return out


# ---------------------------------------------------------------- running


def run(n_sets=40, jobs=1, use_uci=True, uci_names=None, progress=None, n_situation=0):
    """The accuracy report as a dict: {"sets": ..., "uci": ..., "checks": [...], "wall_s": ...}.

    progress(what, done, total), if given, is called as the work goes on. The real recordings go first
    (a few seconds): a missing or damaged file raises InputError before the long generated runs."""
    t_start = time.time()
    report = {"n_sets": n_sets, "jobs": jobs, "version": code_version(), "n_situation": n_situation}
    if use_uci:
        names = uci_names if uci_names is not None else uci_session_names()
        report["uci"] = summarize_uci(_map(uci_job, names, jobs, _tagged(progress, "UCI sessions")))
    if n_sets > 0:
        report["sets"] = summarize_sets(_map(set_job, list(range(n_sets)), jobs, _tagged(progress, "sets")))
    if n_situation > 0:
        from sim.athlete.situations import SITUATIONS

        items = [(k, seed) for k in SITUATIONS for seed in range(n_situation)]
        report["situations"] = situations.summarize(
            _map(situations.situation_job, items, jobs, _tagged(progress, "situation sets")))
        from sim.analysis import strap_rest

        items = [(seed, w) for w in strap_rest.WAITS for seed in range(n_situation)]
        report["strap_rest"] = strap_rest.summarize(
            _map(strap_rest.job, items, jobs, _tagged(progress, "strap moves through the game")))
    report["checks"] = checks(report)
    report["wall_s"] = time.time() - t_start
    return report


def _shown(path):
    """A path as a person finds it: relative to the repo when inside it."""
    rel = os.path.relpath(os.path.abspath(path), ROOT)
    return path if rel.startswith(os.pardir) else rel


def uci_session_names():
    """The UCI sessions to run; InputError naming the folder or protocol_counts.csv when they are unusable."""
    folder = uci.DATA_DIR
    if not os.path.isdir(folder):
        raise InputError("%s: no such folder (the real recordings; --no-uci skips them)" % _shown(folder))
    try:
        names = [s.name for s in uci.sessions(folder)]
    except (OSError, ValueError, KeyError, TypeError, csv.Error) as e:
        why = (e.strerror if isinstance(e, OSError) and e.strerror else
               "no column %s" % e if isinstance(e, KeyError) else "%s: %s" % (type(e).__name__, e))
        raise InputError("%s: cannot read (%s)" % (_shown(os.path.join(folder, "protocol_counts.csv")), why))
    if not names:
        raise InputError("%s: none of the recordings protocol_counts.csv lists is there (--no-uci skips them)"
                         % _shown(folder))
    return names


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


class Progress:
    """progress(what, done, total) as lines on stderr: at the start and end of each stage, after every tenth
    of it, and at least every `every_s` seconds while items come in, so a long run is seen to be alive."""

    def __init__(self, stream=None, every_s=5.0):
        self.stream = stream
        self.every_s = every_s
        self.t0 = time.monotonic()
        self.last = {}  # what -> (done, monotonic s) of its last line

    def __call__(self, what, done, total):
        now = time.monotonic()
        last_done, last_t = self.last.get(what, (None, now))
        if (last_done is None or done >= total or done - last_done >= max(1, total // 10)
                or now - last_t >= self.every_s):
            print("accuracy: %s %d/%d (%.0f s)" % (what, done, total, now - self.t0),
                  file=self.stream or sys.stderr, flush=True)
            self.last[what] = (done, now)


# ---------------------------------------------------------------- the command


def _parser():
    p = OneLineParser(prog="python -m sim accuracy", description="accuracy report of the motion core", raises=True)
    p.add_argument("--sets", type=int, default=500, help="generated sets (seeds 0..N-1; default 500)")
    p.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes")
    p.add_argument("--out", default=DEFAULT_OUT, help="where to write the Markdown report (its folder must exist)")
    p.add_argument("--situations", type=int, default=20, help="sets per situation (seeds 0..N-1; default 20)")
    p.add_argument("--no-uci", action="store_true", help="skip the real recordings")
    return p


def _check_args(args):
    for name, v, lo, hi in (("--sets", args.sets, 0, MAX_SETS), ("--situations", args.situations, 0, MAX_SITUATIONS),
                            ("--jobs", args.jobs, 1, MAX_JOBS)):
        if not lo <= v <= hi:
            raise InputError("%s must be %d to %d (got %d)" % (name, lo, hi, v))
    if args.sets == 0 and args.situations == 0 and args.no_uci:
        raise InputError("nothing to measure: --sets and --situations are 0 and --no-uci skips the real recordings")


def _prepare_out(path):
    """A temporary file beside `path`: it proves before the long run that the report can be written there, and
    the report replaces `path` only whole. InputError naming --out and the reason otherwise."""
    if os.path.isdir(path):
        raise InputError("--out %s: is a folder; give a file such as %s" % (path, os.path.join(path, "accuracy.md")))
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise InputError("--out %s: %s %s" % (path, "not a folder:" if os.path.exists(folder) else "no folder",
                                              folder))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".accuracy-", suffix=".md.tmp")
    except OSError as e:
        raise InputError("--out %s: cannot write in %s (%s)" % (path, folder, e.strerror or e))
    os.close(fd)
    return tmp


def _write_out(tmp, path, text):
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    if os.path.exists(path):  # keep the report's permissions (mkstemp makes the file private)
        mode = stat.S_IMODE(os.stat(path).st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    t0 = time.monotonic()
    tmp = out = None
    try:
        try:
            args = _parser().parse_args(argv)
        except ArgError as e:
            raise InputError("%s (see --help)" % e)
        out = args.out
        _check_args(args)
        try:
            import bandlift.motion.core  # noqa: F401
        except ImportError as e:
            raise InputError("the motion core is not available (%s)" % e)
        tmp = _prepare_out(args.out)
        command = "python -m sim accuracy --sets %d --situations %d --jobs %d%s" % (
            args.sets, args.situations, args.jobs, " --no-uci" if args.no_uci else "")
        report = run(args.sets, args.jobs, use_uci=not args.no_uci, progress=Progress(),
                     n_situation=args.situations)
        text = format_report(report, command)
        try:
            _write_out(tmp, args.out, text)
        except OSError as e:
            print(text)  # the measured run is not lost
            raise InputError("--out %s: cannot write (%s)" % (args.out, e.strerror or e))
        tmp = None
        print(text)
        print("written to %s" % args.out)
        sys.stdout.flush()
        return 0
    except InputError as e:
        print("accuracy: %s" % e, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("accuracy: stopped (Ctrl-C) after %.0f s; %s" % (
            time.monotonic() - t0, "the report is written" if tmp is None and out else
            "%s is unchanged" % out if out else "nothing written"), file=sys.stderr)
        return 130
    except BrokenPipeError:  # stdout closed early (`| head`): the report file is written all the same
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.remove(tmp)


if __name__ == "__main__":
    sys.exit(main())
