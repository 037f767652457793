"""The lean device loader: level files -> Levels, a short reason for every file it skips.

Device code (CircuitPython 10, ~140 kB heap): reads at most MAX_BYTES + 1 bytes per file, never raises for a
bad file, and a broken file never stops the others from loading. Field checks live in bandlift.levels.parse.
"""

import json

try:
    import os
except ImportError:  # pragma: no cover - every target has os
    os = None
from bandlift.levels.model import Card, LevelError
from bandlift.levels.parse import parse_level
from bandlift.lifetime import collect

MAX_BYTES = 8192  # a level file is a few hundred bytes; cap what a device reads into RAM


def _where(text, i):
    """(line, column) of text[i], both from 1."""
    line = text.count("\n", 0, i) + 1
    return line, i - (text.rfind("\n", 0, i) + 1) + 1


def slip(text):
    """The first of the slips JSON forbids but people write, as (what, index), or None: a comment (// or /*),
    a trailing comma before } or ], single quotes, or a \\u escape of half a UTF-16 pair (\\ud83d: MicroPython reads such a
    pair as two broken characters, the PC as one emoji). One pass that skips the insides of strings; it runs
    only on the error path and for the escape check, never in play."""
    n = len(text)
    i = 0
    comma = -1  # index of the last comma with only white space after it
    while i < n:
        c = text[i]
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                if text[i] == "\\":
                    if text[i + 1:i + 3].lower() == "ud" and text[i + 3:i + 4].lower() in "89abcdef" and i + 3 < n:
                        return "surrogate", i
                    i += 1
                i += 1
            comma = -1
        elif c == "/" and text[i + 1:i + 2] in ("/", "*"):
            return "comment", i
        elif c == "'":
            return "quote", i
        elif c == ",":
            comma = i
        elif c in "}]":
            if comma >= 0:
                return "comma", comma
        elif c not in " \t\r\n":
            comma = -1
        i += 1
    return None


SLIPS = {
    "comment": "comments are not allowed in JSON",
    "comma": "trailing comma (JSON allows no comma before } or ])",
    "quote": "JSON puts names and text in double quotes (\"), not single quotes (')",
    "surrogate": "\\u escape of half an emoji (\\ud800-\\udfff): write the character itself, or leave it out",
}


def slip_reason(text):
    """"JSON ... at line L, column C: what" for the first slip in text, or None."""
    s = slip(text)
    if s is None:
        return None
    line, col = _where(text, s[1])
    kind = "text" if s[0] == "surrogate" else "syntax error"
    return "JSON %s at line %d, column %d: %s" % (kind, line, col, SLIPS[s[0]])


def json_error(e, text=None):
    """A short text for a JSON syntax error: the slip people make when it is one (a comment, a trailing
    comma), else the json module's words, with line and column where the json module gives them."""
    if text is not None:
        why = slip_reason(text)
        if why is not None:
            return why
    line = getattr(e, "lineno", None)
    col = getattr(e, "colno", None)
    msg = getattr(e, "msg", None) or (str(e.args[0]) if e.args else "syntax error")
    if line is not None and col is not None:
        return "JSON syntax error at line %d, column %d: %s" % (line, col, msg)
    return "JSON syntax error: " + msg


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
    if text and text[0] == "\ufeff":  # a byte order mark, as some editors write
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


def read_level_file(path, limit=MAX_BYTES, loads=None):
    """(obj, None) or (None, reason) for one level file; never raises for a bad file.

    loads: the JSON parser (json.loads by default; the PC checker passes one that spots duplicate keys).
    """
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        return None, _os_reason(e)
    text, reason = decode_level_bytes(data, limit)
    if reason:
        return None, reason
    if "\\u" in text:  # only then can a \\ud83d be there: the scan is skipped for almost every file
        s = slip(text)
        if s is not None and s[0] == "surrogate":
            return None, slip_reason(text)
    try:
        obj = (loads or json.loads)(text)
    except ValueError as e:
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
            cards.append(Card(lv, path))
            lv = None
    return cards, skipped
