"""Does a change to lib/ still fit the board's heap? The three checks a device change must pass, in one command
(sim/device/heap_calibration.md says why each: near the budget a run's fate turns on the heap's layout, not on bytes):

1. the grid: the 10-minute session's smallest heap on a 32-bit CircuitPython build (the board's layout), lib as .mpy,
   bisected at 1 kB steps, against the .mpy budget (bench_report.HEAP_MAX_KB_MPY);
2. the capped run: a minute of generated sets through the core on the 64-bit port, lib as .py (compiled there),
   at several caps (the CI's is sim.device.mpy.CAPPED_HEAP): what tests/test_micropython.py runs;
3. a clone's heap tests: tests/test_device_heap.py and tests/test_micropython.py in copies of the tracked files (and
   this tree's lib/) at folders whose paths have different lengths (a path's length moves the 64-bit layout: the CI
   runs wherever the repository was cloned).

    python -m sim.device.heapcheck --micropython32 BIN --mpy-cross BIN [--caps 122k,128k] [--paths 21,66]
    python -m sim.device.heapcheck ... --skip-grid        (the two checks that need no 32-bit build)

A 32-bit build is made outside the repository (heap_calibration.md, "Building the 32-bit judge"). Each check prints
one line; the last line says PASS when all did. About 40 s with one cap and one path; a minute a path more.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLONE_TESTS = ("tests/test_device_heap.py", "tests/test_micropython.py")


def grid(micropython32, mpy_cross):
    """(heap_min bytes, board kB, within the budget) of the 10-minute session, lib as .mpy, 1 kB steps."""
    from sim.device import devsession
    from sim.device.bench_report import HEAP_MAX_KB_MPY

    with devsession.Drive("mpy", mpy_cross) as drive:
        heap, _runs, res = devsession.bisect(drive, 600, 64 * 1024, 512 * 1024, 1024, micropython=micropython32)
    kb = devsession.board_kb(res["free_at_start"], "mpy", devsession.word_bits(micropython32))
    return heap, kb, kb is not None and kb <= HEAP_MAX_KB_MPY


def capped(caps, minutes=1.0, seed=5):
    """{cap: "PASS" or the interpreter's last line} for the core's capped run at each cap."""
    from sim.device import mpy

    samples = mpy.long_session(minutes=minutes, seed=seed)
    out = {}
    for cap in caps:
        try:
            mpy.capped_session(samples, heap=cap)
            out[cap] = "PASS"
        except mpy.MpyError as e:
            out[cap] = str(e).strip().splitlines()[-1][:100]
    return out


def clone_copy(path_len):
    """A folder whose path is `path_len` characters long (or longer, where the temporary folder's own path is),
    holding the tracked files as they are in this tree and this tree's lib/, and a `shared` link beside it where
    this checkout has one. Returns (top, repo): remove top when done."""
    top = tempfile.mkdtemp(prefix="heapcheck-")
    pad = max(1, path_len - len(top) - 1)
    repo = os.path.join(top, "r" * pad)
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in files.decode().split("\0"):
        if rel and os.path.isfile(os.path.join(ROOT, rel)):
            os.makedirs(os.path.dirname(os.path.join(repo, rel)) or repo, exist_ok=True)
            shutil.copy2(os.path.join(ROOT, rel), os.path.join(repo, rel))
    shutil.rmtree(os.path.join(repo, "lib"), ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "lib"), os.path.join(repo, "lib"),
                    ignore=shutil.ignore_patterns("__pycache__"))
    shared = os.path.join(os.path.dirname(ROOT), "shared")
    if os.path.isdir(shared):
        os.symlink(shared, os.path.join(top, "shared"))
    return top, repo


def clone_tests(path_len):
    """pytest's last line for the clone's heap tests at a folder of about `path_len` characters."""
    top, repo = clone_copy(path_len)
    try:
        r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"] + list(CLONE_TESTS),
                           cwd=repo, capture_output=True, text=True, timeout=900)
        lines = r.stdout.strip().splitlines()
        return len(repo), r.returncode == 0, lines[-1] if lines else r.stderr[-200:]
    finally:
        shutil.rmtree(top, ignore_errors=True)


def main(argv=None):
    from sim.device.mpy import CAPPED_HEAP

    ap = argparse.ArgumentParser(prog="python -m sim.device.heapcheck", description=__doc__.split("\n\n")[0])
    ap.add_argument("--micropython32", help="a 32-bit CircuitPython unix build (the grid's judge)")
    ap.add_argument("--mpy-cross", help="its mpy-cross")
    ap.add_argument("--skip-grid", action="store_true", help="only the capped run and the clone's tests")
    ap.add_argument("--caps", default="126k,%s,130k" % CAPPED_HEAP, help="caps for the capped run, comma-separated")
    ap.add_argument("--paths", default="40", help="path lengths of the clone copies, comma-separated")
    args = ap.parse_args(argv)
    ok = True
    if not args.skip_grid:
        if not (args.micropython32 and args.mpy_cross):
            ap.error("the grid needs --micropython32 and --mpy-cross (or --skip-grid)")
        heap, kb, fits = grid(args.micropython32, args.mpy_cross)
        print("grid: %d B, %.1f kB on the board: %s" % (heap, kb, "PASS" if fits else "FAIL"), flush=True)
        ok = ok and fits
    caps = capped([c.strip() for c in args.caps.split(",") if c.strip()])
    print("capped run: " + ", ".join("%s %s" % (c, v) for c, v in caps.items()), flush=True)
    ok = ok and all(v == "PASS" for v in caps.values())
    for n in [int(p) for p in args.paths.split(",") if p.strip()]:
        length, passed, line = clone_tests(n)
        print("clone at a %d-character path: %s" % (length, line), flush=True)
        ok = ok and passed
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
