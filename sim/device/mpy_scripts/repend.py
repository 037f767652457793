# What a rep's end costs the core: the two flank fits (lib/bandlift/motion/flank.py) on a lowering under
# sway, timed against an empty loop in the same interpreter. Prints one JSON line. Usage: repend.py [ROUNDS]
import math
import sys
import time

from bandlift.motion import flank

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 30
f = flank.FlankFit()
prev = 30.0
for now in range(0, 9000, 30):
    u = (now - 4000) / 3000.0
    u = 0.0 if u < 0.0 else (1.0 if u > 1.0 else u)
    x = 30.0 * (1.0 - u * u * u * (10.0 - 15.0 * u + 6.0 * u * u)) + 1.5 * math.sin(now * 0.0044)
    f.push(now, 30, (x - prev) * 1000.0 / 30, x)
    prev = x
best_fit = best_loop = 1 << 30
for _ in range(rounds):
    t0 = time.ticks_us()
    f.fit(3900, 7100, -1 << 30, 9000)
    t1 = time.ticks_us()
    for _ in range(2000):
        pass
    t2 = time.ticks_us()
    best_fit = min(best_fit, time.ticks_diff(t1, t0))
    best_loop = min(best_loop, time.ticks_diff(t2, t1))
print('{"fit_us": %d, "loop_us_per_2000": %d}' % (best_fit, best_loop))
