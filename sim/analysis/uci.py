"""The UCI Physical Therapy Exercises recordings (data/uci-pt/): reader, session list, rep labels.

Files are `;`-separated with the header `time index;acc_x;acc_y;acc_z;gyr_x;gyr_y;gyr_z[;mag_x;mag_y;mag_z]`,
sampled at 25 Hz: sample `index` (from 1) is at t_ms = (index - 1) * 40. Acceleration in m/s^2 with
gravity and angular rate in rad/s, the units BandLift samples use. The magnetometer is ignored.
Dataset: A. Yurtman, B. Barshan, UCI ML Repository, DOI 10.24432/C5JK60 (CC BY 4.0); see data/uci-pt/README.md.
"""

import csv
import os

from sim.analysis.recording import UCI_COLUMNS as COLUMNS, UCI_PERIOD_MS as PERIOD_MS, load_any

from sim import ROOT  # noqa: E402
DATA_DIR = os.path.join(ROOT, "data", "uci-pt")


# Execution types of the protocol (test_times.csv, template_times.txt).
CORRECT = 1
TOO_FAST = 2
LOW_AMPLITUDE = 3
TYPE_NAMES = {CORRECT: "correct", TOO_FAST: "too fast", LOW_AMPLITUDE: "low amplitude"}

# The exercising units of each exercise kept in the copy (the ones whose segment turns with the movement: in
# the seated knee extension the thigh stays on the chair, in the side-lying abduction the whole leg lifts).
MOVING = {"e1": ("u2",), "e3": ("u3",), "e4": ("u2", "u3")}
# The resting (left) leg of each exercise: it must count no reps (e4's copy has no resting unit).
RESTING = {"e1": ("u1", "u4"), "e3": ("u1", "u4"), "e4": ()}
# Posture and movement of each exercise, for the reports.
EXERCISES = {"e1": "seated knee extension", "e3": "supine leg raise", "e4": "side-lying hip abduction"}
UNIT_MOUNT = {"u1": "shin", "u2": "shin", "u3": "thigh", "u4": "thigh"}
UNIT_SIDE = {"u1": "L", "u2": "R", "u3": "R", "u4": "L"}
KINDS = ("test", "template_session")


def index_to_ms(index):
    """t_ms of a (possibly fractional) 1-based sample index."""
    return int(round((float(index) - 1.0) * PERIOD_MS))


def read_uci(path):
    """Samples (t_ms, ax, ay, az, gx, gy, gz) from one UCI file; RecordingError names file and line."""
    return load_any(path)


class Session:
    """One UCI recording of one unit, with how many reps it must count."""

    def __init__(self, subject, exercise, kind, unit, expected):
        self.subject = subject
        self.exercise = exercise
        self.kind = kind  # "test" (30 reps) or "template_session" (9 reps)
        self.unit = unit
        self.expected = expected  # reps the moving leg performs; 0 for the resting leg
        self.mount = UNIT_MOUNT[unit]
        self.side = UNIT_SIDE[unit]
        self.moving = expected > 0

    @property
    def name(self):
        return "%s/%s/%s/%s" % (self.subject, self.exercise, self.unit, self.kind)

    @property
    def path(self):
        return os.path.join(DATA_DIR, self.subject, self.exercise, self.unit, self.kind + ".txt")

    def samples(self):
        return read_uci(self.path)

    def __repr__(self):
        return "Session(%s, expected=%d)" % (self.name, self.expected)


def protocol_counts(data_dir=DATA_DIR):
    """{(subject, exercise, kind): expected reps total} from protocol_counts.csv."""
    out = {}
    with open(os.path.join(data_dir, "protocol_counts.csv"), newline="") as f:
        for row in csv.DictReader(f):
            kind = os.path.basename(row["session_file"]).rsplit(".", 1)[0]
            out[(row["subject"], row["exercise"], kind)] = int(row["expected_reps_total"])
    return out


def sessions(data_dir=DATA_DIR):
    """Every session of the copy: the moving unit with its protocol count, the resting units with 0."""
    counts = protocol_counts(data_dir)
    out = []
    for (subject, exercise, kind), total in sorted(counts.items()):
        if exercise not in MOVING:
            continue
        candidates = [(u, total) for u in MOVING[exercise]] + [(u, 0) for u in RESTING[exercise]]
        for u, expected in candidates:
            s = Session(subject, exercise, kind, u, expected)
            if os.path.exists(os.path.join(data_dir, subject, exercise, u, kind + ".txt")):
                out.append(s)
    return out


def subjects(session_list):
    """The subjects of a list of sessions, sorted: the folds of a leave-one-subject-out evaluation."""
    return sorted({s.subject for s in session_list})


def rep_times(subject, exercise, data_dir=DATA_DIR):
    """Hand-drawn boundaries of all test reps (s1 only): list of (rep, type, start_ms, end_ms)."""
    path = os.path.join(data_dir, subject, exercise, "test_times.csv")
    out = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            out.append(
                (
                    int(row["rep.number"]),
                    int(row["execution.type"]),
                    index_to_ms(row["start"]),
                    index_to_ms(row["end"]),
                )
            )
    return out


def template_times(subject, exercise, data_dir=DATA_DIR):
    """One marked execution per type in the template session: list of (type, start_ms, end_ms)."""
    path = os.path.join(data_dir, subject, exercise, "template_times.txt")
    out = []
    with open(path, newline="") as f:
        for row in csv.reader(f, delimiter=";"):
            if not row or not row[0].strip()[:1].isdigit():
                continue
            out.append((int(row[0]), index_to_ms(row[1]), index_to_ms(row[2])))
    return out
