"""Judging a rep the way a coach would (the set's summary is in stats.py).

Faults come from the level's thresholds (bandlift.targets); the score weighs each part of the rep, slow
lowering and a steady pause the most by default. "auto" targets are learned from the first good reps.
"""

from bandlift import faults
from bandlift.compat import const

_N_AUTO = const(5)  # most reps an auto target can learn from
# The least a rep rises: this share of the person's range (the level's target, or the learned one), and never
# under _MIN_RANGE_DEG (one-leg sway and a weight shift tilt the thigh 1-3 deg). The shallowest lifts people
# mean are a physiotherapy protocol's low-amplitude executions, 25-35 % of their range (the virtual athlete's
# "low_amp" person): the share sits at half of that, so for a small range it is the absolute floor, what sway
# can reach, that tells a lift from sway, not a share of the range.
_MIN_RANGE_FRAC = const(0.15)
_MIN_RANGE_DEG = const(4.5)


def _clamp01(x):
    if x < 0.0:
        return 0.0
    if x > 1.0:
        return 1.0
    return x


def _median(buf, n):
    """Median of the first n values of a preallocated list, sorted in place (no allocation: it runs at a rep's
    end, after the core counted the rep; the values are not read again until the next set writes them anew)."""
    s = buf
    for i in range(1, n):
        v = s[i]
        j = i - 1
        while j >= 0 and s[j] > v:
            s[j + 1] = s[j]
            j -= 1
        s[j + 1] = v
    if n % 2:
        return s[n // 2]
    if isinstance(s[0], int):
        return (s[n // 2 - 1] + s[n // 2]) // 2  # durations stay integer ms
    return 0.5 * (s[n // 2 - 1] + s[n // 2])


class Judge:
    """Faults and score for a rep, learning auto targets from the first good reps of a set."""

    def __init__(self, targets):
        self.peaks = [0.0] * _N_AUTO
        self.raises = [0] * _N_AUTO  # ms
        self.lowers = [0] * _N_AUTO
        self.holds = [0] * _N_AUTO
        self.set_targets(targets)

    def set_targets(self, targets):
        self.t = targets
        self.restart()

    def restart(self):
        """Forget what was learned (a new set, or the strap moved)."""
        t = self.t
        self.n_learned = 0
        self.target_deg = t.target_deg  # None until learned when auto
        self.tolerance_deg = t.tolerance_deg
        self.raise_ms = t.raise_ms
        self.pause_ms = t.pause_ms
        self.lower_ms = t.lower_ms
        self.tempo_known = not t.tempo_auto
        self.pause_min_ms = t.pause_min_ms
        # before the person's first rep, a lift under half the level's target is not a rep (the level's minimum,
        # if less): at the start of a set people settle and shift their weight, and nothing of theirs is known
        m = t.target_deg
        m = t.min_range_deg if m is None or 0.5 * m > t.min_range_deg else 0.5 * m
        self.min_range_deg = m if m > _MIN_RANGE_DEG else _MIN_RANGE_DEG

    def _learn(self, rep):
        t = self.t
        need = t.auto_reps if t.auto_reps <= _N_AUTO else _N_AUTO
        if self.n_learned >= need:
            return
        if rep.faults & (faults.KICK | faults.DROP | faults.DRIFT):
            return  # learn only from good reps
        i = self.n_learned
        self.peaks[i] = rep.peak_deg
        self.raises[i] = rep.raise_ms
        self.lowers[i] = rep.lower_ms
        self.holds[i] = rep.hold_ms
        i += 1
        self.n_learned = i
        if i == need:
            if t.target_deg is None:
                self.target_deg = _median(self.peaks, i)
                # short by the level's tolerance, as with a given target (8 deg by default: a shortfall the
                # person sees), or by a fifth of a small range, where 8 deg would be most of it
                tol = 0.2 * self.target_deg
                self.tolerance_deg = t.tolerance_deg if t.tolerance_deg < tol else tol
            if t.tempo_auto:
                self.raise_ms = _median(self.raises, i)
                self.lower_ms = _median(self.lowers, i)
                self.pause_ms = _median(self.holds, i)
                self.tempo_known = True
                # a pause under a third of your usual one is no pause
                if self.pause_min_ms < 0.3 * self.pause_ms:
                    self.pause_min_ms = int(0.3 * self.pause_ms)

    def judge(self, rep):
        """Set rep.faults, rep.score, rep.stars and rep.cue."""
        t = self.t
        f = 0
        # A swing, not a lift: too fast overall or a fast burst. A phase much shorter than the tempo is too fast
        # only if its speed says so too, well above a smooth move's of that range in the tempo's time (1.5 x 1.875
        # x range / time, deg/s; the time is over 0 where it is compared): sway or a balance jolt can cut a slow
        # phase short in the timing, not in the speed.
        if rep.raise_peak_dps > t.kick_dps or (self.tempo_known and rep.raise_ms < t.kick_frac * self.raise_ms
                                               and rep.raise_peak_dps > 2812.5 * rep.peak_deg / self.raise_ms):
            f |= faults.KICK
        # A lowering is a drop when shorter than drop_frac of the tempo and faster than a smooth move of its range
        # in that time (1.875 x range / (drop_frac x time), no less: a smooth lowering of half the tempo peaks at
        # twice the tempo's speed, so at 1.5x the tempo's the speed said nothing the time had not; a big lift
        # lowered at once, 60-120 deg in 1-2.3 s at up to 100 deg/s, is a quick lowering, not a leg let fall,
        # 3-5 x range / s). (And the sway the pause showed rides on the lowering's speed: a small slow lowering in
        # the tempo's time through one-leg sway peaks up to twice the pause's RMS faster; at most a steady
        # pause's, so a wobble does not hide a drop)
        w = rep.hold_wobble_dps
        if w > t.wobble_dps:
            w = t.wobble_dps
        q = t.drop_frac * self.lower_ms
        if rep.lower_peak_dps > t.drop_dps or (self.tempo_known and rep.lower_ms < q
                                               and rep.lower_peak_dps > 1875.0 * rep.peak_deg / q + 2.0 * w):
            f |= faults.DROP
        if rep.hold_ms < self.pause_min_ms or 0 < self.pause_min_ms > 3 * rep.stop_ms:
            f |= faults.NO_PAUSE
        elif rep.hold_wobble_dps > t.wobble_dps:
            f |= faults.WOBBLE
        if rep.drift_deg > t.drift_deg:
            f |= faults.DRIFT
        if 0 <= rep.reset_ms < t.reset_min_ms:
            f |= faults.NO_RESET
        target = self.target_deg
        if target is not None and rep.peak_deg < target - self.tolerance_deg:
            f |= faults.SHORT
        rep.faults = f
        # Learning sees the faults judged so far (auto targets come from good reps).
        self._learn(rep)
        # the person has lifted: from here a lift of _MIN_RANGE_FRAC of their range is a rep (the level's
        # target, or the one learned from their first reps)
        target = self.target_deg
        if target is not None and _MIN_RANGE_FRAC * target < self.min_range_deg:
            m = _MIN_RANGE_FRAC * target
            self.min_range_deg = m if m > _MIN_RANGE_DEG else _MIN_RANGE_DEG
        rep.score = self.score(rep)
        rep.stars = t.stars_for(rep.score)
        rep.cue = faults.top_cue(f)

    def score(self, rep):
        t = self.t
        f = rep.faults
        target = self.target_deg
        lo = target - self.tolerance_deg if target is not None else 0.0
        if target is None or rep.peak_deg >= lo:
            c_range = 1.0
        else:
            # short of the band: half marks at best, none at the minimum range
            c_range = 0.5 * _clamp01((rep.peak_deg - t.min_range_deg) / (lo - t.min_range_deg + 1e-6))
        c_raise = _clamp01(rep.raise_ms / (0.7 * self.raise_ms + 1.0))
        if f & faults.KICK:
            c_raise *= 0.3
        # The pause: long enough, and steady (full marks below half the wobble threshold).
        steady = _clamp01(1.0 - (rep.hold_wobble_dps - 0.5 * t.wobble_dps) / t.wobble_dps)
        c_pause = _clamp01(rep.hold_ms / (self.pause_ms + 1.0)) * steady
        # The lowering: taking the level's time, and not yanked.
        c_lower = _clamp01(rep.lower_ms / (self.lower_ms + 1.0))
        if f & faults.DROP:
            c_lower *= 0.3
        c_drift = _clamp01(1.0 - (rep.drift_deg - 0.5 * t.drift_deg) / t.drift_deg)
        c_reset = 1.0 if rep.reset_ms < 0 else _clamp01(rep.reset_ms / (t.reset_ms + 1.0))
        w = t.w_range + t.w_raise + t.w_pause + t.w_lower + t.w_drift + t.w_reset
        if w <= 0:
            return 0
        s = (
            t.w_range * c_range
            + t.w_raise * c_raise
            + t.w_pause * c_pause
            + t.w_lower * c_lower
            + t.w_drift * c_drift
            + t.w_reset * c_reset
        )
        score = int(100.0 * s / w + 0.5)
        # a rep with a fault is not flawless: it cannot earn the top star
        if f and score >= t.stars[-1]:
            score = t.stars[-1] - 1
        return score
