"""A lift axis that no rep has confirmed never keeps a person's lifts from counting.

The core learns the lift axis from movements (the first lift, a lift that leaves the plane after a strap
change, and, when it cannot tell, a hand's tumble of the board at rest as a strap is moved to the other leg).
An axis learned from a hand and never confirmed by a rep can lie anywhere across rest-up: the person's next
lifts then rise sideways or backwards out of its plane, and measured in it they read a few degrees, never
reaching a rep (a rehab patient's set lost whole: situation other_leg_rest, dev seed 640)."""

import math

import pytest

from bandlift.compat import ticks_diff
from bandlift.motion import core as mc
from bandlift.motion.core import MotionCore
from sim.analysis import evaluate
from sim.analysis.accuracy_jobs import SIDES, set_targets
from sim.athlete import generate
from sim.athlete.situations import situation_set


def _turned_about_rest_up(tr, deg):
    """The learned axis turned `deg` about rest-up (v0): where a hand's tumble can leave it."""
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return (tr.ux * c + tr.e3x * s, tr.uy * c + tr.e3y * s, tr.uz * c + tr.e3z * s)


def _run_with_axis_moved(seed, deg):
    """A plain set (the 'sway' situation's person) whose core, after its first rep and once the leg stands at
    rest, holds an axis turned `deg` about rest-up that no rep confirmed (as the hand's tumble leaves it). Returns
    (reps counted after that, reps in truth after that)."""
    spec = situation_set("sway", seed)
    s = generate(spec)
    core = MotionCore(set_targets(spec))
    core.new_set(SIDES[spec.side])
    t0 = s.samples[0][0]
    first_end = s.truth[0]["end_ms"]
    moved_at = None
    reps = []
    for x in s.samples:
        ev = core.feed(*x)
        t = ticks_diff(x[0], t0)
        if ev & mc.EV_REP_DONE and moved_at is not None:
            reps.append(core.last_rep.to_dict())
        if moved_at is None and core.reps == 1 and core.phase == mc.PH_REST and \
                ticks_diff(x[0], first_end) > 300:
            tr = core.tracker
            tr.set_axis(*_turned_about_rest_up(tr, deg))
            core.strap.confirmed = False  # (as strap.StrapWatch._turned leaves it)
            moved_at = t
    assert moved_at is not None
    truth = [r for r in s.truth if ticks_diff(r["start_ms"], t0) > moved_at]
    pairs = evaluate.match_reps(reps, truth, t0)
    return len(reps), len(truth), len(pairs)


@pytest.mark.parametrize("deg", [60, 90, 135, 180])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_lifts_out_of_the_plane_of_an_axis_no_rep_confirmed_are_counted(seed, deg):
    """Every lift after the axis moved is counted once, and as the lift it was."""
    n, n_truth, matched = _run_with_axis_moved(seed, deg)
    assert n_truth >= 3
    assert n == n_truth and matched == n_truth, (n, n_truth, matched)
