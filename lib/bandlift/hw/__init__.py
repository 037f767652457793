"""Hardware adapters: the only device code that touches board, buses and chips.

A missing or failing part never stops the game: the display, the buttons and the recorder have stand-ins
with the same surface (display_setup.NullDisplay when there is no I2C bus, buttons.NullButtons, NullRecorder
here), the IMU and the OLED are probed again until they answer, a bad setting falls back to its default. The
adapters: board_io (pins, I2C, ticks, settings.toml, power-up or reload), imu and imu_setup (LSM6DS burst
reads), display and display_setup (SSD1306 over displayio), buttons (keypad press / long press), recorder
(binary samples to /recordings/NNNN.bin, imported only when recording is on), settings (settings.toml
checked), display's Text and textview (the fallback screen).
"""


class NullRecorder:
    """The recorder when recording is off (settings.toml BANDLIFT_RECORD unset): all a session without recording
    keeps in RAM (the real one, bandlift.hw.recorder, is imported only when recording is on)."""

    path = None
    error = ""

    def add_drain(self, imu, n):
        pass

    def flush(self):
        pass
