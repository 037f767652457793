"""Gyro scale cross-check: does the gyro turn the board as far as gravity shows it turned?

Between two still moments gravity (the still windows' mean accelerometer) shows how far the board turned;
the tracker carries gravity by the gyro alone over the same span (Tracker.px/py/pz). A gyro whose readings
are converted for another range than the one set turns the pose too far (or not far enough) on every lift,
and the accelerometer drags the pose back each time: a lift reads 3-4 times its height, sinks, and leaves the
learned plane. Two movements in a row that agree (a lift and the lowering back) correct the scale. Runs once
per still window, never per sample. (Numbers are written out, not named: every new name costs the board
a place in its string pool.)

Tracker.ref holds: [0:3] gravity at the last still moment, [3:6] where the last disagreeing movement began,
[6] its gyro/gravity turn ratio (0: none), [7] 1.0 while px/py/pz carry gravity from ref[0:3].
"""

import math


def still(core, ax, ay, az):
    """A still window of the core ended with mean accelerometer (ax, ay, az). When two movements in a row
    show the gyro off scale, correct it (tracker.gain) and make the core learn again what it learned through
    the wrong scale (the pose, the lift axis, the auto targets). True when the scale was corrected."""
    tr = core.tracker
    ref = tr.ref
    n = math.sqrt(ax * ax + ay * ay + az * az)
    if n < 1.0:
        ref[7] = 0.0
        return False
    ax, ay, az = ax / n, ay / n, az / n
    turned = angle(ref[0], ref[1], ref[2], ax, ay, az)
    # Gravity turned 10 deg (0.17 rad) or more, and the gyro carried twice as much (or half): not a sensitivity
    # tolerance (the LSM6DS's is ~1 %), nor a still window's few degrees of sway (a correct gyro reads 0.9-1.1
    # on real lifts, one movement in a few hundred 0.5-0.6), but readings converted for another range than
    # the one set (the ranges go in steps of 2x: 125 ... 2000 dps).
    r = 1.0
    if ref[7] > 0.0 and turned > 0.17:
        r = angle(ref[0], ref[1], ref[2], tr.px, tr.py, tr.pz) / turned
    q = ref[6]
    k = 0.0
    if r > 2.0 or r < 0.5:
        # a scale error reads a lift and the lowering back alike; a bias, a drift or a stretch of lost samples
        # adds to the one and takes from the other
        if q > 0.0 and (r > 1.0) == (q > 1.0) and angle(ref[3], ref[4], ref[5], ax, ay, az) < 0.5 * turned:
            k = tr.gain / math.sqrt(r * q)
            q = 0.0
        else:
            q = r
            ref[3], ref[4], ref[5] = ref[0], ref[1], ref[2]
    elif turned > 0.17:
        q = 0.0
    ref[6] = q
    ref[0], ref[1], ref[2] = ax, ay, az
    tr.px, tr.py, tr.pz = ax, ay, az
    ref[7] = 1.0
    if k == 0.0:
        return False
    # within the span of the LSM6DS's ranges (125 to 2000 dps); the bias is rescaled with the readings
    k = 0.125 if k < 0.125 else 8.0 if k > 8.0 else k
    r = k / tr.gain
    core.bx *= r
    core.by *= r
    core.bz *= r
    tr.gain = k
    core._forget_pose()
    j = core.judge
    j.restart()
    core.target_deg = j.target_deg
    core.machine.set_min_range(j.min_range_deg)
    return True


def angle(x, y, z, a, b, c):
    """Angle (rad) between two directions (the second of any length)."""
    cx = y * c - z * b
    cy = z * a - x * c
    cz = x * b - y * a
    return math.atan2(math.sqrt(cx * cx + cy * cy + cz * cz), x * a + y * b + z * c)
