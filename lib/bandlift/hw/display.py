"""The SSD1306 OLED through displayio, or a null display with the same surface.

make_display(i2c, (w, h), rotation) probes 0x3C then 0x3D (the 128x32 FeatherWing answers at 0x3C, Adafruit's
128x64 breakouts at 0x3D unless their address jumper is closed) and builds the display with auto_refresh=False
(the loop refreshes on its own schedule, between IMU samples).

CircuitPython's I2CDisplayBus ignores write errors: refresh() never raises when the OLED is unplugged or loses
power, and a re-powered SSD1306 stays dark until it is set up again. So the display probes its address about
once a second; while it does not answer, `error` says so, and when it answers again it is set up again
(release_displays() frees only the display, never the shared bus) and shows the same picture.
"""

from bandlift.compat import const, ticks_diff

ADDRESSES = (0x3C, 0x3D)
PROBE_MS = const(1000)


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
        self.address = None

    def refresh(self, now_ms=None):
        return False

    def check(self, now_ms):
        return False


def probe(i2c, address):
    """True when something acknowledges at address (False on any bus error)."""
    while not i2c.try_lock():
        pass
    try:
        return bool(i2c.probe(address)) if hasattr(i2c, "probe") else address in i2c.scan()
    except (OSError, RuntimeError):
        return False
    finally:
        i2c.unlock()


class Display:
    present = True

    def __init__(self, i2c, width, height, address=0x3C, rotation=0):
        import displayio

        self.i2c = i2c
        self.address = address
        self.rotation = rotation
        self.panel_w = width
        self.panel_h = height
        self.width = height if rotation in (90, 270) else width
        self.height = width if rotation in (90, 270) else height
        self.root_group = displayio.Group()
        self.display = None
        self.error = ""
        self.refreshes = 0
        self.resets = 0  # set-ups after the OLED came back
        self._lost = False
        self._last_probe = None
        self._setup()

    def _setup(self):
        import displayio
        import i2cdisplaybus
        import adafruit_displayio_ssd1306

        displayio.release_displays()  # the old display object only; our busio.I2C stays ours
        bus = i2cdisplaybus.I2CDisplayBus(self.i2c, device_address=self.address)
        self.display = adafruit_displayio_ssd1306.SSD1306(bus, width=self.panel_w, height=self.panel_h,
                                                          rotation=self.rotation, auto_refresh=False)
        self.display.root_group = self.root_group

    def check(self, now_ms):
        """Probe the OLED at most once a second. True when it was just set up again after being lost."""
        if self._last_probe is not None and ticks_diff(now_ms, self._last_probe) < PROBE_MS:
            return False
        self._last_probe = now_ms
        if not probe(self.i2c, self.address):
            if not self._lost:
                self._lost = True
                self.error = "OLED not answering at 0x%02X" % self.address
            return False
        if not self._lost:
            return False
        try:
            self._setup()
        except (OSError, RuntimeError, ValueError) as e:
            self.error = "OLED: " + str(e)
            return False
        self._lost = False
        self.error = ""
        self.resets += 1
        return True

    def refresh(self, now_ms=None):
        """Send what changed (a full frame after a set-up). False while the OLED is lost; never raises."""
        if now_ms is not None:
            self.check(now_ms)
        if self._lost:
            return False
        try:
            self.display.refresh()
            self.refreshes += 1
            return True
        except (OSError, RuntimeError) as e:  # Blinka on a PC may raise; CircuitPython does not
            self._lost = True
            self.error = "OLED: " + str(e)
            return False


def parse_size(text):
    """(width, height) from "128x32" / "128x64" (bandlift.hw.settings has checked it); 128x32 otherwise."""
    return (128, 64) if str(text).strip().lower() == "128x64" else (128, 32)


def make_display(i2c, size=(128, 32), rotation=0):
    """The OLED found on the bus, or a NullDisplay saying why there is none. size: (w, h) or "128x64"."""
    w, h = parse_size(size) if isinstance(size, str) else size
    if i2c is None:
        return NullDisplay(w, h, "no I2C bus")
    for address in ADDRESSES:
        try:
            if probe(i2c, address):
                return Display(i2c, w, h, address, rotation)
        except (OSError, RuntimeError, ValueError) as e:
            return NullDisplay(w, h, "OLED: " + str(e))
    return NullDisplay(w, h, "no OLED at 0x3C or 0x3D")
