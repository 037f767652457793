"""BandLift: a strap-on training game for the resistance band leg lift.

Device package: pure logic and small hardware adapters that run on CircuitPython 10.
Nothing here reads a clock or hardware by itself: samples and ticks come in as arguments.
"""
