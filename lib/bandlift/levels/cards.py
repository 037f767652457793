"""A level's Card (bandlift.levels.model.Card): made at start-up from the checked Level, read by the select screen,
opened to the Level when it is played. Loaded by the loader at start-up, by the select screen's text and by a
level's start (bandlift.game.sets, which lets it go after): the Cards stay on the heap through a set, this code
does not (~1.3 kB on a 32-bit CircuitPython build).

Device code (CircuitPython 10); nothing here runs per sample.
"""

from bandlift import targets
from bandlift.levels.model import Card, Level, Stage, _tempo

# Level attributes a Card does not keep in its changes: the Stages (kept as name, reps and Targets changes), the
# description (read while shown), those it holds itself for the menu (the id is its file name's stem) and the
# total (the reps per side times the plan's sets: load() makes it again).
_HELD = ("stages", "description", "id", "name", "reps_per_side", "side", "sets", "rest_ms", "unlock_stars",
         "total_reps")


def fields():
    """The names of a Targets' values in one fixed order, which a packed value's name indexes
    (bandlift.levels.load.pack): made for the call (a Targets' defaults are its class's)."""
    t = targets.Targets
    # (startswith: a name's first letter taken alone would be a one-character string, interned for good on the board)
    return sorted(k for k in dir(t) if not k.startswith("_") and not callable(getattr(t, k)))


def _apply(obj, flat, i, keys):
    """Set the values packed in `flat` (bandlift.levels.load.pack) from index i on an object (None: skip them), up
    to the next stage (or the end); the index after them. `keys`: fields(), whose order the packed names index."""
    n = len(flat)
    while i < n:
        x = flat[i]
        if type(x) is str:  # a name, value pair
            k = x
            v = flat[i + 1]
            i += 2
        elif x < 0:  # the next stage
            break
        else:  # name << 22 | value
            i += 1
            if obj is None:
                continue
            j = x >> 22
            for k in keys:
                if not j:
                    break
                j -= 1
            v = x & 0x3FFFFF
        if obj is not None:
            setattr(obj, k, v)
    return i


def make(level, path=None):
    """The Card of a checked Level read from `path` (None: a level built in memory, kept whole in the Card); the
    loader adds a Card's checked values (`_c`: bandlift.levels.load.pack)."""
    c = Card()
    c.path = path
    if path is None:
        c._level = level
    c.name = level.name
    c.reps_per_side = level.reps_per_side
    for k in _HELD[5:9]:
        v = getattr(level, k)
        if v != getattr(Card, k):
            setattr(c, k, v)
    return c


def stages(card):
    """[(name, reps, Targets)] per stage: the Level's, or made from the checked values (the menu's pages read
    them: a few hundred bytes of garbage per page, none kept)."""
    if card.path is None:
        return [(s.name, s.reps, s.targets) for s in card._level.stages]
    out = []
    c = card._c
    t = targets.Targets()
    keys = fields()
    i = _apply(None, c, 0, keys)
    n = len(c)
    while i < n:  # -1 - reps, name, the Targets' changes from the stage before's
        t = t.copy()
        reps = -1 - c[i]
        name = c[i + 1]
        i = _apply(t, c, i + 2, keys)
        out.append((name, reps, t))
    return out


def tempo(card):
    """The first stage's tempo, e.g. "2-1-4" (Level.tempo_text(0))."""
    return _tempo(stages(card)[0][2])


def stage_lines(card):
    """"8 Warm up 2-1-3" per stage, when there are several (the select screen's later pages); () for one."""
    st = stages(card)
    if len(st) < 2:
        return ()
    return ["%d %s %s" % (st[k][1], (st[k][0] or "Stage %d" % (k + 1))[:12], _tempo(st[k][2]))
            for k in range(len(st))]


def description(card):
    """Read from the file while the select screen shows it (checked at start-up; "" when unreadable now)."""
    if card.path is None:
        return card._level.description
    try:
        import json

        with open(card.path, "rb") as f:
            data = f.read()
        if data[:3] == b"\xef\xbb\xbf":  # a byte order mark, as some editors write
            data = data[3:]
        # the parser reads UTF-8 bytes as they are: no decoded copy of the file beside them (the select screen's
        # page turns while the whole menu is on the heap)
        d = json.loads(data).get("description", "")
        return d if isinstance(d, str) else ""
    except (OSError, ValueError, AttributeError, MemoryError):  # UnicodeError is a ValueError
        return ""


def load(card):
    """The Level, as checked at start-up, without its description: the select screen reads that from the Card,
    and nothing in a set does (no file read at a level's start, no text kept through the set)."""
    if card.path is None:
        return card._level
    st = stages(card)
    lv = Level()
    _apply(lv, card._c, 0, fields())
    for k in _HELD[2:9]:
        setattr(lv, k, getattr(card, k))
    lv.total_reps = lv.reps_per_side * len(lv.leg_plan())
    lv.stages = [Stage(name, reps, t) for name, reps, t in st]
    return lv
