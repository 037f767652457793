"""The IMU adapter's FIFO: each chip family's register bytes become the samples the chip queued, in order, with
times from the chip's rate; and in the twin, a loop that stalls loses no sample with the FIFO (and does without)."""

import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sim  # noqa: F401  (lib/ on sys.path)
from bandlift.compat import TICKS_PERIOD, ticks_diff
from bandlift.hw.imu import FIFO_PATTERN, FIFO_TAGGED, IMU, MAX_BURST


class FifoBus:
    """busio.I2C's surface over a chip's FIFO registers: FIFO_STATUS1-4 from the words still queued, and the data
    register popping them, as the datasheets describe (a burst rolls over to the next word)."""

    def __init__(self, tagged, words, pattern=0):
        self.tagged = tagged
        self.words = list(words)  # bytes per word: 2 (pattern) or 7 (tag + x, y, z)
        self.pattern = pattern  # pattern index of the first word (pattern family)
        self.reads = 0

    def try_lock(self):
        return True

    def unlock(self):
        pass

    def writeto_then_readfrom(self, address, out, into, in_start=0, in_end=None):
        end = len(into) if in_end is None else in_end
        size = getattr(into, "itemsize", 1)  # an int16 array takes bytes, its bounds in elements (busio's way)
        if size != 1:
            into, in_start, end = memoryview(into).cast("B"), in_start * size, end * size
        reg = out[0]
        if reg == 0x3A:
            n = len(self.words)
            hi = (n >> 8) & (0x03 if self.tagged else 0x0F)
            into[0:4] = bytes((n & 0xFF, hi | (0 if n else 0x10), self.pattern % 6, 0))
            return
        assert reg == (0x78 if self.tagged else 0x3E)
        self.reads += 1
        data = b""
        while len(data) < end - in_start:
            data += self.words.pop(0)
            self.pattern += 1
        into[in_start:end] = data[:end - in_start]


def _codes(k):
    """Sample k's six int16 codes: gx, gy, gz, ax, ay, az (distinct per sample and axis)."""
    return [(k * 10 + i) * (1 if i % 2 else -1) for i in range(6)]


def _pattern_words(ks):
    out = []
    for k in ks:
        for c in _codes(k):
            out.append(struct.pack("<h", c))
    return out


def _tagged_words(ks, accel_first=False):
    out = []
    for k in ks:
        c = _codes(k)
        g = bytes([(0x01 << 3) | ((k & 3) << 1)]) + struct.pack("<3h", *c[:3])
        a = bytes([(0x02 << 3) | ((k & 3) << 1)]) + struct.pack("<3h", *c[3:])
        out += [a, g] if accel_first else [g, a]
    return out


def _imu(bus, layout):
    imu = IMU(bus)
    imu.ok = True
    imu.fifo = layout
    imu.a_scale = imu.g_scale = 1.0
    return imu


def _take_all(imu, now):
    """The samples one drain hands over, as the loop takes them: sample i's six values at codes[6i:6i + 6]."""
    n = imu.drain(now)
    return [list(imu.codes[6 * i:6 * i + 6]) for i in range(n)]


@pytest.mark.parametrize("layout", [FIFO_PATTERN, FIFO_TAGGED])
def test_each_family_hands_over_every_queued_sample_in_order(layout):
    ks = list(range(20))
    words = _pattern_words(ks) if layout == FIFO_PATTERN else _tagged_words(ks)
    imu = _imu(FifoBus(layout == FIFO_TAGGED, words), layout)
    got = []
    for now in range(1000, 1200, 10):  # several passes: at most MAX_BURST a pass
        got += _take_all(imu, now)
    assert got == [_codes(k) for k in ks]


def test_pattern_family_skips_to_the_next_whole_sample_when_the_fifo_is_not_at_a_pattern_start():
    """After an overrun the next word may be the middle of a sample: its rest is skipped, no axis is shifted."""
    words = _pattern_words([3, 4, 5])[2:]  # sample 3 from its gz on
    imu = _imu(FifoBus(False, words, pattern=2), FIFO_PATTERN)
    assert _take_all(imu, 1000) == [_codes(4), _codes(5)]


def test_tagged_family_pairs_gyro_and_accel_of_the_same_time_slot_across_bursts():
    """Tagged words come in either order and a burst may end between a pair: each sample is one time slot's gyro
    and accelerometer, none dropped or mixed."""
    words = _tagged_words(range(3), accel_first=True)
    bus = FifoBus(True, words[:3])  # the burst ends after sample 1's first word
    imu = _imu(bus, FIFO_TAGGED)
    got = _take_all(imu, 1000)
    bus.words += words[3:]
    got += _take_all(imu, 1010)
    assert got == [_codes(k) for k in range(3)]


def test_tagged_family_drops_a_word_whose_pair_never_came():
    words = _tagged_words([7])[:1] + _tagged_words([8, 9])  # sample 7's accelerometer word was lost
    imu = _imu(FifoBus(True, words), FIFO_TAGGED)
    assert _take_all(imu, 1000) == [_codes(8), _codes(9)]


def test_a_burst_is_bounded_so_the_game_still_ticks():
    imu = _imu(FifoBus(False, _pattern_words(range(3 * MAX_BURST))), FIFO_PATTERN)
    assert imu.drain(1000) == MAX_BURST


bursts = st.lists(st.tuples(st.integers(1, MAX_BURST), st.integers(0, 40)), min_size=1, max_size=40)


@given(start=st.integers(0, TICKS_PERIOD - 1), plan=bursts)
def test_sample_times_increase_and_lie_before_the_read(start, plan):
    """Each sample's time is at or before the read that got it, later than the last sample before it, and the
    newest one of a burst is at most one sample period (9.6 ms at 104 Hz) plus 1 ms old: wrap-safe at 2**29."""
    imu = IMU(None)
    now = start
    prev = None
    for n, gap in plan:
        now = (now + gap + n * 10) % TICKS_PERIOD
        imu._stamp(n, now)
        ts = imu.ts[:n]
        for t in ts:
            assert ticks_diff(now, t) >= 0
            if prev is not None:
                assert ticks_diff(t, prev) > 0
            prev = t
        assert ticks_diff(now, ts[-1]) <= imu.period_us // 1000 + 1 or ticks_diff(ts[-1], ts[0]) == 0 or \
            ticks_diff(now, ts[-1]) <= n  # (when the guard pushed times forward: still never after the read)


@pytest.mark.parametrize("chip", ["LSM6DS33", "LSM6DS3TRC", "LSM6DSOX", "ISM330DHCX"])
def test_twin_session_with_long_stalls_loses_no_sample_with_the_fifo(chip):
    """Every rep's end stalls the loop 60 ms (6 sample periods), refreshes and flash writes add theirs: with the
    FIFO every sample the chip made reaches the core, in order."""
    from sim.twin.device.clock import CostModel
    from sim.twin.motion import SineReps
    from sim.twin.session import run_session

    r = run_session(SineReps(), seconds=24.0, motion_delay_s=0, imu_chip=chip, frames=False,
                    cost=CostModel(rep_end_us=60_000), settings={"BANDLIFT_RECORD": 1}, boot_buttons="A")
    assert r.error is None, r.error
    b = r.board
    assert b.rep_ends >= 2 and b.fed > 2000
    f = b.imu.fifo
    assert f.dropped == 0 and 0 <= f.samples_read - b.fed <= MAX_BURST  # (the last burst may be cut by the end)
    made, lost = b.samples_lost()
    assert lost == 0 and made > 2000
    ks = [k for _, k in b.sample_log if k >= f.first_k]
    assert ks == list(range(f.first_k, f.last_k + 1))  # in order, none twice


def test_twin_session_without_the_fifo_loses_samples_to_the_stalls():
    from sim.twin.device.clock import CostModel
    from sim.twin.motion import SineReps
    from sim.twin.session import run_session

    r = run_session(SineReps(), seconds=24.0, motion_delay_s=0, frames=False, cost=CostModel(rep_end_us=60_000),
                    settings={"BANDLIFT_IMU_FIFO": 0})
    assert r.error is None, r.error
    assert r.board.rep_ends >= 2
    made, lost = r.board.samples_lost()
    assert lost >= 5 * r.board.rep_ends  # each 60 ms stall overwrote at least 5 samples
