"""Writing the save file with the protocol described in bandlift.progress (.new, then .bak, then the rename).
Store.save() imports this module for a save and lets it go after: saves come between sets, never in play.

Device code (CircuitPython 10).
"""

import json
import os

from bandlift.compat import const
from bandlift.progress import ENOSPC, EROFS, MAX_BYTES, MSG_FAILED, MSG_READONLY

_MSG_FULL = const("Save failed: drive full")
_MSG_TOO_BIG = const("Save too big: not saved")


# The drive's file system, the trailer's checksum and an OSError's number: here, not in bandlift.progress, so that
# a set's end (which loads that module again to write) compiles less; load.py takes them from here.
class OsFs:
    """The drive's file system (a Store's fs None): the five operations a save needs, nothing else. Made for each
    load and save, never kept by the store (an object of this module would keep its code on the heap)."""

    def open(self, path, mode):
        return open(path, mode)

    def rename(self, old, new):
        os.rename(old, new)

    def remove(self, path):
        os.remove(path)

    def stat(self, path):
        return os.stat(path)

    def sync(self):
        sync = getattr(os, "sync", None)  # CircuitPython and Linux have it; others flush on close
        if sync is not None:
            sync()


def _exists(fs, path):
    try:
        fs.stat(path)
        return True
    except OSError:
        return False


def _errno(e):
    return e.args[0] if e.args and isinstance(e.args[0], int) else None


def checksum(text):
    """Adler-32 style sums of a text's characters (code points), as two ints below 65521 (small ints on the
    device). An ASCII text (the JSON of ASCII level ids) is summed over its bytes, the same numbers: iterating
    a str makes each of its characters a one-character string the board interns for good."""
    a = 1
    b = 0
    raw = text.encode()
    if raw and max(raw) > 127:  # not ASCII: the characters' code points (their UTF-8 bytes differ)
        raw = text
    for c in raw:
        a = (a + (c if raw is not text else ord(c))) % 65521
        b = (b + a) % 65521
    return a, b


def encode(data):
    """The save file's text: the JSON, then a trailer line "end LENGTH A B" that proves it is complete."""
    payload = json.dumps(data)
    a, b = checksum(payload)
    return "%s\nend %d %d %d\n" % (payload, len(payload), a, b)


def save(store):
    """Write store's progress atomically. True when saved; False (with store.message) when it could not be."""
    if not store.can_save:  # the reason stays (a folder in the way, no drive); read-only when none was given
        store.problem = store.problem or MSG_READONLY
        return False
    fs = store.fs
    if fs is None:
        fs = OsFs()
    path = store.path
    text = encode(store.data)
    # it would not load again: keep the last good save instead. (A character is 1-4 bytes in UTF-8: the text is
    # encoded to count them only when it could be too long, never for a save of a few kB, whose copy at a set's end
    # was the session's highest heap)
    if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8")) > MAX_BYTES:
        store.problem = _MSG_TOO_BIG
        return False
    try:
        f = fs.open(path + ".new", "w")
        try:
            f.write(text)
            f.flush()
        finally:
            f.close()
        fs.sync()
        if _exists(fs, path):
            if _exists(fs, path + ".bak"):
                fs.remove(path + ".bak")
            fs.rename(path, path + ".bak")
        fs.rename(path + ".new", path)
        fs.sync()
    except OSError as e:
        code = _errno(e)
        if code == EROFS:
            store._readonly()
        elif code == ENOSPC:
            store.problem = _MSG_FULL
        else:
            store.problem = MSG_FAILED
        return False
    store.problem = ""
    store.source = "main"
    return True
