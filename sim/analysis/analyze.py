"""`python -m sim analyze FILE [--level LEVELFILE] [--json] [--plot OUT.png|svg|pdf] [--show] [--side L|R]`
`python -m sim analyze FILE --csv OUT.csv` (convert only)
`python -m sim analyze FILE --reps-csv REPS.csv` (also a row per rep, for a spreadsheet)

Runs a recording (the device's binary file or a CSV, sim/analysis/recording.py, or a UCI PT file) through the device's motion core
(bandlift.motion.core.MotionCore) exactly as the device would, and reports every rep: a readable table and a set
summary, or one JSON object with --json. `analyze_samples(samples, targets)` gives the same dict to tests
and to the twin's comparison. With --plot the elevation, speed and sideways angle are drawn with matplotlib
(sim/analysis/plot.py); --show opens them in a window.

The file is streamed: memory depends on the session (reps, alert kinds), not on the file's size (a --plot
keeps a compact per-sample trace). Alerts are summarised per kind: count, first and last time.
"""

import importlib
import json
import math
import os
import sys
from array import array

from bandlift.motion.report import set_summary
from sim.analysis.analyze_out import format_table, write_reps_csv
from sim.analysis.recording import Reader, RecordingError, open_recording
from sim.cli import ArgError, OneLineParser

# Phases by name, for the trace and the plot; filled from the core module's PH_* constants.
PHASE_NAMES = ("CALIBRATING", "REST", "RAISE", "HOLD", "LOWER")

# Alerts the analyzer reports (event bit name -> alert kind and text).
_ALERTS = (
    ("EV_SLIPPED", "slipped", "strap moved: recalibrating"),
    ("EV_GAP", "gap", "samples stopped too long; a rep in progress was abandoned"),
    ("EV_PARTIAL", "partial", "lift below the minimum range, not counted"),
    ("EV_FATIGUE", "fatigue", "form fading: time to end the set"),
)


def _ticks_diff(a, b):
    """Signed ms from b to a on ticks that wrap at 2**29 (bandlift.compat semantics, any CPython int)."""
    from bandlift.compat import ticks_diff

    return ticks_diff(a, b)


def default_core_module():
    """bandlift.motion.core, or ImportError if the motion core is not there."""
    return importlib.import_module("bandlift.motion.core")


class Trace:
    """Per-sample elevation, speed, sideways angle and phase for the plot (times relative to the start).

    Compact arrays (13 bytes a sample): a 3-hour recording at 104 Hz stays near 15 MB.
    """

    names = PHASE_NAMES  # codes index this (the plot reads them here: it never imports the analyzer)

    def __init__(self):
        self.t_ms = array("d")
        self.angle = array("f")  # deg
        self.rate = array("f")  # deg/s, the elevation speed the phases are cut on (NaN when unknown)
        self.side = array("f")  # deg out of the lifting plane (NaN when unknown)
        self.target = array("f")  # core.target_deg (NaN until learned)
        self.codes = array("b")  # index into names, -1 for another phase

    @property
    def phase(self):
        """Phase names per sample (a list: for tests and small traces)."""
        return [PHASE_NAMES[c] if c >= 0 else "?" for c in self.codes]


def _num(v):
    try:
        return float(v) if v is not None else math.nan
    except (TypeError, ValueError):
        return math.nan


def _finite_or_none(v):
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def _clean(obj):
    """A JSON-safe copy: NaN/inf become None, tuples become lists."""
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return _finite_or_none(obj)


class _Alerts:
    """Alerts summarised per kind, in order of first appearance: count, first and last time (ms)."""

    def __init__(self):
        self.by_kind = {}
        self.order = []

    def add(self, kind, text, rel, n=1, reason=None):
        a = self.by_kind.get(kind)
        if a is None:
            a = {"kind": kind, "text": text, "count": 0, "t_ms": rel, "last_ms": rel}
            if reason:
                a["reason"] = reason
            self.by_kind[kind] = a
            self.order.append(a)
        a["count"] += n
        a["last_ms"] = rel

    def list(self):
        return list(self.order)


def run_core(samples, targets, side=None, core_module=None, want_trace=False):
    """Feed every sample (any iterable: a list or a streaming Reader) to a fresh MotionCore.

    Returns (result dict, Trace or None); result = {"count", "reps": [rep dicts], "summary": {...},
    "alerts": [{"kind", "text", "count", "t_ms" (first), "last_ms"}, one per kind]}.
    Rep start_ms/end_ms stay the core's ticks; "start_s"/"end_s" are added relative to the first sample.
    """
    mod = core_module if core_module is not None else default_core_module()
    core = mod.MotionCore(targets)
    if side is not None:
        core.new_set(side)
    ev_done = mod.EV_REP_DONE
    ev_bad = mod.EV_BAD_SAMPLE
    alert_bits = [(getattr(mod, name), kind, text) for name, kind, text in _ALERTS if hasattr(mod, name)]
    phase_codes = {}
    for i, name in enumerate(PHASE_NAMES):
        if hasattr(mod, "PH_" + name):
            phase_codes[getattr(mod, "PH_" + name)] = i
    trace = Trace() if want_trace else None
    reps = []
    alerts = _Alerts()
    t0 = None
    rel = last_rel = 0
    n = nonfinite = 0
    for s in samples:
        if t0 is None:
            t0 = s[0]
        n += 1
        if not all(math.isfinite(v) for v in s[1:7]):
            nonfinite += 1
        ev = core.feed(*s)
        # time since the first sample, summed step by step so a long recording passes the tick wrap
        rel = last_rel + max(0, _ticks_diff(s[0], prev)) if n > 1 else 0
        prev = s[0]
        if ev & ev_bad:
            alerts.add("bad_samples", "samples rejected", rel)
        for bit, kind, text in alert_bits:
            if ev & bit:
                reason = getattr(getattr(core, "stats", None), "fatigue_reason", None) if kind == "fatigue" else None
                alerts.add(kind, text, rel, reason=reason)
        if ev & ev_done:
            d = dict(core.last_rep.to_dict())
            d["stop_ms"] = core.last_rep.stop_ms  # (the record the board prints leaves it out: its heap)
            d["start_s"] = round(_ticks_diff(d["start_ms"], t0) / 1000.0, 3)
            d["end_s"] = round(_ticks_diff(d["end_ms"], t0) / 1000.0, 3)
            reps.append(d)
        if trace is not None:
            trace.t_ms.append(rel)
            trace.angle.append(_num(core.angle))
            trace.rate.append(_num(getattr(core, "rate", None)))
            trace.side.append(_num(getattr(core, "sideways", None)))
            trace.target.append(_num(core.target_deg))
            trace.codes.append(phase_codes.get(core.phase, -1))
        last_rel = rel
    summary = {}
    stats = getattr(core, "stats", None)
    if stats is not None and hasattr(stats, "lsi"):
        summary.update(set_summary(stats))
    summary["count"] = len(reps)
    scores = [r["score"] for r in reps if r.get("score") is not None]
    if not scores:  # no rep: no score (a core's 0.0 would read as a scored set)
        summary["mean_score"] = summary["best_score"] = None
    summary.setdefault("mean_score", round(sum(scores) / len(scores), 1) if scores else None)
    summary.setdefault("best_score", max(scores) if scores else None)
    if "tut_ms" not in summary:
        summary["tut_ms"] = sum(r.get("raise_ms", 0) + r.get("hold_ms", 0) + r.get("lower_ms", 0) for r in reps)
    lsi = stats.lsi() if stats is not None and hasattr(stats, "lsi") else None
    summary["lsi"] = lsi
    summary["samples"] = n
    summary["duration_ms"] = last_rel
    summary["nonfinite_samples"] = nonfinite
    summary["bad_samples"] = getattr(core, "bad_samples", 0)
    summary["gaps"] = getattr(core, "gaps", 0)
    summary["target_deg"] = core.target_deg
    summary["calibrated"] = bool(getattr(core, "calibrated", False))
    result = {"count": len(reps), "reps": reps, "summary": summary, "alerts": alerts.list()}
    return _clean(result), trace


def analyze_samples(samples, targets, side=None, core_module=None):
    """The analysis dict ({"count", "reps", "summary", "alerts"}) of a list of samples."""
    return run_core(samples, targets, side=side, core_module=core_module)[0]


def load_targets(level_path):
    """Targets from a level file (its first stage's, checked as check-levels checks it), or the defaults."""
    if level_path is None:
        from bandlift.targets import Targets

        return Targets()
    from sim.levels.check import load_checked

    lv, reason = load_checked(level_path)
    if reason:
        raise RecordingError(reason)
    return lv.targets_for(0)


def _parser():
    p = OneLineParser(prog="python -m sim analyze", description=__doc__.split("\n\n")[1], raises=True)
    p.add_argument("file", help="recording: the device's binary NNNN.bin, a CSV (t_ms,ax,ay,az,gx,gy,gz) or a UCI "
                   "PT .txt file")
    p.add_argument("--level", help="level file whose stage-0 targets to use (default: built-in Targets())")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    p.add_argument("--plot", metavar="OUT.png", help="draw elevation, speed and sideways angle to a .png, .svg or .pdf")
    p.add_argument("--show", action="store_true", help="open the plot in a window (needs a screen)")
    p.add_argument("--side", choices=("L", "R"), help="the leg wearing the sensor (for drift and LSI)")
    p.add_argument("--reps-csv", metavar="REPS.csv", help="also write one row per rep (index, side, start s, "
                   "phases in ms, range in deg, score, stars, faults) for a spreadsheet")
    p.add_argument("--csv", metavar="OUT.csv", help="only convert the recording (e.g. the device's binary file) "
                   "to the recording CSV, every sample as read, and stop")
    return p


def convert_to_csv(path, out):
    """Stream a recording into a recording CSV (every sample as the file holds it); the Reader, for its
    warnings. RecordingError for a file that cannot be read; nothing is left behind then."""
    from sim.analysis.recording import write_recording

    reader = Reader(path, keep_all=True)
    try:
        write_recording(out, reader, comments=["converted from %s by python -m sim analyze --csv"
                                               % os.path.basename(path)])
    except RecordingError:
        if os.path.exists(out + ".tmp"):
            os.remove(out + ".tmp")
        raise
    return reader


def analyze_file(path, targets, side=None, want_trace=False, core_module=None):
    """(result, trace) of one recording file, streamed; the file's own warnings (duplicates, backward
    timestamps, a cut-off last line) come first in the alerts. RecordingError names the file and line."""
    reader = open_recording(path)
    result, trace = run_core(reader, targets, side=side, want_trace=want_trace, core_module=core_module)
    result["alerts"] = reader.warnings() + result["alerts"]
    return result, trace


def _overwrites_an_input(args):
    """The reason when an output (--csv, --reps-csv, --plot) names the recording or the level being read: the
    conversion wrote over the athlete's ground truth in the very file it read. None when none does."""
    for flag, out in (("--csv", args.csv), ("--reps-csv", args.reps_csv), ("--plot", args.plot)):
        for what, src in (("the recording", args.file), ("the level", args.level)):
            if out and src and os.path.exists(out) and os.path.exists(src) and os.path.samefile(out, src):
                return "%s %s: is %s being read: write to another file (nothing was changed)" % (flag, out, what)
    return None


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    p = _parser()
    try:
        args = p.parse_args(argv)
    except ArgError as e:
        print("analyze: %s (see --help)" % e, file=sys.stderr)
        return 2
    why = _overwrites_an_input(args)
    if why:
        print("analyze: " + why, file=sys.stderr)
        return 2
    want_plot = bool(args.plot or args.show)
    if args.show:
        from sim.analysis import plot

        if not plot.have_screen():
            if not args.plot:
                print("analyze: --show needs a screen; write the plot to a file with --plot OUT.png", file=sys.stderr)
                return 2
            print("analyze: no screen for --show: the plot goes to %s only" % args.plot, file=sys.stderr)
            args.show = False
    if args.csv:
        try:
            reader = convert_to_csv(args.file, args.csv)
        except RecordingError as e:
            print("analyze: %s" % e, file=sys.stderr)
            return 2
        except OSError as e:
            print("analyze: %s: cannot write (%s)" % (args.csv, e.strerror or e), file=sys.stderr)
            return 2
        for w in reader.warnings():
            print("analyze: %s: %s x%d" % (args.file, w["text"], w["count"]), file=sys.stderr)
        print("%d samples written to %s" % (reader.samples, args.csv))
        return 0
    try:
        if args.plot:
            from sim.analysis import plot

            plot.check_out(args.plot)  # before a long analysis: an unknown extension is said at once
        targets = load_targets(args.level)
        result, trace = analyze_file(args.file, targets, side=args.side, want_trace=want_plot)
    except RecordingError as e:
        print("analyze: %s" % e, file=sys.stderr)
        return 2
    except ImportError as e:
        print("analyze: %s is not available (%s)" % ("matplotlib" if "matplotlib" in str(e) else "the motion core",
                                                     e), file=sys.stderr)
        return 2
    except (OSError, ValueError, KeyError, TypeError, OverflowError) as e:
        print("analyze: %s: %s" % (args.level or args.file, e), file=sys.stderr)
        return 2
    if args.reps_csv:
        try:
            write_reps_csv(result, args.reps_csv)
        except OSError as e:
            print("analyze: %s: cannot write (%s)" % (args.reps_csv, e.strerror or e), file=sys.stderr)
            return 2
    if args.json:
        print(json.dumps(result, allow_nan=False))
    else:
        print(format_table(result))
        if args.reps_csv:
            print("%d reps written to %s" % (len(result["reps"]), args.reps_csv))
    if want_plot:
        from sim.analysis import plot

        try:
            plot.draw(trace, result, args.plot, title=os.path.basename(args.file), targets=targets, show=args.show)
        except (OSError, ValueError, RecordingError) as e:
            print("analyze: cannot draw %s: %s" % (args.plot or "the plot", e), file=sys.stderr)
            return 2
        if args.plot and not args.json:
            print("plot written to %s" % args.plot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
