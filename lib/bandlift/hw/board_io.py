"""The one place that imports board and busio: pins, the I2C bus, the tick clock and settings."""

import os

from bandlift.compat import const


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


def button_pins():
    """A, B, C of the OLED FeatherWing (D9, D6, D5), or None on a board without those pins."""
    try:
        import board

        return (board.D9, board.D6, board.D5)
    except (ImportError, AttributeError):
        return None


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


def power_up():
    """True when this start of code.py follows power being applied; False after a soft reload (a file
    saved, Ctrl-D: supervisor.runtime.run_reason) or a reset of the chip while it kept power (RESET pressed,
    as for save mode; the watchdog; microcontroller.reset(): cpu.reset_reason). Unknown: True."""
    try:
        import supervisor

        why = supervisor.runtime.run_reason
        if why is not None and why != supervisor.RunReason.STARTUP:
            return False
    except (ImportError, AttributeError):
        pass
    try:
        import microcontroller

        r = microcontroller.ResetReason
        return microcontroller.cpu.reset_reason not in (r.RESET_PIN, r.SOFTWARE, r.WATCHDOG)
    except (ImportError, AttributeError):
        return True


_NVM_SESSION = const(0)  # the byte of microcontroller.nvm that numbers power-ups


def session_id(fresh):
    """A number (0-255) for this power-up: one more than the last when `fresh` (power_up()), else the one
    the reload or RESET continues. Kept in microcontroller.nvm (flash: one byte written per power-up, no
    file system, so it works in edit mode too). None on a board without nvm."""
    try:
        import microcontroller

        nvm = microcontroller.nvm
        if fresh:
            nvm[_NVM_SESSION] = (nvm[_NVM_SESSION] + 1) & 0xFF
        return nvm[_NVM_SESSION]
    except (ImportError, AttributeError, TypeError, IndexError, OSError):
        return None
