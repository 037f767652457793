# Stand-in for CircuitPython's i2cdisplaybus (C; the bus object lives outside the heap on the board): commands
# and pixels go to the OLED stand-in on the I2C bus, costing their bus time; write errors are ignored, as
# CircuitPython's I2CDisplayBus ignores them.
import board_link
from devworld import WORLD


class I2CDisplayBus:
    def __init__(self, i2c_bus, device_address=0x3C, reset=None, frequency=None):
        self.i2c = i2c_bus
        self.address = device_address

    def send(self, command, data):
        dev = board_link.device(self.address)  # C under the I2C object: no lock, as the firmware's display bus
        if dev is not None:
            dev.command(command, data)
        WORLD.bus_time(2 + len(data))

    def reset(self):
        pass
