"""Recording samples (settings.toml BANDLIFT_RECORD=1): the recorder when it is on, a null one when it is off.

The real one (bandlift.hw.binrec, the binary format) is imported only when recording is on: the null one is
all a session without recording keeps in RAM.
"""


def Recorder(folder="/recordings"):
    """The binary recorder writing to folder/NNNN.bin (bandlift.hw.binrec.Recorder)."""
    from bandlift.hw.binrec import Recorder as _Recorder

    return _Recorder(folder)


class NullRecorder:
    path = None
    error = ""

    def add_drain(self, imu, n):
        pass

    def flush(self):
        pass
