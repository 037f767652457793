"""settings.toml, read once and checked: every value the device uses, and a message for each bad one.

CircuitPython 10's os.getenv gives str or int (floats and bools only from 10.3), so both forms are accepted
("104" and 104). A value that cannot be used is never silently replaced: `problems` holds one line per bad
key saying what was wrong and what is used instead; the app prints them and shows the first on the OLED.
"""

from bandlift.compat import const

_RATES_HZ = const((26, 52, 104, 208))
_DISPLAYS = const(("128x32", "128x64"))
_ROTATIONS = const((0, 90, 180, 270))
# The game's screens are drawn for landscape panels; until they draw portrait, 90 / 270 are refused.
_SCREEN_ROTATIONS = const((0, 180))
_I2C_HZ_MIN = const(10000)
_I2C_HZ_MAX = const(1000000)
# The spellings of a 0/1 setting, the same for every flag (BANDLIFT_RECORD here, BANDLIFT_SAVE_MODE in boot.py)
_ON_WORDS = const(("1", "true", "yes", "on"))
_OFF_WORDS = const(("0", "false", "no", "off"))


def on_off(v):
    """True / False for a 0/1 setting given as an int, a bool or one of _ON_WORDS / _OFF_WORDS (any case,
    spaces around); None for anything else."""
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return True if v == 1 else (False if v == 0 else None)
    t = str(v).strip().lower()
    if t in _ON_WORDS:
        return True
    if t in _OFF_WORDS:
        return False
    return None


def _int(v):
    """An int from an int or a string of digits (settings.toml may quote it), else None."""
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        # inf and nan have no int (int() raises OverflowError / ValueError): they are bad values, not a crash
        # (v - v is 0.0 for a finite v only: nan for inf and nan)
        if v - v != 0.0 or v != int(v):
            return None
        return int(v)
    if isinstance(v, str):
        t = v.strip().replace("_", "")
        if t[:1] in "+-" and t[1:].isdigit() or t.isdigit():
            try:
                return int(t)
            except ValueError:  # "²" is a digit to CPython's isdigit() (the twin), not to int()
                return None
    return None


def _show(v):
    """A value as settings.toml spells it, cut to 24 characters (a pasted paragraph stays one OLED-sized line)."""
    if isinstance(v, int) and (v > 10 ** 24 or v < -10 ** 24):  # str() of a 7,000-digit int raises on a PC
        return "a number of over 24 digits"
    t = str(v)
    if len(t) > 24:
        t = t[:21] + "..."
    return ('"%s"' % t) if isinstance(v, str) else t


class Settings:
    """The checked settings. getenv(key) -> str, int or None (injected: os.getenv on the board)."""

    def __init__(self, getenv):
        self.problems = []
        self.rate_hz = self._choice(getenv, "BANDLIFT_RATE_HZ", 104, _RATES_HZ, "Hz")
        self.display = self._display(getenv("BANDLIFT_DISPLAY"))
        self.record = self._flag(getenv, "BANDLIFT_RECORD", False)
        self.fifo = self._flag(getenv, "BANDLIFT_IMU_FIFO", True)
        self.i2c_hz = self._range(getenv, "BANDLIFT_I2C_HZ", 400000, _I2C_HZ_MIN, _I2C_HZ_MAX)
        self.rotation = self._choice(getenv, "BANDLIFT_ROTATION", 0, _ROTATIONS, "deg")
        if self.rotation not in _SCREEN_ROTATIONS:
            self._bad("BANDLIFT_ROTATION", self.rotation, "the screens are landscape: 0 or 180", 0)
            self.rotation = 0

    def _bad(self, key, v, reason, default):
        self.problems.append("%s = %s: %s; using %s" % (key, _show(v), reason, _show(default)))

    def _choice(self, getenv, key, default, allowed, unit):
        v = getenv(key)
        if v is None:
            return default
        n = _int(v)
        if n in allowed:
            return n
        self._bad(key, v, "must be one of " + "/".join(str(a) for a in allowed) + " " + unit, default)
        return default

    def _range(self, getenv, key, default, lo, hi):
        v = getenv(key)
        if v is None:
            return default
        n = _int(v)
        if n is not None and lo <= n <= hi:
            return n
        self._bad(key, v, "must be %d to %d" % (lo, hi), default)
        return default

    def _flag(self, getenv, key, default):
        v = getenv(key)
        if v is None:
            return default
        b = on_off(v)
        if b is not None:
            return b
        self._bad(key, v, "must be 0 or 1", 1 if default else 0)
        return default

    def _display(self, v):
        if v is None:
            return _DISPLAYS[0]
        t = v.strip().lower().replace(" ", "") if isinstance(v, str) else ""  # str() of a huge int raises on a PC
        if t in _DISPLAYS:
            return t
        self._bad("BANDLIFT_DISPLAY", v, "must be " + " or ".join(_DISPLAYS), _DISPLAYS[0])
        return _DISPLAYS[0]
