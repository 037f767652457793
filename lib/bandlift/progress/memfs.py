"""A drive in RAM for the progress store: the five operations of bandlift.progress.save.OsFs on a dict of bytes.

The game plays on a Store over this drive when the progress file cannot be used at all (its store did not
load: no room, no drive), so records, the menu's stars and the streak work as usual for this power-up; and
the PC's screen walk and tests use it as a drive that saves fine. FAT's rule is kept: no rename onto a file
that exists (the save protocol never asks for one). Loaded only when used. Device code (CircuitPython 10).
"""

from bandlift.compat import const

_ENOENT = const(2)  # errno: no such file
_EEXIST = const(17)  # errno: file exists (FAT refuses a rename onto it)
MSG_NO_DRIVE = "No save: no storage"


class MemFile:
    """An open file: reads give the whole content; writes land on the drive at flush() or close()."""

    def __init__(self, fs, path, mode):
        self.fs = fs
        self.path = path
        self.mode = mode
        self.pending = b""

    def write(self, s):
        self.pending += s.encode("utf-8") if isinstance(s, str) else bytes(s)
        return len(s)

    def flush(self):
        self.fs.disk[self.path] = self.fs.disk.get(self.path, b"") + self.pending
        self.pending = b""

    def close(self):
        if "w" in self.mode:
            self.flush()

    def read(self, n=-1):
        data = self.fs.disk[self.path]
        return data if n < 0 else data[:n]


class MemFs:
    """Files as {path: bytes} in `disk`; an open for writing empties the file at once, as FAT's does."""

    def __init__(self, disk=None):
        self.disk = dict(disk or {})

    def _need(self, path):
        if path not in self.disk:
            raise OSError(_ENOENT, "No such file")

    def open(self, path, mode):
        if "w" in mode:
            self.disk[path] = b""
        else:
            self._need(path)
        return MemFile(self, path, mode)

    def rename(self, old, new):
        self._need(old)
        if new in self.disk:
            raise OSError(_EEXIST, "File exists")
        self.disk[new] = self.disk.pop(old)

    def remove(self, path):
        self._need(path)
        del self.disk[path]

    def stat(self, path):
        """os.stat's tuple: a regular file's mode (0o100644) and its size at [6]."""
        self._need(path)
        return (0o100644, 0, 0, 1, 0, 0, len(self.disk[path]), 0, 0, 0)

    def sync(self):
        pass


def no_drive_store(path="/progress.json"):
    """The real Store on a drive in RAM that says it cannot save: play keeps its records until power-off."""
    from bandlift.progress import Store

    store = Store(path, MemFs())
    store.can_save = False
    store.problem = MSG_NO_DRIVE
    return store
