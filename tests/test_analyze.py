"""The analyzer: per-rep dicts, JSON output, errors without tracebacks, the plot.

Most tests drive a tiny fake core on hand-made samples, so a rep's numbers are known exactly: it is built from
the real core's parts (its event and phase numbers, its Rep record and set statistics), only its detection is
simpler. Other tests run the real core.
"""

import json
import math
import os

import pytest
from bandlift import faults
from bandlift.compat import ticks_diff
from bandlift.motion import core as real
from bandlift.motion.standin import StandInCore
from bandlift.targets import Targets

from sim.analysis import analyze, analyze_out
from sim.analysis.recording import write_recording


class FakeCore(StandInCore):
    """The core's one stand-in (bandlift.motion.standin: the real surface, Rep and SetStats) with a toy feed():
    it integrates gx (rad/s) into an elevation; a rep is a rise above 10 deg that comes back under 3 deg.
    The real core's event and phase numbers; its stats count reps."""

    EV_REP_DONE, EV_BAD_SAMPLE, EV_GAP = real.EV_REP_DONE, real.EV_BAD_SAMPLE, real.EV_GAP
    PH_REST, PH_RAISE, PH_HOLD, PH_LOWER = real.PH_REST, real.PH_RAISE, real.PH_HOLD, real.PH_LOWER

    def __init__(self, targets):
        StandInCore.__init__(self, targets if targets is not None else Targets())
        self.phase, self.target_deg, self.calibrated = self.PH_REST, 30.0, True
        self.last_t = None
        self.start = 0
        self.peak = 0.0

    def feed(self, t, ax, ay, az, gx, gy, gz):
        if not all(math.isfinite(v) for v in (ax, ay, az, gx, gy, gz)):
            self.bad_samples += 1
            return self.EV_BAD_SAMPLE
        ev = 0
        if self.last_t is not None:
            dt = ticks_diff(t, self.last_t) / 1000.0
            if dt > 0.5:
                self.gaps += 1
                ev |= self.EV_GAP
            self.angle += math.degrees(gx) * dt
        self.last_t = t
        rate = math.degrees(gx)
        if self.phase == self.PH_REST and self.angle > 10:
            self.phase, self.start, self.peak = self.PH_RAISE, t, 0.0
        elif self.phase == self.PH_RAISE and rate < 5:
            self.phase = self.PH_HOLD
        elif self.phase == self.PH_HOLD and rate < -5:
            self.phase = self.PH_LOWER
        elif self.phase == self.PH_LOWER and self.angle < 3:
            self.phase = self.PH_REST
            self.reps += 1
            score = 90 if self.peak >= 30 else 50
            r = self.last_rep
            r.clear()
            r.index, r.start_ms, r.end_ms, r.raise_ms, r.hold_ms, r.lower_ms = self.reps, self.start, t, 1000, 1000, 2000
            r.peak_deg, r.score, r.stars = self.peak, score, 3 if score >= 90 else 0
            r.faults = 0 if score >= 90 else faults.SHORT
            r.cue = faults._GOOD_CUE if score >= 90 else "Reach your height"
            self.stats.add(r)
            ev |= self.EV_REP_DONE
        self.peak = max(self.peak, self.angle)
        return ev


class FakeCoreModule:
    """Stands in for the bandlift.motion.core module: the fake class, the real event and phase constants."""

    MotionCore = FakeCore
    EV_REP_DONE, EV_BAD_SAMPLE, EV_GAP = real.EV_REP_DONE, real.EV_BAD_SAMPLE, real.EV_GAP
    PH_REST, PH_RAISE, PH_HOLD, PH_LOWER = real.PH_REST, real.PH_RAISE, real.PH_HOLD, real.PH_LOWER


def make_set(peaks, rate_hz=50, t0=0):
    """Hand-made reps: cosine raise 1 s, hold 1 s, cosine lower 2 s, rest 1 s; the turn about x, read by the
    gyro (gx) and by gravity (ay, az), which a real lift tilts as the gyro turns (the core checks the one with
    the other: a gyro turning while gravity stays is a wrong gyro scale or a strap handled, not a lift)."""
    dt = 1000 // rate_hz
    out, t = [], t0
    ang = 0.0  # rad, the leg's angle from rest
    for _ in range(rate_hz):  # 1 s of rest first
        out.append((t % (1 << 29), 0.0, 9.81, 0.0, 0.0, 0.0, 0.0))
        t += dt
    for peak in peaks:
        for dur_s, sign in ((1.0, 1), (1.0, 0), (2.0, -1), (1.0, 0)):
            n = int(dur_s * rate_hz)
            for i in range(n):
                # d/dt of peak*(1-cos(pi*x))/2 over the phase, in rad/s
                w = 0.0
                if sign:
                    w = sign * math.radians(peak) * math.pi / 2 / dur_s * math.sin(math.pi * (i + 0.5) / n)
                ang += w * dt / 1000.0
                out.append((t % (1 << 29), 0.0, 9.81 * math.cos(ang), -9.81 * math.sin(ang), w, 0.0, 0.0))
                t += dt
    return out


def test_reps_are_reported_in_order_with_times_from_the_start():
    res = analyze.analyze_samples(make_set([40, 40, 20]), None, core_module=FakeCoreModule)
    assert res["count"] == 3 == len(res["reps"])
    starts = [r["start_s"] for r in res["reps"]]
    assert starts == sorted(starts) and 1.0 <= starts[0] < 1.5
    assert [r["faults"] for r in res["reps"]] == [[], [], ["SHORT"]]
    assert res["summary"]["best_score"] == 90 and res["summary"]["mean_score"] == pytest.approx(230 / 3, abs=0.1)
    assert res["alerts"] == []


def test_tick_wrap_does_not_break_rep_times():
    """A recording that crosses the 2**29 tick wrap gives the same relative rep times."""
    a = analyze.analyze_samples(make_set([40, 40]), None, core_module=FakeCoreModule)
    b = analyze.analyze_samples(make_set([40, 40], t0=(1 << 29) - 3000), None, core_module=FakeCoreModule)
    assert [r["start_s"] for r in a["reps"]] == [r["start_s"] for r in b["reps"]]


def test_bad_samples_and_gaps_become_alerts_and_json_stays_valid():
    s = make_set([40])
    s[10] = (s[10][0], float("nan"), 9.8, 0.0, 0.0, 0.0, 0.0)
    s[11] = (s[11][0], float("inf"), 9.8, 0.0, 0.0, 0.0, 0.0)
    s = s[:30] + [(x[0] + 2000,) + x[1:] for x in s[30:]]
    res = analyze.analyze_samples(s, None, core_module=FakeCoreModule)
    kinds = [a["kind"] for a in res["alerts"]]
    assert kinds == ["bad_samples", "gap"]
    assert res["alerts"][0]["count"] == 2
    assert res["summary"]["nonfinite_samples"] == 2
    json.dumps(res, allow_nan=False)


def test_table_lists_every_rep_and_the_summary():
    res = analyze.analyze_samples(make_set([40, 20]), None, core_module=FakeCoreModule)
    text = analyze.format_table(res)
    assert "SHORT" in text and "Reach your height" in text and "reps 2" in text


def test_plot_writes_a_png_with_the_trace(tmp_path):
    from PIL import Image

    res, trace = analyze.run_core(make_set([40, 30]), None, core_module=FakeCoreModule, want_trace=True)
    assert len(trace.t_ms) == len(trace.angle) == len(trace.phase)
    assert set(trace.phase) >= {"RAISE", "HOLD", "LOWER", "REST"}
    from sim.analysis import plot

    out = str(tmp_path / "p.png")
    plot.draw(trace, res, out, title="test")
    img = Image.open(out)
    assert img.size[0] >= 900 and img.size[1] > 300
    # Some raise (green) shading is present.
    assert (198, 239, 206) in {c for _, c in img.convert("RGB").getcolors(1 << 20)}


@pytest.mark.parametrize(
    "argv, words",
    [
        (["missing.csv"], "no such file"),
        (["BAD"], "bad.csv:2"),
        ([], "file"),
        (["GOOD", "--side", "X"], "side"),
        (["GOOD", "--level", "missing.json"], "missing.json"),
    ],
)
def test_cli_errors_are_one_line_and_exit_2(tmp_path, capsys, argv, words):
    bad = tmp_path / "bad.csv"
    bad.write_text("t_ms,ax,ay,az,gx,gy,gz\n0,1,2\n")
    good = tmp_path / "good.csv"
    write_recording(str(good), make_set([40]))
    argv = [str(bad) if a == "BAD" else str(good) if a == "GOOD" else
            str(tmp_path / a) if a.startswith("missing") else a for a in argv]
    assert analyze.main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1 and words in err


@pytest.mark.parametrize("flag", ["--csv", "--reps-csv"])
def test_an_output_naming_the_recording_being_read_changes_nothing(tmp_path, capsys, flag):
    """`analyze r.csv --csv r.csv` wrote the conversion over the recording it read: the athlete's ground truth
    (its # lines) was gone. It is one line now, and the file is as it was."""
    path = tmp_path / "r.csv"
    write_recording(str(path), make_set([40]), comments=["the truth a script wrote"])
    before = path.read_bytes()
    assert analyze.main([str(path), flag, str(tmp_path / "." / "r.csv")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "analyze: %s %s: is the recording being read: write to another file (nothing was changed)" % (
        flag, tmp_path / "." / "r.csv")
    assert path.read_bytes() == before


def test_real_core_on_a_hand_made_set(tmp_path, capsys):
    """With the real motion core: the CLI gives one JSON object whose count matches its reps."""
    path = str(tmp_path / "r.csv")
    write_recording(path, make_set([40, 40, 40]))
    assert analyze.main([path, "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["count"] == len(res["reps"])
    assert set(res) == {"count", "reps", "summary", "alerts"}


# ------------------------------------------------------------------ the CLI on files people have


@pytest.fixture(scope="module")
def athlete_set(tmp_path_factory):
    """A 5-rep virtual athlete recording (the real file format) and its samples."""
    import random

    from sim import athlete

    session = athlete.generate(athlete.random_set(random.Random(7), False, 5))
    path = str(tmp_path_factory.mktemp("rec") / "set.csv")
    write_recording(path, session.samples)
    return path, session.samples


def _cli(capsys, *argv):
    code = analyze.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_row_doubled_counts_the_same_reps_and_says_so(tmp_path, capsys, athlete_set):
    path, samples = athlete_set
    code, out, _ = _cli(capsys, path, "--json")
    clean = json.loads(out)
    assert code == 0 and clean["count"] == 5
    doubled = str(tmp_path / "doubled.csv")
    write_recording(doubled, [s for s in samples for _ in (0, 1)])
    code, out, _ = _cli(capsys, doubled, "--json")
    res = json.loads(out)
    assert res["count"] == 5 and res["summary"]["samples"] == len(samples)
    dup = [a for a in res["alerts"] if a["kind"] == "duplicate_rows"]
    assert dup and dup[0]["count"] == len(samples)
    assert not any(a["kind"] == "gap" for a in res["alerts"])


def test_a_file_in_reverse_order_says_the_time_runs_backwards(tmp_path, capsys, athlete_set):
    _, samples = athlete_set
    rev = str(tmp_path / "reversed.csv")
    write_recording(rev, samples[::-1])
    code, out, err = _cli(capsys, rev)
    assert code == 0 and not err
    assert "backwards_time" in out and "x%d" % (len(samples) - 1) in out
    assert len(out.splitlines()) < 30
    assert "over 0.0 s" in out  # never a negative duration


def test_a_run_of_nan_samples_is_one_summary_line(tmp_path, capsys, athlete_set):
    _, samples = athlete_set
    s = list(samples)
    for i in range(500, 1025):  # 525 NaN samples
        s[i] = (s[i][0], float("nan")) + s[i][2:]
    path = str(tmp_path / "nan.csv")
    write_recording(path, s)
    code, out, _ = _cli(capsys, path)
    assert code == 0
    lines = [l for l in out.splitlines() if "bad_samples" in l]
    assert len(lines) == 1 and "x525" in lines[0]
    assert len(out.splitlines()) < 40


def test_a_header_only_file_reports_no_reps_and_no_score(tmp_path, capsys):
    path = tmp_path / "header.csv"
    path.write_text("t_ms,ax,ay,az,gx,gy,gz\n")
    code, out, _ = _cli(capsys, path)
    assert code == 0
    assert "(no reps: the file has no samples)" in out and "mean score -" in out and "best -" in out
    code, out, _ = _cli(capsys, path, "--json")
    s = json.loads(out)["summary"]
    assert s["mean_score"] is None and s["best_score"] is None and s["samples"] == 0


@pytest.mark.parametrize("name,data", [
    ("folder", None),
    ("binary.csv", bytes(range(256)) * 4),
    ("utf16.csv", "t_ms,ax,ay,az,gx,gy,gz\n0,1,2,3,4,5,6\n".encode("utf-16")),
    ("empty.csv", b""),
    ("bad-row.csv", b"t_ms,ax,ay,az,gx,gy,gz\n0,1,2,3,4,5,6\n10,1,2\n20,1,2,3,4,5,6\n"),
    ("long-tick.csv", b"t_ms,ax,ay,az,gx,gy,gz\n" + b"9" * 5000 + b",1,2,3,4,5,6\n"),  # never echoed whole
    ("latin1.csv", b"# caf\xe9\nt_ms,ax,ay,az,gx,gy,gz\n0,1,2,3,4,5,6\n"),
])
def test_bad_files_are_one_line_naming_the_file_and_exit_2(tmp_path, capsys, name, data):
    p = tmp_path / name
    if data is None:
        p.mkdir()
    else:
        p.write_bytes(data)
    code, out, err = _cli(capsys, p)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and name in err
    assert "Traceback" not in err and len(err) < len(str(p)) + 200


@pytest.mark.parametrize("out_name", ["plot.txt", "plot", "plot.jpeg"])
def test_an_unknown_plot_format_is_said_before_the_analysis(tmp_path, capsys, athlete_set, out_name):
    code, out, err = _cli(capsys, athlete_set[0], "--plot", tmp_path / out_name)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert out_name in err and ".png, .svg, .pdf" in err
    assert not (tmp_path / out_name).exists()


@pytest.mark.parametrize("ext,magic", [(".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")])
def test_plot_formats_follow_the_extension(tmp_path, capsys, athlete_set, ext, magic):
    out_path = tmp_path / ("plot" + ext)
    code, out, err = _cli(capsys, athlete_set[0], "--plot", out_path)
    assert code == 0, err
    assert out_path.read_bytes()[:len(magic)] == magic


def test_the_plot_has_three_panels_elevation_speed_and_sideways(tmp_path, athlete_set):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from bandlift.targets import Targets
    from sim.analysis import plot

    res, trace = analyze.analyze_file(athlete_set[0], Targets(), want_trace=True)
    shown = []
    real_close = plt.close
    plt.close = lambda fig: shown.append(fig)
    try:
        plot.draw(trace, res, str(tmp_path / "p.svg"), title="t", targets=Targets())
    finally:
        plt.close = real_close
    (fig,) = shown
    labels = [ax.get_ylabel() for ax in fig.axes]
    assert labels == ["elevation (deg)", "speed (deg/s)", "sideways (deg)"]
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert {"raise", "pause at the top", "lowering", "target zone"} <= set(legend)
    assert any("phase boundary" in t.get_text() for t in fig.axes[1].get_legend().get_texts())
    real_close(fig)


def test_a_reps_csv_has_a_row_per_rep_for_a_spreadsheet(tmp_path, capsys):
    """`analyze FILE --reps-csv OUT`: the per-rep table as numbers (the JSON had it, no spreadsheet read it)."""
    import csv

    path = str(tmp_path / "r.csv")
    write_recording(path, make_set([40, 40, 20]))
    out = str(tmp_path / "reps.csv")
    assert analyze.main([path, "--reps-csv", out]) == 0
    assert "3 reps written to " + out in capsys.readouterr().out
    rows = list(csv.DictReader(open(out, newline="")))
    assert list(rows[0]) == list(analyze_out.REP_COLUMNS)
    assert analyze.main([path, "--json"]) == 0
    reps = json.loads(capsys.readouterr().out)["reps"]
    assert len(rows) == len(reps) == 3  # the real core on three hand-made reps
    for row, rep in zip(rows, reps):
        assert int(row["rep"]) == rep["index"] and float(row["start_s"]) == rep["start_s"]
        assert [int(row[k]) for k in ("raise_ms", "hold_ms", "stop_ms", "lower_ms", "score")] == \
            [rep[k] for k in ("raise_ms", "hold_ms", "stop_ms", "lower_ms", "score")]
        assert 0 < rep["stop_ms"] < rep["hold_ms"]  # (the pause less the moves' slow ends, which the fits found)
        assert float(row["range_deg"]) == rep["peak_deg"] and row["faults"].split() == rep["faults"]
        assert row["reset_ms"] == ("" if rep["reset_ms"] < 0 else str(rep["reset_ms"]))
    assert 1.0 <= float(rows[0]["start_s"]) < float(rows[1]["start_s"]) < float(rows[2]["start_s"])
