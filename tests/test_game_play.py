"""The game logic through the scenarios a player lives: a clean set, faulty reps, a quit, sets with rests,
alternating and both legs with strap moves, stages, fatigue, a read-only drive, menus and records, and the
streak over sessions. (tests/test_game_state.py explores any order of these against a model.)"""

from bandlift import faults
from bandlift.game import growth as gr
from bandlift.game.menu import page_end, summary
from bandlift.motion.events import EV_FATIGUE, EV_REP_START, EV_SLIPPED
from bandlift.game.state import BTN_A, BTN_C, S_CALIB, S_PLAY, S_REST, S_SELECT, S_SUMMARY, GameState
from test_game_fakes import press_b, FakeCore, FakeLevel, FakeStore, level_json, parse_level
from test_progress import best, total_stars
from test_game_state import level, make


def play_set(core, g, scores, t=0, mask=0):
    for s in scores:
        g.on_events(EV_REP_START, t)
        t += 4000
        g.on_events(core.rep(s, mask), t)
    g.tick(t + 5000)
    return t + 5000


def test_a_clean_full_set_earns_three_stars_and_a_new_best_only_once_a_record_is_stored():
    core, g = make()
    press_b(g, 0)
    assert g.screen == S_PLAY
    t = play_set(core, g, [85, 84, 83, 86])
    assert g.screen == S_SUMMARY
    assert not g.summary["new_best"], "a first try beats no stored record"
    assert not any("NEW BEST" in line for line in g.lines_all())
    press_b(g, t)
    play_set(core, g, [95, 94, 93, 96], t=t)
    assert g.screen == S_SUMMARY
    assert g.summary["stars"] == 3 and g.summary["new_best"]
    assert g.set_tally.combo == 4 and g.summary["best_combo"] == 4
    assert any("NEW BEST" in line for line in g.lines_all())


def test_faulty_reps_break_the_combo_and_never_give_three_stars_with_a_best_combo():
    """The player's report: a DROP, a KICK, a NO_PAUSE and a WOBBLE still gave combo x6 and 3 stars."""
    core, g = make(levels=[FakeLevel("01", reps=6)])
    press_b(g, 0)
    t = 0
    for mask in (0, faults.DROP, faults.KICK, faults.NO_PAUSE, faults.WOBBLE, 0):
        g.on_events(EV_REP_START, t)
        t += 4000
        g.on_events(core.rep(92, mask), t)
        if mask:
            assert g.set_tally.combo == 0
    g.tick(t + 5000)
    assert g.summary["best_combo"] == 1


def test_quitting_never_records_a_best():
    core, store = FakeCore(calibrated=True), FakeStore()
    g = GameState(core, [FakeLevel("01", reps=6)], store)
    press_b(g, 0)
    t = play_set(core, g, [95, 95, 95])
    g.on_button(BTN_C, False, t)
    assert g.screen == S_SUMMARY and g.summary["quit"] and not g.summary["new_best"]
    assert store.records == [] and best(store, "01") == 0
    assert "Stopped: no record" in g.lines_all()


def test_alternating_level_rests_moves_the_strap_and_plays_every_set():
    core, store = FakeCore(calibrated=True), FakeStore()
    g = GameState(core, [level("alt", sets=3, side="alternate", reps=2, rest_ms=30000)], store)
    press_b(g, 0)
    assert g.set_tally.side == "L" and core.side == "L"
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
    assert g.screen == S_PLAY and g.set_tally.side == "R"
    t = play_set(core, g, [70, 70], t + 34000)
    assert g.screen == S_REST
    press_b(g, t)  # the core cannot tell: B says the strap is on
    assert g.strap_moved and core.calls[-1] == ("recalibrate",)
    g.on_events(core.calibrate_now(), t + 2000)
    press_b(g, t + 2100)  # and B skips the rest of the rest
    g.tick(t + 2200)
    assert g.screen == S_PLAY and g.set_tally.side == "L"
    play_set(core, g, [85, 85], t + 3000)
    s = g.summary
    assert g.screen == S_SUMMARY and s["sets_done"] == 3 and s["reps"] == 6 and s["total"] == 6
    assert s["left"] == 88 and s["right"] == 70 and page_end.lsi_flagged(s["lsi"])
    assert store.records and store.records[-1][1]["side"] is None  # the real Store keeps one leg per record


def test_same_leg_sets_rest_then_start_by_themselves():
    core, g = make(levels=[level("s", sets=2, side="left", reps=1, rest_ms=10000)])
    press_b(g, 0)
    t = play_set(core, g, [90])
    assert g.screen == S_REST and not g.strap
    g.tick(t + 9000)
    assert g.screen == S_REST and g.rest_left_s(t + 9000) == 1
    g.tick(t + 10000)
    assert g.screen == S_PLAY and g.set_tally.side == "L"


def test_both_legs_level_moves_the_strap_without_a_rest_inside_a_set():
    core, g = make(levels=[level("b", sets=2, side="both", reps=1, rest_ms=20000)])
    press_b(g, 0)
    t = play_set(core, g, [90])
    assert g.screen == S_REST and g.strap and g.rest_ms == 0  # L then R of the same set: no rest
    g.on_events(EV_SLIPPED, t)
    g.on_events(core.calibrate_now(), t + 100)
    g.tick(t + 200)
    assert g.set_tally.side == "R"
    t = play_set(core, g, [90], t + 300)
    assert g.rest_ms == 20000  # a new set: the rest


def test_pyramid_stages_change_targets_and_say_the_stage_after_the_grade():
    core, g = make(levels=[FakeLevel("p", stages=[{"reps": 2}, {"reps": 2}, {"reps": 1}])])
    press_b(g, 0)
    lowers = [c[1].lower_ms for c in core.calls if c[0] == "set_targets"]
    assert lowers == [3000]
    t = 0
    for _ in range(2):
        g.on_events(EV_REP_START, t)
        t += 4000
        g.on_events(core.rep(90), t)
    assert g.grade_on and not g.alert, "nothing is drawn over the rep's grade"
    g.tick(t + 1500)
    assert not g.grade_on and g.alert.startswith("Stage 2") and "4" in g.alert
    lowers = [c[1].lower_ms for c in core.calls if c[0] == "set_targets"]
    assert lowers == [3000, 4000]


def test_fatigue_ends_the_set_with_the_cue():
    core, g = make()
    press_b(g, 0)
    play_set(core, g, [95, 95], 0)
    core.stats.fatigued = True
    g.on_events(EV_FATIGUE, 9000)
    g.tick(10300)
    assert g.alert == faults.FATIGUE_CUE
    g.tick(20000)
    assert g.screen == S_SUMMARY and faults.FATIGUE_CUE in g.lines_all()
    assert g.summary["stars"] <= summary._CAPPED_STARS


def test_read_only_store_says_so():
    core, g = make(store=FakeStore(can_save=False))
    press_b(g, 0)
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
    press_b(g, 0)
    assert core.calls[-1][0] == "set_targets" and core.side == "R"
    core, g = make(levels=[FakeLevel("b", side="both")])
    head = g.lines()[0]
    assert "Both legs" in head and "L+R" not in head and "Left" not in head


def test_locked_level_says_how_many_stars_in_words_that_read():
    core, g = make()
    g.on_button(BTN_A, False, 0)
    assert any("3 more stars" in line for line in g.lines_all())
    press_b(g, 0)
    assert g.alert == "Locked: 3 more stars"


def test_menu_opens_at_the_last_level_played_and_records_show_full_names():
    store = FakeStore()
    obj = level_json("02-long", reps=1)
    obj["name"] = "Twenty Chars Exactly"  # the longest name a level may have
    levels = [FakeLevel("01"), parse_level(obj, "02-long.json")]
    core, g = make(levels=levels, store=store)
    g.on_button(BTN_A, False, 0)
    press_b(g, 0)
    play_set(core, g, [90])
    core2, g2 = make(levels=levels, store=FakeStore(fs=store.fs))
    assert g2.sel == 1
    g2.on_button(BTN_C, False, 0)
    assert "Twenty Chars Exactly" in g2.lines_all()


def test_streak_counts_sessions_with_a_finished_set_and_a_quit_session_breaks_it():
    store = FakeStore()
    for day in range(3):
        core, g = make(levels=[FakeLevel("01", reps=1)], store=FakeStore(fs=store.fs))
        press_b(g, 0)
        play_set(core, g, [95])
        assert g.growth.streak == day + 1
    core, g = make(levels=[FakeLevel("01", reps=2)], store=FakeStore(fs=store.fs))
    press_b(g, 0)
    g.on_button(BTN_C, False, 10)  # started, finished nothing
    core, g = make(levels=[FakeLevel("01", reps=1)], store=FakeStore(fs=store.fs))
    assert g.growth.streak == 0 and g.growth.d["best_streak"] == 3
    assert g.growth.good_sets == 3  # the garden keeps what grew


def test_a_long_idle_gap_with_the_board_on_starts_a_new_session():
    core, g = make(levels=[FakeLevel("01", reps=1)])
    press_b(g, 0)
    t = play_set(core, g, [95])
    g.on_button(BTN_C, False, t)
    for k in range(1, 5 * 36 + 2):  # 5 hours in 100 s ticks, ticks wrapping at 2**29 on the way
        g.tick((t + k * 100000) % (1 << 29))
    press_b(g, 0)
    play_set(core, g, [95])
    assert g.growth.streak == 2


def test_rep_on_the_summary_is_not_ignored_without_a_word():
    core, g = make()
    press_b(g, 0)
    t = play_set(core, g, [90] * 4)
    assert g.screen == S_SUMMARY
    g.on_events(core.rep(90), t)
    assert g.alert == "Not counted: B starts"


def test_real_progress_store_records_the_level_and_keeps_the_garden(tmp_path):
    """The game writes through bandlift.progress.Store on a real file; the garden survives a reload."""
    from bandlift import progress

    store = progress.Store(str(tmp_path / "p.json"))
    core, g = make(store=store)
    press_b(g, 0)
    play_set(core, g, [95] * 4)
    again = progress.Store(str(tmp_path / "p.json"))
    assert best(again, "01") == 95 and best(again, "01", "stars") == 3 and again.data["best_combo"] == 4
    assert again.data["last"] == "01"
    assert gr.clean(again.data.get("game"))["good_sets"] == 1
    assert gr.clean(again.data.get("game"))["streak"] == 1


def test_during_a_set_the_store_code_is_let_go_and_the_records_come_back_whole_after_it(tmp_path):
    """A set's start lets bandlift.progress go (its room is the play screen's on the board); the records, the
    session and the save path are kept, and the set's end records and saves through the store made again."""
    import sys

    from bandlift import progress

    path = str(tmp_path / "p.json")
    first = progress.Store(path)
    first.record("old", 80, 2)
    first.save()
    first.session = 7
    core, g = make(store=first)
    press_b(g, 0)
    assert g.screen == S_PLAY
    assert "bandlift.progress" not in sys.modules, "the store's code stays loaded during the set"
    play_set(core, g, [95] * 4)
    assert g.store.store.session == 7 and g.store.store.path == path
    again = progress.Store(path)
    assert best(again, "01") == 95 and best(again, "old") == 80 and total_stars(again) == 5


def test_the_menus_read_the_records_without_the_store_code_which_only_a_set_end_loads(tmp_path):
    """bandlift.progress is loaded for a write only (a set's end records and saves), and let go once saved: the
    level select, the summary and the records read the stars, bests and combo from the kept records, the same
    figures the store on the drive holds."""
    import sys

    from bandlift import progress
    from bandlift.game.state import S_RECORDS

    path = str(tmp_path / "p.json")
    first = progress.Store(path)
    first.record("old", 80, 2)
    first.note_combo(3)
    first.save()
    core, g = make(store=first)
    assert "bandlift.progress" not in sys.modules, "the store's code stays loaded in the menu"
    assert g.total_stars() == 2 and g.store.best_combo() == 3 and g.store.get("old") == {"score": 80, "stars": 2}
    assert g.store.get("01") is None and g.store.can_save and g.store.message == ""
    g.lines_all()
    assert "bandlift.progress" not in sys.modules
    press_b(g, 0)
    play_set(core, g, [95] * 4)
    assert g.screen == S_SUMMARY and g.summary["recorded"] and g.summary["stars"] == 3
    assert "bandlift.progress" not in sys.modules, "the store's code stays loaded after the set's save"
    assert g.store.get("01") == {"score": 95, "stars": 3} and g.total_stars() == 5 and g.store.best_combo() == 4
    g.screen = S_RECORDS
    assert any("Best combo 4" in line for line in g.lines_all())
    assert "bandlift.progress" not in sys.modules
    again = progress.Store(path)
    assert best(again, "01") == 95 and total_stars(again) == 5 and again.data["best_combo"] == 4


def test_during_a_set_the_garden_code_is_let_go_and_the_streak_and_garden_grow_after_it():
    """A set's start lets bandlift.game.growth go too; its state is kept, so the set's end grows the garden and
    the streak from where they were, in the same session."""
    import sys

    core, g = make()
    before = dict(g.growth.d)
    press_b(g, 0)
    assert g.screen == S_PLAY
    assert "bandlift.game.growth" not in sys.modules, "the garden's code stays loaded during the set"
    g.tick(100)  # ticks in a set do not bring it back
    assert "bandlift.game.growth" not in sys.modules
    play_set(core, g, [95] * 4)
    assert g.growth.good_sets == before["good_sets"] + 1 and g.growth.streak == before["streak"] + 1
    assert g.growth.d["boot"] == before["boot"]


def test_without_a_progress_store_the_game_keeps_records_in_ram_and_says_nothing_is_saved():
    """start.py hands the game None when the progress file cannot be used: the game then plays on the real
    Store over a drive in RAM: the best and the stars count for this power-up, the player is told."""
    core = FakeCore(calibrated=True)
    g = GameState(core, [FakeLevel("01"), FakeLevel("02", unlock=3)], None)
    press_b(g, 0)
    play_set(core, g, [95] * 4)
    assert g.summary["recorded"] and g.summary["stars"] == 3
    assert g.summary["save_msg"] == "No save: no storage"
    assert g.store.get("01") == {"score": 95, "stars": 3} and g.total_stars() == 3
    assert g.summary["unlocks"] == 1, "the stars earned open level 02 for this power-up"
    assert g.store.store.fs.disk == {}, "nothing was written, not even in RAM"


def test_summary_pages_show_every_line_once_after_the_picture_card():
    for per in (3, 5):
        core = FakeCore(calibrated=True)
        g = GameState(core, [level("b", sets=1, side="both", reps=1)], FakeStore(), lines=per)
        press_b(g, 0)
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
    press_b(g, 0)
    t = play_set(core, g, [90])
    press_b(g, t)
    press_b(g, t + 400)
    press_b(g, t + 800)
    assert [c for c in core.calls if c == ("recalibrate",)] == [("recalibrate",)]
    assert any("Hold still" in line for line in g.lines_all())
    g.on_events(core.calibrate_now(), t + 2000)
    g.tick(t + 2100)
    assert g.screen == S_PLAY and g.set_tally.side == "R"


def test_a_strap_the_core_saw_move_is_ready_once_learned_though_the_hand_began_before_the_rest():
    """After a set's last rep the person may reach for the strap at once, while the grade still shows: the core's
    EV_SLIPPED then comes before the rest screen and still counts. The next set starts by itself once the core
    has learned the new leg (EV_CALIBRATED), with no button."""
    core, g = make(levels=[level("b", sets=1, side="both", reps=1)])
    press_b(g, 0)
    g.on_events(EV_REP_START, 0)
    g.on_events(core.rep(90), 4000)
    assert g.screen == S_PLAY and g.ending
    g.on_events(core.slip(4), 4800)  # the hand undoes the strap as the grade shows
    g.tick(9000)
    assert g.screen == S_REST and g.strap and g.strap_moved and not g.strap_ready
    assert any("learning" in line for line in g.lines_all()), "the rest screen says it is learning the strap"
    g.on_events(core.calibrate_now(), 11000)  # the person stands still on the other leg
    g.tick(11100)
    assert g.screen == S_PLAY and g.set_tally.side == "R"


def _resting_before_the_right_leg():
    """A 2-set alternating level (20 s rest) whose left set was just played: the rest screen, strap not moved."""
    core, g = make(levels=[level("b", sets=2, side="alternate", reps=2, rest_ms=20000)])
    press_b(g, 0)
    for i in range(2):
        g.on_events(EV_REP_START, 4000 * i)
        g.on_events(core.rep(90), 4000 * i + 3000)
    g.tick(10000)
    assert g.screen == S_REST and not g.strap_ready
    core.slip_kind = 2
    return core, g


def test_a_lift_on_the_new_leg_that_shows_the_strap_moved_is_the_next_sets_first_rep():
    """The core may see the strap moved only at the first lift on the new leg (EV_SLIPPED with that rep's
    EV_REP_DONE). Once the rest is over that lift opens the next set and is counted; during the rest it is not."""
    core, g = _resting_before_the_right_leg()
    g.on_events(EV_SLIPPED | core.rep(88), 20000)  # a lift on the right leg before the rest is over
    assert g.screen == S_REST and g.strap_moved
    g.on_events(core.calibrate_now(), 21000)
    g.tick(21100)
    assert g.screen == S_REST and g.strap_ready, "ready, and waiting out the rest"
    g.tick(31000)
    assert g.screen == S_PLAY and g.set_tally.reps_done == 0
    core, g = _resting_before_the_right_leg()
    g.on_events(EV_SLIPPED | core.rep(88), 40000)  # the rest over: the lift that showed the move
    assert g.screen == S_PLAY and g.set_tally.side == "R" and g.set_tally.reps_done == 1


def test_a_pose_learned_with_no_strap_move_seen_never_starts_the_other_legs_set():
    """EV_CALIBRATED with no strap move seen (the core re-learned the pose where the strap still sits) is not the
    strap on the other leg, however long after the set: the rest screen waits for the move (or B). A slip seen in
    an earlier set's ending does not count for this one."""
    core, g = make(levels=[level("b", sets=2, side="both", reps=1)])
    press_b(g, 0)
    g.on_events(EV_REP_START, 0)
    g.on_events(core.rep(90), 4000)
    g.tick(9000)
    assert g.screen == S_REST and not g.strap_ready
    g.on_events(core.slip(4), 10000)
    g.on_events(core.calibrate_now(), 12000)
    g.tick(12100)
    assert g.screen == S_PLAY and g.set_tally.side == "R"
    g.on_events(EV_REP_START, 13000)
    g.on_events(core.rep(90), 17000)
    g.tick(22000)
    assert g.screen == S_REST and g.strap and not g.strap_moved and not g.strap_ready
    g.on_events(core.calibrate_now(), 40000)  # 18 s after the set: learned again, no move seen
    g.tick(40100)
    assert g.screen == S_REST and not g.strap_ready, "no move seen: the set waits"
    assert any("B when done" in line for line in g.lines_all())
    press_b(g, 41000)  # the player says the strap is on
    g.on_events(core.calibrate_now(), 43000)
    g.tick(43100)
    assert g.screen == S_PLAY and g.set_tally.side == "L"