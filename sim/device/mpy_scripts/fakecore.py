"""A tiny stand-in with MotionCore's surface, to test the MicroPython harness without the real core.

Elevation is the integral of gx (rad/s -> deg); a rep is a rise above 15 deg and a return below 5 deg.
"""

from bandlift.compat import const, ticks_diff

EV_CALIBRATED = const(1)
EV_PHASE = const(2)
EV_REP_DONE = const(8)
EV_BAD_SAMPLE = const(128)

PH_CALIBRATING = const(0)
PH_REST = const(1)
PH_RAISE = const(2)


class Rep:
    def __init__(self):
        self.index = 0
        self.peak_deg = 0.0
        self.start_ms = 0
        self.end_ms = 0

    def to_dict(self):
        return {"index": self.index, "peak_deg": self.peak_deg, "start_ms": self.start_ms, "end_ms": self.end_ms}


class Stats:
    def __init__(self):
        self.count = 0

    def to_dict(self):
        return {"count": self.count}


class MotionCore:
    def __init__(self, targets):
        self.targets = targets
        self.phase = PH_CALIBRATING
        self.angle = 0.0
        self.reps = 0
        self.calibrated = False
        self.bad_samples = 0
        self.gaps = 0
        self.last_rep = Rep()
        self.stats = Stats()
        self._t = None
        self._peak = 0.0
        self._start = 0

    def new_set(self, side):
        self.reps = 0

    def feed(self, t, ax, ay, az, gx, gy, gz):
        if not (gx == gx) or gx > 100.0 or gx < -100.0:  # NaN or out of range
            self.bad_samples += 1
            return EV_BAD_SAMPLE
        if self._t is None:
            self._t = t
            self.calibrated = True
            self.phase = PH_REST
            return EV_CALIBRATED | EV_PHASE
        dt = ticks_diff(t, self._t)
        self._t = t
        self.angle += gx * dt * 0.05729578  # rad/s * ms -> deg
        if self.phase == PH_REST and self.angle > 15.0:
            self.phase = PH_RAISE
            self._peak = self.angle
            self._start = t
            return EV_PHASE
        if self.phase == PH_RAISE:
            if self.angle > self._peak:
                self._peak = self.angle
            if self.angle < 5.0:
                self.phase = PH_REST
                self.reps += 1
                self.stats.count += 1
                r = self.last_rep
                r.index = self.reps
                r.peak_deg = self._peak
                r.start_ms = self._start
                r.end_ms = t
                return EV_PHASE | EV_REP_DONE
        return 0
