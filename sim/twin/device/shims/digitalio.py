"""Stand-in for CircuitPython's `digitalio` (C in the firmware), the one for the twin and the MicroPython runs
(see busio.py beside it). MicroPython code. A pin is claimed ("D9 in use" while keypad or another DigitalInOut
holds it); an input reads what `board_link` says of its button (pressed pulls the line low), else its pull."""

import board_link


class Direction:
    INPUT = 0
    OUTPUT = 1


class Pull:
    UP = 1
    DOWN = 2


class DriveMode:
    PUSH_PULL = 0
    OPEN_DRAIN = 1


class DigitalInOut:
    def __init__(self, pin):
        self._pins = board_link.claim_pin(self, pin)
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
        if self._pins.pressed(self.pin):
            return False  # a button pulls the line low
        return self.pull == Pull.UP

    @value.setter
    def value(self, v):
        self._out = bool(v)

    def deinit(self):
        if self.pin is not None:
            self._pins.release(self)
            self.pin = None
