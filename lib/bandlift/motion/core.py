"""The motion core: IMU samples in, counted, phased and scored reps out.

    core = MotionCore(Targets())
    ev = core.feed(t_ms, ax, ay, az, gx, gy, gz)   # every sample; returns EV_* bits

Samples are in adafruit_lsm6ds units (m/s^2 with gravity, rad/s); t_ms is a supervisor.ticks_ms() tick that
wraps at 2**29. feed() never raises and allocates nothing on the way of an ordinary sample: the state is
preallocated and the results are read from attributes (see docs/design.md for the list).
"""

import math

from bandlift import faults
from bandlift.motion import phases
from bandlift.motion.stillness import StillDetector
from bandlift.compat import const, ticks_add
from bandlift.motion.phases import PH_CALIBRATING, PH_HOLD, PH_LOWER, PH_RAISE, PH_REST  # noqa: F401 (re-exported)
from bandlift.motion.rep import Rep
from bandlift.motion.judge import Judge, SetStats
from bandlift.motion.tracker import Tracker

EV_CALIBRATED = const(1)
EV_PHASE = const(2)
EV_REP_START = const(4)
EV_REP_DONE = const(8)
EV_PARTIAL = const(16)
EV_FATIGUE = const(32)
EV_SLIPPED = const(64)
EV_BAD_SAMPLE = const(128)
EV_GAP = const(256)
EVENT_NAMES = ("calibrated", "phase", "rep_start", "rep_done", "partial", "fatigue", "slipped", "bad_sample", "gap")

_TICKS_PERIOD = const(1 << 29)
_TICKS_MAX = const((1 << 29) - 1)
_TICKS_HALF = const(1 << 28)
ACC_LIMIT = 160.0  # m/s^2: a reading longer than the LSM6DS's largest range (16 g) is garbage
GYRO_LIMIT = 40.0  # rad/s: likewise beyond its largest range (2000 dps = 34.9 rad/s)
ACC_LIMIT2 = ACC_LIMIT * ACC_LIMIT  # the checks compare squared lengths: NaN and inf fail them too
GYRO_LIMIT2 = GYRO_LIMIT * GYRO_LIMIT
SPIKE_RAD_S = 6.0  # a gyro reading this much faster than the last step's mean ...
SPIKE_RAD_S2 = 150.0  # ... plus this much per second (rad/s^2) ...
SPIKE_STEP = SPIKE_RAD_S + SPIKE_RAD_S2 * 0.05  # ... over the ~50 ms from a step's middle: a glitch
STEP_MS = const(30)  # the fusion and phase step runs on the mean of the samples of at least this many ms
# (3-4 samples at 104 Hz, 1 at 26 Hz): a leg lift moves below 5 Hz, and one step costs ~10 samples' checks
STALL_MS = const(400)  # longer than this without a sample: do not integrate the gyro across it
GAP_MS = const(1500)  # longer than this: a rep in progress cannot be trusted and is dropped
MAX_REJECTS = const(5)  # this many rejected timestamps in a row: accept the new timeline
SLIP_COS = 0.985  # cos(10 deg): a still rest pose this far from the calibrated one means the strap moved
AXIS_SLIP_COS = 0.707  # cos(45 deg): a lift about an axis this far from the learned one, likewise
AXIS_FOLLOW = 0.4  # weight of each rep's axis against the learned one (unit vectors)
BLOCK_GAP_MS = const(700)  # consecutive still blocks (BLOCK_MS apart) are at most this far apart (ms)
SLIP_IN_REP_MS = const(1500)  # still this long, low and far from rest during a rep: the strap moved
RESTRAP_MS = const(15000)  # still this long far from the rest pose: that is how the strap sits now
BIAS_MAX = 0.012  # rad/s (0.7 deg/s): a still block whose gyro differs more from the bias is a slow move
# (the tail of a slow lowering passes the still test), not bias; the bias itself only drifts slowly
RATE_TAU_MS = 10.0  # two one-pole low-pass stages on the lift rate (tremor at 8-12 Hz)


class MotionCore:
    def __init__(self, targets, side=None):
        self.still = StillDetector()
        self.tracker = Tracker()
        self.machine = phases.PhaseMachine()
        self.judge = Judge(targets)
        self.stats = SetStats(targets)
        self.last_rep = Rep()
        self._rep = Rep()
        self.side = side
        self.bad_samples = 0
        self.gaps = 0
        self.slips = 0
        self.set_targets(targets)
        self.recalibrate()

    # -- control -------------------------------------------------------------------------------------
    def set_targets(self, targets):
        self.targets = targets
        self.judge.set_targets(targets)
        self.stats.set_targets(targets)
        self.machine.min_range_deg = targets.min_range_deg

    def new_set(self, side=None):
        """Start a new set (keeps the calibration and the other side's figures for the LSI)."""
        self.side = side
        self.reps = 0
        self.judge.restart()
        self.stats.new_set()
        self.machine.reset()
        self.machine.min_range_deg = self.judge.min_range_deg
        self._fatigue_sent = False

    def recalibrate(self):
        """Forget the rest pose and the lift axis; wait for a still moment."""
        self.calibrated = False
        self.phase = PH_CALIBRATING
        self.tracker.reset()
        self.still.restart()
        self.bx = self.by = self.bz = 0.0
        self.t_last = 0  # tick of the last accepted sample
        self.t_mid = 0  # tick of the last step (the middle of its samples)
        self.end = 0  # running clock (ms since the first sample) of the last accepted sample; never wraps
        self.now = 0  # running clock of the last step
        self.have_t = False
        self.rejects = 0
        self.g2max = GYRO_LIMIT2  # squared gyro length above which a sample is a glitch (set each step)
        self._clear_block()
        self.f1 = self.f2 = 0.0
        self.angle = 0.0
        self.rate = 0.0
        self.sideways = 0.0
        self.hold_ms = 0
        self.hold_steady = 100
        self.lower_ms = 0
        self.lower_pace = 0.0
        self.axis_sx = self.axis_sy = self.axis_sz = 0.0
        self.axis_confirmed = False
        self.off_x = self.off_y = self.off_z = 0.0  # the last rep's axis when it was far off the learned one
        self.far_still_ms = 0
        self.last_still = 0
        self.new_set(self.side)

    @property
    def target_deg(self):
        return self.judge.target_deg

    # -- the per-sample path ---------------------------------------------------------------------------
    def feed(self, t_ms, ax, ay, az, gx, gy, gz):
        """One sample. Returns EV_* bits. Never raises on bad input: bad samples are counted and skipped.

        An ordinary sample is only checked and its gyro added to the block; every STEP_MS the block goes
        through the fusion and the phase machine (_step), whose events this call then returns.
        """
        try:
            g2 = gx * gx + gy * gy + gz * gz
            # garbage (NaN fails every comparison) or a glitch: a gyro jump no leg can make in one step
            if not (ax * ax + ay * ay + az * az < ACC_LIMIT2 and g2 < self.g2max):
                return self._reject(g2)
            # ticks_diff inlined: ticks wrap at 2**29; a jump back wraps to a large difference
            dt = (t_ms - self.t_last) & _TICKS_MAX
            if dt > STALL_MS or dt == 0:
                return self._odd_time(t_ms, dt, ax, ay, az, gx, gy, gz)
            self.t_last = t_ms
            self.sgx += gx
            self.sgy += gy
            self.sgz += gz
            self.nblk += 1
            dt += self.sdt
            self.sdt = dt
            if dt >= STEP_MS:
                return self._block(True, ax, ay, az)
            return 0
        except (TypeError, ValueError, OverflowError, ZeroDivisionError):
            if not isinstance(t_ms, int):
                try:
                    t = int(t_ms)  # a float tick is accepted as the tick it stands for
                except (TypeError, ValueError, OverflowError):
                    t = None
                if t is not None:
                    return self.feed(t, ax, ay, az, gx, gy, gz)
            self.bad_samples += 1
            return EV_BAD_SAMPLE

    # -- the block: samples between two steps --------------------------------------------------------
    def _clear_block(self):
        self.sgx = self.sgy = self.sgz = 0.0
        self.nblk = 0
        self.sdt = 0  # ms the block's samples span (from the previous block's last sample)

    def _reject(self, g2):
        """A sample that fails the checks: garbage is dropped; a gyro jump is dropped unless it lasts."""
        if not (g2 < GYRO_LIMIT2) or self.rejects >= MAX_REJECTS - 1:
            # a jump that lasts MAX_REJECTS samples is a real movement: let the next ones through
            self.g2max = GYRO_LIMIT2
        self.rejects += 1
        self.bad_samples += 1
        return EV_BAD_SAMPLE

    def _odd_time(self, t_ms, dt, ax, ay, az, gx, gy, gz):
        """A sample whose timestamp is not an ordinary step forward: the first one, repeated, backwards, late."""
        t_ms = int(t_ms)  # a float tick or a non-number fails here, before anything changed
        ev = 0
        if not self.have_t:
            self.have_t = True
            dt = 0
        else:
            if dt >= _TICKS_HALF:
                dt -= _TICKS_PERIOD
            if dt <= 0:
                # repeated or backwards timestamp; a clock that really restarted is accepted after a while
                self.rejects += 1
                if self.rejects < MAX_REJECTS:
                    self.bad_samples += 1
                    return EV_BAD_SAMPLE
                dt = 0
            # the samples stopped: the few ms of the block so far are dropped (the pose is taken from the
            # accelerometer again after the stall) and this sample is stepped alone
            self._clear_block()
            if dt > GAP_MS or dt == 0:
                ev |= self._gap()
            dt = 0 if dt == 0 else STALL_MS
        self.t_last = t_ms
        self.sgx += gx
        self.sgy += gy
        self.sgz += gz
        self.nblk += 1
        self.sdt += dt
        if dt or self.calibrated:
            ev |= self._block(False, ax, ay, az)
        return ev

    def _block(self, integrate, ax, ay, az):
        """Step on the mean gyro of the block's samples, timed at their middle, and the accelerometer of its
        last sample (where the gyro leaves the pose; the accelerometer is low-passed downstream anyway)."""
        k = self.nblk
        f = 1.0 / k
        gx, gy, gz = self.sgx * f, self.sgy * f, self.sgz * f
        span = self.sdt
        self._clear_block()
        self.rejects = 0
        # a glitch is a reading this much faster than this step's mean (squared lengths)
        lim = math.sqrt(gx * gx + gy * gy + gz * gz) + SPIKE_STEP
        lim *= lim
        self.g2max = lim if lim < GYRO_LIMIT2 else GYRO_LIMIT2
        # evenly spaced samples: their middle is (k-1)/(2k) of the span before the last one
        mid = span * (k - 1) // (2 * k)
        self.end += span
        t_prev = self.now
        now = self.end - mid
        self.now = now
        self.t_mid = (self.t_last - mid) & _TICKS_MAX
        return self._step(span, now - t_prev, t_prev, now, ax, ay, az, gx, gy, gz, integrate)

    def _step(self, span, dt, t_prev, now, ax, ay, az, gx, gy, gz, integrate):
        """One step of the fusion and the phase machine: span (ms) the samples covered, dt (ms) since the
        last step, mean accelerometer and gyro. Returns EV_* bits."""
        ev = 0
        still = self.still.update(span, ax, ay, az, gx, gy, gz)
        if not self.calibrated:
            if still and self.tracker.set_rest(self.still.mean_ax, self.still.mean_ay, self.still.mean_az):
                self.bx, self.by, self.bz = self.still.mean_gx, self.still.mean_gy, self.still.mean_gz
                self.calibrated = True
                self.phase = PH_REST
                self.machine.reset()
                self.still.restart()
                return ev | EV_CALIBRATED | EV_PHASE
            return ev

        wx = gx - self.bx
        wy = gy - self.by
        wz = gz - self.bz
        tr = self.tracker
        tr.update(span * 0.001, ax, ay, az, wx, wy, wz, integrate)
        if not integrate:
            tr.snap_to_accel(ax, ay, az)
        # lift rate: two one-pole low-pass stages (dt-aware: step spacing is not uniform)
        a = dt / (RATE_TAU_MS + dt) if dt > 0 else 0.0
        self.f1 += a * (tr.rate - self.f1)
        self.f2 += a * (self.f1 - self.f2)
        rate = self.f2
        elev = tr.elev
        self.angle = elev
        self.rate = rate
        sd = tr.side_deg
        if self.side == "L":
            sd = -sd
        self.sideways = sd

        m = self.machine
        r = m.step(t_prev, now, elev, rate, sd)
        ph = m.phase
        if ph == PH_RAISE:
            self.axis_sx += wx
            self.axis_sy += wy
            self.axis_sz += wz
        if r:
            if r & phases.R_PHASE:
                ev |= EV_PHASE
            if r & phases.R_START:
                ev |= EV_REP_START
                self.axis_sx = self.axis_sy = self.axis_sz = 0.0
            if r & phases.R_PARTIAL:
                ev |= EV_PARTIAL
                if not self.axis_confirmed:
                    tr.has_axis = False  # learned from a wobble: learn again from the next lift
                    tr.clear_axis_sum()
            if r & phases.R_DONE:
                ev |= self._rep_done(now)
        self.phase = ph
        if ph == PH_HOLD:
            self.hold_ms = int(now - m.raise_end)
            rms = m.hold_rms(now)
            s = 100 - int(100.0 * rms / (2.0 * self.targets.wobble_dps))
            self.hold_steady = s if s > 0 else 0
        elif ph == PH_LOWER:
            self.lower_ms = int(now - m.lower_t0)
            self.lower_pace = self.lower_ms / (self.judge.lower_ms + 1.0)
        elif ph == PH_REST and not tr.has_axis and elev < 2.0:
            tr.clear_axis_sum()

        if still:
            ev |= self._still_block(ph, elev)
        return ev

    # -- less frequent paths ---------------------------------------------------------------------------
    def _still_block(self, ph, elev):
        """A still block ended: refresh the gyro bias, follow the rest pose, notice a moved strap."""
        st = self.still
        ev = 0
        dx, dy, dz = st.mean_gx - self.bx, st.mean_gy - self.by, st.mean_gz - self.bz
        # (the length of the difference, not each axis: how the strap sits must not change what is bias)
        if (ph == PH_REST or ph == PH_HOLD) and dx * dx + dy * dy + dz * dz < BIAS_MAX * BIAS_MAX:
            self.bx += 0.5 * dx
            self.by += 0.5 * dy
            self.bz += 0.5 * dz
        tr = self.tracker
        m = self.machine
        far = tr.rest_offset_cos() < SLIP_COS
        # still, far from rest, and for longer than any pause at the top: the strap was put on or moved
        # (e.g. calibrated on a table, then strapped on)
        if far and self.now - self.last_still <= BLOCK_GAP_MS:
            self.far_still_ms += self.now - self.last_still
        else:
            self.far_still_ms = 0
        self.last_still = self.now
        near_rest = ph == PH_REST or (ph >= PH_HOLD and elev < 0.5 * m.peak_elev)
        if self.far_still_ms >= RESTRAP_MS:
            self.far_still_ms = 0
            tr.set_rest(st.mean_ax, st.mean_ay, st.mean_az)
            if not self.axis_confirmed:
                tr.has_axis = False
                tr.clear_axis_sum()
            self.machine.reset()
            self.slips += 1
            ev |= EV_SLIPPED | EV_PHASE
        elif near_rest:
            # in a rep, the leg may pause on its way down: only a longer stillness there is a moved strap
            if far and (ph != PH_REST and self.far_still_ms >= SLIP_IN_REP_MS or ph == PH_REST and self.axis_confirmed):
                # still, down, and not where the rest pose was: the strap moved
                if ph != PH_REST:
                    r = m.finish_now(self.now)
                    if r & phases.R_DONE:
                        ev |= self._rep_done(self.now)
                    ev |= EV_PHASE
                tr.set_rest(st.mean_ax, st.mean_ay, st.mean_az)
                self.slips += 1
                ev |= EV_SLIPPED
            elif ph == PH_REST:
                tr.nudge_rest(0.3)
        st.restart()
        return ev

    def _gap(self):
        """Samples stopped: a rep in progress is dropped, the pose will be re-taken from the accelerometer."""
        self.gaps += 1
        ev = EV_GAP
        if self.machine.phase != PH_REST:
            ev |= EV_PHASE
        self.machine.reset()
        self.machine.last_end = -1.0
        self.still.restart()
        self.f1 = self.f2 = 0.0
        return ev

    def _rep_done(self, now):
        m = self.machine
        rep = self._rep
        rep.clear()
        self.reps += 1
        rep.index = self.reps
        rep.side = self.side
        rep.start_ms = ticks_add(self.t_mid, int(m.r_start - now))
        rep.end_ms = ticks_add(self.t_mid, int(m.r_end - now))
        rep.raise_ms = int(m.r_raise + 0.5)
        rep.hold_ms = int(m.r_hold + 0.5)
        rep.lower_ms = int(m.r_lower + 0.5)
        rep.reset_ms = int(m.r_start - m.last_end + 0.5) if m.last_end >= 0.0 else -1
        m.last_end = m.r_end
        rep.peak_deg = m.peak_elev
        rep.raise_peak_dps = m.raise_peak
        rep.lower_peak_dps = m.lower_peak
        rep.hold_wobble_dps = m.r_wobble
        rep.hold_range_deg = m.r_range
        rep.lower_smooth = m.r_smooth
        rep.drift_deg = m.drift
        self.judge.judge(rep)
        m.min_range_deg = self.judge.min_range_deg  # learned with an auto target
        self.last_rep.copy_from(rep)
        ev = EV_REP_DONE
        if self.stats.add(rep) and not self._fatigue_sent:
            self._fatigue_sent = True
            ev |= EV_FATIGUE
        # The lift axis follows each rep's own (the gyro during its raise): a rep that drifted outward
        # tilts it, so it moves only part of the way; a jump larger than any drift means the strap moved.
        tr = self.tracker
        x, y, z = self.axis_sx, self.axis_sy, self.axis_sz
        n = (x * x + y * y + z * z) ** 0.5
        if n > 0.0:
            c = tr.axis_angle_cos(x, y, z)
            if self.axis_confirmed and c < AXIS_SLIP_COS:
                # One rep far off may be a big drift outward; two in a row about the same axis are a strap
                # that turned around the leg.
                px, py, pz = self.off_x, self.off_y, self.off_z
                pn = (px * px + py * py + pz * pz) ** 0.5
                if pn > 0.0 and (px * x + py * y + pz * z) / (pn * n) > AXIS_SLIP_COS:
                    tr.set_axis(x, y, z)
                    self.slips += 1
                    ev |= EV_SLIPPED
                    x = y = z = 0.0
                self.off_x, self.off_y, self.off_z = x, y, z
            elif self.axis_confirmed and rep.drift_deg < 0.5 * self.targets.drift_deg:
                self.off_x = self.off_y = self.off_z = 0.0
                # only reps that stayed in their plane teach the axis
                k = AXIS_FOLLOW / n
                tr.set_axis(tr.ux + k * x, tr.uy + k * y, tr.uz + k * z)
        self.axis_confirmed = True
        return ev

    def fault_names(self):
        return faults.names(self.last_rep.faults)
