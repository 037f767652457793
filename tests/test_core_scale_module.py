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
