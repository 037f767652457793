# Stand-in for CircuitPython's displayio (C, in firmware): the objects the program makes, each allocating what
# the C object does on the board's 32-bit heap (measured on a 32-bit CircuitPython 10: Group ~128 B, TileGrid
# ~147 B plus its tile indices, Bitmap its pixel words plus a header, Palette a few bytes a colour), scaled to
# this port by devworld. Pixels are stored (Bitmap get/set work) but nothing is rendered.
from devworld import WORLD, calibrate, pad

GROUP_B = 128
TILEGRID_B = 146  # 147 measured for a 1 x 1 grid: the header and one tile index
BITMAP_B = 48  # header; the pixels are counted apart (rows of 32-bit words)
PALETTE_B = 24
PALETTE_COLOR_B = 12


def release_displays():
    WORLD.oled_display = None


class Group:
    def __init__(self, scale=1, x=0, y=0):
        self.scale = scale
        self.x = x
        self.y = y
        self.hidden = False
        self._items = []
        self._pad = pad("Group", GROUP_B)

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

    def sort(self, key=None, reverse=False):
        self._items.sort(key=key, reverse=reverse)

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
    def __init__(self, width, height, value_count):
        self.width = width
        self.height = height
        self.bits_per_value = _bits(value_count)
        self._stride = ((width * self.bits_per_value + 31) // 32) * 4  # bytes per row, whole 32-bit words
        self._data = bytearray(self._stride * height)
        self._pad = pad("Bitmap", BITMAP_B)

    def _at(self, xy):
        if isinstance(xy, tuple):
            x, y = xy
        else:
            x = xy % self.width
            y = xy // self.width
        if not (0 <= x < self.width and 0 <= y < self.height):
            raise IndexError("pixel out of bounds")
        bit = x * self.bits_per_value
        return y * self._stride + (bit >> 3), bit & 7

    def __getitem__(self, xy):
        i, s = self._at(xy)
        return (self._data[i] >> s) & ((1 << self.bits_per_value) - 1) if self.bits_per_value < 8 else \
            self._data[i]

    def __setitem__(self, xy, v):
        i, s = self._at(xy)
        if self.bits_per_value < 8:
            m = ((1 << self.bits_per_value) - 1) << s
            self._data[i] = (self._data[i] & ~m) | ((v << s) & m)
        else:
            self._data[i] = v & 255

    def fill(self, v):
        for y in range(self.height):
            for x in range(self.width):
                self[x, y] = v

    def dirty(self, x1=0, y1=0, x2=-1, y2=-1):
        pass


class Palette:
    def __init__(self, color_count, dither=False):
        self._colors = [0] * color_count
        self._transparent = bytearray((color_count + 7) // 8)
        self._pad = pad("Palette", PALETTE_B + PALETTE_COLOR_B * color_count)

    def __len__(self):
        return len(self._colors)

    def __getitem__(self, i):
        return self._colors[i]

    def __setitem__(self, i, v):
        self._colors[i] = v

    def make_transparent(self, i):
        self._transparent[i >> 3] |= 1 << (i & 7)

    def make_opaque(self, i):
        self._transparent[i >> 3] &= ~(1 << (i & 7))

    def is_transparent(self, i):
        return bool(self._transparent[i >> 3] & (1 << (i & 7)))


class TileGrid:
    def __init__(self, bitmap, pixel_shader=None, width=1, height=1, tile_width=None, tile_height=None,
                 default_tile=0, x=0, y=0):
        self.bitmap = bitmap
        self.pixel_shader = pixel_shader
        self.width = width
        self.height = height
        self.tile_width = tile_width if tile_width is not None else bitmap.width
        self.tile_height = tile_height if tile_height is not None else bitmap.height
        self.x = x
        self.y = y
        self.hidden = False
        self.flip_x = False
        self.flip_y = False
        self.transpose_xy = False
        n = width * height
        tiles = (bitmap.width // self.tile_width) * (bitmap.height // self.tile_height)
        self._tiles = bytearray([default_tile] * n) if tiles <= 256 else bytearray(2 * n)  # uint8 or uint16
        self._pad = pad("TileGrid", TILEGRID_B)

    def __getitem__(self, i):
        if isinstance(i, tuple):
            i = i[1] * self.width + i[0]
        return self._tiles[i]

    def __setitem__(self, i, v):
        if isinstance(i, tuple):
            i = i[1] * self.width + i[0]
        self._tiles[i] = v

    def contains(self, xy):
        x, y = xy[0], xy[1]
        return self.x <= x < self.x + self.width * self.tile_width and \
            self.y <= y < self.y + self.height * self.tile_height


class ColorConverter:
    def __init__(self, input_colorspace=None, dither=False):
        self._pad = pad("ColorConverter", 16)


calibrate("Group", Group)
calibrate("Bitmap", lambda: Bitmap(1, 1, 2))
calibrate("Palette", lambda: Palette(1))
_sheet = Bitmap(8, 8, 2)
calibrate("TileGrid", lambda: TileGrid(_sheet, width=1, height=1))
calibrate("ColorConverter", ColorConverter)
