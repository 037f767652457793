"""What each phase of a rep feels like on screen: Pip's pose, the hold meter, the lowering's grade, the ghost
and the juice (shake). Pure integer-and-float logic, no displayio, nothing allocated per update.

- Raise: Pip lifts (LIFT pose) with the leg; the HUD lights the ledge when the leg is in the target zone.
- Pause: the hold meter fills with milliseconds of *steady* hold (core.hold_steady >= _STEADY_MIN); a wobble
  that lasts _WOBBLE_MS stops the filling and tips Pip over (WOBBLE pose) for _WOBBLE_SHOW_MS at least, but never
  takes away what was earned.
  A leg that has begun to come down is no wobble: the pause's steadiness drops as the lowering starts.
- Lowering: seen here, not when the core's phase changes (it waits until the leg is well on its way): the
  leg falling faster than _SEEN_DPS and a quarter of the level's mean lowering speed (_SEEN_PACE), and _FALL_DEG
  below the top. Pip opens the umbrella (GLIDE). A leg seen lowering in the core's pause that swings back up
  (faster than _FALL_DPS: a wobble's swing, 2-4 Hz) was not lowering: that lowering and its call are undone.
  The grade is the tempo's one truth (bandlift.targets): the lowering's counted time, estimated while it
  happens from how fast the leg moves at how far down it is against a smooth (minimum-jerk) movement, and
  too fast below _FAST_PCT % of the level's lower_ms; the same model timed over a quarter of the range (the pace's
  proof, pace.py) undoes a call the leg's sway made on an on-tempo lowering. How far down and how fast are read from
  the core's angle (the pose it keeps true to gravity), timed by the core's own steps (core.t_mid), not from its gyro
  rate: that rate carries whatever the core took for the gyro's bias (a thigh that sways while the core calibrates
  gives it a lasting offset of several deg/s, as much as a slow lowering's first speed) and trails the leg through its
  low-pass. The pace is judged (pace.py) from _JUDGE_DEG and 5 % of the range down (_FAST_FROM) with the top given
  _DOUBT of slack, so a 65 % lowering of a 5 s level is called within 0.4 s of the top and the pause's sway
  calls no on-tempo lowering too fast. Then, and when the band yanks the leg down faster than the level's DROP
  speed, Pip falls (FALL) and the whole screen turns over (the HUD inverts it) until the rep ends: one big
  picture, readable at arm's length. The rep's grade counts the same call (tally.SetTally.add_rep).
- Reset: Pip lands glad (LAND; FALL after a yank), rests (REST) for the level's reset time and stands up
  ready (STAND) when the next rep may start.
- The pacing ghost starts with the rep (EV_REP_START, level with the leg's height then) and runs the level's
  raise, pause and lowering on smooth S-curves, the way a controlled lift moves.
"""

from bandlift.compat import TICKS_HALF, TICKS_MAX, const
from bandlift.game.play.pace import Rep  # the tempo's arithmetic, a rep's start and end, the pace's judgement
from bandlift.motion.events import PH_CALIBRATING, PH_HOLD, PH_LOWER, PH_RAISE

_STEADY_MIN = const(70)  # core.hold_steady (0-100) at or above this counts as steady
_WOBBLE_MS = const(150)  # unsteady this long before Pip wobbles (the pause's own settling is shorter)
_WOBBLE_SHOW_MS = const(600)  # ... and then Pip stays tipped over this long after the leg is steady again: a wobble
# (2-4 Hz) is unsteady in the core's eyes only at its swings' ends, so the picture flashed for ~40 ms; 0.6 s is
# a glance's time (a picture under ~0.3 s is missed at arm's length) and a swing or two of the wobble, and still
# ends inside a 1 s pause when the leg steadies (the lowering's picture takes over once the leg comes down)
_MAX_STEP_MS = const(200)  # a longer gap between updates is clamped: no jump after a stall
_FALL_DPS = const(3.0)  # deg/s down: the leg is lowering (a pause's sway moves < 3 deg/s; tremor faster, but
_FALL_DEG = const(0.6)  # ... only if this far below the top: tremor is < 0.2 deg, sway < 0.5 deg)
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
_STOP_MS = const(250)  # still this long in the pause: it was a settle (after a kick's overshoot), not a lowering
_SEEN_PERMILLE = const(155)  # a smooth lowering is seen at ~15 % of its time (_FALL_DPS): the meter starts there
_VEL_MS = const(200)  # ms: the leg's speed is the angle's change over the core's last steps (~40 ms each) when they
# came within this time; an angle that has not changed for this long is a leg that stands still
_VEL_NOW_MS = const(120)  # ms: the lowering's pace over the last two steps when they came within this time (the
# looks' cadence in a pause and a lowering), else over the last one

# Pip's poses (tile indices of sprites.SHEET; duplicated here so the logic needs no displayio)
_POSE_STAND = const(0)
_POSE_REST = const(1)
_POSE_LIFT = const(2)
_POSE_HOLD = const(3)
_POSE_WOBBLE = const(4)
_POSE_GLIDE = const(5)
_POSE_FALL = const(6)
_POSE_LAND = const(7)



class Feel(Rep):
    """update() runs at every look of the loop in a pause and a lowering (~70 a second): it reads each attribute
    once, and works out the leg's speed (_step) and judges the lowering's pace only when the core's angle changed
    (once per core step, ~40 ms: the looks come in between). Its parts are methods of their own (_step, hold in
    the pause, tick at the end; a look calls two or three): a function's bytecode is one block of the heap, and
    at a set's start the heap is in pieces; update() whole was a 1,263 B block compiled from .py (65 blocks of
    16 B loaded as .mpy), longer than the free runs there (docs/performance.md, branch py16).
    """

    def __init__(self):
        self._last = None  # ticks of the previous update
        self.phase = PH_CALIBRATING
        self.pose = _POSE_STAND
        self.alarm = False  # the whole screen turns over: the lowering is too fast (until the rep ends)
        self.ghost_t0 = 0
        self.ghost_on = False
        self.rest_t0 = 0
        self.resting = False
        self.shake_until = 0
        self.shake = False
        self.land_until = -1  # ticks when Pip's landing ends (-1: not landing; ticks are never negative)
        # the leg's speed (deg/s, + up) from the core's angle: over its last three steps (~120 ms, longer than a
        # tremor's period: what the pause's steadiness and the lowering's start are judged on), and over its last
        # two (~80 ms: the lowering's pace, which grows fast; a lag would make a rushed lowering seem slower)
        self.vel = 0.0
        self.vel_now = 0.0
        # the core's angle at its last three steps (deg), oldest first, and the ticks of the core's steps that made
        # them (lists: at most 29 attributes, so the instance's table is made and grown in pieces of 232 B or less
        # where a set starts and the heap is in pieces)
        self.x = [0.0, 0.0, 0.0]
        self.t = [0, 0, 0]
        self._mid = 0.0  # deg: the angle halfway through vel_now's span (where the leg had that speed)
        self.rep_start(0, False)

    def update(self, now_ms, phase, angle, hold_steady, t, t_mid):
        """One game tick with the core's live values (phase, angle in deg, hold_steady 0-100, t_mid: the ticks
        of the core's step that made `angle`, core.t_mid) and the level's Targets `t`. 1 when Pip's pose or the
        alarm changed, or the rep is not in its pause or lowering (Game.look: draw now), else 0."""
        last = self._last
        self._last = now_ms
        if last is None:
            dt = 0
            x = self.x
            x[0] = x[1] = x[2] = angle
            x = self.t
            x[0] = x[1] = x[2] = t_mid
        else:
            dt = (now_ms - last) & TICKS_MAX  # (inlined ticks_diff: a call costs more than the rest of a look)
            if dt > _MAX_STEP_MS:
                dt = 0 if dt >= TICKS_HALF else _MAX_STEP_MS  # (a step back in time is none)
        # the leg's speed, when the core took a step (its angle changed), over the core's own time between its
        # steps: the look that sees a step comes 15-25 ms after it (the FIFO is read in bursts), and speeds over
        # the looks' times were 15 % off either way on a 5 s lowering (enough to call it too fast)
        fresh = angle != self.x[2]
        if fresh:
            rate = self._step(angle, t_mid)
        else:
            rate = self.vel
            if rate != 0.0 and ((now_ms - self.t[2]) & TICKS_MAX) > _VEL_MS:
                self.vel = self.vel_now = rate = 0.0
        lowering = self.lowering
        if phase == PH_HOLD:
            lowering = self.hold(now_ms, angle, hold_steady, t, dt, rate, lowering)
        elif phase == PH_LOWER:
            if not lowering:
                lowering = self._seen(now_ms)
        elif phase == PH_RAISE:
            self.lowering = lowering = False  # (the leg went up again before the rep ended)
            self.peak = angle  # (the top follows the leg up)
            # Only a kick overshoots the top (a fast raise carried past it, caught and settled back down): after
            # a raise that never went faster than half the KICK speed the top needs no settling, so a short pause
            # or none does not keep the lowering unseen until the core's phase changes (0.5-0.85 s)
            if rate * 2 > t.kick_dps or self.calm_ms < 0:
                self.calm_ms = -1
            else:
                self.calm_ms = _SETTLE_MS
        if lowering and phase >= PH_HOLD:
            tl = t.lower_ms
            if tl < 1:
                tl = 1
            p = _SEEN_PERMILLE + ((now_ms - self.low_t0) & TICKS_MAX) * 1000 // tl
            self.lower_permille = 1000 if p > 1000 else p
            if fresh:  # a new sample: the grade can have changed
                now_v = self.vel_now
                if now_v < -t.drop_dps:
                    # the band yanks the leg down
                    if not self.yanked:
                        self.yanked = True
                        self._shake(now_ms)
                    self.too_fast = True
                elif not self.yanked:
                    self._judge(now_v, self.peak - self._mid, tl, (t_mid - self.t[1]) & TICKS_MAX)
        return self.tick(now_ms, phase, lowering, t)

    def hold(self, now_ms, angle, hold_steady, t, dt_ms, rate, lowering):
        """update()'s part in the core's pause (its own function: Feel.update's bytecode is one block of the heap,
        and from .py the board compiles it where a set starts, in a heap in pieces): the top, the hold meter and the
        wobble, the lowering seen or undone. Returns whether the leg is lowering."""
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

    def _step(self, angle, t_mid):
        """update()'s part when the core took a step (its angle changed): the leg's speed over the core's own time
        between its steps (vel and vel_now, deg/s), and the angle halfway through vel_now's span. Returns vel."""
        x = self.x
        ts = self.t
        a2 = x[2]
        a1 = x[1]
        span = (t_mid - ts[1]) & TICKS_MAX  # two steps
        if span > _VEL_NOW_MS:
            a1 = a2
            span = (t_mid - ts[2]) & TICKS_MAX  # one
        self._mid = (angle + a1) * 0.5
        self.vel_now = now_v = (angle - a1) * 1000 / span if 0 < span <= _VEL_MS else 0.0
        span = (t_mid - ts[0]) & TICKS_MAX  # three
        self.vel = rate = (angle - x[0]) * 1000 / span if 0 < span <= _VEL_MS else now_v
        x[0] = x[1]
        ts[0] = ts[1]
        x[1] = a2
        ts[1] = ts[2]
        x[2] = angle
        ts[2] = t_mid
        return rate

    def tick(self, now_ms, phase, lowering, t):
        """update()'s end: the core's phase taken, the timers (shake, landing, rest) run out, and Pip's pose and the
        alarm worked out. 1 when they changed or the rep is not in its pause or lowering, else 0."""
        old = self.phase
        if phase != old:
            if old == PH_LOWER and not self.resting:
                self.resting = True  # the lowering ended (the rep's grade may still be on its way)
                self.rest_t0 = now_ms
            self.phase = phase
        # the timers: (now - end) & TICKS_MAX below TICKS_HALF is ticks_diff(now, end) >= 0
        if self.shake and ((now_ms - self.shake_until) & TICKS_MAX) < TICKS_HALF:
            self.shake = False
        landing = self.land_until >= 0
        if landing and ((now_ms - self.land_until) & TICKS_MAX) < TICKS_HALF:
            self.land_until = -1
            landing = False
        resting = self.resting
        if resting:
            rd = (now_ms - self.rest_t0) & TICKS_MAX
            if t.reset_ms <= rd < TICKS_HALF:
                self.resting = resting = False
        # Pip's pose and the alarm
        fast = self.too_fast
        if landing:
            pose = _POSE_FALL if self.yanked or fast else _POSE_LAND
        elif lowering and phase >= PH_HOLD:
            pose = _POSE_FALL if fast else _POSE_GLIDE
        elif phase == PH_RAISE:
            pose = _POSE_LIFT
        elif phase == PH_HOLD:
            pose = _POSE_HOLD if self.steady else _POSE_WOBBLE
        elif resting or phase == PH_CALIBRATING:
            pose = _POSE_REST
        else:
            pose = _POSE_STAND
        alarm = fast and (landing or (lowering and phase >= PH_HOLD))
        if pose != self.pose or alarm != self.alarm:
            self.pose = pose
            self.alarm = alarm
            return 1
        return 1 if phase < PH_HOLD else 0
