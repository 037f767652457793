"""The recorder: samples to /recordings/NNNN.bin in the binary recording format, in blocks, never raising.

Imported only when recording is on (settings.toml BANDLIFT_RECORD=1; off, the game keeps
bandlift.hw.NullRecorder). Formatting a CSV line cost an nRF52840 ~6 ms, more than half a sample period at
104 Hz; a binary record is one struct.pack_into of the IMU's six values into a preallocated block (no
allocation per sample, and no slicing: before MicroPython 1.26 a slice is a heap object), and a full block
goes to the flash in one write (about every 1.2 s at 104 Hz). The PC reads it back exactly
(sim/analysis/recording.py; `python -m sim analyze F --csv OUT` converts it).

Layout (little-endian):
  file header  "<12sHHHH": _MAGIC, _FORMAT_VERSION, _RECORD_BYTES, _BLOCK_HEAD_BYTES, _BLOCK_SAMPLES
  each block   "<4sHHdd":   _BLOCK_SYNC, samples in the block (1..BLOCK_SAMPLES), 0,
                            m/s^2 per accelerometer LSB, rad/s per gyro LSB
               then per sample "<i6h": tick (ms, wraps at 2**29) and the six int16 the IMU returned (from
                            OUTX_L_G or its FIFO): gx, gy, gz, ax, ay, az (the core saw value * scale).
A power cut loses at most the block being filled (and the reader says when the last block was cut off).
"""

from struct import pack_into

from bandlift.compat import const, forget

_BLOCK_HEAD = const("<4sHHdd")
_BLOCK_HEAD_BYTES = const(24)  # (const: folded into this module's code, read every drain)
_BLOCK_SYNC = const(b"BLK1")
_RECORD = const("<i6h")  # the same 16 bytes as the tick and the 12 the chip sent (six int16, little endian)
_RECORD_BYTES = const(16)
_BLOCK_SAMPLES = const(128)  # 2072 bytes a block: one flash write (and the FAT's flush, tens of ms) every ~1.2 s at
# 104 Hz; 64 flushed twice as often, ~5 % of an nRF52840's time (docs/performance.md)
_FULL = const(_BLOCK_HEAD_BYTES + _BLOCK_SAMPLES * _RECORD_BYTES)  # a full block's bytes
# the file's header and name (hw/recorder_start.py writes them when it opens the file: start-up code)
_MAGIC = const(b"BandLiftRec\n")
_FORMAT_VERSION = const(1)
_FILE_HEAD = const("<12sHHHH")
_FILE_HEAD_BYTES = const(20)
_EXT = const(".bin")


class Recorder:
    """add_drain(imu, n) after each IMU drain: for each of its n samples the tick (imu.ts[i]) and the six values
    as the chip sent them (imu.codes[6i:6i + 6]), with the scales (imu.a_scale, imu.g_scale). `error` says why
    recording stopped (a full or read-only drive)."""

    # set by hw/recorder_start.py (let go once it ran); declared for the type check: bare annotations compile to
    # nothing
    buf: bytearray; written: int

    def __init__(self, folder="/recordings"):
        # the block and the file, made once by start-up code (hw/recorder_start.py), let go once they are made
        from bandlift.hw import recorder_start

        recorder_start.start(self, folder)
        recorder_start = None
        forget("bandlift.hw.recorder_start")

    def add_drain(self, imu, n):
        """Pack the n samples the IMU's last drain handed over (imu.codes, imu.ts): one call a drain."""
        if self.path is None:
            return
        c = imu.codes
        ts = imu.ts
        buf = self.buf
        off = self.off
        if off == _BLOCK_HEAD_BYTES:
            self.a_scale = imu.a_scale
            self.g_scale = imu.g_scale
        o = 0
        pack = pack_into  # (a local: a C function, no bound method, so its nine arguments allocate nothing)
        for i in range(n):
            pack(_RECORD, buf, off, ts[i], c[o], c[o + 1], c[o + 2], c[o + 3], c[o + 4], c[o + 5])
            o += 6
            off += _RECORD_BYTES
            if off == _FULL:  # (the offset alone counts the samples: one sum a sample less)
                self.off = off
                self.flush()
                if self.path is None:
                    return
                off = _BLOCK_HEAD_BYTES  # (the next block's scales are this drain's: kept)
        self.off = off

    def flush(self):
        """Write the block being filled (one write call); on an error recording stops and says why."""
        n = (self.off - _BLOCK_HEAD_BYTES) // _RECORD_BYTES
        if self.path is None or n == 0:
            return
        self.off = _BLOCK_HEAD_BYTES
        buf = self.buf
        try:
            pack_into(_BLOCK_HEAD, buf, 0, _BLOCK_SYNC, n, 0, self.a_scale, self.g_scale)
            self._write(buf if n == _BLOCK_SAMPLES else memoryview(buf)[:_BLOCK_HEAD_BYTES + n * _RECORD_BYTES])
            self.written += n
        except OSError as e:
            self.error = "rec: " + str(e)
            self.path = None  # stop: a full or read-only drive will not get better
            print("recording stopped after %d samples:" % self.written, e)
        except MemoryError:  # no room for the file's object now (a heap full for a moment): this block is lost and
            # the recording goes on; nothing is made here (a string made now would be a MemoryError out of the loop)
            self.error = "rec: out of memory (a block lost)"

    def _write(self, data):
        # opened and closed for each block: the FAT entry then always holds every block written
        with open(self.path, "ab") as f:
            f.write(data)
