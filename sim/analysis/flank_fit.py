"""A candidate for the core: a lowering's boundaries from its whole flank in the angle, where sway averages out.

PC-side prototype, written to the device's rules (preallocated arrays, integer ms, no numpy) so it can move to
lib/bandlift/motion/ once the heap allows it: it costs ~4 kB more at import on the 64-bit MicroPython port
and the capped-heap session (tests/test_micropython.py, 96 kB) then no longer fits. `python -m
sim.analysis.phase_errors --flank` runs the core with it (install(machine) wraps one PhaseMachine).
"""

# One-leg sway moves the thigh +-2 deg at 0.2-1 Hz, up to ~8 deg/s: as fast as a slow lowering's 10 % point,
# so speed crossings near a boundary are the sway's as much as the lift's. In the angle the sway is small beside
# the movement (2 deg of 20-60) and averages out over it. The ring keeps the gyro angle every other step; once
# the movement is over, the angle is normalised between the mean levels PAD_MS before and after it, the times
# it crosses 20, 30 ... 80 % of the way are taken (first and last crossing averaged: sway can cross a level
# twice), and a minimum-jerk movement (Flash & Hogan 1985, as onset.py assumes) is fitted to them by least
# squares: t_k = t0 + D u_k. Its boundaries are where its speed is onset.threshold() of its peak
# (docs/design.md). The angle is the lift rate integrated (deg), leaked toward the fused elevation (5 s) so
# it stays bounded. Preallocated arrays; integer ms of the running clock, fitted relative to the movement.

import math
from array import array

from bandlift.motion import onset

RING = 128  # entries, one every other step (~60 ms): 7.7 s, a lowering lasts up to ~6 s
PAD_MS = 300
# where minimum jerk 10u^3 - 15u^4 + 6u^5 is 20, 30 ... 80 % of the way; and the sum of (u_k - 0.5)^2
_U = (0.32660, 0.38982, 0.44625, 0.5, 0.55375, 0.61018, 0.67340)
_U_VAR = 0.09019


class FlankFit:
    def __init__(self):
        self.t = array("i", bytes(4 * RING))  # running-clock ms
        self.x = array("f", bytes(4 * RING))  # gyro angle (deg)
        self.tk = array("f", bytes(56))  # first (0-6) and last (7-13) crossing of each level, ms from a
        self.start = self.end = 0  # fit() results, int ms
        self.reset()

    def reset(self):
        self.i = self.n = 0
        self.ang = self.prev = 0.0
        self.odd = False

    def push(self, dt, rate, elev):
        """One step of dt ms: lift rate (deg/s), fused elevation (deg); `now` is the step's time."""
        a = self.ang + 0.0005 * (self.prev + rate) * dt
        self.ang = a + (elev - a) * dt * 0.0002
        self.prev = rate
        self.odd = not self.odd
        return not self.odd

    def keep(self, now):
        i = self.i
        self.t[i] = now
        self.x[i] = self.ang
        self.i = i + 1 if i < RING - 1 else 0
        if self.n < RING:
            self.n += 1

    def fit(self, a, b):
        """Fit the movement found at [a, b] (ms): True and self.start/end if it fits, else False."""
        t, x, tk = self.t, self.x, self.tk
        j = self.i
        s0 = s1 = 0.0
        c0 = c1 = 0
        for _ in range(self.n):  # newest to oldest: the mean levels after and before
            j = j - 1 if j > 0 else RING - 1
            tj = t[j]
            if tj < a - PAD_MS:
                break
            if b <= tj <= b + PAD_MS:
                s1 += x[j]
                c1 += 1
            elif tj <= a:
                s0 += x[j]
                c0 += 1
        if t[j] >= a - PAD_MS or not c0 or not c1:
            return False  # the level before it is no longer kept
        x0 = s0 / c0
        rng = s1 / c1 - x0
        if -4.0 < rng < 4.0:
            return False
        for k in range(14):
            tk[k] = -1.0
        pt = t[j] - a
        pq = (x[j] - x0) / rng
        while True:  # oldest to newest
            j = j + 1 if j < RING - 1 else 0
            if j == self.i or t[j] > b + PAD_MS:
                break
            tt = t[j] - a
            q = (x[j] - x0) / rng
            for k in range(7):
                lv = 0.2 + 0.1 * k
                if (pq < lv) != (q < lv):
                    tc = pt + (tt - pt) * (lv - pq) / (q - pq)
                    if tk[k] < 0.0:
                        tk[k] = tc
                    tk[k + 7] = tc
            pt, pq = tt, q
        st = stu = 0.0
        for k in range(7):
            if tk[k] < 0.0:
                return False
            m = 0.5 * (tk[k] + tk[k + 7])
            st += m
            stu += m * (_U[k] - 0.5)
        d = stu / _U_VAR
        if d < 100.0:
            return False
        t0 = st / 7 - 0.5 * d
        amp = rng if rng > 0.0 else -rng
        q = onset.threshold(1875.0 * amp / d) * d * 0.001 / (30.0 * amp)  # u(1-u) at the threshold, squared
        u = 0.5 * (1.0 - math.sqrt(1.0 - 4.0 * math.sqrt(q))) if q < 0.0625 else 0.5
        s = a + int(t0 + u * d + 0.5)
        e = a + int(t0 + (1.0 - u) * d + 0.5)
        if abs(s - a) > 800 or abs(e - b) > 800:
            return False  # a misfit: keep the crossings' boundaries
        self.start, self.end = s, e
        return True


def install(machine):
    """Make a PhaseMachine (lib/bandlift/motion/phases.py) take its lowering boundaries from FlankFit (PC only:
    the methods are wrapped on the instance)."""
    fl = FlankFit()
    step, finish, reset = machine.step, machine._finish, machine.reset
    clock = [0]

    def step2(t_prev, now, elev, rate, side):
        clock[0] = now
        if fl.push(now - t_prev, rate, elev):
            fl.keep(now)
        return step(t_prev, now, elev, rate, side)

    def finish2(end):
        # the crossings' boundaries first (as _finish finds them), then the fit over them
        m = machine
        lower_start = m.down.start_at(m.lower_peak)
        if m.fell_from >= 0 and lower_start < m.fell_from - 200:
            lower_start = m.fell_from - 200
        lower_start = min(max(lower_start, m.raise_end), end)
        if fl.fit(lower_start, end) and fl.start >= m.raise_end and fl.start < fl.end <= clock[0]:
            r = finish(fl.end)
            if r & 4:  # R_DONE: move the lowering's start too
                m.r_lower = fl.end - fl.start
                m.r_hold = fl.start - m.raise_end
            return r
        return finish(end)

    def reset2():
        fl.reset()
        reset()

    machine.step, machine._finish, machine.reset = step2, finish2, reset2
    return fl
