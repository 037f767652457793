"""Reading a chip without the pattern FIFO (bandlift.hw.imu's drain reads that one inline): one sample per
data-ready where no FIFO is known, or the tagged chips' FIFO (decoded by bandlift.hw.imu_tagged). IMU.setup()
loads this for those chips only and keeps `drain` in the IMU (its `_drain_other`); the nRF52840 Sense's
LSM6DS33 / LSM6DS3TR-C never load it: its code stays off their heap all session. Functions of a
bandlift.hw.imu.IMU.
"""

from bandlift.compat import const

_STATUS = const(0x1E)
_OUTX_L_G = const(0x22)
_FIFO_STATUS1 = const(0x3A)
_FIFO_NONE = const(0)
_G = const(9.80665)  # m/s^2
_MAX_BURST = const(8)  # bandlift.hw.imu.MAX_BURST (imported, it would be a cycle: imu loads this module)


def _xfer(imu, reg, buf):
    """Write the register, read buf: one repeated-start transaction on the locked bus. None, or the
    OSError. (The bus is locked by hand: a `with` inside a `try` costs MicroPython ~30 times more.)"""
    i2c = imu.i2c
    while not i2c.try_lock():
        pass
    try:
        i2c.writeto_then_readfrom(imu.address, reg, buf)
    except OSError as e:
        i2c.unlock()
        return e
    i2c.unlock()
    return None


def data_ready(imu):
    """True when the gyro has a sample not read yet (STATUS_REG GDA). False on error."""
    if not imu.ok:
        return False
    reg = imu.reg
    reg[0] = _STATUS
    e = _xfer(imu, reg, imu.st)
    if e is not None:
        imu._fail(e)
        return False
    return (imu.st[0] & 3) != 0


def read(imu):
    """Fill imu.ax..gz (m/s^2, rad/s) from one burst (kept in imu._one: ax = code * a_scale, gx = code * g_scale).
    False (and imu.ok False) on an I2C error or frozen output."""
    if not imu.ok:
        return False
    reg = imu.reg
    reg[0] = _OUTX_L_G
    c = imu._one
    e = _xfer(imu, reg, c)
    if e is not None:
        imu._fail(e)
        return False
    if imu._frozen(c, 0, 1):
        return False
    g = imu.g_scale
    imu.gx = c[0] * g
    imu.gy = c[1] * g
    imu.gz = c[2] * g
    g = imu.a_scale
    imu.ax = c[3] * g
    imu.ay = c[4] * g
    imu.az = c[5] * g
    return True


def drain(imu, now_ms):
    """IMU.drain() without the pattern FIFO: the tagged chips' FIFO (the samples' number; their times are the
    IMU's to stamp), or one sample at data-ready, stamped now_ms. Samples land where the IMU's drain puts them
    (codes and ts from `at`)."""
    if imu.fifo == _FIFO_NONE:
        if data_ready(imu) and read(imu):
            k = imu.at
            imu.ts[k] = now_ms
            k *= 6
            c = imu.codes
            one = imu._one
            for j in range(6):
                c[k + j] = one[j]
            return 1
        return 0
    st = imu._fst
    reg = imu.reg
    reg[0] = _FIFO_STATUS1
    e = _xfer(imu, reg, st)
    if e is not None:
        imu._fail(e)
        return 0
    t = imu._tagged
    if t is None:  # a FIFO set by hand, not by setup() (which makes it)
        from bandlift.hw.imu_tagged import Tagged

        t = imu._tagged = Tagged(_MAX_BURST)
    n = t.drain(imu, st)
    if n > 0:
        if imu._frozen(imu.codes, 6 * (imu.at + n) - 6, n):  # (checked on the newest sample)
            return 0
    return n


def _reads_half_g(imu):
    """True when the accelerometer's |a| over a few samples is near g/2: an LSM6DSO32 read as an LSOX (the set-up
    of a chip answering as one, bandlift.hw.imu_setup)."""
    import time

    imu.ok = True
    total = 0.0
    n = 0
    for _ in range(40):  # up to ~0.4 s at 104 Hz; a leg at rest or moving slowly reads |a| ~ g
        if data_ready(imu) and read(imu):
            total += (imu.ax * imu.ax + imu.ay * imu.ay + imu.az * imu.az) ** 0.5
            n += 1
            if n >= 6:
                break
        time.sleep(0.01)
    imu.ok = False
    if n < 3:
        return False
    mean = total / n
    return 0.3 * _G < mean < 0.7 * _G
