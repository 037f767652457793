"""One twin session: build the virtual board, run code.py on it, collect what the glass and the buses did (the
outputs and their files: sim/twin/outputs.py).

    result = run_session(script_or_spec, display="128x32", buttons=[(t_ms, btn, long)], seconds=60)

script_or_spec: a path to a JSON athlete script (sim/athlete/script.py; an extra "buttons" list of
[t_ms, "A"|"B"|"C"|0-2, long] is read from it too), a sim.athlete SetSpec, a recording path (.bin/.csv/.txt), or
any object with imu(t_s) (a motion source). The athlete starts `motion_delay_s` after boot, standing still
until then, so the level can be started first.
"""

import json
import os
import shutil
import tempfile
import time as _time

from sim import ROOT
from sim.twin.device.board import VirtualBoard
from sim.twin.device.clock import CostModel
from sim.twin.device.power import run_board
from sim.twin.motion import Delayed
from sim.twin.outputs import FrameGrabber, SessionResult

CODE_PY = os.path.join(ROOT, "code.py")
BOOT_PY = os.path.join(ROOT, "boot.py")
PIN_OF = {"A": "D9", "B": "D6", "C": "D5"}
FRAME_PERIOD_US = 10_000  # look at the glass every 10 ms of virtual time (a frame is kept when it changed):
# sim/twin/shown.py times what the player saw from these frames
BUTTON_NAMES = {"A": 0, "B": 1, "C": 2}
DEFAULT_BUTTONS = [(4000, 1, False), (4300, 1, False)]  # B on the level list, B again: the leg shown (first level)
DEFAULT_MOTION_DELAY_S = 4.5


def _button(b):
    if isinstance(b, str) and b.strip().upper() in BUTTON_NAMES:
        return BUTTON_NAMES[b.strip().upper()]
    if type(b) is int and 0 <= b <= 2:
        return b
    return None


def parse_buttons(items):
    """[(t_ms, 0-2, long)] from [[t_ms, "A"|"B"|"C"|0-2, long], ...]; ValueError naming the first bad item (a
    script's "buttons" list is hand-written: a typo is one line, not a traceback)."""
    if not isinstance(items, (list, tuple)):
        raise ValueError("buttons: must be a list of [t_ms, button, long], e.g. [[4000, \"B\", false]]")
    out = []
    for item in items:
        ok = isinstance(item, (list, tuple)) and len(item) == 3
        t = item[0] if ok else None
        button = _button(item[1]) if ok else None
        if not ok or type(t) is not int or t < 0 or button is None or not isinstance(item[2], (bool, int)):
            raise ValueError("buttons: %s: each is [t_ms (a whole number, 0 or more), \"A\"|\"B\"|\"C\", long "
                             "(true/false)]" % (json.dumps(item)[:40],))
        out.append((t, button, bool(item[2])))
    return out


def motion_from(source):
    """(motion, buttons from the script or None, description)."""
    from sim.twin.motion import AthleteMotion, RecordingMotion

    if hasattr(source, "imu"):
        return source, None, type(source).__name__
    if isinstance(source, str):
        if source.lower().endswith(".json"):
            from sim.athlete.script import parse_script

            with open(source) as f:
                obj = json.load(f)
            buttons = obj.pop("buttons", None) if isinstance(obj, dict) else None  # parse_script names the rest
            spec = parse_script(obj, source)
            return AthleteMotion(spec), parse_buttons(buttons) if buttons is not None else None, source
        return RecordingMotion.from_file(source), None, source
    return AthleteMotion(source), None, "SetSpec(%d reps)" % len(getattr(source, "reps", []))


def default_spec():
    """The scripted athlete of the headless demo: six reps, a couple with typical faults."""
    from sim.athlete import RepSpec, SetSpec

    reps = []
    faults = [(), (), ("DROP",), (), ("NO_PAUSE",), ()]
    for i, f in enumerate(faults):
        lower = 500 if "DROP" in f else 3200
        pause = 60 if "NO_PAUSE" in f else 1000
        reps.append(RepSpec(raise_ms=1600, pause_ms=pause, lower_ms=lower, reset_ms=1500, peak_deg=42, faults=f))
    return SetSpec(reps=reps, seed=7)


def pins_held(names):
    """"A" / "B" / "C" -> the FeatherWing pin; other names (SWITCH, BUTTON) are board pins. A string may
    hold several names ("A+B")."""
    if isinstance(names, str):
        names = names.replace("+", " ").split()
    out = []
    for n in names or ():
        n = str(n).strip()
        if n:
            out.append(PIN_OF.get(n.upper(), n.upper()))
    return tuple(out)


RESET_HELD = ("A", "B", "C", "SWITCH", "BUTTON")  # what a hand can hold at RESET: the wing's and the board's


def parse_resets(text):
    """"20000:A,40000" -> [(20000, ("D9",)), (40000, ())]. ValueError naming a button no board has."""
    out = []
    for item in filter(None, (text or "").split(",")):
        ms, _, held = item.partition(":")
        for n in held.replace("+", " ").split():
            if n.upper() not in RESET_HELD:
                raise ValueError("%r: the buttons held at RESET are %s" % (item, ", ".join(RESET_HELD)))
        out.append((int(ms), pins_held(held)))
    return out


def make_board(source, display="128x32", buttons=None, settings=None, imu_chip="LSM6DS33", cost=None,
               motion_delay_s=DEFAULT_MOTION_DELAY_S, has_buttons=True, root=None, noise_seed=1, kind="nrf52840",
               oled_address=None, heap_bytes=None):
    motion, script_buttons, desc = motion_from(source if source is not None else default_spec())
    if motion_delay_s:
        motion = Delayed(motion, motion_delay_s)
    b = VirtualBoard(motion, display=display, imu_chip=imu_chip, buttons=has_buttons, settings=settings,
                     root=root, cost=cost or CostModel(), noise_seed=noise_seed, kind=kind,
                     oled_address=oled_address, heap_bytes=heap_bytes)
    if buttons is None:
        buttons = script_buttons if script_buttons is not None else DEFAULT_BUTTONS
    for t, btn, lp in parse_buttons(buttons):
        b.press(t, btn, lp)
    return b, desc


def prepare_root(root, levels_dir=None):
    """A CIRCUITPY folder: the repo's levels, or a designer's own folder (the device reads /levels)."""
    src = levels_dir or os.path.join(ROOT, "levels")
    dst = os.path.join(root, "levels")
    if os.path.isdir(src) and not os.path.exists(dst):
        shutil.copytree(src, dst)


def run_session(source=None, display="128x32", buttons=None, seconds=60.0, *, settings=None,
                imu_chip="LSM6DS33", cost=None, motion_delay_s=DEFAULT_MOTION_DELAY_S, has_buttons=True,
                root=None, echo=None, faults=(), on_board=None, noise_seed=1, reload_at=(), reset_at=(),
                boot_buttons=(), kind="nrf52840", levels_dir=None, oled_address=None, heap_bytes=None,
                lib_mpy=True, heap_fail_on=(), frames=True):
    """Run boot.py and code.py in the twin for `seconds` of virtual time and return a SessionResult.

    faults: (kind, start_s, end_s[, lose_config]) for the IMU ("nack", "stuck"), ("oled_nack", s, e) (the
    OLED does not answer), ("oled_power", s, e) (it loses power: dark and unconfigured when it is back) or
    ("bus_stuck", s, e) (every transfer times out after the board's I2C timeout).
    reload_at: ms of soft reloads; reset_at: (ms, held button names) of hard resets; boot_buttons: held at
    power-up ("A" for save mode). on_board(board): a hook to attach timers (the window draws and reads keys).
    """
    tmp = None
    if root is None:
        tmp = root = tempfile.mkdtemp(prefix="bandlift-twin-")
    try:
        prepare_root(root, levels_dir)
        board, desc = make_board(source, display, buttons, settings, imu_chip, cost, motion_delay_s,
                                 has_buttons, root, noise_seed, kind, oled_address, heap_bytes)
        board.lib_mpy = lib_mpy
        board.heap_fail_on = tuple(heap_fail_on)
        for f in faults:
            if f[0] in ("oled_nack", "oled_power"):
                _oled_fault(board, f[1], f[2], power=f[0] == "oled_power")
            elif f[0] == "bus_stuck":
                board.bus.add_stuck(f[1], f[2])
            elif board.imu is not None:
                board.imu.add_fault(f[0], f[1], f[2], bool(f[3]) if len(f) > 3 else False)
        charge_calls(board)
        grab = FrameGrabber(board)
        if frames:
            board.clock.every(FRAME_PERIOD_US, grab)
        if on_board is not None:
            on_board(board)
        t0 = _time.perf_counter()
        c0 = _time.process_time()
        resets = [(ms, pins_held(held)) for ms, held in reset_at]
        runs = run_board(board, CODE_PY, BOOT_PY, seconds, echo, reloads=reload_at, resets=resets,
                         held_at_power_up=pins_held(boot_buttons))
        wall = _time.perf_counter() - t0
        cpu = _time.process_time() - c0
        error = None
        for r in runs:
            error = r.get("error") or error
        return SessionResult(board, grab.frames, error, seconds, wall, desc, runs, cpu)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def charge_calls(board):
    """Charge the loop's kinds of work what the bench measured: each core.feed() (sample_us, plus rep_end_us when
    it finished a rep: the flank fits stall the loop), each game.tick() (tick_us, or tick_looked_us right after a
    game.look(): look_us), each recorded sample (record_us, a FIFO drain's at once) and each FIFO drain
    (drain_us); count the samples fed (board.fed). The device's loop publishes its parts in bandlift.app.LIVE; the
    twin wraps those calls once per start of code.py."""
    import sys

    looked = [None]  # the ms of the last game.look(): a tick at that same ms draws what the look found

    def check(now_us):
        live = getattr(sys.modules.get("bandlift.app"), "LIVE", None)
        if not live:
            return
        for key, name, kind in (("game", "tick", "tick_us"), ("game", "look", "look_us"),
                                ("recorder", "add_drain", "record_us"), ("core", "feed", "sample_us"),
                                ("imu", "drain", "drain_us")):
            obj = live.get(key)
            if obj is None or getattr(obj, "_twin_charged_" + name, False) or not hasattr(obj, name):
                continue
            if key == "recorder" and getattr(obj, "path", None) is None:
                continue  # the null recorder packs nothing
            if key == "core":
                wrapped = _feed_charged(board, obj.feed, live.get("ev_rep_done", 0))
                board.feed_counted = True
            elif key == "game":
                wrapped = _game_charged(board, getattr(obj, name), name, looked)
            elif key == "imu":  # a FIFO drain's own Python (its samples are charged as they are fed; without a
                # FIFO a drain is a data-ready poll, the loop pass's)
                def wrapped(now_ms, _orig=getattr(obj, name), _imu=obj):
                    if _imu.fifo:
                        board.clock.advance(board.cost.drain_us)
                    return _orig(now_ms)
            else:  # the recorder's add_drain(imu, n): record_us a sample
                def wrapped(imu, n, _orig=getattr(obj, name)):
                    board.clock.advance(board.cost.record_us * n)
                    return _orig(imu, n)

            setattr(obj, name, wrapped)
            setattr(obj, "_twin_charged_" + name, True)

    board.clock.every(2_000, check)  # within a sample period of the loop's start: every sample fed is counted


def _game_charged(board, call, name, looked):
    """game.look (look_us) or game.tick (tick_us; tick_looked_us right after a look at the same ms, whose feel
    update the tick does not repeat)."""
    def wrapped(now_ms):
        if name == "look":
            looked[0] = now_ms
            us = board.cost.look_us
        else:
            us = board.cost.tick_looked_us if looked[0] == now_ms else board.cost.tick_us
            looked[0] = None
        board.clock.advance(us)
        return call(now_ms)

    return wrapped


def _feed_charged(board, feed, ev_rep_done):
    def wrapped(*a):
        ev = feed(*a)
        board.fed += 1
        board.fed_ticks.append(a[0])
        us = board.cost.sample_us
        if ev & ev_rep_done:
            board.rep_ends += 1
            us += board.cost.rep_end_us
        board.clock.advance(us)
        return ev

    return wrapped


def _oled_fault(board, start_s, end_s, power=False):
    """The OLED stops answering from start_s to end_s; with power, it comes back dark and unconfigured."""
    oled = board.oled
    if oled is None:
        return
    s, e = int(start_s * 1e6), int(end_s * 1e6)

    def check(now_us):
        off = s <= now_us < e
        if power and off and not oled.nack:
            oled.power_on_reset()
            for i in range(len(oled.ram)):
                oled.ram[i] = 0
        oled.nack = off

    board.clock.every(1000, check)
