"""The accuracy report as Markdown (docs/accuracy.md): the targets table, then a section per kind of data."""

from sim.analysis import accuracy_situations as situations
from sim.analysis import evaluate
from sim.analysis import uci
from sim.analysis.accuracy_score import fmt_f2, fmt_inexact, fmt_ms, fmt_pct

CITATION = (
    "A. Yurtman, B. Barshan, Physical Therapy Exercises Dataset, UCI Machine Learning Repository, "
    "DOI 10.24432/C5JK60 (CC BY 4.0); paper: \"Automated evaluation of physical therapy exercises using "
    "multi-template dynamic time warping on wearable sensor signals\", Computer Methods and Programs in "
    "Biomedicine 117(2):189-207, 2014."
)



def format_report(report, command):
    """The report as Markdown (also printed)."""
    L = []
    L.append("# BandLift motion core: accuracy")
    L.append("")
    L.append("Written by `%s` (wall time %.1f s on %d process%s). Every number below is measured on that run; "
             "nothing is tuned or edited by hand. Re-run the command to refresh it."
             % (command, report["wall_s"], report["jobs"], "es" if report["jobs"] > 1 else ""))
    L.append("")
    L.append("Code measured: %s." % report.get("version", "unknown"))
    L.append("")
    L.append("## Targets")
    L.append("")
    L.append("| what | measured | target | |")
    L.append("|---|---|---|---|")
    for what, v, tgt, ok in report["checks"]:
        L.append("| %s | %s | %s | %s |" % (what, v, tgt, "PASS" if ok else "**FAIL**"))
    n_fail = sum(1 for c in report["checks"] if not c[3])
    L.append("")
    L.append("%d of %d targets met." % (len(report["checks"]) - n_fail, len(report["checks"])))
    L.append("")
    L.append("A set is exact when every true rep is matched by one counted rep and no counted rep is left over: "
             "a counted rep matches a true rep when it covers at least half of the true rep's time (%s); "
             "a counted rep that matches none is a ghost, a true rep that none matches a miss. A ghost and a "
             "miss in one set give the right number by accident: that set is not exact. Where only counts are "
             "known (the UCI sessions' expected numbers), a session is exact when its count is."
             % "sim/analysis/evaluate.py")
    s = report.get("sets")
    if s:
        L.append("")
        L.append("## Generated sets (virtual athlete, sim/athlete/)")
        L.append("")
        L.append("Seeds 0..%d: even seeds clean, odd seeds with injected faults, across strap rotations, both legs, "
                 "thigh and shin mounts, 26-208 Hz, timestamp jitter and stalls. Phase errors are detected - truth "
                 "over matched reps (the same matching as exact); fault precision and recall are per rep over "
                 "matched reps. "
                 "The core runs with the default `Targets()` and the set's own target range (`target_deg`), "
                 "and is told the leg (`new_set(side)`)."
                 % (s["n_sets"] - 1))
        L.append("")
        for kind in ("clean", "faulty"):
            e = s["exact_" + kind]
            L.append("- exact, %s sets: %d of %d (%s); ghosts %d, misses %d%s" % (
                kind, e["exact"], e["n"], fmt_pct(e["share"]), e["ghosts"], e["misses"],
                "; count right only by a ghost and a miss: %d" % e["count_only"] if e["count_only"] else ""))
        L.append("- true reps %d, matched %d%s" % (s["n_truth_reps"], s["n_matched_reps"], "" if s.get(
            "min_overlap_share") is None else "; the least a match covers of its true rep: %s" % fmt_pct(
                s["min_overlap_share"])))
        inexact = [r for r in s.get("inexact", [])]
        if inexact:
            L.append("- sets not exact (seed: counted/true): " + "; ".join(fmt_inexact(x) for x in inexact[:20]))
        if s["errors"]:
            L.append("- **%d sets crashed** (athlete or core raised): %s" % (
                len(s["errors"]), "; ".join("seed %d %s" % (r["seed"], r["error"]) for r in s["errors"][:5])))
        L.append("")
        L.append("| phase | matched reps | median abs error | p95 abs error | median signed error |")
        L.append("|---|---|---|---|---|")
        for p in evaluate.PHASES:
            st = s["phase"][p]
            L.append("| %s | %d | %s | %s | %s |" % (p, st["n"], fmt_ms(st["median_abs"]), fmt_ms(st["p95_abs"]),
                                                   fmt_ms(st["median_signed"])))
        L.append("")
        L.append("| fault | true pos | false pos | false neg | precision | recall |")
        L.append("|---|---|---|---|---|---|")
        for name, c in s["faults"].items():
            L.append("| %s | %d | %d | %d | %s | %s |" % (name, c["tp"], c["fp"], c["fn"], fmt_f2(c["precision"]),
                                                         fmt_f2(c["recall"])))
        L.append("")
        L.append("### Breakdown by condition (for tuning the core)")
        L.append("")
        L.append("| condition | value | sets | exact | crashed | fault mistakes per matched rep | "
                 "phase median abs error | most frequent fault mistakes |")
        L.append("|---|---|---|---|---|---|---|---|")
        bd = s["breakdown"]
        for key in sorted(k for k in bd if not k.startswith("_")):
            for val in sorted(bd[key], key=str):
                b = bd[key][val]
                top = sorted(b["by_fault"].items(), key=lambda kv: (-kv[1], kv[0]))[:3]
                L.append("| %s | %s | %d | %s | %d | %s | %s | %s |" % (
                    key, val, b["sets"], fmt_pct(b["exact_share"]), b["crashed"], fmt_f2(b["mistakes_per_rep"]),
                    fmt_ms(b["phase_median_abs"]), ", ".join("%s %d" % kv for kv in top) or "-"))
        miss = bd.get("_fault_mistakes", {})
        if miss:
            L.append("")
            L.append("Most frequent fault mistakes (fp = flagged but not there, fn = missed): " + ", ".join(
                "%s %d" % (k, v) for k, v in sorted(miss.items(), key=lambda kv: -kv[1])[:10]))
    if report.get("situations"):
        L.extend(situations.format_sections(report["situations"], report.get("n_situation", 0)))
    if report.get("strap_rest"):
        from sim.analysis import strap_rest

        L.extend(strap_rest.format_section(report["strap_rest"], report.get("n_situation", 0)))
    u = report.get("uci")
    if u:
        L.append("")
        L.append("## Real recordings (UCI Physical Therapy Exercises)")
        L.append("")
        L.append("Data: " + CITATION + " Subset copied in data/uci-pt/ (see its README for provenance and caveats).")
        L.append("")
        L.append("Run with auto target and tempo (`Targets()` with `target_deg = None`, `tempo_auto = True`). "
                 "e1 (seated knee extension) is read from the right shank u2, e3 (supine leg raise) from the right "
                 "thigh u3, e4 (side-lying hip abduction) from both (the whole leg lifts); u1/u4 are the resting "
                 "left leg and must count zero. The execution types come from "
                 "s1's hand-drawn boundaries (test_times.csv, third-party labels): a labelled execution with no "
                 "detected rep counts as not flagged.")
        L.append("")
        lab = u.get("labelled") or {"n": 0}
        L.append("Exact here means the count only: the data gives each session's expected number of reps "
                 "(protocol_counts.csv), not when they were done, so a ghost and a miss in one session would pass "
                 "unseen. Only s1's %d test sessions have rep times (the hand-drawn boundaries above); matched to "
                 "them as the generated sets are, %d of %d are exact, with %d ghost%s and %d miss%s%s." % (
                     lab["n"], lab.get("exact", 0), lab["n"], lab.get("ghosts", 0),
                     "" if lab.get("ghosts") == 1 else "s", lab.get("misses", 0),
                     "" if lab.get("misses") == 1 else "es", "".join(
                         "; %s: %s" % (r["name"], ", ".join(
                             ["ghost at %.1f s" % (g / 1000.0) for g in r["labelled"]["ghosts"]]
                             + ["missed execution %d" % m for m in r["labelled"]["misses"]]))
                         for r in u["sessions"] if r.get("labelled") and (
                             r["labelled"]["ghosts"] or r["labelled"]["misses"]))))
        L.append("")
        L.append("### Leave-one-subject-out")
        L.append("")
        L.append("Each subject held out in turn. No constant of the core is fit on these recordings (they come "
                 "from the physics of a leg and from the virtual athlete), so a fold trains on nothing and its "
                 "figures are the core's on the held-out subject alone; a parameter ever fit on data must be fit "
                 "per fold without the held-out subject. Per exercise: sessions counted exactly (the moving "
                 "units and the resting leg's, which must count zero).")
        L.append("")
        exs = sorted({e for d in u["loso"].values() for e in d})
        L.append("| held-out subject | " + " | ".join("%s %s" % (e, uci.EXERCISES.get(e, "")) for e in exs)
                 + " | all | miscounted (counted/expected) |")
        L.append("|---|" + "---|" * (len(exs) + 2))
        for subj in sorted(u["loso"]):
            d = u["loso"][subj]
            cells = ["%d/%d" % (d[e]["exact"], d[e]["n"]) if e in d else "-" for e in exs]
            n = sum(x["n"] for x in d.values())
            ok = sum(x["exact"] for x in d.values())
            off = [o for e in exs if e in d for o in d[e]["off"]]
            L.append("| %s | %s | %d/%d | %s |" % (subj, " | ".join(cells), ok, n, ", ".join(off) or "-"))
        L.append("")
        L.append("| session | expected | counted | |")
        L.append("|---|---|---|---|")
        for r in u["sessions"]:
            L.append("| %s | %d | %s | %s |" % (r["name"], r["expected"], r["count"] if "error" not in r else
                                                "crash: " + r["error"][:60],
                                                "ok" if r["count"] == r["expected"] else "**off**"))
        L.append("")
        L.append("| s1 execution type | labelled | matched to a rep | flagged as expected | share | "
                 "got KICK, DROP or NO_PAUSE (info) |")
        L.append("|---|---|---|---|---|---|")
        for typ in sorted(u["types"]):
            t = u["types"][typ]
            L.append("| %s | %d | %d | %d | %s | %d |" % (uci.TYPE_NAMES[typ], t["n"], t["matched"], t["ok"],
                                                         fmt_pct(t["share"]), t.get("tempo", 0)))
        L.append("")
        L.append("What the core measured on the matched executions (medians), to see how the types differ:")
        L.append("")
        L.append("| session | type | raise | hold | lower | peak |")
        L.append("|---|---|---|---|---|---|")
        for typ in sorted(u["types"]):
            for name, m in sorted(u["types"][typ].get("measured", {}).items()):
                L.append("| %s | %s | %s | %s | %s | %s |" % (
                    name, uci.TYPE_NAMES[typ], fmt_ms(m["raise_ms"]), fmt_ms(m["hold_ms"]), fmt_ms(m["lower_ms"]),
                    "n/a" if m["peak_deg"] is None else "%.1f deg" % m["peak_deg"]))
        L.append("")
        for r in u["sessions"]:
            if r.get("types"):
                L.append("- %s: " % r["name"] + ", ".join(
                    "%s %d/%d flagged as expected" % (uci.TYPE_NAMES[typ], d["ok"], d["n"])
                    for typ, d in sorted(r["types"].items())))
    L.append("")
    return "\n".join(L)
