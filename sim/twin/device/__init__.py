"""The virtual Feather's parts: the board and its clock, the I2C bus, the LSM6DS and SSD1306 register models, the
heap model, the CircuitPython module shims and the sandbox a session runs code.py in (sim/twin/session.py)."""
