"""The core with an unsteady person (sim/athlete/situations.py "unsteady": 1.5-2 deg of one-leg sway and a quick
balance correction every 2-5 s, 0.5-1.5 deg out and back in 250-450 ms): a correction that comes while the leg is
being lowered is no new lowering, so the lowering the game grades is the person's."""

import pytest

from bandlift.targets import Targets

from tests.test_core_situations import Run


@pytest.mark.parametrize("seeds", [range(352, 358), range(360, 366)])
def test_a_balance_jolt_in_a_slow_lowering_does_not_cut_it_short(seeds):
    """Invariant: every clean rep's lowering is reported at least Targets.drop_frac (the DROP line, half) of the
    time the leg took to come down. A jolt that turns a slow (13-20 deg/s) lowering for a moment must not restart
    its onset at the jolt's downstroke: the lowering would be placed in its last few hundred ms, and a clean rep
    read as a dropped leg."""
    short = []
    for seed in seeds:
        r = Run("unsteady", seed)
        assert r.spec.jolts
        for i, j in r.pairs:
            t = r.truth[j]
            if not t["faults"] and r.reps[i]["lower_ms"] < Targets.drop_frac * t["lower_ms"]:
                short.append((seed, t["index"], r.reps[i]["lower_ms"], t["lower_ms"]))
    assert short == []
