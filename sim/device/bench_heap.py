"""The heap side of `python -m sim bench`: what a sample allocates (MicroPython's heap map before and after a
run of samples) and the smallest heap the capped session driver runs in."""

import json

from sim.device import mpy

UNIX_BENCH_HEAP = "32m"
TYPE_NAMES = {"F": "float", "T": "tuple", "L": "list", "D": "dict", "S": "str/bytes", "A": "array/bytearray",
              "B": "function", "M": "module", "Q": "qstr pool", "h": "other object"}

BLOCK_BYTES = 32  # a GC block on the 64-bit unix port: 4 machine words


def parse_block_map(text):
    """{block index: type char} of the used blocks in one micropython.mem_info(1) dump. Each row is
    "OFFSET: chars", OFFSET in bytes (hex) from the heap start; rows of free blocks are left out."""
    cells = {}
    for line in text.splitlines():
        line = line.rstrip()
        if len(line) > 10 and line[8:10] == ": " and all(c in "0123456789abcdef" for c in line[:8]):
            base = int(line[:8], 16) // BLOCK_BYTES
            for i, c in enumerate(line[10:]):
                if c != ".":
                    cells[base + i] = c
    return cells


def new_objects(before, after):
    """{type char: count} of object heads in `after` at blocks that were free in `before`."""
    counts = {}
    for i, c in after.items():
        if c != "=" and i not in before:
            counts[c] = counts.get(c, 0) + 1
    return counts


def boxed_floats(out):
    """Floats boxed between the "@@before" and "@@after" heap maps of one MicroPython run's output."""
    maps = [parse_block_map(out.split("@@" + tag, 1)[1].split("@@end", 1)[0]) for tag in ("before", "after")]
    return new_objects(maps[0], maps[1]).get("F", 0)


def measure_alloc(path, warm, n):
    out = mpy.run_micropython([mpy.FEED, "alloc", path, str(warm), str(n)], heap=UNIX_BENCH_HEAP)
    base = out.split("@@base", 1)[1].split("@@end", 1)[0]
    before = out.split("@@before", 1)[1].split("@@end", 1)[0]
    after = out.split("@@after", 1)[1].split("@@end", 1)[0]
    summary = json.loads([ln for ln in out.splitlines() if ln.startswith('{"alloc"')][-1])["alloc"]
    b = parse_block_map(before)
    counts = new_objects(b, parse_block_map(after))
    for k, v in new_objects(parse_block_map(base), b).items():  # the dump's own allocations
        counts[k] = counts.get(k, 0) - v
        if counts[k] <= 0:
            del counts[k]
    return summary, counts


def min_heap_kb(samples, lo=32, hi=256, step=8):
    """The smallest MicroPython heap (kB, to `step`) the capped session driver runs the samples in."""
    if not _fits(samples, hi):
        return None
    while hi - lo > step:
        mid = (lo + hi) // 2 // step * step
        if _fits(samples, mid):
            hi = mid
        else:
            lo = mid
    return hi


def _fits(samples, kb):
    try:
        mpy.capped_session(samples, heap="%dk" % kb)
        return True
    except mpy.MpyError:
        return False
