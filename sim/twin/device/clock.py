"""The twin's virtual clock: integer microseconds, advanced only by modelled costs.

Nothing here reads the host clock, so a session is deterministic and a headless run goes as fast as the
host can compute it. The device sees the clock through supervisor.ticks_ms() (wraps at 2**29, starting
just before the wrap like CircuitPython, so every session longer than ~65 s crosses it) and through
time.monotonic()/time.sleep() while a session runs.
"""

import json
import os

from bandlift.compat import TICKS_MAX, TICKS_PERIOD  # the device's ticks: wrap at 2**29, TICKS_MAX masks
# CircuitPython starts ticks_ms 65536 ms before the wrap so code meets the wrap early (supervisor/shared/tick.c).
DEFAULT_TICKS_OFFSET_MS = TICKS_PERIOD - 65536


class SessionEnd(BaseException):
    """Raised by the clock when the session's virtual time is up.

    A BaseException, like KeyboardInterrupt on the device: `except Exception` in device code does not
    swallow it, so the device loop ends cleanly wherever it is.
    """


COSTS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "costs.json")


def measured_costs():
    """What `python -m sim bench` last measured per kind of call on an nRF52840 (us), or {}."""
    try:
        with open(COSTS_FILE) as f:
            return json.load(f).get("us", {})
    except (OSError, ValueError):
        return {}


class CostModel:
    """What the virtual time of each action is (all in microseconds unless named otherwise).

    i2c_overhead_us: per I2C transaction: start/stop, the call into the C driver and the Python call
    around it. Bytes cost 9 bit-times each (8 data bits + ACK) at the bus frequency.
    ticks_us: one supervisor.ticks_ms() call, standing in for one pass of the main loop's own Python
    (the loop reads the clock once per pass). sample_us: processing one IMU sample (the adapter's read and
    core.feed), charged when the 12-byte output burst is read. tick_us: one game.tick(); look_us: one game.look()
    (between frames in a rep's pause and lowering); tick_looked_us: a game.tick() at the time of the look before
    it (the look updated the feel: the frame that draws its grade); record_us: one
    recorded sample (packing it into the block; the flash write is the twin's flash model, flash.py); drain_us: the IMU
    adapter's Python for one FIFO drain apart from its samples (the status read, the burst, the sample times).
    render_us_per_byte: displayio composing one byte of a refreshed area, on top of the bus time of sending it.
    The defaults are the bench's measurements (sim/twin/device/costs.json, written by `python -m sim bench`) where
    they exist, else round figures of the same order.
    """

    def __init__(self, i2c_overhead_us=60, ticks_us=None, sample_us=None, render_us_per_byte=4, tick_us=None,
                 record_us=None, rep_end_us=None, look_us=None, tick_looked_us=None, drain_us=None):
        m = measured_costs()
        self.i2c_overhead_us = i2c_overhead_us
        self.ticks_us = ticks_us if ticks_us is not None else int(m.get("loop_pass", 150))
        self.sample_us = sample_us if sample_us is not None else int(m.get("core", 1500) + m.get("imu_python", 300))
        self.tick_us = tick_us if tick_us is not None else int(m.get("game_tick", 600))
        self.look_us = look_us if look_us is not None else int(m.get("game_look", self.tick_us))
        self.tick_looked_us = tick_looked_us if tick_looked_us is not None else \
            int(m.get("game_tick_looked", self.tick_us))
        self.record_us = record_us if record_us is not None else int(m.get("record", 800))
        self.drain_us = drain_us if drain_us is not None else int(m.get("imu_drain", 0))
        self.rep_end_us = rep_end_us if rep_end_us is not None else int(m.get("rep_end", 45_000))
        self.render_us_per_byte = render_us_per_byte

    def to_dict(self):
        return dict(self.__dict__)


class VirtualClock:
    def __init__(self, ticks_offset_ms=DEFAULT_TICKS_OFFSET_MS):
        self.now_us = 0
        self.end_us = None  # SessionEnd once now_us reaches this
        self.ticks_offset_ms = ticks_offset_ms
        self._timers = []  # [next_us, period_us, fn]
        self._in_timer = False

    def every(self, period_us, fn, first_us=None):
        """Call fn(now_us) each time the clock passes a multiple of period_us (after the advance)."""
        self._timers.append([period_us if first_us is None else first_us, period_us, fn])

    def advance(self, us):
        if us > 0:
            self.now_us += int(us)
        if self._timers and not self._in_timer:
            self._in_timer = True
            try:
                for tm in self._timers:
                    if self.now_us >= tm[0]:
                        tm[2](self.now_us)
                        # skip the missed periods: a long refresh is one late call, not a burst
                        tm[0] += ((self.now_us - tm[0]) // tm[1] + 1) * tm[1]
            finally:
                self._in_timer = False
        if self.end_us is not None and self.now_us >= self.end_us:
            raise SessionEnd()

    def sleep(self, seconds):
        self.advance(int(round(seconds * 1_000_000)))

    @property
    def ms(self):
        """Virtual ms since boot (no wrap): the twin's own timeline, e.g. for button schedules."""
        return self.now_us // 1000

    def ticks_ms(self):
        return (self.now_us // 1000 + self.ticks_offset_ms) & TICKS_MAX

    def monotonic(self):
        return self.now_us / 1_000_000.0

    def monotonic_ns(self):
        return self.now_us * 1000
