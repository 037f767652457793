"""The device harness's stand-ins as an interpreter holds them, and the names it interns: the stand-in files and
their digest, the manifest that freezes them into a 32-bit CircuitPython build (the board's names then sit in
flash, as the firmware's do) and how a build is known to hold this tree's, and the names the program interns as it
loads (each .mpy's qstr table, a .py's identifiers and short strings), the ones a frozen build's flash holds too,
and names of the same lengths that stand in for them (sim/device/devsession.py runs the sessions)."""

import hashlib
import os
import shutil
import subprocess
import tempfile

from sim import ROOT

SHIMS = os.path.join(ROOT, "sim", "device", "mpy_shims")
# busio and digitalio: one stand-in for both interpreters, the twin's (its other modules are shadowed by SHIMS')
SHARED_SHIMS = os.path.join(ROOT, "sim", "twin", "device", "shims")
SHARED = ("busio", "digitalio")
# A 32-bit CircuitPython build with the stand-ins and the driver frozen into it (write_frozen_manifest) carries this
# module: DIGEST, the stand-ins' shim_digest() when it was built; CONFIG, a name interned in its flash that the
# session's config file is named by (the interpreter interns sys.argv).
FROZEN_MODULE = "devshims_frozen"
PARSE_INTERN_LEN = 10  # bytes: CircuitPython's compiler interns a string constant this long or shorter (py/parse.c)


class DevSessionError(RuntimeError):
    pass


def shim_files():
    """{file name: path} of the stand-ins and the driver the interpreter loads (SHIMS' shadow SHARED_SHIMS')."""
    out = {}
    for d in (SHARED_SHIMS, SHIMS):
        for fn in sorted(os.listdir(d)):
            if fn.endswith(".py") and (d != SHARED_SHIMS or fn[:-3] in SHARED):
                out[fn] = os.path.join(d, fn)
    return out


def shim_digest():
    """16 hex digits of SHA-256 over the stand-ins' file names and contents: which stand-ins a frozen build holds."""
    h = hashlib.sha256()
    for fn, path in sorted(shim_files().items()):
        with open(path, "rb") as f:
            h.update(fn.encode() + b"\0" + f.read() + b"\0")
    return h.hexdigest()[:16]


def write_frozen_manifest(out_dir):
    """out_dir/manifest.py and out_dir/modules/: the stand-ins, the driver and FROZEN_MODULE, for a CircuitPython
    build's FROZEN_MANIFEST. Returns the manifest's path.

    Why: CircuitPython interns names in pools of 20, 40, 80 ... 1,280 entries made on the heap as they fill
    (py/qstr.c); the firmware's own names are in flash. Stand-ins loaded from .py files intern their ~450 names on
    the heap before code.py starts, so the program's names land in fuller pools than on the board (and a
    1,280-entry pool, 7.7 kB on 32 bits, is made that the board may never make). Frozen, their names are in flash,
    as the C modules' are on the board, and the pools at code.py start are empty, as there."""
    mods = os.path.join(out_dir, "modules")
    os.makedirs(mods, exist_ok=True)
    for fn in os.listdir(mods):
        if fn.endswith(".py"):
            os.remove(os.path.join(mods, fn))
    for fn, path in shim_files().items():
        shutil.copy(path, os.path.join(mods, fn))
    with open(os.path.join(mods, FROZEN_MODULE + ".py"), "w") as f:
        # the names of modules no frozen source imports by name (the driver, run with -m, and this one) are named
        # here too, or the interpreter would intern them on the heap when it imports them
        f.write("# written by python -m sim.device.devsession --freeze: the stand-ins frozen with this module\n"
                "DIGEST = %r\nCONFIG = 'devsession_config'\n"
                "# sorts before every other name frozen (the pool is sorted): its id is the frozen pool's first\n"
                "FIRST = '\\x01first'\n\n\ndef _names():\n    return (%s, devsession_config)\n"
                % (shim_digest(), ", ".join(sorted([FROZEN_MODULE] + [fn[:-3] for fn in shim_files()]))))
    manifest = os.path.join(out_dir, "manifest.py")
    with open(manifest, "w") as f:
        f.write("# the BandLift device harness's stand-ins (python -m sim.device.devsession --freeze)\n"
                "freeze(%r)\n" % os.path.abspath(mods))
    return manifest


_FROZEN = {}  # interpreter: (DIGEST, CONFIG) or None


def frozen_shims(micropython=None):
    """(digest, config name) if the interpreter has the stand-ins frozen in (write_frozen_manifest), else None.
    A build frozen from other stand-ins than this tree's is an error: its figures would be another harness's."""
    if micropython is None:
        from sim.device.devsession import micropython_binary

        micropython = micropython_binary()
    exe = micropython
    if exe not in _FROZEN:
        env = dict(os.environ, MICROPYPATH=".frozen")
        with tempfile.TemporaryDirectory(prefix="bandlift-frozen-") as d:  # nothing on "" to shadow .frozen
            out = subprocess.run([exe, "-c", "import %s as f; print('FROZEN', f.DIGEST, f.CONFIG, f.__file__)"
                                  % FROZEN_MODULE], capture_output=True, text=True, env=env, cwd=d,
                                 timeout=60).stdout.split()
        got = None
        if len(out) == 4 and out[0] == "FROZEN":  # found on a path of .frozen alone: frozen
            got = (out[1], out[2])
        _FROZEN[exe] = got
    got = _FROZEN[exe]
    if got is not None and got[0] != shim_digest():
        raise DevSessionError("%s has stand-ins frozen in that are not this tree's (digest %s, the tree's %s): "
                              "rebuild it (python -m sim.device.devsession --freeze DIR)"
                              % (exe, got[0], shim_digest()))
    return got


def mpy_names(path):
    """The names a .mpy file interns when it loads: its qstr table (py/persistentcode.c: the 4-byte header, the
    architecture's flags if the header says so, the counts of qstrs and objects, then each qstr as its length << 1
    and its bytes and a NUL, or as an index << 1 | 1 into the interpreter's static names, which are in flash)."""
    with open(path, "rb") as f:
        data = f.read()

    def vuint(pos):
        v = 0
        while True:
            b = data[pos]
            pos += 1
            v = (v << 7) | (b & 0x7F)
            if not b & 0x80:
                return v, pos

    pos = 4
    if data[2] & 0x40:  # MPY_FEATURE_ARCH_FLAGS
        _, pos = vuint(pos)
    n_qstr, pos = vuint(pos)
    _, pos = vuint(pos)
    out = set()
    for _ in range(n_qstr):
        n, pos = vuint(pos)
        if n & 1:
            continue
        n >>= 1
        out.add(data[pos:pos + n].decode("utf-8", "replace"))
        pos += n + 1
    return out


def program_names(root):
    """The names the program's files intern as they load on the board (a superset of one session's): each .mpy's
    qstr table, and every identifier and short string constant of each .py (code.py, lib as .py)."""
    from sim.device import heapnames

    out = set()
    for dirpath, _, filenames in os.walk(root):
        for fn in filenames:
            path = os.path.join(dirpath, fn)
            if fn.endswith(".mpy"):
                out |= mpy_names(path)
            elif fn.endswith(".py"):  # the compiler interns every name and each string of 10 bytes or fewer
                out |= set(n for n in heapnames.source_names(path)
                           if n.isidentifier() or len(n.encode("utf-8")) <= PARSE_INTERN_LEN)
    return out


def flash_names(drive, micropython):
    """The names the program interns on the board that an interpreter with the stand-ins frozen holds in their
    flash (a stand-in's source holds them too: LIVE, app, core, the IMU chips' names ...), no firmware name
    (heapnames.firmware_names). Measured once per drive and interpreter."""
    from sim.device import heapnames

    got = drive.flash_names.get(micropython)
    if got is None:
        names = program_names(drive.root) - heapnames.firmware_names()
        got = drive.flash_names[micropython] = sorted(heapnames.frozen_flash(names, micropython) if names else ())
    return got


# control characters that are no line break to C or Python (str.splitlines) and no tab or escape: qstr_info(1)
# prints a name a line
_STAND_IN = [chr(c) for c in range(2, 28) if c not in (9, 10, 11, 12, 13, 27)]


def stand_in_names(names):
    """One name for each of `names`, of its length in bytes (its pool entry and string data the same), made of
    control characters and "~": in no interpreter's flash, none in the program."""
    out = []
    ones = 0
    k = len(_STAND_IN)
    for i, n in enumerate(names):
        size = len(n.encode("utf-8"))
        if size == 1:
            if ones >= k:
                raise DevSessionError("more than %d one-letter names to stand in for" % k)
            out.append(_STAND_IN[ones])
            ones += 1
        else:
            if i >= k * k:
                raise DevSessionError("more than %d names to stand in for" % (k * k))
            out.append(_STAND_IN[i % k] + _STAND_IN[i // k] + "~" * (size - 2))
    return out
