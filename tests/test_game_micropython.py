"""The game's logic under the real MicroPython interpreter: a three-set alternating level with a rest, strap
moves, faulty reps, a quit and a power cycle play the same there as under CPython (navigation, sets, tallies,
pages, the streak and the garden), and in a heap the size of a board's."""

import json
import os

from sim.device import mpy
from test_micropython import needs_mpy

DRIVER = r'''
import json
from bandlift import faults
from bandlift.compat import TICKS_PERIOD
from bandlift.motion.standin import StandInCore, EV_CALIBRATED, EV_REP_DONE, EV_REP_START, EV_SLIPPED, EV_FATIGUE
from bandlift.targets import Targets
from bandlift.levels.parse import parse_level
from bandlift.game.state import GameState, S_PLAY, S_REST, S_SUMMARY
from bandlift.progress import Store
from bandlift.progress.memfs import MemFs

drive = MemFs()  # the real store on a drive in RAM: each power-up below loads what the last one saved


def rep(core, score, mask, lower_ms=3000):
    r = core.last_rep
    r.clear()
    r.score = score
    r.stars = core.targets.stars_for(score)
    r.faults = mask
    r.cue = faults.top_cue(mask)
    r.lower_ms = lower_ms
    r.hold_ms = 1000
    r.side = core.side
    core.reps += 1
    return EV_REP_DONE


def level():
    return parse_level({"format": 1, "name": "Three Alternating", "description": "Lift, pause, lower slowly.",
                        "side": "alternate", "sets": 3, "rest_ms": 20000, "reps": 3,
                        "tempo": {"raise_ms": 1500, "pause_ms": 1000, "lower_ms": 3000, "reset_ms": 1000}},
                       "alt.json")


out = []
t = 536800000  # ticks wrap at 2**29 during the run
W = TICKS_PERIOD
store = Store("/progress.json", drive)
core = StandInCore(Targets())
core.calibrated = True
g = GameState(core, [level()], store)
g.on_button(1, False, t)
sides = []
for s in range(3):
    sides.append(g.set_tally.side)
    for score, mask in ((95, 0), (92, faults.DROP), (90, 0)):
        g.on_events(EV_REP_START, t)
        t = (t + 4000) % W
        g.on_events(rep(core, score, mask), t)
        out.append([g.set_tally.combo, g.set_tally.reps_done])
    t = (t + 3000) % W
    g.tick(t)
    if g.screen == S_REST:
        out.append(["rest", g.rest_left_s(t), g.strap, list(g.lines_all())])
        core.slip_kind = 4
        g.on_events(EV_SLIPPED, t)
        g.on_events(EV_CALIBRATED, t)
        t = (t + 20000) % W
        g.tick(t)
s = g.summary
out.append(sides)
out.append([s["stars"], s["score"], s["reps"], s["best_combo"], s["cue"], s["cue_n"], s["streak"], s["garden"]])
out.append(g.lines_all())
# a second session: start, quit (no record), then power up again: the streak is broken
core2 = StandInCore(Targets())
core2.calibrated = True
g2 = GameState(core2, [level()], Store("/progress.json", drive))
g2.on_button(1, False, t)
g2.on_button(2, False, t)
out.append([g2.summary["quit"], g2.store.store.data["levels"] == store.data["levels"]])
g3 = GameState(StandInCore(Targets()), [level()], Store("/progress.json", drive))
out.append([g3.growth.streak, g3.growth.good_sets, g3.growth.d["best_streak"]])
print(json.dumps(out))
'''


def run_cpython(path):
    import subprocess
    import sys

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([mpy.LIB, env.get("PYTHONPATH", "")])
    p = subprocess.run([sys.executable, path], capture_output=True, text=True, env=env, cwd=mpy.ROOT, timeout=120)
    assert p.returncode == 0, p.stderr
    return p.stdout


@needs_mpy
def test_a_three_set_alternating_level_plays_the_same_under_micropython(tmp_path):
    path = tmp_path / "play_game.py"
    path.write_text(DRIVER)
    got = json.loads(mpy.run_micropython([str(path)], heap="256k").strip().splitlines()[-1])
    want = json.loads(run_cpython(str(path)).strip().splitlines()[-1])
    assert got == want
    assert got[-5] == ["L", "R", "L"]
    stars, score, reps, best_combo, cue, cue_n, streak, garden = got[-4]
    assert reps == 9 and best_combo == 1 and cue == "Lower slower" and cue_n == 3 and streak == 1
    assert garden == 3 and stars == 3  # three good sets; a DROP breaks the combo, not the stars
    assert got[-2] == [True, True], "a quit records nothing"
    assert got[-1] == [0, garden, 1], "a session that finished no set broke the streak; the garden keeps"
