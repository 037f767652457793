"""Stand-in of CircuitPython's terminalio (see displayio.py here): a font of blank 6 x 12 glyphs."""

import displayio


class _Glyph:
    def __init__(self, bitmap, tile_index):
        self.bitmap = bitmap
        self.tile_index = tile_index


class _Font:
    def __init__(self):
        self._bitmap = displayio.Bitmap(6 * 95, 12, 2)

    def get_glyph(self, c):
        return _Glyph(self._bitmap, c - 32)


FONT = _Font()
