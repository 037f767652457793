"""docs/level.schema.json: made from the format's tables, valid as a JSON Schema, named by every shipped level,
and in agreement with the device's checks (what it cannot say is listed and left to the checker)."""

import json
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.levels import check, schema
from tests.test_level import NUMERIC_FIELDS, valid_levels

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEVELS = os.path.join(ROOT, "levels")
BROKEN = os.path.join(ROOT, "tests", "levels_broken")
# What a JSON Schema cannot express: the checker's semantic checks find these (tests/test_level_files.py).
SEMANTIC_ONLY = {
    "duplicate-field.json",  # the json module keeps the last of two equal keys before any schema sees them
    "kick-on-tempo.json", "min-range-above-target.json", "pause-min-longer-than-pause.json",
    "tolerance-above-target.json", "stars-not-rising.json", "weights-all-zero.json",
    "angle-nan.json",  # NaN is not JSON: every comparison with it is false, so no minimum or maximum refuses it
    # an escaped astral character is one character to a schema and two (a surrogate pair) to the device
    "name-escaped-emoji.json", "name-lone-surrogate.json",
}


def test_the_schema_file_is_made_from_the_format_tables():
    with open(schema.SCHEMA_PATH, encoding="utf-8") as f:
        assert f.read() == schema.text(), "run: python -m sim.levels.schema > docs/level.schema.json"


def test_the_schema_is_a_valid_json_schema():
    import jsonschema

    obj = json.load(open(schema.SCHEMA_PATH))
    jsonschema.validators.validator_for(obj).check_schema(obj)


def test_every_shipped_level_names_the_schema_and_passes_it():
    names = sorted(n for n in os.listdir(LEVELS) if n.endswith(".json"))
    assert len(names) >= 10
    for n in names:
        obj = json.load(open(os.path.join(LEVELS, n)))
        assert obj["$schema"] == schema.SCHEMA_REF, n
        assert os.path.samefile(os.path.join(LEVELS, obj["$schema"]), schema.SCHEMA_PATH)
        assert schema.problems(obj) == [], n


def test_the_schema_refuses_every_broken_file_a_schema_can_describe():
    flagged_by_schema = set()
    for n in sorted(os.listdir(BROKEN)):
        try:
            obj = json.load(open(os.path.join(BROKEN, n), encoding="utf-8"))
        except (ValueError, UnicodeError, RecursionError):
            continue  # not JSON at all: no schema is asked
        if schema.problems(obj):
            flagged_by_schema.add(n)
        else:
            assert n in SEMANTIC_ONLY, n
            assert check.check_file(os.path.join(BROKEN, n))[0], n  # ... and the checker finds them
    assert not (flagged_by_schema & SEMANTIC_ONLY)


@given(obj=valid_levels)
def test_the_schema_accepts_every_level_the_device_accepts(obj):
    """Every level the device's checks accept (generated over all fields) passes the schema."""
    assert check.check_level(obj) == []
    assert schema.problems(obj) == []


@given(obj=valid_levels, which=st.sampled_from(NUMERIC_FIELDS), data=st.data())
def test_the_schema_refuses_a_bad_value_at_its_field(obj, which, data):
    """An out-of-range number, a bool, a text or null in any numeric field is refused by the schema at that
    field or at the section holding it (a section that may also be "auto" reports there)."""
    sec, key, lo, hi = which
    bad = data.draw(st.one_of(st.floats(hi + 0.5, 1e6), st.floats(-1e6, lo - 0.5), st.booleans(), st.just("12"),
                              st.none()))
    section = dict(obj[sec]) if isinstance(obj.get(sec), dict) else {}
    section[key] = bad
    obj = dict(obj, **{sec: section})
    fields = [f for f, _ in schema.problems(obj)]
    assert fields and all(sec + "." + key == f or sec == f for f in fields), fields


def test_the_checker_reports_what_only_the_schema_saw(monkeypatch, tmp_path):
    """The checker validates with the schema once its own checks pass: a gap in them cannot let a bad file
    through."""
    p = tmp_path / "x.json"
    p.write_text('{"format": 1, "name": "X", "reps": 3, "side": "middle"}')
    monkeypatch.setattr(check, "check_level", lambda obj: [])
    problems, level = check.check_file(str(p))
    assert level is None and [f for f, _ in problems] == ["side"] and "level schema" in problems[0][1]


@pytest.mark.parametrize("name,unlock,ok", [
    ("zz-late.json", "all", True),  # sorts after every shipped level: 3 stars each are there to earn
    ("zz-late.json", "all+1", False),
    ("00-first.json", 0, True),
    ("00-first.json", 1, False),  # it would be the first level
    ("03-pause-at-top.json", 7, False),  # replaces the shipped 03: the two before it give 6
])
def test_a_level_checked_alone_is_placed_among_the_shipped_ones(tmp_path, name, unlock, ok):
    if isinstance(unlock, str):  # counted from levels/, so a level added there moves the edge with it
        unlock = 3 * len(check.shipped_levels()) + (1 if unlock.endswith("+1") else 0)
    p = tmp_path / name
    p.write_text(json.dumps({"format": 1, "name": "X", "reps": 3, "unlock": {"stars": unlock}}))
    problems, level = check.check_file(str(p))
    assert problems == [] and level is not None
    assert (check.check_alone(level) == []) == ok
