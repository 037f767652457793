"""Every shipped level can be won by a good athlete and cannot be won by a sloppy one.

The athletes are virtual (sim/athlete/), the reps go through the real motion core with each stage's
targets, and the stars come from the level's own rule (bandlift.levels.model.Level.set_stars).
"""

import glob
import os
import subprocess
import sys

import pytest

from sim.levels import playtest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEVEL_FILES = sorted(glob.glob(os.path.join(ROOT, "levels", "*.json")))


@pytest.mark.parametrize("path", LEVEL_FILES, ids=lambda p: os.path.basename(p))
def test_good_athlete_wins_and_sloppy_athlete_does_not(path):
    level, why = playtest.load_checked(path)
    assert why is None
    for seed in (1, 2):
        stars, scores, seen = playtest.play(level, "good", seed)
        assert stars >= 1, "a good athlete earned no star on %s (scores %s, faults %s)" % (level.id, scores, seen)
        assert len(scores) == level.total_reps
        stars, scores, seen = playtest.play(level, "sloppy", seed)
        assert stars == 0, "a sloppy athlete earned %d stars on %s (scores %s)" % (stars, level.id, scores)
        # and the sloppy reps were told why: the cues for kicking, dropping and not pausing
        assert {"KICK", "DROP", "NO_PAUSE"} <= set(seen)


def test_playtest_command_reports_each_ability():
    out = subprocess.run(
        [sys.executable, "-m", "sim", "playtest", LEVEL_FILES[0], "--athletes", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    for ability in playtest.ABILITIES:
        assert ability in out.stdout


def test_playtest_names_a_broken_level_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": 1, "name": "x", "reps": "many"}')
    out = subprocess.run([sys.executable, "-m", "sim", "playtest", str(bad)], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 2
    assert "bad.json" in out.stderr and "Traceback" not in out.stderr


# ------------------------------------------------------------------ what the level asks, every tempo it may ask

import json  # noqa: E402

from hypothesis import assume, given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from bandlift.levels.parse import parse_level  # noqa: E402
from sim.levels.check import check_level  # noqa: E402


@pytest.mark.parametrize("obj,words", [
    ({"side": "both", "reps": 6}, "6 reps per leg (left, then right), 12 in all"),
    ({"side": "alternate", "sets": 3, "reps": 4, "rest_ms": 45000},
     "3 sets of 4 reps, alternating legs from the left, 12 in all, 45 s rest between sets"),
    ({"side": "left", "reps": 5}, "5 reps on the left leg;"),
    ({"reps": 8, "tempo": {"raise_ms": 2000, "pause_ms": 1000, "lower_ms": 4000}}, "8 reps with either leg; tempo 2-1-4 s"),
])
def test_the_report_says_what_the_level_asks(obj, words):
    level = parse_level(dict({"format": 1, "name": "L"}, **obj), "x.json")
    assert words in playtest.describe(level)


def test_both_legs_level_says_six_reps_per_leg():
    level, _ = playtest.load_checked(os.path.join(ROOT, "levels", "08-both-legs.json"))
    line = playtest.describe(level)
    assert "6 reps per leg" in line and "12 reps" not in line


def _tempo_level(angle, tempo, kick, drop):
    return {"format": 1, "name": "T", "reps": 2,
            "target": {"angle_deg": angle, "tolerance_deg": 3, "min_range_deg": 5},
            "tempo": tempo, "faults": {"kick_dps": kick, "drop_dps": drop, "pause_min_ms": 0, "reset_min_ms": 0}}


@given(angle=st.one_of(st.just("auto"), st.integers(10, 90)),
       tempo=st.fixed_dictionaries({"raise_ms": st.integers(300, 10000), "pause_ms": st.integers(0, 10000),
                                    "lower_ms": st.integers(500, 15000), "reset_ms": st.integers(0, 10000)}),
       kick=st.integers(30, 1000), drop=st.integers(30, 1000), ability=st.sampled_from(playtest.ABILITIES),
       seed=st.integers(0, 1000))
def test_every_tempo_the_checker_accepts_gives_sets_the_athlete_can_play(angle, tempo, kick, drop, ability, seed):
    """For any target and tempo the checker accepts, every ability's sets are ones the virtual athlete accepts
    (athlete.SetSpec.problems() is empty), so playtest never stops on a level the checker passed."""
    obj = _tempo_level(angle, tempo, kick, drop)
    assume(check_level(obj) == [])
    level = parse_level(obj, "t.json")
    for _, _, spec in playtest.sets(level, ability, seed):
        assert spec.problems() == []


@pytest.mark.parametrize("angle,tempo", [
    (90, {"raise_ms": 10000, "pause_ms": 10000, "lower_ms": 15000, "reset_ms": 10000}),  # the slowest
    (10, {"raise_ms": 300, "pause_ms": 0, "lower_ms": 500, "reset_ms": 0}),  # the fastest, low target
])
def test_the_checker_s_extreme_tempos_play_to_the_end(tmp_path, angle, tempo):
    p = tmp_path / "t.json"
    p.write_text(json.dumps(_tempo_level(angle, tempo, 1000, 1000)))
    out = subprocess.run([sys.executable, "-m", "sim", "playtest", str(p), "--athletes", "1"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    assert all(ab in out.stdout for ab in playtest.ABILITIES)


def test_playtest_all_shows_progress(monkeypatch, tmp_path, capsys):
    from sim.levels import check

    for n in ("01-first-lifts.json", "02-find-your-height.json"):
        (tmp_path / n).write_text(open(os.path.join(ROOT, "levels", n)).read())
    monkeypatch.setattr(check, "DEFAULT_FOLDER", str(tmp_path))
    monkeypatch.setattr(playtest, "playtest", lambda level, n, seed: {
        ab: {"athletes": n, "pass_rate": 1.0, "stars": [0, 0, 0, n], "mean_score": 90.0, "faults": {}}
        for ab in playtest.ABILITIES})
    assert playtest.main(["--all", "--athletes", "1"]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines()[0].startswith("[1/2] 01-first-lifts") and err.splitlines()[1].startswith("[2/2] ")
    assert "First Lifts" in out and "Find Your Height" in out


@pytest.mark.parametrize("argv,words", [
    ([], "give a level file or --all"),
    (["levels/01-first-lifts.json", "--all"], "give a level file or --all"),
    (["levels/01-first-lifts.json", "--athletes", "0"], "at least 1"),
    (["no-such-level.json"], "no-such-level.json: file: no such file"),
])
def test_playtest_bad_arguments_are_one_line(capsys, argv, words):
    assert playtest.main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and words in err
