"""The game's store when there is no progress store: progress kept in RAM (loaded only then).

The duck shape bandlift.game.store.StoreView speaks: get(id) -> dict, record(id, result) -> bool, total_stars().
"""


class MemoryStore:
    """Progress kept in RAM: used when there is no store (nothing to save to), and by the PC's screen walk
    and tests as a store that saves fine (can_save=True, message "")."""

    def __init__(self, can_save=False, message="No save: no storage", game=None):
        self.can_save = can_save
        self.message = message
        self._best = {}
        self.last_level = None
        self.game = game

    def get(self, level_id):
        return self._best.get(level_id)

    def record(self, level_id, result):
        old = self._best.get(level_id)
        new_best = old is None or result.get("score", 0) > old.get("score", 0)
        merged = dict(old or {})
        if new_best:
            merged["score"] = result.get("score", 0)
        merged["stars"] = max(result.get("stars", 0), (old or {}).get("stars", 0))
        merged["best_combo"] = max(result.get("best_combo", 0), (old or {}).get("best_combo", 0))
        self._best[level_id] = merged
        self.last_level = level_id
        return new_best

    def total_stars(self):
        return sum(v.get("stars", 0) for v in self._best.values())

    @property
    def best_combo(self):
        return max([v.get("best_combo", 0) for v in self._best.values()] + [0])
