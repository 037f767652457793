"""The tempo's arithmetic and a rep's moments, for game/play/feel.py: the S-curve of a controlled movement (the
pacing ghost's, and the lowering's estimate from a minimum-jerk movement's speed), and Rep, Feel's base class:
a rep's start and end (the meters emptied, Pip's landing, the shake when the band yanks the leg down), the
ghost's height, and the lowering's pace judged from one sample. Feel.update (the phase logic each look) is in
feel.py: two modules compiled one after the other from .py, each a smaller peak of free heap at a set's start.
"""

from bandlift.compat import const, ticks_add, ticks_diff
from bandlift.faults import DROP, NO_PAUSE

_FAST_PCT = const(80)  # rules.py's: a lowering counted under this % of the level's lower_ms is too fast
_FALL_DPS = const(3.0)  # deg/s down: the leg is lowering (a pause's sway moves < 3 deg/s; tremor faster, but only ~0.2 deg)
_FAST_FROM = const(50)  # permille of the range down before which the speed is judged as there: a lowering at
# an even speed (no smooth start) in the level's time is more than 20 % ahead of a smooth one only in its first 5 %
# (a 65 % lowering is 3 % down 0.25 s after it left the top: judged as 5 %, it is called too fast by 0.3 s)
_FAST_TO = const(500)  # ... and after which it is not judged (a smooth movement slows in its second half, and a
# small error in how far down is a large one in the estimate)
_DOUBT = const(0.4)  # deg: the pace is judged as if the leg were this much further down than the top says (the
# top is the pause's angle, which the leg's and the body's sway move by up to ~0.5 deg, and the body's pitch can
# be tipping the thigh up ~1 deg/s as the leg leaves; a smooth movement's speed grows as the 2/3
# power of how far it has gone, so a top set under where the leg left makes an on-tempo lowering look rushed:
# with no doubt, 43 of 252 on-tempo reps on level 06 were called too fast once they were judged from 2 % down)
_JUDGE_DEG = const(0.8)  # deg below the top before the pace is judged at all (shallower, the leg's speed is the
# pause's sway as much as the lowering's: up to 2.5 deg/s, as fast as a 5 s lowering 0.2 s after the top)
_PROOF_FROM = const(100)  # permille of the range down: the proof of the pace starts here (past the slow start,
# where a smooth movement's speed grows fastest with depth and the top's doubt weighs most)
_PROOF_SPAN = const(250)  # ... and a call is undone once this much more of the range, timed, proves it on tempo:
# the sway's error is its own movement over the time the span takes, against the span (2 deg of sway moves up to
# ~6 deg/s: over a tenth of the range a lowering at 65 % of the tempo read as on tempo at half the sway's phases,
# tests/test_game_feel.py's swaying lowerings; over a quarter at none, and at 70 % at 5 of 24)
_PROOF_DT = const(200)  # ms: a longer gap between the core's steps counts as this (a stall)
_PROOF_MAX = const(10000000)  # the proof stops growing here: x 100 stays under 2**30, and it proves any level's
# lowering on tempo (_FAST_PCT x 15 s x a 400 permille span is 480,000,000)
_SHAKE_MS = const(500)  # the shake when the band yanks the leg down
_LAND_MS = const(900)  # Pip's landing pose after a rep
# the pause (Rep.hold): its top, the hold meter, the wobble, the lowering seen or undone
_STEADY_MIN = const(70)  # core.hold_steady (0-100) at or above this counts as steady
_WOBBLE_MS = const(150)  # unsteady this long before Pip wobbles (the pause's own settling is shorter)
_WOBBLE_SHOW_MS = const(600)  # ... and then Pip stays tipped over this long after the leg is steady again: a wobble
# (2-4 Hz) is unsteady in the core's eyes only at its swings' ends, so the picture flashed for ~40 ms; 0.6 s is
# a glance's time (a picture under ~0.3 s is missed at arm's length) and a swing or two of the wobble, and still
# ends inside a 1 s pause when the leg steadies (the lowering's picture takes over once the leg comes down)
_FALL_DEG = const(0.6)  # deg below the top before a leg falling faster than _FALL_DPS is lowering (tremor is
# < 0.2 deg, sway < 0.5 deg)
_SEEN_DPS = const(2.0)  # deg/s down, _FALL_DEG below the top: the lowering is seen
_SEEN_PACE = const(250)  # ... when also faster than this permille of the level's mean lowering speed (the top's
# angle over lower_ms: 2.9 deg/s for 35 deg in 3 s; a smooth lowering passes it 10 % into its time and is twice as
# fast 0.2 s later). The pause's sway is in degrees whatever the rep's height: a 0.5 deg sway at 0.64 Hz with the
# body's own moves the thigh down 2-3 deg/s, and the top, set when the leg came to rest, can be its crest (a
# drifting knee reads as elevation and keeps the angle climbing 400 ms into the pause)
_TOP_MS = const(150)  # the top is the pause's angle smoothed over this time
_TOP_UP_MS = const(50)  # ... and a rising pause's angle over this time
_TOP_BAND = const(0.2)  # deg: ... within this much under it (a tremor: < 0.2 deg; more is the lowering begun)
_SETTLE_MS = const(250)  # still (under _FALL_DPS) this long in all after the raise: the leg rests at the top
# (feel.py's; tests/test_game_feel.py keeps them the same)
_STOP_MS = const(250)  # still this long in the pause: it was a settle (after a kick's overshoot), not a lowering
# A minimum-jerk movement's speed (permille of its range per its duration, peak 1875 halfway) when it has covered
# _FAST_FROM, _FAST_FROM + 10, ... _FAST_TO permille of its range: 30 u^2 (1 - u)^2 at the time share u where
# 10u^3 - 15u^4 + 6u^5 is that share (tests/test_game_feel.py checks it against the formula). Read with a straight
# line between entries (within 0.2 %): no search on the board, no float.
_MJ_SPEED = const((706, 783, 854, 919, 979, 1036, 1089, 1138, 1185, 1229, 1271, 1311, 1349, 1385, 1419, 1451, 1482,
                  1511, 1539, 1565, 1590, 1614, 1637, 1658, 1678, 1697, 1715, 1732, 1748, 1763, 1777, 1790, 1802,
                  1813, 1823, 1832, 1840, 1848, 1854, 1860, 1864, 1868, 1871, 1873, 1875, 1875))
_MJ_STEP = const(10)  # permille of the range between _MJ_SPEED's entries


def smooth(p):
    """A smooth movement's share of its range (permille) at share p (permille) of its time: 3p^2 - 2p^3, the
    S-curve of a controlled lift that starts and ends gently (what the pacing ghost and a coach expect)."""
    if p <= 0:
        return 0
    if p >= 1000:
        return 1000
    return (p * p // 10) * (3000 - 2 * p) // 100000  # stays below 2**30: small ints on the device


def unsmooth(share):
    """The time share (permille) at which a smooth movement has covered `share` permille of its range (once
    a rep, when the ghost starts)."""
    lo = 0
    hi = 1000
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if smooth(mid) < share:
            lo = mid
        else:
            hi = mid
    return hi


def mj_speed(share):
    """Speed of a minimum-jerk movement (how people move smoothly) when it has covered `share` permille of its
    range, in permille of range / duration: _MJ_SPEED read between its entries; in the first few percent, where a
    smooth movement is slowest and the live estimate shakiest, as at _FAST_FROM permille."""
    if share <= _FAST_FROM:
        return _MJ_SPEED[0]
    if share >= _FAST_TO:
        return _MJ_SPEED[-1]
    i = (share - _FAST_FROM) // _MJ_STEP
    a = _MJ_SPEED[i]
    return a + (_MJ_SPEED[i + 1] - a) * (share - _FAST_FROM - i * _MJ_STEP) // _MJ_STEP


def ghost_permille(ms, raise_ms, pause_ms, lower_ms):
    """Height of the pacing ghost (0-1000 of the target) `ms` after the rep started: it rises over
    raise_ms, waits pause_ms at the top, comes down over lower_ms (both smoothly), then stays at the bottom."""
    if ms <= 0:
        return 0
    if ms < raise_ms:
        return smooth(ms * 1000 // raise_ms)
    ms -= raise_ms
    if ms < pause_ms:
        return 1000
    ms -= pause_ms
    if ms < lower_ms:
        return 1000 - smooth(ms * 1000 // lower_ms)
    return 0


class Rep:
    """What a rep's start and end do to the feel, its ghost and the lowering's pace (Feel builds on it)."""

    def rep_start(self, now_ms, ghost=True, lead_ms=0):
        """A rep began: empty meters, the ghost starts its run (lead_ms ago: the core sees a raise only once
        it is under way, so the ghost starts level with the leg)."""
        self.hold_ms = 0  # steady hold earned in this rep (kept until the next rep starts)
        self.steady = True
        self.shaky_ms = 0  # unsteady for this long in a row
        self.peak = 0.0  # the top of this rep before the lowering, deg (the lowering's range)
        self.lowering = False  # the lowering is seen
        self.low_t0 = 0
        self.still_ms = 0  # not moving down this long since the lowering was seen (in the core's pause)
        self.calm_ms = 0  # still this long at the top since the raise (_SETTLE_MS: the top is known; < 0: a fast
        # raise that may overshoot, still none)
        self.lower_permille = 0  # share of the level's lowering time taken so far
        self.too_fast = False  # the lowering's grade: too fast (kept until the next rep unless proved on tempo)
        # the pace's proof (_judge; names the program holds already: a new name would grow the board's name pool)
        self.start = 0  # permille of the range down where it started (0: not yet; -1: proved on tempo, no call
        # for the rest of the rep)
        self.lower_sum = 0  # the time integral of a smooth movement's speed at the depths the leg passed
        self.yanked = False  # the band yanked the leg down in this rep
        self.ghost_t0 = ticks_add(now_ms, -lead_ms)
        self.ghost_on = ghost
        self.resting = False
        self.land_until = -1  # (not landing)
        self.alarm = False

    def rep_done(self, now_ms, fault_mask):
        """A rep ended: Pip lands and then rests; a DROP shakes; no pause empties the hold meter."""
        self.land_until = ticks_add(now_ms, _LAND_MS)  # Pip lands until then
        self.resting = True
        self.rest_t0 = now_ms
        self.alarm = self.too_fast
        if fault_mask & DROP:
            self._shake(now_ms)
        if fault_mask & NO_PAUSE:
            # the meter filled with the pause the core measured, the moves' slow ends in it; the grade found no stop
            # between them (judge.py): the meter shows what the grade says
            self.hold_ms = 0

    def _shake(self, now_ms):
        self.shake = True
        self.shake_until = ticks_add(now_ms, _SHAKE_MS)

    def shake_dx(self, now_ms):
        """Horizontal offset of the picture while it shakes (-2, 2 alternating every 60 ms), else 0."""
        if not self.shake:
            return 0
        return 2 if (ticks_diff(now_ms, self.shake_until) // 60) & 1 else -2

    def _seen(self, now_ms):
        """The lowering is seen (once a rep: the rest of update() follows it)."""
        self.lowering = True
        self.low_t0 = now_ms
        self.still_ms = 0
        self.start = 0
        return True

    def _judge(self, rate, down, lower_ms, dt_ms):
        """The lowering's pace from a new sample (the core's angle `down` deg below the top moving at `rate`
        deg/s, dt_ms after the core's previous step; `dt_ms`, a name the program holds already: a new name would
        grow the board's name pool). The call: too fast when a smooth lowering moving this fast
        this far down takes less than _FAST_PCT % of the level's (counted) lower time lower_ms, read from one
        sample, early. The proof: the same smooth movement timed over a stretch of the range, from _PROOF_FROM down:
        it covers ds of its range in dt_ms where ds / dt_ms = its speed at that depth / its time, so its time is the
        integral of that speed over the time the leg took, over the share of the range it covered. The leg's
        sway (1-2 deg at 0.2-1 Hz standing on one leg: up to ~6 deg/s) moves one sample's speed and depth by a
        fifth of an on-tempo lowering's early speed, and calls it too fast; over a quarter of the range its error is
        smaller (the sway moves for longer, back and forth), so a call the proof finds on tempo is undone (and the
        grade, which counts this call, agrees); a lowering proved on tempo is not called again. The proof takes the
        depth as read (no doubt: over 40 % of the range it weighs little, and with it the proof read a lowering the
        core measured at 77 % of the tempo as 80 %)."""
        start = self.start
        if down < _JUDGE_DEG or start < 0:
            return
        rng = self.peak if self.peak > 1.0 else 1.0
        d = int(down * 1000 / rng)  # permille of the range lowered where the leg moved at that speed: the proof's
        down = int((down + _DOUBT) * 1000 / rng)  # and the call's, which gives the top its doubt
        if down > _FAST_TO:
            # judged in the first half of the range, where the estimate is steady: further down a smooth movement
            # slows, and a small error in how far down is a large one in the estimate
            return
        if d >= _PROOF_FROM:
            if not start:
                self.start = d
                self.lower_sum = 0
            else:
                p = self.lower_sum
                if p < _PROOF_MAX:  # (a leg that stops in the range: the product stays a small int)
                    self.lower_sum = p = p + mj_speed(d) * (dt_ms if dt_ms < _PROOF_DT else _PROOF_DT)
                span = d - start
                # its time, p / span (ms), at least _FAST_PCT % of lower_ms: on tempo
                if span >= _PROOF_SPAN and p * 100 >= _FAST_PCT * lower_ms * span:
                    self.start = -1
                    self.too_fast = False
                    return
        speed = -rate
        if speed <= _FALL_DPS or self.too_fast:
            return
        # the counted time of a smooth lowering moving this fast this far down (ms): rng * mj_speed(down) / speed,
        # compared without the division
        if rng * mj_speed(down) * 100 < _FAST_PCT * lower_ms * speed:
            self.too_fast = True  # (kept until the next rep, or until the proof finds it on tempo)

    def hold(self, now_ms, angle, hold_steady, t, dt_ms, rate, lowering):
        """Feel.update()'s part in the core's pause: the top, the hold meter and the wobble, the lowering seen or
        undone. Returns whether the leg is lowering. Here, not in feel.py: from .py the board compiles both modules
        where a set starts, in a heap in pieces, and two halves ask for less room in one piece than feel.py whole
        (the 64-bit port's .py session failed there)."""
        calm = self.calm_ms
        if calm < _SETTLE_MS:
            # not yet still at the top: a kick's overshoot settles back here, and that is no lowering; the
            # top is where the leg comes to rest
            if -_FALL_DPS < rate < _FALL_DPS:  # (summed: an overshoot's turn is calm for ~100 ms, a pause's
                calm += dt_ms  # sway is not calm for moments)
                self.calm_ms = calm
            peak = self.peak
            if angle > peak or rate > -_FALL_DPS:  # (not a leg that goes on down: no pause, the top it left)
                self.peak = peak = angle
        else:
            peak = self.peak
            if not lowering and rate > -_FALL_DPS and angle > peak - _TOP_BAND:
                # the top: the pause's angle smoothed over _TOP_MS (its highest sample is a tremor's or noise's
                # peak, and would make the start of a lowering look further down than it is); it does not
                # follow the leg more than _TOP_BAND down (the slow first moment of a lowering); the leg still
                # rising (the pause's drift up) is followed sooner: a top that trails it makes the lowering
                # seem later
                peak += (angle - peak) * dt_ms / (dt_ms + (_TOP_UP_MS if angle > peak else _TOP_MS))
                self.peak = peak
        if not lowering:
            if rate < -_SEEN_DPS and rate * t.lower_ms < -_SEEN_PACE * peak and peak - angle > _FALL_DEG and \
                    calm >= _SETTLE_MS:
                lowering = self._seen(now_ms)
            else:
                # the pause: the hold meter fills with steady time; a wobble tips Pip over (a leg that starts
                # down is not wobbling)
                shaky = self.shaky_ms
                if hold_steady >= _STEADY_MIN:
                    self.hold_ms += dt_ms
                    # steady again: a wobble seen stays on screen until its _WOBBLE_SHOW_MS are over
                    shaky = shaky - dt_ms if shaky >= _WOBBLE_MS else 0
                elif rate > -_FALL_DPS:
                    shaky += dt_ms
                    if shaky >= _WOBBLE_MS:
                        shaky = _WOBBLE_MS + _WOBBLE_SHOW_MS
                elif shaky >= _WOBBLE_MS:
                    shaky -= dt_ms  # a swing down (the lowering shows once it is seen): the picture's time runs on;
                    # one not yet shown waits (a 2-4 Hz wobble swings down every 0.1-0.25 s)
                self.shaky_ms = shaky
                self.steady = shaky < _WOBBLE_MS
        else:
            still = self.still_ms + dt_ms if rate > -_FALL_DPS else 0
            self.still_ms = still
            if still > _STOP_MS or rate > _FALL_DPS:
                # the leg settled and stays up, or swung back up to the top (a wobble's swing, 2-4 Hz): it was
                # no lowering, the pause goes on from here (after a swing, once the top is calm again)
                self.calm_ms = 0
                self.lowering = lowering = False
                self.too_fast = False
                self.peak = angle
        return lowering

    def ghost(self, now_ms, t):
        """The ghost's height in permille of the target (0 before the first rep of a set)."""
        if not self.ghost_on:
            return 0
        return ghost_permille(ticks_diff(now_ms, self.ghost_t0), t.raise_ms, t.pause_ms, t.lower_ms)
