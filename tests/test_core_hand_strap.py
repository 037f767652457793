"""The strap moved to the other leg during a rest, as a hand does it (sim/athlete/people.py StrapChange: the strap
undone, the board tipped off the leg into the hand, turned and carried across, put on and fastened): the change
said once, within 3 s of standing still, as the other leg, and nothing the hand does counted as a rep."""

import pytest

from bandlift.motion import core as mc

from tests.test_core_situations import Run


# Since the athlete's hand handles the strap as a hand does (sim/athlete/people.py StrapChange: tugs, a wrist's
# 150-450 deg/s turns about changing axes, the board carried), these check seeds beat the core: what each shows
_HAND_BEATS_CORE = {
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
    and no clean rep given a fault, but for a NO_PAUSE the stop alone gives (its measured pause long enough): a clean
    rep stops 300 ms or more, and one-leg sway moves the stop's estimate ~180 ms (docs/design.md, 'What the
    convention leaves in the pause'); 364 had one."""
    from sim.analysis.accuracy_situations import situation_job

    r = situation_job(("other_leg_rest", seed))
    assert "error" not in r, r.get("error")
    assert r["slip_delay_ms"] is not None and r["slip_delay_ms"] <= 3000
    assert [k for _, k in r["slips"]] == [mc.SLIP_OTHER_LEG]
    assert r["eval"]["exact"], (r["eval"]["ghosts"], r["eval"]["misses"])
    run = Run("other_leg_rest", seed)
    hold = {j: run.reps[i]["hold_ms"] for i, j in run.pairs}
    assert [(j, f) for j, f in run.clean_with_faults() if f != ["NO_PAUSE"] or hold[j] < 300] == []


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


@pytest.mark.parametrize("seed", [377, 640])
def test_a_board_whose_tip_past_rest_re_learned_the_lift_axis_still_says_the_strap_moved(seed):
    """other_leg_rest, development seeds 377 and 640: the hand tips the board 72-111 deg off the leg; its way back is
    read as a lift backwards from rest, near the learned axis, and the axis is learned again from it as a person's
    lift would be (never said). That forgot the board had tumbled past 50 deg with no rep, so the leg standing
    still at rest said nothing: the strap on the other leg, facing 20-124 deg round, was never said and the game's
    rest screen waited for B. Said once, within 3 s of standing still, as the other leg; no rep from the hand."""
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


@pytest.mark.parametrize("seed", [326, 445, 520, 604, 642, 699, 837])
def test_a_hand_tumbling_the_board_while_a_sways_rep_is_in_its_lowering_is_said(seed):
    """other_leg_rest, development seeds: the person's sway as the hand takes hold reads as a small "rep" (2-9 deg),
    and the hand tumbles the board off the leg (past 50 deg from rest, up to 165) while that "rep" is in its pause
    or lowering, where the strap watch did not look: the "rep" was dropped, the board read as never having left
    the leg, and the change went unsaid (the game's rest screen waits for it). Said once, within 3 s of standing
    still, as the other leg; the set exact, no false fault."""
    _handled_once_as_the_other_leg(seed)


@pytest.mark.parametrize("seed", [402, 639])
def test_a_board_tipped_by_hand_near_the_lifting_plane_then_turned_is_no_rep(seed):
    """other_leg_rest, development seeds: the hand tips the board off the leg about an axis near the lifting axis,
    then turns and carries it, puts it on the other leg and fastens it. Said once, within 3 s of standing still, as
    the strap moved to the other leg; no rep. (restpose.handled, at the "rep's" end, missed each by one of its
    signs: 639 stays 20 deg from the plane, 402 reads 0.9x the person's height about the learned axis. What tells
    is how the "lift" began: with the board already over 50 deg from rest by gravity, which no lift of a leg at
    rest does: the hand's, said as it begins.)"""
    _handled_once_as_the_other_leg(seed)


@pytest.mark.parametrize("seed", [319, 336, 405, 486, 505, 519, 662])
def test_a_lift_begun_after_the_board_tumbled_and_before_the_leg_stood_still_is_the_hands(seed):
    """other_leg_rest, development seeds: the hand tumbles the board off the leg (past 50 deg from rest) in a
    sway's "rep" or between reps, puts it on the other leg and fastens it; a tug of the fastening (3-8 deg in
    0.1-0.2 s) or the hand's next turn begins a "lift" before the leg has stood still at rest (a still moment
    there says the change: strap.still). Invariant: a lift that begins with the board tumbled since the last rep
    and no still moment at rest since is the hand at the strap, no rep: said once (at its start, or within 3 s of
    standing still), as the other leg; the set exact, no false fault. (These counted the tug as a rep, said the
    change late or as a strap turned, or never.)"""
    _handled_once_as_the_other_leg(seed)




@pytest.mark.parametrize("seed", [407, 477])
def test_the_still_moment_that_says_the_change_is_no_rest_for_the_next_lift(seed):
    """other_leg_rest, development seeds: the hand puts the strap on the other leg and lets go for half a second
    (a still window at rest: strap.still says the change there), then fastens it: a tug of 6-11 deg 0.03-0.07 s
    later. Invariant: the still moment that says the change is the hand letting go, not the leg standing at rest,
    so a "lift" that begins before the next still moment at rest is the hand's, no rep (these counted the tug).
    Said once, within 3 s of standing still, as the other leg; the set exact, no false fault."""
    _handled_once_as_the_other_leg(seed)


def test_a_hand_whose_turn_is_said_mid_lift_sets_no_gyro_scale():
    """other_leg_rest, development seed 541: the hand turns the board about the hanging leg and tips it, and the
    strap watch says "turned" mid-"lift" (strap.step saw the turn about rest-up). The "lift" goes on in the hand
    (71 deg up, then 69 below rest); no scale is taken from it before the core is calibrated on the new pose.
    Invariant: the sound gyro keeps its scale, the hand's movement is no rep and the rep after the change is
    counted; the change ends said as the other leg, within 3 s of standing still. (Main took 0.72x there,
    counted the hand's movement and lost rep 4.)"""
    from sim.analysis.accuracy_situations import situation_job

    r = situation_job(("other_leg_rest", 541))
    assert "error" not in r, r.get("error")
    assert r["scale_changes"] == 0, r["scale_read"]
    assert r["eval"]["exact"], (r["eval"]["ghosts"], r["eval"]["misses"])
    assert r["slips"][-1][1] == mc.SLIP_OTHER_LEG
    assert r["slip_delay_ms"] is not None and r["slip_delay_ms"] <= 3000


@pytest.mark.parametrize("seed", [335, 353, 373])
def test_a_hand_tumbling_the_board_past_60_deg_sets_no_gyro_scale(seed):
    """other_leg_rest, development seeds: the hand takes the board off the leg and tumbles it 77-106 deg from where
    it hung, about axes 35-57 deg off the lift's, before the strap watch has said anything. The gyro's summed turn
    read 1.3-1.7x what gravity showed, and past 60 deg 1.3x was taken as a scale (0.6-0.77x). Invariant: the sound
    gyro keeps its scale, the change is said as the other leg, and the set is exact."""
    from sim.analysis.accuracy_situations import situation_job

    r = situation_job(("other_leg_rest", seed))
    assert "error" not in r, r.get("error")
    assert r["scale_changes"] == 0, r["scale_read"]
    assert r["slips"] and r["slips"][-1][1] == mc.SLIP_OTHER_LEG
    assert r["eval"]["exact"], (r["eval"]["ghosts"], r["eval"]["misses"])
