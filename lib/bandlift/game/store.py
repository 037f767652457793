"""The game's side of bandlift.progress.Store: what it reads and writes there, and no store error stops play.

The game always gets a real Store: the one on the drive, or (when that could not load) one on a drive in RAM
(bandlift.progress.memfs.no_drive_store), which keeps this power-up's records and says it cannot save.

While a set is on, not even this view is on the heap: the game state keeps what park() returned and makes the
view again from it (StoreView(None, parked)) at the first read or write after the set (game/state.py store).
"""

from bandlift.game import rules

STORE_ERRORS = (AttributeError, OSError, ValueError, TypeError, KeyError)


class StoreView:
    def __init__(self, store, parked=None):
        self._store = store
        self._path = None
        self.kept = None  # the store's state while it is let go (park)
        if parked is not None:  # what park() returned: the store's path and state
            self._path, self.kept = parked

    @property
    def store(self):
        """The bandlift.progress Store, for a write; after park(), made again from what park() kept (its
        module loaded again: a set's end records and saves)."""
        s = self._store
        if s is None:
            from bandlift.progress import Store

            s = self._store = Store(self._path, kept=self.kept)
            self.kept = self._path = None
        return s

    def park(self):
        """Let the store's code (bandlift.progress, ~3 kB) go until the next write: its state (the records)
        stays here, the menu's reads come from it, and a write (a set's end) brings the store back as it was.
        Called once the game is made, when a set starts and when a set's end has saved: only a set's end needs
        the code. A store on a drive in RAM stays. Returns (path, state), what StoreView(None, parked) takes up
        again, or None for a store that stays."""
        s = self._store
        if s is not None:
            kept = s.kept()
            if kept is None:
                return None
            self._path = s.path
            self.kept = kept
            self._store = s = None
            from bandlift.lifetime import release

            release("bandlift.progress")
        return self._path, self.kept

    def _state(self, key):
        """One of the store's fields (data, can_save, problem, notice, session): the store's own, or while it
        is let go what park() kept. Reads never load bandlift.progress: only a write brings it back."""
        s = self._store
        return getattr(s, key) if s is not None else self.kept[key]

    @property
    def can_save(self):
        return self._state("can_save")

    @property
    def message(self):
        """As bandlift.progress.Store.message: a save problem first, else what happened at load."""
        return self._state("problem") or self._state("notice")

    @property
    def session(self):
        """This power-up's number (the store's session, set by start.py), or None."""
        return self._state("session")

    def get(self, level_id):
        """{"score", "stars"} for a level played before, else None."""
        rec = self._state("data")["levels"].get(level_id)
        if rec is None:
            return None
        return {"score": rec["best"], "stars": rec["stars"]}

    def total_stars(self):
        return rules.total_stars(self._state("data")["levels"])

    def best_combo(self):
        """Best combo over all levels."""
        return self._state("data")["best_combo"]

    def last_level(self):
        """The id of the level played last, or None."""
        return self._state("data")["last"]

    def growth_data(self):
        """What the store keeps for bandlift.game.growth (a dict, maybe empty)."""
        d = self._state("data").get("game")
        return d if isinstance(d, dict) else {}

    def put_growth(self, data, save=True):
        """Keep the streak and garden; saved with the records (power-cut safe through Store.save)."""
        s = self.store
        try:
            s.data["game"] = data
            if save:
                s.save()
        except STORE_ERRORS:
            pass

    def finish(self, write, levels):
        """A set's end writes what game/menu/ending.py returned, (garden, save it now, level id, result,
        summary, the next screen): the garden, and for a level played to its end its result, saved; the summary
        (None after a set that a rest follows) gets new_best, recorded, unlocks (levels the new stars open) and
        save_msg."""
        garden, save, level_id, result, s = write[:5]
        self.put_growth(garden, save)
        if result is not None:
            before = self.total_stars()
            try:
                s["new_best"] = bool(self.record(level_id, result))
                s["recorded"] = True
            except STORE_ERRORS:
                s["save_msg"] = "Save failed"
            after = self.total_stars()
            n = 0
            for level in levels:
                if before < level.unlock_stars <= after:
                    n += 1
            s["unlocks"] = n
        if s is not None:
            if self.message:
                s["save_msg"] = self.message
            if not self.can_save:
                s["save_msg"] = self.message or "No save: drive read-only"

    def record(self, level_id, result):
        """Record a finished level; True when it beat a stored record (a first try beats none). Errors are in
        .message."""
        s = self.store
        had = self.get(level_id) is not None
        side = result.get("side")
        better = bool(s.record(level_id, result["score"], result["stars"], side if side in ("L", "R") else None))
        s.note_combo(result.get("best_combo", 0))
        s.save()
        return better and had
