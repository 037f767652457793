"""The UCI PT copy and its reader: every session present, samples in BandLift units, labels consistent."""

import math

import pytest

from sim.analysis import uci
from sim.analysis.recording import RecordingError


def test_every_session_of_the_copy_is_listed():
    """s1 and s2, test and template: e1 and e3 with the moving unit and both resting units, e4 with both moving
    units (the whole leg lifts lying on its side): 32 files, every one of them present."""
    ss = uci.sessions()
    assert len(ss) == 32
    moving = [s for s in ss if s.moving]
    assert {(s.exercise, s.unit, s.mount) for s in moving} == {
        ("e1", "u2", "shin"), ("e3", "u3", "thigh"), ("e4", "u2", "shin"), ("e4", "u3", "thigh")}
    assert uci.subjects(ss) == ["s1", "s2"]
    assert {s.expected for s in moving if s.kind == "test"} == {30}
    assert {s.expected for s in moving if s.kind == "template_session"} == {9}
    assert all(s.expected == 0 for s in ss if s.unit in ("u1", "u4"))


def test_samples_are_25hz_in_ms_with_gravity():
    s = uci.Session("s1", "e3", "test", "u3", 30).samples()
    assert s[0][0] == 0 and s[1][0] == 40
    assert all(b[0] - a[0] == 40 for a, b in zip(s, s[1:]))
    # At rest the accelerometer reads about 1 g (m/s^2), gyro about 0 (rad/s).
    g = math.sqrt(sum(v * v for v in s[0][1:4]))
    assert 9.0 < g < 10.6
    assert all(abs(v) < 0.2 for v in s[0][4:7])


@pytest.mark.parametrize("exercise", ["e1", "e3", "e4"])
def test_s1_rep_labels_are_30_ordered_reps_of_each_type(exercise):
    reps = uci.rep_times("s1", exercise)
    assert len(reps) == 30
    assert [t for _, t, _, _ in reps] == [1] * 10 + [2] * 10 + [3] * 10
    assert all(a[3] <= b[2] for a, b in zip(reps, reps[1:]))
    fast = [e - s for _, t, s, e in reps if t == uci.TOO_FAST]
    correct = [e - s for _, t, s, e in reps if t == uci.CORRECT]
    assert max(fast) < min(correct)  # too-fast executions are shorter than every correct one


def test_template_times_mark_one_of_each_type():
    for subject in ("s1", "s2"):
        for exercise in ("e1", "e3", "e4"):
            assert [t for t, _, _ in uci.template_times(subject, exercise)] == [1, 2, 3]


def test_reader_rejects_a_wrong_header(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_text("index;a;b\n1;2;3\n")
    with pytest.raises(RecordingError, match="bad.txt:1"):
        uci.read_uci(str(p))


def test_a_gyro_that_reads_four_times_what_gravity_shows_is_rescaled_and_the_set_counted():
    """s2's thigh unit in e3 reports ~4x the rotation its accelerometer sees (70 deg integrated against ~17 deg
    of tilt per raise). The core compares the two over still-to-still movements and corrects the scale: the
    lifts then read as the ~15-20 deg they are, not 60-80 deg (and not a strap turned on the leg), and most
    reps count (all but the first, measured before the scale was known, and the low-amplitude ones the
    minimum range leaves out)."""
    from sim.analysis import accuracy
    from sim.analysis.analyze import analyze_samples

    s = [x for x in uci.sessions() if x.name == "s2/e3/u3/template_session"][0]
    res = analyze_samples(s.samples(), accuracy.auto_targets(), side=s.side)
    assert res["count"] >= 5  # (the old core: 2)
    peaks = [r["peak_deg"] for r in res["reps"]]
    assert all(5.0 < p < 30.0 for p in peaks), peaks
    # the correct and too-fast executions (the first six after the first) are not read as swung or dropped
    assert sum(1 for r in res["reps"] if "DROP" in r["faults"] or "KICK" in r["faults"]) <= 1


def test_a_correct_gyro_is_never_rescaled_on_real_lifts():
    """s1's units and s2's shank agree with gravity (ratio 0.9-1.1 per lift): their scale stays 1."""
    from bandlift.motion.core import MotionCore
    from sim.analysis import accuracy

    for name in ("s1/e3/u3/test", "s1/e1/u2/test", "s2/e1/u2/test"):
        s = [x for x in uci.sessions() if x.name == name][0]
        core = MotionCore(accuracy.auto_targets(), side=s.side)
        for smp in s.samples():
            core.feed(*smp)
        assert core.tracker.gain == 1.0, name


def _run(samples, side="R"):
    from bandlift.motion import core as mc
    from sim.analysis import accuracy

    core = mc.MotionCore(accuracy.auto_targets(), side=side)
    core.new_set(side)
    reps, slips = [], 0
    for x in samples:
        ev = core.feed(*x)
        slips += bool(ev & mc.EV_SLIPPED)
        if ev & mc.EV_REP_DONE:
            reps.append(core.last_rep.start_ms - samples[0][0])
    return reps, slips


@pytest.mark.parametrize("name", [x.name for x in uci.sessions()])
def test_no_strap_moved_where_the_strap_stayed(name):
    """Every session, each unit on its own leg, no strap ever touched (seated knee extensions, supine leg raises
    with s2's thigh gyro reading ~4x, side-lying hip abductions whose lifts roll about the leg's length and swing
    forward about the vertical): the strap watch says nothing. (s2's abductions said "strap moved" 6 times.)"""
    s = [x for x in uci.sessions() if x.name == name][0]
    assert _run(s.samples(), s.side)[1] == 0


@pytest.mark.parametrize("name", ["s1/e1/u2/test", "s1/e3/u3/test", "s2/e3/u3/test"])
@pytest.mark.parametrize("lead_ms", [1300, 2000])
def test_a_first_rep_soon_after_the_recording_starts_counts(name, lead_ms):
    """The recording cut so the first execution starts 1.3 or 2 s after the first sample (the person had stood
    still only that long): all 30 count, the first among them."""
    s = [x for x in uci.sessions() if x.name == name][0]
    smp = s.samples()
    first = _run(smp)[0][0]
    cut = (first - lead_ms) // 40
    if cut < 0:  # the person stood still less than that: hold the first sample still for longer
        smp = [(x[0] + 40 * i,) + tuple(smp[0][1:]) for i, x in enumerate(smp[:-cut])] + \
              [(x[0] - 40 * cut,) + tuple(x[1:]) for x in smp]
        cut = 0
    sub = [(x[0] - smp[cut][0],) + tuple(x[1:]) for x in smp[cut:]]
    reps = _run(sub)[0]
    assert len(reps) == 30
    assert abs(reps[0] - lead_ms) < 500


@pytest.mark.parametrize("name", ["s2/e4/u2/test", "s2/e4/u3/test"])
def test_real_lifts_that_set_off_out_of_the_learned_plane_are_reps(name):
    """s2's side-lying hip abductions (e4): some set off 10-48 deg out of the learned lifting plane (the strap
    untouched, the gyro watching throughout), and the lift axis is re-learned mid-lift: all 30 count (a rule that
    takes a lift far out of the plane for a hand tipping the board must leave these)."""
    s = [x for x in uci.sessions() if x.name == name][0]
    assert len(_run(s.samples(), s.side)[0]) == 30
