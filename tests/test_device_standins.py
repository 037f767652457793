"""busio and digitalio have one stand-in (sim/twin/device/shims/), and it keeps CircuitPython's rules in both
interpreters the device program runs in: the twin (CPython) and the MicroPython runs (sim/device/devsession.py);
each interpreter's board.I2C() keeps the board's singleton rule."""

import os
import subprocess

import pytest

from sim.device import devsession

# The same program in both: each line it prints is a rule of busio / digitalio the device code relies on.
SCRIPT = """
import board, busio, digitalio
def said(f):
    try:
        f()
        return "ok"
    except Exception as e:
        return type(e).__name__ + " " + str(e)
i2c = busio.I2C(board.SCL, board.SDA, frequency=400000)
print(busio.__file__.replace("\\\\", "/").split("/sim/")[-1])
print(said(lambda: busio.I2C(board.SCL, board.SDA)))
print(said(lambda: busio.I2C(board.SCL, board.SDA, frequency=0)))
print(said(i2c.scan))
print(i2c.try_lock(), i2c.try_lock())
print(said(lambda: i2c.readfrom_into(0x77, bytearray(1))))
i2c.unlock()
i2c.deinit()
print(said(i2c.try_lock))
again = busio.I2C(board.SCL, board.SDA)
print(again.try_lock(), 0x3C in again.scan())
pin = digitalio.DigitalInOut(board.D9)
print(said(lambda: digitalio.DigitalInOut(board.D9)))
pin.switch_to_input(pull=digitalio.Pull.UP)
print(pin.value)
pin.deinit()
print(said(lambda: pin.value))
again.deinit()
shared = board.I2C()
print(shared is board.I2C(), said(lambda: busio.I2C(board.SCL, board.SDA)))
shared.deinit()
print(board.I2C() is not shared)
"""

EXPECTED = [
    "twin/device/shims/busio.py",
    "ValueError SCL in use",
    "ValueError frequency must be a positive int",
    "RuntimeError Function requires lock",
    "True False",
    "OSError",  # nothing at 0x77: no acknowledge (the errno's wording differs by interpreter)
    "ValueError Object has been deinitialized and can no longer be used. Create a new object.",
    "True True",
    "ValueError D9 in use",
    "True",
    "ValueError Object has been deinitialized and can no longer be used. Create a new object.",
    "True ValueError SCL in use",  # board.I2C() is one object while it lives (CircuitPython's singleton)...
    "True",  # ...and a new one once it was deinit()ed
]


def check(lines):
    assert len(lines) == len(EXPECTED), lines
    for got, want in zip(lines, EXPECTED):
        assert got.startswith(want), (got, want)


def test_the_twins_busio_and_digitalio_keep_circuitpythons_rules(tmp_path, capsys):
    from sim.twin.device.board import VirtualBoard
    from sim.twin.device.sandbox import Sandbox

    board = VirtualBoard(None, imu_chip=None)
    with Sandbox(board):
        exec(compile(SCRIPT, "standins.py", "exec"), {"__name__": "__main__"})
        lines = [line for _, line in board.serial]
    check(lines)


def test_micropython_runs_the_same_busio_and_digitalio_with_the_same_rules(tmp_path):
    """The MicroPython runs import the same files (no copy in sim/device/mpy_shims) and see the same rules."""
    assert devsession.micropython_binary(), "micropython binary not on PATH: pip install -r requirements.txt"
    assert not os.path.exists(os.path.join(devsession.SHIMS, "busio.py"))
    assert not os.path.exists(os.path.join(devsession.SHIMS, "digitalio.py"))
    prog = tmp_path / "standins.py"
    prog.write_text("import devworld, devchips\ndevworld.WORLD.oled = devchips.SSD1306(0x3C)\n" + SCRIPT)
    env = dict(os.environ, MICROPYPATH=os.pathsep.join([devsession.SHIMS, devsession.SHARED_SHIMS]))
    out = subprocess.run([devsession.micropython_binary(), str(prog)], capture_output=True, text=True, env=env,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    check(out.stdout.splitlines())
