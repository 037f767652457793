"""A checked challenge level: Level, Stage and the small reads the game makes of a level; Card, what
the menu shows of a level until it is played.

Device code (CircuitPython 10): no typing; nothing here runs per sample. Build a Level with
bandlift.levels.load (parse_level / load_levels), Cards with load_cards (bandlift.levels.cards: what the menu
reads of a Card and its opening to a Level); the fields are documented in levels/README.md.
"""


class Stage:
    """One block of reps with its own Targets (a tempo pyramid has several)."""

    def __init__(self, name, reps, targets):
        self.name = name
        self.reps = reps
        self.targets = targets


class Level:
    """A checked level. Read targets_for(stage) per stage and leg_plan() for the sets in play order.

    The defaults are the class's (a Level made from a Card keeps only what its level changes: no __init__ code,
    a smaller table); the loader sets every field, the stages always."""

    id = ""  # file stem, e.g. "01-first-lifts"
    name = ""
    description = ""
    side = "any"
    sets = 1  # sets of the stages, each on the leg(s) leg_plan() gives
    rest_ms = 60000  # rest between two sets (ms)
    stages = ()  # the Stages (a list, set on each Level)
    reps_per_side = 0  # one set on one leg: the sum of the stages' reps
    total_reps = 0  # every rep of the level: reps_per_side x len(leg_plan())
    stars = (60, 75, 90)  # per-rep score for 1, 2, 3 stars
    stars_rule = "mean"
    unlock_stars = 0

    def leg_plan(self):
        """One entry per set-on-a-leg in play order: "L"/"R" for the core's new_set(side), None for any leg.

        "both": each set on L then R; "alternate": set 1 L, set 2 R, set 3 L ...
        """
        n = self.sets
        if self.side == "both":
            return ["L", "R"] * n
        if self.side == "alternate":
            return [("L", "R")[i % 2] for i in range(n)]
        if self.side == "left":
            return ["L"] * n
        if self.side == "right":
            return ["R"] * n
        return [None] * n

    def targets_for(self, stage):
        """A fresh Targets for this stage (a copy: the caller may change it)."""
        return self.stages[stage].targets.copy()

    def tempo_text(self, stage):
        """The stage's tempo as raise-pause-lower in seconds, e.g. "2-1-4" or "1.5-1-3"; "auto" when learned."""
        return _tempo(self.stages[stage].targets)


class Card:
    """What the menu shows of a checked level, and the checked values to build it again, without its Stages and
    Targets objects (bandlift.levels.cards makes it, reads it and opens it to the Level: its code is on the heap
    only while the menu or the level's start needs it, never during a set). A Card made without a path (a level
    built in memory: tests, the PC) keeps its Level in `_level`.

    Heap (a Card per level file stays for the whole session, sets included): the path, the name, the reps per
    side, and side, sets, rest_ms and unlock_stars only where they differ from a Level's defaults (the class's),
    so an instance's table has 4 to 6 slots; every other checked value in one flat tuple `_c` (the Level's
    changes, then per Stage: -1 - its reps, its name, its Targets' changes from the stage before's; a whole
    number of a Targets' attribute packed with its name in one small int: bandlift.levels.load.pack); the id
    read from the path: the 12 shipped levels' Cards (and their list) ~2.9 kB on a 32-bit CircuitPython build."""

    # set by levels/cards.py (let go once it ran); declared for the type check: bare annotations compile to nothing
    path: str; name: str; reps_per_side: int; _level: Level

    side = "any"  # a Level's defaults (read through the class when a level keeps them)
    sets = 1
    rest_ms = 60000
    unlock_stars = 0

    @property
    def id(self):
        """The level id: its file name's stem, as the checker made it (levels.fields.stem)."""
        p = self.path
        if p is None:
            return self._level.id
        p = p[p.rfind("/") + 1:]
        j = p.rfind(".")
        return p[:j] if j > 0 else p


def _tempo(t):
    """A Targets' tempo as raise-pause-lower in seconds, e.g. "2-1-4" or "1.5-1-3"; "auto" when learned."""
    if t.tempo_auto:
        return "auto"
    return _secs(t.raise_ms) + "-" + _secs(t.pause_ms) + "-" + _secs(t.lower_ms)


def _secs(ms):
    """Whole milliseconds as seconds with at most one decimal: 2000 -> "2", 1500 -> "1.5"."""
    tenths = (ms + 50) // 100
    if tenths % 10 == 0:
        return str(tenths // 10)
    return "%d.%d" % (tenths // 10, tenths % 10)
