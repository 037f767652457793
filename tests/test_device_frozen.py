"""An interpreter with the stand-ins frozen into it (sim/device/devsession.py, write_frozen_manifest): devsession
knows it by the module it carries, refuses one frozen from other stand-ins than the tree's, runs the frozen driver
with nothing on the path to shadow it, names the config by a name in flash, and charges no name pools (and fails if
the harness interned any name before code.py). Fake interpreters stand in for the 32-bit build here; the real one
is outside the repository (docs/performance.md says how to build it)."""

import ast
import json
import os
import stat
import sys
import types

import pytest

from sim.device import devsession

FAKE = r'''#!%(python)s
import json, os, sys
args = sys.argv[1:]
with open(%(log)r, "a") as f:
    f.write(json.dumps({"args": args, "path": os.environ.get("MICROPYPATH"), "cwd": os.getcwd()}) + "\n")
if "-c" in args:
    if %(digest)r and os.environ.get("MICROPYPATH") == ".frozen":
        print("FROZEN %(digest)s devsession_config devshims_frozen.py")
    else:
        print("ImportError: no module named 'devshims_frozen'", file=sys.stderr)
        sys.exit(1)
    sys.exit(0)
cfg = json.load(open(args[-1]))
if cfg["marks"]:
    print("MARKQ ")
    print("qstr pool: n_pool=1, n_qstr=%(names)d, n_str_data_bytes=40, n_total_bytes=200")
print("DEVSESSION " + json.dumps({"status": "ended", "error": "", "reps": 1, "saves": 1, "free_at_start": 1000,
                                  "alloc_at_start": 10}))
'''


def _fake(tmp_path, digest, names=0):
    exe = tmp_path / "fake-micropython"
    log = tmp_path / "calls.jsonl"
    exe.write_text(FAKE % {"python": sys.executable, "log": str(log), "digest": digest, "names": names})
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return str(exe), log


def _calls(log):
    with open(log) as f:
        return [json.loads(ln) for ln in f]


def _drive(tmp_path):
    root = tmp_path / "CIRCUITPY"
    root.mkdir()
    return types.SimpleNamespace(root=str(root), tmp=str(tmp_path), shims=str(tmp_path / "shims"), name_pools={},
                                 reset=lambda: None)


def test_an_interpreter_with_this_tree_s_stand_ins_frozen_is_known_and_others_are_not(tmp_path):
    """A build that carries the frozen stand-ins with this tree's digest is recognised (its config name comes with
    it); one without them is not; one frozen from other stand-ins is refused, as its figures are another
    harness's."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "c").mkdir()
    exe, _ = _fake(tmp_path / "a", devsession.shim_digest())
    assert devsession.frozen_shims(exe) == (devsession.shim_digest(), "devsession_config")
    plain, _ = _fake(tmp_path / "b", "")
    assert devsession.frozen_shims(plain) is None
    stale, _ = _fake(tmp_path / "c", "0123456789abcdef")
    with pytest.raises(devsession.DevSessionError, match="not this tree's"):
        devsession.frozen_shims(stale)


def test_a_frozen_build_runs_the_frozen_driver_and_charges_no_name_pools(tmp_path):
    """The driver is run as a module from .frozen alone (no copied stand-in can shadow a frozen one), the config is
    passed by a name the build holds in flash, and the name pools charged are 0 once the probe saw no name
    interned before code.py."""
    exe, log = _fake(tmp_path, devsession.shim_digest())
    drive = _drive(tmp_path)
    r = devsession.run(drive, 200 * 1024, 1, micropython=exe)
    assert r["frozen"] and r["name_pools"] == 0
    runs = [c for c in _calls(log) if "-c" not in c["args"]]
    assert runs, "the session and its probe ran"
    for c in runs:
        assert c["path"] == ".frozen"
        assert c["args"][-3:] == ["-m", "devrun", "devsession_config"]
        assert c["cwd"] == os.path.realpath(str(tmp_path)) or c["cwd"] == str(tmp_path)


def test_names_interned_before_code_py_with_the_stand_ins_frozen_fail_the_measurement(tmp_path):
    """A frozen build must start code.py with empty name pools, as the board does: a name interned by the harness
    first would land in the program's pools uncounted, so the probe refuses it."""
    exe, _ = _fake(tmp_path, devsession.shim_digest(), names=3)
    with pytest.raises(devsession.DevSessionError, match="3 names interned before code.py"):
        devsession.name_pool_bytes(_drive(tmp_path), exe)


def test_an_unfrozen_interpreter_still_runs_the_copied_stand_ins(tmp_path):
    """Without frozen stand-ins the driver runs from the copies beside the drive, as before."""
    exe, log = _fake(tmp_path, "")
    drive = _drive(tmp_path)
    r = devsession.run(drive, 200 * 1024, 1, micropython=exe, name_pools=0)
    assert not r["frozen"]
    c = [c for c in _calls(log) if "-c" not in c["args"]][0]
    assert c["path"] == drive.shims
    assert c["args"][-2] == os.path.join(drive.shims, "devrun.py")


def test_the_manifest_freezes_every_stand_in_and_names_each_module_in_flash(tmp_path):
    """write_frozen_manifest copies every stand-in the sessions load (busio and digitalio the twin's, the rest the
    device harness's) and a module holding the tree's digest; that module names every frozen module and the config
    name, so importing them or passing them in sys.argv interns nothing."""
    manifest = devsession.write_frozen_manifest(str(tmp_path / "frozen"))
    mods = tmp_path / "frozen" / "modules"
    assert open(manifest).read().count("freeze(%r)" % str(mods)) == 1
    got = sorted(os.listdir(mods))
    assert got == sorted(list(devsession.shim_files()) + ["devshims_frozen.py"])
    assert "busio.py" in got and "devrun.py" in got and "displayio.py" in got
    assert open(mods / "busio.py").read() == open(os.path.join(devsession.SHARED_SHIMS, "busio.py")).read()
    assert open(mods / "board.py").read() == open(os.path.join(devsession.SHIMS, "board.py")).read()
    tree = ast.parse(open(mods / "devshims_frozen.py").read())
    consts = {n.targets[0].id: n.value.value for n in tree.body if isinstance(n, ast.Assign)}
    assert consts["DIGEST"] == devsession.shim_digest()
    named = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert {fn[:-3] for fn in got} | {consts["CONFIG"]} <= named


# A real build with the stand-ins frozen and its mpy-cross (docs/performance.md says how to make them), if given
FROZEN = os.environ.get("BANDLIFT_FROZEN_MICROPYTHON")
FROZEN_MPY_CROSS = os.environ.get("BANDLIFT_FROZEN_MPY_CROSS")


@pytest.mark.skipif(not (FROZEN and FROZEN_MPY_CROSS),
                    reason="BANDLIFT_FROZEN_MICROPYTHON / BANDLIFT_FROZEN_MPY_CROSS not set (a build outside the repo)")
def test_a_frozen_build_starts_code_py_with_no_name_interned():
    """With the stand-ins frozen, code.py starts as on the board: no name interned, no pool made; the stand-ins'
    names are in their flash, the interpreter's own are not counted as theirs."""
    from sim.device import heapnames

    with devsession.Drive("mpy", FROZEN_MPY_CROSS) as drive:
        assert devsession.name_pool_bytes(drive, FROZEN) == 0
        r = devsession.run(drive, 400 * 1024, 1, micropython=FROZEN, probe=True, marks=[""], name_pools=0)
    assert r["frozen"] and r["names"][""] == [0, 0, 0]
    assert heapnames.frozen_flash({"LIVE", "devsession_config", "print", "no_such_name_here"}, FROZEN) == {
        "LIVE", "devsession_config"}
