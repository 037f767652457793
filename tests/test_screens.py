"""The checked-in screen PNGs (docs/screens/, shown in the README) are what the twin's OLED shows now.

Every screen is rendered again through the digital twin (the game's displayio tree under the real
adafruit_displayio_ssd1306 driver on the virtual I2C bus, the SSD1306 model's glass read back) and compared
pixel for pixel with its PNG, downscaled to the panel's 128xH. A change of the game's look that was not
re-rendered fails here, naming the file. The screens play a fixed copy of the levels (tests/levels_screens/),
so a level added to levels/ changes none of them.
"""

import os

import numpy as np
import pytest
from PIL import Image

from sim.screens import render as rs

REGEN = "python -m sim.screens.render"
CHECKED_IN = sorted(f for f in os.listdir(rs.OUT) if f.endswith(".png")) if os.path.isdir(rs.OUT) else []
_CACHE = {}


def fresh(width, height):
    """{png file name: glass bytes} of every screen of one size, rendered through the twin (once per run)."""
    if (width, height) not in _CACHE:
        _CACHE[(width, height)] = dict(rs.twin_screens(width, height))
    return _CACHE[(width, height)]


def png_glass(path, width, height):
    """The PNG as the panel's width x height 0/1 bytes; None when it is not a whole-pixel enlargement."""
    img = Image.open(path).convert("L")
    sw, sh = img.size
    if sw % width or sh % height or sw // width != sh // height:
        return None
    k = sw // width
    small = img.resize((width, height), Image.NEAREST) if k > 1 else img
    if small.resize((sw, sh), Image.NEAREST).tobytes() != img.tobytes():
        return None  # not made of k x k blocks: not a pixel-true enlargement
    return bytes(1 if v >= 128 else 0 for v in small.tobytes())


def size_of(fname):
    w, h = fname.split("-", 1)[0].split("x")
    return int(w), int(h)


def test_every_screen_of_both_sizes_is_checked_in():
    expected = {f for w, h in rs.SIZES for f in fresh(w, h)}
    missing = sorted(expected - set(CHECKED_IN))
    stale = sorted(set(CHECKED_IN) - expected)
    assert not missing, "screens not in docs/screens/: %s -- run `%s`" % (", ".join(missing), REGEN)
    assert not stale, "docs/screens/ has PNGs no screen renders any more: %s" % ", ".join(stale)


def test_readme_links_checked_in_screens():
    with open(os.path.join(rs.ROOT, "README.md")) as f:
        text = f.read()
    linked = [part.split(")", 1)[0] for part in text.split("](docs/screens/")[1:]]
    assert linked, "the README shows no screen from docs/screens/"
    for name in linked:
        assert name in CHECKED_IN, "README links docs/screens/%s, which is not checked in" % name


@pytest.mark.parametrize("fname", CHECKED_IN)
def test_png_matches_the_twin_framebuffer(fname):
    w, h = size_of(fname)
    glass = fresh(w, h).get(fname)
    assert glass is not None, "docs/screens/%s: no such screen any more -- run `%s`" % (fname, REGEN)
    assert any(glass), "the twin's OLED shows nothing for %s" % fname
    want = png_glass(os.path.join(rs.OUT, fname), w, h)
    assert want is not None, "docs/screens/%s is not a pixel-true enlargement of %dx%d" % (fname, w, h)
    if want != glass:
        pytest.fail(differs(fname, want, glass, w, h))


def differs(fname, want, glass, w, h):
    """The failure of a pixel test: which file, where, and what to do, as whole sentences."""
    diff = [(i % w, i // w) for i in range(w * h) if want[i] != glass[i]]
    xs = [x for x, _ in diff]
    ys = [y for _, y in diff]
    return ("docs/screens/%s differs from what the twin's OLED shows now: %d pixels in x %d..%d, y %d..%d."
            " The game's look changed: run `%s`, open docs/screens/%s to see the new picture, and commit"
            " it if the change is meant." % (fname, len(diff), min(xs), max(xs), min(ys), max(ys), REGEN, fname))


def test_a_pixel_failure_names_the_file_to_look_at_in_whole_sentences():
    msg = differs("128x32-select.png", bytes([0, 1, 1, 0]), bytes([0, 0, 1, 1]), 2, 2)
    assert msg.count("docs/screens/128x32-select.png") == 2 and msg.endswith("if the change is meant.")
    assert "2 pixels in x 1..1, y 0..1" in msg


def test_the_screens_play_their_own_levels_so_a_new_shipped_level_changes_none(monkeypatch):
    """Adding a level to levels/ failed four screen tests: the walk now reads only tests/levels_screens/."""
    from bandlift.levels import load
    from sim.screens import script as screen_script

    asked = []
    real = load.load_levels
    monkeypatch.setattr(load, "load_levels", lambda folder: asked.append(folder) or real(folder))
    name, game = next(screen_script.scenes(128, 32))
    assert asked == [screen_script.SCREEN_LEVELS] and "levels_screens" in asked[0]
    assert len(game.state.levels) == len(load.level_files(screen_script.SCREEN_LEVELS))


ALERT_H = 16  # the alert line's box (bandlift.game.screens): the height of the 16 px digits it covers


def _lit(glass, w, h):
    a = np.frombuffer(glass, dtype=np.uint8).reshape(h, w) != 0
    return ~a if a.mean() > 0.5 else a


@pytest.mark.parametrize("w,h", rs.SIZES)
def test_no_screen_cuts_a_word_tears_a_grade_or_cuts_a_meter_under_an_alert(w, h):
    """On every screen of both sizes, as the twin's OLED shows it: no letter cut at the right edge, a grade
    splash whole, and under an alert line only its letters in its box and the meters' frames whole (a box one
    row taller, as before, hid their top edges: the reader sees that)."""
    from bandlift.game import Layout
    from bandlift.game.play.hud_build import Places
    from sim.twin import glitch

    lay = Layout(w, h)
    at = Places(lay)  # the play screen's positions
    alerts = 0
    for fname, glass in sorted(fresh(w, h).items()):
        a = _lit(glass, w, h)
        bad = glitch.torn_grade(a, at.stage_w) + glitch.cut_words(a)
        if fname.endswith(("form-fading.png", "strap-moved.png")):
            alerts += 1
            bad += glitch.alert_leftovers(a, ALERT_H, (at.hold, at.lower))
            if not lay.big:  # the meters sit right under the box on the 32 px glass
                taller = a.copy()
                taller[ALERT_H] = False
                assert glitch.alert_leftovers(taller, ALERT_H + 1, (at.hold, at.lower)), fname
        assert not bad, (fname, bad)
    assert alerts == 2
