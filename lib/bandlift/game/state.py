"""The game as one explicit state machine: screens, sets per leg, stages, combos, results. No displayio.

Time comes in as integer ms ticks; the motion core and the store are injected (duck-typed), so the
whole game runs in tests with fakes. `version` goes up on every change the text views show, and
`lines()` gives the text of the current screen, so views only copy strings when something changed.
"""

from bandlift import faults
from bandlift.compat import const, ticks_add, ticks_diff
from bandlift.game import levels as lv
from bandlift.game import rules
from bandlift.game.store import STORE_ERRORS, StoreView
from bandlift.game.events import (
    EV_CALIBRATED,
    EV_FATIGUE,
    EV_GAP,
    EV_PARTIAL,
    EV_REP_DONE,
    EV_REP_START,
    EV_SLIPPED,
)
from bandlift.targets import Targets

S_CALIB = const(0)
S_SELECT = const(1)
S_PLAY = const(2)
S_SUMMARY = const(3)
S_RECORDS = const(4)
SCREEN_NAMES = ("calib", "select", "play", "summary", "records")

BTN_A = const(0)  # select / next
BTN_B = const(1)  # start / confirm
BTN_C = const(2)  # back

VERDICT_MS = const(2500)  # how long a rep's verdict stays up (the next rep start hides it sooner)
ALERT_MS = const(2000)  # short alerts (stage change, gap)
END_MS = const(2500)  # pause before the summary: the last verdict or the fatigue notice stays readable

WIDTH_CHARS = const(21)  # 128 px of the 6 px built-in font
# The strap alert on one 21-character line (faults.SLIPPED_CUE may be longer).
SLIP_ALERT = faults.SLIPPED_CUE if len(faults.SLIPPED_CUE) <= 21 else "Strap moved: be still"


def star_text(n):
    """'**-' style: earned stars then dashes, 3 characters."""
    return "***"[:n] + "---"[n:]


def side_word(side):
    if side == "L":
        return "Left"
    if side == "R":
        return "Right"
    return "Any"


def wrap(text, width=WIDTH_CHARS):
    """Split text into lines of at most `width` characters at spaces (allocates: screens only)."""
    out = []
    line = ""
    for word in str(text).split(" "):
        while len(word) > width:
            if line:
                out.append(line)
                line = ""
            out.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line = line + " " + word
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    return out


class MemoryStore:
    """Progress kept in RAM: used when there is no store (nothing to save to)."""

    def __init__(self):
        self.can_save = False
        self.message = "No save: no storage"
        self._best = {}

    def get(self, level_id):
        return self._best.get(level_id)

    def record(self, level_id, result):
        old = self._best.get(level_id)
        new_best = old is None or result.get("score", 0) > old.get("score", 0)
        merged = dict(old or {})
        if new_best:
            merged["score"] = result.get("score", 0)
        merged["stars"] = max(result.get("stars", 0), (old or {}).get("stars", 0))
        merged["best_combo"] = max(result.get("best_combo", 0), (old or {}).get("best_combo", 0))
        self._best[level_id] = merged
        return new_best

    def total_stars(self):
        return sum(v.get("stars", 0) for v in self._best.values())


def _set_autoreload(enabled):
    """Autoreload off during a set (a file copy must not restart the program mid-set)."""
    try:
        from bandlift.progress import set_autoreload

        set_autoreload(enabled)
    except (ImportError, AttributeError, OSError, RuntimeError):
        pass


class GameState:
    def __init__(self, core, levels, store, broken=None, lines=3):
        self.core = core
        self.levels = list(levels or [])
        self.broken = list(broken or [])
        self.store = StoreView(store if store is not None else MemoryStore())
        self.lines_per_page = lines
        self.version = 0
        self.screen = S_SELECT if getattr(core, "calibrated", False) else S_CALIB
        self.back_screen = S_SELECT  # where calibration returns to
        self.sel = 0  # index into levels + broken
        self.side = "L"  # leg for "any" levels; long A switches it
        self.page = 0
        self.error = ""
        self.alert = ""
        self.alert_sticky = False  # stays until calibration ends (strap slipped)
        self.alert_until = 0
        # The set in progress.
        self.level = None
        self.targets = Targets()
        self.set_side = None
        self.leg_order = ()  # the legs this level plays, in order
        self.leg_index = 0
        self.total = 0
        self._clear_set_tallies()
        self.level_score_sum = 0  # over all legs of a "both" level
        self.level_reps = 0
        self.level_points = 0
        self.level_best_combo = 0
        self.level_min = 100
        self.side_means = {}
        self.ghost_t0 = 0
        self.set_count = 0  # sets started (views reset their meters when it moves)
        self.ending = False  # the set is over; the summary follows at end_at
        self.end_at = 0
        # The last rep's verdict.
        self.verdict_on = False
        self.verdict_until = 0
        self.v_index = 0
        self.v_score = 0
        self.v_stars = 0
        self.v_cue = ""
        self.v_bonus = 0
        self.v_soft = False
        self.v_steady = False
        self.v_points = 0
        self.summary = None
        self.last_result = None  # what was recorded in the store (tests and the twin read it)

    # ----- helpers
    def ghost_elapsed(self, now_ms):
        """ms since the pacing ghost's cycle began (the last rep's end, or the set's start)."""
        d = ticks_diff(now_ms, self.ghost_t0)
        return d if d > 0 else 0

    def _changed(self):
        self.version += 1

    def n_items(self):
        return len(self.levels) + len(self.broken)

    def total_stars(self):
        return self.store.total_stars()

    def best_of(self, level):
        return self.store.get(lv.level_id(level))

    def is_unlocked(self, level):
        return rules.unlocked(lv.unlock_stars(level), self.total_stars())

    def show_alert(self, text, now_ms, ms=ALERT_MS, sticky=False):
        if text != self.alert or sticky != self.alert_sticky:
            self.alert = text
            self.alert_sticky = sticky
            self._changed()
        self.alert_until = ticks_add(now_ms, ms)

    def clear_alert(self):
        if self.alert:
            self.alert = ""
            self.alert_sticky = False
            self._changed()

    def set_error(self, text):
        text = str(text) if text else ""
        if text != self.error:
            self.error = text
            self._changed()

    # ----- events from the motion core
    def on_events(self, ev, now_ms):
        if not ev:
            return
        if ev & EV_SLIPPED:
            self.show_alert(SLIP_ALERT, now_ms, sticky=True)
        if ev & EV_CALIBRATED:
            if self.alert_sticky:
                self.clear_alert()
            if self.screen == S_CALIB:
                self.screen = self.back_screen
                self._changed()
        if ev & EV_GAP:
            self.show_alert("Sensor gap", now_ms)
        if self.screen != S_PLAY or self.ending:
            return
        if ev & EV_REP_START:
            if self.verdict_on:
                self.verdict_on = False
                self._changed()
        if ev & EV_REP_DONE:
            self._rep_done(now_ms)
        if ev & EV_PARTIAL and not self.ending:
            self.show_alert(faults.CUES[faults.index(faults.SHORT)], now_ms)
        fat = ev & EV_FATIGUE
        if not fat:
            stats = getattr(self.core, "stats", None)
            fat = self.reps_done > 0 and bool(getattr(stats, "fatigued", False))
        if fat and not self.ending:
            self.fatigued = True
            self.show_alert(faults.FATIGUE_CUE, now_ms, END_MS)
            self._end_soon(now_ms)

    def _rep_done(self, now_ms):
        rep = self.core.last_rep
        score = int(getattr(rep, "score", 0))
        stars = int(getattr(rep, "stars", 0))
        mask = int(getattr(rep, "faults", 0))
        cue = getattr(rep, "cue", None) or faults.top_cue(mask)
        t = self.targets
        b = rules.bonus(mask, int(getattr(rep, "lower_ms", 0)), int(getattr(rep, "hold_ms", 0)), t.lower_ms, t.pause_ms)
        self.combo = rules.combo_after(self.combo, stars)
        if self.combo > self.best_combo:
            self.best_combo = self.combo
        pts = rules.rep_points(score, b, self.combo)
        self.points += pts
        self.score_sum += score
        if score < self.level_min:
            self.level_min = score
        self.reps_done += 1
        self.stage_done += 1
        if stars >= rules.COMBO_STARS:
            self.good_reps += 1
        self.v_index = self.reps_done
        self.v_score = score
        self.v_stars = stars
        self.v_cue = cue
        self.v_bonus = b
        self.v_soft = rules.soft_landing(mask, int(getattr(rep, "lower_ms", 0)), t.lower_ms)
        self.v_steady = rules.steady_pause(mask, int(getattr(rep, "hold_ms", 0)), t.pause_ms)
        self.v_points = pts
        self.verdict_on = True
        self.verdict_until = ticks_add(now_ms, VERDICT_MS)
        self.ghost_t0 = now_ms
        if self.reps_done >= self.total:
            self._end_soon(now_ms)
        elif self.stage_done >= lv.stage_reps(self.level, self.stage) and self.stage + 1 < lv.n_stages(self.level):
            self.stage += 1
            self.stage_done = 0
            self._apply_targets()
            self.show_alert("Stage %d/%d" % (self.stage + 1, lv.n_stages(self.level)), now_ms)
        self._changed()

    def _apply_targets(self):
        self.targets = lv.targets(self.level, self.stage)
        try:
            self.core.set_targets(self.targets)
        except (AttributeError, ValueError, TypeError):
            pass

    def _end_soon(self, now_ms):
        self.ending = True
        self.end_at = ticks_add(now_ms, END_MS)
        self._changed()

    # ----- time
    def tick(self, now_ms):
        if self.alert and not self.alert_sticky and ticks_diff(now_ms, self.alert_until) >= 0:
            self.clear_alert()
        if self.verdict_on and ticks_diff(now_ms, self.verdict_until) >= 0 and not self.ending:
            self.verdict_on = False
            self._changed()
        if self.screen == S_PLAY and self.ending and ticks_diff(now_ms, self.end_at) >= 0:
            self.end_set(now_ms)

    # ----- sets
    def selected_level(self):
        if 0 <= self.sel < len(self.levels):
            return self.levels[self.sel]
        return None

    def _clear_set_tallies(self):
        """Stage, reps, combo, points and fatigue of the set in progress back to zero."""
        self.stage = 0
        self.stage_done = 0
        self.reps_done = 0
        self.combo = 0
        self.best_combo = 0
        self.points = 0
        self.score_sum = 0
        self.good_reps = 0
        self.fatigued = False

    def start_set(self, now_ms, continue_level=False):
        """Start the selected level (or its next leg); False when it is locked or broken."""
        level = self.selected_level()
        if level is None:
            self.show_alert("Level is broken", now_ms)
            return False
        if not continue_level and not self.is_unlocked(level):
            self.show_alert("Locked: need %d stars" % lv.unlock_stars(level), now_ms)
            return False
        if not continue_level:
            order = lv.sides(level)
            self.leg_order = order if order is not None else (self.side,)
            self.leg_index = 0
            self.level_score_sum = 0
            self.level_reps = 0
            self.level_points = 0
            self.level_best_combo = 0
            self.level_min = 100  # weakest rep of the level, for a "min" stars rule
            self.side_means = {}
        self.level = level
        self.set_side = self.leg_order[self.leg_index]
        self.total = max(1, lv.set_reps(level))
        self._clear_set_tallies()
        self.ending = False
        self.verdict_on = False
        self.summary = None
        self._apply_targets()
        try:
            self.core.new_set(self.set_side)
        except (AttributeError, ValueError, TypeError):
            pass
        self.ghost_t0 = now_ms
        self.set_count += 1
        self.screen = S_PLAY
        self.page = 0
        self.clear_alert()
        _set_autoreload(False)
        self._changed()
        return True

    def end_set(self, now_ms, quit=False):
        """Close the set: summary, and the level's result in the store once every leg is done."""
        self.ending = False
        self.verdict_on = False
        level = self.level
        n = self.reps_done
        mean = (self.score_sum + n // 2) // n if n else 0
        self.side_means[self.set_side] = mean if n else None
        self.level_score_sum += self.score_sum
        self.level_reps += n
        self.level_points += self.points
        if self.best_combo > self.level_best_combo:
            self.level_best_combo = self.best_combo
        more_legs = self.leg_index + 1 < len(self.leg_order) and not quit
        # the core's index is per measure ({"score", "peak", "lower"} in %); the game shows the weakest
        lsi = self.core.stats.lsi()
        if lsi:
            lsi = int(min(lsi.values()) + 0.5)
        else:
            lsi = rules.lsi(self.side_means.get("L"), self.side_means.get("R"))
        s = {
            "level": lv.level_name(level),
            "side": self.set_side,
            "reps": n,
            "total": self.total,
            "score": mean,
            "points": self.points,
            "best_combo": self.best_combo,
            "fatigued": self.fatigued,
            "quit": quit,
            "lsi": None if lsi is None else int(lsi),
            "next_side": self.leg_order[self.leg_index + 1] if more_legs else None,
            "stars": 0,
            "new_best": False,
            "recorded": False,
            "save_msg": "",
        }
        if not more_legs:
            lreps = self.level_reps
            lmean = (self.level_score_sum + lreps // 2) // lreps if lreps else 0
            ltotal = self.total * len(self.leg_order)
            basis = self.level_min if lv.stars_rule(level) == "min" else lmean
            stars = rules.level_stars(basis, lreps, ltotal, lv.thresholds(level), self.fatigued)
            result = {
                "score": lmean,
                "stars": stars,
                "reps": lreps,
                "total_reps": self.total * len(self.leg_order),
                "points": self.level_points,
                "best_combo": self.level_best_combo,
                "side": "".join(self.leg_order) if len(self.leg_order) > 1 else self.set_side,
                "fatigued": self.fatigued,
            }
            if lsi is not None:
                result["lsi"] = int(lsi)
            s["score"] = lmean
            s["stars"] = stars
            before = self.total_stars()
            if lreps > 0:
                try:
                    s["new_best"] = bool(self.store.record(lv.level_id(level), result))
                    s["recorded"] = True
                except STORE_ERRORS:
                    s["save_msg"] = "Save failed"
                if self.store.message:
                    s["save_msg"] = self.store.message
                self.last_result = result
            s["unlocks"] = self._newly_unlocked(before, self.total_stars())
            if not self.store.can_save:
                s["save_msg"] = self.store.message or "No save: drive read-only"
        self.summary = s
        self.screen = S_SUMMARY
        self.page = 0
        _set_autoreload(True)
        self._changed()

    def _newly_unlocked(self, before, after):
        n = 0
        for level in self.levels:
            u = lv.unlock_stars(level)
            if before < u <= after:
                n += 1
        return n

    # ----- buttons
    def on_button(self, button, long_press, now_ms):
        scr = self.screen
        if button == BTN_C and long_press:
            self.recalibrate()
            return
        if scr == S_CALIB:
            if getattr(self.core, "calibrated", False):
                self.screen = self.back_screen
                self._changed()
            return
        if scr == S_SELECT:
            n = self.n_items()
            if button == BTN_A and long_press:
                self.switch_side()
            elif button == BTN_A and n:
                self.sel = (self.sel + 1) % n
                self._changed()
            elif button == BTN_B:
                self.start_set(now_ms)
            elif button == BTN_C:
                self.screen = S_RECORDS
                self.page = 0
                self._changed()
        elif scr == S_PLAY:
            if self.ending:
                if button in (BTN_A, BTN_B):
                    self.end_set(now_ms)
            elif button == BTN_C:
                self.end_set(now_ms, quit=True)
            elif button == BTN_A and long_press:
                self.show_alert("End set to switch", now_ms)
            elif self.verdict_on:
                self.verdict_on = False
                self._changed()
        elif scr == S_SUMMARY:
            if button == BTN_A and long_press:
                self.switch_side()
            elif button == BTN_A:
                self._next_page()
            elif button == BTN_B:
                s = self.summary or {}
                if s.get("next_side"):
                    self.leg_index += 1
                    self.start_set(now_ms, continue_level=True)
                else:
                    self.start_set(now_ms)
            elif button == BTN_C:
                self.screen = S_SELECT
                self._changed()
        elif scr == S_RECORDS:
            if button == BTN_A:
                self._next_page()
            else:
                self.screen = S_SELECT
                self._changed()

    def _next_page(self):
        n = len(self.lines_all())
        per = self.lines_per_page
        pages = (n + per - 1) // per if n else 1
        self.page = (self.page + 1) % pages
        self._changed()

    def switch_side(self):
        self.side = "R" if self.side == "L" else "L"
        self._changed()

    def recalibrate(self):
        try:
            self.core.recalibrate()
        except AttributeError:
            pass
        if self.screen != S_CALIB:
            self.back_screen = self.screen
        self.screen = S_CALIB
        self._changed()

    # ----- text of the screens (allocates: called by views only when `version` changed)
    def lines_all(self):
        scr = self.screen
        if scr == S_CALIB:
            return ["BandLift", "Stand tall,", "hold still", "Calibrating..."]
        if scr == S_SELECT:
            return self._select_lines()
        if scr == S_SUMMARY:
            return self._summary_lines()
        if scr == S_RECORDS:
            return self._records_lines()
        return self.verdict_lines()

    def lines(self):
        """The lines of the current page (padded to lines_per_page)."""
        allr = self.lines_all()
        per = self.lines_per_page
        if self.screen in (S_SUMMARY, S_RECORDS):
            start = self.page * per
            if start >= len(allr):
                start = 0
            out = allr[start : start + per]
        else:
            out = allr[:per]
        while len(out) < per:
            out.append("")
        return [x[:WIDTH_CHARS] for x in out]

    def _select_lines(self):
        n = self.n_items()
        if n == 0:
            return ["No levels found", "Copy levels/ to", "the drive"]
        i = self.sel
        head = "%d/%d" % (i + 1, n)
        if i >= len(self.levels):
            fname, reason = self.broken[i - len(self.levels)]
            return [head + " BROKEN", str(fname), str(reason), "A:next C:records"]
        level = self.levels[i]
        best = self.best_of(level)
        stars = int(best.get("stars", 0)) if best else 0
        order = lv.sides(level)
        leg = "L+R" if order == ("L", "R") else (order[0] if order else self.side)
        head = "%s %s %s" % (head, star_text(stars), leg)
        if not self.is_unlocked(level):
            act = "Locked: need %d*" % lv.unlock_stars(level)
        else:
            act = "B:start A:next"
        out = [head, lv.level_name(level), act]
        if best and "score" in best:
            out.append("Best %s  combo %s" % (best.get("score", 0), best.get("best_combo", 0)))
        else:
            out.append("Not played yet")
        out.append("Stars %d  %s leg" % (self.total_stars(), side_word(self.side)))
        return out

    def _summary_lines(self):
        s = self.summary or {}
        out = []
        if s.get("fatigued"):
            out.append(faults.FATIGUE_CUE)
        title = "%s leg %d/%d" % (side_word(s.get("side")), s.get("reps", 0), s.get("total", 0))
        out.append(title)
        if s.get("next_side"):
            out.append("Score %d" % s.get("score", 0))
            out.append("B: %s leg next" % side_word(s.get("next_side")))
        else:
            out.append("Score %d %s" % (s.get("score", 0), star_text(s.get("stars", 0))))
            if s.get("new_best"):
                out.append("NEW BEST!")
        out.append("Combo %d  Pts %d" % (s.get("best_combo", 0), s.get("points", 0)))
        lsi = s.get("lsi")
        if lsi is not None:
            out.append("L/R %d%%%s" % (lsi, " CHECK" if rules.lsi_flagged(lsi) else " ok"))
        if s.get("unlocks"):
            out.append("Unlocked %d level%s" % (s["unlocks"], "s" if s["unlocks"] > 1 else ""))
        if s.get("save_msg"):
            out.extend(wrap(s["save_msg"]))
        if not s.get("next_side"):
            out.append("B:again C:levels")
        return out

    def _records_lines(self):
        total = self.total_stars()
        cleared = 0
        combo = 0
        rows = []
        for level in self.levels:
            best = self.best_of(level)
            st = int(best.get("stars", 0)) if best else 0
            if st > 0:
                cleared += 1
            if best:
                c = int(best.get("best_combo", 0) or 0)
                combo = c if c > combo else combo
            sc = str(best.get("score", "-")) if best else "-"
            rows.append("%s %s %s" % (star_text(st), sc, lv.level_name(level))[:WIDTH_CHARS])
        c = self.store.best_combo()
        combo = c if c > combo else combo
        out = ["Records  %d stars" % total, "Cleared %d/%d" % (cleared, len(self.levels)), "Best combo %d" % combo]
        if not self.store.can_save:
            out.extend(wrap(self.store.message or "No save: drive read-only"))
        return out + rows

    def verdict_lines(self):
        if not self.verdict_on:
            return []
        head = "Rep %d/%d %d %s" % (self.v_index, self.total, self.v_score, star_text(self.v_stars))
        tail = ""
        if self.combo >= 2:
            tail = "Combo x%d " % self.combo
        if self.v_soft and self.v_steady:
            tail += "Soft+Steady"
        elif self.v_soft:
            tail += "Soft landing"
        elif self.v_steady:
            tail += "Steady pause"
        return [head, self.v_cue, tail or ("+%d pts" % self.v_points), "+%d pts" % self.v_points]

    def error_lines(self):
        out = wrap(self.error)
        out.append("Check the wiring")
        return out
