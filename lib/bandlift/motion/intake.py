"""Intake: every sample is checked and added to a block; a full block becomes one step of the core.

MotionCore.feed (core.py) is the per-sample path; these are its less frequent paths, MotionCore's methods too
(core.py binds them in its class body: a method found in the class itself costs the board less on every call
than one found in a base class).

Each sample is checked (NaN, out of range, a gyro jump no leg makes, a timestamp repeated, backwards or late)
and its gyro added to the current block; once a block spans _STEP_MS the core steps once (MotionCore._step in
core.py) on the block's mean gyro and its last accelerometer reading, timed at the middle of its samples. This
is the per-sample path: a few dozen bytecodes, no allocation. Times are integer ms: now_ms is a supervisor.ticks_ms()
tick that wraps at 2**29; `end` and `now` are a running clock (ms since the first sample) that never wraps.
"""

from bandlift.compat import const
from bandlift.motion.events import EV_BAD_SAMPLE, EV_GAP, EV_PHASE

_ACC_LIMIT = const(160.0)  # m/s^2: a reading longer than the LSM6DS's largest range (16 g) is garbage
_GYRO_LIMIT = const(40.0)  # rad/s: likewise beyond its largest range (2000 dps = 34.9 rad/s)
_ACC_LIMIT2 = const(_ACC_LIMIT * _ACC_LIMIT)  # the checks compare squared lengths: NaN and inf fail them too
_GYRO_LIMIT2 = const(_GYRO_LIMIT * _GYRO_LIMIT)
_SPIKE_RAD_S = const(6.0)  # a gyro reading this much faster than the last step's mean ...
_SPIKE_RAD_S2 = const(150.0)  # ... plus this much per second (rad/s^2) ...
_SPIKE_STEP = const(_SPIKE_RAD_S + _SPIKE_RAD_S2 * 0.05)  # ... over the ~50 ms from a step's middle: a glitch
_STEP_MS = const(30)  # the fusion and phase step runs on the mean of the samples of at least this many ms
# (3-4 samples at 104 Hz, 1 at 26 Hz): a leg lift moves below 5 Hz, and one step costs ~10 samples' checks
_TICKS_HALF = const(1 << 28)  # compat.py's TICKS_HALF and TICKS_PERIOD, declared again (a name imported is a
_TICKS_PERIOD = const(1 << 29)  # lookup at every use and an entry in this module's dict; a test keeps them equal)
_LATE_MS = const(60)  # longer than this since the last sample (a FIFO overrun, a slow display refresh): late
_STALL_MS = const(400)  # this long or longer without a sample: do not integrate the gyro across it
_GAP_MS = const(1500)  # longer than this: a rep in progress cannot be trusted and is dropped
_MAX_REJECTS = const(5)  # this many rejected timestamps in a row: accept the new timeline
_PH_REST = const(1)  # events.PH_REST, declared again (a constant is folded in; a test keeps them equal)


def restart_intake(self):
    self.t_last = 0  # tick of the last accepted sample
    self.t_mid = 0  # tick of the last step (the middle of its samples)
    self.end = 0  # running clock (ms since the first sample) of the last accepted sample; never wraps
    self.now = 0  # running clock of the last step
    self.have_t = False
    self.rejects = 0
    self.g2max = _GYRO_LIMIT2  # squared gyro length above which a sample is a glitch (set each step)
    # the block: its gyro's sums, its samples and the ms they span (from the previous block's last sample)
    self.sgx = self.sgy = self.sgz = 0.0
    self.nblk = self.sdt = 0


def _reject(self, g2):
    """A sample that fails the checks: garbage is dropped; a gyro jump is dropped unless it lasts."""
    if not (g2 < _GYRO_LIMIT2) or self.rejects >= _MAX_REJECTS - 1:
        # a jump that lasts _MAX_REJECTS samples is a real movement: let the next ones through
        self.g2max = _GYRO_LIMIT2
    self.rejects += 1
    self.bad_samples += 1
    return EV_BAD_SAMPLE


def _odd_time(self, now_ms, dt_ms, ax, ay, az, gx, gy, gz):
    """A sample whose timestamp is not an ordinary step forward: the first one, repeated, backwards, late."""
    now_ms = int(now_ms)  # a float tick or a non-number fails here, before anything changed
    ev = 0
    if not self.have_t:
        self.have_t = True
        dt_ms = 0
    else:
        if dt_ms >= _TICKS_HALF:
            dt_ms -= _TICKS_PERIOD
        if dt_ms <= 0:
            # repeated or backwards timestamp; a clock that really restarted is accepted after a while
            self.rejects += 1
            if self.rejects < _MAX_REJECTS:
                self.bad_samples += 1
                return EV_BAD_SAMPLE
            dt_ms = 0
        if 0 < dt_ms < _STALL_MS:
            # the block so far is stepped, then this sample alone over the ms it covers: in one block the ~100 ms
            # before it would weigh as one sample, and a fast lowering lose ~20 deg (its settle: a new lift).
            # Below 1 rad/s (57 deg/s) the turn so lost is small: the sample joins the block as any other
            g2 = gx * gx + gy * gy + gz * gz
            if g2 > 1:
                # (the turn across the late span is the mean of the rates at its two ends, not the late sample's
                # alone: a fast lowering slows down through the stall, and a 130 ms stall at the end of a 100 deg
                # drop read at the late sample's rate lost 20 deg, which read as the leg still up, then as a lift.
                # The block's rate, just before, carries the first half of the span, the late sample the rest)
                if self.sdt:
                    self.sdt += dt_ms >> 1
                    dt_ms -= dt_ms >> 1
                    ev = self._step(True, ax, ay, az)
                else:
                    # the block was stepped at the sample before (at 26-50 Hz nearly every sample is a block, and
                    # a late sample is always one): the last step's rate about the lift axis stands for it, in the
                    # gyro's raw units, and the late sample joins it, one step over the span at the mean of the
                    # two (two half steps would read a leg that turns over in the stall past its top). Read at the
                    # late sample's alone, a 124 ms stall as a knee-bent lift's drop set off (10 deg/s before it,
                    # 250 after) carried the leg 31 deg for 16: the leg read 17 deg past rest once down, and the
                    # set as begun with the leg up (lever.turn_over), upside down until the next still moment.
                    # (The bias left out: a few deg/s, a fraction of a degree over the span.) Only for a turn
                    # about the lift axis (within 30 deg): the rate kept is about that axis alone, and a strap
                    # handled turns the board about any (a hand's 1.4 rad/s about the leg read as the leg's ~0
                    # deg/s lost 30 deg of the turn, and the next reps' drift read 10-20 deg: DRIFT)
                    tr = self.tracker
                    d = gx * tr.ux + gy * tr.uy + gz * tr.uz
                    if d * d > 0.75 * g2:
                        d = tr.rate * 0.0174533 / tr.gain
                        self.sgx, self.sgy, self.sgz = d * tr.ux, d * tr.uy, d * tr.uz
                        self.nblk = 1
        else:
            # the samples stopped: the few ms of the block so far are dropped (the pose is taken from the
            # accelerometer again after the stall) and this sample is stepped alone
            self.sgx = self.sgy = self.sgz = 0.0
            self.nblk = self.sdt = 0
            if dt_ms > _GAP_MS or dt_ms == 0:
                ev |= _gap(self)
            if dt_ms:
                dt_ms = _STALL_MS
    self.t_last = now_ms
    self.sgx += gx
    self.sgy += gy
    self.sgz += gz
    self.nblk += 1
    self.sdt += dt_ms
    if dt_ms or self.calibrated:
        ev |= self._step(0 < dt_ms < _STALL_MS, ax, ay, az)  # (not integrated after a stall: dt_ms is _STALL_MS)
    return ev


def _gap(self):
    """Samples stopped: a rep in progress is dropped, the pose will be re-taken from the accelerometer."""
    self.gaps += 1
    self.strap.gaps += 1  # (a strap turned in the gap is not seen: strap.step, restpose.handled)
    ev = EV_GAP
    ev |= self._rep_done(-1)  # (a first rep held at its end was a rep)
    if self.machine.phase != _PH_REST:
        ev |= EV_PHASE
    self.machine.reset()  # (and the next rep has no rest before it to judge)
    self.still.restart()
    self.f1 = self.f2 = 0.0
    return ev
