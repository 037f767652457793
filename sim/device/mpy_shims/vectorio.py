# Stand-in for CircuitPython's vectorio (C, in firmware): a Rectangle allocates ~88 B on the board's 32-bit heap.
from devworld import calibrate, pad

RECTANGLE_B = 88


class Rectangle:
    def __init__(self, pixel_shader=None, width=1, height=1, x=0, y=0, color_index=0):
        self.pixel_shader = pixel_shader
        self.width = width
        self.height = height
        self.x = x
        self.y = y
        self.color_index = color_index
        self.hidden = False
        self._pad = pad("Rectangle", RECTANGLE_B)

    @property
    def location(self):
        return (self.x, self.y)

    @location.setter
    def location(self, xy):
        self.x, self.y = xy


calibrate("Rectangle", Rectangle)
