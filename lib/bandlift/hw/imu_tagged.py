"""The LSM6DSOX / LSM6DSO32 / ISM330DHCX FIFO: 7-byte tagged words (tag, then x, y, z little endian at 0x78),
read in one burst and paired by time slot into samples in the pattern layout's order (gx gy gz ax ay az).

bandlift.hw.imu loads this when it sets up such a chip, and its drain() hands the tagged FIFO here: the nRF52840
Sense's LSM6DS33 / LSM6DS3TR-C (the pattern layout, read inline in IMU.drain) keep neither this code nor its
buffers in RAM (~1 kB of the heap on the board).
"""

from bandlift.compat import const

_FIFO_OUT_TAGGED = const(0x78)  # FIFO_DATA_OUT_TAG: a burst read rolls back from 0x7E to 0x78
_TAG_GYRO = const(1)
_TAG_XL = const(2)
_WORD = const(7)  # bytes per tagged FIFO word


class Tagged:
    """The tagged layout's buffers (made once, none per sample) and its drain, for up to `max_burst` samples a
    drain (bandlift.hw.imu.MAX_BURST)."""

    def __init__(self, max_burst):
        self.max_words = 2 * max_burst
        self.fbuf = bytearray(_WORD + max_burst * 2 * _WORD)  # a carried tagged word, then the burst
        self.og = bytearray(max_burst)  # offset in fbuf of each sample's gyro x, y, z ...
        self.oa = bytearray(max_burst)  # ... and of its accelerometer x, y, z
        self.carry = -1  # offset of a tagged word whose pair is still in the FIFO (-1: none)

    def _burst(self, imu, start, end):
        """Read FIFO_DATA_OUT_TAG into fbuf[start:end] in one transaction; False (and imu.ok False) on an
        error."""
        i2c = imu.i2c
        reg = imu.reg
        reg[0] = _FIFO_OUT_TAGGED
        while not i2c.try_lock():
            pass
        try:
            i2c.writeto_then_readfrom(imu.address, reg, self.fbuf, in_start=start, in_end=end)
        except OSError as e:
            i2c.unlock()
            imu._fail(e)
            return False
        i2c.unlock()
        return True

    def drain(self, imu, st):
        """The samples waiting (up to max_burst) from FIFO_STATUS1..2 in `st`, decoded into imu.codes from
        sample imu.at on (6 int16 each); their number."""
        words = st[0] | ((st[1] & 0x03) << 8)  # DIFF_FIFO: unread 7-byte words
        if words > self.max_words:
            words = self.max_words
        if words == 0:
            return 0
        b = self.fbuf
        start = 0
        c = self.carry
        if c >= 0:  # the first half of a sample came in the last burst: it goes first
            for j in range(_WORD):
                b[j] = b[c + j]
            start = _WORD
        self.carry = -1
        end = start + _WORD * words
        if not self._burst(imu, start, end):
            return 0
        og = self.og
        oa = self.oa
        n = 0
        pg = pa = -1  # the gyro / accelerometer word waiting for its pair, and their time slots (TAG_CNT)
        cg = ca = 0
        for o in range(0, end, _WORD):
            tag = b[o] >> 3
            if tag == _TAG_GYRO:
                pg = o
                cg = b[o] & 6
            elif tag == _TAG_XL:
                pa = o
                ca = b[o] & 6
            else:
                continue  # another sensor's word (none is batched)
            if pg >= 0 and pa >= 0:
                if cg == ca:
                    og[n] = pg + 1
                    oa[n] = pa + 1
                    n += 1
                    pg = pa = -1
                elif o == pg:  # the waiting one lost its pair: only the newer word can still pair
                    pa = -1
                else:
                    pg = -1
        self.carry = pg if pg >= 0 else pa
        c = imu.codes  # each pair's little-endian bytes after its tags, sign-extended: the pattern layout's order
        k = 6 * imu.at
        for i in range(n):
            self._decode(c, k, og[i])
            self._decode(c, k + 3, oa[i])
            k += 6
        return n

    def _decode(self, c, at, o):
        """c[at:at + 3]: the x, y, z of the tagged word whose data starts at fbuf[o] (little endian, signed)."""
        b = self.fbuf
        c[at] = (((b[o + 1] << 8) | b[o]) ^ 0x8000) - 0x8000
        c[at + 1] = (((b[o + 3] << 8) | b[o + 2]) ^ 0x8000) - 0x8000
        c[at + 2] = (((b[o + 5] << 8) | b[o + 4]) ^ 0x8000) - 0x8000
