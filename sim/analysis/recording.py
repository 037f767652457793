"""The recording format: one IMU sample per CSV line, as the device records it and the PC replays it.

    # any comment line (anywhere, also before the header)
    t_ms,ax,ay,az,gx,gy,gz
    0,0.12,-9.79,0.40,0.001,-0.002,0.000

t_ms is the integer tick (ms, may wrap at 2**29); acceleration in m/s^2 with gravity, angular rate in
rad/s (the units adafruit_lsm6ds returns). Blank lines are ignored. NaN and inf are passed through on
purpose: the core must survive them, so a recording may contain them (count them with `count_nonfinite`).
`load_any` also reads the UCI Physical Therapy `;`-separated files (sim/analysis/uci.py).
"""

import math
import os

HEADER = ("t_ms", "ax", "ay", "az", "gx", "gy", "gz")
HEADER_LINE = ",".join(HEADER)


class RecordingError(ValueError):
    """A recording file that cannot be read; the message names the file and the line."""


def _where(path, lineno):
    return "%s:%d" % (path, lineno)


def parse_lines(lines, path="<recording>"):
    """Samples from the lines of a recording CSV; RecordingError on the first malformed line."""
    samples = []
    header_seen = False
    for lineno, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split(",")]
        if not header_seen:
            if tuple(fields) != HEADER:
                raise RecordingError(
                    "%s: expected the header %r, got %r" % (_where(path, lineno), HEADER_LINE, line[:80])
                )
            header_seen = True
            continue
        if len(fields) != 7:
            raise RecordingError("%s: expected 7 fields, got %d" % (_where(path, lineno), len(fields)))
        try:
            t = int(fields[0])
        except ValueError:
            raise RecordingError("%s: t_ms must be an integer, got %r" % (_where(path, lineno), fields[0]))
        values: list = [t]
        for name, text in zip(HEADER[1:], fields[1:]):
            try:
                values.append(float(text))
            except ValueError:
                raise RecordingError("%s: %s is not a number: %r" % (_where(path, lineno), name, text))
        samples.append(tuple(values))
    if not header_seen:
        raise RecordingError("%s: empty recording, no header %r" % (path, HEADER_LINE))
    return samples


def read_recording(path):
    """List of (t_ms, ax, ay, az, gx, gy, gz) from a recording CSV file."""
    try:
        with open(path, "r", encoding="utf-8", newline="") as f:
            lines = f.read().splitlines()
    except UnicodeDecodeError:
        raise RecordingError("%s: not a text file" % path)
    return parse_lines(lines, path)


def _fmt(v):
    # repr() round-trips floats exactly and writes nan/inf as float() reads them back.
    return repr(float(v))


def write_recording(path, samples, comments=()):
    """Write samples as a recording CSV, with `# comment` lines first."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for c in comments:
            for part in str(c).splitlines() or [""]:
                f.write("# " + part + "\n")
        f.write(HEADER_LINE + "\n")
        for s in samples:
            f.write("%d,%s\n" % (int(s[0]), ",".join(_fmt(v) for v in s[1:7])))
    os.replace(tmp, path)


def count_nonfinite(samples):
    """How many samples hold a NaN or an infinity in any value."""
    n = 0
    for s in samples:
        for v in s[1:7]:
            if not math.isfinite(v):
                n += 1
                break
    return n


def _first_content_line(path):
    try:
        with open(path, "r", encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#"):
                    return line
    except IsADirectoryError:
        raise RecordingError("%s: is a directory, not a recording" % path)
    return ""


def load_any(path):
    """Samples from a recording CSV or a UCI PT `;`-separated file, chosen by the header line."""
    if not os.path.exists(path):
        raise RecordingError("%s: no such file" % path)
    first = _first_content_line(path)
    if ";" in first:
        from sim.analysis import uci

        return uci.read_uci(path)
    return read_recording(path)
