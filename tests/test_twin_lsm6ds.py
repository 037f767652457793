"""The virtual LSM6DS under the real adafruit_lsm6ds driver and BandLift's IMU adapter."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sim  # noqa: F401  (lib/ on sys.path)
from sim.twin.device.board import VirtualBoard
from sim.twin.device.lsm6ds import WHO_AM_I, LSM6DSModel
from sim.twin.device.clock import VirtualClock
from sim.twin.device.sandbox import Sandbox

CHIPS = sorted(WHO_AM_I)


class Still:
    """A constant reading, so every read sees the same physical values."""

    def __init__(self, v=(1.5, -0.3, 9.7, 0.2, -1.1, 0.05)):
        self.v = v

    def imu(self, t):
        return self.v


def _imu_on(board):
    from bandlift.hw import board_io
    from bandlift.hw.imu import IMU

    imu = IMU(board_io.make_i2c(), keep_driver=True)  # the driver stays, to compare with the burst read
    return imu


def _read(imu):
    """One sample at a time, as a chip without a known FIFO is read (bandlift.hw.imu_poll)."""
    from bandlift.hw import imu_poll

    return imu_poll.read(imu)


def _ready(imu):
    from bandlift.hw import imu_poll

    return imu_poll.data_ready(imu)


@pytest.mark.parametrize("chip", CHIPS)
def test_real_driver_finds_each_chip_and_burst_equals_driver(chip):
    board = VirtualBoard(Still(), display=None, imu_chip=chip, noise=False)
    with Sandbox(board):
        import time

        imu = _imu_on(board)
        assert imu.setup(), imu.error
        assert imu.name == chip
        time.sleep(0.05)
        assert _read(imu)
        burst = (imu.ax, imu.ay, imu.az, imu.gx, imu.gy, imu.gz)
        driver = imu.sensor.acceleration + imu.sensor.gyro
    assert burst == pytest.approx(driver, rel=1e-9, abs=1e-12)
    # the configured ranges reach the chip: +-4 g (FS_XL code 2; the LSM6DSO32's code for 4 g is 0) and 1000 dps
    fs_4g = 0 if chip == "LSM6DSO32" else 2
    assert board.imu.regs[0x10] >> 4 == 4 and (board.imu.regs[0x10] >> 2) & 3 == fs_4g
    assert (board.imu.regs[0x11] >> 2) & 3 == 2
    assert burst == pytest.approx(Still().v, abs=0.01)


@pytest.mark.parametrize("chip", CHIPS)
def test_the_register_set_up_is_the_drivers(chip):
    """The device sets the chip up without adafruit_lsm6ds (bandlift.hw.imu_setup writes the registers): the rate,
    range and BDU registers hold what the driver writes, and the samples read the same physical values."""
    got = {}
    for keep in (True, False):
        board = VirtualBoard(Still(), display=None, imu_chip=chip, noise=False)
        with Sandbox(board):
            import sys
            import time

            from bandlift.hw import board_io
            from bandlift.hw.imu import IMU

            imu = IMU(board_io.make_i2c(), keep_driver=keep)
            assert imu.setup(), imu.error
            time.sleep(0.05)
            assert _read(imu)
            assert keep or not any(m.startswith("adafruit_lsm6ds") for m in sys.modules), "no driver on the device"
            got[keep] = (imu.name, [board.imu.regs[r] for r in (0x10, 0x11)], board.imu.regs[0x12] & 0x44,
                         (imu.a_scale, imu.g_scale), (imu.ax, imu.ay, imu.az, imu.gx, imu.gy, imu.gz))
    assert got[False][:3] == got[True][:3]
    assert got[False][3] == pytest.approx(got[True][3], rel=1e-6)
    assert got[False][4] == pytest.approx(got[True][4], rel=1e-6)


def test_data_ready_follows_the_output_rate():
    from sim.twin.device.clock import CostModel

    board = VirtualBoard(Still(), display=None, noise=False, cost=CostModel(sample_us=0))  # no work charged
    with Sandbox(board):
        import time

        imu = _imu_on(board)
        assert imu.setup()
        time.sleep(0.02)
        assert _ready(imu)
        assert _read(imu)
        assert not _ready(imu)  # read just now, the next sample is 9.6 ms away
        time.sleep(0.0100)
        assert _ready(imu)


physical = st.floats(min_value=-100.0, max_value=100.0, allow_nan=False)


@given(a=physical, g=st.floats(min_value=-40.0, max_value=40.0, allow_nan=False))
def test_quantized_and_saturated_like_the_chip(a, g):
    """The output code is round(value / LSB) clamped to int16, at the configured range."""
    clock = VirtualClock()
    m = LSM6DSModel(clock, Still((a, 0.0, 0.0, g, 0.0, 0.0)))
    m.write(bytes([0x10, 0x48]))  # CTRL1_XL: 104 Hz, +-4 g
    m.write(bytes([0x11, 0x48]))  # CTRL2_G: 104 Hz, 1000 dps
    clock.advance(20_000)
    m.write(bytes([0x22]))
    raw = m.read(12)
    gx = int.from_bytes(raw[0:2], "little", signed=True)
    ax = int.from_bytes(raw[6:8], "little", signed=True)
    a_lsb = 0.122 * 9.80665 / 1000
    g_lsb = math.radians(0.035)
    assert ax == max(-32768, min(32767, math.floor(a / a_lsb + 0.5)))
    assert gx == max(-32768, min(32767, math.floor(g / g_lsb + 0.5)))
    if abs(a) > 4.1 * 9.80665:
        assert abs(ax) >= 32767  # beyond +-4 g the reading sticks at full scale


def test_nack_mid_session_is_reported_and_recovered():
    board = VirtualBoard(Still(), display=None, noise=False)
    board.imu.add_fault("nack", 1.0, 1.5, lose_config=True)
    with Sandbox(board):
        import time

        imu = _imu_on(board)
        assert imu.setup()
        time.sleep(1.0 - board.clock.now_us / 1e6 + 0.01)
        assert not _read(imu)  # no exception escapes
        assert not imu.ok and "IMU" in imu.error and imu.errors == 1
        assert not imu.retry(board.clock.ticks_ms())  # the first retry waits 50 ms
        time.sleep(0.06)
        assert not imu.retry(board.clock.ticks_ms())  # tried: still gone; the next try in 100 ms
        time.sleep(0.03)
        assert not imu.retry(board.clock.ticks_ms())  # not yet
        time.sleep(0.5)  # the chip is back (the fault ended at 1.5 s)
        assert imu.retry(board.clock.ticks_ms())  # the next try finds it (2 s apart before issue 9)
        assert board.clock.now_us < 2_500_000  # set up again (the driver's own ~0.4 s included) within 1 s
        time.sleep(0.02)
        assert _read(imu) and imu.az == pytest.approx(9.7, abs=0.01)


def test_missing_imu_is_a_message_not_a_crash():
    board = VirtualBoard(Still(), display=None, imu_chip=None)
    with Sandbox(board):
        imu = _imu_on(board)
        assert not imu.setup()
        assert imu.error == "No IMU found"
        assert not _read(imu) and not _ready(imu)


def test_lsm6dso32_is_told_from_the_lsox_by_gravity():
    """Same WHO_AM_I as the LSOX, other range codes: read as an LSOX it shows half of g; the adapter notices."""
    board = VirtualBoard(Still(), display=None, imu_chip="LSM6DSO32", noise=False)
    with Sandbox(board):
        import time

        imu = _imu_on(board)
        assert imu.setup() and imu.name == "LSM6DSO32"
        time.sleep(0.02)
        assert _read(imu)
        assert math.sqrt(imu.ax ** 2 + imu.ay ** 2 + imu.az ** 2) == pytest.approx(9.83, abs=0.05)


def test_frozen_output_is_imu_stuck_and_feeds_nothing():
    """Output registers that stop changing (data-ready still toggling) are "IMU stuck", not samples."""
    from sim.twin.device.lsm6ds import Noise

    board = VirtualBoard(Still(), display=None)
    board.imu.noise = Noise(3)
    board.imu.add_fault("stuck", 1.0, 5.0)
    with Sandbox(board):
        import time

        imu = _imu_on(board)
        assert imu.setup()
        good = stuck_reads = 0
        while board.clock.now_us < 4_000_000:
            time.sleep(0.0096)
            if imu.ok:
                if _ready(imu) and _read(imu):
                    good += 1
            else:
                stuck_reads += 1
                imu.retry(board.clock.ticks_ms())
        assert imu.error.startswith("IMU stuck")
        assert good < 104 * 2.2  # ~1 s before the freeze and at most ~1 s of frozen samples
        while board.clock.now_us < 7_000_000:  # the output moves again: samples flow, the error clears
            time.sleep(0.0096)
            if imu.ok:
                if _ready(imu) and _read(imu):
                    good += 1
            else:
                imu.retry(board.clock.ticks_ms())
        assert imu.ok and imu.error == ""
