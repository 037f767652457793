"""Progress that survives: best score and stars per level, best combo, per-side bests, saved atomically.

A save never leaves garbage behind, even if the power goes (or the strap is yanked off) mid-write:
1. write the whole save to PATH.new (with a length and checksum trailer), flush, close, os.sync();
2. move the previous PATH to PATH.bak (removing the older .bak first): FAT's rename onto an existing file
   may fail, so the protocol never renames onto a file that exists;
3. rename PATH.new to PATH, os.sync().
Loading (bandlift.progress.load) tries PATH, then PATH.new (only if complete: it is written in full before
step 2), then PATH.bak, and moves the one it used back to PATH, so a later save starts from a clean state. A
damaged save is set aside as PATH.bad and play goes on with empty progress. A read-only drive (errno 30, EROFS: CircuitPython's
default unless boot.py remounted it) means play without saving: can_save False and a short message.

The file system is injected (open/rename/remove/stat/sync; none: the drive's, bandlift.progress.save.OsFs, made for
each load and save and never kept, so this module compiles less where a set ends) so tests can cut a save after any
step. Device code: CircuitPython 10; saves happen between sets, never in the sample loop.
"""

from bandlift.lifetime import release

FORMAT = 1
MAX_BYTES = 65536  # progress for dozens of levels is ~2 kB; saves stay below this so every save loads again
EROFS = 30
ENOSPC = 28
MSG_READONLY = "No save: drive is read-only"
MSG_FAILED = "Save failed"
SIDES = ("L", "R")


def empty():
    return {"format": FORMAT, "levels": {}, "best_combo": 0, "sides": {"L": 0, "R": 0}, "last": None}


class Store:
    """Progress and records in one JSON file: call record()/note_combo() then save(). The records are read from
    `data` (the game's view of them, game/store.py, reads it, also while this module is let go)."""

    def __init__(self, path, fs=None, kept=None):
        self.path = path
        self.fs = fs  # None: the drive's (bandlift.progress.save.OsFs, made for each load and save)
        self.data = empty()
        self.can_save = True
        self.problem = ""  # what went wrong with the last save (cleared by a save that works)
        self.notice = ""  # what load() had to do (restored from backup, damaged save): kept until shown
        self.source = None  # the file the progress came from: "main", "new", "bak" or None (fresh)
        # this power-up's number (bandlift.start.session_id), None when the board has none:
        # the same number after a reload or RESET, so the game's session goes on (bandlift.game.growth)
        self.session = None
        if kept is None:
            self.load()
        else:  # the store as kept() left it, this module loaded again (bandlift.game.store: a set is over)
            for k in kept:
                setattr(self, k, kept[k])

    def kept(self):
        """This store's state without its file system, for Store(path, kept=...) to take up again, or None
        when it cannot be let go (a file system other than the drive's, e.g. a drive in RAM: its files are
        objects of their own module)."""
        if self.fs is not None:
            return None
        return {"data": self.data, "can_save": self.can_save, "problem": self.problem, "notice": self.notice,
                "source": self.source, "session": self.session}

    @property
    def message(self):
        """One short line for the OLED when something is off with saving: a save problem first, else what
        happened at load. A successful save does not hide a restore: the player still has to be told."""
        return self.problem or self.notice

    # ------------------------------------------------------------ reading

    def load(self):
        """(Re)load: PATH, then a complete PATH.new, then PATH.bak; a damaged PATH is set aside as .bad. The
        reading and repair code (bandlift.progress.load) is dropped again after: play never needs it."""
        from bandlift.progress import load

        load.load(self)
        release("bandlift.progress.load", "bandlift.progress.save")  # (load takes the checksum from save)

    def _readonly(self):
        self.can_save = False
        self.problem = MSG_READONLY

    # ------------------------------------------------------------ writing

    def save(self):
        """Write the progress atomically. True when saved; False (with .message) when it could not be. The
        writing code (bandlift.progress.save) is loaded for the save and let go after."""
        try:
            from bandlift.progress import save
        except MemoryError:  # no room for the writing code now: the last good save stays, play goes on
            self.problem = MSG_FAILED
            return False
        ok = save.save(self)
        release("bandlift.progress.save")
        return ok

    # ------------------------------------------------------------ records

    def _level(self, level_id):
        rec = self.data["levels"].get(level_id)
        if rec is None:
            rec = {"best": 0, "stars": 0}
            self.data["levels"][level_id] = rec
        return rec

    def record(self, level_id, score, stars, side=None):
        """Note a finished level: its score (0-100), stars (0-3) and the leg ("L"/"R"/None).

        Returns True when it beat the level's best score. Stars never go down.
        """
        score = int(score + 0.5)
        score = 0 if score < 0 else (100 if score > 100 else score)
        stars = 0 if stars < 0 else (3 if stars > 3 else int(stars))
        rec = self._level(level_id)
        better = score > rec["best"]
        if better:
            rec["best"] = score
        if stars > rec["stars"]:
            rec["stars"] = stars
        if side in SIDES:
            if score > rec.get(side, 0):
                rec[side] = score
            if score > self.data["sides"][side]:
                self.data["sides"][side] = score
        self.data["last"] = level_id
        return better

    def note_combo(self, combo):
        """A run of good reps in a row; True when it is a new best."""
        if combo > self.data["best_combo"]:
            self.data["best_combo"] = int(combo)
            return True
        return False
