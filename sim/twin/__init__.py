"""The digital twin: code.py, unchanged, on a virtual Feather with register-level LSM6DS and SSD1306 models
driven by the real Adafruit drivers, on a deterministic virtual clock.

    from sim.twin import run_session
    result = run_session("athlete.json", display="128x32", buttons=[(2000, 0, False)], seconds=60)
    result.frames, result.bus, result.serial, result.report()
"""


def run_session(*args, **kwargs):
    from sim.twin.session import run_session as _run

    return _run(*args, **kwargs)
