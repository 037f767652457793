"""The twin's heap gives a module's RAM back only when the board's collector could: nothing reaches it.

On CircuitPython every function of a module holds the module's globals, a package keeps each imported
submodule as an attribute, and `from m import X` keeps X (and so m's globals). Dropping sys.modules' entry
alone frees nothing; the twin used to credit it anyway, so a program could look leaner than it is. And the
built-in font (terminalio) lives in the firmware, not in the program's heap.
"""

import sim  # noqa: F401
from sim.twin.device.board import VirtualBoard
from sim.twin.motion import SineReps
from sim.twin.device.power import run_code

HEAP = 100_000


def _free_lines(tmp_path, program):
    prog = tmp_path / "code.py"
    prog.write_text(program)
    board = VirtualBoard(SineReps(), imu_chip=None, heap_bytes=HEAP)
    assert run_code(board, str(prog), 5.0) is None, board.serial
    return [int(ln.split()[1]) for _, ln in board.serial if ln.startswith("free")]


def test_a_module_dropped_from_sys_modules_but_kept_by_its_package_keeps_its_ram(tmp_path):
    free = _free_lines(tmp_path, (
        "import gc, sys\n"
        "import bandlift.hw.settings\n"
        "print('free', gc.mem_free())\n"
        "sys.modules.pop('bandlift.hw.settings')\n"
        "gc.collect()\n"
        "print('free', gc.mem_free())\n"
        "import bandlift.hw\n"
        "del bandlift.hw.settings\n"
        "gc.collect()\n"
        "print('free', gc.mem_free())\n"))
    assert free[1] == free[0], "the package still holds the module: nothing may come back"
    assert free[2] > free[1] + 1000, "dropped from the package too: its RAM comes back"


def test_a_dropped_module_leaves_its_names_behind(tmp_path):
    """MicroPython's qstr pools only grow: every name a module brought stays interned after the module is
    dropped and collected, so dropping it gives back its code, not all it cost; loading it again costs only the
    code. (The twin used to give everything back: load-on-demand looked leaner than on the board.)"""
    free = _free_lines(tmp_path, (
        "import gc\n"
        "from bandlift.lifetime import forget\n"
        "gc.collect()\n"
        "print('free', gc.mem_free())\n"
        "import bandlift.hw.settings\n"
        "print('free', gc.mem_free())\n"
        "forget('bandlift.hw.settings')\n"
        "gc.collect()\n"
        "print('free', gc.mem_free())\n"
        "import bandlift.hw.settings\n"
        "print('free', gc.mem_free())\n"))
    first = free[0] - free[1]
    assert free[2] > free[1] + 500, "the module's code comes back"
    assert free[2] < free[0] - 200, "its names stay"
    again = free[2] - free[3]
    assert 0 < again < first - 200, (first, again)


def test_a_module_whose_class_has_a_live_object_keeps_its_ram(tmp_path):
    free = _free_lines(tmp_path, (
        "import gc\n"
        "from bandlift.lifetime import forget\n"
        "from bandlift.hw.settings import Settings\n"
        "s = Settings(lambda k: None)\n"
        "del Settings\n"
        "forget('bandlift.hw.settings')\n"
        "gc.collect()\n"
        "print('free', gc.mem_free())\n"
        "del s\n"
        "gc.collect()\n"
        "print('free', gc.mem_free())\n"))
    assert free[1] > free[0] + 1000, "only once the last object of its class is gone does the module go"


def test_the_built_in_font_costs_the_program_no_heap(tmp_path):
    free = _free_lines(tmp_path, "import gc\nimport terminalio\nprint('free', terminalio.FONT is not None and "
                                 "gc.mem_free())\n")
    assert free == [HEAP]


PLAY_HEAP_KB = 137  # an nRF52840's free heap at code.py start. The twin charges the program's own objects as the
# real interpreter measured them (sim/twin/device/costs.json heap_unseen_bytes): the peak it sees is ~124 kB, no longer
# the ~112 kB of imports and displayio alone. The board's verdict is the real figure (heap_kb_board_mpy).


def test_code_py_loads_the_game_and_plays_a_set_in_a_heap_well_under_the_boards():
    """With lib as the bundle ships it (.mpy), code.py loads the core and the game, plays a set (reps counted)
    and reaches its summary on a board with PLAY_HEAP_KB of free heap: no "out of memory", no fallback."""
    from sim.twin.session import run_session

    seen = set()

    def watch_screens(board):
        import sys

        def look(now_us):
            game = (getattr(sys.modules.get("bandlift.app"), "LIVE", None) or {}).get("game")
            st = getattr(game, "state", None)
            if st is not None:
                seen.add(st.screen)

        board.clock.every(250_000, look)

    r = run_session(seconds=60.0, heap_bytes=PLAY_HEAP_KB * 1024, lib_mpy=True, frames=False,
                    on_board=watch_screens)
    run = r.report()["runs"][0]
    assert r.error is None, r.error
    assert not [ln for ln in r.serial if "memory" in ln or "game missing" in ln or "No core" in ln]
    assert run["rep_count"] >= 3
    assert {2, 3} <= seen  # S_PLAY and S_SUMMARY: a set was played and closed
    assert run["heap_peak"] <= PLAY_HEAP_KB * 1024
