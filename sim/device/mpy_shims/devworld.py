# The virtual world the whole device program runs in under MicroPython (sim/device/devsession.py): one clock,
# the I2C bus with register-level stand-ins for the LSM6DS and the SSD1306, the scripted buttons, and the
# sizes the stand-ins for CircuitPython's C objects allocate. MicroPython code: small, no per-sample allocation.
#
# Time is virtual and integer microseconds: time.sleep() advances it, so does every bus transfer (its bytes at
# the bus clock) and every supervisor.ticks_ms() call (TICK_COST_US: the loop makes progress even when it
# never sleeps). When the session's end is reached the clock raises SessionEnd (a BaseException: the program's
# `except Exception` handlers do not catch it).
import gc
import sys
from array import array

IS_32BIT = sys.maxsize < (1 << 32)
# A C object of n bytes on the board's 32-bit CircuitPython takes about n * OBJ_SCALE on this port: pointers
# and words double on 64 bits (the motion core needs 88 kB here and 55 kB on 32 bits: 1.6). Pixel and tile
# bytes do not scale.
OBJ_SCALE = 1.0 if IS_32BIT else 1.6
TICK_COST_US = 100  # virtual CPU time per supervisor.ticks_ms() call (about two loop passes' worth)
TICKS_START_MS = (1 << 29) - 65000  # CircuitPython's ticks start 65 s before their 2**29 wrap


class SessionEnd(BaseException):
    pass


_END = SessionEnd()


class World:
    def __init__(self):
        self.now_us = 0
        self.end_us = 60 * 1000000
        self.ticks_calls = 0
        self.sleeps = 0
        self.bus_us = 0
        self.heap_peak = 0  # highest gc.mem_alloc() seen by a ticks_ms() call
        self.free_min = 1 << 30
        self.peak_every = 997  # sample the heap every n-th ticks_ms() call (gc.mem_alloc scans the heap)
        self.imu = None
        self.oled = None
        self.keys = None
        self.i2c_hz = 400000
        self.saves = 0
        self.renames = 0
        self.refreshes = 0
        self.refresh_bytes = 0
        self.check_ms = []  # virtual ms at which the live heap is measured (a collection, then gc.mem_alloc)
        self.live = []  # [ms, bytes in use after the collection]

    def advance(self, us):
        self.now_us += us
        if self.now_us >= self.end_us:
            raise _END  # made beforehand: a heap the program (or a hog) filled has no room for it then

    def ticks_ms(self):
        self.ticks_calls += 1
        self.advance(TICK_COST_US)
        if self.check_ms and self.now_us >= self.check_ms[0] * 1000:
            gc.collect()
            self.live.append([self.check_ms.pop(0), gc.mem_alloc()])
        if self.ticks_calls % self.peak_every == 0:
            a = gc.mem_alloc()
            if a > self.heap_peak:
                self.heap_peak = a
            f = gc.mem_free()
            if f < self.free_min:
                self.free_min = f
        return (TICKS_START_MS + self.now_us // 1000) & ((1 << 29) - 1)

    def bus_time(self, nbytes):
        # address byte + data, 9 clocks a byte, plus start/stop (~2 bit times)
        us = ((nbytes + 1) * 9 + 2) * 1000000 // self.i2c_hz
        self.bus_us += us
        self.advance(us)


WORLD = World()


_BASE = {}  # class name: bytes one object of it allocates here with its fields and no padding


def fields(key, values, target_32, raw=0, extra=0):
    """An object's state as one array of int16 (the fields in `values`, then `extra` more zeros), padded so the
    object takes here what its C counterpart of target_32 bytes takes on the board (plus `raw` pixel or tile
    bytes, unscaled). The stand-ins keep their state in it (properties read it): a Python instance with one
    attribute per field would itself outgrow the C object on 64 bits."""
    b = _BASE.get(key)
    n = 0
    if b is not None:
        n = (int(target_32 * OBJ_SCALE) + raw - b - 2 * extra) // 2
    a = array("h", bytes(2 * (len(values) + extra + (n if n > 0 else 0))))
    for i in range(len(values)):
        a[i] = values[i]
    return a


def field(i):
    """A property reading and writing element i of the object's `_s` array."""

    def get(self):
        return self._s[i]

    def put(self, v):
        self._s[i] = v

    return property(get, put)


def flag(i):
    """A bool property kept as element i of `_s`."""

    def get(self):
        return self._s[i] != 0

    def put(self, v):
        self._s[i] = 1 if v else 0

    return property(get, put)


def calibrate(key, make):
    """Measure (gc.mem_alloc delta, garbage collected) what make() allocates without padding."""
    _BASE.pop(key, None)
    gc.collect()
    a0 = gc.mem_alloc()
    o = make()
    gc.collect()
    _BASE[key] = gc.mem_alloc() - a0
    return o


def size_of(make):
    """What make() keeps allocated here (bytes)."""
    gc.collect()
    a0 = gc.mem_alloc()
    o = make()
    gc.collect()
    n = gc.mem_alloc() - a0
    del o
    return n
