"""The device's main loop, whole, INSIDE MicroPython (for an instruction counter): bandlift.app.run() as code.py
runs it, on the stand-ins for the C modules that devsession.py runs code.py on (sim/device/mpy_shims/: displayio,
vectorio, terminalio, keypad, supervisor and time on devworld's virtual clock), the real button adapter pressing B
to start a level, and two stand-ins of its own: the IMU's bus as an LSM6DS33 FIFO serving a generated session's
samples at 104 Hz (the bench takes its Python out of the count and puts in C calls: on the board a transfer is C
and bus time, which the bench adds), and a display adapter whose refresh is C and bus time (the bench adds those
from the twin).

    micropython loopwhole.py SAMPLES SECONDS FOLDER [RATE_HZ [LEAVE_OUT]]

LEAVE_OUT (for a breakdown): "game" runs a game that does nothing, "rec" the null recorder, "core" a core that
does nothing (with "game": a game needs a core's live values), e.g. "core+game+rec"; "calls" leaves nothing out
but counts the game's full ticks (frames) and looks (the wrapping costs a call each: not for a counted run);
"floats" prints heap block maps at the run's start and end with the collector off (the floats it boxed: the
unix port's allocation, none on the board; give it a heap of tens of MB).

Everything the board's interpreter runs is counted: the FIFO drain and each sample's hand-over, the motion core,
the whole Game.tick in play (state, feel, HUD), the recorder packing each sample (its block writes are flash
time: not counted here), the buttons, the loop's own passes and naps. Busy work takes no virtual time here, so
the loop makes at least as many passes per second as on the board. Two runs of different length, subtracted,
give the loop's cost per virtual second. Prints one JSON line of counts.
"""

import json
import struct
import sys
from array import array

_HERE = __file__.rsplit("/", 1)[0] if "/" in __file__ else "."
sys.path.insert(0, _HERE + "/../mpy_shims")

from devworld import WORLD, SessionEnd  # noqa: E402  (the virtual clock: time.sleep and ticks_ms advance it)

WORLD.peak_every = 1 << 30  # no heap sampling in ticks_ms (devsession's figure, not this count's)
REC = "<i6d"
REC_SIZE = 52
LOAD_S = 64  # virtual seconds of samples every run loads, whatever its length: two runs' difference is then the
# loop's alone (a load that grew with the run's length was counted as the loop's work)
A_SCALE = 0.122 * 0.00980665  # m/s^2 per LSB at +-4 g
G_SCALE = 35.0 / 1000.0 * 0.017453292519943295  # rad/s per LSB at 1000 dps
STATS = {"drains": 0, "bursts": 0, "samples": 0, "naps": 0, "refreshes": 0, "frames": 0, "looks": 0}
B_PRESSES_MS = (1000, 4000, 8000)  # B starts the first level, then goes past the strap and calibration screens

def _codes(path, n_max):
    """The session's first n_max samples as the chip's FIFO holds them: six int16 each, gx gy gz ax ay az
    (read in small chunks: the run's heap stays small, as the board's is)."""
    out = array("h")
    f = open(path, "rb")
    f.read(4)
    buf = bytearray(REC_SIZE * 32)
    n = 0
    while n < n_max:
        got = f.readinto(buf)
        if not got:
            break
        for off in range(0, got - REC_SIZE + 1, REC_SIZE):
            r = struct.unpack_from(REC, buf, off)
            for v in (r[4] / G_SCALE, r[5] / G_SCALE, r[6] / G_SCALE, r[1] / A_SCALE, r[2] / A_SCALE,
                      r[3] / A_SCALE):
                c = int(v + 0.5) if v >= 0 else -int(-v + 0.5)
                out.append(32767 if c > 32767 else (-32768 if c < -32768 else c))
            n += 1
            if n >= n_max:
                break
    f.close()
    return out


class FifoBus:
    """busio.I2C's surface over an LSM6DS33 in FIFO mode: FIFO_STATUS1-4 and FIFO_DATA_OUT (0x3E)."""

    def __init__(self, codes, rate_hz):
        self.codes = codes
        self.n = len(codes) // 6
        self.rate = rate_hz
        self.read = 0  # samples handed over

    def try_lock(self):
        return True

    def unlock(self):
        pass

    def writeto_then_readfrom(self, address, out, into, in_start=0, in_end=None):
        if out[0] == 0x3A:
            STATS["drains"] += 1
            made = WORLD.now_us * self.rate // 1000000
            if made > self.n:
                made = self.n
            words = (made - self.read) * 6
            into[0] = words & 0xFF
            into[1] = (words >> 8) & 0x0F
            into[2] = 0
            into[3] = 0
            return
        end = len(into) if in_end is None else in_end
        codes = self.codes
        k = self.read * 6 - in_start
        for j in range(in_start, end):  # an int16 array: six values a sample (a slice would be garbage to collect,
            into[j] = codes[k + j]  # which the board's C transfer never makes)
        got = (end - in_start) // 6
        self.read += got
        STATS["samples"] += got
        STATS["bursts"] += 1


class Display:
    present = True
    error = ""
    width = 128
    height = 32
    address = 0x3C

    def __init__(self):
        import displayio

        self.root_group = displayio.Group()

    def check(self, now_ms):
        return False

    def refresh(self, now_ms=None):
        STATS["refreshes"] += 1
        return True


class _NoCore:
    calibrated = True
    reps = 0

    def feed(self, t, ax, ay, az, gx, gy, gz):
        return 0


def _count_calls(game):
    tick = game.tick
    look = getattr(game, "look", None)

    def counted_tick(now_ms):
        STATS["frames"] += 1
        return tick(now_ms)

    def counted_look(now_ms):
        STATS["looks"] += 1
        return look(now_ms)

    game.tick = counted_tick
    if look is not None:
        game.look = counted_look


def main(path, seconds, folder, rate_hz=104, leave_out=""):
    import board
    import vtime

    from bandlift import app
    from bandlift.start import make_buttons
    from bandlift.game import Game
    from bandlift.hw import recorder
    from bandlift.hw.imu import IMU, FIFO_PATTERN
    from bandlift.levels.parse import parse_level
    from bandlift.motion.core import EV_REP_DONE, MotionCore
    from bandlift.targets import Targets

    class Recorder(recorder.Recorder):
        def _write(self, n):
            pass  # the block's write is the board's FAT and flash time (the bench adds it)

    codes = _codes(path, int((seconds + 1 if seconds + 1 > LOAD_S else LOAD_S) * rate_hz))
    imu = IMU(FifoBus(codes, rate_hz), rate_hz=rate_hz)
    imu.ok = True
    imu.fifo = FIFO_PATTERN
    imu.name = "LSM6DS33"
    imu.a_scale = A_SCALE
    imu.g_scale = G_SCALE
    disp = Display()
    core = MotionCore(Targets())
    level = parse_level({"format": 1, "name": "Bench", "reps": 50, "sets": 2, "rest_ms": 5000}, "bench.json")
    game = Game(core, disp.root_group, disp.width, disp.height, [level], None, broken=[])
    if "core" in leave_out:
        core = _NoCore()
    if "game" in leave_out:
        game = app._NoView()  # the loop's own view for no game: only the loop is counted
    if "rec" in leave_out:
        from bandlift.hw import NullRecorder

        rec = NullRecorder()
    else:
        rec = Recorder(folder, imu)  # (its block lent to the IMU, as start-up does)
    if "calls" in leave_out:
        _count_calls(game)
    app.time = vtime  # the loop's naps advance the virtual clock
    WORLD.end_us = int(seconds * 1000000)
    WORLD.keys = []
    for ms in B_PRESSES_MS:  # keypad's edges: B (key 1 of A, B, C) down, and up 100 ms later
        WORLD.keys.append((ms, 1, True))
        WORLD.keys.append((ms + 100, 1, False))
    buttons = make_buttons((board.D9, board.D6, board.D5))
    boxed = "floats" in leave_out
    if boxed:
        import gc

        from feed import _dump_heap

        gc.collect()
        gc.disable()
        _dump_heap("before")
    try:
        app.run(imu, disp, buttons, core, game, rec, EV_REP_DONE)
    except SessionEnd:
        pass
    if boxed:
        _dump_heap("after")
        gc.enable()
    out = dict(STATS)
    out["naps"] = WORLD.sleeps
    out["ticks_calls"] = WORLD.ticks_calls
    out["virtual_s"] = seconds
    out["reps"] = core.reps
    out["screen"] = game.state.screen if hasattr(game, "state") else None
    print(json.dumps({"loopwhole": out}))


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 104,
         sys.argv[5] if len(sys.argv) > 5 else "")
