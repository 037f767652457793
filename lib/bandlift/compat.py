"""What CircuitPython has and CPython lacks, with fallbacks, in one place."""

try:
    from micropython import const  # CircuitPython, MicroPython, and Blinka on CPython
except ImportError:  # plain CPython without Blinka

    def const(x):  # type: ignore[no-redef]
        return x


try:
    from adafruit_ticks import ticks_diff, ticks_add  # wrap-safe ms arithmetic (wraps at 2**29)
except ImportError:  # a bare interpreter without the Adafruit bundle
    _TICKS_PERIOD = const(1 << 29)
    _TICKS_MAX = const((1 << 29) - 1)
    _TICKS_HALF = const(1 << 28)

    def ticks_diff(ticks1, ticks2):
        """Signed ms from ticks2 to ticks1, assuming they are within 2**28 ms."""
        return ((((ticks1 - ticks2) & _TICKS_MAX) + _TICKS_HALF) & _TICKS_MAX) - _TICKS_HALF

    def ticks_add(ticks, delta):
        """ticks + delta ms, wrapped at 2**29."""
        return (ticks + delta) % _TICKS_PERIOD


TICKS_PERIOD = const(1 << 29)  # supervisor.ticks_ms() wraps here
TICKS_MAX = const((1 << 29) - 1)  # mask: (a - b) & TICKS_MAX is a forward difference
TICKS_HALF = const(1 << 28)  # a difference above this is a step back
