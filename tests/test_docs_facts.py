"""What settings.toml, levels/README.md and README.md state as fact agrees with the code: a newcomer reads the
docs first, and each fact here once drifted (recordings said .csv at 52 Hz; the save mode said "the board's user
button", which opens the bootloader)."""

import os
import re

from bandlift.hw import recorder, settings
from bandlift.start import _RECORD_MAX_HZ as RECORD_MAX_HZ

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as f:
        return f.read()


def toml_values():
    """KEY = value lines of settings.toml, as the text after the = sign."""
    out = {}
    for line in read("settings.toml").splitlines():
        m = re.match(r"\s*(BANDLIFT_\w+)\s*=\s*(.+?)\s*$", line)
        if m:
            out[m.group(1)] = m.group(2).strip('"')
    return out


def test_every_setting_in_settings_toml_is_read_and_its_value_is_the_default():
    """A key the device never reads, or a shipped value other than the default, is a fact that lies."""
    values = toml_values()
    s = settings.Settings(lambda k: values.get(k) if k != "BANDLIFT_SAVE_MODE" else None)
    assert s.problems == []
    d = settings.Settings(lambda k: None)
    assert (s.rate_hz, s.display, s.record, s.i2c_hz, s.rotation) == (d.rate_hz, d.display, d.record, d.i2c_hz,
                                                                        d.rotation)
    code = read("lib", "bandlift", "hw", "settings.py") + read("boot.py")
    for key in values:
        assert '"%s"' % key in code, key + " is in settings.toml but nothing reads it"


def comments_above(key):
    """The comment lines right above KEY in settings.toml, joined as one text."""
    lines = read("settings.toml").splitlines()
    i = [n for n, line in enumerate(lines) if line.startswith(key)][0]
    out = []
    while i > 0 and lines[i - 1].startswith("#"):
        i -= 1
        out.insert(0, lines[i].lstrip("#").strip())
    return " ".join(out)


def test_recordings_are_described_as_the_device_writes_them():
    """settings.toml and the README name the recorder's file type, and the rate at which it drops samples."""
    toml = comments_above("BANDLIFT_RECORD")
    readme = read("README.md")
    assert recorder._EXT == ".bin"
    assert "0001.bin" in toml and ".csv" not in toml
    assert "recordings/0001.bin" in readme
    assert "BANDLIFT_RATE_HZ = %d" % RECORD_MAX_HZ in toml  # what the device asks for at 208 Hz
    fastest = max(settings._RATES_HZ)
    assert fastest > RECORD_MAX_HZ and ("at %d Hz samples are dropped" % fastest) in toml


def test_save_mode_is_button_a_everywhere_never_the_boards_own_button():
    boot = read("boot.py")
    assert 'SAVE_PIN = "D9"' in boot  # button A of the OLED FeatherWing
    for name in (("levels", "README.md"), ("README.md",)):
        text = read(*name)
        assert "user button" not in text, name
        assert "button A" in text, name


def test_the_rates_the_docs_offer_are_the_ones_the_device_accepts():
    text = comments_above("BANDLIFT_RATE_HZ")
    offered = {int(n) for n in re.findall(r"\b(\d{2,3})\b", text)}
    assert offered == set(settings._RATES_HZ), text
    assert "%d (default" % settings.Settings(lambda k: None).rate_hz in text
