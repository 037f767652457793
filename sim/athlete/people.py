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
  change_strap_deg. With change_tip_deg the strap is taken off the leg into the hand and put on again, as a person
  does it (the leg standing still throughout), in change_ms: the strap is undone on the leg (tugs: the board
  jerked 3-8 deg and 0.5-1.5 cm out and back, 60-120 ms each way, a few times), the board comes off tipped
  change_tip_deg about a horizontal axis at change_tip_axis_deg while the hand lifts it away (10-25 cm in
  350-600 ms), the hand carries it across and turns it 1-3 times about any axis (30-90 deg each, peaking at
  150-450 deg/s: a wrist's turns, not a hip's 40-110 deg/s lift), puts it on the other leg (another turn and
  carry) and fastens it (tugs again, to the end of change_ms). A hand's board has no rest-lift-pause-lower shape: it
  turns fast about changing axes and is carried (the accelerometer reads the hand's 1-10 m/s^2 too).
  The leg then stands change_rest_ms before the next rep.
"""

import math

from sim.athlete.kinematics import G, Leg, matmul as _mul, matvec
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
    """The board's move from leg1's pose to leg2's over [t0, t0 + dur] ms, the leg standing at rest. Without tip,
    along the shortest rotation (a min-jerk profile: a strap slid round the leg). With tip = (deg, axis angle
    deg) and rng, taken off the leg into the hand and put on again as the module docstring says: a list of
    turns (each a min-jerk move along the shortest rotation between two poses) and of the hand's carries."""

    def __init__(self, leg1, leg2, t0, dur, tip=None, rng=None):
        self.leg1, self.leg2, self.t0, self.dur = leg1, leg2, float(t0), float(dur)
        self.r1 = leg1.pose(0.0)[0]
        r2 = leg2.pose(0.0)[0]
        self.legs = []  # (t0, dur, start pose, unit axis, angle rad) of each turn of the handling
        self.carry = []  # (t0, dur, (dx, dy, dz) m, world) of each carry of the hand
        if tip and tip[0]:
            a = math.radians(tip[1])
            rm = _mul(_rot((math.cos(a), math.sin(a), 0.0), math.radians(tip[0])), self.r1)  # (world axis)
            if rng is None:
                half = 0.5 * self.dur
                for i, (ra, rb) in enumerate(((self.r1, rm), (rm, r2))):
                    self._turn(self.t0 + i * half, half, ra, rb)
            else:
                self._by_hand(rng, rm, r2)
        else:
            self._turn(self.t0, self.dur, self.r1, r2)
        self.k, self.ang = self.legs[0][3], self.legs[0][4]

    def _turn(self, t0, dur, ra, rb):
        k, ang = _axis_angle(_mul(_mat_t(ra), rb))
        self.legs.append((t0, dur, ra, k, ang))

    def _by_hand(self, rng, rm, r2):
        """The turns and carries of a strap undone, taken off, turned, put on and fastened, within dur."""
        plan = []  # (kind, pose after or tug, dur, gap after, carry (m, world) or None)

        def tugs(n):
            for _ in range(n):
                plan.append(("tug", (rng.uniform(3.0, 8.0), _unit(rng)), rng.uniform(120.0, 240.0),
                             rng.uniform(20.0, 120.0), _scaled(_unit(rng), rng.uniform(0.005, 0.015))))

        def turn(pose, deg):
            peak = rng.uniform(150.0, 450.0)  # deg/s
            plan.append(("turn", pose, max(150.0, 1875.0 * deg / peak), rng.uniform(30.0, 250.0),
                         (_scaled(_unit(rng), rng.uniform(0.1, 0.25)), rng.uniform(350.0, 600.0))))

        tugs(rng.randint(2, 4))  # undone on the leg
        pose = rm
        turn(rm, _angle(self.r1, rm))  # off the leg, tipped, lifted away
        for _ in range(rng.randint(1, 3)):  # turned in the hand as it is carried across
            deg = rng.uniform(30.0, 90.0)
            nxt = _mul(_rot(_unit(rng), math.radians(deg)), pose)
            turn(nxt, deg)
            pose = nxt
        turn(r2, _angle(pose, r2))  # put on the other leg
        n_fasten = rng.randint(2, 4)
        used = sum(p[2] + p[3] for p in plan)
        fasten = n_fasten * 250.0  # (room for the fastening's tugs)
        f = min(1.0, (self.dur - fasten) / used)  # a quick person: the same moves, faster
        t, pose = self.t0, self.r1
        for kind, what, d, gap, carry in plan:
            d, gap = d * f, gap * f
            t = self._do(t, pose, kind, what, d, carry, f)
            if kind == "turn":
                pose = what
            t += gap
        tugs(n_fasten)  # fastened on the other leg, to the end of dur
        left = plan[-n_fasten:]
        f = (self.t0 + self.dur - t) / sum(p[2] + p[3] for p in left)
        for kind, what, d, gap, carry in left:
            t = self._do(t, pose, kind, what, d * f, carry, f) + gap * f

    def _do(self, t, pose, kind, what, d, carry, f):
        """One move of the handling from t (ms): a turn to the pose `what` (the hand's carry of 350-600 ms, times
        f, from its start), or a tug (deg, world axis) out and back (its carry with it). Returns its end."""
        if kind == "turn":
            self._turn(t, d, pose, what)
            self.carry.append((t, carry[1] * f, carry[0]))
            return t + d
        deg, k = what
        out = _mul(_rot(k, math.radians(deg)), pose)
        self._turn(t, 0.5 * d, pose, out)
        self._turn(t + 0.5 * d, 0.5 * d, out, pose)
        self.carry.append((t, 0.5 * d, carry))
        self.carry.append((t + 0.5 * d, 0.5 * d, _scaled(carry, -1.0)))
        return t + d

    def net_deg(self):
        """deg between the board's pose at rest before the change and after it: under ~12 deg no reading of the
        board tells the two apart (a strap put on the other leg facing the way it faced)."""
        return _angle(self.r1, self.leg2.pose(0.0)[0])

    def leg_at(self, t):
        """leg1 before the change, leg2 after it, None while the strap is being handled."""
        if t < self.t0:
            return self.leg1
        if t >= self.t0 + self.dur:
            return self.leg2
        return None

    def imu(self, t):
        """(ax, ay, az, gx, gy, gz) while the strap is handled: gravity and the hand's acceleration seen by the
        turning board, its rate."""
        t0, dur, r0, k, ang = self.legs[0]
        for part in self.legs:
            if t >= part[0]:
                t0, dur, r0, k, ang = part
        s, sd, _ = Moves([(t0, dur, 1.0)]).at(t)
        r = _mul(r0, _rot(k, s * ang))
        w = sd * ang  # rad/s: Moves gives the rate per second
        # specific force = R^T (a + (0, 0, G)): a the hand's acceleration (world)
        f = [0.0, 0.0, G]
        for c0, cd, d in self.carry:
            if c0 <= t < c0 + cd:
                acc = Moves([(c0, cd, 1.0)]).at(t)[2]
                for i in range(3):
                    f[i] += acc * d[i]
        return matvec(_mat_t(r), f) + (w * k[0], w * k[1], w * k[2])


def _unit(rng):
    """A random unit vector, uniform on the sphere."""
    z = rng.uniform(-1.0, 1.0)
    a = rng.uniform(0.0, TWO_PI)
    s = math.sqrt(1.0 - z * z)
    return (s * math.cos(a), s * math.sin(a), z)


def _scaled(v, k):
    return (v[0] * k, v[1] * k, v[2] * k)


def _angle(ra, rb):
    """deg between two poses."""
    return math.degrees(_axis_angle(_mul(_mat_t(ra), rb))[1])
