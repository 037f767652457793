"""The gyro scale's correction (motion/scale.py) is code the board loads only when a scale is found, and lets go at
once (lifetime.py): a sound gyro's session never has it on the heap, and a gyro read for another range is corrected
through it all the same."""

import builtins
import sys

from tests.test_core_situations import Run

SCALE = "bandlift.motion.scale"


def _imports_of_scale(monkeypatch):
    """A list that grows by one at each import of motion/scale.py from here on."""
    seen = []
    real = builtins.__import__

    def spy(name, globals=None, locals=None, fromlist=(), level=0):
        if name == SCALE or name == "bandlift.motion" and fromlist and "scale" in fromlist:
            seen.append(name)
        return real(name, globals, locals, fromlist, level)

    monkeypatch.setattr(builtins, "__import__", spy)
    return seen


def test_a_gyro_read_for_another_range_is_corrected_through_scale_py_which_is_let_go(monkeypatch):
    """gyro_scale seed 3, a gyro reading 2.4x: the scale is taken (the tracker's gain within 25 % of the truth) and
    every rep counts; scale.py was loaded for it, and is loaded no more once the set is over (nor named by its
    package: the board would keep its code)."""
    seen = _imports_of_scale(monkeypatch)
    r = Run("gyro_scale", 3)
    assert abs(r.core.tracker.gain * r.spec.gyro_scale - 1.0) < 0.25
    assert len(r.pairs) == len(r.truth) == len(r.reps)
    assert seen
    assert SCALE not in sys.modules
    assert not hasattr(sys.modules["bandlift.motion"], "scale")


def test_a_sound_gyro_never_loads_scale_py(monkeypatch):
    """A set standing on one leg through a sound gyro (sway, seed 0): no scale is taken and scale.py is never
    imported."""
    seen = _imports_of_scale(monkeypatch)
    r = Run("sway", 0)
    assert r.core.tracker.gain == 1.0
    assert len(r.pairs) == len(r.truth) == len(r.reps)
    assert seen == []


def test_a_scale_whose_module_finds_no_room_is_taken_at_the_next_chance(monkeypatch):
    """The board short of memory as a scale is found (gyro_scale seeds 3 and 6, a gyro reading 2.4x and 3.8x): the
    import of scale.py raises MemoryError out of feed() once, the loop drops that sample (as app.py's drain does), and
    the scale is found again and taken at the check's next chance: every rep of the set is counted."""
    from bandlift.motion.core import EV_REP_DONE, MotionCore
    from sim.analysis import evaluate
    from sim.analysis.accuracy import SIDES, set_targets
    from sim.athlete import generate
    from sim.athlete.situations import situation_set

    real = builtins.__import__
    for seed in (3, 6):
        short = [1]

        def no_room(name, globals=None, locals=None, fromlist=(), level=0):
            if name == "bandlift.motion" and fromlist and "scale" in fromlist and short[0]:
                short[0] = 0
                raise MemoryError("memory allocation failed")
            return real(name, globals, locals, fromlist, level)

        spec = situation_set("gyro_scale", seed)
        s = generate(spec)
        core = MotionCore(set_targets(spec))
        core.new_set(SIDES[spec.side])
        monkeypatch.setattr(builtins, "__import__", no_room)
        reps, dropped = [], 0
        for x in s.samples:
            try:
                ev = core.feed(*x)
            except MemoryError:
                dropped += 1
                continue
            if ev & EV_REP_DONE:
                reps.append(core.last_rep.to_dict())
        monkeypatch.setattr(builtins, "__import__", real)
        assert dropped == 1
        assert abs(core.tracker.gain * spec.gyro_scale - 1.0) < 0.25
        assert evaluate.evaluate_set(reps, s.truth, s.samples[0][0])["exact"]
