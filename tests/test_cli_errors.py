"""Every PC command answers bad input with one line naming the file (or the argument) and exit code 2."""

import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.parametrize("argv,words", [
    (["--seed", "1", "--out", "NOFOLDER/x.csv"], "x.csv: cannot write"),
    (["--seed", "1", "--out", "TMP"], "cannot write"),
    (["--reps", "0", "--out", "TMP/x.csv"], "--reps must be 1 to 100"),
    (["--reps", "100000", "--out", "TMP/x.csv"], "--reps must be 1 to 100"),
    (["--script", "TMP", "--out", "TMP/x.csv"], "cannot read"),
    (["--script", "TMP/missing.json", "--out", "TMP/x.csv"], "missing.json"),
    (["--script", "TMP/mine.json", "--out", "TMP/./mine.json"], "is the script being read"),  # wrote over it
    (["--script", "TMP/mine.json", "--reps", "5", "--out", "TMP/x.csv"], "--reps go with --seed"),  # ignored
])
def test_athlete_bad_input_is_one_line(tmp_path, capsys, argv, words):
    from sim.athlete import cli

    script = tmp_path / "mine.json"
    script.write_text(open(os.path.join(ROOT, "sim", "scripts", "clean8.json")).read())
    argv = [a.replace("NOFOLDER", str(tmp_path / "no" / "such")).replace("TMP", str(tmp_path)) for a in argv]
    assert cli.main(argv) == 2
    assert script.read_text() == open(os.path.join(ROOT, "sim", "scripts", "clean8.json")).read()
    out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1 and words in err and "Traceback" not in err


@pytest.mark.parametrize("text,field", [
    ('{"format": Infinity, "name": "x", "reps": 3}', "format"),
    ('{"format": 1, "name": "x", "reps": 3, "target": {"angle_deg": NaN}}', "target.angle_deg"),
    ('{"format": 1, "name": "x", "reps": 3, "stars_rule": 1e400}', "stars_rule"),
    ('{"format": "1", "name": "x", "reps": 3}', "format"),
    ('{"format": 1, "name": "x\\ud800", "reps": 3}', "JSON text at line 1"),  # half an emoji: crashed playtest
    pytest.param('{"format": 1, "name": "x", "reps": 1%s}' % ("0" * 5000), "reps",
                 id="5000-digits"),  # said in CPython's 4,300-digit limit's words
])
@pytest.mark.parametrize("command", ["analyze", "playtest"])
def test_a_level_with_non_finite_numbers_is_one_line_naming_file_and_field(tmp_path, capsys, text, field, command):
    from sim.analysis import analyze
    from sim.analysis.recording import write_recording
    from sim.levels import playtest

    level = tmp_path / "bad-level.json"
    level.write_text(text)
    rec = tmp_path / "r.csv"
    write_recording(str(rec), [(i * 10, 0.0, 9.8, 0.0, 0.0, 0.0, 0.0) for i in range(10)])
    if command == "analyze":
        code = analyze.main([str(rec), "--level", str(level)])
    else:
        code = playtest.main([str(level)])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    if field.startswith("JSON"):  # a file-level reason: the loader's words (analyze) or the checker's json field
        assert "bad-level.json: " in err and field in err and "Traceback" not in err
    else:
        assert "bad-level.json: " + field + ": " in err


@pytest.mark.parametrize("argv,words", [
    (["--press", "4000:Q"], "--press '4000:Q': the buttons are A, B and C"),
    (["--press", "4000:B:lng"], "the third part can only be long"),
    (["--press", "soon:B"], "expected T_MS:BUTTON[:long]"),
    (["--minutes", "inf"], "--minutes inf: give a number of minutes"),
    (["--minutes", "nan"], "--minutes nan: give a number of minutes"),
    (["--minutes", "-1"], "must be above 0"),
    (["--out", "FILE"], "is a file; the outputs"),
    (["--reset-at", "20000:Q"], "'20000:Q': the buttons held at RESET are A, B, C, SWITCH, BUTTON"),
    (["--reload-at", "soon"], "ms as whole numbers"),
    (["--out", "FILE/sub"], "cannot be made: TMP/taken.json is a file"),  # a traceback after the whole run
    (["--levels", "FILE"], "--levels FILE: is a file, not a folder of levels"),
    (["--script", "TMP/notes.txt"], "an athlete script is a .json file (a recording plays with --recording)"),
])
def test_twin_run_bad_arguments_are_one_line_before_anything_runs(tmp_path, capsys, argv, words):
    """A typo in `sim run`'s arguments is said at once, in one line (it ended in a traceback after the run)."""
    from sim.twin import run

    (tmp_path / "taken.json").write_text("{}")
    (tmp_path / "notes.txt").write_text("{}")
    argv = [a.replace("FILE", str(tmp_path / "taken.json")).replace("TMP", str(tmp_path)) for a in argv]
    words = words.replace("FILE", str(tmp_path / "taken.json")).replace("TMP", str(tmp_path))
    assert run.main(["--headless"] + argv) == 2
    out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1 and words in err and "Traceback" not in err, err
    assert (tmp_path / "taken.json").read_text() == "{}"


@pytest.mark.parametrize("script,words", [
    ([1, 2], "top level: must be a JSON object"),  # TypeError from dict.pop
    ({"buttons": "B"}, "buttons: must be a list of [t_ms, button, long]"),
    ({"buttons": [5]}, "buttons: 5: each is [t_ms"),  # TypeError: cannot unpack
    ({"buttons": [[4000, "Q", False]]}, 'buttons: [4000, "Q", false]: each is'),  # KeyError: 'Q'
    ({"buttons": [[1e400, "B", False]]}, "buttons: [Infinity,"),  # OverflowError
    ({"buttons": [[-1, "B", False]]}, "buttons: [-1,"),  # a press before power-up, taken silently
])
def test_a_scripts_bad_shape_or_buttons_are_one_line_naming_the_file(tmp_path, capsys, script, words):
    """A hand-written athlete script's typos (its top level, its "buttons" list) ended in tracebacks."""
    import json

    from sim.twin import run

    base = json.load(open(os.path.join(ROOT, "sim", "scripts", "clean8.json")))
    if isinstance(script, dict):
        base.update(script)
        script = base
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(script))
    assert run.main(["--headless", "--out", str(tmp_path / "out"), "--script", str(path)]) == 2
    out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1 and words in err and str(path) in err, err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_the_main_job_prints_no_blinka_warning(tmp_path):
    """`python -m sim` is the first thing a newcomer runs: Blinka's "GENERIC_X86 is not fully supported"
    read as an error. The twin runs and says what it did, nothing else on stderr."""
    import os
    import subprocess
    import sys

    env = dict(os.environ)
    env.pop("BLINKA_OS_AGNOSTIC", None)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    r = subprocess.run([sys.executable, "-m", "sim", "run", "--headless", "--minutes", "0.1", "--out",
                        str(tmp_path)], cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "WARNING" not in r.stdout + r.stderr and "reps" in r.stdout


@pytest.mark.parametrize("command", ["run", "analyze", "accuracy", "check-levels", "playtest", "athlete", "bench",
                                     "bundle"])
def test_every_command_refuses_a_flag_it_does_not_know_in_one_line(command, capsys):
    """A misspelt flag (--minuts) is never taken silently: one line naming it, exit 2, nothing run."""
    from sim.__main__ import main

    argv = [command, "--minuts", "2"]
    if command == "analyze":
        argv.insert(1, "x.csv")
    try:
        code = main(argv)
    except SystemExit as e:  # argparse's way out: the process ends with this code
        code = e.code
    assert code == 2
    out, err = capsys.readouterr()
    assert "--minuts" in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
