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
from sim.athlete.situations import situation_set, with_mix


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


def _held_up(deg):
    """A Run edit: the leg held `deg` up at the start, not the 20-50 deg the leg-up kinds draw."""

    def edit(spec):
        spec.start_up_deg = deg

    return edit


def _counted_once_quietly(r):
    """Every rep matched, no clean rep given a fault, no strap change said."""
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    assert r.clean_with_faults() == [] and r.slips == []


def _read_as_the_leg_moved(r):
    """Every rep matched and timed as the leg moved (its raise within 250 ms), no clean rep given a fault, no strap
    change said: what a set read upside down (its lowerings timed as raises) fails."""
    _counted_once_quietly(r)
    for i, j in r.pairs:
        assert abs(r.reps[i]["raise_ms"] - r.truth[j]["raise_ms"]) < 250


@pytest.mark.parametrize("seed", [300, 301, 304])
def test_a_set_started_with_the_leg_only_12_deg_up_reads_the_leg_down_as_rest(seed):
    """leg_up_start, development seeds, the leg up 12 deg at the start (not the 20-50 the kind draws), standing,
    the board on the front or back of the thigh. Too small a turn for the lever test (17 deg); the hanging leg holds
    the board's face horizontal, and the raised one held it 12 deg (sin 0.21) less so, under the 0.2 asked before:
    each rep was read upside down (its lowering as the raise), counted but matched to no rep of the leg's. Invariant:
    every rep matched and timed as the leg moved, no clean rep given a fault, no strap change said."""

    r = Run("leg_up_start", seed, edit=_held_up(12.0))
    assert r.spec.posture == "standing" and min(r.spec.strap_deg % 180.0, 180.0 - r.spec.strap_deg % 180.0) < 30.0
    _read_as_the_leg_moved(r)


@pytest.mark.parametrize("seed", [310, 311, 316])
def test_a_set_started_with_the_leg_15_deg_up_and_the_board_on_the_side_reads_the_leg_down_as_rest(seed):
    """leg_up_start, development seeds, the leg up 15 deg at the start, the board worn on the side of the thigh (its
    face along the lift axis: the face says nothing) and square in its strap (its edges lean 15 deg at the first
    pose, under the square test's 17). The first movement's lever arm tells which pose hangs lower; the test asked
    a 17 deg turn, and every rep was read upside down. Invariant: every rep matched and timed as the leg moved, no
    clean rep given a fault, no strap change said."""

    r = Run("leg_up_start", seed, edit=_held_up(15.0))
    assert r.spec.posture == "standing" and 60.0 < r.spec.strap_deg % 180.0 < 120.0
    _read_as_the_leg_moved(r)


@pytest.mark.parametrize("seed", [316, 326])
def test_a_first_rep_read_further_past_the_start_than_it_rose_turns_the_set_over(seed):
    """leg_up_start, development seeds, the leg up 12 deg at the start and the board worn on the side of the thigh,
    where neither its face nor the first movement's lever arm (12 deg of turn at least) tells that the leg began
    up. The first "rep" read is the start's lowering (12 deg) and the first raise read backwards, past the start
    pose by the lift's height less the start's (15-50 deg); no still window came at that raise's top before the
    leg went on, so the check at a still moment never ran and every rep of the set was read upside down. Invariant:
    every rep matched and timed as the leg moved, no clean rep given a fault, no strap change said."""

    r = Run("leg_up_start", seed, edit=_held_up(12.0))
    assert r.spec.posture == "standing" and 60.0 < r.spec.strap_deg % 180.0 < 120.0
    _read_as_the_leg_moved(r)


@pytest.mark.parametrize("seed", [300, 301, 302, 303])
def test_a_first_rep_lowered_past_a_start_held_10_deg_up_is_measured_from_where_it_came_down(seed):
    """leg_up_still, development seeds, the leg held perfectly still 10 deg up at the start (the kind draws 20-50),
    the board at any angle on the strap. No reading tells a start 10 deg up (the board's face from 10 deg in front,
    the lever arm from 12 deg on the side): the rest pose is learned there, and the first rep, lowered to the
    hanging leg, comes down 10 deg past it. Measured from the start, its height read 9-10 deg short and a clean rep
    was SHORT. Invariant: every rep matched, no clean rep given a fault, no strap change said."""

    r = Run("leg_up_still", seed, edit=_held_up(10.0))
    _counted_once_quietly(r)
    i, j = r.pairs[0]
    assert j == 0 and abs(r.reps[i]["peak_deg"] - r.truth[0]["peak_deg"]) < 5.0


@pytest.mark.parametrize("seed", [312, 322])
def test_a_start_held_10_deg_up_and_lowered_too_slowly_to_teach_the_axis_is_no_rep(seed):
    """leg_up_start, development seeds, the leg held 10 deg up at the start and lowered at under 15 deg/s, too
    slowly to teach the lift axis: the angle was the leg's tilt from the pose taken for rest, so the lowering read
    as a lift, the stand below as its pause, and the first raise, passing back through that pose at 30 deg/s, as
    its lowering turning back up at once: a rep counted (SHORT, DROP), and every later rep read half a rep late.
    Invariant: every rep matched, no clean rep given a fault, no strap change said, and every rep after the first
    timed as the leg moved (the first raise is read from where it passed the start pose: 0.5 s short)."""

    r = Run("leg_up_start", seed, edit=_held_up(10.0))
    _counted_once_quietly(r)
    assert all(abs(r.reps[i]["raise_ms"] - r.truth[j]["raise_ms"]) < 250 for i, j in r.pairs if j > 0)


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


def test_the_game_naming_the_other_leg_keeps_the_calibration_until_the_strap_is_seen_moving():
    """new_set with the other side, called as the rest screen asks for the strap to move: the core stays
    calibrated (the strap has not moved yet; its strap watch says when it does, tests/test_game_strap_move.py),
    and a set whose strap was in fact left where it was counts every rep as before."""
    spec = situation_set("sway", 0)
    s = generate(spec)
    core = MotionCore(set_targets(spec))
    core.new_set("R")
    # (between two reps, as a set ends: a new set stops a rep under way)
    k = next(i for i, x in enumerate(s.samples) if ticks_diff(x[0], s.truth[3]["end_ms"]) > 800)
    reps = 0
    for x in s.samples[:k]:
        reps += bool(core.feed(*x) & mc.EV_REP_DONE)
    assert core.calibrated
    core.new_set("R")
    assert core.calibrated  # the same leg keeps its calibration
    core.new_set("L")
    assert core.calibrated and core.phase != mc.PH_CALIBRATING and core.side == "L"
    for x in s.samples[k:]:
        reps += bool(core.feed(*x) & mc.EV_REP_DONE)
    assert reps == len(s.truth) and core.last_rep.side == "L"


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


def _turnovers(slow):
    """(flagged, total) over turnover seeds 0-7 of the NO_PAUSE reps whose moves overlap (measured pause under
    200 ms) or, slow=True, that meet between slow moves (their slow ends measure 300 ms or more); and no clean rep
    is NO_PAUSE."""
    flagged = total = 0
    for seed in range(8):
        r = Run("turnover", seed)
        np_ = [i for i, j in r.pairs if "NO_PAUSE" in r.truth[j]["faults"]
               and (r.truth[j]["hold_ms"] >= 300 if slow else r.truth[j]["hold_ms"] < 200)]
        total += len(np_)
        flagged += sum(1 for i in np_ if "NO_PAUSE" in r.reps[i]["faults"])
        assert not any("NO_PAUSE" in f for _, f in r.clean_with_faults())
    return flagged, total


def test_a_turn_over_without_a_dwell_is_no_pause():
    """Over eight sets, the reps that turn over at the top with their moves overlapping are NO_PAUSE (all but the
    odd one whose slow lowering the sway blurs: the long sweep is in docs/accuracy.md), and no clean rep is."""
    flagged, total = _turnovers(False)
    assert total >= 6 and flagged >= total - 1


def test_a_turn_over_between_slow_moves_is_no_pause_where_the_stop_shows():
    """The reps that turn over at the top where a slow raise meets a slow lowering, no stop between them, measure a
    pause of 300 ms or more: their moves' slow ends. A coach sees no pause. The judge takes those ends out (the
    flank fit gives them) and finds most of them, where the measured pause alone found 2 of 12."""
    flagged, total = _turnovers(True)
    assert total >= 6 and flagged >= total // 2, (flagged, total)


@pytest.mark.xfail(strict=True, reason=(
    "One-leg sway moves a slow lowering's measured start 100-200 ms either way (docs/sway-bound.md), and the slow "
    "ends are taken out no larger than a bell's at 10 % of its peak (a floor-ruled lift's read too large under sway): "
    "a stop of 0 and one of 300 ms, the least a clean rep holds, are not always told apart (docs/design.md, 'What the "
    "convention leaves in the pause')"))
def test_a_turn_over_between_slow_moves_is_no_pause():
    """Every one of them but the odd one is NO_PAUSE."""
    flagged, total = _turnovers(True)
    assert total >= 6 and flagged >= total - 1


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


@pytest.mark.parametrize("seed", [374, 377, 489])
def test_a_strap_slid_to_the_other_leg_12_to_15_deg_round_is_said_while_the_person_stands(seed):
    """other_leg, development seeds: the strap slid to the other leg, the board ending 12-14 deg from where it faced,
    nearly all of it about the hanging leg. The gyro sees that turn but not its slow ends (under the 2 deg/s gate,
    strap._YAW_GATE: 1-3 deg of a 2-4 s handling): it read 11.0-11.9 deg, under the 12 deg the change was said from,
    and it was said only at the next lift, 4.8-6.3 s after the person stood still. Said within 3 s of standing
    still, and every rep counted."""
    from sim.analysis.accuracy_situations import situation_job

    r = situation_job(("other_leg", seed))
    assert "error" not in r, r.get("error")
    assert r["change_deg"] >= 12.0
    assert r["slip_delay_ms"] is not None and r["slip_delay_ms"] <= 3000, (r["slips"], r["slip_delay_ms"])
    assert r["eval"]["exact"], (r["eval"]["ghosts"], r["eval"]["misses"])


def test_a_strap_flipped_on_a_swaying_shin_is_said_within_3_s_of_standing_still():
    """strap_flip, development seed 444: the board turned over on a shin that sways 2 deg. Sway spoils still windows
    two in a row, and a gap of over 1.25 s between still windows in the turned-over pose restarted the run that says
    the change: it was said 3.5 s after the person stood still. Said within 3 s, and every rep counted."""
    from sim.analysis.accuracy_situations import situation_job

    r = situation_job(("strap_flip", 444))
    assert "error" not in r, r.get("error")
    assert r["slip_delay_ms"] is not None and r["slip_delay_ms"] <= 3000, (r["slips"], r["slip_delay_ms"])
    assert r["eval"]["exact"], (r["eval"]["ghosts"], r["eval"]["misses"])


def test_every_strap_moved_to_the_other_leg_is_announced():
    """Seeds 0-19 of other_leg (the board turned about the leg by 18 to 180 deg): each said once, all counted."""
    for seed in range(20):
        r = Run("other_leg", seed)
        said = _after_change(r)
        assert len(said) == 1 and said[0] in (mc.SLIP_TURNED, mc.SLIP_OTHER_LEG), (seed, r.slips)
        assert len(r.reps) == len(r.truth), seed


@pytest.mark.parametrize("seed", [0, 1, 2, 5, 595])
def test_a_board_turned_over_is_said_once_as_turned_over(seed):
    """Turning the board over by hand is a turn about its level face, which for its first degrees looks like a
    sideways lift: the one alert is "board turned over", not "strap turned" (or "other leg") first. (595, a
    development seed: turned over backwards, the angle read down to -180 deg and wrapped to +179, a "lift" began
    there at once and "other leg" was said before "turned over".)"""
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
    stands (not at the next lift), so a turn of 10 deg or more is said once, at once; the next lift says which.
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


def test_a_board_turned_over_on_a_swaying_shin_is_learned_before_the_next_rep():
    """A shin swaying 2 deg spoils about every other still window. Turned over by hand and left still for 3.7 s, the
    board's new pose is learned as rest before the next rep begins, and no rep after the change is lost (in a pose
    no lift reaches, one spoiled window between two still ones does not restart the count of still time)."""
    r = Run("strap_flip", 595)
    assert r.spec.leg_sway_deg > 1.5 and r.spec.mount == "shin"
    first_after = r.rel(r.truth[r.spec.change_after + 1]["start_ms"])
    said = [t for t, k in r.slips if k == mc.SLIP_FLIPPED]
    assert said and said[0] < first_after, (r.slips, first_after)
    assert [t for t in r.cal if said[0] <= t < first_after], (r.cal, first_after)
    assert len(r.reps) == len(r.truth) == len(r.pairs), (len(r.reps), len(r.truth), len(r.pairs))


@pytest.mark.parametrize("seed", [300, 314, 318])
def test_a_first_rep_that_drifts_through_a_gyro_read_slow_does_not_make_the_straight_reps_drift(seed):
    """A gyro that reads 0.6x is corrected at the first rep's top. The lift axis its start taught stays: sway read
    slower than it is teaches no axis (only a gyro read too fast can). Forgotten there, the first rep's whole
    raise, knee drifting out at its top, became the plane and the next three straight reps read DRIFT.
    (Development seeds.)"""
    r = Run("first_rep_drift", seed, edit=lambda spec: with_mix(spec, "gyro_scale", seed))
    assert 0.6 <= r.spec.gyro_scale <= 0.8
    assert len(r.reps) == len(r.truth)
    later = [f for j, f in r.clean_with_faults() if j > 0]
    assert not any("DRIFT" in f for f in later), later


@pytest.mark.parametrize("seed", [304, 313])
def test_a_first_rep_that_drifts_through_a_gyro_off_by_a_range_step_does_not_make_the_straight_reps_drift(seed):
    """first_rep_drift through a gyro read 0.31x (304) or 2.61x (313), development seeds: the scale is corrected in
    the first rep, every rep is counted, and no straight rep after the first is called a drift. The first rep's start
    taught no lift axis (read under the tracker's 15 deg/s, or forgotten as the scale was corrected): the whole rep's
    stood in with the knee's drift at its top, and the second lift's start teaches the axis instead."""
    r = Run("first_rep_drift", seed, edit=lambda spec: with_mix(spec, "gyro_scale", seed))
    assert r.spec.gyro_scale < 0.5 or r.spec.gyro_scale > 2.0
    assert len(r.reps) == len(r.truth)
    later = [f for j, f in r.clean_with_faults() if j > 0]
    assert not any("DRIFT" in f for f in later), later
