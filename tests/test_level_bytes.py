"""Level files as bytes: what the device's loader and the PC's checker do with any file at all (not UTF-8, a byte
order mark, binary, JSON with NaN, Infinity or huge numbers): a Level, or one short line saying why not."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bandlift.levels import load as lv
from bandlift.levels import parse as levelspec
from sim.levels.check import check_level
from tests.test_level import with_


@pytest.mark.parametrize("data,reason", [
    (b"", "empty file"),
    (b"x" * (lv.MAX_BYTES + 1), "too big"),
    (b"\xff\xfe{\x00}\x00", "UTF-16"),
    (b'{"name": "\xe9"}', "not UTF-8"),
    (b"\x00\x01", "binary"),
])
def test_raw_bytes_that_are_not_a_level(data, reason):
    text, why = lv.decode_level_bytes(data)
    assert text is None and reason in why


def test_a_byte_order_mark_is_accepted():
    text, why = lv.decode_level_bytes(b'\xef\xbb\xbf{"format": 1}')
    assert why is None and text == '{"format": 1}'


def test_a_huge_integer_is_not_echoed_whole():
    (f, reason), = check_level(with_(reps=10 ** 5000))
    assert f == "reps" and len(reason) < 120 and "over 12 digits" in reason


# ------------------------------------------------------------------ any file at all

_json_text = st.recursive(
    st.one_of(st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "-0", "1e-400", "true", "null", '"\\u0000"',
                               '"\\u001b[2J"', '"x"']), st.integers(-10**30, 10**30).map(str)),
    lambda inner: st.lists(inner, max_size=4).map(lambda xs: "[" + ",".join(xs) + "]")
    | st.dictionaries(st.sampled_from(list(levelspec._TOP_KEYS) + ["reps", "tempo", "x"]), inner, max_size=5).map(
        lambda d: "{" + ",".join('"%s": %s' % kv for kv in d.items()) + "}"),
    max_leaves=15,
)


@given(data=st.one_of(st.binary(max_size=300), _json_text.map(lambda t: t.encode())))
def test_any_file_loads_or_is_skipped_with_one_short_line(tmp_path_factory, data):
    """For ANY bytes (and any JSON-ish text with NaN, Infinity, 1e400, control characters, huge numbers):
    the device's load_level and the PC's check_file never raise; a file is either a Level or skipped with
    one short reason line, and the PC checker refuses whatever the device refuses."""
    from sim.levels.check import check_file

    p = tmp_path_factory.mktemp("lv") / "50-x.json"
    p.write_bytes(data)
    level, reason = lv.load_level(str(p))
    assert (level is None) != (reason is None)
    if reason is not None:
        assert reason and "\n" not in reason and len(reason) < 200
    problems, pc_level = check_file(str(p))
    assert all("\n" not in r and len(r) < 300 for _, r in problems)
    if level is None:
        assert problems and pc_level is None


def test_a_huge_number_reads_as_a_sentence():
    """"a number of over 12 digits is out of range" and "... digits deg" are not English: the range comes
    first, and no unit is glued to the words."""
    (f, reason), = check_level(with_(reps=10 ** 30))
    assert (f, reason) == ("reps", "must be 1 to 50, not a number of over 12 digits")
    (f, reason), = check_level(with_(target={"angle_deg": 10 ** 14}))
    assert f == "target.angle_deg" and reason.startswith("a number of over 12 digits is out of reach")
