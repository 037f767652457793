"""A toy counter on the device's stand-in core, to test the MicroPython harness without the real core.

The surface, Rep and SetStats are the real ones (bandlift.motion.standin); only feed() is a toy: elevation is
the integral of gx (rad/s -> deg), a rep is a rise above 15 deg and a return below 5 deg.
"""

from bandlift.compat import ticks_diff
from bandlift.motion.standin import (  # noqa: F401 (the harness reads EV_* from this module)
    EV_BAD_SAMPLE,
    EV_CALIBRATED,
    EV_PHASE,
    EV_REP_DONE,
    PH_RAISE,
    PH_REST,
    StandInCore,
)


class ToyCounterCore(StandInCore):
    """Counts a rise above 15 deg and a return below 5 deg as a rep (a toy: not bandlift.motion.core)."""

    def __init__(self, targets):
        StandInCore.__init__(self, targets)
        self._t = None
        self._peak = 0.0
        self._start = 0

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
                r = self.last_rep
                r.index = self.reps
                r.side = self.side
                r.peak_deg = self._peak
                r.start_ms = self._start
                r.end_ms = t
                self.stats.add(r)
                return EV_PHASE | EV_REP_DONE
        return 0
