"""The virtual athlete: standing resistance band leg lifts as LSM6DS sample streams with exact ground truth.

Model (units: ms for time, deg for angles, m/s^2 and rad/s for the IMU; frames in sim/kinematics.py):
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
- Sensor: per-axis bias (gyro up to +-0.05 rad/s, accel up to +-0.3 m/s^2), white noise (0.005 rad/s,
  0.03 m/s^2 rms), int16 quantization at the LSM6DS sensitivity of the configured range and clipping at
  the int16 limits (+-4 g: 0.122 mg/LSB; 1000 dps: 35 mdps/LSB).
- Sampling: ticks are integer ms from supervisor.ticks_ms(), wrapping at 2**29; spacing nominal 1/rate with
  uniform jitter of +-jitter of the period and occasional 60-150 ms stalls (display refresh). The IMU is
  sampled at the tick.
Everything random is drawn from random.Random(spec.seed) in a fixed order: the same spec gives the same set.

Use: generate(random_set(random.Random(seed), faulty=True)) -> Session (.samples, .truth, .spec, .motion);
Motion(spec).true_imu(t_s) for the twin; load_script(path) for JSON scripts (sim/athlete_script.py);
`python -m sim athlete [--script FILE | --seed N [--faulty] [--reps N]] --out rec.csv` writes the recording
CSV (`# spec: {json}`, one `# truth: {json}` line per rep, header `t_ms,ax,ay,az,gx,gy,gz`, 7 significant
digits); `python -m sim athlete --bench` prints generation speed.
"""

import bisect
import json
import math
import random
import sys
from dataclasses import dataclass

from sim.athlete_moves import MJ_PEAK, Moves, dwell_gap, onset_frac, phase, tails
from sim.kinematics import MOUNTS, Leg

try:
    from bandlift.faults import NAMES as FAULT_NAMES
except ImportError:  # run from the repo root without lib/ on sys.path
    import os

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
    from bandlift.faults import NAMES as FAULT_NAMES

TICKS_PERIOD = 1 << 29
ACCEL_MG_PER_LSB = {2: 0.061, 4: 0.122, 8: 0.244, 16: 0.488}
GYRO_MDPS_PER_LSB = {125: 4.375, 250: 8.75, 500: 17.5, 1000: 35.0, 2000: 70.0, 4000: 140.0}
MG = 0.00980665  # m/s^2 per mg, as adafruit_lsm6ds

# Ranges a rep's fields must respect for its fault labels to be the truth (fault -> field, lo, hi).
FAULT_RANGES = {"KICK": ("raise_ms", 250, 500), "DROP": ("lower_ms", 250, 600),
                "NO_PAUSE": ("pause_ms", 0, 120), "NO_RESET": ("reset_ms", 0, 150)}
# ...and what a rep WITHOUT the fault must respect, leaving a margin to the fault thresholds.
CLEAN_MIN = {"KICK": ("raise_ms", 800), "DROP": ("lower_ms", 1200), "NO_PAUSE": ("pause_ms", 500),
             "NO_RESET": ("reset_ms", 600)}
CLEAN_RAISE_MAX_DPS = 120.0  # min-jerk peak speed 1.875 * peak / raise_s
CLEAN_LOWER_MAX_DPS = 100.0
SETTLE_DPS = 10.0  # peak speed of the settle after a KICK overshoot or a DROP undershoot
TWO_PI = 2.0 * math.pi


@dataclass
class RepSpec:
    raise_ms: float
    pause_ms: float
    lower_ms: float
    reset_ms: float
    peak_deg: float
    faults: tuple = ()


@dataclass
class SetSpec:
    reps: list
    mount: str = "thigh"
    side: str = "right"
    strap_deg: float = 0.0
    flipped: bool = False
    rate_hz: float = 104
    jitter: float = 0.15
    stall_prob: float = 0.01
    gyro_dps: int = 1000
    accel_g: int = 4
    start_tick: int = 0
    seed: int = 0
    target_deg: float = None  # the set's target range (SHORT is judged against it); None: median peak
    lead_ms: int = 2000  # standing still before the first rep (calibration), >= 1500
    tail_ms: int = 1500  # rest after the last rep, >= 1000
    board_deg: float = 0.0  # board turned about its normal on the strap
    r_m: float = None  # lever arm below the hip (m); None: drawn in the mount's range
    noise: bool = True  # sensor bias and white noise (quantization always)
    sway: bool = True  # body sway, tremor, leg sway (wobble is a fault and stays)

    def target(self):
        if self.target_deg is not None:
            return float(self.target_deg)
        peaks = sorted(r.peak_deg for r in self.reps if "SHORT" not in r.faults) or [40.0]
        return peaks[len(peaks) // 2]

    def problems(self):
        """[(field, reason)] for everything that is impossible or would make a fault label untrue."""
        out = []
        if self.mount not in MOUNTS:
            out.append(("mount", "must be one of %s" % ", ".join(sorted(MOUNTS))))
        if self.side not in ("right", "left"):
            out.append(("side", "must be 'right' or 'left'"))
        if not 10 <= self.rate_hz <= 1000:
            out.append(("rate_hz", "must be 10-1000 Hz"))
        if not 0 <= self.jitter <= 0.5:
            out.append(("jitter", "must be 0-0.5 of the period"))
        if not 0 <= self.stall_prob <= 0.2:
            out.append(("stall_prob", "must be 0-0.2"))
        if self.gyro_dps not in GYRO_MDPS_PER_LSB:
            out.append(("gyro_dps", "must be one of %s" % sorted(GYRO_MDPS_PER_LSB)))
        if self.accel_g not in ACCEL_MG_PER_LSB:
            out.append(("accel_g", "must be one of %s" % sorted(ACCEL_MG_PER_LSB)))
        if not 0 <= self.start_tick < TICKS_PERIOD:
            out.append(("start_tick", "must be 0 .. 2**29-1"))
        if self.lead_ms < 1500:
            out.append(("lead_ms", "needs >= 1500 ms standing still for calibration"))
        if self.tail_ms < 1000:
            out.append(("tail_ms", "needs >= 1000 ms of rest at the end"))
        if not self.reps:
            out.append(("reps", "needs at least one rep"))
        target = self.target()
        for i, r in enumerate(self.reps):
            out.extend(("reps[%d].%s" % (i, f), why) for f, why in _rep_problems(r, i, target))
        return out


def _rep_problems(r, i, target):
    out = []
    for f in r.faults:
        if f not in FAULT_NAMES:
            out.append(("faults", "unknown fault %r (known: %s)" % (f, ", ".join(FAULT_NAMES))))
    for f, lo, hi in (("raise_ms", 100, 10000), ("pause_ms", 0, 20000), ("lower_ms", 100, 15000),
                      ("reset_ms", 0, 60000), ("peak_deg", 5, 110)):
        v = getattr(r, f)
        if not isinstance(v, (int, float)) or isinstance(v, bool) or not lo <= v <= hi:
            out.append((f, "must be a number in %s-%s, got %r" % (lo, hi, v)))
    if out:
        return out
    for fault, (f, lo, hi) in FAULT_RANGES.items():
        v = getattr(r, f)
        if fault in r.faults and not lo <= v <= hi:
            out.append((f, "%s needs %s-%s, got %s" % (fault, lo, hi, v)))
        mf, mlo = CLEAN_MIN[fault]
        if fault not in r.faults and getattr(r, mf) < mlo and not (fault == "NO_RESET" and i == 0):
            out.append((mf, "%s below %s looks like %s: add the fault or make it longer" % (v, mlo, fault)))
    if "NO_RESET" in r.faults and i == 0:
        out.append(("faults", "NO_RESET needs a rep before it"))
    if "NO_PAUSE" in r.faults and "WOBBLE" in r.faults:
        out.append(("faults", "WOBBLE needs a pause to wobble in, NO_PAUSE has none"))
    if "SHORT" in r.faults and not (10 < r.peak_deg <= 0.65 * target):
        out.append(("peak_deg", "SHORT needs above 10 and at most 65 %% of the target %.0f deg" % target))
    if "SHORT" not in r.faults and r.peak_deg < 0.85 * target:
        out.append(("peak_deg", "below 85 %% of the target %.0f deg looks SHORT" % target))
    if "KICK" not in r.faults and MJ_PEAK * r.peak_deg * 1000.0 / r.raise_ms > CLEAN_RAISE_MAX_DPS:
        out.append(("raise_ms", "too fast for a clean raise (over %.0f deg/s): add KICK" % CLEAN_RAISE_MAX_DPS))
    if "DROP" not in r.faults and MJ_PEAK * r.peak_deg * 1000.0 / r.lower_ms > CLEAN_LOWER_MAX_DPS:
        out.append(("lower_ms", "too fast for a clean lowering (over %.0f deg/s): add DROP" % CLEAN_LOWER_MAX_DPS))
    return out


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
        self.accel_bias = tuple(rng.uniform(-0.3, 0.3) for _ in range(3)) if spec.noise else (0.0,) * 3
        self._plan(rng)

    def _plan(self, rng):
        spec, reps = self.spec, self.spec.reps
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
        for i, r in enumerate(reps):
            e = extra[i]
            P = float(r.peak_deg)
            if i > 0:
                prev = reps[i - 1]
                pa = P_prev_amp
                gap = dwell_gap(prev.lower_ms, pa, r.raise_ms, P * (1 + e["ov"]), r.reset_ms)
                t = t_prev_lower_end + gap
            t_r = t
            ov = e["ov"]
            # Settle after an overshoot: slow (<= half the raise threshold, <= SETTLE_DPS) and done before the
            # lowering, so it is neither movement nor wobble.
            ts = max(300.0, ov * r.raise_ms / (0.05 * (1 + ov)), MJ_PEAK * ov * P * 1000.0 / SETTLE_DPS)
            if ov and r.pause_ms - tails(P, r.raise_ms, r.lower_ms) < ts:
                ov = 0.0
            gap_p = dwell_gap(r.raise_ms, P * (1 + ov), r.lower_ms, -P, r.pause_ms)
            th.append((t_r, float(r.raise_ms), P * (1 + ov)))
            if ov:
                th.append((t_r + r.raise_ms, ts, -P * ov))
            t_l = t_r + r.raise_ms + gap_p
            un = e["un"]
            tu = max(300.0, 20.0 * un * r.lower_ms / (P + un), MJ_PEAK * un * 1000.0 / SETTLE_DPS) if un else 0.0
            nxt = reps[i + 1] if i + 1 < n else None
            nxt_gap = (nxt.reset_ms - tails(nxt.peak_deg, r.lower_ms, nxt.raise_ms)) if nxt else spec.tail_ms
            if un and nxt_gap < tu:
                un = 0.0
            th.append((t_l, float(r.lower_ms), -(P + un)))
            if un:
                th.append((t_l + r.lower_ms, tu, un))
            # The leg drifts out late in the raise and on into the pause (a drift, not a planned sideways lift),
            # and comes back with the lowering.
            t_a = t_r + 0.3 * r.raise_ms
            ph.append((t_a, 0.7 * r.raise_ms + min(800.0, max(0.0, 0.5 * gap_p)), e["abd"]))
            ph.append((t_l, float(r.lower_ms), -e["abd"]))
            h0 = t_r + (1 - onset_frac(P * (1 + ov), r.raise_ms)) * r.raise_ms
            h1 = t_l + onset_frac(P + un, r.lower_ms) * r.lower_ms
            if h1 > h0:
                holds.append((h0, h1, e))
            plan.append({"raise_t0": t_r, "lower_t0": t_l, "peak_amp": P * (1 + ov), "lower_amp": P + un,
                         "abd": e["abd"]})
            P_prev_amp = -(P + un)
            t_prev_lower_end = t_l + r.lower_ms
        self.end_ms = int(t_prev_lower_end + max(spec.tail_ms, tu if un else 0.0)) + 1
        self.theta = Moves(th)
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
        (_, ra, rw, rp), (_, rb, rv, rq), (_, pa, pw, pp), (_, pb, pv, pq) = self.sway
        sn1, cs1, sn2, cs2 = math.sin(rw * ts + rp), math.cos(rw * ts + rp), math.sin(rv * ts + rq), math.cos(rv * ts + rq)
        sn3, cs3, sn4, cs4 = math.sin(pw * ts + pp), math.cos(pw * ts + pp), math.sin(pv * ts + pq), math.cos(pv * ts + pq)
        return (th, thd, thdd, ph, phd, phdd,
                ra * sn1 + rb * sn2, ra * rw * cs1 + rb * rv * cs2, -ra * rw * rw * sn1 - rb * rv * rv * sn2,
                pa * sn3 + pb * sn4, pa * pw * cs3 + pb * pv * cs4, -pa * pw * pw * sn3 - pb * pv * pv * sn4)

    def true_imu(self, t_s):
        """Noise-free physical (ax, ay, az, gx, gy, gz) at t_s seconds from the set's start."""
        return self.leg.imu(*self.angles(t_s * 1000.0))

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
    sa, sg = (0.03, 0.005) if spec.noise else (0.0, 0.0)
    ab, gb = motion.accel_bias, motion.gyro_bias
    period = 1000.0 / spec.rate_hz
    imu, angles = motion.leg.imu, motion.angles
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
        ax, ay, az, gx, gy, gz = imu(*angles(float(t)))
        # Raw int16 counts as the LSM6DS gives them (bias and noise in LSB), clipped, then scaled back.
        # Gaussian noise by Box-Muller, two normals per pair of uniforms (6 gauss() calls cost more).
        m1, m2, m3 = sqrt(-2.0 * log(1.0 - rand())), sqrt(-2.0 * log(1.0 - rand())), sqrt(-2.0 * log(1.0 - rand()))
        p1, p2, p3 = TWO_PI * rand(), TWO_PI * rand(), TWO_PI * rand()
        r = [round(ax / a_lsb + bx + na * m1 * cos(p1)), round(ay / a_lsb + by + na * m1 * sin(p1)),
             round(az / a_lsb + bz + na * m2 * cos(p2)), round(gx / g_lsb + cx + ng * m2 * sin(p2)),
             round(gy / g_lsb + cy + ng * m3 * cos(p3)), round(gz / g_lsb + cz + ng * m3 * sin(p3))]
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


# ---------------------------------------------------------------- random sets


def _rand_rep(rng, i, target, base, faults):
    """One rep around the athlete's base tempo, consistent with its faults."""
    jit = lambda k, lo, hi: min(hi, max(lo, base[k] * rng.uniform(0.85, 1.15)))  # noqa: E731
    peak = target + rng.uniform(-3.0, 3.0)
    if "SHORT" in faults:
        peak = max(10.5, target * rng.uniform(0.40, 0.65))
    raise_ms = jit("raise", 1000, 2500)
    raise_ms = max(raise_ms, MJ_PEAK * peak * 1000.0 / 110.0)
    lower_ms = jit("lower", 2000, 5000)
    pause_ms, reset_ms = jit("pause", 800, 2500), jit("reset", 800, 3000)
    if "KICK" in faults:
        raise_ms = rng.uniform(250, 500)
    if "DROP" in faults:
        lower_ms = rng.uniform(250, 600)
    if "NO_PAUSE" in faults:
        pause_ms = rng.uniform(0, 120)
    if "NO_RESET" in faults:
        reset_ms = rng.uniform(0, 150)
    return RepSpec(round(raise_ms), round(pause_ms), round(lower_ms), round(reset_ms), round(peak, 2),
                   tuple(f for f in FAULT_NAMES if f in faults))


def random_set(rng, faulty=False, n_reps=None):
    """A realistic set drawn from rng: mount, side, strap, rate, 6-15 reps, target 25-60 deg; with faulty
    about a third of the reps carry one or two faults."""
    n = n_reps if n_reps is not None else rng.randint(6, 15)
    target = round(rng.uniform(25.0, 60.0), 1)
    base = {"raise": rng.uniform(1000, 2500), "lower": rng.uniform(2000, 5000),
            "pause": rng.uniform(800, 2500), "reset": rng.uniform(800, 3000)}
    reps = []
    for i in range(n):
        faults = []
        if faulty and rng.random() < 1.0 / 3.0:
            pool = [f for f in FAULT_NAMES if not (f == "NO_RESET" and i == 0)]
            faults.append(rng.choice(pool))
            if rng.random() < 0.4:
                pool = [f for f in pool if f not in faults
                        and {f, faults[0]} != {"WOBBLE", "NO_PAUSE"}]
                faults.append(rng.choice(pool))
        reps.append(_rand_rep(rng, i, target, base, faults))
    mount = "thigh" if rng.random() < 0.7 else "shin"
    side = rng.choice(("right", "left"))
    strap = round(rng.uniform(0.0, 360.0), 1)
    flipped = rng.random() < 0.3
    rate = rng.randint(26, 208)
    jitter = round(rng.uniform(0.10, 0.30), 3)
    stall = round(rng.uniform(0.0, 0.02), 4)
    gyro = rng.choice((1000, 1000, 1000, 500, 2000, 250))
    accel = rng.choice((4, 4, 4, 4, 8, 16))
    if rng.random() < 0.3:
        start = TICKS_PERIOD - rng.randint(1000, 10000)  # wrap early in the set
    else:
        start = rng.randrange(TICKS_PERIOD)
    return SetSpec(reps, mount=mount, side=side, strap_deg=strap, flipped=flipped, rate_hz=rate, jitter=jitter,
                   stall_prob=stall, gyro_dps=gyro, accel_g=accel, start_tick=start, seed=rng.randrange(2**31),
                   target_deg=target, lead_ms=rng.randint(1500, 3000), tail_ms=rng.randint(1000, 2500))


# ---------------------------------------------------------------- scripts (JSON) and the CLI

from sim.athlete_script import ScriptError, load_script, spec_to_json  # noqa: E402


def write_csv(session, out):
    """The recording CSV: header, `# spec:` and one `# truth:` comment line per rep, then samples."""
    out.write("# bandlift athlete recording\n")
    out.write("# spec: %s\n" % json.dumps(spec_to_json(session.spec), sort_keys=True))
    for d in session.truth:
        out.write("# truth: %s\n" % json.dumps(d, sort_keys=True))
    out.write("t_ms,ax,ay,az,gx,gy,gz\n")
    for s in session.samples:
        out.write("%d,%.7g,%.7g,%.7g,%.7g,%.7g,%.7g\n" % s)


def bench(n_sets=50):
    """Print how fast sets generate (CPU seconds of this process; figures, not a test)."""
    import time

    for rate in (104, 208):
        spec = random_set(random.Random(1), faulty=True, n_reps=30)
        spec.rate_hz = rate
        t = time.process_time()
        s = generate(spec)
        dt = time.process_time() - t
        print("30-rep set at %d Hz: %d samples, %.0f s of motion, generated in %.2f s CPU (%.1f us/sample)" % (
            rate, len(s.samples), s.motion.end_ms / 1000.0, dt, 1e6 * dt / len(s.samples)))
    t = time.process_time()
    n = 0
    for seed in range(n_sets):
        n += len(generate(random_set(random.Random(seed), faulty=seed % 2 == 1)).samples)
    dt = time.process_time() - t
    print("%d random sets (seeds 0..%d): %d samples in %.1f s CPU, %.2f s per set" % (n_sets, n_sets - 1, n, dt,
                                                                                   dt / n_sets))


def main(argv):
    import argparse

    ap = argparse.ArgumentParser(prog="python -m sim athlete", description="Generate a virtual athlete's set "
                                 "as a recording CSV with its ground truth in # comment lines.")
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--script", help="athlete script (JSON), e.g. sim/scripts/clean8.json")
    src.add_argument("--seed", type=int, default=0, help="draw a random set from this seed (default 0)")
    ap.add_argument("--faulty", action="store_true", help="with --seed: about a third of the reps faulty")
    ap.add_argument("--reps", type=int, default=None, help="with --seed: number of reps")
    ap.add_argument("--out", help="CSV to write ('-' for stdout)")
    ap.add_argument("--bench", action="store_true", help="print generation speed figures and exit")
    a = ap.parse_args(argv)
    if a.bench:
        bench()
        return 0
    if not a.out:
        ap.error("--out is required")
    try:
        spec = load_script(a.script) if a.script else random_set(random.Random(a.seed), a.faulty, a.reps)
    except ScriptError as e:
        print(str(e), file=sys.stderr)
        return 2
    session = generate(spec)
    if a.out == "-":
        write_csv(session, sys.stdout)
    else:
        with open(a.out, "w") as f:
            write_csv(session, f)
    faults = sum(len(d["faults"]) > 0 for d in session.truth)
    print("%d reps (%d faulty), %d samples over %.1f s -> %s" % (
        len(session.truth), faults, len(session.samples), session.motion.end_ms / 1000.0, a.out), file=sys.stderr)
    return 0
