# Register-level stand-ins for the chips on the I2C bus (the same register map as sim/twin/device/lsm6ds.py, kept
# small for MicroPython): the LSM6DS answers WHO_AM_I, keeps the control registers the driver writes (SW_RESET
# clears itself), sets STATUS data-ready bits at the output data rate of the virtual clock, and serves the
# 12-byte output burst from a file of raw samples (gx gy gz ax ay az, int16 LE at +-4 g and 1000 dps, 104 Hz)
# read by virtual time: a sample not read before the next one is made is lost, as on the chip without its FIFO.
# The FIFO of the LSM6DS33 / LSM6DS3TR-C (the pattern layout, sim/twin/device/lsm6ds_fifo.py has both families): in
# continuous mode (FIFO_CTRL5 0x0A mode 110, FIFO_CTRL3 0x08 = 0x09) every sample made since it was turned on
# waits, up to its depth; FIFO_STATUS1-4 (0x3A-0x3D) count the unread words, FIFO_DATA_OUT (0x3E) serves them six
# words a sample (gx gy gz ax ay az), a burst rolling over.
# The SSD1306 acknowledges and takes whatever it is sent.
from devworld import WORLD

WHO_AM_I = {"LSM6DS33": 0x69, "LSM6DS3TRC": 0x6A, "LSM6DSOX": 0x6C, "ISM330DHCX": 0x6B}
R_WHO_AM_I = 0x0F
R_CTRL2_G = 0x11
R_CTRL3_C = 0x12
R_STATUS = 0x1E
R_OUTX_L_G = 0x22
R_OUTX_L_A = 0x28
PERIOD_US = (0, 80000, 38461, 19230, 9615, 4807, 2403)  # by ODR code: off, 12.5 ... 416 Hz
FIFO_SAMPLES = {0x69: 682, 0x6A: 341}  # FIFO depth in samples: LSM6DS33 8 kB, LSM6DS3TR-C 4 kB (12 bytes each)
FILE_PERIOD_US = 9615  # the sample file is at 104 Hz


class LSM6DS:
    def __init__(self, samples_file, chip="LSM6DS3TRC", address=0x6A):
        self.f = samples_file
        self.address = address
        self.who = WHO_AM_I[chip]
        self.regs = bytearray(128)
        self.sample = bytearray(12)
        self.ptr = 0
        self.last_k = -1  # index (at the ODR) of the sample last read from the outputs
        self.file_k = -1  # index of the file sample now in the output registers
        self.n_file = 0
        self.reads = 0
        self.lost = 0  # samples made and overwritten before they were read
        self.faults = []  # (start_us, end_us, lose_config): the chip does not answer
        self.in_fault = None
        self.reset()

    def reset(self):
        r = self.regs
        for i in range(128):
            r[i] = 0
        r[R_WHO_AM_I] = self.who
        r[R_CTRL3_C] = 0x04  # IF_INC
        self.last_k = -1
        self.fifo_next = -1  # the next sample index the FIFO hands out (-1: FIFO off)
        self.fifo_byte = 0  # bytes of that sample already read

    def _fifo_on(self):
        return self.who in FIFO_SAMPLES and self.regs[0x0A] & 7 == 6 and self.regs[0x08] == 0x09

    def _fifo_unread(self):
        """Samples waiting in the FIFO (the oldest beyond its depth were overwritten: lost)."""
        k = self._k()
        if self.fifo_next < 0:
            self.fifo_next = k + 1
        n = k - self.fifo_next + 1
        depth = FIFO_SAMPLES[self.who]
        if n > depth:
            self.lost += n - depth
            self.fifo_next += n - depth
            n = depth
        return n if n > 0 else 0

    def acks(self):
        now = WORLD.now_us
        for f in self.faults:
            if f[0] <= now < f[1]:
                if f[2] and self.in_fault is not f:
                    self.in_fault = f
                    self.reset()  # powered down: comes back with its reset configuration
                return False
        return True

    def _k(self):
        p = PERIOD_US[(self.regs[R_CTRL2_G] >> 4) % 7]
        return WORLD.now_us // p if p else -1

    def write(self, buf, start, end):
        if end <= start:
            return
        reg = buf[start] & 0x7F
        self.ptr = reg
        for i in range(start + 1, end):
            v = buf[i]
            if reg == R_CTRL3_C and v & 0x81:  # SW_RESET / BOOT: back to defaults; the bit clears itself
                self.reset()
                v &= 0x7E
            if reg != R_WHO_AM_I:
                self.regs[reg] = v
            if reg == 0x0A and v & 7 != 6:  # bypass: the FIFO empties
                self.fifo_next = -1
            reg = (reg + 1) & 0x7F

    def _load(self):
        k = self._k()
        if k < 0:
            return
        if self.last_k >= 0 and k > self.last_k + 1:
            self.lost += k - self.last_k - 1
        self.last_k = k
        fk = WORLD.now_us // FILE_PERIOD_US
        if fk != self.file_k:
            self.file_k = fk
            f = self.f
            f.seek(fk * 12)
            if f.readinto(self.sample) == 12:
                self.n_file += 1
            s = self.sample
            r = self.regs
            for i in range(12):
                r[R_OUTX_L_G + i] = s[i]
        self.reads += 1

    def _fifo_read(self, buf, start, end):
        s = self.sample
        f = self.f
        p = PERIOD_US[(self.regs[R_CTRL2_G] >> 4) % 7]
        for i in range(start, end):
            if self.fifo_byte == 0:
                f.seek((self.fifo_next * p // FILE_PERIOD_US) * 12)
                if f.readinto(s) == 12:
                    self.n_file += 1
                self.reads += 1
            buf[i] = s[self.fifo_byte]
            self.fifo_byte += 1
            if self.fifo_byte == 12:
                self.fifo_byte = 0
                self.fifo_next += 1

    def read_into(self, buf, start, end):
        reg = self.ptr
        if 0x3A <= reg <= 0x3E and self._fifo_on():
            if reg == 0x3E:
                self._fifo_read(buf, start, end)
                return
            words = self._fifo_unread() * 6
            for i in range(start, end):  # FIFO_STATUS1..4 (no tuple: a C bus on the board makes nothing on the heap,
                # and a harness that did would fail where the program has no room)
                buf[i] = words & 0xFF if reg == 0x3A else ((words >> 8) & 0x0F | (0x10 if words == 0 else 0)
                                                           if reg == 0x3B else 0)
                reg += 1
            return
        if reg == R_STATUS:
            k = self._k()
            self.regs[R_STATUS] = 7 if k > self.last_k else 4
        elif reg == R_OUTX_L_G or reg == R_OUTX_L_A:
            self._load()
        r = self.regs
        for i in range(start, end):
            buf[i] = r[reg]
            reg = (reg + 1) & 0x7F


class SSD1306:
    def __init__(self, address=0x3C):
        self.address = address
        self.commands = 0

    def acks(self):
        return True

    def write(self, buf, start, end):
        pass

    def read_into(self, buf, start, end):
        for i in range(start, end):
            buf[i] = 0

    def command(self, cmd, data):
        self.commands += 1
