"""The twin's clock and cost model, tick wrap, and session determinism."""

from hypothesis import given
from hypothesis import strategies as st

import sim  # noqa: F401
from sim.twin.device.clock import TICKS_PERIOD, CostModel, VirtualClock
from sim.twin.device.i2c import VirtualI2CBus
from sim.twin.motion import SineReps


class Echo:
    def acks(self):
        return True

    def write(self, data):
        pass

    def read(self, n):
        return bytes(n)


@given(n=st.integers(min_value=0, max_value=2000), freq=st.sampled_from([100_000, 400_000, 1_000_000]))
def test_i2c_cost_is_nine_bit_times_per_byte_plus_overhead(n, freq):
    """A write of n bytes costs overhead + (n + address byte) * 9 bits at the bus frequency."""
    clock = VirtualClock()
    cost = CostModel(i2c_overhead_us=60)
    bus = VirtualI2CBus(clock, cost, frequency=freq)
    bus.attach(0x3C, Echo())
    bus.write(0x3C, bytes(n))
    assert clock.now_us == 60 + ((n + 1) * 9 * 1_000_000) // freq
    assert bus.total.bytes == n + 1


def test_a_128x32_frame_takes_about_12_ms_at_400khz():
    clock = VirtualClock()
    bus = VirtualI2CBus(clock, CostModel(i2c_overhead_us=0), frequency=400_000)
    bus.attach(0x3C, Echo())
    bus.write(0x3C, bytes(513))  # control byte + 512 GDDRAM bytes
    assert 11_000 < clock.now_us < 12_000


@given(ms=st.integers(min_value=0, max_value=10 * TICKS_PERIOD))
def test_ticks_wrap_at_2_to_the_29(ms):
    """ticks_ms stays in [0, 2**29) and advances by exactly the elapsed ms modulo 2**29."""
    clock = VirtualClock()
    t0 = clock.ticks_ms()
    clock.advance(ms * 1000)
    t1 = clock.ticks_ms()
    assert 0 <= t1 < TICKS_PERIOD
    assert (t1 - t0) % TICKS_PERIOD == ms % TICKS_PERIOD


def test_first_wrap_comes_about_a_minute_after_boot():
    clock = VirtualClock()
    clock.advance(66_000_000)
    assert clock.ticks_ms() < 1000


def test_same_script_gives_the_same_frames_and_serial():
    from sim.twin.session import run_session

    a = run_session(SineReps(), seconds=9.0, motion_delay_s=0)
    b = run_session(SineReps(), seconds=9.0, motion_delay_s=0)
    assert a.error is None, a.error
    assert a.frames and [(f.t_ms, f.pixels) for f in a.frames] == [(f.t_ms, f.pixels) for f in b.frames]
    assert a.serial == b.serial
    assert a.board.sample_log == b.board.sample_log
    t = a.timing()
    assert 9.0 <= t["sample_interval_ms_p50"] <= 11.0  # 104 Hz read at its own pace
