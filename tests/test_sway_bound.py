"""The sway bound (sim/analysis/sway_bound.py): an oracle fit that is right where nothing sways, so what it
leaves under sway is the sway's."""

import copy

import numpy as np

from sim import athlete
from sim.analysis import sway_bound
from sim.athlete.situations import situation_set


def _oracle(spec):
    s = athlete.generate(spec)
    out = {p: [] for p in sway_bound.PHASES}
    for tr in s.truth:
        if not tr["faults"]:
            r = sway_bound.oracle_rep(s.motion, s.motion.plan[tr["index"]], spec.reps[tr["index"]], tr)
            for p in out:
                out[p].append(r[p])
    return out


def test_the_oracle_is_exact_without_sway():
    """A clean set with every sway turned off: the oracle's phase times are within a few ms of the truth (so its
    error under sway is the sway's, not the fit's)."""
    spec = copy.deepcopy(situation_set("sway", 0))
    spec.leg_sway_deg = 0.0
    spec.jolts = False
    spec.sway = False
    errs = _oracle(spec)
    assert errs["lower"] and max(max(v) for v in errs.values()) <= 10, errs


def test_one_leg_sway_leaves_more_than_the_targets_to_any_fit():
    """Standing on one leg (the sway situation, 1-2 deg): even the oracle misses the lowering's time by more
    than the 40 ms median target on some sets; the report states this bound beside the core's figures."""
    errs = []
    for seed in range(3):
        errs += _oracle(situation_set("sway", seed))["lower"]
    assert len(errs) >= 20
    assert np.percentile(errs, 95) > 120


def test_the_table_names_every_situation_and_the_core():
    rows = sway_bound.run(1, 1)
    text = sway_bound.format_rows(rows, "cmd")
    assert "| standard |" in text and "| sway |" in text and "situations, all" in text
    assert "core lower" in text


def test_the_table_says_which_phases_are_within_the_oracle_factor_and_their_share():
    """Every row of the 1.2x table has a verdict per phase and the core's error as a share of the phase."""
    rows = sway_bound.run(1, 1)
    text = sway_bound.format_rows(rows, "cmd")
    assert "Within %.1fx of the oracle" % sway_bound.ORACLE_FACTOR in text
    assert "figures within" in text and "raise share" in text
    line = next(x for x in text.splitlines() if x.startswith("| sway |") and "%" in x)
    assert line.count("/") >= 6


def test_development_seeds_and_kinds_run_only_what_was_asked():
    """--sets 0 --seeds A:B --kinds K: no standard sets, only situation K, on seeds A..B-1 (so a change can be
    developed on seeds the report never runs)."""
    rows = sway_bound.run(0, 1, 300, ["seated"])
    assert [r[0] for r in rows] == ["seated"]
    assert rows[0][2]["raise"]  # the core's errors on seed 300's clean reps
