# The smallest driver for the heap-capped run: import the core, feed a BLS1 sample file, print one summary
# line. Kept tiny because MicroPython compiles it in the same capped heap. Usage: session.py FILE [MOD:CLASS]
import gc
import sys
import struct

spec = sys.argv[2] if len(sys.argv) > 2 else "bandlift.motion.core:MotionCore"
mname, cname = spec.split(":")
gc.collect()  # compiling leaves garbage; collect between imports so a small heap is not fragmented
from bandlift.targets import Targets

gc.collect()
__import__(mname)
gc.collect()

core = getattr(sys.modules[mname], cname)(Targets())
gc.collect()
h0 = gc.mem_alloc()
buf = bytearray(52 * 16)  # 16 records of "<i6d" per read
mv = memoryview(buf)
n = 0
f = open(sys.argv[1], "rb")
f.read(4)
while True:
    k = f.readinto(buf)
    if not k:
        break
    o = 0
    while o + 52 <= k:
        s = struct.unpack_from("<i6d", mv, o)
        core.feed(s[0], s[1], s[2], s[3], s[4], s[5], s[6])
        o += 52
        n += 1
f.close()
gc.collect()
print('{"n": %d, "reps": %d, "bad": %d, "gaps": %d, "heap_start": %d, "heap_end": %d, "heap_free": %d}'
      % (n, core.reps, core.bad_samples, core.gaps, h0, gc.mem_alloc(), gc.mem_free()))
