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
from bandlift.game import growth as gr
from bandlift.game import rules
from bandlift.game.events import EV_CALIBRATED, EV_FATIGUE, EV_REP_DONE, EV_REP_START, EV_SLIPPED
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
        self.fatigued = False
        self.bout_i = -1
        self.plan = None
        self.seen_sets = self.g.set_count
        self.seen_bouts = 0

    # ----- the player
    def _after(self, quit_now=False):
        """Follow what the game did: a bout that ended goes into the growth model, a new bout resets."""
        g = self.g
        run = g.run
        if run is not None and run.bouts_done != self.seen_bouts and run is self.run:
            finished = (self.reps >= self.total or (self.fatigued and self.reps * 2 >= self.total)) and not quit_now
            self._grow(finished)
            self.seen_bouts = run.bouts_done
        if g.set_count != self.seen_sets:
            self.seen_sets = g.set_count
            if g.run is not getattr(self, "run", None):
                self.run = g.run
                self.seen_bouts = 0
                self.plan = list(g.run.plan)
                self.bout_i = 0
            else:
                self.bout_i += 1
            self.combo = 0
            self.reps = 0
            self.fatigued = False
            self.total = g.total

    def _grow(self, finished):
        stars = None
        if finished:
            if not self.m_counted:
                self.m_counted = True
                self.m_streak += 1
                self.m_open = False
            b = self.g.last_bout if self.g.screen == S_REST else None
            mean = (b or self.g.bout).mean
            stars = rules.stars_for(mean, (60, 75, 90))
            if stars >= gr.GOOD_STARS:
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
        self.g.on_events(self.core.rep(score, mask, lower_ms=lower), self.now)
        stars = self.core.last_rep.stars
        self.combo = rules.combo_after(self.combo, stars, mask)
        self.reps += 1
        assert self.g.combo == self.combo
        if mask & (faults.DROP | faults.WOBBLE | faults.NO_PAUSE | faults.KICK) or stars < rules.COMBO_STARS:
            assert self.g.combo == 0

    @precondition(lambda self: self.g.screen in (S_SELECT, S_SUMMARY))
    @rule(i=st.sampled_from([0, 1, 1, 2, 2, 3]))
    def pick_level_and_start(self, i):
        """A to the level (from the menu: C first on the summary), then B."""
        g = self.g
        if g.screen == S_SUMMARY:
            g.on_button(BTN_C, False, self.now)
        while g.sel != i:
            g.on_button(BTN_A, False, self.now)
        g.on_button(BTN_B, False, self.now)
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
        """A rep on the summary, the menu or the rest screen is not counted, and the game says so."""
        done = self.g.run.reps if self.g.run else 0
        self.g.on_events(EV_REP_DONE, self.now)
        assert (self.g.run.reps if self.g.run else 0) == done
        assert self.g.alert or self.g.pending or self.g.screen == S_CALIB

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
            assert 0 <= self.g.reps_done <= self.g.total
            assert self.g.reps_done == self.reps

    @invariant()
    def legs_follow_the_level_plan(self):
        g = self.g
        if g.screen == S_PLAY and self.plan:
            assert g.set_side == self.plan[self.bout_i]
            side = g.level.side
            if side == "alternate":
                assert g.set_side == ("L", "R")[self.bout_i % 2]
            elif side == "both":
                assert g.set_side == ("L", "R")[self.bout_i % 2]
            assert self.core.side == g.set_side

    @invariant()
    def stored_stars_follow_the_rules(self):
        r = self.g.last_result
        if r is not None:
            assert 0 <= r["stars"] <= 3
            assert r["stars"] <= rules.stars_for(r["score"], (60, 75, 90))
            if r["reps"] < r["total_reps"]:
                assert r["stars"] <= rules.FATIGUE_MAX_STARS

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


# ---------------------------------------------------------------- scenarios a player lives through


def play_set(core, g, scores, t=0, mask=0):
    for s in scores:
        g.on_events(EV_REP_START, t)
        t += 4000
        g.on_events(core.rep(s, mask), t)
    g.tick(t + 5000)
    return t + 5000


def test_a_clean_full_set_earns_three_stars_and_a_new_best():
    core, g = make()
    g.on_button(BTN_B, False, 0)
    assert g.screen == S_PLAY
    play_set(core, g, [95, 94, 93, 96])
    assert g.screen == S_SUMMARY
    assert g.summary["stars"] == 3 and g.summary["new_best"]
    assert g.combo == 4 and g.summary["best_combo"] == 4
    assert any("NEW BEST" in line for line in g.lines_all())


def test_faulty_reps_break_the_combo_and_never_give_three_stars_with_a_best_combo():
    """The player's report: a DROP, a KICK, a NO_PAUSE and a WOBBLE still gave combo x6 and 3 stars."""
    core, g = make(levels=[FakeLevel("01", reps=6)])
    g.on_button(BTN_B, False, 0)
    t = 0
    for mask in (0, faults.DROP, faults.KICK, faults.NO_PAUSE, faults.WOBBLE, 0):
        g.on_events(EV_REP_START, t)
        t += 4000
        g.on_events(core.rep(92, mask), t)
        if mask:
            assert g.combo == 0
    g.tick(t + 5000)
    assert g.summary["best_combo"] == 1


def test_quitting_never_records_a_best():
    core, store = FakeCore(calibrated=True), FakeStore()
    g = GameState(core, [FakeLevel("01", reps=6)], store)
    g.on_button(BTN_B, False, 0)
    t = play_set(core, g, [95, 95, 95])
    g.on_button(BTN_C, False, t)
    assert g.screen == S_SUMMARY and g.summary["quit"] and not g.summary["new_best"]
    assert store.records == [] and store.best("01") == 0
    assert "Stopped: no record" in g.lines_all()


def test_alternating_level_rests_moves_the_strap_and_plays_every_set():
    core, store = FakeCore(calibrated=True), FakeStore()
    g = GameState(core, [level("alt", sets=3, side="alternate", reps=2, rest_ms=30000)], store)
    g.on_button(BTN_B, False, 0)
    assert g.set_side == "L" and core.side == "L"
    t = play_set(core, g, [90, 90])
    assert g.screen == S_REST and g.strap and not g.strap_ready
    assert core.side == "R"  # the core knows the next leg at once, to re-learn it when the strap moves
    assert any("RIGHT" in line for line in g.lines_all()), "the rest screen says where the strap goes"
    assert g.rest_left_s(t) == 30 and g.rest_left_s(t + 4500) == 26  # counting down from the set's end
    g.tick(t + 30000)
    assert g.screen == S_REST, "the strap has not moved: the set waits"
    core.slip_kind = 4
    g.on_events(EV_SLIPPED, t + 31000)
    g.on_events(core.calibrate_now(), t + 33000)
    assert g.strap_ready
    g.tick(t + 33100)
    assert g.screen == S_PLAY and g.set_side == "R"
    t = play_set(core, g, [70, 70], t + 34000)
    assert g.screen == S_REST
    g.on_button(BTN_B, False, t)  # the core cannot tell: B says the strap is on
    assert g.strap_moved and core.calls[-1] == ("recalibrate",)
    g.on_events(core.calibrate_now(), t + 2000)
    g.on_button(BTN_B, False, t + 2100)  # and B skips the rest of the rest
    g.tick(t + 2200)
    assert g.screen == S_PLAY and g.set_side == "L"
    play_set(core, g, [85, 85], t + 3000)
    s = g.summary
    assert g.screen == S_SUMMARY and s["sets_done"] == 3 and s["reps"] == 6 and s["total"] == 6
    assert s["left"] == 88 and s["right"] == 70 and rules.lsi_flagged(s["lsi"])
    assert store.records and store.records[-1][1]["side"] is None  # the real Store keeps one leg per record


def test_same_leg_sets_rest_then_start_by_themselves():
    core, g = make(levels=[level("s", sets=2, side="left", reps=1, rest_ms=10000)])
    g.on_button(BTN_B, False, 0)
    t = play_set(core, g, [90])
    assert g.screen == S_REST and not g.strap
    g.tick(t + 9000)
    assert g.screen == S_REST and g.rest_left_s(t + 9000) == 1
    g.tick(t + 10000)
    assert g.screen == S_PLAY and g.set_side == "L"


def test_both_legs_level_moves_the_strap_without_a_rest_inside_a_set():
    core, g = make(levels=[level("b", sets=2, side="both", reps=1, rest_ms=20000)])
    g.on_button(BTN_B, False, 0)
    t = play_set(core, g, [90])
    assert g.screen == S_REST and g.strap and g.rest_ms == 0  # L then R of the same set: no rest
    g.on_events(EV_SLIPPED, t)
    g.on_events(core.calibrate_now(), t + 100)
    g.tick(t + 200)
    assert g.set_side == "R"
    t = play_set(core, g, [90], t + 300)
    assert g.rest_ms == 20000  # a new set: the rest


def test_pyramid_stages_change_targets_and_say_the_stage_after_the_grade():
    core, g = make(levels=[FakeLevel("p", stages=[{"reps": 2}, {"reps": 2}, {"reps": 1}])])
    g.on_button(BTN_B, False, 0)
    lowers = [c[1].lower_ms for c in core.calls if c[0] == "set_targets"]
    assert lowers == [3000]
    t = 0
    for _ in range(2):
        g.on_events(EV_REP_START, t)
        t += 4000
        g.on_events(core.rep(90), t)
    assert g.verdict_on and not g.alert, "nothing is drawn over the rep's grade"
    g.tick(t + 1500)
    assert not g.verdict_on and g.alert.startswith("Stage 2") and "4" in g.alert
    lowers = [c[1].lower_ms for c in core.calls if c[0] == "set_targets"]
    assert lowers == [3000, 4000]


def test_fatigue_ends_the_set_with_the_cue():
    core, g = make()
    g.on_button(BTN_B, False, 0)
    play_set(core, g, [95, 95], 0)
    core.stats.fatigued = True
    g.on_events(EV_FATIGUE, 9000)
    g.tick(10300)
    assert g.alert == faults.FATIGUE_CUE
    g.tick(20000)
    assert g.screen == S_SUMMARY and faults.FATIGUE_CUE in g.lines_all()
    assert g.summary["stars"] <= rules.FATIGUE_MAX_STARS


def test_read_only_store_says_so():
    core, g = make(store=FakeStore(can_save=False))
    g.on_button(BTN_B, False, 0)
    play_set(core, g, [80] * 4)
    assert any("read-only" in line for line in g.lines_all())


def test_calibration_screen_until_calibrated_and_long_c_recalibrates():
    core, g = make(calibrated=False)
    assert g.screen == S_CALIB and len(g.lines_all()) <= 3  # the 128x32 panel shows every line
    g.on_events(core.calibrate_now(), 0)
    assert g.screen == S_SELECT
    g.on_button(BTN_C, True, 0)
    assert g.screen == S_CALIB and core.calls[-1] == ("recalibrate",)


def test_long_a_switches_leg_for_any_side_levels_and_fixed_levels_name_their_legs():
    core, g = make()
    assert "Left leg" in g.lines()[0]
    g.on_button(BTN_A, True, 0)
    assert "Right leg" in g.lines()[0]
    g.on_button(BTN_B, False, 0)
    assert core.calls[-1][0] == "set_targets" and core.side == "R"
    core, g = make(levels=[FakeLevel("b", side="both")])
    head = g.lines()[0]
    assert "Both legs" in head and "L+R" not in head and "Left" not in head


def test_locked_level_says_how_many_stars_in_words_that_read():
    core, g = make()
    g.on_button(BTN_A, False, 0)
    assert any("3 more stars" in line for line in g.lines_all())
    g.on_button(BTN_B, False, 0)
    assert g.alert == "Locked: 3 more stars"


def test_menu_opens_at_the_last_level_played_and_records_show_full_names():
    store = FakeStore()
    obj = level_json("02-long", reps=1)
    obj["name"] = "Twenty Chars Exactly"  # the longest name a level may have
    levels = [FakeLevel("01"), parse_level(obj, "02-long.json")]
    core, g = make(levels=levels, store=store)
    g.on_button(BTN_A, False, 0)
    g.on_button(BTN_B, False, 0)
    play_set(core, g, [90])
    core2, g2 = make(levels=levels, store=FakeStore(fs=store.fs))
    assert g2.sel == 1
    g2.on_button(BTN_C, False, 0)
    assert "Twenty Chars Exactly" in g2.lines_all()


def test_streak_counts_sessions_with_a_finished_set_and_a_quit_session_breaks_it():
    store = FakeStore()
    for day in range(3):
        core, g = make(levels=[FakeLevel("01", reps=1)], store=FakeStore(fs=store.fs))
        g.on_button(BTN_B, False, 0)
        play_set(core, g, [95])
        assert g.growth.streak == day + 1
    core, g = make(levels=[FakeLevel("01", reps=2)], store=FakeStore(fs=store.fs))
    g.on_button(BTN_B, False, 0)
    g.on_button(BTN_C, False, 10)  # started, finished nothing
    core, g = make(levels=[FakeLevel("01", reps=1)], store=FakeStore(fs=store.fs))
    assert g.growth.streak == 0 and g.growth.d["best_streak"] == 3
    assert g.growth.good_sets == 3  # the garden keeps what grew


def test_a_long_idle_gap_with_the_board_on_starts_a_new_session():
    core, g = make(levels=[FakeLevel("01", reps=1)])
    g.on_button(BTN_B, False, 0)
    t = play_set(core, g, [95])
    g.on_button(BTN_C, False, t)
    for k in range(1, 5 * 36 + 2):  # 5 hours in 100 s ticks, ticks wrapping at 2**29 on the way
        g.tick((t + k * 100000) % (1 << 29))
    g.on_button(BTN_B, False, 0)
    play_set(core, g, [95])
    assert g.growth.streak == 2


def test_rep_on_the_summary_is_not_ignored_without_a_word():
    core, g = make()
    g.on_button(BTN_B, False, 0)
    t = play_set(core, g, [90] * 4)
    assert g.screen == S_SUMMARY
    g.on_events(core.rep(90), t)
    assert g.alert == "Not counted: B starts"


def test_real_progress_store_records_the_level_and_keeps_the_garden(tmp_path):
    """The game writes through bandlift.progress.Store on a real file; the garden survives a reload."""
    from bandlift import progress

    store = progress.Store(str(tmp_path / "p.json"))
    core, g = make(store=store)
    g.on_button(BTN_B, False, 0)
    play_set(core, g, [95] * 4)
    again = progress.Store(str(tmp_path / "p.json"))
    assert again.best("01") == 95 and again.stars("01") == 3 and again.best_combo == 4
    assert again.last_level == "01"
    assert gr.clean(again.data.get("game"))["good_sets"] == 1
    assert gr.clean(again.data.get("game"))["streak"] == 1


def test_summary_pages_show_every_line_once_after_the_picture_card():
    for per in (3, 5):
        core = FakeCore(calibrated=True)
        g = GameState(core, [level("b", sets=1, side="both", reps=1)], FakeStore(), lines=per)
        g.on_button(BTN_B, False, 0)
        t = play_set(core, g, [90])
        g.on_events(EV_SLIPPED, t)
        g.on_events(core.calibrate_now(), t)
        g.tick(t + 100)
        play_set(core, g, [70], t + 200)
        assert g.screen == S_SUMMARY and g.page == 0
        seen = [x for x in g.lines() if x]  # under the card (128x64 only)
        while True:
            g.on_button(BTN_A, False, t)
            if g.page == 0:
                break
            seen += [x for x in g.lines() if x]
        assert seen == [x[:21] for x in g.lines_all() if x]


def test_pressing_b_again_while_the_strap_is_learned_does_not_start_the_learning_over():
    core, g = make(levels=[level("b", sets=1, side="both", reps=1)])
    g.on_button(BTN_B, False, 0)
    t = play_set(core, g, [90])
    g.on_button(BTN_B, False, t)
    g.on_button(BTN_B, False, t + 400)
    g.on_button(BTN_B, False, t + 800)
    assert [c for c in core.calls if c == ("recalibrate",)] == [("recalibrate",)]
    assert any("Hold still" in line for line in g.lines_all())
    g.on_events(core.calibrate_now(), t + 2000)
    g.tick(t + 2100)
    assert g.screen == S_PLAY and g.set_side == "R"


def test_a_strap_moved_while_the_core_was_learning_the_new_leg_needs_no_button():
    """new_set(other leg) makes the core learn the pose from scratch; a strap moved at once is learned without
    a slip event. The pose it learns long after the set (time to move a strap) is taken as the new leg's,
    the one it learns at once (the strap still on the old leg) is not."""
    core, g = make(levels=[level("b", sets=1, side="both", reps=1)])
    g.on_button(BTN_B, False, 0)
    t = play_set(core, g, [90])
    g.on_events(core.calibrate_now(), t + 1000)  # still standing on the old leg: learned at once
    g.tick(t + 1100)
    assert g.screen == S_REST and not g.strap_ready
    g.on_events(core.calibrate_now(), t + 12000)  # learned again after the strap moved
    g.tick(t + 12100)
    assert g.screen == S_PLAY and g.set_side == "R"
