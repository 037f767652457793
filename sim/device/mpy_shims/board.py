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
    import busio

    return busio.I2C(SCL, SDA, frequency=100000)
