"""The game logic driven like a player would: reps, faults, fatigue and buttons in any order."""

import pytest
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
from bandlift.game import rules
from bandlift.game.events import EV_CALIBRATED, EV_FATIGUE, EV_REP_START, EV_SLIPPED
from bandlift.game.state import BTN_A, BTN_B, BTN_C, S_CALIB, S_PLAY, S_SELECT, S_SUMMARY, GameState
from test_game_fakes import FakeCore, FakeLevel, FakeStore

rep_scores = st.integers(min_value=0, max_value=100)
fault_masks = st.sampled_from([0, faults.DROP, faults.WOBBLE, faults.NO_PAUSE, faults.KICK | faults.DROP])
buttons = st.sampled_from([BTN_A, BTN_B, BTN_C])


def make(levels=None, store=None, calibrated=True):
    core = FakeCore(calibrated=calibrated)
    levels = levels if levels is not None else [FakeLevel("01"), FakeLevel("02", unlock=3, side="both")]
    return core, GameState(core, levels, store if store is not None else FakeStore(), broken=[("x.json", "bad")])


class GameMachine(RuleBasedStateMachine):
    """Real GameState beside a model of the combo, the set's reps and the stars earned."""

    @initialize()
    def setup(self):
        self.store = FakeStore()
        self.core, self.g = make(store=self.store)
        self.now = 0
        self.combo = 0
        self.reps = 0

    def _sync_new_set(self):
        self.combo = 0
        self.reps = 0

    @rule(b=buttons, long=st.booleans())
    def press(self, b, long):
        before_sets = self.g.set_count
        self.g.on_button(b, long, self.now)
        if self.g.set_count != before_sets:
            self._sync_new_set()
        if self.g.screen == S_CALIB:
            self.g.on_events(self.core.calibrate_now(), self.now)

    @precondition(lambda self: self.g.screen == S_PLAY and not self.g.ending)
    @rule(score=rep_scores, mask=fault_masks, lower=st.integers(min_value=0, max_value=6000))
    def rep(self, score, mask, lower):
        self.g.on_events(EV_REP_START, self.now)
        self.now += 4000
        self.g.on_events(self.core.rep(score, mask, lower_ms=lower), self.now)
        stars = self.core.last_rep.stars
        self.combo = rules.combo_after(self.combo, stars)
        self.reps += 1
        assert self.g.combo == self.combo
        if stars < rules.COMBO_STARS:
            assert self.g.combo == 0

    # fatigue while the set is still going (once its last rep is in, the set ends on its own)
    @precondition(lambda self: self.g.screen == S_PLAY and not self.g.ending)
    @rule()
    def fatigue(self):
        self.core.stats.fatigued = True
        self.g.on_events(EV_FATIGUE, self.now)
        assert self.g.ending or self.g.screen == S_SUMMARY
        self.now += 3000
        self.g.tick(self.now)
        assert self.g.screen == S_SUMMARY
        assert self.g.summary["fatigued"]

    @rule()
    def slip(self):
        self.g.on_events(EV_SLIPPED, self.now)
        assert self.g.alert
        self.g.on_events(EV_CALIBRATED, self.now)
        assert not self.g.alert_sticky

    @rule(dt=st.integers(min_value=0, max_value=6000))
    def wait(self, dt):
        self.now = (self.now + dt) % (1 << 29)  # ticks wrap at 2**29
        self.g.tick(self.now)

    @invariant()
    def reps_within_the_set(self):
        if self.g.screen == S_PLAY:
            assert 0 <= self.g.reps_done <= self.g.total
            assert self.g.reps_done == self.reps

    @invariant()
    def stored_stars_follow_the_rules(self):
        th = (60, 75, 90)
        for lid, rec in self.store.records:  # what the real Store was given
            assert 0 <= rec["stars"] <= 3
            assert rec["stars"] <= rules.stars_for(rec["score"], th)
        result = self.g.last_result  # the game's full result of the last recorded level
        if result is not None:
            assert self.store.records and self.store.records[-1][1]["stars"] == result["stars"]
            if result["reps"] < result["total_reps"]:
                assert result["stars"] <= rules.FATIGUE_MAX_STARS
                if not result["fatigued"]:
                    assert result["stars"] == 0

    @invariant()
    def locked_levels_never_start(self):
        if self.g.screen == S_PLAY and self.g.leg_index == 0:
            assert self.g.total_stars() >= self.g.level.unlock_stars or self.g.reps_done > 0

    @invariant()
    def text_fits_the_oled(self):
        for line in self.g.lines():
            assert len(line) <= 21


def test_game_survives_any_order_of_reps_buttons_and_alerts():
    """Any sequence of reps, fatigue, strap slips, waits and button presses: no crash, the combo is the
    model's (reset by every bad rep), stored stars never beat the rules, text always fits 21 characters."""
    run_state_machine_as_test(GameMachine)


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
    assert "NEW BEST!" in g._summary_lines()


def test_level_unlocks_with_stars_and_not_before():
    core, g = make()
    g.on_button(BTN_A, False, 0)  # to level 02 (needs 3 stars)
    assert not g.start_set(0)
    assert g.alert.startswith("Locked")
    g.on_button(BTN_A, False, 0)
    g.on_button(BTN_A, False, 0)  # wrap past the broken file back to 01
    assert g.sel == 0
    g.on_button(BTN_B, False, 0)
    play_set(core, g, [95] * 4)
    g.on_button(BTN_C, False, 0)
    g.on_button(BTN_A, False, 0)
    assert g.start_set(0)


def test_both_legs_level_plays_left_then_right_and_compares():
    core, g = make(levels=[FakeLevel("b", side="both", reps=3)])
    g.on_button(BTN_B, False, 0)
    assert core.calls[-1] == ("new_set", "L")
    t = play_set(core, g, [90, 90, 90])
    assert g.summary["next_side"] == "R"
    g.on_button(BTN_B, False, t)
    assert core.calls[-1] == ("new_set", "R")
    play_set(core, g, [70, 70, 70], t)
    s = g.summary
    assert s["lsi"] == rules.lsi(90, 70) and rules.lsi_flagged(s["lsi"])
    assert any("CHECK" in line for line in g._summary_lines())


def test_pyramid_stages_change_targets_as_each_stage_starts():
    core, g = make(levels=[FakeLevel("p", stages=[{"reps": 2}, {"reps": 2}, {"reps": 1}])])
    g.on_button(BTN_B, False, 0)
    lowers = [c[1].lower_ms for c in core.calls if c[0] == "set_targets"]
    assert lowers == [3000]
    play_set(core, g, [90, 90, 90])
    lowers = [c[1].lower_ms for c in core.calls if c[0] == "set_targets"]
    assert lowers == [3000, 4000]


def test_fatigue_ends_the_set_with_the_cue():
    core, g = make()
    g.on_button(BTN_B, False, 0)
    play_set(core, g, [95, 95], 0)
    core.stats.fatigued = True
    g.on_events(EV_FATIGUE, 9000)
    assert g.alert == faults.FATIGUE_CUE
    g.tick(20000)
    assert g.screen == S_SUMMARY and g.lines()[0] == faults.FATIGUE_CUE
    assert g.summary["stars"] <= rules.FATIGUE_MAX_STARS


def test_read_only_store_says_so():
    core, g = make(store=FakeStore(can_save=False))
    g.on_button(BTN_B, False, 0)
    play_set(core, g, [80] * 4)
    assert any("read-only" in line for line in g._summary_lines())


def test_calibration_screen_until_calibrated_and_long_c_recalibrates():
    core, g = make(calibrated=False)
    assert g.screen == S_CALIB and "Stand tall," in g.lines()
    g.on_events(core.calibrate_now(), 0)
    assert g.screen == S_SELECT
    g.on_button(BTN_C, True, 0)
    assert g.screen == S_CALIB and core.calls[-1] == ("recalibrate",)


def test_long_a_switches_leg_for_any_side_levels():
    core, g = make()
    g.on_button(BTN_A, True, 0)
    g.on_button(BTN_B, False, 0)
    assert core.calls[-1] == ("new_set", "R")


def test_real_progress_store_records_the_level(tmp_path):
    """The game writes through bandlift.progress.Store when it exists."""
    import pytest

    progress = pytest.importorskip("bandlift.progress")
    store = progress.Store(str(tmp_path / "p.json"))
    core, g = make(store=store)
    g.on_button(BTN_B, False, 0)
    play_set(core, g, [95] * 4)
    assert store.stars("01") == 3 and store.best_combo == 4
    assert progress.Store(str(tmp_path / "p.json")).best("01") == 95
