"""Writing the bundle onto a mounted CIRCUITPY drive: an earlier install's .py refused until --remove-stale says
so, the player's files kept, the CircuitPython version read from the drive, a folder that is no drive left alone,
a read-only drive named in one line."""

import os
import pathlib
import shutil

import pytest

from sim.device import bundle
from tests.test_bundle import ROOT, _files, built, stand_in_mpy_cross  # noqa: F401 (built: the fixture)

BOOT_OUT = "Adafruit CircuitPython 10.0.3 on 2025-10-17; Adafruit Feather nRF52840 Sense with nRF52840\n"


@pytest.fixture
def old_drive(tmp_path, built):
    """A CIRCUITPY drive after an earlier plain bundle: lib/bandlift and Adafruit libraries as .py, a module the
    package has since dropped, the player's progress, a recording and their own settings."""
    d = tmp_path / "CIRCUITPY"
    shutil.copytree(built[0], d)
    (d / "boot_out.txt").write_text(BOOT_OUT)
    (d / "progress.json").write_text('{"levels": {"01": 3}}')
    (d / "recordings").mkdir()
    (d / "recordings" / "set1.bin").write_bytes(b"\x01\x02")
    (d / "settings.toml").write_text('# mine\nBANDLIFT_DISPLAY = "128x64"\n')
    (d / "lib" / "bandlift" / "old_module.py").write_text("X = 1\n")
    (d / "lib" / "adafruit_register").mkdir()
    (d / "lib" / "adafruit_register" / "i2c_bit.py").write_text("# an earlier bundle's copy\n")
    (d / "lib" / "adafruit_ticks.py").write_text("# an earlier bundle's copy\n")
    return d


def _snapshot(root):
    return {rel: (pathlib.Path(root) / rel).read_bytes() for rel in _files(str(root))}


def test_stale_py_on_a_drive_is_refused_with_the_flag_to_remove_it(old_drive, tmp_path, capsys):
    """--mpy onto a drive whose lib/bandlift holds an earlier install's .py: refused, the drive untouched, and
    the message names the files that would run instead of the .mpy and the flag that removes them."""
    exe, _ = stand_in_mpy_cross(tmp_path / "bin")
    before = _snapshot(old_drive)
    assert bundle.main(["--mpy", "--mpy-cross", exe, "--out", str(old_drive)]) == 1
    err = capsys.readouterr().err
    n_py = sum(1 for n, _, _ in bundle.device_sources() if n.startswith("bandlift"))
    assert "%d .py file(s) CircuitPython would import instead of the new .mpy" % n_py in err
    assert "1 file(s) the new bundle does not have: lib/bandlift/old_module.py" in err
    assert "--remove-stale" in err and "nothing written" in err
    assert _snapshot(old_drive) == before


def test_remove_stale_replaces_the_package_and_keeps_the_players_files(old_drive, tmp_path, capsys):
    """With --remove-stale the drive's lib/bandlift ends up exactly the new .mpy package (the old .py and the
    dropped module gone, each removal reported); progress, recordings and the player's settings.toml are kept;
    the Adafruit .py copies are named with the circup command that replaces them."""
    exe, _ = stand_in_mpy_cross(tmp_path / "bin")
    progress = (old_drive / "progress.json").read_bytes()
    assert bundle.main(["--mpy", "--mpy-cross", exe, "--remove-stale", "--out", str(old_drive)]) == 0
    out = capsys.readouterr().out
    package = sorted(_files(str(old_drive / "lib" / "bandlift")))
    want = sorted(os.path.relpath(p, os.path.join(ROOT, "lib", "bandlift"))[:-3] + ".mpy"
                  for n, p, _ in bundle.device_sources() if n.startswith("bandlift"))
    assert package == sorted(want + ["BUILD.txt"])
    n_removed = len(want) + 1  # every old .py and old_module.py
    assert "removed %d stale file(s) from lib/bandlift" % n_removed in out
    assert (old_drive / "progress.json").read_bytes() == progress
    assert (old_drive / "recordings" / "set1.bin").exists()
    assert "# mine" in (old_drive / "settings.toml").read_text() and "kept the drive's own settings.toml" in out
    assert "adafruit_register, adafruit_ticks" in out and "install --upgrade -r" in out
    assert (old_drive / "lib" / "adafruit_ticks.py").exists()  # circup's to replace, not ours to delete


def test_a_drive_with_a_current_bundle_is_updated_without_the_flag(old_drive, tmp_path, capsys):
    """Writing the same kind of bundle again over itself needs no flag: nothing is stale."""
    exe, _ = stand_in_mpy_cross(tmp_path / "bin")
    assert bundle.main(["--mpy", "--mpy-cross", exe, "--remove-stale", "--out", str(old_drive)]) == 0
    capsys.readouterr()
    assert bundle.main(["--mpy", "--mpy-cross", exe, "--out", str(old_drive)]) == 0
    assert "removed" not in capsys.readouterr().out


def test_a_drive_is_compiled_for_the_circuitpython_it_runs(old_drive, tmp_path, capsys):
    """The CircuitPython version comes from the drive's boot_out.txt; asking for another with --mpy is refused
    (the .mpy would not be for the board), nothing written."""
    (old_drive / "boot_out.txt").write_text(BOOT_OUT.replace("10.0.3", "9.2.1"))
    exe9, _ = stand_in_mpy_cross(tmp_path / "cp9", "CircuitPython 9.2.9 on 2025-08-01; mpy-cross emitting mpy v6.3")
    before = _snapshot(old_drive)
    assert bundle.main(["--mpy", "--mpy-cross", exe9, "--cp-version", "10", "--out", str(old_drive)]) == 1
    assert "CircuitPython 9.2.1" in capsys.readouterr().err and _snapshot(old_drive) == before
    assert bundle.main(["--mpy", "--mpy-cross", exe9, "--remove-stale", "--out", str(old_drive)]) == 0
    assert "for: CircuitPython 9.x" in (old_drive / "lib" / "bandlift" / "BUILD.txt").read_text()


def test_a_folder_of_other_files_is_left_alone(tmp_path, capsys):
    """--out at a folder that is neither new, an earlier bundle nor a CIRCUITPY drive is refused untouched (the
    bundle empties its own folder first)."""
    d = tmp_path / "Documents"
    d.mkdir()
    (d / "thesis.txt").write_text("keep me")
    assert bundle.main(["--out", str(d)]) == 2
    assert "not a CIRCUITPY drive" in capsys.readouterr().err
    assert (d / "thesis.txt").read_text() == "keep me"


def test_a_read_only_drive_gets_a_clear_message(old_drive, tmp_path, monkeypatch, capsys):
    """A drive the computer may not write (BandLift's save mode gives it to the board) ends the bundle with
    one line naming the file, the reason and the way out, not a traceback."""
    import errno

    from sim.device import drive

    copy = shutil.copyfile

    def read_only(src, dst):
        if str(dst).startswith(str(old_drive)):
            raise OSError(errno.EROFS, "Read-only file system", dst)
        return copy(src, dst)

    monkeypatch.setattr(drive.shutil, "copyfile", read_only)
    exe, _ = stand_in_mpy_cross(tmp_path / "bin")
    before = _snapshot(old_drive)
    assert bundle.main(["--mpy", "--mpy-cross", exe, "--remove-stale", "--out", str(old_drive)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Read-only file system" in err[0] and "save mode" in err[0]
    assert _snapshot(old_drive) == before  # nothing removed before the first write failed
