"""The recording CSV format: round trip, comments and blank lines, clear errors with file and line."""

import math
import os

import pytest
from hypothesis import given, strategies as st

from sim.analysis.recording import RecordingError, count_nonfinite, load_any, read_recording, write_recording

ticks = st.integers(min_value=0, max_value=(1 << 29) - 1)
values = st.floats(allow_nan=True, allow_infinity=True, width=64)
samples_st = st.lists(st.tuples(ticks, values, values, values, values, values, values), max_size=40)
comments_st = st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30), max_size=3)


def _same(a, b):
    return a == b or (math.isnan(a) and math.isnan(b))


@given(samples=samples_st, comments=comments_st)
def test_round_trip(tmp_path_factory, samples, comments):
    """Writing then reading gives back every sample exactly: t_ms as int, floats bit-exact, NaN/inf kept."""
    path = str(tmp_path_factory.mktemp("rec") / "r.csv")
    write_recording(path, samples, comments=comments)
    back = read_recording(path)
    assert len(back) == len(samples)
    for s, b in zip(samples, back):
        assert isinstance(b[0], int) and b[0] == s[0]
        assert all(_same(x, y) for x, y in zip(s[1:], b[1:]))
    assert count_nonfinite(back) == sum(1 for s in samples if not all(math.isfinite(v) for v in s[1:]))


def _write(tmp_path, text, name="r.csv"):
    p = tmp_path / name
    p.write_text(text)
    return str(p)


def test_comments_and_blank_lines_anywhere(tmp_path):
    p = _write(tmp_path, "# made by hand\n\nt_ms,ax,ay,az,gx,gy,gz\n# mid\n0,0,9.8,0,0,0,0\n\n40,nan,9.8,0,0,0,inf\n")
    s = read_recording(p)
    assert [x[0] for x in s] == [0, 40]
    assert count_nonfinite(s) == 1


@pytest.mark.parametrize(
    "body, line, words",
    [
        ("t,ax,ay,az,gx,gy,gz\n0,0,0,0,0,0,0\n", 1, "header"),
        ("t_ms,ax,ay,az,gx,gy,gz\n0,0,0,0,0,0\n", 2, "7 fields"),
        ("# c\nt_ms,ax,ay,az,gx,gy,gz\n0,0,0,0,0,0,0\n10,0,x,0,0,0,0\n", 4, "ay"),
        ("t_ms,ax,ay,az,gx,gy,gz\n\n1.5,0,0,0,0,0,0\n", 3, "integer"),
    ],
)
def test_malformed_files_name_file_and_line(tmp_path, body, line, words):
    p = _write(tmp_path, body)
    with pytest.raises(RecordingError) as e:
        read_recording(p)
    msg = str(e.value)
    assert p in msg and (":%d:" % line) in msg and words in msg


def test_empty_file_is_an_error(tmp_path):
    with pytest.raises(RecordingError, match="empty"):
        read_recording(_write(tmp_path, "# only a comment\n"))


def test_load_any_dispatches_on_format(tmp_path):
    csv_path = _write(tmp_path, "t_ms,ax,ay,az,gx,gy,gz\n5,1,2,3,4,5,6\n")
    uci_path = _write(
        tmp_path, "time index;acc_x;acc_y;acc_z;gyr_x;gyr_y;gyr_z\n1;1;2;3;4;5;6\n2;1;2;3;4;5;7\n", "u.txt"
    )
    assert load_any(csv_path) == [(5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0)]
    assert load_any(uci_path) == [(0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0), (40, 1.0, 2.0, 3.0, 4.0, 5.0, 7.0)]
    with pytest.raises(RecordingError, match="no such file"):
        load_any(os.path.join(str(tmp_path), "missing.csv"))


# ------------------------------------------------------------------ files people have

from sim.analysis.recording import Reader  # noqa: E402

ROWS = ["0,0.1,9.8,0.2,0.01,0.0,0.0", "10,0.1,9.8,0.2,0.02,0.0,0.0", "20,0.1,9.8,0.2,0.03,0.0,0.0"]
EXPECT = [(0, 0.1, 9.8, 0.2, 0.01, 0.0, 0.0), (10, 0.1, 9.8, 0.2, 0.02, 0.0, 0.0), (20, 0.1, 9.8, 0.2, 0.03, 0.0, 0.0)]


def _bytes(tmp_path, data, name="r.csv"):
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


@pytest.mark.parametrize("data", [
    ("\ufeff" + HEADER_TEXT + "\n" + "\n".join(ROWS) + "\n").encode("utf-8") if (HEADER_TEXT := "t_ms,ax,ay,az,gx,gy,gz")
    else b"",  # a byte order mark (spreadsheet "CSV UTF-8")
    ("t_ms,ax,ay,az,gx,gy,gz\r\n" + "\r\n".join(ROWS) + "\r\n").encode(),  # CRLF
    ("t_ms,ax,ay,az,gx,gy,gz,\n" + ",\n".join(ROWS) + ",\n").encode(),  # a trailing empty column
    ('"t_ms","ax","ay","az","gx","gy","gz"\n' + "\n".join(ROWS) + "\n").encode(),  # quoted header names
    ("t_ms;ax;ay;az;gx;gy;gz\n" + "\n".join(r.replace(",", ";") for r in ROWS) + "\n").encode(),  # ';'
    ("t_ms;ax;ay;az;gx;gy;gz;\r\n" + "\r\n".join(r.replace(",", ";").replace(".", ",") + ";" for r in ROWS)
     + "\r\n").encode(),  # ';' with decimal commas, CRLF and a trailing column: a European spreadsheet
    ("t_ms,ax,ay,az,gx,gy,gz\r" + "\r".join(ROWS) + "\r").encode(),  # lone CRs: an old Mac spreadsheet
], ids=["bom", "crlf", "trailing-column", "quoted", "semicolon", "decimal-comma", "cr"])
def test_spreadsheet_habits_are_read(tmp_path, data):
    assert load_any(_bytes(tmp_path, data)) == EXPECT


@pytest.mark.parametrize("data,words", [
    ("t_ms,ax,ay,az,gx,gy,gz\n0,1,2,3,4,5,6\n".encode("utf-16"), "UTF-16"),
    ("t_ms,ax,ay,az,gx,gy,gz\n0,1,2,3,4,5,6\n".encode("utf-16-le"), "UTF-16"),
    (bytes(range(256)) * 8, "binary file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"t_ms,ax,ay,az,gx,gy,gz\n0,1,2,3,4,5,6\n# caf\xe9\n", "r.csv:3: not UTF-8"),
    (b"t_ms,ax,ay,az,gx,gy,gz\n" + b"9" * 3000 + b",1,2,3,4,5,6\n", "r.csv:2: t_ms must be an integer"),
    (b"t_ms,ax,ay,az,gx,gy,gz\n0,1," + b"9" * 9000 + b",3,4,5,6\n", "r.csv:2: line longer than"),
    (b"time index;acc_x;acc_y;acc_z;gyr_x;gyr_y;gyr_z\ninf;1;2;3;4;5;6\n", "r.csv:2: time index must be"),
    (b"", "empty recording"),
], ids=["utf-16", "utf-16-no-bom", "random-bytes", "png", "latin-1", "long-tick", "long-line", "uci-inf",
        "empty"])
def test_files_that_are_not_recordings_get_one_short_clear_message(tmp_path, data, words):
    p = _bytes(tmp_path, data)
    with pytest.raises(RecordingError) as e:
        load_any(p)
    msg = str(e.value)
    assert words in msg and p in msg and "\n" not in msg and len(msg) < len(p) + 200


def test_a_folder_is_not_a_recording(tmp_path):
    with pytest.raises(RecordingError, match="is a folder"):
        load_any(str(tmp_path))


def test_repeated_rows_are_dropped_and_counted(tmp_path):
    p = _bytes(tmp_path, ("t_ms,ax,ay,az,gx,gy,gz\n" + "".join(r + "\n" + r + "\n" for r in ROWS)).encode())
    r = Reader(p)
    assert list(r) == EXPECT
    (w,) = r.warnings()
    assert (w["kind"], w["count"], w["t_ms"], w["last_ms"]) == ("duplicate_rows", 3, 0, 20)


def test_timestamps_that_run_backwards_are_said_and_dropped(tmp_path):
    p = _bytes(tmp_path, ("t_ms,ax,ay,az,gx,gy,gz\n" + "\n".join(reversed(ROWS)) + "\n").encode())
    r = Reader(p)
    assert list(r) == [EXPECT[2]]
    (w,) = r.warnings()
    assert w["kind"] == "backwards_time" and w["count"] == 2 and "line 3" in w["text"]
    assert r.elapsed_ms == 0  # never a negative duration


def test_a_last_line_cut_off_mid_write_is_dropped_with_a_warning(tmp_path):
    p = _bytes(tmp_path, ("t_ms,ax,ay,az,gx,gy,gz\n" + "\n".join(ROWS) + "\n30,0.1,9.").encode())
    r = Reader(p)
    assert list(r) == EXPECT
    assert [w["kind"] for w in r.warnings()] == ["truncated"]


def test_a_header_only_file_has_no_samples(tmp_path):
    r = Reader(_bytes(tmp_path, b"# made on the board\nt_ms,ax,ay,az,gx,gy,gz\n"))
    assert list(r) == [] and r.warnings() == []


# ------------------------------------------------------------------ run --recording


@pytest.mark.parametrize("name,data,words", [
    ("missing.csv", None, "no such file"),
    ("folder", "dir", "is a folder"),
    ("empty.csv", b"", "empty recording"),
    ("binary.csv", bytes(range(256)) * 4, "binary file"),
    ("utf16.csv", "t_ms,ax,ay,az,gx,gy,gz\n0,1,2,3,4,5,6\n".encode("utf-16"), "UTF-16"),
    ("header.csv", b"t_ms,ax,ay,az,gx,gy,gz\n", "no samples"),
    ("typo.csv", b"t_ms,ax,ay,az,gx,gy,gz\n0,1,2,3,4,5,6\n10,1,2,x,4,5,6\n", "typo.csv:3: az is not a number"),
])
def test_run_recording_answers_a_bad_file_in_one_line(tmp_path, capsys, name, data, words):
    from sim.twin import run

    p = tmp_path / name
    if data == "dir":
        p.mkdir()
    elif data is not None:
        p.write_bytes(data)
    assert run.main(["--recording", str(p), "--headless", "--out", str(tmp_path / "out")]) == 2
    out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1 and words in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_run_recording_plays_the_whole_file_with_a_bom_and_non_finite_values(tmp_path):
    """A spreadsheet-saved recording (BOM, CRLF) of 80 s with NaN and inf in it plays to its end through the
    virtual LSM6DS (which saturates inf like the chip) without a traceback."""
    import subprocess
    import sys

    rows = []
    for i in range(8000):  # 80 s at 100 Hz, standing still
        ax, gx = "0.1", "0.0"
        if i == 3000:
            ax = "nan"
        if i == 4000:
            ax, gx = "inf", "-inf"
        rows.append("%d,%s,9.8,0.2,%s,0.0,0.0" % (i * 10, ax, gx))
    p = tmp_path / "long.csv"
    p.write_bytes(("\ufefft_ms,ax,ay,az,gx,gy,gz\r\n" + "\r\n".join(rows) + "\r\n").encode("utf-8"))
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    r = subprocess.run([sys.executable, "-m", "sim", "run", "--recording", str(p), "--headless", "--display", "none",
                        "--out", str(tmp_path / "out")], cwd=root, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "playing the whole recording: 80.0 s" in r.stdout
    virtual = float(r.stdout.split("virtual ")[1].split(" s")[0])
    assert virtual >= 80.0


@pytest.mark.parametrize("eol", ["\r\n", "\r", "\n"])
def test_line_numbers_hold_across_the_reader_s_blocks(tmp_path, eol):
    """A bad row far into a big file is named at its true line, whatever the line ends (the reader reads
    64 kB blocks, and a CRLF may be split between two of them)."""
    rows = ["t_ms,ax,ay,az,gx,gy,gz"] + ["%d,0.1,9.8,0.2,0.01,0.0,0.0" % (i * 10) for i in range(20000)]
    rows[15000] = "149990,0.1,9.8,oops,0.01,0.0,0.0"
    p = _bytes(tmp_path, (eol.join(rows) + eol).encode())
    with pytest.raises(RecordingError, match=r"r\.csv:15001: az is not a number"):
        load_any(p)
