"""One twin session: build the virtual board, run code.py on it, collect what the glass and the buses did.

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
from sim.twin.device.clock import TICKS_MAX, CostModel
from sim.twin.device.sandbox import run_board

CODE_PY = os.path.join(ROOT, "code.py")
BOOT_PY = os.path.join(ROOT, "boot.py")
PIN_OF = {"A": "D9", "B": "D6", "C": "D5"}
FRAME_PERIOD_US = 10_000  # look at the glass every 10 ms of virtual time (a frame is kept when it changed):
# sim/twin/shown.py times what the player saw from these frames
BUTTON_NAMES = {"A": 0, "B": 1, "C": 2}
DEFAULT_BUTTONS = [(4000, 1, False), (4300, 1, False)]  # B on the level list, B again: the leg shown (first level)
DEFAULT_MOTION_DELAY_S = 4.5


class Delayed:
    """A motion source that stands still in its t=0 pose until delay_s, then plays. Still means no turn: the
    gyro reads 0 while the pose is held (a t=0 sample repeated would be a leg held in a pose while turning at
    its first rate, the athlete's sway included, which no sensor shows and a core can only take for bias)."""

    def __init__(self, motion, delay_s):
        self.motion = motion
        self.delay_s = delay_s
        self._held = None

    def imu(self, t):
        if t > self.delay_s:
            return self.motion.imu(t - self.delay_s)
        if self._held is None:
            self._held = tuple(self.motion.imu(0.0)[:3]) + (0.0, 0.0, 0.0)
        return self._held


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


_LEVEL = bytes([0, 255]) + bytes(254)  # glass 0/1 -> grey level


class Frame:
    __slots__ = ("t_ms", "w", "h", "pixels")

    def __init__(self, t_ms, w, h, pixels):
        self.t_ms = t_ms
        self.w = w
        self.h = h
        self.pixels = pixels  # bytes, w*h, 0/1 row-major

    def image(self, scale=1):
        from PIL import Image

        img = Image.frombytes("L", (self.w, self.h), self.pixels.translate(_LEVEL))
        if scale != 1:
            img = img.resize((self.w * scale, self.h * scale), Image.NEAREST)
        return img


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


class SessionResult:
    def __init__(self, board, frames, error, seconds, wall_s, source, runs=None, cpu_s=None):
        self.board = board
        self.runs_raw = runs or []
        self.frames = frames
        self.error = error  # traceback text if the device program crashed
        self.seconds = seconds
        self.wall_s = wall_s
        self.cpu_s = cpu_s  # this process's CPU time in the session: the speed on a machine shared with others
        self.source = source
        self.serial = [line for _, line in board.serial]
        self.bus = {("0x%02x" % a): s.to_dict() for a, s in board.bus.stats.items()}

    def runs(self):
        """One entry per start of code.py: its kind, the reps it counted and the errors it showed."""
        out = []
        for r in self.runs_raw:
            lines = self.serial[r["serial_from"]:r["serial_to"]]
            errors = []
            for line in lines:
                if line.startswith("error: ") and line[7:] not in errors:
                    errors.append(line[7:])
            e = {"start_ms": r["start_ms"], "kind": r["kind"], "held": r["held"],
                 "rep_count": len(self.reps(lines)), "graded": self.graded(lines), "errors": errors,
                 "crashed": r.get("error") is not None, "save_mode": r.get("save_mode", False)}
            for k in ("bootloader", "heap_peak", "heap_used"):
                if k in r:
                    e[k] = r[k]
            out.append(e)
        return out

    def levels(self):
        """What the device loaded from /levels (its "levels {json}" line; the last run's)."""
        found = None
        for line in self.serial:
            if line.startswith("levels {"):
                try:
                    found = json.loads(line[7:])
                except ValueError:
                    pass
        return found

    def reps(self, lines=None):
        """The reps the device reported on serial ("rep {json}" lines). start_ms / end_ms are the device's
        ticks (they wrap at 2**29 and start 65 s before the wrap); start_s / end_s beside them are seconds
        since the board was powered up."""
        from sim.twin.device.clock import DEFAULT_TICKS_OFFSET_MS

        offset = getattr(getattr(self.board, "clock", None), "ticks_offset_ms", DEFAULT_TICKS_OFFSET_MS)
        out = []
        for line in self.serial if lines is None else lines:
            if line.startswith("rep {"):
                try:
                    rep = json.loads(line[4:])
                except ValueError:
                    continue
                for k in ("start", "end"):
                    if isinstance(rep.get(k + "_ms"), int):
                        rep[k + "_s"] = ((rep[k + "_ms"] - offset) & TICKS_MAX) / 1000.0
                out.append(rep)
        return out

    def ticks_to_ms(self, tick):
        """Board ms (virtual time since power-up) of a device tick (supervisor.ticks_ms())."""
        return (tick - self.board.clock.ticks_offset_ms) & TICKS_MAX

    def rep_times(self):
        """(per-rep board times for sim.twin.shown, "truth" | "core"): the scripted athlete's ground truth
        when the motion is one, else the core's own phase ends from the device's rep lines."""
        from sim.twin import shown
        from sim.twin.motion import AthleteMotion

        src, delay = self.board.motion, 0.0
        if isinstance(src, Delayed):
            src, delay = src.motion, src.delay_s
        if isinstance(src, AthleteMotion):
            return shown.rep_times_from_truth(src.motion, delay), "truth"
        return shown.rep_times_from_device(self.reps(), self.ticks_to_ms), "core"

    def reps_shown(self):
        """The device's reps, each with `shown`: what the glass showed during it (sim/twin/shown.py). A rep
        is matched to the athlete's rep whose lowering started inside it."""
        from sim.twin import shown

        reps = self.reps()
        if not self.frames:
            return reps
        times, source = self.rep_times()
        seen = shown.shown_per_rep(self.frames, times, self.board.clock.ms)
        for r in reps:
            start, end = self.ticks_to_ms(r["start_ms"]), self.ticks_to_ms(r["end_ms"])
            for t, s in zip(times, seen):
                if start - 500 <= t["top"] <= end:
                    r["shown"] = s[0]
                    r["shown_detail"] = dict(s[1], times_from=source)
                    break
        return reps

    def graded(self, lines=None):
        """The reps the game graded in a set ("grade i/n ..." lines): the core also reports reps made on the
        menus and summaries (after a set's last rep), which count for nothing."""
        return sum(1 for line in (self.serial if lines is None else lines) if line.startswith("grade "))

    def timing(self):
        b = self.board
        log = b.sample_log
        # the intervals between the times the core was given (the loop stamps each sample from the chip's rate
        # and the read: a FIFO burst reads several at once); the read times where nothing was fed
        ft = b.fed_ticks
        if len(ft) > 1:
            iv = sorted(((ft[i] - ft[i - 1]) & TICKS_MAX) * 1.0 for i in range(1, len(ft)))
        else:
            iv = sorted((log[i][0] - log[i - 1][0]) / 1000.0 for i in range(1, len(log)))

        def pct(p):
            return round(iv[min(len(iv) - 1, int(p * len(iv)))], 2) if iv else None

        secs = max(1e-9, b.clock.now_us / 1e6)
        oled = b.bus.stats.get(getattr(b, "oled_address", 0x3C))  # (0x3D: the 128x64 breakout)
        imu = b.bus.stats.get(b.imu_address)
        n = max(1, len(log))
        return {
            "virtual_s": round(secs, 3),
            "wall_s": round(self.wall_s, 3),
            "sim_s_per_wall_s": round(secs / self.wall_s, 2) if self.wall_s > 0 else None,
            "cpu_s": round(self.cpu_s, 3) if self.cpu_s is not None else None,
            "sim_s_per_cpu_s": round(secs / self.cpu_s, 2) if self.cpu_s else None,
            "samples_read": len(log),
            "samples_missed": b.missed,
            "duplicate_reads": b.dup_reads,
            "sample_interval_ms_p50": pct(0.5),
            "sample_interval_ms_p99": pct(0.99),
            "sample_interval_ms_max": iv[-1] if iv else None,
            "display_bus_bytes_per_s": round(oled.bytes / secs, 1) if oled else 0,
            "display_bus_busy_pct": round(100.0 * oled.busy_us / (secs * 1e6), 2) if oled else 0,
            "imu_bus_us_per_sample": round(imu.busy_us / n, 1) if imu else 0,
            "imu_bus_errors": imu.nacks if imu else 0,
            "frames": len(self.frames),
        }

    def report(self):
        reps = self.reps_shown()
        return {
            "source": str(self.source),
            "display": self.board.display,
            "reps": reps,
            "rep_count": len(reps),
            "graded": self.graded(),
            "scores": [r.get("score") for r in reps],
            "faults": [r.get("faults") for r in reps],
            "crashed": self.error is not None,
            "error": self.error,
            "runs": self.runs(),
            "levels": self.levels(),
            "board": self.board.kind,
            "flash_ms": self.board.flash_us // 1000,
            "timing": self.timing(),
            "cost_model": self.board.cost.to_dict(),
            "bus": self.bus,
            "serial_tail": self.serial[-30:],
        }

    # -- outputs -------------------------------------------------------------------------------------
    def write_gif(self, path, scale=4):
        if not self.frames:
            return False
        imgs = [f.image(scale).convert("P") for f in self.frames]
        durs = []
        for i, f in enumerate(self.frames):
            nxt = self.frames[i + 1].t_ms if i + 1 < len(self.frames) else self.board.clock.ms
            durs.append(max(20, nxt - f.t_ms))
        imgs[0].save(path, save_all=True, append_images=imgs[1:], duration=durs, loop=0, optimize=False)
        return True

    def write_strip(self, path, n=12, scale=2, gap=2):
        """Up to n frames evenly through the session, stacked top to bottom."""
        from PIL import Image

        if not self.frames:
            return False
        lit = [f for f in self.frames if any(f.pixels)] or self.frames
        step = max(1, len(lit) // n)
        pick = lit[::step][:n]
        w, h = pick[0].w * scale, pick[0].h * scale
        strip = Image.new("L", (w, len(pick) * (h + gap) - gap), 80)
        for i, f in enumerate(pick):
            strip.paste(f.image(scale), (0, i * (h + gap)))
        strip.save(path)
        return True

    def write_outputs(self, out_dir):
        os.makedirs(out_dir, exist_ok=True)
        self.write_gif(os.path.join(out_dir, "oled.gif"))
        self.write_strip(os.path.join(out_dir, "oled_strip.png"))
        with open(os.path.join(out_dir, "session.json"), "w") as f:
            json.dump(self.report(), f, indent=1)


class FrameGrabber:
    """Keeps the glass each time it changed, sampled on the virtual clock: a frame is taken once the display
    has had no write for one sampling period (a refresh sends the frame in pieces)."""

    def __init__(self, board):
        self.board = board
        self.frames = []
        self._version = -1
        self._quiet = True
        self._key = None

    def __call__(self, now_us):
        oled = self.board.oled
        if oled is None:
            return
        v = oled.version
        if v != self._version:
            self._version = v  # the display is being written: wait until it is quiet (no half-sent frame)
            self._quiet = False
            return
        if self._quiet:
            return
        self._quiet = True
        key = oled.state_key()
        if key == self._key:
            return
        self._key = key
        px = oled.glass()
        if self.frames and self.frames[-1].pixels == px:
            return
        self.frames.append(Frame(now_us // 1000, oled.width, oled.height, px))


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
