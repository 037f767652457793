"""The one place that imports board and busio for the loop: the I2C bus, the tick clock, autoreload and settings
(the buttons' pins, the power-up and its number are read once, by bandlift.start)."""

import os


def make_i2c(frequency=400_000):
    """The shared I2C bus at frequency (Hz; settings BANDLIFT_I2C_HZ; board.I2C() is 100 kHz: four times slower for the
    OLED).

    A soft reload (a file saved from the computer, Ctrl-D) keeps the display running WITH its bus and pins,
    so busio.I2C would raise "SCL in use": the displays are released first, at every start.
    """
    import board
    import busio

    try:
        import displayio

        displayio.release_displays()
    except ImportError:  # a board without displayio
        pass
    return busio.I2C(board.SCL, board.SDA, frequency=frequency)


try:  # the board's ms tick, bound once: an import inside a function runs on every call, and on the board
    # each import scans every interned name (~19k instructions: more than the motion core's work on a sample)
    from supervisor import ticks_ms
except ImportError:  # not a board (a PC without the twin): nothing here may run the loop

    # the stubs type supervisor.ticks_ms; this stand-in is the same call
    def ticks_ms():  # type: ignore[misc]
        raise RuntimeError("no supervisor module: bandlift.hw.board_io.ticks_ms needs a board (or the twin)")


def getenv(key, default=None):
    """A settings.toml value (os.getenv on CircuitPython reads settings.toml)."""
    try:
        v = os.getenv(key)
    except Exception:
        v = None
    return default if v is None else v


def set_autoreload(on):
    """Turn CircuitPython's reload-on-file-change on or off (off during a set, so a file copy from the
    computer cannot restart the game mid-rep). Returns True when the setting was applied."""
    try:
        import supervisor

        supervisor.runtime.autoreload = bool(on)
        return True
    except Exception:  # no supervisor (a PC) or an old port without runtime.autoreload
        return False


def fs_writable():
    """True when code may write to CIRCUITPY (boot.py remounted it)."""
    try:
        import storage

        return not storage.getmount("/").readonly
    except Exception:
        return False
