"""`python -m sim playtest --twin --all --json`: every shipped level plays through code.py in the twin."""

import json
import os

import sim
from sim.levels import playtest


def test_every_shipped_level_plays_through_the_device_program_and_is_saved(twin_playtest):
    """Both legs where the level asks, through the final summary, and the progress file holds the level."""
    from bandlift.levels.load import load_levels

    code, out = twin_playtest
    levels, _ = load_levels(os.path.join(sim.ROOT, "levels"))
    by_file = {r["file"]: r for r in out["levels"]}
    assert levels and all(lv.id + ".json" in by_file for lv in levels)
    for lv in levels:
        r = by_file[lv.id + ".json"]
        assert r["reached_summary"] and r["saved"] and not r["crashed"], r
        for side in set(s for s in lv.leg_plan() if s in ("L", "R")):
            assert r["sides"][side] > 0, (lv.id, side, r)
        if "R" not in lv.leg_plan():
            assert r["sides"]["R"] == 0
    assert code == 0


def test_bad_input_is_one_clear_line_and_exit_2(capsys, tmp_path):
    assert playtest.main(["--twin", str(tmp_path / "nope.json")]) == 2
    assert "no such level file" in capsys.readouterr().err
    assert playtest.main(["--twin"]) == 2


def test_a_level_the_device_skips_fails_with_its_reason(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": 1, "name": "Bad", "reps": 1e400}')
    assert playtest.main(["--twin", str(bad), "--json"]) == 1
    r = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["levels"][0]
    assert not r["passed"] and "the device skips it" in r["error"][0]
