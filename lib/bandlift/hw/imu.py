"""The LSM6DS IMU: find the chip, configure it with the driver, then read it the fast way.

Setup uses adafruit_lsm6ds (the class chosen from WHO_AM_I: the Feather Sense changed chips). Samples come
from ONE 12-byte burst from OUTX_L_G (0x22) through OUTZ_H_A (0x2D) into a preallocated buffer, converted
with precomputed scale factors: no allocation per sample, half the bus time of the driver's two reads.
I2C errors never escape: read() returns False, `error` says why, and `retry(now_ms)` re-initialises, first
after 50 ms, then waiting twice as long after each failed attempt (up to 2 s): a short glitch costs little,
a missing sensor does not flood the bus.
A sensor whose output freezes (the same 12 bytes for a second: a real one's noise changes them every sample)
is "IMU stuck" and is set up again; the core is not fed frozen samples (they would look like a strap that
stopped moving).
The LSM6DSO32 answers with the LSM6DSOX's WHO_AM_I but its range codes differ: set up as an LSOX it reads half
of gravity. Setup checks |a| at rest and switches to the LSM6DSO32 class when it reads ~0.5 g.
"""

from bandlift.compat import const, forget, ticks_diff

_STATUS = const(0x1E)
_OUTX_L_G = const(0x22)
_RETRY_FIRST_MS = const(50)  # first re-initialisation attempt after an error ...
_RETRY_MAX_MS = const(2000)  # ... then twice as long each time, up to this

ADDRESSES = (0x6A, 0x6B)


def _s16(lo, hi):
    v = lo | (hi << 8)
    return v - 65536 if v > 32767 else v


class IMU:
    def __init__(self, i2c, addresses=ADDRESSES, rate_hz=104, keep_driver=False):
        self.i2c = i2c
        self.rate_hz = rate_hz if rate_hz in (26, 52, 104, 208) else 104  # output data rate (Hz)
        self.addresses = addresses
        self.sensor = None  # the driver object while setting up (kept only with keep_driver)
        self.keep_driver = keep_driver
        self.name = None  # chip class name
        self.ok = False
        self.error = ""  # why not ok (for the screen and serial)
        self.errors = 0  # I2C errors since boot
        self._last_try = None  # ticks of the last re-initialisation attempt; None: try at once
        self._retry_ms = _RETRY_FIRST_MS
        self._same = 0  # consecutive samples identical to the one before
        self._suspect = False  # set up again after "IMU stuck": samples count only once the output moves
        self.stuck_samples = max(20, self.rate_hz)  # ~1 s of identical output: frozen
        self.raw = bytearray(12)  # the newest burst as the chip sent it: gx, gy, gz, ax, ay, az (int16 LE)
        self._prev = bytearray(12)  # the previous burst (the two buffers swap: no copy, no allocation)
        self._reg = bytearray(1)
        self._st = bytearray(1)
        self.a_scale = 0.0  # m/s^2 per LSB
        self.g_scale = 0.0  # rad/s per LSB
        self._addr = 0
        self.ax = self.ay = self.az = 0.0
        self.gx = self.gy = self.gz = 0.0

    def setup(self):
        """Find and configure the chip. True when ready; never raises. The code for it (bandlift.hw.imu_setup)
        is loaded for the setup only: a retry loads it again."""
        self.ok = False
        try:
            from bandlift.hw import imu_setup
        except MemoryError:
            self.errors += 1
            self.error = "IMU: out of memory"
            return False
        ok = imu_setup.setup(self)
        del imu_setup
        forget("bandlift.hw.imu_setup")
        if ok:
            self._retry_ms = _RETRY_FIRST_MS
        try:
            import gc

            gc.collect()
        except ImportError:
            pass
        return ok

    def retry(self, now_ms):
        """After an error: set up again after 50 ms, 100 ms, 200 ms ... 2 s. True when the IMU is back."""
        if self.ok:
            return True
        if self._last_try is None:
            self._last_try = now_ms
            return False
        if ticks_diff(now_ms, self._last_try) < self._retry_ms:
            return False
        self._last_try = now_ms
        if self._retry_ms < _RETRY_MAX_MS:
            self._retry_ms = min(_RETRY_MAX_MS, self._retry_ms * 2)
        keep = self.error
        wait = self._retry_ms
        if self.setup():
            if keep.startswith("IMU stuck"):
                self._retry_ms = wait  # a chip that stays frozen is not set up again every second
                # answering again is not enough: stay "stuck" (and feed nothing) until the output moves
                self._suspect = True
                self.error = keep
            return True
        return False

    def _fail(self, e):
        self.ok = False
        self._last_try = None
        self.errors += 1
        self.error = "IMU lost: " + str(e)

    def _stuck(self):
        self.ok = False
        self._last_try = None
        self.errors += 1
        self.error = "IMU stuck: output frozen"

    def _xfer(self, reg, buf):
        """Write the register, read buf: one repeated-start transaction on the locked bus. None, or the
        OSError. (The bus is locked by hand: a `with` inside a `try` costs MicroPython ~30 times more.)"""
        i2c = self.i2c
        while not i2c.try_lock():
            pass
        try:
            i2c.writeto_then_readfrom(self._addr, reg, buf)
        except OSError as e:
            i2c.unlock()
            return e
        i2c.unlock()
        return None

    def data_ready(self):
        """True when the gyro has a sample not read yet (STATUS_REG GDA). False on error."""
        if not self.ok:
            return False
        reg = self._reg
        reg[0] = _STATUS
        e = self._xfer(reg, self._st)
        if e is not None:
            self._fail(e)
            return False
        return (self._st[0] & 3) != 0

    def read(self):
        """Fill ax..gz (m/s^2, rad/s) from one burst (kept in `raw`: ax = s16 * a_scale, gx = s16 * g_scale).
        False (and ok False) on an I2C error."""
        if not self.ok:
            return False
        b = self._prev  # read into the older buffer; it becomes the newest
        self._prev = self.raw
        self.raw = b
        reg = self._reg
        reg[0] = _OUTX_L_G
        e = self._xfer(reg, b)
        if e is not None:
            self._fail(e)
            return False
        if b == self._prev:
            self._same += 1
            if self._same >= self.stuck_samples:
                self._stuck()
                return False
            if self._suspect:
                return False
        else:
            self._same = 0
            if self._suspect:
                self._suspect = False
                self.error = ""
        g = self.g_scale
        a = self.a_scale
        self.gx = _s16(b[0], b[1]) * g
        self.gy = _s16(b[2], b[3]) * g
        self.gz = _s16(b[4], b[5]) * g
        self.ax = _s16(b[6], b[7]) * a
        self.ay = _s16(b[8], b[9]) * a
        self.az = _s16(b[10], b[11]) * a
        return True
