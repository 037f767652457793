"""One small surface over the progress store, whichever shape it has.

bandlift.progress.Store has record(level_id, score, stars, side), note_combo(combo), save(),
best(id), stars(id), total_stars and best_combo as properties, can_save and message. A plain duck
store (tests, other hosts) may instead offer get(id) -> dict, record(id, result_dict) -> bool and
total_stars(). StoreView speaks both, and never lets a store error stop the game. (The game's own in-RAM
store, for when there is no progress file, is bandlift.game.memstore.MemoryStore.)
"""

STORE_ERRORS = (AttributeError, OSError, ValueError, TypeError, KeyError)


def _value(v):
    """A property or a method: the value either way."""
    return v() if callable(v) else v


class StoreView:
    def __init__(self, store):
        self.store = store
        self.real = hasattr(store, "note_combo") and hasattr(store, "save")

    @property
    def can_save(self):
        return bool(getattr(self.store, "can_save", True))

    @property
    def message(self):
        return str(getattr(self.store, "message", "") or "")

    def get(self, level_id):
        """{"score", "stars", "best_combo"?} for a level played before, else None."""
        s = self.store
        try:
            if self.real:
                score = int(s.best(level_id))
                stars = int(s.stars(level_id))
                if score == 0 and stars == 0 and level_id not in s.data.get("levels", {}):
                    return None
                return {"score": score, "stars": stars}
            r = s.get(level_id)
            return r if isinstance(r, dict) else None
        except STORE_ERRORS:
            return None

    def total_stars(self):
        try:
            return int(_value(self.store.total_stars))
        except STORE_ERRORS:
            return 0

    def best_combo(self):
        """Best combo over all levels when the store keeps it (0 otherwise)."""
        try:
            return int(_value(getattr(self.store, "best_combo", 0)) or 0)
        except STORE_ERRORS:
            return 0

    def last_level(self):
        """The id of the level played last, or None."""
        try:
            v = _value(getattr(self.store, "last_level", None))
            return v if isinstance(v, str) else None
        except STORE_ERRORS:
            return None

    @property
    def session(self):
        """This power-up's number (the store's session, set by start.py), or None."""
        v = getattr(self.store, "session", None)
        return v if isinstance(v, int) else None

    def growth_data(self):
        """What the store keeps for bandlift.game.growth (a dict, maybe empty)."""
        s = self.store
        try:
            d = s.data.get("game") if self.real else getattr(s, "game", None)
        except STORE_ERRORS:
            d = None
        return d if isinstance(d, dict) else {}

    def put_growth(self, data, save=True):
        """Keep the streak and garden; saved with the records (power-cut safe through Store.save)."""
        s = self.store
        try:
            if self.real:
                s.data["game"] = data
                if save:
                    s.save()
            else:
                s.game = data
        except STORE_ERRORS:
            pass

    def record(self, level_id, result):
        """Record a finished level; True when it beat a stored record (a first try beats none). Errors are in
        .message."""
        s = self.store
        had = self.get(level_id) is not None
        if self.real:
            side = result.get("side")
            better = bool(s.record(level_id, result["score"], result["stars"], side if side in ("L", "R") else None))
            s.note_combo(result.get("best_combo", 0))
            s.save()
            return better and had
        return bool(s.record(level_id, result)) and had
