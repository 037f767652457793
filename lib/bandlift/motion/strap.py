"""Strap watch: is the rest pose still rest, and does the strap still sit where it was learned?

The ways a strap changes, and how each shows, are in the comments below (a docstring this long is
parsed into the heap while the board compiles the module)."""

# What a person does to a strap, and how each shows (sensor frame; v0 = rest "up", u = lift axis):
# - turned around the leg, or moved to the other leg: the rest pose stays (the leg hangs along gravity, and the
#   turn is about the leg), but the next lift turns about another axis. The gyro saw the board turn about
#   rest-up while the leg stood: by h since the last rep (more than 8 deg: a 45 deg lift would lean 8 deg out
#   of its plane), the lift axis in the board's frame turned by -h, unless the whole body turned on its foot
#   (the lift plane turns with it). The next lift says which: once it is 12 deg up, if its own axis is nearer
#   the learned one turned by -h, that is the axis (SLIP_TURNED). A turn the gyro did not see shows as a lift
#   that leaves rest sideways or backwards (out of the learned plane) instead of raising: the axis is
#   re-learned from that lift at once (SLIP_TURNED; SLIP_OTHER_LEG when the strap was taken off the leg on
#   the way, i.e. the board tumbled more than 50 deg from rest without a rep). A strap moved to the other leg
#   with the board held as it was reads like one turned about the leg (the board's frame cannot tell the
#   legs apart); one put on the other leg facing the same way reads like no change at all. A lift that
#   leaves the plane is said once it is counted, if its own axis (gyro) is over 45 deg from the learned one as
#   the reading says, and the gyro saw part of a turn at rest (the samples stopped for the rest) or the board
#   went over 50 deg from rest (in a hand: then, unless the samples stopped since the last rep, the "lift" was the
#   hand's and is not counted; restpose.handled): a person's lift that swings about the vertical or rolls about the
#   leg as it rises (lying on the side) reads as far out of the plane from an axis 12-25 deg away, and is
#   measured about its own axis unsaid. Turning the board over by hand (about its level face) looks like a
#   sideways lift at first, and is then said as SLIP_FLIPPED alone. An axis so re-learned is confirmed by the
#   next rep; until then a lift that leaves its plane from rest re-learns it again (a hand tumbling the board
#   at rest as it moves the strap leaves an axis that may lie anywhere across rest-up, and the other leg's
#   lifts, read in its plane, would never be reps), but not before the leg has stood still at rest.
# - taken off and put back (on the other leg) so that the board faces the same way: nothing reads differently,
#   but the board tumbled more than 50 deg from rest without a rep and came back: said as SLIP_OTHER_LEG.
# - turned over on the strap (flipped), or slipped: the rest pose itself moved. Still, far from rest, and in a
#   pose no lift reaches (out of the plane, or beyond it) for a second: re-learn (SLIP_FLIPPED when the new
#   rest is more than 120 deg from the old one, else SLIP_SHIFT). A pose a lift could reach is only taken as
#   the new rest after 15 s, longer than any pause at the top (or inside a rep, low, after 1.5 s).
# - a set begun with the leg up: the first still moment was the top. A lift raises the limb against gravity,
#   and a hanging limb holds the board's face (its z axis, the skin's normal) horizontal: when, before any rep,
#   the leg settles still in a pose whose board face is horizontal (|v.z| < 0.17) and the "rest" pose's was
#   not (by 0.1 more: a leg 6 deg further up), the settled pose is the rest (no lift's top holds the face nearer
#   horizontal than the hanging leg did). Where the board's face says nothing (worn on the side of
#   the leg: the face is along the lift axis), the leg's long axis lies in the board's plane, and a board sits
#   square in its strap: the settled pose is the rest when gravity lies along the board's x or y there (within
#   10 deg) and less so at the first "rest". Off square, the movement between the two poses says it: the
#   accelerometer reads the lever arm's alpha x r (r: hip to board), so the z rate's change summed with the
#   accelerometer less gravity (carried by the gyro from the first pose, corrected at the second for the gyro's
#   scale and the accelerometer's bias) points along n x r (n: the lift axis); r less its part along the board's
#   normal (the skin) is the leg, and the rest is the pose where it hangs lower. Says nothing on a turn under 12
#   deg, a gyro turn not gravity's within 15 %, a lever under 6 cm. Summed from a still window at rest within 1
#   deg of it (not one holding a slow start) once the bias is 3 windows' mean; asked once, at the second still
#   window in a row off rest (one alone may be a top turning over), before the square test (a board as far off
#   square as the lift is high is square at its top). Failing all, a still pose held 6 s before any rep is rest.
#   Once a start is fixed the question is answered (q[13] set to 3, no verdict, kept through the still windows
#   at rest): the pause at the top of the first rep, which the lever test reads off a raise and the square test of a
#   board off square by the lift's height takes for a hanging leg, is not fixed again (issue 19).

import math

from bandlift.compat import const
from bandlift.lifetime import release

from bandlift.motion.events import SLIP_FLIPPED, SLIP_OTHER_LEG, SLIP_SHIFT, SLIP_TURNED

# what a still window asks the core to do
_ACT_NONE = const(0)
ACT_NUDGE = const(1)  # at rest: follow the rest pose's slow drift
ACT_REREST = const(2)  # the strap moved: re-learn the rest pose (self.kind says how)
ACT_FIX_START = const(3)  # the first "rest" was a raised leg: this pose is the rest
ACT_HANDLED = const(4)  # the strap was taken off and put back in the same pose: say so, re-learn the rest
ACT_SETTLED = const(5)  # a rep came to rest short of the rest pose: the rep ends, this pose is the rest

_SLIP_COS = const(0.985)  # cos(10 deg): a still pose this far from rest is not rest
_SETTLE_COS = const(0.866)  # cos(30 deg): a rest that moved in the lifting plane by less than this is the person settling
_FLIP_COS = const(-0.5)  # cos(120 deg): the rest pose turned over
HANDLED_COS = const(0.643)  # cos(50 deg): the board tumbled: the strap was taken off the leg
_BLOCK_GAP_MS = const(700)  # consecutive still windows are at most this far apart (ms) ...
_ODD_GAP_MS = const(1250)  # ... or this far, in a pose no lift reaches (one window spoiled by sway between)
_FLIP_GAP_MS = const(1800)  # ... or this far, the board turned over (past _FLIP_COS: two windows spoiled between)
_ODD_POSE_MS = const(1000)  # still this long in a pose no lift reaches: the strap moved
_SLIP_IN_REP_MS = const(1500)  # still this long, low and far from rest during a rep: the strap moved
_RESTRAP_MS = const(15000)  # still this long in a pose a lift reaches: that is how the strap sits now (longer
# than any pause at the top: people hold a knee extension 4-5 s, a level may ask for more)
_FIRST_REST_MS = const(6000)  # before any rep, where the board's face says nothing: a still pose held this
# long (longer than a first pause) is the rest
_AXIS_ALONG_Z = const(0.7)  # |u.z| above this: the board's face is along the lift axis and says nothing
_SQUARE_COS = const(0.985)  # cos(10 deg): a hanging leg holds the board's x or y this close to gravity ...
_SQUARE_MARGIN = const(0.04)  # ... and the first "rest" pose (a raised leg, 17+ deg up) held it this much less so
_HANG_SIN = const(0.17)  # sin(10 deg): the board face of a hanging limb is this close to horizontal
_HANG_MARGIN = const(0.1)  # ... and the first "rest" pose's face this much less so (6 deg of lift: a leg 12 deg
# up leans it 0.21)
_RAD2DEG2 = const(57.29578 * 57.29578)
_TURN_MIN_DEG = const(12.0)  # a lift this far from rest (or 40 % of the last rep's peak, if more) is judged for its
_TURN_PEAK_FRAC = const(0.4)  # axis: a leg at rest swings back or sideways by up to ~10 deg
_YAW_GATE = const(0.035)  # rad/s (2 deg/s): a turn about rest-up slower than this is gyro bias, not a hand turning a strap
_QUIET2 = const(0.001225)  # (rad/s)^2, _YAW_GATE squared: a board turning slower than this is still (lever())
_YAW_MIN = const(0.14)  # rad (8 deg): a strap turned this far on the leg tilts a 45 deg lift 8 deg out of its plane
_YAW_SAY = const(0.175)  # rad (10 deg): turned this far, the strap change is said at the next still moment at rest (a
# strap slid to the other leg can end 12-20 deg round; the gate misses the turn's slow ends: 11-12 deg of 12-14 seen)
_YAW_AGREE2 = const(0.82)  # cos^2(25 deg): the lift's own axis, 12 deg up, is this near the predicted one (sway: < 8 deg)
_REST_DEG2 = const(9.0)  # (3 deg)^2: within this of rest the axis sums start again
_TOP_MIN_DEG = const(-15.0)  # a lift's top lies between these elevations (deg) ...
_TOP_MAX_DEG = const(120.0)
_TOP_SIDE_DEG = const(45.0)  # ... and within this of the lifting plane


class StrapWatch:
    def __init__(self, tracker):
        self.tr = tracker
        self.slip_kind = 0
        self.restart()

    def restart(self):
        """A new rest pose: forget the far-still run, the lift sums and the handling."""
        self.far_ms = 0
        self.last_still = -1000000
        self.low_seen = -1  # running-clock ms the still run low in a rep began (-1: not low now)
        self.sx = self.sy = self.sz = 0.0
        self.min_cos = 1.0
        self.yaw = 0.0  # rad the board turned about rest-up at rest since the last rep
        self.yaw0 = 0.0  # ... as it was at the last still moment at rest
        self.reps = 0  # reps counted on this rest pose
        self.rested = False  # the leg stood still at rest since the last rep (a strap is turned standing)
        self.confirmed = False  # a rep was counted about the current axis
        self.handled = False  # a strap change was said at rest (taken off and put back, or turned), until the next rep
        self.pending = 0  # SLIP_* of an axis re-learned mid-lift, to be said when the lift is a rep (< 0: see step)
        self.gaps = 0  # the samples stopped since the last rep (intake._gap): a turn of the strap may have gone unseen
        # lever(): gravity carried by the gyro (3), sums of the z rate's change times the accelerometer less gravity
        # (3), times the z turn, of its square over dt (< 0: samples stopped), the z turn (rad), the last z rate and
        # accelerometer less gravity (3); what lever.rest said (0: not asked yet; 3: a start was fixed, not asked again)
        self.lv = q = [0.0] * 14
        q[8] = -1e30

    # -- every step ------------------------------------------------------------------------------------
    def step(self, at_rest, elev, side, wx, wy, wz, peak, dt_s):
        """At rest and while raising (the core calls it then): sum the lift's gyro since the leg left rest;
        True when the lift left the learned plane (the strap turned: the axis was re-learned, self.slip_kind
        says how; said now, or once the lift is a rep when self.pending is set). Also keeps how far the board turned
        about rest-up while standing (a strap turned on the leg); how far it went from rest (min_cos: a strap taken
        off tumbles) the core keeps at every step."""
        tr = self.tr
        if at_rest:
            # the board's turn about rest-up (rad): a strap turned round the hanging leg (gravity does not see it)
            y = wx * tr.v0x + wy * tr.v0y + wz * tr.v0z
            if y > _YAW_GATE or y < -_YAW_GATE:
                self.yaw += y * dt_s
        t2 = elev * elev + side * side
        if t2 < _REST_DEG2:
            self.sx = self.sy = self.sz = 0.0
            return False
        self.sx += wx * dt_s  # rad turned since the leg left rest
        self.sy += wy * dt_s
        self.sz += wz * dt_s
        lim = _TURN_PEAK_FRAC * peak
        if lim < _TURN_MIN_DEG:
            lim = _TURN_MIN_DEG
        # (an axis no rep has confirmed is judged too when a lift leaves it from rest: one a hand's tumble left
        # can lie anywhere across rest-up, and the person's lifts, measured in its plane, would never be reps)
        if not ((self.confirmed or at_rest) and self.rested and t2 > lim * lim):
            return False
        # a lift turns the board as far as it tilts; a pose the accelerometer is still pulling back (after a
        # gyro overshoot) tilts without turning
        sx, sy, sz = self.sx, self.sy, self.sz
        turned = (sx * sx + sy * sy + sz * sz) * _RAD2DEG2
        if 4.0 * turned < t2:
            return False
        h = self.yaw
        if h > _YAW_MIN or h < -_YAW_MIN:
            # the board turned about the hanging leg since the last rep: a strap turned on the leg moves the lift
            # axis (sensor frame) by -h about rest-up; a body turning on its foot leaves it. The lift says which.
            self.yaw = 0.0
            a = sx * tr.ux + sy * tr.uy + sz * tr.uz
            b = sx * tr.e3x + sy * tr.e3y + sz * tr.e3z  # (the lift's own angle from u about rest-up: atan2(b, a))
            c, y = math.cos(h), math.sin(h)
            # nearer u turned by -h than u, and near it (a turn the gyro saw only in part, across a gap in the
            # samples, predicts no axis: the lift's own is taken below; nor does one whose axis the lift turns
            # the other way about, a lift read backwards)
            r = a * c - b * y
            if r > a and r > 0.0 and r * r > _YAW_AGREE2 * (sx * sx + sy * sy + sz * sz):
                tr.set_axis(tr.ux * c - tr.e3x * y, tr.uy * c - tr.e3y * y, tr.uz * c - tr.e3z * y)
                said = self.handled  # (said at rest already: the core says nothing again)
                self._turned()
                self.handled = said
                return True
        # out of the plane (sideways), or (from rest) backwards: a lift turned half round reads negative
        if not (elev <= 0.0 and at_rest or 2.0 * elev * elev < t2):
            return False
        # A strap turned by phi tilts every pose of a lift by phi out of the plane: out by more than 45 deg, the
        # lift's own axis (its gyro, the part across rest-up) is more than 45 deg from the learned one too. A leg
        # that swings about rest-up as it rises (lying on its side: forward, by as much as it lifts, UCI s2 e4)
        # or rolls about its length as it sets off reads as far out of the plane from an axis 12-25 deg away
        # (the locals of the branch above, reused: each local more is a slot cleared at every step's call)
        c = sx * tr.ux + sy * tr.uy + sz * tr.uz
        a = sx * tr.v0x + sy * tr.v0y + sz * tr.v0z
        b = c > 0.0 and 2.0 * c * c > sx * sx + sy * sy + sz * sz - a * a  # near the learned axis
        if not tr.set_axis(sx, sy, sz):
            return False
        # The lift is measured about its own axis from here on. Near the learned axis it is the person's lift:
        # never said (-1). Far, it is said when the lift is counted as a rep: at once if the gyro saw part of a
        # turn at rest (the samples stopped for the rest of it), else (-SLIP_*) if the board by then went over
        # 50 deg from rest (rep_done); not at all when the board comes to rest turned over (turned over by hand
        # about its face, which is level: it looks like a sideways lift; SLIP_FLIPPED says it then). With no
        # turn seen and no sample lost (self.gaps) the strap did not turn on the leg: a "lift" that then went
        # over 50 deg from rest was the board in a hand, and is no rep (restpose.handled says the change)
        said = self.handled  # (a change said at rest already is not said again)
        t2 = self.min_cos
        self._turned()
        self.handled = said
        if b or said:
            self.pending = -1
            if not said:
                # how far the board tumbled from rest since the last rep is kept: past 50 deg with no rep (a hand
                # tipping it off the leg, its "lowering" read back past rest as this lift), the leg standing still
                # at rest says the strap moved (other_leg_rest dev 640: tipped 117 deg, put on the other leg facing
                # 124 deg round, never said, the game's rest screen waiting for B); short of it, it says nothing
                self.min_cos = t2
        elif h > _YAW_MIN or h < -_YAW_MIN:
            self.pending = self.slip_kind
        else:
            self.pending = -self.slip_kind
        return True

    # Before the set's first rep, every step (dt_s 0: not integrated): the lever test's sums. The z rate's change
    # between two steps' middles is paired with the earlier step's last accelerometer sample, between them (a
    # tremor of 8-12 Hz read 30 ms apart turns the sum round). Gravity is carried only while the board turns (a
    # still leg's gyro reads its bias left over). Comments: a .py's docstrings are parsed into the heap.
    def lever(self, ax, ay, az, wx, wy, wz, dt_s):
        q = self.lv
        if dt_s <= 0.0:
            q[8] = -1e30
            return
        a = wz - q[9]
        q[9] = wz
        q[3] += a * q[10]
        q[4] += a * q[11]
        q[5] += a * q[12]
        q[6] += a * q[7]
        q[8] += a * a / dt_s
        if wx * wx + wy * wy + wz * wz < _QUIET2:
            # still (under 2 deg/s): gravity is not carried on. The bias left over (0.3-0.8 deg/s after a still
            # window that held a slow lowering's start) turned it 2-3 deg over the still seconds before and after
            # the movement, a mismatch at the end that rest() spreads over the turn as a scale's: a 20 cm lever
            # read as 1-4 cm (a turn's ends under 2 deg/s leave ~0.2 deg uncarried)
            dt_s = 0.0
        x, y, z = q[0], q[1], q[2]
        a = x + dt_s * (y * wz - z * wy)  # gravity turns against the board: dg/dt = g x w
        y += dt_s * (z * wx - x * wz)
        z += dt_s * (x * wy - q[1] * wx)
        q[0] = a
        q[1] = y
        q[2] = z
        q[7] += wz * dt_s
        q[10] = ax - a
        q[11] = ay - y
        q[12] = az - z

    def _turned(self):
        self.slip_kind = SLIP_OTHER_LEG if self.min_cos < HANDLED_COS else SLIP_TURNED
        self.confirmed = False
        # (no lift is judged again, confirmed or not, before the leg stands still at rest: a board turned over by
        # hand leaves one plane after another as it goes; a change said at rest already stood there)
        self.rested = self.rested and self.handled
        self.handled = False
        self.min_cos = 1.0
        self.yaw = 0.0

    def rep_done(self):
        """A rep was counted; returns the SLIP_* of a strap change the rep confirmed (0 if none)."""
        if not self.reps:
            release("bandlift.motion.lever")  # (asked before the first rep only)
        k = self.pending
        if k < 0:  # (said if the board went over 50 deg from rest: see step)
            k = -k if k < -1 and self.min_cos < HANDLED_COS else 0
        self.pending = 0
        self.gaps = 0
        self.rested = False
        self.yaw = 0.0
        self.handled = False
        self.reps += 1
        self.confirmed = True
        self.min_cos = 1.0
        return k

    # -- every still window ------------------------------------------------------------------------------
    def still(self, now, at_rest, in_rep_low, elev, side, ax, ay, az):
        """A still window ended at running-clock ms `now` with mean accelerometer (ax, ay, az). Returns ACT_*."""
        tr = self.tr
        # where gravity is, from the still window itself (the gyro-carried pose may still be settling)
        a = (ax * ax + ay * ay + az * az) ** 0.5
        if a < 1.0:
            return _ACT_NONE
        c = (ax * tr.v0x + ay * tr.v0y + az * tr.v0z) / a
        odd = c < _SLIP_COS
        far = odd or in_rep_low  # (low in a rep, still: the time counts as in a pose off rest)
        top = _TOP_MIN_DEG < elev < _TOP_MAX_DEG and -_TOP_SIDE_DEG < side < _TOP_SIDE_DEG
        # (in a pose no lift reaches, one window that sway spoiled between two still ones does not break the run:
        # a shin swaying 2 deg gives a still window about every 1.1 s, and a board turned over on it stood 13 s
        # before the run reached a second. Measured: other_leg_rest, whose hand tips the board past where a lift
        # reaches, counts the same reps and says the same changes on dev seeds 300:700. Turned over, past
        # _FLIP_COS, two windows spoiled in a row do not break it either: a flip on a swaying shin was said 3.0-3.5 s
        # after the person stood still, strap_flip dev 444 and check 46 with an early start; not in the poses short
        # of it, which a first lift read through a gyro 4-5x off scale reaches)
        if far and now - self.last_still <= (_BLOCK_GAP_MS if top else _ODD_GAP_MS if c > _FLIP_COS else _FLIP_GAP_MS):
            self.far_ms += now - self.last_still
        else:
            self.far_ms = 0
        # how long it has been still low: the pause at the top of a small lift (10-15 deg, off rest by the 10 deg
        # above) is no time spent low, and a slow lowering (5-7 deg/s, a still window's 4 deg cone) passes half
        # the peak still; the leg has come to rest short only after that long still down there
        if not in_rep_low:
            self.low_seen = -1
        elif self.low_seen < 0 or now - self.last_still > _BLOCK_GAP_MS:
            self.low_seen = self.last_still if now - self.last_still <= _BLOCK_GAP_MS else now
        self.last_still = now
        if not far:
            if at_rest:
                if self.handled and not self.rested:
                    tr.forget_axis()  # (what the hand did after the change was said is no lift)
                self.rested = True
                if self.reps == 0 and -1.0 < elev < 1.0:
                    # the lever test's sums start again from this pose (lever()); not from a still window that
                    # already holds the start of a slow movement (min-jerk: 2.5 deg in its first 0.6 s)
                    q = self.lv
                    for i in range(3, 13 if q[13] > 2.0 else 14):  # (q[13] 3: a start fixed stays fixed)
                        q[i] = 0.0
                    q[0], q[1], q[2] = ax, ay, az
                if self.min_cos < HANDLED_COS and not self.handled:
                    # back at the same rest pose after the board tumbled without a rep: the strap was taken off
                    # and put on again (the other leg reads the same when the board faces the same way)
                    self.handled = True
                    self.rested = False  # (the hand has just let go, and may fasten it yet: not a lift's rest)
                    self.pending = 0
                    self.slip_kind = SLIP_OTHER_LEG
                    return ACT_HANDLED
                h = self.yaw
                d = h - self.yaw0
                self.yaw0 = h
                # (and it did not turn on since the last still moment: the hand has let go)
                if (h > _YAW_SAY or h < -_YAW_SAY) and -_YAW_MIN < d < _YAW_MIN and self.confirmed and not self.handled:
                    # standing still after the board turned far about the hanging leg: a strap turned on the leg or
                    # moved to the other one (the board's frame cannot tell them apart), or the whole person turned
                    # on their foot. Said now (a strap changed during a rest must not wait for the next lift); the
                    # next lift says which, and keeps or turns the lift axis as ever
                    self.handled = True
                    self.slip_kind = SLIP_TURNED
                    return ACT_HANDLED
                return ACT_NUDGE
            return _ACT_NONE
        ms = self.far_ms
        if self.reps == 0 and odd and not at_rest:
            hang = abs(az) / a
            h0 = abs(tr.v0z)
            if hang < _HANG_SIN and h0 > hang + _HANG_MARGIN:
                return ACT_FIX_START
            if tr.has_axis:
                uz = tr.uz
            else:
                # no lift learned yet (a leg lowered slowly from the start turns under the 15 deg/s the axis is
                # learned from): the turn from the first pose to this one is about the lift axis
                cx = tr.v0y * az - tr.v0z * ay  # v0 x a
                cy = tr.v0z * ax - tr.v0x * az
                cz = tr.v0x * ay - tr.v0y * ax
                uz = cz / (cx * cx + cy * cy + cz * cz) ** 0.5  # (|v0 x a| > 0: the pose is 10 deg from v0)
            uz = abs(uz)
            if uz > _AXIS_ALONG_Z:
                # the face is along the lift axis: the leg's long axis lies in the board's plane, and a board
                # sits square in its strap, so a hanging leg holds x or y along gravity
                # (the lever test first: a board 40 deg off square turns square in a 40 deg lift. Asked from the
                # second still window in a row off rest: one alone may be the top of a lift turning over without
                # a pause, no rest-to-rest movement; once it has said, not again: a later still moment may hold
                # the start of the next movement)
                k = self.lv[13]
                if k <= 0.0 and ms > 0:
                    from bandlift.motion import lever  # (let go at the set's first rep: rep_done)

                    k = self.lv[13] = lever.rest(tr, self.lv, ax, ay, az, a, c)
                hb = max(abs(ax), abs(ay)) / a
                if k == 1 or k < 0 and (hb > _SQUARE_COS and max(abs(tr.v0x), abs(tr.v0y)) < hb - _SQUARE_MARGIN
                                       or ms >= _FIRST_REST_MS):
                    return ACT_FIX_START
        low = now - self.low_seen if self.low_seen >= 0 else -1
        if low >= _ODD_POSE_MS and top or ms >= _ODD_POSE_MS and at_rest and tr.has_axis and c > _SETTLE_COS \
                and side * side < elev * elev:
            # still, low in a rep, or off rest at rest but within the lifting plane and 30 deg: the leg came to rest
            # where it did not rest before (a heel that slid, a body that settled; a turn about the lift axis is a lift,
            # not a strap moved: that turns the board out of the plane). The rep ends, this is the rest
            self.far_ms = 0
            return ACT_SETTLED
        if (at_rest or not top) and ms >= _ODD_POSE_MS:
            return self._moved(c)
        if low >= _SLIP_IN_REP_MS:
            return self._moved(c)
        if ms >= _RESTRAP_MS:
            return self._moved(c)
        return _ACT_NONE

    def _moved(self, c):
        self.slip_kind = SLIP_FLIPPED if c < _FLIP_COS else SLIP_SHIFT
        self.far_ms = 0
        return ACT_REREST

