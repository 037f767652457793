"""A set begun with the leg up, held perfectly still, then lowered (issue 19): the start is found up once, and
nothing after it is judged against the wrong rest pose. The board worn on the side of the leg, where only the
first movement's lever arm (lever.py) or a square board (strap.py) says which pose hangs."""

import math
import random

import pytest

from bandlift.motion.stillness import StillDetector
from sim.analysis import evaluate
from sim.athlete.situations import situation_set
from tests.test_core_situations import Run


# Still windows shrink a still leg's gyro bias (stillness.py: gravity's turn between a window's halves, only the
# accelerometer's noise when the leg is still, is added to the gyro mean only when it opposes it): 0.005-0.01 rad/s
# off, a 25 deg lowering over 2.7 s is read 1-2 deg off and the lever test says nothing; the first rep stops within
# 0.5 deg of the start pose, so turn_over cannot say it either (seed 559: read upside down). Taking that correction
# only over 0.02 rad/s fixes it, and loses a rep of one-leg sway read through a 3.8x gyro
# (test_core_situations.py, seed 18): left to the gyro-scale work on stillness.py. The lever test no longer reads
# that bias as a short lever (strap.lever carries gravity only while the board turns: test_core_lever.py), so seed
# 559 is read the right way up; the bias itself is still shrunk (the test below).


def side_worn(seeds):
    """leg_up_still seeds whose strap sits on the side of the leg (60-120 deg round it, either side)."""
    return [s for s in seeds if 60.0 <= situation_set("leg_up_still", s).strap_deg % 180.0 <= 120.0]


@pytest.mark.parametrize("seed", side_worn(list(range(400, 440)) + list(range(550, 570))))
def test_a_leg_held_up_at_the_start_is_found_up_once_and_every_rep_counts(seed):
    """The person holds the leg 20-50 deg up without sway, lowers it over 2-3 s, stands and does the set, the board
    at any angle in a strap on the side of the leg. What the user sees: every rep counted once, no ghost, no clean
    rep given a fault, no "strap moved", each rep timed as the leg moved (not read upside down), and the core
    calibrated twice: at the start pose, and once at the rest the leg was lowered to (the first rep's pause,
    which a board off square by the lift's height shows square, is not taken for rest again)."""
    r = Run("leg_up_still", seed)
    assert_read_right_way_up(r)
    assert len(r.cal) == 2, r.cal


def assert_read_right_way_up(r):
    """Every rep of Run `r` counted once, no ghost, no clean rep given a fault, no "strap moved", and each rep timed
    as the leg moved (read upside down, a rep's raise is the person's lowering)."""
    ev = evaluate.evaluate_set(r.reps, r.truth, r.t0)
    assert ev["exact"], (ev["ghosts"], ev["misses"])
    assert r.clean_with_faults() == []
    assert r.slips == []
    assert r.mistimed() == []


@pytest.mark.parametrize("seed", [1, 3, 5])
def test_a_board_held_perfectly_still_reads_its_gyro_bias(seed):
    """Invariant: a board held perfectly still, in any pose, with the sensor's white noise (the athlete's: 0.03 m/s^2
    on each accelerometer sample, 0.005 rad/s on each gyro sample), gives still windows whose gyro means are its
    bias within the noise: their mean over 4 s is the bias within 0.001 rad/s (0.06 deg/s) on every axis. The
    accelerometer's noise turns no gravity: a correction for gravity's turn that is only that noise, applied only
    when it opposes the gyro, shrank the bias by 0.005-0.01 rad/s (0.3-0.6 deg/s, a 25 deg lowering over 3 s read
    1-2 deg off: the lever test then said nothing)."""
    rng = random.Random(seed)
    bias = [rng.uniform(-0.05, 0.05) for _ in range(3)]
    u = [rng.gauss(0.0, 1.0) for _ in range(3)]
    n = math.sqrt(sum(x * x for x in u))
    g = [9.80665 * x / n for x in u]
    st = StillDetector()
    means = []
    for _ in range(4000 // 30):
        # a 30 ms step: the mean gyro of its ~3 samples (104 Hz), the accelerometer of its last one
        a = [x + rng.gauss(0.0, 0.03) for x in g]
        w = [b + rng.gauss(0.0, 0.005 / math.sqrt(3.0)) for b in bias]
        if st.update(30, a[0], a[1], a[2], w[0], w[1], w[2], True):
            means.append((st.mean_gx, st.mean_gy, st.mean_gz))
            st.restart()
    assert len(means) >= 6
    for i in range(3):
        m = sum(x[i] for x in means) / len(means)
        assert abs(m - bias[i]) < 0.001, (i, m, bias[i])
