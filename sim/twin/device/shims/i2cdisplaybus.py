"""Twin shim of CircuitPython 10's `i2cdisplaybus.I2CDisplayBus`, as strict and as forgiving as the C one.

- Construction probes the address: ValueError "Unable to find I2C Display at 3c" when nothing answers.
- Writes ignore I2C errors (CircuitPython discards the write's status): refresh() never raises when the OLED
  is gone, and a re-powered SSD1306 stays dark until the program initialises it again.
- The bus lock is always given back (Blinka's class raises mid-transaction and leaves it held, and its
  display then spins forever on try_lock()).
- The bus and its pins stay claimed across a soft reload until displayio.release_displays() (Blinka's);
  within one run release_displays() leaves the program's busio.I2C alone, as CircuitPython does.
It derives from Blinka's class because Blinka's displayio checks the bus type.
"""

from displayio._displaycore import I2CDisplayBus as _BlinkaI2CDisplayBus


class I2CDisplayBus(_BlinkaI2CDisplayBus):
    def __init__(self, i2c_bus, *, device_address, reset=None):
        while not i2c_bus.try_lock():
            pass
        try:
            found = i2c_bus.probe(device_address)
        finally:
            i2c_bus.unlock()
        if not found:
            # CircuitPython's message; the bus object stays registered until release_displays(), as there
            import displayio

            if self in displayio.display_buses:
                displayio.display_buses.remove(self)
            raise ValueError("Unable to find I2C Display at %x" % device_address)
        super().__init__(i2c_bus, device_address=device_address, reset=reset)
        self.write_errors = 0  # swallowed, as on the board; the twin's tests read it

    # CircuitPython keeps a display's bus alive across a soft reload by moving it into the display's own
    # storage ("inline"); release_displays() then deinitialises it, freeing SCL/SDA. Within one run, release
    # frees only the display bus: the program's busio.I2C stays usable (the IMU shares it).
    inline = False

    def deinit(self):
        if self.inline:
            self._i2c.deinit()

    def _send(self, data_type, _chip_select, data, command=None):
        try:
            super()._send(data_type, _chip_select, data, command)
        except (OSError, RuntimeError):
            self.write_errors += 1

    def _free(self):
        if not self._i2c.try_lock():
            return False
        self._i2c.unlock()
        return True
