"""`python -m sim.device.bench_speed [--minutes 10] [--display 128x32|128x64] [--blinka-draw]`: how fast the twin
runs.

A benchmark, not a test: code.py plays headless in the twin for the given virtual minutes, with the OLED
rendered (the SSD1306 model's glass grabbed every 50 ms of virtual time, as `python -m sim run` does).
The athlete does a rep every 7 s (sim.twin.motion.SineReps) and presses B every 10 s, so the game keeps
playing set after set (B starts a set, dismisses a grade, ends a finished set, replays from the summary).

Prints the simulated seconds per wall second and per CPU second of this process (the figure to compare on a
machine shared with other work; the aim: >= 100), the device's sample interval p50/p99 and the display bus
bytes/s of the session. --blinka-draw draws with Blinka's own per-pixel loops instead of the twin's numpy
ones (sim/twin/device/fastdraw.py): the same frames, for a paired measure of what that path saves.
"""

import argparse
import sys
import time

PRESS_EVERY_MS = 10_000
FIRST_PRESS_MS = 4_000  # the level list is up by then (see sim.twin.session.DEFAULT_BUTTONS)


def buttons_for(seconds):
    return [(t, "B", False) for t in range(FIRST_PRESS_MS, int(seconds * 1000), PRESS_EVERY_MS)]


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sim.device.bench_speed", description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=10.0, help="virtual minutes to run (default 10)")
    ap.add_argument("--display", default="128x32", choices=("128x32", "128x64"))
    ap.add_argument("--blinka-draw", action="store_true", help="Blinka's per-pixel drawing (no numpy fast path)")
    args = ap.parse_args(argv)

    from sim.twin.motion import SineReps
    from sim.twin.session import run_session

    seconds = args.minutes * 60.0
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    r = run_session(SineReps(), display=args.display, buttons=buttons_for(seconds), seconds=seconds,
                    motion_delay_s=0, on_board=lambda b: setattr(b, "fast_draw", not args.blinka_draw))
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    if r.error:
        print("the device program stopped:\n" + r.error, file=sys.stderr)
        return 1
    t = r.timing()
    speed = t["virtual_s"] / wall if wall > 0 else float("inf")
    print("twin speed: %.1f simulated s per wall s, %.1f per CPU s (%.0f s virtual in %.1f s wall, %.1f s CPU; "
          "aim >= 100)" % (speed, t["virtual_s"] / cpu if cpu > 0 else float("inf"), t["virtual_s"], wall, cpu))
    print("sample interval: p50 %s ms, p99 %s ms, max %s ms; %d samples read, %d missed"
          % (t["sample_interval_ms_p50"], t["sample_interval_ms_p99"], t["sample_interval_ms_max"],
             t["samples_read"], t["samples_missed"]))
    print("display bus: %.0f bytes/s (%.2f %% busy), %d frames kept; reps %d"
          % (t["display_bus_bytes_per_s"], t["display_bus_busy_pct"], t["frames"], len(r.reps())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
