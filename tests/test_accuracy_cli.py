"""`python -m sim accuracy` answers bad input with one line naming the argument or the file and exit code 2,
stops on Ctrl-C with one line and the old report untouched, and shows its progress on stderr only.
Every run here is tiny (a few generated sets, or none) so the file stays fast."""

import io
import os
import re

import pytest

from sim.analysis import accuracy, uci

PROGRESS = re.compile(r"^accuracy: (sets|situation sets|UCI sessions) \d+/\d+ \(\d+ s\)$")


def _one_error_line(capsys):
    """The single stderr line of a command that refused its input (nothing on stdout)."""
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert out == "", out[:200]
    assert len(lines) == 1 and lines[0].startswith("accuracy: ") and "Traceback" not in err, err
    return lines[0]


def _leftovers(folder):
    return [n for n in os.listdir(folder) if n.endswith(".tmp")]


@pytest.mark.parametrize("argv,words", [
    (["--sets", "x"], "--sets: invalid int value: 'x'"),
    (["--sets", "-1"], "--sets must be 0 to"),
    (["--sets", "10000000000"], "--sets must be 0 to"),
    (["--situations", "1.5"], "--situations: invalid int value"),
    (["--situations", "-2"], "--situations must be 0 to"),
    (["--jobs", "0"], "--jobs must be 1 to"),
    (["--jobs", "100000"], "--jobs must be 1 to"),
    (["--jobs", ""], "--jobs: invalid int value"),
    (["--sets", "1", "--nope"], "unrecognized arguments: --nope"),
    (["--sets", "0", "--situations", "0", "--no-uci"], "nothing to measure"),
])
def test_bad_arguments_are_one_line_naming_the_argument(tmp_path, capsys, argv, words):
    out = tmp_path / "a.md"
    assert accuracy.main(argv + ["--out", str(out)]) == 2
    assert words in _one_error_line(capsys)
    assert not out.exists() and _leftovers(tmp_path) == []


@pytest.mark.parametrize("where,words", [
    ("TMP/no/such/a.md", "no folder"),  # the folder is not made up: a typo would scatter reports
    ("TMP", "is a folder; give a file such as"),
    ("TMP/file.md/a.md", "not a folder"),  # unwritable whoever runs it (root included)
])
def test_an_out_path_that_cannot_be_written_is_said_before_the_run(tmp_path, capsys, monkeypatch, where, words):
    (tmp_path / "file.md").write_text("old")
    calls = []
    monkeypatch.setattr(accuracy, "run", lambda *a, **k: calls.append(a))  # must not be reached
    path = where.replace("TMP", str(tmp_path))
    assert accuracy.main(["--sets", "1", "--no-uci", "--situations", "0", "--out", path]) == 2
    line = _one_error_line(capsys)
    assert line.startswith("accuracy: --out %s: " % path) and words in line
    assert calls == [] and (tmp_path / "file.md").read_text() == "old" and _leftovers(tmp_path) == []


def _uci_folder(root, session_text=None, counts=None):
    """A one-session copy of data/uci-pt's layout: protocol_counts.csv and s1/e3/u3/template_session.txt."""
    (root / "s1" / "e3" / "u3").mkdir(parents=True)
    (root / "protocol_counts.csv").write_text(counts or (
        "subject,exercise,session_file,expected_reps_total\ns1,e3,s1/e3/u*/template_session.txt,9\n"))
    if session_text is not None:
        (root / "s1" / "e3" / "u3" / "template_session.txt").write_text(session_text)
    return root


def test_a_missing_uci_folder_is_one_line_that_says_how_to_skip_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(uci, "DATA_DIR", str(tmp_path / "uci-pt"))
    assert accuracy.main(["--sets", "1", "--situations", "0", "--out", str(tmp_path / "a.md")]) == 2
    line = _one_error_line(capsys)
    assert "uci-pt: no such folder" in line and "--no-uci" in line
    assert not (tmp_path / "a.md").exists()


@pytest.mark.parametrize("counts,words", [
    ("subject;exercise\ns1;e3\n", "protocol_counts.csv: cannot read (no column"),
    ("subject,exercise,session_file,expected_reps_total\ns1,e3,s1/e3/u*/test.txt,many\n",
     "protocol_counts.csv: cannot read (ValueError"),
    (None, "none of the recordings protocol_counts.csv lists is there"),  # the session file is missing
])
def test_an_unusable_session_list_is_one_line_naming_it(tmp_path, capsys, monkeypatch, counts, words):
    monkeypatch.setattr(uci, "DATA_DIR", str(_uci_folder(tmp_path / "uci-pt", None, counts)))
    assert accuracy.main(["--sets", "1", "--situations", "0", "--out", str(tmp_path / "a.md")]) == 2
    assert words in _one_error_line(capsys)


def test_a_damaged_uci_file_stops_the_report_naming_the_file_and_line(tmp_path, capsys, monkeypatch):
    """The real recordings run first, so a damaged file is said within seconds, before the generated sets;
    it is bad input (exit 2), not a crash of the core counted in the report."""
    bad = "time index;acc_x;acc_y;acc_z;gyr_x;gyr_y;gyr_z\n1;0.1;9.8;0.2;0;0;0\n2;abc;9.8;0.2;0;0;0\n"
    monkeypatch.setattr(uci, "DATA_DIR", str(_uci_folder(tmp_path / "uci-pt", bad)))
    sets = []
    real_set_job = accuracy.set_job
    monkeypatch.setattr(accuracy, "set_job", lambda seed: sets.append(seed) or real_set_job(seed))
    out = tmp_path / "a.md"
    assert accuracy.main(["--sets", "3", "--situations", "0", "--jobs", "1", "--out", str(out)]) == 2
    stdout, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert stdout == "" and "Traceback" not in err
    assert all(PROGRESS.match(ln) for ln in lines[:-1]), lines  # only progress before the one error line
    assert lines[-1].startswith("accuracy: ") and "template_session.txt:3: " in lines[-1] and "'abc'" in lines[-1]
    assert sets == [] and not out.exists() and _leftovers(tmp_path) == []


def test_ctrl_c_is_one_line_and_the_old_report_stays(tmp_path, capsys, monkeypatch):
    def interrupted(seed):
        raise KeyboardInterrupt

    monkeypatch.setattr(accuracy, "set_job", interrupted)
    out = tmp_path / "accuracy.md"
    out.write_text("the last report")
    assert accuracy.main(["--sets", "3", "--situations", "0", "--no-uci", "--jobs", "1", "--out", str(out)]) == 130
    stdout, err = capsys.readouterr()
    lines = [ln for ln in err.strip().splitlines() if not PROGRESS.match(ln)]
    assert stdout == "" and "Traceback" not in err
    assert len(lines) == 1 and re.match(r"accuracy: stopped \(Ctrl-C\) after \d+ s; %s is unchanged$" % re.escape(
        str(out)), lines[0]), lines
    assert out.read_text() == "the last report" and _leftovers(tmp_path) == []


def test_a_report_that_cannot_be_saved_at_the_end_is_still_printed(tmp_path, capsys, monkeypatch):
    def disk_full(tmp, path, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(accuracy, "_write_out", disk_full)
    out = tmp_path / "a.md"
    assert accuracy.main(["--sets", "1", "--situations", "0", "--no-uci", "--jobs", "1", "--out", str(out)]) == 2
    stdout, err = capsys.readouterr()
    errors = [ln for ln in err.strip().splitlines() if not PROGRESS.match(ln)]
    assert stdout.startswith("# BandLift motion core: accuracy") and "written to" not in stdout
    assert errors == ["accuracy: --out %s: cannot write (No space left on device)" % out]
    assert _leftovers(tmp_path) == []


def test_progress_goes_to_stderr_and_stdout_holds_the_report_only(tmp_path, capsys):
    out = tmp_path / "a.md"
    assert accuracy.main(["--sets", "2", "--situations", "0", "--no-uci", "--jobs", "1", "--out", str(out)]) == 0
    stdout, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert lines and all(PROGRESS.match(ln) for ln in lines), lines
    assert lines[0].startswith("accuracy: sets 0/2 ") and lines[-1].startswith("accuracy: sets 2/2 ")
    assert "accuracy:" not in stdout
    assert stdout == out.read_text() + "\nwritten to %s\n" % out
    assert out.stat().st_mode & 0o044  # readable by others like any report, not the private temporary file


def test_progress_of_a_long_stage_is_a_few_lines_not_one_per_item():
    """A 500-set run prints its start, each tenth and its end: about a dozen lines, never one per set."""
    stream = io.StringIO()
    p = accuracy.Progress(stream=stream, every_s=3600)
    for done in range(501):
        p("sets", done, 500)
    lines = stream.getvalue().splitlines()
    assert 10 <= len(lines) <= 12
    assert lines[0].startswith("accuracy: sets 0/500") and lines[-1].startswith("accuracy: sets 500/500")
