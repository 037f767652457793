"""Twin shim of CircuitPython's `keypad.Keys`: scans every `interval` s of virtual time, like the
background scanner, and queues Events timestamped with supervisor.ticks_ms at the scan."""

from sim.twin.device.board import current as _current
from sim.twin.device.clock import TICKS_MAX as _TICKS_MAX

_BUTTONS = ("D9", "D6", "D5")


class Event:
    def __init__(self, key_number=0, pressed=True, timestamp=None):
        self.key_number = key_number
        self.pressed = pressed
        self.timestamp = timestamp

    @property
    def released(self):
        return not self.pressed

    def __eq__(self, other):
        return (self.key_number, self.pressed) == (other.key_number, other.pressed)

    def __repr__(self):
        return "<Event: key_number %d %s>" % (self.key_number, "pressed" if self.pressed else "released")


class EventQueue:
    def __init__(self, keys, max_events):
        self._keys = keys
        self._q = []
        self._max = max_events
        self.overflowed = False

    def get(self):
        self._keys._scan()
        if not self._q:
            return None
        k, p, t = self._q.pop(0)
        return Event(k, p, t)

    def get_into(self, event):
        self._keys._scan()
        if not self._q:
            return False
        event.key_number, event.pressed, event.timestamp = self._q.pop(0)
        return True

    def clear(self):
        self._q = []
        self.overflowed = False

    def __len__(self):
        self._keys._scan()
        return len(self._q)

    def __bool__(self):
        return len(self) > 0


class Keys:
    def __init__(self, pins, *, value_when_pressed, pull=True, interval=0.020, max_events=64, debounce_threshold=1):
        self._board = _current()
        for p in pins:
            self._board.claim(p, self)
        self._index = []
        for p in pins:
            name = getattr(p, "name", "")
            self._index.append(_BUTTONS.index(name) if name in _BUTTONS else -1)
        self._interval_ms = max(1, int(interval * 1000))
        self._state = [False] * len(self._index)
        self._last_scan_ms = self._board.clock.ms
        self.events = EventQueue(self, max_events)
        self.key_count = len(self._index)

    def _scan(self):
        b = self._board
        clock = b.clock
        now = clock.ms
        t = self._last_scan_ms + self._interval_ms
        while t <= now:
            for k, i in enumerate(self._index):
                down = i >= 0 and b.button_down(i, t)
                if down != self._state[k]:
                    self._state[k] = down
                    q = self.events
                    if len(q._q) >= q._max:
                        q.overflowed = True
                    else:
                        q._q.append((k, down, (t + clock.ticks_offset_ms) & _TICKS_MAX))
            self._last_scan_ms = t
            t += self._interval_ms

    def reset(self):
        self._state = [False] * len(self._index)

    def deinit(self):
        self._board.release(self)
