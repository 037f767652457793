"""`python -m sim playtest LEVEL|--all [--athletes N] [--seed S] [--json]`: how hard is a level, for whom?

Runs a population of virtual athletes of three abilities through the level, each rep through the real
motion core with the level's targets stage by stage, and reports per ability the share that earns at least
one star, the star distribution, the mean rep score and the faults seen. A level author tunes thresholds
and stars until good athletes pass and sloppy ones do not.

Abilities (tempos relative to the level's, since the athlete's raise/lower are whole moves and the core
measures about 0.83 of them by the 10 %-of-peak convention):
- good: on tempo or a little slower, on target, no faults;
- average: tempo 60-110 %, range 85-105 %, one rep in four with a fault;
- sloppy: kicks up, drops down, no pause at the top, often short.
Every tempo the checker accepts is played: a move longer than the virtual athlete can make (ATHLETE_MAX_MS)
is made as long as it can be. --all playtests every level of levels/, saying on stderr which one it is on.
"""

import json
import os
import random
import sys
import time

from bandlift.levels.load import level_files
from bandlift.levels.parse import set_stars

from sim import athlete
from sim.athlete.spec import pause_for_stop
from sim.analysis.analyze import analyze_samples
from sim.cli import OneLineParser
from sim.levels.check import load_checked

ABILITIES = ("good", "average", "sloppy")
MEASURED = 0.83  # share of a min-jerk move's duration the 10 %-of-peak convention measures
FAULTS_AVERAGE = ("DRIFT", "WOBBLE", "NO_RESET", "SHORT")
SHORT_MAX = 0.65  # the athlete's SHORT rep peaks at most this share of the target (sim/athlete/spec.py)
# The longest moves the virtual athlete makes (sim/athlete/spec.py checks every RepSpec against these, ms).
ATHLETE_MAX_MS = {"raise": 10000, "pause": 20000, "lower": 15000, "reset": 60000}


def _fit(spec):
    """The RepSpec with each move cut to what the athlete can make (a level may ask for a 10 s raise, which
    the athlete makes whole in 10 s; the core then measures ~8.3 s of it)."""
    return athlete.RepSpec(min(spec.raise_ms, ATHLETE_MAX_MS["raise"]), min(spec.pause_ms, ATHLETE_MAX_MS["pause"]),
                           min(spec.lower_ms, ATHLETE_MAX_MS["lower"]), min(spec.reset_ms, ATHLETE_MAX_MS["reset"]),
                           spec.peak_deg, spec.faults)


def _target(t):
    return t.target_deg if t.target_deg is not None else 40.0


def rep_for(ability, t, rng, first=False):
    """One RepSpec of this ability for a stage's Targets."""
    target = _target(t)
    if ability == "good":
        peak = min(85.0, target + rng.uniform(0.0, 4.0))
        raise_ms = max(900.0, t.raise_ms / MEASURED * rng.uniform(1.0, 1.2), 1.875 * peak / 100.0 * 1000)
        lower_ms = max(1300.0, t.lower_ms / MEASURED * rng.uniform(1.0, 1.15), 1.875 * peak / 85.0 * 1000)
        # (a level's pause, like its raise and lowering, is the time a person counts: the leg stands still that long)
        stop = max(550.0, t.pause_ms * rng.uniform(1.05, 1.3))
        return athlete.RepSpec(raise_ms, pause_for_stop(stop, peak, raise_ms, lower_ms), lower_ms,
                               max(700.0, t.reset_ms * rng.uniform(1.0, 1.4)), peak)
    if ability == "average":
        peak = min(85.0, target * rng.uniform(0.9, 1.05))
        faults = ()
        if rng.random() < 0.25:
            faults = (rng.choice(FAULTS_AVERAGE[:2] + FAULTS_AVERAGE[3:] if first else FAULTS_AVERAGE),)
        if "SHORT" in faults:
            short = max(11.0, target * rng.uniform(0.45, 0.6))
            if short <= SHORT_MAX * target:
                peak = short
            else:  # a target this low leaves no lift that is a rep and still short
                faults = ()
        raise_ms = max(900.0, t.raise_ms / MEASURED * rng.uniform(0.6, 1.1), 1.875 * peak / 100.0 * 1000)
        lower_ms = max(1300.0, t.lower_ms / MEASURED * rng.uniform(0.6, 1.1), 1.875 * peak / 85.0 * 1000)
        reset = rng.uniform(0.0, 140.0) if "NO_RESET" in faults else max(700.0, t.reset_ms * rng.uniform(0.8, 1.2))
        stop = max(550.0, t.pause_ms * rng.uniform(0.6, 1.1))
        return athlete.RepSpec(raise_ms, pause_for_stop(stop, peak, raise_ms, lower_ms), lower_ms, reset, peak, faults)
    faults = ["KICK", "DROP", "NO_PAUSE"]
    peak = min(85.0, target * rng.uniform(0.9, 1.05))
    if rng.random() < 0.5:
        short = max(11.0, target * rng.uniform(0.45, 0.6))
        if short <= SHORT_MAX * target:
            faults.append("SHORT")
            peak = short
    return athlete.RepSpec(rng.uniform(260.0, 480.0), rng.uniform(0.0, 100.0), rng.uniform(260.0, 580.0),
                           max(700.0, t.reset_ms), peak, tuple(faults))


def sets(level, ability, seed):
    """The athlete's sets in play order: (leg "L"/"R"/None, that stage's Targets, athlete.SetSpec) per stage of
    each set on a leg."""
    rng = random.Random(seed)
    mount = rng.choice(("thigh", "thigh", "shin"))
    strap = rng.uniform(0.0, 360.0)
    for side in level.leg_plan():
        for i, stage in enumerate(level.stages):
            t = level.targets_for(i)
            reps = [_fit(rep_for(ability, t, rng, first=(j == 0))) for j in range(stage.reps)]
            spec = athlete.SetSpec(
                reps, mount=mount, side="left" if side == "L" else "right", strap_deg=strap,
                rate_hz=rng.choice((52, 104, 104, 208)), seed=rng.randrange(1 << 30),
                target_deg=_target(t))
            yield side, t, spec


def play(level, ability, seed):
    """One athlete plays the whole level: returns (stars, rep scores, fault names seen)."""
    scores = []
    seen = {}
    for side, t, spec in sets(level, ability, seed):
        session = athlete.generate(spec)
        res = analyze_samples(session.samples, t, side=side)
        for r in res["reps"]:
            scores.append(r["score"])
            for f in r["faults"]:
                seen[f] = seen.get(f, 0) + 1
    return set_stars(level, scores), scores, seen


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


def describe(level):
    """What the level asks, in a line: reps per set and leg, sets, legs, tempo and stars."""
    r, n, side = level.reps_per_side, level.sets, level.side
    sets = "%d sets of " % n if n > 1 else ""
    if side == "both":
        what = "%s%d reps per leg (left, then right)" % (sets, r)
    elif side == "alternate":
        what = "%s%d reps, alternating legs from the left" % (sets, r) if n > 1 else "%d reps on the left leg" % r
    elif side in ("left", "right"):
        what = "%s%d reps on the %s leg" % (sets, r, side)
    else:
        what = "%s%d reps with either leg" % (sets, r)
    if level.total_reps != r:
        what += ", %d in all" % level.total_reps
    if n > 1:
        what += ", %g s rest between sets" % (level.rest_ms / 1000.0)
    tempos = []
    for i in range(len(level.stages)):
        t = level.tempo_text(i)
        if t not in tempos:
            tempos.append(t)
    return "%s (%s): %s; tempo %s%s; stars at rep scores %s" % (
        level.name, level.id, what, " / ".join(tempos), "" if tempos == ["auto"] else " s (raise-pause-lower)",
        list(level.stars))


def report(level, res):
    lines = [describe(level), "%-8s %6s  %-19s %6s  %s" % ("ability", "pass", "stars 0/1/2/3", "score", "faults seen")]
    for ab in ABILITIES:
        r = res[ab]
        lines.append("%-8s %5d%%  %-19s %6.1f  %s" % (
            ab, round(100 * r["pass_rate"]), "/".join(str(x) for x in r["stars"]), r["mean_score"],
            ", ".join("%s %d" % kv for kv in r["faults"].items()) or "-"))
    return "\n".join(lines)


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--twin" in argv:  # through code.py in the digital twin (sim/levels/playtest_twin.py)
        from sim.levels import playtest_twin

        return playtest_twin.main([a for a in argv if a != "--twin"])
    from sim.levels.check import DEFAULT_FOLDER

    p = OneLineParser(prog="python -m sim playtest", description=__doc__.split("\n\n")[0])
    p.add_argument("level", nargs="?", help="a level file, e.g. levels/01-first-lifts.json")
    p.add_argument("--all", action="store_true", help="every level of levels/, with progress on stderr")
    p.add_argument("--athletes", type=int, default=6, help="athletes per ability (default 6)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    a = p.parse_args(argv)
    if bool(a.level) == bool(a.all):
        print("playtest: give a level file or --all (see --help)", file=sys.stderr)
        return 2
    if a.athletes < 1:
        print("playtest: --athletes must be at least 1", file=sys.stderr)
        return 2
    if a.all:
        paths = [os.path.join(DEFAULT_FOLDER, n) for n in level_files(DEFAULT_FOLDER)]
    else:
        paths = [a.level]
    levels = []
    for path in paths:
        lv, why = load_checked(path)
        if why:
            print("playtest: " + why, file=sys.stderr)
            return 2
        levels.append(lv)
    out = []
    t0 = time.perf_counter()
    for i, lv in enumerate(levels):
        if a.all:
            print("[%d/%d] %s (%.0f s so far)" % (i + 1, len(levels), lv.id, time.perf_counter() - t0),
                  file=sys.stderr, flush=True)
        res = playtest(lv, a.athletes, a.seed)
        out.append({"level": lv.id, "results": res})
        if not a.json:
            print(("\n" if i else "") + report(lv, res), flush=True)
    if a.json:
        print(json.dumps(out[0] if not a.all else {"levels": out}))
    return 0
