"""The lift axis voted over the last five reps (bandlift.motion.axis): a drift outward tilts a rep's raise axis
20-37 deg toward the abduction axis (the l04-drift script's reps), each rep its own way."""

import math

from bandlift.motion.axis import AxisVote
from bandlift.motion.tracker import Tracker


def plane_after(tilts_deg):
    """Azimuth (deg, about rest-up) of the learned axis after reps whose raise axes are tilted by tilts_deg from
    the first lift's axis (x), the rest pose along z."""
    tr = Tracker()
    tr.set_rest(0.0, 0.0, 9.80665)
    tr.set_axis(1.0, 0.0, 0.0)
    vote = AxisVote()
    for d in tilts_deg:
        r = math.radians(d)
        vote.add(math.cos(r), math.sin(r), 0.0)
        vote.consensus(tr)
    return math.degrees(math.atan2(tr.uy, tr.ux))


def test_three_drifting_reps_of_five_leave_the_plane_to_the_straight_ones():
    """The knee out on 3 of the last 5 reps (G F G F F G F F): the plane stays within 6 deg of the straight reps'
    (taken by the drifting reps, it read the next straight rep as 13 deg out and the drifting ones as 5-8)."""
    reps = (0.7, -20.2, 4.1, -20.4, -24.8, 1.0)
    for k in range(1, len(reps) + 1):
        assert abs(plane_after(reps[:k])) < 6.0, k


def test_four_reps_of_five_that_agree_take_the_plane():
    """(A strap moved while the samples stopped reads so, and so does a person drifting on nearly every rep.)"""
    assert abs(plane_after((0.0, 25.0, 26.0, 24.0, 25.5)) - 25.0) < 3.0
