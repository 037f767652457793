"""The loop budget counts what the board runs: the Python stand-ins of C calls (the clock, the naps, the keypad
queue, the FIFO bus) never reach the board figure, the C calls of the same shape do, and a FIFO drain is charged
at every drain, however few samples it brings."""

import copy

import pytest

import sim  # noqa: F401
from sim.device.bench_loop import loop_budget


def _res(**loop):
    lp = {"tick": 90000.0, "look": 30000.0, "lookframe": 100000.0, "state": 5000.0, "imu": 4000.0,
          "imu_drain": 20000.0, "record": 5000.0, "pass": 4000.0, "empty": 200.0,
          "shim_ticks": 4500.0, "shim_sleep": 3300.0, "shim_keys": 1500.0, "shim_bus": 4800.0,
          "shim_burst": 27000.0, "shim_lock": 2200.0, "c_ticks": 80.0, "c_sleep": 600.0, "c_call0": 500.0,
          "c_call1": 500.0, "floats": {}}
    lp.update(loop)
    return {"estimates": [{"unit": "instructions", "per_iter": 262.0, "box_per_float": 250.0,
                           "floats_per_sample": 0.0, "nrf52840": {"us_per_sample_unboxed": 1500.0}}],
            "loop": lp,
            "whole": {"instructions_per_s": 2.0e7, "floats_per_s": 0.0,
                      "per_s": {"drains": 78.0, "bursts": 70.0, "samples": 104.0, "naps": 80.0, "refreshes": 5.0,
                                "frames": 10.0, "looks": 66.0, "ticks_calls": 160.0}},
            "twin": {}}


def _whole_with_shims(res, extra):
    """The same run had the stand-ins cost `extra` more instructions a call: the whole count grows with them."""
    r = copy.deepcopy(res)
    lp, ps = r["loop"], r["whole"]["per_s"]
    calls = {"shim_ticks": ps["ticks_calls"], "shim_keys": ps["ticks_calls"] / 2, "shim_sleep": ps["naps"],
             "shim_bus": ps["drains"] + ps["bursts"], "shim_lock": ps["drains"]}  # one lock a drain, both transfers
    for k, n in calls.items():
        lp[k] += extra
        r["whole"]["instructions_per_s"] += extra * n
    lp["shim_burst"] += extra  # a burst is a transfer too (its copy on top)
    return r


def test_the_stand_ins_python_never_reaches_the_board_figure():
    """Slower Python stand-ins (each call `extra` instructions more, the whole count grown by as much) leave the
    board's CPU share as it was: they are taken out, whatever they cost."""
    base = loop_budget(_res())
    slow = loop_budget(_whole_with_shims(_res(), 5000.0))
    assert slow["cpu_pct"] == pytest.approx(base["cpu_pct"], abs=0.05)
    assert slow["parts_pct"]["c_stand_ins"] == base["parts_pct"]["c_stand_ins"]


def test_the_c_calls_the_board_makes_are_charged():
    """Dearer C calls (the clock, a nap, the keypad queue, the bus locks) raise the figure."""
    base = loop_budget(_res())
    dear = loop_budget(_res(c_ticks=2080.0, c_sleep=2600.0, c_call0=2500.0, c_call1=2500.0))
    assert dear["cpu_pct"] > base["cpu_pct"] + 1.0
    assert dear["parts_pct"]["c_stand_ins"] > base["parts_pct"]["c_stand_ins"]


def test_each_fifo_drain_is_charged_however_few_samples_it_brings():
    """Twice the drains for the same samples (a look drains every sample period) cost the drains' Python twice."""
    base = loop_budget(_res())
    r = _res()
    r["whole"]["per_s"]["drains"] *= 2
    more = loop_budget(r)
    d = more["parts_pct"]["imu_python"] - base["parts_pct"]["imu_python"]
    one_drain_pct = 20000.0 / 262.0 / 106000.0 * 1e6 / 1e4  # 20k instructions a drain, as % a drain a second
    assert d == pytest.approx(78.0 * one_drain_pct, rel=0.05)
