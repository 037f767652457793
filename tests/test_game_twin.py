"""The game in code.py on the digital twin: a three-set level with alternating legs is played to the end by
`python -m sim playtest --twin` (the player presses B between sets, the strap is moved), and it is saved."""

import json

from sim.levels import playtest

ALTERNATE_THREE = {
    "format": 1, "name": "Alternate Three", "description": "Three sets, legs alternating.",
    "side": "alternate", "sets": 3, "rest_ms": 10000, "reps": 3,
    "target": {"angle_deg": 40},
    "tempo": {"raise_ms": 1500, "pause_ms": 1000, "lower_ms": 3000, "reset_ms": 1000},
}


def test_a_three_set_alternating_level_plays_to_the_end_on_both_legs_and_is_saved(tmp_path, capsys):
    path = tmp_path / "alt3.json"
    path.write_text(json.dumps(ALTERNATE_THREE))
    code = playtest.main(["--twin", str(path), "--json"])
    r = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["levels"][0]
    assert code == 0 and r["passed"], r
    assert r["sides"] == {"L": 6, "R": 3}  # sets 1 and 3 on the left leg, set 2 on the right
    assert r["reached_summary"] and r["saved"] and not r["crashed"]
