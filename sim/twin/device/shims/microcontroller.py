"""Twin shim of CircuitPython's `microcontroller`: Pin, cpu (with reset_reason), ResetReason, nvm, reset()."""

from sim.twin.device.board import current as _current
from sim.twin.device.clock import SessionEnd


class Pin:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "board." + self.name


class ResetReason:
    """microcontroller.ResetReason: why the chip last reset (CircuitPython 10's names)."""

    POWER_ON = "POWER_ON"
    BROWNOUT = "BROWNOUT"
    SOFTWARE = "SOFTWARE"
    DEEP_SLEEP_ALARM = "DEEP_SLEEP_ALARM"
    RESET_PIN = "RESET_PIN"
    WATCHDOG = "WATCHDOG"
    UNKNOWN = "UNKNOWN"
    RESCUE_DEBUG = "RESCUE_DEBUG"


class _CPU:
    frequency = 64_000_000
    temperature = 25.0
    voltage = 3.3
    uid = b"\x0b\x1a\x11\x70"

    @property
    def reset_reason(self):
        """POWER_ON after power was applied, RESET_PIN after a press of RESET; a soft reload keeps it."""
        return getattr(ResetReason, _current().reset_reason)


cpu = _CPU()
nvm = _current().nvm  # the board's, not this module's: code.py imports the shim again at every start


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
