"""The SSD1306 OLED through displayio, built with auto_refresh=False (the loop refreshes on its own schedule,
between IMU samples). Finding it on the bus at start-up, or a null display with the same surface, is
bandlift.hw.display_setup's (dropped with the start-up code).

CircuitPython's I2CDisplayBus ignores write errors: refresh() never raises when the OLED is unplugged or loses
power, and a re-powered SSD1306 stays dark until it is set up again. So the display probes its address about
once a second; while it does not answer, `error` says so, and when it answers again it is set up again
(release_displays() frees only the display, never the shared bus) and shows the same picture. The same
probe finds an OLED that was not there at power-up (plugged in late, a loose cable): the game has drawn into
root_group all along, so it appears as it is. A power glitch shorter than a probe's interval leaves the
address answering but the panel reset: the SSD1306's status byte (bit 6: display off) tells, and it is set
up again. A clone that reads "off" right after a set-up is not asked again. The panel's inverse mode (the game
turns the whole picture over with it, bandlift.game.sprites) is sent again with each set-up while it is on.

Text: text for the OLED without adafruit_display_text, a TileGrid over the built-in 6 x 12 font's glyphs
(display_start.font_sheet: the firmware's sheet, or a 1 kB copy of ASCII 32-126 on a PC). A character is a
tile index, so changing text allocates nothing.
Used by the game (bandlift.game.sprites) and by the text view that stands in when the game cannot load.
"""

import displayio

from bandlift.compat import const, ticks_diff

_TYPING = const(0)  # imports for the type check: mypy reads the block, the board's compiler drops it
if _TYPING:
    import busio

_PROBE_MS = const(1000)
ADDRESSES = (0x3C, 0x3D)  # the 128x32 FeatherWing answers at 0x3C, Adafruit's 128x64 breakouts at 0x3D
_STATUS_OFF = const(0x40)  # SSD1306 status byte, bit 6: the display is off (as after a power-on reset)


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
    """The OLED at address, or (address None: none answered at start-up) the one the probes find later."""

    # set by hw/display_start.py (let go once it ran); declared for the type check: bare annotations compile to nothing
    i2c: "busio.I2C"; panel_w: int; panel_h: int; rotation: int; inverted: bool; refreshes: int; resets: int
    root_group: displayio.Group; _status: bytearray

    def __init__(self, i2c, width, height, address=0x3C, rotation=0):
        from bandlift.hw import display_start  # start-up code (let go by bandlift.start)

        display_start.start(self, i2c, width, height, address, rotation)

    @property
    def present(self):
        """An OLED is set up and answering."""
        return not self._lost

    def _setup(self):
        import i2cdisplaybus
        import adafruit_displayio_ssd1306

        displayio.release_displays()  # the old display object only; our busio.I2C stays ours
        bus = i2cdisplaybus.I2CDisplayBus(self.i2c, device_address=self.address)
        self.display = adafruit_displayio_ssd1306.SSD1306(bus, width=self.panel_w, height=self.panel_h,
                                                          rotation=self.rotation, auto_refresh=False)
        self.display.root_group = self.root_group
        if self.inverted:  # a re-powered SSD1306 is back in normal mode: the alarm is the panel's own state
            bus.send(0xA7, b"")

    def check(self, now_ms):
        """Probe the OLED at most once a second. True when it was just set up (after being lost, found late,
        or found reset by a power glitch between two probes)."""
        if self._last_probe is not None and ticks_diff(now_ms, self._last_probe) < _PROBE_MS:
            return False
        self._last_probe = now_ms
        if self._lost:
            found = self._find()
            if found is None:
                return False
            self.address = found
        elif not probe(self.i2c, self.address):
            self._lost = True
            self.error = "OLED not answering at 0x%02X" % self.address
            return False
        elif not self._panel_off():
            return False
        try:
            self._setup()
        except (OSError, RuntimeError, ValueError) as e:
            self._lost = True
            self.error = "OLED: " + str(e)
            return False
        if self._panel_off():  # on at once after a set-up, unless its status byte means something else
            self._ask_status = False
        self._lost = False
        self.error = ""
        self.resets += 1
        return True

    def _find(self):
        """The address that answers: the one it had, or (never found) the first of ADDRESSES; else None."""
        for address in ((self.address,) if self.address is not None else ADDRESSES):
            if probe(self.i2c, address):
                return address
        return None

    def _panel_off(self):
        """The SSD1306 answers but says its display is off: it lost power since its set-up."""
        if not self._ask_status:
            return False
        while not self.i2c.try_lock():
            pass
        try:
            self.i2c.readfrom_into(self.address, self._status)
        except (OSError, RuntimeError):
            return False
        finally:
            self.i2c.unlock()
        return (self._status[0] & _STATUS_OFF) != 0

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


# -- text: tiles of the built-in font -------------------------------------------------------------------------
CHAR_W = 6
_CHAR_H = const(12)
_LINE_CHARS = const(21)  # 128 px of 6 px characters
_sheet = None
_text_pal = None


def font_sheet():
    """The font's tile sheet and palette for Text (bandlift.hw.display_start, loaded for the call and let go)."""
    global _sheet, _text_pal
    from bandlift.hw import display_start
    from bandlift.lifetime import release

    _sheet, _text_pal = display_start.font_sheet()
    display_start = None
    release("bandlift.hw.display_start")


class Text:
    """One line of text whose vertical centre is at y (as a label anchored at (0, 0.5)); .text = "..." writes
    only the tiles that changed."""

    def __init__(self, group, x, y, text="", n=_LINE_CHARS):
        if _sheet is None:  # the font's tile sheet, found once (start-up finds it: bandlift.hw.display_setup)
            font_sheet()
        self.tg = displayio.TileGrid(_sheet, pixel_shader=_text_pal, width=n, height=1, tile_width=CHAR_W,
                                     tile_height=_CHAR_H, default_tile=0, x=x, y=y - _CHAR_H // 2)
        group.append(self.tg)
        self.n = n
        self.codes = bytearray(n)  # tile index shown per cell (0 = space)
        self._text = ""
        self.text = text

    @property
    def text(self):
        return self._text

    @text.setter
    def text(self, value):
        value = str(value)
        self._text = value
        raw = value.encode()
        m = len(raw)
        for i in range(self.n):
            c = raw[i] - 32 if i < m else 0
            if c < 0 or c > 94:
                c = 31  # "?" for what the font has no glyph for
            if self.codes[i] != c:
                self.codes[i] = c
                self.tg[i] = c

    @property
    def hidden(self):
        return self.tg.hidden

    @hidden.setter
    def hidden(self, value):
        self.tg.hidden = value
