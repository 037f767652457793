# Stand-in for CircuitPython's microcontroller (nothing the program's heap pays for).


class ResetReason:  # (the firmware's enum: why the chip last reset; a power-up here)
    POWER_ON = 1
    BROWNOUT = 2
    SOFTWARE = 3
    DEEP_SLEEP_ALARM = 4
    RESET_PIN = 5
    WATCHDOG = 6
    UNKNOWN = 7


class _Cpu:
    reset_reason = ResetReason.POWER_ON
    frequency = 64000000
    temperature = 25.0
    uid = b"devsess"


cpu = _Cpu()
nvm = None


def reset():
    raise SystemExit("microcontroller.reset()")
