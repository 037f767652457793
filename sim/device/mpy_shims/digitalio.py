# Stand-in for CircuitPython's digitalio (boot.py's button check): every pin reads high (not pressed).


class Direction:
    INPUT = 0
    OUTPUT = 1


class Pull:
    UP = 1
    DOWN = 2


class DigitalInOut:
    def __init__(self, pin):
        self.pin = pin
        self.value = True
        self.direction = Direction.INPUT
        self.pull = None

    def switch_to_input(self, pull=None):
        self.pull = pull

    def switch_to_output(self, value=False, drive_mode=None):
        self.value = value

    def deinit(self):
        pass
