"""What `python -m sim analyze` writes for a person to read: the per-rep table with the set's summary and its
alerts (format_table, format_alert), and one row per rep for a spreadsheet (write_reps_csv, REP_COLUMNS)."""


def _s(ms):
    if ms is None or ms < 0:
        return "-"
    return "%.2f" % (ms / 1000.0)


def _stop(ms):
    """The stop between the moves (the pause less their slow ends; NO_PAUSE under a third of the level's minimum):
    it can be below 0, the moves overlapping."""
    return "-" if ms is None else "%.2f" % (ms / 1000.0)


def format_table(result):
    """The per-rep table and the set summary as text. "hold" is the pause between the moves' 10 % speed points;
    "stop" is how long the leg stood still in it (their slow ends taken out)."""
    lines = []
    head = "%3s %7s %6s %6s %6s %6s %6s %6s %5s %5s  %-24s %s" % (
        "rep", "start s", "raise", "hold", "stop", "lower", "reset", "peak", "score", "stars", "faults", "cue")
    lines.append(head)
    lines.append("-" * len(head))
    for i, r in enumerate(result["reps"], 1):
        peak = r.get("peak_deg")
        lines.append(
            "%3d %7.2f %6s %6s %6s %6s %6s %6s %5s %5s  %-24s %s"
            % (
                r.get("index", i) if r.get("index") is not None else i,
                r.get("start_s", 0.0),
                _s(r.get("raise_ms")),
                _s(r.get("hold_ms")),
                _stop(r.get("stop_ms")),
                _s(r.get("lower_ms")),
                _s(r.get("reset_ms")),
                "-" if peak is None else "%.1f" % peak,
                r.get("score", "-"),
                "*" * int(r.get("stars") or 0),
                ",".join(r.get("faults") or []) or "-",
                r.get("cue", ""),
            )
        )
    if not result["reps"]:
        lines.append("(no reps)" if result["summary"].get("samples") else "(no reps: the file has no samples)")
    s = result["summary"]
    lines.append("")
    mean = s.get("mean_score")
    lines.append(
        "reps %d   mean score %s   best %s   time under tension %.1f s"
        % (s["count"], "-" if mean is None else "%.1f" % mean, s.get("best_score") if s.get("best_score") is not None else "-",
           (s.get("tut_ms") or 0) / 1000.0)
    )
    fat = "yes (%s)" % s.get("fatigue_reason") if s.get("fatigued") else "no"
    lines.append("fatigue %s   LSI %s" % (fat, "-" if s.get("lsi") is None else "%.1f %%" % s["lsi"]))
    lines.append(
        "samples %d over %.1f s   bad samples %s   non-finite %d   gaps %s"
        % (s["samples"], s["duration_ms"] / 1000.0, s.get("bad_samples"), s["nonfinite_samples"], s.get("gaps"))
    )
    if result["alerts"]:
        lines.append("")
        lines.append("alerts (kind, count, first and last time):")
        for a in result["alerts"]:
            lines.append(format_alert(a))
    return "\n".join(lines)


def format_alert(a):
    """One summary line of an alert kind: "  gap  x3  12.40 s .. 80.02 s  samples stopped too long ..."."""
    n = a.get("count", 1)
    first = (a.get("t_ms") or 0) / 1000.0
    last = a.get("last_ms")
    when = "%.2f s" % first if last is None or n == 1 else "%.2f s .. %.2f s" % (first, last / 1000.0)
    extra = " (%s)" % a["reason"] if a.get("reason") else ""
    return "  %-15s x%-6d %-22s %s%s" % (a["kind"], n, when, a["text"], extra)


REP_COLUMNS = ("rep", "side", "start_s", "end_s", "raise_ms", "hold_ms", "stop_ms", "lower_ms", "reset_ms",
               "range_deg", "score", "stars", "faults", "cue")


def write_reps_csv(result, out):
    """One row per rep of an analysis: the table's columns as numbers. range_deg is the rep's peak elevation
    above the rest pose (the core's peak_deg); stop_ms how long the leg stood still between the raise and the
    lowering (hold_ms less their slow ends; NO_PAUSE under a third of the level's minimum); reset_ms is empty for a
    set's first rep (no rest before it);
    faults are space-separated names."""
    import csv

    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(REP_COLUMNS)
        for i, r in enumerate(result["reps"], 1):
            reset = r.get("reset_ms")
            w.writerow([r.get("index") or i, r.get("side") or "", r.get("start_s"), r.get("end_s"),
                        r.get("raise_ms"), r.get("hold_ms"), r.get("stop_ms"), r.get("lower_ms"),
                        "" if reset is None or reset < 0 else reset, r.get("peak_deg"), r.get("score"),
                        r.get("stars"), " ".join(r.get("faults") or []), r.get("cue", "")])
