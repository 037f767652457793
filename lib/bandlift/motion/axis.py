"""The lift axis learned from several reps, weighted toward the reps that agree.

Each rep's axis is the bias-free gyro summed over its raise (the leg turns about the lift axis; a drift
outward tilts that sum by ~25 deg). Of the last _N_AXES reps' unit axes the one the others agree with most is
found (agreement: cos^16 of the angle between two reps, 1 for the same axis, 0.16 at 27 deg, 0.01 at 40 deg;
the axis in use counts twice), and the learned axis is the mean of all of them, each weighted by its agreement
with that one. A plain agreement-weighted mean let two drifting reps of five, or one of two, pull the plane
by a third to a half of their tilt, and the next straight rep read as DRIFT. With half a vote for the axis in
use, three drifting reps of five (tilted 20-25 deg, near enough each other to agree at ~0.9) took the plane,
and the straight reps then read as DRIFT and the drifting ones as straight. Four of five that agree still take
it: no vote of axes tells a person drifting on nearly every rep from a strap that moved while the samples
stopped (one the gyro saw turning is strap.py's).
"""

import math

from bandlift.compat import const

_N_AXES = const(5)


class AxisVote:
    def __init__(self):
        self.x = [0.0] * _N_AXES
        self.y = [0.0] * _N_AXES
        self.z = [0.0] * _N_AXES
        self.clear()

    def clear(self):
        self.n = 0  # axes stored (up to _N_AXES)
        self.i = 0  # where the next one goes

    def add(self, x, y, z):
        """Store one rep's axis (any length; too short to mean anything is ignored)."""
        m = math.sqrt(x * x + y * y + z * z)
        if m < 1e-6:
            return False
        i = self.i
        self.x[i], self.y[i], self.z[i] = x / m, y / m, z / m
        self.i = (i + 1) % _N_AXES
        if self.n < _N_AXES:
            self.n += 1
        return True

    def consensus(self, tracker):
        """Give the tracker the weighted axis; False while there are fewer than two reps to weigh."""
        n = self.n
        if n < 2:
            return False
        X, Y, Z = self.x, self.y, self.z
        # the rep the others agree with most (the axis in use has two votes: two reps that disagree, one
        # drifting and one not, leave the plane where it was instead of halfway between)
        best = -1.0
        m = 0
        for i in range(n):
            w = 2.0 * _agree(X[i] * tracker.ux + Y[i] * tracker.uy + Z[i] * tracker.uz)
            for j in range(n):
                w += _agree(X[i] * X[j] + Y[i] * Y[j] + Z[i] * Z[j])
            if w > best:
                best = w
                m = i
        # the mean of the axes, each weighted by how well it agrees with that rep
        sx = sy = sz = 0.0
        for j in range(n):
            w = _agree(X[m] * X[j] + Y[m] * Y[j] + Z[m] * Z[j])
            sx += w * X[j]
            sy += w * Y[j]
            sz += w * Z[j]
        return tracker.set_axis(sx, sy, sz)


def _agree(c):
    """cos^16 of the angle between two unit axes given its cos (0 for more than 90 deg)."""
    if c <= 0.0:
        return 0.0
    c *= c
    c *= c
    c *= c
    return c * c
