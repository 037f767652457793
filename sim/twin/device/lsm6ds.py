"""Register-level model of the ST LSM6DS family, driven by the real adafruit_lsm6ds driver.

What is modelled (datasheet register map shared by LSM6DS33 / LSM6DS3TR-C / LSM6DSOX / ISM330DHCX):
WHO_AM_I (0x0F), CTRL1_XL (0x10: ODR_XL[7:4], FS_XL[3:2]), CTRL2_G (0x11: ODR_G[7:4], FS_G[3:2],
FS_125 bit 1, ISM330DHCX FS_4000 bit 0), CTRL3_C (0x12: BOOT 7, BDU 6, IF_INC 2, SW_RESET 0),
STATUS_REG (0x1E: XLDA bit 0, GDA bit 1, TDA bit 2), OUT_TEMP (0x20), OUTX_L_G..OUTZ_H_G (0x22..0x27),
OUTX_L_A..OUTZ_H_A (0x28..0x2D). Every other register simply stores what is written.

Samples are produced at the configured output data rate on the virtual clock: sample k is the motion at
k / ODR seconds, quantized to the range's LSB (two's complement, little endian) and saturated at
+-32767. A data-ready bit is set when a newer sample exists than the last one read from that block.
Reads auto-increment when IF_INC is set (the reset default). Faults on demand: NACK windows (optionally
losing the configuration, as after a brown-out) and stuck-output windows.
The FIFO of each family (sim/twin/device/lsm6ds_fifo.py) queues every sample while it is in continuous mode, so a
loop that is busy longer than a sample period loses nothing as long as it drains the FIFO in time.
"""

import math
import random

from sim.twin.device.lsm6ds_fifo import Fifo

# The LSM6DSO32 answers with the LSM6DSOX's id but its FS_XL codes mean 4/32/8/16 g (datasheet DS13088).
WHO_AM_I = {"LSM6DS33": 0x69, "LSM6DS3TRC": 0x6A, "LSM6DSOX": 0x6C, "ISM330DHCX": 0x6B, "LSM6DSO32": 0x6C}

R_WHO_AM_I = 0x0F
R_CTRL1_XL = 0x10
R_CTRL2_G = 0x11
R_CTRL3_C = 0x12
R_STATUS = 0x1E
R_OUT_TEMP_L = 0x20
R_OUTX_L_G = 0x22
R_OUTX_L_A = 0x28

CTRL3_DEFAULT = 0x04  # IF_INC

ODR_HZ = (0.0, 12.5, 26.0, 52.0, 104.0, 208.0, 416.0, 833.0, 1666.0, 3332.0, 6664.0, 1.6)
# Sensitivities from the datasheets (the same numbers adafruit_lsm6ds uses).
ACCEL_MG_PER_LSB = {0: 0.061, 1: 0.488, 2: 0.122, 3: 0.244}  # FS_XL: 2 g, 16 g, 4 g, 8 g
DSO32_MG_PER_LSB = {0: 0.122, 1: 0.976, 2: 0.244, 3: 0.488}  # FS_XL on the LSM6DSO32: 4 g, 32 g, 8 g, 16 g
GYRO_MDPS_PER_LSB = {0: 8.75, 1: 17.5, 2: 35.0, 3: 70.0}  # FS_G: 250, 500, 1000, 2000 dps
G0 = 9.80665


def _i16(v):
    """Round and saturate to a signed 16-bit output code."""
    if v != v:  # NaN: a real chip never outputs one; treat as zero
        return 0
    if v > 32767 or v < -32768:  # saturates, as the chip does (also +-inf, which int() cannot take)
        return 32767 if v > 0 else -32768
    r = int(math.floor(v + 0.5))
    if r > 32767:
        return 32767
    if r < -32768:
        return -32768
    return r


class Noise:
    """Sensor imperfections, deterministic from a seed. Defaults are of the LSM6DS33's typical order:
    accel noise ~90 ug/sqrt(Hz), gyro ~7 mdps/sqrt(Hz) at ~50 Hz bandwidth, a small gyro zero-rate offset."""

    def __init__(self, seed=1, accel_rms=0.006, gyro_rms_dps=0.06, gyro_bias_dps=0.5):
        rng = random.Random(seed)
        self.rng = rng
        self.accel_rms = accel_rms
        self.gyro_rms = math.radians(gyro_rms_dps)
        self.gyro_bias = tuple(math.radians(rng.uniform(-gyro_bias_dps, gyro_bias_dps)) for _ in range(3))


class Fault:
    def __init__(self, kind, start_us, end_us, lose_config=False):
        self.kind = kind  # "nack" or "stuck"
        self.start_us = start_us
        self.end_us = end_us
        self.lose_config = lose_config
        self.applied = False


class LSM6DSModel:
    def __init__(self, clock, motion, chip="LSM6DS33", noise=None):
        if chip not in WHO_AM_I:
            raise ValueError("unknown chip %r (one of %s)" % (chip, ", ".join(sorted(WHO_AM_I))))
        self.clock = clock
        self.motion = motion  # motion.imu(t_s) -> (ax, ay, az, gx, gy, gz) in m/s^2 and rad/s
        self.chip = chip
        self.noise = noise
        self.present = True
        self.faults = []
        self.regs = bytearray(128)
        self.ptr = 0
        self.fifo = Fifo(chip)
        self.samples_made = 0  # samples computed from the motion (for stats)
        self.on_output_read = None  # fn(sample index) when a read starts at the gyro or accel outputs
        self.on_fifo_status = None  # fn() when FIFO_STATUS1 is read (the device starts a drain)
        self.reset()

    # -- faults -----------------------------------------------------------------------------------
    def add_fault(self, kind, start_s, end_s, lose_config=False):
        """kind "nack": the chip does not answer from start_s to end_s (virtual seconds); with
        lose_config it comes back with its reset configuration (powered down), as after a brown-out.
        kind "stuck": the output registers stop changing while data-ready keeps toggling."""
        self.faults.append(Fault(kind, int(start_s * 1e6), int(end_s * 1e6), lose_config))

    def _active(self, kind):
        now = self.clock.now_us
        hit = False
        for f in self.faults:
            if f.kind == kind and f.start_us <= now < f.end_us:
                hit = True
                if f.lose_config and not f.applied:
                    f.applied = True
                    self.reset()
        return hit

    def acks(self):
        return self.present and not self._active("nack")

    # -- registers --------------------------------------------------------------------------------
    def reset(self):
        r = self.regs
        for i in range(len(r)):
            r[i] = 0
        r[R_WHO_AM_I] = WHO_AM_I[self.chip]
        r[R_CTRL3_C] = CTRL3_DEFAULT
        self._k_xl = -1  # index of the sample now in the output registers
        self._k_g = -1
        self._read_xl = -1  # index of the last sample read out
        self._read_g = -1
        if hasattr(self, "fifo"):
            self.fifo.k_next = None
            self.fifo.clear()

    def _odr(self, reg):
        code = self.regs[reg] >> 4
        return ODR_HZ[code] if code < len(ODR_HZ) else 0.0

    def _k_now(self, reg):
        """Index of the latest completed sample at the current time, -1 when powered down."""
        odr = self._odr(reg)
        if odr <= 0.0:
            return -1
        return int(self.clock.now_us * odr // 1_000_000)

    def accel_lsb(self):
        """m/s^2 per LSB at the configured range."""
        table = DSO32_MG_PER_LSB if self.chip == "LSM6DSO32" else ACCEL_MG_PER_LSB
        return table[(self.regs[R_CTRL1_XL] >> 2) & 3] * G0 / 1000.0

    def gyro_lsb(self):
        """rad/s per LSB at the configured range."""
        c2 = self.regs[R_CTRL2_G]
        if self.chip == "ISM330DHCX" and c2 & 1:
            mdps = 140.0
        elif c2 & 2:
            mdps = 4.375
        else:
            mdps = GYRO_MDPS_PER_LSB[(c2 >> 2) & 3]
        return math.radians(mdps / 1000.0)

    def _accel_codes(self, k):
        v = self._sample(k / self._odr(R_CTRL1_XL))
        lsb = self.accel_lsb()
        n = self.noise
        return [_i16((v[i] + (n.rng.gauss(0.0, n.accel_rms) if n else 0.0)) / lsb) for i in range(3)]

    def _gyro_codes(self, k):
        v = self._sample(k / self._odr(R_CTRL2_G))
        lsb = self.gyro_lsb()
        n = self.noise
        return [_i16((v[3 + i] + ((n.gyro_bias[i] + n.rng.gauss(0.0, n.gyro_rms)) if n else 0.0)) / lsb)
                for i in range(3)]

    def _update_outputs(self):
        """Latch the newest sample into the output registers (BDU: only between reads)."""
        if self._active("stuck"):
            return
        k_xl = self._k_now(R_CTRL1_XL)
        k_g = self._k_now(R_CTRL2_G)
        if k_xl == self._k_xl and k_g == self._k_g:
            return
        if k_xl >= 0 and k_xl != self._k_xl:
            for i, c in enumerate(self._accel_codes(k_xl)):
                self._put(R_OUTX_L_A + 2 * i, c)
            self._k_xl = k_xl
        if k_g >= 0 and k_g != self._k_g:
            for i, c in enumerate(self._gyro_codes(k_g)):
                self._put(R_OUTX_L_G + 2 * i, c)
            self._k_g = k_g

    def _fifo_sample(self, k):
        """Sample set k as the FIFO stores it: gyro x, y, z then accel x, y, z, int16 little endian (a stuck
        chip repeats what its outputs hold)."""
        if self._active("stuck"):
            return bytes(self.regs[R_OUTX_L_G:R_OUTX_L_G + 12])
        out = bytearray(12)
        for i, c in enumerate(self._gyro_codes(k) + self._accel_codes(k)):
            c &= 0xFFFF
            out[2 * i] = c & 0xFF
            out[2 * i + 1] = c >> 8
        return out

    def _update_fifo(self):
        f = self.fifo
        f.fill(f.enabled(self.regs) and self._odr(R_CTRL2_G) > 0 and self._odr(R_CTRL1_XL) > 0,
               self._k_now(R_CTRL2_G), self._fifo_sample)

    def _sample(self, t_s):
        self.samples_made += 1
        return self.motion.imu(t_s)

    def _put(self, reg, code):
        code &= 0xFFFF
        self.regs[reg] = code & 0xFF
        self.regs[reg + 1] = code >> 8

    def _status(self):
        s = 0
        if self._k_now(R_CTRL1_XL) > self._read_xl:
            s |= 1
        if self._k_now(R_CTRL2_G) > self._read_g:
            s |= 2
        if self._k_now(R_CTRL1_XL) >= 0:
            s |= 4  # temperature follows the accelerometer's rate
        return s

    # -- transport --------------------------------------------------------------------------------
    def write(self, data):
        if not data:
            return  # a probe
        self._update_fifo()
        self.fifo.word_done()
        self.ptr = data[0] & 0x7F
        for b in data[1:]:
            self._write_reg(self.ptr, b)
            self._advance_ptr()

    def _write_reg(self, reg, value):
        if reg == R_WHO_AM_I or R_STATUS <= reg <= 0x2D or 0x3A <= reg <= 0x3F or reg >= 0x78:
            return  # read-only
        if reg == R_CTRL3_C and value & 1:
            self.reset()  # SW_RESET: registers back to defaults; the bit clears itself
            return
        self.regs[reg] = value
        if reg == 0x0A and value & 7 != 6:  # FIFO mode bypass (both families): the FIFO is emptied
            self.fifo.k_next = None
            self.fifo.clear()

    def _advance_ptr(self):
        if self.regs[R_CTRL3_C] & 0x04:
            self.ptr = (self.ptr + 1) & 0x7F

    def _on_fifo_sample(self, k):
        if self.on_output_read is not None:
            self.on_output_read(k)

    def read(self, n):
        if self.ptr < 0x3A:  # the output registers latch when read (the FIFO fills on its own)
            self._update_outputs()
        self._update_fifo()
        if self.on_output_read is not None and self.ptr in (R_OUTX_L_G, R_OUTX_L_A):
            self.on_output_read(self._k_g if self.ptr == R_OUTX_L_G else self._k_xl)
        out = bytearray(n)
        lo, hi = self.fifo.data_regs()
        for i in range(n):
            reg = self.ptr
            if lo <= reg < hi:  # FIFO_DATA_OUT: pops the FIFO; a burst rolls back to its first register
                out[i] = self.fifo.read_byte(self._on_fifo_sample)
                self.ptr = reg + 1 if reg + 1 < hi else lo
                continue
            if 0x3A <= reg <= 0x3D:
                if reg == 0x3A and self.on_fifo_status is not None:
                    self.on_fifo_status()  # a drain starts: every sample read before has been handled
                out[i] = self.fifo.status(reg)
            elif reg == R_STATUS:
                out[i] = self._status()
            else:
                out[i] = self.regs[reg]
                if R_OUTX_L_G <= reg < R_OUTX_L_G + 6:
                    self._read_g = self._k_g
                elif R_OUTX_L_A <= reg < R_OUTX_L_A + 6:
                    self._read_xl = self._k_xl
            self._advance_ptr()
        self.fifo.word_done()
        return bytes(out)
