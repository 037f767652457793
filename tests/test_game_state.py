import pytest
"""The game logic driven like a player would, over many sessions: levels of several sets with rests, both and
alternating legs, strap moves, faults, fatigue, quits, power cycles, and the streak and the garden."""

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from bandlift import faults
from bandlift.compat import ticks_diff
from bandlift.game import growth as gr
from bandlift.game import rules
from bandlift.game.menu import summary
from bandlift.motion.events import EV_CALIBRATED, EV_FATIGUE, EV_REP_DONE, EV_REP_START, EV_SLIPPED
from bandlift.game.state import (
    BTN_A,
    BTN_B,
    BTN_C,
    S_CALIB,
    S_PLAY,
    S_REST,
    S_SELECT,
    S_SUMMARY,
    GameState,
)
from test_game_fakes import FakeCore, FakeLevel, FakeStore, level_json, parse_level

rep_scores = st.one_of(st.integers(min_value=85, max_value=100), st.integers(min_value=0, max_value=100))
fault_masks = st.sampled_from([0, 0, faults.DROP, faults.WOBBLE, faults.NO_PAUSE, faults.KICK, faults.SHORT,
                               faults.DRIFT | faults.NO_RESET])
buttons = st.sampled_from([BTN_A, BTN_B, BTN_C])
REST_MS = 5000


def level(lid, sets=1, side="any", reps=2, rest_ms=REST_MS, unlock=0, stages=None):
    """A real Level parsed from level JSON with sets, rest and a side."""
    obj = level_json(lid, unlock=unlock, reps=reps, side=side, stages=stages)
    obj["sets"] = sets
    obj["rest_ms"] = rest_ms
    return parse_level(obj, lid + ".json")


def three_levels():
    return [level("01", reps=3), level("02", sets=3, side="alternate"), level("03", sets=2, side="both"),
            level("04", unlock=50)]


def make(levels=None, store=None, calibrated=True):
    core = FakeCore(calibrated=calibrated)
    levels = levels if levels is not None else [FakeLevel("01"), FakeLevel("02", unlock=3, side="both")]
    return core, GameState(core, levels, store if store is not None else FakeStore(), broken=[("x.json", "bad")])


class GameMachine(RuleBasedStateMachine):
    """The real GameState beside a model of: the combo (broken by a weak rep or a DROP/WOBBLE/NO_PAUSE/KICK),
    the reps of the set, the leg plan of the level, the rest and the strap between sets, what the store
    records (never a quit), and the streak and garden over sessions (power cycles on the same drive)."""

    @initialize()
    def setup(self):
        self.fs = FakeStore().fs
        self.levels = three_levels()
        self.boot()
        self.now = 0
        self.records = 0
        # the model of growth.py's rules
        self.m_streak = 0
        self.m_good = 0
        self.m_counted = False
        self.m_open = False

    def boot(self):
        self.store = FakeStore(fs=self.fs)
        self.core = FakeCore(calibrated=True)
        self.g = GameState(self.core, self.levels, self.store)
        self.combo = 0
        self.reps = 0
        self.paid = 0  # reps of good form in the set (they grow the garden when most are)
        self.fatigued = False
        self.set_i = -1
        self.plan = None
        self.seen_sets = self.g.set_count
        self.seen_sets_done = 0

    # ----- the player
    def _after(self, quit_now=False):
        """Follow what the game did: a set that ended goes into the growth model, a new set resets."""
        g = self.g
        run = g.run
        if run is not None and run.sets_done != self.seen_sets_done and run is self.run:
            finished = (self.reps >= self.total or (self.fatigued and self.reps * 2 >= self.total)) and not quit_now
            self._grow(finished)
            self.seen_sets_done = run.sets_done
        if g.set_count != self.seen_sets:
            self.seen_sets = g.set_count
            if g.run is not getattr(self, "run", None):
                self.run = g.run
                self.seen_sets_done = 0
                self.plan = list(g.run.plan)
                self.set_i = 0
            else:
                self.set_i += 1
            self.combo = 0
            self.reps = 0
            self.paid = 0
            self.fatigued = False
            self.total = g.set_tally.total

    def _grow(self, finished):
        stars = None
        if finished:
            if not self.m_counted:
                self.m_counted = True
                self.m_streak += 1
                self.m_open = False
            b = self.g.last_set if self.g.screen == S_REST else None
            mean = (b or self.g.set_tally).mean
            stars = rules.stars_for(mean, (60, 75, 90))
            if stars >= gr._GOOD_STARS and self.paid * 2 > (b or self.g.set_tally).reps_done:
                self.m_good += 1
        elif not self.m_counted:
            self.m_open = True

    @rule(b=buttons, long=st.booleans())
    def press(self, b, long):
        g = self.g
        quitting = b == BTN_C and not long and g.screen in (S_PLAY, S_REST) and not g.ending
        before = len(self.store.records)
        g.on_button(b, long, self.now)
        self._after(quit_now=quitting)
        if quitting:
            assert g.screen == S_SUMMARY and g.summary["quit"]
            assert len(self.store.records) == before, "a quit recorded a best"
        if g.screen == S_CALIB:
            g.on_events(self.core.calibrate_now(), self.now)

    @precondition(lambda self: self.g.screen == S_PLAY and not self.g.ending)
    @rule(score=rep_scores, mask=fault_masks, lower=st.integers(min_value=0, max_value=6000))
    def rep(self, score, mask, lower):
        self.g.on_events(EV_REP_START, self.now)
        self.now += 4000
        target_lower = self.g.targets.lower_ms
        self.g.on_events(self.core.rep(score, mask, lower_ms=lower), self.now)
        stars = self.core.last_rep.stars
        if rules.too_fast(lower, target_lower):
            mask |= faults.DROP  # a lowering too fast for the tempo (counted time) is graded as a DROP
        self.combo = rules.combo_after(self.combo, stars, mask)
        self.reps += 1
        if not rules.breaks_combo(stars, mask):
            self.paid += 1
        assert self.g.set_tally.combo == self.combo
        if mask & (faults.DROP | faults.WOBBLE | faults.NO_PAUSE | faults.KICK | faults.SHORT | faults.DRIFT) \
                or stars < rules._COMBO_STARS:
            assert self.g.set_tally.combo == 0

    @precondition(lambda self: self.g.screen == S_SELECT and self.g.ask_leg)
    @rule(b=st.sampled_from([BTN_A, BTN_B, BTN_C]))
    def answer_the_leg_question(self, b):
        """"Which leg?" is still asked (a random B left it): any of A, B, C answers it and the set starts on
        that leg, even after a long C re-learned the strap in between."""
        g = self.g
        before = g.side
        g.on_button(b, False, self.now)
        assert g.screen == S_PLAY and g.set_tally.side == {BTN_A: "L", BTN_C: "R", BTN_B: before}[b]
        self._after()

    @precondition(lambda self: self.g.screen in (S_SELECT, S_SUMMARY) and not self.g.ask_leg)
    @rule(i=st.sampled_from([0, 1, 1, 2, 2, 3]))
    def pick_level_and_start(self, i):
        """A to the level (from the menu: C first on the summary), then B."""
        g = self.g
        if g.screen == S_SUMMARY:
            g.on_button(BTN_C, False, self.now)
        for _ in range(20):
            if g.sel == i:
                break
            g.on_button(BTN_A, False, self.now)
        assert g.sel == i, "A never reached level %d: screen %r, sel %r, levels %r" % (
            i, g.screen, g.sel, [lv.name for lv in g.levels])
        g.on_button(BTN_B, False, self.now)
        if g.ask_leg:  # a level either leg may play: which leg? (A left, C right, B the one shown)
            g.on_button((BTN_A, BTN_C, BTN_B)[i % 3], False, self.now)
            assert g.screen == S_PLAY and g.set_tally.side == ("L", "R", g.side)[i % 3]
        self._after()
        if i == 3:
            assert g.screen == S_SELECT and g.alert.startswith("Locked")

    @precondition(lambda self: self.g.screen == S_PLAY and not self.g.ending)
    @rule(score=rep_scores)
    def finish_the_set(self, score):
        """The rest of the set's reps, all clean at one score."""
        while self.g.screen == S_PLAY and not self.g.ending:
            self.rep(score, 0, 3000)

    @precondition(lambda self: self.g.screen == S_PLAY and not self.g.ending)
    @rule()
    def fatigue(self):
        self.core.stats.fatigued = True
        self.g.on_events(EV_FATIGUE, self.now)
        self.core.stats.fatigued = False
        self.fatigued = True
        assert self.g.ending

    @rule(strap_turn=st.booleans())
    def slip_then_still(self, strap_turn):
        """The strap moves (or turns) and the core re-learns the rest pose by itself."""
        self.core.slip_kind = 2 if strap_turn else 4
        self.g.on_events(EV_SLIPPED, self.now)
        if self.g.screen not in (S_REST,):
            assert self.g.alert
        self.g.on_events(EV_CALIBRATED, self.now)
        assert not self.g.alert_sticky
        if self.g.screen == S_REST and self.g.strap:
            assert self.g.strap_ready

    @precondition(lambda self: self.g.screen != S_PLAY)
    @rule()
    def rep_outside_a_set(self):
        """A rep on the summary, the menu or the rest screen is not counted, and the game says so; not while the
        strap is being moved to the other leg (the hand's turns, read as a "rep", are no news to the player).
        Once the rest is over and the strap was seen moved (or B said so), a rep is a lift on the new leg: it
        opens the next set and is its first rep."""
        g = self.g
        if g.screen == S_REST and g.strap and g.strap_moved and ticks_diff(self.now, g.rest_until) >= 0:
            target_lower = g.level.targets_for(0).lower_ms
            g.on_events(self.core.rep(95), self.now)
            self._after()
            assert g.screen == S_PLAY and g.set_tally.reps_done == 1 and g.strap_ready
            mask = faults.DROP if rules.too_fast(3000, target_lower) else 0
            self.combo = rules.combo_after(0, self.core.last_rep.stars, mask)
            self.reps = 1
            self.paid = 0 if rules.breaks_combo(self.core.last_rep.stars, mask) else 1
            assert g.set_tally.combo == self.combo
            return
        done = self.g.run.reps if self.g.run else 0
        moving = self.g.screen == S_REST and self.g.strap and not self.g.strap_ready
        self.g.on_events(EV_REP_DONE, self.now)
        assert (self.g.run.reps if self.g.run else 0) == done
        assert self.g.alert or self.g.pending or self.g.screen == S_CALIB or moving

    @rule(dt=st.integers(min_value=0, max_value=7000))
    def wait(self, dt):
        g = self.g
        was_rest = g.screen == S_REST
        strap_blocked = was_rest and not g.strap_ready
        left = g.rest_left_s(self.now)
        self.now = (self.now + dt) % (1 << 29)  # ticks wrap at 2**29
        g.tick(self.now)
        self._after()
        if was_rest and g.screen == S_PLAY:
            assert dt >= (left - 1) * 1000, "the next set started before its rest was over"
            assert not strap_blocked, "the next set started on the other leg before the strap moved"

    @rule()
    def power_cycle(self):
        """Off and on again: the streak and the garden come back from the drive; a session that started a
        set and finished none broke the streak."""
        if self.g.screen in (S_PLAY, S_REST):
            return  # covered by quit; a power cut mid-set leaves no trace (nothing is saved mid-set)
        self.boot()
        self.run = None
        self.m_counted = False
        if self.m_open:
            self.m_streak = 0
            self.m_open = False
        assert self.g.growth.streak == self.m_streak

    # ----- what must always hold
    @invariant()
    def reps_within_the_set(self):
        if self.g.screen == S_PLAY:
            assert 0 <= self.g.set_tally.reps_done <= self.g.set_tally.total
            assert self.g.set_tally.reps_done == self.reps

    @invariant()
    def legs_follow_the_level_plan(self):
        """The leg of every set follows the level's side, worked out here from the level file, not from the
        game's own plan: "alternate" turns about set by set (one leg per set: `sets` entries), "both" plays
        every set on the left then the right leg (2 x `sets` entries, set k's legs at 2k and 2k + 1).
        Not vacuous: three_levels() has a 3-set alternating and a 2-set both-legs level, and the CI run plays
        second and third sets of each (counted once by hand: 76 and 12 checks of a second set)."""
        g = self.g
        if g.screen == S_PLAY and self.plan:
            assert g.set_tally.side == self.plan[self.set_i]
            side = g.level.side
            if side == "alternate":
                assert len(self.plan) == g.level.sets
                assert g.set_tally.side == ("L", "R")[self.set_i % 2]
            elif side == "both":
                assert len(self.plan) == 2 * g.level.sets
                assert self.plan[2 * (self.set_i // 2):2 * (self.set_i // 2) + 2] == ["L", "R"]
            assert self.core.side == g.set_tally.side

    @invariant()
    def stored_stars_follow_the_rules(self):
        r = self.g.last_result
        if r is not None:
            assert 0 <= r["stars"] <= 3
            assert r["stars"] <= rules.stars_for(r["score"], (60, 75, 90))
            if r["reps"] < r["total_reps"]:
                assert r["stars"] <= summary._CAPPED_STARS

    @invariant()
    def streak_and_garden_follow_the_model(self):
        assert self.g.growth.streak == self.m_streak
        assert self.g.growth.good_sets == self.m_good

    @invariant()
    def locked_levels_never_start(self):
        if self.g.screen == S_PLAY:
            assert self.g.total_stars() >= self.g.level.unlock_stars or self.g.run.reps > 0

    @invariant()
    def text_fits_the_oled(self):
        for line in self.g.lines():
            assert len(line) <= 21


def test_game_survives_any_order_of_reps_buttons_and_alerts():
    """Any sequence of reps, fatigue, strap slips, waits, button presses and power cycles: no crash, the combo
    is the model's (reset by weak and combo-breaking reps), the legs follow the level's plan, no set starts
    before its rest is over or on the other leg before the strap moved, a quit never records, stored stars
    never beat the rules, the streak and the garden are the model's across sessions, and text fits 21 chars."""
    run_state_machine_as_test(GameMachine, settings=settings(stateful_step_count=80))
