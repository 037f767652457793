"""What the device code needs from outside lib/bandlift: the Adafruit libraries its imports reach (the
dependency closure `python -m sim bundle` lists for circup) and the settings it reads with getenv."""

import ast
import importlib.util
import os
import sys

from sim import ROOT
from sim.device.board_py import typing_block

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
        if typing_block(node):
            return  # the type check's imports, dropped by the board's compiler (test_types)
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
