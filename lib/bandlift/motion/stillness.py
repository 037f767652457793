"""Stillness: windows in which the sensor held its pose as well as a person standing on one leg can.

A still window is what calibration needs (gravity direction and gyro bias at rest) and what keeps the gyro
bias fresh later. Stillness is NOT rest: the leg is also still at the top of a rep; whether a still moment is
rest is decided from the angle and from gravity (strap.py), never from stillness alone.

A person on one leg sways: the lifting thigh drifts and corrects by up to +-2 deg at 0.2-1 Hz, i.e. up to
~8 deg/s, so a gyro that must stay flat never calls them still. A window is still when, over _BLOCK_MS,
- the gravity direction stayed within _ACC_TOL of the window's mean (a 4 deg cone: the sway, not a move), and
- the gyro stayed within _GYRO_TOL of the window's mean (sway corrections, not a lift's 20+ deg/s), and
- gravity did not turn steadily: its net turn between the window's halves is under _TURN_MAX.
The sway's rotation over the window is not bias: the mean gyro is corrected by the rotation gravity shows
between the window's first and second half (only the part about the vertical is unseen, and that part does
not change the leg's elevation). A window whose bias so found is beyond any LSM6DS zero-rate offset (a gyro
stuck at full scale) is still, but is not bias: bias_ok() says so.
"""

import math

from bandlift.compat import const

_BLOCK_MS = const(500)  # a still window lasts this long (ms)
_GYRO_TOL = const(0.25)  # rad/s (14 deg/s): max deviation of the gyro from the window's mean
_ACC_TOL = const(0.7)  # m/s^2 (~4 deg of tilt at 1 g): max deviation of the accelerometer from the window's mean
_GYRO_TOL2 = const(_GYRO_TOL * _GYRO_TOL)
_ACC_TOL2 = const(_ACC_TOL * _ACC_TOL)
_TURN_MAX = const(0.12)  # rad/s (7 deg/s): gravity turning this fast between the window's halves is a slow move,
# not sway (sway goes back and forth: its net turn over half a second stays below ~5 deg/s)
_BIAS_LIMIT = const(0.35)  # rad/s (20 deg/s): beyond any LSM6DS zero-rate offset: a stuck or saturated gyro
_G_LO2 = const((0.85 * 9.80665) ** 2)  # |a| of a still sensor is 1 g, within 15 %
_G_HI2 = const((1.15 * 9.80665) ** 2)


class StillDetector:
    def __init__(self):
        self.ready = False  # a complete still window is available in the mean_* attributes
        self.mean_ax = self.mean_ay = self.mean_az = 0.0
        self.mean_gx = self.mean_gy = self.mean_gz = 0.0  # the gyro bias the window shows (rad/s)
        # the window's sums (update sets them at its first step): made here, so no step grows the object
        self.sax = self.say = self.saz = self.sgx = self.sgy = self.sgz = self.hax = self.hay = self.haz = 0.0
        self.hn = 0
        self.restart()

    def restart(self):
        """Start a new window at the next sample."""
        self.n = 0
        self.ms = 0
        self.ready = False

    def bias_ok(self):
        """The window's gyro mean is a plausible bias and its accelerometer reads 1 g (not a stuck sensor)."""
        b2 = self.mean_gx * self.mean_gx + self.mean_gy * self.mean_gy + self.mean_gz * self.mean_gz
        a2 = self.mean_ax * self.mean_ax + self.mean_ay * self.mean_ay + self.mean_az * self.mean_az
        return b2 < _BIAS_LIMIT * _BIAS_LIMIT and _G_LO2 < a2 < _G_HI2

    def update(self, dt_ms, ax, ay, az, gx, gy, gz, rest):
        """Add one step (dt_ms since the last); True when the window has been still for _BLOCK_MS. rest: the leg
        is at rest (or not yet calibrated) as far as the core knows."""
        n = self.n
        if n:
            f = 1.0 / n
            # lengths of the deviations, not each axis: how the strap sits must not change what is still
            sx, sy, sz = self.sax, self.say, self.saz
            dx, dy, dz = gx - self.sgx * f, gy - self.sgy * f, gz - self.sgz * f
            if rest:
                # at rest, the gyro's deviation about gravity (the window's mean accelerometer), the only turn
                # gravity cannot show: a tilt is judged by gravity itself (and the window's net turn by
                # _means), so a gyro read through a wrong scale (a sway of 12 deg/s read as 45) does not keep a
                # standing leg from calibrating
                d = dx * sx + dy * sy + dz * sz
                d *= d
                e = _GYRO_TOL2 * (sx * sx + sy * sy + sz * sz)
            else:
                # in a rep the gyro sees a movement set off before gravity does (a shank's own acceleration
                # holds the accelerometer in its cone as a lowering begins)
                d = dx * dx + dy * dy + dz * dz
                e = _GYRO_TOL2
            ex, ey, ez = ax - sx * f, ay - sy * f, az - sz * f
            if d > e or ex * ex + ey * ey + ez * ez > _ACC_TOL2:
                n = 0
            else:
                self.ms += dt_ms
        if n == 0:
            # this step starts a new window (and one step is never a whole window)
            self.sax, self.say, self.saz = ax, ay, az
            self.sgx, self.sgy, self.sgz = gx, gy, gz
            self.hax = self.hay = self.haz = 0.0  # the first half's accelerometer sum
            self.hn = 0
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
        if self.ms < _BLOCK_MS // 2:
            self.hax, self.hay, self.haz = self.sax, self.say, self.saz
            self.hn = n
        if self.ms >= _BLOCK_MS:
            if self._means(n):
                self.ready = True
                return True
            self.n = 0  # a slow, steady turn: start again from the next step
            self.ready = False
            return False
        self.ready = False
        return False

    def _means(self, n):
        """Means of the window, the gyro's corrected by gravity's turn; False if gravity turned steadily."""
        f = 1.0 / n
        ax, ay, az = self.sax * f, self.say * f, self.saz * f
        self.mean_ax, self.mean_ay, self.mean_az = ax, ay, az
        gx, gy, gz = self.sgx * f, self.sgy * f, self.sgz * f
        h = self.hn
        a = math.sqrt(ax * ax + ay * ay + az * az)
        if 0 < h < n and a > 1.0:
            # gravity's turn between the halves: dv/dt = v x w, so the rotation rate across gravity is
            # -(v x dv) / dt; the halves' centres are about half the window apart
            f1 = 1.0 / (h * a)
            f2 = 1.0 / ((n - h) * a)
            ux, uy, uz = ax / a, ay / a, az / a
            dx = (self.sax - self.hax) * f2 - self.hax * f1
            dy = (self.say - self.hay) * f2 - self.hay * f1
            dz = (self.saz - self.haz) * f2 - self.haz * f1
            k = 2000.0 / (self.ms if self.ms > 0 else 1)
            tx, ty, tz = (uy * dz - uz * dy) * k, (uz * dx - ux * dz) * k, (ux * dy - uy * dx) * k
            if tx * tx + ty * ty + tz * tz > _TURN_MAX * _TURN_MAX:
                return False
            # the gyro's net turn across gravity: a leg that turns faster than _TURN_MAX while gravity shows under a
            # tenth of it, or the other way, is a shank setting off (its own acceleration holds the accelerometer
            # in its cone, even tilts it against the lift), not a still leg; a gyro read through a wrong scale
            # (0.2-5x) still turns the way gravity does
            d = gx * ux + gy * uy + gz * uz
            px, py, pz = gx - d * ux, gy - d * uy, gz - d * uz
            d = px * px + py * py + pz * pz
            if d > _TURN_MAX * _TURN_MAX and tx * px + ty * py + tz * pz > -0.1 * d:
                return False
            # only when the gyro turned the same way: a shin-worn sensor 0.5 m below the hip swaying at over
            # ~0.7 Hz reads its own acceleration (omega^2 r) more than gravity's tilt, and that turns the other way
            if tx * gx + ty * gy + tz * gz < 0.0:
                gx += tx
                gy += ty
                gz += tz
        self.mean_gx, self.mean_gy, self.mean_gz = gx, gy, gz
        return True
