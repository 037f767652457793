"""The LSM6DS FIFO, register-level, for the two families the twin emulates (datasheet register maps).

Pattern family (LSM6DS33, LSM6DS3TR-C): FIFO_CTRL1-5 at 0x06-0x0A. FIFO_CTRL3 (0x08) DEC_FIFO_GYRO[5:3],
DEC_FIFO_XL[2:0] (001: every sample); FIFO_CTRL5 (0x0A) ODR_FIFO[6:3], FIFO_MODE[2:0] (000 bypass, 110
continuous). FIFO_STATUS1/2 (0x3A/0x3B): DIFF_FIFO, the unread 16-bit words (12 bits on the LSM6DS33, 11 on the
LSM6DS3TR-C), STATUS2 bit 6 OVER_RUN, bit 5 FULL, bit 4 EMPTY; FIFO_STATUS3/4 (0x3C/0x3D): FIFO_PATTERN, the
index in the pattern of the next word to be read. Each sample set is six words, gyro then accelerometer: Gx Gy
Gz Ax Ay Az (the same order as the output registers from 0x22). Data from FIFO_DATA_OUT_L/H (0x3E/0x3F); a burst
read rolls from 0x3F back to 0x3E, so one read takes many words.

Tagged family (LSM6DSOX, LSM6DSO32, ISM330DHCX): FIFO_CTRL1-4 at 0x07-0x0A. FIFO_CTRL3 (0x09) BDR_GY[7:4],
BDR_XL[3:0] (the ODR codes); FIFO_CTRL4 (0x0A) FIFO_MODE[2:0]. FIFO_STATUS1/2 (0x3A/0x3B): DIFF_FIFO in 7-byte
words (10 bits), STATUS2 bit 6 FIFO_OVR_IA, bit 5 FIFO_FULL_IA. A word is FIFO_DATA_OUT_TAG (0x78: TAG_SENSOR[7:3]
0x01 gyro, 0x02 accelerometer; TAG_CNT[2:1], the time slot; parity bit 0) and six data bytes (0x79-0x7E); a burst
read rolls from 0x7E back to 0x78.

In continuous mode a full FIFO drops its oldest sample for each new one (`dropped` counts them).
"""

from collections import deque

PATTERN_CHIPS = ("LSM6DS33", "LSM6DS3TRC")
TAGGED_CHIPS = ("LSM6DSOX", "LSM6DSO32", "ISM330DHCX")
# FIFO depth in words: LSM6DS33 8 kB, LSM6DS3TR-C 4 kB of 16-bit words; the tagged chips 3 kB of 7-byte words
CAPACITY_WORDS = {"LSM6DS33": 4096, "LSM6DS3TRC": 2048, "LSM6DSOX": 438, "LSM6DSO32": 438, "ISM330DHCX": 438}
DIFF_BITS = {"LSM6DS33": 12, "LSM6DS3TRC": 11}
TAG_GYRO = 0x01
TAG_XL = 0x02
MODE_CONTINUOUS = 6


def _parity(b):
    p = 0
    while b:
        p ^= b & 1
        b >>= 1
    return p


class Fifo:
    def __init__(self, chip):
        self.chip = chip
        self.tagged = chip in TAGGED_CHIPS
        self.capacity = CAPACITY_WORDS[chip]
        self.per_sample = 2 if self.tagged else 6  # words per sample set
        self.words = deque()  # (sample index or -1, bytes of the word)
        self.k_next = None  # the next sample index to queue; None: not batching
        self.overrun = False
        self.dropped = 0  # samples lost to a full FIFO
        self.cur = b""  # the word being read out
        self.pos = 0  # its next byte
        self.read_words = 0  # words read out since reset (the pattern index is this modulo 6)
        self.first_k = self.last_k = -1  # the first and the last sample read out of the FIFO
        self.samples_read = 0

    def clear(self):
        self.words.clear()
        self.overrun = False
        self.cur = b""
        self.pos = 0
        self.read_words = 0

    # -- configuration ----------------------------------------------------------------------------
    def data_regs(self):
        return (0x78, 0x7F) if self.tagged else (0x3E, 0x40)

    def enabled(self, regs):
        if self.tagged:
            return (regs[0x0A] & 7) == MODE_CONTINUOUS and (regs[0x09] & 0x0F) != 0 and (regs[0x09] >> 4) != 0
        return ((regs[0x0A] & 7) == MODE_CONTINUOUS and (regs[0x0A] >> 3) & 0x0F != 0 and
                (regs[0x08] & 7) == 1 and (regs[0x08] >> 3) & 7 == 1)

    # -- filling --------------------------------------------------------------------------------------
    def fill(self, on, k_now, make):
        """Queue every sample up to index k_now (make(k) -> 12 bytes: gyro x, y, z, accel x, y, z)."""
        if not on or k_now < 0:
            if self.k_next is not None:
                self.k_next = None
                self.clear()
            return
        if self.k_next is None:
            self.k_next = k_now + 1  # batching starts with the next sample
            return
        per = self.per_sample
        most = self.capacity // per
        if k_now - self.k_next + 1 > most:  # only the newest fit: the older ones were overwritten
            skip = k_now - most + 1 - self.k_next
            self.dropped += skip
            self.overrun = True
            self.k_next += skip
        for k in range(self.k_next, k_now + 1):
            self.put(k, make(k))
        self.k_next = k_now + 1

    def put(self, k, data):
        """Queue sample set k (12 bytes: gyro x, y, z, accel x, y, z, int16 little endian) as the chip does,
        dropping the oldest when full (fill() does it for every sample made; a test sets what the FIFO holds)."""
        per = self.per_sample
        while len(self.words) + per > self.capacity:
            for _ in range(per):
                self.words.popleft()
            self.dropped += 1
            self.overrun = True
        if self.tagged:
            cnt = k & 3
            for tag, part in ((TAG_GYRO, data[0:6]), (TAG_XL, data[6:12])):
                t = (tag << 3) | (cnt << 1)
                t |= _parity(t)
                self.words.append((k, bytes([t]) + bytes(part)))
        else:
            for i in range(6):
                self.words.append((k, bytes(data[2 * i:2 * i + 2])))

    # -- reading ------------------------------------------------------------------------------------
    def status(self, reg):
        n = len(self.words)
        if self.tagged:
            if reg == 0x3A:
                return n & 0xFF
            if reg == 0x3B:
                return (0x40 if self.overrun else 0) | (0x20 if n >= self.capacity else 0) | ((n >> 8) & 0x03)
            return 0
        if reg == 0x3A:
            return n & 0xFF
        if reg == 0x3B:
            hi = (n >> 8) & ((1 << (DIFF_BITS[self.chip] - 8)) - 1)
            return ((0x40 if self.overrun else 0) | (0x20 if n >= self.capacity else 0) |
                    (0x10 if n == 0 else 0) | hi)
        pattern = self.read_words % 6
        return pattern & 0xFF if reg == 0x3C else (pattern >> 8) & 0x03

    def read_byte(self, on_sample):
        """The next byte of FIFO_DATA_OUT; on_sample(k) when a sample set's first word starts."""
        if self.pos >= len(self.cur):
            if self.words:
                k, self.cur = self.words.popleft()
                first = (self.cur[0] >> 3) == TAG_GYRO if self.tagged else self.read_words % 6 == 0
                self.read_words += 1
                self.overrun = False  # cleared once the FIFO is read
                if first:
                    if self.first_k < 0:
                        self.first_k = k
                    self.last_k = k
                    self.samples_read += 1
                    on_sample(k)
            else:
                self.cur = bytes(7 if self.tagged else 2)  # an empty FIFO reads zeros
            self.pos = 0
        b = self.cur[self.pos]
        self.pos += 1
        return b

    def word_done(self):
        """A read transaction ended: the next one starts at a word boundary (the pointer is set again)."""
        self.pos = len(self.cur)
