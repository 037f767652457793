"""The device program: wire the IMU, the motion core, the game, the display and the buttons (bandlift.start
builds them, once, and is dropped again), then run the loop.

One loop, no threads: drain the samples the IMU's FIFO queued while the loop was busy (each timestamped from
the chip's rate and the read's time), feed them to the core, pass its events to the game, poll buttons,
and refresh the OLED at most every 100 ms when the game says the picture changed. A part that is missing
or fails is reported (OLED and serial) and retried; the core and the game keep their counts meanwhile.
"""

import time

from bandlift.compat import TICKS_HALF, TICKS_MAX, const, ticks_diff
from bandlift.hw import board_io
from bandlift.lifetime import forget_all, release

_LONG = const(4)  # hw/buttons.py's event bits: a long press (tests/test_hw_buttons.py keeps them the same)
_NONE = const(-1)  # ... no event
_REFRESH_MS = const(100)  # at most 10 frames/s: a 128x32 refresh blocks the loop ~12 ms at 400 kHz
_TICK_MS = const(100)  # the game's timers and HUD once per frame (10 Hz), right before the refresh: the OLED
# shows no more than that, and a game tick costs ~1.5 times the core's work on a sample (docs/performance.md)
_DRAIN_MS = const(50)  # read the IMU's FIFO every 50 ms (five samples at 104 Hz, under its MAX_BURST): one
# status read and one burst for five samples, few loop passes, and a rep's grade still shows in the next frame
_POLL_FRAC = const(0.6)  # without a FIFO: ask for a new sample this far into the sample period (104 Hz: 6 of 9.6 ms)
_LOOK_MS = const(10)  # the FIFO read this often during a rep's pause and lowering until a read brings a step of
# the core; the game looks when the core took a step (its angle changed), as the feel judges each
_STEP_MS = const(30)  # motion/core.py _STEP_MS: the core steps at the first sample 30 ms or more after its last
# step's (104 Hz: every 4th sample, 38.5 ms); after a read that brought a step the next read is timed to the next
# step's sample (no read in between finds one: the feel times the steps by the core's own clock, core.t_mid)
_NAP_MS = const(50)  # the longest nap between passes: buttons are polled at least this often (keypad queues
# the presses meanwhile; a long press fires within 50 ms of its 600 ms)
LIVE = {}  # what the loop runs ("core", "game", "imu", "display"): read by the twin's virtual player; and
# "short": ticks ms of the game's last shortage (_lose_game)


def _report_rep(core):
    rep = core.last_rep
    try:
        import json

        print("rep", json.dumps(rep.to_dict()))
    except (AttributeError, ValueError, TypeError, MemoryError):
        pass


def main():
    print("BandLift starting")
    run(*_start())  # no name here holds the parts: the loop alone owns them (and can let the game go)


def _start():
    from bandlift import start

    parts = start.parts()
    del start  # the start-up code is not needed again: its RAM comes back for the game
    release("bandlift.start")
    if parts[4] is None:  # no game (it did not load, or did not fit): the text view, after start's RAM is back
        LIVE["game"] = text_view(parts[3], parts[1])
    else:
        LIVE["game"] = parts[4]
    # the game goes to run() through LIVE: the argument array of run(*parts) lives as long as the call, and
    # would keep a game the loop lets go for memory (its ~20 kB) from coming back
    return parts[:4] + (None,) + parts[5:]


class _NoView:
    """The view when not even the text view fits: nothing on the OLED, errors on the serial console; the core
    counts on and the recording goes on. Every call does nothing: one function for all (each function is a few
    dozen bytes of the heap for good), its arguments defaults (a *args tuple would be made at each call, in a
    heap that has no room)."""

    def tick(self, a=None, b=None, c=None):
        return False

    on_events = on_button = show_error = clear_error = tick


_NO_VIEW = _NoView()  # made at start: when it is needed there may be no room for it


def text_view(core, disp):
    """The text view in place of a game that cannot load or ran out of memory: the game's modules and pictures
    are let go first, so the few lines fit; the rep count and the errors go on."""
    try:
        root = disp.root_group
        while len(root):
            root.pop()
        forget_all("bandlift.game")
        from bandlift.hw.textview import TextView

        return TextView(core, root, disp.width, disp.height)
    except MemoryError:
        print("text view: out of memory; the OLED stays dark")
        return _NO_VIEW


_RETRY_MS = const(10000)  # a game short of memory twice within this goes (the text view); once, it tries again


_LOST = [None, False, ""]  # _lose_game's answer, made once: its tuple, made when the heap is full, was a
# MemoryError inside the shortage's own handler, and code.py ended


def _lose_game(core, disp, shown, now):
    """The text view for a game that ran out of memory: [view, lean, shown] for the loop's game, lean ("the
    game is gone: the text view, or nothing, shows the reps") and shown ("": the error line shows again). The
    loop has dropped its own name for the game already; LIVE's goes here, before the view is made. Nothing is
    made before the game's room is back (the heap may be full to the last byte): the answer is _LOST, filled in.

    The first shortage in _RETRY_MS keeps the game (LIVE's): a module that would not load in a fragmented heap
    often loads after a collection, when what the failed import made is garbage, so the game tries once more at
    its next call; a second shortage within _RETRY_MS lets it go."""
    import gc

    out = _LOST
    out[0] = None  # (no name here keeps the game from the collection)
    t = LIVE["short"]
    LIVE["short"] = now
    if t is None or ticks_diff(now, t) > _RETRY_MS:
        gc.collect()
        print("game: out of memory; trying again")
        out[0] = LIVE["game"]
        out[1] = False
        out[2] = shown
        return out
    LIVE["game"] = None
    gc.collect()
    print("game: out of memory; showing the text view")
    out[0] = LIVE["game"] = text_view(core, disp)
    out[1] = True
    out[2] = ""
    return out


_NOTICE_MS = const(4000)  # how long each start-up notice (a bad setting, a restored save) stays on the OLED


def run(imu, disp, buttons, core, game, rec, ev_rep_done, core_problem="", notices=()):
    """The main loop (never returns on the device). game None: the one in LIVE (main's, see _start)."""
    if game is None:
        game = LIVE["game"]
    LIVE["core"] = core
    LIVE["game"] = game
    LIVE["imu"] = imu
    LIVE["display"] = disp
    LIVE["recorder"] = rec
    LIVE["ev_rep_done"] = ev_rep_done
    LIVE["short"] = None  # (its key made now: a new key when the heap is full would grow the dict, and the
    # shortage's own handler, _lose_game, would run short and let the MemoryError end code.py)
    poll_ms = int(_POLL_FRAC * 1000 / imu.rate_hz) if imu is not None else 6
    # ms from a step's middle (core.t_mid) to the next step's last sample: a step takes the k samples that span
    # _STEP_MS, its middle (k - 1) / 2 periods before its last; 6 ms more, since the samples' stamps stray a few ms
    # from the chip's own times and a read that comes too early finds no step (the next is 10 ms later)
    period = 1000 / imu.rate_hz if imu is not None else 10.0
    k = int(_STEP_MS / period)
    if k * period < _STEP_MS:
        k += 1
    step_gap = int((3 * k - 1) * period / 2) + 6
    ticks = board_io.ticks_ms
    sleep = time.sleep
    tmax = TICKS_MAX  # (locals: the loop's wrap-safe arithmetic without a global lookup or a call each time;
    half = TICKS_HALF  # ((a - b + half) & tmax) - half is ticks_diff(a, b))
    now = ticks()
    notices = list(notices)
    notice_t = now
    next_drain = now
    last_refresh = now
    next_tick = now
    next_frame = now  # the next frame's full game tick (looks come between frames)
    looking = False  # the last tick said a rep is in its pause or lowering (tick bit 4)
    seen = None  # the core's angle at the last look (a new one: the core took a step)
    shown = ""
    dirty = True
    lean = False  # the game was let go for memory: the text view (or nothing) shows the reps
    none = _NONE  # (locals: read every pass, without a global lookup)
    poll = buttons.poll
    while True:
        now = ticks()
        # -- motion: every _DRAIN_MS what the FIFO queued (without a FIFO: each sample at data-ready) ------
        ok = imu is not None and imu.ok
        if ok:
            if (now - next_drain) & tmax < half:  # due (ticks_diff >= 0, without a call: every pass)
                n = imu.drain(now)
                # with a FIFO nothing is lost while the loop naps; without one, ask again soon
                # (ticks_diff masks: a time past the 2**29 wrap needs no ticks_add)
                next_drain = now + (_DRAIN_MS if imu.fifo else (poll_ms if n else 1))
                if n:  # sample i from k = imu.at: the chip's six values at codes[6i] (gx gy gz ax ay az), its own
                    # time ts[i] (k is 0, or where the recorder's block is filling: the samples landed there)
                    c = imu.codes
                    ts = imu.ts
                    a = imu.a_scale
                    g = imu.g_scale
                    k = imu.at
                    o = 6 * k
                    try:
                        for i in range(k, k + n):
                            t = ts[i]
                            ev = core.feed(t, c[o + 3] * a, c[o + 4] * a, c[o + 5] * a,
                                           c[o] * g, c[o + 1] * g, c[o + 2] * g)
                            o += 6
                            if ev:  # most samples bring none: no call then
                                try:
                                    game.on_events(ev, t)
                                except MemoryError:  # a set's module would not load (as for tick below)
                                    game = None
                                    game, lean, shown = _lose_game(core, disp, shown, now)
                                if ev & ev_rep_done:
                                    _report_rep(core)
                    except MemoryError:  # the heap is full around the core (it keeps its state whole: what
                        # it made at a step's end is made before it counts): the rest of this drain is lost, a
                        # gap the core bridges; the game goes once, its room the most the loop can give back
                        if not lean:
                            game = None
                            game, lean, shown = _lose_game(core, disp, shown, now)
                    rec.add_drain(imu, n)  # the values the chip sent: binary records
                ok = imu.ok  # (a drain that failed set it False: only the drain and retry change it)
        elif imu is not None:
            if imu.retry(now):
                print("IMU back:", imu.name)
            ok = imu.ok
        # -- buttons (keypad queues its events in the background: a pass every few ms catches each) -------
        b = poll(now)
        if b != none:
            try:
                game.on_button(b & 3, (b & _LONG) != 0, now)
            except MemoryError:  # a screen's module would not load (as for tick below)
                game = None
                game, lean, shown = _lose_game(core, disp, shown, now)
        # -- every _TICK_MS: errors, the game, the display (between them in a pause or lowering: a look) -----
        frame = due = (now - next_tick) & tmax < half
        step = False
        if due:
            frame = not looking or lean or (now - next_frame) & tmax < half  # (lean: the text view has no look;
            # the game's last tick may have said it was looking)
            if core.angle != seen:  # the core took a step since the game last saw it
                seen = core.angle
                step = True
                if not frame:  # the feel alone judges the new step; the frame's work when it must show (between
                    # steps the feel has nothing new to judge: no look)
                    try:
                        frame = game.look(now) != 0
                    except MemoryError:
                        frame = True
        if frame:
            next_tick = next_frame = now + _TICK_MS
            looking = False
            # errors: on the OLED (if it works) and serial, once per change
            if notices and ticks_diff(now, notice_t) >= _NOTICE_MS:
                notices.pop(0)
                notice_t = now
            if imu is None:
                error = "No I2C bus"
            elif imu.error:
                error = imu.error
            elif core_problem:
                error = core_problem
            elif disp.error:
                error = disp.error
            elif notices:
                error = notices[0]
            else:
                error = ""
            if error != shown:
                if error:
                    print("error:", error)
                    game.show_error(error)
                else:
                    print("all parts ok")
                    game.clear_error()
                shown = error
            try:
                r = game.tick(now)
                if r & 3:
                    dirty = True
                    if r & 2:  # Pip's pose (the phase's grade) changed: on the glass now, not in 100 ms
                        last_refresh = now - _REFRESH_MS
                looking = r & 4  # a rep's pause or lowering: the game looks after each drain that brings a step
            except MemoryError:  # a screen's module would not load in a fragmented heap: keep counting
                game = None  # let it go before the text view is made
                game, lean, shown = _lose_game(core, disp, shown, now)
                dirty = True
            if disp.check(now):  # the OLED came back after losing power: it was set up again, redraw it all
                dirty = True
            if dirty and ((now - last_refresh + half) & tmax) - half >= _REFRESH_MS:
                disp.refresh()
                last_refresh = now
                dirty = False
        if due and looking:  # the next look right after the next drain, which comes sooner (the lowering's
            # grade is due within 0.3 s of leaving the top)
            gap = _LOOK_MS
            if step:  # the next read when the core's next step can be in the FIFO
                d = ((core.t_mid + step_gap - now + half) & tmax) - half
                if 0 < d <= _DRAIN_MS:
                    gap = d
            if ok and imu.fifo and ((next_drain - now + half) & tmax) - half > gap:
                next_drain = now + gap
            next_tick = next_drain if ok else now + _DRAIN_MS
            if ((next_frame - next_tick + half) & tmax) - half < 0:  # (the frame comes first: its timers and
                next_tick = next_frame  # refresh keep their 100 ms between the steps' reads)
        # -- nap until the next drain or tick is due (at most _NAP_MS: the buttons are polled meanwhile) -----
        now = ticks()
        wait = ((next_tick - now + half) & tmax) - half
        if ok:
            d = ((next_drain - now + half) & tmax) - half
            if d < wait:
                wait = d
        if wait > _NAP_MS:
            wait = _NAP_MS
        if wait > 0:
            sleep(wait * 0.001)
