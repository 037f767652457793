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
# filled with 1 kB blocks until only `leave` bytes are free; the blocks are released when the import returns
# ("once"), when the import of `until` starts, or never. The MemoryError the program then meets is real.
HOGS = [dict(h) for h in cfg.get("hogs", ())]
_hog = []
_real_import = __import__


def _fill(leave):
    gc.collect()
    while gc.mem_free() > leave + 1024:
        try:
            _hog.append(bytearray(1024 - 32))
        except MemoryError:
            break


def _import_hook(name, *args):
    for h in HOGS:
        if h.get("until") == name and h.get("active"):
            h["active"] = False
            del _hog[:]
            gc.collect()
    for h in HOGS:
        if h["module"] == name and not h.get("done") and WORLD.now_us >= h.get("after_ms", 0) * 1000:
            h["done"] = True
            h["fired_ms"] = WORLD.now_us // 1000
            _fill(h["leave"])
            if h.get("release", "once") == "once":
                try:
                    return _real_import(name, *args)
                finally:
                    del _hog[:]
                    gc.collect()
            h["active"] = True
    return _real_import(name, *args)


if HOGS:
    import builtins

    builtins.__import__ = _import_hook

import vfs  # noqa: E402

vfs.umount("/")
vfs.mount(vfs.VfsPosix(cfg["root"]), "/")
vos.chdir("/")
sys.path[:] = ["", "/lib"]
src = open("/code.py").read()
glob = {"__name__": "__main__"}
status = "ended"
error = ""
del cfg
gc.collect()
alloc0 = gc.mem_alloc()
free0 = gc.mem_free()
WORLD.heap_peak = alloc0
try:
    exec(src, glob)
    status = "returned"
except SessionEnd:
    pass
except MemoryError as e:
    status = "MemoryError"
    sys.print_exception(e)
    error = "MemoryError: " + str(e)
except Exception as e:  # noqa: BLE001  a crash of code.py: reported, the run fails
    status = "crash"
    sys.print_exception(e)
    error = "%s: %s" % (type(e).__name__, e)
_hog = None
t_end = WORLD.now_us
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
gc.collect()
imu = WORLD.imu
print("DEVSESSION " + json.dumps({
    "status": status, "error": error, "virtual_s": t_end / 1000000, "reps": reps, "core": core, "game": game,
    "samples_fed": samples_fed, "imu_reads": imu.reads if imu else 0, "imu_lost": imu.lost if imu else 0,
    "imu_error": imu_error, "saves": WORLD.saves, "recorded": rec_written, "refreshes": WORLD.refreshes,
    "alloc_at_start": alloc0, "free_at_start": free0, "heap_peak": WORLD.heap_peak, "free_min": WORLD.free_min,
    "alloc_end": gc.mem_alloc(), "ticks_calls": WORLD.ticks_calls, "sleeps": WORLD.sleeps,
    "hogs": [[h["module"], h.get("fired_ms", -1)] for h in HOGS], "is_32bit": devworld.IS_32BIT,
}))
