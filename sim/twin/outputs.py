"""What a twin session leaves: the glass's frames as the OLED showed them (Frame, FrameGrabber) and the result
(SessionResult: the device's report lines, reps and what the screen showed with each, the buses' figures, and
the files the main job writes: oled.gif, oled_strip.png, session.json). sim.twin.session runs the board.
"""

import json
import os

from sim.twin.device.clock import TICKS_MAX
from sim.twin.motion import Delayed

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
