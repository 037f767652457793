"""The SSD1306 OLED through displayio, or a null display with the same surface.

make_display(i2c) probes 0x3C first (CircuitPython's I2CDisplayBus raises when nothing answers), builds
the display with auto_refresh=False (the loop refreshes on its own schedule, between IMU samples) and
sizes it from settings.toml BANDLIFT_DISPLAY ("128x32" default, "128x64").
"""

ADDRESS = 0x3C


def parse_size(text):
    """(width, height) from "128x32" / "128x64"; the FeatherWing's 128x32 for anything else."""
    try:
        w, h = str(text).lower().split("x")
        w, h = int(w), int(h)
        if w == 128 and h in (32, 64):
            return w, h
    except ValueError:
        pass
    return 128, 32


class NullDisplay:
    """No OLED: the game keeps running on a detached Group; messages go to serial."""

    present = False

    def __init__(self, width=128, height=32, reason="no display"):
        import displayio

        self.width = width
        self.height = height
        self.root_group = displayio.Group()
        self.error = reason
        self.refreshes = 0

    def refresh(self):
        return False


class Display:
    present = True

    def __init__(self, i2c, width, height):
        import displayio
        import i2cdisplaybus
        import adafruit_displayio_ssd1306

        displayio.release_displays()
        bus = i2cdisplaybus.I2CDisplayBus(i2c, device_address=ADDRESS)
        self.display = adafruit_displayio_ssd1306.SSD1306(bus, width=width, height=height, auto_refresh=False)
        self.width = width
        self.height = height
        self.root_group = displayio.Group()
        self.display.root_group = self.root_group
        self.error = ""
        self.refreshes = 0

    def refresh(self):
        """Send what changed. False (and error set) when the OLED did not answer; never raises."""
        try:
            self.display.refresh()
            self.refreshes += 1
            self.error = ""
            return True
        except (OSError, RuntimeError) as e:
            self.error = "OLED: " + str(e)
            return False


def _probe(i2c, address):
    while not i2c.try_lock():
        pass
    try:
        return address in i2c.scan()
    finally:
        i2c.unlock()


def make_display(i2c, size_text="128x32"):
    w, h = parse_size(size_text)
    if i2c is None:
        return NullDisplay(w, h, "no I2C bus")
    try:
        if not _probe(i2c, ADDRESS):
            return NullDisplay(w, h, "no OLED at 0x3C")
        return Display(i2c, w, h)
    except (OSError, RuntimeError, ValueError) as e:
        return NullDisplay(w, h, "OLED: " + str(e))
