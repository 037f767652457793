"""The heap side of `python -m sim bench` measured by a real interpreter: the whole device program (code.py ->
bandlift.app, every level, the game, the core, saves, recording on) run by sim/device/devsession.py under the
MicroPython unix port for a 10-minute session, and the smallest heap that runs it whole found by bisection, for
lib/bandlift as .mpy and as .py. The free heap needed at code.py start is converted to the board (32-bit
CircuitPython on an nRF52840) with devsession.BOARD_RATIO, calibrated against the 32-bit reference run
(docs/performance.md, "The whole program in a real interpreter").

Also the live heap a few seconds after boot (collected), which the twin's heap model is calibrated on
(sim/twin/device/heap.py charges the difference as the program's own objects, from sim/twin/device/costs.json;
tests/test_twin_heap_real.py checks they agree).
"""

import json
import threading

from sim.device import devsession

BISECT_LO = 128 * 1024  # bytes, on the 64-bit unix port: the search range for the session's heap
BISECT_HI = 512 * 1024
BISECT_STEP = 2048
CHECK_MS = 25000  # virtual ms after power-up at which the live heap is measured (the twin's calibration point):
# booted in both library forms (the twin charges .py compile time; ~17 s to the first screen), no button pressed


def needed(lib, minutes=10, step=BISECT_STEP, micropython=None, mpy_cross=None):
    """{"lib", "heap_min", "free_unix", "board_kb", "runs", "port"}: the smallest heap that runs a `minutes`
    session whole, with lib/bandlift as `lib` ("mpy" or "py"). On a 32-bit build (micropython and its mpy_cross:
    the board's object layout) the free heap is the board's as it is (ratio 1, steps of 1 kB); on the 64-bit
    port it converts with the calibrated ratio, and its heap's layout moves the figure by a few kB."""
    with devsession.Drive(lib, mpy_cross) as drive:
        probe = devsession.run(drive, BISECT_HI, 1, micropython=micropython, probe=True)
        wide = not probe.get("is_32bit")
        heap, runs, res = devsession.bisect(drive, minutes * 60, BISECT_LO, BISECT_HI, step if wide else 1024,
                                            confirm=(1, 2, 4) if wide else (1, 2, 4, 8), micropython=micropython)
    free = res["free_at_start"]
    ratio = devsession.BOARD_RATIO[lib] if wide else 1.0
    return {"lib": lib, "minutes": minutes, "heap_min": heap, "free_unix": free, "runs": runs,
            "board_kb": round(free * ratio / 1024.0, 1), "ratio": ratio, "port": "64-bit" if wide else "32-bit",
            "saves": res.get("saves"), "reps": res.get("reps_total"),
            "graded": res.get("reps_graded")}


def live_after_boot(lib, micropython=None, mpy_cross=None):
    """Bytes in use (collected) CHECK_MS after power-up with no button pressed, above the harness's own, and
    that in board kB."""
    with devsession.Drive(lib, mpy_cross) as drive:
        r = devsession.run(drive, 640 * 1024, CHECK_MS / 1000.0 + 1, keys=[], check_ms=[CHECK_MS],
                           micropython=micropython)
    if r["status"] != "ended" or not r.get("live"):
        raise devsession.DevSessionError("live heap run failed: %s %s" % (r["status"], r["error"]))
    b = r["live"][0][1]
    # the resident heap (no compiler's transient in it) converts with its own ratio, for both forms
    return {"bytes_unix": b, "board_kb": round(b * devsession.LIVE_RATIO / 1024.0, 1)}


def twin_used_after_boot(lib_mpy, unseen=0):
    """The twin's heap model (bytes in use, board) CHECK_MS after power-up, no button pressed; unseen 0: the bare
    model; None: as calibrated (sim/twin/device/costs.json)."""
    from sim.twin.device import heap as twin_heap
    from sim.twin import run_session

    old = twin_heap.UNSEEN
    twin_heap.UNSEEN = unseen
    try:
        r = run_session(seconds=CHECK_MS / 1000.0, buttons=[], frames=False, lib_mpy=lib_mpy)
        return r.report()["runs"][0]["heap_used"]
    finally:
        twin_heap.UNSEEN = old


def twin_unseen(figures):
    """{"mpy": bytes, "py": bytes}: the real live heap after boot less the bare model's, per library form."""
    out = {}
    for lib in ("mpy", "py"):
        live = (figures.get(lib) or {}).get("live_after_boot")
        if live:
            out[lib] = max(0, int(live["board_kb"] * 1024 - twin_used_after_boot(lib == "mpy")))
    return out


def measure(minutes=10, log=print, micropython=None, mpy_cross=None):
    """Both library forms, bisected side by side (two interpreters at a time); micropython and mpy_cross: a
    32-bit build for the bisection (the live heap after boot, the twin's calibration, stays the 64-bit port's,
    which the tests check it against)."""
    out = {}
    errors = []

    def one(lib):
        try:
            out[lib] = needed(lib, minutes, micropython=micropython, mpy_cross=mpy_cross)
            out[lib]["live_after_boot"] = live_after_boot(lib)
        except Exception as e:  # reported in the figures, never a crash of the bench
            errors.append("%s: %s: %s" % (lib, type(e).__name__, e))

    log("the whole program under MicroPython, %d-minute session, heap bisected (.mpy and .py side by side) ..."
        % minutes)
    threads = [threading.Thread(target=one, args=(lib,)) for lib in ("mpy", "py")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        out["error"] = "; ".join(errors)
    log("the twin's heap model at the same moment after boot (its calibration) ...")
    out["twin_heap_unseen_bytes"] = twin_unseen(out)
    return out


if __name__ == "__main__":
    print(json.dumps(measure()))
