"""The .py the bundle ships (cp_compiler.board_source: docstrings out, private constants folded, locals renamed to
the firmware's names) behave as the repository's source, under the real MicroPython interpreter: every module
imports as the source's does, the motion core counts and scores the same samples the same, and the game plays the
same three-set level the same, output for output."""

import json
import os
import subprocess

import pytest

from sim.device import cp_compiler, mpy
from test_game_micropython import DRIVER
from test_micropython import needs_mpy


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """A lib/ folder holding lib/bandlift as the bundle writes it for the board to compile."""
    lib = tmp_path_factory.mktemp("shipped") / "lib"
    src = os.path.join(mpy.LIB, "bandlift")
    for folder, dirnames, files in os.walk(src):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        out = lib / "bandlift" / os.path.relpath(folder, src)
        out.mkdir(parents=True, exist_ok=True)
        for fn in files:
            if fn.endswith(".py"):
                with open(os.path.join(folder, fn), encoding="utf-8") as f:
                    (out / fn).write_text(cp_compiler.board_source(f.read()), encoding="utf-8")
    return str(lib)


def _run(args, lib, heap="512k"):
    env = dict(os.environ, MICROPYPATH=os.pathsep.join([mpy.support_dir(), mpy.SCRIPTS, lib]))
    p = subprocess.run([mpy.micropython_binary(), "-X", "heapsize=" + heap] + list(args), capture_output=True,
                       text=True, env=env, cwd=mpy.ROOT, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:] + p.stdout[-1000:]
    return p.stdout


@needs_mpy
def test_every_shipped_module_imports_as_the_source_does(shipped):
    """Every module compiles and imports under MicroPython from the shipped .py; those that need the board's
    hardware modules fail for the same missing module as the source."""
    names = mpy.lib_modules()
    got = _run([mpy.FEED, "imports"] + names, shipped)
    want = _run([mpy.FEED, "imports"] + names, mpy.LIB)
    assert got == want
    results = [json.loads(ln) for ln in got.splitlines() if ln.startswith("{")]
    assert len(results) == len(names) and sum(r["ok"] for r in results) > len(names) // 2


@needs_mpy
def test_the_core_counts_and_scores_the_same_from_the_shipped_py(shipped, tmp_path):
    """Two minutes of generated sets (clean and faulty, across the ticks' wrap) through the motion core: every rep,
    phase, fault and score the same from the shipped .py as from the source (all but the heap it used)."""
    samples = mpy.long_session(minutes=2)
    path = tmp_path / "s.bls"
    mpy.write_samples(str(path), samples)
    args = [mpy.FEED, "reps", str(path), "-", mpy.DEFAULT_CORE]
    got, want = (mpy.parse_output(_run(args, lib)) for lib in (shipped, mpy.LIB))
    for r in (got, want):
        for k in mpy.IGNORED_KEYS:  # the heap it used: the compile of a smaller text
            r["sum"].pop(k)
    assert got == want
    assert len(got["reps"]) >= 5


@needs_mpy
def test_the_game_plays_the_same_from_the_shipped_py(shipped, tmp_path):
    """The three-set alternating level of test_game_micropython (rests, a strap move, faulty reps, a quit, a power
    cycle, the streak and the garden) prints the same from the shipped .py as from the source."""
    path = tmp_path / "play_game.py"
    path.write_text(DRIVER)
    got = _run([str(path)], shipped, heap="256k")
    assert got == _run([str(path)], mpy.LIB, heap="256k")
    assert json.loads(got.strip().splitlines()[-1])[-5] == ["L", "R", "L"]
