"""The game in code.py on the digital twin: a three-set level with alternating legs is played to the end by
`python -m sim playtest --twin` (the player presses B between sets, the strap is moved), and it is saved.
The level is played in the session's one twin run of every level (tests/conftest.py: twin_playtest)."""


def test_a_three_set_alternating_level_plays_to_the_end_on_both_legs_and_is_saved(twin_playtest):
    _, out = twin_playtest
    r, = [x for x in out["levels"] if x["file"] == "alt3.json"]
    assert r["passed"], r
    assert r["sides"] == {"L": 6, "R": 3}  # sets 1 and 3 on the left leg, set 2 on the right
    assert r["reached_summary"] and r["saved"] and not r["crashed"]
