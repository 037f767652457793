# Where the busio and digitalio stand-ins (one source for both interpreters: sim/twin/device/shims/, found after
# this folder on MICROPYPATH) meet the MicroPython world (devworld): pins claimed as on the board, the chip
# stand-ins (devchips) answering at their addresses, every transfer's bus time on the virtual clock. The bus
# lives outside the program's heap on the board (C): one object, made once; no allocation per transfer.
from array import array as _array

from devworld import WORLD

_claims = {}  # pin name -> the object holding it
_SCRATCH = bytearray(256)  # an int16 array's bytes on their way in (made once: no garbage per read)


def _claim(owner, pin):
    name = getattr(pin, "name", pin)
    held = _claims.get(name)
    if held is not None and held is not owner:
        raise ValueError("%s in use" % name)
    _claims[name] = owner


class _Pins:
    def release(self, owner):
        for name in [n for n in _claims if _claims[n] is owner]:
            del _claims[name]

    def pressed(self, pin):
        return False  # nobody holds a button in these runs (the scripted presses go through keypad)


class _I2CBus(_Pins):
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

    def write(self, address, buffer, start, end):
        d = self._dev(address)
        d.write(buffer, start, end)
        WORLD.bus_time(end - start)

    def read_into(self, address, buffer, start, end):
        d = self._dev(address)
        WORLD.bus_time(self._read(d, buffer, start, end))

    def write_read_into(self, address, out, out_start, out_end, into, in_start, in_end):
        d = self._dev(address)
        d.write(out, out_start, out_end)
        WORLD.bus_time(out_end - out_start + self._read(d, into, in_start, in_end) + 1)


_PINS = _Pins()
_BUS = _I2CBus()
device = _BUS.device  # the chip stand-in at an address, or None (i2cdisplaybus sends the OLED's bytes through it)


def claim_pin(owner, pin):
    _claim(owner, pin)
    return _PINS


def i2c_bus(owner, scl, sda, frequency):
    _claim(owner, scl)  # ValueError "SCL in use" while another busio.I2C holds it
    try:
        _claim(owner, sda)
    except ValueError:
        _PINS.release(owner)
        raise
    WORLD.i2c_hz = frequency
    return _BUS
