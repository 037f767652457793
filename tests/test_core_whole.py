"""The MotionCore as a whole, what a user notices: a long still top hold is one rep, a partial lift is none,
calibration at any strap orientation or on a table, a fast drop through a gap in the samples, and the per-step
numbers the core, the stand-in and the game declare again staying the named ones."""

import pytest

from bandlift.motion import flank
from bandlift.motion import phases, repend
from bandlift.motion.core import EV_CALIBRATED, EV_PARTIAL, EV_REP_DONE, PH_REST, MotionCore
from bandlift.targets import Targets
from sim.athlete import RepSpec, SetSpec, generate
from test_core_stages import G, STRAPS


def feed(samples, side=None):
    core = MotionCore(Targets())
    core.new_set(side)
    log = []  # (t_ms, events, phase)
    for s in samples:
        log.append((s[0], core.feed(*s), core.phase))
    return core, log


def test_a_long_still_top_hold_is_one_rep_counted_after_the_leg_comes_down():
    spec = SetSpec([RepSpec(1500, 10000, 3000, 1500, 40.0), RepSpec(1500, 1000, 3000, 1500, 40.0)], seed=5)
    s = generate(spec)
    core, log = feed(s.samples)
    assert core.reps == 2
    first = s.truth[0]
    in_hold = [ph for t, _, ph in log if first["raise_end_ms"] + 300 < t < first["lower_start_ms"] - 300]
    assert in_hold and PH_REST not in in_hold  # a still leg at the top is never taken for rest
    t_done = [t for t, ev, _ in log if ev & EV_REP_DONE]
    assert t_done[0] > first["lower_start_ms"] + 0.5 * first["lower_ms"]  # only once the leg came down
    assert core.stats.count == 2


def test_a_partial_lift_below_the_minimum_range_is_not_a_rep():
    reps = [RepSpec(1500, 1000, 3000, 1500, 40.0), RepSpec(1000, 1000, 2000, 1500, 7.0),
            RepSpec(1500, 1000, 3000, 1500, 40.0)]
    s = generate(SetSpec(reps, seed=9), check=False)  # the athlete's checker calls a 7 deg rep an error
    core, log = feed(s.samples)
    assert core.reps == 2
    assert any(ev & EV_PARTIAL for _, ev, _ in log)


@pytest.mark.parametrize("strap_deg,flipped", STRAPS)
def test_calibration_happens_on_a_still_moment_at_any_strap_orientation(strap_deg, flipped):
    spec = SetSpec([RepSpec(1500, 1000, 3000, 1500, 35.0)], strap_deg=strap_deg, flipped=flipped, seed=2,
                   mount="shin", side="left")
    s = generate(spec)
    core, log = feed(s.samples)
    t_cal = [t for t, ev, _ in log if ev & EV_CALIBRATED]
    assert len(t_cal) == 1 and t_cal[0] < s.truth[0]["start_ms"]  # during the still lead, before the lift
    assert core.calibrated and core.reps == 1


# Table poses, and how far each is from this set's rest pose on the leg: the same pose (a control), and three
# poses about 90 deg away.
TABLE_POSES = [
    pytest.param((G, 0.0, 0.0), id="same-as-on-leg"),
    pytest.param((0.0, 0.0, G), id="face-up-91deg"),
    pytest.param((0.0, 0.0, -G), id="face-down-89deg"),
    pytest.param((0.0, -G, 0.0), id="on-edge-91deg"),
]


@pytest.mark.parametrize("pose", TABLE_POSES)
def test_calibrated_on_a_table_then_strapped_on_counts_the_set(pose):
    """Turned on lying still on a table (calibrates there), then strapped on: the set is still counted (the
    table pose is no pose a lift reaches, or the strapped leg hangs with the board's face level: strap.py)."""
    spec = SetSpec([RepSpec(1500, 1000, 3000, 1500, 40.0)] * 3, seed=4, lead_ms=3000)
    s = generate(spec)
    table = [(10 * i, pose[0], pose[1], pose[2], 0.01, -0.01, 0.005) for i in range(300)]
    t0 = s.samples[0][0] - 3000 - 10  # a 3 s still gap-free handover: table ticks run on into the set
    on_leg = [(x[0] - t0,) + x[1:] for x in s.samples]
    core, _ = feed(table + on_leg)
    assert core.reps == 3


@pytest.mark.parametrize("seed", range(1, 7))
def test_a_fast_drop_with_a_100_ms_gap_in_the_samples_is_one_rep(seed):
    """A board that stalls ~100 ms (a FIFO overrun, a slow display refresh) while a 90 deg lift drops in 300 ms:
    the sample after the gap stands for the ms it covers, so the turn is not lost and the leg's settle is no
    new lift. Invariant: every gap of 100 ms ending in the drop's fast part leaves the set at its 3 reps."""
    from bandlift.compat import ticks_diff

    spec = SetSpec([RepSpec(1500, 600, 300, 2000, 90.0, faults=("DROP",))] * 3, seed=seed, stall_prob=0.0,
                   rate_hz=104)
    s = generate(spec)
    lower = s.truth[1]["lower_start_ms"]
    for start in (10, 30, 50):  # ms after the lowering starts
        cut = [x for x in s.samples if not 0 < ticks_diff(x[0], lower) - start < 100]
        core, _ = feed(cut)
        assert core.reps == 3, (start, core.reps)


def test_feed_steps_on_the_intake_block_and_stall_times():
    """feed() (core.py) folds the intake's block span and late-sample limit in as its own constants: they must be the
    intake's, or a sample stream would be stepped on another block than the one intake.py documents."""
    from bandlift.motion import core as mc, intake

    assert (mc._STEP_MS, mc._LATE_MS) == (intake._STEP_MS, intake._LATE_MS)
    # the loop times its reads in a rep's pause and lowering to the core's next step by the same span
    from bandlift import app

    assert app._STEP_MS == intake._STEP_MS
    # intake.py's own copies of the ticks' half period and period (a step back is a difference above the half)
    from bandlift import compat

    assert (intake._TICKS_HALF, intake._TICKS_PERIOD) == (compat.TICKS_HALF, compat.TICKS_PERIOD)
    # and the accelerometer's limit and the tick mask, written out in feed() as numbers
    from bandlift.compat import TICKS_MAX

    src = open(mc.__file__).read()
    assert intake._ACC_LIMIT2 == 25600.0 and "< 25600.0 and" in src
    assert TICKS_MAX == 0x1FFFFFFF and "& 0x1FFFFFFF" in src
    # and the onset ladders' lowest level, below which the phase machine keeps a ladder's peak without the call
    from bandlift.motion import flank, phases

    psrc = open(phases.__file__).read()
    assert flank._SPEEDS[0] == 2.0 and "rate >= 2.0" in psrc
    # and flank.threshold() and PhaseMachine._rest_band(), written out where the raise and the pause step: the
    # phase ends must stay where flank.threshold() and the rest band put them
    assert (flank._ONSET_FRAC, flank._FLOOR_DPS) == (0.1, 2.0)
    for peak in ("raise_peak", "lower_peak"):
        assert "thr = 0.1 * self.%s  # flank.threshold inlined\n" % peak in psrc
    assert psrc.count("if thr < 2.0:\n") == 2
    assert psrc.count("b = 0.4 * p\n") == 2 and psrc.count("if _REST_FRAC * p > b:\n") == 1
    assert "return _REST_FRAC * p if _REST_FRAC * p > b else b\n" in psrc


def test_per_step_numbers_declared_again_are_the_named_ones():
    """The per-step path declares other modules' numbers again as its own constants, under the same names (a name
    imported from another module, or a plain module global, is looked up at every use on the board; a constant
    is folded in): each must be the number it stands for, or a phase, an event bit, a glitch limit or the ring
    of the flank fit would silently differ."""
    from bandlift.motion import core as mc, events, flank, intake, phases, repend, restpose, stillness, tracker

    for mod in (mc, phases):
        for name in ("PH_CALIBRATING", "PH_REST", "PH_RAISE", "PH_HOLD", "PH_LOWER"):
            assert getattr(mod, name) == getattr(events, name), (mod.__name__, name)
    for name in dir(events):
        if name.startswith(("EV_", "SLIP_")):
            assert getattr(mc, name) == getattr(events, name), name
    for name in ("_R_PHASE", "_R_START"):
        assert getattr(mc, name) == getattr(phases, name), name
    # a rep's end (repend.py) reports the phase's bit and its own, which core.py and restpose.py declare again
    for name in ("_R_PHASE", "_R_DONE", "_R_PARTIAL"):
        assert getattr(mc, name) == getattr(repend, name), name
    for name in ("_R_DONE", "_R_PARTIAL"):
        assert getattr(restpose, name) == getattr(repend, name), name
    assert phases._R_PARTIAL == repend._R_PARTIAL  # (a lowering that passed through the rest pose: no rep)
    for name in ("PH_REST", "PH_RAISE", "PH_HOLD", "PH_LOWER"):
        assert getattr(repend, "_" + name) == getattr(events, name), name
    assert repend._MIN_MOVE_MS == phases._MIN_MOVE_MS
    assert (mc._GYRO_LIMIT2, mc._SPIKE_STEP) == (intake._GYRO_LIMIT2, intake._SPIKE_STEP)
    assert intake._PH_REST == events.PH_REST  # (a gap outside rest drops the rep under way: intake._gap)
    # the flank ring's step inlined in the core's (tests/test_core_flank.py's _push: the two compared step by step)
    assert (mc._RING, mc._KEEP_MS, mc._LEAK_MS) == (flank._RING, flank._KEEP_MS, flank._LEAK_MS)
    # the board tumbled: the strap taken off (a rep begun after it, before the leg stood still, is the hand's)
    from bandlift.motion import strap

    assert mc._HANDLED_COS == strap.HANDLED_COS
    # flank.threshold() inlined in the phase machine's raise and lowering: 10 % of the peak, never below 2 deg/s
    assert (flank._ONSET_FRAC, flank._FLOOR_DPS) == (0.1, 2.0)
    assert open(phases.__file__).read().count("0.1 * self.") == 2
    # the tracker's trust in the accelerometer: its speed scale is 1 (rad/s)^2, so update() does not divide by it
    assert tracker._ACC_TRUST_W2 == 1.0
    assert stillness._GYRO_TOL2 == stillness._GYRO_TOL ** 2 and stillness._ACC_TOL2 == stillness._ACC_TOL ** 2
