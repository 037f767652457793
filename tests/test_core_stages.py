"""Each stage of the motion core on its own, then the MotionCore behaviours a user notices.

Stages (as in a pedometer built from small parts): StillDetector (stillness.py), Tracker (tracker.py),
OnsetLadder (flank.py), PhaseMachine (phases.py); the Judge and SetStats are in test_core_judge.py, the MotionCore
as a whole in test_core_whole.py. Expected values are
computed from the input profiles (minimum-jerk moves, known rotations), not copied from a run.
"""

import math

import pytest

from bandlift.motion import flank
from bandlift.motion import phases, repend
from bandlift.motion.core import EV_CALIBRATED, MotionCore
from bandlift.motion.stillness import _BLOCK_MS as BLOCK_MS
from bandlift.motion.tracker import Tracker
from bandlift.targets import Targets

G = 9.80665
D2R = math.pi / 180.0


# ---------------------------------------------------------------- small vector helpers


def cross(a, b):
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def dot(a, b):
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def rotate(v, axis, deg):
    """v rotated by deg about the unit vector axis (Rodrigues)."""
    c, s = math.cos(deg * D2R), math.sin(deg * D2R)
    k = cross(axis, v)
    d = dot(axis, v)
    return tuple(v[i] * c + k[i] * s + axis[i] * d * (1 - c) for i in range(3))


def min_jerk(u):
    """Position (0-1) and speed (per unit of u) of a minimum-jerk step."""
    if u <= 0.0:
        return 0.0, 0.0
    if u >= 1.0:
        return 1.0, 0.0
    return u * u * u * (10 - 15 * u + 6 * u * u), 30 * u * u * (1 - u) * (1 - u)


def onset_frac():
    """u where a min-jerk move's speed crosses 10 % of its peak (1.875): the boundary convention."""
    q = math.sqrt(0.1 * 1.875 / 30.0)
    return (1 - math.sqrt(1 - 4 * q)) / 2


# ---------------------------------------------------------------- StillDetector


def _detector():
    """The still detector of a core not yet calibrated: it knows no zero-rate offset, so it has no turn test yet."""
    return MotionCore(Targets()).still


def test_still_detector_reports_a_block_after_block_ms_with_its_means():
    sd = _detector()
    got = []
    for i in range(80):
        got.append(sd.update(10 if i else 0, 1.0, 2.0, 9.5, 0.01, -0.02, 0.03, True))
    first = got.index(True)
    assert first == BLOCK_MS // 10  # 500 ms of 10 ms steps after the block's first sample
    assert (sd.mean_ax, sd.mean_ay, sd.mean_az) == pytest.approx((1.0, 2.0, 9.5))
    assert (sd.mean_gx, sd.mean_gy, sd.mean_gz) == pytest.approx((0.01, -0.02, 0.03))


def test_still_detector_restarts_on_movement_and_never_calls_a_slow_turn_still():
    sd = _detector()
    for _ in range(30):
        sd.update(10, 0.0, 0.0, G, 0.0, 0.0, 0.0, True)
    # a 17 deg/s turn about gravity (a strap turned round a hanging leg: gravity cannot show it) starts a new block
    assert not sd.update(10, 0.0, 0.0, G, 0.0, 0.0, 0.3, True)
    assert sd.n == 1
    # a steady 10 deg/s turn: the gravity direction keeps moving, so no block of 500 ms is ever still
    assert not any(sd.update(10, G * math.sin(0.1745 * i / 100), 0.0, G * math.cos(0.1745 * i / 100),
                             0.1745, 0.0, 0.0, True) for i in range(400))


def test_still_detector_judges_a_tilt_by_gravity_so_a_gyro_read_through_a_wrong_scale_keeps_a_still_leg_still():
    """A leg at rest swaying +-2 deg at 1 Hz whose gyro reads 4x (converted for another range): gravity stays in
    its cone, so the window is still (and calibrates) although the gyro's swing alone would exceed the tolerance."""
    sd = _detector()
    got = []
    for i in range(80):
        th = 0.035 * math.sin(2 * math.pi * i / 100)  # rad, 10 ms steps
        w = 4.0 * 0.035 * 2 * math.pi * math.cos(2 * math.pi * i / 100)  # rad/s, read 4x
        got.append(sd.update(10 if i else 0, G * math.sin(th), 0.0, G * math.cos(th), 0.0, w, 0.0, True))
    assert any(got)


def _core_still_at(gyro, ms=1000):
    """A real MotionCore after `ms` of a still board (gravity along z) whose gyro reads `gyro` (rad/s), 10 ms steps;
    with the ms of its first EV_CALIBRATED (None if none)."""
    core = MotionCore(Targets())
    cal = None
    for i in range(ms // 10 + 1):
        if core.feed(1000 + 10 * i, 0.0, 0.0, G, *gyro) & EV_CALIBRATED and cal is None:
            cal = 10 * i
    return core, cal


def test_still_detector_calls_no_window_still_while_the_gyro_turns_and_gravity_does_not_follow():
    """A raise setting off: a shank's own acceleration holds the accelerometer in its cone while the gyro turns at
    20 deg/s the whole window: once the core knows the gyro's zero-rate offset (here none), no still window."""
    core, cal = _core_still_at((0.0, 0.0, 0.0))
    assert cal is not None and core.count >= 1
    sd = core.still
    sd.restart()
    assert not any(sd.update(10 if i else 0, 0.0, 0.0, G, 0.35, 0.0, 0.0, True) for i in range(80))
    # in a rep the gyro counts on every axis: a 17 deg/s turn across gravity starts a new window at once
    sd = _detector()
    for _ in range(30):
        sd.update(10, 0.0, 0.0, G, 0.0, 0.0, 0.0, False)
    assert not sd.update(10, 0.0, 0.0, G, 0.3, 0.0, 0.0, False)
    assert sd.n == 1


@pytest.mark.parametrize("offset", [(0.2, 0.1, 0.0), (0.0, -0.25, 0.05), (0.17, 0.17, 0.1), (0.4, 0.15, 0.0)])
def test_a_gyro_zero_rate_offset_is_measured_at_rest_not_taken_for_a_turn(offset):
    """An LSM6DS33 at rest reads a zero-rate offset of +-10 deg/s typical (here 13-15 deg/s across gravity, and 24.5:
    boards with offsets up to 25 deg/s are met; over 20 the core refused it as a stuck gyro and never calibrated).
    Before the core's first still window nothing tells it from a turn: that window is its measure, so the core
    calibrates within 0.6 s with the offset as its bias (taken for a turn, a still leg never calibrated); after
    it, the same reading stays still: the windows go on refreshing the bias (the strap watch needs them)."""
    core, cal = _core_still_at(offset, ms=3000)
    assert cal is not None and cal <= 600
    assert (core.bx, core.by, core.bz) == pytest.approx(offset, abs=0.005)
    assert core.count >= 4  # a window every half second after the first


# ---------------------------------------------------------------- Tracker

STRAPS = [(0.0, False), (90.0, False), (137.0, False), (180.0, True), (270.0, True), (333.0, True)]


def frame(strap_deg, flipped):
    """(rest-up v0, lift axis u) in the sensor frame for a strap turned by strap_deg about the leg and an
    optionally upside-down board: both directions are turned rigidly with the board."""
    leg = (0.0, 0.0, 1.0)  # the leg (and rest-up, as a hanging thigh's long axis reads gravity) in board frame
    v0, u = (0.0, 1.0, 0.0), (1.0, 0.0, 0.0)
    v0, u = rotate(v0, leg, strap_deg), rotate(u, leg, strap_deg)
    if flipped:
        v0, u = rotate(v0, (0.0, 1.0, 0.0), 180.0), rotate(u, (0.0, 1.0, 0.0), 180.0)
    return v0, u


def lift(tr, v0, u, peak_deg, dur_ms, dt_ms=10):
    """Feed a min-jerk lift of peak_deg about u (sensor frame) to the tracker; [(true elev, tracker elev)]."""
    e3 = cross(v0, u)
    out = []
    n = int(dur_ms / dt_ms)
    for i in range(1, n + 1):
        p, s = min_jerk(i / n)
        th = peak_deg * p
        w = peak_deg * s / (dur_ms / 1000.0) * D2R  # rad/s about u
        v = tuple(math.cos(th * D2R) * v0[k] + math.sin(th * D2R) * e3[k] for k in range(3))
        tr.update(dt_ms / 1000.0, G * v[0], G * v[1], G * v[2], w * u[0], w * u[1], w * u[2], True)
        out.append((th, tr.elev, w / D2R, tr.rate))
    return out


def test_tracker_elevation_of_a_known_rotation_and_its_signs():
    v0, u = (0.0, 0.0, 1.0), (1.0, 0.0, 0.0)
    tr = Tracker()
    assert tr.set_rest(*(G * c for c in v0))
    assert tr.set_axis(*u)
    trace = lift(tr, v0, u, 35.0, 1500)
    for th, elev, w, rate in trace:
        assert elev == pytest.approx(th, abs=0.5)
        assert rate == pytest.approx(w, abs=1e-6)  # + = raising
    assert abs(tr.side_deg) < 0.5
    # the same rotation the other way is a negative elevation and a negative rate
    tr2 = Tracker()
    tr2.set_rest(*(G * c for c in v0))
    tr2.set_axis(*u)
    trace = lift(tr2, v0, (-1.0, 0.0, 0.0), 20.0, 1000)
    assert tr2.elev == pytest.approx(-20.0, abs=0.5)
    assert min(r for _, _, _, r in trace) < -10.0


def test_tracker_sideways_sign_is_towards_the_lift_axis():
    """Tilting the up direction towards +u reads positive sideways degrees (towards the body's right)."""
    v0, u = (0.0, 0.0, 1.0), (1.0, 0.0, 0.0)
    tr = Tracker()
    tr.set_rest(0.0, 0.0, G)
    tr.set_axis(*u)
    v = rotate(v0, cross(v0, u), 10.0)  # rotating about e3 = v0 x u moves v0 towards +u
    assert v[0] > 0
    for _ in range(200):
        tr.update(0.01, G * v[0], G * v[1], G * v[2], 0.0, 0.0, 0.0, False)
    assert tr.side_deg == pytest.approx(10.0, abs=0.3)


@pytest.mark.parametrize("strap_deg,flipped", STRAPS)
def test_tracker_learns_the_lift_axis_from_the_first_lift(strap_deg, flipped):
    v0, u = frame(strap_deg, flipped)
    tr = Tracker()
    tr.set_rest(*(G * c for c in v0))
    assert not tr.has_axis
    lift(tr, v0, u, 40.0, 1500)
    assert tr.has_axis
    assert dot((tr.ux, tr.uy, tr.uz), u) > 0.995
    assert tr.elev == pytest.approx(40.0, abs=1.0)


# ---------------------------------------------------------------- OnsetLadder


@pytest.mark.parametrize("dt_ms", [4.0, 9.6, 19.2, 38.0])
def test_onset_of_a_linear_ramp_is_interpolated_to_ten_percent_of_its_peak(dt_ms):
    lad = flank.OnsetLadder()
    t0, slope, peak = 1000.0, 0.1, 100.0  # speed rises 0.1 deg/s per ms from t0 up to 100 deg/s
    t, s_prev = 0.0, 0.0
    while True:
        t_new = t + dt_ms
        s = min(peak, max(0.0, slope * (t_new - t0)))
        lad.update(t, t_new, s_prev, s, 0.0, 0.0, 0.0)
        t, s_prev = t_new, s
        if s >= peak:
            break
    thr = flank.threshold(lad.peak)
    assert thr == pytest.approx(0.1 * peak)
    assert lad.start_at(10.0 * thr) == pytest.approx(t0 + thr / slope, abs=0.5)


def test_onset_ignores_the_wiggle_of_a_slowing_move():
    lad = flank.OnsetLadder()
    prof = [0.0] + [5.0 * i for i in range(1, 21)]  # 0 -> 100 deg/s in 10 ms steps
    prof += [100.0 - 10.0 * i for i in range(1, 10)] + [6.0, 12.0, 5.0]  # slowing, with a wiggle 6 -> 12
    t = 0.0
    for a, b in zip(prof, prof[1:]):
        lad.update(t, t + 10.0, a, b, 0.0, 0.0, 0.0)
        t += 10.0
    # 10 deg/s was crossed going up between 10 ms (5) and 20 ms (10): at 20 ms, not in the wiggle
    assert lad.start_at(100.0) == pytest.approx(20.0, abs=0.5)


# ---------------------------------------------------------------- PhaseMachine


def profile(peak, raise_ms, pause_ms, lower_ms, rest_ms=1000.0):
    """Min-jerk raise, pause (gap between the moves), lowering: f(t) -> (elev deg, rate deg/s)."""
    t_r, t_l = rest_ms, rest_ms + raise_ms + pause_ms
    end = t_l + lower_ms + rest_ms

    def f(t):
        p1, s1 = min_jerk((t - t_r) / raise_ms)
        p2, s2 = min_jerk((t - t_l) / lower_ms)
        return peak * (p1 - p2), peak * (s1 * 1000.0 / raise_ms - s2 * 1000.0 / lower_ms)

    return f, end


def run_machine(f, end, min_range=10.0, dt=10.0):
    m = phases.PhaseMachine()
    m.min_range_deg = min_range
    seen, results = [m.phase], []
    t = 0.0
    while t < end:
        e, r = f(t + dt)
        out = m.step(t, t + dt, e, r, 0.0)
        if out:
            results.append(out)
        if m.phase != seen[-1]:
            seen.append(m.phase)
        t += dt
    return m, seen, results


def test_phase_machine_goes_round_and_measures_the_profile():
    raise_ms, pause_ms, lower_ms = 1500.0, 1000.0, 3000.0
    f, end = profile(40.0, raise_ms, pause_ms, lower_ms)
    m, seen, results = run_machine(f, end)
    assert seen == [phases.PH_REST, phases.PH_RAISE, phases.PH_HOLD, phases.PH_LOWER, phases.PH_REST]
    done = [r for r in results if r & repend._R_DONE]
    assert len(done) == 1 and not any(r & repend._R_PARTIAL for r in results)
    u = onset_frac()  # each move is measured between its 10 %-of-peak-speed points
    assert m.r_raise == pytest.approx(raise_ms * (1 - 2 * u), abs=25)
    assert m.r_hold == pytest.approx(pause_ms + u * (raise_ms + lower_ms), abs=25)
    assert m.r_lower == pytest.approx(lower_ms * (1 - 2 * u), abs=25)
    assert m.peak_elev == pytest.approx(40.0, abs=0.1)


def test_phase_machine_reports_a_lift_below_the_minimum_range_as_partial():
    f, end = profile(8.0, 1000.0, 800.0, 2000.0)
    _, seen, results = run_machine(f, end, min_range=10.0)
    assert phases.PH_RAISE in seen
    assert any(r & repend._R_PARTIAL for r in results)
    assert not any(r & repend._R_DONE for r in results)
