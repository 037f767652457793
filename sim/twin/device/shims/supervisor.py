"""Twin shim of CircuitPython's `supervisor`: ticks_ms() on the virtual clock, runtime flags."""

from sim.twin.device.board import current as _current


def ticks_ms():
    """Virtual ms, wrapping at 2**29. Each call stands for one pass of the device's main loop."""
    board = _current()
    board.clock.advance(board.cost.ticks_us)
    return board.clock.ticks_ms()


class RunReason:
    """supervisor.RunReason: why code.py is running (CircuitPython 10's names)."""

    STARTUP = "STARTUP"
    AUTO_RELOAD = "AUTO_RELOAD"
    SUPERVISOR_RELOAD = "SUPERVISOR_RELOAD"
    REPL_RELOAD = "REPL_RELOAD"


class _Runtime:
    autoreload = True
    serial_connected = True
    usb_connected = True
    serial_bytes_available = 0
    safe_mode_reason = None

    @property
    def run_reason(self):
        """STARTUP after a reset or power-up, AUTO_RELOAD after a soft reload (a file saved)."""
        return getattr(RunReason, _current().run_reason)


runtime = _Runtime()


def reload():
    from microcontroller import reset

    reset()


def set_next_code_file(filename, **kwargs):
    pass
