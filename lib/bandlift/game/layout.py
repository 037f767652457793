"""Pixel positions for the 128x32 FeatherWing and a 128x64 SSD1306. Numbers only, no displayio.

The play screen is a stage on the left (Pip, the pacing ghost, the target ledge, the ground) and a panel
on the right (big digits for the reps, the set's flower; the hold meter and the lowering meter). Everything read mid-rep
is a 16 px digit, sprite or bar (12 px on 128x64, where each has its label); a lowering too fast turns the
whole screen over. Text (terminalio.FONT, 6 x 12 px cells, 21
characters per line, placed by the vertical centre of the line) is only on the screens between sets.
Boxes are (x, y, w, h) in px.
"""


class Layout:
    def __init__(self, width, height):
        self.width = width
        self.height = height
        self.big = height >= 64
        h = height
        # Text screens.
        if self.big:
            self.lines = 5
            self.line_y = (6, 19, 32, 45, 58)
        else:
            self.lines = 3
            self.line_y = (5, 16, 27)
        # Stage: the sprites' top-left y runs from y_low (leg down, feet on the ground) to y_high (the top).
        self.stage_w = 48 if self.big else 44
        self.pip_x = 3 if self.big else 2
        self.ghost_x = 27 if self.big else 24
        self.ground_y = h - 1
        self.y_low = h - 17
        self.y_high = -1  # the sprites' top row is blank: Pip's head reaches the top row
        # Panel.
        px = 50 if self.big else 46
        self.panel_x = px
        self.reps_xy = (px, 0)  # "7/12": up to 5 digit tiles
        self.bloom_xy = (width - 16, 0)  # the set's flower: it grows with good reps in a row (over the grade too)
        if self.big:
            self.hold = (84, 21, width - 84, 12)
            self.hold_label = (px, 27, "HOLD")
            self.lower = (84, 38, width - 84, 12)
            self.lower_label = (px, 44, "LOWER")
            self.info_y = 58  # a line of text under the meters: the stage and its tempo
        else:
            self.hold = (px, 16, 39, 16)  # 16 px: what is read mid-rep is as tall as the digits
            self.hold_label = None
            self.lower = (width - 40, 16, 40, 16)
            self.lower_label = None
            self.info_y = None
        # The grade splash over the panel: three stars, one fault picture, the score and the combo.
        self.splash_x = self.stage_w
        sx = 48 if self.big else px
        self.stars_xy = (sx, 4 if self.big else 0)  # three stars 16 px apart, then the fault (the flower after)
        self.fault_xy = (sx + 48, 4 if self.big else 0)
        self.score_xy = (px, 26 if self.big else 16)
        self.splash_combo_xy = (width - 30, 26 if self.big else 16)
