"""What a virtual athlete's set is: RepSpec and SetSpec, their checks, and random realistic sets.

Field meanings and units are in sim/athlete/'s docstring; SetSpec.problems() says which fields are
impossible or would make a fault label untrue (a rep labelled DROP must lower fast, a rep without it slowly).
"""

import math
import sys
from dataclasses import dataclass

from sim.athlete.moves import MJ_PEAK, tails
from sim.athlete.kinematics import MOUNTS

try:
    from bandlift.faults import _NAMES as FAULT_NAMES
except ImportError:  # run from the repo root without lib/ on sys.path
    import os

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
    from bandlift.faults import _NAMES as FAULT_NAMES

from bandlift.compat import TICKS_PERIOD  # noqa: E402  (supervisor.ticks_ms() wraps here)

ACCEL_MG_PER_LSB = {2: 0.061, 4: 0.122, 8: 0.244, 16: 0.488}
GYRO_MDPS_PER_LSB = {125: 4.375, 250: 8.75, 500: 17.5, 1000: 35.0, 2000: 70.0, 4000: 140.0}
MG = 0.00980665  # m/s^2 per mg, as adafruit_lsm6ds

# Ranges a rep's fields must respect for its fault labels to be the truth (fault -> field, lo, hi).
FAULT_RANGES = {"KICK": ("raise_ms", 250, 500), "DROP": ("lower_ms", 250, 600),
                "NO_PAUSE": ("pause_ms", 0, 120), "NO_RESET": ("reset_ms", 0, 150)}
# ...and what a rep WITHOUT the fault must respect, leaving a margin to the fault thresholds.
CLEAN_MIN = {"KICK": ("raise_ms", 800), "DROP": ("lower_ms", 1200), "NO_PAUSE": ("pause_ms", 500),
             "NO_RESET": ("reset_ms", 600)}
# The pause is measured (convention) between the moves' 10 % points, so it holds their slow ends: a leg that turns
# over at the top without stopping still "pauses" for those tails (10-18 % of each move; 0.3-0.9 s on slow
# flanks). What a coach sees is the stop between the moves (real_hold_ms): a NO_PAUSE rep stops at most
# NO_PAUSE_REAL_MS, a clean one at least CLEAN_HOLD_MS (docs/design.md, "What the convention leaves in the pause").
NO_PAUSE_REAL_MS = 120
CLEAN_HOLD_MS = 300


def real_hold_ms(r):
    """How long the leg of RepSpec r stands still at the top between its raise and its lowering (ms; below 0: the
    moves overlap)."""
    return r.pause_ms - tails(r.peak_deg, r.raise_ms, r.lower_ms)


def pause_for_stop(stop_ms, peak_deg, raise_ms, lower_ms):
    """The pause (the measured dwell, ms) of a leg that stands still stop_ms at the top between these moves: the stop
    and the moves' slow ends (real_hold_ms's inverse)."""
    return stop_ms + tails(peak_deg, raise_ms, lower_ms)


CLEAN_RAISE_MAX_DPS = 120.0  # min-jerk peak speed 1.875 * peak / raise_s
CLEAN_LOWER_MAX_DPS = 100.0
SETTLE_DPS = 10.0  # peak speed of the settle after a KICK overshoot or a DROP undershoot
TWO_PI = 2.0 * math.pi
# Postures and the body's pitch each sets (deg about the body's right axis): lying on the back turns the body
# so that the leg rests horizontal; seated, the shin hangs as a standing leg does (the knee is the pivot).
POSTURES = {"standing": 0.0, "seated": 0.0, "supine": -90.0}


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
    # Situations people bring (sim/athlete/situations.py); the defaults leave them all out.
    leg_sway_deg: float = 0.0  # one-leg stance: sway of the lifting thigh (deg, peak), slow drift + corrections
    jolts: bool = False  # an unsteady user: a quick balance correction every few seconds
    shift_deg: float = 0.0  # weight shifts on the standing leg: the thigh tilts 1 to this (deg) each time
    start_up_deg: float = 0.0  # the set starts with the leg raised this far (deg), held, then lowered
    start_up_ms: int = 2500  # how long the leg is held up at the start
    change_after: int = -1  # the strap is changed after this rep (index; -1: never) ...
    change_kind: str = ""  # ... "turn" (around the leg), "flip" (board turned over), "other_leg"
    change_strap_deg: float = 0.0  # strap angle after the change (turn, other_leg)
    change_wait_ms: int = 800  # after that rep the person stands this long (ms) before handling the strap ...
    change_ms: int = 3000  # ... handles it this long (ms), then stands change_rest_ms before the next rep
    change_rest_ms: int = 3500
    change_tip_deg: float = 0.0  # the board tipped this far off the leg while it is moved (deg; 0: turned on the
    change_tip_axis_deg: float = 0.0  # leg along the shortest way), about the horizontal axis at this angle
    settle_ms: float = 0.0  # a KICK's overshoot settles in this many ms (0: a slow settle, never a wobble)
    gyro_stuck_ms: int = 0  # the gyro reads full scale on every axis for this long from the start
    start_up_lower_ms: int = 1500  # how long the lowering from a raised start takes
    posture: str = "standing"  # "standing", "seated" (a knee extension: the shin turns about the knee) or
    # "supine" (lying on the back: the leg rests horizontal and lifts from there)
    gyro_scale: float = 1.0  # the gyro reads this many times the true rate (converted for another range)
    gyro_offset: float = 0.0  # rad/s: a zero-rate offset this long on top of the drawn bias, in a direction of its own
    ramp: float = 0.0  # 0: the lift moves along minimum-jerk bells; else a steady mover (an even pace between a start
    # and a stop that each take this share of the move, moves.py)
    # (an LSM6DS33's zero-rate level is +-10 deg/s typical; the drawn bias stays within +-0.05 rad/s an axis)
    drift_loop: bool = False  # a DRIFT rep's leg comes back in only after the lowering (not with it): a loop
    pelvis_tilt: float = 0.0  # a big lift tilts the pelvis back by pelvis_tilt * flexion^2 / 120 deg (0.25: 30 deg at
    # 120 deg of hip flexion): the thigh then rises past the hip's angle against gravity (the sensor sees that)

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
        if self.lead_ms < 1000:
            out.append(("lead_ms", "needs >= 1000 ms standing still for calibration"))
        if self.posture not in POSTURES:
            out.append(("posture", "must be one of %s" % ", ".join(POSTURES)))
        if not 0.0 <= self.pelvis_tilt <= 0.3:
            out.append(("pelvis_tilt", "must be 0-0.3"))
        if not 0.1 <= self.gyro_scale <= 8.0:
            out.append(("gyro_scale", "must be 0.1-8"))
        if not 0.0 <= self.gyro_offset <= 0.4:
            out.append(("gyro_offset", "must be 0-0.4 rad/s (23 deg/s: with the drawn bias, under the 0.52 rad/s "
                        "the core takes for a stuck gyro)"))
        if not 0.0 <= self.ramp <= 0.45:
            out.append(("ramp", "must be 0 (minimum-jerk moves) or up to 0.45 (a steady move's start and stop)"))
        if self.tail_ms < 1000:
            out.append(("tail_ms", "needs >= 1000 ms of rest at the end"))
        if not self.reps:
            out.append(("reps", "needs at least one rep"))
        if not 0.0 <= self.leg_sway_deg <= 3.0:
            out.append(("leg_sway_deg", "must be 0-3 deg"))
        if not 0.0 <= self.shift_deg <= 5.0:
            out.append(("shift_deg", "must be 0-5 deg"))
        if not 0.0 <= self.start_up_deg <= 90.0:
            out.append(("start_up_deg", "must be 0-90 deg"))
        if self.change_after >= 0 and (self.change_kind not in ("turn", "flip", "other_leg")
                                       or self.change_after >= len(self.reps) - 1):
            out.append(("change_after", "needs change_kind turn/flip/other_leg and a rep after the change"))
        if not 0 <= self.change_wait_ms <= 60000:
            out.append(("change_wait_ms", "must be 0-60000 ms"))
        if self.change_after >= 0 and self.change_rest_ms < 2500:
            out.append(("change_rest_ms", "needs >= 2500 ms standing still to re-learn the strap"))
        if not 0.0 <= self.change_tip_deg <= 180.0:
            out.append(("change_tip_deg", "must be 0-180 deg"))
        if self.gyro_stuck_ms and self.gyro_stuck_ms > self.lead_ms - 1000:
            out.append(("gyro_stuck_ms", "must end >= 1000 ms before the first rep (lead_ms)"))
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
                      ("reset_ms", 0, 60000), ("peak_deg", 5, 125)):  # (a knee-bent lift: the thigh to 120)
        v = getattr(r, f)
        if not isinstance(v, (int, float)) or isinstance(v, bool) or not lo <= v <= hi:
            out.append((f, "must be a number in %s-%s, got %r" % (lo, hi, v)))
    if out:
        return out
    for fault, (f, lo, hi) in FAULT_RANGES.items():
        v = getattr(r, f)
        if fault == "NO_PAUSE" and fault in r.faults:
            if not v <= hi and real_hold_ms(r) > NO_PAUSE_REAL_MS:
                out.append((f, "NO_PAUSE needs %s-%s, or a stop of at most %s ms between its moves, got %s (a stop "
                               "of %.0f ms)" % (lo, hi, NO_PAUSE_REAL_MS, v, real_hold_ms(r))))
        elif fault in r.faults and not lo <= v <= hi:
            out.append((f, "%s needs %s-%s, got %s" % (fault, lo, hi, v)))
        mf, mlo = CLEAN_MIN[fault]
        if fault not in r.faults and getattr(r, mf) < mlo and not (fault == "NO_RESET" and i == 0):
            out.append((mf, "%s below %s looks like %s: add the fault or make it longer" % (v, mlo, fault)))
    if "NO_RESET" in r.faults and i == 0:
        out.append(("faults", "NO_RESET needs a rep before it"))
    if "NO_PAUSE" not in r.faults and r.pause_ms >= CLEAN_MIN["NO_PAUSE"][1] and real_hold_ms(r) < CLEAN_HOLD_MS:
        out.append(("pause_ms", "%s ms holds %.0f ms of the moves' slow ends: a stop under %s ms between them looks "
                                "like NO_PAUSE" % (r.pause_ms, r.pause_ms - real_hold_ms(r), CLEAN_HOLD_MS)))
    if "NO_PAUSE" in r.faults and "WOBBLE" in r.faults:
        out.append(("faults", "WOBBLE needs a pause to wobble in, NO_PAUSE has none"))
    # (a short lift is still a lift: above the 4.5 deg that sway and a weight shift reach, with room for them)
    if "SHORT" in r.faults and not (5 <= r.peak_deg <= 0.65 * target):
        out.append(("peak_deg", "SHORT needs 5 deg or more and at most 65 %% of the target %.0f deg" % target))
    if "SHORT" not in r.faults and r.peak_deg < 0.85 * target:
        out.append(("peak_deg", "below 85 %% of the target %.0f deg looks SHORT" % target))
    if "KICK" not in r.faults and MJ_PEAK * r.peak_deg * 1000.0 / r.raise_ms > CLEAN_RAISE_MAX_DPS:
        out.append(("raise_ms", "too fast for a clean raise (over %.0f deg/s): add KICK" % CLEAN_RAISE_MAX_DPS))
    if "DROP" not in r.faults and MJ_PEAK * r.peak_deg * 1000.0 / r.lower_ms > CLEAN_LOWER_MAX_DPS:
        out.append(("lower_ms", "too fast for a clean lowering (over %.0f deg/s): add DROP" % CLEAN_LOWER_MAX_DPS))
    return out


# ---------------------------------------------------------------- random sets


def _rand_rep(rng, i, target, base, faults):
    """One rep around the athlete's base tempo, consistent with its faults."""
    jit = lambda k, lo, hi: min(hi, max(lo, base[k] * rng.uniform(0.85, 1.15)))  # noqa: E731
    peak = target + rng.uniform(-3.0, 3.0)
    if "SHORT" in faults:
        # a short lift, still clearly above a 10 deg minimum range (overlapped moves of a NO_PAUSE lose ~20 %)
        peak = max(16.0, target * rng.uniform(0.40, 0.65))
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
    else:
        # a clean pause is a stop: its measured time holds the moves' slow ends besides (no draw: the set stays)
        pause_ms = max(pause_ms, math.ceil(pause_for_stop(CLEAN_HOLD_MS, round(peak, 2), round(raise_ms),
                                                           round(lower_ms))))
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
