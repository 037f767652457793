"""Minimum-jerk moves and the phase convention, for the virtual athlete (sim/athlete/).

A move is (t0_ms, dur_ms, amp_deg): amp * s((t - t0) / dur) with s(u) = 10u^3 - 15u^4 + 6u^5, whose speed
30 u^2 (1-u)^2 amp / dur is bell-shaped with its peak 1.875 amp / dur at the middle. Phase boundaries follow
docs/design.md: a movement phase starts where the elevation speed rises through 10 % of that phase's peak
speed (floor 2 deg/s) and ends where it falls back through it; computed here at 1 ms resolution.
"""

import bisect
import math

ONSET = 0.1  # movement phase threshold: fraction of its peak speed (docs/design.md)
ONSET_FLOOR_DPS = 2.0
MJ_PEAK = 1.875  # peak of s'(u)


def onset_frac(amp, dur_ms, ramp=0.0):
    """Fraction u of a move where its speed crosses the phase threshold (10 % of peak, floor 2): a min-jerk move,
    or with ramp > 0 a steady one (Moves)."""
    if ramp:
        # speed = V (1 - cos(pi u / ramp)) / 2 of amp / T in the ramp, V = 1 / (1 - ramp)
        peak = abs(amp) * 1000.0 / dur_ms / (1.0 - ramp)
        q = min(1.0, max(ONSET * peak, ONSET_FLOOR_DPS) / peak)
        return ramp * math.acos(1.0 - 2.0 * q) / math.pi
    peak = MJ_PEAK * abs(amp) * 1000.0 / dur_ms
    thr = max(ONSET * peak, ONSET_FLOOR_DPS)
    # speed = 30 u^2 (1-u)^2 amp / T  =>  u (1-u) = sqrt(thr T / (30 amp)), T in s
    q = min(0.25, math.sqrt(thr * dur_ms / 1000.0 / (30.0 * abs(amp))))
    return (1.0 - math.sqrt(1.0 - 4.0 * q)) / 2.0


def _steady(u, r):
    """A steady move of unit size and duration at u of its time: (position, speed, acceleration). It speeds up
    over the first r of its time and slows down over the last r along half a cosine, and keeps its speed
    V = 1 / (1 - r) between: a person lowering at an even pace ("one, two, three") rather than along a bell."""
    v = 1.0 / (1.0 - r)
    if r < u < 1.0 - r:
        return v * (u - 0.5 * r), v, 0.0
    x = (u if u <= r else 1.0 - u) / r
    p = v * r * (0.5 * x - math.sin(math.pi * x) / (2.0 * math.pi))
    a = v * 0.5 * math.pi * math.sin(math.pi * x) / r
    if u <= r:
        return p, v * 0.5 * (1.0 - math.cos(math.pi * x)), a
    return 1.0 - p, v * 0.5 * (1.0 - math.cos(math.pi * x)), -a


class Moves:
    """A sum of min-jerk steps (or, with ramp > 0, steady ones: _steady): position (deg), speed (deg/s),
    acceleration (deg/s^2) at any time (ms)."""

    def __init__(self, moves, ramp=0.0):
        self.ramp = ramp
        self.moves = sorted(moves)  # (t0_ms, dur_ms, amp_deg)
        self.t0 = [m[0] for m in self.moves]
        self.maxdur = max([m[1] for m in self.moves] or [0.0])
        self.cum = [0.0]
        for m in self.moves:
            self.cum.append(self.cum[-1] + m[2])

    def at(self, t):
        k = bisect.bisect_right(self.t0, t)
        pos, vel, acc = self.cum[k], 0.0, 0.0
        j = k - 1
        lim = t - self.maxdur
        moves = self.moves
        while j >= 0 and moves[j][0] >= lim:
            t0, d, amp = moves[j]
            if t < t0 + d:
                u = (t - t0) / d
                ds = d / 1000.0
                if self.ramp:
                    p, v, a = _steady(u, self.ramp)
                    pos -= amp * (1.0 - p)
                    vel += amp * v / ds
                    acc += amp * a / (ds * ds)
                else:
                    v = 1.0 - u
                    pos -= amp * (1.0 - u * u * u * (10.0 - 15.0 * u + 6.0 * u * u))
                    vel += amp * 30.0 * u * u * v * v / ds
                    acc += amp * 60.0 * u * v * (1.0 - 2.0 * u) / (ds * ds)
            j -= 1
        return pos, vel, acc

    def speed(self, t):
        return self.at(t)[1]


def peak_speed(mv, t0, t1, sg):
    """(t_ms, speed) of the fastest instant in [t0, t1] in the direction sg (+1 raising, -1 lowering), 1 ms."""
    step = max(1, int((t1 - t0) / 40))
    best_t, best = int(t0), -1e9
    t = int(t0)
    while t <= t1:
        s = sg * mv.speed(t)
        if s > best:
            best, best_t = s, t
        t += step
    while step > 1:  # hill-climb: the speed profile is smooth and single-peaked near its top
        step = (step + 1) // 2
        for t in (best_t - step, best_t + step):
            s = sg * mv.speed(t)
            if s > best:
                best, best_t = s, t
    return best_t, best


def walk(mv, tp, thr, direction, sg):
    """From tp (fast, moving in direction sg) walk until the speed falls below thr (a sign change is a fall
    through thr too); returns the first ms below (forward) or the first ms at or above (backward): the phase
    boundary by the convention. Steps of 32 ms then bisection: no dip below thr is that short in a plan."""
    step = 32 * direction
    t = tp
    while sg * mv.speed(t + step) >= thr:
        t += step
    # speed(t) >= thr > speed(t + step): bisect to the last ms at or above thr.
    lo, n = t, abs(step)
    while n > 1:
        n //= 2
        if sg * mv.speed(lo + n * direction) >= thr:
            lo += n * direction
    while sg * mv.speed(lo + direction) >= thr:
        lo += direction
    return lo + 1 if direction > 0 else lo


def phase(mv, t0, dur, amp):
    """(start_ms, end_ms, peak_dps) of the movement phase of the move of amp deg at [t0, t0 + dur]."""
    sg = 1.0 if amp >= 0 else -1.0
    tp, pk = peak_speed(mv, t0, t0 + dur, sg)
    thr = max(ONSET * pk, ONSET_FLOOR_DPS)
    return walk(mv, tp, thr, -1, sg), walk(mv, tp, thr, 1, sg), pk


def dwell_gap(t1, a1, t2, a2, dwell, ramp=0.0):
    """Gap (ms) between the end of move 1 and the start of move 2 so that the measured dwell between them
    (convention) is `dwell`; negative gaps overlap the moves. Returns the nearest reachable gap."""
    tails = onset_frac(a1, t1, ramp) * t1 + onset_frac(a2, t2, ramp) * t2
    gap = dwell - tails
    if gap >= 0:
        return gap

    def measured(g):
        mv = Moves([(0.0, t1, a1), (t1 + g, t2, a2)], ramp)
        s1, e1 = 1.0 if a1 >= 0 else -1.0, 1.0 if a2 >= 0 else -1.0
        tp1, pk1 = peak_speed(mv, 0.0, t1, s1)
        tp2, pk2 = peak_speed(mv, t1 + g, t1 + g + t2, e1)
        end1 = walk(mv, tp1, max(ONSET * pk1, ONSET_FLOOR_DPS), 1, s1)
        return walk(mv, tp2, max(ONSET * pk2, ONSET_FLOOR_DPS), -1, e1) - end1

    lo, hi = -1.5 * tails, 0.0  # more overlap than this eats visibly into the range
    if measured(lo) >= dwell:
        return lo
    for _ in range(14):
        mid = 0.5 * (lo + hi)
        if measured(mid) > dwell:
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


def tails(amp, t1, t2, ramp=0.0):
    """Slow tails (ms) of two moves of amp deg that a dwell between them by the convention does not see."""
    return onset_frac(amp, t1, ramp) * t1 + onset_frac(amp, t2, ramp) * t2
