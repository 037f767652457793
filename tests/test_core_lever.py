"""A board worn on the side of the leg and turned in its strap: no still pose says which one hangs (strap.py), the
first movement's lever arm does. A set begun with the leg up is read the right way up from the first movement on,
and a set begun with the leg down is not turned over."""

import random

import pytest

from sim.analysis import evaluate
from tests.test_core_situations import Run


def side_off_square(seed):
    """edit(spec) for Run: the strap on the outer or inner side of the leg (60-120 or 240-300 deg round it) and the
    board turned 20-70 deg off square in it, drawn from `seed` (the set's own draws are left as they were)."""

    def edit(spec):
        rng = random.Random(seed * 7 + 3)
        spec.strap_deg = round(rng.choice((rng.uniform(60.0, 120.0), rng.uniform(240.0, 300.0))), 1)
        spec.board_deg = round(rng.randrange(4) * 90.0 + rng.uniform(20.0, 70.0), 1)

    return edit


@pytest.mark.parametrize("seed", range(8))
def test_a_leg_held_up_at_the_start_on_the_side_of_the_leg_is_read_the_right_way_up(seed):
    """leg_up_still (the leg 20-50 deg up, held without sway, lowered, the set begun standing) with the board on the
    side of the leg, off square: every rep is counted once with no ghost (the lowering from the start pose is no
    rep), no clean rep gets a fault, and each is timed as the leg moved: raised, held and lowered, not the
    other way round (read upside down, a rep's raise is the person's lowering, 1.3-1.5x as long)."""
    r = Run("leg_up_still", seed, edit=side_off_square(seed))
    assert 20.0 <= r.spec.board_deg % 90.0 <= 70.0
    ev = evaluate.evaluate_set(r.reps, r.truth, r.t0)
    assert ev["exact"], (ev["ghosts"], ev["misses"])
    assert r.clean_with_faults() == []
    assert r.slips == []
    assert r.mistimed() == []


@pytest.mark.parametrize("kind,seed", [("sway", 11), ("sway", 35), ("unsteady", 35), ("seated", 0), ("seated", 1),
                                       ("supine", 28), ("low_amp", 22), ("first_rep_drift", 15),
                                       ("kick_settle", 31), ("turnover", 39)])
def test_a_set_begun_with_the_leg_down_on_the_side_of_the_leg_is_not_turned_over(kind, seed):
    """The leg down at the start, the board on the side of the leg and off square, a pause at the top of the first
    rep: the first pose stays the rest (the core calibrates once and never takes the top for rest; a board as far
    off square as the lift is high turns square up there, which the square test alone took for a hanging leg)
    and every rep is counted once with no ghost."""
    r = Run(kind, seed, edit=side_off_square(seed))
    assert r.spec.reps[0].pause_ms >= 600 and not r.spec.start_up_deg
    assert len(r.cal) == 1
    ev = evaluate.evaluate_set(r.reps, r.truth, r.t0)
    assert ev["exact"], (ev["ghosts"], ev["misses"])

