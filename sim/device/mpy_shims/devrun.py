# Runs the whole device program (code.py -> bandlift.app.main) under MicroPython in the virtual world (devworld)
# and prints one line "DEVSESSION {json}" at the end. Usage: micropython devrun.py CONFIG.json
# (sim/device/devsession.py writes the config and the CIRCUITPY folder, and reads the result).
#
# Order matters for the heap figure: every stand-in for a firmware module is imported (and its objects made)
# BEFORE the baseline is read, as the board has them in flash; then the CIRCUITPY folder is mounted at /, the
# heap is collected and gc.mem_free() at that moment is "free heap at code.py start".
import gc
import sys
import json

cfg = json.load(open(sys.argv[1]))
import devworld  # noqa: E402
from devworld import WORLD, SessionEnd  # noqa: E402

WORLD.end_us = int(cfg["seconds"] * 1000000)
WORLD.peak_every = cfg.get("peak_every", 1)
WORLD.keys = [tuple(e) for e in cfg.get("keys", ())]
WORLD.check_ms = list(cfg.get("check_ms", ()))

import vtime  # noqa: E402
import vos  # noqa: E402

vos.SETTINGS.update(cfg.get("settings", {}))
sys.modules["time"] = vtime
sys.modules["os"] = vos
for _m in ("board", "busio", "digitalio", "displayio", "vectorio", "terminalio", "fontio", "i2cdisplaybus",
           "busdisplay", "supervisor", "storage", "microcontroller", "keypad"):
    __import__(_m)
import devchips  # noqa: E402

samples = open(cfg["samples"], "rb")
if cfg.get("imu", True):
    WORLD.imu = devchips.LSM6DS(samples, cfg.get("imu_chip", "LSM6DS3TRC"), cfg.get("imu_address", 0x6A))
    WORLD.imu.faults = [(int(a * 1000), int(b * 1000), bool(c)) for a, b, c in cfg.get("imu_faults", ())]
if cfg.get("oled", True):
    WORLD.oled = devchips.SSD1306(cfg.get("oled_address", 0x3C))

# Forced memory shortage (the fallback tests): when the program imports `module` (after `after_ms`), the heap is
# filled (big blocks first, then smaller ones into the holes) but for one free stretch of `leave` bytes, kept
# whole: for the moment the heap is as if capped `leave` bytes above what is in use. The blocks are released when
# the import returns ("once"), when the import of `until` starts, or never. The MemoryError the program then
# meets is the interpreter's own.
HOGS = [dict(h) for h in cfg.get("hogs", ())]
_hog = [None]  # a chain of [block, previous]: the chain's own cells fill holes too
_real_import = __import__


_keep = [None]


def _reserve(n):
    # in its own frame: no stale pointer on the live stack keeps the stretch from the collector afterwards
    try:
        _keep[0] = bytearray(n)
    except MemoryError:
        _keep[0] = None


def _fill(leave):
    gc.collect()
    _reserve(leave)  # the stretch left free, reserved while the rest is filled
    head = None
    for size in (65536, 16384, 4096, 1024, 256, 64, 16):
        while gc.mem_free() > size + 64:
            try:
                head = [bytearray(size), head]
            except MemoryError:
                break
    _hog[0] = head
    _keep[0] = None
    gc.collect()


def _release():
    _hog[0] = None
    gc.collect()


LOG_IMPORTS = cfg.get("log_imports", False)
PROBE = cfg.get("probe", False)


MARKS = list(cfg.get("marks", ()))  # module names: when the import of one starts, the live heap is noted
MARKED = []  # [module, virtual ms, bytes in use after a collection, interned names, their bytes]


def _qstr(name):
    """micropython.qstr_info() prints the interned names' pools (n_qstr, n_total_bytes) where Python cannot read
    it: a MARKQ line before it tells devsession.py whose figures follow."""
    import micropython

    print("MARKQ", name)
    micropython.qstr_info()


def _mark(name):
    gc.collect()
    MARKED.append([name, WORLD.now_us // 1000, gc.mem_alloc()])
    _qstr(name)


TRACE = cfg.get("trace_names", False)  # each module's import: the names and the live heap it added (heapnames.py)
DUMP = list(cfg.get("dump_names", ()))  # module names: when the import of one starts, every interned name printed


def _traced(name, g, lc, fromlist, level):
    gc.collect()
    print("TRACEQ >", WORLD.now_us // 1000, name, gc.mem_alloc())
    micropython.qstr_info()
    try:
        return _real_import(name, g, lc, fromlist, level)
    finally:
        gc.collect()
        print("TRACEQ <", WORLD.now_us // 1000, name, gc.mem_alloc())
        micropython.qstr_info()


def _import_hook(name, g=None, lc=None, fromlist=None, level=0):  # no *args: a call allocates nothing
    if name in MARKS and name not in sys.modules:
        MARKS.remove(name)
        _mark(name)
    if name in DUMP and name not in sys.modules:
        DUMP.remove(name)
        print("DUMPQ >", WORLD.now_us // 1000, name)
        micropython.qstr_info(1)
        print("DUMPQ <")
    if TRACE and name not in sys.modules and not HOGS:
        return _traced(name, g, lc, fromlist, level)
    if LOG_IMPORTS and name not in sys.modules:
        print("IMPORT", WORLD.now_us // 1000, name, gc.mem_free())
    for h in HOGS:
        if h.get("until") == name and h.get("active"):
            h["active"] = False
            _release()
    for h in HOGS:
        if h.get("module") == name and not h.get("done") and WORLD.now_us >= h.get("after_ms", 0) * 1000:
            h["done"] = True
            h["fired_ms"] = WORLD.now_us // 1000
            _fill(h["leave"])
            if LOG_IMPORTS:
                print("HOG", name, gc.mem_free())
            if h.get("release", "once") == "once":
                try:
                    return _real_import(name, g, lc, fromlist, level)
                finally:
                    _release()
            h["active"] = True
    return _real_import(name, g, lc, fromlist, level)


# A shortage at a moment instead of at an import: a hog with "at_ms" (and no "module") fires at the first clock
# read at or after that virtual time (the loop reads the clock right before it drains the IMU and feeds the core)
# and is released at the import of `until`, or never: the heap stays full but for what the program lets go.
_TIMED = [h for h in HOGS if "at_ms" in h]
if _TIMED:
    _world_ticks = WORLD.ticks_ms

    def _timed_ticks():
        t = _world_ticks()
        for h in _TIMED:
            if not h.get("done") and WORLD.now_us >= h["at_ms"] * 1000:
                h["done"] = True
                h["fired_ms"] = WORLD.now_us // 1000
                h["active"] = True
                _fill(h["leave"])
        return t

    WORLD.ticks_ms = _timed_ticks

if HOGS or LOG_IMPORTS or MARKS or TRACE or DUMP:
    import builtins
    import micropython

    builtins.__import__ = _import_hook

def _print_exception(e):
    pe = getattr(sys, "print_exception", None)  # MicroPython; CircuitPython's is traceback.print_exception
    if pe is None:
        try:
            import traceback

            pe = traceback.print_exception
        except ImportError:
            pe = None
    if pe is not None:
        pe(e)
    else:
        print("Traceback: %s: %s" % (type(e).__name__, e))


def _holders():
    """What each live part and then each module holds (bytes freed when it goes, in this order; parts that share
    objects free them with the last), then what is left (the harness's and every interned name): HOLDER lines
    for heapnames.py. Destructive: run once the session is over."""
    app = sys.modules.get("bandlift.app")
    if app is not None:
        for k in ("recorder", "imu", "game", "display", "core"):
            gc.collect()
            a = gc.mem_alloc()
            app.LIVE.pop(k, None)
            gc.collect()
            print("HOLDER", k, a - gc.mem_alloc())
    app = None
    for k in [k for k in sys.modules if k.startswith("bandlift")]:
        gc.collect()
        a = gc.mem_alloc()
        del sys.modules[k]
        gc.collect()
        print("HOLDER", k, a - gc.mem_alloc())
    gc.collect()
    print("HOLDER rest", gc.mem_alloc())


try:
    import vfs  # MicroPython 1.23+
except ImportError:  # CircuitPython: the same calls live in os (sys.modules["os"] is vos by now)
    vfs = vos._os

vfs.umount("/")
vfs.mount(vfs.VfsPosix(cfg["root"]), "/")
vos.chdir("/")
sys.path[:] = ["", "/lib"]
src = open("/code.py").read()
glob = {"__name__": "__main__"}
status = "ended"
error = ""
NAME_POOLS = cfg.get("name_pools", 0)
HOLDERS = cfg.get("holders", False)
del cfg
gc.collect()
alloc0 = gc.mem_alloc()
free0 = gc.mem_free()
WORLD.heap_peak = alloc0
# The interned-name pools made before this point (the harness's own names filled them) are charged to the
# program: on the board its names fill those pools (20, 40, 80 ... entries) from the first, as the firmware's names
# are in flash (devsession.name_pool_bytes). Kept to the end, like the pools.
_pools = bytearray(NAME_POOLS) if NAME_POOLS else None
if MARKS:
    _qstr("")
e = None  # (bound here: binding it first in a handler grows this module's globals, which a full heap refuses)
try:
    if PROBE:  # only the free heap at code.py start (devsession.heap_for_free)
        raise SessionEnd()
    exec(src, glob)
    status = "returned"
except SessionEnd:
    _release()
except MemoryError as e:
    _release()  # a hog still held (released "never") leaves no room to report the crash
    status = "MemoryError"
    _print_exception(e)
    error = "MemoryError: " + str(e)
except Exception as e:  # noqa: BLE001  a crash of code.py: reported, the run fails
    status = "crash"
    _print_exception(e)
    error = "%s: %s" % (type(e).__name__, e)
_hog = None
t_end = WORLD.now_us
if "" in DUMP:  # every interned name at the session's end
    print("DUMPQ >", t_end // 1000, "(end)")
    micropython.qstr_info(1)
    print("DUMPQ <")
if HOLDERS:
    glob = None
    _holders()
_pools = None
# The program's own heap is still full here (its objects live on in LIVE and the modules): collect before
# reading them, so the harness's few allocations below are not what fails a session the program ran whole.
gc.collect()
reps = -1
samples_fed = -1
core = ""
game = ""
imu_error = ""
rec_written = -1
app = sys.modules.get("bandlift.app")
if app is not None:
    live = app.LIVE
    c = live.get("core")
    if c is not None:
        reps = c.reps
        samples_fed = getattr(c, "samples", -1)
        core = type(c).__name__
    g = live.get("game")
    game = type(g).__name__ if g is not None else ""
    i = live.get("imu")
    imu_error = i.error if i is not None else "no imu"
    r = live.get("recorder")
    rec_written = getattr(r, "written", -1) if r is not None else -1
    live.clear()
glob = None
app = c = g = i = r = None
# The program's modules go too: at a heap just big enough for the program, the report below needs their room
for _name in [k for k in sys.modules if k.startswith(("bandlift", "adafruit"))]:
    del sys.modules[_name]
gc.collect()
imu = WORLD.imu
print("DEVSESSION " + json.dumps({
    "status": status, "error": error, "virtual_s": t_end / 1000000, "reps": reps, "core": core, "game": game,
    "samples_fed": samples_fed, "imu_reads": imu.reads if imu else 0, "imu_lost": imu.lost if imu else 0,
    "imu_error": imu_error, "saves": WORLD.saves, "recorded": rec_written, "refreshes": WORLD.refreshes,
    "alloc_at_start": alloc0, "free_at_start": free0, "heap_peak": WORLD.heap_peak, "free_min": WORLD.free_min,
    "marks": [[m[0], m[1], m[2] - alloc0] for m in MARKED],
    "alloc_end": gc.mem_alloc(), "live": [[ms, a - alloc0] for ms, a in WORLD.live], "ticks_calls": WORLD.ticks_calls, "sleeps": WORLD.sleeps,
    "hogs": [[h.get("module"), h.get("fired_ms", -1)] for h in HOGS], "is_32bit": devworld.IS_32BIT,
}))
