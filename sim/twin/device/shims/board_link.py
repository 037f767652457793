"""Where the twin's busio and digitalio stand-ins (beside this file, shared with the MicroPython runs) meet the
virtual board: its pins, its buttons and its I2C bus (sim/twin/device/board.py, i2c.py)."""

from sim.twin.device.board import current as _current


class _Pins:
    def __init__(self, board):
        self.board = board

    def release(self, owner):
        self.board.release(owner)

    def pressed(self, pin):
        b = self.board
        return b.pin_down(getattr(pin, "name", ""), b.clock.ms)


class _I2CBus(_Pins):
    """The virtual bus, which charges each transfer's time on the board's clock."""

    def scan(self):
        return self.board.bus.scan()

    def probe(self, address):
        try:
            self.board.bus.write(address, b"")
            return True
        except OSError:
            return False

    def write(self, address, buffer, start, end):
        self.board.bus.write(address, bytes(buffer[start:end]))

    def read_into(self, address, buffer, start, end):
        size = getattr(buffer, "itemsize", 1)  # an array of int16 takes bytes, its bounds in elements
        view = memoryview(buffer).cast("B") if size != 1 else buffer
        view[start * size:end * size] = self.board.bus.read(address, (end - start) * size)

    def write_read_into(self, address, out, out_start, out_end, into, in_start, in_end):
        size = getattr(into, "itemsize", 1)
        view = memoryview(into).cast("B") if size != 1 else into
        view[in_start * size:in_end * size] = self.board.bus.write_read(address, bytes(out[out_start:out_end]),
                                                                         (in_end - in_start) * size)


def claim_pin(owner, pin):
    board = _current()
    board.claim(pin, owner)  # ValueError "D9 in use"
    return _Pins(board)


def i2c_bus(owner, scl, sda, frequency):
    board = _current()
    board.claim(scl, owner)  # ValueError "SCL in use" while another object (a kept display) holds it
    try:
        board.claim(sda, owner)
    except ValueError:
        board.release(owner)
        raise
    board.bus.frequency = frequency
    return _I2CBus(board)
