"""Stand-in for CircuitPython's `busio.I2C` (C in the firmware), the one for every interpreter the device program
runs in: the twin (CPython, this folder) and the MicroPython runs (sim/device/mpy_shims puts this folder after its
own on MICROPYPATH for this module and digitalio). MicroPython code.

busio's rules are here: the pins are claimed ("SCL in use" while another object holds one); try_lock() is True
once, then False while held (Blinka's BusDisplay loops on it); every transfer needs the lock ("Function requires
lock") and a live object; start/end bound the buffers, in elements (an int16 array moves 2 bytes an element).
Where the bytes go is the interpreter's `board_link` module: the twin's virtual board and bus
(sim/twin/device/shims/board_link.py), or the MicroPython world's chip stand-ins (sim/device/mpy_shims/).
"""

import board_link

_DEAD = "Object has been deinitialized and can no longer be used. Create a new object."


class I2C:
    def __init__(self, scl, sda, *, frequency=100000, timeout=255):
        if not isinstance(frequency, int) or frequency <= 0:
            raise ValueError("frequency must be a positive int")  # CircuitPython rejects 0 and floats
        self._bus = board_link.i2c_bus(self, scl, sda, frequency)  # claims both pins, or ValueError
        self._locked = False
        self._deinited = False

    def _check(self):
        if self._deinited:
            raise ValueError(_DEAD)
        if not self._locked:
            raise RuntimeError("Function requires lock")

    def try_lock(self):
        if self._deinited:
            raise ValueError(_DEAD)
        if self._locked:
            return False
        self._locked = True
        return True

    def unlock(self):
        self._locked = False

    def deinit(self):
        if not self._deinited:
            self._deinited = True
            self._bus.release(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.deinit()

    def scan(self):
        self._check()
        return self._bus.scan()

    def probe(self, address):
        self._check()
        return self._bus.probe(address)

    def writeto(self, address, buffer, *, start=0, end=None):
        self._check()
        self._bus.write(address, buffer, start, len(buffer) if end is None else end)

    def readfrom_into(self, address, buffer, *, start=0, end=None):
        self._check()
        self._bus.read_into(address, buffer, start, len(buffer) if end is None else end)

    def writeto_then_readfrom(self, address, out_buffer, in_buffer, *, out_start=0, out_end=None, in_start=0,
                              in_end=None):
        self._check()
        self._bus.write_read_into(address, out_buffer, out_start, len(out_buffer) if out_end is None else out_end,
                                  in_buffer, in_start, len(in_buffer) if in_end is None else in_end)


_BOARD_I2C = []


def _board_i2c(scl, sda):
    """board.I2C() of either interpreter's board stand-in: at 100 kHz, the same object at every call while it
    lives, a new one once it was deinit()ed (CircuitPython's common_hal_board_create_i2c). Not in busio's API."""
    if _BOARD_I2C and _BOARD_I2C[0]._deinited:
        _BOARD_I2C.pop()
    if not _BOARD_I2C:
        _BOARD_I2C.append(I2C(scl, sda, frequency=100000))
    return _BOARD_I2C[0]


class SPI:
    """Present for type annotations in drivers; the virtual Feather has nothing on SPI."""

    def __init__(self, clock, MOSI=None, MISO=None):
        raise ValueError("no SPI devices on the virtual Feather")


class UART:
    def __init__(self, *a, **k):
        raise ValueError("no UART on the virtual Feather")
