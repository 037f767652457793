"""The lean device loader: level files -> Levels, a short reason for every file it skips.

Device code (CircuitPython 10, ~140 kB heap): reads at most MAX_BYTES + 1 bytes per file, never raises for a
bad file, and a broken file never stops the others from loading. Field checks live in bandlift.levels.parse;
what a syntax error is called, in bandlift.levels.slips (loaded only for a broken file or a \\u escape).
"""

import json

try:
    import os
except ImportError:  # pragma: no cover - every target has os
    os = None
from bandlift.lifetime import collect

collect()  # the checker's compile (.py on the board) is the loader's peak: it starts in the room the model's left
from bandlift.levels.parse import LevelError, parse_level  # noqa: E402

MAX_BYTES = 8192  # a level file is a few hundred bytes; cap what a device reads into RAM


def decode_level_bytes(data, limit=MAX_BYTES):
    """(text, None) or (None, reason) for raw file bytes: size cap, emptiness, binary, encoding."""
    if len(data) > limit:
        return None, "too big (over %d bytes): a level is a small JSON file" % limit
    if not data.strip():
        return None, "empty file"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None, "not UTF-8 text (it is UTF-16: save the file as UTF-8)"
    if b"\x00" in data:
        return None, "binary file, not JSON text"
    try:
        text = data.decode("utf-8")
    except UnicodeError:
        return None, "not UTF-8 text (save the file as UTF-8)"
    if text.startswith("\ufeff"):  # a byte order mark, as some editors write
        text = text[1:]
    return text, None


def _os_reason(e):
    code = e.args[0] if e.args else None
    if code == 2:
        return "no such file"
    if code == 21:
        return "is a folder, not a level file"
    if code == 13:
        return "cannot read (permission denied)"
    return "cannot read (%s)" % (e,)


def _read_size(f, limit):
    """Bytes to ask f.read() for: the file's size + 1 (at most limit + 1, which tells a file over the limit).
    A read asks the heap for that many bytes in one piece before it reads: limit + 1 for every file was an 8 kB
    block per level, which a heap fragmented by the Cards made so far may not have (a few hundred bytes do)."""
    try:
        size = f.seek(0, 2)
        f.seek(0)
    except (OSError, AttributeError, ValueError):  # a stream that cannot seek: read up to the cap
        return limit + 1
    return (size if size < limit else limit) + 1


def read_level_file(path, limit=MAX_BYTES, loads=None):
    """(obj, None) or (None, reason) for one level file; never raises for a bad file.

    loads: the JSON parser (json.loads by default; the PC checker passes one that spots duplicate keys).
    """
    try:
        with open(path, "rb") as f:
            data = f.read(_read_size(f, limit))
    except OSError as e:
        return None, _os_reason(e)
    text, reason = decode_level_bytes(data, limit)
    if reason:
        return None, reason
    if "\\u" in text:  # only then can a \\ud83d be there: the scan is skipped for almost every file
        from bandlift.levels.slips import slip, slip_reason

        s = slip(text)
        if s is not None and s[0] == "surrogate":
            return None, slip_reason(text)
    try:
        obj = (loads or json.loads)(text)
    except ValueError as e:
        from bandlift.levels.slips import json_error

        return None, json_error(e, text)
    except MemoryError:
        return None, "too big to read into memory"
    except RuntimeError:  # RecursionError on CPython, "maximum recursion depth" on the device
        return None, "JSON nested too deeply"
    except Exception as e:  # a json module surprised by odd input must not stop the game
        return None, "unreadable JSON (%s)" % type(e).__name__
    return obj, None


def level_files(folder):
    """The *.json (or *.JSON) file names in a folder, sorted (levels are named NN-slug.json so they sort in order)."""
    names = []
    for n in os.listdir(folder):
        # any case (FAT does not tell 01.JSON from 01.json; the checker loads the same files); "._x.json":
        # macOS metadata files
        if n[-5:].lower() == ".json" and not n.startswith("."):
            names.append(n)
    names.sort()
    return names


def _load(path):
    obj, reason = read_level_file(path)
    if reason is not None:
        return None, reason
    try:
        return parse_level(obj, path[path.rfind("/") + 1:]), None
    except LevelError as e:
        return None, e.field + ": " + e.reason


def load_level(path):
    """(Level, None) or (None, "field: reason") for one file; never raises.

    On a board the heap may be too fragmented for a file's few kB: collect and try once more, then skip it.
    """
    for attempt in (0, 1):
        try:
            return _load(path)
        except MemoryError:
            if attempt == 0:
                collect()
        except Exception as e:  # a checker surprised by odd input skips that one file, never the others
            return None, "unreadable level (%s)" % type(e).__name__
    return None, "not enough memory to read it"


def load_levels(folder):
    """(levels, skipped): the valid levels in file-name order, and (file name, short reason) for the rest."""
    levels = []
    skipped = []
    try:
        names = level_files(folder)
    except OSError:
        return levels, [(folder, "no levels folder")]
    for n in names:
        lv, reason = load_level(folder + "/" + n)
        if lv is None:
            skipped.append((n, reason))
        else:
            levels.append(lv)
    return levels, skipped


def load_cards(folder):
    """(cards, skipped): load_levels' result, each Level kept only as the Card the menu shows (one Level at a
    time on the heap)."""
    from bandlift.levels.cards import make

    cards = []
    skipped = []
    try:
        names = level_files(folder)
    except OSError:
        return cards, [(folder, "no levels folder")]
    for n in names:
        path = folder + "/" + n
        lv, reason = load_level(path)
        if lv is None:
            skipped.append((n, reason))
        else:
            # the file's text and parse tree are garbage now: collected first, the Card goes into the lowest
            # free space instead of above them, so the Cards pack together and leave the heap in large pieces
            # (the interned-name pool of 1,280 entries made later needs 7.7 kB in one piece)
            collect()
            c = pack(lv)
            cards.append(make(lv, path))
            cards[-1]._c = c
            lv = None
    return cards, skipped


def pack(level):
    """A Card's checked values (read by bandlift.levels.cards): the Level's changes from a Level's defaults, then
    per Stage -1 - its reps, its name and its Targets' changes from the stage before's. A whole number 0 ... 4,194,303
    of a Targets' attribute is one small int (name << 22 | value, the name its index in bandlift.levels.cards
    fields()); anything else a name, value pair (a Level made from the Card shares those values: no new object
    at a level's start). The Cards stay on the heap through every set: ~0.5 kB less for the 12 shipped levels
    (32-bit build) than name, value pairs only."""
    from bandlift import targets
    from bandlift.levels.cards import _HELD, fields
    from bandlift.levels.model import Level

    t0 = targets.Targets()
    keys = fields()
    flat = []
    _changes(flat, level, Level(), keys, _HELD)
    for s in level.stages:
        flat.append(-1 - s.reps)
        flat.append(s.name)
        _changes(flat, s.targets, t0, keys, names=keys)  # (every value: one the stage before changed may be a
        t0 = s.targets  # default here, which a Targets reads from its class)
    return tuple(flat)


def _changes(out, obj, default, keys, skip=(), names=None):
    """Append to list `out` the attributes of obj that differ from a default object's, packed: those in its own
    table, or every one of `names`."""
    for k in obj.__dict__ if names is None else names:
        v = getattr(obj, k)
        if k in skip or getattr(default, k, None) == v:
            continue
        if type(v) is int and 0 <= v < 0x400000 and k in keys:
            out.append(keys.index(k) << 22 | v)
        else:
            out.append(k)
            out.append(v)
