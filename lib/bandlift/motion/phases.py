"""The phase machine: rest -> raise -> hold -> lower -> rest, one rep at a time.

Boundaries follow docs/design.md: a raise or lowering starts and ends where its speed crosses 10 % of its
peak speed (flank.py). A rep counts only once the leg is back at rest, and only if it rose at least the
minimum range. A still moment at the top is a pause, never rest: rest is decided by the angle. The rep's end
(its boundaries placed, its pause and lowering measured) is repend.py's.
"""

import math

from bandlift.motion import flank, repend
from bandlift.compat import const

from bandlift.motion.events import PH_CALIBRATING  # noqa: F401
# events.py's phases declared again, under their names there, for the per-step path (an imported name is looked
# up at every use; a constant is folded in; a test keeps them equal)
PH_REST = const(1)
PH_RAISE = const(2)
PH_HOLD = const(3)
PH_LOWER = const(4)

# What step() reports (bits; a rep's end reports repend.py's too, which core.py and restpose.py declare again)
_R_PHASE = const(1)
_R_START = const(2)
_R_PARTIAL = const(8)  # (repend.py's: a lift that was no rep)

_START_DEG = const(4.0)  # the leg has left rest (deg above the rest pose), at least
_START_DPS = const(4.0)  # ... and rising faster than this (deg/s): a real lift passes 4 deg at 10 deg/s or more
_REST_DEG = const(6.0)  # back at rest below this, or below _REST_FRAC of the rep's peak if that is larger
_REST_FRAC = const(0.3)
# A wobbling pause swings a few degrees either way: the thresholds below sit outside that.
_LOWER_DROP_DEG = const(8.0)  # a lowering is confirmed once the leg is this far below the pause (deg) ...
_LOWER_DROP_FRAC = const(0.3)  # ... or this fraction of the pause angle, if larger
_RERAISE_DEG = const(6.0)  # back to raising if the leg climbs this far above the pause / lowest point ...
_RERAISE_FRAC = const(0.35)  # ... or this fraction of the pause angle, if larger
_RERAISE_MS = const(300)  # ... while rising for longer than this (ms); a lowering is likewise falling that long
_MIN_MOVE_MS = const(200)  # a "raise" or "lowering" quicker than this is a jolt of the body, not a leg lift
_LOW_FRAC = const(0.2)  # a lowering ends after the leg is down to this fraction of its peak angle
_CONFIRM_MS = const(300)  # a lowering's end stands once the leg has not gone on down for this long ...
_CONTINUE_DEG = const(3.0)  # ... by more than this (deg), or this fraction of the rep's peak
_CONTINUE_FRAC = const(0.1)
_SIDE_TAU_MS = const(150.0)  # low-pass of the angle out of the lifting plane, for the drift
_SETTLE_MS = const(200)  # the pause's steadiness is judged from this long after the raise ends: a kick's
# overshoot that the leg catches at once is the kick's, not a wobble of the pause
# Every time here is integer ms of the core's running clock (it never wraps).


class PhaseMachine:
    def __init__(self):
        self.up = flank.OnsetLadder()
        self.down = flank.OnsetLadder()
        self.flank = flank.FlankFit()
        self.min_range_deg = 10.0
        self.reset()

    def reset(self, angle=True):
        """Forget any rep in progress (start of a set, after a gap, recalibration); and the angle kept for the
        flank fit unless angle is False (a new set: the leg has not moved, and a recording replayed from any
        point must give the same boundaries)."""
        self.phase = PH_REST
        self.resync = -1.0  # >= 0: re-anchor at the next step, the rep under way having risen this far (deg)
        self.angle = 0.0  # the flank's angle about the old lift axis as it was re-learned (deg; 0: none to re-read)
        self.scale = 0.0  # the gyro's new scale over the old, as the angle is re-read (0: an axis re-learned)
        self.rest_min = 0.0
        self.climb_t = -1000  # at rest: where the angle was (climb_e, deg) at running-clock ms climb_t
        self.climb_e = 0.0
        self.climbs = 0  # half seconds in a row the angle climbed that fast
        self.climb_g = 0.0  # deg the gyro turned the leg up since climb_t, or since the climbs began
        self.climb_d = 0.0  # deg the angle climbed in the climbs so far
        self.up.reset()
        self.down.reset()
        if angle:
            self.flank.reset()
        self.now = 0
        self.prev_rate = 0.0
        self.last_end = -1  # running-clock ms of the previous rep's lowering end; -1: none in this set
        self._clear_rep()

    def _clear_rep(self):
        self.start = -1
        self.left_rest = -1  # where the angle says the lift left rest (int ms; -1: not found)
        self.base = 0.0  # the angle the lift started from (deg)
        self.raise_end = 0
        self.hold_from = 0  # where the pause's steadiness starts to count (raise end + settle)
        self.lower_t0 = 0
        self.fell_from = 0
        self.low_seen = -1  # when the lowering came 80 % of the way down (int ms; -1: not yet)
        self.end_at = -1  # a candidate end of the lowering (int ms; -1: none), the angle and time it was seen
        self.end_elev = 0.0
        self.end_seen = 0
        self.peak_elev = 0.0
        self.raise_peak = 0.0
        self.lower_peak = 0.0
        self.hold_ref = 0.0
        self.rising_since = -1
        self.falling_since = -1
        self.hold_sq = 0.0  # running sum of speed^2 * ms since the pause began
        self.hold_s = 0.0  # running sum of speed * ms: a slow settle is a steady drift, not a wobble
        self.hold_min = 0.0
        self.hold_max = 0.0
        self.low_min = 0.0
        self.side0 = 0.0
        self.side_lp = 0.0
        self.drift = 0.0
        # results of the last finished rep (ms, deg, deg/s)
        self.r_start = self.r_end = 0
        self.r_raise = self.r_hold = self.r_lower = 0
        self.r_wobble = self.r_range = self.r_smooth = 0.0

    def set_min_range(self, deg):
        """A lift below this range (deg) is not a rep (a level's minimum, or judge.py's share of the person's range)."""
        self.min_range_deg = deg

    fill = repend.fill  # (a rep's record filled at its end: repend.py)

    def axis_changed(self, peak=0.0, k=0.0):
        """The lift axis was re-learned mid-lift (a turned strap), or the gyro's scale corrected (k: the new
        scale over the old; scale.py has re-read the speeds so far through it): angles jump; re-anchor at the next
        step. peak (deg): how high the rep under way rose, as far as gravity showed it. The angle kept for the flank
        fit is re-read at the next step by what the angle now reads over what it read (about another axis a turn
        reads cos(alpha) of itself about the old, in the first 20-30 deg of a lift), within the new scale (the kept
        angle leaks toward gravity's: times the scale, a 0.37x gyro's 7 deg read 25 for a leg at 11)."""
        f = self.flank
        self.resync = peak
        self.scale = k
        self.angle = f.angle if f.n else 0.0

    def step(self, t_prev, now, elev, rate, side):
        """One sample at running-clock time now (ms); elev deg, rate deg/s (+ = raising), side deg."""
        out = 0
        p = self.resync
        if p >= 0.0:
            self.resync = -1.0
            a = self.angle
            if a != 0.0:
                # the lift axis was re-learned: the angle kept is re-read about the new one, if the two axes lie
                # within ~75 deg of each other (a ratio over cos 75 deg, 0.26) or of each other's reverse (a board
                # on the other leg); further apart, the old angle says too little of the new and is forgotten. The
                # old angle is the one at the last step (self.now): the new is taken back there at its rate
                # (samples can stall between)
                self.angle = 0.0
                f = self.flank
                k = (elev - rate * (now - self.now) * 0.001) / a
                s = self.scale
                if s > 0.0:
                    # after a scale corrected (s, new over old): by it, or by less where the kept angle's leak had
                    # carried it toward the pose (a 0.37x gyro's 7 deg, a leg at 11: 1.5, not 3.3); never past it nor
                    # the other way (mid-lowering the pose lags the kept angle: by the pose alone, a 1.25x gyro's first
                    # lowering read 700 ms short, leg_up_still dev 68)
                    b = 1.0 if s > 1.0 else s
                    s = s if s > 1.0 else 1.0
                    k = b if k < b else (s if k > s else k)
                    self.scale = 0.0
                if 0.25 < k < 4.0 or -4.0 < k < -0.25:
                    for i in range(f.n):
                        f.x[i] *= k
                    f.angle = elev
                    i = f.i - 1 if f.i > 0 else len(f.t) - 1
                    if f.t[i] >= now:
                        f.x[i] = elev  # (pushed this step: the old angle and the new axis's turn, mixed)
                else:
                    f.reset()
            self.side0 = side
            self.side_lp = side
            self.drift = 0.0
            if self.phase != PH_REST:
                self.peak_elev = elev if elev > p else p
                self.hold_ref = elev
                self.low_min = elev  # (a lowering goes on from here: the jump is no climb back up)
        self.now = now
        prev = self.prev_rate
        self.prev_rate = rate
        ph = self.phase
        # the ladders snapshot the pause's sums as they were before this sample: a lowering that starts
        # across a stall must not put the stall's speed into the pause
        # each ladder only where its onset can be asked for: the raise's from rest, the lowering's from the
        # pause (each is reset as its phase begins)
        # (below the ladder's lowest level, 2.0 deg/s = flank._SPEEDS[0], with none crossed, a ladder only keeps
        # the speed as its peak: done here, without the call, on most steps at rest and in a pause)
        if ph <= PH_RAISE:
            u = self.up
            if u.k or rate >= 2.0:
                u.update(t_prev, now, prev, rate, 0.0, 0.0, elev)
            else:
                u.peak = rate if rate > 0.0 else 0.0
        elif self.end_at < 0:  # (frozen once the lowering may have ended: the pause's sums are in it)
            u = self.down
            # (its speed back under the floor, the ladder starts again from there: a sway bump in the pause is not
            # the lowering's onset. Not in a confirmed lowering, once its speed passed the floor: a balance jolt that
            # stalls or turns it for a moment is no new lowering, and its onset stands)
            if u.k or -rate >= 2.0 and (ph == PH_HOLD or self.lower_peak < 2.0):
                u.update(t_prev, now, -prev, -rate, self.hold_sq, self.hold_s, elev)
            else:
                u.peak = -rate if -rate > 0.0 else 0.0
        if ph >= PH_HOLD and now > self.hold_from:
            dt = now - (t_prev if t_prev > self.hold_from else self.hold_from)
            self.hold_sq += rate * rate * dt
            self.hold_s += rate * dt
        if ph != PH_REST:
            if elev > self.peak_elev:
                self.peak_elev = elev
            # a drift outward is slow and held: the angle out of the plane is low-passed first, so a wobble's
            # or a kick's quick swing (its lever-arm acceleration tilts the pose for a moment) is not one
            dt = now - t_prev
            self.side_lp += (side - self.side_lp) * dt / (_SIDE_TAU_MS + dt) if dt > 0 else 0.0
            d = self.side_lp - self.side0
            if d < 0.0:
                d = -d
            if d > self.drift:
                self.drift = d

        if ph == PH_REST:
            # a lift is under way: off rest and rising at a lift's speed (a leg hovering near the start
            # angle, or a pose estimate settling, does not start one)
            if elev < self.rest_min:
                self.rest_min = elev
            # rising_since >= 0: a step rose at a lift's speed since the leg was last under half the start angle
            # (a small slow lift passes 4 deg near its top, already slowing; one-leg sway can stall a 7 deg lift at
            # 3-4 deg for half a second)
            if rate > _START_DPS:
                self.rising_since = now
            elif elev < 2.0:  # (half _START_DEG)
                self.rising_since = -1
            # or the angle itself climbed at a lift's speed over two half seconds in a row (each half at half of
            # it at least) while the gyro turned the leg up by a fifth of the climbs so far at least: a gyro read
            # through a 0.2-0.45x scale turns a 10 deg/s lift at 2-4 deg/s and the accelerometer carries the angle
            # up. Two half seconds, not one: a pose re-read as the rest is learned again jumps as far in one step.
            # From rest up only (climb_e >= 0): after a fast lowering the pose can read 7 deg below rest and the
            # accelerometer pulls it back as fast, with a still gyro. A fifth of the climbs so far, not of each
            # half second: the angle lags the gyro and climbs on after a small raise through a 0.21x gyro ended.
            self.climb_g += rate * (now - t_prev) * 0.001
            if now - self.climb_t >= 500:
                d = elev - self.climb_e
                if now - self.climb_t < 1000 and self.climb_e >= 0.0 and d > 0.0005 * _START_DPS * (now - self.climb_t) \
                        and self.climb_g > 0.2 * (d + self.climb_d):
                    self.climbs += 1
                    self.climb_d += d
                    if self.climbs > 1 and self.rising_since < 0 and self.climb_d > 0.5 * _START_DPS * self.climbs:
                        self.rising_since = now
                else:
                    self.climbs = 0
                    self.climb_d = 0.0
                    self.climb_g = 0.0
                self.climb_t = now
                self.climb_e = elev
            # (and, inside the last rep's rest band, 4 deg above the lowest the leg was since it came to rest: a fast
            # drop read across a stall of the samples can leave the angle 15-20 deg up once down, falling as the
            # accelerometer pulls it back while the leg settles, rising slowly by the gyro: no lift. Above the band
            # the leg is up, not at rest: a lift dropped as partial when the gyro's scale was corrected at its top)
            if elev > _START_DEG and (elev > self.rest_min + _START_DEG or elev > _REST_FRAC * self.peak_elev) and (
                    self.rising_since >= 0 or u.k and u.peak > _START_DPS):
                self._clear_rep()
                # the range of a lift counts from where it started: after a violent drop the angle can sit
                # off rest until the accelerometer has pulled it back, and a settle from there is no lift
                b = self.rest_min
                self.base = 0.0 if b < 0.0 else (b if b < _START_DEG else _START_DEG)
                # where the leg left rest as the angle shows it: a fifth of the way up to here (the flank's ring,
                # 60 ms apart; not before the last rep's end)
                f = self.flank
                b = f.angle - 0.8 * (elev - self.base)
                j = f.i
                k = f.n
                while k > 1:
                    k -= 1
                    j = (j if j > 0 else len(f.t)) - 1
                    if f.t[j] <= self.last_end:
                        break
                    if f.x[j] < b:
                        self.left_rest = f.t[j]
                        break
                self.phase = PH_RAISE
                self.peak_elev = elev
                self.side0 = side
                self.side_lp = side
                out = _R_PHASE | _R_START
        elif ph == PH_RAISE:
            if rate > self.raise_peak:
                self.raise_peak = rate
            thr = 0.1 * self.raise_peak  # flank.threshold inlined
            if thr < 2.0:
                thr = 2.0
            if rate < thr:
                self.raise_end = flank.cross(t_prev, now, prev, rate, thr)
                if self.start < 0:
                    b = self.up.start_at(self.raise_peak)
                    # a raise the speed says was quicker than a move: sway (up to 8 deg/s) stalled a small slow
                    # raise under the speed's floor and the speed's count began again; the angle says when it began
                    if self.raise_end - b < _MIN_MOVE_MS and 0 <= self.left_rest < b:
                        b = self.left_rest
                    self.start = b
                self.hold_from = self.raise_end + _SETTLE_MS
                self.phase = PH_HOLD
                self.rising_since = self.falling_since = -1
                self.down.reset()
                self.hold_ref = elev
                self.hold_min = self.hold_max = elev
                self.hold_sq = 0.0
                self.hold_s = 0.0
                out = _R_PHASE
        elif ph == PH_HOLD:
            if elev < self.hold_min:
                self.hold_min = elev
            if elev > self.hold_max:
                self.hold_max = elev
            ref = self.hold_ref
            drop = _LOWER_DROP_FRAC * ref
            if drop < _LOWER_DROP_DEG:
                drop = _LOWER_DROP_DEG
            up = _RERAISE_FRAC * ref
            if up < _RERAISE_DEG:
                up = _RERAISE_DEG
            # rising for a while, not a half swing of a wobble (2-4 Hz: 125-250 ms each way)
            if rate > _START_DPS:
                if self.rising_since < 0:
                    self.rising_since = t_prev
                self.falling_since = -1
            elif rate < -_START_DPS:
                if self.falling_since < 0:
                    self.falling_since = t_prev
                self.rising_since = -1
            else:
                self.rising_since = self.falling_since = -1
            falling = self.falling_since >= 0 and now - self.falling_since > _RERAISE_MS
            if elev > ref + up and self.rising_since >= 0 and now - self.rising_since > _RERAISE_MS:
                # it was a stall on the way up: the raise goes on
                self.phase = PH_RAISE
                out = _R_PHASE
            else:
                # the rest band (_rest_band() inlined: a call at every step of the pause)
                p = self.peak_elev
                b = 0.4 * p
                if b > _REST_DEG:
                    b = _REST_DEG
                if _REST_FRAC * p > b:
                    b = _REST_FRAC * p
                if elev < ref - drop and falling or elev < b:
                    self.phase = PH_LOWER
                    # the leg has fallen faster than _START_DPS without a break since then: the lowering began
                    # no earlier than shortly before (a sway bump in the pause cannot move its start before this)
                    self.fell_from = self.falling_since  # -1 when it came down into the rest band instead
                    self.lower_peak = self.down.peak
                    self.lower_t0 = self.down.t[0]
                    self.low_min = elev
                    out = _R_PHASE
                    out |= self._lower_step(t_prev, now, elev, prev, rate)
        elif ph == PH_LOWER:
            out = self._lower_step(t_prev, now, elev, prev, rate)
        return out

    def _rest_band(self):
        # back at rest: below _REST_FRAC of the peak, or _REST_DEG if that is more, but never above 40 % of a small
        # lift (a rehab lift of 10 deg would otherwise be at rest at 6 deg, mid-lowering)
        p = self.peak_elev
        b = 0.4 * p
        if b > _REST_DEG:
            b = _REST_DEG
        return _REST_FRAC * p if _REST_FRAC * p > b else b

    def _lower_step(self, t_prev, now, elev, prev, rate):
        s = -rate
        if s > self.lower_peak:
            self.lower_peak = s
        if elev < self.low_min:
            self.low_min = elev
        if self.low_seen < 0 and elev < _LOW_FRAC * self.peak_elev:
            self.low_seen = now  # 80 % of the way down: the lowering ends after this, whatever a bump said
        thr = 0.1 * self.lower_peak  # flank.threshold inlined
        if thr < 2.0:
            thr = 2.0
        if self.end_at >= 0:
            # a candidate end: the leg was slow near rest. Sway or a balance jolt can stall a slow lowering
            # for a moment; if the leg goes on down, it was not the end
            go_on = _CONTINUE_FRAC * self.peak_elev
            d = 2.0 * go_on  # (_CONTINUE_DEG, or a fifth of a small lift)
            if go_on < _CONTINUE_DEG:
                go_on = _CONTINUE_DEG if _CONTINUE_DEG < d else d
            if elev < self.end_elev - go_on:
                self.end_at = -1
            elif now - self.end_seen >= _CONFIRM_MS and s < thr or rate > _START_DPS:
                # (stood, not still falling at its lowering's end speed: sway that slowed it for a moment passed)
                return repend.finish_now(self, now)  # (the lowering ends at end_at)
        if self.end_at < 0 and s < thr and elev < self._rest_band():
            if rate > 15.0 and -prev > 15.0 and rate > 0.5 * self.lower_peak and -prev > 0.5 * self.lower_peak:
                # falling at half its peak speed a step ago, rising as fast now, both faster than the 15 deg/s the lift
                # axis is learned from: no leg turns back so at once. It passed through the rest pose, where an angle
                # with no lift axis yet (the leg's tilt from rest, tracker.py) turns back up: the rest pose learned
                # was no rest (a leg held 10-12 deg up at the start and lowered too slowly to teach the axis; the
                # "rep" was that lowering, the stand and a raise through it). No rep: the raise goes on from here,
                # read about the axis it teaches
                self.reset(False)
                return _R_PHASE | _R_PARTIAL
            t_thr = flank.cross(t_prev, now, -prev, s, thr)
            end = t_thr
            # not before the leg was 80 % of the way down (sway can slow a slow lowering for a moment)
            if end < self.low_seen:
                end = self.low_seen
            self.end_at = end  # (both are at or before now)
            self.end_elev = elev
            self.end_seen = now
            return 0
        up = _RERAISE_FRAC * self.peak_elev
        if up < _RERAISE_DEG:
            up = _RERAISE_DEG
        if elev > self.low_min + up and rate > 0.0 and elev > self._rest_band():
            # the leg went up again before reaching rest: still the same rep. (In the rest band the leg is at
            # rest: climbing there from below it is a lowering carried past rest, by a gyro read through a wrong
            # scale, that gravity pulls back; the lowering's end stands)
            self.end_at = -1
            self.phase = PH_RAISE
            return _R_PHASE
        return 0
