"""One repetition's measurements: a record the core fills in place and reuses."""

from bandlift import faults


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
        self.cue = faults.GOOD_CUE

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
