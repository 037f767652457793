"""`python -m sim playtest LEVEL [--athletes N] [--seed S]`: how hard is a level, for whom?

Runs a population of virtual athletes of three abilities through the level, each rep through the real
motion core with the level's targets stage by stage, and reports per ability the share that earns at least
one star, the star distribution, the mean rep score and the faults seen. A level author tunes thresholds
and stars until good athletes pass and sloppy ones do not.

Abilities (tempos relative to the level's, since the athlete's raise/lower are whole moves and the core
measures about 0.83 of them by the 10 %-of-peak convention):
- good: on tempo or a little slower, on target, no faults;
- average: tempo 60-110 %, range 85-105 %, one rep in four with a fault;
- sloppy: kicks up, drops down, no pause at the top, often short.
"""

import argparse
import json
import random
import sys

from sim import athlete
from sim.analysis.analyze import analyze_samples

ABILITIES = ("good", "average", "sloppy")
MEASURED = 0.83  # share of a min-jerk move's duration the 10 %-of-peak convention measures
FAULTS_AVERAGE = ("DRIFT", "WOBBLE", "NO_RESET", "SHORT")


def _target(t):
    return t.target_deg if t.target_deg is not None else 40.0


def rep_for(ability, t, rng, first=False):
    """One RepSpec of this ability for a stage's Targets."""
    target = _target(t)
    if ability == "good":
        peak = min(85.0, target + rng.uniform(0.0, 4.0))
        raise_ms = max(900.0, t.raise_ms / MEASURED * rng.uniform(1.0, 1.2), 1.875 * peak / 100.0 * 1000)
        lower_ms = max(1300.0, t.lower_ms / MEASURED * rng.uniform(1.0, 1.15), 1.875 * peak / 85.0 * 1000)
        return athlete.RepSpec(
            raise_ms, max(550.0, t.pause_ms * rng.uniform(1.05, 1.3)), lower_ms,
            max(700.0, t.reset_ms * rng.uniform(1.0, 1.4)), peak)
    if ability == "average":
        peak = min(85.0, target * rng.uniform(0.9, 1.05))
        faults = ()
        if rng.random() < 0.25:
            faults = (rng.choice(FAULTS_AVERAGE[:2] + FAULTS_AVERAGE[3:] if first else FAULTS_AVERAGE),)
        if "SHORT" in faults:
            peak = max(11.0, target * rng.uniform(0.45, 0.6))
        raise_ms = max(900.0, t.raise_ms / MEASURED * rng.uniform(0.6, 1.1), 1.875 * peak / 100.0 * 1000)
        lower_ms = max(1300.0, t.lower_ms / MEASURED * rng.uniform(0.6, 1.1), 1.875 * peak / 85.0 * 1000)
        reset = rng.uniform(0.0, 140.0) if "NO_RESET" in faults else max(700.0, t.reset_ms * rng.uniform(0.8, 1.2))
        return athlete.RepSpec(raise_ms, max(550.0, t.pause_ms * rng.uniform(0.6, 1.1)), lower_ms, reset, peak,
                               faults)
    faults = ["KICK", "DROP", "NO_PAUSE"]
    peak = min(85.0, target * rng.uniform(0.9, 1.05))
    if rng.random() < 0.5:
        faults.append("SHORT")
        peak = max(11.0, target * rng.uniform(0.45, 0.6))
    return athlete.RepSpec(rng.uniform(260.0, 480.0), rng.uniform(0.0, 100.0), rng.uniform(260.0, 580.0),
                           max(700.0, t.reset_ms), peak, tuple(faults))


def play(level, ability, seed):
    """One athlete plays the whole level: returns (stars, rep scores, fault names seen)."""
    rng = random.Random(seed)
    mount = rng.choice(("thigh", "thigh", "shin"))
    strap = rng.uniform(0.0, 360.0)
    scores = []
    seen = {}
    for side in level.leg_plan():
        for i, stage in enumerate(level.stages):
            t = level.targets_for(i)
            reps = [rep_for(ability, t, rng, first=(j == 0)) for j in range(stage.reps)]
            spec = athlete.SetSpec(
                reps, mount=mount, side="left" if side == "L" else "right", strap_deg=strap,
                rate_hz=rng.choice((52, 104, 104, 208)), seed=rng.randrange(1 << 30),
                target_deg=_target(t))
            session = athlete.generate(spec)
            res = analyze_samples(session.samples, t, side=side)
            for r in res["reps"]:
                scores.append(r["score"])
                for f in r["faults"]:
                    seen[f] = seen.get(f, 0) + 1
    return level.set_stars(scores), scores, seen


def playtest(level, n=6, seed=0):
    """Per ability: n athletes' stars, pass rate, star distribution, mean score and faults seen."""
    out = {}
    for k, ability in enumerate(ABILITIES):
        stars, all_scores, faults = [], [], {}
        for j in range(n):
            s, scores, seen = play(level, ability, seed * 1000 + k * 100 + j)
            stars.append(s)
            all_scores.extend(scores)
            for f, c in seen.items():
                faults[f] = faults.get(f, 0) + c
        out[ability] = {
            "athletes": n,
            "pass_rate": sum(1 for s in stars if s >= 1) / n,
            "stars": [stars.count(i) for i in range(4)],
            "mean_score": round(sum(all_scores) / len(all_scores), 1) if all_scores else 0.0,
            "faults": dict(sorted(faults.items())),
        }
    return out


def _load(path):
    """(level, None) or (None, "FILE: field: reason") through the PC checker."""
    from sim.levels.check import check_file

    problems, level = check_file(path)
    if problems:
        field, reason = problems[0]
        more = " (and %d more: run python -m sim check-levels %s)" % (len(problems) - 1, path) if len(problems) > 1 else ""
        return None, "%s: %s: %s%s" % (path, field, reason, more)
    return level, None


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--twin" in argv:  # through code.py in the digital twin (sim/levels/playtest_twin.py)
        from sim.levels import playtest_twin

        return playtest_twin.main([a for a in argv if a != "--twin"])
    p = argparse.ArgumentParser(prog="python -m sim playtest", description=__doc__.split("\n\n")[0])
    p.add_argument("level", help="a level file, e.g. levels/01-first-lifts.json")
    p.add_argument("--athletes", type=int, default=6, help="athletes per ability (default 6)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    a = p.parse_args(argv)
    lv, why = _load(a.level)
    if why:
        print(why, file=sys.stderr)
        return 2
    res = playtest(lv, a.athletes, a.seed)
    if a.json:
        print(json.dumps({"level": lv.id, "results": res}))
        return 0
    print("%s (%s): %d reps%s, stars at rep scores %s" % (
        lv.name, lv.id, lv.total_reps, " per leg, both legs" if lv.side == "both" else "", list(lv.stars)))
    print("%-8s %6s  %-19s %6s  %s" % ("ability", "pass", "stars 0/1/2/3", "score", "faults seen"))
    for ab in ABILITIES:
        r = res[ab]
        print("%-8s %5d%%  %-19s %6.1f  %s" % (
            ab, round(100 * r["pass_rate"]), "/".join(str(x) for x in r["stars"]), r["mean_score"],
            ", ".join("%s %d" % kv for kv in r["faults"].items()) or "-"))
    return 0
