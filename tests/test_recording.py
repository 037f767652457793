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
