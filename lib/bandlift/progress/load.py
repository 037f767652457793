"""Reading the save file: check it (length, checksum, shape) and repair the set of files an interrupted save
left (see the protocol in bandlift.progress). Store.load() imports this module and drops it
again: none of this code stays in RAM while the game is played.

Device code (CircuitPython 10).
"""

import json

from bandlift.compat import const
from bandlift.progress import EROFS, FORMAT, MAX_BYTES, MSG_READONLY, SIDES, empty
from bandlift.progress.save import OsFs, _errno, _exists, checksum

_MSG_DAMAGED = const("Save was damaged: new start")
_MSG_RESTORED = const("Save restored from backup")
_MSG_FOLDER = const("%s is a folder")  # the save's name, taken by a folder on the drive


def decode(text):
    """The progress dict from a save file's text, or None when it is incomplete, damaged or not ours."""
    i = text.rfind("\nend ")
    if i < 0:
        return None
    payload = text[:i]
    parts = text[i + 5:].split()
    if len(parts) != 3:
        return None
    try:
        n = int(parts[0])
        a = int(parts[1])
        b = int(parts[2])
    except ValueError:
        return None
    if n != len(payload) or (a, b) != checksum(payload):
        return None
    try:
        data = json.loads(payload)
    except (ValueError, RuntimeError, MemoryError):  # RuntimeError: RecursionError (deep nesting) on CPython
        return None
    return clean(data)


def _int(v, lo, hi):
    """v as an int in [lo, hi], or None (bools and floats out)."""
    if isinstance(v, bool) or not isinstance(v, int) or v < lo or v > hi:
        return None
    return v


def clean(data):
    """A well-formed progress dict from loaded data, or None when its shape is wrong.

    Unknown keys are dropped and bad entries skipped, so a hand-edited save cannot crash the game.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("levels"), dict):
        return None
    out = empty()
    for lid in data["levels"]:
        rec = data["levels"][lid]
        if not isinstance(lid, str) or not isinstance(rec, dict):
            continue
        r = {"best": _int(rec.get("best", 0), 0, 100) or 0, "stars": _int(rec.get("stars", 0), 0, 3) or 0}
        for s in SIDES:
            if s in rec:
                v = _int(rec[s], 0, 100)
                if v is not None:
                    r[s] = v
        out["levels"][lid] = r
    out["best_combo"] = _int(data.get("best_combo", 0), 0, 1 << 29) or 0
    sides = data.get("sides")
    if isinstance(sides, dict):
        for s in SIDES:
            out["sides"][s] = _int(sides.get(s, 0), 0, 100) or 0
    last = data.get("last")
    out["last"] = last if isinstance(last, str) else None
    game = data.get("game")  # the game's streak and garden (bandlift.game.growth cleans its values)
    if isinstance(game, dict):
        out["game"] = game
    return out


def _read(fs, path):
    """("missing" | "bad" | "ok", data) of one of the save's files."""
    try:
        f = fs.open(path, "rb")
    except OSError:
        return "missing", None
    try:
        # read(n) allocates n bytes at once: ask for the file's size (a save is ~2 kB), not MAX_BYTES, so a
        # fragmented heap on the board still has room for it
        n = fs.stat(path)[6]
        raw = f.read(n + 1 if n < MAX_BYTES else MAX_BYTES + 1)
    except OSError:
        return "bad", None
    finally:
        try:
            f.close()
        except OSError:
            pass
    if not raw or len(raw) > MAX_BYTES:
        return "bad", None
    try:
        text = raw.decode("utf-8")
    except UnicodeError:
        return "bad", None
    data = decode(text)
    if data is None:
        return "bad", None
    return "ok", data


def _try(store, op, *args):
    """A file operation whose failure is not fatal (a read-only drive cannot repair; that is fine)."""
    try:
        op(*args)
        return True
    except OSError as e:
        if _errno(e) == EROFS:
            store._readonly()
        return False


def _folder(fs, path):
    """True when path is a folder (stat's mode has S_IFDIR, 0x4000: the same on FAT and on a PC)."""
    try:
        return (fs.stat(path)[0] & 0x4000) != 0
    except OSError:
        return False


def _blocked(fs, path):
    """A folder where the save protocol needs a file: PATH, PATH.new or PATH.bak."""
    return _folder(fs, path) or _folder(fs, path + ".new") or _folder(fs, path + ".bak")


def beside(path):
    """The save's second home when a folder holds its name: /progress.json -> /progress-save.json."""
    return (path[:-5] if path.endswith(".json") else path) + "-save.json"


def load(store):
    """(Re)load, at PATH or, when a folder is in the way of its files, at beside(PATH): the folder is never
    touched (it may hold someone's files) and every save goes beside it, with a notice naming both."""
    fs = store.fs
    if fs is None:
        fs = OsFs()
    path = store.path
    moved = _blocked(fs, path)
    if moved:
        store.path = beside(path)
    _load(store, fs)
    if not moved:
        return
    name = path[path.rfind("/") + 1:]
    if _blocked(fs, store.path):  # both homes are folders: nowhere to save
        store.can_save = False
        store.problem = _MSG_FOLDER % name
    elif not store.notice:
        store.notice = (_MSG_FOLDER % name) + ": saving to " + store.path[store.path.rfind("/") + 1:]


def _load(store, fs):
    """(Re)load: PATH, then a complete PATH.new, then PATH.bak; a damaged PATH is set aside as .bad."""
    store.data = empty()
    store.source = None
    store.problem = ""
    store.notice = ""
    path = store.path
    state, data = _read(fs, path)
    if state == "ok":
        store.data = data
        store.source = "main"
        return
    damaged = state == "bad"
    if damaged:
        if _exists(fs, path + ".bad"):
            _try(store, fs.remove, path + ".bad")
        _try(store, fs.rename, path, path + ".bad")
    for suffix, name in ((".new", "new"), (".bak", "bak")):
        state, data = _read(fs, path + suffix)
        if state == "ok":
            store.data = data
            store.source = name
            if name == "bak":
                store.notice = _MSG_RESTORED
            # Make it the main file again (PATH is gone or set aside, so this is no rename onto a file).
            if not _exists(fs, path):
                _try(store, fs.rename, path + suffix, path)
            return
    if damaged:
        store.notice = _MSG_DAMAGED
    if not store.can_save:
        store.problem = MSG_READONLY
