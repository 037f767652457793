"""The LSM6DS IMU: find the chip, configure it, then read it the fast way.

Setup (bandlift.hw.imu_setup) writes the few registers adafruit_lsm6ds would, for the chip WHO_AM_I names (the
Feather Sense changed chips); with keep_driver the driver itself sets it up and stays (tests). Samples come
from ONE 12-byte burst from OUTX_L_G (0x22) through OUTZ_H_A (0x2D) into a preallocated array of six int16
(the chip's little-endian words land as signed values: no byte arithmetic), converted with precomputed scale
factors: no allocation per sample, half the bus time of the driver's two reads. `codes` keeps the values as the
chip sent them (gx gy gz ax ay az), which the recorder stores.
I2C errors never escape: read() returns False, `error` says why, and `retry(now_ms)` re-initialises, first
after 50 ms, then waiting twice as long after each failed attempt (up to 2 s): a short glitch costs little,
a missing sensor does not flood the bus.
A sensor whose output freezes (the same six values for a second: a real one's noise changes them every sample)
is "IMU stuck" and is set up again; the core is not fed frozen samples (they would look like a strap that
stopped moving).
The LSM6DSO32 answers with the LSM6DSOX's WHO_AM_I but its range codes differ: set up as an LSOX it reads half
of gravity. Setup checks |a| at rest and switches to the LSM6DSO32 class when it reads ~0.5 g.

The FIFO: the chip queues every sample while the loop is busy (a rep's end, a display refresh, a flash write
take longer than a 9.6 ms sample period), so none is lost. `drain(now_ms)` reads what waits, up to MAX_BURST
samples, in ONE transaction into a preallocated buffer, and hands them over as the chip sent them: with k = `at`,
sample i's six values are `codes[6 * (k + i):6 * (k + i) + 6]` (gx gy gz ax ay az; times a_scale / g_scale they
are m/s^2 / rad/s) and its time `ts[k + i]` (reconstructed from the output rate and the read time, wrap-safe
integer ms). `at` is 0 unless the recorder lent its block (bandlift.hw.recorder: the samples land where they are
recorded, none copied). The loop scales them itself: one call a drain, not two a sample (docs/performance.md).
Frozen output is checked once a drain, on its newest sample. Two register layouts (imu_setup.py configures them):
the LSM6DS33 / LSM6DS3TR-C queue 16-bit words in a fixed pattern (gx gy gz ax ay az, FIFO_DATA_OUT 0x3E: a burst
of n samples lands in 6n values of the int16 array, in one read: busio's in_start and in_end bound it in
elements), the LSM6DSOX / LSM6DSO32 / ISM330DHCX 7-byte tagged words (tag, x, y, z at 0x78: bytes, paired by time
slot and decoded in bandlift.hw.imu_tagged, loaded for those chips only). A chip whose FIFO is not known here is
read one sample per data-ready.
"""

from array import array

from bandlift.compat import const, forget, ticks_diff

_TYPING = const(0)  # imports for the type check: mypy reads the block, the board's compiler drops it
if _TYPING:
    import busio

_TMAX = const((1 << 29) - 1)  # bandlift.compat.TICKS_MAX, folded here: a ticks difference's mask
_RD_STATUS = const(b"\x3a")  # FIFO_STATUS1..4 (the tagged chips use the first two)
_RD_PATTERN = const(b"\x3e")  # FIFO_DATA_OUT_L: a burst read rolls back from 0x3F to 0x3E
_FIFO_NONE = const(0)
FIFO_PATTERN = const(1)
_FIFO_TAGGED = const(2)
MAX_BURST = const(8)  # samples per drain: ~12 ms of the core's work, so the game still ticks between bursts
_RETRY_FIRST_MS = const(50)  # first re-initialisation attempt after an error ...
_RETRY_MAX_MS = const(2000)  # ... then twice as long each time, up to this

ADDRESSES = (0x6A, 0x6B)


class IMU:
    # set by hw/imu_setup.py (let go once it ran); declared for the type check: bare annotations compile to nothing
    i2c: "busio.I2C"; address: int; errors: int; stuck_samples: int; period_us: int; a_scale: float
    g_scale: float; reg: bytearray; st: bytearray; _one: array; _fbuf: bytearray; _fst: bytearray

    def __init__(self, i2c, addresses=ADDRESSES, rate_hz=104, keep_driver=False, use_fifo=True):
        self._retry_ms = _RETRY_FIRST_MS
        self.fifo = _FIFO_NONE  # (imu_setup sets the layout when it configured a FIFO)
        self.name = None  # chip class name
        from bandlift.hw import imu_setup  # the first values: code that runs once (setup() lets the module go)

        imu_setup.start(self, i2c, addresses, rate_hz, keep_driver, use_fifo)
        # where a drain lands its samples, made here (a drain makes nothing): sample i of a drain of n at
        # codes[6 * (at + i)] (six int16), its ticks at ts[at + i]. The recorder hands over its block's arrays
        # and moves `at` along them, so the chip's bytes land in the block itself (bandlift.hw.recorder: nothing
        # copied a sample); without it they land at 0
        self.codes = array("h", (0,) * (6 * MAX_BURST))
        self.ts = array("i", (0,) * MAX_BURST)  # ticks ms (under 2**29: fit an int32)
        self.at = 0

    def setup(self):
        """Find and configure the chip. True when ready; never raises. The code for it (bandlift.hw.imu_setup)
        is loaded for the setup only: a retry loads it again."""
        self.ok = False
        try:
            from bandlift.hw import imu_setup
        except MemoryError:
            self.errors += 1
            self.error = "IMU: out of memory"
            return False
        self.t_last = -1
        if self._tagged is not None:
            self._tagged.carry = -1
        ok = imu_setup.setup(self)
        del imu_setup
        forget("bandlift.hw.imu_setup")
        if ok and self.fifo != FIFO_PATTERN and self._drain_other is None:
            try:
                from bandlift.hw.imu_poll import drain

                self._drain_other = drain
                if self.fifo == _FIFO_TAGGED and self._tagged is None:
                    from bandlift.hw.imu_tagged import Tagged

                    self._tagged = Tagged(MAX_BURST)
            except MemoryError:
                self.ok = False
                self.errors += 1
                self.error = "IMU: out of memory"
                return False
        if ok:
            self._retry_ms = _RETRY_FIRST_MS
        try:
            import gc

            gc.collect()
        except ImportError:
            pass
        return ok

    def retry(self, now_ms):
        """After an error: set up again after 50 ms, 100 ms, 200 ms ... 2 s. True when the IMU is back."""
        if self.ok:
            return True
        if self._last_try is None:
            self._last_try = now_ms
            return False
        if ticks_diff(now_ms, self._last_try) < self._retry_ms:
            return False
        self._last_try = now_ms
        if self._retry_ms < _RETRY_MAX_MS:
            self._retry_ms = min(_RETRY_MAX_MS, self._retry_ms * 2)
        keep = self.error
        wait = self._retry_ms
        if self.setup():
            if keep.startswith("IMU stuck"):
                self._retry_ms = wait  # a chip that stays frozen is not set up again every second
                # answering again is not enough: stay "stuck" (and feed nothing) until the output moves
                self._suspect = True
                self.error = keep
            return True
        return False

    def _fail(self, e):
        self.ok = False
        self._last_try = None
        self.errors += 1
        self.error = "IMU lost: " + str(e)

    def _stuck(self):
        self.ok = False
        self._last_try = None
        self.errors += 1
        self.error = "IMU stuck: output frozen"

    def _frozen(self, c, o, n):
        """True when the n samples up to c[o:o + 6] (the newest) are not to be fed: the output has not moved since
        the sample checked before (a real chip's noise changes the sum every sample) for stuck_samples (then
        "IMU stuck"), or since a set-up after "IMU stuck"."""
        s = c[o] + c[o + 1] + c[o + 2] + c[o + 3] + c[o + 4] + c[o + 5]
        if s == self._sum:
            self._same += n
            if self._same >= self.stuck_samples:
                self._stuck()
                return True
            return self._suspect
        self._sum = s
        self._same = 0
        if self._suspect:
            self._suspect = False
            self.error = ""
        return False

    # -- the FIFO ----------------------------------------------------------------------------------------
    def drain(self, now_ms):
        """How many samples wait in codes / ts now: up to MAX_BURST from the FIFO in one read, or with no FIFO
        one sample when data-ready says so (stamped now_ms). 0 when none waits, on an I2C error and for frozen
        output."""
        if not self.ok:
            return 0
        if self.fifo != FIFO_PATTERN:
            n = self._drain_other(self, now_ms)  # bandlift.hw.imu_poll.drain, for those chips only
            if n == 0 or self.fifo == _FIFO_NONE:  # (that one is stamped now_ms)
                return n
        else:
            # The LSM6DS33 / LSM6DS3TR-C (the nRF52840 Sense's chips) inline: the status and the burst under one
            # lock, the newest sample's frozen check in line (a Python call costs as much as a sample's hand-over,
            # and the loop drains every sample period in a pause and a lowering)
            i2c = self.i2c
            st = self._fst
            n = 0
            while not i2c.try_lock():
                pass
            try:
                i2c.writeto_then_readfrom(self.address, _RD_STATUS, st)
                w = st[0] | ((st[1] & 0x0F) << 8)  # DIFF_FIFO: unread 16-bit words
                if st[2] or st[3] & 0x03:  # FIFO_PATTERN, the next word's place in gx gy gz ax ay az: not at a
                    # sample's start (after an overrun): skip to the next one
                    k = 6 - (st[2] | ((st[3] & 0x03) << 8))
                    if w >= k:
                        i2c.writeto_then_readfrom(self.address, _RD_PATTERN, self._fbuf, in_end=2 * k)
                    w -= k
                if w >= 6:
                    n = w // 6
                    if n > MAX_BURST:
                        n = MAX_BURST
                    o = 6 * self.at
                    i2c.writeto_then_readfrom(self.address, _RD_PATTERN, self.codes, in_start=o,
                                              in_end=o + 6 * n)  # (in elements)
            except OSError as e:
                i2c.unlock()
                self._fail(e)
                return 0
            i2c.unlock()
            if n == 0:
                return 0
            # the newest sample, the burst's last six values: frozen output sums the same (a real chip's noise
            # changes it)
            a = self.codes
            o += 6 * n
            s = a[o - 6] + a[o - 5] + a[o - 4] + a[o - 3] + a[o - 2] + a[o - 1]
            if s == self._sum or self._suspect:
                if self._frozen(a, o - 6, n):
                    return 0
            else:
                self._sum = s
                self._same = 0
        # the samples' times, oldest first (in line: the call would cost a third of a drain): the chip makes one
        # every period_us, and the newest was made within one period before now_ms; kept increasing, in
        # wrap-safe integer ms
        period = self.period_us
        last = self.t_last
        d = (now_ms - last) & _TMAX  # ms since `last` (ticks_diff without the call: a step back is huge)
        ts = self.ts
        b = self.at  # (where this drain's samples landed)
        if last >= 0 and d <= 5000:
            p = self._rem + n * period  # us after `last`: where the chip's own rate puts the newest
            r = d * 1000
            if p > r:
                p = r
            elif p <= r - period:
                p = r - period + 1
            q = p - (n - 1) * period  # the oldest, us after `last`; then a sample period apart (offsets, not
            # ticks: they stay far from the wrap)
            if q < 1000:  # more samples than the ms since `last` hold: each at least 1 ms after the one before
                # (never at or before the sample before it; a period is over 1 ms at every rate, so sample i
                # needs ms i + 1 at least)
                for i in range(n):
                    m = q // 1000
                    if m <= i:
                        m = i + 1
                    ts[b + i] = (last + m) & _TMAX
                    q += period
                self.t_last = (last + p // 1000) & _TMAX
                self._rem = p % 1000
                return n
        else:  # the first read (or after a long gap): the newest is taken as made now
            last = now_ms
            p = 0
            q = (1 - n) * period
        self._rem = p % 1000
        if n == 1:  # (a read in a pause or lowering: one sample, no loop)
            self.t_last = ts[b] = (last + q // 1000) & _TMAX
            return 1
        for i in range(b, b + n):  # a period apart, over 1 ms: in order by themselves
            ts[i] = (last + q // 1000) & _TMAX
            q += period
        self.t_last = ts[b + n - 1]  # (the newest: last + p // 1000)
        return n
