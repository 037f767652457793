"""`python -m sim run [--script FILE | --recording FILE | --keyboard] [--headless] [--display 128x32|128x64]
[--minutes M] [--out DIR] [--press T:BTN[:long],...] [--reload-at MS,...] [--reset-at MS[:BUTTONS],...]
[--save-mode] [--levels DIR] [--board nrf52840|rp2040|esp32s3] [--lib-py]`: boot.py and code.py in the twin.

--reload-at: soft reloads (a file saved from the computer, Ctrl-D): code.py starts again, displays keep their
bus and pins. --reset-at 20000:A: a press of RESET with button A held (boot.py runs again; SWITCH or BUTTON
name the board's own button). --save-mode: A held at power-up. --levels: play a designer's own levels folder.
session.json has one entry per start of code.py in "runs" (rep_count, graded, errors) and what /levels gave
in "levels" ({"loaded", "skipped": [[file, reason]]}); each of its "reps" has the device's ticks (start_ms,
end_ms: they wrap) and start_s / end_s, seconds since power-up. "graded" counts the reps the game graded in a
set; the core also reports reps made on the menus after a set, which count for nothing.

No arguments: a window when there is a screen, else headless: the default level with a scripted athlete,
writing OUT/oled.gif, OUT/oled_strip.png and OUT/session.json.
Window keys (--keyboard): hold UP or SPACE to raise the leg, DOWN to lower it at the chosen pace, neither to
hold it still; 1-6 set the lowering time in seconds (3 by default), X lets go (the band snaps the leg down).
A / S / D are buttons A / B / C (hold >= 600 ms for a long press), ESC quits.
"""

import json
import os
import sys
import time

from sim import ROOT
from sim.cli import OneLineParser

SCALE = 5
_real_sleep = time.sleep  # bound now: inside a session time.sleep is the device's virtual sleep
KEYMAP_BUTTONS = ("a", "s", "d")
BUTTONS = ("A", "B", "C")
MAX_MINUTES = 24 * 60  # a day of virtual time; longer runs are a typo (and would fill the disk with frames)


def parse_press(text):
    """"4000:B,9000:A:long" -> [(4000, "B", False), (9000, "A", True)]. ValueError naming the item for
    anything else (a button other than A/B/C, a third part other than "long", a time that is not whole ms)."""
    out = []
    for item in filter(None, (text or "").split(",")):
        parts = item.strip().split(":")
        if len(parts) not in (2, 3) or not parts[0].strip().isdigit():
            raise ValueError("%r: expected T_MS:BUTTON[:long]" % item)
        button = parts[1].strip().upper()
        if button not in BUTTONS:
            raise ValueError("%r: the buttons are A, B and C" % item)
        if len(parts) == 3 and parts[2].strip().lower() != "long":
            raise ValueError("%r: the third part can only be long" % item)
        out.append((int(parts[0]), button, len(parts) == 3))
    return out


def check_minutes(m):
    """None when m virtual minutes can run, else the reason (inf, nan, 0 or below, over a day)."""
    if not m == m or m in (float("inf"), float("-inf")):
        return "--minutes %s: give a number of minutes, e.g. --minutes 2" % m
    if m <= 0 or m > MAX_MINUTES:
        return "--minutes %g: must be above 0 and at most %d (a day)" % (m, MAX_MINUTES)
    return None


def check_out(path):
    """None when path can be the output folder (it is one, or can be made), else the reason: said before the
    run, not in a traceback after it."""
    if os.path.exists(path) and not os.path.isdir(path):
        return "--out %s: is a file; the outputs (oled.gif, oled_strip.png, session.json) need a folder" % path
    up = os.path.abspath(path)
    while not os.path.exists(up):  # the folder is made after the run: its nearest existing parent decides
        up = os.path.dirname(up)
    if not os.path.isdir(up):
        return "--out %s: cannot be made: %s is a file" % (path, up)
    if not os.access(up, os.W_OK):
        return "--out %s: cannot write in %s (permission denied)" % (path, up)
    return None


def have_screen():
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return False
    try:
        import pygame

        pygame.display.init()
        ok = pygame.display.get_init()
        pygame.display.quit()
        return ok
    except Exception:
        return False


class Window:
    """The OLED enlarged in a pygame window, paced to real time, keys for the leg and the buttons."""

    def __init__(self, leg=None):
        self.leg = leg
        self.screen = None
        self.quit = False
        self.wall0 = None

    def attach(self, board):
        import pygame

        pygame.init()
        w, h = board.oled.width if board.oled else 128, board.oled.height if board.oled else 32
        self.screen = pygame.display.set_mode((w * SCALE, h * SCALE + 24))
        pygame.display.set_caption("BandLift twin (UP/SPACE raise, DOWN lower, 1-6 lowering s, X drop, "
                                   "A/S/D buttons, ESC quit)")
        self.font = pygame.font.Font(None, 20)
        self.board = board
        board.clock.every(20_000, self.frame)

    def frame(self, now_us):
        import pygame
        from sim.twin.device.clock import SessionEnd

        b = self.board
        if self.wall0 is None:
            self.wall0 = time.perf_counter() - now_us / 1e6
        ahead = now_us / 1e6 - (time.perf_counter() - self.wall0)
        if ahead > 0:
            _real_sleep(ahead)  # pace the virtual clock to the wall clock
        for ev in pygame.event.get():
            if ev.type == pygame.QUIT or (ev.type == pygame.KEYDOWN and ev.key == pygame.K_ESCAPE):
                raise SessionEnd()
            if ev.type in (pygame.KEYDOWN, pygame.KEYUP):
                down = ev.type == pygame.KEYDOWN
                name = pygame.key.name(ev.key)
                if name in KEYMAP_BUTTONS:
                    b.live[KEYMAP_BUTTONS.index(name)] = down
                elif self.leg is not None:
                    self.leg.key(name, down)
        self.screen.fill((20, 20, 30))
        if b.oled is not None:
            img = b.oled.image(SCALE, on=(160, 220, 255), off=(0, 0, 0))
            surf = pygame.image.fromstring(img.tobytes(), img.size, "RGB")
            self.screen.blit(surf, (0, 0))
        line = b.serial[-1][1] if b.serial else ""
        if self.leg is not None:
            line = self.leg.status() + "   " + line
        txt = self.font.render(line[:90], True, (200, 200, 200))
        self.screen.blit(txt, (4, self.screen.get_height() - 20))
        pygame.display.flip()


def _check_recording(path):
    """(seconds, None) for a recording that plays, or (0, one-line reason): the file is read once,
    streamed, so a bad line is said before the twin starts."""
    from sim.analysis.recording import RecordingError, open_recording

    try:
        reader = open_recording(path)
        for _ in reader:
            pass
    except RecordingError as e:
        return 0, str(e)
    if reader.samples == 0:
        return 0, "%s: no samples after the header: nothing to play" % path
    for w in reader.warnings():
        print("run: %s: %s x%d" % (path, w["text"], w["count"]), file=sys.stderr)
    return reader.elapsed_ms / 1000.0, None


def main(argv):
    ap = OneLineParser(prog="python -m sim run", description=__doc__.split("\n\n")[0])
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--script", help="JSON athlete script (sim/athlete/script.py)")
    src.add_argument("--recording", help="recording (the device's .bin or a CSV) replayed through the virtual IMU")
    src.add_argument("--keyboard", action="store_true", help="drive the leg live from the keyboard (window)")
    ap.add_argument("--headless", action="store_true", help="no window even if there is a screen")
    ap.add_argument("--display", default="128x32", choices=("128x32", "128x64", "none"))
    ap.add_argument("--minutes", type=float, default=None,
                    help="virtual minutes (default: the whole --recording, else 1 headless)")
    ap.add_argument("--out", default=os.path.join(ROOT, "out"), help="output folder (headless)")
    ap.add_argument("--press", default=None, help="button schedule, e.g. 4000:B,9000:A:long (ms after boot)")
    ap.add_argument("--chip", default="LSM6DS33", help="LSM6DS33, LSM6DS3TRC, LSM6DSOX, ISM330DHCX or none")
    ap.add_argument("--echo", action="store_true", help="print the device's serial output as it runs")
    ap.add_argument("--reload-at", default="", help="soft reloads at these ms, e.g. 20000,40000")
    ap.add_argument("--reset-at", default="", help="hard resets, e.g. 20000:A (A held) or 30000")
    ap.add_argument("--save-mode", action="store_true", help="button A held at power-up (boot.py: save mode)")
    ap.add_argument("--levels", default=None, help="a levels folder to play instead of the repo's levels/")
    ap.add_argument("--board", default="nrf52840", choices=("nrf52840", "rp2040", "esp32s3"))
    ap.add_argument("--lib-py", action="store_true", help="lib/bandlift as .py (compiled at import) instead of .mpy")
    args = ap.parse_args(argv)
    from sim.twin.session import parse_resets

    try:
        reloads = [int(x) for x in filter(None, args.reload_at.split(","))]
        resets = parse_resets(args.reset_at)
    except ValueError as e:
        why = str(e) if "RESET" in str(e) else "ms as whole numbers"
        print("run: --reload-at / --reset-at: %s (e.g. --reset-at 20000:A)" % why, file=sys.stderr)
        return 2
    why = (check_minutes(args.minutes) if args.minutes is not None else None) or \
        (check_out(args.out) if args.headless or not have_screen() else None)
    if why:
        print("run: " + why, file=sys.stderr)
        return 2
    if args.levels is not None and not os.path.isdir(args.levels):
        print("run: --levels %s: %s" % (args.levels, "is a file, not a folder of levels"
                                        if os.path.exists(args.levels) else "no such folder"), file=sys.stderr)
        return 2
    if args.script is not None and not args.script.lower().endswith(".json"):
        print("run: --script %s: an athlete script is a .json file (a recording plays with --recording)"
              % args.script, file=sys.stderr)
        return 2

    from sim.twin.session import run_session

    headless = args.headless or not have_screen()
    if args.keyboard and headless:
        print("--keyboard needs a window (a screen and pygame)", file=sys.stderr)
        return 2
    source = args.script or args.recording
    motion_delay = 4.5
    leg = None
    if args.keyboard:
        from sim.twin.motion import KeyboardLeg

        source = leg = KeyboardLeg()
        motion_delay = 0
    elif args.recording:
        motion_delay = 0
        seconds, why = _check_recording(args.recording)
        if why:
            print("run: " + why, file=sys.stderr)
            return 2
        if args.minutes is None:  # the whole recording, and a few seconds for the last rep to end
            args.minutes = (seconds + 3.0) / 60.0
            print("playing the whole recording: %.1f s (--minutes cuts it)" % seconds)
    try:
        buttons = parse_press(args.press) if args.press else None
    except ValueError as e:
        print("run: --press %s (e.g. --press 4000:B,9000:A:long)" % e, file=sys.stderr)
        return 2
    if args.keyboard and buttons is None:
        buttons = []
    minutes = args.minutes if args.minutes is not None else (1.0 if headless else 60.0)
    window = None if headless else Window(leg)
    try:
        result = run_session(
            source, display=None if args.display == "none" else args.display, buttons=buttons,
            seconds=minutes * 60.0, imu_chip=None if args.chip == "none" else args.chip,
            motion_delay_s=motion_delay, echo=sys.stdout if args.echo else None,
            on_board=window.attach if window else None, reload_at=reloads, reset_at=resets,
            boot_buttons="A" if args.save_mode else (), kind=args.board, levels_dir=args.levels,
            lib_mpy=not args.lib_py,
        )
    except (OSError, ValueError) as e:  # a script or recording that cannot be played (names its file)
        print("run: %s" % (e if args.script is None or args.script in str(e) else "%s: %s" % (args.script, e)),
              file=sys.stderr)
        return 2
    rep = result.report()
    if headless:
        result.write_outputs(args.out)
        print("wrote %s/oled.gif, oled_strip.png, session.json" % args.out)
    t = rep["timing"]
    between = rep["rep_count"] - rep["graded"]
    print("reps %d%s  scores %s" % (rep["rep_count"], " (%d graded in a set, %d between sets: not counted)"
                                    % (rep["graded"], between) if between else "", rep["scores"]))
    for run in rep["runs"]:
        print("run at %d ms (%s%s): %d reps, %d graded%s" % (run["start_ms"], run["kind"],
                                                 ", bootloader" if run.get("bootloader") else "", run["rep_count"],
                                                 run["graded"],
                                                 ("; errors: " + "; ".join(run["errors"])) if run["errors"] else ""))
    if rep["levels"] is not None:
        print("levels: %d loaded, %d skipped" % (rep["levels"]["loaded"], len(rep["levels"]["skipped"])))
    print("virtual %.1f s in %.1f s wall (%.1fx), %.1f s CPU (%.1fx); sample interval p50 %s ms p99 %s ms; "
          "display bus %.0f B/s; IMU bus %.0f us/sample" % (t["virtual_s"], t["wall_s"], t["sim_s_per_wall_s"] or 0,
                                     t["cpu_s"], t["sim_s_per_cpu_s"] or 0,
                                     t["sample_interval_ms_p50"], t["sample_interval_ms_p99"],
                                     t["display_bus_bytes_per_s"], t["imu_bus_us_per_sample"]))
    if result.error:
        print("the device program stopped:\n" + result.error, file=sys.stderr)
        return 1
    return 0
