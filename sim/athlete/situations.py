"""Situation sets: what people do that a tidy set leaves out, one kind per set (sim/athlete/people.py).

situation_set(kind, seed) -> SetSpec, drawn from random.Random(seed) around a random set (spec.random_set),
always standing on one leg (the lifting thigh sways 0.5-2 deg), so every situation comes with that sway:
- "sway": a clean set with one-leg sway of 1-2 deg (the most a steady person shows).
- "unsteady": 1.5-2 deg of sway plus a quick balance correction every 2-5 s.
- "leg_up_start": the recording starts with the leg raised 20-50 deg, held 1.5-4 s, then lowered;
  the person stands 2-3 s and starts the set.
- "strap_turn", "strap_flip", "other_leg": after rep 3-6 of 10-14 the strap is turned 90-180 deg around the
  leg, the board turned over, or the strap moved to the other leg at a strap angle other than the front.
- "first_rep_drift": the first rep drifts outward (DRIFT), the rest are clean.
- "turnover": a third of the reps turn over at the top without a dwell (NO_PAUSE): with a 0-60 ms pause (the
  moves overlap), or (every other rep) the lowering begins 0-60 ms after the raise ended, so the pause measured
  between their 10 % points is the moves' slow ends, 0.3-0.8 s (docs/design.md).
- "kick_settle": a third of the reps are kicks whose overshoot (3-8 %) the leg catches within 150 ms.
- "gyro_stuck": the gyro reads full scale on every axis for the first 3-5 s, while the person stands.
- "rehab": a person with little range: 10-20 deg lifts at slow tempos, 5-8 s a rep, standing or lying.
- "big_fast": big lifts without a pause, 39-118 deg (median ~90; a knee-bent lift takes the thigh this high),
  raised at up to 110 deg/s and lowered at once (NO_PAUSE on every rep); the pelvis tilts back with the lift
  (SetSpec.pelvis_tilt 0-0.25: the thigh ends up to 29 deg further round against gravity), as in knee_bent.
- "supine": lying on the back, thigh strap, 15-30 deg straight-leg raises over 5-8 s (the real e3 session).
- "seated": a seated knee extension, shin strap turning about the knee, 45-75 deg, 5-7 s a rep.
- "gyro_scale": the gyro reads 0.2-0.45x or 2.2-5x the true rate (converted for another range than the one set);
  a third of the sets 0.6-0.8x or 1.3-1.6x instead (a conversion got wrong by less than a range step).
- "leg_up_still": the leg is up 20-50 deg when the recording starts, held perfectly still 2-4 s (no sway),
  then lowered over 2-3 s; the person stands 2-3 s and starts the set. The board sits at any angle on the strap.
- "other_leg_rest": after rep 3-6 the strap is moved to the other leg during a rest, undone, taken off into the
  hand (the board tipped 60-120 deg), turned and carried across, put on and fastened as a hand does it (people.py),
  then the person stands still 40 s before going on (the game's rest screen waits for the core to say so).
- "early_start": the first rep starts 1-1.5 s after the recording starts.
- "knee_bent": a standing knee-bent single-leg lift (hip flexion with the knee bent), thigh strap at any angle
  and the board at any angle on it, flipped or not: the thigh to 39-118 deg (median ~90), raised and lowered at once (NO_PAUSE on every rep);
  in half of the sets a third of the reps are done wrong (KICK, DROP, SHORT or DRIFT). (On the thigh the knee-bent
  lift reads as a hip flexion; a shin strap would barely turn, the shin staying near vertical, so the kind is
  thigh-only.)
  The big lifts (big_fast, knee_bent, swing_out) are read through the device's gyro range, 1000 dps (or 2000):
  a drop of 100 deg in 0.3 s passes 250 and 500 dps.
- "low_amp": a person with 20-35 deg of range, 5-8 s a rep, standing or lying, whose reps after the third are
  now and then (2-4 of them) low-amplitude executions, as a physiotherapy protocol has them: 25-35 % of the
  range (SHORT), raised and lowered in 0.6-1x the time of a full one. Each is a rep.
- "slow_small": 10-20 deg lifts at 8-10 s a rep, standing or lying.
- "shifts": a standing person with 10-45 deg of range (5-8 s a rep) who sways 1-2 deg and shifts their
  weight every 2-6 s, the thigh tilting 1-3 deg each time (SetSpec.shift_deg 2-3): no shift is a rep.
- "swing_out": big lifts as knee_bent draws them (a standing straight-leg raise reads the same on the thigh),
  a third to all of them done wrong by swinging the thigh out 16-25 deg at the top and bringing it in only once
  down (DRIFT with SetSpec.drift_loop: a hip that hikes and turns out; the leg's path is a loop, and the board
  twists about the leg by the solid angle it encloses, 26-35 deg on a 110 deg lift, though the leg ends where
  it began).
- "big_scale": big lifts without a pause as big_fast draws them, through a gyro off scale as gyro_scale draws it
  (0.2-0.45x, 0.6-0.8x, 1.3-1.6x or 2.2-5x, each band alike). At the top of such a lift the leg decelerates
  nearly along gravity: the accelerometer reads 0.85-0.95 g there, never the 1 g of a still pose, and a 110 deg
  lift through a 1.5x gyro reads past 165 deg (what a board turned over by hand reads).
- "small_scale": a person with little range, 10-20 deg lifts at 5-10 s a rep, standing or lying (as rehab and
  slow_small draw them), through a gyro off scale as big_scale draws it: a held-out subject of the UCI set raised the
  thigh 15-20 deg over ~6 s lying down, through a gyro reading ~5x. A 10 deg lift through a 0.25x gyro turns at
  most 4 deg/s by the gyro, and the gyro and gravity differ by under 8 deg.
- "leg_up_small": a person with little range, 10-20 deg lifts at 5-8 s a rep, standing or lying (as rehab draws
  them), whose leg is up when the recording starts, at 0.6-1x their lifts' height (what they can hold), held
  perfectly still 2-4 s, then lowered over 2-3 s; the person stands or lies 2-3 s and starts the set. A 7-12 deg
  turn is too small for the board's face or its lever to say which pose hangs (strap.py): a limit, measured here.
- "steady": a clean set of a person who moves at an even pace ("one, two, three" down) rather than along a bell:
  each raise and lowering speeds up over its first 15-30 % and slows down over its last (SetSpec.ramp). The core
  fits bells to a movement unless the speed has shown the person's even pace, over three reps (flank.py): the
  first reps are placed as bells' (their pause short, their lowering long), measured here.
"""

import math
import random

from sim.athlete.moves import MJ_PEAK
from sim.athlete.spec import CLEAN_HOLD_MS, CLEAN_MIN, FAULT_NAMES, RepSpec, pause_for_stop, random_set


def _tempo_set(spec, rng, target, tempo):
    """Clean reps of about `target` deg, each tempo[0]-tempo[1] ms from raise to the end of the lowering."""
    for i in range(len(spec.reps)):
        total = rng.uniform(*tempo)
        up, pause = 0.3 * total * rng.uniform(0.9, 1.1), 0.25 * total * rng.uniform(0.8, 1.2)
        r = RepSpec(round(up), round(pause), round(total - up - pause), rng.randint(1500, 3500),
                    round(target + rng.uniform(-1.5, 1.5), 2))
        spec.reps[i] = _stopped(r)
    spec.target_deg = target

SITUATIONS = ("sway", "unsteady", "leg_up_start", "strap_turn", "strap_flip", "other_leg", "first_rep_drift",
              "turnover", "kick_settle", "gyro_stuck", "rehab", "big_fast", "supine", "seated", "gyro_scale",
              "leg_up_still", "other_leg_rest", "early_start", "knee_bent",
              "low_amp", "slow_small", "shifts", "swing_out", "big_scale", "small_scale", "leg_up_small", "steady")


# What a situation set can be given on top (with_mix): the first rep within 1-1.5 s of the recording's start
# (early_start's; of a stuck gyro's return), a gyro off scale (big_scale's four bands), the board at any angle on
# the strap (leg_up_still's), a gyro zero-rate offset of 5-17 deg/s (an LSM6DS33's is +-10 typical). The checks run
# on other people and sets combine what the kinds show one at a time.
MIXES = ("early", "gyro_scale", "board", "offset")


def with_mix(spec, mix, seed):
    """spec (situation_set(kind, seed)) with what `mix` (one of MIXES) adds, drawn from its own generator: the set's
    person and reps stay. A gyro off scale replaces the set's own scale."""
    if mix not in MIXES:
        raise ValueError("unknown mix %r (known: %s)" % (mix, ", ".join(MIXES)))
    rng = random.Random(seed * 7919 + 1 + MIXES.index(mix))
    if mix == "early":
        _early_first_rep(spec, rng)
    elif mix == "gyro_scale":
        _scale_in_a_band(spec, rng)
    elif mix == "offset":
        spec.gyro_offset = round(rng.uniform(0.09, 0.3), 3)
    else:
        spec.board_deg = round(rng.uniform(0.0, 360.0), 1)
    return spec


def _early_first_rep(spec, rng):
    """The first rep 1-1.5 s after the recording starts (after a stuck gyro comes back, if any)."""
    spec.lead_ms = spec.gyro_stuck_ms + rng.randint(1000, 1500)
    spec.reps[0] = _with_faults(spec.reps[0], spec.reps[0].faults, reset_ms=spec.lead_ms)


def _scale_in_a_band(spec, rng):
    """A gyro off scale, each of gyro_scale's four bands alike: a range step either way, or a conversion wrong by
    less (read through the 2000 dps range: room for the over-read rates before the int16 clips)."""
    spec.gyro_scale = round(rng.uniform(*rng.choice(((0.2, 0.45), (0.6, 0.8), (1.3, 1.6), (2.2, 5.0)))), 2)
    spec.gyro_dps = 2000


def _stopped(r):
    """RepSpec r, its pause long enough for a clean one to stop between its moves (spec.CLEAN_HOLD_MS; no draw)."""
    p = math.ceil(pause_for_stop(CLEAN_HOLD_MS, r.peak_deg, r.raise_ms, r.lower_ms))
    return r if "NO_PAUSE" in r.faults or r.pause_ms >= p else _with_faults(r, r.faults, pause_ms=p)


def _with_faults(r, faults, **fields):
    d = dict(raise_ms=r.raise_ms, pause_ms=r.pause_ms, lower_ms=r.lower_ms, reset_ms=r.reset_ms,
             peak_deg=r.peak_deg)
    d.update(fields)
    return RepSpec(faults=tuple(faults), **d)


def situation_set(kind, seed):
    """A SetSpec of the situation `kind` (see the module docstring), the same for the same seed."""
    if kind not in SITUATIONS:
        raise ValueError("unknown situation %r (known: %s)" % (kind, ", ".join(SITUATIONS)))
    rng = random.Random(seed * 1009 + SITUATIONS.index(kind))
    n = rng.randint(10, 14) if kind in ("strap_turn", "strap_flip", "other_leg", "other_leg_rest") \
        else rng.randint(6, 12)
    spec = random_set(rng, faulty=False, n_reps=n)
    spec.leg_sway_deg = round(rng.uniform(0.5, 2.0), 2)
    spec.lead_ms = rng.randint(2000, 3000)
    if kind == "sway":
        spec.leg_sway_deg = round(rng.uniform(1.0, 2.0), 2)
    elif kind == "unsteady":
        spec.leg_sway_deg = round(rng.uniform(1.5, 2.0), 2)
        spec.jolts = True
    elif kind == "leg_up_start":
        spec.start_up_deg = round(rng.uniform(20.0, 50.0), 1)
        spec.start_up_ms = rng.randint(1500, 4000)
    elif kind in ("strap_turn", "strap_flip", "other_leg"):
        spec.change_after = rng.randint(2, 5)
        spec.change_kind = {"strap_turn": "turn", "strap_flip": "flip", "other_leg": "other_leg"}[kind]
        spec.change_ms = rng.randint(2000, 4000)
        spec.change_rest_ms = rng.randint(3000, 4000)
        if kind == "strap_turn":
            spec.change_strap_deg = round((spec.strap_deg + rng.choice((-1, 1)) * rng.uniform(90.0, 180.0)) % 360.0, 1)
        else:
            spec.change_strap_deg = round(rng.uniform(30.0, 330.0), 1)
    elif kind == "steady":
        spec.ramp = round(rng.uniform(0.15, 0.3), 3)
    elif kind == "first_rep_drift":
        spec.reps[0] = _with_faults(spec.reps[0], ("DRIFT",))
    elif kind == "turnover":
        for i in range(len(spec.reps)):
            if rng.random() < 1.0 / 3.0:
                r, v = spec.reps[i], rng.uniform(0.0, 60.0)
                if i % 2:
                    v = pause_for_stop(v, r.peak_deg, r.raise_ms, r.lower_ms)  # (no draw: the set stays)
                spec.reps[i] = _with_faults(r, ("NO_PAUSE",), pause_ms=round(v))
    elif kind == "kick_settle":
        spec.settle_ms = 150.0
        for i in range(len(spec.reps)):
            if rng.random() < 1.0 / 3.0:
                r = spec.reps[i]
                spec.reps[i] = _with_faults(r, ("KICK",), raise_ms=round(rng.uniform(300.0, 500.0)),
                                            pause_ms=max(r.pause_ms, CLEAN_MIN["NO_PAUSE"][1] + 400))
    elif kind in ("rehab", "supine", "seated", "low_amp", "slow_small", "shifts", "small_scale", "leg_up_small"):
        lo, hi, tempo = {"rehab": (10.0, 20.0, (5000, 8000)), "supine": (15.0, 30.0, (5000, 8000)),
                         "leg_up_small": (10.0, 20.0, (5000, 8000)),
                         "small_scale": (10.0, 20.0, (5000, 10000)),
                         "seated": (45.0, 75.0, (5000, 7000)), "low_amp": (20.0, 35.0, (5000, 8000)),
                         "slow_small": (10.0, 20.0, (8000, 10000)), "shifts": (10.0, 45.0, (5000, 8000))}[kind]
        _tempo_set(spec, rng, round(rng.uniform(lo, hi), 1), tempo)
        if kind == "low_amp":
            for i in rng.sample(range(3, len(spec.reps)), min(rng.randint(2, 4), len(spec.reps) - 3)):
                r, k = spec.reps[i], rng.uniform(0.6, 1.0)
                spec.reps[i] = _stopped(_with_faults(r, ("SHORT",), raise_ms=round(k * r.raise_ms),
                                                     peak_deg=round(spec.target_deg * rng.uniform(0.25, 0.35), 2),
                                                     lower_ms=round(k * r.lower_ms)))
        if kind == "shifts":
            spec.leg_sway_deg = round(rng.uniform(1.0, 2.0), 2)
            spec.shift_deg = round(rng.uniform(2.0, 3.0), 2)
        elif kind == "supine" or kind in ("rehab", "low_amp", "slow_small", "small_scale", "leg_up_small") \
                and rng.random() < 0.5:
            spec.posture, spec.mount, spec.leg_sway_deg = "supine", "thigh", 0.0
        elif kind == "seated":
            spec.posture, spec.mount, spec.leg_sway_deg = "seated", "shin", 0.0
            spec.r_m = round(rng.uniform(0.15, 0.3), 3)  # below the knee, the pivot
    elif kind in ("big_fast", "big_scale"):
        top = min(113.0, max(41.0, rng.gauss(90.0, 18.0)))  # the person's height (sets: 39-118 deg)
        for i, r in enumerate(spec.reps):
            peak = round(top * rng.uniform(0.95, 1.05), 1)
            up = max(900.0, MJ_PEAK * peak * 1000.0 / 110.0)
            spec.reps[i] = RepSpec(round(up * rng.uniform(1.0, 1.3)), round(rng.uniform(0.0, 100.0)),
                                   round(max(1300.0, MJ_PEAK * peak * 1000.0 / 95.0) * rng.uniform(1.0, 1.3)),
                                   rng.randint(800, 2000), peak, ("NO_PAUSE",))
        spec.target_deg = None
    elif kind in ("knee_bent", "swing_out"):
        spec.mount, spec.r_m = "thigh", None
        spec.board_deg = round(rng.uniform(0.0, 360.0), 1)  # the board at any angle on the strap, too
        top = min(118.0, max(39.0, rng.gauss(90.0, 16.0)))
        wrong = rng.random() < 0.5
        for i, r in enumerate(spec.reps):
            peak = round(min(118.0, top * rng.uniform(0.95, 1.05)), 1)
            up = max(800.0, MJ_PEAK * peak * 1000.0 / 110.0) * rng.uniform(1.0, 1.3)
            down = max(1200.0, MJ_PEAK * peak * 1000.0 / 95.0) * rng.uniform(1.0, 1.3)
            faults = ["NO_PAUSE"]
            if wrong and rng.random() < 1.0 / 3.0:
                f = rng.choice(("KICK", "DROP", "SHORT", "DRIFT"))  # (DRIFT: the thigh swings out 16-25 deg)
                faults.append(f)
                if f == "KICK":
                    up = rng.uniform(300.0, 500.0)
                elif f == "DROP":
                    down = rng.uniform(300.0, 600.0)
                elif f == "SHORT":
                    peak = round(max(11.0, top * rng.uniform(0.45, 0.62)), 1)
            spec.reps[i] = RepSpec(round(up), round(rng.uniform(0.0, 100.0)), round(down), rng.randint(800, 2000),
                                   peak, tuple(faults))
        spec.target_deg = round(top, 1)
        if kind == "swing_out":
            share = rng.uniform(1.0 / 3.0, 1.0)
            for i, r in enumerate(spec.reps):
                if rng.random() < share:
                    spec.reps[i] = _with_faults(r, [f for f in FAULT_NAMES if f in r.faults or f == "DRIFT"],
                                                reset_ms=max(r.reset_ms, 1000))
            spec.drift_loop = True
    if kind in ("big_fast", "knee_bent", "swing_out") and spec.gyro_dps < 1000:
        # the device sets the gyro to 1000 dps and keeps it (bandlift/hw/imu_setup.py); a 250 or 500 dps range, which
        # the standard sets draw for their 25-60 deg lifts, clips a big lift's drop (100 deg in 0.3 s peaks at
        # 470-625 deg/s) and reads the leg still 20-30 deg up once down: a reading the board never gives
        spec.gyro_dps = 1000
    if kind in ("big_fast", "knee_bent", "swing_out", "big_scale"):
        # the pelvis tilts back as the thigh comes up: at the top of a 90-118 deg lift the thigh is 0-29 deg further
        # round against gravity than the hip's angle (what a motion capture of the hip reports)
        spec.pelvis_tilt = round(rng.uniform(0.0, 0.25), 3)
    if kind in ("big_scale", "small_scale"):
        _scale_in_a_band(spec, rng)
    if kind == "gyro_scale":
        spec.gyro_scale = round(rng.uniform(0.2, 0.45) if rng.random() < 0.5 else rng.uniform(2.2, 5.0), 2)
        spec.gyro_dps = 2000  # room for the over-read rates before the int16 clips
        if rng.random() < 1.0 / 3.0:
            # (drawn after the rest: the sets drawn before keep their people) a third read 0.6-0.8x or 1.3-1.6x: no
            # range step, a scale a conversion got wrong; a big lift read 1.5x goes past what a leg can do
            spec.gyro_scale = round(rng.uniform(0.6, 0.8) if rng.random() < 0.5 else rng.uniform(1.3, 1.6), 2)
    elif kind == "leg_up_still":
        spec.start_up_deg = round(rng.uniform(20.0, 50.0), 1)
        spec.start_up_ms = rng.randint(2000, 4000)
        spec.start_up_lower_ms = rng.randint(2000, 3000)
        spec.leg_sway_deg = 0.0
        spec.sway = False  # held perfectly still
        # the board at any angle on the strap (as people put it on): worn on the side of the leg, the board's
        # face and edges then say nothing of which pose hangs (strap.py), only the lifts do
        spec.board_deg = round(rng.uniform(0.0, 360.0), 1)
    elif kind == "leg_up_small":
        spec.start_up_deg = round(spec.target_deg * rng.uniform(0.6, 1.0), 1)
        spec.start_up_ms = rng.randint(2000, 4000)
        spec.start_up_lower_ms = rng.randint(2000, 3000)
        spec.leg_sway_deg = 0.0
        spec.sway = False  # held perfectly still
    elif kind == "other_leg_rest":
        spec.change_after = rng.randint(2, 5)
        spec.change_kind = "other_leg"
        spec.change_ms = rng.randint(2000, 4000)
        spec.change_rest_ms = 40000
        spec.change_strap_deg = round(rng.uniform(30.0, 330.0), 1)
        # taken off the leg into the hand on the way: the board tips 60-120 deg about a horizontal axis
        spec.change_tip_deg = round(rng.uniform(60.0, 120.0), 1)
        spec.change_tip_axis_deg = round(rng.uniform(0.0, 360.0), 1)
        # a hand turns the board at 150-450 deg/s (people.py): read through the device's range, 1000 dps (imu_setup.py
        # sets it and keeps it), not a 250 or 500 dps range that clips a wrist's turn and loses what it turned
        spec.gyro_dps = max(spec.gyro_dps, 1000)
    elif kind == "early_start":
        _early_first_rep(spec, rng)
    elif kind == "gyro_stuck":
        spec.gyro_stuck_ms = rng.randint(3000, 5000)
        spec.lead_ms = spec.gyro_stuck_ms + rng.randint(2500, 3500)
    return spec
