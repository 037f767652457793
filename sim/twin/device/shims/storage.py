"""Twin shim of CircuitPython's `storage`: the CIRCUITPY mount and its read-only flag."""

from sim.twin.device.board import current as _current


class _Mount:
    @property
    def readonly(self):
        b = _current()
        return b.readonly or b.root is None


def getmount(path):
    return _Mount()


def remount(path, readonly=False, *, disable_concurrent_write_protection=False):
    """Only boot.py may remount "/" while USB shows the drive (CircuitPython raises in code.py)."""
    b = _current()
    if not b.in_boot:
        raise RuntimeError("Cannot remount '/' when visible via USB.")
    b.readonly = readonly


def disable_usb_drive():
    pass


def enable_usb_drive():
    pass
