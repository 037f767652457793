"""A reason to come back: the streak of sessions and the garden that grows with good sets.

The board keeps no calendar (no battery-backed clock: time.localtime() starts at 2000-01-01 at every
power-up), so BandLift counts what it can know:
- A session is one power-up of the board, or, when it stays on, a new start after _SESSION_GAP_MS (4 h)
  without a set (measured with the loop's own ticks, which never needs a date). A soft reload or a press of
  RESET is no power-up: the session goes on. The board numbers its power-ups in microcontroller.nvm
  (bandlift.start.session_id) and the save keeps the number of the session it describes ("boot") and
  whether that session already counts ("counted").
- The streak is the number of sessions in a row in which at least one full set was finished. A session in
  which a set was started but none finished (quit, or ended early) breaks it; a power-up with no set at all
  leaves it as it was (switching on to look at the records is no missed workout).
- The garden grows one step with every good set: a full set whose mean rep score earns 2 stars or more.
  It has 8 stages (seed to fruit tree); after the last, every _GROW_MORE good sets add a fruit.

Kept in progress.json under the top-level key "game" through progress.Store (the same atomic, power-cut
safe save as the records); clean() accepts only well-formed values, so a hand-edited file cannot crash it.
"""

from bandlift.compat import const

_SESSION_GAP_MS = const(4 * 3600 * 1000)  # on but idle this long: the next set opens a new session
_GOOD_STARS = const(2)  # a finished set at this many stars or more grows the garden
_STAGES = const((0, 1, 3, 6, 10, 15, 21, 28))  # good sets needed for each garden stage
_GROW_MORE = const(7)  # good sets per fruit after the last stage
_KEY = const("game")


def _int(v, hi=1 << 29):
    if isinstance(v, bool) or not isinstance(v, int) or v < 0 or v > hi:
        return 0
    return v


def _boot(v):
    """The session number a save describes (0-255), or None."""
    return v if isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 255 else None


def clean(data):
    """A well-formed growth dict from whatever progress.json held under "game" (anything else: a fresh one)."""
    if not isinstance(data, dict):
        data = {}
    return {
        "sessions": _int(data.get("sessions")),
        "streak": _int(data.get("streak")),
        "best_streak": _int(data.get("best_streak")),
        "open": data.get("open") is True,
        "counted": data.get("counted") is True,
        "boot": _boot(data.get("boot")),
        "good_sets": _int(data.get("good_sets")),
        "sets": _int(data.get("sets")),
    }


def stage_of(good_sets):
    """Garden stage (0-7) for a number of good sets."""
    n = 0
    for i in range(len(_STAGES)):
        if good_sets >= _STAGES[i]:
            n = i
    return n


def to_next(good_sets):
    """Good sets still needed for the next stage (or the next fruit after the last stage)."""
    st = stage_of(good_sets)
    if st + 1 < len(_STAGES):
        return _STAGES[st + 1] - good_sets
    return _GROW_MORE - (good_sets - _STAGES[-1]) % _GROW_MORE


class Growth:
    def __init__(self, data=None, session=None, resume=False):
        """data: what the save holds. session: this power-up's number (bandlift.start.session_id: it
        changes at every power-up and stays through a reload or RESET), or None (no nvm: every start is a
        power-up). The save's "boot" is the session it describes: the same number continues that session,
        another starts a new one. Nothing is written at start: a RESET before the first save reads the old
        number again and starts the same new session again. resume: data is a Growth's own .d, kept while a
        set was on (bandlift.game.state lets this module go then): taken as it is, in the same session."""
        self.idle_ms = 0
        if resume:
            self.d = data
            return
        self.d = clean(data)
        if session is None or self.d["boot"] != session:
            self.new_session()
            self.d["boot"] = session

    @property
    def counted(self):
        """This session already counts for the streak."""
        return self.d["counted"]

    def new_session(self):
        """A session starts (power-up, or a long idle gap): a previous session that started a set and
        finished none breaks the streak now."""
        self.idle_ms = 0
        self.d["counted"] = False
        if self.d["open"]:
            self.d["streak"] = 0
            self.d["open"] = False

    def idle(self, dt_ms):
        """Time with no set in progress; after _SESSION_GAP_MS the next set is a new session."""
        if dt_ms <= 0:
            return
        self.idle_ms += dt_ms if dt_ms < _SESSION_GAP_MS else _SESSION_GAP_MS
        if self.idle_ms >= _SESSION_GAP_MS:
            if self.counted or self.d["open"]:
                self.new_session()
            self.idle_ms = 0

    def active(self):
        """A set is being played: the idle clock starts again."""
        self.idle_ms = 0

    def set_done(self, finished, stars):
        """A set on one leg ended: finished (all its reps, or ended early by fading form after half
        of them) or not. Returns the number of garden steps it grew (0 or 1)."""
        d = self.d
        if not finished:
            if not self.counted:
                d["open"] = True
            return 0
        d["sets"] += 1
        if not self.counted:
            d["counted"] = True
            d["sessions"] += 1
            d["streak"] += 1
            d["open"] = False
            if d["streak"] > d["best_streak"]:
                d["best_streak"] = d["streak"]
        if stars >= _GOOD_STARS:
            d["good_sets"] += 1
            return 1
        return 0

    @property
    def streak(self):
        return self.d["streak"]

    @property
    def good_sets(self):
        return self.d["good_sets"]

    @property
    def stage(self):
        return stage_of(self.d["good_sets"])

    def to_dict(self):
        return dict(self.d)
