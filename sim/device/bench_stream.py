"""Peak memory of the streaming recording reader: `python -m sim.device.bench_stream [--mb 15,60] [--keep]`.

Writes recordings of the given sizes (a virtual athlete's 12-rep set repeated with ticks running on, and
wrapping at 2**29 like the device's), then runs `python -m sim analyze FILE --json` on each in its own
process and prints the file size, samples, wall time and the child's peak RSS (ru_maxrss). A tiny file gives
the baseline (the interpreter and its imports). The target (issue 12): <= 150 MB peak for a 60 MB recording,
and flat from there. `--run` also measures `python -m sim run --recording FILE --minutes 1 --headless`, which
reads the whole file once to check it and then streams it into the twin; `--plot` measures `analyze --plot`,
which keeps a compact trace (13 bytes a sample) for the drawing.
A benchmark, not a test: the machine is shared, so the figures are printed, never asserted.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time

from sim import ROOT
from bandlift.compat import TICKS_PERIOD


def write_big(path, mb, seed=5):
    """A recording of at least `mb` MB; returns its sample count."""
    from sim import athlete

    session = athlete.generate(athlete.random_set(random.Random(seed), True, 12))
    base = session.samples
    span = (base[-1][0] - base[0][0]) + 10
    n = 0
    k = 0
    target = mb * 1_000_000
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# bench_stream: repeated virtual athlete sets\nt_ms,ax,ay,az,gx,gy,gz\n")
        while f.tell() < target:
            off = k * span
            f.writelines("%d,%.4f,%.4f,%.4f,%.5f,%.5f,%.5f\n" % (((s[0] + off) % TICKS_PERIOD,) + tuple(s[1:7]))
                         for s in base)
            n += len(base)
            k += 1
    return n


def peak_rss(argv):
    """(exit code, wall s, peak RSS in MB) of a child process."""
    t = time.perf_counter()
    p = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode("utf-8", "replace").strip()
    p.stderr.close()
    if p.returncode:
        print("  (exit %d: %s)" % (p.returncode, err.splitlines()[-1] if err else ""))
    return p.returncode, time.perf_counter() - t, usage.ru_maxrss / 1024.0


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sim.device.bench_stream", description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", default="15,60", help="recording sizes in MB, comma-separated (default 15,60)")
    ap.add_argument("--run", action="store_true", help="also measure run --recording (1 virtual minute)")
    ap.add_argument("--plot", action="store_true", help="also measure analyze --plot (a compact per-sample trace)")
    ap.add_argument("--keep", action="store_true", help="keep the generated files (printed)")
    a = ap.parse_args(argv)
    sizes = [float(x) for x in a.mb.split(",") if x.strip()]
    folder = tempfile.mkdtemp(prefix="bandlift-bench-")
    py = sys.executable
    print("%-10s %10s %10s %9s %12s" % ("command", "file MB", "samples", "wall s", "peak RSS MB"))
    tiny = os.path.join(folder, "tiny.csv")
    n = write_big(tiny, 0.001)
    code, wall, rss = peak_rss([py, "-m", "sim", "analyze", tiny, "--json"])
    print("%-10s %10.3f %10d %9.1f %12.1f" % ("analyze", os.path.getsize(tiny) / 1e6, n, wall, rss))
    for mb in sizes:
        path = os.path.join(folder, "rec-%gMB.csv" % mb)
        n = write_big(path, mb)
        size = os.path.getsize(path) / 1e6
        code, wall, rss = peak_rss([py, "-m", "sim", "analyze", path, "--json"])
        print("%-10s %10.1f %10d %9.1f %12.1f" % ("analyze", size, n, wall, rss))
        if a.plot:
            code, wall, rss = peak_rss([py, "-m", "sim", "analyze", path, "--plot", os.path.join(folder, "p.png")])
            print("%-10s %10.1f %10d %9.1f %12.1f" % ("--plot", size, n, wall, rss))
        if a.run:
            code, wall, rss = peak_rss([py, "-m", "sim", "run", "--recording", path, "--minutes", "1", "--headless",
                                        "--display", "none", "--out", os.path.join(folder, "out")])
            print("%-10s %10.1f %10d %9.1f %12.1f" % ("run", size, n, wall, rss))
        if not a.keep:
            os.remove(path)
    if a.keep:
        print("files in", folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
