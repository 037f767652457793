"""The lift axis voted over the last five reps (bandlift.motion.axisvote.AxisVote): a drift outward tilts a rep's raise axis
20-37 deg toward the abduction axis (the l04-drift script's reps), each rep its own way; a strap turned about
the thigh turns it too, but for good."""

import math
import os

from bandlift.compat import ticks_diff
from bandlift.motion import core as mc
from bandlift.motion.axisvote import AxisVote
from bandlift.motion.core import MotionCore
from bandlift.motion.tracker import Tracker
from sim.analysis.accuracy import SIDES, set_targets
from sim.athlete import generate
from sim.athlete.script import load_script
from sim.athlete.situations import situation_set


def plane_after(tilts_deg):
    """Azimuth (deg, about rest-up) of the learned axis after reps whose raise axes are tilted by tilts_deg from
    the first lift's axis (x), the rest pose along z."""
    tr = Tracker()
    tr.set_rest(0.0, 0.0, 9.80665)
    tr.set_axis(1.0, 0.0, 0.0)
    vote = AxisVote()
    for d in tilts_deg:
        r = math.radians(d)
        vote.add(math.cos(r), math.sin(r), 0.0)
        vote.consensus(tr)
    return math.degrees(math.atan2(tr.uy, tr.ux))


def test_three_drifting_reps_of_five_leave_the_plane_to_the_straight_ones():
    """The knee out on 3 of the last 5 reps (G F G F F G F F): the plane stays within 6 deg of the straight reps'
    (taken by the drifting reps, it read the next straight rep as 13 deg out and the drifting ones as 5-8)."""
    reps = (0.7, -20.2, 4.1, -20.4, -24.8, 1.0)
    for k in range(1, len(reps) + 1):
        assert abs(plane_after(reps[:k])) < 6.0, k


def test_drifting_reps_that_are_most_of_the_last_five_leave_the_plane_while_straight_reps_come_between():
    """The l04-drift script's pattern (G F G F F G F F) and on (G F F G F F): four of the last five reps drift,
    at most two in a row. Every straight rep agrees with the plane, so the plane stays within 3 deg of the
    straight reps' (the vote of the five took the drifting reps' axis at the eighth rep)."""
    reps = (0.7, -24.1, 3.3, -24.6, -28.8, 0.5, -38.7, -29.7, 1.0, -25.0, -30.0, 2.0, -27.0, -33.0)
    for k in range(1, len(reps) + 1):
        assert abs(plane_after(reps[:k])) < 3.0, k


def test_three_reps_in_a_row_that_agree_off_the_plane_take_it():
    """A strap turned 30 deg about the thigh while the samples stopped: every rep after it is on the new axis.
    The plane stays through two of them and is theirs at the third."""
    reps = (0.0, 1.0, -1.0, 30.0, 31.0, 29.0, 30.0)
    for k in range(1, 6):
        assert abs(plane_after(reps[:k])) < 3.0, k
    for k in range(6, len(reps) + 1):
        assert abs(plane_after(reps[:k]) - 30.0) < 1.0, k


def test_three_reps_off_the_plane_each_its_own_way_leave_it():
    """Three drifting reps in a row 15-45 deg out (no two within 12 deg of each other) are no new axis."""
    assert abs(plane_after((0.0, 1.0, -15.0, -30.0, -45.0))) < 3.0


def test_a_strap_creeping_round_the_thigh_is_followed():
    """2 deg further round at every rep: the plane follows, each rep within 7 deg of it (no DRIFT)."""
    reps = [2.0 * k for k in range(25)]
    for k in range(1, len(reps)):
        assert abs(plane_after(reps[:k]) - reps[k]) < 7.0, k


def _core_run(spec, skip=None):
    """(faults of each counted rep, slip kinds said) for spec through the core; samples skip[0] <= t < skip[1]
    (ms from the first) are dropped."""
    s = generate(spec)
    t0 = s.samples[0][0]
    core = MotionCore(set_targets(spec))
    core.new_set(SIDES[spec.side])
    faults, slips = [], []
    for x in s.samples:
        if skip and skip[0] <= ticks_diff(x[0], t0) < skip[1]:
            continue
        ev = core.feed(*x)
        if ev & mc.EV_SLIPPED:
            slips.append(core.slip_kind)
        if ev & mc.EV_REP_DONE:
            faults.append(core.fault_names())
    return faults, slips, s


def test_a_person_drifting_on_most_reps_hears_drift_on_every_one():
    """The l04-drift script (knee out 16-25 deg on reps 2, 4, 5, 7, 8) with G F F twice more: nine of fourteen
    reps drift, never three in a row. Each drifting rep is DRIFT and no straight one is (reps 7-8 of the script
    lost their DRIFT when the plane went to the drifting reps' axis)."""
    spec = load_script(os.path.join(os.path.dirname(__file__), "..", "sim", "scripts", "l04-drift.json"))
    spec.reps = list(spec.reps) + list(spec.reps[5:8]) * 2
    faults, slips, s = _core_run(spec)
    assert not slips
    assert len(faults) == len(s.truth) == 14
    for i, (f, t) in enumerate(zip(faults, s.truth)):
        assert ("DRIFT" in f) == ("DRIFT" in t["faults"]), (i + 1, f)


def test_a_strap_turned_30_deg_while_the_samples_stopped_is_taken_at_the_third_rep_after():
    """The samples stop while the strap is turned 30 deg about the thigh (the gyro sees none of it; too little
    for the next lift to leave rest sideways): the three reps after it read as DRIFT (one rep cannot tell a
    turned strap from a drift), the rest are on the new plane, nothing else is said and every rep counts."""
    for seed in (0, 3):
        spec = situation_set("strap_turn", seed)
        spec.change_strap_deg = (spec.strap_deg + 30.0) % 360.0
        s = generate(spec)
        end = ticks_diff(s.truth[spec.change_after]["end_ms"], s.samples[0][0])
        # (the turn runs from 800 ms after that rep's end for change_ms)
        faults, slips, s = _core_run(spec, (end + 600, end + 1000 + spec.change_ms))
        assert not slips and len(faults) == len(s.truth), seed
        k = spec.change_after + 1  # reps before the turn
        drift = ["DRIFT" in f for f in faults]
        assert drift == [False] * k + [True] * 3 + [False] * (len(faults) - k - 3), (seed, faults)
