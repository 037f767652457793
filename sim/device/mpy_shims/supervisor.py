# Stand-in for CircuitPython's supervisor: ticks_ms() is the virtual clock's (each call costs a little virtual
# time, so a loop that never sleeps still moves time on).
from devworld import WORLD


class _Runtime:
    autoreload = True
    serial_connected = True
    serial_bytes_available = 0
    usb_connected = True


runtime = _Runtime()


def ticks_ms():
    return WORLD.ticks_ms()


def reload():
    pass
