"""BandLift boot.py: runs once after a hard reset (press RESET or plug in), before USB starts.

SAVE MODE (the game saves progress; the computer sees CIRCUITPY read-only):
- OLED FeatherWing (128x32): hold button A (D9) while pressing RESET, keep holding ~1 s.
- No buttons (a 128x64 breakout): put `BANDLIFT_SAVE_MODE = 1` in settings.toml, then press RESET.
  To edit files again, enter CircuitPython's safe mode (press RESET, then press it again while the status LED
  blinks yellow, within ~1 s): boot.py does not run, the drive is writable by the computer; set
  BANDLIFT_SAVE_MODE = 0 and press RESET.
EDIT MODE (the default): the computer can edit files (levels, code); the game plays but cannot save.

Never use the board's own button for this: on nRF52840 Feathers SWITCH held at reset opens the bootloader,
on ESP32-S3 Feathers BUTTON is GPIO0, the boot-mode pin; neither lets boot.py run as intended.
The game learns the mode from the drive itself: a save on a read-only drive fails with EROFS and the game says
"No save: drive is read-only" (bandlift.progress); the recorder asks bandlift.hw.board_io.fs_writable(). Every
import and call is guarded: boot.py must never fail, or the board would come up without its drive.
"""

SAVE_PIN = "D9"  # button A of the OLED FeatherWing (active low, needs the pull-up)


def button_held():
    """True when button A reads pressed (low) at reset."""
    try:
        import board
        import digitalio
        import time
    except Exception:  # not a CircuitPython board (or a PC)
        return False
    pin = getattr(board, SAVE_PIN, None)
    if pin is None:
        return False
    try:
        b = digitalio.DigitalInOut(pin)
    except Exception:  # pin in use or not a GPIO on this board
        return False
    try:
        b.switch_to_input(pull=digitalio.Pull.UP)
        time.sleep(0.01)  # let the pull-up charge the line before reading (10 ms)
        pressed = not b.value
    except Exception:
        pressed = False
    try:
        b.deinit()
    except Exception:
        pass
    return pressed


def setting_on():
    """settings.toml BANDLIFT_SAVE_MODE = 1: save mode without a button. The same spellings of on and off as
    every other 0/1 setting (bandlift.hw.settings.on_off: 1, "1", "on", "true", "yes" in any case)."""
    try:
        import os

        from bandlift.hw.settings import on_off

        v = os.getenv("BANDLIFT_SAVE_MODE")
    except Exception:  # no os.getenv, or lib/ missing: no setting to read
        return False
    if v is None:
        return False
    on = on_off(v)
    if on is None:
        print("BandLift: BANDLIFT_SAVE_MODE =", repr(v), "must be 0 or 1; using 0 (edit mode)")
    return on is True


def enable_save_mode():
    """Make the drive writable for the game (read-only to the computer). True when it worked."""
    try:
        import storage

        storage.remount("/", readonly=False)
        return True
    except Exception as e:  # e.g. a PC, or a port that cannot remount
        print("BandLift: save mode not available:", e)
        return False


def main():
    why = "button A held" if button_held() else ("BANDLIFT_SAVE_MODE = 1" if setting_on() else "")
    if why and enable_save_mode():
        print("BandLift: SAVE MODE (%s): progress is saved; the drive is read-only to the computer" % why)
        return True
    print("BandLift: EDIT MODE: the computer can edit files; hold A at reset (or set BANDLIFT_SAVE_MODE = 1)"
          " to save progress")
    return False


try:
    main()
except Exception as e:  # never let boot.py fail
    print("BandLift boot:", e)
