"""The SSD1306 OLED through displayio, built with auto_refresh=False (the loop refreshes on its own schedule,
between IMU samples). Finding it on the bus at start-up, or a null display with the same surface, is
bandlift.hw.display_setup's (dropped with the start-up code).

CircuitPython's I2CDisplayBus ignores write errors: refresh() never raises when the OLED is unplugged or loses
power, and a re-powered SSD1306 stays dark until it is set up again. So the display probes its address about
once a second; while it does not answer, `error` says so, and when it answers again it is set up again
(release_displays() frees only the display, never the shared bus) and shows the same picture.
"""

from bandlift.compat import const, ticks_diff

PROBE_MS = const(1000)


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
