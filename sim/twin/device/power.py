"""Power the virtual board up and run its programs: boot.py then code.py in a Sandbox (sandbox.py), with soft
reloads and hard resets on the way, as CircuitPython runs them; each run's error text, heap and serial span."""

import os
import runpy
import traceback

from sim.twin.device.clock import SessionEnd
from sim.twin.device.sandbox import Sandbox


def _release_all_displays(silently=True):
    """Forget every display (a hard reset or a new board); Blinka keeps them in module lists."""
    import displayio

    if not silently:
        displayio.release_displays()
    for d in list(displayio.displays):
        try:
            d._auto_refresh = False
        except Exception:
            pass
    del displayio.displays[:]
    del displayio.display_buses[:]


def _display_held():
    """The objects the live displays hold (their I2C buses): they survive a soft reload, moved inline."""
    import displayio

    for b in displayio.display_buses:
        b.inline = True
    return [getattr(b, "_i2c", None) for b in displayio.display_buses]


def _exec(path, sandbox, board, heap=True):
    """Run one program file as CircuitPython would; the traceback text, or None."""
    from sim.twin.device.heap import Heap

    sandbox.fresh_start()
    if heap:
        board.heap = Heap(board.heap_bytes, board.clock, lib_mpy=board.lib_mpy, fail_on=board.heap_fail_on)
    try:
        runpy.run_path(path, run_name="__main__")
        print("\nCode done running.")
    except SessionEnd:
        raise
    except Exception:  # MemoryError included: CircuitPython prints it and stops the program
        error = traceback.format_exc()
        print(error.rstrip("\n"))
        print("\nCode done running.")
        return error
    return None


def run_code(board, code_path, seconds, echo=None):
    """Run one program (code.py or a test's) on a freshly powered board for `seconds` of virtual time.

    Returns None when the time ran out (the device was still running) or the traceback text when the
    device program stopped with an error (as CircuitPython prints it before "Code done running.").
    """
    board.clock.end_us = board.clock.now_us + int(seconds * 1_000_000)
    error = None
    _release_all_displays()
    board.hard_reset((), "POWER_ON")
    with Sandbox(board, echo) as sb:
        try:
            error = _exec(code_path, sb, board)
        except SessionEnd:
            pass
    board.clock.end_us = None
    return error


def run_board(board, code_path, boot_path, seconds, echo=None, reloads=(), resets=(), held_at_power_up=()):
    """Power up the board, run boot.py then code.py, with soft reloads and hard resets on the way.

    reloads: virtual ms at which code.py restarts in the same VM-less board (displays keep their bus and
    pins, as CircuitPython keeps them); resets: (ms, pin names held) for a press of RESET with those buttons
    held (boot.py runs again). Returns the list of runs: one dict per start of code.py.
    """
    clock = board.clock
    end_us = clock.now_us + int(seconds * 1_000_000)
    events = sorted([(int(ms) * 1000, "reload", ()) for ms in reloads] +
                    [(int(ms) * 1000, "reset", tuple(held)) for ms, held in resets])
    runs = []
    kind, held = "power-up", tuple(held_at_power_up)
    _release_all_displays()
    with Sandbox(board, echo) as sb:
        while True:
            later = [e for e in events if e[0] > clock.now_us]
            stop_us = min(later[0][0], end_us) if later else end_us
            clock.end_us = stop_us
            run = {"start_ms": clock.ms, "kind": kind, "held": list(held), "serial_from": len(board.serial),
                   "error": None}
            try:
                if kind == "reload":
                    board.soft_reload(keep=_display_held())
                    print("\nsoft reboot\n")
                else:
                    _release_all_displays()
                    board.hard_reset(held, "POWER_ON" if kind == "power-up" else "RESET_PIN")
                    if board.bootloader:
                        run["bootloader"] = True
                        runs.append(run)
                        clock.advance(stop_us - clock.now_us)
                    if boot_path is not None and os.path.exists(boot_path):
                        board.in_boot = True
                        try:
                            run["boot_error"] = _exec(boot_path, sb, board, heap=False)
                        finally:
                            board.in_boot = False
                        print("boot.py done; %s" % ("drive writable by code" if not board.readonly
                                                    else "drive read-only to code"))
                runs.append(run)
                run["save_mode"] = not board.readonly
                run["error"] = _exec(code_path, sb, board)
                clock.advance(stop_us - clock.now_us)  # the board idles after the program ended
            except SessionEnd:
                pass
            if board.heap is not None:
                run["heap_peak"] = board.heap.peak
                run["heap_used"] = board.heap.used
            if stop_us >= end_us or not later:
                break
            kind, held = ("soft-reload", ()) if later[0][1] == "reload" else ("reset", later[0][2])
            if later[0][1] == "reload":
                kind = "reload"
    clock.end_us = None
    for run in runs:
        run["serial_to"] = None
    for i, run in enumerate(runs):
        run["serial_to"] = runs[i + 1]["serial_from"] if i + 1 < len(runs) else len(board.serial)
    return runs
