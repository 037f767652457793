"""Stillness: windows in which the sensor held its pose as well as a person standing on one leg can; and at each
still window, the gyro's scale checked against gravity (still(), far(): MotionCore's, below).

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
from bandlift.motion.tracker import cross

_BLOCK_MS = const(500)  # a still window lasts this long (ms)
_GYRO_TOL = const(0.25)  # rad/s (14 deg/s): max deviation of the gyro from the window's mean
_ACC_TOL = const(0.7)  # m/s^2 (~4 deg of tilt at 1 g): max deviation of the accelerometer from the window's mean
_GYRO_TOL2 = const(_GYRO_TOL * _GYRO_TOL)
_ACC_TOL2 = const(_ACC_TOL * _ACC_TOL)
_TURN_MAX = const(0.12)  # rad/s (7 deg/s): gravity turning this fast between the window's halves is a slow move,
# not sway (sway goes back and forth: its net turn over half a second stays below ~5 deg/s)
_BIAS_LIMIT = const(0.52)  # rad/s (30 deg/s): past any LSM6DS zero-rate offset (20-25 deg/s are met): a stuck gyro
_G_LO2 = const((0.85 * 9.80665) ** 2)  # |a| of a still sensor is 1 g, within 15 %
_G_HI2 = const((1.15 * 9.80665) ** 2)


class StillDetector:
    def __init__(self, core):
        self.core = core  # the MotionCore it serves (its gyro bias bx, by, bz and how many windows count made it)
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

    def bias_ok(self):
        """The window's gyro mean is a plausible bias and its accelerometer reads 1 g (not a stuck sensor)."""
        b2 = self.mean_gx * self.mean_gx + self.mean_gy * self.mean_gy + self.mean_gz * self.mean_gz
        a2 = self.mean_ax * self.mean_ax + self.mean_ay * self.mean_ay + self.mean_az * self.mean_az
        return b2 < _BIAS_LIMIT * _BIAS_LIMIT and _G_LO2 < a2 < _G_HI2

    def rebase(self, ax, ay, az):
        """Gravity (ax, ay, az) (unit) is the scale check's new reference: the next movement is measured from here
        (and, still at rest, the board's turn about rest-up: tracker.rebase)."""
        core = self.core
        tr = core.tracker
        ref = tr.ref
        ref[0], ref[1], ref[2] = ax, ay, az
        # (a rep under way goes on measuring its turn about rest-up: restpose.handled)
        if core.machine.phase < 2:
            tr.rebase()
        tr.px = tr.py = tr.pz = 0.0
        ref[7] = 1.0
        ref[8] = ref[10] = ref[11] = ref[12] = 0.0
        ref[9] = 1.0

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
                return True  # a complete still window is in the mean_* attributes
            self.n = 0  # a slow, steady turn: start again from the next step
            return False
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
            # (0.2-5x) still turns the way gravity does. The turn is the window's mean less the zero-rate offset (an
            # LSM6DS33's is +-10 deg/s typical): taken for a turn, no window was ever still (the leg never
            # calibrated, or tens of seconds late, and then no strap change was seen). So not before the core's
            # first still window, when the offset is unknown: that window is its measure. After it, the offset
            # known less 0.1 rad/s (restpose's _BIAS_MAX): one window of a swaying leg is that far off, and sway
            # read 3x too fast, less such an error, was taken for still and taught the lift axis; less 0.1 / sqrt(n)
            # once the bias is the mean of n windows (restpose._bias_add, up to 6: 3 s, a period of the slowest
            # sway). Whole once a gyro read too slow is corrected: its offset is read through the scale too (a 0.41x
            # gyro's 3 deg/s, 7 deg/s: a board turned over on it was never still again, strap_flip with gyro_scale,
            # dev 333)
            c = self.core
            if c.count:
                px, py, pz = c.bx, c.by, c.bz
                d = px * px + py * py + pz * pz
                e = 0.1 / math.sqrt(c.count)
                d = 1.0 if c.tracker.gain > 1.0 else 1.0 - e / math.sqrt(d) if d > e * e else 0.0
                px, py, pz = gx - d * px, gy - d * py, gz - d * pz
                d = px * ux + py * uy + pz * uz
                px, py, pz = px - d * ux, py - d * uy, pz - d * uz
                d = px * px + py * py + pz * pz
                if d > _TURN_MAX * _TURN_MAX and tx * px + ty * py + tz * pz > -0.1 * d:
                    return False
            # only when the gyro turned the same way: a shin-worn sensor 0.5 m below the hip swaying at over
            # ~0.7 Hz reads its own acceleration (omega^2 r) more than gravity's tilt, and that turns the other way.
            # And only a turn over 0.02 rad/s (1.1 deg/s): under it, gravity's "turn" between the halves is the
            # accelerometer's noise (0.03 m/s^2 a sample gives ~0.006 rad/s), and adding that only when it opposed
            # the gyro shrank a still leg's bias by 0.005-0.01 rad/s
            if tx * gx + ty * gy + tz * gz < 0.0 and tx * tx + ty * ty + tz * tz > 0.0004:
                gx += tx
                gy += ty
                gz += tz
        self.mean_gx, self.mean_gy, self.mean_gz = gx, gy, gz
        return True


# -- the gyro scale cross-check: does the gyro turn the board as far as gravity shows it turned? (How, in the
# comments: a docstring this long is parsed into the heap while the board compiles the module.)
# Between two still moments gravity (the still windows' mean accelerometer) shows how far the board turned;
# the tracker sums the gyro's turn over the same span (Tracker.px/py/pz, a vector in rad: a lift turns about
# one axis fixed in the leg, so its length across gravity is the angle turned, however far; gravity carried by
# the gyro would wrap past 180 deg, and a 60 deg lift through a 4.6x gyro would read 83 deg). A gyro whose
# readings are converted for another range than the one set turns the pose too far (or not far enough) on
# every lift, and the accelerometer drags the pose back each time: a lift reads 3-4 times its height, sinks,
# and leaves the learned plane. Two movements in a row that agree (a lift and the lowering back) correct the
# scale. Runs once per still window, never per sample. (Numbers are written out, not named: every new name
# costs the board a place in its string pool.)
#
# Tracker.ref holds: [0:3] gravity at the last still moment, [3:6] the gyro's turn (px/py/pz) at the farthest
# pose, [6] the last disagreeing movement's gyro/gravity ratio (0: none), [7] 1.0 while px/py/pz sum the turn
# from ref[0:3], [9] the cos of the farthest the accelerometer read gravity from ref[0:3] while the leg turned
# slowly, [8] the gyro's turn across gravity then (rad; the tracker keeps [3:6], [8] and [9]), [10] how long (s)
# gravity has stayed at a farthest pose where the two disagree by a scale (far()), [11] the fastest squared turn
# (rad/s)^2 since ref[0:3] was taken, [12] the largest squared turn (rad^2) the gyro carried the pose since then,
# [13:19] the board's turn about rest-up (tracker.py's rebase, restpose.handled), [19] |a| (smoothed) at [9]'s reading.



def still(core, ax, ay, az):
    # A still window of the core ended with mean accelerometer (ax, ay, az). When the movement since the last
    # still moment (or two in a row) shows the gyro off scale, correct it (tracker.gain) and re-read what was read
    # through the wrong scale (the pose from gravity, the auto targets); the rest pose and the lift axis are
    # directions and stand. True when the scale was corrected.
    tr = core.tracker
    ref = tr.ref
    n = math.sqrt(ax * ax + ay * ay + az * az)
    if n < 1.0:
        ref[7] = 0.0
        return False
    ax, ay, az = ax / n, ay / n, az / n
    # the gyro's turn from the window's middle, where its mean gravity is the pose, to its end (rad): the window's
    # mean rate (its gyro sums less the bias) times half its span
    st = core.still
    f = st.ms * 0.0005 / st.n
    x = (st.sgx - st.n * core.bx) * f
    y = (st.sgy - st.n * core.by) * f
    z = (st.sgz - st.n * core.bz) * f
    # The farthest gravity went from the last still moment, as the accelerometer read it while the leg turned
    # slowly (the top of a lift) or as this window reads it, against how far the gyro alone carried it by then:
    # a lift needs no still moment at its top.
    c = ax * ref[0] + ay * ref[1] + az * ref[2]
    # the farthest pose is this still one (not a moment of a movement), within 2 deg (0.035 rad): a moment of
    # the movement read that much farther by sway or the limb's own acceleration says no more than the pose
    held = ref[7] > 0.0 and math.acos(min(c, 1.0)) > math.acos(max(ref[9], -1.0)) - 0.035
    if held:
        ref[9] = c
        # the gyro's turn at the window's middle, where its mean gravity is the pose (a window may span a lowering
        # setting off at 12 deg/s: low_amp dev 1373 read 20.6 deg by gravity, 4.6 by the gyro at the window's end,
        # 7.4 at its middle, and a sound gyro was given 4.5x)
        ref[8] = cross(tr.px - x, tr.py - y, tr.pz - z, ref[0], ref[1], ref[2])
    a = ref[9]
    turned = math.acos(max(a, -1.0))
    # Gravity turned 10 deg (0.17 rad) or more, and the gyro carried twice as much (or half): not a sensitivity
    # tolerance (the LSM6DS's is ~1 %), nor a lift about an axis off the horizontal (gravity then turns less than
    # the leg: real side-lying abductions read 1.4-1.9), but readings converted for another range than the one
    # set (the ranges go in steps of 2x). Beyond 3x (or 1/3) one movement to a still pose says so; else two in
    # a row (a bias or a drift adds to one movement and takes from the next). To a still pose 5-10 deg (0.087 rad)
    # away, a gyro that turned it 3x as far: a 9-12 deg lift through a gyro read 3-5x (small_scale dev 616: 9.4 deg
    # by gravity, 48 by the gyro; its sway read 3-5x was counted as reps); sway and bias move 5 deg by a few.
    r = 1.0
    # A farthest reading of a movement (not this still pose) tilted by an acceleration across the leg is no pose:
    # a shin's tremor (8-12 Hz, 0.1 deg: 0.3-0.6 g at 0.5 m from the hip) is read through one sample a step, and
    # the smoothed accelerometer swings 10-18 deg about the pause for a moment with a gyro that turns 4. Such a
    # reading, at cos a from the last still moment, is longer than 1 g (as this still window reads it) by 1/a - 1;
    # gravity itself keeps its length (an accelerometer's bias, up to 0.5 m/s^2, moves it by under 1 % per 10 deg;
    # measured: real corrections' readings a quarter of that excess at most, the tremor's 0.8-1.3 of it). Past half the
    # excess the reading is taken for the acceleration: no movement measured, no scale (the next movement is measured).
    if ref[7] > 0.0 and (turned > 0.17 or held and turned > 0.087 and ref[8] > 3.0 * turned) and (
            held or 2.0 * a * ref[19] <= n * (1.0 + a)):
        g = ref[8]
        # (and 8 deg (0.14 rad, squared 0.0196) apart: on a small lift sway and bias alone move the ratio that
        # much; and the gyro turned 2 deg (0.035 rad) at least, what a 10 deg lift turns a 0.2x gyro: a pose that jumped
        # between two samples, a board put down, was no rotation it missed)
        if (g - turned) ** 2 > 0.0196 and g > 0.035:
            r = g / turned
    q = ref[6]
    # two movements in a row off by 1.25x (a product of 1.56) when the last turned 40 deg (0.7 rad) or more: sway
    # and bias add a few degrees to a movement, a quarter of 40 is 10 (a 1.5x gyro reads a 110 deg lift past 165
    # deg: the strap handled); by 2x (4) on smaller ones, each off by 1.5x (a 15 deg lift's bias reads 0.7-0.8,
    # a body's roll 1.3-1.6)
    b, p = (1.2, 1.56) if turned > 0.7 else (1.5, 4.0)
    if not held and r != 1.0:
        # the leg went out (to the farthest pose) and came back part or all of the way before this still moment:
        # the way back is a second movement (a lift and its lowering; a bias adds to one and takes from the other)
        c = math.acos(min(c, 1.0))
        d = turned - c
        if d > 0.17:
            # the gyro's turn from the farthest pose
            e = cross(tr.px - ref[3], tr.py - ref[4], tr.pz - ref[5], ref[0], ref[1], ref[2])
            q = e / d if (e - d) ** 2 > 0.0196 and e > 0.05 else 0.0
            if q and (q > 1.0) != (r > 1.0):
                # read off the other way: a bias (a shin's sway fools the still windows' bias by a few deg/s; over
                # a lift and a pause it reads 0.6), which the next lift, the same way, would read alike: no scale
                r = 1.0
    k = 0.0
    if held and (r > 3.0 or r < 0.33):
        k = tr.gain / r
        q = 0.0
    elif r > b or r * b < 1.0:
        # (the two together: a bias the still windows took through the wrong scale adds to one and takes from
        # the other; a lowering after a raise reads 2.0 and 2.6 with a 2.4x gyro)
        if q > 0.0 and (r > 1.0) == (q > 1.0) and (r * q > p or r * q * p < 1.0):
            k = tr.gain / math.sqrt(r * q)
            q = 0.0
        else:
            q = r
    elif turned > 0.17:
        q = 0.0
    ref[6] = q
    if k == 0.0 and turned < 0.17:
        f = 1.0 / st.n
        # gravity's turn through the window (rad/s) the way the gyro turned: what _means added to the gyro's mean
        # (0: none)
        c = st.mean_gx - st.sgx * f
        a = st.mean_gy - st.sgy * f
        b = st.mean_gz - st.sgz * f
        c = math.sqrt(c * c + a * a + b * b)
        # gravity turned through this window at 2 deg/s (0.035 rad/s) or more, and the gyro (less its bias) turned
        # it under a third as fast, what one movement needs to show a range step: the leg was moving, not holding
        # a pose (a lift through a gyro read 0.2-0.45x looks still to it at 3-5 deg/s), and the check goes on from
        # the last still moment. Taken as one, each window of a slow 10 deg lift measured a few deg of it, under
        # the 10 deg a scale is read from, and the scale came reps late (small_scale dev 521: at 82 s, 3 reps
        # lost). Not where the gyro turned a third as fast or more: one window cannot tell a scale from a body's
        # acceleration tilting the accelerometer (a weight shift read 0.38-0.48 through a sound gyro), nor from
        # sway, which a gyro read 4x sums past 15 deg when measured on. (x, y, z: the gyro's mean rate less its bias,
        # times half the window's span)
        if c > 0.035 and cross(x, y, z, ax, ay, az) < 0.33 * c * st.ms * 0.0005:
            return False
    if gain(core, k, turned, ax, ay, az):
        return True
    # gravity's reference is this window's mean, the pose at its middle: the gyro's turn is summed from there, not
    # from the window's end (a leg still moving at up to 7 deg/s ends it 1-2 deg past its mean, and a movement
    # measured from the end read that much off: check seeds unsteady 93 and low_amp 61 gave a sound gyro 1.31x and
    # 3.19x; small_scale dev 498, lying, a 0.40x gyro, was never corrected and a rep was lost)
    tr.px, tr.py, tr.pz = x, y, z
    return False


def far(core):
    # The tracker saw gravity, at a slow moment of a movement, this far from the last still moment, and the
    # gyro's turn by then 3 times as far (or a third): a scale read wrong by that much shows in one lift, long
    # before a still moment (a gyro read through a wrong scale sees a pause at the top as a wobble, and a rep
    # read 4x as high is taken for the strap being handled and lost). Corrected now, mid-lift.
    # The pose is the one the check read: ref[9] (cos) from the last still moment's gravity (ref[0:3]), leaning
    # across it the way the accelerometer leans. At a pause-free top the leg decelerates across itself: the
    # accelerometer's part across the leg is short by that (a shin's top, 0.55 g), its direction is the lift's; taken
    # whole, the pose was 15-18 deg short, and the lowering from it read the gyro 1.3x too far (a second correction)
    tr = core.tracker
    ref = tr.ref
    c = ref[9]
    ax, ay, az = tr.lax, tr.lay, tr.laz
    n = ax * ref[0] + ay * ref[1] + az * ref[2]
    ax, ay, az = ax - n * ref[0], ay - n * ref[1], az - n * ref[2]
    n = math.sqrt(ax * ax + ay * ay + az * az)
    n = math.sqrt(1.0 - c * c) / n if n > 0.01 else 0.0
    ax, ay, az = c * ref[0] + n * ax, c * ref[1] + n * ay, c * ref[2] + n * az
    turned = math.acos(max(c, -1.0))
    return gain(core, tr.gain * turned / ref[8], turned, ax, ay, az)


def gain(core, k, turned, ax, ay, az):
    # Gravity (ax, ay, az) (unit) is the new reference of the check; a scale k (0: none) is taken (scale.py, loaded
    # for it alone: a scale is found once or twice in a session through a gyro read for another range, never through
    # a sound one), the rep under way re-read from gravity, having turned `turned` rad from the last reference at its
    # farthest. True when a scale was taken.
    s = core.strap
    if k != 0.0 and not (s.handled and not s.rested or s.pending or not core.calibrated):
        # (none while the strap watch says the strap was handled and the leg has not stood still at rest since: the
        # hand is still at it (fastening it), turning the board about changing axes, and the gyro's sum says no
        # scale. Nor while a movement that left the lifting plane is pending (strap.step: the axis re-learned
        # mid-lift): a hand tipping the board off the leg and turning it (its summed turns, and a stall at a fast
        # turn's peak, read 0.5-3x what gravity shows); a gyro off scale still turns a lift in its plane (every scale
        # taken in gyro_scale and big_scale, dev seeds, was taken with none pending). Nor after a change said
        # mid-lift (the core not yet calibrated on the new pose): the "lift" goes on in the hand (other_leg_rest dev
        # 541: a hand's tumble read 0.72x, then a ghost rep and a miss))
        from bandlift.motion import scale
        from bandlift.lifetime import release

        scale.gain(core, k, turned, ax, ay, az)
        release("bandlift.motion.scale")
        return True
    core.still.rebase(ax, ay, az)
    return False
