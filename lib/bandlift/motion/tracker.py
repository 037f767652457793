"""Leg angle from gyro and accelerometer, relative to however the strap sits (the lift axis it reads about is
voted over the last reps: axisvote.py).

Frames: everything is in the sensor's own frame. `v` is the "up" direction seen by the sensor (what the
accelerometer reads at rest, normalised). At rest v = v0. The leg lift is a rotation about the body's
right-pointing axis `u` (the same for either leg, thigh or shin, standing, seated or lying), which is
horizontal, so u is perpendicular to v0. The strap's rotation around the leg, a flipped board, and the side
only change where u and v0 point in the sensor frame, and both are learned: v0 from a still moment, u from
the first lift (the gyro points along u while the leg rises).

With e3 = v0 x u, a lift by theta moves v to cos(theta) v0 + sin(theta) e3, so
  elevation = atan2(v.e3, v.v0)       (deg, + = leg raised)
  sideways  = asin(v.u / cos(theta))  (deg, + = towards the body's right; the leg hangs along gravity at rest)
Fusion: v is carried by the gyro (dv/dt = v x w, bias removed) and pulled toward the accelerometer only
when the accelerometer can be trusted: |a| close to g and slow rotation (a fast lift adds lever-arm
acceleration of several m/s^2 that would tilt the estimate).
"""

from bandlift.compat import const
from math import acos, asin, atan2, sqrt

_G = const(9.80665)  # m/s^2
_RAD2DEG = const(57.29578)
_ACC_GAIN = const(2.5)  # 1/s: how fast the accelerometer corrects the gyro when fully trusted
_ACC_TRUST_ERR = const(0.08)  # |a| within 8 % of g to be trusted at all
_ACC_TRUST_W2 = const(1.0)  # (rad/s)^2: trust fades out as the rotation speed reaches 1 rad/s (update() leaves out
# the division by it: by 1.0, it changes nothing)
_ACC_TAU_S = const(0.08)  # s: the accelerometer is low-passed before it corrects: tremor of a shin-worn sensor
# (8-12 Hz at 0.6 m from the hip) swings it by several m/s^2 around the true gravity direction
_AXIS_LEARN_SIN = const(0.087)  # sin(5 deg), 5 deg in rad to 0.2 %: learn the lift axis once the lift has turned the leg this
# far (the gyro's sum, not the tilt from rest: standing on one leg the pose is a degree or two off rest before any lift)
_AXIS_RATE2 = const(0.26 * 0.26)  # (rad/s)^2, 15 deg/s: the lift axis is summed only from turns faster than this; one-leg
# sway turns the thigh by at most ~8 deg/s (4 out of the plane), a lift passes 15 deg/s early in its raise
_TILT_MIN_SIN = const(0.0087)  # sin(0.5 deg): below this the tilt direction is undefined


class Tracker:
    def __init__(self):
        # The gyro's scale belongs to the sensor, not to how the strap sits: reset() keeps it (stillness.py's scale check).
        self.gain = 1.0  # the core multiplies the gyro's readings by this (1 unless gravity showed otherwise)
        # stillness.py's scale check's gravity direction, ratio and the movement's largest tilts; [13:16] a direction
        # across rest-up fixed in the room, carried by the gyro as gravity is, and [16:19] where it was at the last
        # still moment at rest or rep's end (rebase; restpose.handled: the board's net turn about rest-up); [19] |a| of
        # the farthest reading
        self.ref = [0.0] * 20
        self.px = self.py = self.pz = 0.0  # the gyro's turn (rad, a vector) since the last still moment
        self.reset()

    def reset(self):
        self.lax, self.lay, self.laz = 0.0, 0.0, 0.0
        self.lvx, self.lvy, self.lvz = 0.0, 0.0, 1.0
        self.w2 = 0.0  # recent squared rotation speed, decaying: the smoothed accelerometer still
        # carries a fast move's lever-arm acceleration for a while after the gyro has calmed down
        self.vx, self.vy, self.vz = 0.0, 0.0, 1.0
        self.v0x, self.v0y, self.v0z = 0.0, 0.0, 1.0
        self.has_axis = False
        self.ux = self.uy = self.uz = 0.0
        self.e3x = self.e3y = self.e3z = 0.0
        self.clear_axis_sum()
        self.elev = 0.0  # deg
        self.rate = 0.0  # deg/s, + = raising
        self.side_deg = 0.0  # deg, + = towards the body's right
        self.ref[7] = 0.0  # nothing carried from a still moment yet

    def clear_axis_sum(self):
        self.sx = self.sy = self.sz = 0.0

    def forget_axis(self):
        """Learn the lift axis again from the next lift."""
        self.has_axis = False
        self.clear_axis_sum()

    def set_rest(self, ax, ay, az):
        """Take the current accelerometer direction as the rest pose (and as the current pose)."""
        n = sqrt(ax * ax + ay * ay + az * az)
        if n < 1.0:
            return False
        self.v0x, self.v0y, self.v0z = ax / n, ay / n, az / n
        self.vx, self.vy, self.vz = self.v0x, self.v0y, self.v0z
        self.lvx, self.lvy, self.lvz = self.v0x, self.v0y, self.v0z
        self.lax, self.lay, self.laz = ax, ay, az
        # a still moment: the gyro scale check measures the movements from here (stillness.py's scale check), so a first lift
        # right after standing still is checked too
        r = self.ref
        r[0], r[1], r[2] = self.v0x, self.v0y, self.v0z
        self.px = self.py = self.pz = 0.0
        r[7] = r[9] = 1.0
        r[8] = r[10] = r[11] = r[12] = 0.0
        if self.has_axis:
            self.set_axis(self.ux, self.uy, self.uz)
        self.elev = 0.0
        self.side_deg = 0.0
        self.rebase()
        return True

    def rebase(self):
        """The board's turn about rest-up is measured from now: the carried direction (ref[13:16]) is laid across
        rest-up again, at unit length, and kept in ref[16:19]. True when it had turned more than 30 deg about
        rest-up since it was last kept (restpose.handled: the board's net turn from rest to rest)."""
        r = self.ref
        x, y, z = self.v0x, self.v0y, self.v0z
        a, b, c = r[13], r[14], r[15]
        d = a * x + b * y + c * z
        a -= d * x
        b -= d * y
        c -= d * z
        # the cos and the sin of the turn from the kept one, times the two lengths across rest-up
        e = a * r[16] + b * r[17] + c * r[18]
        f = (r[17] * c - r[18] * b) * x + (r[18] * a - r[16] * c) * y + (r[16] * b - r[17] * a) * z
        if d * d > 0.07 * (a * a + b * b + c * c) or self.vx * x + self.vy * y + self.vz * z < 0.966:
            # the turn about rest-up is the board's from rest to rest: 15 deg or more off rest (tan^2 0.07, cos
            # 0.966) by the carried direction (level only at rest) or by the pose (the accelerometer's say too:
            # a gyro off scale carries both alike), it is not back (a rep cut short high, a first lift read
            # through a gyro 3x off scale), and what it turned is none
            e = f = 0.0
        d = a * a + b * b + c * c
        if d < 0.1:
            # none carried yet (or along rest-up): any direction across rest-up (v0 x the board's x, or its y)
            a, b, c = (0.0, z, -y) if x * x < 0.5 else (-z, 0.0, x)
            d = a * a + b * b + c * c
        d = 1.0 / sqrt(d)
        r[13] = r[16] = a * d
        r[14] = r[17] = b * d
        r[15] = r[18] = c * d
        # (tan^2 30 deg = 1/3). None kept (the gyro's scale changed since), or across a rest pose that moved far
        # since (lever.turn_over: the two no longer lie across it), is no turn
        return e * e + f * f > 0.25 and (e <= 0.0 or 3.0 * f * f > e * e)

    def nudge_rest(self, share):
        """Move the rest pose `share` (0-1) of the way to the current pose (slow drift at rest)."""
        x = self.v0x + share * (self.vx - self.v0x)
        y = self.v0y + share * (self.vy - self.v0y)
        z = self.v0z + share * (self.vz - self.v0z)
        n = sqrt(x * x + y * y + z * z)
        self.v0x, self.v0y, self.v0z = x / n, y / n, z / n
        if self.has_axis:
            self.set_axis(self.ux, self.uy, self.uz)

    def snap_to_accel(self, ax, ay, az):
        """After a gap the gyro cannot carry the pose: take it from the accelerometer if it reads ~1 g."""
        n = sqrt(ax * ax + ay * ay + az * az)
        if abs(n - _G) < 0.2 * _G:
            self.vx, self.vy, self.vz = ax / n, ay / n, az / n

    def set_axis(self, x, y, z):
        """Use (x, y, z) (any length) as the lift axis; False if it is too short to mean anything."""
        # keep only the part perpendicular to rest-up: the lift axis is horizontal
        d = x * self.v0x + y * self.v0y + z * self.v0z
        x -= d * self.v0x
        y -= d * self.v0y
        z -= d * self.v0z
        n = sqrt(x * x + y * y + z * z)
        if n < 1e-6:
            return False
        self.ux, self.uy, self.uz = x / n, y / n, z / n
        self.has_axis = True
        # e3 = v0 x u
        self.e3x = self.v0y * self.uz - self.v0z * self.uy
        self.e3y = self.v0z * self.ux - self.v0x * self.uz
        self.e3z = self.v0x * self.uy - self.v0y * self.ux
        return True

    def update(self, dt_s, ax, ay, az, wx, wy, wz, integrate):
        """One step: dt in s (the span its mean samples covered), accel in m/s^2, bias-free rates in rad/s. Sets
        elev, rate, side_deg. The gyro carries the pose, the accelerometer pulls it back when it can be trusted.

        integrate False (after a gap) skips the gyro step: the pose is then taken from the accelerometer. True
        when the gyro's scale is off (stillness.far).
        """
        # (one function, the pose in locals throughout: on the board every attribute read or call costs)
        vx, vy, vz = self.vx, self.vy, self.vz
        out = False
        r = self.ref
        w2 = wx * wx + wy * wy + wz * wz  # (rad/s)^2: the step's length below, the accelerometer's trust after
        if integrate:
            # dv/dt = v x w, one step a turn: v + (v x w) dt, normalised, turns v by atan(|w| dt), not |w| dt (w across
            # v; 1 deg short a step at 800 deg/s and 36 Hz: a knee-bent lift's drop read 10-14 deg up once down, and
            # the leg's settling then as a lift). The step is tan(|w| dt) long, to third order: exact for a lift
            t = dt_s
            if w2 > 1.0:  # (under 1 rad/s the two differ by under 0.004 % a step)
                t += w2 * dt_s * dt_s * dt_s * 0.3333
            # (one assignment: the right side is read whole before v changes)
            vx, vy, vz = vx + t * (vy * wz - vz * wy), vy + t * (vz * wx - vx * wz), vz + t * (vx * wy - vy * wx)
            # and the gyro's turn since the last still moment (stillness.py's scale check), summed as a vector (rad): a lift
            # turns about one axis fixed in the leg, so its length is the angle turned, unwrapped (a 60 deg
            # lift through a 4.6x gyro is 277 deg; gravity carried that far reads 83 deg from where it was)
            px = self.px + wx * dt_s
            py = self.py + wy * dt_s
            pz = self.pz + wz * dt_s
            self.px, self.py, self.pz = px, py, pz
            # the direction across rest-up fixed in the room (ref[13:16]), carried as gravity is (restpose.handled)
            x, y, z = r[13], r[14], r[15]
            r[13] = x + t * (y * wz - z * wy)
            r[14] = y + t * (z * wx - x * wz)
            r[15] = z + t * (x * wy - y * wx)
            px = px * px + py * py + pz * pz
            if px > r[12]:
                r[12] = px  # the farthest the gyro carried the pose since the last still moment (squared rad)
            # The accelerometer and the pose are low-passed alike (dt-aware one-pole) and compared: the
            # movement lags equally in both and cancels, the tremor is smoothed out of the accelerometer.
            # After a gap both restart from this sample. A step weighs the accelerometer by its span up to 50 ms
            # (a block's longest at 26-104 Hz with 20 % jitter): it reads one sample of it, the block's last, and
            # after a stall of 60-150 ms that one reading, up to 10 deg off the pose in a shin's tremor or
            # one-leg sway, is no more of the accelerometer than any other step's (weighed by the stall, it
            # pulled a small lift's pause 1-3 deg down into rest). A step over a stall (over 60 ms: intake._LATE_MS,
            # its late sample stepped alone or with a few before it) weighs it as an ordinary 30 ms step: one
            # reading, whatever the span (a shin's tremor swings single readings 20-30 deg in a pause, and weighed
            # as 50 ms two stalls 100 ms apart pulled a 7 deg pause 4.5 deg down, into the rest band: a rep ended
            # there and the rest of it was counted as a lift of its own)
            s = dt_s if dt_s < 0.05 else (0.05 if dt_s < 0.06 else 0.03)
            f = s / (_ACC_TAU_S + s)
            lax, lay, laz = self.lax, self.lay, self.laz
            ax = f * (ax - lax)
            ay = f * (ay - lay)
            az = f * (az - laz)
            t = ax * ax + ay * ay + az * az  # (m/s^2)^2: how far the smoothed accelerometer moved this step
            ax += lax
            ay += lay
            az += laz
            lvx, lvy, lvz = self.lvx, self.lvy, self.lvz
            lvx = lvx + f * (vx - lvx)
            lvy = lvy + f * (vy - lvy)
            lvz = lvz + f * (vz - lvz)
        else:
            r[7] = 0.0
            lvx, lvy, lvz = vx, vy, vz
        self.lax, self.lay, self.laz = ax, ay, az
        self.lvx, self.lvy, self.lvz = lvx, lvy, lvz
        an = sqrt(ax * ax + ay * ay + az * az)
        if an > 1.0:
            err = an - _G  # (abs() inlined: a built-in is looked up, then called)
            if err < 0.0:
                err = -err
            err /= _ACC_TRUST_ERR * _G
            q = w2  # (/ _ACC_TRUST_W2)
            if q > r[11]:
                r[11] = q  # the fastest turn since the last still moment (stillness.py's scale check)
            d = self.w2 * (1.0 - 3.0 * dt_s / _ACC_TAU_S) if dt_s < _ACC_TAU_S / 3.0 else 0.0
            if w2 < d:
                w2 = d
            self.w2 = w2
            # The gyro carried the pose past 180 deg (squared rad: 9.87) since the last still moment: no leg turns that
            # far, the gyro reads off scale (a 4.6x one takes a 78 deg lift to 365 deg, the pose wraps past rest, and
            # the lift is lost and taken for the strap handled). Gravity then counts at the top down to 0.44 g (a
            # shin's pause-free top through a 3.8-4.6x gyro reads 0.55 g; the reading along rest-up below), on a step
            # that spans a stall (over 50 ms: its mean mixes the samples either side, a stall of 100-170 ms over a
            # top leaves no step under 0.3 of the fastest turn) at under 2/5 of the fastest turn (not on other steps:
            # read on the way up, the scale is short by 5 % and the rest of the raise reads as a wobbling pause), and
            # its first such reading counts as half the 0.1 s it must hold (below). Only for a turn about the lift axis
            # (within 30 deg): a strap handled in a rest turns the board past 180 deg for real, about any axis (cos
            # 0.47 where a lift's reads 1.00), and a hand's accelerated reading taken for gravity set a 1x gyro to 0.125
            k = r[12] > 9.87
            if k:
                h = self.px * self.ux + self.py * self.uy + self.pz * self.uz
                k = h * h > 0.75 * (self.px * self.px + self.py * self.py + self.pz * self.pz)
            if (err < 0.3 or an < _G and err < (7.0 if k else 5.0)) and integrate and (w2 < 0.1 or t < 0.09 * s * s * an * an or q < (0.16 if k and dt_s > 0.05 else 0.04) * r[11]):
                # turning slower than 0.3 rad/s (by the gyro, or by the accelerometer alone: a gyro read
                # through a wrong scale says nothing of it; or under a fifth of the movement's fastest turn, the
                # top of a lift with no pause, which through a 3-4x gyro never reads under 0.3), |a| within 2.4 %
                # of g: gravity read here is the pose within a few degrees, so keep the farthest it went from the
                # last still moment (cos), and how far the gyro had turned then (stillness.py's scale check)
                c = (ax * r[0] + ay * r[1] + az * r[2]) / an
                if err > 0.3:
                    # Or |a| up to 40 % short of g (56 % past 180 deg by the gyro, k), 35-154 deg from rest over g (y too: over |a| a 140 deg top at 0.85 g read 160 and was passed over): the top of a standing lift with no pause,
                    # where the leg decelerates along the way it came (0.64-0.95 g; the pelvis tilting back takes
                    # the thigh of a 118 deg lift to 147). The sensor moves on a circle about the hip: that
                    # deceleration is across the leg, and its part along the leg (omega^2 r) vanishes where the
                    # leg turns slowly, so the reading along the hanging leg (rest-up, the last still moment's
                    # gravity) is gravity's alone: the cos from there is that part over g, not over |a| (over |a|
                    # a shin's 127 deg top read 137-151 deg: a 1.3x gyro looked 1.1x, its 130 deg lifts read past
                    # 165 and were taken for the strap handled; a 3.7x gyro on a 43 deg lift was seen 0.2 s late,
                    # after the rep was dropped as partial). Further short, the body itself moves (a pelvis
                    # tilting back read 0.34 g and 40 deg off). Only where the gyro carried the pose further than
                    # gravity shows, or under half as far: lying, the leg rests across gravity, its deceleration
                    # is along rest-up and reads it further (UCI s2 side-lying: 62 deg read for 49 over |a|)
                    y = (ax * self.v0x + ay * self.v0y + az * self.v0z) / _G
                    c = c * an / _G
                    if y > 0.82 or y < -0.9 or c > 0.77 or 0.25 < r[12] / acos(c) ** 2 < 1.0:
                        c = 2.0  # (no reading, nor one under 40 deg from there: passed over)
                if c < r[9]:
                    r[9] = c
                    r[19] = an
                    # cross(self.px, self.py, self.pz, r[0], r[1], r[2]) inlined: py, pz are self.py, self.pz
                    # and px their squared length (the integrating branch above)
                    d = self.px * r[0] + py * r[1] + pz * r[2]
                    d = px - d * d
                    x = r[8] = sqrt(d) if d > 0.0 else 0.0
                    r[3], r[4], r[5] = self.px, py, pz
                    # gravity 10 deg or more from there, and the gyro turned 3 times as far (or a third, and 3
                    # deg at least; 1.3 times once gravity turned 60 deg, where a few deg are no scale), while turning at under a fifth of the movement's fastest (2/5 past 180 deg on a step over a stall, k; its top, not its
                    # start: a lift setting off tilts the accelerometer ahead of the pose): the scale is off
                    # (stillness.far) ...
                    y = acos(c) if r[7] > 0.0 and c < 0.985 and q < (0.16 if k and dt_s > 0.05 else 0.04) * r[11] else 0.0
                    # (at the movement's far end by the gyro too: on the way back from a fast lift, a leg
                    # slowing into rest tilts the accelerometer by its own deceleration, and what the gyro turned
                    # is what is left of the lift)
                    # 1.3x from 60 deg on only for a turn about the lift axis (within 30 deg: cos^2 0.75): a hand
                    # taking the board off the leg tumbles it about changing axes (its summed turn 35-57 deg off the
                    # axis, past the 60 deg, read 1.3-1.7x what gravity showed: other_leg_rest dev 335, 353, 373 took
                    # 0.6-0.77x); a big lift turns about its axis (127 of big_scale's 129 corrections, dev 300:500; the
                    # other two read past 3x). Before any axis is learned (u 0 from reset) 3x holds; once forgotten
                    # (forget_axis), the last one stands in until a lift teaches it again
                    h = self.px * self.ux + py * self.uy + pz * self.uz
                    f = 1.3 if y > 1.05 and h * h > 0.75 * px else 3.0
                    if y > 0.0 and (x > f * y or f * x < y) and x > 0.05 and 2.0 * x * x > r[12]:
                        # (half the 0.1 s is granted from 60 deg on with the gyro 2x further, a range step: no kick's
                        # catch reads gravity that far, the top of a big lift with no pause keeps gravity there for
                        # 60-90 ms, and a pelvis tilting back parts the two by 1.3-1.5x, never 2; the gyro reading
                        # under half waits the 0.1 s: its lift reads low, never past 165 deg); and past 180 deg by the
                        # gyro (k), where no lift reads with a gyro on scale
                        r[10] += s + 0.05 if (f < 2.0 or k) and r[10] == 0.0 and x > 2.0 * y else s
                    else:
                        r[10] = 0.0
                elif r[10] > 0.0 and c < 2.0:
                    r[10] = r[10] + s if c < r[9] + (0.052 * sqrt(1.0 - r[9] * r[9]) if 0.0 < r[9] < 0.98 else 0.01) \
                        else 0.0
                # ... if gravity stays there for 0.1 s: a kick caught at its top tilts the accelerometer back for
                # a moment (one such reading said 11 deg of a 50 deg lift); timed as the accelerometer is weighed,
                # so the one reading after a stall at a kick's top is no 0.1 s of it. There: within 3 deg (0.052 rad
                # times the sine is the cos's change), or cos 0.01 where that is more (within 11 deg) and past 90
                # deg (no lift pauses there: a hand tipping the board off the leg held 105 deg within 3 deg, and a
                # sound gyro took 0.59x). A pause's tremor (8-12 Hz, 0.1 deg: 1-2 m/s^2 at a thigh's sensor) swings
                # the smoothed reading 1-2 deg about the pose: within cos 0.01 alone (1.1 deg at 31 deg) a 1.5 s
                # pause through a 4.35x gyro never held 0.1 s (gyro_scale dev 431: the scale came after the first
                # rep, lost)
                if r[10] > 0.09:
                    out = True
            if err < 1.0 and w2 < 1.0:
                if integrate:
                    k = _ACC_GAIN * s * (1.0 - err) * (1.0 - w2)
                else:
                    k = 1.0
                vx += k * (ax / an - lvx)
                vy += k * (ay / an - lvy)
                vz += k * (az / an - lvz)
        n = sqrt(vx * vx + vy * vy + vz * vz)
        if n > 0.0:
            vx /= n
            vy /= n
            vz /= n
        self.vx, self.vy, self.vz = vx, vy, vz
        v0x, v0y, v0z = self.v0x, self.v0y, self.v0z
        if self.has_axis:
            ux, uy, uz = self.ux, self.uy, self.uz
            c = vx * v0x + vy * v0y + vz * v0z
            s = atan2(vx * self.e3x + vy * self.e3y + vz * self.e3z, c) * _RAD2DEG
            if s < -90.0 and self.elev > 90.0 or s > 90.0 and self.elev < -90.0:
                # carried past 180 deg by a gyro off scale (a 130 deg lift through a 1.35x one): the angle goes
                # on, never back past rest (read -178, the lift was dropped and its lowering taken for a hand); and
                # past -180 deg, a board turned over backwards on the strap: it reads on down, never wrapping to +179
                # (a "lift" began there at once, and the change was said as the other leg before it was turned over)
                s += 360.0 if s < 0.0 else -360.0
            self.elev = s
            # Gravity sees an outward angle phi of a leg raised by theta as sin(phi) cos(theta) along u
            # (standing: the leg hangs along gravity at rest); undo the cos(theta), bounded near horizontal.
            s = (vx * ux + vy * uy + vz * uz) / (c if c > 0.4 else 0.4)
            if s > 1.0:
                s = 1.0
            elif s < -1.0:
                s = -1.0
            self.side_deg = asin(s) * _RAD2DEG
            self.rate = (wx * ux + wy * uy + wz * uz) * _RAD2DEG
            return out
        # No axis yet: the tilt from rest stands in for the elevation, its rate for the lift rate.
        cx = v0y * vz - v0z * vy
        cy = v0z * vx - v0x * vz
        cz = v0x * vy - v0y * vx
        s = sqrt(cx * cx + cy * cy + cz * cz)
        self.elev = atan2(s, vx * v0x + vy * v0y + vz * v0z) * _RAD2DEG
        self.side_deg = 0.0
        # gyro part perpendicular to rest-up, accumulated to learn the lift axis
        d = wx * v0x + wy * v0y + wz * v0z
        px = wx - d * v0x
        py = wy - d * v0y
        pz = wz - d * v0z
        if s > _TILT_MIN_SIN:
            # d(tilt)/dt = -w.(v0 x v) / |v0 x v|: moving away from rest is positive
            rate = -(px * cx + py * cy + pz * cz) / s * _RAD2DEG
        else:
            rate = sqrt(px * px + py * py + pz * pz) * _RAD2DEG
        self.rate = rate
        # (only while the leg leaves rest: coming back, the same turn points the other way; a core that
        # learns the axis again mid-rep, after a gyro scale corrected, must not take the lowering's)
        if rate > 0.0 and px * px + py * py + pz * pz > _AXIS_RATE2:
            self.sx += px * dt_s
            self.sy += py * dt_s
            self.sz += pz * dt_s
        if self.sx * self.sx + self.sy * self.sy + self.sz * self.sz > _AXIS_LEARN_SIN * _AXIS_LEARN_SIN:
            self.set_axis(self.sx, self.sy, self.sz)
        return out


def cross(x, y, z, a, b, c):
    """Length of the turn (x, y, z) (rad) about axes across the unit direction (a, b, c): how far it tilts
    that direction (a turn about it, a body turning on its foot, moves no gravity)."""
    d = x * a + y * b + z * c
    d = x * x + y * y + z * z - d * d
    return sqrt(d) if d > 0.0 else 0.0
