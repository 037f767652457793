"""What each phase of a rep feels like on screen: Pip's pose, the hold meter, the lowering pace, the ghost and
the juice (flash, shake). Pure integer logic, no displayio, nothing allocated per update.

- Raise: Pip lifts (LIFT pose) with the leg; the HUD lights the ledge when the leg is in the target zone.
- Pause: the hold meter fills with milliseconds of *steady* hold (core.hold_steady >= STEADY_MIN); a wobble
  stops the filling and tips Pip over (WOBBLE pose) but never takes away what was earned, and the meter keeps
  its fill through the lowering until the next rep starts.
- Lowering: the pace is judged while it happens. `core.lower_pace` is the share of the level's lowering time
  gone (1.0 = on tempo); on tempo the leg should have come down about as far. When it is more than AHEAD_ON
  of the range ahead of that (or moving faster than the DROP speed), Pip's umbrella turns inside out (FALL)
  until it is back within AHEAD_OFF. Faster than the level's DROP speed is the band yanking the leg down: the
  screen shakes.
- Reset: a soft landing (the rules' soft_landing) flashes the screen and Pip lands glad; Pip then rests
  (REST) for the level's reset time and stands up ready (STAND) when the next rep may start.
- The pacing ghost starts with the rep (EV_REP_START, level with the leg's height then) and runs the level's
  raise, pause and lowering on smooth S-curves, the way a controlled lift moves.
"""

from bandlift.compat import const, ticks_add, ticks_diff
from bandlift.game.events import PH_CALIBRATING, PH_HOLD, PH_LOWER, PH_RAISE

STEADY_MIN = const(70)  # core.hold_steady (0-100) at or above this counts as steady
MAX_STEP_MS = const(200)  # a longer gap between updates is clamped: no jump after a stall
AHEAD_ON = const(200)  # permille of the range ahead of the tempo that counts as too fast
AHEAD_OFF = const(100)  # ... and back on tempo below this
FLASH_MS = const(160)  # the soft-landing flash (one or two frames at the loop's 10 frames/s)
SHAKE_MS = const(500)  # the shake when the band yanks the leg down
LAND_MS = const(900)  # Pip's landing pose after a rep

# Pip's poses (tile indices of sprites.SHEET; duplicated here so the logic needs no displayio)
POSE_STAND = const(0)
POSE_REST = const(1)
POSE_LIFT = const(2)
POSE_HOLD = const(3)
POSE_WOBBLE = const(4)
POSE_GLIDE = const(5)
POSE_FALL = const(6)
POSE_LAND = const(7)


def smooth(p):
    """A smooth movement's share of its range (permille) at share p (permille) of its time: 3p^2 - 2p^3, the
    S-curve of a controlled lift that starts and ends gently (what the pacing ghost and a coach expect)."""
    if p <= 0:
        return 0
    if p >= 1000:
        return 1000
    return (p * p // 10) * (3000 - 2 * p) // 100000  # stays below 2**30: small ints on the device


def unsmooth(share):
    """The time share (permille) at which a smooth movement has covered `share` permille of its range."""
    lo = 0
    hi = 1000
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if smooth(mid) < share:
            lo = mid
        else:
            hi = mid
    return hi


def ghost_permille(elapsed_ms, raise_ms, pause_ms, lower_ms):
    """Height of the pacing ghost (0-1000 of the target) `elapsed_ms` after the rep started: it rises over
    raise_ms, waits pause_ms at the top, comes down over lower_ms (both smoothly), then stays at the bottom."""
    if elapsed_ms <= 0:
        return 0
    if elapsed_ms < raise_ms:
        return smooth(elapsed_ms * 1000 // raise_ms)
    elapsed_ms -= raise_ms
    if elapsed_ms < pause_ms:
        return 1000
    elapsed_ms -= pause_ms
    if elapsed_ms < lower_ms:
        return 1000 - smooth(elapsed_ms * 1000 // lower_ms)
    return 0


class Feel:
    def __init__(self):
        self._last = None  # ticks of the previous update
        self.phase = PH_CALIBRATING
        self.pose = POSE_STAND
        self.ghost_t0 = 0
        self.ghost_on = False
        self.rest_t0 = 0
        self.resting = False
        self.flash_until = 0
        self.flash = False
        self.shake_until = 0
        self.shake = False
        self.land_until = 0
        self.landing = False
        self.rep_start(0, False)

    def rep_start(self, now_ms, ghost=True, lead_ms=0):
        """A rep began: empty meters, the ghost starts its run (lead_ms ago: the core sees a raise only once
        it is under way, so the ghost starts level with the leg)."""
        self.hold_ms = 0  # steady hold earned in this rep (kept until the next rep starts)
        self.steady = True
        self.peak = 0.0  # highest angle of this rep, deg (the lowering's range)
        self.lower_permille = 0  # share of the level's lowering time taken so far
        self.too_fast = False
        self.yanked = False  # the band yanked the leg down in this rep
        self.ghost_t0 = ticks_add(now_ms, -lead_ms)
        self.ghost_on = ghost
        self.resting = False
        self.landing = False

    def rep_done(self, now_ms, fault_mask, soft, drop_bit):
        """A rep ended: a soft landing flashes, a DROP shakes; Pip lands and then rests."""
        self.landing = True
        self.land_until = ticks_add(now_ms, LAND_MS)
        self.resting = True
        self.rest_t0 = now_ms
        if soft:
            self.flash = True
            self.flash_until = ticks_add(now_ms, FLASH_MS)
        if fault_mask & drop_bit:
            self._shake(now_ms)

    def _shake(self, now_ms):
        self.shake = True
        self.shake_until = ticks_add(now_ms, SHAKE_MS)

    def shake_dx(self, now_ms):
        """Horizontal offset of the picture while it shakes (-2, 2 alternating every 60 ms), else 0."""
        if not self.shake:
            return 0
        return 2 if (ticks_diff(now_ms, self.shake_until) // 60) & 1 else -2

    def update(self, now_ms, phase, angle, rate, hold_steady, lower_ms, lower_pace, t):
        """One game tick with the core's live values and the level's Targets `t`."""
        dt = 0 if self._last is None else ticks_diff(now_ms, self._last)
        self._last = now_ms
        if dt < 0:
            dt = 0
        elif dt > MAX_STEP_MS:
            dt = MAX_STEP_MS
        if phase == PH_RAISE or phase == PH_HOLD:
            if angle > self.peak:
                self.peak = angle
        if phase == PH_HOLD:
            self.steady = hold_steady >= STEADY_MIN
            if self.steady:
                self.hold_ms += dt
        elif phase == PH_LOWER:
            self._lowering(angle, rate, lower_ms, lower_pace, t, now_ms)
        if phase != self.phase:
            if self.phase == PH_LOWER and phase != PH_LOWER and not self.resting:
                self.resting = True  # the lowering ended (the rep's grade may still be on its way)
                self.rest_t0 = now_ms
            self.phase = phase
        # Timers.
        if self.flash and ticks_diff(now_ms, self.flash_until) >= 0:
            self.flash = False
        if self.shake and ticks_diff(now_ms, self.shake_until) >= 0:
            self.shake = False
        if self.landing and ticks_diff(now_ms, self.land_until) >= 0:
            self.landing = False
        if self.resting and ticks_diff(now_ms, self.rest_t0) >= t.reset_ms:
            self.resting = False
        self.pose = self._pose(phase)

    def _lowering(self, angle, rate, lower_ms, lower_pace, t, now_ms):
        tl = t.lower_ms if t.lower_ms > 0 else 1
        pace = int(lower_pace * 1000) if lower_pace else lower_ms * 1000 // tl
        self.lower_permille = 1000 if pace > 1000 else (0 if pace < 0 else pace)
        peak = self.peak if self.peak > 1.0 else 1.0
        down = 1000 - int(angle * 1000 / peak)  # share of the range already lowered
        ahead = down - smooth(self.lower_permille)  # against a smooth lowering on the level's time
        if -rate > t.drop_dps:
            if not self.yanked:
                self.yanked = True
                self._shake(now_ms)
            self.too_fast = True
        elif ahead > AHEAD_ON:
            self.too_fast = True
        elif ahead < AHEAD_OFF:
            self.too_fast = False

    def _pose(self, phase):
        if phase != PH_LOWER:
            self.too_fast = False  # judged again in the next lowering
        if self.landing:
            return POSE_FALL if self.yanked else POSE_LAND
        if phase == PH_RAISE:
            return POSE_LIFT
        if phase == PH_HOLD:
            return POSE_HOLD if self.steady else POSE_WOBBLE
        if phase == PH_LOWER:
            return POSE_FALL if self.too_fast else POSE_GLIDE
        if self.resting or phase == PH_CALIBRATING:
            return POSE_REST
        return POSE_STAND

    def ghost(self, now_ms, t):
        """The ghost's height in permille of the target (0 before the first rep of a set)."""
        if not self.ghost_on:
            return 0
        return ghost_permille(ticks_diff(now_ms, self.ghost_t0), t.raise_ms, t.pause_ms, t.lower_ms)
