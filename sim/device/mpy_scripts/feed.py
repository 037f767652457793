"""Feed a sample file to the motion core and print what it found: runs INSIDE MicroPython (and CPython).

    micropython feed.py reps FILE [SIDE] [MODULE:CLASS]   one JSON line per rep, phase change, and a summary
    micropython feed.py quiet FILE [SIDE] [MODULE:CLASS]  the summary only (the heap-capped long session)
    micropython feed.py alloc FILE WARM N [MODULE:CLASS]  heap block map before/after N samples, gc off
    micropython feed.py bench FILE [ROUNDS [MODULE:CLASS]] fastest pass (us) of: core, no-op, reference loops
    micropython feed.py passes FILE KIND N [MODULE:CLASS]  N passes of one kind (for an instruction counter)
    micropython feed.py imports MOD [MOD...]              import each module, one JSON line per module

The sample file (written by sim/device/mpy.py) is binary so both interpreters see bit-identical inputs:
b"BLS1", then little-endian records of struct "<i6d": t_ms (int tick), ax, ay, az (m/s^2), gx, gy, gz (rad/s).
This file only uses what MicroPython's unix port and CPython both have (no f-strings, no typing).
"""

import gc
import json
import struct
import sys

REC = "<i6d"
REC_SIZE = 52  # struct.calcsize(REC): 4-byte int + 6 doubles, no padding with "<"
MAGIC = b"BLS1"
CHUNK = 64  # records per read: a 3.3 kB buffer, small enough for a 24 kB heap
DEFAULT_CORE = "bandlift.motion.core:MotionCore"


def load_core(spec):
    """(module, instance) for "module:Class", built as Class(Targets())."""
    mod_name, cls_name = spec.split(":")
    __import__(mod_name)
    mod = sys.modules[mod_name]  # __import__ returns the top package of a dotted name
    from bandlift.targets import Targets

    return mod, getattr(mod, cls_name)(Targets())


def event_names(mod):
    """[(bit, name)] for the module's EV_* constants, lowest bit first."""
    pairs = []
    for name in dir(mod):
        if name.startswith("EV_"):
            v = getattr(mod, name)
            if isinstance(v, int):
                pairs.append((v, name))
    pairs.sort()
    return pairs


def samples(path):
    """Yield (t_ms, ax, ay, az, gx, gy, gz) tuples from a sample file, reading it in small chunks."""
    f = open(path, "rb")
    try:
        if f.read(4) != MAGIC:
            raise ValueError("not a BandLift sample file: " + path)
        buf = bytearray(REC_SIZE * CHUNK)
        while True:
            n = f.readinto(buf)
            if not n:
                break
            off = 0
            while off + REC_SIZE <= n:
                yield struct.unpack_from(REC, buf, off)
                off += REC_SIZE
    finally:
        f.close()


def heap_used():
    """Bytes of live heap after a collection (MicroPython); -1 where the interpreter cannot say (CPython)."""
    gc.collect()
    if hasattr(gc, "mem_alloc"):
        return gc.mem_alloc()
    return -1


def run(path, side=None, core_spec=DEFAULT_CORE, out=print, detail=True):
    """Feed every sample; call out(json_line) per rep and phase change (if detail) and once for the summary."""
    mod, core = load_core(core_spec)
    if side:
        core.new_set(side)
    evs = event_names(mod)
    counts = {}
    for _, name in evs:
        counts[name] = 0
    ev_rep = getattr(mod, "EV_REP_DONE", 0)
    ev_phase = getattr(mod, "EV_PHASE", 0)
    heap_start = heap_used()
    n = 0
    for s in samples(path):
        ev = core.feed(s[0], s[1], s[2], s[3], s[4], s[5], s[6])
        n += 1
        if ev:
            for bit, name in evs:
                if ev & bit:
                    counts[name] += 1
            if detail:
                if ev & ev_phase:
                    out(json.dumps({"ph": [s[0], core.phase]}))
                if ev & ev_rep:
                    out(json.dumps({"rep": core.last_rep.to_dict()}))
    heap_end = heap_used()
    from bandlift.motion.report import set_summary  # (the PC's summary of the set: after the heap is read)

    summary = {
        "samples": n,
        "reps": core.reps,
        "phase": core.phase,
        "calibrated": bool(core.calibrated),
        "bad_samples": core.bad_samples,
        "gaps": core.gaps,
        "events": counts,
        "stats": set_summary(core.stats),
        "heap_start": heap_start,
        "heap_end": heap_end,
    }
    out(json.dumps({"sum": summary}))


def _dump_heap(tag):
    # micropython.mem_info(1) prints one character per GC block: "." free, "=" tail, and for the head of an
    # object a letter for its type (F float, T tuple, L list, D dict, S str/bytes, A bytearray/array,
    # B function, M module, h anything else: closures, bound methods, instances, iterators...).
    import micropython

    print("@@" + tag)
    micropython.mem_info(1)
    print("@@end")


def alloc(path, warm, n, core_spec=DEFAULT_CORE):
    """Heap block maps around n samples fed after `warm` warm-up samples, with the collector off."""
    _, core = load_core(core_spec)
    # Preload the measured samples first so reading them is not counted.
    ts = []
    i = 0
    for s in samples(path):
        if i < warm:
            core.feed(s[0], s[1], s[2], s[3], s[4], s[5], s[6])
        elif i < warm + n:
            ts.append(s)
        else:
            break
        i += 1
    n = len(ts)
    feed = core.feed
    gc.collect()
    gc.disable()
    _dump_heap("base")  # base -> before: what a dump itself allocates, subtracted by the reader
    a0 = gc.mem_alloc()
    _dump_heap("before")
    a1 = gc.mem_alloc()
    i = 0
    while i < n:
        s = ts[i]
        feed(s[0], s[1], s[2], s[3], s[4], s[5], s[6])
        i += 1
    a2 = gc.mem_alloc()
    _dump_heap("after")
    gc.enable()
    print(json.dumps({"alloc": {"n": n, "bytes": a2 - a1, "dump_bytes": a1 - a0}}))


class _Nop:
    def feed(self, t, ax, ay, az, gx, gy, gz):
        return 0


def _load_arrays(path):
    """(ticks, values) of a sample file as arrays: ticks "i", the six values per sample "f" (a 2-minute session
    fits a 1 MB heap; reading an element costs the same for every kind timed below, and the no-op loop
    subtracts it)."""
    import array

    ts = array.array("i")
    vs = array.array("f")
    for s in samples(path):
        ts.append(s[0])
        for k in range(1, 7):
            vs.append(s[k])
    return ts, vs


def _feed_all(feed, ts, vs):
    n = len(ts)
    i = 0
    while i < n:
        j = i * 6
        feed(ts[i], vs[j], vs[j + 1], vs[j + 2], vs[j + 3], vs[j + 4], vs[j + 5])
        i += 1


def _empty(m):
    # The reference loop for scaling to a board: an empty for-range loop in a function (locals only).
    for _ in range(m):
        pass


def _floats(m):
    # m float multiplications: one boxed float each on the unix port, none on CircuitPython ...
    a = 1.0001
    for _ in range(m):
        x = a * 1.5  # noqa: F841


def _ints(m):
    # ... and m small-int ones: the difference is the cost of boxing one float
    k = 3
    for _ in range(m):
        x = k * 5  # noqa: F841


KINDS = ("core", "nop", "empty", "floats", "ints")
# The reference loops run this many iterations per sample of the session: a pass's count is the count of a run
# of two passes less one of a run of one, and what the collector does while the session loads differs by a few
# hundred thousand instructions between runs (its scan of the C stack is conservative, and the addresses move): at
# 10 an iteration the empty loop's 32 M instructions per minute of session moved 1.4 % between two runs of the same
# tree (the board estimate 14.7 -> 15.1 %); at 200, 0.003 %; 100 keeps it under 0.1 % in half the time
LOOPS_PER_SAMPLE = 100


def run_kind(kind, ts, vs, core_spec=DEFAULT_CORE):
    """One pass of one kind of work over the session: the core (fresh), the no-op, or a reference loop."""
    if kind == "core":
        _feed_all(load_core(core_spec)[1].feed, ts, vs)
    elif kind == "nop":
        _feed_all(_Nop().feed, ts, vs)
    elif kind == "empty":
        _empty(len(ts) * LOOPS_PER_SAMPLE)
    elif kind == "floats":
        _floats(len(ts) * LOOPS_PER_SAMPLE)
    elif kind == "ints":
        _ints(len(ts) * LOOPS_PER_SAMPLE)
    else:
        raise ValueError("unknown kind " + kind)


def passes(path, kind, n, core_spec=DEFAULT_CORE):
    """Run one kind n times (for an instruction counter: the count of 2 passes minus 1 pass is one pass)."""
    ts, vs = _load_arrays(path)
    gc.collect()
    # No collection during the passes (their heap, bench_setup.PASS_HEAP, holds every float they box): the
    # board's core boxes no float and collects nothing per sample, and this port's collections cost more on one
    # heap layout than on another (the same core's count moved by 4 % with names alone)
    gc.disable()
    for _ in range(n):
        run_kind(kind, ts, vs, core_spec)
    gc.enable()
    print(json.dumps({"passes": {"kind": kind, "n": n, "samples": len(ts)}}))


def bench(path, rounds=5, core_spec=DEFAULT_CORE):
    """Wall time (us) of one pass of each kind, in interleaved rounds; the fastest of the rounds is kept
    (a shared machine only ever makes a pass slower)."""
    import time

    ts, vs = _load_arrays(path)
    best = {}
    for _ in range(rounds):
        for kind in KINDS:
            gc.collect()
            t0 = time.ticks_us()
            run_kind(kind, ts, vs, core_spec)
            us = time.ticks_diff(time.ticks_us(), t0)
            if us > 0 and (kind not in best or us < best[kind]):
                best[kind] = us
    print(json.dumps({"bench": {"n": len(ts), "loops_per_sample": LOOPS_PER_SAMPLE, "rounds": rounds, "us": best}}))


def imports(names):
    for name in names:
        try:
            __import__(name)
            print(json.dumps({"import": name, "ok": True}))
        except Exception as e:  # report every failure, not only ImportError (a SyntaxError is the point)
            print(json.dumps({"import": name, "ok": False, "error": type(e).__name__ + ": " + str(e)}))


def main(args):
    mode = args[0]
    if mode in ("reps", "quiet"):
        side = args[2] if len(args) > 2 and args[2] != "-" else None
        spec = args[3] if len(args) > 3 else DEFAULT_CORE
        run(args[1], side, spec, print, mode == "reps")
    elif mode == "alloc":
        alloc(args[1], int(args[2]), int(args[3]), args[4] if len(args) > 4 else DEFAULT_CORE)
    elif mode == "bench":
        bench(args[1], int(args[2]) if len(args) > 2 else 5, args[3] if len(args) > 3 else DEFAULT_CORE)
    elif mode == "passes":
        passes(args[1], args[2], int(args[3]), args[4] if len(args) > 4 else DEFAULT_CORE)
    elif mode == "imports":
        imports(args[1:])
    else:
        raise ValueError("unknown mode " + mode)


if __name__ == "__main__":
    main(sys.argv[1:])
