"""The core in the board's number formats: 30-bit floats, integer ms, and a clock that has run for hours.

CircuitPython's floats are 30 bits (float32 with the two lowest mantissa bits cleared, truncated); CPython
computes in 64-bit doubles. These tests run whole sessions twice, once as CPython computes and once with EVERY
float the core keeps rounded to the board's precision after every sample (a walk over the core's objects:
float attributes and float items of lists), with the core's running clock started 70 minutes in, and expect
the same counts and faults and phases within 10 ms.
"""

import struct

import pytest

from bandlift.motion.core import EV_REP_DONE, MotionCore
from sim.analysis.accuracy import SIDES, set_targets
from sim.athlete import generate, random_set
from sim.athlete.situations import situation_set

import random


def board_float(x):
    """x as CircuitPython keeps it: float32, the two lowest mantissa bits cleared (30 bits in all)."""
    try:
        bits = struct.unpack("<I", struct.pack("<f", x))[0]
    except OverflowError:
        return x  # beyond float32: the board would be out of range too; leave it for the core to reject
    return struct.unpack("<f", struct.pack("<I", bits & ~3))[0]


def round_core(obj, seen=None):
    """Round every float the core's objects keep, in place (objects of bandlift.*, lists of floats)."""
    if seen is None:
        seen = set()
    if id(obj) in seen:
        return
    seen.add(id(obj))
    d = getattr(obj, "__dict__", None)
    if d is None:
        return
    for k, v in list(d.items()):
        if type(v) is float:
            d[k] = board_float(v)
        elif type(v) is list:
            for i, x in enumerate(v):
                if type(x) is float:
                    v[i] = board_float(x)
        elif type(v).__module__.startswith("bandlift."):
            round_core(v, seen)


def run(samples, spec, board=False):
    core = MotionCore(set_targets(spec))
    core.new_set(SIDES[spec.side])
    if board:
        core.end = core.now = 70 * 60 * 1000  # the running clock after 70 minutes (an int: no steps)
    reps = []
    for s in samples:
        if board:
            s = (s[0],) + tuple(board_float(x) for x in s[1:])
        ev = core.feed(*s)
        if board:
            round_core(core)
        if ev & EV_REP_DONE:
            reps.append(core.last_rep.to_dict())
    return core, reps


def test_board_float_keeps_30_bits():
    assert board_float(1.0) == 1.0
    x = board_float(0.1)
    assert x != 0.1 and abs(x - 0.1) < 0.1 * 2.0 ** -21
    assert struct.unpack("<I", struct.pack("<f", x))[0] & 3 == 0


def test_round_core_reaches_every_stage():
    """The walk reaches the stages' floats (a test that rounds nothing could not fail)."""
    core = MotionCore(set_targets(random_set(random.Random(0))))
    core.tracker.vx = 0.1
    core.machine.up.snap[3] = 0.1
    core.axes.x[0] = 0.1
    round_core(core)
    assert core.tracker.vx != 0.1 and core.machine.up.snap[3] != 0.1 and core.axes.x[0] != 0.1


SESSIONS = [
    ("plain faulty set", lambda: random_set(random.Random(11), faulty=True, n_reps=8)),
    ("plain clean set, shin", lambda: random_set(random.Random(4), faulty=False, n_reps=8)),
    ("one-leg sway", lambda: situation_set("sway", 2)),
    ("strap flipped mid-set", lambda: situation_set("strap_flip", 1)),
]


@pytest.mark.parametrize("name,make", SESSIONS, ids=[s[0] for s in SESSIONS])
def test_board_precision_gives_the_same_reps(name, make):
    spec = make()
    spec.rate_hz = 52  # half the samples: the walk after every sample is slow in CPython
    samples = generate(spec).samples
    _, a = run(samples, spec)
    core, b = run(samples, spec, board=True)
    assert len(a) == len(b) == len(spec.reps)
    for x, y in zip(a, b):
        assert x["faults"] == y["faults"], (x, y)
        for k in ("raise_ms", "hold_ms", "lower_ms"):
            assert abs(x[k] - y[k]) <= 10, (k, x, y)
        assert isinstance(y["raise_ms"], int) and isinstance(y["start_ms"], int)
    assert core.machine.last_end >= 70 * 60 * 1000 and isinstance(core.machine.last_end, int)
