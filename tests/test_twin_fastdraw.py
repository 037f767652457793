"""The twin's numpy drawing (sim/twin/device/fastdraw.py) lights exactly what Blinka's own loops light.

Three levels: one fill call on random inputs (mask and buffer already part-drawn by other layers, every
transform, transparent palette entries, tiles scrolled and flipped), every doc screen of both sizes, and whole
sessions of code.py on both sizes (every frame the OLED showed, and the bytes the driver sent)."""

import types

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.twin.device import fastdraw  # first: Blinka's displayio needs busdisplay imported before its core

import displayio  # noqa: E402
import vectorio  # noqa: E402
from displayio._area import Area  # noqa: E402
from displayio._displaycore import _DisplayCore  # noqa: E402
from displayio._structs import ColorspaceStruct, TransformStruct  # noqa: E402


def transform_for(rotation, width=128, height=64):
    """The display transform Blinka's _DisplayCore sets for a rotation (its own set_rotation on a stand-in)."""
    core = types.SimpleNamespace(width=width, height=height, transform=TransformStruct(), area=Area())
    _DisplayCore.set_rotation(core, rotation)
    return core.transform


def colorspace(reverse_in_byte, share_row):
    """The SSD1306 driver's colour space (1 bit, grayscale, rows share a byte), and its variants."""
    return ColorspaceStruct(depth=1, grayscale=True, grayscale_bit=7, pixels_in_byte_share_row=share_row,
                            bytes_per_cell=1, reverse_pixels_in_byte=reverse_in_byte, reverse_bytes_in_word=False,
                            dither=False)


def both_ways(layer, cs, area, mask_bits, buffer_bytes):
    """(result, mask, buffer) of layer._fill_area through Blinka's loops, then through the fast path."""
    out = []
    for fast in (False, True):
        mask = memoryview(bytearray(mask_bits)).cast("I")
        buf = memoryview(bytearray(buffer_bytes)).cast("I")
        if fast:
            with fastdraw.fast_drawing():
                got = layer._fill_area(cs, area, mask, buf)
        else:
            got = layer._fill_area(cs, area, mask, buf)
        out.append((got, bytes(mask.cast("B")), bytes(buf.cast("B"))))
    return out


def buffers(draw, area):
    """A mask and a pixel buffer of Blinka's sizes for the area, with random bits already set."""
    n = area.size()
    mask = draw(st.binary(min_size=(n // 32 + 1) * 4, max_size=(n // 32 + 1) * 4))
    keep = draw(st.sampled_from([0, 0x0F, 0xFF]))  # none, some, or all of the earlier layers' mask
    mask = bytes(b & keep for b in mask)
    words = (n + 31) // 32
    buf = draw(st.binary(min_size=words * 4, max_size=words * 4))
    return mask, buf


def _span(draw, lo, hi, longest, whole_bytes):
    """(a, b) with lo <= a < b <= hi, b - a <= longest; on whole bytes (multiples of 8) if asked and possible."""
    if whole_bytes:
        lo8, hi8 = lo + (-lo) % 8, hi - hi % 8
        if hi8 - lo8 >= 8:
            a = draw(st.integers(lo8 // 8, hi8 // 8 - 1)) * 8
            return a, draw(st.integers(a // 8 + 1, min(hi8, a + longest) // 8)) * 8
    a = draw(st.integers(lo, hi - 1))
    return a, draw(st.integers(a + 1, min(hi, a + longest)))


@st.composite
def areas(draw, layer, share_row, screen):
    """A refresh area on the screen (w, h), at most 40 x 24, as Blinka's refresh clips it for a 1-bit display
    (the 8 pixels of a byte all in or all out: rows for the SSD1306's pages, columns when pixels share a row):
    mostly one inside the layer (so that it draws, and can be covered whole), else anywhere."""
    cur = layer._current_area
    x_lo, x_hi = max(0, cur.x1), min(screen[0], cur.x2)
    y_lo, y_hi = max(0, cur.y1), min(screen[1], cur.y2)
    if not (draw(st.integers(0, 7)) and x_hi - x_lo > 1 and y_hi - y_lo > 1):
        x_lo, x_hi, y_lo, y_hi = 0, screen[0], 0, screen[1]
    x1, x2 = _span(draw, x_lo, x_hi, 40, share_row)
    y1, y2 = _span(draw, y_lo, y_hi, 24, not share_row)
    if share_row:
        x1, x2 = x1 - x1 % 8, x2 + (-x2) % 8
    else:
        y1, y2 = y1 - y1 % 8, y2 + (-y2) % 8
    return Area(x1, y1, x2, y2)


@st.composite
def tile_fills(draw):
    bits = draw(st.sampled_from([1, 2, 4, 8]))
    tw, th = draw(st.integers(1, 12)), draw(st.integers(1, 12))
    across, down = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    bmp = displayio.Bitmap(tw * across, th * down, 1 << bits)
    values = draw(st.binary(min_size=bmp.width * bmp.height, max_size=bmp.width * bmp.height))
    for i, v in enumerate(values):
        bmp[i % bmp.width, i // bmp.width] = v & ((1 << bits) - 1)
    pal = displayio.Palette(min(1 << bits, 4))
    for i in range(len(pal)):
        pal[i] = draw(st.sampled_from([0x000000, 0xFFFFFF, 0x808080, 0x7F7F7F]))
        if draw(st.integers(0, 3)) == 0:
            pal.make_transparent(i)
    gw, gh = draw(st.integers(1, 5)), draw(st.integers(1, 4))
    tg = displayio.TileGrid(bmp, pixel_shader=pal, width=gw, height=gh, tile_width=tw, tile_height=th,
                            x=draw(st.integers(-8, 60)), y=draw(st.integers(-8, 30)))
    for i in range(gw * gh):
        tg[i] = draw(st.integers(0, across * down - 1))
    tg.flip_x, tg.flip_y, tg.transpose_xy = draw(st.booleans()), draw(st.booleans()), draw(st.booleans())
    tg._set_top_left(draw(st.integers(0, gw - 1)), draw(st.integers(0, gh - 1)))  # a scrolled grid
    return tg


@st.composite
def rectangles(draw):
    pal = displayio.Palette(3)
    pal[0], pal[1], pal[2] = 0x000000, 0xFFFFFF, 0x606060
    if draw(st.booleans()):
        pal.make_transparent(draw(st.integers(0, 2)))
    return vectorio.Rectangle(pixel_shader=pal, x=draw(st.integers(-10, 60)), y=draw(st.integers(-10, 30)),
                              width=draw(st.integers(1, 64)), height=draw(st.integers(1, 40)),
                              color_index=draw(st.integers(-1, 2)))


@st.composite
def scenes(draw, layers):
    layer = draw(layers)
    group = displayio.Group(scale=draw(st.integers(1, 3)), x=draw(st.integers(-4, 20)), y=draw(st.integers(-4, 10)))
    group.append(layer)
    rotation = draw(st.sampled_from([0, 90, 180, 270]))
    group._update_transform(transform_for(rotation))
    share_row = draw(st.booleans())
    area = draw(areas(layer, share_row, (128, 64) if rotation in (0, 180) else (64, 128)))
    cs = colorspace(draw(st.booleans()), share_row)
    return (layer, cs, area) + buffers(draw, area)


@given(scenes(tile_fills()))
def test_a_tilegrid_lights_the_same_bits_as_blinkas_loop(scene):
    """Every fill of a TileGrid (any bit depth of bitmap, tiles, flips, transpose, group scale and offset,
    display rotation, transparent colours, a mask part-set by the layers above) leaves the same mask, the same
    pixel buffer and the same "covered" answer as Blinka's loop (equal also when neither draws: the test
    below pins fills that do)."""
    layer, cs, area, mask, buf = scene
    blinka, fast = both_ways(layer, cs, area, mask, buf)
    assert fast == blinka


@given(scenes(rectangles()))
def test_a_rectangle_lights_the_same_bits_as_blinkas_loop(scene):
    """Every fill of a vectorio.Rectangle (colour index -1 to 2, transparent colours, group scale, display
    rotation, a part-set mask) leaves the same mask, buffer and "covered" answer as Blinka's loop (the test
    below pins fills that draw)."""
    layer, cs, area, mask, buf = scene
    blinka, fast = both_ways(layer, cs, area, mask, buf)
    assert fast == blinka


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("scale", [1, 2])
def test_a_text_tilegrid_and_a_bar_draw_and_cover_their_area_the_same_both_ways(rotation, scale):
    """What the game draws most (a row of 6 x 12 glyph tiles, a vectorio bar), over a whole byte-aligned
    area inside each, on every rotation: Blinka's loop lights pixels and covers the area, and the fast path
    gives the same bits. The properties above vary everything else; this one makes sure the comparison is
    never between two fills that draw nothing."""
    sheet = displayio.Bitmap(6 * 3, 12, 2)  # three "glyphs": nothing, stripes, a diagonal
    for y in range(12):
        for x in range(6):
            sheet[6 + x, y] = y % 2
            sheet[12 + x, y] = int(x == y % 6)
    pal = displayio.Palette(2)
    pal[0], pal[1] = 0x000000, 0xFFFFFF
    text = displayio.TileGrid(sheet, pixel_shader=pal, width=6, height=1, tile_width=6, tile_height=12)
    for i, t in enumerate([1, 2, 0, 2, 1, 1]):
        text[i] = t
    bar = vectorio.Rectangle(pixel_shader=pal, x=0, y=0, width=40, height=16, color_index=1)
    for layer in (text, bar):
        group = displayio.Group(scale=scale)
        group.append(layer)
        group._update_transform(transform_for(rotation))
        cur = layer._current_area
        share_row = False
        y1 = cur.y1 + (-cur.y1) % 8
        area = Area(cur.x1, y1, min(cur.x2, cur.x1 + 30), y1 + 8)
        cs = colorspace(False, share_row)
        n = area.size()
        blinka, fast = both_ways(layer, cs, area, bytes((n // 32 + 1) * 4), bytes(((n + 31) // 32) * 4))
        assert blinka[0] is True and any(blinka[2]), (layer, area.x1, area.y1, area.x2, area.y2)
        assert fast == blinka


@pytest.mark.parametrize("size", [(128, 32), (128, 64)])
def test_every_doc_screen_is_the_same_both_ways(size):
    from sim.screens.render import twin_screens

    fast = twin_screens(*size)
    blinka = twin_screens(*size, fast_draw=False)
    assert [n for n, _ in fast] == [n for n, _ in blinka]
    assert len(fast) > 5 and all(any(g) for _, g in blinka)
    for (name, a), (_, b) in zip(fast, blinka):
        assert a == b, name


@pytest.mark.parametrize("display", ["128x32", "128x64"])
def test_a_played_set_shows_the_same_frames_and_sends_the_same_bytes_both_ways(display):
    """code.py plays a level (B starts it) on each size: every frame the OLED showed and every byte on the
    display's bus are the same with the fast path and with Blinka's loops."""
    from sim.twin.session import run_session

    runs = []
    for fast in (True, False):
        r = run_session(None, display=display, buttons=[(3000, "B", False), (6000, "B", False)], seconds=40.0,
                        on_board=lambda b, f=fast: setattr(b, "fast_draw", f))
        assert r.error is None
        oled = r.board.bus.stats[r.board.oled_address]
        runs.append(([(f.t_ms, f.pixels) for f in r.frames], oled.bytes, r.reps()))
    (frames, sent, reps), (frames_b, sent_b, _) = runs
    assert len(reps) >= 3 and len({p for _, p in frames}) > 20  # a set was played: many different screens
    assert sent == sent_b
    assert frames == frames_b
