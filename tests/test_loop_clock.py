"""The loop reads the board's clock without importing anything: an import inside a function runs on every call,
and on the board each one scans every interned name (it cost more per loop pass than the motion core)."""

import builtins

import sim  # noqa: F401
from sim.twin.motion import SineReps


def test_the_clock_is_not_imported_again_on_each_loop_pass(monkeypatch):
    """Over ~13 s of the loop running (a 25 s session: over a thousand 10 ms ticks with the loop live, so the
    count cannot pass on a loop that never ran), `supervisor` is imported a handful of times at most (a set's
    start and end turn autoreload off and on), never once per pass."""
    import sys

    from sim.twin.session import run_session

    counts = {"loop": 0, "passes": 0}
    real_import = builtins.__import__

    def counting(name, *a, **k):
        live = getattr(sys.modules.get("bandlift.app"), "LIVE", None)
        if name == "supervisor" and live:
            counts["loop"] += 1
        return real_import(name, *a, **k)

    def hook(board):
        def count(now_us):
            if getattr(sys.modules.get("bandlift.app"), "LIVE", None):
                counts["passes"] += 1

        board.clock.every(10_000, count)  # a loop pass at least every 10 ms: a lower bound of the passes

    monkeypatch.setattr(builtins, "__import__", counting)
    r = run_session(SineReps(), seconds=25.0, motion_delay_s=0, on_board=hook, frames=False)
    assert r.error is None, r.error
    assert counts["passes"] > 1000, counts
    assert counts["loop"] <= 4, counts
