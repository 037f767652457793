# The `os` module the program sees (installed as sys.modules["os"]): MicroPython's own, plus getenv reading the
# session's settings (CircuitPython reads settings.toml) and a rename that works on the folder mounted at /
# (the unix port's VfsPosix maps only the first path of a rename: the second is taken relative to the real
# working directory, which is the mounted folder). Saves (a rename onto /progress.json) are counted.
import os as _os
from devworld import WORLD

SETTINGS = {}

for _k in ("listdir", "mkdir", "remove", "rmdir", "stat", "statvfs", "chdir", "getcwd", "ilistdir", "uname",
           "urandom", "sep"):
    if hasattr(_os, _k):
        globals()[_k] = getattr(_os, _k)


def getenv(key, default=None):
    return SETTINGS.get(key, default)


def rename(old, new):
    _os.rename(old, new[1:] if new.startswith("/") else new)
    WORLD.renames += 1
    if new == "/progress.json":
        WORLD.saves += 1


def sync():
    pass
