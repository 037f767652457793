"""What a device session (sim/device/devsession.py) feeds the program: the athlete's samples as the LSM6DS's
output registers hold them, written once per process and session length, and B pressed every 15 s."""

import math
import os
import random
import struct
import tempfile

RATE_HZ = 104
B_EVERY_MS = 15000  # B pressed every 15 s: starts the selected level, ends a set, goes on from the summary
B_HOLD_MS = 120
A_MG_PER_LSB = 0.122  # +-4 g, as bandlift.hw.imu_setup configures it
G_MDPS_PER_LSB = 35.0  # 1000 dps
_TMP = "/tmp"  # (workdir)


def workdir():
    """Where the harness puts the drive, the athlete's samples and a session's config: /tmp where there is one,
    whatever TMPDIR says. Their paths reach the interpreter (sys.argv, MICROPYPATH, the config's strings, and
    VfsPosix builds every file's path on the drive's in one growing buffer), and a path's length is heap: under a
    60-letter TMPDIR the program's layout at code.py start moved by 1.5 kB, and the bisections with it, from the
    layout devsession.BOARD_RATIO was calibrated in."""
    return _TMP if os.path.isdir(_TMP) and os.access(_TMP, os.W_OK) else None


def _raw(v, per_lsb):
    n = int(math.floor(v / per_lsb + 0.5))
    return 32767 if n > 32767 else (-32768 if n < -32768 else n)


def write_samples(path, seconds, seed=1, rest_s=3.0):
    """sim.athlete sets back to back (clean and faulty in turn, each followed by rest_s of stillness) at 104 Hz,
    with sensor noise, as the LSM6DS's 12 output bytes per sample (gx gy gz ax ay az, int16 LE at +-4 g and
    1000 dps). Returns the number of samples."""
    from sim import athlete

    rng = random.Random(seed)
    noise = random.Random(seed + 1000)
    a_lsb = A_MG_PER_LSB * 9.80665e-3
    g_lsb = G_MDPS_PER_LSB * 1e-3 * math.pi / 180
    rec = struct.Struct("<6h")
    n_total = int(seconds * RATE_HZ) + RATE_HZ
    n = 0
    with open(path, "wb") as f:
        i = 0
        while n < n_total:
            spec = athlete.random_set(rng, faulty=bool(i % 2))
            m = athlete.Motion(spec)
            k_end = int(m.end_ms * RATE_HZ / 1000) + int(rest_s * RATE_HZ)
            last = None
            for k in range(k_end):
                t = k / RATE_HZ
                s = m.true_imu(t) if t * 1000 < m.end_ms or last is None else last
                last = s
                ax, ay, az, gx, gy, gz = s
                f.write(rec.pack(_raw(gx + noise.gauss(0, 0.003), g_lsb), _raw(gy + noise.gauss(0, 0.003), g_lsb),
                                 _raw(gz + noise.gauss(0, 0.003), g_lsb), _raw(ax + noise.gauss(0, 0.02), a_lsb),
                                 _raw(ay + noise.gauss(0, 0.02), a_lsb), _raw(az + noise.gauss(0, 0.02), a_lsb)))
                n += 1
                if n >= n_total:
                    break
            i += 1
    return n


def button_edges(seconds, every_ms=B_EVERY_MS, key=1):
    """[(ms, key, pressed)]: B pressed every `every_ms` (first at every_ms), held B_HOLD_MS."""
    out = []
    t = every_ms
    while t < seconds * 1000:
        out.append((t, key, True))
        out.append((t + B_HOLD_MS, key, False))
        t += every_ms
    return out


class Samples:
    """The athlete's sample file for a session of `seconds` (temporary; reused for every run of a process)."""

    _cache = {}

    @classmethod
    def path(cls, seconds, seed=1):
        key = (int(math.ceil(seconds / 60.0)) * 60, seed)
        p = cls._cache.get(key)
        if p is None or not os.path.exists(p):
            fd, p = tempfile.mkstemp(prefix="bandlift-athlete-", suffix=".raw", dir=workdir())
            os.close(fd)
            write_samples(p, key[0], seed)
            cls._cache[key] = p
        return p
