"""The recordings the PC reads: the CSV text format below (one IMU sample per line: the virtual athlete writes
it, `analyze --csv` converts the device's files to it, older device recordings are CSV), and the binary files
the device records now (see the end of this text).

    # any comment line (anywhere, also before the header)
    t_ms,ax,ay,az,gx,gy,gz
    0,0.12,-9.79,0.40,0.001,-0.002,0.000

t_ms is the integer tick (ms, may wrap at 2**29); acceleration in m/s^2 with gravity, angular rate in
rad/s (the units adafruit_lsm6ds returns). Blank lines are ignored. NaN and inf are passed through on
purpose: the core must survive them, so a recording may contain them (count them with `count_nonfinite`).
The UCI Physical Therapy `;`-separated files (sim/analysis/uci.py) are read too, chosen by their header.

Files are streamed (`Reader`): memory stays flat whatever the file's size. Spreadsheet habits are accepted:
a byte order mark, CRLF line ends, quoted header names, a trailing empty column, `;` as the separator (then a
decimal comma is fine too). A row that repeats the previous one exactly is dropped as a duplicate and counted;
a row whose time runs backwards is dropped and counted; a last line cut off mid-write (no line end) is
dropped with a warning. Anything else that is wrong stops the read with RecordingError("FILE:LINE: reason").

The device writes the binary format of lib/bandlift/hw/recorder.py (recognised by its magic bytes, whatever
the file's name): blocks of raw IMU bursts with their scale factors, read back as the same samples
(raw int16 x scale, the values the core saw). A last block cut off mid-write (a power cut) is dropped with a
warning; a damaged block stops the read with RecordingError("FILE: block N (byte B): reason").
"""

import math
import os
import re
import struct

from bandlift.compat import TICKS_PERIOD
from bandlift.hw import recorder as _bin

HEADER = ("t_ms", "ax", "ay", "az", "gx", "gy", "gz")
HEADER_LINE = ",".join(HEADER)
UCI_COLUMNS = ("time index", "acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z")
UCI_PERIOD_MS = 40  # 25 Hz: sample `index` (from 1) is at (index - 1) * 40 ms
MAX_LINE = 4096  # characters; a recording line is ~60
_SNIFF = 4096
_EOL = re.compile(b"\r\n|\r|\n")  # CRLF, a lone CR (old Mac spreadsheets) or LF


_BIN_VERSIONS = (1, 2)  # the device's formats this reads: 1 held a sample's tick and values together, 2 a block's
# ticks then its values (bandlift.hw.recorder)


class RecordingError(ValueError):
    """A recording file that cannot be read; the message names the file and the line."""


def _show(text, n=40):
    """A piece of a bad line for a message: escaped, and cut when long (a 5000-digit tick is not echoed)."""
    r = repr(text)
    return r if len(r) <= n else r[: n - 5] + "...'" + " (%d characters)" % len(text)


def _ticks_diff(a, b):
    """Signed ms from b to a on ticks that wrap at 2**29."""
    return ((a - b + (TICKS_PERIOD >> 1)) % TICKS_PERIOD) - (TICKS_PERIOD >> 1)


def _sniff(path):
    """RecordingError for what is not a UTF-8 text file, before any line is read."""
    if not os.path.exists(path):
        raise RecordingError("%s: no such file" % path)
    if os.path.isdir(path):
        raise RecordingError("%s: is a folder, not a recording" % path)
    try:
        with open(path, "rb") as f:
            head = f.read(_SNIFF)
    except OSError as e:
        raise RecordingError("%s: cannot read (%s)" % (path, e.strerror or e))
    if head.startswith(_bin._MAGIC):
        return head
    if len(head) >= 4 and _bin._MAGIC.startswith(head):  # the device's file, cut before its name was whole
        raise RecordingError("%s: binary recording cut off inside its header (%d bytes): nothing to read"
                             % (path, len(head)))
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(head) >= 64 and head[1:64:2].count(0) > 24):
        raise RecordingError("%s: is UTF-16 text; save it as UTF-8 (in a spreadsheet: \"CSV UTF-8\")" % path)
    return head


def _binary(data):
    """Whether bytes look like a binary file rather than text: many control bytes (tab, CR, LF aside)."""
    ctrl = sum(1 for b in data if b < 32 and b not in (9, 10, 13))
    return ctrl > max(2, len(data) // 20)


def _raw_lines(f):
    """(bytes line, ended with a line end) for each line of a binary file, read in 64 kB blocks."""
    buf = b""
    while True:
        block = f.read(65536)
        if not block:
            break
        buf += block
        carry = b""
        if buf.endswith(b"\r"):  # may be the first half of a CRLF: decide with the next block
            buf, carry = buf[:-1], b"\r"
        parts = _EOL.split(buf)
        buf = parts.pop() + carry
        for p in parts:
            yield p, True
        if len(buf) > MAX_LINE:
            yield buf, False
            return
    parts = _EOL.split(buf)
    last = parts.pop()
    for p in parts:
        yield p, True
    if last:
        yield last, False


def _fields(line, sep):
    """Fields of one line: stripped, quotes removed, trailing empty fields (a spreadsheet's habit) dropped."""
    out = [f.strip().strip('"').strip() for f in line.split(sep)]
    while out and out[-1] == "":
        out.pop()
    return out


class Reader:
    """Iterate for the samples (t_ms, ax, ay, az, gx, gy, gz) of one file; the counters fill as it reads.

    kind: "csv" or "uci". After (or during) the read: lines, samples, nonfinite, duplicates, backwards,
    truncated and warnings() (a summary per kind with its count and first/last time).
    """

    def __init__(self, path, keep_all=False):
        self.path = path
        self.keep_all = keep_all  # True: duplicates and backward times are counted but kept
        self.head = _sniff(path)
        self.kind = None
        self.lines = 0
        self.samples = 0
        self.nonfinite = 0
        self.duplicates = [0, None, None]  # count, first and last time (ms from the first sample)
        self.backwards = [0, None, None, None]  # count, first and last time, first line
        self.truncated = None  # the line number of a last line cut off mid-write
        self.header_fields = None
        self.elapsed_ms = 0  # from the first sample to the last kept one
        self.blocks = 0  # binary: blocks read
        self.cut_block = None  # binary: (block number, samples it held) of a last block cut off mid-write
        if self.head.startswith(_bin._MAGIC):
            self.kind = "bin"

    def _line_error(self, lineno, reason):
        return RecordingError("%s:%d: %s" % (self.path, lineno, reason))

    def _header(self, lineno, line):
        for sep in (",", ";"):
            self.header_fields = _fields(line, sep)
            f = [x.lower() for x in self.header_fields]
            if tuple(f) == HEADER:
                self.kind, self.sep, self.width = "csv", sep, 7
                return
            if sep == ";" and tuple(f[:7]) == UCI_COLUMNS:
                self.kind, self.sep, self.width = "uci", sep, len(f)
                return
        raise self._line_error(lineno, "expected the header %r (or a UCI PT header %r), got %s"
                               % (HEADER_LINE, ";".join(UCI_COLUMNS), _show(line.strip(), 60)))

    def _number(self, lineno, name, text):
        if self.sep == ";" and "," in text and "." not in text:
            text = text.replace(",", ".")  # a decimal comma: unambiguous with ";" between fields
        if len(text) > 40:
            raise self._line_error(lineno, "%s is not a number: %s" % (name, _show(text)))
        try:
            return float(text)
        except ValueError:
            raise self._line_error(lineno, "%s is not a number: %s" % (name, _show(text)))

    def _sample(self, lineno, f):
        if len(f) != self.width:
            raise self._line_error(lineno, "expected %d fields, got %d" % (self.width, len(f)))
        if self.kind == "uci":
            index = self._number(lineno, "time index", f[0])
            if not math.isfinite(index) or abs(index) > 1e12:
                raise self._line_error(lineno, "time index must be a finite sample number, got %s" % _show(f[0]))
            t = int(round((index - 1.0) * UCI_PERIOD_MS))
        else:
            text = f[0]
            if len(text) > 19 or not text.lstrip("-").isdigit():
                raise self._line_error(lineno, "t_ms must be an integer (ms ticks), got %s" % _show(text))
            t = int(text)
        values = [t]
        for name, text in zip(HEADER[1:], f[1:7]):
            values.append(self._number(lineno, name, text))
        return tuple(values)

    def __iter__(self):
        try:
            f = open(self.path, "rb")
        except OSError as e:
            raise RecordingError("%s: cannot read (%s)" % (self.path, e.strerror or e))
        with f:
            yield from (self._read_bin(f) if self.kind == "bin" else self._read(f))
        if self.kind is None:
            raise RecordingError("%s: empty recording, no header %r" % (self.path, HEADER_LINE))

    def _read(self, f):
        prev_fields = None
        prev_t = None
        for data, ended in _raw_lines(f):
            lineno = self.lines = self.lines + 1
            if len(data) > MAX_LINE:
                if self.kind is None and _binary(self.head):
                    raise RecordingError("%s: is a binary file, not a recording (CSV text)" % self.path)
                raise self._line_error(lineno, "line longer than %d characters: not a recording" % MAX_LINE)
            if lineno == 1 and data.startswith(b"\xef\xbb\xbf"):  # a byte order mark, as spreadsheets write
                data = data[3:]
            try:
                line = data.decode("utf-8").strip()
            except UnicodeDecodeError as e:
                if self.kind is None and _binary(self.head):
                    raise RecordingError("%s: is a binary file, not a recording (CSV text)" % self.path)
                raise self._line_error(lineno, "not UTF-8 text (byte 0x%02x); save the file as UTF-8"
                                       % data[e.start])
            if not line or line.startswith("#"):
                continue
            if self.kind is None:
                if _binary(line.encode("utf-8", "replace")):
                    raise RecordingError("%s: is a binary file, not a recording (CSV text)" % self.path)
                self._header(lineno, line)
                continue
            fields = _fields(line, self.sep)
            if fields == self.header_fields:  # a header again: recordings pasted one after the other
                continue
            try:
                s = self._sample(lineno, fields)
            except RecordingError:
                if ended:
                    raise
                self.truncated = lineno  # the last line, cut off mid-write
                return
            if not self._keep("line", lineno, fields == prev_fields, prev_t, s[0]):
                continue
            prev_fields = fields
            prev_t = s[0]
            if not (math.isfinite(s[1]) and math.isfinite(s[2]) and math.isfinite(s[3]) and math.isfinite(s[4])
                    and math.isfinite(s[5]) and math.isfinite(s[6])):
                self.nonfinite += 1
            yield s

    def _bin_error(self, block, at, reason):
        return RecordingError("%s: block %d (byte %d): %s" % (self.path, block, at, reason))

    def _read_bin(self, f):
        """The samples of a binary recording, block by block (one block in memory at a time)."""
        head = f.read(_bin._FILE_HEAD_BYTES)
        if len(head) < _bin._FILE_HEAD_BYTES:
            raise RecordingError("%s: binary recording cut off inside its header (%d bytes): nothing to read"
                                 % (self.path, len(head)))
        _, version, rec_bytes, bh_bytes, per_block = struct.unpack(_bin._FILE_HEAD, head)
        if version not in _BIN_VERSIONS or rec_bytes != _bin._RECORD_BYTES or bh_bytes != _bin._BLOCK_HEAD_BYTES:
            raise RecordingError("%s: binary recording format %d (%d-byte records) is not one this toolkit "
                                 "reads (%s): update the toolkit"
                                 % (self.path, version, rec_bytes, " or ".join(str(v) for v in _BIN_VERSIONS)))
        at = _bin._FILE_HEAD_BYTES
        prev_raw = None
        prev_t = None
        rec = struct.Struct("<i6h")
        while True:
            bh = f.read(_bin._BLOCK_HEAD_BYTES)
            if not bh:
                return
            block = self.blocks + 1
            if len(bh) < _bin._BLOCK_HEAD_BYTES:
                self.cut_block = (block, None)
                return
            sync, n, _, a, g = struct.unpack(_bin._BLOCK_HEAD, bh)
            if sync != _bin._BLOCK_SYNC:
                raise self._bin_error(block, at, "damaged: no block marker %r (found %r)" % (_bin._BLOCK_SYNC, sync))
            if not 1 <= n <= per_block:
                raise self._bin_error(block, at, "damaged: %d samples (a block holds 1 to %d)" % (n, per_block))
            if not (math.isfinite(a) and math.isfinite(g) and 0 < a < 1 and 0 < g < 1):
                raise self._bin_error(block, at, "damaged: scale factors %r m/s^2 and %r rad/s per LSB" % (a, g))
            size = (n if version == 1 else per_block) * _bin._RECORD_BYTES  # (format 2 writes its arrays whole)
            body = f.read(size)
            if len(body) < size:
                self.cut_block = (block, n)
                return
            self.blocks = block
            if version == 1:  # each sample's tick and values together
                rows = [rec.unpack_from(body, i * _bin._RECORD_BYTES) for i in range(n)]
            else:  # the block's ticks, then its samples' values: the first n of each
                ticks = struct.unpack_from("<%di" % n, body, 0)
                values = struct.unpack_from("<%dh" % (6 * n), body, 4 * per_block)
                rows = [(ticks[i],) + values[6 * i:6 * i + 6] for i in range(n)]
            for i in range(n):
                t, gx, gy, gz, ax, ay, az = raw = rows[i]
                s = (t, ax * a, ay * a, az * a, gx * g, gy * g, gz * g)
                if self._keep("sample", self.samples + 1, raw == prev_raw, prev_t, t):
                    prev_raw = raw
                    prev_t = t
                    yield s
            at += _bin._BLOCK_HEAD_BYTES + size

    def _keep(self, unit, where, duplicate, prev_t, t):
        """Count a sample against duplicates and backward times; True when it is kept (and counted)."""
        rel = self.elapsed_ms + (_ticks_diff(t, prev_t) if prev_t is not None else 0)
        if duplicate:
            _count(self.duplicates, rel)
            if not self.keep_all:
                return False
        elif prev_t is not None and _ticks_diff(t, prev_t) < 0:
            if self.backwards[0] == 0:
                self.backwards[3] = "%s %d" % (unit, where)
            _count(self.backwards, self.elapsed_ms)
            if not self.keep_all:
                return False
            rel = self.elapsed_ms
        self.elapsed_ms = rel
        self.samples += 1
        return True

    def warnings(self):
        """What was dropped from the file, as alert dicts {"kind", "text", "count", "t_ms", "last_ms"}."""
        out = []
        n, first, last = self.duplicates
        if n:
            out.append({"kind": "duplicate_rows", "text": "rows repeating the previous row exactly, dropped",
                        "count": n, "t_ms": first, "last_ms": last})
        n, first, last, line = self.backwards
        if n:
            out.append({"kind": "backwards_time", "text": "timestamps run backwards (first at %s); those "
                        "rows were dropped" % line, "count": n, "t_ms": first, "last_ms": last})
        if self.truncated:
            out.append({"kind": "truncated", "text": "last line (%d) cut off mid-write, dropped" % self.truncated,
                        "count": 1, "t_ms": self.elapsed_ms, "last_ms": self.elapsed_ms})
        if self.cut_block:
            block, n = self.cut_block
            out.append({"kind": "truncated", "text": "last block (%d%s) cut off mid-write (power cut?), dropped"
                        % (block, "" if n is None else ", %d samples" % n),
                        "count": 1, "t_ms": self.elapsed_ms, "last_ms": self.elapsed_ms})
        return out


def _count(acc, t_ms):
    acc[0] += 1
    if acc[1] is None:
        acc[1] = t_ms
    acc[2] = t_ms


def open_recording(path):
    """A streaming Reader of a recording CSV or a UCI PT file (RecordingError at once for a missing, folder,
    binary or UTF-16 file; the rest as the lines are read)."""
    return Reader(path)


def load_any(path, keep_all=False):
    """All samples of a recording CSV or a UCI PT file as a list (small files; stream big ones with Reader)."""
    return list(Reader(path, keep_all))


def read_recording(path):
    """Every sample of a recording file as written (duplicates and backward times kept) as a list."""
    return load_any(path, keep_all=True)


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
