# What a rep's end costs the core: a flank fit (lib/bandlift/motion/flank.py) under sway, timed against an empty
# loop in the same interpreter. A rep's end runs two: the raise (here 1.5 s) and the lowering (here 3 s).
# Prints one JSON line. Usage: repend.py [ROUNDS [lower|raise]]
import math
import sys
import time

from bandlift.motion import flank

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 30
kind = sys.argv[2] if len(sys.argv) > 2 else "lower"
f = flank.FlankFit()
t0, dur = (4000, 1500) if kind == "raise" else (4000, 3000)
for now in range(0, 9000, 30):
    u = (now - t0) / float(dur)
    u = 0.0 if u < 0.0 else (1.0 if u > 1.0 else u)
    s = u * u * u * (10.0 - 15.0 * u + 6.0 * u * u)
    x = 30.0 * (s if kind == "raise" else 1.0 - s) + 1.5 * math.sin(now * 0.0044)
    if now % 60 == 0:  # (the ring's entries, 60 ms apart, as the core's step keeps them)
        f.angle = x
        f.t[f.i] = now
        f.x[f.i] = x
        f.i = (f.i + 1) % len(f.t)
        f.n = min(f.n + 1, len(f.t))
best_fit = best_loop = 1 << 30
for _ in range(rounds):
    a = time.ticks_us()
    f.fit(t0 - 100, t0 + dur + 100, -1 << 30, 9000)
    b = time.ticks_us()
    for _ in range(2000):
        pass
    c = time.ticks_us()
    best_fit = min(best_fit, time.ticks_diff(b, a))
    best_loop = min(best_loop, time.ticks_diff(c, b))
print('{"fit_us": %d, "loop_us_per_2000": %d}' % (best_fit, best_loop))
