# Stand-in for CircuitPython's supervisor: ticks_ms() is the virtual clock's (each call costs a little virtual
# time, so a loop that never sleeps still moves time on).
from devworld import WORLD


class RunReason:  # (the firmware's enum: why code.py runs; a power-up here)
    STARTUP = 1
    AUTO_RELOAD = 2
    SUPERVISOR_RELOAD = 3
    REPL_RELOAD = 4


class _Runtime:
    run_reason = RunReason.STARTUP
    autoreload = True
    serial_connected = True
    serial_bytes_available = 0
    usb_connected = True


runtime = _Runtime()


def ticks_ms():
    return WORLD.ticks_ms()


def reload():
    pass
