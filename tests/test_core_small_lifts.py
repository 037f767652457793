"""Small lifts (a person with little range, low-amplitude executions) as a user sees them: each one counted once,
nothing counted that was not a lift, through what a board does to its samples and what a body does to a lift."""

import pytest

from tests.test_core_situations import Run


def _stalling(p):
    def edit(spec):
        spec.stall_prob = p
    return edit


@pytest.mark.parametrize("kind", ["low_amp", "rehab"])
def test_small_lifts_through_stalling_samples_each_count_once(kind):
    """Samples that stall 60-150 ms (a display refresh) every ~20 samples leave one accelerometer reading for the
    whole stall: a shin's tremor puts it up to 10 deg off the pose. Every 6-35 deg lift is counted once and no
    ghost appears (that reading, weighed by the stall, pulled a small lift's pause into rest and split it)."""
    for seed in range(10):
        r = Run(kind, seed, edit=_stalling(0.05))
        assert len(r.pairs) == len(r.truth), (kind, seed, "missed reps")
        assert len(r.reps) == len(r.truth), (kind, seed, "ghost reps")


def _swaying(amp):
    def edit(spec):
        spec.stall_prob = 0.0
        spec.leg_sway_deg = amp
    return edit


@pytest.mark.parametrize("kind", ["low_amp", "shifts"])
def test_small_lifts_under_the_most_sway_count_and_shifts_do_not(kind):
    """Standing on one leg with 2 deg of sway (the most a steady person shows), the sway turning against a 6-8 deg
    low-amplitude lift stalls it at 3-4 deg for half a second, and it passes the 4 deg a lift starts at rising at
    1-3 deg/s: still a lift, counted once. Weight shifts of 2-3 deg under the same sway are never counted."""
    for seed in range(20):
        r = Run(kind, seed, edit=_swaying(2.0))
        if r.spec.posture != "standing":
            continue  # (lying, the leg does not sway)
        assert len(r.pairs) == len(r.truth), (kind, seed, "missed reps")
        assert len(r.reps) == len(r.truth), (kind, seed, "ghost reps")
