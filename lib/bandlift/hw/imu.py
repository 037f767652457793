"""The LSM6DS IMU: find the chip, configure it with the driver, then read it the fast way.

Setup uses adafruit_lsm6ds (the class chosen from WHO_AM_I: the Feather Sense changed chips). Samples come
from ONE 12-byte burst from OUTX_L_G (0x22) through OUTZ_H_A (0x2D) into a preallocated buffer, converted
with precomputed scale factors: no allocation per sample, half the bus time of the driver's two reads.
I2C errors never escape: read() returns False, `error` says why, and `retry(now_ms)` re-initialises.
"""

from bandlift.compat import const, ticks_diff

_WHO_AM_I = const(0x0F)
_STATUS = const(0x1E)
_OUTX_L_G = const(0x22)
_RETRY_MS = const(2000)  # between re-initialisation attempts after an error

ADDRESSES = (0x6A, 0x6B)
# WHO_AM_I -> (module, class); LSM6DS3TR-C and LSM6DS3 share 0x6A (same registers for us).
CHIPS = (
    (0x6C, "adafruit_lsm6ds.lsm6dsox", "LSM6DSOX"),
    (0x69, "adafruit_lsm6ds.lsm6ds33", "LSM6DS33"),
    (0x6A, "adafruit_lsm6ds.lsm6ds3trc", "LSM6DS3TRC"),
    (0x6B, "adafruit_lsm6ds.ism330dhcx", "ISM330DHCX"),
)
_DEG_TO_RAD = 0.017453292519943295
_MG_TO_MS2 = 0.00980665


def _s16(lo, hi):
    v = lo | (hi << 8)
    return v - 65536 if v > 32767 else v


class IMU:
    def __init__(self, i2c, addresses=ADDRESSES, rate_hz=104):
        self.i2c = i2c
        self.rate_hz = rate_hz if rate_hz in (26, 52, 104, 208) else 104  # output data rate (Hz)
        self.addresses = addresses
        self.sensor = None  # the driver object, once found
        self.name = None  # chip class name
        self.ok = False
        self.error = ""  # why not ok (for the screen and serial)
        self.errors = 0  # I2C errors since boot
        self._last_try = None  # ticks of the last re-initialisation attempt; None: try at once
        self._dev = None
        self._buf = bytearray(12)
        self._reg = bytearray(1)
        self._st = bytearray(1)
        self._a_scale = 0.0  # m/s^2 per LSB
        self._g_scale = 0.0  # rad/s per LSB
        self._burst = True
        self.ax = self.ay = self.az = 0.0
        self.gx = self.gy = self.gz = 0.0

    def setup(self):
        """Find and configure the chip. True when ready; never raises."""
        self.ok = False
        try:
            addr, who = self._find()
            if addr is None:
                self.error = "No IMU found"
                return False
            cls = None
            for chip_id, mod, name in CHIPS:
                if chip_id == who:
                    cls = getattr(__import__(mod, None, None, (name,)), name)
                    self.name = name
                    break
            if cls is None:
                self.error = "Unknown IMU id 0x%02x" % who
                return False
            from adafruit_lsm6ds import AccelRange, GyroRange, Rate

            s = cls(self.i2c, addr)
            rate = getattr(Rate, "RATE_%d_HZ" % self.rate_hz)
            s.accelerometer_data_rate = rate
            s.gyro_data_rate = rate
            s.accelerometer_range = AccelRange.RANGE_4G
            s.gyro_range = GyroRange.RANGE_1000_DPS  # a fast kick passes 250 dps
            self._a_scale = AccelRange.lsb[s.accelerometer_range] * _MG_TO_MS2
            self._g_scale = GyroRange.lsb[s.gyro_range] / 1000.0 * _DEG_TO_RAD
            self.sensor = s
            self._dev = s.i2c_device
            self._burst = hasattr(self._dev, "write_then_readinto")
            self.ok = True
            self.error = ""
            return True
        except (OSError, ValueError, RuntimeError) as e:
            self.errors += 1
            self.error = "IMU: " + str(e)
            return False

    def _find(self):
        reg = self._reg
        reg[0] = _WHO_AM_I
        st = self._st
        i2c = self.i2c
        for addr in self.addresses:
            while not i2c.try_lock():
                pass
            try:
                try:
                    i2c.writeto_then_readfrom(addr, reg, st)
                except OSError:
                    continue
            finally:
                i2c.unlock()
            return addr, st[0]
        return None, 0

    def retry(self, now_ms):
        """After an error: set up again at most every 2 s. True when the IMU is back."""
        if self.ok:
            return True
        if self._last_try is not None and ticks_diff(now_ms, self._last_try) < _RETRY_MS:
            return False
        self._last_try = now_ms
        return self.setup()

    def _fail(self, e):
        self.ok = False
        self._last_try = None
        self.errors += 1
        self.error = "IMU lost: " + str(e)

    def data_ready(self):
        """True when the gyro has a sample not read yet (STATUS_REG GDA). False on error."""
        if not self.ok:
            return False
        reg = self._reg
        reg[0] = _STATUS
        try:
            with self._dev as d:
                d.write_then_readinto(reg, self._st)
        except OSError as e:
            self._fail(e)
            return False
        return (self._st[0] & 3) != 0

    def read(self):
        """Fill ax..gz (m/s^2, rad/s) from one burst. False (and ok False) on an I2C error."""
        if not self.ok:
            return False
        b = self._buf
        try:
            if self._burst:
                reg = self._reg
                reg[0] = _OUTX_L_G
                with self._dev as d:
                    d.write_then_readinto(reg, b)
            else:
                return self._read_driver()
        except OSError as e:
            self._fail(e)
            return False
        g = self._g_scale
        a = self._a_scale
        self.gx = _s16(b[0], b[1]) * g
        self.gy = _s16(b[2], b[3]) * g
        self.gz = _s16(b[4], b[5]) * g
        self.ax = _s16(b[6], b[7]) * a
        self.ay = _s16(b[8], b[9]) * a
        self.az = _s16(b[10], b[11]) * a
        return True

    def _read_driver(self):
        # The slow path, for a bus object without write_then_readinto: allocates two tuples.
        self.ax, self.ay, self.az = self.sensor.acceleration
        self.gx, self.gy, self.gz = self.sensor.gyro
        return True
