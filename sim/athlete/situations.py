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
- "turnover": a third of the reps turn over at the top without a dwell (NO_PAUSE with a 0-60 ms pause).
- "kick_settle": a third of the reps are kicks whose overshoot (3-8 %) the leg catches within 150 ms.
- "gyro_stuck": the gyro reads full scale on every axis for the first 3-5 s, while the person stands.
"""

import random

from sim.athlete.spec import CLEAN_MIN, RepSpec, random_set

SITUATIONS = ("sway", "unsteady", "leg_up_start", "strap_turn", "strap_flip", "other_leg", "first_rep_drift",
              "turnover", "kick_settle", "gyro_stuck")


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
    n = rng.randint(10, 14) if kind in ("strap_turn", "strap_flip", "other_leg") else rng.randint(6, 12)
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
    elif kind == "first_rep_drift":
        spec.reps[0] = _with_faults(spec.reps[0], ("DRIFT",))
    elif kind == "turnover":
        for i in range(len(spec.reps)):
            if rng.random() < 1.0 / 3.0:
                spec.reps[i] = _with_faults(spec.reps[i], ("NO_PAUSE",), pause_ms=round(rng.uniform(0.0, 60.0)))
    elif kind == "kick_settle":
        spec.settle_ms = 150.0
        for i in range(len(spec.reps)):
            if rng.random() < 1.0 / 3.0:
                r = spec.reps[i]
                spec.reps[i] = _with_faults(r, ("KICK",), raise_ms=round(rng.uniform(300.0, 500.0)),
                                            pause_ms=max(r.pause_ms, CLEAN_MIN["NO_PAUSE"][1] + 400))
    elif kind == "gyro_stuck":
        spec.gyro_stuck_ms = rng.randint(3000, 5000)
        spec.lead_ms = spec.gyro_stuck_ms + rng.randint(2500, 3500)
    return spec
