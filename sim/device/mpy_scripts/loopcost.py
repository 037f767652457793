"""The main loop's other kinds of work, N calls each, INSIDE MicroPython (for an instruction counter).

    micropython loopcost.py KIND N [FOLDER]     KIND: nop, tick, look, lookframe, state, imu, ... (FOLDER: for record)
    micropython loopcost.py KIND N FOLDER floats  heap maps around N calls (the floats a call boxes)

- tick: the WHOLE Game.tick in play, as the loop calls it every TICK_MS (GameState.tick, Feel.update,
  Hud.update and the glue), on a real level with the stand-in core moving through reps (a rep's start and end
  events included, amortised), displayio and vectorio as devsession's stand-ins in mpy_shims/ (C on the board:
  their Python here makes the count an upper bound).
- look: Game.look, what the loop calls between frames during a rep's pause and lowering after a FIFO read that
  brought a step of the core (the feel alone follows the core), each with a new step of the stand-in core through
  its pause and lowering.
- lookframe: a Game.look and the frame's Game.tick at the same time (the tick leaves the feel to the look), every
  100 ms through the pause and lowering; minus look, the tick that draws a grade a look found.
- mover, mover_look: the stand-in core's moves alone, as tick and as lookframe make them (taken out of tick, look
  and lookframe: the harness's work, not the game's).
- state: GameState.tick alone (what this kind measured before: the logic without the feel and the HUD).
- imu: one FIFO drain of five samples (DRAIN_MS at 104 Hz) and their hand-over as bandlift.app.run makes it (each
  sample's time and six values scaled); the I2C transfers are C and bus time, which the bench adds from the bytes on
  the wire.
- record: Recorder.add_drain() of a drain of five samples, which the IMU landed in the recorder's block: moving the
  block's fill on, and each full block's header (the block's write is the board's FAT in C and flash time, which
  the twin's flash model charges).
- pass: one idle pass of the loop's own Python (clock checks, the button logic).
- imu1: the same with one sample a drain (what a 10 ms read in a pause or lowering finds): imu and imu1 give the
  cost of a drain and of a sample apart; imu_stubs: the Python stand-in bus calls one such drain makes (taken out:
  C on the board).
- shim_ticks, shim_sleep, shim_keys, shim_bus, shim_burst, shim_lock: one supervisor.ticks_ms(), time.sleep() or
  keypad event-queue call of the stand-ins (mpy_shims/), a FIFO status read, a burst of five samples, and a
  try_lock + unlock of loopwhole.py's FIFO bus: C calls on the board, Python here, taken out of the whole count.
- c_ticks, c_sleep, c_call0, c_call1: what the board runs for them, C calls of the same shape in this interpreter
  (its time.ticks_ms and time.sleep, a C method of no and of one argument), put back in.
- nop: the same call loop around a no-op method; empty: the reference loop (one iteration per call).
The count of 2*N calls minus N calls, divided by N, is the cost of one call.
"""

import json
import sys

_HERE = __file__.rsplit("/", 1)[0] if "/" in __file__ else "."
sys.path.insert(0, _HERE + "/../mpy_shims")  # displayio, vectorio, terminalio stand-ins (the game's tick)


from loopparts import _fifo_imu, _FifoBus, _game, _Nop, _whole_game  # (the harness's stand-ins and set-ups)


IMU_SAMPLES_PER_DRAIN = 5  # what DRAIN_MS collects at 104 Hz (bench_loop.py divides the imu and record kinds by it)
ON_START = [None]  # called when a run's set-up is done and its N calls begin (floats(): the first heap map)


def _started():
    if ON_START[0] is not None:
        ON_START[0]()


def run(kind, n):
    if kind == "tick":
        game, mover = _whole_game()
        _started()
        for i in range(n):
            now = 1000 + i * 100
            ev = mover.step(i)
            if ev:
                game.on_events(ev, now)
            game.tick(now)
    elif kind == "look":
        game, mover = _whole_game()
        for i in range(15):
            ev = mover.step(i)
            if ev:
                game.on_events(ev, 1000 + i * 100)
            game.tick(1000 + i * 100)  # the raise: the pause comes next, looked at from here
        _started()
        for i in range(n):
            mover.step(15 + i % 40)  # the pause (1 s) and the lowering (3 s), again and again: the loop looks
            game.look(2500 + i * 100)  # when the core took a step, so each look finds a new angle
    elif kind == "lookframe":  # a look that finds the grade changed, then the frame's tick at the same time
        game, mover = _whole_game()
        for i in range(15):
            ev = mover.step(i)
            if ev:
                game.on_events(ev, 1000 + i * 100)
            game.tick(1000 + i * 100)
        _started()
        for i in range(n):
            mover.step(15 + i % 40)  # the pause (1 s) and the lowering (3 s), a frame every 100 ms
            now = 2500 + i * 100
            game.look(now)
            game.tick(now)
    elif kind in ("mover", "mover_look"):  # the harness's own part of tick (one step a call) and of lookframe and
        # look (one step a call each): the bench takes it out of them
        game, mover = _whole_game()
        _started()
        if kind == "mover":
            for i in range(n):
                mover.step(i)
        else:
            for i in range(n):
                mover.step(15 + i % 40)
    elif kind == "state":
        st = _game()
        _started()
        for i in range(n):
            st.tick(i * 25)
    elif kind in ("imu", "imu1"):
        imu = _fifo_imu()
        if kind == "imu1":
            imu.i2c.words = 6
        _started()
        for i in range(n):
            k = imu.drain(i * 50)
            if k:  # the loop's hand-over (bandlift.app.run): each sample's time and its six values scaled
                c = imu.codes
                ts = imu.ts
                a = imu.a_scale
                g = imu.g_scale
                o = 0
                for j in range(k):
                    t = ts[j]
                    ax, ay, az = c[o + 3] * a, c[o + 4] * a, c[o + 5] * a
                    gx, gy, gz = c[o] * g, c[o + 1] * g, c[o + 2] * g
                    o += 6
    elif kind == "record":
        from bandlift.hw import recorder

        class Kept(recorder.Recorder):
            """Packs samples and blocks as the device does; a block's write is left out: the host's file calls
            are not the board's FAT, whose flash time the twin's flash model charges."""

            def _write(self, n):
                pass

        imu = _fifo_imu()
        rec = Kept(sys.argv[3] if len(sys.argv) > 3 else "/tmp", imu)  # (its block lent to the IMU)
        imu.drain(0)  # codes and ts: a drain of five samples, recorded as the loop does (per call: five records)
        codes = imu.codes
        _started()
        for i in range(n):
            codes[0] = i & 255  # the sample moves, as a real sensor's does
            rec.add_drain(imu, IMU_SAMPLES_PER_DRAIN)
    elif kind == "pass":
        # one pass of the main loop that finds nothing to do: the clock checks and the button poll's logic
        from bandlift.compat import ticks_diff
        from bandlift.hw.buttons import ButtonLogic

        logic = ButtonLogic(3)
        last = 0
        _started()
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
    elif kind == "shim_ticks":  # supervisor.ticks_ms() on devworld's clock (C on the board)
        import supervisor
        from devworld import WORLD

        WORLD.peak_every = 1 << 30  # no heap sampling (as in loopwhole.py)
        WORLD.end_us = 1 << 40
        ticks = supervisor.ticks_ms
        _started()
        for i in range(n):
            ticks()
    elif kind == "shim_sleep":  # time.sleep() on devworld's clock (C on the board)
        import vtime
        from devworld import WORLD

        WORLD.end_us = 1 << 40
        sleep = vtime.sleep
        _started()
        for i in range(n):
            sleep(0.0)
    elif kind == "shim_keys":  # keypad's empty event queue asked, as Buttons.poll asks it (C on the board)
        import keypad

        queue = keypad.Keys((0, 1, 2)).events  # (Buttons binds it once)
        ev = keypad.Event()
        _started()
        for i in range(n):
            queue.get_into(ev)
    elif kind == "shim_bus":  # loopwhole.py's FIFO bus answering a FIFO_STATUS read (C on the board; a burst
        # costs it a slice copy more: this is the smaller of its two calls a drain)
        from array import array

        from loopwhole import FifoBus

        bus = FifoBus(array("h", (0,) * 6), 104)
        status = bytearray(4)
        reg = bytearray((0x3A,))
        xfer = bus.writeto_then_readfrom
        _started()
        for i in range(n):
            xfer(0x6A, reg, status)
    elif kind == "imu_stubs":  # the Python stand-in calls of the imu kind's drain: try_lock, the FIFO status and
        # the burst, unlock (C on the board; taken out of the imu kind by the bench)
        from array import array

        bus = _FifoBus()
        status = bytearray(4)
        burst = array("h", (0,) * 30)
        st = bytearray((0x3A,))
        out = bytearray((0x3E,))
        _started()
        for i in range(n):
            bus.try_lock()
            bus.writeto_then_readfrom(0x6A, st, status)
            bus.writeto_then_readfrom(0x6A, out, burst)
            bus.unlock()
    elif kind in ("shim_burst", "shim_lock"):  # loopwhole.py's FIFO bus: a burst of five samples; try_lock + unlock
        from array import array

        from loopwhole import FifoBus

        bus = FifoBus(array("h", (0,) * 60000), 104)
        burst = array("h", (0,) * 30)
        reg = bytearray((0x3E,))
        xfer = bus.writeto_then_readfrom
        _started()
        if kind == "shim_lock":
            for i in range(n):
                bus.try_lock()
                bus.unlock()
        else:
            for i in range(n):
                bus.read = 0
                xfer(0x6A, reg, burst)
    elif kind == "c_ticks":  # what the board runs for supervisor.ticks_ms(): a C function of no argument (the unix
        # port's own time.ticks_ms, bound once as the loop binds it)
        import time

        ticks = time.ticks_ms
        _started()
        for i in range(n):
            ticks()
    elif kind == "c_sleep":  # time.sleep() is C: the call (the wait itself is idle time)
        import time

        sleep = time.sleep
        _started()
        for i in range(n):
            sleep(0)
    elif kind == "c_call0":  # a C method of an object, no argument (busio.I2C.try_lock / unlock on the board)
        b = b"1"
        _started()
        for i in range(n):
            b.isdigit()
    elif kind == "c_call1":  # a C method of an object, one argument (keypad's EventQueue.get_into on the board)
        b = b"1"
        _started()
        for i in range(n):
            b.startswith(b)
    elif kind == "nop":
        f = _Nop()
        _started()
        for i in range(n):
            f.call(i)
    elif kind == "empty":
        _started()
        for i in range(n):
            pass
    else:
        raise ValueError("unknown kind " + kind)


KINDS = ("nop", "tick", "look", "lookframe", "mover", "mover_look", "state", "imu", "imu1", "imu_stubs",
         "record", "pass", "empty",
         "shim_ticks", "shim_sleep", "shim_keys", "shim_bus", "shim_burst", "shim_lock", "c_ticks", "c_sleep",
         "c_call0", "c_call1")


def floats(kind, n):
    """Heap block maps (feed.py's) around N calls of a kind, once its set-up is done, the collector off, after a
    warm-up run: the floats they box (the unix port's allocation; none on the board)."""
    import gc

    from feed import _dump_heap

    run(kind, n)  # the imports and the first objects
    gc.collect()
    gc.disable()
    ON_START[0] = lambda: _dump_heap("before")
    run(kind, n)
    _dump_heap("after")
    ON_START[0] = None
    gc.enable()


if __name__ == "__main__":
    if len(sys.argv) > 4 and sys.argv[4] == "floats":
        floats(sys.argv[1], int(sys.argv[2]))
    else:
        run(sys.argv[1], int(sys.argv[2]))
    print(json.dumps({"loopcost": {"kind": sys.argv[1], "n": int(sys.argv[2])}}))
