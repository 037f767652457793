"""Register-level model of an SSD1306 OLED controller on I2C, and the glass it drives.

The model parses the byte stream the real adafruit_displayio_ssd1306 driver and displayio send: a control
byte per chunk (0x00: the rest are commands, 0x40: the rest are GDDRAM data, 0x80 / 0xC0: one command /
data byte then another control byte), multi-byte commands possibly split across control bytes and
transactions. GDDRAM is 8 pages x 128 columns; a byte is 8 vertical pixels, LSB on top.

The glass: a panel `width` x `height` wired like Adafruit's modules, so that with the driver's set-up
(segment remap 0xA1, COM scan 0xC8, COM pins 0x02 for 32 rows / 0x12 for 64) RAM row r, column c shows at
glass (c - col_offset, r). Other settings transform the picture as on the real part: no remap mirrors,
normal COM scan flips, start line and display offset shift, a COM-pins setting that does not match the
panel's wiring interleaves rows, rows beyond the multiplex ratio stay dark, display off / charge pump
off / sleep show nothing, 0xA5 lights everything, 0xA7 inverts.
"""

# byte -> its bit b as 0/1 (tables 0-7), and inverted (8-15): one C-speed translate per glass row
_BIT = [bytes((i >> b) & 1 for i in range(256)) for b in range(8)]
_BIT += [bytes(1 - ((i >> b) & 1) for i in range(256)) for b in range(8)]

# command -> number of argument bytes
ARGS = {
    0x20: 1, 0x21: 2, 0x22: 2, 0x81: 1, 0x8D: 1, 0xA8: 1, 0xD3: 1, 0xD5: 1, 0xD9: 1, 0xDA: 1, 0xDB: 1,
    0xA3: 2, 0x26: 6, 0x27: 6, 0x29: 5, 0x2A: 5, 0xAD: 1, 0xD6: 1,
}


class SSD1306Model:
    def __init__(self, width=128, height=32, col_offset=0):
        self.width = width
        self.height = height
        self.col_offset = col_offset
        self.present = True
        self.nack = False
        self.ram = bytearray(128 * 8)  # [page * 128 + column]
        self.bytes_total = 0  # every byte received, control bytes included
        self.bytes_data = 0  # GDDRAM bytes
        self.bytes_cmd = 0  # command and argument bytes
        self.transactions = 0
        self.version = 0  # bumps on every change of what the glass could show
        self._cmd = []  # command being collected (command byte + args so far)
        self.power_on_reset()

    def power_on_reset(self):
        self.mode = 2  # page addressing
        self.col_start, self.col_end = 0, 127
        self.page_start, self.page_end = 0, 7
        self.col, self.page = 0, 0
        self.contrast = 0x7F
        self.seg_remap = False
        self.com_remap = False
        self.mux = 63
        self.offset = 0
        self.start_line = 0
        self.com_alt = True  # 0xDA reset value 0x12
        self.display_on = False
        self.entire_on = False
        self.inverse = False
        self.charge_pump = False
        self.scrolling = False
        self.version += 1

    def acks(self):
        return self.present and not self.nack

    # -- I2C payload --------------------------------------------------------------------------------
    def write(self, data):
        if not data:
            return  # probe
        self.transactions += 1
        self.bytes_total += len(data)
        i = 0
        n = len(data)
        while i < n:
            ctrl = data[i]
            i += 1
            co = ctrl & 0x80
            is_data = ctrl & 0x40
            if co:
                if i < n:
                    if is_data:
                        self._data(data[i])
                    else:
                        self._command_byte(data[i])
                    i += 1
                continue
            # Co = 0: every remaining byte is of this kind
            while i < n:
                if is_data:
                    self._data(data[i])
                else:
                    self._command_byte(data[i])
                i += 1

    def read(self, n):
        # A read returns the status byte (D6 = display off).
        return bytes([0x00 if self.display_on else 0x40]) * n

    # -- commands -----------------------------------------------------------------------------------
    def _command_byte(self, b):
        self.bytes_cmd += 1
        c = self._cmd
        c.append(b)
        if len(c) - 1 < ARGS.get(c[0], 0):
            return
        self._cmd = []
        self._execute(c)
        self.version += 1

    def _execute(self, c):
        op = c[0]
        if op == 0x20:
            self.mode = c[1] & 3
        elif op == 0x21:
            self.col_start, self.col_end = c[1] & 127, c[2] & 127
            self.col = self.col_start
        elif op == 0x22:
            self.page_start, self.page_end = c[1] & 7, c[2] & 7
            self.page = self.page_start
        elif op < 0x10:
            self.col = (self.col & 0xF0) | op
        elif op < 0x20:
            self.col = (self.col & 0x0F) | ((op & 0x07) << 4)
        elif 0x40 <= op <= 0x7F:
            self.start_line = op & 63
        elif op == 0x81:
            self.contrast = c[1]
        elif op == 0x8D:
            self.charge_pump = bool(c[1] & 0x04)
        elif op in (0xA0, 0xA1):
            self.seg_remap = op == 0xA1
        elif op in (0xA4, 0xA5):
            self.entire_on = op == 0xA5
        elif op in (0xA6, 0xA7):
            self.inverse = op == 0xA7
        elif op == 0xA8:
            self.mux = max(15, c[1] & 63)
        elif op in (0xAE, 0xAF):
            self.display_on = op == 0xAF
        elif 0xB0 <= op <= 0xB7:
            self.page = op & 7
        elif op in (0xC0, 0xC8):
            self.com_remap = op == 0xC8
        elif op == 0xD3:
            self.offset = c[1] & 63
        elif op == 0xDA:
            self.com_alt = bool(c[1] & 0x10)
        elif op == 0x2E:
            self.scrolling = False
        elif op == 0x2F:
            self.scrolling = True
        # 0xD5, 0xD9, 0xDB, 0xE3 (NOP), scroll set-up: timing and analogue settings with no picture effect

    def _data(self, b):
        self.bytes_data += 1
        idx = self.page * 128 + self.col
        if self.ram[idx] != b:
            self.ram[idx] = b
            self.version += 1
        if self.mode == 0:  # horizontal: column first, then page
            if self.col >= self.col_end:
                self.col = self.col_start
                self.page = self.page_start if self.page >= self.page_end else self.page + 1
            else:
                self.col += 1
        elif self.mode == 1:  # vertical: page first, then column
            if self.page >= self.page_end:
                self.page = self.page_start
                self.col = self.col_start if self.col >= self.col_end else self.col + 1
            else:
                self.page += 1
        else:  # page mode: the column wraps within the page
            self.col = (self.col + 1) & 127

    # -- the glass ----------------------------------------------------------------------------------
    def lit(self):
        """True when the panel shows anything at all."""
        return self.display_on and self.charge_pump

    def state_key(self):
        """Everything the glass depends on, as one hashable value (for change detection)."""
        return (bytes(self.ram), self.lit(), self.entire_on, self.inverse, self.seg_remap, self.com_remap,
                self.mux, self.offset, self.start_line, self.com_alt, self.contrast)

    def glass(self):
        """The glass as bytes, `height` rows of `width` values 0/1, row-major."""
        w, h = self.width, self.height
        if not self.lit():
            return bytes(w * h)
        if self.entire_on:
            return b"\x01" * (w * h)
        nrows = self.mux + 1
        panel_alt = h == 64  # Adafruit's 128x64 modules are wired for the alternative COM layout
        ram = self.ram
        dark = bytes(w)
        out = []
        for y in range(h):
            if y >= nrows:
                out.append(dark)
                continue
            com = y if self.com_remap else nrows - 1 - y
            if self.com_alt != panel_alt:
                half = nrows // 2
                com = (com % 2) * half + com // 2 if self.com_alt else ((com % half) * 2 + com // half)
            r = (com + self.offset + self.start_line) & 63
            page = r >> 3
            line = ram[page * 128:page * 128 + 128].translate(_BIT[(r & 7) + (8 if self.inverse else 0)])
            if not self.seg_remap:
                line = line[::-1]  # glass column x shows RAM column 127 - x
            out.append(bytes(line[self.col_offset:self.col_offset + w]))
        return b"".join(out)

    def glass_rows(self):
        """The glass as `height` lists of `width` ints (0/1)."""
        g = self.glass()
        w = self.width
        return [list(g[i:i + w]) for i in range(0, len(g), w)]

    def image(self, scale=1, on=(255, 255, 255), off=(0, 0, 0)):
        """The glass as a PIL RGB image, pixel-true, each pixel scale x scale."""
        from PIL import Image

        rows = self.glass_rows()
        img = Image.new("RGB", (self.width, self.height), off)
        px = img.load()
        for y, row in enumerate(rows):
            for x, v in enumerate(row):
                if v:
                    px[x, y] = on
        if scale != 1:
            img = img.resize((self.width * scale, self.height * scale), Image.NEAREST)
        return img

    def count_lit(self):
        return sum(self.glass())
