"""`python -m sim.device.bench_repend`: what a finished rep costs the board at once (the flank fits).

The motion core's per-sample cost is `python -m sim bench`'s; a rep's end adds the flank fits
(lib/bandlift/motion/flank.py: one for the raise, one for the lowering, each up to 3 rounds). This times one
fit of a 3 s lowering under sway in MicroPython against an empty loop in the same run, and carries the ratio
to the boards the way bench does (empty-loop rates, docs/performance.md). Prints the figures; no budget: the
loop's sample interval and the twin's missed samples are bench's business.
"""

import json
import os
import sys

from sim.device import mpy
from sim.device.bench_setup import COST_HEAP, NRF52840_LOOPS_PER_S, SAMD51_LOOPS_PER_S

SCRIPT = os.path.join(mpy.SCRIPTS, "repend.py")


def measure(rounds=30):
    out = json.loads(mpy.run_micropython([SCRIPT, str(rounds)], heap="2m").strip().splitlines()[-1])
    loops = out["fit_us"] / (out["loop_us_per_2000"] / 2000.0)
    return {"fit_us_unix": out["fit_us"], "fit_in_empty_loops": round(loops),
            "fit_ms_nrf52840": round(1000.0 * loops / NRF52840_LOOPS_PER_S, 1),
            "fit_ms_samd51": round(1000.0 * loops / SAMD51_LOOPS_PER_S, 1)}


def measure_counted(per_iter, cmd=None):
    """The same fit counted in host instructions (valgrind): a run of two rounds minus a run of one is one fit
    and one 2000-iteration reference loop; the loop (per_iter instructions an iteration, measured by the bench
    in the same run) is taken out. None where valgrind is missing."""
    cmd = cmd or mpy.valgrind_command()
    if cmd is None:
        return None
    out = {"counted_in": "instructions"}
    for kind in ("lower", "raise"):
        one = mpy.count_instructions(cmd, COST_HEAP, [SCRIPT, "1", kind])
        two = mpy.count_instructions(cmd, COST_HEAP, [SCRIPT, "2", kind])
        fit = (two - one) - 2000 * per_iter
        loops = fit / per_iter
        tag = "" if kind == "lower" else "_raise"
        out["fit_instructions" + tag] = int(fit)
        out["fit_in_empty_loops" + tag] = round(loops)
        out["fit_ms_nrf52840" + tag] = round(1000.0 * loops / NRF52840_LOOPS_PER_S, 1)
        out["fit_ms_samd51" + tag] = round(1000.0 * loops / SAMD51_LOOPS_PER_S, 1)
    out["rep_end_ms_nrf52840"] = round(out["fit_ms_nrf52840"] + out["fit_ms_nrf52840_raise"], 1)
    return out


def main(argv=None):
    r = measure()
    print("one flank fit (3 s lowering under sway): %d us in MicroPython = %d empty loop iterations"
          % (r["fit_us_unix"], r["fit_in_empty_loops"]))
    print("  on an nRF52840 ~%.1f ms, on a SAMD51 ~%.1f ms; a rep's end runs two (raise, lowering)"
          % (r["fit_ms_nrf52840"], r["fit_ms_samd51"]))
    if argv and "--json" in argv:
        print(json.dumps(r))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
