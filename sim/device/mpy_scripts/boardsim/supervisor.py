"""Stand-in of CircuitPython's supervisor on a virtual clock (loopwhole.py advances it): ticks_ms wraps at
2**29 and starts a minute before the wrap, as on the board."""

NOW_US = [0]
_OFFSET_MS = (1 << 29) - 60000


def ticks_ms():
    return (NOW_US[0] // 1000 + _OFFSET_MS) & ((1 << 29) - 1)


class _Runtime:
    autoreload = True


runtime = _Runtime()
