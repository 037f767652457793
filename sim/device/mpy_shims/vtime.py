# The `time` module the program sees (installed as sys.modules["time"]): sleep() advances the virtual clock
# instead of waiting; monotonic() reads it.
from devworld import WORLD


def sleep(s):
    WORLD.sleeps += 1
    WORLD.advance(int(s * 1000000))


def monotonic():
    return WORLD.now_us / 1000000


def monotonic_ns():
    return WORLD.now_us * 1000


def time():
    return 946684800 + WORLD.now_us // 1000000


def localtime(t=None):
    return (2000, 1, 1, 0, 0, 0, 5, 1, -1)
