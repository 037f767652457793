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
  (faster than pace.py's _FALL_DPS: a wobble's swing, 2-4 Hz) was not lowering: that lowering and its call are undone.
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

_MAX_STEP_MS = const(200)  # a longer gap between updates is clamped: no jump after a stall
_SETTLE_MS = const(250)  # still (under _FALL_DPS) this long in all after the raise: the leg rests at the top
# (pace.py's; tests/test_game_feel.py keeps them the same)
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
