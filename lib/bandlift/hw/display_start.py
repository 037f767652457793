"""A Display's first values and the font's tile sheet for Text: code that runs once, at start-up (bandlift.hw.display
loads it for that, bandlift.start lets it go), so it is not on the heap while a set plays. It imports nothing of
bandlift.hw.display (which imports it).

Device code (CircuitPython 10).
"""

from bandlift.compat import const

_CHAR_W = const(6)  # bandlift.hw.display's: the built-in font's cell (px)
_CHAR_H = const(12)


def start(self, i2c, width, height, address, rotation):
    """The body of bandlift.hw.display.Display's __init__ (self a Display)."""
    import displayio

    self.i2c = i2c
    self.address = address
    self.rotation = rotation
    self.panel_w = width
    self.panel_h = height
    self.width = height if rotation in (90, 270) else width
    self.height = width if rotation in (90, 270) else height
    self.root_group = displayio.Group()
    self.display = None
    self.error = ""
    self.refreshes = 0
    self.resets = 0  # set-ups after the OLED came back
    self._lost = False
    self._last_probe = None
    self._status = bytearray(1)
    self._ask_status = True  # False for a panel whose status byte does not follow its state
    self.inverted = False  # the panel's inverse mode is on (the game's too-fast alarm: bandlift.game.sprites)
    if address is None:
        self._lost = True
        self.error = "no OLED at 0x3C or 0x3D"
    else:
        self._setup()


def font_sheet():
    """The built-in font's printable ASCII glyphs as one tile sheet, character c at tile c - 32: on the board the
    firmware's own (terminalio.FONT.bitmap, in flash: CircuitPython's BuiltinFont keeps ASCII at those tiles, so
    the game's text takes no heap for its glyphs); where the font keeps its glyphs otherwise (Blinka on the PC: a
    bitmap per glyph) a copy, 16 per row (0.9 kB): (sheet, palette), kept by bandlift.hw.display for its Text."""
    import displayio
    import terminalio

    font = terminalio.FONT
    sheet = getattr(font.get_glyph(65), "bitmap")  # (a named tuple on the board: its stub declares no fields)
    for c in (32, 65, 126):
        g = font.get_glyph(c)
        if g is None or getattr(g, "bitmap") is not sheet or getattr(g, "tile_index") != c - 32:
            sheet = None
            break
    if sheet is None:
        cw = _CHAR_W
        sheet = displayio.Bitmap(cw * 16, _CHAR_H * 6, 2)
        for c in range(32, 127):
            g = font.get_glyph(c)
            if g is None:
                continue
            src = getattr(g, "bitmap")
            ti = getattr(g, "tile_index")
            per_row = src.width // cw
            sx = (ti % per_row) * cw
            sy = (ti // per_row) * _CHAR_H
            k = c - 32
            dx = (k % 16) * cw
            dy = (k // 16) * _CHAR_H
            for y in range(_CHAR_H):
                for x in range(cw):
                    if src[sx + x, sy + y]:
                        sheet[dx + x, dy + y] = 1
    pal = displayio.Palette(2)
    pal[0] = 0x000000
    pal[1] = 0xFFFFFF
    pal.make_transparent(0)
    return sheet, pal
