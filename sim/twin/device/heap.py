"""The board's heap as code.py sees it: gc.mem_free() shrinks with every import and MemoryError comes where
the board would give it, plus the time an import takes (CircuitPython compiles a .py at import, in RAM).

A model, calibrated on measured figures (docs/performance.md): on a 32-bit CircuitPython 10 build the motion
core's ~65 kB of source leaves ~34 kB live after import (RESIDENT_PER_BYTE), compiling a .py needs about
2.4 bytes of heap per source byte at its peak (bandlift.level: 106 kB on the 64-bit unix port for 28 kB of
source, x 0.63 to 32-bit), a .mpy about a third of that, and compiling the core takes ~3.5 s on an nRF52840.
The Adafruit libraries count as the .mpy files circup installs; lib/bandlift as what the bundle ships (.py
unless `python -m sim bundle --mpy`).
"""

import importlib.abc
import importlib.machinery
import os
import sys
import types

# Per byte of CODE (the source without comments and docstrings, which MicroPython drops), board bytes.
# live heap after import: the core's stages, 41.5 kB on 64-bit for 44.7 kB of code (0.63 a byte on the board);
# 0.74 with each name charged once across modules (QSTR_BYTES below), so importing the whole core still costs what
# that calibration says
RESIDENT_PER_BYTE = 0.74
PEAK_PER_BYTE_PY = 2.8  # heap needed while compiling a .py (bandlift.level: 106 kB on 64-bit, 23.6 kB code)
PEAK_PER_BYTE_MPY = 0.95  # loading a .mpy (bandlift.level: 35 kB on 64-bit)
COMPILE_US_PER_BYTE = 80.0  # nRF52840, 64 MHz: the core's 44.7 kB of code compiles in ~3.6 s
LOAD_US_PER_BYTE_MPY = 6.0
VM_BASE_BYTES = 0  # the free-heap figures are measured at the start of code.py: the VM is already paid for

# The model above charges imports and displayio objects only; the program's own objects (the Level objects, the
# game's standing objects, the core's instance, the progress) it cannot see. What they take is measured by the
# real interpreter: the whole program's live heap 25 s after power-up under MicroPython (converted to the board)
# less this model's figure at the same moment (sim/device/bench_devheap.py; `python -m sim bench` writes it into
# sim/twin/device/costs.json "heap_unseen_bytes"; tests/test_twin_heap_real.py fails when the two part by more than
# 5 %). It is charged when the program starts (bandlift.app is imported) and stays. UNSEEN, when set, overrides
# the file (the bench sets 0 to measure the bare model).
UNSEEN = None
UNSEEN_PART = "objects the model cannot see (measured)"


def unseen_bytes(lib_mpy):
    """The measured bytes of the program's own objects, for lib/bandlift as .mpy (lib_mpy) or .py; 0 before any
    measurement."""
    if UNSEEN is not None:
        return UNSEEN
    from sim.twin.device.clock import COSTS_FILE

    try:
        import json

        with open(COSTS_FILE) as f:
            return int(json.load(f).get("heap_unseen_bytes", {}).get("mpy" if lib_mpy else "py", 0))
    except (OSError, ValueError, TypeError, AttributeError):
        return 0


NAMES_PART = "(interned names)"  # how the names appear among what the heap holds
QSTR_BYTES = 8  # board bytes per interned name besides its characters: pool entry (hash, length, pointer), NUL

_SCANNED = {}


def _static_names():
    """Names the firmware has interned already (keywords, builtins): a module's use of them costs nothing."""
    import builtins
    import keyword

    return set(keyword.kwlist) | set(dir(builtins)) | {"self", "__init__", "__name__", "__file__", "micropython"}


_STATIC = _static_names()


def _scan(path):
    """(bytes of code, distinct names) of a Python source file, in one pass over its tokens: code is the tokens
    without comments, blank lines and docstrings (MicroPython drops those); the names are every identifier the
    compiler interns as a qstr (the firmware's own left out)."""
    got = _SCANNED.get(path)
    if got is not None:
        return got
    import io
    import tokenize

    with open(path, encoding="utf-8") as f:
        src = f.read()
    n = 0
    names = set()
    prev = None
    try:
        for t in tokenize.generate_tokens(io.StringIO(src).readline):
            if t.type in (tokenize.COMMENT, tokenize.NL):
                continue
            if t.type == tokenize.STRING and prev in (None, tokenize.INDENT, tokenize.DEDENT, tokenize.NEWLINE):
                prev = t.type
                continue  # a docstring (or a bare string statement)
            if t.type == tokenize.NAME and t.string not in _STATIC:
                names.add(t.string)
            n += len(t.string) + 1
            prev = t.type
    except (tokenize.TokenError, SyntaxError):
        n = len(src)
    _SCANNED[path] = got = (n, names)
    return got


def code_bytes(path):
    """Bytes of code in a Python source file (see _scan)."""
    return _scan(path)[0]


def names_in(path):
    """The distinct identifiers in a Python source file (see _scan)."""
    return _scan(path)[1]


def _charged(name):
    # adafruit_bitmap_font is how Blinka builds terminalio's font; on the board that font is built in (no heap)
    if name.startswith("adafruit_bitmap_font"):
        return False
    return name == "code" or name.startswith("bandlift") or name.startswith("adafruit_")


class _Token:
    """Put in each charged module's globals: it lives exactly as long as that dict, which every function and
    class of the module keeps alive (on the board a function holds its module's globals the same way)."""


class Heap:
    """One run of code.py's heap: budget bytes; `used` grows with imports and shrinks only when a module
    becomes unreachable (see collect)."""

    def __init__(self, budget, clock=None, lib_mpy=False, fail_on=()):
        self.budget = budget
        self.clock = clock
        self.lib_mpy = lib_mpy  # lib/bandlift shipped compiled
        self.unseen = 0  # the program's own objects, charged once bandlift.app loads (see UNSEEN)
        self.fail_on = set(fail_on)  # module names whose import fails with MemoryError (fragmentation)
        self.used = VM_BASE_BYTES
        self.peak = self.used
        self.imports = []  # (module, source bytes, resident bytes, peak bytes)
        self._alive = {}  # module name: weakref to the _Token in its globals
        # Interned names outlive their module: MicroPython's qstr pools only grow, so a module dropped to give
        # its RAM back leaves every name it brought (the resident charge's qstr part stays with the heap)
        self.interned = set()
        self.qstr_bytes = 0
        self.at_peak = None  # (module loading, its load peak, [(resident module, bytes)], heap used then)
        self.import_us = 0

    def mem_free(self):
        return max(0, self.budget - self.used)

    def mem_alloc(self):
        return self.used

    def allocate(self, n, what="memory"):
        if self.used + n > self.budget:
            raise MemoryError("memory allocation failed, allocating %d bytes" % n)
        self.used += n
        if self.used > self.peak:
            self.peak = self.used
            self.at_peak = ("a " + what, n, self._resident(), self.used - n)

    def _resident(self):
        return [(e[0], e[2]) for e in self.imports] + [(NAMES_PART, self.qstr_bytes), (UNSEEN_PART, self.unseen)]

    def watch(self, name, module_globals):
        """Follow whether a charged module's globals are still reachable (collect)."""
        import weakref

        token = _Token()
        module_globals["__twin_heap__"] = token
        self._alive[name] = weakref.ref(token)

    def charge_import(self, name, path):
        if name == "bandlift.app" and not self.unseen:
            self.unseen = unseen_bytes(self.lib_mpy)
            self.allocate(self.unseen, UNSEEN_PART)
        try:
            size = code_bytes(path)
        except (OSError, TypeError, UnicodeError):
            return
        mpy = self.lib_mpy or not (name == "code" or name.startswith("bandlift"))
        peak = int(size * (PEAK_PER_BYTE_MPY if mpy else PEAK_PER_BYTE_PY))
        resident = int(size * RESIDENT_PER_BYTE)
        if self.clock is not None:
            us = int(size * (LOAD_US_PER_BYTE_MPY if mpy else COMPILE_US_PER_BYTE))
            self.import_us += us
            self.clock.advance(us)
        if name in self.fail_on or self.used + peak > self.budget:
            raise MemoryError("memory allocation failed, allocating %d bytes" % max(256, peak // 8))
        if self.used + peak > self.peak:
            self.peak = self.used + peak
            # what the peak is made of: the module being loaded and everything resident then
            self.at_peak = (name, peak, self._resident(), self.used)
        # (the calibrated resident bytes include the module's names; those already interned cost nothing again,
        # and a collect gives back the code and data, never the names)
        names = names_in(path)
        fresh = names - self.interned
        self.interned |= fresh
        code = resident - min(resident, sum(len(n) + QSTR_BYTES for n in names))
        qstr = sum(len(n) + QSTR_BYTES for n in fresh)
        self.qstr_bytes += qstr
        self.used += code + qstr
        self.imports.append((name, size, code, peak))


    def collect(self, modules):
        """gc.collect() (after the host's own collection): a module gives its resident bytes back once the
        program dropped it from sys.modules AND nothing reaches its globals any more. As on the board, a
        module stays while its package keeps it as an attribute, another module imported a name from it, or
        an object of one of its classes (or one of its functions) is still referenced."""
        keep = []
        for entry in self.imports:
            ref = self._alive.get(entry[0])
            if entry[0] in modules or (ref is not None and ref() is not None):
                keep.append(entry)
            else:
                self.used -= entry[2]
                self._alive.pop(entry[0], None)
        self.imports = keep


    def release(self, n):
        """An object the program allocated was collected (the twin's displayio objects: see below)."""
        self.used -= n


# What displayio's objects cost on a 32-bit CircuitPython heap (bytes): the object and its buffers. The
# display and its bus live outside the heap; these are what a program pays for (the platform facts).
def _bitmap_bytes(obj, a, k):
    w, h = (a + (0, 0))[:2] if len(a) >= 2 else (k.get("width", 0), k.get("height", 0))
    bits = getattr(obj, "_bits_per_value", 1) or 1
    return 32 + ((w * bits + 31) // 32) * 4 * h


def _tilegrid_bytes(obj, a, k):
    n = k.get("width", 1) * k.get("height", 1)
    return 64 + n * (1 if n < 256 else 2)


def _palette_bytes(obj, a, k):
    n = a[0] if a else k.get("color_count", 1)
    return 16 + 8 * n


def _group_bytes(obj, a, k):
    return 48


DISPLAYIO_COSTS = (("Bitmap", _bitmap_bytes), ("TileGrid", _tilegrid_bytes), ("Palette", _palette_bytes),
                   ("Group", _group_bytes))


def charge_displayio(board):
    """Charge each displayio object the program makes to board.heap, and give the bytes back when it is
    collected (CPython frees it when the program drops it, as the board's collector would). Returns an undo."""
    import weakref

    import displayio

    saved = []
    for name, size in DISPLAYIO_COSTS:
        cls = getattr(displayio, name)
        orig = cls.__init__

        def init(self, *a, _orig=orig, _size=size, _name=name, **k):
            _orig(self, *a, **k)
            heap = board.heap
            if heap is None:
                return
            n = _size(self, a, k)
            heap.allocate(n, "displayio " + _name)
            try:
                weakref.finalize(self, heap.release, n)
            except TypeError:  # not weak-referenceable: it stays charged
                pass

        saved.append((cls, orig))
        cls.__init__ = init

    def undo():
        for cls, orig in saved:
            cls.__init__ = orig

    return undo


class _Loader(importlib.abc.Loader):
    def __init__(self, heap, inner, path):
        self.heap = heap
        self.inner = inner
        self.path = path

    def create_module(self, spec):
        return self.inner.create_module(spec)

    def exec_module(self, module):
        self.heap.charge_import(module.__name__, self.path)
        watch = getattr(self.heap, "watch", None)
        if watch is not None:
            watch(module.__name__, module.__dict__)
        if self.path.endswith(".py"):
            exec(_code(self.path), module.__dict__)
        else:
            self.inner.exec_module(module)


_CODE = {}  # a source file's bytes -> its code object: every session imports its CIRCUITPY copy afresh (the board's
# VM starts empty), from a new folder, so CPython's own .pyc cache never hits; the board's cost is charged above


def _code(path):
    with open(path, "rb") as f:
        src = f.read()
    code = _CODE.get(src)
    if code is None:
        code = _CODE[src] = compile(src, path, "exec", dont_inherit=True)
    return code if code.co_filename == path else _refiled(code, path)


def _refiled(code, path):
    """The code object as if compiled from `path` (tracebacks name this session's file)."""
    consts = tuple(_refiled(c, path) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=path, co_consts=consts)


_SHIMS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shims")


def _firmware_import():
    """True when the module being imported is asked for by the board's firmware (Blinka's displayio, busio,
    fourwire ... or the twin's shims, which are built into CircuitPython) rather than by the program or the
    Adafruit libraries it ships: those imports cost the board's program no heap."""
    f = sys._getframe(2)
    while f is not None:
        fn = f.f_code.co_filename
        if fn.startswith("<frozen") or os.sep + "importlib" + os.sep in fn:
            f = f.f_back
            continue
        if fn.startswith(_SHIMS):
            return True
        parts = fn.replace(os.sep, "/").split("/")
        if "site-packages" in parts:
            top = parts[parts.index("site-packages") + 1] if parts[-1] != "site-packages" else ""
            return not top.startswith("adafruit_") or top.startswith("adafruit_blinka")
        return False
    return False


class HeapFinder(importlib.abc.MetaPathFinder):
    """Put first on sys.meta_path while code.py runs: device modules are charged to the board's heap."""

    def __init__(self, heap):
        self.heap = heap

    def find_spec(self, name, path=None, target=None):
        if not _charged(name) or _firmware_import():
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path if path is not None else sys.path)
        if spec is None or spec.loader is None or spec.origin in (None, "built-in", "frozen"):
            return spec
        spec.loader = _Loader(self.heap, spec.loader, spec.origin)
        return spec


_PARTS = (("motion core", ("bandlift.motion",)), ("game", ("bandlift.game",)),
          ("hardware + Adafruit drivers", ("bandlift.hw", "adafruit_")), ("progress", ("bandlift.progress",)),
          ("levels model", ("bandlift.levels",)))


def peak_breakdown(heap):
    """{part: kB} of what made the heap's peak: resident modules by part, other objects (displayio ...), and
    the load of the module that set the peak; None when no import set it."""
    if heap.at_peak is None:
        return None
    name, load, entries, used = heap.at_peak
    out = {}
    mods = 0
    for mod, nbytes in entries:
        part = "app, start-up and small modules"
        if mod == UNSEEN_PART:
            part = UNSEEN_PART
        elif mod == NAMES_PART:
            part = "interned names (stay when a module is dropped)"
        for label, prefixes in _PARTS:
            if any(mod.startswith(p) for p in prefixes):
                part = label
                break
        out[part] = out.get(part, 0) + nbytes
        mods += nbytes
    out["displayio objects and other allocations"] = used - mods
    out[name if name.startswith("a ") else "loading " + name] = load
    return dict((k, round(v / 1024.0, 1)) for k, v in sorted(out.items(), key=lambda kv: -kv[1]))
