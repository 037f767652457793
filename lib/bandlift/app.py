"""The device program: wire the IMU, the motion core, the game, the display and the buttons.

One loop, no threads: read a sample when the IMU has one (timestamped with supervisor.ticks_ms, since
display refreshes make the spacing uneven), feed the core, pass its events to the game, poll buttons,
and refresh the OLED at most every 100 ms when the game says the picture changed. A part that is missing
or fails is reported (OLED and serial) and retried; the core and the game keep their counts meanwhile.
"""

import time

from bandlift.compat import const, forget, ticks_diff
from bandlift.hw import board_io
from bandlift.hw.buttons import LONG, NONE, make_buttons
from bandlift.hw.display import make_display
from bandlift.hw.imu import IMU

REFRESH_MS = const(100)  # at most 10 frames/s: a 128x32 refresh blocks the loop ~12 ms at 400 kHz
TICK_MS = const(25)  # the game's timers and HUD at 40 Hz: finer than the 10 frames/s anyone sees, and a
# game tick costs about as much interpreter time as the core's work on a sample (docs/performance.md)
POLL_FRAC = 0.6  # start asking for a new sample this far into the sample period (104 Hz: 6 of 9.6 ms)
IDLE_S = 0.001  # nap when there is nothing to do
RECORD_MAX_HZ = const(52)  # the fastest rate whose every sample the recorder can format in time
LIVE = {}  # what the loop runs ("core", "game", "imu", "display"): read by the twin's virtual player


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


def _read_settings():
    """The checked settings as plain values; the checker (object, class, module) is dropped after, so its RAM
    comes back."""
    from bandlift.hw.settings import Settings

    s = Settings(board_io.getenv)
    for line in s.problems:
        print("setting:", line)
    out = (s.i2c_hz, s.display, s.rotation, s.rate_hz, s.record, s.problems)
    del s, Settings
    forget("bandlift.hw.settings")
    return out


def _load_levels(folder="/levels"):
    """(levels, broken) from the levels folder; the loader module is dropped afterwards to give its RAM back
    (the Level objects keep only the small model module)."""
    levels = []
    broken = []
    try:
        from bandlift.levels.load import load_levels

        # broken files come back as (file name, reason): level select lists them, the rest still play
        levels, broken = load_levels(folder)
    except MemoryError:
        broken = [("levels", "out of memory while loading")]
    except Exception as e:  # a bad level file must not stop the device
        broken = [("levels", str(e))]
    try:  # the Levels keep only the model (the package holds its submodules: sys.modules alone frees nothing)
        import bandlift.levels

        bandlift.levels.forget_loader()
    except Exception as e:
        print("levels:", e)
    _collect()
    for file, why in broken:
        print("level skipped:", file, why)
    try:
        import json

        print("levels", json.dumps({"loaded": len(levels), "skipped": [[f, w] for f, w in broken]}))
    except (ImportError, ValueError, TypeError, MemoryError):
        pass
    return levels, broken


def _make_store():
    try:
        from bandlift.progress import Store

        store = Store("/progress.json")
        if store.message:
            print("progress:", store.message)
        return store
    except (Exception, MemoryError) as e:  # progress is a bonus: play without it
        print("progress:", e)
        return None


def _import_game():
    """The Game class, or None when it cannot load (the text view stands in)."""
    try:
        from bandlift.game import Game

        return Game
    except (ImportError, MemoryError) as e:
        print("game missing:", "out of memory" if isinstance(e, MemoryError) else e)
        _collect()
        return None


def _make_game(game_cls, core, disp, levels, broken, store):
    if game_cls is not None:
        try:
            return game_cls(core, disp.root_group, disp.width, disp.height, levels, store, broken=broken)
        except MemoryError:
            print("game missing: out of memory")
    _collect()
    from bandlift.hw.textview import TextView

    return TextView(core, disp.root_group, disp.width, disp.height, levels, store)


def _make_recorder(record):
    if not record or not board_io.fs_writable():
        from bandlift.hw.recorder import NullRecorder

        if record:
            print("recording: drive is read-only (hold A at reset for save mode)")
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
    except (AttributeError, ValueError, TypeError, MemoryError):
        pass


def main():
    print("BandLift starting")
    i2c_hz, display, rotation, rate_hz, record, notices = _read_settings()
    try:
        i2c = board_io.make_i2c(i2c_hz)
    except (RuntimeError, ValueError) as e:  # no pull-ups (nothing on the bus), or its pins taken
        print("I2C:", e)
        i2c = None
    size = (128, 64) if display == "128x64" else (128, 32)
    disp = make_display(i2c, size, rotation)
    print("display:", "%dx%d at 0x%02X" % (disp.width, disp.height, disp.address) if disp.present else disp.error)
    imu = IMU(i2c, rate_hz=rate_hz) if i2c is not None else None
    if imu is not None and imu.setup():
        print("IMU:", imu.name)
    # Heavy imports in the order that keeps the heap's peak low: each module is compiled while little else
    # is resident (the level loader is dropped again after use).
    levels, broken = _load_levels()
    game_cls = _import_game()
    core, ev_rep_done, core_problem = _make_core()
    store = _make_store()
    _collect()
    game = _make_game(game_cls, core, disp, levels, broken, store)
    buttons = make_buttons(board_io.button_pins())
    rec = _make_recorder(record)
    if rec.path is not None and rate_hz > RECORD_MAX_HZ:
        # formatting a CSV line costs an nRF52840 ~6 ms (docs/performance.md): at 104 Hz samples are dropped
        notices.append("Recording: set BANDLIFT_RATE_HZ = %d" % RECORD_MAX_HZ)
        print("recording at %d Hz drops samples: BANDLIFT_RATE_HZ = %d keeps them all" % (rate_hz, RECORD_MAX_HZ))
    if store is not None and store.message:
        notices.append(store.message)
    run(imu, disp, buttons, core, game, rec, ev_rep_done, core_problem, notices)


NOTICE_MS = const(4000)  # how long each start-up notice (a bad setting, a restored save) stays on the OLED


def run(imu, disp, buttons, core, game, rec, ev_rep_done, core_problem="", notices=()):
    """The main loop (never returns on the device)."""
    LIVE["core"] = core
    LIVE["game"] = game
    LIVE["imu"] = imu
    LIVE["display"] = disp
    LIVE["recorder"] = rec
    poll_ms = int(POLL_FRAC * 1000 / imu.rate_hz) if imu is not None else 6
    ticks = board_io.ticks_ms
    now = ticks()
    notices = list(notices)
    notice_t = now
    last_sample = now
    last_refresh = now
    last_tick = now
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
        if notices and ticks_diff(now, notice_t) >= NOTICE_MS:
            notices.pop(0)
            notice_t = now
        if imu is None:
            error = "No I2C bus"
        elif imu.error:
            error = imu.error
        elif core_problem:
            error = core_problem
        elif disp.error:
            error = disp.error
        elif notices:
            error = notices[0]
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
        if ticks_diff(now, last_tick) >= TICK_MS:
            last_tick = now
            if game.tick(now):
                dirty = True
        if disp.check(now):  # the OLED came back after losing power: it was set up again, redraw it all
            dirty = True
        if dirty and ticks_diff(now, last_refresh) >= REFRESH_MS:
            disp.refresh()
            last_refresh = now
            dirty = False
            busy = True
        if not busy:
            time.sleep(IDLE_S)
