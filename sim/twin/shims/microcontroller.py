"""Twin shim of CircuitPython's `microcontroller`: Pin, cpu, nvm, reset()."""

from sim.twin.clock import SessionEnd


class Pin:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "board." + self.name


class _CPU:
    frequency = 64_000_000
    temperature = 25.0
    voltage = 3.3
    uid = b"\x0b\x1a\x11\x70"


cpu = _CPU()
nvm = bytearray(256)


class DeviceReset(SessionEnd):
    """microcontroller.reset() in the twin: the session ends as the device would restart."""


def reset():
    raise DeviceReset()


def on_next_reset(run_mode):
    pass


class RunMode:
    NORMAL = 0
    SAFE_MODE = 1
    BOOTLOADER = 2
