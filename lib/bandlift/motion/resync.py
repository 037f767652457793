"""The rep under way re-anchored after the lift axis was re-learned mid-lift (a turned strap, a set turned over
because it began with the leg up) or the gyro's scale was corrected (PhaseMachine.axis_changed marks it): the angle
jumped, so the pause's reference, the drift's origin and the angle kept for the flank fit are taken again at the
next step. Loaded for that step and let go (phases.py): a strap change or a scale found comes a few times a session
at most."""

from bandlift.compat import const

_PH_REST = const(1)  # events.PH_REST (a test keeps them equal)


def step(m, now, elev, rate, side):
    """Re-anchor PhaseMachine m at the step at running-clock ms now (elev deg, rate deg/s, side deg: as its step).
    The angle kept for the flank fit is re-read by what the angle now reads over what it read (about another axis a
    turn reads cos(alpha) of itself about the old, in the first 20-30 deg of a lift), within the new scale after a
    scale was corrected (the kept angle leaks toward gravity's: times the scale, a 0.37x gyro's 7 deg read 25 for a
    leg at 11)."""
    p = m.resync
    m.resync = -1.0
    a = m.angle
    if a != 0.0:
        # the lift axis was re-learned: the angle kept is re-read about the new one, if the two axes lie
        # within ~75 deg of each other (a ratio over cos 75 deg, 0.26) or of each other's reverse (a board
        # on the other leg); further apart, the old angle says too little of the new and is forgotten. The
        # old angle is the one at the last step (m.now): the new is taken back there at its rate
        # (samples can stall between)
        m.angle = 0.0
        f = m.flank
        k = (elev - rate * (now - m.now) * 0.001) / a
        s = m.scale
        if s > 0.0:
            # after a scale corrected (s, new over old): by it, or by less where the kept angle's leak had
            # carried it toward the pose (a 0.37x gyro's 7 deg, a leg at 11: 1.5, not 3.3); never past it nor
            # the other way (mid-lowering the pose lags the kept angle: by the pose alone, a 1.25x gyro's first
            # lowering read 700 ms short, leg_up_still dev 68)
            b = 1.0 if s > 1.0 else s
            s = s if s > 1.0 else 1.0
            k = b if k < b else (s if k > s else k)
            m.scale = 0.0
        if 0.25 < k < 4.0 or -4.0 < k < -0.25:
            for i in range(f.n):
                f.x[i] *= k
            f.angle = elev
            i = f.i - 1 if f.i > 0 else len(f.t) - 1
            if f.t[i] >= now:
                f.x[i] = elev  # (pushed this step: the old angle and the new axis's turn, mixed)
        else:
            f.reset()
    m.side0 = side
    m.side_lp = side
    m.drift = 0.0
    if m.phase != _PH_REST:
        m.peak_elev = elev if elev > p else p
        m.hold_ref = elev
        m.low_min = elev  # (a lowering goes on from here: the jump is no climb back up)
