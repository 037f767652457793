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


def test_the_lowering_is_seen_from_the_angle_not_from_a_trembling_pause():
    """The feel reads the leg's speed from the core's angle (its gyro rate may carry a bias): a pause whose angle
    trembles 0.1 deg at 10 Hz and sinks 1 deg/s is no lowering and no wobble; a lowering that then starts at
    the pace of the level's smooth 3 s is seen within 0.3 s. The core's angle changes once a step (40 ms), the
    game looks every 10 ms."""
    import math

    t = targets(lower_ms=3000)
    f = fl.Feel()
    f.rep_start(0)
    run(f, t, PH_RAISE, 1000, 0, angle=35.0)
    angle, step = 35.0, 1000
    for ms in range(1010, 3010, 10):
        if ms % 40 == 0:  # the core's steps (core.t_mid)
            step = ms
            angle = 35.0 - (ms - 1000) / 1000.0 + 0.1 * math.sin(2 * math.pi * 10 * ms / 1000.0)
        f.update(ms, PH_HOLD, angle, 100, t, step)
        assert f.pose == fl._POSE_HOLD, ms
    top = angle
    seen = None
    for ms in range(3010, 4010, 10):
        if ms % 40 == 0:  # the core's steps (core.t_mid)
            step = ms
            p = (ms - 3000) / 3000.0
            angle = top - 35.0 * p * p * p * (10 - 15 * p + 6 * p * p)  # minimum jerk, 3 s
        f.update(ms, PH_HOLD, angle, 100, t, step)
        if seen is None and f.pose == fl._POSE_GLIDE:
            seen = ms
    # the convention's top: 10 % of the peak speed, 8.6 % into a minimum-jerk movement (258 ms)
    assert seen is not None and seen - (3000 + 258) <= 300, seen
    assert not f.too_fast


def test_a_lowering_without_a_pause_is_judged_from_the_top_it_left():
    """No pause: the leg turns at the top and comes down at once (the core reports a short pause, then the
    lowering once the leg is well on its way). A smooth lowering in the level's time is not too fast: its depth
    counts from the highest point, not from where the leg was when the core's lowering began."""
    t = targets(lower_ms=3000)
    f = fl.Feel()
    f.rep_start(0)
    for ms in range(40, 1001, 40):
        f.update(ms, PH_RAISE, 40.0 * ms / 1000, 100, t, ms)
    for ms in range(1040, 2601, 40):
        p = (ms - 1000) / 3000.0
        down = 40.0 * p * p * p * (10 - 15 * p + 6 * p * p)  # minimum jerk, 3 s
        f.update(ms, PH_HOLD if down < 10.0 else PH_LOWER, 40.0 - down, 100, t, ms)
        assert not f.too_fast, ms
    assert f.pose == fl._POSE_GLIDE


def _mj(p):
    p = min(max(p, 0.0), 1.0)
    return p * p * p * (10 - 15 * p + 6 * p * p)


def test_a_drifting_tops_sway_is_no_lowering_and_the_lowering_after_it_is_seen_in_0_3_s():
    """The top of a drifting rep as the core's angle shows it: the knee drifting out reads as elevation, so the
    angle climbs 1.2 deg for 450 ms into the pause and the leg comes to rest late, at the crest of the pause's
    sway (0.46 deg at 0.64 Hz, the athlete model's). Whenever after that crest a 36 deg lowering of 3.15 s starts,
    the lowering picture comes after the leg leaves the top (10 % of its peak speed, 8.6 % into it) and within
    0.3 s of it: the sway's downswing (0.9 deg at up to 1.9 deg/s) is no lowering."""
    import math

    t = targets(lower_ms=3000)
    for after_crest in range(-200, 601, 50):
        f = fl.Feel()
        f.rep_start(0)
        crest = 2100
        budge = crest + after_crest
        top = budge + 0.086 * 3150
        angle, phase, seen, step = 0.0, PH_RAISE, None, 0
        for ms in range(10, 5000, 10):
            if ms % 40 == 0:  # the core's steps (core.t_mid)
                step = ms
                if ms < 1500:
                    angle = 37.3 * _mj(ms / 1500.0)
                else:
                    phase = PH_HOLD
                    sway = 0.46 * _mj((ms - 1500) / 300.0) * math.cos(2 * math.pi * 0.64 * (ms - crest) / 1000.0)
                    angle = 37.3 + 1.2 * _mj((ms - 1500) / 450.0) + sway - 36.0 * _mj((ms - budge) / 3150.0)
            f.update(ms, phase, angle, 100, t, step)
            if seen is None and f.pose in (fl._POSE_GLIDE, fl._POSE_FALL):
                seen = ms
        assert seen is not None and 0 <= seen - top <= 300, (after_crest, seen - top if seen else None)
        assert not f.too_fast, after_crest


def test_a_5_s_lowering_seen_through_late_looks_is_not_too_fast():
    """The loop reads the FIFO in bursts: the look that sees a core step comes 15-24 ms after it (the lag the
    twin shows on level 06), so the looks' times are 30-42 ms apart while the steps are 38.4 ms apart. A smooth
    lowering of 40 deg in the level's 5 s is never called too fast, whatever the lag's phase: the leg's speed is
    timed by the core's steps (core.t_mid), not by the looks (timed by the looks, 7 of these 16 were)."""
    t = targets(lower_ms=5000)
    lag = (24, 20, 16, 18, 20, 22, 23, 15, 16, 20, 22, 23, 15, 17, 21, 23)
    steps = [i * 38.4 for i in range(240)]
    for shift in range(len(lag)):
        f = fl.Feel()
        f.rep_start(0)
        i, angle, step = 0, 0.0, 0
        glided = False
        for ms in range(10, 9000, 10):
            while i < len(steps) and steps[i] + lag[(i + shift) % len(lag)] <= ms:  # the newest step seen
                s = steps[i]
                angle = 40.0 * _mj(s / 1500.0) if s < 1500 else 40.0 - 40.0 * _mj((s - 2500) / 5000.0)
                step = int(s)
                i += 1
            f.update(ms, PH_RAISE if ms < 1500 else PH_HOLD if ms < 4000 else PH_LOWER, angle, 100, t, step)
            glided = glided or f.pose == fl._POSE_GLIDE
            assert not f.too_fast, (shift, ms)
        assert glided, shift


def test_the_feel_and_the_pace_take_the_same_settling_time():
    """feel.py (a kick's raise marked settled) and pace.py (the pause judged) each declare _SETTLE_MS, a private
    const (a shared public one would be interned for good on the board): one settling time. The speed of a leg
    that is lowering (_FALL_DPS) is pace.py's alone since the pause's judgement moved there."""
    assert fl._SETTLE_MS == pace._SETTLE_MS
    assert not hasattr(fl, "_FALL_DPS")


def _swaying_lowering(t, share, phase_rad):
    """(fast per 50 ms step, too fast at the end) of a smooth (minimum-jerk) lowering from 35 deg that takes
    `share` of the level's counted lower time, under one-leg sway (1.2 deg at 0.36 Hz + 0.8 deg at 0.72 Hz, up to
    ~6 deg/s) starting at phase phase_rad, after a 1 s pause at the top with the same sway."""
    import math

    f = fl.Feel()
    f.rep_start(0)
    now = run(f, t, PH_RAISE, 1000, 0, angle=35.0)

    def sway(ms):
        s = ms / 1000.0
        return 1.2 * math.sin(2 * math.pi * 0.36 * s + phase_rad) + 0.8 * math.sin(2 * math.pi * 0.72 * s + phase_rad)

    t0 = now
    for _ in range(20):  # the pause
        now += 50
        f.update(now, PH_HOLD, 35.0 + sway(now - t0), 100, t, now)
    dur = int(t.lower_ms * share)
    fast = []
    for i in range(1, dur // 50 + 1):
        now += 50
        f.update(now, PH_LOWER, 35.0 * (1 - _mj(i * 50 / dur)) + sway(now - t0), 100, t, now)
        fast.append(f.too_fast)
    return fast, f.too_fast


def test_a_sway_call_on_an_on_tempo_lowering_is_undone_and_a_rushed_lowering_stays_called():
    """The pace's proof: whatever the sway's phase, an on-tempo lowering (90-100 % of the tempo) under 2 deg of one-leg
    sway is not too fast once the leg is halfway down (one sample can call it: the proof times the model over a
    quarter of the range and undoes the call), and a lowering in 65 % of the tempo under the same sway is called
    within a third of its time and stays called."""
    import math

    t = targets(lower_ms=3000)
    called = 0
    for k in range(24):
        ph = 2 * math.pi * k / 24
        for share in (1.0, 0.9):  # (the twin's swaying athlete: the core counts his lowerings 89-104 %)
            fast, end = _swaying_lowering(t, share, ph)
            called += any(fast)
            assert not any(fast[len(fast) // 2:]) and not end, (k, share, fast)
        fast, end = _swaying_lowering(t, 0.65, ph)
        assert end and fast.index(True) < len(fast) // 3, (k, fast)
    assert called, "no sway phase made the one-sample call: the proof is not exercised"
