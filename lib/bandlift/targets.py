"""What the motion core aims at: range, tempo, fault thresholds and score weights.

A level file (bandlift.levels) makes one Targets per stage; Targets() alone is the built-in default,
which follows the exercise text: a controlled raise, a brief pause at the top, a slow lowering that
resists the band, and a reset before the next rep. Units are in the names: _deg, _dps (deg/s), _ms.
"""

from bandlift.compat import const


# The tempo's one truth. A level's raise_ms and lower_ms are the time a person counts: from leaving one pose to
# arriving at the other. The motion core ends its phases where the speed is 10 % of the phase's peak
# (docs/design.md), so of a smooth (minimum-jerk) movement it measures _MEASURED_PCT % of that time: a lowering
# counted "one, two, three" is measured ~2.5 s. Whatever compares a measured phase with the level's tempo goes
# through counted_ms(); the live cue estimates the counted time directly (game/play/feel.py).
_MEASURED_PCT = const(83)


def counted_ms(ms):
    """The time a person counted for a movement the core measured as ms (ms, int)."""
    return ms * 100 // _MEASURED_PCT


class Targets:
    """The defaults are the class's: a Targets keeps in its own table only what a level changes (a level's
    stages, the set's copy and the core's are alive together through a set; each with every value its own was
    ~0.27 kB on a 32-bit CircuitPython build). Only a level's loader sets values; everything else reads them."""

    # Range. target_deg None means "auto": learned from the first good reps of the set.
    target_deg = None
    tolerance_deg = 8.0  # SHORT below target - tolerance (auto: at most 20 % of the learned target)
    min_range_deg = 10.0  # a lift below this is not a rep at all
    # Tempo per phase, as 4-part tempo trainers give it (raise and lower: counted time, see counted_ms;
    # pause and reset: the dwell between the movements). tempo_auto learns them like the target.
    raise_ms = 1500
    pause_ms = 1000
    lower_ms = 3000
    reset_ms = 1000
    tempo_auto = False
    # Fault thresholds.
    kick_dps = 150.0  # KICK: peak raising speed above this (deg/s)
    kick_frac = 0.4  # KICK: raise shorter than this fraction of raise_ms
    pause_min_ms = 300  # NO_PAUSE: pause shorter than this, or a stop under a third of it (judge.py)
    wobble_dps = 8.0  # WOBBLE: RMS angular speed during the pause above this (deg/s)
    drop_frac = 0.5  # DROP: lowering shorter than this fraction of lower_ms
    drop_dps = 150.0  # DROP: peak lowering speed above this (deg/s)
    drift_deg = 12.0  # DRIFT: leg more than this far out of the lifting plane
    reset_min_ms = 400  # NO_RESET: less rest than this before the rep
    # Score weights (relative). Slow lowering and a steady pause are worth the most.
    w_range = 15
    w_raise = 10
    w_pause = 25
    w_lower = 35
    w_drift = 10
    w_reset = 5
    # Per-rep score needed for 1, 2, 3 stars.
    stars = (60, 75, 90)
    # Reps used to learn "auto" targets.
    auto_reps = 3
    # Fatigue: the set is fading when the recent lowering is this much faster than the first
    # reps', or the recent score this many points lower.
    fatigue_lower_frac = 0.7
    fatigue_score_drop = 20

    def copy(self):
        """A Targets with the same values (the changes copied; the defaults are the class's)."""
        t = Targets()
        d = self.__dict__
        for k in d:
            setattr(t, k, d[k])
        return t

    def stars_for(self, score):
        """Stars (0-3) a rep score earns."""
        return stars_for(score, self.stars)


def stars_for(score, thresholds):
    """Stars (0-3): how many of the (1-, 2-, 3-star) score thresholds the score reaches."""
    n = 0
    for s in thresholds:
        if score >= s:
            n += 1
    return n
