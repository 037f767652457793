"""The virtual athlete: standing resistance band leg lifts as LSM6DS sample streams with exact ground truth.

Model (units: ms for time, deg for angles, m/s^2 and rad/s for the IMU; frames in sim/athlete/kinematics.py):
- Elevation theta(t) (hip flexion) and abduction phi(t) (+ = outward) are sums of MOVES: minimum-jerk steps
  s(u) = 10u^3 - 15u^4 + 6u^5 of an amplitude over a duration. A rep is rest -> raise (0 -> peak) -> hold ->
  lower (peak -> 0) -> the next rep's reset. KICK: a 250-500 ms raise that may overshoot by up to 8 % and
  settle back in a slow move; DROP: a 250-600 ms lowering that may undershoot by up to 3 deg and settle.
  Settle moves are slow enough (<= 50 % of the phase's 10 % speed threshold, <= 10 deg/s) never to count as
  movement or wobble.
  DRIFT: abduction (the angle out of the lifting plane) rises to 16-25 deg from 30 % into the raise on into
  the pause and returns with the lowering (clean reps: -1.5..3 deg).
- On top of the clean moves (and NOT in the ground truth): body sway of the whole body about the ankle
  (roll and pitch, 0.2-0.8 deg total, 0.1-0.5 Hz, always on), and in the hold a physiological tremor
  (8-12 Hz, 0.05-0.12 deg), a slow leg sway (0.2-0.5 deg, 0.3-0.8 Hz) and for WOBBLE a 2-4 Hz oscillation of
  1.5-4 deg (capped at 40 deg/s peak speed), each faded in and out with raised-cosine ramps.
- Tempo fields of RepSpec: raise_ms and lower_ms are the durations of the minimum-jerk moves (first budge to
  arrival); by the 10 %-of-peak-speed convention of docs/design.md a detector measures about 0.83 of them.
  pause_ms and reset_ms are the MEASURED dwell (convention) between the phases: the gap between moves is
  solved for it, overlapping the moves when the dwell is shorter than the moves' slow tails (NO_PAUSE,
  NO_RESET). The first rep's rest is max(lead_ms, reset_ms) and its truth reset_ms is -1.
  Shortest dwell the overlap reaches: about 20-190 ms (median 90) for NO_PAUSE and NO_RESET asked 0-150 ms.
- Ground truth is computed on the clean elevation speed profile at 1 ms resolution, as the convention says.
  Per rep: start_ms, raise_end_ms, lower_start_ms, end_ms (ticks, wrapped like the samples); raise_ms,
  hold_ms, lower_ms, reset_ms (-1 for the first rep); peak_deg (top of the clean elevation, so a KICK's
  overshoot counts); max_outward_deg (largest clean abduction, >= 0); raise_peak_dps, lower_peak_dps;
  index; faults (names in bandlift.faults order, exactly the injected ones).
- Sensor: per-axis bias (gyro up to +-0.05 rad/s, plus a zero-rate offset of gyro_offset rad/s in a direction of
  its own; accel up to +-0.3 m/s^2), white noise (0.005 rad/s,
  0.03 m/s^2 rms), int16 quantization at the LSM6DS sensitivity of the configured range and clipping at
  the int16 limits (+-4 g: 0.122 mg/LSB; 1000 dps: 35 mdps/LSB).
- Sampling: ticks are integer ms from supervisor.ticks_ms(), wrapping at 2**29; spacing nominal 1/rate with
  uniform jitter of +-jitter of the period and occasional 60-150 ms stalls (display refresh). The IMU is
  sampled at the tick.
- What people add (sim/athlete/people.py, off by default, NOT in the truth): one-leg sway of the lifting thigh,
  balance jolts, a set that starts with the leg up, a strap turned / flipped / moved to the other leg mid-set,
  a kick overshoot caught in ~150 ms, a gyro stuck at full scale at power-up. situations.py draws one set per
  situation for the accuracy report.
Everything random is drawn from random.Random(spec.seed) in a fixed order: the same spec gives the same set.

Use: generate(random_set(random.Random(seed), faulty=True)) -> Session (.samples, .truth, .spec, .motion);
Motion(spec).true_imu(t_s) for the twin; load_script(path) for JSON scripts (sim/athlete/script.py);
`python -m sim athlete [--script FILE | --seed N [--faulty] [--reps N]] --out rec.csv` writes the recording
CSV (`# spec: {json}`, one `# truth: {json}` line per rep, header `t_ms,ax,ay,az,gx,gy,gz`, 7 significant
digits); `python -m sim athlete --bench` prints generation speed.
"""

import bisect
import math
import random

from sim.athlete.moves import MJ_PEAK, Moves, dwell_gap, onset_frac, phase, tails
from sim.athlete.script import ScriptError, load_script, spec_to_json  # noqa: F401 (re-exported)
from sim.athlete.spec import (  # noqa: F401  (re-exported: sim.athlete is the public face)
    ACCEL_MG_PER_LSB, FAULT_NAMES, GYRO_MDPS_PER_LSB, MG, POSTURES, SETTLE_DPS, TICKS_PERIOD, TWO_PI, RepSpec, SetSpec,
    random_set,
)
from sim.athlete.kinematics import MOUNTS, Leg
from sim.athlete import people

# ---------------------------------------------------------------- the motion of one set


def _ramp(t, a, b, r):
    """Raised-cosine window on [a, b] with ramps of r ms: (e, de/dt per s, d2e/dt2 per s^2)."""
    if t <= a or t >= b:
        return 0.0, 0.0, 0.0
    if t < a + r:
        u, sg = (t - a) / r, 1.0
    elif t > b - r:
        u, sg = (b - t) / r, -1.0
    else:
        return 1.0, 0.0, 0.0
    w = math.pi * 1000.0 / r  # rad/s
    return 0.5 * (1.0 - math.cos(math.pi * u)), sg * 0.5 * w * math.sin(math.pi * u), 0.5 * w * w * math.cos(math.pi * u)


class Motion:
    """The physical motion of one set: clean moves, hold oscillations, body sway, and the strapped sensor.

    true_imu(t_s) gives noise-free (ax, ay, az, gx, gy, gz) at t_s seconds after the set began (for the
    digital twin); plan holds the per-rep timing in ms from the set's start.
    """

    def __init__(self, spec):
        rng = random.Random(spec.seed)
        self.spec = spec
        (lo, hi), _ = MOUNTS.get(spec.mount, ((0.25, 0.25), 0))
        r_m = spec.r_m if spec.r_m is not None else rng.uniform(lo, hi)
        self.leg = Leg(spec.mount, spec.side, spec.strap_deg, spec.flipped, spec.board_deg, r_m=r_m)
        # Body sway: two sinusoids each on roll and pitch, 0.2-0.8 deg in total, 0.1-0.5 Hz.
        amp = rng.uniform(0.2, 0.8) if spec.sway else 0.0
        self.sway = []
        for axis in (0, 0, 1, 1):
            self.sway.append((axis, amp * rng.uniform(0.2, 0.5), 2 * math.pi * rng.uniform(0.1, 0.5),
                              rng.uniform(0, 2 * math.pi)))
        self.gyro_bias = tuple(rng.uniform(-0.05, 0.05) for _ in range(3)) if spec.noise else (0.0,) * 3
        if spec.gyro_offset > 0.0:
            # (its own generator: the sets drawn without it keep their people and their noise)
            orng = random.Random(spec.seed * 61 + 7)
            v = [orng.gauss(0.0, 1.0) for _ in range(3)]
            n = math.sqrt(sum(x * x for x in v)) or 1.0
            self.gyro_bias = tuple(b + spec.gyro_offset * x / n for b, x in zip(self.gyro_bias, v))
        self.accel_bias = tuple(rng.uniform(-0.3, 0.3) for _ in range(3)) if spec.noise else (0.0,) * 3
        # What people add (sim/athlete/people.py) draws from its own generator: plain sets stay as they were.
        xr = random.Random(spec.seed * 31 + 5)
        self.leg_sway = people.leg_sway(xr, spec.leg_sway_deg)
        self.side_sway = [(0.5 * a, f, p + 1.0) for a, f, p in people.leg_sway(xr, spec.leg_sway_deg)]
        self.change = None
        self.base_pitch = POSTURES.get(spec.posture, 0.0)
        self._plan(rng)
        self.jolt = Moves(people.jolt_moves(xr, self.end_ms)) if spec.jolts else None
        # (drawn after the jolts from the same generator: sets without shifts stay as they were)
        self.shift = Moves(people.shift_moves(xr, self.end_ms, spec.shift_deg)) if spec.shift_deg > 0.0 else None
        leg2 = people.other_leg(spec, self.leg.r_m)
        if leg2 is not None:
            # (a hand's handling draws from its own generator: the sets drawn before keep their people)
            self.change = people.StrapChange(self.leg, leg2, self.change_t0, spec.change_ms,
                                             (spec.change_tip_deg, spec.change_tip_axis_deg),
                                             random.Random(spec.seed * 53 + 11))

    def _plan(self, rng):
        spec, reps = self.spec, self.spec.reps
        ramp = spec.ramp  # (0: minimum-jerk moves; else steady ones, moves.py)
        th, ph, holds, plan = [], [], [], []
        n = len(reps)
        # Per-rep extras, drawn in order so the set is deterministic.
        extra = []
        for r in reps:
            e = {"ov": rng.uniform(0.0, 0.08) if "KICK" in r.faults else 0.0,
                 "un": rng.uniform(0.5, 3.0) if "DROP" in r.faults else 0.0,
                 "abd": rng.uniform(16.0, 25.0) if "DRIFT" in r.faults else rng.uniform(-1.5, 3.0),
                 "trem": (rng.uniform(0.05, 0.12), rng.uniform(8.0, 12.0), rng.uniform(0, 6.3)),
                 "lsway": (rng.uniform(0.2, 0.5), rng.uniform(0.3, 0.8), rng.uniform(0, 6.3))}
            wf = rng.uniform(2.0, 4.0)
            wa = min(rng.uniform(1.5, 4.0), 40.0 / (2 * math.pi * wf))
            e["wob"] = (wa, wf, rng.uniform(0, 6.3)) if "WOBBLE" in r.faults else None
            extra.append(e)
        t = float(max(spec.lead_ms, reps[0].reset_ms))
        if spec.start_up_deg:
            # The leg is up when the recording starts (strapped on with the foot raised), held, then lowered.
            th.append((-10.0, 1.0, float(spec.start_up_deg)))
            th.append((float(spec.start_up_ms), float(spec.start_up_lower_ms), -float(spec.start_up_deg)))
            t += spec.start_up_ms + spec.start_up_lower_ms
        self.change_t0 = None
        for i, r in enumerate(reps):
            e = extra[i]
            P = float(r.peak_deg)
            if i > 0:
                prev = reps[i - 1]
                pa = P_prev_amp
                gap = dwell_gap(prev.lower_ms, pa, r.raise_ms, P * (1 + e["ov"]), r.reset_ms, ramp)
                t = t_prev_lower_end + gap
                if i == spec.change_after + 1:
                    # the strap is changed after the previous rep: standing, handling, standing again
                    self.change_t0 = t_prev_lower_end + spec.change_wait_ms
                    t += spec.change_wait_ms + spec.change_ms + spec.change_rest_ms
            t_r = t
            ov = e["ov"]
            # Settle after an overshoot: slow (<= half the raise threshold, <= SETTLE_DPS) and done before the
            # lowering, so it is neither movement nor wobble.
            ts = max(300.0, ov * r.raise_ms / (0.05 * (1 + ov)), MJ_PEAK * ov * P * 1000.0 / SETTLE_DPS)
            if spec.settle_ms:
                # a kick's overshoot that the leg catches quickly: a fast settle, still no wobble
                ts = float(spec.settle_ms)
            if ov and r.pause_ms - tails(P, r.raise_ms, r.lower_ms, ramp) < ts:
                ov = 0.0
            gap_p = dwell_gap(r.raise_ms, P * (1 + ov), r.lower_ms, -P, r.pause_ms, ramp)
            th.append((t_r, float(r.raise_ms), P * (1 + ov)))
            if ov:
                th.append((t_r + r.raise_ms, ts, -P * ov))
            t_l = t_r + r.raise_ms + gap_p
            un = e["un"]
            tu = max(300.0, 20.0 * un * r.lower_ms / (P + un), MJ_PEAK * un * 1000.0 / SETTLE_DPS) if un else 0.0
            nxt = reps[i + 1] if i + 1 < n else None
            nxt_gap = (nxt.reset_ms - tails(nxt.peak_deg, r.lower_ms, nxt.raise_ms, ramp)) if nxt else spec.tail_ms
            if un and nxt_gap < tu:
                un = 0.0
            th.append((t_l, float(r.lower_ms), -(P + un)))
            if un:
                th.append((t_l + r.lower_ms, tu, un))
            # The leg drifts out late in the raise and on into the pause (a drift, not a planned sideways lift),
            # and comes back with the lowering.
            t_a = t_r + 0.3 * r.raise_ms
            ph.append((t_a, 0.7 * r.raise_ms + min(800.0, max(0.0, 0.5 * gap_p)), e["abd"]))
            if spec.drift_loop and "DRIFT" in r.faults:
                # swung out at the top and brought back in only once down: the leg's path is a loop (the
                # board twists about the leg by the loop's solid angle, most on a big lift)
                ph.append((t_l + r.lower_ms, 600.0, -e["abd"]))
            else:
                ph.append((t_l, float(r.lower_ms), -e["abd"]))
            h0 = t_r + (1 - onset_frac(P * (1 + ov), r.raise_ms, ramp)) * r.raise_ms
            h1 = t_l + onset_frac(P + un, r.lower_ms, ramp) * r.lower_ms
            if h1 > h0:
                holds.append((h0, h1, e))
            plan.append({"raise_t0": t_r, "lower_t0": t_l, "peak_amp": P * (1 + ov), "lower_amp": P + un,
                         "abd": e["abd"]})
            P_prev_amp = -(P + un)
            t_prev_lower_end = t_l + r.lower_ms
        self.end_ms = int(t_prev_lower_end + max(spec.tail_ms, tu if un else 0.0)) + 1
        self.theta = Moves(th, ramp)
        self.phi = Moves(ph)
        self.holds = holds
        self.hold_t0 = [h[0] for h in holds]
        self.plan = plan

    def angles(self, t):
        """theta, phi, roll, pitch with rates and accelerations at t ms: 12 floats (deg, deg/s, deg/s^2)."""
        th, thd, thdd = self.theta.at(t)
        ph, phd, phdd = self.phi.at(t)
        k = bisect.bisect_right(self.hold_t0, t) - 1
        if k >= 0 and t < self.holds[k][1]:
            h0, h1, e = self.holds[k]
            osc = [e["wob"]] if e["wob"] else []
            if self.spec.sway:
                osc += [e["trem"], e["lsway"]]
            ts = t / 1000.0
            for a, f, p in osc:
                # Each oscillation faded in/out over 200 ms (or a third of a short hold).
                env, envd, envdd = _ramp(t, h0, h1, min(200.0, (h1 - h0) / 3.0))
                if env == 0.0:
                    continue
                w = 2 * math.pi * f
                sn, cs = math.sin(w * ts + p), math.cos(w * ts + p)
                th += env * a * sn
                thd += envd * a * sn + env * a * w * cs
                thdd += envdd * a * sn + 2 * envd * a * w * cs - env * a * w * w * sn
        ts = t / 1000.0
        if self.leg_sway:
            # one-leg stance: the lifting thigh sways with the body (people.py)
            x, v, a = people.oscillate(self.leg_sway, ts)
            th, thd, thdd = th + x, thd + v, thdd + a
            x, v, a = people.oscillate(self.side_sway, ts)
            ph, phd, phdd = ph + x, phd + v, phdd + a
        if self.jolt is not None:
            x, v, a = self.jolt.at(t)
            th, thd, thdd = th + x, thd + v, thdd + a
        if self.shift is not None:
            x, v, a = self.shift.at(t)
            th, thd, thdd = th + x, thd + v, thdd + a
        (_, ra, rw, rp), (_, rb, rv, rq), (_, pa, pw, pp), (_, pb, pv, pq) = self.sway
        sn1, cs1, sn2, cs2 = math.sin(rw * ts + rp), math.cos(rw * ts + rp), math.sin(rv * ts + rq), math.cos(rv * ts + rq)
        sn3, cs3, sn4, cs4 = math.sin(pw * ts + pp), math.cos(pw * ts + pp), math.sin(pv * ts + pq), math.cos(pv * ts + pq)
        # the pelvis tilting back with a big lift (SetSpec.pelvis_tilt; pitch < 0 adds to the flexion's turn)
        k = self.spec.pelvis_tilt / 120.0
        return (th, thd, thdd, ph, phd, phdd,
                ra * sn1 + rb * sn2, ra * rw * cs1 + rb * rv * cs2, -ra * rw * rw * sn1 - rb * rv * rv * sn2,
                self.base_pitch + pa * sn3 + pb * sn4 - k * th * th, pa * pw * cs3 + pb * pv * cs4 - 2.0 * k * th * thd,
                -pa * pw * pw * sn3 - pb * pv * pv * sn4 - 2.0 * k * (thd * thd + th * thdd))

    def true_imu(self, t_s):
        """Noise-free physical (ax, ay, az, gx, gy, gz) at t_s seconds from the set's start."""
        return self.imu_at(t_s * 1000.0)

    def imu_at(self, t):
        """Noise-free (ax, ay, az, gx, gy, gz) at t ms; across a strap change, from the leg it sits on."""
        if self.change is None:
            return self.leg.imu(*self.angles(t))
        leg = self.change.leg_at(t)
        if leg is None:
            return self.change.imu(t)
        return leg.imu(*self.angles(t))

    def truth(self):
        """Per-rep ground truth (ms relative to the set's start; generate() turns them into ticks)."""
        out = []
        prev_end = None
        reps = self.spec.reps
        for i, r in enumerate(reps):
            p = self.plan[i]
            mv = self.theta
            rs, re, rpk = phase(mv, p["raise_t0"], r.raise_ms, 1.0)
            ls, le, lpk = phase(mv, p["lower_t0"], r.lower_ms, -1.0)
            # The top is where the speed changes sign, between the raise's end and the lowering's start.
            tp = max(range(re, max(re, ls) + 1, 5), key=lambda t: mv.at(t)[0])
            peak = max(mv.at(t)[0] for t in range(tp - 5, tp + 6))
            # Deg out of the lifting plane: coarse scan, then 1 ms around the widest.
            to = max(range(rs, le + 1, 25), key=lambda t: self.phi.at(t)[0])
            outward = max(self.phi.at(t)[0] for t in range(to - 25, to + 26))
            out.append({"index": i, "start_rel": rs, "raise_end_rel": re, "lower_start_rel": ls, "end_rel": le,
                        "raise_ms": re - rs, "hold_ms": ls - re, "lower_ms": le - ls,
                        "reset_ms": -1 if prev_end is None else rs - prev_end,
                        "peak_deg": round(peak, 3), "max_outward_deg": round(max(0.0, outward), 3),
                        "raise_peak_dps": round(rpk, 2), "lower_peak_dps": round(lpk, 2),
                        "faults": [f for f in FAULT_NAMES if f in r.faults]})
            prev_end = le
        return out


# ---------------------------------------------------------------- sensor and sampling


class Session:
    def __init__(self, spec, samples, truth, motion):
        self.spec, self.samples, self.truth, self.motion = spec, samples, truth, motion


def generate(spec, check=True):
    """The set as samples [(t_ms, ax, ay, az, gx, gy, gz)] and per-rep truth dicts (ticks wrap at 2**29)."""
    if check:
        bad = spec.problems()
        if bad:
            raise ValueError("; ".join("%s: %s" % fw for fw in bad))
    motion = Motion(spec)
    rng = random.Random(spec.seed * 7919 + 17)  # timing and noise: separate from the motion's draws
    a_lsb = ACCEL_MG_PER_LSB[spec.accel_g] * MG
    g_lsb = GYRO_MDPS_PER_LSB[spec.gyro_dps] / 1000.0 * math.pi / 180.0
    gk = float(spec.gyro_scale)  # a gyro converted for another range reads every rate this many times over
    sa, sg = (0.03, 0.005) if spec.noise else (0.0, 0.0)
    ab, gb = motion.accel_bias, motion.gyro_bias
    period = 1000.0 / spec.rate_hz
    imu, angles = motion.leg.imu, motion.angles
    stuck = spec.gyro_stuck_ms
    start, end = spec.start_tick, motion.end_ms
    samples = []
    append, uniform, rand = samples.append, rng.uniform, rng.random
    jit, stall = spec.jitter, spec.stall_prob
    bx, by, bz, cx, cy, cz = ab[0] / a_lsb, ab[1] / a_lsb, ab[2] / a_lsb, gb[0] / g_lsb, gb[1] / g_lsb, gb[2] / g_lsb
    na, ng = sa / a_lsb, sg / g_lsb  # noise in LSB
    sqrt, log, cos, sin = math.sqrt, math.log, math.cos, math.sin
    tf, last = 0.0, -1
    while True:
        t = int(tf)
        if t <= last:
            t = last + 1
        if t > end:
            break
        last = t
        if motion.change is None:
            ax, ay, az, gx, gy, gz = imu(*angles(float(t)))
        else:
            ax, ay, az, gx, gy, gz = motion.imu_at(float(t))
        # Raw int16 counts as the LSM6DS gives them (bias and noise in LSB), clipped, then scaled back.
        # Gaussian noise by Box-Muller, two normals per pair of uniforms (6 gauss() calls cost more).
        m1, m2, m3 = sqrt(-2.0 * log(1.0 - rand())), sqrt(-2.0 * log(1.0 - rand())), sqrt(-2.0 * log(1.0 - rand()))
        p1, p2, p3 = TWO_PI * rand(), TWO_PI * rand(), TWO_PI * rand()
        r = [round(ax / a_lsb + bx + na * m1 * cos(p1)), round(ay / a_lsb + by + na * m1 * sin(p1)),
             round(az / a_lsb + bz + na * m2 * cos(p2)), round(gk * gx / g_lsb + cx + ng * m2 * sin(p2)),
             round(gk * gy / g_lsb + cy + ng * m3 * cos(p3)), round(gk * gz / g_lsb + cz + ng * m3 * sin(p3))]
        if t < stuck:
            r[3] = r[4] = r[5] = 32767  # a gyro stuck at full scale (power-up fault)
        for i in range(6):
            if r[i] > 32767:
                r[i] = 32767
            elif r[i] < -32768:
                r[i] = -32768
        append(((start + t) % TICKS_PERIOD, r[0] * a_lsb, r[1] * a_lsb, r[2] * a_lsb,
                r[3] * g_lsb, r[4] * g_lsb, r[5] * g_lsb))
        tf += period * (1.0 + uniform(-jit, jit))
        if stall and rand() < stall:
            tf += uniform(60.0, 150.0)
    truth = []
    for d in motion.truth():
        tick = {k[:-4] + "_ms": (start + d.pop(k)) % TICKS_PERIOD
                for k in ("start_rel", "raise_end_rel", "lower_start_rel", "end_rel")}
        truth.append(dict(tick, **d))
    return Session(spec, samples, truth, motion)

