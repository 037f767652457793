"""Buttons A/B/C through keypad: a press on release, a long press once held >= 600 ms.

poll(now_ms) returns one event per call as an int: -1 none, else button (0=A 1=B 2=C) + 4 (_LONG) if long.
The timing uses the injected ticks, so the same logic runs in tests with a fake key source.
"""

from bandlift.compat import const, ticks_diff

_TYPING = const(0)  # imports for the type check: mypy reads the block, the board's compiler drops it
if _TYPING:
    import keypad

_LONG = const(4)
_LONG_MS = const(600)
_NONE = const(-1)


class ButtonLogic:
    """Press / long-press from key down/up edges; no hardware."""

    def __init__(self, n=3, long_ms=_LONG_MS):
        self.long_ms = long_ms
        self.down = [False] * n
        self._since = [0] * n
        self._long_sent = [False] * n
        self._n_down = 0  # keys held now: held() has nothing to look at while none is

    def edge(self, key, pressed, now_ms):
        """A key went down or up. Returns an event (see poll) or _NONE."""
        if pressed:
            if not self.down[key]:
                self._n_down += 1
            self.down[key] = True
            self._since[key] = now_ms
            self._long_sent[key] = False
            return _NONE
        if not self.down[key]:
            return _NONE
        self.down[key] = False
        self._n_down -= 1
        if self._long_sent[key]:
            return _NONE
        if ticks_diff(now_ms, self._since[key]) >= self.long_ms:
            return key | _LONG
        return key

    def held(self, now_ms):
        """A long press fires while still held, so the user feels it happen."""
        if not self._n_down:
            return _NONE
        for k in range(len(self.down)):
            if self.down[k] and not self._long_sent[k] and ticks_diff(now_ms, self._since[k]) >= self.long_ms:
                self._long_sent[k] = True
                return k | _LONG
        return _NONE


class Buttons:
    """keypad's Keys on the board's pins; made by bandlift.start.make_buttons (start-up code, let go before the
    loop runs): keys, _queue (the Keys' one EventQueue, bound once: poll() asks it every loop pass), _event (the
    one keypad.Event it is read into) and logic (a ButtonLogic)."""

    keys: "keypad.Keys"; _queue: "keypad.EventQueue"; _event: "keypad.Event"; logic: "ButtonLogic"
    present = True

    def poll(self, now_ms):
        ev = self._event
        logic = self.logic
        while self._queue.get_into(ev):
            r = logic.edge(ev.key_number, ev.pressed, now_ms)
            if r != _NONE:
                return r
        # (every loop pass: no call while no key is held, the usual case)
        return logic.held(now_ms) if logic._n_down else _NONE


class NullButtons:
    present = False

    def poll(self, now_ms):
        return _NONE

