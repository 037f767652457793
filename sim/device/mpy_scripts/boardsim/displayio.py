"""Stand-in of CircuitPython's displayio for counting the loop's interpreter work under MicroPython
(sim/device/mpy_scripts/loopwhole.py): the objects keep what the program sets and nothing else. On the board
these are C objects; here a setter is a plain attribute store and an item store a small Python method, so the
count is an upper bound of what the program's own bytecode costs (composing and sending pixels is C and bus
time, which the bench adds from the twin's refreshes)."""


class Bitmap:
    def __init__(self, width, height, value_count):
        self.width = width
        self.height = height
        self._px = bytearray(width * height)

    def __setitem__(self, xy, v):
        self._px[xy[0] + xy[1] * self.width] = v

    def __getitem__(self, xy):
        return self._px[xy[0] + xy[1] * self.width]


class Palette:
    def __init__(self, color_count, **kw):
        self._c = [0] * color_count

    def __setitem__(self, i, v):
        self._c[i] = v

    def __getitem__(self, i):
        return self._c[i]

    def make_transparent(self, i):
        pass


class TileGrid:
    def __init__(self, bitmap, *, pixel_shader=None, width=1, height=1, tile_width=None, tile_height=None,
                 default_tile=0, x=0, y=0):
        self.x = x
        self.y = y
        self.hidden = False
        self._t = bytearray(width * height)
        for i in range(width * height):
            self._t[i] = default_tile

    def __setitem__(self, i, v):
        self._t[i] = v

    def __getitem__(self, i):
        return self._t[i]


class Group:
    def __init__(self, *, scale=1, x=0, y=0):
        self.x = x
        self.y = y
        self.hidden = False
        self._items = []

    def append(self, item):
        self._items.append(item)

    def insert(self, i, item):
        self._items.insert(i, item)

    def remove(self, item):
        self._items.remove(item)

    def index(self, item):
        return self._items.index(item)

    def pop(self, i=-1):
        return self._items.pop(i)

    def __len__(self):
        return len(self._items)

    def __getitem__(self, i):
        return self._items[i]


def release_displays():
    pass
