"""The device side from the PC: MicroPython runs, the budget bench, the CIRCUITPY bundle."""
