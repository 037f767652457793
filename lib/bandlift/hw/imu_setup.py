"""Setting the IMU up: find the chip (WHO_AM_I at 0x6A/0x6B) and configure it register by register as
adafruit_lsm6ds does (reset, BDU and auto-increment, the output rate, +-4 g, 1000 dps; an LSM6DSO32 answers as an
LSM6DSOX and is told apart by reading half of gravity). No driver is imported: its ~170 names would stay
interned for good (~4.4 kB on the board) and its import peaks at ~17 kB, for six register writes. With
keep_driver (tests, the PC) the chip is set up by adafruit_lsm6ds itself and the driver object kept
(bandlift.hw.imu_driver). Functions of a bandlift.hw.imu.IMU (its first values too); IMU.setup() imports this
module for that and drops it again: none of it stays in RAM while samples are read.
"""

from bandlift.compat import const

_WHO_AM_I = const(0x0F)

# WHO_AM_I -> (chip, FIFO layout); LSM6DS3TR-C and LSM6DS3 share 0x6A (same registers for us).
# FIFO layout 1: pattern-based words (FIFO_CTRL1-5 at 0x06-0x0A), 2: tagged words (FIFO_CTRL1-4 at 0x07-0x0A),
# 0: no FIFO known here (the loop reads one sample per data-ready)
_CHIPS = const((
    (0x6C, "LSM6DSOX", 2),
    (0x69, "LSM6DS33", 1),
    (0x6A, "LSM6DS3TRC", 1),
    (0x6B, "ISM330DHCX", 2),
))
_DSO32 = const("LSM6DSO32")
# ODR codes (CTRL1_XL / CTRL2_G / ODR_FIFO / BDR_XL / BDR_GY share them) by output rate in Hz
_ODR_CODE = {26: 2, 52: 3, 104: 4, 208: 5}
_FIFO_MODE_REG = const(0x0A)  # FIFO_CTRL5 (pattern) / FIFO_CTRL4 (tagged): FIFO_MODE[2:0]
_CONTINUOUS = const(6)  # FIFO_MODE 110: a full FIFO drops its oldest sample
_CTRL = const((0x12, 0x10, 0x11))  # CTRL3_C, CTRL1_XL, CTRL2_G: what a re-setup writes back, in this order
_CTRL9_XL = const(0x18)
_BDU_IF_INC = const(0x44)  # CTRL3_C: block data update (a sample's bytes from one output), address auto-increment
_FS_4G = const(0x08)  # CTRL1_XL FS_XL = 10: +-4 g (on the LSM6DSO32 10 is +-8 g; its +-4 g is 00)
_FS_1000DPS = const(0x08)  # CTRL2_G FS_G = 10: 1000 dps (a fast kick passes 250 dps)
_A_SCALE = const(0.122 * 0.00980665)  # m/s^2 per LSB at +-4 g (0.122 mg/LSB, every chip here)
_G_SCALE = const(0.035 * 0.017453292519943295)  # rad/s per LSB at 1000 dps (35 mdps/LSB)


def start(imu, i2c, addresses, rate_hz, keep_driver, use_fifo):
    """An IMU's first values (bandlift.hw.imu.IMU.__init__): the buffers made once, none per sample."""
    from array import array

    imu.i2c = i2c
    imu.rate_hz = rate_hz if rate_hz in (26, 52, 104, 208) else 104  # output data rate (Hz)
    imu.addresses = addresses
    imu.sensor = None  # the adafruit_lsm6ds object, with keep_driver only
    imu.keep_driver = keep_driver
    imu.ok = False
    imu.error = ""  # why not ok (for the screen and serial)
    imu.errors = 0  # I2C errors since boot
    imu._last_try = None  # ticks of the last re-initialisation attempt; None: try at once
    imu._same = 0  # consecutive samples identical to the one before
    imu._suspect = False  # set up again after "IMU stuck": samples count only once the output moves
    imu.stuck_samples = max(20, imu.rate_hz)  # ~1 s of identical output: frozen
    imu._sum = 1 << 20  # the previous sample's six values summed (frozen output: the same sum each time)
    imu._one = array("h", (0, 0, 0, 0, 0, 0))  # one sample: read() lands here
    imu.reg = bytearray(1)
    imu.st = bytearray(1)
    imu.a_scale = 0.0  # m/s^2 per LSB
    imu.g_scale = 0.0  # rad/s per LSB
    imu.address = 0
    imu.who = -1  # WHO_AM_I of the chip set up once (a re-setup of it writes _cfg back: no driver)
    imu._cfg = bytearray(3)  # its CTRL3_C, CTRL1_XL, CTRL2_G as set up
    imu.ax = imu.ay = imu.az = 0.0
    imu.gx = imu.gy = imu.gz = 0.0
    # the FIFO's buffers (setup() sets fifo when it configured one)
    imu.use_fifo = use_fifo  # False: read one sample per data-ready even where the FIFO is known
    imu.period_us = 1000000 // imu.rate_hz
    imu._fbuf = bytearray(12)  # the pattern layout's words up to the next sample's start (after an overrun)
    imu._fst = bytearray(4)
    imu._drain_other = None  # bandlift.hw.imu_poll.drain, for a chip without the pattern FIFO (setup() sets it)
    imu._tagged = None  # the tagged layout's reader and buffers (bandlift.hw.imu_tagged), for those chips only
    imu.t_last = -1  # ticks of the newest sample stamped (-1: none since setup)
    imu._rem = 0  # and its us past that ms


def setup(imu):
    """Find and configure the chip. True when ready; never raises."""
    imu.ok = False
    try:
        addr, who = _find(imu)
        if addr is None:
            imu.error = "No IMU found"
            return False
        name = None
        fifo = 0
        for chip_id, n, layout in _CHIPS:
            if chip_id == who:
                name = n
                fifo = layout
                break
        if name is None:
            imu.error = "Unknown IMU id 0x%02x" % who
            return False
        imu.address = addr
        if who == imu.who:
            # the chip this session set up already, back after losing power or the bus: its configuration is
            # written back register by register
            _restore(imu)
        else:
            conf = _configure
            if imu.keep_driver:
                from bandlift.hw.imu_driver import configure as conf
            imu.name = name
            conf(imu, name)
            if who == 0x6C:
                from bandlift.hw import imu_poll  # (the one read a sample at a time)

                if imu_poll._reads_half_g(imu):
                    imu.name = _DSO32
                    conf(imu, _DSO32)
            _keep(imu, who)
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
    except MemoryError:  # no room (for the driver, with keep_driver): let a loaded half go; a later retry may fit
        imu.errors += 1
        imu.error = "IMU: out of memory"
        _drop_driver(imu)
        return False


def _configure(imu, name):
    """What adafruit_lsm6ds's constructor and range setters write: a software reset, BDU and auto-increment, the
    output rate for both sensors, +-4 g and 1000 dps; I3C off (CTRL9_XL bit 1) on the chips that have it. The
    scales are the datasheets' sensitivities (the driver's too)."""
    import time

    _write(imu, _CTRL[0], 0x01)  # CTRL3_C SW_RESET: defaults first, as the driver does
    time.sleep(0.01)  # the reset takes ~50 us
    _write(imu, _CTRL[0], _BDU_IF_INC)
    odr = _ODR_CODE[imu.rate_hz] << 4
    _write(imu, _CTRL[1], odr | (0 if name == _DSO32 else _FS_4G))
    _write(imu, _CTRL[2], odr | _FS_1000DPS)
    if name in ("LSM6DSOX", "ISM330DHCX", _DSO32):
        _write(imu, _CTRL9_XL, _read(imu, _CTRL9_XL) | 0x02)
    time.sleep(0.2)  # a new range settles (the driver waits as long)
    imu.a_scale = _A_SCALE
    imu.g_scale = _G_SCALE


def _read(imu, reg):
    i2c = imu.i2c
    imu.reg[0] = reg
    while not i2c.try_lock():
        pass
    try:
        i2c.writeto_then_readfrom(imu.address, imu.reg, imu.st)
    finally:
        i2c.unlock()
    return imu.st[0]


def _keep(imu, who):
    """Read back what was configured (CTRL3_C: BDU, IF_INC; CTRL1_XL and CTRL2_G: rates and ranges) for a later
    re-setup of the same chip."""
    for i in range(3):
        imu._cfg[i] = _read(imu, _CTRL[i])
    imu.who = who


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
        i2c.writeto(imu.address, bytes((reg, value)))
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
    """With keep_driver the driver set the chip up: unless kept, forget it and its modules so the collector
    gives their ~13 kB back (samples come from the burst read)."""
    import gc
    import sys

    imu.sensor = None
    gc.collect()  # room for the list of names below, after a MemoryError too
    for name in list(sys.modules):
        if name.startswith("adafruit_lsm6ds") or name.startswith("adafruit_register") or \
                name.startswith("adafruit_bus_device"):
            del sys.modules[name]
    gc.collect()


def _find(imu):
    reg = imu.reg
    reg[0] = _WHO_AM_I
    st = imu.st
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
