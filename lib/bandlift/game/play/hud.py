"""The play screen: Pip on the stage beside the pacing ghost and the target ledge, big digits for the reps and
the set's running score, the set's flower, the hold and lowering meters, and the grade splash after each rep.

The flower is the set's goal and its surprise: it grows one stage with each rep of good form in a row (the
combo's rule, the grade's check; the new stage flickers in) and a faulty rep takes it back to a sprout; at
rules.bloom_size good reps in a row it bursts into bloom (the fruit tree, sparkling for _BLOOM_MS, and on the
stage as well, where the ghost stands on the ground) and the rep earns rules.BONUS_BLOOM points. The flower and
the score stay on top of the grade splash (hud_marks.py HudMarks._flower and show_splash draw them).

update() runs every game tick; it compares integers and touches a TileGrid or a shape only when the pixel it
shows changed, so a still leg costs nothing and no tick allocates.
"""

from bandlift.compat import const
from bandlift.game.play.hud_marks import HudMarks  # the target zone's scale, the stage line, the grade splash, the flower

_DEFAULT_TARGET_DEG = const(40)  # ghost height while an "auto" target is still being learned


class Hud(HudMarks):
    """The play screen; made by HudMarks.__init__ (hud_build.py sets what it shows, the state below)."""

    # ------------------------------------------------------------------ every tick
    def update(self, core, st, feel, now_ms):
        """Bring the play screen in line with the core's live values: 0 when nothing on screen changed, 2 when
        Pip's pose did (the phase's grade: worth a refresh at once), else 1. (Every game tick, ~10 a second:
        y_of in line, and a helper called only when what it shows can have changed; a Python call costs more
        than most of the comparisons here.)"""
        changed = False
        urgent = False
        t = st.targets
        target = t.target_deg
        if target is None:
            target = core.target_deg
        if (target is None and self.target_deg != -1.0) or (target is not None and target != self.target_deg):
            self._rescale(target, t.tolerance_deg)
            changed = True
        angle = core.angle or 0.0
        travel = self._travel
        scale = self.scale_deg
        p = int(angle * travel / scale)  # y_of(angle)
        if p < 0:
            p = 0
        elif p > travel:
            p = travel
        y = self.y_low - p
        if y != self.y:
            self.y = y
            self.pip.y = y
            changed = True
        pose = feel.pose
        if pose != self.pose:
            self.pose = pose
            self.pip[0] = pose
            urgent = True
        gdeg = target if target is not None else _DEFAULT_TARGET_DEG
        p = int(gdeg * (feel.ghost(now_ms, t) if feel.ghost_on else 0) / 1000 * travel / scale)  # y_of, the ghost
        if p < 0:
            p = 0
        elif p > travel:
            p = travel
        gy = self.y_low - p
        if gy != self._gy:
            self._gy = gy
            self.ghost.y = gy
            changed = True
        inz = target is not None and target - self.tolerance_deg <= angle <= target + self.tolerance_deg
        if inz != self._in_zone:
            self._in_zone = inz
            self.zone_r.hidden = not inz or target is None
            changed = True
        b = st.set_tally  # (its counts read here: GameState's reps_done and total are properties, a call each)
        if b.reps_done != self.reps_done or b.total != self.total:
            self.reps_done = b.reps_done
            self.total = b.total
            # "3/8"; with 10 reps or more, or 4 digits of points (both change with a rep), "10" alone: 2 tiles
            # leave the running score (show_splash) its 4 and a gap on the top row (66 px before the flower)
            self.reps.show(b.reps_done, b.total if b.total < 10 and b.points < 1000 else -1)  # (set_info's rule too)
            changed = True
        on = st.grade_on
        if b.points != self.points or on != self.grade_on:
            self.points = b.points
            self.grade_on = on
            if not on:  # (the splash places and shows them itself: show_splash)
                self.show_splash(b, False)
            changed = True
        if (b.blooms != self.blooms or self._bloom_t0 >= 0 or b.bloom != self.bloom) and self._flower(b, now_ms):
            changed = True
        pause = t.pause_ms if t.pause_ms > 0 else 1
        if pause != self.pause_ms:
            self.pause_ms = pause
            self.hold.set_marks((pause + 500) // 1000)  # a notch at every second of the pause
            self.lower.set_marks((t.lower_ms + 500) // 1000)
            changed = True
        bar = self.hold
        v = feel.hold_ms * 1000 // pause
        if bar.inner * v // 1000 != bar.px and bar.set(v):  # (Bar.set's pixel, unclamped: compared before the call)
            changed = True
        bar = self.lower
        v = feel.lower_permille
        if bar.inner * v // 1000 != bar.px and bar.set(v):
            changed = True
        dx = feel.shake_dx(now_ms) if feel.shake else 0
        if dx != self.shake_dx:
            self.shake_dx = dx
            self.group.x = dx
            changed = True
        alarm = feel.alarm
        if alarm != self.sp.inverted:
            self.sp.invert(alarm)  # too fast: the whole screen turns over (the panel's own: at once)
        return 2 if urgent else (1 if changed else 0)
