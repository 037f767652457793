"""settings.toml values as os.getenv gives them (str or int): used when good, reported when not."""

from hypothesis import given
from hypothesis import strategies as st

from bandlift.hw.settings import _RATES_HZ as RATES_HZ, Settings


def make(**kv):
    return Settings(lambda k: kv.get(k))


def test_defaults_without_a_settings_file():
    s = make()
    assert (s.rate_hz, s.display, s.record, s.i2c_hz, s.rotation) == (104, "128x32", False, 400000, 0)
    assert s.problems == []


def test_ints_and_strings_are_both_accepted():
    s = make(BANDLIFT_RATE_HZ="52", BANDLIFT_I2C_HZ="100_000", BANDLIFT_RECORD="1", BANDLIFT_DISPLAY=" 128X64 ",
             BANDLIFT_ROTATION=180)
    assert (s.rate_hz, s.i2c_hz, s.record, s.display, s.rotation) == (52, 100000, True, "128x64", 180)
    assert s.problems == []


def test_each_bad_value_says_what_was_wrong_and_what_is_used():
    s = make(BANDLIFT_RATE_HZ=100, BANDLIFT_I2C_HZ=0, BANDLIFT_RECORD=2, BANDLIFT_DISPLAY="oled",
             BANDLIFT_ROTATION=45)
    assert s.problems == [
        "BANDLIFT_RATE_HZ = 100: must be one of 26/52/104/208 Hz; using 104",
        'BANDLIFT_DISPLAY = "oled": must be 128x32 or 128x64; using "128x32"',
        "BANDLIFT_RECORD = 2: must be 0 or 1; using 0",
        "BANDLIFT_I2C_HZ = 0: must be 10000 to 1000000; using 400000",
        "BANDLIFT_ROTATION = 45: must be one of 0/90/180/270 deg; using 0",
    ]


def test_portrait_rotation_is_refused_with_a_reason():
    s = make(BANDLIFT_ROTATION="270")
    assert s.rotation == 0 and "0 or 180" in s.problems[0]


@given(st.one_of(st.none(), st.integers(), st.text(max_size=12), st.floats(allow_nan=True)))
def test_any_value_gives_a_usable_rate_and_a_message_when_replaced(v):
    """Whatever settings.toml holds, the rate is one the IMU supports, and a replaced value is reported."""
    s = make(BANDLIFT_RATE_HZ=v)
    assert s.rate_hz in RATES_HZ
    assert (s.problems != []) == (v is not None and s.rate_hz != v and str(s.rate_hz) != str(v).strip())


def test_infinite_and_nan_values_are_reported_not_a_crash():
    """settings.toml can hold inf and nan (CircuitPython 10.3 reads floats): a message, never OverflowError."""
    s = make(BANDLIFT_RATE_HZ=float("inf"), BANDLIFT_I2C_HZ=float("nan"), BANDLIFT_RECORD=float("-inf"),
             BANDLIFT_ROTATION=float("nan"))
    assert (s.rate_hz, s.i2c_hz, s.record, s.rotation) == (104, 400000, False, 0)
    assert s.problems == [
        "BANDLIFT_RATE_HZ = inf: must be one of 26/52/104/208 Hz; using 104",
        "BANDLIFT_RECORD = -inf: must be 0 or 1; using 0",
        "BANDLIFT_I2C_HZ = nan: must be 10000 to 1000000; using 400000",
        "BANDLIFT_ROTATION = nan: must be one of 0/90/180/270 deg; using 0",
    ]


SPELLINGS = ["1", "0", "true", "TRUE", "True", "on", "ON", "Off", "yes", "No", " 1 ", "", "2", "enable", 1, 0, 2]


def test_save_mode_and_record_accept_the_same_spellings_of_on(monkeypatch):
    """boot.py reads BANDLIFT_SAVE_MODE, the app BANDLIFT_RECORD: "ON" must not mean on for one and be refused
    by the other."""
    import os
    import runpy

    boot = runpy.run_path(os.path.join(os.path.dirname(os.path.dirname(__file__)), "boot.py"), run_name="boot")
    for v in SPELLINGS:
        monkeypatch.setenv("BANDLIFT_SAVE_MODE", str(v))
        s = make(BANDLIFT_RECORD=v)
        assert boot["setting_on"]() == s.record, v
        assert (s.problems != []) == (v in ("2", "enable", 2, "")), v


def test_a_long_value_is_cut_in_its_message():
    """A paragraph pasted into settings.toml (or a 7,000-digit number) is named by its start, not echoed."""
    s = make(BANDLIFT_DISPLAY="x" * 7000, BANDLIFT_I2C_HZ=10 ** 7000)
    assert s.problems == ['BANDLIFT_DISPLAY = "xxxxxxxxxxxxxxxxxxxxx...": must be 128x32 or 128x64; using "128x32"',
                          "BANDLIFT_I2C_HZ = a number of over 24 digits: must be 10000 to 1000000; using 400000"]


def test_a_digit_that_is_no_number_and_a_huge_number_as_a_display_are_reported_not_a_crash():
    """"²" is a digit to CPython's str.isdigit() but int() refuses it (ValueError stopped the twin's code.py), and
    str() of a 7,000-digit int raises on a PC (BANDLIFT_DISPLAY): each is one line, and the defaults are used."""
    s = make(BANDLIFT_RATE_HZ="²", BANDLIFT_I2C_HZ="4²", BANDLIFT_DISPLAY=10 ** 7000)
    assert (s.rate_hz, s.i2c_hz, s.display) == (104, 400000, "128x32")
    assert s.problems == ['BANDLIFT_RATE_HZ = "²": must be one of 26/52/104/208 Hz; using 104',
                          'BANDLIFT_DISPLAY = a number of over 24 digits: must be 128x32 or 128x64; using "128x32"',
                          'BANDLIFT_I2C_HZ = "4²": must be 10000 to 1000000; using 400000']
