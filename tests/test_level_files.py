"""Level files on disk: the shipped progression, the broken corpus through `python -m sim check-levels`,
and load_levels skipping broken files while keeping the rest."""

import glob
import json
import os
import shutil
import subprocess
import sys

import pytest

from bandlift.levels import load as lv
from bandlift.levels.cards import fields
from bandlift.levels.parse import _SECTIONS as SECTIONS
from bandlift.levels.parse import parse_level, sides
from sim.levels.check import check_level, check_progression
from bandlift.targets import Targets

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEVELS = os.path.join(ROOT, "levels")
BROKEN = os.path.join(ROOT, "tests", "levels_broken")

# Each broken file -> (field, words its line must contain). One clear line per file, at least.
EXPECTED = {
    "angle-bool.json": ("target.angle_deg", "not true/false"),
    "angle-nan.json": ("target.angle_deg", "must be a finite number, not NaN"),
    "format-infinity.json": ("format", "must be a finite number, not Infinity"),
    "format-text.json": ("format", 'must be the number 1, not the text "1"'),
    "name-control-character.json": ("name", "control character (code 27)"),
    "sets-out-of-range.json": ("sets", "12 is out of range (allowed 1 to 10)"),
    "stars-rule-1e400.json": ("stars_rule", "must be a finite number, not Infinity"),
    "angle-unreachable.json": ("target.angle_deg", "out of reach"),
    "binary.json": ("file", "binary file"),
    "deep-nesting.json": ("json", "nested too deeply"),
    "duplicate-field.json": ("reps", "duplicate field 'reps'"),
    "empty.json": ("file", "empty file"),
    "field-in-wrong-section.json": ("lower_ms", "belongs in 'tempo'"),
    "format-2.json": ("format", "not a known format"),
    "huge.json": ("file", "too big"),
    "kick-on-tempo.json": ("tempo.raise_ms", "would be a KICK"),
    "latin-1.json": ("file", "not UTF-8 text"),
    "min-range-above-target.json": ("target.min_range_deg", "less than the target angle 20"),
    "missing-format.json": ("format", "missing"),
    "missing-name.json": ("name", "missing"),
    "missing-reps.json": ("reps", "missing"),
    "not-an-object.json": ("file", "must be a JSON object"),
    "pause-min-longer-than-pause.json": ("faults.pause_min_ms", "longer than the pause"),
    "reps-and-stages.json": ("stages", "not both"),
    "reps-float.json": ("reps", "whole number"),
    "reps-nan.json": ("reps", "finite"),
    "reps-out-of-range.json": ("reps", "500 is out of range (allowed 1 to 50)"),
    "reps-text.json": ("reps", "must be a number, not text"),
    "side-typo.json": ("side", "did you mean 'left'?"),
    "stage-without-reps.json": ("stages[1].reps", "missing"),
    "stages-empty.json": ("stages", "is empty"),
    "stars-not-rising.json": ("stars", "must rise"),
    "stars-two-only.json": ("stars", "list of 3"),
    "syntax-comment.json": ("json", "line 1, column 1: comments are not allowed in JSON"),
    "name-escaped-emoji.json": ("json", "line 1, column 24: \\u escape of half an emoji"),
    "name-lone-surrogate.json": ("json", "line 1, column 29: \\u escape of half an emoji"),
    "unknown-long-key.json": ("k" * 37 + "...", "unknown field '" + "k" * 37 + "...'"),
    "syntax-missing-comma.json": ("json", "line 4, column 3: Expecting ',' delimiter"),
    "syntax-single-quotes.json": ("json", "line 1, column 2: JSON puts names and text in double quotes"),
    "syntax-trailing-comma.json": ("json", "line 4, column 12: trailing comma"),
    "tempo-not-object.json": ("tempo", "must be an object"),
    "tolerance-above-target.json": ("target.tolerance_deg", "less than the target angle 20"),
    "tolerance-out-of-range.json": ("target.tolerance_deg", "out of range"),
    "typo-lower-sm.json": ("tempo.lower_sm", "unknown field 'lower_sm' (did you mean 'lower_ms'?)"),
    "typo-top-level.json": ("descripton", "did you mean 'description'?"),
    "unlock-negative.json": ("unlock.stars", "out of range"),
    "utf-16.json": ("file", "not UTF-8 text"),
    "weights-all-zero.json": ("weights", "all weights are zero"),
    "whitespace-only.json": ("file", "empty file"),
}


def run_checker(*args):
    return subprocess.run(
        [sys.executable, "-m", "sim", "check-levels"] + list(args),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def corpus_run():
    return run_checker(BROKEN)


def shipped():
    levels, broken = lv.load_levels(LEVELS)
    assert broken == []
    return levels


# ------------------------------------------------------------------ the shipped levels


def test_every_shipped_level_is_valid():
    names = lv.level_files(LEVELS)
    assert len(names) >= 10
    for n in names:
        obj, reason = lv.read_level_file(os.path.join(LEVELS, n))
        assert reason is None, n
        assert check_level(obj) == [], n


def test_shipped_levels_form_a_progression():
    levels = shipped()
    assert levels[0].id.startswith("01-") and levels[0].unlock_stars == 0  # level 01 is the default, open
    unlocks = [x.unlock_stars for x in levels]
    assert unlocks == sorted(unlocks), "levels/: unlock.stars goes down in file order (the menu's order): %s" % (
        ", ".join("%s %d" % (x.id, x.unlock_stars) for x in levels))
    assert unlocks[-1] > unlocks[1] > 0
    assert check_progression(levels) == []
    assert len(set(x.name for x in levels)) == len(levels)
    for x in levels:
        assert x.description, x.id


def test_shipped_levels_cover_the_exercise_text():
    """The progression the issue asks for: short range first, an auto target, longer pauses, lowering in
    3/4/5 s, a tempo pyramid, strict form and both legs."""
    levels = shipped()
    first = levels[0].targets_for(0)
    assert first.target_deg is not None and first.target_deg <= 30  # "a shorter range"
    assert first.lower_ms < Targets().lower_ms  # a light tempo
    lowers = set()
    for x in levels:
        for i in range(len(x.stages)):
            lowers.add(x.targets_for(i).lower_ms)
    assert {3000, 4000, 5000} <= lowers
    assert any(x.targets_for(0).target_deg is None for x in levels)
    assert any(x.side == "both" and sides(x) == ("L", "R") for x in levels)
    assert any(x.targets_for(0).pause_ms >= 2000 for x in levels)
    pyramid = [x for x in levels if len(x.stages) >= 3]
    assert pyramid and len(set(s.targets.lower_ms for s in pyramid[0].stages)) >= 2
    default = Targets()
    assert any(
        x.targets_for(0).wobble_dps < default.wobble_dps and x.targets_for(0).kick_dps < default.kick_dps
        for x in levels
    )


def test_targets_follow_the_file_and_defaults():
    """Every field given in a shipped level lands on its Targets attribute; every other keeps the default."""
    default = Targets()
    for n in lv.level_files(LEVELS):
        obj = json.load(open(os.path.join(LEVELS, n)))
        level = parse_level(obj, n)
        t = level.targets_for(0)
        given = {}
        for sec, spec in SECTIONS:
            section = obj.get(sec)
            if isinstance(section, dict):
                for key, attr, _, _, _ in spec:
                    if key in section:
                        given[attr] = None if section[key] == "auto" else section[key]
        stage0 = obj.get("stages", [{}])[0]
        for sec, spec in SECTIONS:
            for key, attr, _, _, _ in spec:
                if isinstance(stage0.get(sec), dict) and key in stage0[sec]:
                    given[attr] = stage0[sec][key]
        for attr in fields():
            if attr == "stars":
                continue
            expect = given.get(attr, getattr(default, attr))
            if attr == "tempo_auto":
                expect = obj.get("tempo") == "auto"
            assert getattr(t, attr) == expect, (n, attr)
        assert tuple(t.stars) == tuple(obj.get("stars", default.stars))


def test_the_cli_passes_the_shipped_levels():
    r = run_checker()
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("OK:") and "%d level file(s)" % len(glob.glob(os.path.join(LEVELS, "*.json"))) in lines[0]


# ------------------------------------------------------------------ the broken corpus


def test_the_corpus_has_an_expectation_per_file():
    assert sorted(os.listdir(BROKEN)) == sorted(EXPECTED)


def test_every_broken_file_gets_its_clear_line(corpus_run):
    r = corpus_run
    assert r.returncode != 0
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout
    by_file = {}
    for line in r.stdout.splitlines():
        path, field, reason = line.split(": ", 2)
        by_file.setdefault(os.path.basename(path), []).append((field, reason))
    assert sorted(by_file) == sorted(EXPECTED)
    for name, (field, words) in EXPECTED.items():
        assert any(f == field and words in reason for f, reason in by_file[name]), (name, by_file[name])


def test_a_long_unknown_key_is_cut_short_in_the_checkers_line(corpus_run):
    """A 7,000-character unknown key is named by its first characters: the line stays readable."""
    line, = [l for l in corpus_run.stdout.splitlines() if "unknown-long-key.json" in l]
    assert len(line) < 300


def test_a_level_file_in_capitals_loads_on_the_device_and_in_the_checker(tmp_path):
    """FAT does not tell 02-X.JSON from 02-x.json: the device loads it, and the checker checks what loads."""
    shutil.copy(os.path.join(LEVELS, "01-first-lifts.json"), tmp_path / "01-first-lifts.json")
    obj = json.load(open(os.path.join(LEVELS, "02-find-your-height.json")))
    (tmp_path / "02-FIND.JSON").write_text(json.dumps(obj))
    levels, skipped = lv.load_levels(str(tmp_path))
    assert [x.id for x in levels] == ["01-first-lifts", "02-FIND"] and skipped == []
    r = run_checker(str(tmp_path))
    assert r.returncode == 0 and r.stdout.startswith("OK: 2 level file(s) valid"), r.stdout + r.stderr


def test_the_checker_warns_that_a_file_not_named_json_is_ignored(tmp_path):
    notes = tmp_path / "03-mine.txt"
    shutil.copy(os.path.join(LEVELS, "03-pause-at-top.json"), notes)
    r = run_checker(str(notes))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stdout.strip() == str(notes) + ": file: the device loads only files named *.json: rename it " \
        "(e.g. 13-my-level.json)"


def test_odd_arguments_never_give_a_traceback(tmp_path):
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    r = run_checker(str(tmp_path / "missing.json"), str(empty_dir), os.path.join(LEVELS, "01-first-lifts.json"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    lines = r.stdout.splitlines()
    assert any(l.endswith("missing.json: file: no such file") for l in lines)
    assert any("nothing: file: no level files" in l for l in lines)
    assert not any("01-first-lifts" in l for l in lines)


def test_a_progression_with_an_unreachable_unlock_is_reported(tmp_path):
    for n in ("01-first-lifts.json", "02-find-your-height.json"):
        shutil.copy(os.path.join(LEVELS, n), tmp_path / n)
    obj = json.load(open(os.path.join(LEVELS, "03-pause-at-top.json")))
    obj["unlock"] = {"stars": 7}  # two levels before it give at most 6
    (tmp_path / "03-pause-at-top.json").write_text(json.dumps(obj))
    r = run_checker(str(tmp_path))
    assert r.returncode == 1
    assert r.stdout.strip().endswith("03-pause-at-top.json: unlock.stars: needs 7 stars but the 2 level(s) "
                                     "before it give at most 6")


# ------------------------------------------------------------------ loading on the device


def test_load_levels_skips_broken_files_and_keeps_the_rest(tmp_path):
    good = lv.level_files(LEVELS)
    for n in good:
        shutil.copy(os.path.join(LEVELS, n), tmp_path / n)
    for n in EXPECTED:
        shutil.copy(os.path.join(BROKEN, n), tmp_path / ("50-" + n))
    (tmp_path / "notes.txt").write_text("not a level")
    levels, broken = lv.load_levels(str(tmp_path))
    # The device's json keeps the last of duplicate keys, as CPython's does: only the PC checker flags them.
    loadable = ["50-duplicate-field.json"]
    assert [x.id + ".json" for x in levels] == sorted(good + loadable)  # the good ones, in file-name order
    assert sorted(n for n, _ in broken) == sorted("50-" + n for n in EXPECTED if "50-" + n not in loadable)
    for n, reason in broken:
        assert reason and "\n" not in reason and len(reason) < 200, n
    reasons = dict(broken)
    assert reasons["50-typo-lower-sm.json"].startswith("tempo.lower_sm: ")
    assert reasons["50-huge.json"].startswith("too big")


def test_load_levels_without_a_folder():
    levels, broken = lv.load_levels("/no/such/folder")
    assert levels == [] and broken == [("/no/such/folder", "no levels folder")]


@pytest.mark.parametrize("text,field", [
    ('{"format": Infinity, "name": "x", "reps": 3}', "format"),
    ('{"format": 1, "name": "x", "reps": 3, "target": {"angle_deg": NaN}}', "target.angle_deg"),
    ('{"format": 1, "name": "x", "reps": 3, "target": {"angle_deg": 1e400}}', "target.angle_deg"),
    ('{"format": 1, "name": "x", "reps": 3, "stars_rule": -Infinity}', "stars_rule"),
    ('{"format": 1e400, "name": "x", "reps": 3}', "format"),
    ('{"format": 1, "name": "x\\u001b[2J", "reps": 3}', "name"),
])
def test_the_device_skips_a_hostile_level_by_name_and_field_and_loads_the_rest(tmp_path, text, field):
    shutil.copy(os.path.join(LEVELS, "01-first-lifts.json"), tmp_path / "01-first-lifts.json")
    (tmp_path / "02-bad.json").write_text(text)
    levels, skipped = lv.load_levels(str(tmp_path))
    assert [x.id for x in levels] == ["01-first-lifts"]
    (name, reason), = skipped
    assert name == "02-bad.json" and reason.startswith(field + ": ")
    r = run_checker(str(tmp_path / "02-bad.json"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stdout.startswith(os.path.join(str(tmp_path), "02-bad.json") + ": " + field + ": ")
