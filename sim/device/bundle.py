"""`python -m sim bundle [--mpy] [--out DIR]`: write what goes on the CIRCUITPY drive.

    DIR/code.py, boot.py, settings.toml      the device program and its documented settings
    DIR/lib/bandlift/...                     our package: .mpy from CircuitPython's own mpy-cross with --mpy (the
                                             recommended install), else .py (the board compiles them at import;
                                             written without their docstrings, with their private constants
                                             folded in and their locals called by names the firmware holds, line
                                             for line: cp_compiler.board_source, board_py, board_names; each def
                                             line notes its renames, `python -m sim.device.board_names FILE`
                                             gives a shipped file its names back)
    DIR/lib/bandlift/BUILD.txt               what this is: .mpy or .py, the CircuitPython it is for, the compiler
    DIR/levels/*.json                        the level files
    DIR/circup-requirements.txt              the Adafruit libraries it needs, for `circup install -r`

The Adafruit libraries are installed as their users install them, as .mpy from the Adafruit bundle through
circup; the bundle never copies them. Which ones: the dependency closure of the device code's imports, every
import in code.py, boot.py and lib/bandlift followed into the installed adafruit_* packages (a string constant
naming an installed Adafruit module counts as an import too, for adapters that pick a driver class at run time
with __import__). Imports guarded by `try: ... except ImportError` (typing and friends) are optional and not
followed; CircuitPython's built-in modules (board, displayio, ... from circuitpython-stubs, plus the core ones)
are on the board already.

DIR may be a mounted CIRCUITPY drive: it is updated in place (sim/device/drive.py says how stale files are
handled); any other folder is emptied first, and a folder of other files is refused.
"""

import os
import shutil
import subprocess
import sys
import tempfile

from sim import ROOT  # noqa: E402
from sim.cli import OneLineParser
from sim.device import cp_compiler, drive
from sim.device.bundle_deps import (  # noqa: F401 (the bundle's checks, used by its tests too)
    CORE_BUILTINS, EXPECTED_LIBS, FORBIDDEN, circuitpython_builtins, dependency_closure, device_sources, imports_of,
    settings_documented, settings_read)

DEFAULT_OUT = os.path.join(ROOT, "build", "CIRCUITPY")
DRIVE_BYTES = 2 * 1024 * 1024  # the smallest CIRCUITPY drive we target (2 MB of flash)
FREE_NEEDED = 1024 * 1024  # leave room for recordings (a 10-minute CSV at 104 Hz is about 3 MB... or a few sets)
CLUSTER = 512  # FAT cluster of a small CIRCUITPY drive: every file takes whole clusters


def _copy(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copyfile(src, dst)


def disk_bytes(path):
    """(bytes, bytes on a FAT drive with CLUSTER-sized clusters) of every file under path."""
    raw = ondisk = 0
    for dirpath, dirnames, filenames in os.walk(path):
        ondisk += CLUSTER  # the directory itself
        for fn in filenames:
            n = os.path.getsize(os.path.join(dirpath, fn))
            raw += n
            ondisk += max(1, -(-n // CLUSTER)) * CLUSTER
    return raw, ondisk


def source_version():
    """`git describe --always --dirty` of the repository, or "unknown" outside a git checkout."""
    try:
        r = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True,
                           timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return r.stdout.strip() or "unknown"


def build_txt(cp_major, compiler=None, compiler_version=None):
    """lib/bandlift/BUILD.txt: what the package on the drive is, for whom, and how it was made."""
    lines = ["BandLift %s, written by `python -m sim bundle%s`" % (source_version(), " --mpy" if compiler else ""),
             "for: CircuitPython %d.x" % cp_major]
    if compiler:
        lines += ["lib/bandlift: .mpy (CircuitPython's own mpy-cross %s: %s)" % (" ".join(cp_compiler.OPT_ARGS),
                                                                                compiler_version),
                  "CircuitPython imports x.py before x.mpy: a .py left in lib/bandlift by an earlier install runs"
                  " instead of the .mpy. Delete lib/bandlift on the drive before copying this one, or write the"
                  " bundle with --out on the mounted drive, which checks."]
    else:
        lines += ["lib/bandlift: .py (the board compiles each module at import: more heap and a slower start"
                  " than .mpy; see the README)"]
    lines += ["Adafruit libraries: not here; as .mpy with `circup install -r circup-requirements.txt`"]
    return "\n".join(lines) + "\n"


def build(out, compiler=None, cp_major=cp_compiler.DEFAULT_CP, compiler_version=None, run=subprocess.run):
    """Write the bundle into the folder `out` (emptied first); with `compiler` (a CircuitPython mpy-cross),
    lib/bandlift as .mpy. Returns a report dict; cp_compiler.CompilerError when compiling fails."""
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    missing = []
    for name in ("code.py", "boot.py", "settings.toml"):
        p = os.path.join(ROOT, name)
        if os.path.exists(p):
            _copy(p, os.path.join(out, name))
        else:
            missing.append(name)
    sources = device_sources()
    lib = os.path.join(ROOT, "lib")
    for name, path, _ in sources:
        if name.startswith("bandlift"):  # without docstrings (line numbers kept): less heap to compile a .py
            dst = os.path.join(out, "lib", os.path.relpath(path, lib))
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            with open(path, encoding="utf-8") as f:
                text = cp_compiler.board_source(f.read(), names=compiler is None)
            with open(dst, "w", encoding="utf-8") as f:
                f.write(text)
    compiled = []
    if compiler is not None:
        compiled = cp_compiler.compile_tree(os.path.join(out, "lib"), "bandlift", compiler, cp_major, run)
    with open(os.path.join(out, "lib", "bandlift", "BUILD.txt"), "w") as f:
        f.write(build_txt(cp_major, compiler, compiler_version))
    levels = os.path.join(ROOT, "levels")
    n_levels = 0
    if os.path.isdir(levels):
        for fn in sorted(os.listdir(levels)):
            if fn.endswith(".json"):
                _copy(os.path.join(levels, fn), os.path.join(out, "levels", fn))
                n_levels += 1
    if not n_levels:
        missing.append("levels/*.json")
    deps, unresolved = dependency_closure(sources)
    tops = sorted(set(m.split(".")[0] for m in deps))
    with open(os.path.join(out, "circup-requirements.txt"), "w") as f:
        f.write("# The Adafruit libraries BandLift needs, as .mpy from the Adafruit bundle for the board's CircuitPython:\n"
                "# circup install -r circup-requirements.txt   (--upgrade replaces .py copies already on the drive)\n")
        for t in tops:
            f.write(t + "\n")
    raw, ondisk = disk_bytes(out)
    # circup's .mpy files are not here: count the libraries as their .py sources, which are larger (an upper bound)
    lib_raw = sum(os.path.getsize(p) for p, _ in deps.values())
    lib_disk = sum(max(1, -(-os.path.getsize(p) // CLUSTER)) * CLUSTER for p, _ in deps.values())
    documented = settings_documented() if os.path.exists(os.path.join(ROOT, "settings.toml")) else set()
    read = settings_read(sources)
    return {
        "settings_undocumented": sorted(read - documented),
        "settings_unread": sorted(documented - read),
        "out": out,
        "format": "mpy" if compiler is not None else "py",
        "cp_major": cp_major,
        "compiler": compiler,
        "compiler_version": compiler_version,
        "compiled": compiled,
        "missing": missing,
        "libraries": tops,
        "modules": sorted(deps),
        "not_imported_yet": [x for x in EXPECTED_LIBS if x not in tops],
        "unresolved": unresolved,
        "levels": n_levels,
        "bytes": raw,
        "library_bytes": lib_raw,
        "disk_bytes": ondisk + lib_disk,
        "free_bytes": DRIVE_BYTES - ondisk - lib_disk,
        "fits": DRIVE_BYTES - ondisk - lib_disk >= FREE_NEEDED,
    }


def circuitpython_mpy_cross(cp_major=cp_compiler.DEFAULT_CP, explicit=None, fetch=None):
    """(path, its version line) of CircuitPython `cp_major`'s mpy-cross, or (None, why not): see cp_compiler."""
    try:
        return cp_compiler.find(cp_major, explicit=explicit, fetch=fetch)
    except cp_compiler.CompilerError as e:
        return None, str(e)


def _fail(text, code=1):
    print("python -m sim bundle: %s" % text, file=sys.stderr)
    return code


def _target_version(wanted, mpy, out, mode):
    """(CircuitPython major, a note or None) for the bundle; ValueError with the reason to refuse."""
    drive_major, booted = drive.drive_cp_version(out) if mode == "drive" else (None, None)
    major = wanted or drive_major or cp_compiler.DEFAULT_CP
    note = None
    if drive_major is not None and major != drive_major:
        if mpy:
            raise ValueError("the drive runs %r (boot_out.txt): .mpy for CircuitPython %d are not for it; leave "
                             "out --cp-version, or put CircuitPython %d on the board first" % (booted, major, major))
        note = "the drive runs %r; this bundle is for CircuitPython %d" % (booted, major)
    if major != cp_compiler.DEFAULT_CP:
        note = (note + "; " if note else "") + "BandLift is made and tested for CircuitPython %d" % cp_compiler.DEFAULT_CP
    return major, note


def main(argv):
    ap = OneLineParser(prog="python -m sim bundle", description="Write what goes on the CIRCUITPY drive.")
    ap.add_argument("--out", default=DEFAULT_OUT,
                    help="a folder (emptied first; default %(default)s) or the mounted CIRCUITPY drive (updated)")
    ap.add_argument("--mpy", action="store_true",
                    help="compile lib/bandlift with CircuitPython's own mpy-cross (recommended: less heap, quicker start)")
    ap.add_argument("--cp-version", metavar="N",
                    help="the CircuitPython it is for: 10, 10.x or 10.3.1 (default: the drive's boot_out.txt, else %d)"
                    % cp_compiler.DEFAULT_CP)
    ap.add_argument("--mpy-cross", metavar="PATH",
                    help="CircuitPython's mpy-cross to use (default: $%s, an mpy-cross on PATH that is CircuitPython's,"
                    " else circuitpython-build-tools fetches it, online)" % cp_compiler.ENV)
    ap.add_argument("--remove-stale", action="store_true",
                    help="on a CIRCUITPY drive, delete the files in lib/bandlift the new bundle does not write")
    args = ap.parse_args(argv)
    out = os.path.abspath(args.out)
    if os.path.exists(out) and not os.path.isdir(out):
        return _fail("--out %s is a file, not a folder" % args.out, 2)
    if out in (os.path.abspath(ROOT), os.path.abspath(os.sep)) or os.path.abspath(ROOT).startswith(out + os.sep):
        return _fail("--out %s would empty the repository" % args.out, 2)
    mode = drive.kind(out, DEFAULT_OUT)
    if mode == "other":
        return _fail("--out %s holds other files and is not a CIRCUITPY drive (no boot_out.txt): name a new or "
                     "empty folder, an earlier bundle, or the mounted drive" % args.out, 2)
    try:
        wanted = cp_compiler.parse_cp_version(args.cp_version) if args.cp_version else None
    except ValueError as e:
        return _fail("--cp-version: %s" % e, 2)
    mpy = args.mpy or bool(args.mpy_cross)
    try:
        cp_major, note = _target_version(wanted, mpy, out, mode)
    except ValueError as e:
        return _fail("%s; nothing written" % e)
    compiler = version = None
    if mpy:
        compiler, version = circuitpython_mpy_cross(cp_major, args.mpy_cross)
        if compiler is None:
            return _fail("--mpy: %s; nothing written" % version)
    stage = tempfile.mkdtemp(prefix="bandlift-bundle-")
    try:
        try:
            r = build(os.path.join(stage, "CIRCUITPY"), compiler, cp_major, version)
        except cp_compiler.CompilerError as e:
            return _fail("--mpy: %s; nothing written" % e)
        staged = r["out"]
        remove = []
        if mode == "drive":
            shadow, left = drive.stale(out, staged)
            if (shadow or left) and not args.remove_stale:
                return _fail(drive.stale_message(args.out, shadow, left, "--remove-stale"))
            remove = shadow + left
        try:
            _, kept, removed = drive.install(staged, out, mode, remove)
        except OSError as e:
            hint = (" The drive is the board's while BandLift's save mode is on (the README's Save mode says how to"
                    " give it back); run the bundle again when it is writable." if mode == "drive" else "")
            return _fail("could not write %s (%s: %s).%s" % (e.filename or out, type(e).__name__, e.strerror or e,
                                                              hint))
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return _report(r, out, mode, cp_major, note, kept, removed)


def _report(r, out, mode, cp_major, note, kept, removed):
    print("bundle written to %s%s" % (out, " (a CIRCUITPY drive: updated in place)" if mode == "drive" else ""))
    if r["format"] == "mpy":
        print("  lib/bandlift: %d modules as .mpy for CircuitPython %d.x, compiled by %s (%s)"
              % (len(r["compiled"]), cp_major, r["compiler"], r["compiler_version"]))
    else:
        print("  lib/bandlift: .py for CircuitPython %d.x (the board compiles them at import; --mpy is the "
              "recommended install: less heap, a quicker start)" % cp_major)
    print("  lib/bandlift/BUILD.txt names the version and the compiler")
    if note:
        print("  note: %s" % note)
    if removed:
        print("  removed %d stale file(s) from lib/bandlift: %s" % (len(removed), drive._some(removed, 8)))
    if kept:
        print("  kept the drive's own %s (the repository's differs: compare them for new settings)" % ", ".join(kept))
    print("  Adafruit libraries (not copied; install with circup): %s" % ", ".join(r["libraries"]))
    print("  levels: %d" % r["levels"])
    print("  size: %d bytes, plus at most %d for the Adafruit libraries (%.0f kB on a FAT drive with %d-byte "
          "clusters)" % (r["bytes"], r["library_bytes"], r["disk_bytes"] / 1024.0, CLUSTER))
    print("  free on a %d MB drive: %.0f kB (need >= %d kB for recordings): %s" % (
        DRIVE_BYTES // (1024 * 1024), r["free_bytes"] / 1024.0, FREE_NEEDED // 1024, "PASS" if r["fits"] else "FAIL"))
    ok = r["fits"]
    if r["missing"]:
        print("  MISSING: %s" % ", ".join(r["missing"]))
        ok = False
    if r["unresolved"]:
        print("  UNRESOLVED imports (neither built in nor an installed Adafruit library): %s" % "; ".join(r["unresolved"]))
        ok = False
    if r["settings_undocumented"]:
        print("  settings the code reads but settings.toml does not document: %s" % ", ".join(r["settings_undocumented"]))
        ok = False
    if r["settings_unread"]:
        print("  note: settings.toml documents %s, which no device code reads (yet)" % ", ".join(r["settings_unread"]))
    if r["not_imported_yet"]:
        print("  note: the device code does not import %s (yet)" % ", ".join(r["not_imported_yet"]))
    req = os.path.join(out, "circup-requirements.txt")
    copies = drive.adafruit_py_copies(out) if mode == "drive" else []
    if copies:
        print("  the drive holds Adafruit libraries as .py (an earlier bundle's copies), which circup leaves as they"
              " are: %s.\n  Replace them with the .mpy: circup --path %s install --upgrade -r %s" % (
                  ", ".join(copies), out, req))
    elif mode == "drive":
        print("Now: circup --path %s install -r %s" % (out, req))
    else:
        print("Copy the folder's contents onto CIRCUITPY (delete lib/bandlift there first: a .py left by an earlier"
              " install would run instead of the new .mpy), then `circup install -r circup-requirements.txt`;"
              " or write the bundle straight to the mounted drive with --out, which checks.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
