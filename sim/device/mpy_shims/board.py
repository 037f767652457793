# Stand-in for CircuitPython's board module (a Feather): pins are small named objects made before code.py runs.


class Pin:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "board." + self.name


SCL = Pin("SCL")
SDA = Pin("SDA")
D5 = Pin("D5")
D6 = Pin("D6")
D9 = Pin("D9")
SWITCH = Pin("SWITCH")
board_id = "bandlift_devsession"


def I2C():
    """The board's default I2C, at 100 kHz: one object while it lives."""
    import busio

    return busio._board_i2c(SCL, SDA)
