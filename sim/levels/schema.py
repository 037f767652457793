"""The level files' JSON Schema (docs/level.schema.json), made from the format's own tables, and its check.

`python -m sim.levels.schema` prints the schema; tests/test_level_schema.py fails when the file in docs/ differs
from what the tables give, so the schema editors use and the device's checks cannot drift apart. The schema
says what a schema can (types, ranges, known fields, required ones); the checker (sim/levels/check.py) adds
what it cannot: rising stars, impossible tempo/threshold combinations, the unlock progression, typo hints.
"""

import json
import os
import sys

from bandlift.levels import parse as levelspec

from sim import ROOT

SCHEMA_PATH = os.path.join(ROOT, "docs", "level.schema.json")
SCHEMA_REF = "../docs/level.schema.json"  # what each level in levels/ names in "$schema"
NO_CONTROL = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"

TOP_HELP = {
    "$schema": "The JSON Schema editors check this file against; the device ignores it.",
    "format": "Format version of this file: 1.",
    "name": "Title on the OLED (one line, up to %d characters)." % levelspec._NAME_MAX,
    "description": "What to do, in the exercise's words (up to %d characters)." % levelspec._DESC_MAX,
    "side": "Which leg: any; left; right; both (each set on the left leg, then the right); alternate (set 1 left, "
            "set 2 right, ...).",
    "sets": "How many times the stages are played (each on the leg(s) 'side' gives).",
    "rest_ms": "Rest between two sets, in ms.",
    "reps": "Reps in the set (per leg for side 'both'). Give either reps or stages.",
    "stages": "Blocks of reps with their own target/tempo/faults/weights. Give either reps or stages.",
    "target": "Range of the lift (degrees of hip flexion from the calibrated rest pose).",
    "tempo": "4-part tempo in ms (raise, pause at the top, lower, reset), or \"auto\" to learn it.",
    "faults": "Thresholds of the form faults.",
    "weights": "How much each part of a rep counts in its score (relative).",
    "fatigue": "When the set counts as fading.",
    "stars": "Per-rep score for 1, 2 and 3 stars, strictly rising, e.g. [60, 75, 90].",
    "stars_rule": "Stars of the whole level: mean (mean score, missing reps count 0) or min (the weakest rep).",
    "unlock": "Total stars, earned across all levels, that open this level.",
}
FIELD_HELP = {
    "angle_deg": "Height to reach in deg, or \"auto\" (learned from the first good reps).",
    "tolerance_deg": "SHORT when the peak is below target - tolerance (deg).",
    "min_range_deg": "A lift below this (deg) is not a rep at all.",
    "auto_reps": "Reps used to learn an \"auto\" target or tempo.",
    "raise_ms": "Raising time (ms).", "pause_ms": "Pause at the top (ms).",
    "lower_ms": "Lowering time (ms): slow, resist the band.", "reset_ms": "Rest at the bottom before the next rep (ms).",
    "kick_dps": "KICK: peak raising speed above this (deg/s).",
    "kick_frac": "KICK: raise shorter than this fraction of raise_ms.",
    "pause_min_ms": "NO_PAUSE: pause shorter than this (ms), or a stop under a third of it between the raise and "
                    "the lowering (their slow ends taken out of the pause).",
    "wobble_dps": "WOBBLE: RMS speed during the pause above this (deg/s).",
    "drop_frac": "DROP: lowering shorter than this fraction of lower_ms.",
    "drop_dps": "DROP: peak lowering speed above this (deg/s).",
    "drift_deg": "DRIFT: leg more than this (deg) out of the lifting plane.",
    "reset_min_ms": "NO_RESET: less rest than this (ms) before the rep.",
    "lower_frac": "Fading when recent lowering is this much faster than the first reps'.",
    "score_drop": "Or the recent score this many points lower.",
}


def _number(kind, lo, hi, help_text=None):
    out = {"type": "integer" if kind == "i" else "number", "minimum": lo, "maximum": hi}
    if help_text:
        out["description"] = help_text
    return out


def _section(name, spec):
    props = {}
    for key, _, kind, lo, hi in spec:
        props[key] = _number(kind, lo, hi, FIELD_HELP.get(key))
        if key == "angle_deg":
            props[key] = {"description": FIELD_HELP[key],
                          "oneOf": [_number(kind, lo, hi), {"const": "auto"}]}
    obj = {"type": "object", "properties": props, "additionalProperties": False}
    if name == "tempo":
        return {"oneOf": [obj, {"const": "auto"}]}
    return obj


def _text(limit, min_length=0):
    out = {"type": "string", "maxLength": limit, "pattern": NO_CONTROL}
    if min_length:
        out["minLength"] = min_length
    return out


def build():
    """The schema as a dict (JSON Schema draft 2020-12)."""
    sections = dict((name, _section(name, spec)) for name, spec in levelspec._SECTIONS)
    stage_props = {"name": _text(levelspec._NAME_MAX), "reps": _number("i", 1, levelspec._REPS_MAX)}
    for key in levelspec._STAGE_KEYS:
        if key in sections:
            stage_props[key] = sections[key]
    props = {
        "$schema": {"type": "string"},
        "format": {"const": levelspec._FORMAT},
        "name": _text(levelspec._NAME_MAX, 1),
        "description": _text(levelspec._DESC_MAX),
        "side": {"enum": list(levelspec._SIDES)},
        "reps": _number("i", 1, levelspec._REPS_MAX),
        "stages": {"type": "array", "minItems": 1, "maxItems": levelspec._STAGES_MAX,
                   "items": {"type": "object", "properties": stage_props, "required": ["reps"],
                             "additionalProperties": False}},
        "stars": {"type": "array", "minItems": 3, "maxItems": 3, "items": {"type": "number", "minimum": 1,
                                                                         "maximum": 100}},
        "stars_rule": {"enum": list(levelspec._STAR_RULES)},
        "unlock": {"type": "object", "properties": {"stars": _number("i", 0, 999)}, "additionalProperties": False},
    }
    for key, _, kind, lo, hi in levelspec._SETS_SPEC:
        props[key] = _number(kind, lo, hi)
    props.update(sections)
    for key in props:
        if key in TOP_HELP:
            props[key]["description"] = TOP_HELP[key]
    ordered = dict((k, props[k]) for k in levelspec._TOP_KEYS)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://bandlift.invalid/level.schema.json",
        "title": "BandLift level (format %d)" % levelspec._FORMAT,
        "description": "A challenge level for BandLift; levels/README.md documents every field. Check a level "
                       "with `python -m sim check-levels FILE`.",
        "type": "object",
        "required": ["format", "name"],
        "properties": ordered,
        "additionalProperties": False,
        "oneOf": [{"required": ["reps"]}, {"required": ["stages"]}],
    }


def text():
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


_validator = None


def validator():
    """A jsonschema validator of docs/level.schema.json (loaded once)."""
    global _validator
    if _validator is None:
        import jsonschema

        with open(SCHEMA_PATH, encoding="utf-8") as f:
            schema = json.load(f)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        _validator = cls(schema)
    return _validator


def field_of(path):
    """A jsonschema error path (deque of keys and indexes) as a field like "stages[2].tempo.lower_ms"."""
    out = ""
    for p in path:
        if isinstance(p, int):
            out += "[%d]" % p
        else:
            out += ("." if out else "") + str(p)
    return out or "file"


def problems(obj):
    """Schema violations as (field, reason), one per field, in the file's order of fields."""
    out = []
    seen = set()
    for e in sorted(validator().iter_errors(obj), key=lambda e: [str(p) for p in e.absolute_path]):
        field = field_of(e.absolute_path)
        if e.validator == "additionalProperties":
            for key in (obj_at(obj, e.absolute_path) or {}):
                if key not in (e.schema.get("properties") or {}):
                    f = (field + "." if field != "file" else "") + str(key)
                    if f not in seen:
                        seen.add(f)
                        out.append((f, "not in the level schema"))
            continue
        if field in seen:
            continue
        seen.add(field)
        msg = e.message if len(e.message) <= 120 else e.message[:117] + "..."
        out.append((field, "does not match the level schema: " + msg))
    return out


def obj_at(obj, path):
    for p in path:
        try:
            obj = obj[p]
        except (KeyError, IndexError, TypeError):
            return None
    return obj if isinstance(obj, dict) else None


if __name__ == "__main__":
    sys.stdout.write(text())
