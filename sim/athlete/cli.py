"""`python -m sim athlete`: a virtual athlete's set as a recording CSV with its truth, and generation speed."""

import json
import os
import random
import sys

from sim.athlete.script import ScriptError, load_script, spec_to_json
from sim.athlete.spec import random_set
from sim.cli import OneLineParser


def write_csv(session, out):
    """The recording CSV: header, `# spec:` and one `# truth:` comment line per rep, then samples."""
    out.write("# bandlift athlete recording\n")
    out.write("# spec: %s\n" % json.dumps(spec_to_json(session.spec), sort_keys=True))
    for d in session.truth:
        out.write("# truth: %s\n" % json.dumps(d, sort_keys=True))
    out.write("t_ms,ax,ay,az,gx,gy,gz\n")
    for s in session.samples:
        out.write("%d,%.7g,%.7g,%.7g,%.7g,%.7g,%.7g\n" % s)


def bench(n_sets=50):
    """Print how fast sets generate (CPU seconds of this process; figures, not a test)."""
    import time

    from sim.athlete import generate

    for rate in (104, 208):
        spec = random_set(random.Random(1), faulty=True, n_reps=30)
        spec.rate_hz = rate
        t = time.process_time()
        s = generate(spec)
        dt = time.process_time() - t
        print("30-rep set at %d Hz: %d samples, %.0f s of motion, generated in %.2f s CPU (%.1f us/sample)" % (
            rate, len(s.samples), s.motion.end_ms / 1000.0, dt, 1e6 * dt / len(s.samples)))
    t = time.process_time()
    n = 0
    for seed in range(n_sets):
        n += len(generate(random_set(random.Random(seed), faulty=seed % 2 == 1)).samples)
    dt = time.process_time() - t
    print("%d random sets (seeds 0..%d): %d samples in %.1f s CPU, %.2f s per set" % (n_sets, n_sets - 1, n, dt,
                                                                                   dt / n_sets))


def main(argv):
    ap = OneLineParser(prog="python -m sim athlete", description="Generate a virtual athlete's set "
                                 "as a recording CSV with its ground truth in # comment lines.")
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--script", help="athlete script (JSON), e.g. sim/scripts/clean8.json")
    src.add_argument("--seed", type=int, default=0, help="draw a random set from this seed (default 0)")
    ap.add_argument("--faulty", action="store_true", help="with --seed: about a third of the reps faulty")
    ap.add_argument("--reps", type=int, default=None, help="with --seed: number of reps")
    ap.add_argument("--out", help="CSV to write ('-' for stdout)")
    ap.add_argument("--bench", action="store_true", help="print generation speed figures and exit")
    a = ap.parse_args(argv)
    if a.bench:
        bench()
        return 0
    if not a.out:
        ap.error("--out is required")
    if a.script and (a.faulty or a.reps is not None):  # taken silently before: the script's own reps played
        print("athlete: --faulty and --reps go with --seed (a script lists its own reps)", file=sys.stderr)
        return 2
    if a.script and a.out != "-" and os.path.exists(a.out) and os.path.exists(a.script) and \
            os.path.samefile(a.out, a.script):  # the recording was written over the script it came from
        print("athlete: --out %s: is the script being read: write to another file (nothing was changed)" % a.out,
              file=sys.stderr)
        return 2
    if a.reps is not None and not 1 <= a.reps <= 100:  # one set; a long session is many sets
        print("athlete: --reps must be 1 to 100, not %d" % a.reps, file=sys.stderr)
        return 2
    from sim.athlete import generate

    try:
        spec = load_script(a.script) if a.script else random_set(random.Random(a.seed), a.faulty, a.reps)
        session = generate(spec)
    except (ScriptError, ValueError) as e:
        print("athlete: %s%s" % ("" if not a.script or a.script in str(e) else a.script + ": ", e), file=sys.stderr)
        return 2
    try:
        if a.out == "-":
            write_csv(session, sys.stdout)
        else:
            with open(a.out, "w") as f:
                write_csv(session, f)
    except OSError as e:
        print("athlete: %s: cannot write (%s)" % (a.out, e.strerror or e), file=sys.stderr)
        return 2
    faults = sum(len(d["faults"]) > 0 for d in session.truth)
    print("%d reps (%d faulty), %d samples over %.1f s -> %s" % (
        len(session.truth), faults, len(session.samples), session.motion.end_ms / 1000.0, a.out), file=sys.stderr)
    return 0
