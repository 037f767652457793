"""Stand-in of CircuitPython's vectorio (see displayio.py here): a Rectangle keeps what is set."""


class Rectangle:
    def __init__(self, *, pixel_shader=None, x=0, y=0, width=1, height=1, color_index=0):
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.color_index = color_index
        self.hidden = False
