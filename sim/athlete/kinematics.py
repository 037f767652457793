"""Leg kinematics for the virtual athlete: what an IMU strapped to a straight leg reads.

Frames (all right-handed):
- World: x forward, y left, z up; gravity (0, 0, -9.81) m/s^2. The origin is the standing ankle, the pivot
  of body sway; the hip sits `hip_m` above it.
- Pelvis: the world rotated by body sway, Rx(roll) Ry(pitch) (small angles).
- Leg: the pelvis rotated by the hip, flexion then abduction. At rest the leg frame equals the pelvis frame
  and the leg hangs along its -z. Flexion theta (+ = foot forward/up) is a rotation by theta about the
  body's right-pointing axis (-y) for either leg. Abduction phi (+ = outward) then turns the leg about its
  own forward axis: about -x for the right leg (foot goes to -y), about +x for the left leg (foot goes to +y),
  the mirror image. So R_leg = Rx(roll) Ry(pitch) Ry(-theta) Rx(-+phi): the leg's direction is
  (sin theta cos phi, -+sin phi, -cos theta cos phi), i.e. theta is the elevation seen in the lifting
  (sagittal) plane and phi exactly the angle out of that plane, whatever the elevation.
- Sensor: the board on the skin, `r_m` below the hip, `surface_m` out from the leg axis, at strap angle psi
  around the leg (0 = front, 90 = outer side, 180 = back, 270 = inner side, mirrored for the left leg).
  Board z = the outward skin normal, board x = up the leg, y = z cross x. `board_deg` turns the board about its
  normal; flipped adds 180 deg (the board upside down). The board is only ever rotated, never reflected.

The leg is one rigid segment (straight knee): a shin mount is just a longer lever arm.

Units at the API: angles in deg, rates deg/s, accelerations deg/s^2; outputs m/s^2 and rad/s like
adafruit_lsm6ds. The accelerometer reads SPECIFIC FORCE a - g (+9.81 on the axis pointing up at rest),
including the hip's motion from sway and the lever-arm terms alpha x r and omega x (omega x r); the gyro reads
the body-frame (sensor-frame) angular velocity.

Angular rates come from the standard recursion along the chain of one-axis rotations R1(q1)...Rn(qn):
w_i = Ri^T w_(i-1) + a_i qd_i and alpha_i = Ri^T alpha_(i-1) - (a_i qd_i) x (Ri^T w_(i-1)) + a_i qdd_i.
"""

import math

G = 9.81  # m/s^2
D2R = math.pi / 180.0

# Lever arms (m): sensor distance below the hip along the leg, and the leg's radius at the strap.
MOUNTS = {"thigh": ((0.20, 0.30), 0.07), "shin": ((0.55, 0.70), 0.045)}
HIP_M = 0.9  # ankle (sway pivot) to hip, m


def _rx(q):
    c, s = math.cos(q), math.sin(q)
    return ((1.0, 0.0, 0.0), (0.0, c, -s), (0.0, s, c))


def _ry(q):
    c, s = math.cos(q), math.sin(q)
    return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))


def matmul(a, b):
    return tuple(tuple(sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)) for i in range(3))


def matvec(m, v):
    return tuple(m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2] for i in range(3))


class Leg:
    """A sensor strapped to a straight leg: angles (and their derivatives) in, IMU readings out.

    mount "thigh" or "shin"; side "right" or "left"; strap_deg psi around the leg (0 = front, 90 = outer
    side); flipped: the board upside down; board_deg: any further turn of the board about its normal;
    r_m: lever arm below the hip (default: middle of the mount's range); surface_m: leg radius at the strap.
    """

    def __init__(self, mount="thigh", side="right", strap_deg=0.0, flipped=False, board_deg=0.0,
                 r_m=None, surface_m=None, hip_m=HIP_M):
        if mount not in MOUNTS:
            raise ValueError("mount must be one of %s, got %r" % (sorted(MOUNTS), mount))
        if side not in ("right", "left"):
            raise ValueError("side must be 'right' or 'left', got %r" % (side,))
        (lo, hi), rad = MOUNTS[mount]
        self.mount, self.side = mount, side
        self.r_m = 0.5 * (lo + hi) if r_m is None else float(r_m)
        self.surface_m = rad if surface_m is None else float(surface_m)
        self.hip_m = float(hip_m)
        # Abduction sign: rotation about -x (right leg) or +x (left leg), both as Rx(sign * phi).
        self.abd_sign = -1.0 if side == "right" else 1.0
        # Strap angle in the leg frame, + toward +y (left): outward is -y for the right leg.
        psi = (-strap_deg if side == "right" else strap_deg) * D2R
        cp, sp = math.cos(psi), math.sin(psi)
        n = (cp, sp, 0.0)  # outward skin normal = board z
        x0 = (0.0, 0.0, 1.0)  # up the leg
        y0 = (sp, -cp, 0.0)  # n x x0
        beta = (board_deg + (180.0 if flipped else 0.0)) * D2R
        cb, sb = math.cos(beta), math.sin(beta)
        xs = tuple(cb * x0[i] + sb * y0[i] for i in range(3))
        ys = tuple(-sb * x0[i] + cb * y0[i] for i in range(3))
        self.axes = (xs, ys, n)  # sensor axes in leg coordinates (rows of M^T)
        self.r = (self.surface_m * cp, self.surface_m * sp, -self.r_m)  # sensor position, leg frame, m

    def imu(self, theta, theta_d, theta_dd, phi=0.0, phi_d=0.0, phi_dd=0.0,
            roll=0.0, roll_d=0.0, roll_dd=0.0, pitch=0.0, pitch_d=0.0, pitch_dd=0.0):
        """Noise-free (ax, ay, az, gx, gy, gz) in the sensor frame, m/s^2 and rad/s.

        theta: hip flexion, phi: abduction (+ outward), roll/pitch: body sway about world x/y; each in deg
        with its rate (deg/s) and acceleration (deg/s^2).
        """
        # Written out scalar by scalar (it runs per sample); pose() and the tests check it by finite
        # differences. Chain: Rx(q1 = roll) Ry(q2 = pitch) Ry(q4 = -theta) Rx(q3 = sign*phi).
        k = D2R
        q3, q4 = self.abd_sign * phi * k, -theta * k
        c1, s1 = math.cos(roll * k), math.sin(roll * k)
        c2, s2 = math.cos(pitch * k), math.sin(pitch * k)
        c3, s3, c4, s4 = math.cos(q3), math.sin(q3), math.cos(q4), math.sin(q4)
        rd, rdd, pd, pdd = roll_d * k, roll_dd * k, pitch_d * k, pitch_dd * k
        # Pelvis rate and acceleration after Rx(q1) Ry(q2).
        w0, w1, w2 = c2 * rd, pd, s2 * rd
        a0, a1, a2 = c2 * rdd - pd * s2 * rd, pdd, s2 * rdd + pd * c2 * rd
        # Hip acceleration (alpha x h + w x (w x h), h = (0, 0, hip_m)) plus gravity's reaction, pelvis frame.
        h = self.hip_m
        g = G * c1
        v0 = a1 * h + w2 * w0 * h - s2 * g
        v1 = -a0 * h + w2 * w1 * h + G * s1
        v2 = -(w0 * w0 + w1 * w1) * h + c2 * g
        # Flexion Ry(q4).
        qd, qdd = -theta_d * k, -theta_dd * k
        r0, r2 = c4 * w0 - s4 * w2, s4 * w0 + c4 * w2
        b0, b2 = c4 * a0 - s4 * a2, s4 * a0 + c4 * a2
        w0, w2 = r0, r2
        w1 = w1 + qd
        a0, a1, a2 = b0 - qd * r2, a1 + qdd, b2 + qd * r0
        v0, v2 = c4 * v0 - s4 * v2, s4 * v0 + c4 * v2
        # Abduction Rx(q3), in the flexed frame: the leg leaves its lifting plane by phi.
        qd, qdd = self.abd_sign * phi_d * k, self.abd_sign * phi_dd * k
        r1, r2 = c3 * w1 + s3 * w2, -s3 * w1 + c3 * w2
        b1, b2 = c3 * a1 + s3 * a2, -s3 * a1 + c3 * a2
        w0, w1, w2 = w0 + qd, r1, r2
        a0, a1, a2 = a0 + qdd, b1 + qd * r2, b2 - qd * r1
        v1, v2 = c3 * v1 + s3 * v2, -s3 * v1 + c3 * v2
        # Lever arm: alpha x r + w x (w x r).
        x, y, z = self.r
        u0, u1, u2 = w1 * z - w2 * y, w2 * x - w0 * z, w0 * y - w1 * x
        f0 = v0 + a1 * z - a2 * y + w1 * u2 - w2 * u1
        f1 = v1 + a2 * x - a0 * z + w2 * u0 - w0 * u2
        f2 = v2 + a0 * y - a1 * x + w0 * u1 - w1 * u0
        xs, ys, zs = self.axes
        return (
            xs[0] * f0 + xs[1] * f1 + xs[2] * f2,
            ys[0] * f0 + ys[1] * f1 + ys[2] * f2,
            zs[0] * f0 + zs[1] * f1 + zs[2] * f2,
            xs[0] * w0 + xs[1] * w1 + xs[2] * w2,
            ys[0] * w0 + ys[1] * w1 + ys[2] * w2,
            zs[0] * w0 + zs[1] * w1 + zs[2] * w2,
        )

    def pose(self, theta, phi=0.0, roll=0.0, pitch=0.0):
        """(R, p): the sensor's orientation (columns = sensor axes in world coordinates) and its position
        (m, world frame, from the ankle pivot). For checks by finite differences; not fast."""
        k = D2R
        rp = matmul(_rx(roll * k), _ry(pitch * k))
        rl = matmul(rp, matmul(_ry(-theta * k), _rx(self.abd_sign * phi * k)))
        m = tuple(tuple(self.axes[j][i] for j in range(3)) for i in range(3))  # columns = sensor axes
        hip = matvec(rp, (0.0, 0.0, self.hip_m))
        rw = matvec(rl, self.r)
        return matmul(rl, m), tuple(hip[i] + rw[i] for i in range(3))
