"""A movement's boundaries: live from its speed (OnsetLadder), then from its whole flank in the angle, where
one-leg sway averages out (FlankFit).

A raise or lowering starts where its speed rises through 10 % of the peak speed it later reaches
(docs/design.md). The peak is not known at the start, so the ladder remembers when the speed last rose
through each of a fixed set of speeds (_SPEEDS: 2 deg/s up to 362 deg/s, a factor sqrt(2) apart); once the peak is
known, the start is interpolated between the two speeds around 10 % of it. Beside each crossing time it
keeps snapshots of two running quantities the caller supplies (the pause's sums of speed and squared speed), so the
part of the pause that was really the start of the lowering can be taken out again.

A person on one leg sways the lifting thigh +-2 deg at 0.2-1 Hz, up to ~8 deg/s: as fast as a slow lowering's
10 % point, so the speed near a boundary is the sway's as much as the lift's and its crossings (the ladder, the
live phases) wander by hundreds of ms. In the angle the sway is small beside the movement (2 deg of
20-60) and averages out over it. So the last seconds of the lift angle are kept (a ring, one entry per
_KEEP_MS), and once a movement is over, the angle is normalised between its mean levels _PAD_MS before and after
the movement, the times it crosses 15, 20 ... 85 % of the way are taken (first and last crossing of a level
averaged: sway can cross a level twice), and a smooth point-to-point movement is fitted to them by least
squares, t_k = t0 + D u_k, with u_k where that movement is that far on its way (three speed bells, minimum
jerk unless another fits clearly better; see _LEVELS), or, for a person the speed shows moving at an even pace,
a steady movement (fit()). The boundaries are where the fitted movement's speed is threshold() of its peak
(docs/design.md).

Sway slower than the movement still moves the fit: `python -m sim.analysis.sway_bound` measures the error
that leaves for any fit that does not know the sway's waveform. Preallocated arrays, integer ms of the core's
running clock; fitted relative to the movement so 30-bit floats keep sub-ms resolution. (Local names reuse
the core's where they can: compiled from source, each new name costs heap; see docs/design.md.)
"""

import math
from array import array

from bandlift.compat import const

_N_SPEEDS = const(16)
_SPEEDS = const((  # deg/s, the ladder's
    2.0, 2.83, 4.0, 5.66, 8.0, 11.3, 16.0, 22.6, 32.0, 45.3, 64.0, 90.5, 128.0, 181.0, 256.0, 362.0))
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
        self.t = [0] * _N_SPEEDS  # ms (the core's running clock, int) of the last upward crossing
        self.snap = [0.0] * _N_SPEEDS  # the caller's running quantities at that crossing
        self.snap2 = [0.0] * _N_SPEEDS
        self.elev = [0.0] * _N_SPEEDS  # the angle at that crossing (deg)
        self.k = 0  # levels currently exceeded
        self.peak = 0.0  # highest speed since the speed was last below the lowest level

    def reset(self):
        self.k = 0
        self.peak = 0.0

    def update(self, t_prev, now, prev, rate, snap, snap2, elev):
        """Speed went from prev at t_prev to rate at now (ms, deg/s; the phase machine's names)."""
        k = self.k
        low = _WIGGLE_FRAC * self.peak
        while k < _N_SPEEDS and rate >= _SPEEDS[k]:
            lv = _SPEEDS[k]
            # a level far below the peak already reached is a wiggle of a slowing move, not its onset
            if lv >= low:
                if prev < lv:
                    # linear interpolation of the crossing between the two samples
                    self.t[k] = t_prev + int((now - t_prev) * (lv - prev) / (rate - prev) + 0.5)
                else:
                    self.t[k] = t_prev
                self.snap[k] = snap
                self.snap2[k] = snap2
                self.elev[k] = elev
            k += 1
        if rate > self.peak:
            self.peak = rate
        while k > 0 and rate < _SPEEDS[k - 1] * _UNCROSS_FRAC:
            k -= 1
        if k == 0:
            self.peak = rate if rate > 0.0 else 0.0
        self.k = k

    def _frac(self, a, thr):
        # a (one of the crossings' lists) where the speed passed thr: between _SPEEDS[i] <= thr < _SPEEDS[i+1],
        # computed here whole (an (i, f) pair returned was a tuple allocated at every rep's start and end)
        i = 0
        while i < _N_SPEEDS - 2 and _SPEEDS[i + 1] <= thr:
            i += 1
        f = (thr - _SPEEDS[i]) / (_SPEEDS[i + 1] - _SPEEDS[i])
        if f > 1.0:
            f = 1.0
        if a is self.t:  # int ms: the step rounded, added to the int (a float this large loses its ms)
            return a[i] + int((a[i + 1] - a[i]) * f + 0.5)
        return a[i] + (a[i + 1] - a[i]) * f

    def start_at(self, peak):
        """Where the movement that reached `peak` started (int ms): where its speed last rose through the
        threshold (FlankFit then places it on the whole movement)."""
        return self._frac(self.t, threshold(peak))

    def snap_at(self, thr):
        return self._frac(self.snap, thr)

    def snap2_at(self, thr):
        return self._frac(self.snap2, thr)

    def elev_at(self, thr):
        return self._frac(self.elev, thr)


def cross(t_prev, now, prev, rate, thr):
    """Time (int ms) between t_prev and now where a speed going from prev to rate crossed thr."""
    if prev == rate:
        return now
    f = (prev - thr) / (prev - rate)
    if f < 0.0:
        f = 0.0
    elif f > 1.0:
        f = 1.0
    return t_prev + int((now - t_prev) * f + 0.5)


_RING = const(160)  # entries, one per _KEEP_MS: 9.6 s, a rep's raise, pause and lowering
_KEEP_MS = const(60)
_PAD_MS = const(300)  # the levels before and after a movement are the angle's mean over this long
_LEAK_MS = const(5000.0)  # the kept angle's leak toward the elevation (core.py's step: it fills the ring)
_MAX_SHIFT_MS = const(1500)  # a fit this far from the speed's boundaries is not this movement's: keep theirs
_N_LEVELS = const(15)  # 15, 20 ... 85 % of the way (_LEVEL0 + k _LEVEL_STEP)
_LEVEL0 = const(0.15)
_LEVEL_STEP = const(0.05)
# Where a smooth movement is at each level (fraction of its duration), for three speed bells (u (1 - u))^m:
# m = 1 (a parabola), 2 (minimum jerk, Flash & Hogan 1985: what human point-to-point movements are closest to)
# and 3 (minimum snap, a narrower bell); tests/test_core_flank.py checks them against the shapes. Minimum jerk
# is kept unless another fits the crossings clearly better (half the squared error): people differ, and under
# sway the shapes are not told apart.
_LEVELS = const((
          0.2444, 0.28714, 0.32635, 0.36326, 0.39861, 0.43293, 0.46662, 0.5, 0.53338, 0.56707, 0.60139, 0.63674,
          0.67365, 0.71286, 0.7556,
          0.28992, 0.3266, 0.35944, 0.38982, 0.41857, 0.44625, 0.47328, 0.5, 0.52672, 0.55375, 0.58143, 0.61018,
          0.64056, 0.6734, 0.71008,
          0.3176, 0.35009, 0.37885, 0.40524, 0.43008, 0.4539, 0.47709, 0.5, 0.52291, 0.5461, 0.56992, 0.59476,
          0.62115, 0.64991, 0.6824))
_PEAKS = const((1.5, 1.875, 2.1875))  # peak speed x duration / range, per bell


class FlankFit:
    def __init__(self):
        self.t = array("i", bytes(4 * _RING))  # running-clock ms
        self.x = array("f", bytes(4 * _RING))  # lift angle (deg)
        self.t1 = array("f", bytes(4 * _N_LEVELS))  # first and last crossing of each level (ms from the
        self.t2 = array("f", bytes(4 * _N_LEVELS))  # movement's rough start)
        self.start = self.end = 0  # fit() results, int ms
        # the person's pace (fit()): the sum and count of the speed's spans over the bells' since reset() (kept from
        # set to set: the phase machine forgets the kept angle only where the rest pose is learned again, at power-up,
        # a strap change or a gap), then the last bell's span and the speed's (ms); then the fitted movement's slow
        # ends (ms, both: its whole time less its span; -1e6 where no fit gives them, and the stop is the pause) and
        # the rep's stop (repend.py)
        self.span = array("f", bytes(24))
        self.reset()

    def reset(self):
        self.i = self.n = 0
        self.t_last = -_KEEP_MS
        self.angle = 0.0
        self.span[0] = self.span[1] = 0.0

    def find(self, t0):
        """Ring index of the oldest entry kept at or after t0 ms (binary search: the ring is in time order), or
        -1 if there is none."""
        n = self.n
        low, top = 0, n  # in entries from the oldest
        while low < top:
            mid = (low + top) >> 1
            j = self.i - n + mid
            if self.t[j + _RING if j < 0 else j] < t0:
                low = mid + 1
            else:
                top = mid
        if low >= n:
            return -1
        j = self.i - n + low
        return j + _RING if j < 0 else j

    def mean(self, t0, t1):
        """Mean angle kept in [t0, t1] ms, or None with fewer than 2 entries."""
        t, x = self.t, self.x
        s = 0.0
        c = 0
        j = self.find(t0)
        while j >= 0 and t[j] <= t1:
            s += x[j]
            c += 1
            j = j + 1 if j < _RING - 1 else 0
            if j == self.i:
                break  # (past the newest entry)
        return s / c if c > 1 else None

    def fit(self, a, b, lo, hi, deg=0.0):
        """Fit the movement the speed found at [a, b] (ms); its levels are read in [a - _PAD_MS, a] and
        [b, b + _PAD_MS], kept within [lo, hi]. True and self.start / self.end if it fits, else False.
        A boundary the speed found late (a slow lowering under sway) puts a level's window inside the
        movement: the fit then moves it out, and is made again from there (3 fits at most). deg: the
        movement's range as the elevation (gravity) read it, on which the speed's 2 deg/s floor is reckoned (0:
        the kept angle's own range)."""
        ready = False
        w = self.span
        w[3] = b - a
        w[4] = -1e6  # (none yet)
        for _ in range(3):
            if not self._fit(a, b, lo, hi, deg):
                break
            ready = True
            if self.start > a - _PAD_MS // 2 and self.end < b + _PAD_MS // 2:
                break
            if self.start < a:
                a = self.start
            if self.end > b:
                b = self.end
        if ready and w[2] > 0.0:
            # The bells are fitted to 15-85 % of the way, where every smooth movement is nearly straight: they
            # cannot tell a person who moves at an even pace (a short start and stop, "one, two, three" down) from
            # a bell, and place such a movement's ends ~0.18 of it outside (its pause read ~0.45 s short). Its speed
            # can: it passes 10 % of its peak sharply, so the span between the speed's 10 % points is ~0.85 of the
            # bell's, where a bell's own is 0.98-1.04 of it through sway (per set, the virtual athlete's "steady"
            # and swaying sets; a single flank's spreads ~0.07). A person moves alike from rep to rep: their mean
            # decides (_fit), from the sixth flank (three reps), where its spread (0.07 / sqrt(6)) is under half
            # the way from a bell's 0.98 down to 0.92.
            q = w[3] / w[2]
            w[0] += 0.7 if q < 0.7 else (1.3 if q > 1.3 else q)  # (a flank sway split weighs no more than a clear one)
            w[1] += 1.0
        return ready

    def _fit(self, a, b, lo, hi, deg):
        n = self.n
        j = self.i - n
        if j < 0:
            j += _RING
        lim, up = lo, hi  # (the earliest the level before and the latest the level after may be read)
        hi = b + _PAD_MS if b + _PAD_MS < up else up  # (the windows of the levels before and after)
        lo = a - _PAD_MS if a - _PAD_MS > lim else lim
        if n < 2 or self.t[j] > lo:
            return False  # the level before it is no longer kept
        s0 = self.mean(lo, a)
        if s0 is None and lo - _PAD_MS >= lim and self.t[j] <= lo - _PAD_MS:
            # (the samples stalled there, fewer than 2 entries: the window before it; the loop below moves it on)
            a = lo
            lo -= _PAD_MS
            s0 = self.mean(lo, a)
        s1 = self.mean(b, hi)
        if s0 is None or s1 is None:
            return False
        # a start the speed found late (a balance jolt in a slow lowering) puts the window before it inside the
        # movement: while the window before that is further from the level after, by over a tenth and 2 deg (more
        # than a wobbling pause's window means differ), it is taken
        # (and likewise for an end found early)
        while lo - _PAD_MS >= lim and self.t[j] <= lo - _PAD_MS:
            mid = self.mean(lo - _PAD_MS, lo)
            if mid is None or abs(mid - s1) - abs(s0 - s1) < 0.1 * abs(s0 - s1) + 2.0:
                break
            a, s0 = lo, mid
            lo -= _PAD_MS
        while hi + _PAD_MS <= up:
            mid = self.mean(hi, hi + _PAD_MS)
            if mid is None or abs(mid - s0) - abs(s1 - s0) < 0.1 * abs(s1 - s0) + 2.0:
                break
            b, s1 = hi, mid
            hi += _PAD_MS
        delta = s1 - s0
        if -4.0 < delta < 4.0:
            return False  # (deg) too small a movement to fit
        t1, t2 = self.t1, self.t2  # first and last crossing of each level
        for k in range(_N_LEVELS):
            t1[k] = -1e9
        t, x = self.t, self.x
        t_prev = None
        s_prev = 0.0
        j = self.find(lo)
        while j >= 0 and t[j] <= hi:
            t_now = t[j] - a
            q = (x[j] - s0) / delta  # how far on its way (0 before, 1 after)
            if t_prev is not None and q != s_prev:
                # the levels between the two entries, by index
                low = q if q < s_prev else s_prev
                top = s_prev if q < s_prev else q
                k = int((low - _LEVEL0) / _LEVEL_STEP + 1.0) if low > _LEVEL0 else 0
                lim = int((top - _LEVEL0) / _LEVEL_STEP) if top > _LEVEL0 else -1
                if lim >= _N_LEVELS:
                    lim = _N_LEVELS - 1
                while k <= lim:
                    tx = t_prev + (t_now - t_prev) * (_LEVEL0 + _LEVEL_STEP * k - s_prev) / (q - s_prev)
                    if t1[k] < -1e8:
                        t1[k] = tx
                    t2[k] = tx
                    k += 1
            t_prev, s_prev = t_now, q
            j = j + 1 if j < _RING - 1 else 0
            if j == self.i:
                break  # (past the newest entry)
        # least squares t = t0 + D u over the levels crossed, for each bell; the best is kept. With
        # Sxx, Sxy, Syy the sums of squares and products about the means, D = Sxy / Sxx and the squared
        # error is Syy - D Sxy
        c = 0
        sy = 0.0
        for k in range(_N_LEVELS):
            if t1[k] > -1e8:
                c += 1
                sy += 0.5 * (t1[k] + t2[k])
        if c < 9:
            return False  # (most levels: a movement that went back and forth is not fitted)
        uy = sy / c
        best = -1
        for m in (_N_LEVELS, 0, 2 * _N_LEVELS):  # (minimum jerk first)
            sx = vx = vy = var = 0.0
            for k in range(_N_LEVELS):
                if t1[k] > -1e8:
                    dx = _LEVELS[m + k]
                    err = 0.5 * (t1[k] + t2[k]) - uy
                    sx += dx
                    vx += dx * dx
                    vy += dx * err
                    var += err * err
            ux = sx / c
            vx -= sx * ux
            d = vy / vx
            var -= d * vy
            if best < 0 or var < 0.5 * top:
                best, top, lim, mid = m // _N_LEVELS, var, d, uy - d * ux
        d, t0 = lim, mid
        if d < 200.0:
            return False  # (ms) a jolt, not a leg lift (phases.MIN_MOVE_MS)
        if top > 0.0009 * d * d * c:
            # crossings off the shape by over 3 % of the movement (RMS): not one smooth movement (sway leaves
            # under 2 %; a lowering that stops halfway and goes on, ~5 %)
            return False
        if top < 0.000009 * d * d * c:
            # the levels were read in windows next to the speed's 10 % points, which for a slow movement (threshold()'s
            # floor a quarter to a third of its peak) lie in its tails and hold a few % of its way: e0 before and e1
            # after, the fitted shape's mean there (minimum jerk; its integral from 0 to u is u^4 (2.5 - 3u + u^2)).
            # The crossings are then those of levels e0 + p (1 - e0 - e1), which to first order shortens the fit by
            # 1.197 (e0 + e1) and moves it on by 0.906 e0 + 0.291 e1 of its length (least squares over the levels,
            # tests/test_core_flank.py): taken out, once. Only where the crossings follow the shape within 0.3 %
            # RMS: a fit sway lengthened reads more of its own tail in the windows than there is
            # (the integral at the windows' ends in the order lo, b, a, hi; the pair keeps the last two differences,
            # which leaves sx the integral over the window before, I(a) - I(lo), and vx the one after, I(hi) - I(b))
            sx = vx = 0.0
            for u in (lo, b, a, hi):
                u = (u - a - t0) / d
                q = u - 0.5 if u >= 1.0 else (u * u * u * u * (2.5 - 3.0 * u + u * u) if u > 0.0 else 0.0)
                sx, vx = vx, q - sx
            sx *= d / (a - lo)
            vx = 1.0 - vx * d / (hi - b)
            if sx + vx < 0.2:
                d /= 1.0 - 1.197 * (sx + vx)
                t0 -= d * (0.906 * sx + 0.291 * vx)
                delta /= 1.0 - sx - vx
        range_deg = delta if delta > 0.0 else -delta
        if 0.2 * range_deg < deg < 5.0 * range_deg:
            # threshold()'s floor is 2 deg/s of the leg's own turn, and the kept angle is the gyro's, which reads
            # 0.2-5x of it until its scale is found (a small lift may never show it): a 14 deg lift through a 0.62x
            # gyro was placed where its speed was 22 % of its peak, not 14 %, and its lowering read 0.4 s short
            range_deg = deg
        peak = _PEAKS[best] * range_deg * 1000.0 / d
        q = threshold(peak) / peak
        # where the bell's speed is q of its peak: u (1 - u) = q^(1/m) / 4
        q = (q ** (1.0 / (best + 1)) if q < 1.0 else 1.0) * 0.25
        u = 0.5 * (1.0 - math.sqrt(1.0 - 4.0 * q))
        s = a + int(t0 + u * d + 0.5)
        e = a + int(t0 + (1.0 - u) * d + 0.5)
        w = self.span
        w[2] = e - s  # (the bell's: fit() weighs the person's pace on it, whichever shape places the ends)
        if w[1] >= 6.0 and w[0] < 0.92 * w[1]:
            # a person who moves at an even pace (fit()): the crossings are the even part of a movement that starts
            # and stops over a fifth of it each along half a cosine (peak 1.25 x range / duration), u = 0.1 + 0.8 p
            sx = vx = vy = 0.0
            for k in range(_N_LEVELS):
                if t1[k] > -1e8:
                    dx = 0.1 + 0.8 * (_LEVEL0 + _LEVEL_STEP * k)
                    sx += dx
                    vx += dx * dx
                    vy += dx * (0.5 * (t1[k] + t2[k]) - uy)
            ux = sx / c
            d = vy / (vx - sx * ux)
            t0 = uy - d * ux
            peak = 1.25 * range_deg * 1000.0 / d
            q = threshold(peak) / peak
            # where its start's speed is q of its peak: (1 - cos(pi x)) / 2 = q at x of its fifth (0.2 / pi)
            u = 0.06366 * math.acos(1.0 - 2.0 * q if q < 1.0 else -1.0)
            s = a + int(t0 + u * d + 0.5)
            e = a + int(t0 + (1.0 - u) * d + 0.5)
        if s - a > _MAX_SHIFT_MS or a - s > _MAX_SHIFT_MS or e - b > _MAX_SHIFT_MS or b - e > _MAX_SHIFT_MS:
            return False
        self.start, self.end = s, e
        # its slow ends (both, ms): the shape's where the person's pace is known (the sixth flank on: an even pace,
        # or the bell), or the speed says this flank was a bell (its span 0.9 of the bell's or more); else none (the
        # first flanks of a person moving at an even pace, fitted as bells: a bell's ends lie outside theirs). And
        # no more than a bell's at 10 % of its peak, 0.208 of its span: where the 2 deg/s floor rules, the ends are
        # reckoned on the fitted length and range, which sway stretches on a small slow lift (a 12 deg lowering's
        # ends read 3.8 s for 1.7)
        d -= e - s
        q = 0.2083 * (e - s)
        w[4] = (d if d < q else q) if w[1] >= 6.0 or w[3] > 0.9 * w[2] else -1e6
        return True
