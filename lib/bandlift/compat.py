"""What CircuitPython has and CPython lacks, with fallbacks, in one place."""

try:
    from micropython import const  # CircuitPython, MicroPython, and Blinka on CPython
except ImportError:  # plain CPython without Blinka

    def const(x):  # type: ignore[no-redef]
        return x


TICKS_PERIOD = const(1 << 29)  # supervisor.ticks_ms() wraps here
TICKS_MAX = const((1 << 29) - 1)  # mask: (a - b) & TICKS_MAX is a forward difference
TICKS_HALF = const(1 << 28)  # a difference above this is a step back


# Wrap-safe ms arithmetic on supervisor.ticks_ms() values, as adafruit_ticks does it (tests/test_compat.py
# checks them against it): two lines here instead of importing that library on the board, where the core's
# heap is counted in kB and nothing else of adafruit_ticks is used.
def ticks_diff(ticks, start):
    """Signed ms from start to ticks, assuming they are within 2**28 ms."""
    return ((((ticks - start) & TICKS_MAX) + TICKS_HALF) & TICKS_MAX) - TICKS_HALF


def ticks_add(ticks, ms):
    """ticks + ms, wrapped at 2**29."""
    return (ticks + ms) % TICKS_PERIOD


from bandlift.lifetime import forget, forget_all  # noqa: E402,F401 (hw/imu.py's import: the policy is in lifetime.py)
