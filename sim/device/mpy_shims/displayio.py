# Stand-in for CircuitPython's displayio (C, in firmware): the objects the program makes, each allocating what
# the C object does on the board's 32-bit heap (measured on a 32-bit CircuitPython 10: Group ~128 B, TileGrid
# ~147 B plus its tile indices, Bitmap its pixel words plus a header, Palette a few bytes a colour), scaled to
# this port by devworld. State lives in one int16 array per object (devworld.fields); pixels are stored (Bitmap
# get/set work) but nothing is rendered.
from devworld import _BASE, OBJ_SCALE, WORLD, calibrate, field, fields, flag

GROUP_B = 128
TILEGRID_B = 146  # 147 measured for a 1 x 1 grid: the header and one tile index
BITMAP_B = 48  # header; the pixels are counted apart (rows of 32-bit words)
PALETTE_B = 24
PALETTE_COLOR_B = 12


def release_displays():
    WORLD.oled_display = None


class Group:
    def __init__(self, scale=1, x=0, y=0):
        self._items = []
        self._s = fields("Group", (x, y, scale, 0), GROUP_B)

    x = field(0)
    y = field(1)
    scale = field(2)
    hidden = flag(3)

    def append(self, item):
        self._items.append(item)

    def insert(self, i, item):
        self._items.insert(i, item)

    def remove(self, item):
        self._items.remove(item)

    def pop(self, i=-1):
        return self._items.pop(i)

    def index(self, item):
        return self._items.index(item)

    def __len__(self):
        return len(self._items)

    def __getitem__(self, i):
        return self._items[i]

    def __setitem__(self, i, item):
        self._items[i] = item

    def __delitem__(self, i):
        del self._items[i]

    def __contains__(self, item):
        return item in self._items


def _bits(value_count):
    b = 1
    while (1 << b) < value_count:
        b *= 2
    return b


class Bitmap:
    # one bytearray: 8 bytes of fields (width, height, stride: 16-bit LE; bits per value), the pixel rows, then
    # the padding that brings the object to the board's header size
    def __init__(self, width, height, value_count):
        bits = _bits(value_count)
        stride = ((width * bits + 31) // 32) * 4  # bytes per row, whole 32-bit words
        n = stride * height
        b = _BASE.get("Bitmap")
        pad = int(BITMAP_B * OBJ_SCALE) - b if b is not None else 0
        d = bytearray(8 + n + (pad if pad > 0 else 0))
        d[0] = width & 255
        d[1] = width >> 8
        d[2] = height & 255
        d[3] = height >> 8
        d[4] = stride & 255
        d[5] = stride >> 8
        d[6] = bits
        self._d = d

    width = property(lambda self: self._d[0] | (self._d[1] << 8))
    height = property(lambda self: self._d[2] | (self._d[3] << 8))
    bits_per_value = property(lambda self: self._d[6])

    def _at(self, xy):
        d = self._d
        w = d[0] | (d[1] << 8)
        if isinstance(xy, tuple):
            x, y = xy
        else:
            x = xy % w
            y = xy // w
        if not (0 <= x < w and 0 <= y < (d[2] | (d[3] << 8))):
            raise IndexError("pixel out of bounds")
        bit = x * d[6]
        return 8 + y * (d[4] | (d[5] << 8)) + (bit >> 3), bit & 7

    def __getitem__(self, xy):
        i, sh = self._at(xy)
        b = self._d[6]
        return (self._d[i] >> sh) & ((1 << b) - 1) if b < 8 else self._d[i]

    def __setitem__(self, xy, v):
        i, sh = self._at(xy)
        b = self._d[6]
        if b < 8:
            m = ((1 << b) - 1) << sh
            self._d[i] = (self._d[i] & ~m) | ((v << sh) & m)
        else:
            self._d[i] = v & 255

    def fill(self, v):
        for y in range(self.height):
            for x in range(self.width):
                self[x, y] = v

    def dirty(self, x1=0, y1=0, x2=-1, y2=-1):
        pass


class Palette:
    def __init__(self, color_count, dither=False):
        self._colors = [0] * color_count
        self._s = fields("Palette", (color_count,), PALETTE_B + PALETTE_COLOR_B * color_count, extra=color_count)

    def __len__(self):
        return self._s[0]

    def __getitem__(self, i):
        return self._colors[i]

    def __setitem__(self, i, v):
        self._colors[i] = v

    def make_transparent(self, i):
        self._s[1 + i] = 1

    def make_opaque(self, i):
        self._s[1 + i] = 0

    def is_transparent(self, i):
        return self._s[1 + i] != 0


T_X, T_Y, T_W, T_H, T_TW, T_TH, T_HIDDEN, T_FLIPX, T_FLIPY, T_TRANSPOSE = range(10)
T_TILES = 10


class TileGrid:
    def __init__(self, bitmap, pixel_shader=None, width=1, height=1, tile_width=None, tile_height=None,
                 default_tile=0, x=0, y=0):
        self.bitmap = bitmap
        self.pixel_shader = pixel_shader
        tw = tile_width if tile_width is not None else bitmap.width
        th = tile_height if tile_height is not None else bitmap.height
        n = width * height
        tiles = (bitmap.width // tw) * (bitmap.height // th)
        # the board keeps a tile index in a byte (two when the sheet has more than 256 tiles)
        s = fields("TileGrid", (x, y, width, height, tw, th, 0, 0, 0, 0), TILEGRID_B - 1,
                   raw=n * (1 if tiles <= 256 else 2), extra=n)
        if default_tile:
            for i in range(n):
                s[T_TILES + i] = default_tile
        self._s = s

    x = field(T_X)
    y = field(T_Y)
    width = property(lambda self: self._s[T_W])
    height = property(lambda self: self._s[T_H])
    tile_width = property(lambda self: self._s[T_TW])
    tile_height = property(lambda self: self._s[T_TH])
    hidden = flag(T_HIDDEN)
    flip_x = flag(T_FLIPX)
    flip_y = flag(T_FLIPY)
    transpose_xy = flag(T_TRANSPOSE)

    def __getitem__(self, i):
        if isinstance(i, tuple):
            i = i[1] * self._s[T_W] + i[0]
        return self._s[T_TILES + i]

    def __setitem__(self, i, v):
        if isinstance(i, tuple):
            i = i[1] * self._s[T_W] + i[0]
        self._s[T_TILES + i] = v

    def contains(self, xy):
        s = self._s
        return s[T_X] <= xy[0] < s[T_X] + s[T_W] * s[T_TW] and s[T_Y] <= xy[1] < s[T_Y] + s[T_H] * s[T_TH]


class ColorConverter:
    def __init__(self, input_colorspace=None, dither=False):
        self._s = fields("ColorConverter", (0,), 16)


calibrate("Group", Group)
calibrate("Bitmap", lambda: Bitmap(1, 1, 2))
calibrate("Palette", lambda: Palette(1))
_sheet = Bitmap(8, 8, 2)
calibrate("TileGrid", lambda: TileGrid(_sheet, width=1, height=1))
calibrate("ColorConverter", ColorConverter)
