"""Live HUD meters, pure and allocation-free: the hold meter and the lowering meter, in permille.

The hold meter fills over the level's pause time only while the top position is steady and drains
twice as fast with wobble; the lowering meter fills as the leg takes the level's lowering time, and a
lowering faster than the DROP speed (or a rep scored DROP) raises the DROP flag.
"""

from bandlift import faults
from bandlift.compat import const, ticks_diff
from bandlift.game.events import PH_HOLD, PH_LOWER

STEADY_MIN = const(70)  # core.hold_steady (0-100) at or above this counts as steady
MAX_STEP_MS = const(200)  # a longer gap between updates is clamped: no jump after a stall


class Meters:
    def __init__(self):
        self.hold = 0  # 0-1000: share of the level's pause held steady
        self.lower = 0  # 0-1000: share of the level's lowering time taken
        self.drop = False  # the leg fell: lowering faster than the level allows
        self._last = None  # ticks ms of the previous update

    def rep_start(self):
        self.hold = 0
        self.lower = 0
        self.drop = False

    def rep_done(self, fault_mask):
        if fault_mask & faults.DROP:
            self.drop = True

    def update(self, now_ms, phase, hold_steady, lower_ms, rate_dps, pause_ms, target_lower_ms, drop_dps):
        dt = 0 if self._last is None else ticks_diff(now_ms, self._last)
        self._last = now_ms
        if dt < 0:
            dt = 0
        elif dt > MAX_STEP_MS:
            dt = MAX_STEP_MS
        if phase == PH_HOLD:
            p = pause_ms if pause_ms > 0 else 1
            if hold_steady >= STEADY_MIN:
                self.hold += dt * 1000 // p
            else:
                self.hold -= dt * 2000 // p
            if self.hold > 1000:
                self.hold = 1000
            elif self.hold < 0:
                self.hold = 0
        elif phase == PH_LOWER:
            t = target_lower_ms if target_lower_ms > 0 else 1
            v = int(lower_ms) * 1000 // t
            self.lower = 1000 if v > 1000 else (0 if v < 0 else v)
            if -rate_dps > drop_dps:
                self.drop = True
