"""Twin shim of CircuitPython's `board` for a Feather: pins as objects, board.I2C() at 100 kHz."""

from microcontroller import Pin
from sim.twin.device.board import current as _current

board_id = "bandlift_twin_feather"

SCL = Pin("SCL")
SDA = Pin("SDA")
if _current().has_buttons:
    D9 = Pin("D9")
    D6 = Pin("D6")
    D5 = Pin("D5")
LED = Pin("LED")
if _current().kind == "nrf52840":
    SWITCH = Pin("SWITCH")  # the user switch: held at reset it opens the UF2 bootloader
else:
    BUTTON = Pin("BUTTON")  # BOOT / GPIO0 on the ESP32-S3 (boot-mode strap)

def I2C():
    """The board's default I2C, at 100 kHz as on the device: one object while it lives."""
    import busio

    return busio._board_i2c(SCL, SDA)


STEMMA_I2C = I2C
