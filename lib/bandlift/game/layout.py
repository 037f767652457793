"""Pixel positions for the 128x32 FeatherWing (first) and a 128x64 SSD1306. Numbers only, no displayio.

Text is terminalio.FONT: 6 x 12 px cells, 21 characters per 128 px line; a label is placed by the
vertical centre of its line (anchor (0, 0.5)). Boxes are (x, y, w, h) in px.
"""


class Layout:
    def __init__(self, width, height):
        self.width = width
        self.height = height
        self.big = height >= 64
        if self.big:
            self.lines = 5  # text lines on a text screen
            self.line_y = (6, 19, 32, 45, 58)  # centre y of each line
            self.top_y = 6  # HUD status line
            self.ghost = (0, 14, 3, 3)  # pacing ghost marker, moved along x above the gauge
            self.gauge = (0, 17, width, 14)  # leg angle gauge
            self.zone_y = 32  # target zone strip under the gauge, 2 px tall
            self.hold = (40, 37, width - 40, 10)  # hold meter
            self.hold_label_y = 42
            self.lower = (40, 51, width - 40, 10)  # lowering meter
            self.lower_label_y = 56
        else:
            self.lines = 3
            self.line_y = (5, 16, 27)
            self.top_y = 4
            self.ghost = (0, 10, 3, 3)
            self.gauge = (0, 13, width, 8)
            self.zone_y = 21
            # No room for words on 32 px: hold meter on the left, lowering meter on the right.
            self.hold = (0, 25, width // 2 - 2, 7)
            self.hold_label_y = None
            self.lower = (width // 2 + 2, 25, width // 2 - 2, 7)
            self.lower_label_y = None
