"""The recorder: samples to /recordings/NNNN.bin in the binary recording format, in blocks, never raising.

Imported only when recording is on (settings.toml BANDLIFT_RECORD=1; off, the game keeps
bandlift.hw.NullRecorder). Formatting a CSV line cost an nRF52840 ~6 ms, more than half a sample period at
104 Hz; packing a binary record a sample (struct.pack_into) still cost ~190 us, 2 % of the CPU. So nothing is
copied: the recorder lends the IMU its block (an int16 array for the chip's values, an int32 one for the ticks),
the IMU's burst read lands the chip's bytes in it and stamps their ticks there (bandlift.hw.imu: from `at`), the
loop feeds the core from it, and add_drain only moves `at` on. A block goes to the flash in one open and close
(about every 1.2 s at 104 Hz). The PC reads it back exactly (sim/analysis/recording.py; `python -m sim analyze F
--csv OUT` converts it).

Layout (little-endian; format 2):
  file header  "<12sHHHH": _MAGIC, _FORMAT_VERSION, _RECORD_BYTES, _BLOCK_HEAD_BYTES, _BLOCK_SAMPLES
  each block   "<4sHHdd":   _BLOCK_SYNC, n the samples in the block (1..BLOCK_SAMPLES), 0,
                            m/s^2 per accelerometer LSB, rad/s per gyro LSB
               then BLOCK_SAMPLES int32: each sample's tick (ms, wraps at 2**29)
               then 6 x BLOCK_SAMPLES int16: each sample's six values as the IMU returned them (from OUTX_L_G or
                            its FIFO): gx, gy, gz, ax, ay, az (the core saw value * scale).
               The first n of each are the block's samples; the rest is what the arrays held (the arrays are
               written whole: a view of a part would be an object made at each write).
(Format 1, which the PC still reads, held each sample's tick and values together: "<i6h".) A block is written
when fewer than a drain's samples (bandlift.hw.imu.MAX_BURST) fit in it: it holds 121 to 128 samples. A power cut
loses at most the block being filled (and the reader says when the last block was cut off).
"""

from struct import pack_into

from bandlift.compat import const, forget

_TYPING = const(0)  # imports for the type check: mypy reads the block, the board's compiler drops it
if _TYPING:
    from array import array

    from bandlift.hw.imu import IMU

_BLOCK_HEAD = const("<4sHHdd")
_BLOCK_HEAD_BYTES = const(24)
_BLOCK_SYNC = const(b"BLK1")
_RECORD_BYTES = const(16)  # a sample's: its tick (int32) and the 12 bytes the chip sent (six int16)
_BLOCK_SAMPLES = const(128)  # 2072 bytes a block: one flash write (and the FAT's flush, tens of ms) every ~1.2 s at
# 104 Hz; 64 flushed twice as often, ~5 % of an nRF52840's time (docs/performance.md)
_FILL = const(_BLOCK_SAMPLES - 8)  # written once more than this many wait: a drain brings up to 8 (imu.MAX_BURST)
# the file's header and name (hw/recorder_start.py writes them when it opens the file: start-up code)
_MAGIC = const(b"BandLiftRec\n")
_FORMAT_VERSION = const(2)
_FILE_HEAD = const("<12sHHHH")
_FILE_HEAD_BYTES = const(20)
_EXT = const(".bin")


class Recorder:
    """Lends `imu` (a bandlift.hw.imu.IMU) its block: the IMU's drains land their samples in it (imu.codes, imu.ts
    from imu.at). add_drain(imu, n) after each drain that brought n > 0, with the scales (imu.a_scale,
    imu.g_scale). `error` says why recording stopped (a full or read-only drive)."""

    # set by hw/recorder_start.py (let go once it ran); declared for the type check: bare annotations compile to
    # nothing
    buf: bytearray; written: int; ts: "array"; codes: "array"; imu: "IMU"

    def __init__(self, folder="/recordings", imu=None):
        # the block and the file, made once by start-up code (hw/recorder_start.py), let go once they are made
        from bandlift.hw import recorder_start

        recorder_start.start(self, folder, imu)
        recorder_start = None
        forget("bandlift.hw.recorder_start")

    def add_drain(self, imu, n):
        """The n samples the IMU's last drain landed in the block are in it: the next drain lands after them (a
        full block goes to the drive first). One call a drain."""
        if self.path is None:
            return
        k = imu.at
        if k == 0:  # the block's first samples: its scales
            self.a_scale = imu.a_scale
            self.g_scale = imu.g_scale
        k += n
        imu.at = k
        if k > _FILL:
            self.flush()

    def flush(self):
        """Write the block being filled (one open and close); on an error recording stops and says why."""
        imu = self.imu
        if self.path is None or imu is None or imu.at == 0:
            return
        n = imu.at
        imu.at = 0
        try:
            pack_into(_BLOCK_HEAD, self.buf, 0, _BLOCK_SYNC, n, 0, self.a_scale, self.g_scale)
            self._write(n)
            self.written += n
        except OSError as e:
            self.error = "rec: " + str(e)
            self.path = None  # stop: a full or read-only drive will not get better
            print("recording stopped after %d samples:" % self.written, e)
        except MemoryError:  # no room for the file's object now (a heap full for a moment): this block is lost and
            # the recording goes on; nothing is made here (a string made now would be a MemoryError out of the loop)
            self.error = "rec: out of memory (a block lost)"

    def _write(self, n):
        # the block's head (n), then its arrays whole (nothing copied, nothing made); opened and closed for each
        # block: the FAT entry then always holds every block written
        with open(self.path, "ab") as f:
            f.write(self.buf)
            f.write(self.ts)
            f.write(self.codes)
