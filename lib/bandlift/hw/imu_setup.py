"""Setting the IMU up: find the chip (WHO_AM_I at 0x6A/0x6B), configure it with adafruit_lsm6ds (the class
chosen from WHO_AM_I: the Feather Sense changed chips; an LSM6DSO32 answers as an LSM6DSOX and is told apart by
reading half of gravity), then drop the driver. Functions of a bandlift.hw.imu.IMU; IMU.setup() imports this
module for that and drops it again: none of it stays in RAM while samples are read.
"""

from bandlift.compat import const

_WHO_AM_I = const(0x0F)
_G = 9.80665

# WHO_AM_I -> (module, class, FIFO layout); LSM6DS3TR-C and LSM6DS3 share 0x6A (same registers for us).
# FIFO layout 1: pattern-based words (FIFO_CTRL1-5 at 0x06-0x0A), 2: tagged words (FIFO_CTRL1-4 at 0x07-0x0A),
# 0: no FIFO known here (the loop reads one sample per data-ready)
CHIPS = (
    (0x6C, "adafruit_lsm6ds.lsm6dsox", "LSM6DSOX", 2),
    (0x69, "adafruit_lsm6ds.lsm6ds33", "LSM6DS33", 1),
    (0x6A, "adafruit_lsm6ds.lsm6ds3trc", "LSM6DS3TRC", 1),
    (0x6B, "adafruit_lsm6ds.ism330dhcx", "ISM330DHCX", 2),
)
DSO32 = ("adafruit_lsm6ds.lsm6dso32", "LSM6DSO32")
# ODR codes (CTRL1_XL / CTRL2_G / ODR_FIFO / BDR_XL / BDR_GY share them) by output rate in Hz
_ODR_CODE = {26: 2, 52: 3, 104: 4, 208: 5}
_FIFO_MODE_REG = const(0x0A)  # FIFO_CTRL5 (pattern) / FIFO_CTRL4 (tagged): FIFO_MODE[2:0]
_CONTINUOUS = const(6)  # FIFO_MODE 110: a full FIFO drops its oldest sample
_CTRL = (0x12, 0x10, 0x11)  # CTRL3_C, CTRL1_XL, CTRL2_G: what a re-setup writes back, in this order
_DEG_TO_RAD = 0.017453292519943295
_MG_TO_MS2 = 0.00980665


def setup(imu):
    """Find and configure the chip. True when ready; never raises."""
    imu.ok = False
    try:
        addr, who = _find(imu)
        if addr is None:
            imu.error = "No IMU found"
            return False
        mod = None
        fifo = 0
        for chip_id, m, name, layout in CHIPS:
            if chip_id == who:
                mod = m
                fifo = layout
                break
        if mod is None:
            imu.error = "Unknown IMU id 0x%02x" % who
            return False
        imu._addr = addr
        if who == imu._who:
            # the chip this session set up already, back after losing power or the bus: its configuration is
            # written back register by register, without the driver (~13 kB that a full heap mid-set may not have)
            _restore(imu)
        else:
            imu.name = name
            _configure(imu, getattr(__import__(mod, None, None, (name,)), name)(imu.i2c, addr))
            if who == 0x6C and _reads_half_g(imu):
                cls = getattr(__import__(DSO32[0], None, None, (DSO32[1],)), DSO32[1])
                imu.name = DSO32[1]
                _configure(imu, cls(imu.i2c, addr))
            _keep(imu, who)
        if not imu.keep_driver:
            _drop_driver(imu)
        imu.fifo = 0
        if fifo and imu.use_fifo:
            _start_fifo(imu, fifo)
            imu.fifo = fifo
        imu.ok = True
        imu.error = ""
        imu._same = 0
        imu._suspect = False
        return True
    except (OSError, ValueError, RuntimeError) as e:
        imu.errors += 1
        imu.error = "IMU: " + str(e)
        return False
    except MemoryError:  # the driver's (re-)import found no room: let its loaded half go; a later retry may fit
        imu.errors += 1
        imu.error = "IMU: out of memory"
        _drop_driver(imu)
        return False


def _configure(imu, s):
    from adafruit_lsm6ds import AccelRange, GyroRange, Rate

    rate = getattr(Rate, "RATE_%d_HZ" % imu.rate_hz)
    s.accelerometer_data_rate = rate
    s.gyro_data_rate = rate
    s.accelerometer_range = AccelRange.RANGE_4G  # the class's own code for +-4 g (the DSO32's differs)
    s.gyro_range = GyroRange.RANGE_1000_DPS  # a fast kick passes 250 dps
    imu.a_scale = AccelRange.lsb[s.accelerometer_range] * _MG_TO_MS2
    imu.g_scale = GyroRange.lsb[s.gyro_range] / 1000.0 * _DEG_TO_RAD
    imu.sensor = s


def _keep(imu, who):
    """Read back what the driver configured (CTRL3_C: BDU, IF_INC; CTRL1_XL and CTRL2_G: rates and ranges) for a
    later re-setup of the same chip."""
    i2c = imu.i2c
    reg = imu._reg
    one = imu._st
    for i in range(3):
        reg[0] = _CTRL[i]
        while not i2c.try_lock():
            pass
        try:
            i2c.writeto_then_readfrom(imu._addr, reg, one)
        finally:
            i2c.unlock()
        imu._cfg[i] = one[0]
    imu._who = who


def _restore(imu):
    """The chip reset (a power loss does the same), then the kept configuration written back; the scales it
    gives are the ones set up first."""
    import time

    _write(imu, _CTRL[0], 0x01)  # CTRL3_C SW_RESET: defaults (a stuck chip starts afresh too)
    time.sleep(0.01)  # the reset takes ~50 us
    for i in range(3):
        _write(imu, _CTRL[i], imu._cfg[i] & 0x7E)  # (without BOOT and SW_RESET)


def _write(imu, reg, value):
    i2c = imu.i2c
    while not i2c.try_lock():
        pass
    try:
        i2c.writeto(imu._addr, bytes((reg, value)))
    finally:
        i2c.unlock()


def _start_fifo(imu, layout):
    """Queue every gyro and accelerometer sample at the output rate, in continuous mode. Bypass first: that
    empties whatever the FIFO held (samples from before this set-up)."""
    code = _ODR_CODE[imu.rate_hz]
    _write(imu, _FIFO_MODE_REG, 0)
    if layout == 1:
        _write(imu, 0x08, 0x09)  # FIFO_CTRL3: gyro and accelerometer, every sample (no decimation)
        _write(imu, _FIFO_MODE_REG, (code << 3) | _CONTINUOUS)  # FIFO_CTRL5: ODR_FIFO, FIFO_MODE
    else:
        _write(imu, 0x09, (code << 4) | code)  # FIFO_CTRL3: BDR_GY, BDR_XL
        _write(imu, _FIFO_MODE_REG, _CONTINUOUS)  # FIFO_CTRL4: FIFO_MODE


def _drop_driver(imu):
    """The driver is only needed to set the chip up: forget it and its modules so the collector gives
    their ~13 kB back (samples come from the burst read; a re-setup imports them again)."""
    import gc
    import sys

    imu.sensor = None
    gc.collect()  # room for the list of names below, after a MemoryError too
    for name in list(sys.modules):
        if name.startswith("adafruit_lsm6ds") or name.startswith("adafruit_register") or \
                name.startswith("adafruit_bus_device"):
            del sys.modules[name]
    gc.collect()


def _reads_half_g(imu):
    """True when the accelerometer's |a| over a few samples is near g/2: an LSM6DSO32 read as an LSOX."""
    import time

    imu.ok = True
    total = 0.0
    n = 0
    for _ in range(40):  # up to ~0.4 s at 104 Hz; a leg at rest or moving slowly reads |a| ~ g
        if imu.data_ready() and imu.read():
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


def _find(imu):
    reg = imu._reg
    reg[0] = _WHO_AM_I
    st = imu._st
    i2c = imu.i2c
    for addr in imu.addresses:
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
