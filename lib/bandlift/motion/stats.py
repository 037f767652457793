"""A rep's record and the set's statistics: Rep, one repetition's measurements (a record the core fills in place
and reuses), and SetStats, a running summary of the set (count, scores, time under tension, fatigue, LSI per side).

No list of reps is kept, so a long set costs no memory.
"""

from bandlift import faults
from bandlift.compat import const

_N_RECENT = const(3)  # reps in the fatigue comparison window (first N vs last N)


class Rep:
    def __init__(self):
        self.clear()

    def clear(self):
        self.index = 0  # 1-based within the set
        self.side = None  # "L", "R" or None
        self.start_ms = 0  # ticks at the raise start (wraps at 2**29)
        self.end_ms = 0  # ticks at the lowering end
        self.raise_ms = 0
        self.hold_ms = 0
        self.stop_ms = 0  # the pause less the moves' slow ends in it (flank.py): how long the leg stopped
        self.lower_ms = 0
        self.reset_ms = -1  # rest before this rep (ms); -1 for the first rep of a set
        self.peak_deg = 0.0
        self.raise_peak_dps = 0.0
        self.lower_peak_dps = 0.0
        self.hold_wobble_dps = 0.0  # RMS angular speed during the pause
        self.hold_range_deg = 0.0  # max - min angle during the pause
        self.lower_smooth = 0.0  # mean / peak lowering speed: 1 = even speed, low = a drop
        self.drift_deg = 0.0  # largest sideways angle out of the lifting plane
        self.faults = 0
        self.score = 0
        self.stars = 0
        self.cue = faults.top_cue(0)  # (a clean rep's)

    def to_dict(self):
        return {
            "index": self.index,
            "side": self.side,
            "start_ms": self.start_ms,
            "end_ms": self.end_ms,
            "raise_ms": self.raise_ms,
            "hold_ms": self.hold_ms,
            "lower_ms": self.lower_ms,
            "reset_ms": self.reset_ms,
            "peak_deg": round(self.peak_deg, 1),
            "raise_peak_dps": round(self.raise_peak_dps, 1),
            "lower_peak_dps": round(self.lower_peak_dps, 1),
            "hold_wobble_dps": round(self.hold_wobble_dps, 2),
            "hold_range_deg": round(self.hold_range_deg, 2),
            "lower_smooth": round(self.lower_smooth, 3),
            "drift_deg": round(self.drift_deg, 1),
            "score": self.score,
            "stars": self.stars,
            "faults": faults.names(self.faults),
            "cue": self.cue,
        }


class SideStats:
    def __init__(self):
        self.count = 0
        self.score_sum = 0
        self.peak_sum = 0.0
        self.lower_sum = 0

    def add(self, rep):
        self.count += 1
        self.score_sum += rep.score
        self.peak_sum += rep.peak_deg
        self.lower_sum += rep.lower_ms

    def mean(self, kind):
        if not self.count:
            return None
        if kind == "score":
            return self.score_sum / self.count
        if kind == "peak":
            return self.peak_sum / self.count
        return self.lower_sum / self.count


class SetStats:
    """Running summary of a set: no list of reps is kept, so a long set costs no memory."""

    def __init__(self, targets):
        self.left = SideStats()
        self.right = SideStats()
        self.first_lower = [0] * _N_RECENT
        self.first_score = [0] * _N_RECENT
        self.last_lower = [0] * _N_RECENT
        self.last_score = [0] * _N_RECENT
        self.set_targets(targets)
        self.new_set()

    def set_targets(self, targets):
        self.t = targets

    def new_set(self):
        self.count = 0
        self.score_sum = 0
        self.best_score = 0
        self.tut_ms = 0
        self.fatigued = False
        self.fatigue_reason = ""

    def add(self, rep):
        """Count a judged rep; True when this rep shows the set has started to fade."""
        i = self.count
        self.count = i + 1
        self.score_sum += rep.score
        if rep.score > self.best_score:
            self.best_score = rep.score
        self.tut_ms += rep.raise_ms + rep.hold_ms + rep.lower_ms
        if rep.side == "L":
            self.left.add(rep)
        elif rep.side == "R":
            self.right.add(rep)
        if i < _N_RECENT:
            self.first_lower[i] = rep.lower_ms
            self.first_score[i] = rep.score
        j = i % _N_RECENT
        self.last_lower[j] = rep.lower_ms
        self.last_score[j] = rep.score
        if self.fatigued or self.count < 2 * _N_RECENT:
            return False
        base_lower = sum(self.first_lower) / _N_RECENT
        base_score = sum(self.first_score) / _N_RECENT
        now_lower = sum(self.last_lower) / _N_RECENT
        now_score = sum(self.last_score) / _N_RECENT
        t = self.t
        if now_lower < t.fatigue_lower_frac * base_lower:
            self.fatigue_reason = "lowering got faster (%d%% of the first reps')" % int(100 * now_lower / base_lower)
        elif now_score < base_score - t.fatigue_score_drop:
            self.fatigue_reason = "score fell from %d to %d" % (int(base_score), int(now_score))
        else:
            return False
        self.fatigued = True
        return True

    def lsi(self):
        """Limb symmetry index (%): weaker side / stronger side per measure; None until both sides have reps."""
        if not (self.left.count and self.right.count):
            return None
        out = {}
        for what in ("score", "peak", "lower"):
            a = self.left.mean(what)
            b = self.right.mean(what)
            hi = a if a > b else b
            lo = b if a > b else a
            out[what] = round(100.0 * lo / hi, 1) if hi > 0 else 100.0
        return out
