"""A virtual I2C bus: devices by address, a cost per transaction, and byte counts per device.

Devices implement `write(data)` (a write transaction's payload, possibly empty: a probe) and
`read(n) -> bytes`, and `acks()` (False when the address would NACK). A NACK raises OSError(ENODEV), as
CircuitPython's busio does; a device may also raise OSError itself mid-transaction.
"""

import errno

ENODEV = getattr(errno, "ENODEV", 19)
ETIMEDOUT = getattr(errno, "ETIMEDOUT", 116)


class BusStats:
    def __init__(self):
        self.transactions = 0
        self.bytes = 0  # on the wire, address bytes included
        self.busy_us = 0
        self.nacks = 0

    def to_dict(self):
        return dict(self.__dict__)


class VirtualI2CBus:
    def __init__(self, clock, cost, frequency=100_000, timeout_us=1_000_000):
        self.clock = clock
        self.timeout_us = timeout_us  # a stuck transfer blocks this long before failing (nRF: ~1 s)
        self.stuck = []  # (start_us, end_us): a device holds SDA low; every transfer times out
        self.listeners = []  # fn(address, nbytes, busy_us, now_us) per transaction: a public hook for tools
        self.cost = cost
        self.frequency = frequency
        self.devices = {}
        self.stats = {}  # address -> BusStats
        self.total = BusStats()

    def attach(self, address, device):
        self.devices[address] = device
        self.stats.setdefault(address, BusStats())

    def _charge(self, address, nbytes):
        us = self.cost.i2c_overhead_us + (nbytes * 9 * 1_000_000) // self.frequency
        st = self.stats.setdefault(address, BusStats())
        for s in (st, self.total):
            s.transactions += 1
            s.bytes += nbytes
            s.busy_us += us
        for fn in self.listeners:
            fn(address, nbytes, us, self.clock.now_us)
        return us

    def add_stuck(self, start_s, end_s):
        self.stuck.append((int(start_s * 1e6), int(end_s * 1e6)))

    def _device(self, address):
        now = self.clock.now_us
        for s, e in self.stuck:
            if s <= now < e:
                self.total.nacks += 1
                self.clock.advance(self.timeout_us)  # the C driver waits for the bus, then gives up
                raise OSError(ETIMEDOUT, "I2C timeout")
        dev = self.devices.get(address)
        if dev is None or not dev.acks():
            self.stats.setdefault(address, BusStats()).nacks += 1
            self.total.nacks += 1
            # the address byte went out and was not acknowledged
            self.clock.advance(self._charge(address, 1))
            raise OSError(ENODEV, "No such device")
        return dev

    def write(self, address, data):
        dev = self._device(address)
        us = self._charge(address, 1 + len(data))
        try:
            dev.write(bytes(data))
        finally:
            self.clock.advance(us)

    def read(self, address, n):
        dev = self._device(address)
        us = self._charge(address, 1 + n)
        try:
            out = dev.read(n)
        finally:
            self.clock.advance(us)
        return out

    def write_read(self, address, data, n):
        """A write then a repeated-start read: one transaction, two address bytes."""
        dev = self._device(address)
        us = self._charge(address, 2 + len(data) + n)
        try:
            dev.write(bytes(data))
            out = dev.read(n)
        finally:
            self.clock.advance(us)
        return out

    def scan(self):
        return sorted(a for a, d in self.devices.items() if d.acks())
