"""Per-phase feedback (game/play/feel.py) and the streak and garden (game/growth.py): pure logic, driven by time."""

from hypothesis import given
from hypothesis import strategies as st

from bandlift import faults
from bandlift.game.play import feel as fl
from bandlift.game.play import pace
from bandlift.game import growth as gr
from bandlift.motion.events import PH_HOLD, PH_LOWER, PH_RAISE, PH_REST
from bandlift.targets import Targets

tempo_ms = st.integers(min_value=100, max_value=8000)


def targets(lower_ms=3000, pause_ms=1000):
    t = Targets()
    t.lower_ms = lower_ms
    t.pause_ms = pause_ms
    return t


def run(f, t, phase, ms, now, angle=40.0, steady=100, step=50):
    """Feed `ms` of one phase in 50 ms ticks; returns the time at the end."""
    end = now + ms
    while now < end:
        now += step
        f.update(now, phase, angle, steady, t, now)
    return now


def test_hold_meter_fills_with_steady_time_and_keeps_what_was_earned():
    f, t = fl.Feel(), targets(pause_ms=2000)
    f.rep_start(0)
    now = run(f, t, PH_HOLD, 600, 0, steady=95)
    assert 500 <= f.hold_ms <= 600 and f.pose == fl._POSE_HOLD
    earned = f.hold_ms
    now = run(f, t, PH_HOLD, 400, now, steady=20)  # a wobble: the filling stops, nothing drains
    assert f.hold_ms == earned and f.pose == fl._POSE_WOBBLE and not f.steady
    now = run(f, t, PH_HOLD, 400, now, steady=95)
    assert f.hold_ms == earned + 400
    kept = f.hold_ms
    run(f, t, PH_LOWER, 1000, now, angle=30.0)
    assert f.hold_ms == kept, "the lowering does not empty the pause's meter"
    f.rep_start(5000)
    assert f.hold_ms == 0


def test_the_hold_meter_keeps_a_good_pause_after_the_rep_and_empties_where_the_grade_says_no_pause():
    """The meter fills with the pause the core measures, which holds the moves' slow ends; a leg that turned over
    without a stop between them is graded NO_PAUSE ("Pause at the top"), and the meter must not say otherwise."""
    t = targets(pause_ms=1000)
    for mask, kept in ((0, True), (faults.DROP, True), (faults.NO_PAUSE, False),
                       (faults.NO_PAUSE | faults.SHORT, False)):
        f = fl.Feel()
        f.rep_start(0)
        now = run(f, t, PH_HOLD, 600, 0, steady=95)
        earned = f.hold_ms
        assert earned >= 500
        f.rep_done(now, mask)
        assert f.hold_ms == (earned if kept else 0), mask


def lowering(f, t, now, peak, share_at, ms):
    """Lower from peak; share_at(p) is the share of the range down when p of the lowering time has gone."""
    fast = []
    steps = ms // 50
    for i in range(1, steps + 1):
        p = i / steps
        now += 50
        f.update(now, PH_LOWER, peak * (1 - share_at(p)), 100, t, now)
        fast.append(f.pose == fl._POSE_FALL)
    return now, fast


def _even(p, ramp=0.2):
    """Share of the range at time share p of a lowering at an even pace that gets up to it evenly over the first
    `ramp` of its time (a leg at rest cannot start at full speed)."""
    v = 1.0 / (1.0 - ramp / 2)
    return v * p * p / (2 * ramp) if p < ramp else min(1.0, v * (p - ramp / 2))


def test_on_tempo_lowering_glides_and_a_rushed_one_falls_while_it_happens():
    """An even-paced lowering in the level's time glides (the pace is judged from 5 % down against a smooth
    movement: a leg that gets up to its pace over 0.6 s is never ahead of one); one down in 40 % of the time
    falls while it happens."""
    t = targets(lower_ms=3000)
    f = fl.Feel()
    f.rep_start(0)
    now = run(f, t, PH_RAISE, 1000, 0, angle=40.0)
    now, fast = lowering(f, t, now, 40.0, _even, 3000)
    assert not any(fast) and f.pose == fl._POSE_GLIDE
    f.rep_start(now)
    now = run(f, t, PH_RAISE, 1000, now, angle=40.0)
    # down in the first 40 % of the time (under the DROP speed), then waiting at the bottom
    now, fast = lowering(f, t, now, 40.0, lambda p: min(1.0, p / 0.4), 3000)
    assert fast.index(True) < 15, "too fast is shown during the lowering, not after it"
    assert all(fast[15:24]) and not f.shake  # Pip falls while the leg is ahead of the tempo


def test_the_band_yanking_the_leg_down_shakes_the_screen():
    t = targets()
    f = fl.Feel()
    f.rep_start(0)
    now = run(f, t, PH_RAISE, 500, 0, angle=45.0)
    fall = (t.drop_dps + 20) / 1000  # deg a ms
    for i in range(1, 5):  # the core's steps, 40 ms apart, the leg falling faster than the DROP speed
        f.update(now + 40 * i, PH_LOWER, 45.0 - fall * 40 * i, 100, t, now + 40 * i)
    now += 160
    assert f.shake and f.yanked and f.shake_dx(now + 10) in (-2, 2)
    run(f, t, PH_REST, 1000, now, angle=0.0)
    assert not f.shake and f.shake_dx(now + 2000) == 0


def test_pip_lands_then_rests_for_the_reset_then_stands_and_a_drop_shakes():
    t = targets()
    t.reset_ms = 1500
    f = fl.Feel()
    f.rep_done(1000, 0)
    f.update(1050, PH_REST, 0.0, 100, t, 1050)
    assert f.pose == fl._POSE_LAND and not f.alarm
    f.update(2000, PH_REST, 0.0, 100, t, 2000)
    assert f.pose == fl._POSE_REST
    f.update(2600, PH_REST, 0.0, 100, t, 2600)
    assert f.pose == fl._POSE_STAND
    f.rep_done(3000, faults.DROP)
    assert f.shake


@given(st.integers(min_value=-1000, max_value=40000), tempo_ms, tempo_ms, tempo_ms)
def test_ghost_starts_with_the_rep_and_follows_the_tempo(t, r, p, lo):
    """The ghost is at the bottom when the rep starts, at the top for the pause, back at the bottom after the
    lowering, and always within 0..1000 of the target."""
    g = pace.ghost_permille(t, r, p, lo)
    assert 0 <= g <= 1000
    assert pace.ghost_permille(0, r, p, lo) == 0
    assert pace.ghost_permille(r + p // 2, r, p, lo) == 1000
    assert pace.ghost_permille(r + p + lo + 1, r, p, lo) == 0
    assert pace.ghost_permille(r + p + lo // 2, r, p, lo) in range(480, 521)


def test_ghost_waits_for_the_first_rep():
    f, t = fl.Feel(), targets()
    f.rep_start(1000, ghost=False)
    assert f.ghost(5000, t) == 0
    f.rep_start(6000)
    assert f.ghost(6000 + t.raise_ms // 2, t) in range(490, 511)


@given(st.integers(min_value=0, max_value=500))
def test_garden_grows_step_by_step_and_never_stops(n):
    """The stage never goes down as good sets add up, reaches the last stage, and there is always a next
    step (a stage, then fruit) a few good sets away."""
    assert 0 <= gr.stage_of(n) <= len(gr._STAGES) - 1
    assert gr.stage_of(n + 1) >= gr.stage_of(n)
    assert 1 <= gr.to_next(n) <= max(gr._GROW_MORE, gr._STAGES[-1])
    if n >= gr._STAGES[-1]:
        assert gr.stage_of(n) == len(gr._STAGES) - 1


@given(st.dictionaries(st.sampled_from(["sessions", "streak", "best_streak", "open", "good_sets", "x"]),
                       st.one_of(st.integers(), st.booleans(), st.text(max_size=3), st.none(), st.floats())))
def test_growth_from_a_hand_edited_save_is_always_well_formed(data):
    """Whatever progress.json holds under "game", clean() gives non-negative ints and a bool."""
    d = gr.clean(data)
    for k in ("sessions", "streak", "best_streak", "good_sets", "sets"):
        assert type(d[k]) is int and d[k] >= 0
    assert type(d["open"]) is bool
    g = gr.Growth(data)
    g.set_done(True, 3)
    assert g.streak >= 1


def test_streak_rules_without_a_calendar():
    g = gr.Growth()
    assert g.set_done(True, 3) == 1 and g.streak == 1
    g.set_done(True, 1)
    assert g.streak == 1 and g.good_sets == 1  # one session counts once; a 1-star set grows nothing
    g = gr.Growth(g.to_dict())  # power-up: a new session
    g.set_done(False, 0)
    assert g.streak == 1
    g = gr.Growth(g.to_dict())  # the last session started a set and finished none
    assert g.streak == 0 and g.d["best_streak"] == 1
    g = gr.Growth(g.to_dict())
    g = gr.Growth(g.to_dict())  # power-ups with no set at all leave the streak alone
    g.set_done(True, 2)
    assert g.streak == 1


def test_a_reload_or_reset_continues_the_session_and_a_power_up_starts_one(tmp_path):
    """Saving a file from the computer (a soft reload) or pressing RESET for save mode is no new workout:
    the streak went to 2 within 80 s. The board numbers its power-ups (bandlift.start.session_id), the save keeps
    the number of its session: the same number goes on, a new one starts a session, also when a RESET came
    before anything was saved in the new session."""
    from bandlift.game.state import GameState
    from bandlift.progress import Store

    from tests.test_game_fakes import FakeCore

    path = str(tmp_path / "progress.json")

    def start(session):
        store = Store(path)
        store.session = session
        return GameState(FakeCore(calibrated=True), [], store)

    def finish_a_set(state):
        state.growth.set_done(True, 3)
        state.store.put_growth(state.growth.to_dict())

    finish_a_set(start(7))  # power-up number 7
    for _ in range(2):  # a reload, then RESET: the same number
        state = start(7)
        finish_a_set(state)
        assert state.growth.streak == 1
    start(8)  # the next day: power applied (number 8), then RESET for save mode before any set
    state = start(8)
    finish_a_set(state)
    assert state.growth.streak == 2 and Store(path).data["game"]["sessions"] == 2
    state = start(None)  # a board without nvm: every start is a power-up, as before
    finish_a_set(state)
    assert state.growth.streak == 3


@given(st.integers(min_value=0, max_value=999))
def test_the_ghosts_s_curve_rises_and_its_inverse_finds_the_time(p):
    """smooth() never goes down, starts at 0, ends at 1000, and unsmooth() finds the time of a height."""
    assert pace.smooth(0) == 0 and pace.smooth(1000) == 1000
    assert pace.smooth(p + 1) >= pace.smooth(p)
    assert abs(pace.smooth(pace.unsmooth(pace.smooth(p))) - pace.smooth(p)) <= 3


def test_the_ghost_starts_level_with_a_leg_already_moving():
    """The core reports a rep once the raise is under way: the ghost starts at that height, not at 0."""
    f, t = fl.Feel(), targets()
    lead = pace.unsmooth(200) * t.raise_ms // 1000
    f.rep_start(10000, True, lead)
    assert 180 <= f.ghost(10000, t) <= 220


def _mj_speed_exact(share):
    """30 u^2 (1 - u)^2 (permille of range per duration) where a minimum-jerk movement has covered `share`
    permille of its range (10u^3 - 15u^4 + 6u^5), u found to 1e-12."""
    lo, hi = 0.0, 1.0
    for _ in range(45):
        u = (lo + hi) / 2
        if u * u * u * (10 - 15 * u + 6 * u * u) < share / 1000.0:
            lo = u
        else:
            hi = u
    u = (lo + hi) / 2
    return 30000 * (u * (1 - u)) ** 2


@given(st.integers(min_value=pace._FAST_FROM, max_value=pace._FAST_TO))
def test_the_smooth_lowerings_speed_table_follows_the_formula(share):
    """mj_speed (the live grade's table, read between entries without a search) is within 0.3 % of a
    minimum-jerk movement's speed at every share of the range it judges, and never falls as the share grows
    to half way (where the speed peaks)."""
    v = pace.mj_speed(share)
    assert abs(v - _mj_speed_exact(share)) <= 0.003 * _mj_speed_exact(share)
    assert pace.mj_speed(share + 1) >= v


def test_update_says_when_the_picture_must_be_drawn():
    """update() returns 1 when Pip's pose or the alarm changed (or the rep is outside its pause and lowering):
    the loop's look draws at once; 0 while the pause goes on unchanged."""
    f, t = fl.Feel(), targets()
    f.rep_start(0)
    assert f.update(50, PH_RAISE, 10.0, 100, t, 50) == 1
    assert f.update(100, PH_HOLD, 40.0, 100, t, 100) == 1  # LIFT -> HOLD
    assert f.update(110, PH_HOLD, 40.0, 100, t, 100) == 0
    now = run(f, t, PH_HOLD, 600, 110)
    # 200 deg/s
    changed = [f.update(now + 10 * i, PH_LOWER, 40.0 - 2.0 * i, 100, t, now + 10 * i) for i in range(1, 4)]
    assert changed[0] == 1 and changed[1] == 1 and changed[2] == 0  # GLIDE, then the yank: FALL and the alarm
    assert f.alarm and f.pose == fl._POSE_FALL
