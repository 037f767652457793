"""The level format: parse_level / check_level on objects (no files), with properties over generated levels."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bandlift.levels import load as lv
from bandlift.levels import parse as levelspec
from bandlift.levels.parse import LevelError
from bandlift.levels.parse import parse_level
from sim.levels.check import check_level
from bandlift.targets import Targets

MINIMAL = {"format": 1, "name": "Test", "reps": 5}


def with_(**kw):
    d = dict(MINIMAL)
    d.update(kw)
    return d


def fields(problems):
    return [f for f, _ in problems]


# ------------------------------------------------------------------ strategies

json_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True), st.text(max_size=8)
)
json_any = st.recursive(
    json_leaf,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=20,
)
# Level-shaped objects with the real keys but any values, so the checker's deeper paths get exercised.
known_keys = st.sampled_from(list(levelspec._TOP_KEYS) + ["lower_ms", "tmepo"])
level_like = st.dictionaries(known_keys, json_any, max_size=8)

# Values chosen so that no combination is impossible: target >= 30 deg > any tolerance or min range,
# tempos slow enough to stay under any allowed kick/drop limit, pauses and rests longer than their minimums.
target_section = st.fixed_dictionaries(
    {},
    optional={
        "angle_deg": st.one_of(st.just("auto"), st.integers(30, 90), st.floats(30, 90)),
        "tolerance_deg": st.floats(1, 29),
        "min_range_deg": st.integers(3, 29),
        "auto_reps": st.integers(1, 10),
    },
)
tempo_section = st.fixed_dictionaries(
    {},
    optional={
        "raise_ms": st.integers(1500, 10000),
        "pause_ms": st.integers(1000, 10000),
        "lower_ms": st.integers(1500, 15000),
        "reset_ms": st.integers(1000, 10000),
    },
)
faults_section = st.fixed_dictionaries(
    {},
    optional={
        "kick_dps": st.floats(120, 1000),
        "kick_frac": st.floats(0.05, 0.95),
        "pause_min_ms": st.integers(0, 1000),
        "wobble_dps": st.floats(0.5, 100),
        "drop_frac": st.floats(0.05, 0.95),
        "drop_dps": st.integers(120, 1000),
        "drift_deg": st.floats(2, 45),
        "reset_min_ms": st.integers(0, 1000),
    },
)
weights_section = st.fixed_dictionaries({"lower": st.integers(1, 100)}, optional={
    "range": st.integers(0, 100), "raise": st.integers(0, 100), "pause": st.floats(0, 100),
    "drift": st.integers(0, 100), "reset": st.integers(0, 100),
})
plain_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20)


def _with_sets(d):
    """Adds "sets" (when drawn) so that all the level's reps stay within 100."""
    per_side = d.get("reps") or sum(s["reps"] for s in d["stages"])
    most = min(10, 100 // (per_side * (2 if d.get("side") == "both" else 1)))
    return st.one_of(st.just(d), st.integers(1, most).map(lambda n: dict(d, sets=n)))


valid_levels = st.fixed_dictionaries(
    {"format": st.just(1), "name": plain_text.filter(lambda s: s.strip())},
    optional={
        "$schema": st.just("../docs/level.schema.json"),
        "description": st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=60),
        "rest_ms": st.integers(5000, 600000),
        "side": st.sampled_from(levelspec._SIDES),
        "target": target_section,
        "tempo": st.one_of(tempo_section, st.just("auto")),
        "faults": faults_section,
        "weights": weights_section,
        "stars": st.lists(st.integers(1, 100), min_size=3, max_size=3, unique=True).map(sorted),
        "stars_rule": st.sampled_from(levelspec._STAR_RULES),
        "unlock": st.fixed_dictionaries({"stars": st.integers(0, 999)}),
    },
).flatmap(
    lambda d: st.one_of(
        st.integers(1, 49).map(lambda r: dict(d, reps=r)),
        st.lists(
            st.fixed_dictionaries({"reps": st.integers(1, 8)}, optional={"tempo": tempo_section}),
            min_size=1, max_size=5,
        ).map(lambda s: dict(d, stages=s)),
    )
).flatmap(_with_sets)

NUMERIC_FIELDS = [(sec, key, lo, hi) for sec, spec in levelspec._SECTIONS for key, _, _, lo, hi in spec]


# ------------------------------------------------------------------ properties


@given(obj=st.one_of(json_any, level_like))
def test_the_checker_never_raises_and_agrees_with_the_parser(obj):
    """For ANY JSON value: the PC checker returns a list of (field, reason) texts without raising; the
    device's parse_level raises LevelError exactly when that list is not empty, at its first field, with the
    same reason less the PC's hint (a suggestion or the known fields in brackets)."""
    problems = check_level(obj)
    assert all(isinstance(f, str) and isinstance(r, str) and r for f, r in problems)
    if problems:
        with pytest.raises(LevelError) as e:
            parse_level(obj)
        assert e.value.field == problems[0][0]
        assert problems[0][1].startswith(e.value.reason.split(" (")[0])
    else:
        assert parse_level(obj).total_reps >= 1


@given(obj=valid_levels)
def test_valid_levels_map_onto_targets(obj):
    """Every in-range level is valid; each given field lands on its Targets attribute, stage overrides
    win over the level's, and every omitted field keeps Targets()'s default."""
    assert check_level(obj) == []
    level = parse_level(obj, "levels/07-x.json")
    assert level.id == "07-x"
    default = Targets()
    stages = obj.get("stages", [{"reps": obj.get("reps")}])
    assert [s.reps for s in level.stages] == [s["reps"] for s in stages]
    per_side = sum(s["reps"] for s in stages)
    sets = obj.get("sets", 1)
    assert (level.sets, level.rest_ms) == (sets, obj.get("rest_ms", 60000))
    assert level.total_reps == per_side * sets * (2 if obj.get("side") == "both" else 1)
    assert len(level.leg_plan()) * per_side == level.total_reps
    for i, stage in enumerate(stages):
        t = level.targets_for(i)
        for sec, spec in levelspec._SECTIONS:
            for key, attr, _, _, _ in spec:
                expect = getattr(default, attr)
                section = obj.get(sec)
                if isinstance(section, dict) and key in section:
                    expect = None if section[key] == "auto" else section[key]
                if isinstance(stage.get(sec), dict) and key in stage[sec]:
                    expect = stage[sec][key]
                assert getattr(t, attr) == expect, (i, sec, key)
        assert t.tempo_auto == (obj.get("tempo") == "auto")
        assert tuple(t.stars) == tuple(obj.get("stars", default.stars))
    assert level.unlock_stars == obj.get("unlock", {}).get("stars", 0)


@given(obj=valid_levels, which=st.sampled_from(NUMERIC_FIELDS), data=st.data())
def test_a_bad_value_is_reported_at_its_field(obj, which, data):
    """Putting an out-of-range number, a bool or a text into any numeric field of a valid level gives a
    problem at exactly that field."""
    sec, key, lo, hi = which
    bad = data.draw(st.one_of(
        st.floats(hi + 0.5, 1e6), st.floats(-1e6, lo - 0.5), st.booleans(), st.just("12"), st.none()
    ))
    section = obj.get(sec)
    section = dict(section) if isinstance(section, dict) else {}
    section[key] = bad
    obj = dict(obj)
    obj[sec] = section
    assert sec + "." + key in fields(check_level(obj))


def test_every_single_transposition_typo_suggests_the_field():
    """Exhaustive: swapping any two neighbouring letters of any known field name gives
    "did you mean '<that field>'?" in its own section."""
    for sec, spec in levelspec._SECTIONS:
        keys = [e[0] for e in spec]
        for key in keys:
            for i in range(len(key) - 1):
                typo = key[:i] + key[i + 1] + key[i] + key[i + 2:]
                if typo == key or typo in keys:
                    continue
                problems = check_level(with_(**{sec: {typo: 1}}))
                assert (sec + "." + typo, "unknown field '%s' (did you mean '%s'?)" % (typo, key)) in problems


# ------------------------------------------------------------------ examples


def test_all_problems_are_found_at_once():
    obj = {
        "format": 1,
        "name": "Many",
        "reps": True,
        "side": "middle",
        "tempo": {"lower_sm": 3000, "pause_ms": -1},
        "target": {"angle_deg": 150},
        "stars": [80, 70, 90],
        "colour": "red",
    }
    got = fields(check_level(obj))
    for f in ("reps", "side", "tempo.lower_sm", "tempo.pause_ms", "target.angle_deg", "stars", "colour"):
        assert f in got


def test_bool_is_not_a_number():
    assert fields(check_level(with_(reps=True))) == ["reps"]
    assert fields(check_level(with_(faults={"drop_frac": False}))) == ["faults.drop_frac"]


def test_wrong_section_is_pointed_out():
    (f, reason), = check_level(with_(pause_ms=1000))
    assert f == "pause_ms" and "belongs in 'tempo'" in reason


def test_impossible_combinations():
    assert "target.angle_deg" in fields(check_level(with_(target={"angle_deg": 95})))
    assert "target.min_range_deg" in fields(check_level(with_(target={"angle_deg": 20, "min_range_deg": 20})))
    assert "target.tolerance_deg" in fields(check_level(with_(target={"angle_deg": 20, "tolerance_deg": 20})))
    assert "faults.pause_min_ms" in fields(check_level(with_(faults={"pause_min_ms": 1001})))
    assert "faults.reset_min_ms" in fields(check_level(with_(faults={"reset_min_ms": 1001})))
    # A 60 deg lowering in 1 s peaks near 112 deg/s: a 100 deg/s drop limit makes every rep a DROP.
    assert "faults.drop_dps" in fields(check_level(with_(target={"angle_deg": 60}, tempo={"lower_ms": 1000},
                                                          faults={"drop_dps": 100})))
    # An auto tempo has no pause to compare with.
    assert check_level(with_(tempo="auto", faults={"pause_min_ms": 5000})) == []


def test_a_stage_override_is_checked_where_it_is_written():
    obj = {"format": 1, "name": "P", "faults": {"pause_min_ms": 800},
           "stages": [{"reps": 3}, {"reps": 3, "tempo": {"pause_ms": 500}}, {"reps": 2, "colour": 1}]}
    got = fields(check_level(obj))
    assert "stages[1].tempo.pause_ms" in got and "stages[2].colour" in got
    assert "faults.pause_min_ms" not in got  # the level-wide value is fine for the other stages


def test_stage_tempo_merges_with_the_level_tempo():
    level = parse_level({"format": 1, "name": "P", "tempo": {"raise_ms": 2000, "lower_ms": 3000},
                         "stages": [{"reps": 2}, {"reps": 4, "name": "Slow", "tempo": {"lower_ms": 5000}}]})
    a, b = level.targets_for(0), level.targets_for(1)
    assert (a.raise_ms, a.lower_ms) == (2000, 3000) and (b.raise_ms, b.lower_ms) == (2000, 5000)
    assert level.stages[1].name == "Slow" and level.total_reps == 6
    b.lower_ms = 1  # targets_for gives a copy: changing it leaves the level alone
    assert level.targets_for(1).lower_ms == 5000


def test_level_stars_from_the_mean_with_missing_reps_as_zero():
    level = parse_level(with_(reps=4, stars=[50, 70, 90]))
    assert levelspec.set_stars(level, [90, 90, 90, 90]) == 3
    assert levelspec.set_stars(level, [90, 90, 90]) == 1  # one rep short: mean 67.5 over the 4 planned
    assert levelspec.set_stars(level, [96, 96, 96]) == 2  # 72 over 4
    assert levelspec.set_stars(level, []) == 0
    strict = parse_level(with_(reps=3, stars=[50, 70, 90], stars_rule="min"))
    assert levelspec.set_stars(strict, [95, 95, 72]) == 2 and levelspec.set_stars(strict, [95, 95]) == 0


def test_sides():
    assert parse_level(with_(side="both", reps=5)).total_reps == 10
    assert levelspec.sides(parse_level(with_(side="left"))) == ("L",)
    assert levelspec.sides(parse_level(with_())) == (None,)


# ------------------------------------------------------------------ sets, sides and tempo text


@pytest.mark.parametrize("side,sets,plan", [
    ("any", 2, [None, None]),
    ("left", 1, ["L"]),
    ("right", 3, ["R", "R", "R"]),
    ("both", 2, ["L", "R", "L", "R"]),  # each set on L then R
    ("alternate", 3, ["L", "R", "L"]),  # set 1 L, set 2 R, set 3 L
])
def test_leg_plan_gives_each_set_on_a_leg_in_play_order(side, sets, plan):
    level = parse_level(with_(side=side, sets=sets, reps=4, rest_ms=30000))
    assert level.leg_plan() == plan
    assert level.total_reps == 4 * len(plan) and level.rest_ms == 30000 and level.sets == sets


def test_sets_and_rest_default_and_are_range_checked():
    level = parse_level(with_())
    assert (level.sets, level.rest_ms, level.leg_plan()) == (1, 60000, [None])
    assert fields(check_level(with_(sets=0))) == ["sets"]
    assert fields(check_level(with_(sets=11))) == ["sets"]
    assert fields(check_level(with_(sets=2.5))) == ["sets"]
    assert fields(check_level(with_(rest_ms=4999))) == ["rest_ms"]
    assert fields(check_level(with_(rest_ms=600001))) == ["rest_ms"]
    # all the sets count towards the 100 reps of a level
    assert fields(check_level(with_(reps=20, sets=3, side="both"))) == ["reps"]


def test_tempo_text_is_raise_pause_lower_in_seconds():
    level = parse_level({"format": 1, "name": "T", "tempo": {"raise_ms": 2000, "pause_ms": 1000, "lower_ms": 4000},
                         "stages": [{"reps": 2}, {"reps": 2, "tempo": {"raise_ms": 1500, "pause_ms": 2500}}]})
    assert level.tempo_text(0) == "2-1-4"
    assert level.tempo_text(1) == "1.5-2.5-4"
    assert parse_level(with_(tempo="auto")).tempo_text(0) == "auto"


def test_the_schema_key_is_ignored_by_the_device():
    assert parse_level(with_(**{"$schema": "../docs/level.schema.json"})).name == "Test"


@pytest.mark.parametrize("obj,field", [
    ({"format": float("inf"), "name": "x", "reps": 3}, "format"),
    ({"format": 1, "name": "x", "reps": 3, "target": {"angle_deg": float("nan")}}, "target.angle_deg"),
    ({"format": 1, "name": "x", "reps": 3, "stars_rule": float("-inf")}, "stars_rule"),
    ({"format": 1, "name": "x", "reps": 3, "stars": [60, float("inf"), 90]}, "stars[1]"),
    ({"format": 1, "name": "x", "stages": [{"reps": 3, "tempo": {"lower_ms": float("nan")}}]},
     "stages[0].tempo.lower_ms"),
])
def test_numbers_that_are_not_finite_name_their_field(obj, field):
    (f, reason), = check_level(obj)
    assert f == field and "finite" in reason
    with pytest.raises(LevelError) as e:
        parse_level(obj)
    assert e.value.field == field


@pytest.mark.parametrize("text", ["Bad\x1b[2J", "tab\there", "nul\x00", "del\x7f", "c1\x85"])
def test_control_characters_in_names_are_refused(text):
    assert fields(check_level(with_(name=text))) == ["name"]
    assert "control character" in check_level(with_(name=text))[0][1]
    staged = {"format": 1, "name": "S", "stages": [{"reps": 2, "name": text}]}
    assert fields(check_level(staged)) == ["stages[0].name"]


def test_format_as_text_says_it_must_be_the_number():
    (f, reason), = check_level(with_(format="1"))
    assert f == "format" and reason == 'must be the number 1, not the text "1"'


def test_nesting_deeper_than_a_level_is_refused_without_recursion():
    deep = []
    for _ in range(5000):
        deep = [deep]
    (f, reason), = check_level(with_(notes=deep))
    assert f.startswith("notes") and "nested too deeply" in reason
