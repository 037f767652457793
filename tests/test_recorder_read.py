"""The PC's reader of the device's binary recordings (sim/analysis/recording.py): a file cut by a power cut reads
up to the cut and says so, a damaged one is one clear line, older formats still read, and the tools built on it
(the CSV conversion, the twin's replay) see the samples the core was fed."""

import os
import struct

import pytest

from bandlift.hw import recorder as recorder
from sim.analysis.recording import Reader, RecordingError, read_recording
from test_recorder import A_SCALE, BLOCK_BYTES, G_SCALE, ONE_BLOCK, TICKS, Chip, bursts_of, record


def test_a_format_1_recording_from_an_older_device_still_reads_exactly(tmp_path):
    """Format 1 (each sample's tick and six values together, "<i6h") is what devices recorded before the block
    was lent to the IMU: the PC reads those files as it did, sample for sample."""
    samples = [((TICKS - 30 + 10 * i) % TICKS, i, -i, 3 * i, 1000 - i, 7, 4096) for i in range(200)]
    head = struct.pack(recorder._FILE_HEAD, recorder._MAGIC, 1, 16, recorder._BLOCK_HEAD_BYTES, 128)
    body = b""
    for first in (0, 128):
        block = samples[first:first + 128]
        body += struct.pack(recorder._BLOCK_HEAD, recorder._BLOCK_SYNC, len(block), 0, A_SCALE, G_SCALE)
        body += b"".join(struct.pack("<i6h", *s) for s in block)
    old = tmp_path / "0001.bin"
    old.write_bytes(head + body)
    assert read_recording(str(old)) == [(t, ax * A_SCALE, ay * A_SCALE, az * A_SCALE, gx * G_SCALE, gy * G_SCALE,
                                         gz * G_SCALE) for t, gx, gy, gz, ax, ay, az in samples]


def test_a_file_cut_mid_block_reads_up_to_the_cut_and_says_so(tmp_path):
    values = [(i, -i, 2 * i, 100 + i, -100, 4096) for i in range(3 * ONE_BLOCK)]
    rec, fed = record(tmp_path, bursts_of(values))
    data = open(rec.path, "rb").read()
    block = BLOCK_BYTES
    for cut, kept, text in ((len(data) - 5, 2, "last block (3, %d samples) cut off" % ONE_BLOCK),
                            (recorder._FILE_HEAD_BYTES + 2 * block + 10, 2, "last block (3) cut off"),
                            (recorder._FILE_HEAD_BYTES + block, 1, None)):
        p = tmp_path / "cut.bin"
        p.write_bytes(data[:cut])
        reader = Reader(str(p))
        assert list(reader) == fed[:kept * ONE_BLOCK]
        warn = reader.warnings()
        if text is None:  # cut between two blocks: nothing is missing from the file
            assert warn == []
        else:
            assert [w["kind"] for w in warn] == ["truncated"] and warn[0]["text"].startswith(text)


def test_a_damaged_block_is_one_clear_line_naming_the_file_and_the_block(tmp_path):
    rec, _ = record(tmp_path, bursts_of([(i, 0, 0, 0, 0, 4096) for i in range(2 * ONE_BLOCK)]))
    data = bytearray(open(rec.path, "rb").read())
    second = recorder._FILE_HEAD_BYTES + BLOCK_BYTES
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
    rec = recorder.Recorder(str(tmp_path), chip.imu)
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

    rec, _ = record(tmp_path, bursts_of([(i, 0, 0, 0, 0, 4096) for i in range(2 * ONE_BLOCK)]))
    data = bytearray(open(rec.path, "rb").read())
    cut = tmp_path / "cut.bin"
    cut.write_bytes(bytes(data[:-3]))
    out = tmp_path / "cut.csv"
    assert analyze_main([str(cut), "--csv", str(out)]) == 0
    err = capsys.readouterr().err
    assert "last block (2, %d samples) cut off mid-write" % ONE_BLOCK in err
    assert len(read_recording(str(out))) == ONE_BLOCK
    data[recorder._FILE_HEAD_BYTES:recorder._FILE_HEAD_BYTES + 4] = b"XXXX"
    bad = tmp_path / "bad.bin"
    bad.write_bytes(bytes(data))
    out = tmp_path / "bad.csv"
    assert analyze_main([str(bad), "--csv", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("analyze: %s: block 1 (byte 20): damaged" % bad)
    assert sorted(os.listdir(tmp_path)) == sorted(["0001.bin", "cut.bin", "cut.csv", "bad.bin"])
