"""A Recorder's start (bandlift.hw.recorder.Recorder.__init__ loads this module and lets it go): its block, and a
new recording file with the format's header. Code that runs once, at start-up: not on the heap while the loop
runs.
"""

from bandlift.compat import const

# bandlift.hw.recorder's format (its names; tests/test_recorder.py keeps them the same, and the PC's reader,
# sim/analysis/recording.py, reads what this writes)
_MAGIC = const(b"BandLiftRec\n")
_FORMAT_VERSION = const(1)
_FILE_HEAD = const("<12sHHHH")
_FILE_HEAD_BYTES = const(20)
_RECORD_BYTES = const(16)
_BLOCK_HEAD_BYTES = const(24)
_BLOCK_SAMPLES = const(128)
_FULL = const(_BLOCK_HEAD_BYTES + _BLOCK_SAMPLES * _RECORD_BYTES)
_EXT = const(".bin")


def _number(name):
    """The NNNN of a recording's file name, or 0."""
    if (name.endswith(".csv") or name.endswith(_EXT)) and name[:4].isdigit():
        return int(name[:4])
    return 0


def start(rec, folder):
    """A Recorder's first values (bandlift.hw.recorder.Recorder.__init__): its block, and a new file in `folder`
    with the format's header. On an error (a full or read-only drive, no 2 kB in one run of the heap) path stays
    None and error says why: the program goes on without recording."""
    rec.path = None
    rec.error = ""
    rec.written = 0  # samples on the drive
    rec.buf = None
    rec.off = _BLOCK_HEAD_BYTES  # where the next record goes in the block being filled (its samples:
    # (off - _BLOCK_HEAD_BYTES) // _RECORD_BYTES; kept as the offset: add_drain needs no sum to find it)
    rec.a_scale = 0.0
    rec.g_scale = 0.0
    try:
        # first, before a file is made: the block is the last large piece made at start-up and needs 2 kB in
        # one run; in a fragmented heap recording stays off (path None), the program goes on
        rec.buf = bytearray(_FULL)
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
        rec.path = path
    except (OSError, MemoryError) as e:
        rec.buf = None
        rec.error = "rec: " + str(e)
