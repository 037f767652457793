"""The whole loop's share of `python -m sim bench`: its kinds of work counted one call at a time (loopcost.py), the
whole loop counted as code.py runs it (loopwhole.py), and the budget they make on an nRF52840 (bench.py's module
text says how each figure is obtained)."""

import contextlib
import json
import os
import shutil
import tempfile

from sim.device import mpy
from sim.device.bench_heap import boxed_floats
from sim.device.bench_setup import COST_HEAP, DRAIN_MS, NRF52840_LOOPS_PER_S, RATE_HZ, TICK_MS, WHOLE_SECONDS
from sim.twin.device.flash import FLASH_FLUSH_US, FLASH_US_PER_BYTE
from bandlift.hw import recorder as _rec


LOOP_KINDS = ("nop", "tick", "look", "lookframe", "mover", "mover_look", "state", "imu", "imu1", "imu_stubs",
              "record", "pass", "empty",
              "shim_ticks", "shim_sleep", "shim_keys", "shim_bus", "shim_burst", "shim_lock", "c_ticks", "c_sleep",
              "c_call0", "c_call1")
SHIM_KINDS = ("shim_ticks", "shim_sleep", "shim_keys", "shim_bus", "shim_burst", "shim_lock")  # Python stand-ins ...
C_KINDS = ("c_ticks", "c_sleep", "c_call0", "c_call1")  # ... and C calls of the same shape: what the board runs
BOXED_KINDS = ("tick", "look", "lookframe", "imu", "record")  # the parts whose floats the budget takes out
FLOATS_HEAP = "64m"  # the float-counting runs' heap: the collector is off in them
IMU_SAMPLES_PER_DRAIN = 5  # loopcost.py's imu and record kinds: a drain of five samples (app.DRAIN_MS at 104 Hz)


@contextlib.contextmanager
def _script_run(name):
    """(script path, scratch folder) for a MicroPython script of mpy.SCRIPTS, the folder removed after."""
    folder = tempfile.mkdtemp(prefix="bandlift-%s-" % name)
    try:
        yield os.path.join(mpy.SCRIPTS, name + ".py"), folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure_loop(counter="auto", n=2000):
    """Instructions (valgrind) of one call of each of the loop's kinds of work (loopcost.py), the harness's own
    call loop (nop) taken out; None where valgrind is missing. imu and record are per sample, imu_drain per FIFO
    drain (its C bus calls as C)."""
    cmd = mpy.valgrind_command() if counter in ("auto", "instructions") else None
    if cmd is None:
        return None
    with _script_run("loopcost") as (script, folder):
        per = {}
        for kind in LOOP_KINDS:
            m = n // 4 if kind in ("tick", "mover") else n  # the whole game tick is the longest call
            one = mpy.count_instructions(cmd, COST_HEAP, [script, kind, str(m), folder])
            two = mpy.count_instructions(cmd, COST_HEAP, [script, kind, str(2 * m), folder])
            per[kind] = (two - one) / float(m)
        floats = {}
        for kind in BOXED_KINDS:  # the floats one call boxes (heap maps around 200 calls, collector off)
            out = mpy.run_micropython([script, kind, "200", folder, "floats"], heap=FLOATS_HEAP)
            floats[kind] = boxed_floats(out) / 200.0
    kinds = ("tick", "look", "lookframe", "state", "imu", "imu1", "imu_stubs", "record") + SHIM_KINDS + C_KINDS
    out = {k: max(0.0, per[k] - per["nop"]) for k in kinds}
    for k in SHIM_KINDS + C_KINDS:  # whole calls, as the whole count holds them: only the loop's iteration out
        out[k] = max(0.0, per[k] - per["empty"])
    # the harness moves the stand-in core between the game's calls: one move a tick, a look and a lookframe
    # (loopcost.py's mover kinds, the call loop out)
    out["tick"] = max(0.0, out["tick"] - (per["mover"] - per["empty"]))
    move = per["mover_look"] - per["empty"]
    out["look"] = max(0.0, out["look"] - move)
    out["lookframe"] = max(0.0, out["lookframe"] - move)
    # the FIFO drain apart from its samples: imu (five a drain) and imu1 (one) differ by four samples' hand-over;
    # the drain's two transfers are C calls on the board (the bus time and the call are imu_bus's): their Python
    # stand-ins out, the one try_lock and unlock around both in as C calls
    per_sample = max(0.0, out["imu"] - out["imu1"]) / (IMU_SAMPLES_PER_DRAIN - 1)
    out["imu_drain"] = max(0.0, out["imu1"] - per_sample - out["imu_stubs"] + 2 * out["c_call0"])
    out["imu"] = per_sample
    for kind in ("imu", "record"):  # per sample
        floats[kind] /= IMU_SAMPLES_PER_DRAIN
    out["record"] /= IMU_SAMPLES_PER_DRAIN
    out["floats"] = floats
    out["pass"] = max(0.0, per["pass"] - per["empty"])  # the reference loop's own iteration taken out
    out["empty"] = per["empty"]
    return out


def measure_whole_loop(path, counter="auto"):
    """The whole loop (loopwhole.py: bandlift.app.run on stand-ins, recording on) counted in instructions per
    virtual second: a run of WHOLE_SECONDS[1] minus one of WHOLE_SECONDS[0]; with the run's own counts (FIFO
    drains, samples, naps, refreshes per second). None where valgrind is missing."""
    cmd = mpy.valgrind_command() if counter in ("auto", "instructions") else None
    if cmd is None:
        return None
    a, b = WHOLE_SECONDS
    with _script_run("loopwhole") as (script, folder):
        one = mpy.count_instructions(cmd, COST_HEAP, [script, path, str(a), folder])
        two = mpy.count_instructions(cmd, COST_HEAP, [script, path, str(b), folder])
        stats = []
        boxed = []
        for sec in (a, b):  # uncounted runs, the game's calls counted too ("calls": wrapped, same behaviour)
            out = mpy.run_micropython([script, path, str(sec), folder, str(RATE_HZ), "calls"], heap=COST_HEAP)
            stats.append(json.loads(out.strip().splitlines()[-1])["loopwhole"])
            out = mpy.run_micropython([script, path, str(sec), folder, str(RATE_HZ), "floats"], heap=FLOATS_HEAP)
            boxed.append(boxed_floats(out))
    per_s = dict((k, (stats[1][k] - stats[0][k]) / float(b - a))
                 for k in ("drains", "bursts", "samples", "naps", "refreshes", "frames", "looks", "ticks_calls"))
    return {"instructions_per_s": (two - one) / float(b - a), "per_s": per_s, "seconds": [a, b],
            "floats_per_s": (boxed[1] - boxed[0]) / float(b - a),
            "reps": stats[1]["reps"], "screen": stats[1]["screen"]}


# The recorder's binary format: bytes on the flash per sample (its record and its share of a block header) and
# samples per block (one write and one close, the twin's flash flush, per block).
RECORD_SAMPLE_BYTES = _rec._RECORD_BYTES + _rec._BLOCK_HEAD_BYTES / float(_rec._BLOCK_SAMPLES)
RECORD_BLOCK_SAMPLES = _rec._BLOCK_SAMPLES


def fifo_bus_us(freq, overhead_us, samples):
    """Bus time of one FIFO status read (FIFO_STATUS1-4: a 1-byte write, a 4-byte read; samples 0) or of one burst
    of `samples` 12-byte sets from FIFO_DATA_OUT; 9 bit-times a byte, two address bytes and the per-transaction
    overhead (start, stop, the call into the C driver)."""
    return overhead_us + (2 + 1 + (12 * samples if samples else 4)) * 9 * 1e6 / freq


def loop_budget(res):
    """The whole loop on an nRF52840, per second and per sample (us): the interpreter's work counted whole
    (loopwhole.py), converted like the core, the unix port's float boxing taken out (the floats the whole run
    boxes, and each part's, counted in heap maps: a CircuitPython float is immediate); plus the time the loop waits on
    the buses and the flash. The stand-ins of C calls (Python here) are taken out of the whole count and C calls of
    the same shape put in. The parts come from the kinds measured one by one (loopcost.py); what the whole counts
    beyond them is the loop's own glue (passes, naps, the hand-over's calls)."""
    e = res["estimates"][0]
    lp = res.get("loop")
    wl = res.get("whole")
    if lp is None or wl is None or e["unit"] != "instructions":
        return None
    rate = NRF52840_LOOPS_PER_S

    def us(instr):
        return instr / e["per_iter"] / rate * 1e6

    t = res.get("twin") or {}
    freq = t.get("bus_hz") or 400000
    per_s = wl["per_s"]
    drains = per_s["drains"] or 1000.0 / DRAIN_MS
    bursts = per_s.get("bursts") or drains  # the status reads that found samples waiting
    samples_per_burst = (per_s["samples"] or RATE_HZ) / bursts
    box = e["box_per_float"]  # instructions the unix port spends boxing one float
    floats_s = wl.get("floats_per_s")
    if floats_s is None:  # not counted: the core's floats alone
        floats_s = e["floats_per_sample"] * RATE_HZ
    boxed = lp.get("floats", {})

    def part(kind):  # one call of a kind, its floats' boxing taken out, in instructions
        return max(0.0, lp[kind] - box * boxed.get(kind, 0.0))

    # the whole run calls the stand-ins of C calls (mpy_shims/ and loopwhole.py's FIFO bus: Python here) this
    # often a second: two clock reads and a keypad queue check a pass, a nap, a FIFO status read a drain and a
    # burst when samples wait, both under one try_lock and unlock; the board runs C calls of the same shape
    # instead (their cost measured in this interpreter; the transfer's own call is in imu_bus's overhead)
    tc = per_s.get("ticks_calls", 0.0)
    naps = per_s.get("naps", 0.0)
    burst_sample = max(0.0, lp.get("shim_burst", 0.0) - lp.get("shim_bus", 0.0)) / IMU_SAMPLES_PER_DRAIN  # a copied
    # sample's share of the stand-in's burst (of five), on top of the transfer's own
    stand_ins = lp.get("shim_ticks", 0.0) * tc + lp.get("shim_keys", 0.0) * tc / 2 + \
        lp.get("shim_sleep", 0.0) * naps + lp.get("shim_bus", 0.0) * (drains + bursts) + \
        lp.get("shim_lock", 0.0) * drains + burst_sample * (per_s["samples"] or RATE_HZ)
    c_calls = lp.get("c_ticks", 0.0) * tc + lp.get("c_call1", 0.0) * tc / 2 + lp.get("c_sleep", 0.0) * naps
    c_locks = lp.get("c_call0", 0.0) * 2 * drains
    interp_s = us(wl["instructions_per_s"] - box * floats_s - stand_ins + c_calls + c_locks)  # us a second

    refreshes_per_s = t.get("refreshes", 0) / max(1e-9, t.get("virtual_s") or 1e9)
    ticks_s = per_s.get("frames") or 1000.0 / TICK_MS  # the game's full ticks (frames) per second
    per_second = {
        "core": e["nrf52840"]["us_per_sample_unboxed"] * RATE_HZ,
        "game_tick": us(part("tick")) * ticks_s,
        "game_look": us(part("look")) * per_s.get("looks", 0.0),  # between frames in a pause or lowering
        # the FIFO drains (at least every DRAIN_MS, every sample in a pause or lowering) and each sample's hand-over
        "imu_python": us(lp.get("imu_drain", 0.0)) * drains + us(part("imu")) * (per_s["samples"] or RATE_HZ),
        "record": us(part("record")) * RATE_HZ,
        "c_stand_ins": us(c_calls),  # the clock, naps and the keypad queue (the bus locks are in imu_python)
    }
    per_second["loop_glue"] = max(0.0, interp_s - sum(per_second.values()))
    per_second["imu_bus"] = drains * fifo_bus_us(freq, 60, 0) + bursts * fifo_bus_us(freq, 60, samples_per_burst)
    per_second["display_refresh"] = (t.get("display_bus_busy_pct", 0.0) / 100.0) * 1e6 + \
        refreshes_per_s * t.get("bytes_per_refresh", 0.0) * 4
    per_second["record_flash"] = RATE_HZ * (FLASH_US_PER_BYTE * RECORD_SAMPLE_BYTES +
                                            FLASH_FLUSH_US / float(RECORD_BLOCK_SAMPLES))
    total = sum(per_second.values())
    plain = total - per_second["record"] - per_second["record_flash"]
    return {"parts_us": dict((k, round(v / RATE_HZ, 1)) for k, v in per_second.items()),
            "parts_pct": dict((k, round(v / 1e4, 2)) for k, v in per_second.items()),
            "us_per_sample": round(total / RATE_HZ, 1), "cpu_pct": round(total / 1e4, 1),
            "cpu_pct_without_recording": round(plain / 1e4, 1),
            "interpreter_pct_counted_whole": round(interp_s / 1e4, 1),
            "per_s": dict((k, round(v, 1)) for k, v in per_s.items()),
            "floats_boxed_per_s": round(floats_s, 1),
            "per_call_us": {"game_tick": round(us(part("tick")), 1), "game_look": round(us(part("look")), 1),
                            # the frame's tick right after a look that found a grade (the feel left to the look)
                            "game_tick_looked": round(us(max(0.0, part("lookframe") - part("look"))), 1),
                            "game_state_tick": round(us(lp["state"]), 1),
                            "imu_python": round(us(part("imu")), 1), "record": round(us(part("record")), 1),
                            "imu_drain": round(us(lp.get("imu_drain", 0.0)), 1),
                            "loop_pass": round(us(lp["pass"]), 1),  # the twin charges it per ticks() call
                            "core": round(e["nrf52840"]["us_per_sample_unboxed"], 1)}}
