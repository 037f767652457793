"""Run the device's code.py, unchanged, inside a virtual board.

For the length of a session: the shims (board, busio, supervisor, ...) come first on sys.path and fresh
in sys.modules; time.sleep / time.monotonic follow the virtual clock (only in this thread: Blinka's
displayio runs a background thread that must keep real time); device paths ("/levels") map to the
board's CIRCUITPY folder; os.getenv reads the board's settings.toml values; print() goes to the serial
log. Everything is put back afterwards.
"""

import builtins
import gc
import io
import os
import runpy
import sys
import threading
import time
import traceback

from sim.twin import board as board_mod
from sim.twin.clock import SessionEnd

SHIMS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shims")
SHIM_NAMES = ("board", "busio", "digitalio", "microcontroller", "supervisor", "keypad", "storage")
# modules that bind the shims or time.sleep at import: imported fresh for each session
FRESH_PREFIXES = ("bandlift.hw", "bandlift.app", "adafruit_lsm6ds", "adafruit_ticks", "adafruit_bus_device",
                  "adafruit_register", "adafruit_displayio_ssd1306", "adafruit_display_text", "bandlift.game",
                  "code")


def _fresh(name):
    if name in SHIM_NAMES:
        return True
    for p in FRESH_PREFIXES:
        if name == p or name.startswith(p + "."):
            return True
    return False


class SerialLog(io.TextIOBase):
    """The device's USB serial: lines kept in board.serial, optionally echoed."""

    def __init__(self, board, echo=None):
        self.board = board
        self.echo = echo
        self._part = ""

    def writable(self):
        return True

    def write(self, s):
        if self.echo is not None:
            self.echo.write(s)
        text = self._part + s
        lines = text.split("\n")
        self._part = lines.pop()
        for line in lines:
            self.board.serial.append((self.board.clock.ms, line))
        return len(s)

    def flush(self):
        if self.echo is not None:
            self.echo.flush()


class Sandbox:
    def __init__(self, board, echo=None):
        self.board = board
        self.echo = echo

    def __enter__(self):
        b = self.board
        board_mod._CURRENT.append(b)
        self._owner = threading.get_ident()
        self._saved_modules = {n: m for n, m in sys.modules.items() if _fresh(n)}
        for n in self._saved_modules:
            del sys.modules[n]
        sys.path.insert(0, SHIMS)
        clock = b.clock
        owner = self._owner
        self._time = (time.sleep, time.monotonic, time.monotonic_ns)
        real_sleep, real_mono, real_mono_ns = self._time

        def sleep(s):
            if threading.get_ident() == owner:
                clock.sleep(s)
            else:
                real_sleep(s)

        def monotonic():
            return clock.monotonic() if threading.get_ident() == owner else real_mono()

        def monotonic_ns():
            return clock.monotonic_ns() if threading.get_ident() == owner else real_mono_ns()

        time.sleep, time.monotonic, time.monotonic_ns = sleep, monotonic, monotonic_ns
        # files
        self._files = (builtins.open, os.listdir, os.mkdir, os.stat, os.remove, os.rename, os.getenv)
        real_open, real_listdir, real_mkdir, real_stat, real_remove, real_rename, real_getenv = self._files
        mp = b.map_path

        def ro_check(path):
            if b.readonly and mp(path) != path:
                raise OSError(30, "Read-only filesystem")

        def dev_open(file, mode="r", *a, **k):
            if any(c in mode for c in "wax+"):
                ro_check(file)
            return real_open(mp(file), mode, *a, **k)

        def dev_mkdir(path, *a, **k):
            ro_check(path)
            return real_mkdir(mp(path), *a, **k)

        def dev_remove(path):
            ro_check(path)
            return real_remove(mp(path))

        def dev_rename(a, c):
            ro_check(a)
            return real_rename(mp(a), mp(c))

        def dev_getenv(key, default=None):
            if key in b.settings:
                return b.settings[key]
            if key.startswith("BANDLIFT_") or key.startswith("CIRCUITPY_"):
                return default
            return real_getenv(key, default)

        builtins.open = dev_open
        os.listdir = lambda path=".": real_listdir(mp(path) if path != "/" or b.root is None else b.root)
        os.mkdir = dev_mkdir
        os.stat = lambda path, *a, **k: real_stat(mp(path), *a, **k)
        os.remove = dev_remove
        os.rename = dev_rename
        os.getenv = dev_getenv
        self._gc_added = []
        for name, fn in (("mem_free", lambda: 120_000), ("mem_alloc", lambda: 20_000)):
            if not hasattr(gc, name):
                setattr(gc, name, fn)
                self._gc_added.append(name)
        self._stdout = sys.stdout
        sys.stdout = SerialLog(b, self.echo)
        if b.root is not None:
            b.write_settings_toml()
        return self

    def __exit__(self, *exc):
        sys.stdout = self._stdout
        for name in self._gc_added:
            delattr(gc, name)
        (builtins.open, os.listdir, os.mkdir, os.stat, os.remove, os.rename, os.getenv) = self._files
        time.sleep, time.monotonic, time.monotonic_ns = self._time
        if SHIMS in sys.path:
            sys.path.remove(SHIMS)
        for n in [n for n in sys.modules if _fresh(n)]:
            del sys.modules[n]
        sys.modules.update(self._saved_modules)
        board_mod._CURRENT.remove(self.board)
        return False


def run_code(board, code_path, seconds, echo=None):
    """Run code.py on the board for `seconds` of virtual time.

    Returns None when the time ran out (the device was still running) or the traceback text when the
    device program stopped with an error (as CircuitPython prints it before "Code done running.").
    """
    board.clock.end_us = board.clock.now_us + int(seconds * 1_000_000)
    error = None
    with Sandbox(board, echo):
        try:
            runpy.run_path(code_path, run_name="__main__")
            print("\nCode done running.")
        except SessionEnd:
            pass
        except Exception:
            error = traceback.format_exc()
            print(error.rstrip("\n"))
            print("\nCode done running.")
    board.clock.end_us = None
    return error
