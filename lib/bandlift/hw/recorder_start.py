"""A Recorder's start (bandlift.hw.recorder.Recorder.__init__ loads this module and lets it go): its block, and a
new recording file with the format's header. Code that runs once, at start-up: not on the heap while the loop
runs.
"""

from bandlift.compat import const

# bandlift.hw.recorder's format (its names; tests/test_recorder.py keeps them the same, and the PC's reader,
# sim/analysis/recording.py, reads what this writes)
_MAGIC = const(b"BandLiftRec\n")
_FORMAT_VERSION = const(2)
_FILE_HEAD = const("<12sHHHH")
_FILE_HEAD_BYTES = const(20)
_RECORD_BYTES = const(16)
_BLOCK_HEAD_BYTES = const(24)
_BLOCK_SAMPLES = const(128)
_EXT = const(".bin")


def _number(name):
    """The NNNN of a recording's file name, or 0."""
    if (name.endswith(".csv") or name.endswith(_EXT)) and name[:4].isdigit():
        return int(name[:4])
    return 0


def start(rec, folder, imu):
    """A Recorder's first values (bandlift.hw.recorder.Recorder.__init__): its block, lent to `imu` (its drains
    land their samples in it), and a new file in `folder` with the format's header. On an error (a full or
    read-only drive, no room in the heap for the block's 2 kB) path stays None, the IMU keeps its own arrays and
    error says why: the program goes on without recording."""
    rec.path = None
    rec.error = ""
    rec.written = 0  # samples on the drive
    rec.buf = rec.ts = rec.codes = rec.imu = None
    rec.a_scale = 0.0
    rec.g_scale = 0.0
    try:
        # first, before a file is made: the block is the last large piece made at start-up; in a fragmented heap
        # recording stays off (path None), the program goes on
        from array import array

        rec.buf = bytearray(_BLOCK_HEAD_BYTES)  # the block's head
        # each sample's ticks ms (int32) and its six values as the chip sent them (made from a range: its length
        # with no temporary tuple; a value is written over before it is ever recorded)
        rec.ts = array("i", range(_BLOCK_SAMPLES))
        rec.codes = array("h", range(6 * _BLOCK_SAMPLES))
        import os
        from struct import pack_into

        try:
            os.mkdir(folder)
        except OSError:
            pass  # exists
        n = 0
        for name in os.listdir(folder):
            n = max(n, _number(name))  # older .csv recordings keep their numbers too
        path = "%s/%04d.bin" % (folder, n + 1)  # (a format over 10 characters is no interned name)
        head = bytearray(_FILE_HEAD_BYTES)
        pack_into(_FILE_HEAD, head, 0, _MAGIC, _FORMAT_VERSION, _RECORD_BYTES, _BLOCK_HEAD_BYTES, _BLOCK_SAMPLES)
        with open(path, "wb") as f:
            f.write(head)
        if imu is not None:  # its samples land in the block from now on (bandlift.hw.imu: from `at`)
            imu.codes = rec.codes
            imu.ts = rec.ts
            imu.at = 0
            rec.imu = imu
        rec.path = path
    except (OSError, MemoryError) as e:
        rec.buf = rec.ts = rec.codes = None
        rec.error = "rec: " + str(e)
