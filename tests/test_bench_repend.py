"""The rep-end benchmark runs the real flank fit under MicroPython and prints board figures."""

from sim.device import bench_repend


def test_rep_end_cost_is_measured_on_the_interpreter(capsys):
    """The fit runs (a crash or a missing interpreter fails here) and its cost comes out in board ms, in
    proportion to the empty-loop rates of the two boards."""
    assert bench_repend.main(["--json"]) == 0
    out = capsys.readouterr().out
    assert "nRF52840" in out
    r = bench_repend.measure(rounds=5)
    assert r["fit_in_empty_loops"] > 100
    assert r["fit_ms_nrf52840"] > r["fit_ms_samd51"] > 0
