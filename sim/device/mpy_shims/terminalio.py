# Stand-in for CircuitPython's terminalio: FONT is built into the firmware (flash: no heap on the board). Here
# it is made when this module is imported, before code.py starts, so it is part of the harness's baseline.
# Glyphs are 6 x 12 cells of a pattern drawn from the character code (nothing is rendered: only the program's
# own copy of the glyphs, its heap, matters).
import displayio

CHAR_W = 6
CHAR_H = 12


class _Glyph:
    def __init__(self, bitmap, tile_index):
        self.bitmap = bitmap
        self.tile_index = tile_index
        self.width = CHAR_W
        self.height = CHAR_H
        self.dx = 0
        self.dy = 0
        self.shift_x = CHAR_W
        self.shift_y = 0


class _Font:
    def __init__(self):
        bm = displayio.Bitmap(CHAR_W * 95, CHAR_H, 2)
        for k in range(95):
            c = k + 32
            for y in range(2, 11):
                row = (c * (y + 3)) & 31
                for x in range(5):
                    if c != 32 and row & (1 << x):
                        bm[k * CHAR_W + x, y] = 1
        self.bitmap = bm
        self._glyphs = [_Glyph(bm, k) for k in range(95)]

    def get_bounding_box(self):
        return (CHAR_W, CHAR_H)

    def get_glyph(self, codepoint):
        if 32 <= codepoint < 127:
            return self._glyphs[codepoint - 32]
        return None


FONT = _Font()
