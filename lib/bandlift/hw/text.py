"""Text for the OLED without adafruit_display_text: a TileGrid over the built-in 6 x 12 font's glyphs, copied
once into a 1 kB sheet (ASCII 32-126). A character is a tile index, so changing text allocates nothing. Used by
the game (bandlift.game.sprites) and by the text view that stands in when the game cannot load.
"""

import displayio
import terminalio

from bandlift.compat import const

CHAR_W = 6
_CHAR_H = const(12)
_LINE_CHARS = const(21)  # 128 px of 6 px characters
_sheet = None
_text_pal = None


def font_sheet():
    """The built-in font's printable ASCII glyphs as one tile sheet (16 per row), built on first use."""
    global _sheet, _text_pal
    if _sheet is None:
        font = terminalio.FONT
        sheet = displayio.Bitmap(CHAR_W * 16, _CHAR_H * 6, 2)
        for c in range(32, 127):
            g = font.get_glyph(c)
            if g is None:
                continue
            src = getattr(g, "bitmap")  # a named tuple on the board (its stub declares no fields)
            ti = getattr(g, "tile_index")
            per_row = src.width // CHAR_W
            sx = (ti % per_row) * CHAR_W
            sy = (ti // per_row) * _CHAR_H
            k = c - 32
            dx = (k % 16) * CHAR_W
            dy = (k // 16) * _CHAR_H
            for y in range(_CHAR_H):
                for x in range(CHAR_W):
                    if src[sx + x, sy + y]:
                        sheet[dx + x, dy + y] = 1
        _sheet = sheet
        _text_pal = displayio.Palette(2)
        _text_pal[0] = 0x000000
        _text_pal[1] = 0xFFFFFF
        _text_pal.make_transparent(0)
    return _sheet


class Text:
    """One line of text whose vertical centre is at y (as a label anchored at (0, 0.5)); .text = "..." writes
    only the tiles that changed."""

    def __init__(self, group, x, y, text="", n=_LINE_CHARS):
        sheet = font_sheet()
        self.tg = displayio.TileGrid(sheet, pixel_shader=_text_pal, width=n, height=1, tile_width=CHAR_W,
                                     tile_height=_CHAR_H, default_tile=0, x=x, y=y - _CHAR_H // 2)
        group.append(self.tg)
        self.n = n
        self.codes = bytearray(n)  # tile index shown per cell (0 = space)
        self._text = ""
        self.text = text

    @property
    def text(self):
        return self._text

    @text.setter
    def text(self, value):
        value = str(value)
        self._text = value
        raw = value.encode()
        m = len(raw)
        for i in range(self.n):
            c = raw[i] - 32 if i < m else 0
            if c < 0 or c > 94:
                c = 31  # "?" for what the font has no glyph for
            if self.codes[i] != c:
                self.codes[i] = c
                self.tg[i] = c

    @property
    def hidden(self):
        return self.tg.hidden

    @hidden.setter
    def hidden(self, value):
        self.tg.hidden = value
