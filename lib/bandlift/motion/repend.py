"""A rep's end: where its raise, pause and lowering began and ended, how steady the pause was and how smooth the
lowering. finish_now(self, now) is the PhaseMachine's step at its rep's end, kept apart for length (self: the
PhaseMachine, as in a method; a name of its own would be one more interned name): phases.py calls it as a
lowering ends, restpose.py when the strap watch ends a rep at once.

The speed's 10 % points say roughly where a flank begins and ends; under sway they wander, so the whole flank in
the angle places them (flank.py's fit). Every time is integer ms of the core's running clock.
"""

import math

from bandlift.compat import const, ticks_add
from bandlift.motion import flank

# phases.py's numbers, declared again (a constant is folded in; a test keeps them equal)
_PH_REST = const(1)
_PH_RAISE = const(2)
_PH_HOLD = const(3)
_PH_LOWER = const(4)
_R_PHASE = const(1)
_R_DONE = const(4)
_R_PARTIAL = const(8)
_MIN_MOVE_MS = const(200)  # a "raise" or "lowering" quicker than this is a jolt of the body, not a leg lift
_FELL_MARGIN_MS = const(200)  # a lowering of 10-25 deg/s peak passes its 10 % point 100-350 ms before it
# falls at 4 deg/s (phases._START_DPS): it began at most about this long before it fell steadily (not at a sway
# bump before)


def finish_now(self, now, down=False):
    """End the rep under way: a lowering that ended (phases.py), or at once, now (the strap slipped while the leg
    was down; down: the leg stood still under half its peak for a second, strap.py's ACT_SETTLED). Returns the
    step's bits: phase changed, and a rep done (its record filled in) or a partial lift (not a rep)."""
    ph = self.phase
    if ph < _PH_RAISE:
        return 0
    if down and ph == _PH_HOLD:
        # it came down from the pause slower than a lowering's onset reads through sway (a 10 deg lift
        # lowered at 4 deg/s) and stopped short of the rest band: it was lowered
        ph = _PH_LOWER
        # it fell from its pause through midway to here at the last angle kept above that (the flank fit
        # places the lowering from there; the speed's own start is a sway bump's near the end)
        # (newest first; the ring's indices wrap to negative ones, which read it from its end)
        f = self.flank
        mid = 0.5 * (self.hold_ref + f.angle)
        self.fell_from = self.raise_end
        for j in range(f.i - 1, f.i - 1 - f.n, -1):
            if f.x[j] >= mid:
                if f.t[j] > self.raise_end:
                    self.fell_from = f.t[j]
                break
        self.low_min = f.angle  # (where it stopped: the lowering's depth)
        self.lower_peak = self.down.peak
        self.lower_t0 = self.down.t[0]
    end = self.end_at if self.end_at >= 0 else now  # (a lowering that ended: where it did; else now)
    self.phase = _PH_REST
    self.up.reset()
    self.rest_min = 90.0
    self.rising_since = -1
    # never seen lowered, or below the minimum range: not a rep
    if ph < _PH_LOWER or self.peak_elev - self.base < self.min_range_deg or self.start < 0:
        return _R_PHASE | _R_PARTIAL
    thr = flank.threshold(self.lower_peak)
    u = self.down
    onset = u.start_at(self.lower_peak)
    lower_start = t_thr = onset  # (where the speed first said so: the flank fit reads the pause before it)
    lim = self.fell_from - _FELL_MARGIN_MS
    if self.fell_from >= 0 and lower_start < lim:
        lower_start = lim
    if lower_start < self.raise_end:
        lower_start = self.raise_end
    if lower_start > end:
        lower_start = end
    if end - lower_start < _MIN_MOVE_MS and self.fell_from > self.raise_end and end - self.fell_from >= _MIN_MOVE_MS:
        # the speed's 10 % point came late (a pause that sagged before the drop), but the leg fell without a
        # break from fell_from on: that long a fall is a lowering, not a jolt (a real abduction fell 27 deg
        # in 1.1 s and was placed in the last 170 ms)
        lower_start = self.fell_from
    if end - lower_start < _MIN_MOVE_MS or self.raise_end - self.start < _MIN_MOVE_MS:
        return _R_PHASE | _R_PARTIAL
    # under sway the speed's boundaries wander: the whole flank in the angle places them (flank.py), its speed
    # reckoned on the range the elevation read (gravity's degrees, not the gyro's)
    f = self.flank
    w = f.span  # (the fits' results beside start and end: [4] the slow ends, [5] the stop)
    if f.fit(self.start, self.raise_end, self.last_end if self.last_end >= 0 else -1 << 30, lower_start,
             self.hold_ref - self.base):
        self.start, self.raise_end = f.start, f.end
    lim = w[4]  # (the raise's slow ends, ms)
    if t_thr > lower_start or t_thr < self.raise_end:
        t_thr = lower_start
    # a slow lowering under sway comes down in stairs: its speed stalls at each, and its onset, found again at each,
    # is the last stair's. The fit is read from where the angle last stood within 2 deg (the sway) of the pause's
    # level (its mean over the first half of the time to the onset) instead
    # (walked back from the newest entry: one in the mean's window stands above it, and the walk stops there)
    top = f.mean(self.raise_end, (self.raise_end + t_thr) // 2)
    if top:
        j = f.i - 1
        while f.x[j] < top - 2.0:
            j -= 1
        if f.t[j] < t_thr:
            t_thr = lower_start = f.t[j]  # (and where it stands if the fit does not take)
    if f.fit(t_thr, end, self.raise_end, self.now, self.hold_ref - self.low_min) and f.start >= self.raise_end:
        lower_start, end = f.start, f.end if f.end < self.now else self.now
    else:
        w[4] = -1e6  # (none: flank.py)
    if lower_start < self.raise_end:
        lower_start = self.raise_end
    hold = lower_start - self.raise_end
    # the stop between the moves (judge.py): the pause less the raise's slow end and the lowering's; the pause
    # itself where a fit found none
    lim = hold - 0.5 * (lim + w[4])
    w[5] = lim if lim < hold else hold
    # the pause's steadiness up to where the lowering first stirred (its speed rising through the
    # floor), so the start of a fast drop is not read as a wobble
    hold_sq = u.snap[0]
    hold_s = u.snap2[0]
    hold_to = u.t[0]
    if hold_to > lower_start or hold_to < self.raise_end:
        hold_sq = u.snap_at(thr)
        hold_s = u.snap2_at(thr)
        # (to where the speed passed thr, as the sums are: a lowering placed before that, from the angle, would
        # count the speed up to there over a shorter pause, a wobble it never had)
        hold_to = onset if onset > lower_start else lower_start
    self.r_start = self.start
    self.r_end = end
    self.r_raise = self.raise_end - self.start
    self.r_hold = hold
    self.r_lower = end - lower_start
    # wobble: the spread of the speed around its mean over the pause (deg/s RMS)
    span = hold_to - self.hold_from
    var = hold_sq / span - (hold_s / span) ** 2 if span > 1 else 0.0
    self.r_wobble = math.sqrt(var) if var > 0.0 else 0.0
    top = u.elev_at(thr)
    # the pause's range up to where the lowering began (the leg was at `top` then)
    lo = self.hold_min if self.hold_min > top else top
    self.r_range = self.hold_max - lo if self.hold_max > lo else 0.0
    lower_ms = end - lower_start
    if lower_ms > 0 and self.lower_peak > 0.0:
        self.r_smooth = (top - self.low_min) / (lower_ms * 0.001) / self.lower_peak
    else:
        self.r_smooth = 0.0
    return _R_PHASE | _R_DONE


def fill(self, rep, now, tick):
    """Fill a Rep with the rep that just finished (a step that reported a rep done); now is the running clock at tick
    `tick`. The rest before it is measured from the previous rep's end (-1 for the first since reset()). A
    PhaseMachine method (phases.py binds it)."""
    rep.start_ms = ticks_add(tick, self.r_start - now)
    rep.end_ms = ticks_add(tick, self.r_end - now)
    rep.raise_ms = self.r_raise
    rep.hold_ms = self.r_hold
    rep.stop_ms = int(self.flank.span[5])
    rep.lower_ms = self.r_lower
    d = self.r_start - self.last_end
    # (each boundary is placed on its own flank: straight back up, they can overlap by a few ms)
    rep.reset_ms = -1 if self.last_end < 0 else (d if d > 0 else 0)
    self.last_end = self.r_end
    # (how high the leg rose over the pose it came down to, where that is 3 deg or more below the rest pose it
    # set off from: a leg lowered past its start began up, and a coach measures the lift from the leg hanging)
    d = self.end_elev
    rep.peak_deg = self.peak_elev - d if d < -3.0 else self.peak_elev
    rep.raise_peak_dps = self.raise_peak
    rep.lower_peak_dps = self.lower_peak
    rep.hold_wobble_dps = self.r_wobble
    rep.hold_range_deg = self.r_range
    rep.lower_smooth = self.r_smooth
    rep.drift_deg = self.drift
