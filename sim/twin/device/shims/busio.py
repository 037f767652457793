"""Twin shim of CircuitPython's `busio.I2C` on the virtual bus, with busio's lock semantics.

try_lock() is True once, then False while held (Blinka's BusDisplay loops on it); every transfer needs
the lock, like the C implementation ("Function requires lock").
"""

from sim.twin.device.board import current as _current


class I2C:
    def __init__(self, scl, sda, *, frequency=100_000, timeout=255):
        board = _current()
        if not isinstance(frequency, int) or frequency <= 0:
            raise ValueError("frequency must be a positive int")  # CircuitPython rejects 0 and floats
        board.claim(scl, self)  # ValueError "SCL in use" while another object (a kept display) holds it
        try:
            board.claim(sda, self)
        except ValueError:
            board.release(self)
            raise
        self._board = board
        self._bus = board.bus
        self._bus.frequency = frequency
        self._locked = False
        self._deinited = False

    def _check(self):
        if self._deinited:
            raise ValueError("Object has been deinitialized and can no longer be used. Create a new object.")
        if not self._locked:
            raise RuntimeError("Function requires lock")

    def try_lock(self):
        if self._deinited:
            raise ValueError("Object has been deinitialized and can no longer be used. Create a new object.")
        if self._locked:
            return False
        self._locked = True
        return True

    def unlock(self):
        self._locked = False

    def deinit(self):
        self._deinited = True
        self._board.release(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.deinit()

    def scan(self):
        self._check()
        return self._bus.scan()

    def probe(self, address):
        self._check()
        try:
            self._bus.write(address, b"")
            return True
        except OSError:
            return False

    def writeto(self, address, buffer, *, start=0, end=None):
        self._check()
        if end is None:
            end = len(buffer)
        self._bus.write(address, bytes(buffer[start:end]))

    def readfrom_into(self, address, buffer, *, start=0, end=None):
        self._check()
        if end is None:
            end = len(buffer)
        size = getattr(buffer, "itemsize", 1)
        view = memoryview(buffer).cast("B") if size != 1 else buffer
        data = self._bus.read(address, (end - start) * size)
        view[start * size:end * size] = data

    def writeto_then_readfrom(self, address, out_buffer, in_buffer, *, out_start=0, out_end=None,
                              in_start=0, in_end=None):
        self._check()
        if out_end is None:
            out_end = len(out_buffer)
        if in_end is None:
            in_end = len(in_buffer)
        size = getattr(in_buffer, "itemsize", 1)  # an array of int16 takes bytes, its bounds in elements
        view = memoryview(in_buffer).cast("B") if size != 1 else in_buffer
        data = self._bus.write_read(address, bytes(out_buffer[out_start:out_end]), (in_end - in_start) * size)
        view[in_start * size:in_end * size] = data


class SPI:
    """Present for type annotations in drivers; the virtual Feather has nothing on SPI."""

    def __init__(self, clock, MOSI=None, MISO=None):
        raise ValueError("no SPI devices in the twin")


class UART:
    def __init__(self, *a, **k):
        raise ValueError("no UART in the twin")
