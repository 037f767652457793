"""The one stand-in for the motion core: MotionCore's public surface (docs/design.md), counting nothing.

app.py uses it when bandlift.motion.core cannot load on the board (a MemoryError while compiling it, a file
missing from the bundle): the game, the buttons and the display keep working and the reason is shown.
Tests and the screen renderer build their core doubles on it, so a double cannot drift from the real surface
(tests/test_game_fakes.py proves the names and the return types against the real MotionCore).

It imports only the core's numbers (events.py) and the small record types the core itself hands out (Rep,
SetStats), never the core's stages.
"""

from bandlift.motion.events import (  # noqa: F401 (the core's numbers, for the game and the tools)
    EV_BAD_SAMPLE, EV_CALIBRATED, EV_FATIGUE, EV_GAP, EV_PARTIAL, EV_PHASE, EV_REP_DONE, EV_REP_START, EV_SLIPPED,
    PH_CALIBRATING, PH_HOLD, PH_LOWER, PH_RAISE, PH_REST)
from bandlift.motion.stats import Rep, SetStats

# The documented surface: live attributes the game and the tools read, then the calls.
ATTRIBUTES = ("phase", "angle", "t_mid", "rate", "sideways", "hold_ms", "hold_steady", "lower_ms", "reps",
              "target_deg", "calibrated", "bad_samples", "gaps", "slips", "slip_kind", "side", "targets",
              "last_rep", "stats")
METHODS = ("feed", "new_set", "recalibrate", "set_targets", "fault_names")


class StandInCore:
    """MotionCore without motion: feed() counts samples and returns no events; the set never starts.

    `reason` says why the real core is not there (shown by the app); it is "" in a test double.
    """

    def __init__(self, targets, side=None, reason=""):
        self.reason = reason
        self.last_rep = Rep()
        self.stats = SetStats(targets)
        self.side = side
        self.bad_samples = 0
        self.gaps = 0
        self.slips = 0
        self.slip_kind = 0
        self.samples = 0
        self.set_targets(targets)
        self.recalibrate()

    def set_targets(self, targets):
        self.targets = targets
        self.stats.set_targets(targets)
        self.target_deg = targets.target_deg

    def new_set(self, side=None):
        self.side = side
        self.reps = 0
        self.stats.new_set()

    def recalibrate(self):
        self.calibrated = False
        self.phase = PH_CALIBRATING
        self.angle = 0.0
        self.t_mid = 0
        self.rate = 0.0
        self.sideways = 0.0
        self.hold_ms = 0
        self.hold_steady = 100
        self.lower_ms = 0
        self.new_set(self.side)

    def feed(self, now_ms, ax, ay, az, gx, gy, gz):
        """Takes the sample, returns no events (an int, like the core)."""
        self.samples += 1
        return 0

    def fault_names(self):
        from bandlift import faults

        return faults.names(self.last_rep.faults)
