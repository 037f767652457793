"""Where a movement started, decided after the fact, without keeping the signal.

A raise or lowering starts where its speed rises through 10 % of the peak speed it later reaches
(docs/design.md). The peak is not known at the start, so the ladder remembers when the speed last rose
through each of a fixed set of levels (2 deg/s up to 362 deg/s, a factor sqrt(2) apart); once the peak is
known, the start is interpolated between the two levels around 10 % of it. Beside each crossing time it
keeps snapshots of two running quantities the caller supplies (the pause's sums of speed and squared speed), so the
part of the pause that was really the start of the lowering can be taken out again.
"""

from bandlift.compat import const

N_LEVELS = const(16)
LEVELS = (2.0, 2.83, 4.0, 5.66, 8.0, 11.3, 16.0, 22.6, 32.0, 45.3, 64.0, 90.5, 128.0, 181.0, 256.0, 362.0)
_FLOOR_DPS = const(2.0)  # a phase boundary is never put below this speed (deg/s): tremor lives there
_ONSET_FRAC = const(0.1)  # boundaries at 10 % of the phase's peak speed
_WIGGLE_FRAC = const(0.3)  # re-crossings below this fraction of the peak so far do not move an onset
_UNCROSS_FRAC = const(0.9)  # a level counts as left only below this fraction of it: a speed that grazes a level
# from above (within the sensor's noise) does not restart the movement there


def threshold(peak):
    """The speed (deg/s) at which a phase with this peak speed starts and ends."""
    t = _ONSET_FRAC * peak
    return t if t > _FLOOR_DPS else _FLOOR_DPS


class OnsetLadder:
    def __init__(self):
        self.t = [0] * N_LEVELS  # ms (the core's running clock, int) of the last upward crossing
        self.snap = [0.0] * N_LEVELS  # the caller's running quantities at that crossing
        self.snap2 = [0.0] * N_LEVELS
        self.elev = [0.0] * N_LEVELS  # the angle at that crossing (deg)
        self.k = 0  # levels currently exceeded
        self.peak = 0.0  # highest speed since the speed was last below the lowest level

    def reset(self):
        self.k = 0
        self.peak = 0.0

    def update(self, t_prev, now, s_prev, s_now, snap, snap2, elev):
        """Speed went from s_prev at t_prev to s_now at now (ms, deg/s)."""
        k = self.k
        low = _WIGGLE_FRAC * self.peak
        while k < N_LEVELS and s_now >= LEVELS[k]:
            lv = LEVELS[k]
            # a level far below the peak already reached is a wiggle of a slowing move, not its onset
            if lv >= low:
                if s_prev < lv:
                    # linear interpolation of the crossing between the two samples
                    self.t[k] = t_prev + int((now - t_prev) * (lv - s_prev) / (s_now - s_prev) + 0.5)
                else:
                    self.t[k] = t_prev
                self.snap[k] = snap
                self.snap2[k] = snap2
                self.elev[k] = elev
            k += 1
        if s_now > self.peak:
            self.peak = s_now
        while k > 0 and s_now < LEVELS[k - 1] * _UNCROSS_FRAC:
            k -= 1
        if k == 0:
            self.peak = s_now if s_now > 0.0 else 0.0
        self.k = k

    def _frac(self, a, thr):
        # a (one of the crossings' lists) where the speed passed thr: between LEVELS[i] <= thr < LEVELS[i+1],
        # computed here whole (an (i, f) pair returned was a tuple allocated at every rep's start and end)
        i = 0
        while i < N_LEVELS - 2 and LEVELS[i + 1] <= thr:
            i += 1
        f = (thr - LEVELS[i]) / (LEVELS[i + 1] - LEVELS[i])
        if f > 1.0:
            f = 1.0
        if a is self.t:  # int ms: the step rounded, added to the int (a float this large loses its ms)
            return a[i] + int((a[i + 1] - a[i]) * f + 0.5)
        return a[i] + (a[i + 1] - a[i]) * f

    def onset(self, thr):
        """Time (int ms) the speed last rose through thr, from the recorded crossings."""
        return self._frac(self.t, thr)

    def start_at(self, peak):
        """Where the movement that reached `peak` started (int ms): where its speed last rose through the
        threshold (flank.py then places it on the whole movement)."""
        return self._frac(self.t, threshold(peak))

    def snap_at(self, thr):
        return self._frac(self.snap, thr)

    def snap2_at(self, thr):
        return self._frac(self.snap2, thr)

    def elev_at(self, thr):
        return self._frac(self.elev, thr)


def cross(t0, t1, s0, s1, thr):
    """Time (int ms) between t0 and t1 where a speed going from s0 to s1 crossed thr."""
    if s0 == s1:
        return t1
    f = (s0 - thr) / (s0 - s1)
    if f < 0.0:
        f = 0.0
    elif f > 1.0:
        f = 1.0
    return t0 + int((t1 - t0) * f + 0.5)
