"""Where `python -m sim bundle` writes: a folder of its own, which it empties and fills, or a mounted CIRCUITPY
drive, which it updates in place.

A CIRCUITPY drive (boot_out.txt at its root: CircuitPython writes it at every start) is never emptied: it holds
the player's progress.json, recordings/ and settings.toml. On it lib/bandlift is BandLift's alone, and a file
there that the new bundle does not write is stale: CircuitPython imports x.py before x.mpy, so a .py left by an
earlier install runs instead of the new .mpy (and a leftover package folder wins over a module of its name).
Stale files are removed only when asked; otherwise nothing is written and they are listed.
"""

import os
import re
import shutil

PACKAGE = os.path.join("lib", "bandlift")
KEEP_ON_DRIVE = ("settings.toml",)  # the player's own settings: written only where there are none yet


def is_drive(path):
    """True for a mounted CIRCUITPY drive (or a copy of one): boot_out.txt at its root."""
    return os.path.isfile(os.path.join(path, "boot_out.txt"))


def drive_cp_version(path):
    """(major, first line of boot_out.txt) of the CircuitPython a drive last booted, or (None, line or None).

    boot_out.txt starts "Adafruit CircuitPython 10.0.3 on 2025-10-17; Adafruit Feather nRF52840 Sense ..."."""
    try:
        with open(os.path.join(path, "boot_out.txt"), encoding="utf-8", errors="replace") as f:
            line = f.readline().strip()
    except OSError:
        return None, None
    m = re.search(r"CircuitPython (\d+)\.", line)
    return (int(m.group(1)) if m else None), line


def kind(path, own_folder):
    """What `path` is to the bundle: "new" (missing or empty), "drive", "bundle" (an earlier bundle, or the
    default build folder: emptied and written again) or "other" (a folder of other files: left alone)."""
    if not os.path.exists(path) or not os.listdir(path):
        return "new"
    if is_drive(path):
        return "drive"
    if os.path.isdir(os.path.join(path, PACKAGE)) or os.path.abspath(path) == os.path.abspath(own_folder):
        return "bundle"
    return "other"


def files_under(root, sub=""):
    """Relative paths (os.sep) of every file under root/sub."""
    out = set()
    base = os.path.join(root, sub) if sub else root
    for dirpath, dirnames, filenames in os.walk(base):
        for fn in filenames:
            out.add(os.path.relpath(os.path.join(dirpath, fn), root))
    return out


def stale(target, staged):
    """([.py that would shadow a new .mpy], [other leftovers]) in target's lib/bandlift that staged's lacks."""
    new = files_under(staged, PACKAGE)
    old = files_under(target, PACKAGE) if os.path.isdir(os.path.join(target, PACKAGE)) else set()
    shadow, left = [], []
    for rel in sorted(old - new):
        (shadow if rel.endswith(".py") and rel[:-3] + ".mpy" in new else left).append(rel)
    return shadow, left


def stale_message(target, shadow, left, flag):
    """The refusal: what is stale on the drive, why it matters, and how to allow its removal."""
    lines = ["%s holds files of an earlier BandLift install under lib/bandlift; nothing written:" % target]
    if shadow:
        lines.append("  %d .py file(s) CircuitPython would import instead of the new .mpy: %s"
                     % (len(shadow), _some(shadow)))
    if left:
        lines.append("  %d file(s) the new bundle does not have: %s" % (len(left), _some(left)))
    lines.append("  lib/bandlift is BandLift's alone: re-run with %s to delete them (progress.json, recordings/ and"
                 " settings.toml are kept), or delete lib/bandlift on the drive yourself." % flag)
    return "\n".join(lines)


def _some(paths, n=4):
    shown = ", ".join(p.replace(os.sep, "/") for p in paths[:n])
    return shown + (" and %d more" % (len(paths) - n) if len(paths) > n else "")


def adafruit_py_copies(target):
    """Adafruit libraries on a drive as .py (copies from an earlier bundle): circup leaves them as they are
    unless told to upgrade. Names, sorted."""
    lib = os.path.join(target, "lib")
    if not os.path.isdir(lib):
        return []
    found = []
    for name in sorted(os.listdir(lib)):
        p = os.path.join(lib, name)
        if not name.startswith("adafruit_"):
            continue
        if os.path.isfile(p) and name.endswith(".py"):
            found.append(name[:-3])
        elif os.path.isdir(p) and any(fn.endswith(".py") for _, _, fns in os.walk(p) for fn in fns):
            found.append(name)
    return found


def install(staged, target, mode, remove=()):
    """Put the staged bundle into target. mode "new"/"bundle": target emptied and written; "drive": files
    written over, then `remove` (relative paths) deleted; KEEP_ON_DRIVE files written only where absent.
    Returns (written, kept, removed): relative paths."""
    if mode == "other":
        raise ValueError("refusing to write into a folder of other files")
    if mode != "drive":
        if os.path.isdir(target):  # its contents, not the folder: it may be a mount point
            for name in os.listdir(target):
                p = os.path.join(target, name)
                if os.path.isdir(p) and not os.path.islink(p):
                    shutil.rmtree(p)
                else:
                    os.remove(p)
        shutil.copytree(staged, target, dirs_exist_ok=True)
        return sorted(files_under(target)), [], []
    # the new files first, the stale ones after: a write that fails part-way (a full drive) leaves the old
    # .py in charge, a whole earlier install, rather than a package missing its modules
    written, kept = [], []
    for rel in sorted(files_under(staged)):
        dst = os.path.join(target, rel)
        if rel in KEEP_ON_DRIVE and os.path.exists(dst):
            if not _same(dst, os.path.join(staged, rel)):
                kept.append(rel)
            continue
        os.makedirs(os.path.dirname(dst) or target, exist_ok=True)
        shutil.copyfile(os.path.join(staged, rel), dst)
        written.append(rel)
    removed = []
    for rel in remove:
        os.remove(os.path.join(target, rel))
        removed.append(rel)
    _prune_empty(os.path.join(target, PACKAGE))
    return written, kept, removed


def _same(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def _prune_empty(folder):
    """Remove folders left empty under `folder` (a package folder that held only stale files)."""
    if not os.path.isdir(folder):
        return
    for dirpath, dirnames, filenames in os.walk(folder, topdown=False):
        if dirpath != folder and not os.listdir(dirpath):
            os.rmdir(dirpath)
