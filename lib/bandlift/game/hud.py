"""The play HUD: status line, leg angle gauge with the target zone, pacing ghost, hold and lowering meters.

update() runs every game tick; it only compares integers and touches a shape or a label when the
pixel it shows changed, so a still leg costs nothing and no sample allocates.
"""

import displayio

from bandlift.game import rules
from bandlift.game.events import phase_word
from bandlift.game.widgets import WHITE, Bar, label, rect

MIN_SCALE_DEG = 30  # the gauge shows at least 0-30 deg
SCALE_MARGIN_DEG = 12  # room above the top of the target zone
DEFAULT_TARGET_DEG = 45  # ghost height while an "auto" target is still being learned


class Hud:
    def __init__(self, pal, layout):
        self.group = displayio.Group()
        g = self.group
        lay = layout
        self.status = label(g, 0, lay.top_y)
        self._status_key = None
        self.gauge = Bar(g, pal, lay.gauge)
        gx, gy, gw, gh = lay.gauge
        self._gx = gx + 1
        self._gw = gw - 2
        self.zone = rect(g, pal, gx + 1, lay.zone_y, 1, 2, WHITE)
        self.zone.hidden = True
        gx0, gy0, gw0, gh0 = lay.ghost
        self.ghost = rect(g, pal, gx0, gy0, gw0, gh0, WHITE)
        self._ghost_x = gx0
        self.hold = Bar(g, pal, lay.hold)
        self.lower = Bar(g, pal, lay.lower)
        if lay.hold_label_y is not None:
            label(g, 0, lay.hold_label_y, "HOLD")
            label(g, 0, lay.lower_label_y, "LOWER")
        self.scale_deg = 60.0  # full gauge width in deg
        self._target = -1.0  # target the scale was made for (-1: none yet)

    def _rescale(self, target, tol):
        """Gauge scale and zone strip for a new target angle (deg); None hides the zone."""
        self._target = -1.0 if target is None else target
        if target is None:
            self.scale_deg = 60.0
            self.zone.hidden = True
            return
        top = target + tol + SCALE_MARGIN_DEG
        self.scale_deg = top if top > MIN_SCALE_DEG else MIN_SCALE_DEG
        lo = self._px(target - tol)
        hi = self._px(target + tol)
        self.zone.x = self._gx + lo
        self.zone.width = hi - lo if hi > lo else 1
        self.zone.hidden = False

    def _px(self, deg):
        p = int(deg * self._gw / self.scale_deg)
        if p < 0:
            return 0
        if p > self._gw:
            return self._gw
        return p

    def update(self, core, state, meters, now_ms):
        """Refresh the HUD from the core's live values; True when anything on screen changed."""
        changed = False
        t = state.targets
        target = t.target_deg
        if target is None:
            target = getattr(core, "target_deg", None)
        if (target is None and self._target != -1.0) or (target is not None and target != self._target):
            self._rescale(target, t.tolerance_deg)
            changed = True
        # Leg angle.
        angle = getattr(core, "angle", 0.0) or 0.0
        if self.gauge.set(int(angle * 1000 / self.scale_deg)):
            changed = True
        # Pacing ghost: the level's tempo since the last rep ended (or the set began).
        g = rules.ghost_permille(state.ghost_elapsed(now_ms), t.raise_ms, t.pause_ms, t.lower_ms, t.reset_ms)
        gdeg = target if target is not None else DEFAULT_TARGET_DEG
        x = self._gx + self._px(gdeg * g / 1000) - 1
        if x != self._ghost_x:
            self._ghost_x = x
            self.ghost.x = x
            changed = True
        if self.hold.set(meters.hold):
            changed = True
        if self.lower.set(meters.lower):
            changed = True
        # Status line: only rebuilt when one of its inputs changed.
        phase = getattr(core, "phase", 0)
        key0 = state.reps_done
        key1 = state.combo
        key2 = phase
        key3 = meters.drop
        k = self._status_key
        if k is None or k[0] != key0 or k[1] != key1 or k[2] != key2 or k[3] != key3 or k[4] != state.set_side:
            self._status_key = (key0, key1, key2, key3, state.set_side)
            left = "%d/%d %s" % (state.reps_done, state.total, state.set_side or "")
            if state.combo >= 2:
                left += " x%d" % state.combo
            word = "DROP!" if meters.drop else phase_word(phase)
            pad = 21 - len(left) - len(word)
            self.status.text = left + " " * (pad if pad > 0 else 1) + word
            changed = True
        return changed
