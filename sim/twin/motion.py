"""Motion sources for the virtual IMU: imu(t_s) -> (ax, ay, az, gx, gy, gz) in m/s^2 and rad/s.

Sensor frame used by the twin's own sources (the IMU strapped to the front of the thigh, standing):
+x up along the thigh, +y to the athlete's left, +z forward out of the thigh. Hip flexion by angle th
rotates the thigh about y: gravity reads ax = g cos th, az = g sin th, and gy = d th / dt.
"""

import math

from bandlift.compat import TICKS_HALF, TICKS_PERIOD

G = 9.80665


def leg_imu(theta, omega):
    """Sensor reading for a thigh at elevation theta (rad) turning at omega (rad/s), no noise."""
    return (G * math.cos(theta), 0.0, G * math.sin(theta), 0.0, omega, 0.0)


class SineReps:
    """Reps of a smooth raise, a hold, a slow lowering and a rest: raise_s, hold_s, lower_s, rest_s.

    The angle follows a raised cosine in each movement phase; the first `still_s` seconds are a rest for
    calibration.
    """

    def __init__(self, peak_deg=45.0, raise_s=1.5, hold_s=1.0, lower_s=3.0, rest_s=1.5, still_s=3.0):
        self.peak = math.radians(peak_deg)
        self.raise_s, self.hold_s, self.lower_s, self.rest_s = raise_s, hold_s, lower_s, rest_s
        self.still_s = still_s
        self.period = raise_s + hold_s + lower_s + rest_s

    def angle(self, t):
        if t < self.still_s:
            return 0.0, 0.0
        u = (t - self.still_s) % self.period
        p = self.peak
        if u < self.raise_s:
            f = u / self.raise_s
            return p * (1 - math.cos(math.pi * f)) / 2, p * math.pi * math.sin(math.pi * f) / (2 * self.raise_s)
        u -= self.raise_s
        if u < self.hold_s:
            return p, 0.0
        u -= self.hold_s
        if u < self.lower_s:
            f = u / self.lower_s
            return p * (1 + math.cos(math.pi * f)) / 2, -p * math.pi * math.sin(math.pi * f) / (2 * self.lower_s)
        return 0.0, 0.0

    def imu(self, t):
        th, w = self.angle(t)
        return leg_imu(th, w)


class AthleteMotion:
    """sim.athlete's scripted athlete: Motion(spec).true_imu(t_s)."""

    def __init__(self, spec):
        from sim import athlete

        self.spec = spec
        self.motion = athlete.Motion(spec)

    def imu(self, t):
        return tuple(self.motion.true_imu(t))


class RecordingMotion:
    """A recording (the device's binary file or a CSV) replayed at the virtual time, linearly interpolated.

    Recording ticks are unwrapped and shifted so the first sample is at t=0; after the end the last sample
    holds. Samples are streamed: the virtual clock only moves forward, so two samples are kept at a time and
    a recording of any length costs the same memory.
    """

    def __init__(self, samples):
        self._it = iter(samples)
        first = next(self._it, None)
        if first is None:
            raise ValueError("empty recording")
        self._t_raw = first[0]
        self._t = 0.0
        self.a = self.b = (0.0, tuple(first[1:7]))
        self.done = False
        self._advance()

    def _advance(self):
        """Move the pair (a, b) one sample on; at the end, b stays the last sample."""
        s = next(self._it, None)
        if s is None:
            self.done = True
            return False
        d = (s[0] - self._t_raw) % TICKS_PERIOD
        if d >= TICKS_HALF:
            d -= TICKS_PERIOD
        self._t_raw = s[0]
        self._t += d / 1000.0
        self.a, self.b = self.b, (self._t, tuple(s[1:7]))
        return True

    @classmethod
    def from_file(cls, path):
        try:
            from sim.analysis.recording import open_recording

            return cls(open_recording(path))
        except ImportError:
            return cls(read_csv(path))

    def imu(self, t):
        while self.b[0] < t and not self.done:
            self._advance()
        (t0, a), (t1, b) = self.a, self.b
        if t <= t0 or t1 <= t0:
            return a if t <= t0 else b
        if t >= t1:
            return b
        f = (t - t0) / (t1 - t0)
        return tuple(x + (y - x) * f for x, y in zip(a, b))


def read_csv(path):
    """A small reader of the recording format (t_ms,ax,ay,az,gx,gy,gz with # comments)."""
    out = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or line.startswith("t_ms"):
                continue
            p = line.split(",")
            out.append((int(p[0]),) + tuple(float(x) for x in p[1:7]))
    return out


class KeyboardLeg:
    """A leg played from the keyboard, so the window can play the exercise itself.

    Hold UP (or SPACE) to raise, hold DOWN to lower at the chosen pace; with neither held the leg stays
    where it is (the pause, or a stop part-way). X lets go: the band snaps the leg down in DROP_S. Keys 1-6
    set the lowering time for the whole range in seconds (3 by default: level 04's tempo), so a player can
    lower slowly, on tempo or too fast. Tapping a key moves the leg a little and stops it: no rise-and-fall
    cycle, so no phantom reps.

    Motion: the commanded speed (range / RAISE_S up, range / lower_s down) is followed smoothly (WN: a real leg
    does not change speed at once) and eased over the last EASE_DEG before the top and the bottom
    (speed ~ sqrt(distance left): a steady braking);
    stepped at 2 ms at the virtual times the IMU asks for. Angles in deg, times in s.
    """

    RAISE_S = 1.5
    DROP_S = 0.4
    WN = 12.0  # rad/s: the speed settles on a new command in ~0.4 s
    EASE_DEG = 3.0
    LOWER_KEYS = "123456"

    def __init__(self, peak_deg=45.0, lower_s=3.0):
        self.peak = float(peak_deg)
        self.lower_s = float(lower_s)
        self.up = False
        self.down = False
        self.drop = False
        self.th = 0.0  # deg
        self.w = 0.0  # deg/s
        self.acc = 0.0  # deg/s^2
        self.t = 0.0
        self.queue = []  # scheduled key events (t_s, name, down), for headless play

    def schedule(self, events):
        """Key events [(t_s, name, down)] to happen at those virtual times (tests and scripted play)."""
        self.queue = sorted(self.queue + [(float(t), n, bool(d)) for t, n, d in events], key=lambda e: e[0])

    def key(self, name, down):
        """A key went down (down=True) or up; names as pygame.key.name() gives them. True if it was ours."""
        if name in ("up", "space"):
            self.up = down
        elif name == "down":
            self.down = down
        elif name == "x":
            self.drop = down
        elif name in self.LOWER_KEYS and len(name) == 1:
            if down:
                self.lower_s = float(name)
        else:
            return False
        return True

    def status(self):
        return "lower %d s (1-6)  UP raise  DOWN lower  X drop" % self.lower_s

    def _command(self):
        """Commanded speed, deg/s (+ = up)."""
        if self.drop:
            return -self.peak / self.DROP_S
        # (range + EASE_DEG) / time: the eased last EASE_DEG take twice as long as at full speed, so a whole
        # move from end to end takes the time asked for
        if self.up and not self.down:
            return (self.peak + self.EASE_DEG) / self.RAISE_S
        if self.down and not self.up:
            return -(self.peak + self.EASE_DEG) / self.lower_s
        return 0.0

    def imu(self, t):
        while self.queue and self.queue[0][0] <= t:
            te, name, down = self.queue.pop(0)
            self._step(te)
            self.key(name, down)
        self._step(t)
        return leg_imu(math.radians(self.th), math.radians(self.w))

    def _step(self, t):
        dt_total = t - self.t
        while dt_total > 1e-6:
            dt = min(0.002, dt_total)
            v = self._command()
            room = self.peak - self.th if v > 0 else self.th
            if room < self.EASE_DEG and not self.drop:
                v *= math.sqrt(max(0.0, room) / self.EASE_DEG)  # ease into the top and the bottom: a steady
                # slowing that arrives in finite time
            # speed follows the command critically damped (second order): it starts and stops smoothly, as
            # a leg does, never with a jump in acceleration
            self.acc += (self.WN * self.WN * (v - self.w) - 2.0 * self.WN * self.acc) * dt
            self.w += self.acc * dt
            self.th += self.w * dt
            if self.th < 0.0:
                self.th, self.w, self.acc = 0.0, max(0.0, self.w), 0.0
            elif self.th > self.peak:
                self.th, self.w, self.acc = self.peak, min(0.0, self.w), 0.0
            dt_total -= dt
        self.t = max(self.t, t)


class Delayed:
    """A motion source that stands still in its t=0 pose until delay_s, then plays. Still means no turn: the
    gyro reads 0 while the pose is held (a t=0 sample repeated would be a leg held in a pose while turning at
    its first rate, the athlete's sway included, which no sensor shows and a core can only take for bias)."""

    def __init__(self, motion, delay_s):
        self.motion = motion
        self.delay_s = delay_s
        self._held = None

    def imu(self, t):
        if t > self.delay_s:
            return self.motion.imu(t - self.delay_s)
        if self._held is None:
            self._held = tuple(self.motion.imu(0.0)[:3]) + (0.0, 0.0, 0.0)
        return self._held
