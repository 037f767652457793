# Stand-in for CircuitPython's busio.I2C (C; the bus object lives outside the program's heap on the board): the
# chip stand-ins (devchips) answer at their addresses; every transfer costs its bus time on the virtual clock.
# Lock semantics as busio's: try_lock() is True once, then False while held.
from array import array as _array

from devworld import WORLD

_in_use = []


_SCRATCH = bytearray(256)  # an int16 array's bytes on their way in (made once: no garbage per read)


class I2C:
    def __init__(self, scl, sda, frequency=100000, timeout=255):
        if _in_use:
            raise ValueError("SCL in use")
        _in_use.append(self)
        self.frequency = frequency
        WORLD.i2c_hz = frequency
        self._locked = False

    def deinit(self):
        if self in _in_use:
            _in_use.remove(self)

    def try_lock(self):
        if self._locked:
            return False
        self._locked = True
        return True

    def unlock(self):
        self._locked = False

    def device(self, address):
        imu = WORLD.imu
        if imu is not None and imu.address == address and imu.acks():
            return imu
        oled = WORLD.oled
        if oled is not None and oled.address == address and oled.acks():
            return oled
        return None

    def _dev(self, address):
        d = self.device(address)
        if d is None:
            WORLD.bus_time(0)
            raise OSError(19)  # ENODEV: no acknowledge
        return d

    def probe(self, address):
        WORLD.bus_time(0)
        return self.device(address) is not None

    def scan(self):
        return [a for a in range(0x08, 0x78) if self.device(a) is not None]

    def writeto(self, address, buffer, start=0, end=None):
        if end is None:
            end = len(buffer)
        d = self._dev(address)
        d.write(buffer, start, end)
        WORLD.bus_time(end - start)

    def _read(self, d, buffer, start, end):
        """The device's bytes into buffer[start:end]; an int16 array (the IMU adapter's) takes them as
        little-endian words, bounds in elements, as CircuitPython's busio does. Bytes moved."""
        if not isinstance(buffer, _array):
            d.read_into(buffer, start, end)
            return end - start
        n = end - start
        d.read_into(_SCRATCH, 0, 2 * n)
        for i in range(n):
            v = _SCRATCH[2 * i] | (_SCRATCH[2 * i + 1] << 8)
            buffer[start + i] = v - 65536 if v > 32767 else v
        return 2 * n

    def readfrom_into(self, address, buffer, start=0, end=None):
        if end is None:
            end = len(buffer)
        d = self._dev(address)
        WORLD.bus_time(self._read(d, buffer, start, end))

    def writeto_then_readfrom(self, address, buffer_out, buffer_in, out_start=0, out_end=None, in_start=0,
                              in_end=None):
        if out_end is None:
            out_end = len(buffer_out)
        if in_end is None:
            in_end = len(buffer_in)
        d = self._dev(address)
        d.write(buffer_out, out_start, out_end)
        WORLD.bus_time(out_end - out_start + self._read(d, buffer_in, in_start, in_end) + 1)
