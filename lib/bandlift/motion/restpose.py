"""The rest pose and the strap, as the core acts on them: at each still window (about twice a second) the gyro
bias is refreshed, the rest pose followed and what strap.py's StrapWatch decided is done; at a rep's end a
"rep" that was the strap being handled or moved is told from a lift.

These are MotionCore's methods (core.py binds them in its class body, as it does intake.py's less frequent
paths: a method found in the class itself costs the board less on every call than one found in a base class);
handled() is called at a rep's end. None of them is on the per-sample or per-step path.
"""

import math

from bandlift.compat import const
from bandlift.motion import repend
from bandlift.motion import strap
from bandlift.motion.events import (
    EV_CALIBRATED, EV_PARTIAL, EV_PHASE, EV_SLIPPED, PH_CALIBRATING, PH_HOLD, PH_LOWER, PH_REST, SLIP_OTHER_LEG,
    SLIP_SHIFT, SLIP_TURNED)

# The gyro bias is the mean of the still windows' (the last _BIAS_N's, a running mean): one window of a leg
# swaying on one leg is off by up to 5 deg/s, because at ~1 Hz a thigh swings like a pendulum whose accelerometer
# barely tilts (its own acceleration cancels gravity's turn), so the sway's rate over half a second is not seen;
# over several seconds of windows it averages out. A window more than _BIAS_MAX off is a move, not a bias.
_R_DONE = const(4)  # repend.finish_now's bits, declared again (a test keeps them equal): a rep done ...
_R_PARTIAL = const(8)  # ... a lift that was not a rep
_BIAS_MAX = const(0.1)  # rad/s (5.7 deg/s)
_BIAS_N = const(6)  # 3 s of still windows: a period of the slowest sway (0.2-0.4 Hz)
_KEEP_AXIS_COS = const(0.866)  # cos(30 deg): a strap that slipped less than this keeps its learned lift axis
_HANDLING_SIDE_DEG = const(50.0)  # a "rep" this far out of the lifting plane, or this high, is the strap being
_HANDLING_PEAK_DEG = const(165.0)  # handled, not a lift (a knee-bent lift takes the thigh to 120 deg at the hip and
# the pelvis tilting back adds up to 30 against gravity; a board turned over reads 180)
# ... though above 66 deg the side angle is read through tracker.py's 0.4 bound on cos(elevation) and a big lift's
# 20 deg abduction reads 60-80 deg (knee-bent lifts to 110 deg): there only the turn about rest-up tells the strap
# handled (handled(), below)


def _forget_pose(self):
    """Wait for a still moment to learn the rest pose again (the bias is kept once known), and the lift axis."""
    _repose(self)  # (calibrated and _posed False; calibrated also needs a strap change confirmed)
    self.tracker.reset()
    self.axes.clear()
    self.axis_sx = self.axis_sy = self.axis_sz = 0.0


def _bias_add(self, dx, dy, dz):
    """Add a still window to the gyro bias's running mean (dx, dy, dz: the window's mean rate minus the bias)."""
    n = self.count + 1
    self.count = n if n < _BIAS_N else _BIAS_N
    f = 1.0 / n
    self.bx += f * dx
    self.by += f * dy
    self.bz += f * dz


def _still_window(self, ph, elev):
    """A still window ended: refresh the gyro bias, follow the rest pose, notice a moved strap."""
    st = self.still
    ev = 0
    dx, dy, dz = st.mean_gx - self.bx, st.mean_gy - self.by, st.mean_gz - self.bz
    # (the length of the difference, not each axis: how the strap sits must not change what is bias)
    if (ph == PH_REST or ph == PH_HOLD) and dx * dx + dy * dy + dz * dz < _BIAS_MAX * _BIAS_MAX:
        _bias_add(self, dx, dy, dz)
    m = self.machine
    tr = self.tracker
    if m.last_end >= 0 and not self.reps:
        # the first rep, held at its end (core.py's _rep_done): it stopped past the start pose, having risen
        # slower than it came down. Past it by 3 deg both as the pose reads and as this window's gravity shows it
        # (sin 3 deg, 0.052 of |a|): after a fast drop the accelerometer is still pulling the pose back when the
        # gyro is already still (a knee-bent lift dropped at 490 deg/s read 4.8 deg past, its gravity 1.0)
        if ph != PH_REST or elev > -3 or st.mean_ax * tr.e3x + st.mean_ay * tr.e3y + st.mean_az * tr.e3z > -0.052 * (
                st.mean_ax * st.mean_ax + st.mean_ay * st.mean_ay + st.mean_az * st.mean_az) ** 0.5:
            ev = self._rep_done(-1)  # the leg did not stand there: it was a rep
        else:
            # the set began with the leg held up and the lever test did not say so: the rep was read upside down
            from bandlift.motion import lever  # (let go at once: strap.rep_done)

            return lever.turn_over(self)
    low = ph >= PH_HOLD and elev < 0.5 * m.peak_elev
    sw = self.strap
    act = sw.still(self.now, ph == PH_REST, low, elev, tr.side_deg, st.mean_ax, st.mean_ay,
                           st.mean_az)
    if act == strap.ACT_NUDGE:
        if elev < 0 or self.rate < 2 or not self.reps:
            # (a pose held or swaying: followed, and before the first rep whatever it does: people settle. Once
            # they have lifted, not a pose still rising at 2 deg/s or more: a small lift at 3-5 deg/s passes as
            # still, and each window took 30 % of it, until a 6 deg lift never reached the 4 deg a rep starts at)
            tr.nudge_rest(0.3)
        if not self.calibrated:
            self.calibrated = True  # the re-learned axis held through a rep and back to rest
            ev |= EV_CALIBRATED
    elif act == strap.ACT_HANDLED:
        # the rest pose is where it was: the next still moment at rest confirms it (EV_CALIBRATED), and a
        # turned lift axis is found at the next lift as ever (the reps before the change no longer vote); a
        # board that was taken off the leg may face any way now: its axis is learned from the next lift
        self.axes.clear()
        if sw.slip_kind == SLIP_OTHER_LEG:
            tr.forget_axis()
        ev |= self._slipped(sw.slip_kind)
    elif act == strap.ACT_FIX_START:
        # the set began with the leg up: this is the rest pose; the axis comes from the next lift
        tr.forget_axis()
        tr.set_rest(st.mean_ax, st.mean_ay, st.mean_az)
        m.reset()
        sw.restart()
        # the question is answered: the pause at the top of the first rep is no start to fix again (the lever
        # test, as read off a raise, and the square test of a board off square by the lift's height say so there)
        sw.lv[13] = 3.0
        ev |= EV_CALIBRATED | EV_PHASE
    elif act == strap.ACT_SETTLED and ph == PH_LOWER and elev < m._rest_band():
        # a slow small lowering (3-6 deg/s: a still window's cone) inside its rest band: not short of rest, and
        # still on its way down (ended there, its last second is cut off and its flank cannot be fitted); the
        # phase machine ends it where its speed does
        pass
    elif act == strap.ACT_SETTLED:
        # a rep came down to rest short of the old rest pose (a heel that slid): it ends, this is the rest. Still
        # in its pause by the phase machine, it came down too slowly for the speed to see through sway: once the
        # person has done reps, that is a lowering; before, a leg that tilted and crept back as it settled (the
        # resting leg of UCI s2/e3/u1, lying: 13 and 20 deg "lifts" that crept down over 7-20 s)
        r = repend.finish_now(m, self.now, self.reps > 0)
        if r & _R_DONE:
            ev |= self._rep_done(self.now) | self._rep_done(-1)  # (held: counted before the reset forgets it)
        elif r & _R_PARTIAL:
            ev |= EV_PARTIAL
        tr.set_rest(st.mean_ax, st.mean_ay, st.mean_az)
        m.reset()
        ev |= EV_PHASE
    elif act == strap.ACT_REREST:
        if ph >= PH_LOWER and repend.finish_now(m, self.now) & _R_DONE:
            ev |= self._rep_done(self.now) | self._rep_done(-1)  # (held: counted before the pose is forgotten)
        ev |= self._slipped(sw.slip_kind)
        # a strap that moved far has a new lift axis too; one that slipped a little keeps a confirmed one
        if sw.slip_kind == SLIP_SHIFT and sw.confirmed and tr.vx * tr.v0x + tr.vy * tr.v0y + tr.vz * tr.v0z > _KEEP_AXIS_COS:
            self._repose()
        else:
            self._forget_pose()
    st.restart()
    return ev


def _repose(self):
    """Re-learn the rest pose at the next still window, keeping the lift axis."""
    self.calibrated = self._posed = False
    self.phase = PH_CALIBRATING
    self.machine.reset()
    self.still.restart()
    self.strap.restart()


def _slipped(self, kind):
    self.slips += 1
    self.slip_kind = kind
    self.calibrated = False
    return EV_SLIPPED | EV_PHASE


def handled(self):
    """A rep ended (the core's _rep_done): the EV_* bits when it was the strap being handled or moved, not a lift
    (it is not counted then), else 0."""
    m = self.machine
    tr = self.tracker
    st = self.strap
    r = tr.ref
    if st.handled and not st.rested or m.peak_elev > _HANDLING_PEAK_DEG and not (
            r[9] < 0.77 and r[8] > (1.1 if m.drift < 20 else 1.2) * math.acos(r[9])):
        # the change was said as the hand let go of the board, and the leg has not stood still since: the hand is
        # still at it (putting the strap on, fastening it), no lift. Or the strap being handled, not a lift; unless
        # gravity, read where the movement turned slowly at its farthest
        # (stillness.py's scale check: ref[9], ref[8]), went 40 deg or more from the last still moment and the gyro
        # had turned over 1.2 times as far by then: a lift of 110-130 deg through a gyro 1.3-1.6x off scale reads
        # past 165 deg and comes back to rest (a board turned over by hand reads 180 by gravity too). 1.1 times
        # for a movement that stayed within 20 deg of the lifting plane: at a pause-free top the hip decelerates
        # with the leg (its acceleration along the thigh) and the smoothed accelerometer goes on turning as the leg
        # starts back, so gravity reads 8-12 deg past the pose and a 1.3x gyro's tall lifts (thigh to 135-150 deg)
        # read 1.13-1.2x; a hand turning the board over tips it out of the plane (other_leg_rest, dev seeds: 31-91
        # deg, at 0.84-1.2x), the lifts stay within 16 deg of it
        return EV_PHASE
    if m.drift > _HANDLING_SIDE_DEG and m.peak_elev < 66:
        # Far out of the lifting plane: the strap being handled, not a lift; unless no rep has confirmed that
        # plane and this lift's own axis (its raise's gyro, the part across rest-up) lies more than 30 deg
        # from it: the plane was then learned from the lift's first 5 deg, which may turn another way (a
        # leg lying on its side rolls about its length as it sets off: UCI s2 e4 read 86-90 deg "sideways"),
        # and the lift is a rep about its own axis. (A hand tips the board about one axis from its start.)
        x, y, z = self.axis_sx, self.axis_sy, self.axis_sz
        d = x * tr.v0x + y * tr.v0y + z * tr.v0z
        c = x * tr.ux + y * tr.uy + z * tr.uz
        if st.confirmed or c * c > 0.75 * (x * x + y * y + z * z - d * d) or not tr.set_axis(x, y, z):
            return EV_PHASE
    # A lift turns the leg out and back about the hip: from rest to rest the board's turn about rest-up sums
    # to nothing but a leg's twist and the gyro's drift (real reps: 22 deg at most, UCI s2 seated knee
    # extension; the athlete's 3-8 deg). A "rep" back at rest turned further about rest-up was the strap
    # moved on the leg or to the other one (a hand takes the board off, tips it, puts it on facing another
    # way): 0.52 rad (30 deg).
    # A hand can also put it back facing as it did (on the other leg, within 30 deg): then what tells is how
    # the "lift" began. It left a confirmed lifting plane (more across it than along it, 12 deg up:
    # strap.step re-learned the axis, pending < -1) though the strap never turned on the leg: a strap turns
    # about the hanging leg, which the gyro sees at rest (it saw under 8 deg), unless the samples stopped
    # (st.gaps). A leg whose strap sits where it sat lifts in its plane; the board that left it, with no
    # turn of the strap seen, and tumbled more than 50 deg from rest (strap.HANDLED_COS: what the core reads
    # as the strap taken off) was turned by a hand, not by the hip. (A leg that rolls about its length or
    # swings about rest-up as it sets off, UCI s2 e4 lying on the side, leaves the plane too, and stays
    # within 40 deg of rest: 34-39 deg.)
    # The board's net turn about rest-up from rest to rest is not the gyro's turn about gravity: a leg raised 110
    # deg, swung out 20 deg at the top and brought in once down turns 26-35 deg about rest-up by the gyro (the
    # solid angle gravity's path encloses) and is back where it was (the athlete's drift_loop). It is how far a
    # direction fixed in the room, carried by the gyro alone from the last still moment at rest or rep's end
    # (tracker.py: r[16:19] then, r[13:16] now), turned about rest-up: exact along any path (a sum of the path's
    # solid angle from the elevation, taken every 60 ms above 29 deg, read a swung-out rep with a fast drop as
    # 33-53 deg: three missed reps in 200 swing_out sets, each said as the strap moved), and blind to the
    # accelerometer's pull, which a fast drop leans over.
    # Turned more than 30 deg? The next rep's turn is measured from here: from rest to rest with no still moment
    # between (pause-free reps)
    d = tr.rebase()
    # A person lifts about as high as their highest rep (either leg) or to their target (the level's, or the median of
    # their first lifts); a hand tips the board 60-120 deg whatever their range. A "lift" after a rep of the set
    # that left the confirmed plane (strap.step re-learned the axis near the old one: pending -1; or drift past
    # 45 deg) and went 1.4 times the larger of the two both as read (a gyro off scale reads a 58 deg lift as 160:
    # gravity tells) and as gravity shows it (the smoothed accelerometer of a real side-lying lift of 41-48 deg
    # reads 63-74: the reading tells), over 50 deg from rest with no sample lost, was the strap moved (the
    # athlete's reps that leave the plane reach 1.06 times it, its handlings that end facing within 30 deg of
    # where the board faced 1.5-3.1 times). Not from 10 deg out of the plane: a hand tipping the board about an
    # axis 12-36 deg from the lifting axis leaves the plane by as much and is then counted as a rep, but so does
    # a person's kick that swings out (KICK and DRIFT, 16-25 deg out, 1.5 times their height), a rep to count
    x = max(self.peak, self.target_deg or 0.0) if self.peak else 0.0
    if d or st.min_cos < strap.HANDLED_COS and not st.gaps and (
            st.pending < -1 or (st.pending or m.drift > 45) and x and m.peak_elev > 1.4 * x
            and st.min_cos < math.cos(0.0244 * x)):
        # the strap was moved (said now, as the hand lets go); the rest pose stands (gravity is where it
        # was), the lift axis is learned from the next lift
        kind = SLIP_OTHER_LEG if st.min_cos < strap.HANDLED_COS else SLIP_TURNED
        tr.forget_axis()
        self.axes.clear()
        st.restart()
        st.handled = True  # (said: the next lift does not say it again)
        return self._slipped(kind)
    return 0
