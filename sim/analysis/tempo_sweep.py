"""The tempo's rules on every shipped level, read off the twin's glass: prints one line per level tempo.

    python3 -m sim.analysis.tempo_sweep [--seeds 1 2 3] [--display 128x32] [--levels 06 11]

For each level file in levels/ (and each stage tempo a level has), scripted athletes play 6 reps of the level's
target and tempo through code.py (sim/twin/session.py; the level alone, either leg, no unlock): "good" lowers in
100-105 % of the level's lower_ms, "fast" lowers reps 2, 4 and 5 in 62, 70 and 65 % of it (the others good).
Per level it prints, from session.json's `shown` (sim/twin/shown.py): on-tempo reps shown too fast or graded
without a check; too-fast reps whose too-fast picture came more than 0.4 s after the leg left the top (or never),
with the median and the largest time to it; reps whose lowering picture came outside 0-0.3 s of the top.
"""

import argparse
import json
import os
import tempfile

from sim import ROOT

BUTTONS = [(3000, "B", False), (3600, "C", False), (4200, "B", False)]  # B on the card, C: right leg, B: go
FAST = {1: 0.62, 3: 0.70, 4: 0.65}  # rep index: share of the level's lower_ms
GOOD = (1.0, 1.05, 1.02, 1.04, 1.01, 1.03)


def level_tempos(levels_dir=None):
    """[(label, level dict made playable alone: side any, 6 reps, one stage)] for every tempo of every level."""
    d = levels_dir or os.path.join(ROOT, "levels")
    out = []
    for name in sorted(os.listdir(d)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(d, name)) as f:
            lv = json.load(f)
        overrides = [s.get("tempo", {}) for s in lv.get("stages", ())] or [{}]
        seen = []
        for over in overrides:
            tempo = dict(lv["tempo"], **over)
            if tempo in seen:
                continue
            seen.append(tempo)
            one = {k: v for k, v in lv.items() if k not in ("unlock", "$schema", "stages", "sets", "rest_ms", "stars")}
            one.update(side="any", reps=6, tempo=tempo)
            out.append(("%s/%d" % (name[:2], tempo["lower_ms"]), one))
    return out


def script(level, kind, seed):
    """An athlete script (sim/athlete/script.py's JSON) for one level: 6 reps at its target and tempo."""
    tp = level["tempo"]
    target = level["target"]["angle_deg"]
    target = 40.0 if target == "auto" else float(target)
    peaks = (0.0, 1.0, -0.5, 0.5, 1.0, -0.5)
    reps = []
    for i in range(6):
        share = FAST[i] if kind == "fast" and i in FAST else GOOD[i]
        reps.append({"raise_ms": tp["raise_ms"], "pause_ms": tp["pause_ms"], "lower_ms": int(tp["lower_ms"] * share),
                     "reset_ms": tp["reset_ms"], "peak_deg": target + peaks[i]})
    return {"mount": "thigh", "side": "right", "strap_deg": 30, "rate_hz": 104, "seed": seed, "target_deg": target,
            "reps": reps}


def play(level, kind, seed, display):
    """The reps' `shown` and `shown_detail` (None for a rep the glass did not match) of one scripted set."""
    from sim.twin.session import run_session

    root = tempfile.mkdtemp(prefix="bandlift-tempo-")
    ldir = os.path.join(root, "levels-src")
    os.makedirs(ldir)
    with open(os.path.join(ldir, "01-level.json"), "w") as f:
        json.dump(level, f)
    path = os.path.join(root, "athlete.json")
    with open(path, "w") as f:
        json.dump(script(level, kind, seed), f)
    tp = level["tempo"]
    seconds = 10.0 + 6 * (tp["raise_ms"] + tp["pause_ms"] + 1.05 * tp["lower_ms"] + tp["reset_ms"]) / 1000.0
    res = run_session(path, display=display, buttons=BUTTONS, seconds=seconds, root=root, levels_dir=ldir,
                      boot_buttons="A")
    rep = res.report()
    if rep["crashed"]:
        raise RuntimeError("%s %s seed %d: %s" % (level.get("name"), kind, seed, rep["error"]))
    return [(r.get("shown"), r.get("shown_detail")) for r in rep["reps"]]


def sweep(seeds, display, only=()):
    rows = []
    for label, level in level_tempos():
        if only and label[:2] not in only:
            continue
        good = fast_wrong = seen_out = 0
        calls = []
        for seed in seeds:
            for kind in ("good", "fast"):
                for i, (s, d) in enumerate(play(level, kind, seed, display)):
                    if s is None:
                        seen_out += 1
                        continue
                    if kind == "fast" and i in FAST:
                        t = d["too_fast_seen_ms"]
                        calls.append(t if t is not None else float("inf"))
                    else:
                        good += 1
                        fast_wrong += 1 if s["too_fast_ms"] or not s["check"] else 0
                    seen = s["lower_seen_ms"]
                    seen_out += 1 if seen is None or not 0 <= seen <= 300 else 0
        calls.sort()
        rows.append({"level": label, "good": good, "good_called_fast": fast_wrong, "fast": len(calls),
                     "fast_late": sum(1 for t in calls if t > 400), "fast_median_ms": calls[len(calls) // 2],
                     "fast_max_ms": calls[-1], "reps": good + len(calls), "seen_outside_0_300": seen_out})
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m sim.analysis.tempo_sweep", description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--display", default="128x32", choices=("128x32", "128x64"))
    ap.add_argument("--levels", nargs="*", default=(), help="two-digit level numbers (default: all)")
    args = ap.parse_args(argv)
    total = {}
    for r in sweep(args.seeds, args.display, tuple(args.levels)):
        print("level %-8s on-tempo called fast %d/%d | too fast later than 0.4 s %d/%d (median %.0f ms, max %.0f) | "
              "seen outside 0-0.3 s %d/%d" % (r["level"], r["good_called_fast"], r["good"], r["fast_late"], r["fast"],
                                             r["fast_median_ms"], r["fast_max_ms"], r["seen_outside_0_300"], r["reps"]))
        for k in ("good_called_fast", "good", "fast_late", "fast", "seen_outside_0_300", "reps"):
            total[k] = total.get(k, 0) + r[k]
    print("all: on-tempo called fast %(good_called_fast)d/%(good)d | too fast later than 0.4 s %(fast_late)d/%(fast)d"
          " | seen outside 0-0.3 s %(seen_outside_0_300)d/%(reps)d" % total)


if __name__ == "__main__":
    main()
