"""Samples to /recordings/NNNN.csv in the recording format, buffered, never raising.

Opt-in (settings.toml BANDLIFT_RECORD=1) because formatting a line allocates; lines are kept in a list
and written every 50, so the flash is touched about twice a second at 104 Hz.
"""

HEADER = "t_ms,ax,ay,az,gx,gy,gz\n"
FLUSH_LINES = 50


class Recorder:
    def __init__(self, folder="/recordings"):
        self.path = None
        self.error = ""
        self.lines = []
        self.written = 0
        try:
            import os

            try:
                os.mkdir(folder)
            except OSError:
                pass  # exists
            n = 0
            for name in os.listdir(folder):
                if name.endswith(".csv") and name[:4].isdigit():
                    n = max(n, int(name[:4]))
            self.path = "%s/%04d.csv" % (folder, n + 1)
            with open(self.path, "w") as f:
                f.write("# BandLift recording: ticks ms, m/s^2, rad/s\n")
                f.write(HEADER)
        except OSError as e:
            self.path = None
            self.error = "rec: " + str(e)

    def add(self, t, ax, ay, az, gx, gy, gz):
        if self.path is None:
            return
        self.lines.append("%d,%.4f,%.4f,%.4f,%.5f,%.5f,%.5f\n" % (t, ax, ay, az, gx, gy, gz))
        if len(self.lines) >= FLUSH_LINES:
            self.flush()

    def flush(self):
        if self.path is None or not self.lines:
            return
        try:
            with open(self.path, "a") as f:
                for line in self.lines:
                    f.write(line)
            self.written += len(self.lines)
        except OSError as e:
            self.error = "rec: " + str(e)
            self.path = None  # stop: a full or read-only drive will not get better
        self.lines = []


class NullRecorder:
    path = None
    error = ""

    def add(self, t, ax, ay, az, gx, gy, gz):
        pass

    def flush(self):
        pass
