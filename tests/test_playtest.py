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
    level, why = playtest._load(path)
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
