"""Finding the OLED at start-up: make_display(i2c, (w, h), rotation) probes 0x3C then 0x3D (the 128x32
FeatherWing answers at 0x3C, Adafruit's 128x64 breakouts at 0x3D unless their address jumper is closed) and
builds a bandlift.hw.display.Display. When none answers the Display keeps looking (an OLED plugged in late is
set up when it appears); only without an I2C bus is there a NullDisplay. Start-up code: bandlift.start
imports it and lets it go (the Display itself lives in bandlift.hw.display).
"""

from bandlift.hw import display
from bandlift.hw.display import ADDRESSES, Display, probe


class NullDisplay:
    """No I2C bus (so no OLED to look for): the game keeps running on a detached Group; messages go to serial."""

    present = False
    display = None  # (no panel to turn over: bandlift.game.sprites)

    def __init__(self, width=128, height=32, reason="no display"):
        import displayio

        self.width = width
        self.height = height
        self.root_group = displayio.Group()
        self.error = reason
        self.refreshes = 0
        self.address = None

    def refresh(self, now_ms=None):
        return False

    def check(self, now_ms):
        return False


def parse_size(text):
    """(width, height) from "128x32" / "128x64" (bandlift.hw.settings has checked it); 128x32 otherwise."""
    return (128, 64) if str(text).strip().lower() == "128x64" else (128, 32)


def make_display(i2c, size=(128, 32), rotation=0):
    """The OLED found on the bus (or a Display that looks for one at every probe: its error says none answered
    yet), or a NullDisplay without a bus. size: (w, h) or "128x64"."""
    w, h = parse_size(size) if isinstance(size, str) else size
    if display._sheet is None:  # the Text's font, now with the start-up code (the splash is the first Text)
        from bandlift.hw import display_start

        display._sheet, display._text_pal = display_start.font_sheet()
    if i2c is None:
        return NullDisplay(w, h, "No I2C bus")  # (the words the loop shows for it)
    for address in ADDRESSES:
        try:
            if probe(i2c, address):
                return Display(i2c, w, h, address, rotation)
        except (OSError, RuntimeError, ValueError) as e:
            d = Display(i2c, w, h, None, rotation)
            d.error = "OLED: " + str(e)
            return d
    return Display(i2c, w, h, None, rotation)
