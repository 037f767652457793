"""The core with what people do (sim/athlete/situations.py): a few seeded sets per situation, asserting what
a user would notice. The long sweeps are in docs/accuracy.md (`python -m sim accuracy`)."""

import math

import pytest

from bandlift.compat import ticks_diff
from bandlift.motion import core as mc
from bandlift.motion.core import MotionCore
from bandlift.motion.stillness import _BIAS_LIMIT as BIAS_LIMIT
from sim.analysis import evaluate
from sim.analysis.accuracy import SIDES, set_targets
from sim.athlete import generate
from sim.athlete.situations import situation_set


class Run:
    """One situation set through the core, with what happened when (ms from the first sample)."""

    def __init__(self, kind, seed, side=True, edit=None, targets=None):
        """edit(spec): changes the drawn set before it is generated; targets: the core's, else the set's own."""
        self.spec = spec = situation_set(kind, seed)
        if edit is not None:
            edit(spec)
        self.session = s = generate(spec)
        self.core = core = MotionCore(targets if targets is not None else set_targets(spec))
        if side:
            core.new_set(SIDES[spec.side])
        self.t0 = t0 = s.samples[0][0]
        self.reps, self.slips, self.cal = [], [], []
        for x in s.samples:
            ev = core.feed(*x)
            t = ticks_diff(x[0], t0)
            if ev & mc.EV_CALIBRATED:
                self.cal.append(t)
            if ev & mc.EV_SLIPPED:
                self.slips.append((t, core.slip_kind))
            if ev & mc.EV_REP_DONE:
                self.reps.append(core.last_rep.to_dict())
        self.truth = s.truth
        self.pairs = evaluate.match_reps(self.reps, self.truth, t0)

    def rel(self, tick):
        return ticks_diff(tick, self.t0)

    def clean_with_faults(self):
        """Clean reps in truth that were given a fault: (truth index, faults)."""
        return [(j, self.reps[i]["faults"]) for i, j in self.pairs
                if not self.truth[j]["faults"] and self.reps[i]["faults"]]

    def mistimed(self):
        """Matched reps not timed as the leg moved (truth index, raise, pause, lowering ms): a raise or pause more
        than 250 ms off the truth's, a lowering more than 400 ms (read upside down, a raise is the person's
        lowering, 1.3-1.5x as long)."""
        out = []
        for i, j in self.pairs:
            r, t = self.reps[i], self.truth[j]
            if abs(r["raise_ms"] - t["raise_ms"]) >= 250 or abs(r["hold_ms"] - t["hold_ms"]) >= 250 \
                    or abs(r["lower_ms"] - t["lower_ms"]) >= 400:
                out.append((j, r["raise_ms"], r["hold_ms"], r["lower_ms"]))
        return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_one_leg_sway_calibrates_within_two_seconds_and_counts(seed):
    """Standing on one leg sways the thigh +-1-2 deg (faster than the old 3.4 deg/s stillness allowed)."""
    r = Run("sway", seed)
    assert r.cal and r.cal[0] <= 2000
    assert len(r.reps) == len(r.truth)


@pytest.mark.parametrize("seed", [0, 3])
def test_unsteady_user_is_counted(seed):
    r = Run("unsteady", seed)
    assert r.cal and r.cal[0] <= 2000
    assert len(r.reps) == len(r.truth)


def test_a_bias_on_a_swaying_shin_is_not_taken_for_a_gyro_scale():
    """Held-out unsteady seed 96 (shin strap, sway and balance jolts): the still windows leave a bias of a few
    deg/s, so a lift and its pause read 0.6 of what gravity shows and the lowering reads over: a bias adds to
    one movement and takes from the next. The next lift, the same way, read 0.6 again, and the two were taken for
    a scale error (a 1.7x correction; 2 reps lost). The gyro is right: its scale stays, every rep counts once."""
    r = Run("unsteady", 96)
    assert r.spec.mount == "shin" and r.spec.jolts and r.spec.gyro_scale == 1.0
    assert r.core.tracker.gain == 1.0
    ev = evaluate.evaluate_set(r.reps, r.truth, t0=r.t0)
    assert ev["exact"], (ev["ghosts"], ev["misses"])


@pytest.mark.parametrize("seed", [0, 1, 2, 5])
def test_a_set_started_with_the_leg_up_reads_the_leg_down_as_rest(seed):
    """The first still moment is the raised leg; the lift against gravity shows which pose is rest, so the reps
    are neither DROP nor SHORT and each is timed as the leg really moved."""
    r = Run("leg_up_start", seed)
    assert len(r.reps) == len(r.truth)
    assert r.clean_with_faults() == []
    for i, j in r.pairs:
        assert abs(r.reps[i]["raise_ms"] - r.truth[j]["raise_ms"]) < 250


def test_a_stuck_gyro_is_never_learned_as_bias():
    """A gyro reading full scale for the first seconds: calibration waits for it, the bias stays a bias."""
    r = Run("gyro_stuck", 0)
    assert r.cal and r.cal[0] > r.spec.gyro_stuck_ms
    b = math.sqrt(r.core.bx ** 2 + r.core.by ** 2 + r.core.bz ** 2)
    assert b < BIAS_LIMIT
    assert len(r.reps) == len(r.truth)


@pytest.mark.parametrize("kind,seed,kinds", [
    ("strap_turn", 0, (mc.SLIP_TURNED,)),
    ("strap_turn", 2, (mc.SLIP_TURNED,)),
    ("strap_flip", 0, (mc.SLIP_FLIPPED,)),
    ("strap_flip", 3, (mc.SLIP_FLIPPED,)),
    ("other_leg", 0, (mc.SLIP_OTHER_LEG, mc.SLIP_TURNED)),
    ("other_leg", 4, (mc.SLIP_OTHER_LEG, mc.SLIP_TURNED)),
])
def test_a_strap_changed_mid_set_is_announced_and_the_set_counted_on(kind, seed, kinds):
    """EV_SLIPPED after the change, its slip_kind right by the time the next rep is done (the handling of a
    flip may first look like a turn), calibrated again by then, and every rep counted (no silent zero)."""
    r = Run(kind, seed)
    k = r.spec.change_after
    t_change = r.rel(r.truth[k]["end_ms"])
    t_next_end = r.rel(r.truth[k + 1]["end_ms"])
    after = [(t, sk) for t, sk in r.slips if t_change < t <= t_next_end]
    assert after and after[-1][1] in kinds, r.slips
    assert len(r.reps) == len(r.truth)
    assert any(t_change < t <= t_next_end + 500 for t in r.cal)
    assert r.core.calibrated


def test_moving_the_strap_to_the_other_leg_through_the_game_relearns_it():
    """new_set with the other side: calibrated is False until the rest pose is learned again."""
    spec = situation_set("sway", 0)
    s = generate(spec)
    core = MotionCore(set_targets(spec))
    core.new_set("R")
    for x in s.samples[: len(s.samples) // 3]:
        core.feed(*x)
    assert core.calibrated
    core.new_set("R")
    assert core.calibrated  # the same leg keeps its calibration
    core.new_set("L")
    assert not core.calibrated and core.phase == mc.PH_CALIBRATING
    evs = 0
    for x in s.samples[len(s.samples) // 3:]:
        evs |= core.feed(*x)
    assert evs & mc.EV_CALIBRATED and core.calibrated


@pytest.mark.parametrize("seed", [0, 2, 3])
def test_a_first_rep_that_drifts_does_not_make_the_straight_reps_drift(seed):
    r = Run("first_rep_drift", seed)
    assert len(r.reps) == len(r.truth)
    later = [f for j, f in r.clean_with_faults() if j > 0]
    assert not any("DRIFT" in f for f in later), later


@pytest.mark.parametrize("seed", [0, 1])
def test_a_kick_whose_overshoot_settles_is_a_kick_not_a_wobble(seed):
    r = Run("kick_settle", seed)
    kicks = [(i, j) for i, j in r.pairs if "KICK" in r.truth[j]["faults"]]
    assert kicks
    for i, _ in kicks:
        assert "KICK" in r.reps[i]["faults"] and "WOBBLE" not in r.reps[i]["faults"]


def test_a_turn_over_without_a_dwell_is_no_pause():
    """Over four sets, the reps that turn over at the top without a dwell are NO_PAUSE (all but the odd one
    whose slow lowering the sway blurs: the long sweep is in docs/accuracy.md), and no clean rep is."""
    flagged = total = 0
    for seed in (0, 1, 2, 3):
        r = Run("turnover", seed)
        np_ = [i for i, j in r.pairs if "NO_PAUSE" in r.truth[j]["faults"]]
        total += len(np_)
        flagged += sum(1 for i in np_ if "NO_PAUSE" in r.reps[i]["faults"])
        assert not any("NO_PAUSE" in f for _, f in r.clean_with_faults())
    assert total >= 5 and flagged >= total - 1


def _after_change(r):
    """EV_SLIPPED kinds between the end of the rep before the strap change and the end of the next rep."""
    k = r.spec.change_after
    t_change = r.rel(r.truth[k]["end_ms"])
    t_next_end = r.rel(r.truth[k + 1]["end_ms"])
    return [sk for t, sk in r.slips if t_change < t <= t_next_end]


@pytest.mark.parametrize("seed", [12, 14])
def test_a_strap_turned_a_little_about_the_leg_is_announced_and_no_rep_drifts(seed):
    """Moved to the other leg, the board ends up turned 18-29 deg about the leg: the rest pose is the same and
    the next lift leans only that far out of the learned plane (no "sideways lift"), but the gyro saw the board
    turn while the leg stood. Said at the next lift, and the reps after it are measured in the new plane."""
    r = Run("other_leg", seed)
    assert _after_change(r) == [mc.SLIP_TURNED], r.slips
    assert len(r.reps) == len(r.truth)
    assert not any("DRIFT" in f for _, f in r.clean_with_faults())


def test_every_strap_moved_to_the_other_leg_is_announced():
    """Seeds 0-19 of other_leg (the board turned about the leg by 18 to 180 deg): each said once, all counted."""
    for seed in range(20):
        r = Run("other_leg", seed)
        said = _after_change(r)
        assert len(said) == 1 and said[0] in (mc.SLIP_TURNED, mc.SLIP_OTHER_LEG), (seed, r.slips)
        assert len(r.reps) == len(r.truth), seed


@pytest.mark.parametrize("seed", [0, 1, 2, 5])
def test_a_board_turned_over_is_said_once_as_turned_over(seed):
    """Turning the board over by hand is a turn about its level face, which for its first degrees looks like a
    sideways lift: the one alert is "board turned over", not "strap turned" (or "other leg") first."""
    r = Run("strap_flip", seed)
    assert [k for _, k in r.slips] == [mc.SLIP_FLIPPED]
    assert _after_change(r) == [mc.SLIP_FLIPPED]


def _body_turn(samples, t_from, dur_ms, deg):
    """The samples with the whole body turning on its foot by deg about gravity over dur_ms from tick index
    t_from (min-jerk), the leg hanging: gravity in the board's frame stays, the gyro sees the turn about it."""
    i0 = t_from
    n = 20
    ax = sum(s[1] for s in samples[i0 - n:i0]) / n
    ay = sum(s[2] for s in samples[i0 - n:i0]) / n
    az = sum(s[3] for s in samples[i0 - n:i0]) / n
    g = math.sqrt(ax * ax + ay * ay + az * az)
    ux, uy, uz = ax / g, ay / g, az / g
    t0 = samples[i0][0]
    out = list(samples)
    for i in range(i0, len(samples)):
        t = ticks_diff(samples[i][0], t0)
        if t >= dur_ms:
            break
        x = t / dur_ms
        w = math.radians(deg) * 30.0 * x * x * (1.0 - x) * (1.0 - x) / (dur_ms * 0.001)  # rad/s
        s = samples[i]
        out[i] = (s[0], s[1], s[2], s[3], s[4] + w * ux, s[5] + w * uy, s[6] + w * uz)
    return out


@pytest.mark.parametrize("deg", [25.0, -60.0])
def test_a_body_that_turns_on_its_foot_is_no_strap_change(deg):
    """A turn about gravity while the leg hangs is a strap turned on the leg or the whole person turning: the
    board's frame cannot tell them apart, and a strap changed during a rest must be said while the person
    stands (not at the next lift), so a turn of 12 deg or more is said once, at once; the next lift says which.
    Here it is the person (the lift plane turns with the body): at most that one word, every rep is counted
    about the old axis and none is called a drift."""
    spec = situation_set("sway", 1)
    s = generate(spec)
    t0 = s.samples[0][0]
    end3 = ticks_diff(s.truth[2]["end_ms"], t0) + 1000
    i0 = next(i for i, x in enumerate(s.samples) if ticks_diff(x[0], t0) >= end3)
    samples = _body_turn(s.samples, i0, 2500, deg)
    core = MotionCore(set_targets(spec))
    core.new_set(SIDES[spec.side])
    slips, faults = 0, []
    for x in samples:
        ev = core.feed(*x)
        slips += bool(ev & mc.EV_SLIPPED)
        if ev & mc.EV_REP_DONE:
            faults.append(core.fault_names())
    assert slips <= 1
    assert len(faults) == len(s.truth)
    assert not any("DRIFT" in f for f in faults), faults


@pytest.mark.parametrize("seed", [1, 6])
def test_an_unsteady_users_first_reps_are_not_called_drift(seed):
    """Sway (a degree or two out of the plane at up to 8 deg/s) is no part of the first lift's axis: the
    first reps of an unsteady user keep to their plane."""
    r = Run("unsteady", seed)
    assert len(r.reps) == len(r.truth)
    assert not any("DRIFT" in f for _, f in r.clean_with_faults())


@pytest.mark.parametrize("seed", [0, 3, 6, 7])
def test_a_strap_turned_while_the_samples_stopped_is_learned_from_the_next_lift(seed):
    """The samples stop while the strap is turned 90-180 deg (the gyro sees only the ends of the turn): that
    part of a turn predicts no axis, so the next lift's own is taken (said once as "strap turned", when that
    lift is counted), and the set is counted on. (Seed 6: the gyro saw under 8 deg of the turn and the lift
    that left the plane took the board 53 deg from rest; with no gap that is a hand's doing, not a rep, but
    a strap may turn unseen in a gap, so the lift counts.)"""
    spec = situation_set("strap_turn", seed)
    s = generate(spec)
    t0 = s.samples[0][0]
    end = ticks_diff(s.truth[spec.change_after]["end_ms"], t0)
    a, b = end + 1000, end + 600 + spec.change_ms  # (the turn runs from 800 ms after the rep for change_ms)
    core = MotionCore(set_targets(spec))
    core.new_set(SIDES[spec.side])
    slips, reps = [], 0
    for x in s.samples:
        if a <= ticks_diff(x[0], t0) < b:
            continue
        ev = core.feed(*x)
        if ev & mc.EV_SLIPPED:
            slips.append(core.slip_kind)
        reps += bool(ev & mc.EV_REP_DONE)
    assert slips == [mc.SLIP_TURNED]
    assert reps == len(s.truth)
    assert core.calibrated


# Since the athlete's hand handles the strap as a hand does (sim/athlete/people.py StrapChange: tugs, a wrist's
# 150-450 deg/s turns about changing axes, the board carried), these check seeds beat the core: what each shows
_HAND_BEATS_CORE = {
    5: "the hand's first tip is counted as a rep, and the change is never said",
    7: "the hand's first tip is counted as a rep; the change is said as a strap turned, not moved to the other leg",
    54: "the change is said twice: first as a strap turned (the hand still at it), then as the other leg",
}


def _hand(seeds):
    return [pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=_HAND_BEATS_CORE[s]))
            if s in _HAND_BEATS_CORE else s for s in seeds]


@pytest.mark.parametrize("seed", _hand([0, 1, 2, 4, 5, 6, 12, 13, 16, 18, 19]))
def test_a_strap_moved_to_the_other_leg_during_a_rest_is_said_while_the_person_stands(seed):
    """The strap taken off into the hand (the board tipped 60-120 deg), put on the other leg facing another way,
    then the person stands still 40 s: EV_SLIPPED comes within 3 s of standing still, once, saying the strap
    went to the other leg; the handling is no rep, and every rep after it is counted (seeds 2, 6, 12 lost 4-8 of
    them when the old lift axis was kept: the lifts then read backwards; seeds 0, 1, 19 counted the handling).
    Seeds 4, 5, 13, 16 and 18 end facing within 21 deg of where the board faced, so the turn about rest-up says
    nothing; their tip left the confirmed lifting plane with no turn of the strap seen and no sample lost, and
    took the board past 50 deg from rest: a hand's doing (they counted it as a rep, and 5 and 18 then lost a
    real one to the axis learned from it)."""
    from sim.analysis.accuracy_situations import situation_job

    r = situation_job(("other_leg_rest", seed))
    assert "error" not in r, r.get("error")
    assert r["slip_delay_ms"] is not None and r["slip_delay_ms"] <= 3000
    assert [k for _, k in r["slips"]] == [mc.SLIP_OTHER_LEG] and r["eval"]["exact"]


def _handled_once_as_the_other_leg(seed):
    """other_leg_rest `seed`: the change said once, within 3 s of standing still, as the other leg; the set exact
    and no clean rep given a fault."""
    from sim.analysis.accuracy_situations import situation_job

    r = situation_job(("other_leg_rest", seed))
    assert "error" not in r, r.get("error")
    assert r["slip_delay_ms"] is not None and r["slip_delay_ms"] <= 3000
    assert [k for _, k in r["slips"]] == [mc.SLIP_OTHER_LEG]
    assert r["eval"]["exact"], (r["eval"]["ghosts"], r["eval"]["misses"])
    assert r["false_feedback"] == 0


@pytest.mark.parametrize("seed", _hand([7, 35, 42, 54, 93]))
def test_a_board_tipped_near_the_lifting_plane_in_the_hand_is_no_rep(seed):
    """other_leg_rest seeds 7, 35, 42, 54, 93: the hand tips the board 80-111 deg about a horizontal axis 18-40 deg
    from the lifting axis and puts it on the other leg facing within 25 deg of where it faced, so neither the
    lift's axis nor the board's facing says more than a person's lift could (a knee-bent lift drifts 20-25 deg,
    a seated knee extension twists 22). Its size does: the person lifted 31-58 deg, the "lift" went 1.5-2.9
    times the set's highest rep, read and by gravity. Said once, within 3 s of standing still, as the strap moved to the other
    leg; no rep, and no rep after it judged on the handling (held-out seeds 35, 42, 54, 93 counted it as a
    rep, 42 and 54 with 3 false faults after it; seed 7 was a strict xfail)."""
    _handled_once_as_the_other_leg(seed)


@pytest.mark.parametrize("seed", [332, 418, 668])
def test_a_board_handled_by_a_hand_not_tipped_as_a_lift_is_no_rep(seed):
    """other_leg_rest, development seeds: the hand undoes the strap, tips the board 69-115 deg off the leg about a
    horizontal axis near the lifting axis, turns it about other axes as it carries it across, puts it on the other
    leg facing within 22 deg of where it faced and fastens it (sim/athlete/people.py). Said once, within 3 s of
    standing still, as the strap moved to the other leg; no rep. (While the athlete's hand was one smooth tip about
    that axis at a lift's tempo and straight on to the other leg, with no carry, it read as a lift 12-36 deg out of
    the plane and was counted: a strict xfail.)"""
    _handled_once_as_the_other_leg(seed)


@pytest.mark.parametrize("seed", [300, 364, 439, 622, 628, 634])
def test_the_hand_still_at_the_strap_after_the_change_is_said_is_no_lift(seed):
    """other_leg_rest, development seeds, the strap handled as a hand does it: the change is said as the board
    comes back near its rest pose mid-handling (a "rep" that tumbled it, restpose.handled), and the hand goes on:
    puts it on, fastens it (tugs of 3-8 deg), or turns it again. Invariant: whatever the hand does before the leg
    stands still at rest is no rep and teaches no lift axis (the tugs did: 300, 622, 628, 634 lost 7-11 reps
    after the change, or counted the fastening), and a gyro scale the hand's turns about several axes seemed to
    show keeps what gravity showed of the tumble (364, 439 lost it, then 6-9 reps). Said once, within 3 s of
    standing still, as the other leg; the set exact; no false fault."""
    _handled_once_as_the_other_leg(seed)


@pytest.mark.parametrize("seed", [303, 487, 539, 581, 650, 658, 690])
def test_a_hand_tumbling_the_board_off_the_lifting_plane_sets_no_gyro_scale(seed):
    """other_leg_rest, development seeds: the hand tips the board off the leg and turns it about other axes (a
    stall at a fast turn's peak reads the gyro's sum 1.5x too far), before the change is said. The tip left the
    confirmed lifting plane (strap.step re-learned the axis: pending set), so the gyro against gravity is no lift
    through a wrong scale. Invariant: the gyro is on scale and stays so (within 5 %); the change is said once,
    within 3 s of standing still, as the other leg; the set exact, no false fault. (These sets took a scale of
    0.5-3 from the hand, counted the handling as a rep or lost up to 9 reps after it.)"""
    _handled_once_as_the_other_leg(seed)
    r = Run("other_leg_rest", seed)
    assert abs(r.core.tracker.gain - 1.0) < 0.05, r.core.tracker.gain


@pytest.mark.xfail(strict=True, raises=AssertionError, reason=(
    "restpose.handled tells a hand's 'lift' (the tip near the lifting axis, ended by the next turn in the hand) by "
    "all of: 1.4x the person's height by the gyro and by gravity, and out of the plane (drift past 45 deg or an axis "
    "re-learned mid-lift); each of these misses one: 520 and 642 reach 1.25-1.36x by gravity, 639 stays 20 deg "
    "from the plane, 402 reads 0.9x about the learned axis (the hand turned it about another). Loosening any one "
    "takes a person's kick that swings out (KICK and DRIFT, 1.5x, 16-25 deg out) for the strap"))
@pytest.mark.parametrize("seed", [402, 520, 639, 642])
def test_a_board_tipped_by_hand_near_the_lifting_plane_then_turned_is_no_rep(seed):
    """other_leg_rest, development seeds: the hand tips the board off the leg about an axis near the lifting axis,
    then turns and carries it, puts it on the other leg and fastens it. Said once, within 3 s of standing still, as
    the strap moved to the other leg; no rep."""
    _handled_once_as_the_other_leg(seed)


@pytest.mark.parametrize("kind,seed", [("knee_bent", 0), ("knee_bent", 1), ("knee_bent", 3), ("big_fast", 0)])
def test_big_lifts_without_a_pause_are_each_counted_once(kind, seed):
    """Knee-bent and straight-leg lifts of 39-118 deg raised and lowered at once, the board at any angle on a
    strap at any angle: every lift is one rep, matched to its true lift, and nothing else is a rep."""
    r = Run(kind, seed)
    assert len(r.reps) == len(r.truth)
    assert len(r.pairs) == len(r.truth)
    assert r.slips == []


@pytest.mark.parametrize("kind,seed", [("knee_bent", 71), ("knee_bent", 95), ("swing_out", 54)])
def test_a_big_lift_dropped_in_a_third_of_a_second_through_the_devices_gyro_range_is_one_rep(kind, seed):
    """A 100-107 deg lift lowered in 0.3-0.6 s (DROP) peaks at 470-625 deg/s: through a 250 dps gyro (which the athlete
    drew, the board never sets: imu_setup.py sets 1000) it clipped, the leg read 18-30 deg up once down, and the
    accelerometer's pull back down was a second "rep" (a ghost after the drop). Through the device's range every
    lift is one rep."""
    r = Run(kind, seed)
    assert r.spec.gyro_dps >= 1000 and any("DROP" in t["faults"] for t in r.truth)
    assert evaluate.evaluate_set(r.reps, r.truth, r.t0)["exact"]


@pytest.mark.parametrize("kind,seed", [("knee_bent", 11), ("knee_bent", 14), ("big_fast", 35)])
def test_a_thigh_lifted_past_130_deg_with_the_pelvis_tilting_back_is_a_rep(kind, seed):
    """The pelvis tilts back with a big lift, so the thigh ends 130-136 deg round against gravity though the hip
    flexes 105-118 deg: those lifts were taken for the strap handled (over 130 deg), lost (2-3 a set) and said as
    the strap moved to the other leg. Every lift is one rep and no strap change is said."""
    r = Run(kind, seed)
    assert r.spec.pelvis_tilt > 0.1
    assert max(x["peak_deg"] for x in r.reps) > 130.0
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    assert r.slips == []


@pytest.mark.parametrize("seed", [3, 5, 11, 14])
def test_big_knee_bent_lifts_that_swing_out_are_each_counted_and_no_strap_change_said(seed):
    """Knee-bent lifts to 100-118 deg with the thigh swinging out 16-25 deg on every rep (DRIFT): above 66 deg the
    side angle is read through the tracker's bound on cos(elevation), and such a lift read 60-80 deg out of the
    plane was taken for the strap being handled: dropped, then said as moved to the other leg (4 of 6 counted
    on seed 11). Every lift is one rep, most are called DRIFT, and the strap is never said to have moved."""
    import dataclasses

    from sim.analysis.accuracy_jobs import auto_targets

    def drift_every_rep(spec):
        spec.reps = [dataclasses.replace(r, faults=tuple(sorted(set(r.faults) | {"DRIFT"}))) for r in spec.reps]

    r = Run("knee_bent", seed, edit=drift_every_rep, targets=auto_targets())
    reps, pairs = r.reps, r.pairs
    assert len(reps) == len(r.truth) and len(pairs) == len(r.truth)
    assert r.slips == []
    assert sum("DRIFT" in reps[i]["faults"] for i, _ in pairs) >= 0.7 * len(pairs)


@pytest.mark.parametrize("seed", [3, 6, 12, 19, 29])
def test_a_gyro_read_through_a_wrong_scale_is_corrected_and_its_first_reps_count(seed):
    """A gyro converted for another range (2.4x, 3.8x, 3.2x, 3.8x, 5.0x): the scale is found within
    the first lift, every rep counts, the first too though it starts within a second or two of standing still,
    and the strap is never said to have moved."""
    r = Run("gyro_scale", seed)
    assert abs(r.core.tracker.gain * r.spec.gyro_scale - 1.0) < 0.25
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    assert r.slips == []


@pytest.mark.parametrize("seed", [8, 9])
def test_big_pause_free_lifts_of_a_shin_through_a_gyro_a_third_high_count_and_say_no_strap_moved(seed):
    """A shin strap, lifts of 107-114 deg without a pause (the pelvis tilting back: the shin ends ~130 deg round),
    through a gyro reading 1.35x (a conversion wrong by less than a range step). At the top the leg decelerates
    across its length and |a| falls short of g; gravity read over |a| there put the top 10-20 deg too far, the
    gyro looked right within 1.2x, the reps read past 165 deg were dropped as the strap handled (2 of 7 and 4 of
    10 counted) and "strap moved" was said 2-3 times. Every rep counts once and the strap is never said to move."""

    def shin_at_1_35(spec):
        spec.mount, spec.gyro_scale = "shin", 1.35

    r = Run("big_scale", seed, edit=shin_at_1_35)
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    assert r.slips == []
    assert abs(r.core.tracker.gain * r.spec.gyro_scale - 1.0) < 0.1


@pytest.mark.parametrize("seed", [0, 8, 14, 17, 28, 30, 56])
def test_a_gyro_off_by_less_than_a_range_step_is_corrected_by_lifts_of_40_deg(seed):
    """A gyro read 0.6-0.8x or 1.3-1.6x (0.74x, 1.32x, 1.57x, 1.37x, 0.68x, 1.49x, 1.59x) on lifts of 40-60 deg:
    a lift and its lowering show the scale (gravity turns a quarter less or more than the gyro), so it is
    corrected to within 10 %, and from the third rep on each rep's height reads within 6 deg of the leg's
    (uncorrected, a 57 deg lift read 76-84 deg); every rep counts once and no strap change is said."""
    r = Run("gyro_scale", seed)
    assert 0.6 <= r.spec.gyro_scale <= 1.6
    assert abs(r.core.tracker.gain * r.spec.gyro_scale - 1.0) < 0.1
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    assert all(abs(r.reps[i]["peak_deg"] - r.truth[j]["peak_deg"]) <= 6.0 for i, j in r.pairs if j >= 2)
    assert r.slips == []


@pytest.mark.parametrize("seed,scale", [(41, 0.62), (41, 1.6), (50, 0.62)])
def test_a_scale_corrected_as_the_first_lift_comes_down_from_its_pause_keeps_the_lift_axis_the_right_way(seed, scale):
    """Lifts of 49-54 deg held 0.8-1.6 s at the top, through a gyro read 0.62x or 1.6x: the lift and the lowering
    from the still pause at the top each read the scale off, and it is corrected as the leg comes to rest. The
    axis is then learned from the gyro's turn since the last still moment, which here is the lowering: taken as
    it was, the lift axis was reversed, the next lift read going down, taken for the strap moved and lost. Every
    rep counts once, the scale is found within 10 %, and no strap change is said."""

    def scaled(spec):
        spec.gyro_scale, spec.gyro_dps = scale, 2000

    r = Run("gyro_scale", seed, edit=scaled)
    assert r.spec.reps[0].pause_ms >= 800 and r.spec.reps[0].peak_deg > 45.0
    assert abs(r.core.tracker.gain * scale - 1.0) < 0.1
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    assert r.slips == []


@pytest.mark.parametrize("seed,scale", [(18, 3.8), (36, 3.8), (23, 4.5)])
def test_one_leg_sway_read_through_a_gyro_4x_too_fast_is_no_rep_and_teaches_no_lift_axis(seed, scale):
    """Standing on one leg (sway 1.3-1.9 deg) through a gyro read 3.8x or 4.5x: within a second or two of
    calibrating, the sway's 5-8 deg/s reads as a lift of 4-15 deg at 20-40 deg/s, starts a "rep" and teaches the
    lift axis, though gravity never leaves rest. Taken so, the real first lift read about the sway's axis went
    backwards past -100 deg and was lost, or the sway was counted as a SHORT rep. The sway is no rep, the first
    lift is the first rep, every rep counts once, and no strap change is said."""

    def scaled(spec):
        spec.gyro_scale, spec.gyro_dps = scale, 2000

    r = Run("gyro_scale", seed, edit=scaled)
    assert r.spec.leg_sway_deg > 1.0 and r.spec.posture == "standing"
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    assert r.slips == []
    assert abs(r.core.tracker.gain * scale - 1.0) < 0.25


@pytest.mark.parametrize("seed", [310, 333, 335, 361, 579, 674])
def test_sway_read_through_a_fast_gyro_that_turns_back_at_once_is_no_rep_and_the_first_lift_counts(seed):
    """Standing on one leg (sway 1.1-2.0 deg at 0.2-1 Hz) through a gyro read 2.3-4.6x too fast: the sway reads
    as a "lift" of 3-9 deg whose top is a turning point, not a pause: it turns back within 50-140 ms. Gravity
    never leaves rest, so it is sway, whatever the length of its "pause"; waiting 150 ms into it for the check
    missed every such top, the sway taught the lift axis (backwards, the way the thigh swayed), and the real
    first lift read as a drop past -40 deg: lost, or read as a rep and a ghost. Every rep counts once (the first
    too), and no strap change is said."""
    r = Run("gyro_scale", seed)
    assert r.spec.posture == "standing" and r.spec.leg_sway_deg > 1.0 and r.spec.gyro_scale > 2.2
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    assert r.slips == []
    assert abs(r.core.tracker.gain * r.spec.gyro_scale - 1.0) < 0.25


@pytest.mark.parametrize("seed", [300, 328, 351])
def test_a_first_rep_kicked_on_a_shin_without_a_pause_is_a_rep_not_sway(seed):
    """One-leg sway (1.3-2.0 deg), the shin strap, and the first rep a kick to the target (27-31 deg raised in 250 ms
    at 200-233 deg/s, 60 ms at the top): its catch tilts the smoothed accelerometer back to within 2 deg of rest at
    the first step of the pause, where the gyro reads the full height. That is no sway read through a fast gyro
    (sway turns under 57 deg/s even read 5x): the first rep counts, as every other, once."""
    import dataclasses

    def first_rep_a_kick(spec):
        spec.mount = "shin"
        spec.reps[0] = dataclasses.replace(spec.reps[0], raise_ms=250, pause_ms=60, peak_deg=spec.target_deg,
                                           faults=("KICK", "NO_PAUSE"))

    r = Run("sway", seed, edit=first_rep_a_kick)
    assert r.spec.leg_sway_deg > 1.0
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    assert r.slips == []


@pytest.mark.parametrize("seed", [0, 11])
def test_a_leg_held_up_perfectly_still_then_lowered_slowly_is_read_as_rest_after(seed):
    """The leg up at the start, held without sway, lowered too slowly to learn a lift axis from (under 15 deg/s;
    seed 11: a strap on the side of the thigh, whose face says nothing): the lowered pose is the rest, so no
    rep is made of the lowering and no later rep is judged against the raised pose (no DROP or SHORT)."""
    r = Run("leg_up_still", seed)
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    assert r.clean_with_faults() == []


@pytest.mark.parametrize("seed,gyro", [(6, 1.0), (17, 1.0), (18, 1.0), (68, 1.0), (72, 1.0), (146, 1.0), (166, 1.0),
                                       (6, 1.25), (17, 1.25), (18, 1.25), (68, 1.25), (72, 1.25), (166, 1.25)])
def test_a_leg_held_up_at_the_start_is_found_up_once_the_first_rep_stops_past_it(seed, gyro):
    """The leg up at the start, held still, lowered; the board at an angle on a strap worn on the side of the leg,
    so no still pose says which one hangs. The lowering's lever arm says it at the first still pose (strap.py);
    through a gyro read 1.25x (its turn is not gravity's: the lever test says nothing) the first rep read is the
    lowering, the stand and the first raise read backwards, which stops past the start pose. That "rep" is not
    counted at its end; once the leg stands still there, the rest pose and the lift's direction are turned and
    the rep under way is the first. Either way every rep is counted once (seed 146 once lost one: its raise
    stopped 33 deg past the start pose and was taken for the strap slipping), no clean rep is given a fault (the
    first was SHORT and DROP, the rest DROP on seeds 6, 17, 166), each is timed as the leg moved, the first too
    (from the still moment that became rest), and no strap change is said."""

    def edit(spec):
        spec.gyro_scale = gyro

    r = Run("leg_up_still", seed, edit=edit)
    assert r.spec.board_deg % 90.0 > 5.0  # (not square on the strap)
    assert len(r.reps) == len(r.truth)
    assert [j for _, j in r.pairs] == list(range(len(r.truth)))
    assert r.clean_with_faults() == []
    assert r.slips == []
    assert r.mistimed() == []


def test_a_first_rep_held_at_its_end_is_counted_when_the_samples_stop_before_the_leg_is_seen_standing():
    """Seed 6's first "rep" read (the lowering from the raised start, the stand, the first raise backwards) is not
    counted at its end, while the leg may yet prove to stand past the start pose. If the samples stop (a gap of
    2 s) before any still moment says so, nothing is lost: the rep is counted then, as the core read it. (Through
    a gyro read 1.25x: with the gyro right, the lowering's lever arm says at once that the set began up.)"""
    spec = situation_set("leg_up_still", 6)
    spec.gyro_scale = 1.25
    s = generate(spec)
    core = MotionCore(set_targets(spec))
    core.new_set(SIDES[spec.side])
    done = 0
    k = 0
    for k, x in enumerate(s.samples):
        done |= core.feed(*x)
        if core.machine.last_end >= 0:
            break
    assert not done & mc.EV_REP_DONE and core.reps == 0  # (held: filled at its end, not counted)
    x = s.samples[k + 1]
    ev = core.feed(x[0] + 2000, *x[1:])
    assert ev & mc.EV_GAP and ev & mc.EV_REP_DONE
    assert core.reps == 1 and core.last_rep.index == 1 and core.last_rep.reset_ms == -1
    assert 0 < ticks_diff(x[0], core.last_rep.end_ms) < 1000  # (the rep that ended before the samples stopped)


@pytest.mark.parametrize("seed", [0, 11, 6, 17, 18, 68, 72, 146, 166])
def test_a_leg_held_up_at_the_start_leaves_every_rep_counted_as_itself(seed):
    """The leg up at the start, held still, lowered: each counted rep is one of the person's reps (covering at
    least half of it, evaluate.MIN_COVER) and each of theirs is counted once; the lowering from the start pose
    is no rep, neither alone nor joined to the first raise. A right count made of a ghost and a miss fails."""
    r = Run("leg_up_still", seed)
    ev = evaluate.evaluate_set(r.reps, r.truth, r.t0)
    assert ev["exact"], (ev["ghosts"], ev["misses"])


@pytest.mark.parametrize("seed", [1, 7, 19])
def test_a_small_slow_lowering_through_one_leg_sway_is_not_a_drop(seed):
    """A person with little range (10-13 deg over 3 s) lowers at 6-7 deg/s, and the sway of standing on one leg
    adds up to twice the pause's RMS to that for a moment: the clean lowerings are not called too fast."""
    r = Run("rehab", seed)
    assert len(r.reps) == len(r.truth)
    assert not any("DROP" in f for _, f in r.clean_with_faults())


@pytest.mark.parametrize("seed", [4, 58, 87])
def test_a_low_amplitude_rep_raised_slowly_is_not_taken_for_the_rest_pose_moving(seed):
    """A 6-9 deg rep raised at 3-5 deg/s passes as a still window (a 4 deg cone), and at rest each such window moved
    the rest pose 30 % of the way to the leg: the lift was eaten until it never passed the 4 deg a rep starts at
    (missed: rep 4 of seed 4, 8 of 58, 4 of 87). After the first rep a pose still rising is not followed, and
    every rep, the low ones too, is counted as itself."""
    r = Run("low_amp", seed)
    assert evaluate.evaluate_set(r.reps, r.truth, r.t0)["exact"]


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 12, 42, 54])
def test_a_low_amplitude_rep_of_a_person_with_little_range_is_counted_and_told_it_is_short(seed):
    """A person with 20-35 deg of range whose later reps now and then reach only 25-35 % of it (5-12 deg, raised,
    held and lowered; standing, one-leg sway stalls a slow raise for a moment): each such rep is counted as
    itself, and told SHORT; the full ones are not."""
    r = Run("low_amp", seed)
    ev = evaluate.evaluate_set(r.reps, r.truth, r.t0)
    assert ev["exact"], (ev["ghosts"], ev["misses"])
    for i, j in r.pairs:
        assert ("SHORT" in r.reps[i]["faults"]) == ("SHORT" in r.truth[j]["faults"])


@pytest.mark.parametrize("seed", [0, 6, 13, 15, 16, 19])
def test_slow_small_lifts_are_each_counted_once(seed):
    """10-20 deg lifts at 8-10 s a rep, standing or lying: a slow lowering reads as still windows on the way
    down, and a pause 10-15 deg up as a pose off rest; neither ends the rep as the leg coming to rest short."""
    r = Run("slow_small", seed)
    ev = evaluate.evaluate_set(r.reps, r.truth, r.t0)
    assert ev["exact"], (ev["ghosts"], ev["misses"])


@pytest.mark.parametrize("seed", [0, 4, 14, 18])
def test_weight_shifts_and_sway_are_no_reps(seed):
    """A standing person with 10-45 deg of range swaying 1-2 deg and shifting their weight (the thigh tilting 1-3
    deg and holding) every 2-6 s: every rep counted once, no shift counted, before the first rep or between."""
    r = Run("shifts", seed)
    ev = evaluate.evaluate_set(r.reps, r.truth, r.t0)
    assert ev["exact"], (ev["ghosts"], ev["misses"])


@pytest.mark.parametrize("seed", [1, 8])
def test_a_slow_small_lowering_ends_where_the_leg_stops_not_where_it_first_stood_still(seed):
    """slow_small (10-20 deg at 8-10 s a rep, one-leg sway): a lowering of 4-8 deg/s passes still windows (a 4 deg
    cone) on its last 40 % down. That is not a leg come to rest short of rest: each rep's end is within 450 ms of
    where the leg really stopped (the strap's settle ended these 400-900 ms early, mid-way)."""
    from sim.analysis import phase_errors

    errs = [e["end"] for tr, e, _ in phase_errors.run_spec(situation_set("slow_small", seed)) if not tr["faults"]]
    assert len(errs) >= 8
    assert max(abs(e) for e in errs) <= 450, sorted(int(e) for e in errs)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_big_lifts_swung_out_at_the_top_and_in_once_down_are_reps_and_no_strap_change(seed):
    """swing_out: big lifts whose thigh swings out 16-25 deg at the top and comes in only once down. The leg's
    path is a loop: the gyro's turn about rest-up sums to the solid angle it encloses (26-35 deg on a 110 deg
    lift) though the leg ends where it began, and such reps were taken for the strap moved on the leg (not
    counted, each said as moved to the other leg: 0 of 6-12 counted in a set swung out on every rep). Every lift
    is one rep and no strap change is said."""
    r = Run("swing_out", seed)
    assert sum("DRIFT" in t["faults"] for t in r.truth) >= len(r.truth) // 3
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    assert r.slips == []


def _scaled_run(kind, seed, scale):
    """Run(kind, seed) with the gyro reading `scale` times the true rate (a conversion for another range)."""
    def scaled(spec):
        spec.gyro_scale, spec.gyro_dps = scale, 2000

    return Run(kind, seed, edit=scaled)


@pytest.mark.parametrize("kind,seed,scale", [("knee_bent", 103, 1.56), ("knee_bent", 106, 1.37),
                                             ("big_fast", 117, 1.58), ("big_fast", 119, 1.42)])
def test_big_lifts_without_a_pause_through_a_gyro_reading_high_are_each_counted(kind, seed, scale):
    """Lifts of 100-130 deg against gravity with no pause at the top, through a gyro reading 1.4-1.6x: at the top
    the leg decelerates nearly along gravity (0.75-0.95 g), so a still pose's 1 g never shows, and the gyro
    carries the pose past 165 deg, what a board turned over by hand reads. They counted 0-5 of 9-11 and were
    said as the strap moved to the other leg. Every lift is one rep, no strap change is said, and the scale is
    found (within 15 %)."""
    r = _scaled_run(kind, seed, scale)
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    assert r.slips == []
    assert abs(r.core.tracker.gain * scale - 1.0) < 0.15


@pytest.mark.parametrize("seed", [6, 7])
def test_big_lifts_without_a_pause_through_a_gyro_a_range_step_off_are_each_counted(seed):
    """big_scale: lifts of 90-130 deg through a gyro reading 4.4x (the pose carried round more than once):
    counted 0-1 of 10 and said as the strap moved. Every lift is one rep and no strap change is said."""
    r = Run("big_scale", seed)
    assert r.spec.gyro_scale > 4.0
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    assert r.slips == []


@pytest.mark.parametrize("seed", [4, 11, 16, 18, 19])
def test_big_pause_free_lifts_through_a_gyro_reading_3_to_4x_count_from_the_first_rep(seed):
    """big_scale: lifts of 60-118 deg with no pause at the top through a gyro reading 3.1-4.3x (the pose carried
    250-530 deg). At the top the leg turns slowly only for a moment, through the wrong scale still faster than a
    still leg, and decelerates along gravity (0.64-0.9 g): the first 1-4 reps were lost while the scale waited
    for a still reading, and "strap moved" was said with the strap in place. The scale is found within the first
    lift, so every lift from the first is one rep, and no strap change is said."""
    r = Run("big_scale", seed)
    assert r.spec.gyro_scale > 3.0
    assert abs(r.core.tracker.gain * r.spec.gyro_scale - 1.0) < 0.25
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    assert r.pairs[0][1] == 0
    assert r.slips == []


@pytest.mark.parametrize("seed", [1, 2, 15])
def test_big_pause_free_lifts_through_a_gyro_reading_under_half_read_their_height_from_the_first_rep(seed):
    """big_scale: lifts of 80-115 deg with no pause at the top through a gyro reading 0.27-0.45x. The top's
    reading of gravity (0.64-0.9 g: the leg decelerates along it) was taken only for a gyro reading high, so a
    110 deg lift read 56 deg, every rep SHORT. A gyro turning under half of what gravity shows is no shortfall
    of the reading (lying, that tilts it a quarter at most): the scale is found in the first lift (within 15 %)
    and no rep is called SHORT."""
    r = Run("big_scale", seed)
    assert r.spec.gyro_scale < 0.5
    assert abs(r.core.tracker.gain * r.spec.gyro_scale - 1.0) < 0.15
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    assert not any("SHORT" in r.reps[i]["faults"] for i, _ in r.pairs)


@pytest.mark.parametrize("seed", [44, 59])
def test_a_first_rep_that_drifts_near_its_top_leaves_the_plane_where_the_lift_began(seed):
    """first_rep_drift: the first rep (46 deg) drifts out late in its raise and on into the pause. Its raise's axis
    is tilted under 12 deg (it agrees with the plane), and as the only rep so far it became the plane: the
    straight reps after it read 13-16 deg out, DRIFT on 3 of them. The plane the lift began in counts as one
    vote: the first rep is DRIFT and no straight rep after it is."""
    r = Run("first_rep_drift", seed)
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    assert "DRIFT" in r.reps[0]["faults"]
    assert r.clean_with_faults() == []


@pytest.mark.parametrize("seed", [7, 38, 44, 57, 67, 88])
def test_small_lifts_lowered_slower_than_sway_are_each_a_rep(seed):
    """A person with little range (9.5-11 deg, standing on one leg with 1.9 deg of sway) pausing 2-2.8 s and
    lowering over 3-4.2 s: the lowering moves the thigh no faster than the sway does, so the pause can end with
    no lowering the speed saw, the leg still a few degrees up (the sway's) when it stands still. Every rep is
    counted, and none is taken for the strap moving (each of these seeds lost one rep: dropped as partial
    where the leg came to a stop under half its peak, and the rest pose re-taken there)."""
    import random

    from sim.athlete.spec import RepSpec

    def edit(spec):
        rng = random.Random(seed)
        spec.posture, spec.mount, spec.leg_sway_deg, spec.target_deg = "standing", "thigh", 1.9, None
        spec.reps = [RepSpec(round(rng.uniform(1800, 2100)), round(rng.uniform(2000, 2800)),
                             round(rng.uniform(3000, 4200)), round(rng.uniform(2000, 3200)),
                             round(rng.uniform(9.5, 11.0), 1)) for _ in range(9)]

    r = Run("slow_small", seed, edit=edit)
    assert len(r.reps) == len(r.truth) == 9 and len(r.pairs) == 9
    assert r.slips == []


@pytest.mark.parametrize("kind,seed", [("gyro_scale", 596), ("big_scale", 383), ("big_scale", 570)])
def test_a_first_lowering_read_past_rest_through_a_gyro_off_scale_ends_the_first_rep(kind, seed):
    """A first lift (34 deg held 1 s, a shin; or 66-84 deg without a pause, a thigh) through a gyro read 2.5-3.2x:
    the lowering, carried that many times as far, reads down past rest (-33 deg on the 34 deg lift), and gravity
    pulls the angle back up toward rest. That climb from below rest was taken for the leg going up again in the
    same rep, whose end then came 100 ms after a "raise", and the rep was dropped as partial. In the rest band
    the leg is at rest: the first rep counts, and every other once."""
    r = Run(kind, seed)
    assert 2.5 <= r.spec.gyro_scale <= 3.2 and r.spec.lead_ms <= 2500
    assert any(j == 0 for _, j in r.pairs)
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)


@pytest.mark.parametrize("seed", [374, 500])
def test_big_lifts_without_a_pause_through_a_gyro_4_6_to_4_8x_count_from_the_first(seed):
    """Lifts of 68-106 deg raised and lowered at once (a 16-52 ms pause), through a gyro read 4.6x or 4.8x, the first
    starting 2.3-2.6 s after the recording: at the top gravity stays at its farthest for 60-90 ms, under the 0.1 s
    the scale check waited for, so the first lift read over four times as far (past 165 deg) and was lost until a
    still moment after it corrected the scale. Every rep counts once, the first too."""
    r = Run("big_scale", seed)
    assert r.spec.gyro_scale > 4.5 and r.spec.reps[0].pause_ms <= 100
    assert any(j == 0 for _, j in r.pairs)
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)


@pytest.mark.parametrize("seed", [2, 11])
def test_a_kick_that_swings_out_far_past_the_persons_height_is_a_rep(seed):
    """Standing on one leg, lifts of 40 deg to a 40 deg target; the fifth is kicked up in 0.5 s to 62 deg (1.55x)
    and swings out 16-25 deg (KICK and DRIFT): a rep with two faults, not the strap handled. It is counted, and no
    strap change is said (read as a hand's tip when the size rule asked only 10 deg out of the plane)."""
    from sim.athlete.situations import _with_faults

    def edit(spec):
        for i, r in enumerate(spec.reps):
            spec.reps[i] = _with_faults(r, r.faults, peak_deg=40.0)
        spec.reps[4] = _with_faults(spec.reps[4], ("KICK", "DRIFT"), peak_deg=62.0, raise_ms=500)
        spec.target_deg = 40.0

    r = Run("sway", seed, edit=edit)
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    assert r.slips == []
    kick = [r.reps[i]["faults"] for i, j in r.pairs if j == 4]
    assert kick and "DRIFT" in kick[0], kick


@pytest.mark.parametrize("seed", [321, 355, 404, 406, 413])
def test_the_hand_fastening_the_strap_sets_no_gyro_scale(seed):
    """other_leg_rest, development seeds: the change is said as the hand lets go of the board, and the hand then
    fastens the strap (tugs, turns about changing axes) before the person stands still. The gyro is on scale: its
    scale stays 1 (within 5 %) after the change is said, and every rep is counted once (these sets took a scale of
    0.75-0.8 from the fastening and then lost or split the reps after it)."""
    r = Run("other_leg_rest", seed)
    assert r.slips, "the change was not said"
    assert abs(r.core.tracker.gain - 1.0) < 0.05, r.core.tracker.gain
    ev = evaluate.evaluate_set(r.reps, r.truth, r.t0)
    assert ev["exact"], (ev["ghosts"], ev["misses"])
