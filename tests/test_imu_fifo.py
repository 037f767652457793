"""The IMU adapter's FIFO: each chip family's register bytes become the samples the chip queued, in order, with
times from the chip's rate; and in the twin, a loop that stalls loses no sample with the FIFO (and does without)."""

import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sim  # noqa: F401  (lib/ on sys.path)
from bandlift.compat import TICKS_PERIOD, ticks_diff
from bandlift.hw.imu import _FIFO_TAGGED as FIFO_TAGGED, FIFO_PATTERN, IMU, MAX_BURST


def chip_fifo(chip):
    """The twin's chip model of this family (sim/twin/device/lsm6ds.py, its FIFO lsm6ds_fifo.py) on the twin's
    busio.I2C, and the IMU adapter set for its FIFO: what the FIFO holds is set through the model's own put(); the
    adapter reads it through the registers, as on the board."""
    from sim.twin.device.board import VirtualBoard
    from sim.twin.device.sandbox import i2c_of

    board = VirtualBoard(None, display=None, imu_chip=chip)
    imu = IMU(i2c_of(board))
    imu.ok = True
    imu.address = board.imu_address
    imu.fifo = FIFO_TAGGED if board.imu.fifo.tagged else FIFO_PATTERN
    if board.imu.fifo.tagged:  # (what setup() loads for such a chip)
        from bandlift.hw.imu_poll import drain

        imu._drain_other = drain
    imu.a_scale = imu.g_scale = 1.0
    return board.imu.fifo, imu


def _codes(k):
    """Sample k's six int16 codes: gx, gy, gz, ax, ay, az (distinct per sample and axis)."""
    return [(k * 10 + i) * (1 if i % 2 else -1) for i in range(6)]


def put(fifo, ks):
    for k in ks:
        fifo.put(k, struct.pack("<6h", *_codes(k)))


def _take_all(imu, now):
    """The samples one drain hands over, as the loop takes them: sample i's six values at codes[6i:6i + 6]."""
    n = imu.drain(now)
    return [list(imu.codes[6 * i:6 * i + 6]) for i in range(n)]


@pytest.mark.parametrize("chip", ["LSM6DS33", "LSM6DSOX"])
def test_each_family_hands_over_every_queued_sample_in_order(chip):
    fifo, imu = chip_fifo(chip)
    ks = list(range(20))
    put(fifo, ks)
    got = []
    for now in range(1000, 1200, 10):  # several passes: at most MAX_BURST a pass
        got += _take_all(imu, now)
    assert got == [_codes(k) for k in ks]


def test_pattern_family_skips_to_the_next_whole_sample_when_the_fifo_is_not_at_a_pattern_start():
    """After an overrun the next word may be the middle of a sample: its rest is skipped, no axis is shifted."""
    fifo, imu = chip_fifo("LSM6DS33")
    put(fifo, [3, 4, 5])
    imu.i2c.try_lock()
    imu.i2c.writeto_then_readfrom(imu.address, bytes([0x3E]), bytearray(4))  # sample 3's gx, gy gone: gz is next
    imu.i2c.unlock()
    assert _take_all(imu, 1000) == [_codes(4), _codes(5)]


def _accel_first(fifo):
    """The tagged FIFO may queue a time slot's accelerometer word before its gyro word: swap every pair."""
    words = list(fifo.words)
    fifo.words.clear()
    for i in range(0, len(words), 2):
        fifo.words.extend((words[i + 1], words[i]))


def test_tagged_family_pairs_gyro_and_accel_of_the_same_time_slot_across_bursts():
    """Tagged words come in either order and a burst may end between a pair: each sample is one time slot's gyro
    and accelerometer, none dropped or mixed."""
    fifo, imu = chip_fifo("LSM6DSOX")
    put(fifo, range(3))
    _accel_first(fifo)
    later = [fifo.words.pop() for _ in range(3)][::-1]  # the burst ends after sample 1's first word
    got = _take_all(imu, 1000)
    fifo.words.extend(later)
    got += _take_all(imu, 1010)
    assert got == [_codes(k) for k in range(3)]


def test_tagged_family_drops_a_word_whose_pair_never_came():
    fifo, imu = chip_fifo("LSM6DSOX")
    put(fifo, [7, 8, 9])
    del fifo.words[1]  # sample 7's accelerometer word was lost
    assert _take_all(imu, 1000) == [_codes(8), _codes(9)]


def test_a_burst_is_bounded_so_the_game_still_ticks():
    fifo, imu = chip_fifo("LSM6DS33")
    put(fifo, range(3 * MAX_BURST))
    assert imu.drain(1000) == MAX_BURST


def test_a_drain_makes_nothing_so_a_full_heap_loses_no_sample(monkeypatch):
    """A drain makes no object (the bursts land in one array, made with the IMU): with no room for any new array,
    bursts of every size are read whole, nothing is lost and nothing escapes (a MemoryError here ended code.py)."""
    from bandlift.hw import imu as imu_mod

    fifo, imu = chip_fifo("LSM6DS33")

    def no_room(*a):
        raise MemoryError("memory allocation failed, allocating 176 bytes")

    monkeypatch.setattr(imu_mod, "array", no_room)
    got = []
    t = 1000
    for k0, k1 in ((0, 5), (5, 12), (12, 13), (13, 13 + MAX_BURST)):
        put(fifo, range(k0, k1))
        n = imu.drain(t)
        assert n == k1 - k0
        got += [list(imu.codes[6 * i:6 * i + 6]) for i in range(n)]
        t += 50
    assert got == [_codes(k) for k in range(13 + MAX_BURST)]


bursts = st.lists(st.tuples(st.integers(1, MAX_BURST), st.integers(0, 40)), min_size=1, max_size=40)


@given(start=st.integers(0, TICKS_PERIOD - 1), plan=bursts)
def test_sample_times_increase_and_lie_before_the_read(start, plan):
    """Each sample's time is at or before the read that got it, later than the last sample before it, and the
    newest one of a burst is at most one sample period (9.6 ms at 104 Hz) plus 1 ms old: wrap-safe at 2**29."""
    fifo, imu = chip_fifo("LSM6DS33")
    now = start
    prev = None
    k = 0
    for n, gap in plan:
        now = (now + gap + n * 10) % TICKS_PERIOD
        for j in range(k, k + n):  # the n samples the chip queued since the last read (moving: each sums apart)
            fifo.put(j, struct.pack("<6h", j, 0, 0, 0, 0, 0))
        k += n
        assert imu.drain(now) == n
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
