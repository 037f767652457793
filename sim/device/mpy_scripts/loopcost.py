"""The main loop's other kinds of work, N calls each, INSIDE MicroPython (for an instruction counter).

    micropython loopcost.py KIND N [FOLDER]     KIND: nop, tick, imu, record, empty (FOLDER: for record)

- tick: the game's logic tick in play (GameState.tick on a real level and the stand-in core); the HUD's
  drawing (displayio, C on the board) is not counted here.
- imu: IMU.read(): the burst into the preallocated buffer and the conversion (the I2C transfer itself is C
  and bus time, which the bench adds from the bytes on the wire).
- record: Recorder.add(): packing one binary record into the block, and each full block's header (the
  block's one write is the board's FAT in C and flash time, which the twin's flash model charges).
- pass: one idle pass of the loop's own Python (clock checks, the button logic).
- nop: the same call loop around a no-op method; empty: the reference loop (one iteration per call).
The count of 2*N calls minus N calls, divided by N, is the cost of one call.
"""

import json
import sys


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


def run(kind, n):
    if kind == "tick":
        st = _game()
        for i in range(n):
            st.tick(i * 25)
    elif kind == "imu":
        imu = _imu()
        for i in range(n):
            imu.read()
    elif kind == "record":
        from bandlift.hw import binrec

        class Kept(binrec.Recorder):
            """Packs samples and blocks as the device does; a block's write is left out: the host's file calls
            are not the board's FAT, whose flash time the twin's flash model charges."""

            def _write(self, data):
                pass

        rec = Kept(sys.argv[3] if len(sys.argv) > 3 else "/tmp")
        imu = _imu()
        raw = imu.raw
        for i in range(n):
            raw[0] = i & 255  # the burst moves, as a real sensor's does
            rec.add(i, imu)
    elif kind == "pass":
        # one pass of the main loop that finds nothing to do: the clock checks and the button poll's logic
        from bandlift.compat import ticks_diff
        from bandlift.hw.buttons import ButtonLogic

        logic = ButtonLogic(3)
        last = 0
        for i in range(n):
            now = i
            busy = False
            if ticks_diff(now, last) >= 6 and busy:
                last = now
            logic.held(now)
            if ticks_diff(now, last) >= 25:
                busy = True
            if busy and ticks_diff(now, last) >= 100:
                last = now
    elif kind == "nop":
        f = _Nop()
        for i in range(n):
            f.call(i)
    elif kind == "empty":
        for i in range(n):
            pass
    else:
        raise ValueError("unknown kind " + kind)


KINDS = ("nop", "tick", "imu", "record", "pass", "empty")

if __name__ == "__main__":
    run(sys.argv[1], int(sys.argv[2]))
    print(json.dumps({"loopcost": {"kind": sys.argv[1], "n": int(sys.argv[2])}}))
