"""Stillness: blocks of samples in which the sensor did not move.

A still block is what calibration needs (gravity direction and gyro bias at rest) and what keeps the gyro
bias fresh later. Stillness is NOT rest: the leg is also still at the top of a rep. Whether a still moment
is rest is decided from the angle (reps.py), never from stillness alone.
"""

from bandlift.compat import const

BLOCK_MS = const(500)  # a still block lasts this long (ms)
GYRO_TOL = 0.06  # rad/s (3.4 deg/s): max deviation of any gyro axis from the block's first sample
ACC_TOL = 0.35  # m/s^2: max deviation of any accel axis from the block's first sample


class StillDetector:
    def __init__(self):
        self.ready = False  # a complete still block is available in the mean_* attributes
        self.mean_ax = self.mean_ay = self.mean_az = 0.0
        self.mean_gx = self.mean_gy = self.mean_gz = 0.0
        self.restart()

    def restart(self):
        """Start a new block at the next sample."""
        self.n = 0
        self.ms = 0
        self.ready = False

    def update(self, dt_ms, ax, ay, az, gx, gy, gz):
        """Add one sample; True when the block has been still for BLOCK_MS (means are then ready)."""
        n = self.n
        if n:
            if (
                abs(gx - self.rgx) > GYRO_TOL
                or abs(gy - self.rgy) > GYRO_TOL
                or abs(gz - self.rgz) > GYRO_TOL
                or abs(ax - self.rax) > ACC_TOL
                or abs(ay - self.ray) > ACC_TOL
                or abs(az - self.raz) > ACC_TOL
            ):
                n = 0
            else:
                self.ms += dt_ms
        if n == 0:
            # this sample starts a new block: it is the reference
            self.rax, self.ray, self.raz = ax, ay, az
            self.rgx, self.rgy, self.rgz = gx, gy, gz
            self.sax = self.say = self.saz = 0.0
            self.sgx = self.sgy = self.sgz = 0.0
            self.ms = 0
        self.sax += ax
        self.say += ay
        self.saz += az
        self.sgx += gx
        self.sgy += gy
        self.sgz += gz
        n += 1
        self.n = n
        if self.ms >= BLOCK_MS:
            self.mean_ax = self.sax / n
            self.mean_ay = self.say / n
            self.mean_az = self.saz / n
            self.mean_gx = self.sgx / n
            self.mean_gy = self.sgy / n
            self.mean_gz = self.sgz / n
            self.ready = True
            return True
        self.ready = False
        return False
