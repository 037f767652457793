# Stand-in for CircuitPython's microcontroller (nothing the program's heap pays for).


class _Cpu:
    frequency = 64000000
    temperature = 25.0
    uid = b"devsess"


cpu = _Cpu()
nvm = None


def reset():
    raise SystemExit("microcontroller.reset()")
