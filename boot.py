"""BandLift boot.py: runs once after a hard reset (press RESET or plug in), before USB starts.

SAVE MODE: hold button A (D9 on the OLED FeatherWing) or the board's own user button (BUTTON / SWITCH)
while pressing reset. The drive is remounted writable for the game, so it can save progress; the computer
then sees the CIRCUITPY drive read-only.
EDIT MODE (nothing held, the default): the computer can edit files (levels, code) as usual; the game plays
but cannot save ("No save: drive is read-only").

The game learns the mode with bandlift.progress.save_mode() (storage.getmount("/").readonly). This file
also prints the mode to boot_out.txt. Every import and call is guarded: boot.py must never fail, or the
board would come up without its drive.
"""

# Pins that count as "button A held", in order: the FeatherWing's A, then the boards' user buttons
# (ESP32-S3 / RP2040 Feathers: BUTTON, nRF52840 Feather: SWITCH). All are active low with a pull-up.
SAVE_PINS = ("D9", "BUTTON", "SWITCH", "USER_SW")


def button_held():
    """True when any save-mode button reads pressed (low) at reset."""
    try:
        import board
        import digitalio
        import time
    except Exception:  # not a CircuitPython board (or a PC)
        return False
    for name in SAVE_PINS:
        pin = getattr(board, name, None)
        if pin is None:
            continue
        try:
            b = digitalio.DigitalInOut(pin)
        except Exception:  # pin in use or not a GPIO on this board
            continue
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
        if pressed:
            return True
    return False


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
    if button_held() and enable_save_mode():
        print("BandLift: SAVE MODE: progress is saved; the drive is read-only to the computer")
        return True
    print("BandLift: EDIT MODE: the computer can edit files; hold A at reset to save progress")
    return False


try:
    main()
except Exception as e:  # never let boot.py fail
    print("BandLift boot:", e)
