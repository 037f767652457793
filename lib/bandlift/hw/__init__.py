"""Hardware adapters: the only device code that touches board, buses and chips.

Each adapter has a null twin with the same surface (a missing part never stops the game):
board_io (pins, I2C, ticks, settings), imu (LSM6DS burst reads), display (SSD1306 over displayio),
buttons (keypad press / long press), recorder (CSV samples to /recordings), textview (fallback screen).
"""
