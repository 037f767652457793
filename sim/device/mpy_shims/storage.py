# Stand-in for CircuitPython's storage: the drive is writable by code.py (boot.py's save mode), so saves and
# recordings are written (to the temporary CIRCUITPY folder mounted at /).


class _Mount:
    readonly = False
    label = "CIRCUITPY"


_mount = _Mount()


def getmount(path):
    return _mount


def remount(path, readonly=False, disable_concurrent_write_protection=False):
    _mount.readonly = readonly
