"""Writing the save file with the protocol described in bandlift.progress (.new, then .bak, then the rename).
Store.save() imports this module for a save and lets it go after: saves come between sets, never in play.

Device code (CircuitPython 10).
"""

import json

from bandlift.compat import const
from bandlift.progress import (
    ENOSPC, EROFS, MAX_BYTES, MSG_FAILED, MSG_READONLY, _errno, checksum,
)

_MSG_FULL = const("Save failed: drive full")
_MSG_TOO_BIG = const("Save too big: not saved")


def encode(data):
    """The save file's text: the JSON, then a trailer line "end LENGTH A B" that proves it is complete."""
    payload = json.dumps(data)
    a, b = checksum(payload)
    return "%s\nend %d %d %d\n" % (payload, len(payload), a, b)


def save(store):
    """Write store's progress atomically. True when saved; False (with store.message) when it could not be."""
    if not store.can_save:  # the reason stays (a folder in the way, no drive); read-only when none was given
        store.message = store.problem or MSG_READONLY
        return False
    fs = store.fs
    path = store.path
    text = encode(store.data)
    if len(text.encode("utf-8")) > MAX_BYTES:  # it would not load again: keep the last good save instead
        store.message = _MSG_TOO_BIG
        return False
    try:
        f = fs.open(path + ".new", "w")
        try:
            f.write(text)
            f.flush()
        finally:
            f.close()
        fs.sync()
        if store._exists(path):
            if store._exists(path + ".bak"):
                fs.remove(path + ".bak")
            fs.rename(path, path + ".bak")
        fs.rename(path + ".new", path)
        fs.sync()
    except OSError as e:
        code = _errno(e)
        if code == EROFS:
            store._readonly()
        elif code == ENOSPC:
            store.message = _MSG_FULL
        else:
            store.message = MSG_FAILED
        return False
    store.message = ""
    store.source = "main"
    return True
