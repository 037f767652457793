"""A checked challenge level: Level, Stage, LevelError and the small reads the game makes of a level; Card, what
the menu shows of a level until it is played.

Device code (CircuitPython 10): no typing; nothing here runs per sample. Build a Level with
bandlift.levels.load (parse_level / load_levels), Cards with load_cards; the fields are documented in
levels/README.md.
"""

from bandlift import targets


class LevelError(ValueError):
    """The first problem of a level file: .field (a path like "tempo.lower_ms") and .reason."""

    def __init__(self, field, reason):
        super().__init__(field + ": " + reason)
        self.field = field
        self.reason = reason


class Stage:
    """One block of reps with its own Targets (a tempo pyramid has several)."""

    def __init__(self, name, reps, targets):
        self.name = name
        self.reps = reps
        self.targets = targets


class Level:
    """A checked level. Read targets_for(stage) per stage and leg_plan() for the sets in play order."""

    def __init__(self):
        self.id = ""  # file stem, e.g. "01-first-lifts"
        self.name = ""
        self.description = ""
        self.side = "any"
        self.sets = 1  # sets of the stages, each on the leg(s) leg_plan() gives
        self.rest_ms = 60000  # rest between two sets (ms)
        self.stages = []  # list of Stage
        self.reps_per_side = 0  # one set on one leg: the sum of the stages' reps
        self.total_reps = 0  # every rep of the level: reps_per_side x len(leg_plan())
        self.stars = (60, 75, 90)  # per-rep score for 1, 2, 3 stars
        self.stars_rule = "mean"
        self.unlock_stars = 0

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

    def sides(self):
        """The legs the level trains, in order of first use; (None,) when any leg will do."""
        if self.side in ("both", "alternate"):
            return ("L", "R") if self.sets > 1 or self.side == "both" else ("L",)
        if self.side == "left":
            return ("L",)
        if self.side == "right":
            return ("R",)
        return (None,)

    def targets_for(self, stage):
        """A fresh Targets for this stage (a copy: the caller may change it)."""
        return self.stages[stage].targets.copy()

    def tempo_text(self, stage):
        """The stage's tempo as raise-pause-lower in seconds, e.g. "2-1-4" or "1.5-1-3"; "auto" when learned."""
        return _tempo(self.stages[stage].targets)

    def stars_for(self, score):
        """Stars (0-3) one score earns with this level's thresholds."""
        return targets.stars_for(score, self.stars)

    def set_stars(self, scores):
        """Stars (0-3) of the whole level from its rep scores (0-100).

        Reps not done count as 0, so ending early costs stars. "mean": the mean over all the level's reps;
        "min": the weakest rep.
        """
        n = len(scores)
        planned = self.total_reps if self.total_reps > n else n
        if planned == 0:
            return 0
        if self.stars_rule == "min":
            worst = 0 if n < planned else min(scores)
            return self.stars_for(worst)
        return self.stars_for(sum(scores) / planned)


def _changes(out, obj, default, skip=()):
    """Append to list `out` the attributes of obj that differ from a default object's, as name, value pairs."""
    d = obj.__dict__
    for k in d:
        if k not in skip and getattr(default, k, None) != d[k]:
            out.append(k)
            out.append(d[k])


def _apply(obj, flat, i):
    """Set the name, value pairs of `flat` from index i on an object (None: skip them), up to the next None (or
    the end); the index after them."""
    n = len(flat)
    while i < n and flat[i] is not None:
        if obj is not None:
            setattr(obj, flat[i], flat[i + 1])
        i += 2
    return i


# Level attributes a Card does not keep in its changes: the Stages (kept as name, reps and Targets changes), the
# description (read while shown), those it holds itself for the menu (the id is its file name's stem) and the
# total (the reps per side times the plan's sets: open() makes it again).
_HELD = ("stages", "description", "id", "name", "reps_per_side", "side", "sets", "rest_ms", "unlock_stars",
         "total_reps")


class Card:
    """What the menu shows of a checked level, and the checked values to build it again, without its Stages and
    Targets objects: open() makes the Level when it is played, from what was checked at start-up (no file read,
    no checker loaded). A Card made without a path (a level built in memory: tests, the PC) keeps its Level.

    Heap (a Card per level file stays for the whole session, sets included): the path, the name, the reps per
    side, and side, sets, rest_ms and unlock_stars only where they differ from a Level's defaults (the class's),
    so an instance's table has 4 to 6 slots; every other checked value in one flat tuple (the Level's changes,
    then per Stage: None, name, reps, its Targets' changes from the stage before's); the id read from the path,
    the tempo and the stage lines made when a page shows them: the 12 shipped levels' Cards (and their list) 3,488 B
    on a 32-bit CircuitPython build (4,048 B with eight attributes each and every stage's changes from the
    defaults)."""

    side = "any"  # a Level's defaults (read through the class when a level keeps them)
    sets = 1
    rest_ms = 60000
    unlock_stars = 0

    def __init__(self, level, path=None):
        self.path = path
        if path is None:
            self._level = level
        self.name = level.name
        self.reps_per_side = level.reps_per_side
        for k in _HELD[5:9]:
            v = getattr(level, k)
            if v != getattr(Card, k):
                setattr(self, k, v)
        if path is not None:
            flat = []
            _changes(flat, level, Level(), _HELD)
            t0 = targets.Targets()
            for s in level.stages:
                flat.append(None)
                flat.append(s.name)
                flat.append(s.reps)
                _changes(flat, s.targets, t0)
                t0 = s.targets
            self._c = tuple(flat)

    def _stages(self):
        """[(name, reps, Targets)] per stage: the Level's, or made from the checked values (the menu's pages
        read them: a few hundred bytes of garbage per page, none kept)."""
        if self.path is None:
            return [(s.name, s.reps, s.targets) for s in self._level.stages]
        out = []
        c = self._c
        i = _apply(None, c, 0)
        n = len(c)
        t = targets.Targets()
        while i < n:  # None, name, reps, the Targets' changes from the stage before's
            t = t.copy()
            name = c[i + 1]
            reps = c[i + 2]
            i = _apply(t, c, i + 3)
            out.append((name, reps, t))
        return out

    @property
    def tempo(self):
        """The first stage's tempo, e.g. "2-1-4" (Level.tempo_text(0))."""
        return _tempo(self._stages()[0][2])

    @property
    def stage_lines(self):
        """"8 Warm up 2-1-3" per stage, when there are several (the select screen's later pages); () for one."""
        st = self._stages()
        if len(st) < 2:
            return ()
        return ["%d %s %s" % (st[k][1], (st[k][0] or "Stage %d" % (k + 1))[:12], _tempo(st[k][2]))
                for k in range(len(st))]

    @property
    def id(self):
        """The level id: its file name's stem, as the checker made it (levels.fields.stem)."""
        p = self.path
        if p is None:
            return self._level.id
        p = p[p.rfind("/") + 1:]
        j = p.rfind(".")
        return p[:j] if j > 0 else p

    @property
    def description(self):
        """Read from the file while the select screen shows it (checked at start-up; "" when unreadable now)."""
        if self.path is None:
            return self._level.description
        try:
            import json

            with open(self.path, "rb") as f:
                text = f.read().decode("utf-8")
            d = json.loads(text[1:] if text[:1] == "\ufeff" else text).get("description", "")
            return d if isinstance(d, str) else ""
        except (OSError, ValueError, AttributeError, MemoryError):  # UnicodeError is a ValueError
            return ""

    def open(self):
        """The Level, as checked at start-up, without its description: the select screen reads that from the Card,
        and nothing in a set does (no file read at a level's start, no text kept through the set)."""
        if self.path is None:
            return self._level
        lv = Level()
        _apply(lv, self._c, 0)
        for k in _HELD[2:9]:
            setattr(lv, k, getattr(self, k))
        lv.total_reps = lv.reps_per_side * len(lv.leg_plan())
        lv.stages = [Stage(name, reps, t) for name, reps, t in self._stages()]
        return lv


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
