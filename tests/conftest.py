"""Test set-up: lib/ and the repo root on sys.path, and the Hypothesis profiles."""

import os
import sys

import pytest
from hypothesis import HealthCheck, settings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# lib/ first (the device package); the repo root last, so its code.py never shadows the stdlib `code`
# module that pytest's debugger imports.
if os.path.join(ROOT, "lib") not in sys.path:
    sys.path.insert(0, os.path.join(ROOT, "lib"))
if ROOT not in sys.path:
    sys.path.append(ROOT)

# CI: derandomized and bounded so a run is stable and quick; dev: more examples, random.
settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=30,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("dev", max_examples=100, deadline=None)
# The same stable profile everywhere unless asked: HYPOTHESIS_PROFILE=dev explores more.
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# One twin run for every level played through code.py: the shipped levels and the test levels that need the
# whole device program, two at a time (the twin is single-threaded; CI has 2 cores). Tests read its results.
ALTERNATE_THREE = {
    "format": 1, "name": "Alternate Three", "description": "Three sets, legs alternating.",
    "side": "alternate", "sets": 3, "rest_ms": 10000, "reps": 3,
    "target": {"angle_deg": 40},
    "tempo": {"raise_ms": 1500, "pause_ms": 1000, "lower_ms": 3000, "reset_ms": 1000},
}


def _twin_playtest(tmp_path_factory):
    import contextlib
    import io
    import json

    from sim.levels import playtest

    extra = tmp_path_factory.mktemp("twin-levels") / "alt3.json"
    extra.write_text(json.dumps(ALTERNATE_THREE))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = playtest.main(["--twin", "--all", str(extra), "--json", "--fast", "--jobs", "2"])
    return code, json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.fixture(scope="session")
def twin_playtest(tmp_path_factory):
    """(exit code, {"levels": [result per file]}) of `playtest --twin --all alt3.json --fast --jobs 2`."""
    return _twin_playtest(tmp_path_factory)


def pytest_collection_finish(session):
    """Every test module is imported: freeze what exists (gc.freeze: the collector skips those objects from now
    on). The device code calls gc.collect() where the board needs its RAM back (a module let go, a set ended);
    on a PC holding pytest, Hypothesis, matplotlib and the twin, each full collection walked all of them
    (~90 ms: 18 of the game state machine's 25 s). What the tests make is still collected."""
    import gc

    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True, scope="module")
def _freeze_what_earlier_modules_left():
    """The same at the start of each test module: caches and module fixtures of the modules before (cached
    athlete sets, a twin's run) are frozen too, so a full collection walks only what this module makes. A
    collection here walks only what was made since the last freeze."""
    import gc

    gc.collect()
    gc.freeze()
