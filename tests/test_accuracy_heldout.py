"""The held-out situation check (sim/analysis/heldout.py): seeds beyond the report's, per-situation figures."""

import pytest

from sim.analysis import heldout


def test_seed_ranges():
    assert list(heldout.parse_seeds("20:23")) == [20, 21, 22]
    assert list(heldout.parse_seeds("7")) == [7]
    for bad in ("5:5", "9:3", "-1:4", "a:b"):
        with pytest.raises(ValueError):
            heldout.parse_seeds(bad)


def test_table_names_each_failing_seed(capsys):
    """A run prints a row per situation asked for and lists a seed whose set was not exact with what failed."""
    ok = {"kind": "sway", "seed": 3, "clean": 4, "false_feedback": 0, "false_slips": 0,
          "eval": {"exact": True, "ghosts": [], "misses": []}}
    bad = {"kind": "rehab", "seed": 9, "clean": 5, "false_feedback": 1, "false_slips": 0,
           "eval": {"exact": False, "ghosts": [2500], "misses": [(0, 2000)]}}
    rows = heldout.table([ok, bad], ["sway", "rehab"])
    assert "| sway | 1/1 | 0 | 0 | 0/4 | 0 |" in rows
    assert "| rehab | 0/1 | 1 | 1 | 1/5 | 0 |" in rows
    assert "| **all** | 1/2 | 1 | 1 | 1/9 | 0 |" in rows
    assert "- rehab seed 9: ghost at 2.5 s; miss of rep 1; false feedback x1" in rows


def test_cli_runs_one_seed(capsys):
    assert heldout.main(["--seeds", "20:21", "--situations", "sway"]) == 0
    out = capsys.readouterr().out
    assert "| sway | " in out and "Situation seeds 20..20" in out


def test_cli_rejects_unknown_situation(capsys):
    with pytest.raises(SystemExit) as e:
        heldout.main(["--situations", "nope"])
    assert e.value.code == 2
