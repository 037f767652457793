"""boot.py's save mode on the twin's board, and the device modules (level, progress) on MicroPython."""

import os
import runpy
import subprocess
import sys
import types

import pytest


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOOT = os.path.join(ROOT, "boot.py")


def boot(tmp_path, held=(), settings=None, kind="nrf52840", buttons=True):
    """boot.py at power-up on the twin's board (its board, digitalio and storage stand-ins keep CircuitPython's
    rules: remount only in boot.py, pins claimed) with `held` pins down: (code.py may write, serial lines,
    the pins boot.py read)."""
    from sim.twin.device.board import VirtualBoard
    from sim.twin.device.power import run_board

    drive = tmp_path / "CIRCUITPY"
    drive.mkdir(exist_ok=True)
    code = tmp_path / "code.py"
    code.write_text("print('code.py')\n")
    board = VirtualBoard(None, display=None, imu_chip=None, buttons=buttons, settings=settings or {}, kind=kind,
                         root=str(drive))
    runs = run_board(board, str(code), BOOT, 0.5, held_at_power_up=held)
    assert runs[0]["boot_error"] is None and runs[0]["error"] is None, runs[0]
    return runs[0]["save_mode"], [ln for _, ln in board.serial], set(board.boot_pins_read)


def test_holding_a_at_reset_enables_save_mode(tmp_path):
    save, serial, _ = boot(tmp_path, held=("D9",))
    assert save and any("SAVE MODE" in ln for ln in serial)


@pytest.mark.parametrize("kind", ["nrf52840", "esp32s3"])
def test_the_boards_own_buttons_are_never_save_buttons(tmp_path, kind):
    """boot.py reads A (D9) alone, never the board's own button: held at reset, SWITCH (nRF52840) opens the
    bootloader and BUTTON (ESP32-S3, the boot-mode strap) the ROM loader, so no boot.py runs then
    (tests/test_twin_strict.py)."""
    save, _, read = boot(tmp_path, kind=kind)
    assert not save and read == {"D9"}


def test_save_mode_from_settings_for_boards_without_buttons(tmp_path):
    save, serial, _ = boot(tmp_path, settings={"BANDLIFT_SAVE_MODE": "1"}, buttons=False)
    assert save and any("BANDLIFT_SAVE_MODE" in ln for ln in serial)
    save, serial, _ = boot(tmp_path, settings={"BANDLIFT_SAVE_MODE": "2"}, buttons=False)
    assert not save and any("must be 0 or 1" in ln for ln in serial)


def test_nothing_held_leaves_the_drive_to_the_computer(tmp_path):
    save, serial, _ = boot(tmp_path)
    assert not save and any("EDIT MODE" in ln for ln in serial)


def test_boot_never_fails(monkeypatch, capsys):
    """No stand-in makes remount raise in boot.py or the board module missing: these two cases alone use
    throw-away modules, each a one-liner."""
    pin = types.SimpleNamespace(value=False, switch_to_input=lambda pull=None: None, deinit=lambda: None)

    def remount(path, readonly=True):
        raise RuntimeError("Cannot remount '/' when visible via USB.")

    digitalio = types.SimpleNamespace(DigitalInOut=lambda p: pin, Pull=types.SimpleNamespace(UP=1))
    for name, mod in (("board", types.SimpleNamespace(D9=object())), ("digitalio", digitalio),
                      ("storage", types.SimpleNamespace(remount=remount))):
        monkeypatch.setitem(sys.modules, name, mod)
    runpy.run_path(BOOT)  # A held (value False: pressed), remount raises: no exception
    assert "EDIT MODE" in capsys.readouterr().out
    monkeypatch.setitem(sys.modules, "board", None)  # import board fails
    runpy.run_path(BOOT)


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
print("saved", s.save(), Store(PATH).data["levels"]["01-first-lifts"]["stars"], Store(PATH).data["sides"]["L"])
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
