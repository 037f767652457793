"""The lift axis learned from the last reps (AxisVote): kept while reps agree with it, moved only by a run of
reps. The core gives it each rep's raise axis; it gives the tracker (tracker.py) the axis to read the leg about."""

from bandlift.compat import const
from math import sqrt

_N_AXES = const(5)  # reps in the plane


# Each rep's axis is the bias-free gyro summed over its raise. A knee drifting out and a strap turned about the
# thigh both turn that axis about the vertical, so one rep cannot tell them apart; a sequence can. A strap that
# moved stays moved: every rep after it is on the new axis. A person who drifts still does straight reps in
# between, and each straight rep agrees with the plane in use. So:
# - a rep agrees with the plane when its axis lies within 12 deg of it about rest-up (the default DRIFT angle: a
#   leg s deg out of the plane at a peak e deg up tilts the axis by atan(tan s / sin e), never less than s, so no
#   rep the judge calls DRIFT at that angle agrees). An agreeing rep is evidence the plane is right: the case for
#   moving it starts again;
# - the plane is the mean of the plane in use and those of the last _N_AXES reps that agree with it: a strap
#   creeping round the thigh up to ~3 deg a rep is followed (the mean lags ~2-3 reps behind), and a drifting rep
#   never pulls the plane (a drift tilts the axis 20-37 deg at the l04-drift script's 35 deg peak). The plane in
#   use counts as one of them: a big lift that drifts out only near its top (a knee-bent lift swung out, a first
#   rep that drifts) tilts its raise's axis 5-12 deg, agreeing, and as the only rep so far it became the plane,
#   learned from the lift's first 5 deg (straight), so the straight reps after it read 17-40 deg out (DRIFT);
# - the plane moves to a new axis only when the last 3 reps in a row all disagree with it and agree with each
#   other: a strap turned 12-45 deg while the samples stopped (the gyro did not see it; one it saw, or a turn
#   that makes the next lift leave rest sideways, is strap.py's). Its three reps read as DRIFT; the next is on
#   the new plane. (With four of the last five drifting, the vote that this replaces took the drifting reps'
#   axis and read the drifts as straight and the straight reps as DRIFT.)
# Three drifting reps in a row that agree within 12 deg read as a moved strap too. Only a gap in the samples lets
# a strap move unseen, but a body moves the plane too: allowing the move only after a gap lost a rep of the real
# side-lying abductions (UCI s1/e4/u2/template_session, 7 -> 6 of 9), where the plane turns with no gap.
class AxisVote:
    def __init__(self):
        self.x = [0.0] * _N_AXES
        self.y = [0.0] * _N_AXES
        self.z = [0.0] * _N_AXES
        self.a = [0.0] * _N_AXES  # consensus()'s: each axis along the plane in use and across it (kept: no
        self.b = [0.0] * _N_AXES  # allocation at a rep's end)
        self.clear()

    def clear(self):
        self.n = 0  # axes stored (up to _N_AXES)
        self.i = 0  # where the next one goes
        self.off = 0  # the last reps in a row that disagree with the plane in use

    def add(self, x, y, z):
        """Store one rep's axis (any length; too short to mean anything is ignored)."""
        m = sqrt(x * x + y * y + z * z)
        if m < 1e-6:
            return False
        i = self.i
        self.x[i], self.y[i], self.z[i] = x / m, y / m, z / m
        self.i = (i + 1) % _N_AXES
        if self.n < _N_AXES:
            self.n += 1
        return True

    def consensus(self, tracker):
        """After add(): give the tracker the axis the stored reps support; False when it keeps its own."""
        n = self.n
        if not n:
            return False
        X, Y, Z = self.x, self.y, self.z
        k = (self.i - 1) % _N_AXES  # the newest rep
        if not tracker.has_axis:
            return tracker.set_axis(X[k], Y[k], Z[k])
        ux, uy, uz = tracker.ux, tracker.uy, tracker.uz
        ex, ey, ez = tracker.e3x, tracker.e3y, tracker.e3z  # horizontal, across the plane
        # each rep's axis in the plane's horizontal frame: a along the axis in use, b about rest-up from it
        a, b = self.a, self.b
        for j in range(n):
            a[j] = X[j] * ux + Y[j] * uy + Z[j] * uz
            b[j] = X[j] * ex + Y[j] * ey + Z[j] * ez
        if _agree(a[k], b[k], 1.0, 0.0):
            self.off = 0
        else:
            self.off += 1
            if self.off >= 3 and n >= 3:
                # the last three all off the plane: if they agree with each other, the strap moved
                p, q = (k - 1) % _N_AXES, (k - 2) % _N_AXES
                if (_agree(a[k], b[k], a[p], b[p]) and _agree(a[k], b[k], a[q], b[q])
                        and _agree(a[p], b[p], a[q], b[q])):
                    self.off = 0
                    return tracker.set_axis(X[k] + X[p] + X[q], Y[k] + Y[p] + Y[q], Z[k] + Z[p] + Z[q])
        sx, sy, sz = ux, uy, uz
        for j in range(n):
            if _agree(a[j], b[j], 1.0, 0.0):
                sx += X[j]
                sy += Y[j]
                sz += Z[j]
        return tracker.set_axis(sx, sy, sz)


def _agree(a, b, x, y):
    """Two axes given as (along, across) the plane in use, (a, b) and (x, y), lie within 12 deg of each other
    about rest-up (tan 12 deg = 0.2126; the same direction, not opposite)."""
    d = a * x + b * y
    c = a * y - b * x
    return d > 0.0 and c * c <= 0.0452 * d * d
