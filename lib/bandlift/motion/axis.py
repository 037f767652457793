"""The lift axis learned from several reps, weighted toward the reps that agree.

Each rep's axis is the bias-free gyro summed over its raise (the leg turns about the lift axis; a drift
outward tilts that sum). The learned axis is the mean of the last N_AXES reps' unit axes, each weighted by how
well it agrees with the others (cos^16 of the angle between two reps: 1 for the same axis, 0.16 at 27 deg,
0.01 at 40 deg), so one faulty rep cannot pull the plane the others show.
"""

import math

from bandlift.compat import const

N_AXES = const(5)


class AxisVote:
    def __init__(self):
        self.x = [0.0] * N_AXES
        self.y = [0.0] * N_AXES
        self.z = [0.0] * N_AXES
        self.clear()

    def clear(self):
        self.n = 0  # axes stored (up to N_AXES)
        self.i = 0  # where the next one goes

    def add(self, x, y, z):
        """Store one rep's axis (any length; too short to mean anything is ignored)."""
        m = math.sqrt(x * x + y * y + z * z)
        if m < 1e-6:
            return False
        i = self.i
        self.x[i], self.y[i], self.z[i] = x / m, y / m, z / m
        self.i = (i + 1) % N_AXES
        if self.n < N_AXES:
            self.n += 1
        return True

    def consensus(self, tracker):
        """Give the tracker the weighted axis; False while there are fewer than two reps to weigh."""
        n = self.n
        if n < 2:
            return False
        X, Y, Z = self.x, self.y, self.z
        sx = sy = sz = 0.0
        for i in range(n):
            w = 0.0
            for j in range(n):
                c = X[i] * X[j] + Y[i] * Y[j] + Z[i] * Z[j]
                if c > 0.0:
                    c *= c
                    c *= c
                    c *= c
                    w += c * c
            sx += w * X[i]
            sy += w * Y[i]
            sz += w * Z[i]
        return tracker.set_axis(sx, sy, sz)
