"""Stillness: blocks of samples in which the sensor did not move.

A still block is what calibration needs (gravity direction and gyro bias at rest) and what keeps the gyro
bias fresh later. Stillness is NOT rest: the leg is also still at the top of a rep. Whether a still moment
is rest is decided from the angle (reps.py), never from stillness alone.
"""

from bandlift.compat import const

BLOCK_MS = const(500)  # a still block lasts this long (ms)
GYRO_TOL = 0.06  # rad/s (3.4 deg/s): max deviation of the gyro from the block's first sample
ACC_TOL = 0.35  # m/s^2: max deviation of the accelerometer from the block's first sample
GYRO_TOL2 = GYRO_TOL * GYRO_TOL
ACC_TOL2 = ACC_TOL * ACC_TOL


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
            # lengths of the deviations, not each axis: how the strap sits must not change what is still
            dx, dy, dz = gx - self.rgx, gy - self.rgy, gz - self.rgz
            ex, ey, ez = ax - self.rax, ay - self.ray, az - self.raz
            if dx * dx + dy * dy + dz * dz > GYRO_TOL2 or ex * ex + ey * ey + ez * ez > ACC_TOL2:
                n = 0
            else:
                self.ms += dt_ms
        if n == 0:
            # this sample starts a new block: it is the reference (and one sample is never a whole block)
            self.rax, self.ray, self.raz = ax, ay, az
            self.rgx, self.rgy, self.rgz = gx, gy, gz
            self.sax, self.say, self.saz = ax, ay, az
            self.sgx, self.sgy, self.sgz = gx, gy, gz
            self.ms = 0
            self.n = 1
            self.ready = False
            return False
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
