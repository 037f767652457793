"""The core with a gyro read through a wrong scale (readings converted for another range than the one set:
situations gyro_scale and big_scale, and scaled runs of others): the scale corrected from what gravity shows, the
first reps counted, sway through a fast gyro no rep, and no scale taken from a hand fastening the strap."""

import random

import pytest

from sim.analysis import evaluate
from sim.athlete.moves import MJ_PEAK
from sim.athlete.spec import RepSpec

from tests.test_core_situations import Run


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


def _tall_run(seed, scale):
    """big_scale `seed` with every lift 112-118 deg (a person at the top of big_fast's range, whose pelvis tilts back
    to take the thigh past 130) and the gyro reading `scale` times the true rate, tempos drawn as big_fast draws them."""
    def tall(spec):
        rng = random.Random(seed)
        spec.gyro_scale, spec.gyro_dps = scale, 2000
        for i, r in enumerate(spec.reps):
            peak = round(rng.uniform(112.0, 118.0), 1)
            up = max(900.0, MJ_PEAK * peak * 1000.0 / 110.0) * rng.uniform(1.0, 1.3)
            down = max(1300.0, MJ_PEAK * peak * 1000.0 / 95.0) * rng.uniform(1.0, 1.3)
            spec.reps[i] = RepSpec(round(up), r.pause_ms, round(down), r.reset_ms, peak, r.faults)

    return Run("big_scale", seed, edit=tall)


@pytest.mark.parametrize("seed,scale", [(302, 1.35), (302, 1.45), (358, 1.45), (709, 1.35), (865, None)])
def test_tall_pause_free_lifts_read_past_180_deg_through_a_gyro_a_third_high_each_count(seed, scale):
    """Standing lifts of 112-118 deg with no pause, through a gyro reading 1.35-1.45x: the gyro carries the pose to
    175-190 deg. Two readings lost them (2-5 of 6-9 counted, "strap moved" said): past 180 deg the angle wrapped to
    -178, the lift was dropped as partial and its lowering taken for the strap moved to the other leg; and gravity
    at the top, where the leg decelerates (0.8-0.9 g), was weighed against |a| instead of g and read 155-160 deg for
    140, past where a board turned over by hand reads, so the gyro's 1.3x could not be seen and the lift, read past
    165 deg, was taken for the strap handled. Every lift counts once and the strap is never said to move.
    (865: big_scale's own draw, lifts of 109-116 deg through a 1.35x gyro.)"""
    r = Run("big_scale", seed) if scale is None else _tall_run(seed, scale)
    assert len(r.truth) >= 6
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    assert r.slips == []


@pytest.mark.parametrize("seed,scale", [(343, 1.3), (358, 1.3), (396, 1.3), (468, 1.3), (383, 1.35), (494, 1.35)])
def test_tall_pause_free_lifts_through_a_gyro_reading_1_3x_each_count_and_say_no_strap_moved(seed, scale):
    """Invariant: standing lifts of 112-118 deg with no pause (the pelvis tilting back takes the thigh to 135-150
    deg), through a gyro reading 1.3-1.35x, each count once and the strap is never said to move. The gyro reads
    them past 165 deg (a board turned over by hand reads 180), and gravity at the top, where the leg decelerates
    and the hip with it, reads 8-12 deg past the pose (the hip's own acceleration along the thigh, and the
    smoothed accelerometer still turning as the leg starts back), so the gyro looked only 1.13-1.2x gravity's
    turn and the lift, in its plane all the way, was taken for the strap handled (1-9 reps of 6-11 lost,
    "strap moved" said). A hand that turns the board over leaves the lifting plane (31-91 deg); these lifts
    stay within 16 deg of it."""
    r = _tall_run(seed, scale)
    assert len(r.truth) >= 6
    assert len(r.reps) == len(r.truth) and len(r.pairs) == len(r.truth)
    assert r.slips == []


def _first_rep_counted_and_exact(r):
    """The first true rep is matched by a counted rep, and the set is exact."""
    assert 0 in [j for _, j in r.pairs], "first rep lost"
    assert evaluate.evaluate_set(r.reps, r.truth, t0=r.t0)["exact"]


@pytest.mark.parametrize("seed", [310, 359, 439, 562, 692])
def test_a_small_first_lift_through_a_gyro_reading_a_third_is_counted(seed):
    """small_scale, development seeds whose gyro reads 0.25-0.45x: a 10-20 deg first lift turns 2-4 deg/s by the
    gyro, under the 4 deg/s a lift starts at, while the accelerometer carries the angle up the rest of the way.
    Invariant: the first true rep is matched by a counted rep and the set is exact (main lost the first rep:
    no lift had started when the scale was found at its top)."""
    r = Run("small_scale", seed)
    assert r.spec.gyro_scale < 0.5
    _first_rep_counted_and_exact(r)


@pytest.mark.parametrize("seed", [311, 312, 321, 330, 336, 340])
def test_small_slow_lifts_through_a_gyro_off_scale_it_never_corrects_are_timed_as_the_leg_moved(seed):
    """small_scale, development seeds lying down (no sway): 13-19 deg lifts of 5-10 s through a gyro reading 0.64-0.77x
    or 1.35-1.6x, which these lifts never show enough to correct (the scale stays 1). A phase's ends lie where the
    leg moves at 10 % of its peak speed, never under 2 deg/s; that floor is 15-25 % of these lifts' peaks and is the
    leg's 2 deg/s, not the gyro's. Invariant: the set is exact and the median lowering and pause are each within
    200 ms of the truth (the floor reckoned in the gyro's degrees read them 190-340 ms off; a sound gyro, 20-70)."""
    import statistics

    r = Run("small_scale", seed)
    assert r.core.tracker.gain == 1.0 and abs(r.spec.gyro_scale - 1.0) > 0.2
    assert evaluate.evaluate_set(r.reps, r.truth, t0=r.t0)["exact"]
    for key in ("lower_ms", "hold_ms"):
        err = statistics.median(abs(r.reps[i][key] - r.truth[j][key]) for i, j in r.pairs)
        assert err <= 200, (key, err)


def test_a_still_window_taking_in_the_lowering_s_start_gives_a_sound_gyro_no_scale():
    """low_amp, development seed 1373 (a shin, standing): the sway left the gyro's bias 3 deg/s off, and the still
    window that ended a 2.6 s pause took in the lowering's first 0.3 s (12 deg/s, within the window's tolerance).
    Its gravity is its mean, 20.6 deg from the last still moment; the gyro's turn was read at the window's end, 4.6
    deg, and a sound gyro was given 4.5x (then 0.79x, and a clean rep a fault). Invariant: the sound gyro keeps
    its scale, the set is exact and no clean rep is faulted."""
    from sim.analysis.accuracy_situations import situation_job

    r = situation_job(("low_amp", 1373))
    assert "error" not in r, r.get("error")
    assert r["gyro_scale"] == 1.0
    assert r["scale_changes"] == 0, r["scale_read"]
    assert r["eval"]["exact"], (r["eval"]["ghosts"], r["eval"]["misses"])
    assert r["false_feedback"] == 0


def test_a_12_deg_lift_through_a_gyro_reading_0_22x_gives_the_scale_from_its_pause():
    """small_scale, development seed 590: a 12 deg lift through a 0.22x gyro turns it 2.7 deg by the middle of the
    still window at its top. Invariant: the scale is taken there, within 10 % of the truth, and the set is exact
    (read at the window's end the gyro's turn was 3.1 deg and the scale 0.84 of the truth; at its middle it was
    under the 3 deg a movement needed, and no scale came at all: 8 reps of 10 lost)."""
    from sim.analysis.accuracy_situations import situation_job

    r = situation_job(("small_scale", 590))
    assert "error" not in r, r.get("error")
    assert r["gyro_scale"] == 0.22
    assert abs(r["scale_read"] - 1.0) < 0.1, r["scale_read"]
    assert r["eval"]["exact"], (r["eval"]["ghosts"], r["eval"]["misses"])


@pytest.mark.parametrize("seed", [335, 504, 538, 634])
def test_a_small_lift_through_a_0_2x_gyro_starts_though_its_angle_climbs_on_after_the_gyro_stopped(seed):
    """small_scale, development seeds whose gyro reads 0.2-0.22x (13-18 deg lifts, standing and lying): the gyro
    turns the leg a fifth of the way and the accelerometer carries the angle up the rest, half a second behind: it
    climbs on after the raise has ended, with the gyro still (335: 1.4, 5.7, 9.5 deg at half seconds, the gyro a
    sixth of the second half second's climb). Invariant: the first true rep is matched by a counted rep and the
    set is exact (main lost it: the angle's climb was judged half a second at a time against the gyro's)."""
    r = Run("small_scale", seed)
    assert r.spec.gyro_scale < 0.25
    _first_rep_counted_and_exact(r)


@pytest.mark.parametrize("seed", [403, 695])
def test_a_small_first_lift_whose_angle_climbs_unevenly_is_counted(seed):
    """small_scale, development seeds 403 (10 deg through a 0.45x gyro, standing) and 695 (12 deg through 0.29x,
    lying): the gyro turns the first lift under the 4 deg/s a lift starts at, and the angle, carried up by the
    accelerometer, climbed 5.7 and then 4.0 deg/s over the half seconds the core measures it in (403): a lift's
    speed over the second, not in each half of it. Invariant: the first true rep is matched by a counted rep and the
    set is exact (main lost it: each half second had to climb at 4 deg/s)."""
    r = Run("small_scale", seed)
    assert r.spec.gyro_scale < 0.5
    _first_rep_counted_and_exact(r)


def test_a_slow_small_lift_through_a_gyro_a_third_low_is_measured_whole_for_the_scale():
    """small_scale, development seed 521: 10 deg lifts of 5-10 s through a 0.33x gyro, standing. The gyro turns
    them at 1-3 deg/s, so still windows come in the middle of a lift; each, taken as a pose, measured a few deg of
    the lift, under the 10 deg a scale is read from, and the scale came at 82 s with 3 reps lost. Invariant: the
    scale is read within 25 % of the truth, no strap change is said, and the set is exact."""
    r = Run("small_scale", 521)
    assert r.spec.gyro_scale == 0.33
    assert abs(r.core.tracker.gain * r.spec.gyro_scale - 1.0) < 0.25
    assert r.slips == []
    assert evaluate.evaluate_set(r.reps, r.truth, t0=r.t0)["exact"]


def test_a_slow_lift_lying_down_through_a_gyro_at_0_4x_is_corrected_from_the_middle_of_its_still_windows():
    """small_scale, development seed 498: 10-12 deg lifts lying down through a 0.40x gyro. Gravity's reference at a
    still window is the window's mean, the pose at its middle; the gyro's turn was summed from the window's end,
    1-2 deg further on when the leg still moved, and the lifts never read the scale. Invariant: the scale is read
    within 25 % of the truth and the set is exact (main: no scale, rep 7 lost)."""
    r = Run("small_scale", 498)
    assert r.spec.gyro_scale == 0.4 and r.spec.posture == "supine"
    assert abs(r.core.tracker.gain * r.spec.gyro_scale - 1.0) < 0.25
    assert evaluate.evaluate_set(r.reps, r.truth, t0=r.t0)["exact"]


@pytest.mark.parametrize("seed", [420, 421, 461, 616, 673])
def test_a_9_deg_lift_through_a_gyro_reading_3x_gives_the_scale_from_its_pause(seed):
    """small_scale, development seeds whose gyro reads 3.1-4.9x, standing: a 9-12 deg lift moves gravity under
    the 10 deg a movement needs to be measured, while the gyro turns it 30-50 deg (616: 9.4 deg by gravity, 48 by
    the gyro, at the pause of the second lift). Invariant: the scale is found, within the 1.8x a standing body's roll
    and sway add to a small lift's turn (0.56-0.89 of the truth here; over dev seeds 300:500 of small_scale, gyro_scale
    and big_scale, 10 of 426 corrections lie past 1.6x, all in exact sets: a rep's speeds read half low at worst,
    not 3-5x high), and the set is exact (main took no scale from such a lift: the sway read 3-5x made ghost reps,
    and a rep ended mid-lowering)."""
    from sim.analysis.accuracy_situations import situation_job

    r = situation_job(("small_scale", seed))
    assert "error" not in r, r.get("error")
    assert r["gyro_scale"] > 3.0
    assert 1 / 1.8 < r["scale_read"] < 1.8, r["scale_read"]
    assert r["eval"]["exact"], (r["eval"]["ghosts"], r["eval"]["misses"])


def test_a_pause_whose_tremor_swings_the_accelerometer_still_gives_the_scale_before_the_lowering():
    """gyro_scale, development seed 431: a 30 deg first lift with a 1.5 s pause, a thigh standing, through a gyro
    reading 4.35x (the lift read 131 deg). The pause's tremor swings the smoothed accelerometer 1-2 deg about the
    pose (28-31 deg), and the scale check wants gravity held 0.1 s at its farthest reading. Invariant: the first
    true rep is counted and the set is exact (held within cos 0.01, 1.1 deg there, the 0.1 s never came: the scale
    was found during the next movement and the first rep was dropped as partial)."""
    r = Run("gyro_scale", 431)
    assert r.spec.gyro_scale > 4.0
    _first_rep_counted_and_exact(r)


def test_a_scale_found_as_a_small_lift_ends_keeps_the_height_the_lift_rose_to():
    """small_scale, seed 75 of the held-out check range: a 13.5 deg first lift lying down through a 3.07x gyro. The
    scale is found as the lowering ends (the raise read 2.9x, the lowering 3.4x: two movements in a row); still
    poses taken during the lowering showed gravity 6.4 deg from rest, and the rep was re-read that high, under
    its 6.5 deg minimum, and dropped as partial. The kept angle lies between the gyro's reading and gravity's, so
    its height times the new scale over the old (7.0 deg here) is as high as the leg went at least. Invariant: the
    first rep is counted and the set is exact."""
    r = Run("small_scale", 75)
    assert r.spec.gyro_scale == 3.07 and r.spec.posture == "supine"
    assert abs(r.core.tracker.gain * r.spec.gyro_scale - 1.0) < 0.25
    _first_rep_counted_and_exact(r)

