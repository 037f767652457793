"""The UCI PT copy and its reader: every session present, samples in BandLift units, labels consistent."""

import math

import pytest

from sim.analysis import uci
from sim.analysis.recording import RecordingError


def test_every_session_of_the_copy_is_listed():
    """s1 and s2, e1 and e3, test and template, the moving unit and both resting units: 24 files."""
    ss = uci.sessions()
    assert len(ss) == 24
    moving = [s for s in ss if s.moving]
    assert {(s.exercise, s.unit, s.mount) for s in moving} == {("e1", "u2", "shin"), ("e3", "u3", "thigh")}
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


@pytest.mark.parametrize("exercise", ["e1", "e3"])
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
        for exercise in ("e1", "e3"):
            assert [t for t, _, _ in uci.template_times(subject, exercise)] == [1, 2, 3]


def test_reader_rejects_a_wrong_header(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_text("index;a;b\n1;2;3\n")
    with pytest.raises(RecordingError, match="bad.txt:1"):
        uci.read_uci(str(p))
