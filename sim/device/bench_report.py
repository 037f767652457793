"""The report of `python -m sim bench`: the budget figures as one JSON object (--json) and the Markdown of
docs/performance.md, each figure beside its budget with PASS or FAIL. The measuring is in sim/device/bench.py."""

import os

from sim.device.bench_heap import TYPE_NAMES
from sim.device.bench_setup import (
    BOARD_FREE_HEAP, COST_HEAP, DRAIN_MS, PASS_HEAP, NRF52840_LOOPS_PER_S, PYSTONE_NRF52840, PYSTONE_SAMD51, RATE_HZ,
    SAMD51_LOOPS_PER_S, TICK_MS,
)

# Budgets: a figure beside its limit reads PASS or FAIL
CORE_LOAD_MAX_PCT = 15.0  # core at 104 Hz on an nRF52840
DISPLAY_BUS_MAX_PCT = 30.0  # display share of a 400 kHz bus during play
INTERVAL_P99_MAX = 2.0  # sample interval p99 within twice the nominal period
LOOP_MAX_PCT = 35.0  # the whole loop at 104 Hz on an nRF52840, recording on
# The twin's boot-heap peak must stay within the board's free heap: the twin plays the shipped levels on the
# board's heap. (The budget with headroom is the real interpreter's heap_kb_board_mpy <= 110; the twin's model is
# held to that interpreter within 5 % by tests/test_twin_heap_real.py, so it gets no tighter rule of its own.)
BOOT_MPY_MAX_S = 3.0  # first screen after power-up, lib/bandlift as .mpy (board seconds)
BOOT_PY_MAX_S = 8.0  # ... and as .py (compiled on the board at import)


def imu_read_us(freq, overhead_us):
    """(burst, driver) bus time of one sample: one 12-byte read from 0x22 vs the driver's two 6-byte reads.
    A write_read costs 2 address bytes + 1 register byte + data, 9 bit-times a byte, plus per-transaction
    overhead (the twin's cost model)."""
    def tx(n):
        return overhead_us + (2 + 1 + n) * 9 * 1e6 / freq

    return tx(12), 2 * tx(6)


def _le(v, limit):
    return v is not None and v <= limit


HEAP_MAX_KB_MPY = 110  # free heap needed at code.py start (10-minute session), board kB: 27 kB headroom of 137
HEAP_MAX_KB_PY = 125  # the plain .py install still runs


def summary_json(res):
    """The budget figures as one flat object (`python -m sim bench --json`)."""
    n = res["estimates"][0]["nrf52840"]
    t = res.get("twin") or {}
    lb = res.get("loop_budget") or {}
    free = t.get("board_free_heap_kb")
    out = {
        "core_cpu_pct_nrf52840": round(n["load_pct_unboxed"], 1),
        "core_cpu_counted_in": res["estimates"][0]["unit"],
        "loop_cpu_pct_nrf52840": lb.get("cpu_pct"),
        "loop_cpu_pct_nrf52840_without_recording": lb.get("cpu_pct_without_recording"),
        "loop_us_per_sample_parts": lb.get("parts_us"),
        "boot_heap_kb_board": t.get("heap_peak_kb"),
        "boot_heap_kb_board_lib_py": (res.get("twin_py") or {}).get("heap_peak_kb"),
        "heap_after_boot_kb_board": t.get("heap_used_kb"),
        "boot_heap_parts_kb_board": t.get("heap_peak_parts_kb"),
        "board_free_heap_kb": free,
        "boot_heap_source": "the twin's heap model of an nRF52840 (sim/twin/device/heap.py, calibrated on unix-port "
                            "measurements), 0.63 x the 64-bit figures",
        "boot_to_first_screen_s": t.get("boot_to_first_screen_s"),
        "boot_to_calibrated_s": t.get("boot_to_calibrated_s"),
        "boot_to_first_screen_s_lib_py": (res.get("twin_py") or {}).get("boot_to_first_screen_s"),
        "session_min_heap_kb_unix64": res.get("min_heap_kb"),
        "real_allocations_per_sample": round(res["alloc"]["real_objects"] / float(max(1, res["alloc"]["n"])), 4),
        "loop_cpu_pct_parts_nrf52840": lb.get("parts_pct"),
        "loop_per_call_us_nrf52840": lb.get("per_call_us"),  # what the twin charges (costs.json with --write)
        "loop_per_s": lb.get("per_s"),  # FIFO drains, samples, naps, game frames and looks per virtual second
        "loop_floats_boxed_per_s_unix": lb.get("floats_boxed_per_s"),
        "samples_lost_pct": t.get("samples_lost_pct"),
        "samples_made_twin": t.get("samples_made"),
        "rep_end_stall_ms": res.get("rep_end_stall_ms"),
        "boot_first_screen_s_mpy": t.get("boot_to_first_screen_s"),
        "boot_first_screen_s_py": (res.get("twin_py") or {}).get("boot_to_first_screen_s"),
    }
    dh = res.get("devheap") or {}
    out["heap_kb_board_mpy"] = (dh.get("mpy") or {}).get("board_kb")
    out["heap_kb_board_py"] = (dh.get("py") or {}).get("board_kb")
    out["heap_source"] = ("the whole program under MicroPython (sim/device/devsession.py), %s-minute session, "
                          "smallest heap by bisection, free heap at code.py start x %s (.mpy) / %s (.py) to the "
                          "board" % (dh.get("mpy", {}).get("minutes", "?"), dh.get("mpy", {}).get("ratio"),
                                     dh.get("py", {}).get("ratio"))) if dh else None
    out["heap_live_after_boot_kb_board_mpy"] = ((dh.get("mpy") or {}).get("live_after_boot") or {}).get("board_kb")
    if dh.get("error"):
        out["heap_error"] = dh["error"]
    out["budgets"] = {
        "heap_kb_board_mpy<=%g" % HEAP_MAX_KB_MPY: _le(out["heap_kb_board_mpy"], HEAP_MAX_KB_MPY),
        "heap_kb_board_py<=%g" % HEAP_MAX_KB_PY: _le(out["heap_kb_board_py"], HEAP_MAX_KB_PY),
        "core_cpu_pct_nrf52840<=%g" % CORE_LOAD_MAX_PCT: out["core_cpu_pct_nrf52840"] <= CORE_LOAD_MAX_PCT,
        "loop_cpu_pct_nrf52840<=%g" % LOOP_MAX_PCT: (out["loop_cpu_pct_nrf52840"] is not None and
                                                   out["loop_cpu_pct_nrf52840"] <= LOOP_MAX_PCT),
        "boot_heap_kb_board<=board_free_heap_kb": (free is not None and out["boot_heap_kb_board"] is not None
                                                   and out["boot_heap_kb_board"] <= free),
        "samples_lost_pct==0": out["samples_lost_pct"] == 0,
        "boot_first_screen_s_mpy<=%g" % BOOT_MPY_MAX_S: _le(out["boot_first_screen_s_mpy"], BOOT_MPY_MAX_S),
        "boot_first_screen_s_py<=%g" % BOOT_PY_MAX_S: _le(out["boot_first_screen_s_py"], BOOT_PY_MAX_S),
    }
    return out


# The calibration of the whole-program heap figure and what the heap holds, measured on a 32-bit CircuitPython
# build (the bench runs the 64-bit port and does not re-measure these): heap_calibration.md beside this module, kept
# in the report verbatim.
CALIBRATION_MD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "heap_calibration.md")


def _devheap_lines(dh):
    L = ["## The whole program's heap, measured by a real interpreter", ""]
    with open(CALIBRATION_MD, encoding="utf-8") as f:
        L.extend(f.read().strip("\n").split("\n"))
    L.extend(["", "### This run", ""])
    if dh.get("error"):
        L.append("- ERROR: %s" % dh["error"])
    for lib, cap in (("mpy", HEAP_MAX_KB_MPY), ("py", HEAP_MAX_KB_PY)):
        f = dh.get(lib)
        if not f:
            continue
        reps = "%s reps" % f.get("reps")
        if f.get("graded") is not None:
            # (the core's reps as the app's serial line reports them, a best-effort log dropped when memory is
            # short, and the reps the game graded in its sets)
            reps = "%s reps reported, %s graded in sets" % (f.get("reps"), f.get("graded"))
        L.append("- lib/bandlift as .%s: the %d-minute session (B every 15 s: sets ended, progress saved %s times, "
                 "%s, recording on) runs whole from a %d B heap on the %s unix port, %d B free at code.py "
                 "start; x %s = **%.1f kB on the board** (budget %g kB: %s)." % (
                     lib, f["minutes"], f.get("saves"), reps, f["heap_min"], f.get("port", "64-bit"),
                     f["free_unix"], f["ratio"],
                     f["board_kb"], cap, "PASS" if f["board_kb"] <= cap else "FAIL"))
        live = f.get("live_after_boot")
        if live:
            L.append("  Live heap 25 s after power-up, no button pressed (collected): %d B here, %.1f kB on the board." % (
                live["bytes_unix"], live["board_kb"]))
    if dh.get("twin_heap_unseen_bytes"):
        L.append("- The twin's heap model charges %s B (board) for the program's own objects it cannot see (the real "
                 "live heap after boot less the model's; written to sim/twin/device/costs.json)." % dh["twin_heap_unseen_bytes"])
    L.append("")
    return L


def lines_for(res):
    L = []
    if res.get("devheap"):
        L.extend(_devheap_lines(res["devheap"]))
    a = res["alloc"]
    n = res["estimates"][0]["nrf52840"]
    L.append("## Motion core under MicroPython (unix port %s)" % "1.28, 64-bit")
    L.append("")
    L.append("- Session: %d min generated (sim.athlete sets back to back, seed 3), %d samples; heap %s (the counted passes %s, "
             "collector off)." % (res["minutes"], res["samples"], COST_HEAP, PASS_HEAP))
    L.append("- Board loop rates: SAMD51 %.0f k/s (CircuitPython 5); nRF52840 %.0f k/s "
             "(= SAMD51 x pystone %g/%g)." % (SAMD51_LOOPS_PER_S / 1e3, NRF52840_LOOPS_PER_S / 1e3,
                                              PYSTONE_NRF52840, PYSTONE_SAMD51))
    for e in res["estimates"]:
        unit, c = e["unit"], e["cost"]
        if unit == "instructions":
            L.append("- Counted: host instructions under valgrind (cachegrind), one pass = the count of two passes "
                     "minus one: exact and repeatable on a shared machine.")
        else:
            L.append("- Timed: the fastest of %d interleaved rounds of wall time." % e["rounds"])
        L.append("  - One pass, %s: core %s, no-op %s, empty loop %s, float loop %s, int loop %s (loops: %d "
                 "iterations per sample)." % (unit, "{:,}".format(c["core"]), "{:,}".format(c["nop"]),
                                             "{:,}".format(c["empty"]), "{:,}".format(c["floats"]),
                                             "{:,}".format(c["ints"]), e["loops_per_sample"]))
        L.append("  - Per sample: core %.4g %s; one reference-loop iteration %.4g; boxing one float %.4g x %.1f "
                 "floats boxed per sample (heap map) = %.4g; core without boxing %.4g %s."
                 % (e["core_per_sample"], unit, e["per_iter"], e["box_per_float"], e["floats_per_sample"],
                    e["box_per_float"] * e["floats_per_sample"], e["core_unboxed"], unit))
    L.append("")
    L.append("| counted in | board | reference iterations per sample | us per sample | CPU at %d Hz "
             "| boxing included |" % RATE_HZ)
    L.append("|---|---|---|---|---|---|")
    for e in res["estimates"]:
        for name, label in (("samd51", "SAMD51"), ("nrf52840", "nRF52840")):
            r = e[name]
            L.append("| %s | %s | %.0f | %.0f | %.1f %% | %.1f %% |" % (
                e["unit"], label, r["iterations_unboxed"], r["us_per_sample_unboxed"], r["load_pct_unboxed"],
                r["load_pct"]))
    L.append("")
    by = dict((e["unit"], e) for e in res["estimates"])
    if "instructions" in by and "us" in by:
        i, t = by["instructions"], by["us"]
        ipc = (i["per_iter"] / t["per_iter"]) / (i["core_unboxed"] / t["core_unboxed"])
        L.append("The two counters disagree because the host is an out-of-order CPU: it runs the tight reference "
                 "loop at %.1f times the instructions per second of the interpreter's branchy float and attribute "
                 "code (measured above), so wall time charges the core more reference iterations than its "
                 "instructions do. The boards' Cortex-M4 cores execute in order, where time follows instructions "
                 "much more closely; the budget verdict uses the instruction count, and the timed figure is the "
                 "pessimistic bound." % ipc)
        L.append("")
    L.append("With the collector running, the count moved by a few per cent with the heap's layout alone. Over the "
             "steps of one round that only "
             "merged modules and renamed or dropped names (names11) the core's count for this session went 1,031.7 "
             "-> 1,056.7 -> 1,029.8 -> 1,071.5 -> 1,069.3 M instructions on this port (730.4 -> 739.8 -> 754.2 -> "
             "779.6 -> 749.3 M on a 32-bit CircuitPython 10.3 build), for the same work. Callgrind on the first and "
             "last of those trees puts the whole rise (+38 M) in the collector (gc_collect_end +23.7 M, "
             "gc_mark_subtree +18.1 M; name look-ups 3 M fewer) with the same allocations per sample (heap map): "
             "the collections that clear this port's boxed floats cost more on one heap layout than on another "
             "(which objects the conservative collector finds and scans; not pinned down further). The board's core "
             "boxes no float and collects nothing per sample, so the counted passes now run with the collector off: "
             "the same first and last trees count 1,002.5 and 998.1 M.")
    L.append("")
    L.append("## Heap")
    L.append("")
    objs = ", ".join("%s %d" % (TYPE_NAMES.get(k, k), v) for k, v in sorted(a["objects"].items(), key=lambda kv: -kv[1]))
    L.append("- Over %d samples after 2000 of warm-up, collector off: %d bytes allocated (%.0f bytes/sample on the "
             "unix port); new objects: %s." % (a["n"], a["bytes"], a["bytes"] / float(max(1, a["n"])), objs or "none"))
    L.append("- Floats (unix boxing, none on the board): %d = %.1f/sample. Real allocations (everything else): "
             "%d = %.3f/sample." % (a["floats"], a["floats"] / float(max(1, a["n"])), a["real_objects"],
                                     a["real_objects"] / float(max(1, a["n"]))))
    L.append("- Garbage collections per minute: unix port with a 1 MB heap %.1f; board (real allocations only, ~16 "
             "bytes each, %d kB free) %.2f." % (res["gc_per_min_unix_1m"], BOARD_FREE_HEAP // 1024, res["gc_per_min_board"]))
    if res["min_heap_kb"]:
        L.append("- Smallest MicroPython heap the whole session runs in (capped-heap driver, core imported and "
                 "compiled in it): %d kB on the 64-bit unix port (about half on a 32-bit board)." % res["min_heap_kb"])
    L.append("")
    L.append("## Buses and display (digital twin)")
    L.append("")
    t = res.get("twin")
    burst, driver = imu_read_us(400000, 60)
    L.append("- IMU read per sample at 400 kHz (computed, twin cost model 60 us/transaction): burst %.0f us vs "
             "driver's two reads %.0f us." % (burst, driver))
    if not t:
        L.append("- Twin: not measured (--no-twin).")
    elif "error" in t and t.get("virtual_s") is None:
        L.append("- Twin: not measured yet (%s)." % t["error"])
    else:
        L.append("- Twin run: %.0f s virtual of code.py (default level, scripted athlete), bus at %d Hz, cost model %s (sample_us: the larger nRF52840 estimate of the core plus 500 us for the game, at least the default 2500)."
                 % (t["virtual_s"], t["bus_hz"], t["cost_model"]))
        L.append("- IMU bus time per sample (incl. data-ready polls): %.0f us." % t["imu_bus_us_per_sample"])
        L.append("- Display bus: %.0f bytes/s, %.2f %% of the bus; %d refreshes, %.0f bytes per refresh; worst "
                 "refresh %.1f ms." % (t["display_bus_bytes_per_s"], t["display_bus_busy_pct"], t["refreshes"],
                                        t["bytes_per_refresh"], t["worst_refresh_ms"]))
        L.append("- Sample interval: p50 %.2f ms, p99 %.2f ms, max %.2f ms; %d samples missed."
                 % (t["sample_interval_ms_p50"], t["sample_interval_ms_p99"], t["sample_interval_ms_max"],
                    t["samples_missed"]))
    L.append("")
    lb = res.get("loop_budget")
    L.append("## The whole loop (nRF52840, %d Hz, recording on)" % RATE_HZ)
    L.append("")
    if lb:
        wl = res["whole"]
        L.append("The loop is counted whole: bandlift.app.run() as code.py runs it, under the MicroPython unix port "
                 "(sim/device/mpy_scripts/loopwhole.py), with the real motion core, the whole game in play (state, "
                 "feel, HUD), the IMU adapter draining an LSM6DS33's FIFO (a generated session at %d Hz), the "
                 "recorder taking every sample (landed in its block by the IMU's reads), and stand-ins for the C "
                 "modules (displayio, vectorio, terminalio, keypad, supervisor and time on a virtual clock, the "
                 "FIFO's bus). Busy work takes no virtual time "
                 "there, so the loop makes at least the board's passes. Host instructions of a %d s run minus a %d s "
                 "run: %.4g per virtual second; converted like the core, the floats it boxes taken out (%.0f a "
                 "second, counted in heap maps), the Python of the stand-ins of the C calls the loop makes (clock "
                 "reads, naps, the keypad queue, the bus transfers and their locks) taken out and C calls of the same "
                 "shape in this interpreter put in: %.1f %% of an nRF52840. The loop drains the FIFO every %d ms "
                 "(in a rep's pause and lowering, where the game looks at each step of the core: every 10 ms until "
                 "a read brings a step, then timed to the core's next step) and ticks the game every "
                 "%d ms (per second: %s)." % (RATE_HZ, wl["seconds"][1], wl["seconds"][0],
                                               wl["instructions_per_s"], lb.get("floats_boxed_per_s", 0),
                                               lb["interpreter_pct_counted_whole"],
                                               DRAIN_MS, TICK_MS,
                                               ", ".join("%s %.1f" % kv for kv in sorted(lb["per_s"].items()))))
        L.append("")
        L.append("The parts: core, game tick, game look, IMU drain and hand-over, and recording measured one by one "
                 "like the core (sim/device/mpy_scripts/loopcost.py: the whole Game.tick in play at each frame, a "
                 "Game.look between frames in a rep's pause and lowering at each step of the core, the harness's moves "
                 "of the stand-in core "
                 "taken out of both; FIFO drains of five samples and of one, which give a drain's cost and a "
                 "sample's apart, their stand-in bus calls out and C calls in; the recorder's share of a drain (the "
                 "IMU lands the samples in its block); each part's floats taken out), at the rates the whole run "
                 "counted; the C calls are the clock, naps and the "
                 "keypad queue; the loop's glue is what the whole count holds beyond the parts. Bus and flash time "
                 "from the bytes they move (the IMU: FIFO_STATUS at every drain, a burst when samples wait); the "
                 "display's share from the twin's refreshes.")
        L.append("")
        L.append("| part | us per sample | % of the CPU |")
        L.append("|---|---|---|")
        for k, v in lb["parts_us"].items():
            L.append("| %s | %.0f | %.1f |" % (k.replace("_", " "), v, lb["parts_pct"][k]))
        L.append("| **total** | **%.0f** | **%.1f** (%.1f without recording) |" % (
            lb["us_per_sample"], lb["cpu_pct"], lb["cpu_pct_without_recording"]))
        L.append("")
        L.append("Per call (what the twin charges, sim/twin/device/costs.json, written with --write): %s; a rep's end "
                 "%.1f ms." % (", ".join("%s %.0f us" % (k.replace("_", " "), v)
                                          for k, v in lb["per_call_us"].items()), res.get("rep_end_stall_ms") or 0))
    else:
        L.append("Not measured (valgrind missing: the loop is counted in instructions only).")
    L.append("")
    t = res.get("twin") or {}
    if t.get("samples_made"):
        L.append("## Samples lost (the twin, recording on)")
        L.append("")
        L.append("- %d samples made by the virtual LSM6DS33 from the first the loop read to the last, %d fed to the "
                 "core: %.3f %% lost, over %d rep ends (each stalls the loop %.1f ms: the flank fits, %s), the "
                 "refreshes and the recorder's flash writes. The FIFO holds what the chip makes while the loop is "
                 "busy." % (t["samples_made"], t["samples_fed"], t["samples_lost_pct"], t["rep_ends"],
                            res.get("rep_end_stall_ms") or 0, "python -m sim.device.bench_repend"))
        L.append("")
    L.append("## Boot (the twin's virtual nRF52840: imports charged as the board compiles or loads them)")
    L.append("")
    if t and t.get("virtual_s") is not None:
        L.append("- lib/bandlift as .mpy (`python -m sim bundle --mpy`, Adafruit libraries as circup's .mpy): first "
                 "screen after %s s, calibrated after %s s; heap peak %.1f kB, %.1f kB in use after boot, of %.0f kB "
                 "free." % (t["boot_to_first_screen_s"], t["boot_to_calibrated_s"], t["heap_peak_kb"],
                           t["heap_used_kb"], t["board_free_heap_kb"]))
        parts = t.get("heap_peak_parts_kb")
        if parts:
            L.append("- What the peak is made of (kB, the twin's model): %s." % ", ".join(
                "%s %.1f" % kv for kv in parts.items()))
        tp = res.get("twin_py") or {}
        if tp:
            L.append("- lib/bandlift as .py (compiled on the board at import): first screen after %s s; heap peak "
                     "%.1f kB%s." % (tp.get("boot_to_first_screen_s"), tp.get("heap_peak_kb") or 0,
                                     "" if tp.get("game_loaded") else " (the game or the core did not fit)"))
    L.append("")
    L.append("## Budget")
    L.append("")
    others = "; ".join("%.1f %% by %s" % (e["nrf52840"]["load_pct_unboxed"], e["unit"] == "us" and "wall time" or e["unit"])
                       for e in res["estimates"][1:])
    L.append("- %s core at %d Hz within %.0f %% of an nRF52840 (%.1f %% by %s%s; with the unix port's float "
             "boxing, which CircuitPython's immediate floats never do: %.1f %%)" % (
        "PASS" if n["load_pct_unboxed"] <= CORE_LOAD_MAX_PCT else "FAIL", RATE_HZ, CORE_LOAD_MAX_PCT,
        n["load_pct_unboxed"], res["estimates"][0]["unit"] == "us" and "wall time" or "instruction count",
        "; " + others if others else "", n["load_pct"]))
    L.append("- %s no real per-sample allocation after start-up (%d non-float objects in %d samples)" % (
        "PASS" if a["real_objects"] == 0 else "FAIL", a["real_objects"], a["n"]))
    if t and t.get("virtual_s") is not None:
        L.append("- %s display under %.0f %% of a 400 kHz bus during play (%.2f %%)" % (
            "PASS" if t["display_bus_busy_pct"] < DISPLAY_BUS_MAX_PCT else "FAIL", DISPLAY_BUS_MAX_PCT,
            t["display_bus_busy_pct"]))
        nominal = 1000.0 / RATE_HZ
        L.append("- %s sample interval p99 within twice the nominal %.2f ms (%.2f ms)" % (
            "PASS" if t["sample_interval_ms_p99"] <= INTERVAL_P99_MAX * nominal else "FAIL", nominal,
            t["sample_interval_ms_p99"]))
    else:
        L.append("- not measured yet: display bus share, sample interval p99 (the twin did not run)")
    if lb:
        L.append("- %s whole loop within %.0f %% of an nRF52840, recording included (%.1f %%; without "
                 "recording, the default, %.1f %%: %s)" % (
                     "PASS" if lb["cpu_pct"] <= LOOP_MAX_PCT else "FAIL", LOOP_MAX_PCT, lb["cpu_pct"],
                     lb["cpu_pct_without_recording"],
                     "PASS" if lb["cpu_pct_without_recording"] <= LOOP_MAX_PCT else "FAIL"))
    if t.get("samples_made"):
        L.append("- %s no sample lost over the twin's session (%.3f %%)" % (
            "PASS" if t["samples_lost_pct"] == 0 else "FAIL", t["samples_lost_pct"]))
    tp = res.get("twin_py") or {}
    for label, v, lim in (("lib/bandlift as .mpy", t.get("boot_to_first_screen_s"), BOOT_MPY_MAX_S),
                          ("lib/bandlift as .py", tp.get("boot_to_first_screen_s"), BOOT_PY_MAX_S)):
        if v is not None:
            L.append("- %s first screen within %g s of power-up, %s (%.2f s)" % (
                "PASS" if v <= lim else "FAIL", lim, label, v))
    if t and t.get("heap_peak_kb") is not None:
        lim = t["board_free_heap_kb"]
        L.append("- %s the twin's boot-heap peak within the board's free heap (%.1f kB of %.1f kB; the budget with "
                 "headroom is the real interpreter's, above)" % (
                     "PASS" if t["heap_peak_kb"] <= lim else "FAIL", t["heap_peak_kb"], lim))
    return L
