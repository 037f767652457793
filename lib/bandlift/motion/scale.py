"""The gyro's scale corrected (stillness.py's check found the readings converted for another range than the one set):
what was read through the wrong scale is read again. Loaded for that alone and let go at once (lifetime.py): a
scale is found once or twice in a session with such a gyro, never with a sound one."""

import math


def gain(core, k, turned, ax, ay, az):
    """Take scale k (the tracker's gain; gravity (ax, ay, az), unit, is the check's new reference): the rep under way
    is re-read from gravity, having turned `turned` rad from the last reference at its farthest."""
    tr = core.tracker
    ref = tr.ref
    s = core.strap
    m = core.machine
    p = 0.0
    # the pose at the last still moment, g (ref[0:3]), is a (deg) from rest, v0; the gyro's turn from there to the
    # farthest pose, P (ref[3:6]), turned it toward rest when P.(v0 x g) > 0 (a lift about u moves v0 along v0 x u)
    a = angle(ref[0], ref[1], ref[2], tr.v0x, tr.v0y, tr.v0z) * 57.29578
    toward = ref[3] * (tr.v0y * ref[2] - tr.v0z * ref[1]) + ref[4] * (tr.v0z * ref[0] - tr.v0x * ref[2]) \
        + ref[5] * (tr.v0x * ref[1] - tr.v0y * ref[0])
    if m.phase >= 2:  # (PH_RAISE: a rep under way)
        # a rep under way rose as high as the still poses since the last still moment show (deg, from rest):
        # the pose then, the pose now, and at least the farthest gravity went from the pose then less its height
        b = angle(ax, ay, az, tr.v0x, tr.v0y, tr.v0z) * 57.29578
        p = max(a, b, turned * 57.29578 - a)
        if m.end_elev < -0.5 * p:
            # an end of its lowering read far below rest is the wrong scale's (a 4.75x gyro carried a 59 deg
            # lift past 180 deg and down to -60, an "end" there): none (re-read at the top, the rep was ended
            # there and lost, and "strap moved" said: first_rep_drift with gyro_scale, dev 317)
            m.end_at = -1
    b = -1.0 if a > 10.0 and toward > 0.0 else 1.0
    turn = ref[8]  # (the gyro's turn across that gravity at the farthest pose: a lift's is about its own axis, below)
    core.still.rebase(ax, ay, az)
    # within the span of the LSM6DS's ranges (125 to 2000 dps); the bias is rescaled with the readings
    k = min(max(k, 0.125), 8.0)
    r = k / tr.gain
    if m.phase >= 2:
        # (the rep's turn about rest-up so far was carried through the wrong scale: not measured, restpose.handled)
        ref[16] = ref[17] = ref[18] = 0.0
    core.bx *= r
    core.by *= r
    core.bz *= r
    core.f1 *= r
    core.f2 *= r
    tr.gain = k
    # the pose as gravity shows it now; a rep under way goes on from here (its peak re-read from this pose, its
    # speeds so far re-read through the new scale). Taken whatever |a| reads: the check took this reading as the
    # pose (at the top of a pause-free lift the leg decelerates along gravity, 0.6-0.95 g), and the pose the
    # wrong scale carried is no better (past 180 deg it reads the lift on the wrong side of rest)
    tr.vx, tr.vy, tr.vz = ax, ay, az
    if not s.confirmed and r < 0.67:
        # no rep confirmed the lift axis: it may be one-leg sway read several times too fast (over the 15 deg/s the
        # axis is learned from); learned again from the next lift, the leg's tilt from rest stands in till then.
        # (Not where the gyro read too slow: sway read slower still teaches no axis, and the axis a lift's start
        # taught was the lift's. Forgotten, a first rep whose knee drifted out at its top gave the plane its whole
        # raise, and three straight reps read DRIFT: first_rep_drift with a 0.6x gyro, dev seeds 300, 314, 318.)
        # A rep under way that turned the board 45 deg (0.79 rad, through the right scale) or more from the last
        # still moment to its farthest pose ([3:6]) turned it about the lift's axis: that is the axis (learned from
        # what is left of the lowering, a lift set off by sway read through the wrong scale reads its next lift
        # upside down). Not on a smaller turn: the leg turning about itself as it lifts (a few deg; lying, that
        # axis is level too) tilts it as far (UCI s2 supine, a 3.4x gyro: the turn of a ~21 deg lift lay 70 deg off
        # the axis the lift had shown)
        tr.forget_axis()
        if r * turn > 0.79:
            # (from a still moment at the top, a pause, the movement is the lowering (b -1, above): its turn is
            # about the lift's axis reversed; taken as it is, every lift after read upside down)
            tr.set_axis(b * ref[3], b * ref[4], b * ref[5])
    if m.phase != 1:  # (PH_REST: a rep under way, or one ended at this step)
        # the rep's height so far through the old scale, times the new over the old where the gyro read high (the
        # kept angle lies between the gyro's reading and gravity's: this is as high as the leg went at least); still
        # poses taken mid-lowering say less (small_scale 75, a 3.07x gyro corrected at the rep's end: gravity 6.4
        # deg, this 7.0, the lift 13.5)
        up = m.base + (m.peak_elev - m.base) * (r if r < 1.0 else 1.0)
        if up > p:
            p = up
    # the speeds read so far, through the new scale (the angle kept for the flank fit is re-read at the next step:
    # PhaseMachine.step)
    m.raise_peak *= r
    m.lower_peak *= r
    m.prev_rate *= r
    m.hold_sq *= r * r
    m.hold_s *= r
    m.up.peak *= r
    m.down.peak *= r
    m.axis_changed(p, r)
    keep = s.min_cos
    s.restart()
    s.min_cos = keep
    j = core.judge
    j.restart()
    core.target_deg = j.target_deg
    m.set_min_range(j.min_range_deg)


def angle(x, y, z, a, b, c):
    """Angle (rad) between two directions (the second of any length)."""
    cx = y * c - z * b
    cy = z * a - x * c
    cz = x * b - y * a
    return math.atan2(math.sqrt(cx * cx + cy * cy + cz * cz), x * a + y * b + z * c)
