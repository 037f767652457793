# Stand-in for CircuitPython's keypad: key edges come from the scripted presses in WORLD.keys (a sorted list of
# (virtual ms, key number, pressed)), delivered once the virtual clock has passed them.
from devworld import WORLD


class Event:
    def __init__(self, key_number=0, pressed=True, timestamp=0):
        self.key_number = key_number
        self.pressed = pressed
        self.released = not pressed
        self.timestamp = timestamp


class _Queue:
    def __init__(self):
        self.i = 0
        self.overflowed = False

    def get_into(self, ev):
        edges = WORLD.keys
        i = self.i
        if edges is None or i >= len(edges) or edges[i][0] * 1000 > WORLD.now_us:
            return False
        e = edges[i]
        self.i = i + 1
        ev.key_number = e[1]
        ev.pressed = e[2]
        ev.released = not e[2]
        ev.timestamp = e[0]
        return True

    def get(self):
        ev = Event()
        return ev if self.get_into(ev) else None

    def clear(self):
        pass

    def __len__(self):
        return 0


class Keys:
    def __init__(self, pins, value_when_pressed=False, pull=True, interval=0.02, max_events=64):
        self.key_count = len(pins)
        self.events = _Queue()

    def deinit(self):
        pass

    def reset(self):
        pass
