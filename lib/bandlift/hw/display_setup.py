"""Finding the OLED at start-up: make_display(i2c, (w, h), rotation) probes 0x3C then 0x3D (the 128x32
FeatherWing answers at 0x3C, Adafruit's 128x64 breakouts at 0x3D unless their address jumper is closed) and
builds a bandlift.hw.display.Display. When none answers the Display keeps looking (an OLED plugged in late is
set up when it appears); only without an I2C bus is there a NullDisplay. Start-up code: bandlift.start
imports it and lets it go (the Display itself lives in bandlift.hw.display; its first values and the font's
sheet for Text are made here too).
"""

from bandlift.compat import const
from bandlift.hw.display import ADDRESSES, Display, probe

_CHAR_H = const(12)  # bandlift.hw.display's: the built-in font's cell height (px)


class NullDisplay:
    """No I2C bus (so no OLED to look for): the game keeps running on a detached Group; messages go to serial."""

    present = False
    display = None  # (no panel to turn over: bandlift.game.sprites)

    def __init__(self, width=128, height=32, reason="no display"):
        import displayio

        self.width = width
        self.height = height
        self.root_group = displayio.Group()
        self.error = reason
        self.refreshes = 0
        self.address = None

    def refresh(self, now_ms=None):
        return False

    def check(self, now_ms):
        return False


def parse_size(text):
    """(width, height) from "128x32" / "128x64" (bandlift.hw.settings has checked it); 128x32 otherwise."""
    return (128, 64) if str(text).strip().lower() == "128x64" else (128, 32)


def make_display(i2c, size=(128, 32), rotation=0):
    """The OLED found on the bus (or a Display that looks for one at every probe: its error says none answered
    yet), or a NullDisplay without a bus. size: (w, h) or "128x64"."""
    w, h = parse_size(size) if isinstance(size, str) else size
    font_sheet()  # the Text's font, while this module is loaded (the splash's lines are the first Text)
    if i2c is None:
        return NullDisplay(w, h, "No I2C bus")  # (the words the loop shows for it)
    for address in ADDRESSES:
        try:
            if probe(i2c, address):
                return Display(i2c, w, h, address, rotation)
        except (OSError, RuntimeError, ValueError) as e:
            d = Display(i2c, w, h, None, rotation)
            d.error = "OLED: " + str(e)
            return d
    return Display(i2c, w, h, None, rotation)


def start(self, i2c, width, height, address, rotation):
    """The body of bandlift.hw.display.Display's __init__ (self a Display): made once, at start-up."""
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
    bitmap per glyph) a copy, 16 per row (0.9 kB). Made for the first Text (bandlift.hw.display), kept there."""
    import displayio
    import terminalio

    from bandlift.hw import display as d

    if d._sheet is None:
        font = terminalio.FONT
        sheet = getattr(font.get_glyph(65), "bitmap")  # (a named tuple on the board: its stub declares no fields)
        for c in (32, 65, 126):
            g = font.get_glyph(c)
            if g is None or getattr(g, "bitmap") is not sheet or getattr(g, "tile_index") != c - 32:
                sheet = None
                break
        if sheet is None:
            cw = d.CHAR_W
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
        d._sheet = sheet
        d._text_pal = pal
    return d._sheet
