"""The device program: wire the IMU, the motion core, the game, the display and the buttons.

One loop, no threads: read a sample when the IMU has one (timestamped with supervisor.ticks_ms, since
display refreshes make the spacing uneven), feed the core, pass its events to the game, poll buttons,
and refresh the OLED at most every 100 ms when the game says the picture changed. A part that is missing
or fails is reported (OLED and serial) and retried; the core and the game keep their counts meanwhile.
"""

import time

from bandlift.compat import const, ticks_diff
from bandlift.hw import board_io
from bandlift.hw.buttons import LONG, NONE, make_buttons
from bandlift.hw.display import make_display
from bandlift.hw.imu import IMU

REFRESH_MS = const(100)  # at most 10 frames/s: a 128x32 refresh blocks the loop ~12 ms at 400 kHz
POLL_FRAC = 0.6  # start asking for a new sample this far into the sample period (104 Hz: 6 of 9.6 ms)
IDLE_S = 0.001  # nap when there is nothing to do


def _make_core():
    """(core, EV_REP_DONE, reason): the motion core, or the stand-in with why the core could not load.

    On the board the core is compiled at import, in RAM: a MemoryError there must not stop code.py.
    """
    from bandlift.targets import Targets

    try:
        from bandlift.motion.core import MotionCore, EV_REP_DONE

        return MotionCore(Targets()), EV_REP_DONE, ""
    except (ImportError, MemoryError) as e:
        reason = "No core: " + ("out of memory" if isinstance(e, MemoryError) else str(e))
    _collect()
    from bandlift.motion.standin import StandInCore, EV_REP_DONE

    print(reason)
    return StandInCore(Targets(), reason=reason), EV_REP_DONE, reason


def _collect():
    try:
        import gc

        gc.collect()
    except ImportError:
        pass


def _make_game(core, disp):
    levels = []
    broken = []
    store = None
    try:
        from bandlift.levels.load import load_levels

        # broken files come back as (file name, reason): level select lists them, the rest still play
        levels, broken = load_levels("/levels")
        for name, why in broken:
            print("level skipped:", name, why)
    except Exception as e:  # a bad level file must not stop the device
        print("levels:", e)
    try:
        from bandlift.progress import Store

        store = Store("/progress.json")
    except Exception as e:
        print("progress:", e)
    try:
        from bandlift.game import Game

        return Game(core, disp.root_group, disp.width, disp.height, levels, store, broken=broken)
    except ImportError as e:
        print("game missing:", e)
    from bandlift.hw.textview import TextView

    return TextView(core, disp.root_group, disp.width, disp.height, levels, store)


def _make_recorder():
    if str(board_io.getenv("BANDLIFT_RECORD", 0)) != "1" or not board_io.fs_writable():
        from bandlift.hw.recorder import NullRecorder

        return NullRecorder()
    from bandlift.hw.recorder import Recorder

    rec = Recorder()
    print("recording to", rec.path or rec.error)
    return rec


def _report_rep(core):
    rep = core.last_rep
    try:
        import json

        print("rep", json.dumps(rep.to_dict()))
    except (AttributeError, ValueError, TypeError):
        pass


def main():
    print("BandLift starting")
    try:
        i2c = board_io.make_i2c()
    except (RuntimeError, ValueError) as e:  # no pull-ups: nothing on the bus
        print("I2C:", e)
        i2c = None
    try:
        # BANDLIFT_RATE_HZ: 104 by default; 52 for less CPU and bus time (docs/performance.md)
        rate_hz = int(board_io.getenv("BANDLIFT_RATE_HZ", 104))
    except ValueError:
        rate_hz = 104
    imu = IMU(i2c, rate_hz=rate_hz) if i2c is not None else None
    if imu is not None and imu.setup():
        print("IMU:", imu.name)
    disp = make_display(i2c, board_io.getenv("BANDLIFT_DISPLAY", "128x32"))
    print("display:", "%dx%d" % (disp.width, disp.height) if disp.present else disp.error)
    buttons = make_buttons(board_io.button_pins())
    core, ev_rep_done, _ = _make_core()
    game = _make_game(core, disp)
    rec = _make_recorder()
    run(imu, disp, buttons, core, game, rec, ev_rep_done)


def run(imu, disp, buttons, core, game, rec, ev_rep_done):
    """The main loop (never returns on the device)."""
    poll_ms = int(POLL_FRAC * 1000 / imu.rate_hz) if imu is not None else 6
    ticks = board_io.ticks_ms
    now = ticks()
    last_sample = now
    last_refresh = now
    shown = ""
    dirty = True
    while True:
        now = ticks()
        busy = False
        # -- motion ------------------------------------------------------------------------------
        if imu is not None and imu.ok:
            if ticks_diff(now, last_sample) >= poll_ms and imu.data_ready() and imu.read():
                t = ticks()  # the sample's own time: right after the read, not the loop's start
                last_sample = now
                ev = core.feed(t, imu.ax, imu.ay, imu.az, imu.gx, imu.gy, imu.gz)
                game.on_events(ev, t)
                if ev & ev_rep_done:
                    _report_rep(core)
                rec.add(t, imu.ax, imu.ay, imu.az, imu.gx, imu.gy, imu.gz)
                busy = True
        elif imu is not None and imu.retry(now):
            print("IMU back:", imu.name)
        # -- buttons -----------------------------------------------------------------------------
        b = buttons.poll(now)
        if b != NONE:
            game.on_button(b & 3, (b & LONG) != 0, now)
            busy = True
        # -- errors: on the OLED (if it works) and serial, once per change ------------------------
        if imu is None:
            error = "No I2C bus"
        elif imu.error:
            error = imu.error
        elif disp.present:
            error = disp.error
        else:
            error = ""
        if error != shown:
            if error:
                print("error:", error)
                game.show_error(error)
            else:
                print("all parts ok")
                game.clear_error()
            shown = error
        # -- display -------------------------------------------------------------------------------
        if game.tick(now):
            dirty = True
        if dirty and ticks_diff(now, last_refresh) >= REFRESH_MS:
            disp.refresh()
            last_refresh = now
            dirty = False
            busy = True
        if not busy:
            time.sleep(IDLE_S)
