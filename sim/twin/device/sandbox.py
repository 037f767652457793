"""Run the device's code.py, unchanged, inside a virtual board.

For the length of a session: the shims (board, busio, supervisor, ...) come first on sys.path and fresh in
sys.modules; time.sleep / time.monotonic follow the virtual clock (only in this thread); Blinka's displayio
background thread (a real-time 1 ms poll of every display: it contended for the interpreter with the session all
along) is stopped, and the displays' background work (an auto-refresh when due) runs on the virtual clock every
BACKGROUND_US, as CircuitPython's background tick runs it between the program's bytecodes; device paths ("/levels")
map to the board's CIRCUITPY folder; os.getenv reads the board's settings.toml values; print() goes to the serial
log; displayio draws the 1-bit OLED through numpy (fastdraw.py: the same bits as Blinka's per-pixel loops, unless
board.fast_draw is False); the host's own objects are frozen out of the collector, so the program's gc.collect()
walks only what the session made. Everything is put back afterwards.
"""

import builtins
import contextlib
import gc
import io
import os
import sys
import threading
import time

# Blinka's displayio core binds Blinka's I2CDisplayBus at its import: import it now, outside any session, so
# the twin's stricter i2cdisplaybus shim (a subclass of it) passes displayio's bus type check.
import busdisplay  # noqa: E402,F401  (imports displayio._displaycore in the order Blinka expects)
import displayio._displaycore  # noqa: E402,F401

from sim.twin.device import board as board_mod
from sim.twin.device.fastdraw import fast_drawing
from sim.twin.device.flash import FLASH_META_US, FLASH_SYNC_US, FlashFile, flash
from sim.twin.device.heap import HeapFinder, charge_displayio


class _BoardHeap:
    """The heap of the program now running on the board (a new one per start of code.py)."""

    def __init__(self, board):
        self.board = board

    def charge_import(self, name, path):
        if self.board.heap is not None:
            self.board.heap.charge_import(name, path)

    def watch(self, name, module_globals):
        if self.board.heap is not None:
            self.board.heap.watch(name, module_globals)

SHIMS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shims")
SHIM_NAMES = ("board", "busio", "digitalio", "board_link", "microcontroller", "supervisor", "keypad", "storage",
              "i2cdisplaybus")
# modules that bind the shims or time.sleep at import: imported fresh for each session
# (all of the device's own modules: every start of code.py is a new VM that imports, and pays for, them again)
FRESH_PREFIXES = ("bandlift", "adafruit_lsm6ds", "adafruit_ticks", "adafruit_bus_device",
                  "adafruit_register", "adafruit_displayio_ssd1306", "adafruit_display_text", "code",
                  "circuitpython_typing.device_drivers")


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
        # The host's objects (numpy, Blinka, pytest, ...) out of the collector's sight for the session: the
        # device program's gc.collect() then walks only what the session made (~2 ms, not 10-20 ms a call);
        # the board's heap model needs only the program's own modules and objects to be found dead.
        self._froze = not gc.get_freeze_count()
        if self._froze:
            gc.freeze()
        import displayio

        self._blinka_bg = displayio.background_thread.is_alive()
        displayio._stop_background()
        if not getattr(b, "_display_background", False):  # once per board: its clock keeps the timer
            b._display_background = True
            b.clock.every(BACKGROUND_US, _display_background)
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
        # ints: MicroPython has no 4,300-digit limit on str <-> int, so json reads a level's 5,000-digit number
        # there (and the level's check refuses it); CPython's limit made it a "JSON syntax error"
        self._int_digits = sys.get_int_max_str_digits()
        sys.set_int_max_str_digits(0)
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
                if mp(file) != file:
                    return FlashFile(real_open(mp(file), mode, *a, **k), b)
            return real_open(mp(file), mode, *a, **k)

        def dev_mkdir(path, *a, **k):
            ro_check(path)
            return real_mkdir(mp(path), *a, **k)

        def dev_remove(path):
            ro_check(path)
            flash(b, FLASH_META_US)
            return real_remove(mp(path))

        def dev_rename(a, c):
            ro_check(a)
            flash(b, FLASH_META_US)
            if os.path.exists(mp(c)):
                raise OSError(17, "File exists")  # FAT: no rename onto an existing file
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
        for name, fn in (("mem_free", lambda: b.heap.mem_free() if b.heap else b.heap_bytes),
                         ("mem_alloc", lambda: b.heap.mem_alloc() if b.heap else 0)):
            if not hasattr(gc, name):
                setattr(gc, name, fn)
                self._gc_added.append(name)
        real_collect = self._collect = gc.collect

        def collect(*a):
            # type hints only (the Adafruit libraries import it inside `try: from typing ...`, which fails
            # on the board): it must not keep the I2CDevice class, and its module, alive here
            hints = sys.modules.pop("circuitpython_typing.device_drivers", None)
            for cls in vars(hints).values() if hints is not None else ():
                if isinstance(cls, type) and "__annotations__" in vars(cls):
                    cls.__annotations__ = {}  # typing's caches keep the Protocol classes themselves
            pkg = sys.modules.get("circuitpython_typing")
            if pkg is not None and hasattr(pkg, "device_drivers"):
                delattr(pkg, "device_drivers")
            out = real_collect(*a)  # first the host's: what it frees is what the board's collector would
            if b.heap is not None:
                b.heap.collect(sys.modules)
            return out

        gc.collect = collect
        self._sync = getattr(os, "sync", None)
        os.sync = lambda: flash(b, FLASH_SYNC_US)
        self._finder = HeapFinder(_BoardHeap(b))
        sys.meta_path.insert(0, self._finder)
        import terminalio  # noqa: F401  (its font is built into the firmware: no heap on the board, but
        # Blinka builds it as a Bitmap, which must not be charged to the program, whichever session is first)

        self._undo_displayio = charge_displayio(b)
        self._drawing = fast_drawing() if b.fast_draw else contextlib.nullcontext()
        self._drawing.__enter__()
        self._stdout = sys.stdout
        sys.stdout = SerialLog(b, self.echo)
        if b.root is not None:
            b.write_settings_toml()
        return self

    def fresh_start(self):
        """A new VM, as at every start of code.py: device modules import (and compile) again."""
        for n in [n for n in sys.modules if _fresh(n)]:
            del sys.modules[n]

    def __exit__(self, *exc):
        if self._blinka_bg:  # Blinka's thread again, for whatever runs after the session in this process
            import displayio

            displayio.background_thread_stop_event.clear()
            displayio.background_thread = threading.Thread(
                target=displayio._background, args=(displayio.background_thread_stop_event,), daemon=True)
            displayio._start_background()
        self._drawing.__exit__(None, None, None)
        self._undo_displayio()
        if self._finder in sys.meta_path:
            sys.meta_path.remove(self._finder)
        gc.collect = self._collect
        if self._sync is not None:
            os.sync = self._sync
        sys.stdout = self._stdout
        for name in self._gc_added:
            delattr(gc, name)
        (builtins.open, os.listdir, os.mkdir, os.stat, os.remove, os.rename, os.getenv) = self._files
        sys.set_int_max_str_digits(self._int_digits)
        time.sleep, time.monotonic, time.monotonic_ns = self._time
        if SHIMS in sys.path:
            sys.path.remove(SHIMS)
        for n in [n for n in sys.modules if _fresh(n)]:
            del sys.modules[n]
        sys.modules.update(self._saved_modules)
        board_mod._CURRENT.remove(self.board)
        if self._froze:
            gc.unfreeze()
        return False


BACKGROUND_US = 5_000  # the displays' background work, every 5 ms of virtual time (an auto-refresh is due at
# most every 1/60 s)


def _display_background(now_us):
    import displayio

    for d in displayio.displays:
        d._background()


def i2c_of(board, frequency=400000):
    """A busio.I2C on board's SCL/SDA: the twin's stand-in (CircuitPython's rules: the lock, the pins) over the
    board's bus and chip models, for a test that drives a device adapter without running code.py. It keeps
    working after the sandbox it was made in is gone (it holds the board, not the session's modules)."""
    with Sandbox(board):
        import board as pins
        import busio

        return busio.I2C(pins.SCL, pins.SDA, frequency=frequency)
