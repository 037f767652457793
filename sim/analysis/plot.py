"""Draw an analyzed recording with matplotlib: three stacked panels sharing the time axis.

1. elevation (deg) with the phases shaded (raise, pause at the top, lowering), the target zone, each rep's
   score above its peak and its faults in red;
2. the elevation speed (deg/s) the phases are cut on, with the phase thresholds: the start of a lift
   (bandlift.motion.phases._START_DPS) and, per rep, 10 % of its raise and lowering peak speeds
   (bandlift.motion.flank.threshold), where each phase begins and ends;
3. the sideways angle (deg out of the lifting plane) with the rep's DRIFT limit.

Called by `python -m sim analyze FILE --plot OUT.png|.svg|.pdf [--show]`. The format follows the file's
extension; --show opens a window (and needs a screen). Headless, matplotlib's non-interactive Agg backend
is used, so nothing here needs a display.
"""

import math
import os
import sys

FORMATS = (".png", ".svg", ".pdf")
PHASE_COLOURS = {"RAISE": "#c6efce", "HOLD": "#ffeb9c", "LOWER": "#bdd7ee"}
PHASE_LABELS = {"RAISE": "raise", "HOLD": "pause at the top", "LOWER": "lowering"}
MAX_LABELS = 150  # reps labelled with score and faults; a longer session gets one marker per rep
MAX_POINTS = 20000  # per line: a 3-hour recording is thinned to this (min/max kept per bucket)


def check_out(path):
    """ValueError unless the output file's extension is one matplotlib writes here (.png, .svg, .pdf)."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in FORMATS:
        raise ValueError("%s: unknown plot format %r: use a file name ending in %s"
                         % (path, ext or "(no extension)", ", ".join(FORMATS)))
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise ValueError("%s: %s %s" % (path, "not a folder:" if os.path.exists(folder) else "no such folder", folder))
    return ext


def have_screen():
    """Whether a window can open (an X or Wayland display, or Windows/macOS)."""
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.name == "nt"
                or sys.platform == "darwin")


def _pyplot(show):
    """pyplot with the non-interactive Agg backend unless a window was asked for and a screen is there."""
    import matplotlib

    if not show or not have_screen():
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _thin(t_ms, y, n=MAX_POINTS):
    """(times in s, values) with at most ~n points: the min and max of each bucket, so spikes survive.

    Works on the trace's arrays slice by slice: a long recording never becomes a list of a million floats.
    """
    if len(t_ms) <= n:
        return [x / 1000.0 for x in t_ms], list(y)
    step = max(1, (2 * len(t_ms)) // n)
    tt, yy = [], []
    for i in range(0, len(t_ms), step):
        j = min(i + step, len(t_ms)) - 1
        chunk = [v for v in y[i:j + 1] if v == v]
        if not chunk:
            tt.append(t_ms[i] / 1000.0)
            yy.append(math.nan)
            continue
        tt.extend((t_ms[i] / 1000.0, t_ms[j] / 1000.0))
        yy.extend((min(chunk), max(chunk)))
    return tt, yy


def _phase_spans(trace):
    """(name, start s, end s) for each run of samples in a shaded phase."""
    codes = trace.codes
    names = trace.names
    out = []
    i, n = 0, len(codes)
    while i < n:
        j = i
        while j + 1 < n and codes[j + 1] == codes[i]:
            j += 1
        name = names[codes[i]] if codes[i] >= 0 else "?"
        if name in PHASE_COLOURS:
            end = trace.t_ms[j + 1] if j + 1 < n else trace.t_ms[j]
            out.append((name, trace.t_ms[i] / 1000.0, end / 1000.0))
        i = j + 1
    return out


def _thresholds():
    try:
        from bandlift.motion import flank, phases

        return phases._START_DPS, flank.threshold
    except ImportError:  # the plot still draws without the core's constants
        return 4.0, lambda peak: max(2.0, 0.1 * peak)


def draw(trace, result, out_path=None, title="", targets=None, show=False):
    """Write the three panels to out_path (format by extension) and/or show them in a window."""
    if out_path:
        check_out(out_path)
    plt = _pyplot(show)
    fig, (ax_e, ax_v, ax_s) = plt.subplots(3, 1, sharex=True, figsize=(12, 8),
                                          gridspec_kw={"height_ratios": [3, 2, 1.4]})
    t_ms = trace.t_ms if trace is not None and len(trace.t_ms) else None
    spans = {}
    for name, a, b in (_phase_spans(trace) if trace is not None else []):
        spans.setdefault(name, []).append((a, max(b - a, 1e-3)))
    for name in ("RAISE", "HOLD", "LOWER"):  # one collection per phase: thousands of reps stay cheap
        for ax in (ax_e, ax_v):
            if name in spans:
                ax.broken_barh(spans[name], (0, 1), transform=ax.get_xaxis_transform(), facecolors=PHASE_COLOURS[name],
                               lw=0, zorder=0.5, label=PHASE_LABELS[name] if ax is ax_e else None)
    # 1. elevation, target zone, reps
    if t_ms is not None:
        ax_e.plot(*_thin(t_ms, trace.angle), color="#141414", lw=1.2, label="elevation", zorder=3)
        tol = getattr(targets, "tolerance_deg", 8.0) if targets is not None else 8.0
        fixed = targets is not None and getattr(targets, "target_deg", None) is not None
        tt, tg = _thin(t_ms, trace.target)
        lo = [v - (tol if fixed else 0.2 * v) if v == v else math.nan for v in tg]
        ax_e.fill_between(tt, lo, tg, color="#ffd6d6", lw=0, label="target zone", zorder=1.5)
    reps = result.get("reps", [])
    if len(reps) > MAX_LABELS:  # a long session: one marker per rep at its peak, red when it had a fault
        ax_e.scatter([0.5 * ((r.get("start_s") or 0.0) + (r.get("end_s") or 0.0)) for r in reps],
                     [r.get("peak_deg") or 0.0 for r in reps], s=6, zorder=4,
                     c=["#be1e1e" if r.get("faults") else "#147828" for r in reps])
    for r in reps if len(reps) <= MAX_LABELS else ():
        mid = 0.5 * ((r.get("start_s") or 0.0) + (r.get("end_s") or 0.0))
        peak = r.get("peak_deg") or 0.0
        bad = bool(r.get("faults"))
        ax_e.annotate(str(r.get("score", "")), (mid, peak), textcoords="offset points", xytext=(0, 4),
                      ha="center", fontsize=8, color="#be1e1e" if bad else "#147828")
        if bad:
            ax_e.annotate("\n".join(r["faults"]), (mid, peak), textcoords="offset points", xytext=(0, -6),
                          ha="center", va="top", fontsize=6, color="#be1e1e")
    ax_e.set_ylabel("elevation (deg)")
    s = result.get("summary", {})
    mean = s.get("mean_score")
    fig.suptitle("%s   reps %d   mean score %s" % (title, result.get("count", 0), "-" if mean is None else mean),
                 x=0.01, ha="left", fontsize=10)
    ax_e.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=7, ncol=5, frameon=False)
    ax_e.margins(y=0.15)
    # 2. speed with the phase thresholds
    start_dps, threshold = _thresholds()
    if t_ms is not None:
        ax_v.plot(*_thin(t_ms, trace.rate), color="#2b4c7e", lw=1.0, label="elevation speed")
    ax_v.axhline(start_dps, color="#888888", ls=":", lw=1, label="lift start (%g deg/s)" % start_dps)
    ys, x0, x1 = [], [], []
    for r in reps:
        a, b = r.get("start_s"), r.get("end_s")
        if a is None or b is None:
            continue
        ys += [threshold(r.get("raise_peak_dps") or 0.0), -threshold(r.get("lower_peak_dps") or 0.0)]
        x0 += [a, a]
        x1 += [b, b]
    if ys:  # one collection for all reps
        ax_v.hlines(ys, x0, x1, colors="#b05a00", lw=1, ls="--", label="phase boundary (10 % of peak)")
    ax_v.axhline(0.0, color="#bbbbbb", lw=0.6)
    ax_v.set_ylabel("speed (deg/s)")
    ax_v.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=7, ncol=3, frameon=False)
    # 3. sideways angle
    if t_ms is not None:
        ax_s.plot(*_thin(t_ms, trace.side), color="#6a3d9a", lw=1.0, label="sideways")
    drift = getattr(targets, "drift_deg", None) if targets is not None else None
    if drift:
        ax_s.axhspan(-drift, drift, color="#eeeeee", lw=0, label="within DRIFT limit (%g deg)" % drift)
        ax_s.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=7, ncol=2, frameon=False)
    ax_s.set_ylabel("sideways (deg)")
    ax_s.set_xlabel("time (s)")
    for ax in (ax_e, ax_v, ax_s):
        ax.grid(True, color="#e6e6e6", lw=0.5)
    fig.tight_layout()
    if out_path:
        fig.savefig(out_path)
    if show and have_screen():
        plt.show()
    plt.close(fig)
    return out_path
