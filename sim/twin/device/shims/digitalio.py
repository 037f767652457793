"""Twin shim of CircuitPython's `digitalio`: button pins read their virtual state (pull-ups: high = up)."""

from sim.twin.device.board import current as _current


class Direction:
    INPUT = 0
    OUTPUT = 1


class Pull:
    UP = 1
    DOWN = 2


class DriveMode:
    PUSH_PULL = 0
    OPEN_DRAIN = 1


_BUTTONS = ("D9", "D6", "D5")


class DigitalInOut:
    def __init__(self, pin):
        self._board = _current()
        self._board.claim(pin, self)  # ValueError "D9 in use" (keypad or another DigitalInOut has it)
        self.pin = pin
        self.direction = Direction.INPUT
        self.pull = None
        self._out = False

    def switch_to_output(self, value=False, drive_mode=DriveMode.PUSH_PULL):
        self.direction = Direction.OUTPUT
        self._out = value

    def switch_to_input(self, pull=None):
        self.direction = Direction.INPUT
        self.pull = pull

    @property
    def value(self):
        if self.direction == Direction.OUTPUT:
            return self._out
        if self.pin is None:
            raise ValueError("Object has been deinitialized and can no longer be used. Create a new object.")
        name = getattr(self.pin, "name", "")
        b = self._board
        if b.pin_down(name, b.clock.ms):
            return False  # buttons pull the line low
        return self.pull == Pull.UP

    @value.setter
    def value(self, v):
        self._out = bool(v)

    def deinit(self):
        self._board.release(self)
        self.pin = None
