"""What real people add to a set (sim/athlete/): one-leg sway, balance jolts, a strap changed mid-set.

Units: ms for time, deg for angles (deg/s, deg/s^2 for their rates); the sensor outputs m/s^2 and rad/s.
None of this is in the ground truth: the truth is the clean lift (docs/design.md's convention).

- One-leg sway (SetSpec.leg_sway_deg = A): standing on one leg, the lifting thigh sways with the body. Postural
  sway falls with frequency, so it is a slow drift (0.6 A at 0.2-0.4 Hz) plus faster corrections (0.4 A at
  0.6-1.0 Hz), on the thigh's elevation, and half as much out of the lifting plane. A = 2 deg sways the
  thigh +-2 deg at up to ~8 deg/s.
- Jolts (SetSpec.jolts, an unsteady user): every 2-5 s a quick balance correction, 0.5-1.5 deg out and back
  in 250-450 ms (a min-jerk move each way), on the elevation.
- Weight shifts (SetSpec.shift_deg = S): standing on one leg a person shifts their weight now and then (every
  2-6 s): the pelvis tilts and the hanging thigh with it, by 1-S deg one way or the other (staying within +-S
  of where it hung), in 400-900 ms (a min-jerk move), and stays there until the next shift. A shift has a lift's shape (out, a stop,
  back) but no lift's size: S = 3 deg is a big one.
- A strap change (SetSpec.change_after / change_kind): after that rep the person stands, and for change_ms
  handles the strap: the board turns from where it sat on the leg to where it sits after, along the shortest
  rotation (a min-jerk profile), while the leg stands still. "turn" moves the strap to change_strap_deg around
  the same leg, "flip" turns the board over on the strap, "other_leg" moves it to the other leg at
  change_strap_deg. With change_tip_deg the board is first tipped that far off the leg (into the hand, about a
  horizontal axis at change_tip_axis_deg), then put on. The leg then stands change_rest_ms before the next rep.
"""

import math

from sim.athlete.kinematics import G, Leg
from sim.athlete.moves import Moves

TWO_PI = 2.0 * math.pi


def leg_sway(rng, amp):
    """[(amp_deg, freq_hz, phase_rad)] of the thigh's elevation sway for a peak amplitude amp (deg)."""
    if amp <= 0.0:
        return []
    return [(0.6 * amp, rng.uniform(0.2, 0.4), rng.uniform(0, TWO_PI)),
            (0.4 * amp, rng.uniform(0.6, 1.0), rng.uniform(0, TWO_PI))]


def jolt_moves(rng, end_ms):
    """Min-jerk out-and-back moves (t0, dur, amp) of balance corrections over [0, end_ms]."""
    out = []
    t = rng.uniform(1000.0, 3000.0)
    while t < end_ms:
        d = rng.uniform(250.0, 450.0)
        a = rng.uniform(0.5, 1.5) * rng.choice((-1.0, 1.0))
        out.append((t, 0.5 * d, a))
        out.append((t + 0.5 * d, 0.5 * d, -a))
        t += rng.uniform(2000.0, 5000.0)
    return out


def shift_moves(rng, end_ms, amp):
    """Min-jerk moves (t0, dur, amp) of weight shifts over [0, end_ms]: each tilts the thigh by 1 to amp deg
    (one way or the other, staying within +-amp of where it hung), in 400-900 ms, and holds 2-6 s."""
    out = []
    if amp <= 0.0:
        return out
    t = rng.uniform(1000.0, 3000.0)
    at = 0.0
    while t < end_ms:
        d = rng.uniform(min(1.0, amp), amp) * rng.choice((-1.0, 1.0))
        if abs(at + d) > amp:
            d = -d
        dur = rng.uniform(400.0, 900.0)
        out.append((t, dur, d))
        at += d
        t += dur + rng.uniform(2000.0, 6000.0)
    return out


def oscillate(osc, ts):
    """Sum of sines (amp deg, f Hz, phase) at ts seconds: (value, rate per s, acceleration per s^2)."""
    x = v = a = 0.0
    for amp, f, p in osc:
        w = TWO_PI * f
        s, c = math.sin(w * ts + p), math.cos(w * ts + p)
        x += amp * s
        v += amp * w * c
        a -= amp * w * w * s
    return x, v, a


def other_leg(spec, r_m):
    """The Leg the strap sits on after the change (kinematics.Leg), or None if there is no change."""
    k = spec.change_kind
    if spec.change_after < 0 or not k:
        return None
    side, strap, flipped = spec.side, spec.strap_deg, spec.flipped
    if k == "turn":
        strap = spec.change_strap_deg
    elif k == "flip":
        flipped = not flipped
    elif k == "other_leg":
        side = "left" if side == "right" else "right"
        strap = spec.change_strap_deg
    return Leg(spec.mount, side, strap, flipped, spec.board_deg, r_m=r_m)


def _mat_t(m):
    return tuple(tuple(m[j][i] for j in range(3)) for i in range(3))


def _mul(a, b):
    return tuple(tuple(sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)) for i in range(3))


def _rot(k, q):
    """Rotation matrix about unit axis k by q rad (Rodrigues)."""
    c, s, C = math.cos(q), math.sin(q), 1.0 - math.cos(q)
    x, y, z = k
    return ((c + x * x * C, x * y * C - z * s, x * z * C + y * s),
            (y * x * C + z * s, c + y * y * C, y * z * C - x * s),
            (z * x * C - y * s, z * y * C + x * s, c + z * z * C))


def _axis_angle(q):
    """(unit axis, angle rad) of a rotation matrix."""
    tr = q[0][0] + q[1][1] + q[2][2]
    ang = math.acos(max(-1.0, min(1.0, 0.5 * (tr - 1.0))))
    if ang < 1e-9:
        return (1.0, 0.0, 0.0), 0.0
    if ang < math.pi - 1e-3:
        k = (q[2][1] - q[1][2], q[0][2] - q[2][0], q[1][0] - q[0][1])
    else:  # near 180 deg: the axis is the longest column of (Q + I)
        cols = [tuple(q[i][j] + (1.0 if i == j else 0.0) for i in range(3)) for j in range(3)]
        k = max(cols, key=lambda c: c[0] * c[0] + c[1] * c[1] + c[2] * c[2])
    n = math.sqrt(sum(x * x for x in k))
    return tuple(x / n for x in k), ang


class StrapChange:
    """The board's turn from leg1's pose to leg2's over [t0, t0 + dur] ms, the leg standing at rest: along the
    shortest rotation, or (tip = (deg, axis angle deg)) first tipped that far about a horizontal axis of the
    board's rest pose (taken off the leg into the hand), then on to leg2's pose, each half a min-jerk move."""

    def __init__(self, leg1, leg2, t0, dur, tip=None):
        self.leg1, self.leg2, self.t0, self.dur = leg1, leg2, float(t0), float(dur)
        self.r1 = leg1.pose(0.0)[0]
        r2 = leg2.pose(0.0)[0]
        self.legs = []  # (t0, dur, start pose, unit axis, angle rad) of each part of the handling
        if tip and tip[0]:
            a = math.radians(tip[1])
            rm = _mul(_rot((math.cos(a), math.sin(a), 0.0), math.radians(tip[0])), self.r1)  # (world axis)
            half = 0.5 * self.dur
            for i, (ra, rb) in enumerate(((self.r1, rm), (rm, r2))):
                k, ang = _axis_angle(_mul(_mat_t(ra), rb))
                self.legs.append((self.t0 + i * half, half, ra, k, ang))
        else:
            k, ang = _axis_angle(_mul(_mat_t(self.r1), r2))
            self.legs.append((self.t0, self.dur, self.r1, k, ang))
        self.k, self.ang = self.legs[0][3], self.legs[0][4]

    def leg_at(self, t):
        """leg1 before the change, leg2 after it, None while the strap is being handled."""
        if t < self.t0:
            return self.leg1
        if t >= self.t0 + self.dur:
            return self.leg2
        return None

    def imu(self, t):
        """(ax, ay, az, gx, gy, gz) while the strap is handled: gravity seen by the turning board, its rate."""
        t0, dur, r0, k, ang = self.legs[0]
        for part in self.legs:
            if t >= part[0]:
                t0, dur, r0, k, ang = part
        s, sd, _ = Moves([(t0, dur, 1.0)]).at(t)
        r = _mul(r0, _rot(k, s * ang))
        w = sd * ang  # rad/s: Moves gives the rate per second
        # specific force = R^T (0, 0, G): the third row of R, scaled
        return (G * r[2][0], G * r[2][1], G * r[2][2], w * k[0], w * k[1], w * k[2])
