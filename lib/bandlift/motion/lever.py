"""Did the set begin with the leg up? The lever test's verdict (strap.py's header says what it reads and why),
and turning over a first rep that was read upside down when the test said nothing. Both are asked before a set's
first rep only, so this module is loaded then and let go at that rep (strap.py StrapWatch.rep_done): its code is
not on the heap through the sets."""

import math

from bandlift.compat import const
from bandlift.motion.events import EV_PHASE, PH_HOLD

_LEVER_COS = const(0.978)  # cos(12 deg): a turn from the first pose shorter than this says nothing of the lever
# (a leg raised 12-17 deg at the start with the board on the side of the leg has no other test: its face says nothing
# and its edges lean under the square test's 17 deg; every kind's development sets and the UCI sessions read the
# same from a 12 deg turn as from 17)
_LEVER_CLOSE = const(0.15)  # the gyro's turn is gravity's within this share (its scale is right)
_LEVER_M = const(0.06)  # m: a lever shorter than this is noise (thigh 0.2-0.3 m, shin 0.55-0.7 m)
_LEVER_SAY = const(0.3)  # the leg hangs lower in this pose by this share of the turn: it is the rest


# The still pose (ax, ay, az), |a| and cos c from rest: 1 when the lever test says it is the rest, 2 when it
# says the first pose is, -1 when it says nothing.
def rest(tr, q, ax, ay, az, a, c):
    if q[8] <= 0.0 or c > _LEVER_COS:
        return -1
    ang = math.acos(c)
    d = a * (1.0 - c * c) ** 0.5
    x = (tr.v0y * az - tr.v0z * ay) / d  # n: the turn from the first pose to this one (unit)
    y = (tr.v0z * ax - tr.v0x * az) / d
    z = (tr.v0x * ay - tr.v0y * ax) / d
    d = -q[7] / (z * ang)  # the gyro's turn over gravity's (gravity turns against the board)
    if not 1.0 - _LEVER_CLOSE < d < 1.0 + _LEVER_CLOSE:
        return -1
    f = q[6] / q[7]  # (what the gravity carried missed at the end, spread as the turn went)
    cx = (q[3] - (ax - q[0]) * f) / z
    cy = (q[4] - (ay - q[1]) * f) / z
    cz = (q[5] - (az - q[2]) * f) / z
    rx = cy * z - cz * y  # r: C x n
    ry = cz * x - cx * z
    rz = cx * y - cy * x
    if _LEVER_M * q[8] > (rx * rx + ry * ry + rz * rz) ** 0.5 * z * z:
        return -1
    px, py, pz = -z * x, -z * y, 1.0 - z * z  # the board's normal across n
    d = px * px + py * py + pz * pz
    if d > 0.05:
        d = (rx * px + ry * py + rz * pz) / d
        rx -= d * px
        ry -= d * py
        rz -= d * pz
    d = (rx * rx + ry * ry + rz * rz) ** 0.5
    d = math.acos((rx * ax + ry * ay + rz * az) / (d * a)) - math.acos((rx * tr.v0x + ry * tr.v0y + rz * tr.v0z) / d)
    # (rad the leg hangs lower here than in the first pose)
    return 1 if d > _LEVER_SAY * ang else 2 if d < -_LEVER_SAY * ang else -1


# The first rep, held at its end (restpose.py), stopped past the start pose having risen slower than it came down,
# and the lever test said nothing (a turn under 12 deg, a gyro off scale): self is the MotionCore.
def turn_over(self):
    m = self.machine
    tr = self.tracker
    st = self.still
    # The set began with the leg held up (on the side of the leg the board's poses cannot say so): that
    # "rep" was its lowering (slow), the stand, and the first raise read backwards (fast), which stopped
    # past the start pose: its top. Real first reps that stop 3-10 deg past rest came down within 1.2x
    # their raise's time (UCI s1/s2). The pose that rep paused at is the rest, the lift axis turns
    # round, and the rep under way is the first, at its pause: it rose from the still moment that is now
    # rest (its lowering's start) to where it stopped (its end), as fast as it came down.
    p = m.peak_elev * 0.0174533  # rad: the old rest pose turned to where the first rep paused
    c = math.cos(p)
    p = math.sin(p)
    tr.v0x, tr.v0y, tr.v0z = c * tr.v0x + p * tr.e3x, c * tr.v0y + p * tr.e3y, c * tr.v0z + p * tr.e3z
    tr.set_axis(-tr.ux, -tr.uy, -tr.uz)
    e = m.r_end
    c = m.r_lower
    p = m.lower_peak
    m.reset()
    m.phase = PH_HOLD
    m.start = e - c
    m.raise_end = e
    m.raise_peak = p
    m.hold_from = self.now  # (the pause's steadiness from here: before, it was read about the old axis)
    m.axis_changed()  # (its pause is re-anchored at the next step, in the turned frame)
    # the gyro of its raise was not summed (it was read as a lowering); the start pose's lowering turned
    # about the same axis the other way
    self.axis_sx, self.axis_sy, self.axis_sz = -self.axis_sx, -self.axis_sy, -self.axis_sz
    # what the judge learned from the rep read upside down
    self.judge.restart()
    self.target_deg = self.judge.target_deg
    m.set_min_range(self.judge.min_range_deg)
    st.restart()
    # the lowering and the raise were the leg's turns about the lift axis: the strap watch takes them as
    # a rep's (the question whether the set began with the leg up is answered; a strap change the
    # "lift" showed is said, as at a rep's end)
    c = self.strap.rep_done()
    return self._slipped(c) if c else EV_PHASE
