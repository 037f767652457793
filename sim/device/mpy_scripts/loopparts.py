"""The stand-ins and set-ups loopcost.py's kinds of work run on (a MicroPython script's module: loopcost.py puts
sim/device/mpy_shims on the path first): a bus that does nothing, an IMU on it, an LSM6DS33 FIFO bus serving five
samples a drain, the stand-in core's mover, and the game in play on the stand-in core.
"""


class _Bus:
    """busio.I2C's surface for the burst read, doing nothing (on the board the transfer is C)."""

    def try_lock(self):
        return True

    def unlock(self):
        pass

    def writeto_then_readfrom(self, address, out, into):
        into[0] = (into[0] + 1) & 255  # the output moves, as a real sensor's noise does


class _Nop:
    def call(self, now):
        return 0


def _imu():
    from bandlift.hw.imu import IMU

    imu = IMU(_Bus())
    imu.a_scale = 0.000119
    imu.g_scale = 0.000611
    imu.ok = True
    return imu


class _FifoBus(_Bus):
    """An LSM6DS33's FIFO holding five samples at each status read (what DRAIN_MS collects at 104 Hz; `words`: 6
    for one, what a 10 ms read in a pause or lowering finds)."""

    words = 30

    def writeto_then_readfrom(self, address, out, into, in_start=0, in_end=None):
        if out[0] == 0x3A:
            into[0] = self.words  # DIFF_FIFO: 30 words, five samples
            into[1] = 0
            into[2] = 0
            into[3] = 0
        else:  # the output moves, as a real sensor's noise does (the newest sample too: frozen output is not fed)
            into[0] = (into[0] + 1) & 255
            into[len(into) - 1] = into[0]


def _fifo_imu():
    from bandlift.hw.imu import FIFO_PATTERN

    imu = _imu()
    imu.i2c = _FifoBus()
    imu.fifo = FIFO_PATTERN
    return imu


class _Mover:
    """Moves the stand-in core through reps as the real one reports them: 1.5 s raise to 40 deg, 1 s hold,
    3 s lowering, 1.5 s rest (at 10 game ticks a second); returns the events of each tick."""

    def __init__(self, core):
        from bandlift.motion import standin

        self.core = core
        self.sc = standin  # (bound once: an import inside step() would cost every call ~20k instructions)
        self.t = 1000
        core.calibrated = True

    def step(self, i):
        sc = self.sc
        c = self.core
        k = i % 70
        ev = 0
        self.t += 100
        c.t_mid = self.t  # (the step's time: the feel times the leg's speed by it, as it does the core's)
        if k < 15:
            if k == 0:
                ev = sc.EV_REP_START
            c.phase = sc.PH_RAISE
            c.angle = 40.0 * k / 15
            c.rate = 27.0
        elif k < 25:
            c.phase = sc.PH_HOLD
            c.angle = 40.0 + (k & 1) * 0.3
            c.rate = 0.0
            c.hold_steady = 90
        elif k < 55:
            c.phase = sc.PH_LOWER
            c.angle = 40.0 * (55 - k) / 30
            c.rate = -13.0
            c.lower_ms = (k - 25) * 100
        else:
            if k == 55:
                r = c.last_rep
                r.clear()
                r.score = 90
                r.stars = 3
                r.lower_ms = 3000
                r.hold_ms = 1000
                c.reps += 1
                ev = sc.EV_REP_DONE
            c.phase = sc.PH_REST
            c.angle = 0.0
            c.rate = 0.0
        return ev


def _whole_game():
    """The whole game (bandlift.game.Game) on a 128x32 OLED's root group, in play on a real level."""
    import displayio
    from bandlift.game import Game
    from bandlift.levels.parse import parse_level
    from bandlift.motion.standin import StandInCore
    from bandlift.targets import Targets

    level = parse_level({"format": 1, "name": "Bench", "reps": 50}, "bench.json")
    core = StandInCore(Targets())
    core.calibrated = True
    game = Game(core, displayio.Group(), 128, 32, [level], None, broken=[])
    game.on_button(1, False, 0)  # B: the first level starts
    for t in (100, 200, 300):
        game.tick(t)
        if game.state.screen != 2:
            game.on_button(1, False, t)  # past the strap / calibration screens
    return game, _Mover(core)


def _game():
    """The game's logic in play on a real level (parsed as the device loads it) and the stand-in core."""
    from bandlift.game.state import GameState
    from bandlift.levels.parse import parse_level
    from bandlift.motion.standin import StandInCore
    from bandlift.targets import Targets

    level = parse_level({"format": 1, "name": "Bench", "reps": 50}, "bench.json")
    core = StandInCore(Targets())
    core.calibrated = True
    st = GameState(core, [level], None, [])
    (st.start_level if hasattr(st, "start_level") else st.start_set)(0)
    return st
