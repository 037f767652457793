"""A set begun with the leg up, held perfectly still, then lowered (issue 19): the start is found up once, and
nothing after it is judged against the wrong rest pose. The board worn on the side of the leg, where only the
first movement's lever arm (lever.py) or a square board (strap.py) says which pose hangs."""

import math
import random

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bandlift.motion.core import MotionCore
from bandlift.targets import Targets
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
    assert_counted_and_quiet(r)
    assert r.mistimed() == []


def assert_counted_and_quiet(r):
    """Every rep of Run `r` counted once, no ghost, no clean rep given a fault, no "strap moved"."""
    ev = evaluate.evaluate_set(r.reps, r.truth, r.t0)
    assert ev["exact"], (ev["ghosts"], ev["misses"])
    assert r.clean_with_faults() == []
    assert r.slips == []


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
    st = MotionCore(Targets()).still  # (a core not yet calibrated: no offset known, no turn test)
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


# ------------------------------------------------------- which pose hangs (strap.py, before the first rep)

def _board_gravity(lying, strap_deg, board_deg, elev_deg):
    """Unit gravity (up, as the accelerometer reads it) in the board's frame, the limb raised elev_deg from rest.
    The limb's frame: L along the limb (away from the hip), F the way its front faces, S = L x F (the lift axis);
    standing, L hangs down and F faces forward; lying on the back, L lies level and F faces up. The board lies on
    the skin strap_deg round the limb from its front, its x axis board_deg from L in its plane. A lift turns L
    towards F by elev_deg; the up direction, fixed in the world, then reads in the limb's frame as below."""
    e = math.radians(elev_deg)
    # up in the limb's frame (L, F, S components) at rest, turned back by the lift
    up_l, up_f = (0.0, 1.0) if lying else (-1.0, 0.0)
    l = math.cos(e) * up_l + math.sin(e) * up_f
    f = -math.sin(e) * up_l + math.cos(e) * up_f
    up = (l, f, 0.0)
    p = math.radians(strap_deg)
    z = (0.0, math.cos(p), math.sin(p))  # the board's face: F turned towards S
    w = (z[1] * 0.0 - z[2] * 0.0, z[2] * 1.0 - z[0] * 0.0, z[0] * 0.0 - z[1] * 1.0)  # z x L, L = (1, 0, 0)
    b = math.radians(board_deg)
    x = tuple(math.cos(b) * li + math.sin(b) * wi for li, wi in zip((1.0, 0.0, 0.0), w))
    y = (z[1] * x[2] - z[2] * x[1], z[2] * x[0] - z[0] * x[2], z[0] * x[1] - z[1] * x[0])
    return tuple(sum(u * v for u, v in zip(up, axis)) for axis in (x, y, z))


def _says_rest(first, here):
    """The strap watch of a set not yet begun (no rep, no lift axis learned), its rest learned at the still pose
    `first`, at two still windows in a row 0.5 s apart at the pose `here` (the leg not at rest by the phase
    machine): True when it takes `here` for the rest (ACT_FIX_START)."""
    from bandlift.motion import strap
    from bandlift.motion.tracker import Tracker

    g = 9.80665
    tr = Tracker()
    tr.set_rest(*(g * x for x in first))
    sw = strap.StrapWatch(tr)
    e = math.degrees(math.acos(min(1.0, sum(u * v for u, v in zip(first, here)))))
    acts = [sw.still(t, False, False, e, 0.0, *(g * x for x in here)) for t in (10000, 10500)]
    return strap.ACT_FIX_START in acts


_STRAP_FRONT_OR_BACK = st.floats(-40.0, 40.0).map(lambda d: d % 360.0) | st.floats(140.0, 220.0)


@given(lying=st.booleans(), strap=_STRAP_FRONT_OR_BACK, board=st.floats(0.0, 360.0), top=st.floats(6.0, 118.0))
def test_the_first_pause_of_a_set_begun_at_rest_is_never_taken_for_the_rest(lying, strap, board, top):
    """Invariant: a set begun at rest (hanging or lying level), at the pause of its first lift (6-118 deg high
    standing, 6-75 lying), the strap watch keeps the rest where the set began: a lift from a limb at rest never
    makes the rest point up. (Lying, past 77 deg: the test below.)"""
    assume(not lying or top < 75.0)
    first = _board_gravity(lying, strap, board, 0.0)
    here = _board_gravity(lying, strap, board, top)
    assert not _says_rest(first, here)


@pytest.mark.xfail(strict=True, raises=AssertionError, reason=(
    "the face test (strap.py) takes a pose whose board face is level (within 10 deg) for a hanging leg; a leg lying "
    "on its back raised past 77 deg holds the face as level (the board on the front or back half of the thigh), and "
    "its first pause is taken for the rest: the set is then read upside down. Where the limb points (its long axis "
    "lies across the turn in the board's plane) would tell the two, but read from two poses a lying leg rolled about "
    "its length before the first rep reads as one raised past 20 deg (UCI s2/e3/u3/test lost a rep to it)"))
@pytest.mark.parametrize("strap", [0.0, 180.0, 30.0])
def test_a_lying_leg_raised_past_77_deg_keeps_its_rest(strap):
    """A supine straight-leg raise to 85 deg (hamstrings that allow it): the first pause is no rest."""
    first = _board_gravity(True, strap, 0.0, 0.0)
    here = _board_gravity(True, strap, 0.0, 85.0)
    assert not _says_rest(first, here)


@pytest.mark.xfail(strict=True, raises=AssertionError, reason=(
    "a start held up only 7-12 deg, then lowered, is read upside down: the turn is under the lever test's 12 deg, the "
    "board's face leans under the face test's 0.1 (sin 6 deg) more than at the rest, standing; lying, a start held "
    "up and lowered to the bed reads as the top leg of a side-lying abduction rests (10 deg below level) and rises. "
    "Where the limb points tells the standing ones (its long axis lies across the turn in the board's plane, and a "
    "limb at rest never points up): tried, it read the three standing ones the right way up, but two poses cannot "
    "tell a lift from a lying leg rolled about its length before the first rep (UCI s2/e3/u3/test lost a rep to "
    "it), nor a supine start held up from a side-lying rest (UCI s1/e4: a rep lost in all four sessions)"))
@pytest.mark.parametrize("seed", [304, 315, 340, 302, 307])
def test_a_small_lift_begun_with_the_leg_held_up_is_read_the_right_way_up(seed):
    """leg_up_small, development seeds: a person with 10-20 deg of range holds the leg up 7-13 deg at the start,
    still, lowers it, and does the set, standing (304, 315, 340) or lying on the back (302, 307), the board on the
    front or back half of the thigh."""
    r = Run("leg_up_small", seed)
    f = r.spec.strap_deg % 180.0
    assert min(f, 180.0 - f) < 40.0
    assert_read_right_way_up(r)


def test_a_leg_held_up_with_a_square_board_is_found_up_by_its_seat_where_the_lever_test_says_nothing():
    """leg_up_start dev seed 323: the thigh held 23 deg up for 3.2 s and lowered over 1.5 s, the board square in its
    strap, flipped, on the side of the leg (267 deg round it), where its face cannot say which pose hangs and the
    lever test (lever.py) says nothing of this lowering. The board's square seat (strap.py: a hanging leg holds the
    board's x or y along gravity) finds the start up: every rep counted once and read the right way up. (Without the
    square test the set reads 2 ghosts and 2 misses; it also turns slow_small check seeds 34 and 72 upside down
    when the board sits 20 deg off square, `--with board`: the test is a prior on how people seat the board.)"""
    r = Run("leg_up_start", 323)
    assert_counted_and_quiet(r)
    assert len(r.cal) == 2, r.cal
    # the right way up: each raise (1.0-1.3 s) timed as the person's raise, not as their lowering (3.1-3.7 s). (The
    # lowerings' ends read 0.3-0.65 s off under this set's sway: past assert_read_right_way_up's 400 ms)
    for i, j in r.pairs:
        assert abs(r.reps[i]["raise_ms"] - r.truth[j]["raise_ms"]) < 250, (j, r.reps[i]["raise_ms"])
