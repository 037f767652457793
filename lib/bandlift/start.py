"""What code.py does once at start: read the settings, bring up the bus, the display and the IMU, load the
levels, the core, the progress file and the game, in the order that keeps the heap's peak low.

bandlift.app imports this module, calls parts() and drops it again before the loop runs: none of this code
stays in RAM while the game is played.
"""

from bandlift.compat import const
from bandlift.hw import board_io
from bandlift.hw.imu import IMU
from bandlift.lifetime import LOADER, collect, forget_all, release

_RECORD_MAX_HZ = const(104)  # the fastest rate the loop keeps up with while recording (docs/performance.md)


def _core():
    """In its own frame: when the core's import or its object fails, no local (the class, and through it every
    module of the core) outlives the failure to keep the RAM the stand-in needs."""
    from bandlift.motion.core import MotionCore, EV_REP_DONE
    from bandlift.targets import Targets

    return MotionCore(Targets()), EV_REP_DONE


def _make_core():
    """(core, EV_REP_DONE, reason): the motion core, or the stand-in with why the core could not load.

    On the board the core is compiled at import, in RAM: a MemoryError there must not stop code.py.
    """
    try:
        core, ev = _core()
        return core, ev, ""
    except (ImportError, MemoryError) as e:
        reason = "No core: %s" % ("out of memory" if isinstance(e, MemoryError) else e)
    forget_all("bandlift.motion.")  # the core's submodules that did load: the stand-in needs their room
    from bandlift.motion.standin import StandInCore, EV_REP_DONE
    from bandlift.targets import Targets

    print(reason)
    return StandInCore(Targets(), reason=reason), EV_REP_DONE, reason


def _read_settings():
    """The checked settings as plain values; the checker (object, class, module) is dropped after, so its RAM
    comes back."""
    from bandlift.hw.settings import Settings

    s = Settings(board_io.getenv)
    for line in s.problems:
        print("setting: %s" % line)
    out = (s.i2c_hz, s.display, s.rotation, s.rate_hz, s.record, s.fifo, s.problems)
    del s, Settings
    release("bandlift.hw.settings")
    return out


def _make_display(i2c, size, rotation):
    """The OLED found on the bus, or a NullDisplay; the finding code is dropped after (a NullDisplay keeps its
    own class alive, no more)."""
    from bandlift.hw.display_setup import make_display

    disp = make_display(i2c, size, rotation)
    del make_display
    release("bandlift.hw.display_setup", "bandlift.hw.display_start")
    return disp


_SPLASH = const(("BandLift", "Strap on, stand still"))  # what the player does while the rest loads


def _splash(disp):
    """The first screen, drawn as soon as the OLED is up: loading the levels, the game and the core takes seconds
    (more when compiled from .py), and standing still meanwhile is what calibrating needs (the IMU's FIFO keeps
    those samples for the core). Tiles of the built-in font (bandlift.hw.display.Text, which the game's text uses too)."""
    if not disp.present:
        return
    try:
        from bandlift.hw.display import CHAR_W, Text

        ys = (8, 24) if disp.height <= 32 else (20, 44)
        for text, y in zip(_SPLASH, ys):
            Text(disp.root_group, (disp.width - CHAR_W * len(text)) // 2, y, text, n=len(text))
        disp.refresh()
    except (ImportError, MemoryError, OSError, RuntimeError) as e:  # a screen is a bonus: start without it
        print("no splash: %s" % e)


def _load_levels(folder="/levels"):
    """(cards, broken) from the levels folder: every file is read and checked now (a broken one is named with
    its field and reason), but only what the menu shows is kept (levels.model.Card); a level is read whole
    again when it is played. The checker is let go afterwards."""
    levels = []
    broken = []
    try:
        from bandlift.levels.load import load_cards

        try:
            # broken files come back as (file name, reason): level select lists them, the rest still play
            levels, broken = load_cards(folder)
        finally:
            del load_cards  # (the function holds its module: let go of it before the module is released)
    except MemoryError:
        broken = [("levels", "out of memory while loading")]
    except Exception as e:  # a bad level file must not stop the device
        broken = [("levels", str(e))]
    release(*LOADER)  # the Cards keep only the model
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
        store.session = session_id(power_up())
        if store.message:
            print("progress: %s" % store.message)
        return store
    except (Exception, MemoryError) as e:  # progress is a bonus: play without it
        print("progress: %s" % e)
        return None


def _import_game():
    """The Game class, or None when it cannot load (the text view stands in)."""
    try:
        from bandlift.game import Game

        return Game
    except (ImportError, MemoryError) as e:
        print("game missing:", "out of memory" if isinstance(e, MemoryError) else e)
        forget_all("bandlift.game")  # its submodules that did load: the core and the text view need the room
        return None


def _make_game(game_cls, core, disp, levels, broken, store):
    """The game, or None when it cannot be made (bandlift.app shows its text view instead)."""
    if game_cls is None:
        return None
    try:
        return game_cls(core, disp.root_group, disp.width, disp.height, levels, store, broken=broken, panel=disp)
    except MemoryError:
        print("game missing: out of memory")
        return None


def _make_recorder(record, imu):
    if not record or not board_io.fs_writable():
        from bandlift.hw import NullRecorder

        if record:
            print("recording: drive is read-only (hold A at reset for save mode)")
        return NullRecorder()
    from bandlift.hw.recorder import Recorder

    rec = Recorder(imu=imu)  # (its block lent to the IMU: the samples land there)
    print("recording to", rec.path or rec.error)
    return rec


def make_buttons(pins):
    """The buttons on `pins` (A, B, C) through keypad, or NullButtons when there are none or keypad cannot have
    them."""
    from bandlift.hw.buttons import ButtonLogic, Buttons, NullButtons

    if pins is None:
        return NullButtons()
    try:
        import keypad

        b = Buttons()
        b.keys = keypad.Keys(pins, value_when_pressed=False, pull=True)
        b._queue = b.keys.events
        b._event = keypad.Event()
        b.logic = ButtonLogic(len(pins))
        return b
    except (ValueError, RuntimeError, ImportError):
        return NullButtons()


def button_pins():
    """A, B, C of the OLED FeatherWing (D9, D6, D5), or None on a board without those pins."""
    try:
        import board

        return (board.D9, board.D6, board.D5)
    except (ImportError, AttributeError):
        return None


def power_up():
    """True when this start of code.py follows power being applied; False after a soft reload (a file
    saved, Ctrl-D: supervisor.runtime.run_reason) or a reset of the chip while it kept power (RESET pressed,
    as for save mode; the watchdog; microcontroller.reset(): cpu.reset_reason). Unknown: True."""
    try:
        import supervisor

        why = supervisor.runtime.run_reason
        if why is not None and why != supervisor.RunReason.STARTUP:
            return False
    except (ImportError, AttributeError):
        pass
    try:
        import microcontroller

        r = microcontroller.ResetReason
        return microcontroller.cpu.reset_reason not in (r.RESET_PIN, r.SOFTWARE, r.WATCHDOG)
    except (ImportError, AttributeError):
        return True


_NVM_SESSION = const(0)  # the byte of microcontroller.nvm that numbers power-ups


def session_id(fresh):
    """A number (0-255) for this power-up: one more than the last when `fresh` (power_up()), else the one
    the reload or RESET continues. Kept in microcontroller.nvm (flash: one byte written per power-up, no
    file system, so it works in edit mode too). None on a board without nvm."""
    try:
        import microcontroller

        nvm = microcontroller.nvm
        if fresh:
            nvm[_NVM_SESSION] = (nvm[_NVM_SESSION] + 1) & 0xFF
        return nvm[_NVM_SESSION]
    except (ImportError, AttributeError, TypeError, IndexError, OSError):
        return None


def parts():
    """The arguments of app.run(): (imu, disp, buttons, core, game, rec, ev_rep_done, core_problem, notices);
    game is None when it could not be made."""
    i2c_hz, display, rotation, rate_hz, record, fifo, notices = _read_settings()
    try:
        i2c = board_io.make_i2c(i2c_hz)
    except (RuntimeError, ValueError) as e:  # no pull-ups (nothing on the bus), or its pins taken
        print("I2C bus: %s" % e)
        i2c = None
    size = (128, 64) if display == "128x64" else (128, 32)
    disp = _make_display(i2c, size, rotation)
    print("display: %s" % ("%dx%d at 0x%02X" % (disp.width, disp.height, disp.address) if disp.present else disp.error))
    _splash(disp)
    imu = IMU(i2c, rate_hz=rate_hz, use_fifo=fifo) if i2c is not None else None
    if imu is not None and imu.setup():
        print("IMU: " + imu.name)  # ("IMU: " is how imu_setup's errors begin: one interned name)
    # Heavy imports in the order that keeps the heap's peak low: each module is compiled while little else
    # is resident (the level loader is dropped again after use).
    levels, broken = _load_levels()
    game_cls = _import_game()
    core, ev_rep_done, core_problem = _make_core()
    store = _make_store()
    root = disp.root_group  # the splash's lines off the screen before the game (or the text view) draws its own
    while len(root):
        root.pop()
    collect()
    game = _make_game(game_cls, core, disp, levels, broken, store)
    buttons = make_buttons(button_pins())
    rec = _make_recorder(record, imu)
    if rec.path is not None and rate_hz > _RECORD_MAX_HZ:
        # at 208 Hz the loop and the flash writes of the blocks cannot keep up: samples are dropped
        notices.append("Recording: set BANDLIFT_RATE_HZ = %d" % _RECORD_MAX_HZ)
        print("recording at %d Hz drops samples: use BANDLIFT_RATE_HZ = %d" % (rate_hz, _RECORD_MAX_HZ))
    if store is not None and store.message:
        notices.append(store.message)
    return imu, disp, buttons, core, game, rec, ev_rep_done, core_problem, notices


