"""Test set-up: lib/ and the repo root on sys.path, and the Hypothesis profiles."""

import os
import sys

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
