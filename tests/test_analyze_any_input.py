"""The analyzer on any input at all: any bytes give a table or one error line, and any well-formed recording (NaN,
inf, huge, negative or backwards ticks, repeats, any line end, a BOM, ';' with decimal commas) is analyzed with
output that stays bounded however many samples are bad."""

import contextlib
import io

from hypothesis import given
from hypothesis import strategies as st

from sim.analysis import analyze


_num = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6)).map(repr)
_row = st.tuples(st.integers(-5, 1 << 30).map(str), _num, _num, _num, _num, _num, _num).map(",".join)
# well-formed as a person's tools write it: any line end, a BOM or not, ',' or ';' (then decimal commas)
_style = st.tuples(st.sampled_from(["\n", "\r\n", "\r"]), st.booleans(), st.booleans(), st.booleans())


def _styled(rows, style):
    eol, bom, semicolon, trailing = style
    lines = ["t_ms,ax,ay,az,gx,gy,gz"] + rows
    if semicolon:
        lines = [l.replace(",", ";").replace(".", ",") for l in lines]
    if trailing:
        lines = [l + (";" if semicolon else ",") for l in lines]
    return ("\ufeff" if bom else "").encode() + eol.join(lines).encode()


_csv = st.builds(_styled, st.lists(_row, max_size=60), _style)
MAX_LINES = 40  # table head, summary, alert kinds: the output never grows with bad samples


def _analyze_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("any") / "r.csv"
    path.write_bytes(data)
    o, e = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(o), contextlib.redirect_stderr(e):
        code = analyze.main([str(path)])
    return code, o.getvalue(), e.getvalue()


def _bounded(out):
    reps = sum(1 for line in out.splitlines() if line[:3].strip().isdigit())
    return len(out.splitlines()) <= MAX_LINES + reps


@given(data=st.binary(max_size=2000))
def test_any_bytes_give_a_table_or_one_error_line(tmp_path_factory, data):
    """For ANY bytes: `analyze FILE` returns 0 or 2 without raising; an error is exactly one line on stderr
    and nothing on stdout; a table has at most MAX_LINES lines plus one per rep counted."""
    code, out, err = _analyze_bytes(tmp_path_factory, data)
    assert code in (0, 2)
    if code == 2:
        assert out == "" and len(err.strip().splitlines()) == 1
    else:
        assert _bounded(out) and not err


@given(data=_csv)
def test_any_well_formed_csv_is_analyzed_within_bounded_output(tmp_path_factory, data):
    """For any well-formed recording (NaN, inf, huge, negative and backwards ticks, repeats, any line end, a
    BOM, ';' with decimal commas, a trailing empty column): `analyze FILE` exits 0, writes nothing on stderr,
    and its table has at most MAX_LINES lines plus one per rep counted, however many samples are bad."""
    code, out, err = _analyze_bytes(tmp_path_factory, data)
    assert code == 0 and not err, err
    assert _bounded(out)
