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
def ticks_diff(ticks1, ticks2):
    """Signed ms from ticks2 to ticks1, assuming they are within 2**28 ms."""
    return ((((ticks1 - ticks2) & TICKS_MAX) + TICKS_HALF) & TICKS_MAX) - TICKS_HALF


def ticks_add(ticks, delta):
    """ticks + delta ms, wrapped at 2**29."""
    return (ticks + delta) % TICKS_PERIOD


def forget(name):
    """Drop module `name` (e.g. "bandlift.game.menu.pages") so the collector can give its RAM back: its entry in
    sys.modules AND its parent package's attribute (an import keeps the submodule there). The module's
    memory comes back only once no object of its classes and none of its functions is referenced either."""
    import sys

    sys.modules.pop(name, None)
    dot = name.rfind(".")
    if dot > 0:
        pkg = sys.modules.get(name[:dot])
        attr = name[dot + 1:]
        if pkg is not None and hasattr(pkg, attr):
            delattr(pkg, attr)


def forget_all(prefix):
    """Forget every loaded module whose name starts with `prefix`, then collect. After a MemoryError part-way
    through importing a package, the submodules that did load stay in sys.modules, holding their RAM, so a
    fallback import right after fails too: this lets them go first. Collects before listing the modules as
    well: the failed import's garbage is what makes room for the list."""
    import gc
    import sys

    gc.collect()
    for name in [n for n in sys.modules if n.startswith(prefix)]:
        forget(name)
    gc.collect()
