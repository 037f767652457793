"""A steady mover (situation "steady"): each lift moves at an even pace between a smooth start and stop taking
15-30 % of it, where the core's flank fit (flank.py) assumes bell-shaped movements. What that costs is measured here
and in docs/accuracy.md's "steady" section; the limit is held as a strict xfail so a fix shows."""

import statistics

import pytest

from tests.test_core_situations import Run

SEEDS = (300, 301, 302, 303)


def _errors():
    """(pause errors, lowering errors) in ms, detected - truth, over the matched reps of the development seeds."""
    hold, lower = [], []
    for seed in SEEDS:
        r = Run("steady", seed)
        assert r.pairs and len(r.pairs) == len(r.truth), seed
        for i, j in r.pairs:
            hold.append(r.reps[i]["hold_ms"] - r.truth[j]["hold_ms"])
            lower.append(r.reps[i]["lower_ms"] - r.truth[j]["lower_ms"])
    return hold, lower


@pytest.mark.xfail(strict=True, reason=(
    "The fit places a phase's boundaries where a bell-shaped movement fitted to the 15-85 % crossings of the angle "
    "would cross 10 % of its peak speed. A steady movement is straight through those crossings, as every bell nearly "
    "is: fitted on the true angle the shapes' relative squared errors differ by 2e-5, under one-leg sway each flank's "
    "is ~1e-3, so the crossings cannot say which shape it is, and the bells put a steady lift's boundaries ~0.18 of "
    "its length outside it (the pause reads ~0.5 s short, the lowering ~0.55 s long). A steady shape added to the "
    "fit, and the shape chosen on a person's summed evidence, were tried: under sway the narrowest bell fitted best "
    "on steady and minimum-jerk sets alike."))
def test_a_steady_movers_pause_and_lowering_are_timed_as_the_leg_moved():
    """Standing on one leg, each rep's pause and lowering are timed within the situations' median errors of a
    bell-shaped mover (docs/accuracy.md: ~70 and ~100 ms): a steady lowering is a slow lowering, and its pause a
    pause, whichever way a person paces it."""
    hold, lower = _errors()
    assert abs(statistics.median(hold)) <= 100, statistics.median(hold)
    assert abs(statistics.median(lower)) <= 150, statistics.median(lower)


def test_a_steady_mover_is_counted_rep_for_rep():
    """Whatever the shape of the movement, every rep of a steady mover is counted once (development seeds)."""
    for seed in SEEDS:
        r = Run("steady", seed)
        assert len(r.reps) == len(r.truth) == len(r.pairs), seed
