# Stand-in for CircuitPython's vectorio (C, in firmware): a Rectangle allocates ~88 B on the board's 32-bit heap.
from devworld import calibrate, field, fields, flag

RECTANGLE_B = 88
X, Y, W, H, COLOR, HIDDEN = range(6)


class Rectangle:
    def __init__(self, pixel_shader=None, width=1, height=1, x=0, y=0, color_index=0):
        self.pixel_shader = pixel_shader
        self._s = fields("Rectangle", (x, y, width, height, color_index, 0), RECTANGLE_B)

    x = field(X)
    y = field(Y)
    width = field(W)
    height = field(H)
    color_index = field(COLOR)

    hidden = flag(HIDDEN)

    @property
    def location(self):
        return (self._s[X], self._s[Y])

    @location.setter
    def location(self, xy):
        self._s[X] = xy[0]
        self._s[Y] = xy[1]


calibrate("Rectangle", Rectangle)
