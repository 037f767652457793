"""boot.py's save mode with fake board modules, and the device modules (level, progress) on MicroPython."""

import os
import runpy
import subprocess
import sys
import types


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOOT = os.path.join(ROOT, "boot.py")


class FakePin:
    def __init__(self, name, pressed):
        self.name = name
        self.pressed = pressed


def fake_board(monkeypatch, pins, remount_error=None):
    """board/digitalio/storage/time modules for boot.py; returns the list of remount calls."""
    board = types.SimpleNamespace(**{name: FakePin(name, pressed) for name, pressed in pins.items()})

    class DigitalInOut:
        def __init__(self, pin):
            self.pin = pin
            self.pull = None

        def switch_to_input(self, pull=None):
            self.pull = pull

        @property
        def value(self):
            assert self.pull == "UP"  # the buttons are only readable with the pull-up on
            return not self.pin.pressed  # active low

        def deinit(self):
            pass

    digitalio = types.SimpleNamespace(DigitalInOut=DigitalInOut, Pull=types.SimpleNamespace(UP="UP"))
    calls = []

    def remount(path, readonly=True):
        if remount_error:
            raise remount_error
        calls.append((path, readonly))

    storage = types.SimpleNamespace(remount=remount)
    for name, mod in (("board", board), ("digitalio", digitalio), ("storage", storage)):
        monkeypatch.setitem(sys.modules, name, mod)
    return calls


def run_boot():
    return runpy.run_path(BOOT)


def test_holding_a_at_reset_enables_save_mode(monkeypatch, capsys):
    calls = fake_board(monkeypatch, {"D9": True, "D6": False})
    run_boot()
    assert calls == [("/", False)]
    assert "SAVE MODE" in capsys.readouterr().out


def test_the_boards_own_buttons_are_never_save_buttons(monkeypatch):
    """SWITCH (nRF52840: opens the bootloader at reset) and BUTTON (ESP32-S3: the boot-mode pin) are not read."""
    calls = fake_board(monkeypatch, {"D9": False, "BUTTON": True, "SWITCH": True})
    run_boot()
    assert calls == []


def test_save_mode_from_settings_for_boards_without_buttons(monkeypatch, capsys):
    monkeypatch.setenv("BANDLIFT_SAVE_MODE", "1")
    calls = fake_board(monkeypatch, {})
    run_boot()
    assert calls == [("/", False)]
    assert "BANDLIFT_SAVE_MODE" in capsys.readouterr().out
    monkeypatch.setenv("BANDLIFT_SAVE_MODE", "2")
    calls = fake_board(monkeypatch, {})
    run_boot()
    assert calls == [] and "must be 0 or 1" in capsys.readouterr().out


def test_nothing_held_leaves_the_drive_to_the_computer(monkeypatch, capsys):
    calls = fake_board(monkeypatch, {"D9": False, "SWITCH": False})
    run_boot()
    assert calls == []
    assert "EDIT MODE" in capsys.readouterr().out


def test_boot_never_fails(monkeypatch, capsys):
    fake_board(monkeypatch, {"D9": True}, remount_error=RuntimeError("Cannot remount '/' when visible via USB."))
    run_boot()  # no exception
    assert "EDIT MODE" in capsys.readouterr().out
    monkeypatch.setitem(sys.modules, "board", None)  # import board fails
    run_boot()


MP_SCRIPT = r"""
import sys
sys.path.insert(0, "lib")
from bandlift.levels.load import load_levels
from bandlift.progress import Store
levels, broken = load_levels("levels")
print("levels", len(levels), levels[0].id, levels[0].targets_for(0).target_deg)
levels, broken = load_levels("tests/levels_broken")
print("broken", len(broken), " ".join(l.id for l in levels))
s = Store(PATH)
s.record("01-first-lifts", 81, 2, "L")
print("saved", s.save(), Store(PATH).stars("01-first-lifts"), Store(PATH).side_best("L"))
"""


def test_levels_and_progress_run_on_micropython(tmp_path):
    """The device modules import and work on a MicroPython interpreter (no CPython-only features)."""
    script = tmp_path / "mp.py"
    script.write_text(MP_SCRIPT.replace("PATH", repr(str(tmp_path / "progress.json"))))
    r = subprocess.run(["micropython", "-X", "heapsize=400000", str(script)], cwd=ROOT, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    out = r.stdout.splitlines()
    n = len([f for f in os.listdir(os.path.join(ROOT, "levels")) if f.endswith(".json")])
    assert out[0] == "levels %d 01-first-lifts 25" % n
    # MicroPython's json is lenient (it takes a missing or trailing comma and keeps the last of duplicate
    # keys), so those few files load there; everything else is listed broken, and nothing crashes.
    lenient = {"duplicate-field", "syntax-missing-comma", "syntax-trailing-comma"}
    nbroken = len(os.listdir(os.path.join(ROOT, "tests", "levels_broken")))
    _, count, *loaded = out[1].split()
    assert set(loaded) <= lenient and int(count) == nbroken - len(loaded)
    assert out[2] == "saved True 2 81"
