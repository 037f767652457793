"""The motion core: IMU samples in, counted, phased and scored reps out.

    core = MotionCore(Targets())
    ev = core.feed(now_ms, ax, ay, az, gx, gy, gz)   # every sample; returns EV_* bits

Samples are in adafruit_lsm6ds units (m/s^2 with gravity, rad/s); now_ms is a supervisor.ticks_ms() tick that
wraps at 2**29. feed() (below) never raises and allocates nothing on the way of an ordinary sample: the
state is preallocated and the results are read from attributes (see docs/design.md for the list). The event,
phase and slip numbers live in events.py.
The stages: feed() and intake.py (sample checks, blocks) -> stillness.py (still windows, bias, the gyro's scale) -> tracker.py (leg angle)
-> phases.py with flank.py (rep phases) -> judge.py (faults, score) -> stats.py (the set); strap.py watches
the rest pose and the strap (restpose.py acts on what it sees), axisvote.py's AxisVote learns the lift axis over
reps. Every time the core keeps is integer ms.
"""

# (the largest stages compile first, while the heap is emptiest: compiling takes several times the code's size;
# `python -m sim.device.heapcheck` checks an order on the board's layout, sim/device/heap_calibration.md says why)
from bandlift.motion import phases
from bandlift.motion import stillness
from bandlift.motion import restpose
from bandlift.motion.strap import StrapWatch
from bandlift.motion.tracker import Tracker
from bandlift.motion.axisvote import AxisVote
from bandlift import faults
from bandlift.compat import const
from math import sqrt
from bandlift.motion import intake
from bandlift.motion.judge import Judge
from bandlift.motion.stats import Rep, SetStats
from bandlift.motion.events import (  # noqa: F401 (the numbers: re-exported for the tools and tests)
    EV_BAD_SAMPLE, EV_FATIGUE, EV_GAP, EV_REP_DONE, EV_SLIPPED, PH_CALIBRATING, SLIP_FLIPPED, SLIP_OTHER_LEG,
    SLIP_SHIFT, SLIP_TURNED)

# The numbers feed() and the per-step path compare with, declared again under the names they have where they are
# defined (events.py, intake.py, phases.py, flank.py, strap.py; a test keeps them equal): a name imported from another
# module costs a lookup at every use, a constant is folded in
_STEP_MS = const(30)
_LATE_MS = const(60)
PH_REST = const(1)
PH_RAISE = const(2)
PH_HOLD = const(3)
PH_LOWER = const(4)
EV_CALIBRATED = const(1)
EV_PHASE = const(2)
EV_REP_START = const(4)
EV_PARTIAL = const(16)
_GYRO_LIMIT2 = const(1600.0)  # (rad/s)^2
_SPIKE_STEP = const(13.5)  # rad/s
_R_PHASE = const(1)  # what PhaseMachine.step reports
_R_START = const(2)
_R_DONE = const(4)
_R_PARTIAL = const(8)
_RING = const(160)  # the flank ring's step is _step's (flank.py has no push of its own)
_KEEP_MS = const(60)
_LEAK_MS = const(5000.0)
_HANDLED_COS = const(0.643)  # strap.HANDLED_COS: the board tumbled 50 deg from rest, the strap taken off

_RATE_TAU_MS = const(10.0)  # two one-pole low-pass stages on the lift rate (tremor at 8-12 Hz)


class MotionCore:
    # The less frequent paths of the intake (intake.py), bound here: on the board a method is found in the class's
    # own dict. (No property either: with one, every attribute store would search the class for it first.)
    restart_intake = intake.restart_intake
    _reject = intake._reject
    _odd_time = intake._odd_time

    # -- the per-sample path ---------------------------------------------------------------------------
    def feed(self, now_ms, ax, ay, az, gx, gy, gz):
        """One sample. Returns EV_* bits. Never raises on bad input: bad samples are counted and skipped.

        An ordinary sample is only checked and its gyro added to the block; every _STEP_MS the block goes
        through the fusion and the phase machine (_step), whose events this call then returns.
        """
        try:
            g2 = gx * gx + gy * gy + gz * gz
            # garbage (NaN fails every comparison) or a glitch: a gyro jump no leg can make in one step
            if not (ax * ax + ay * ay + az * az < 25600.0 and g2 < self.g2max):  # (intake.ACC_LIMIT2)
                return self._reject(g2)
            # ticks_diff inlined: ticks wrap at 2**29 (0x1FFFFFFF: TICKS_MAX, written out as the constants above
            # are: a name from another module is looked up on every sample); a jump back wraps to a large difference
            dt = (now_ms - self.t_last) & 0x1FFFFFFF
            if dt > _LATE_MS or dt == 0:
                return self._odd_time(now_ms, dt, ax, ay, az, gx, gy, gz)
            self.t_last = now_ms
            self.sgx += gx
            self.sgy += gy
            self.sgz += gz
            self.nblk += 1
            dt += self.sdt
            self.sdt = dt
            if dt >= _STEP_MS:
                return self._step(True, ax, ay, az)
            return 0
        except (TypeError, ValueError, OverflowError, ZeroDivisionError):
            if not isinstance(now_ms, int):
                try:
                    t = int(now_ms)  # a float tick is accepted as the tick it stands for
                except (TypeError, ValueError, OverflowError):
                    t = None
                if t is not None:
                    return self.feed(t, ax, ay, az, gx, gy, gz)
            self.bad_samples += 1
            return EV_BAD_SAMPLE

    def __init__(self, targets, side=None):
        self.still = stillness.StillDetector(self)
        self.tracker = Tracker()
        self.machine = phases.PhaseMachine()
        self.strap = StrapWatch(self.tracker)
        self.axes = AxisVote()
        self.judge = Judge(targets)
        self.stats = SetStats(targets)
        self.last_rep = Rep()
        self._rep = Rep()
        self.side = side
        self.bad_samples = 0
        self.gaps = 0
        self.slips = 0
        self.slip_kind = 0  # SLIP_* of the last EV_SLIPPED
        self.end = 0  # running clock of the last sample stepped (the end of the last block)
        # the intake's other clocks (now: of the last step, t_mid the tick at it) and per-sample state:
        # intake.restart_intake, called by recalibrate below
        self.set_targets(targets)
        self.recalibrate()

    # -- control -------------------------------------------------------------------------------------
    def set_targets(self, targets):
        self.targets = targets
        self.judge.set_targets(targets)
        self.target_deg = self.judge.target_deg
        self.stats.set_targets(targets)
        self.machine.set_min_range(targets.min_range_deg)

    def new_set(self, side=None):
        """Start a new set (keeps the other side's figures for the LSI). The calibration is kept, on either leg:
        the strap watch sees the strap moved to the other leg (EV_SLIPPED, then EV_CALIBRATED once the rest pose
        and the lift axis are learned again), whenever the hand moves it, before or after this call."""
        self.side = side
        self.reps = 0
        self.judge.restart()
        self.target_deg = self.judge.target_deg  # current target (deg), None until learned when auto
        self.stats.new_set()
        self.machine.reset(False)
        self.machine.set_min_range(self.judge.min_range_deg)
        self._fatigue_sent = False

    def recalibrate(self):
        """Forget the rest pose and the lift axis; wait for a still moment."""
        self.restart_intake()
        self.bx = self.by = self.bz = 0.0
        self.count = 0  # still windows in the bias's running mean (restpose._bias_add)
        self.f1 = self.f2 = 0.0
        self.angle = 0.0
        self.rate = 0.0
        self.sideways = 0.0
        self.hold_ms = 0
        self.hold_steady = 100
        self.lower_ms = 0
        # deg: the highest rep since (re)calibrating, on either leg (restpose.handled: how far this person lifts;
        # a hand moving the strap between sets tips the board 60-120 deg whatever that is)
        self.peak = 0.0
        self._forget_pose()
        self.new_set(self.side)

    # the rest pose's and the strap's decisions (restpose.py), bound as intake.py's are
    _forget_pose = restpose._forget_pose

    # -- one step of the fusion and the phase machine (feed() and intake.py call it) -------------------
    def _step(self, integrate, ax, ay, az):
        """A block of samples is complete: one step of the fusion and the phase machine on the mean gyro of the
        block's samples, timed at their middle, and the accelerometer of its last sample (where the gyro leaves
        the pose; the accelerometer is low-passed downstream anyway). integrate False after a stall. Returns
        EV_* bits. (The block's part is intake.py's, here to save the board a call per step.)"""
        k = self.nblk
        f = 1.0 / k
        gx, gy, gz = self.sgx * f, self.sgy * f, self.sgz * f
        span = self.sdt  # ms the samples covered
        self.sgx = self.sgy = self.sgz = 0.0
        self.nblk = 0
        self.sdt = 0
        self.rejects = 0
        # a glitch is a reading this much faster than this step's mean (squared lengths)
        lim = sqrt(gx * gx + gy * gy + gz * gz) + _SPIKE_STEP
        lim *= lim
        self.g2max = lim if lim < _GYRO_LIMIT2 else _GYRO_LIMIT2
        # evenly spaced samples: their middle is (k-1)/(2k) of the span before the last one
        mid = span * (k - 1) // (2 * k)
        self.end += span
        t_prev = self.now  # running-clock ms of the last step and this one
        now = self.end - mid
        self.now = now
        self.t_mid = (self.t_last - mid) & 0x1FFFFFFF  # (TICKS_MAX)
        dt = now - t_prev
        ev = 0
        st = self.still
        tr = self.tracker
        m = self.machine
        k = tr.gain  # the gyro's scale as gravity showed it (stillness.py's scale check); the bias is in its units
        if k != 1.0:  # (1 unless a scale was corrected: three products a step saved)
            gx *= k
            gy *= k
            gz *= k
        still = st.update(span, ax, ay, az, gx, gy, gz, m.phase < PH_RAISE)
        if not self._posed:
            if still and st.bias_ok() and tr.set_rest(st.mean_ax, st.mean_ay, st.mean_az):
                # (the first window is the bias; a pose learned again adds its window to the mean)
                restpose._bias_add(self, st.mean_gx - self.bx, st.mean_gy - self.by, st.mean_gz - self.bz)
                self._posed = self.calibrated = True
                self.phase = PH_REST
                m.reset()
                self.strap.restart()
                st.restart()
                return ev | EV_CALIBRATED | EV_PHASE
            return ev

        wx = gx - self.bx
        wy = gy - self.by
        wz = gz - self.bz
        if tr.update(span * 0.001, ax, ay, az, wx, wy, wz, integrate) and stillness.far(self):
            # the gyro is off scale (gravity shows it in one lift): re-read the lift through the right one, before
            # a rep that ends in this step is judged by it (the phase machine goes on next step)
            return ev | EV_PHASE
        if not integrate:
            tr.snap_to_accel(ax, ay, az)
        if not self.reps and self.count > 2:
            # before the first rep, once the bias is the mean of 3 still windows (one window of a swaying leg is off
            # by up to 5 deg/s: gravity carried through it leans the lever test over): its sums (strap.py: did
            # the set begin with the leg up?)
            self.strap.lever(ax, ay, az, wx, wy, wz, span * 0.001 if integrate else 0.0)
        if still and stillness.still(self, st.mean_ax, st.mean_ay, st.mean_az):
            # the gyro was off scale: the core learns again what it learned through it, before a rep that ends
            # in this step is judged by angles read through the wrong scale (the phase machine goes on next step)
            return ev | EV_PHASE
        # lift rate: two one-pole low-pass stages (dt-aware: step spacing is not uniform)
        a = dt / (_RATE_TAU_MS + dt) if dt > 0 else 0.0
        q = tr.rate
        f1 = self.f1
        f1 += a * (q - f1)
        rate = self.f2
        rate += a * (f1 - rate)
        self.f1 = f1
        self.f2 = rate
        elev = tr.elev
        self.angle = elev
        self.rate = rate
        sd = tr.side_deg
        if self.side == "L":
            sd = -sd
        self.sideways = sd

        # how far the board went from rest as gravity (the smoothed accelerometer, over g: a handled board's reads g
        # within ~10 %) shows it, in every phase (a hand's tumble can come in a sway's "pause": strap.HANDLED_COS); not
        # the pose, which a gyro read through a wrong scale carries 120 deg on a 45 deg lift
        c = (tr.lax * tr.v0x + tr.lay * tr.v0y + tr.laz * tr.v0z) * 0.10197
        if c < self.strap.min_cos:
            self.strap.min_cos = c
        if m.phase <= PH_RAISE and self.strap.step(m.phase == PH_REST, elev, tr.side_deg, wx, wy, wz,
                                                   self.last_rep.peak_deg, span * 0.001):
            # the lift left the learned plane: the strap turned; the axis is the lift's own from now on (the
            # rep goes on, measured about it from the next step). Said now when the gyro saw the strap turn,
            # else once the lift is counted (the board turned over by hand looks like a sideways lift at first)
            if self.strap.pending == 0 and not self.strap.handled:
                ev |= self._slipped(self.strap.slip_kind)
            self.axes.clear()
            m.axis_changed()
            return ev
        # (the pose is the block's last sample's: the gyro is integrated to its end) the flank ring's step (self.end,
        # span, q, elev), only here, no call at every step (tests/test_core_flank.py's _push keeps the two the same)
        fl = m.flank
        a = (fl.angle if fl.n else elev) + q * span * 0.001
        a += (elev - a) * span / _LEAK_MS
        fl.angle = a
        if self.end - fl.t_last >= _KEEP_MS:
            n = fl.t_last = self.end
            k = fl.i
            fl.t[k] = n
            fl.x[k] = a
            fl.i = k + 1 if k < _RING - 1 else 0
            if fl.n < _RING:
                fl.n += 1
        r = m.step(t_prev, now, elev, rate, sd)
        ph = m.phase
        if ph == PH_RAISE:
            self.axis_sx += wx
            self.axis_sy += wy
            self.axis_sz += wz
        if r:
            if r & _R_PHASE:
                ev |= EV_PHASE
            if r & _R_START:
                ev |= EV_REP_START
                ev |= self._rep_done(-1)  # (a first rep held at its end is counted before this one)
                self.axis_sx = self.axis_sy = self.axis_sz = 0.0
                if self.strap.min_cos < _HANDLED_COS and not self.strap.handled:
                    # a lift that begins with the board tumbled off rest since the last rep, and no still moment at
                    # rest since (one says the change: strap.still), is a hand's: tipped off the lifting plane, or
                    # a tug as it fastens the strap. Said now; no rep until the leg stands still (restpose.handled)
                    self.strap.handled = True  # (no local: each one more is a slot cleared at every step's call)
                    self.strap.rested = False
                    self.strap.pending = 0  # (as strap.still's saying of it: nothing left to say at a rep)
                    self.axes.clear()
                    ev |= self._slipped(SLIP_OTHER_LEG)
            if r & _R_PARTIAL:
                ev |= EV_PARTIAL
                if not self.strap.confirmed:
                    tr.forget_axis()  # learned from a wobble: learn again from the next lift
            if r & _R_DONE:
                ev |= self._rep_done(now)
        self.phase = ph
        if ph == PH_HOLD:
            self.hold_ms = now - m.raise_end
            if not self.reps and tr.ref[11] < 1 and -10.0 < rate < 10.0:
                # Before the first rep, in a pause from its first step (under 10 deg/s), after a movement that never
                # turned faster than 57 deg/s since the last still moment (ref[11], squared rad/s; sway at its 8 deg/s
                # read through a 5x gyro is 40): sway read through a gyro 2-5x too fast turns back at its top within
                # 50-140 ms, and no turn that slow tilts the smoothed accelerometer across a lift (a kick's catch does),
                # so that reading, 1 g within 5 %, is the pose within the sway's 2 deg. A "lift" the gyro carried over 3
                # times as far as gravity shows, gravity never 3 deg (cos 0.9986) from the last still moment at a slow
                # moment of it and under 2.5 deg from rest now, is that sway (2 deg at 8 deg/s read as a lift at 25-40
                # deg/s). No rep: the pose is gravity's, and an axis learned from the sway is forgotten (the lift read
                # about it backwards or sideways is lost)
                q = sqrt(tr.lax * tr.lax + tr.lay * tr.lay + tr.laz * tr.laz)
                if 9.41 < q < 10.3:
                    ax, ay, az = tr.lax / q, tr.lay / q, tr.laz / q
                    q = ax * tr.v0x + ay * tr.v0y + az * tr.v0z
                    q = sqrt(abs(2.0 - 2.0 * q))  # (rad: acos, to 0.1 % under 5 deg)
                    # (2.5 deg and 3x in rad: 0.0436 and 3 * 57.3 deg/rad; abs(): a cos rounded past 1)
                    if q < 0.0436 and elev > 171.9 * q and tr.ref[9] > 0.9986:
                        tr.vx, tr.vy, tr.vz = ax, ay, az
                        m.reset()
                        if not self.strap.confirmed:
                            tr.forget_axis()
                        self.phase = PH_REST
                        return ev | EV_PARTIAL | EV_PHASE
            # the pause's speed spread so far (deg/s RMS; a method of the machine's once, inlined: a call a step)
            rms = now - m.hold_from
            if rms <= 0:
                rms = 0.0
            else:
                rms = m.hold_sq / rms - (m.hold_s / rms) ** 2
                rms = sqrt(rms) if rms > 0.0 else 0.0
            s = 100 - int(100.0 * rms / (2.0 * self.targets.wobble_dps))
            self.hold_steady = s if s > 0 else 0
        elif ph == PH_LOWER:
            self.lower_ms = now - m.lower_t0
        elif ph == PH_REST and not tr.has_axis and elev < 2.0:
            tr.clear_axis_sum()

        if still:
            ev |= self._still_window(ph, elev)
        return ev

    # -- less frequent paths ---------------------------------------------------------------------------
    _still_window = restpose._still_window  # (restpose.py, as _forget_pose)
    _repose = restpose._repose
    _slipped = restpose._slipped

    def _rep_done(self, now):
        """A rep ended at running-clock ms now: its EV_* bits. now < 0: count the first rep if it was held at
        its end (below; filled then): it was a rep after all (0 if none is held)."""
        m = self.machine
        rep = self._rep
        if now >= 0:
            ev = restpose.handled(self)  # (the strap being handled or moved: not a rep)
            if ev:
                return ev
            rep.clear()
            rep.index = self.reps + 1
            rep.side = self.side
            m.fill(rep, now, self.t_mid)
            self.judge.judge(rep)
            self.target_deg = self.judge.target_deg  # learned with an auto target
            m.set_min_range(self.judge.min_range_deg)
            e = self.angle
            if not self.reps and e < -3.0 and self.tracker.has_axis:
                if e < -m.peak_elev:
                    # The first rep stopped further past the start pose than it rose above it: a set begun with the
                    # leg held up (10-12 deg, a board on the side of the leg saying nothing), its lowering read as the
                    # rise and the first raise as a fall past the start. Turned over now, at its top: the rep's end
                    # stands once the leg has stopped there for 300 ms (no still window need come first)
                    from bandlift.motion import lever  # (let go at once: strap.rep_done)

                    return lever.turn_over(self)
                if m.r_raise > (1.4 if e > -15.0 else 1.0) * m.r_lower:
                    # The first rep stopped past the start pose, having risen slower than it came down: a set begun
                    # with the leg held up reads so (restpose.py's _still_window) until the leg is seen standing
                    # there. Not counted until then: held as filled (the machine's last_end set, no rep counted).
                    return EV_PHASE
        elif self.reps or m.last_end < 0:
            tr = self.tracker
            if self.reps == 1 and tr.gain != 1.0 and m.phase == PH_RAISE and (
                    tr.sx * tr.sx + tr.sy * tr.sy + tr.sz * tr.sz < 0.0076):
                # the second lift sets off (not a gap, nor a rep's end) after a first rep whose gyro scale was
                # corrected, and no lift's start taught the axis (the tracker's sum never turned sin^2 5 deg: a gyro
                # 0.2-0.45x reads under the 15 deg/s it learns from; a 2-5x scale corrected forgot it): the whole first
                # raise stood in, a knee drifted out at its top in it, and the straight reps after it read DRIFT. This
                # lift's start teaches it. Not through a sound gyro: a slow small lowering is timed better about the
                # first raise than about the tilt from rest that stands in without an axis
                tr.forget_axis()
            return 0  # (none held: a rep filled and not counted is the first, held)
        self.reps += 1
        if rep.peak_deg > self.peak:
            self.peak = rep.peak_deg
        self._rep = self.last_rep  # the record the next rep fills: swapped, not copied (a copy of rep's
        self.last_rep = rep  # __dict__ was a 184-byte allocation at every rep's end on the board)
        ev = EV_REP_DONE
        if self.stats.add(rep) and not self._fatigue_sent:
            self._fatigue_sent = True
            ev |= EV_FATIGUE
        # The lift axis: each rep's own (the gyro during its raise), weighed against the last few reps'.
        self.axes.add(self.axis_sx, self.axis_sy, self.axis_sz)
        self.axes.consensus(self.tracker)
        kind = self.strap.rep_done()
        if kind:
            # the lift that left the plane was a rep: the strap turned. Calibrated at the next still moment at
            # rest (EV_CALIBRATED in the same step would clear the alert before anyone saw it)
            ev |= self._slipped(kind)
        elif not self.calibrated:
            self.calibrated = True  # a strap that turned: the new axis carried a whole rep
            ev |= EV_CALIBRATED
        return ev

    def fault_names(self):
        return faults.names(self.last_rep.faults)
