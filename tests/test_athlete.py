"""The virtual athlete: its physics, its ground truth, its sensor and sampling, its scripts and CLI."""

import json
import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bandlift.compat import ticks_diff
from bandlift.faults import _NAMES as NAMES
from sim import athlete
from sim.athlete import cli as athlete_cli
from sim.athlete import RepSpec, SetSpec, generate, random_set
from sim.athlete.script import ScriptError, load_script, parse_script, spec_to_json
from sim.athlete.kinematics import G, Leg, matmul, matvec
from sim.athlete.moves import Moves, onset_frac, phase
from sim.athlete.spec import pause_for_stop

mounts = st.sampled_from(["thigh", "shin"])
sides = st.sampled_from(["right", "left"])
strap = st.floats(0.0, 360.0)
angle = st.floats(-20.0, 80.0)
small = st.floats(-1.0, 1.0)


def _legs():
    return st.builds(Leg, mounts, sides, strap, st.booleans(), st.floats(-180.0, 180.0))


def _motion(c, t):
    """Smooth test trajectories (deg) of theta, phi, roll, pitch, scaled by the coefficients c."""
    return (c[0] + 40 * math.sin(2.1 * t + c[1]), 10 * math.sin(1.3 * t + c[2]),
            0.8 * math.sin(3.0 * t + c[3]), 0.6 * math.cos(2.5 * t + c[4]))


def _deriv(f, t, h):
    return [(a - b) / (2 * h) for a, b in zip(f(t + h), f(t - h))]


def _deriv2(f, t, h):
    return [(a - 2 * b + c) / (h * h) for a, b, c in zip(f(t + h), f(t), f(t - h))]


@given(_legs(), st.lists(st.floats(-3.0, 3.0), min_size=5, max_size=5), st.floats(0.0, 5.0))
def test_gyro_and_accel_match_finite_differences_of_the_pose(leg, c, t):
    """The gyro equals the body rate from differencing the sensor's orientation (R^T dR/dt), and the
    accelerometer equals R^T (d2p/dt2 + g_up) from differencing its position, for any mount, side, strap
    angle and flip while the leg flexes, abducts and the body sways."""

    def ang(tt):
        return _motion(c, tt)

    a, ad, add = ang(t), _deriv(ang, t, 1e-4), _deriv2(ang, t, 1e-3)
    imu = leg.imu(a[0], ad[0], add[0], a[1], ad[1], add[1], a[2], ad[2], add[2], a[3], ad[3], add[3])
    h = 1e-5
    r0 = leg.pose(*ang(t))[0]
    rp, rm = leg.pose(*ang(t + h))[0], leg.pose(*ang(t - h))[0]
    rt = tuple(tuple(r0[j][i] for j in range(3)) for i in range(3))
    w = matmul(rt, tuple(tuple((rp[i][j] - rm[i][j]) / (2 * h) for j in range(3)) for i in range(3)))
    gyro = (w[2][1], w[0][2], w[1][0])
    acc = _deriv2(lambda tt: leg.pose(*ang(tt))[1], t, 1e-3)
    spec_force = matvec(rt, (acc[0], acc[1], acc[2] + G))
    for got, want in zip(imu[3:], gyro):
        assert got == pytest.approx(want, abs=1e-6)
    for got, want in zip(imu[:3], spec_force):
        assert got == pytest.approx(want, abs=1e-4)


@given(_legs(), angle, st.floats(-10.0, 30.0), small, small)
def test_still_leg_reads_one_g_and_no_rotation(leg, theta, phi, roll, pitch):
    """Held still in any pose, with any mount, strap rotation, flip and side: |accel| = 9.81, gyro = 0."""
    ax, ay, az, gx, gy, gz = leg.imu(theta, 0, 0, phi, 0, 0, roll, 0, 0, pitch, 0, 0)
    assert math.sqrt(ax * ax + ay * ay + az * az) == pytest.approx(G, abs=1e-9)
    assert max(abs(gx), abs(gy), abs(gz)) == 0.0


def test_standing_board_on_the_front_reads_up_on_its_x_axis():
    """Strap on the front, board upright: +x points up the leg, so it reads +9.81; flipped it reads -9.81."""
    assert Leg("thigh", "right", 0.0).imu(0, 0, 0)[0] == pytest.approx(G)
    assert Leg("thigh", "right", 0.0, flipped=True).imu(0, 0, 0)[0] == pytest.approx(-G)


@given(sides, mounts)
def test_flexion_is_a_rotation_about_the_right_pointing_axis_for_either_leg(side, mount):
    """Raising either leg turns it about the body's right axis: with the board on the front (its y axis
    pointing right) the gyro reads +rate on y for both legs, and the foot moves forward and up."""
    leg = Leg(mount, side, 0.0)
    g = leg.imu(20.0, 50.0, 0.0)[3:]
    assert g[1] == pytest.approx(math.radians(50.0))
    assert abs(g[0]) < 1e-12 and abs(g[2]) < 1e-12
    p0, p1 = leg.pose(0.0)[1], leg.pose(30.0)[1]
    assert p1[0] > p0[0] + 0.05 and p1[2] > p0[2]


def test_abduction_is_outward_for_each_side():
    """Abduction moves the right leg to the right (-y) and the left leg to the left (+y)."""
    assert Leg("shin", "right").pose(0.0, 20.0)[1][1] < -0.1
    assert Leg("shin", "left").pose(0.0, 20.0)[1][1] > 0.1


def test_strap_rotation_moves_the_board_around_the_leg_not_reflecting_it():
    """Every strap angle gives a right-handed sensor frame (x cross y = z), the board's z on the skin normal."""
    for deg in range(0, 360, 15):
        for side in ("right", "left"):
            xs, ys, zs = Leg("thigh", side, float(deg), deg % 2 == 0).axes
            cross = (xs[1] * ys[2] - xs[2] * ys[1], xs[2] * ys[0] - xs[0] * ys[2], xs[0] * ys[1] - xs[1] * ys[0])
            assert cross == pytest.approx(zs)


# ---------------------------------------------------------------- ground truth

# (the second field is the stop between the moves: the pause a detector measures holds their slow ends besides)
clean_rep = st.builds(RepSpec, st.integers(1200, 2500), st.integers(300, 2000), st.integers(2000, 5000),
                      st.integers(800, 3000), st.floats(25.0, 60.0))


def _seen_frac(amp, dur_ms):
    """The part of a min-jerk move (30 u^2 (1-u)^2 amp / T) above max(10 % of its peak, 2 deg/s):
    0.827 unless the floor bites."""
    peak = 1.875 * amp / (dur_ms / 1000.0)
    thr = max(0.1 * peak, 2.0)
    q = math.sqrt(thr / (30.0 * amp / (dur_ms / 1000.0)))
    return math.sqrt(1.0 - 4.0 * q)


@given(st.lists(clean_rep, min_size=2, max_size=3))
def test_truth_durations_follow_the_commanded_tempo(reps):
    """Clean reps: the measured raise and lowering are about 0.83 of the commanded min-jerk moves (the 10 %
    of peak speed convention), the hold and reset are the commanded dwell, the peak is the commanded one."""
    target = sorted(r.peak_deg for r in reps)[len(reps) // 2]
    reps = [RepSpec(r.raise_ms, math.ceil(pause_for_stop(r.pause_ms, target, r.raise_ms, r.lower_ms)), r.lower_ms,
                    r.reset_ms, target) for r in reps]
    s = generate(SetSpec(reps, rate_hz=26, seed=1, noise=False, sway=False))
    for r, d in zip(reps, s.truth):
        assert d["raise_ms"] == pytest.approx(_seen_frac(r.peak_deg, r.raise_ms) * r.raise_ms, abs=2)
        assert d["lower_ms"] == pytest.approx(_seen_frac(r.peak_deg, r.lower_ms) * r.lower_ms, abs=2)
        assert d["hold_ms"] == pytest.approx(r.pause_ms, abs=3)
        assert d["peak_deg"] == pytest.approx(r.peak_deg, abs=0.01)
        assert d["raise_peak_dps"] == pytest.approx(1.875 * r.peak_deg * 1000 / r.raise_ms, rel=0.01)
        assert d["faults"] == []
    assert s.truth[0]["reset_ms"] == -1
    for r, d in zip(reps[1:], s.truth[1:]):
        assert d["reset_ms"] == pytest.approx(r.reset_ms, abs=3)


@given(st.integers(0, 2**31 - 1))
def test_every_injected_fault_is_in_the_truth_and_shows_in_the_motion(seed):
    """For any drawn faulty set: truth faults are exactly the injected ones, phases are in order, and each
    fault is visible in the truth's numbers by a margin (so a detector can find it) while a rep without it
    stays clear of it."""
    spec = random_set(random.Random(seed), faulty=True)
    truth = athlete.Motion(spec).truth()
    target = spec.target()
    for r, d in zip(spec.reps, truth):
        f = set(d["faults"])
        assert f == set(r.faults)
        assert d["start_rel"] < d["raise_end_rel"] <= d["lower_start_rel"] < d["end_rel"]
        assert ("KICK" in f) == (d["raise_ms"] < 450)
        assert ("DROP" in f) == (d["lower_ms"] < 550)
        assert ("NO_PAUSE" in f) == (d["hold_ms"] < 200)
        assert ("NO_RESET" in f) == (0 <= d["reset_ms"] < 200)
        assert ("DRIFT" in f) == (d["max_outward_deg"] >= 15)
        assert ("SHORT" in f) == (d["peak_deg"] < 0.7 * target)
        if "KICK" not in f:
            assert d["raise_peak_dps"] < 125
        if "DROP" not in f:
            assert d["lower_peak_dps"] < 100
        if "SHORT" not in f:
            assert d["peak_deg"] > 0.85 * target
    for a, b in zip(truth, truth[1:]):
        assert b["start_rel"] - a["end_rel"] == b["reset_ms"] >= 0


def test_faulty_sets_carry_every_fault_about_a_third_of_reps():
    """Across drawn faulty sets every fault occurs, in roughly a third of the reps."""
    reps = [r for i in range(30) for r in random_set(random.Random(i), faulty=True).reps]
    seen = {f for r in reps for f in r.faults}
    assert seen == set(NAMES)
    assert 0.2 < sum(1 for r in reps if r.faults) / len(reps) < 0.45


def test_wobble_shakes_the_hold_and_a_clean_hold_is_steady():
    """WOBBLE adds a 2-4 Hz oscillation of degrees to the pause; a clean pause only trembles (< 8 deg/s rms)."""
    spec = SetSpec([RepSpec(1500, 2000, 3000, 1500, 40), RepSpec(1500, 2000, 3000, 1500, 40, ("WOBBLE",))], seed=3)
    m = athlete.Motion(spec)
    for d, wobbly in zip(generate(spec).truth, (False, True)):
        t0 = d["raise_end_ms"] - spec.start_tick + 300
        speeds = [m.angles(t0 + k)[1] for k in range(0, d["hold_ms"] - 600, 5)]
        rms = math.sqrt(sum(v * v for v in speeds) / len(speeds))
        assert (rms > 10.0) if wobbly else (rms < 8.0)


# ---------------------------------------------------------------- sensor, sampling, determinism


def test_same_seed_same_set_and_another_seed_another():
    """random_set and generate are functions of the seed alone."""
    a = generate(random_set(random.Random(5), faulty=True, n_reps=4))
    b = generate(random_set(random.Random(5), faulty=True, n_reps=4))
    c = generate(random_set(random.Random(6), faulty=True, n_reps=4))
    assert a.samples == b.samples and a.truth == b.truth
    assert a.samples != c.samples


@given(st.integers(1, 20000), st.sampled_from([26, 104, 208]), st.floats(0.1, 0.3))
def test_ticks_wrap_at_2_29_and_keep_their_spacing(before_wrap, rate, jitter):
    """Ticks stay in [0, 2**29), step forward by wrap-safe differences of about one period (or a stall), and
    truth ticks are consistent with truth durations across the wrap."""
    reps = [RepSpec(1500, 1000, 3000, 1500, 40)] * 2
    spec = SetSpec(reps, start_tick=(1 << 29) - before_wrap, rate_hz=rate, jitter=jitter, stall_prob=0.02, seed=2)
    s = generate(spec)
    ticks = [x[0] for x in s.samples]
    assert all(0 <= t < (1 << 29) for t in ticks)
    steps = [ticks_diff(b, a) for a, b in zip(ticks, ticks[1:])]
    period = 1000.0 / rate
    assert min(steps) >= 1 and max(steps) <= period * (1 + jitter) + 151
    normal = [x for x in steps if x <= period * (1 + jitter) + 1]
    stalls = [x for x in steps if x > period * (1 + jitter) + 1]
    assert sum(normal) / len(normal) == pytest.approx(period, rel=0.1)
    assert all(x >= 60 for x in stalls) and 0.005 < len(stalls) / len(steps) < 0.04  # stall_prob 0.02
    total = sum(steps)
    assert any(b < a for a, b in zip(ticks, ticks[1:])) == (before_wrap < total)
    for d in s.truth:
        assert ticks_diff(d["raise_end_ms"], d["start_ms"]) == d["raise_ms"]
        assert ticks_diff(d["lower_start_ms"], d["raise_end_ms"]) == d["hold_ms"]
        assert ticks_diff(d["end_ms"], d["lower_start_ms"]) == d["lower_ms"]
    assert ticks_diff(s.truth[1]["start_ms"], s.truth[0]["end_ms"]) == s.truth[1]["reset_ms"]


def test_saturation_clips_at_the_configured_range():
    """A kick measured by a shin strap at +-250 dps and +-2 g pins the gyro and accelerometer at their int16
    limits and never beyond; at 2000 dps / 16 g the same kick is not clipped."""
    reps = [RepSpec(300, 1200, 3000, 1500, 60, faults=("KICK",))]
    top = {}
    for dps, g in ((250, 2), (2000, 16)):
        s = generate(SetSpec(reps, mount="shin", gyro_dps=dps, accel_g=g, seed=4, target_deg=60, rate_hz=208))
        g_lim = 32767 * athlete.GYRO_MDPS_PER_LSB[dps] / 1000 * math.pi / 180
        a_lim = 32767 * athlete.ACCEL_MG_PER_LSB[g] * athlete.MG
        gmax = max(abs(v) for x in s.samples for v in x[4:])
        amax = max(abs(v) for x in s.samples for v in x[1:4])
        assert gmax <= g_lim * (1 + 1e-9) * 32768 / 32767 and amax <= a_lim * 32768 / 32767 + 1e-9
        top[dps] = (gmax / g_lim, amax / a_lim)
    assert top[250][0] >= 1.0 and top[250][1] >= 1.0
    assert top[2000][0] < 0.9 and top[2000][1] < 0.9


def test_standing_still_reads_bias_plus_noise():
    """During the calibration rest the gyro is its bias plus about 0.005 rad/s of noise (sway is far slower),
    and the accelerometer reads 1 g within its bias."""
    s = generate(random_set(random.Random(11), n_reps=2))
    t0 = s.samples[0][0]
    rest = [x for x in s.samples if ticks_diff(x[0], t0) < 1400]
    assert len(rest) > 30
    for axis in range(3):
        v = [x[4 + axis] for x in rest]
        mean = sum(v) / len(v)
        sd = math.sqrt(sum((a - mean) ** 2 for a in v) / len(v))
        assert mean == pytest.approx(s.motion.gyro_bias[axis], abs=0.012)
        assert 0.002 < sd < 0.012
    for x in rest:
        assert abs(math.sqrt(x[1] ** 2 + x[2] ** 2 + x[3] ** 2) - G) < 0.7


def test_samples_are_the_true_motion_quantized():
    """Without bias and noise, each sample is Motion.true_imu at its tick, rounded to one LSB."""
    spec = random_set(random.Random(8), faulty=True, n_reps=3)
    spec.noise = False
    s = generate(spec)
    a_lsb = athlete.ACCEL_MG_PER_LSB[spec.accel_g] * athlete.MG
    g_lsb = athlete.GYRO_MDPS_PER_LSB[spec.gyro_dps] / 1000 * math.pi / 180
    for x in s.samples[::7]:
        true = s.motion.true_imu(ticks_diff(x[0], spec.start_tick) / 1000.0)
        for k in range(6):
            lsb = a_lsb if k < 3 else g_lsb
            if abs(true[k]) < 32000 * lsb:
                assert abs(x[k + 1] - true[k]) <= lsb / 2 + 1e-9


def test_random_sets_are_realistic():
    """Drawn sets: 6-15 reps, target 25-60 deg, rate 26-208 Hz, >= 1.5 s still before and >= 1 s after."""
    for i in range(40):
        spec = random_set(random.Random(i), faulty=i % 2 == 0)
        assert 6 <= len(spec.reps) <= 15 and 25 <= spec.target_deg <= 60 and 26 <= spec.rate_hz <= 208
        assert spec.lead_ms >= 1500 and spec.tail_ms >= 1000
        assert spec.problems() == []


# ---------------------------------------------------------------- scripts and CLI


def test_example_scripts_load():
    """The shipped scripts play: the clean one has 8 clean reps, the mixed one every fault."""
    clean = load_script("sim/scripts/clean8.json")
    assert len(clean.reps) == 8 and not any(r.faults for r in clean.reps)
    mixed = load_script("sim/scripts/mixed-faults.json")
    assert set(NAMES) <= {f for r in mixed.reps for f in r.faults}


def test_script_round_trips():
    """spec_to_json then parse_script gives the same set back."""
    spec = random_set(random.Random(3), faulty=True)
    assert parse_script(json.loads(json.dumps(spec_to_json(spec)))) == spec


@pytest.mark.parametrize("rep, field, words", [
    ({"pause_ms": 900, "faults": ["NO_PAUSE"]}, "reps[1].pause_ms", "NO_PAUSE needs 0-120"),
    # (650 ms of a 2.5 s raise's and a 5 s lowering's slow ends: the leg never stops)
    ({"pause_ms": 700, "raise_ms": 2500, "lower_ms": 5000}, "reps[1].pause_ms", "a stop under 300 ms"),
    ({"faults": ["HOP"]}, "reps[1].faults", "unknown fault 'HOP'"),
    ({"lower_ms": "slow"}, "reps[1].lower_ms", "must be a number"),
    ({"tempo": 3}, "reps[1].tempo", "unknown field"),
    ({"raise_ms": 400}, "reps[1].raise_ms", "KICK"),
])
def test_bad_script_fields_are_reported_as_file_field_reason(tmp_path, rep, field, words):
    """A bad field is reported as `file: field: reason`."""
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"seed": 1, "reps": [{"peak_deg": 40}, dict({"peak_deg": 40}, **rep)]}))
    with pytest.raises(ScriptError) as e:
        load_script(str(path))
    line = [x for x in str(e.value).splitlines() if field in x][0]
    assert line.startswith("%s: %s: " % (path, field)) and words in line


@pytest.mark.parametrize("ramp", [0.15, 0.3])
def test_a_steady_move_keeps_an_even_pace_between_a_smooth_start_and_stop(ramp):
    """A steady mover's 40 deg move over 3 s: it arrives, its speed is its position's slope and stays at
    40 / (3 (1 - ramp)) deg/s between the ramps (where a minimum-jerk move's would peak at 1.875 x 40 / 3 halfway),
    and the convention's boundaries (10 % of that speed) sit where onset_frac says."""
    mv = Moves([(0.0, 3000.0, 40.0)], ramp)
    assert mv.at(0.0)[0] == pytest.approx(0.0, abs=1e-9) and mv.at(3000.0)[0] == pytest.approx(40.0)
    for t in range(5, 3000, 37):
        slope = (mv.at(t + 0.01)[0] - mv.at(t - 0.01)[0]) / 0.00002
        assert mv.at(t)[1] == pytest.approx(slope, rel=1e-3, abs=1e-3)
    even = 40.0 / (3.0 * (1.0 - ramp))
    for t in (3000 * ramp + 10, 1500.0, 3000 * (1 - ramp) - 10):
        assert mv.at(t)[1] == pytest.approx(even)
    start, end, peak = phase(mv, 0.0, 3000.0, 40.0)
    assert peak == pytest.approx(even) and start == pytest.approx(3000 * onset_frac(40.0, 3000.0, ramp), abs=1.5)
    assert end == pytest.approx(3000 * (1 - onset_frac(40.0, 3000.0, ramp)), abs=1.5)


def test_a_no_pause_rep_may_turn_over_between_slow_moves_whose_slow_ends_fill_the_pause():
    """NO_PAUSE is a stop of at most 120 ms between the moves: a 2.5 s raise and a 5 s lowering meeting at the top
    measure 650 ms of pause (the convention's), and the rep is NO_PAUSE in the truth."""
    spec = parse_script({"seed": 1, "reps": [{"peak_deg": 40}, {"peak_deg": 40, "pause_ms": 650, "raise_ms": 2500,
                                                                 "lower_ms": 5000, "faults": ["NO_PAUSE"]}]})
    assert spec.problems() == []
    d = generate(spec).truth[1]
    assert d["faults"] == ["NO_PAUSE"] and d["hold_ms"] == pytest.approx(650, abs=5)


def test_cli_writes_a_recording_with_truth(tmp_path, capsys):
    """`python -m sim athlete --seed N --faulty --out F`: header, spec and truth comments, one row a sample."""
    out = tmp_path / "rec.csv"
    assert athlete_cli.main(["--seed", "4", "--faulty", "--reps", "5", "--out", str(out)]) == 0
    lines = out.read_text().splitlines()
    truth = [json.loads(x.split(":", 1)[1]) for x in lines if x.startswith("# truth:")]
    spec = [json.loads(x.split(":", 1)[1]) for x in lines if x.startswith("# spec:")][0]
    rows = [x for x in lines if not x.startswith("#")]
    assert rows[0] == "t_ms,ax,ay,az,gx,gy,gz"
    s = generate(random_set(random.Random(4), faulty=True, n_reps=5))
    assert truth == s.truth and parse_script(spec) == s.spec
    assert len(rows) - 1 == len(s.samples)
    got = [tuple(float(v) for v in r.split(",")) for r in rows[1:]]
    assert all(abs(a - b) <= 1e-6 * max(1.0, abs(b)) for g, x in zip(got, s.samples) for a, b in zip(g, x))
    assert athlete_cli.main(["--script", str(tmp_path / "missing.json"), "--out", str(out)]) == 2
