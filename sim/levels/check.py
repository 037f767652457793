"""`python -m sim check-levels [FILES or FOLDERS...]`: validate level files (all of levels/ by default).

Exit 0 with a one-line OK summary when every file is valid; otherwise exit 1 with one line per problem,
`FILE: field: reason`. Never a traceback, whatever the input: a missing file, a folder, binary data, another
encoding, an empty or a huge file. A folder means its *.json files; checking a folder also checks the
progression (the first level opens at 0 stars, every unlock is reachable with the levels before it).
"""

import json
import os
import sys

from bandlift import level as lv

from sim import ROOT  # noqa: E402
DEFAULT_FOLDER = os.path.join(ROOT, "levels")


class _Dupes:
    """json object_pairs_hook that remembers duplicate keys (the json module silently keeps the last)."""

    def __init__(self):
        self.found = []

    def __call__(self, pairs):
        d = {}
        for k, v in pairs:
            if k in d and k not in self.found:
                self.found.append(k)
            d[k] = v
        return d


def check_file(path):
    """(problems, level or None): problems as (field, reason) for one file, in the order a reader fixes them."""
    if not os.path.exists(path):
        return [("file", "no such file")], None
    if os.path.isdir(path):
        return [("file", "is a folder, not a level file")], None
    try:
        size = os.path.getsize(path)
    except OSError as e:
        return [("file", "cannot read (%s)" % e.strerror)], None
    if size > lv.MAX_BYTES:
        return [("file", "too big (%d bytes; a level file may be at most %d)" % (size, lv.MAX_BYTES))], None
    dupes = _Dupes()
    obj, reason = lv.read_level_file(path, loads=lambda text: json.loads(text, object_pairs_hook=dupes))
    if reason is not None:
        field = "json" if reason.startswith("JSON") else "file"
        return [(field, reason)], None
    problems = [(k, "duplicate field '%s' (only the last one counts)" % k) for k in dupes.found]
    problems += lv.check_level(obj)
    level = None
    if not problems:
        level = lv.parse_level(obj, os.path.basename(path))
    return problems, level


def _expand(args):
    """Files to check, and whether the progression check applies (folders given)."""
    files = []
    folders = 0
    problems = []
    for a in args:
        if os.path.isdir(a):
            folders += 1
            try:
                names = lv.level_files(a)
            except OSError as e:
                problems.append((a, "file", "cannot list the folder (%s)" % e.strerror))
                continue
            if not names:
                problems.append((a, "file", "no level files (*.json) in this folder"))
            files.extend(os.path.join(a, n) for n in names)
        else:
            files.append(a)
    return files, folders, problems


def _shown(path):
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def main(argv):
    args = list(argv)
    if args and args[0] in ("-h", "--help"):
        print("usage: python -m sim check-levels [FILES or FOLDERS...]   (default: levels/)")
        return 0
    if not args:
        args = [DEFAULT_FOLDER]
    files, folders, out = _expand(args)
    levels = []
    reps = 0
    for f in files:
        problems, level = check_file(f)
        for field, reason in problems:
            out.append((f, field, reason))
        if level is not None:
            levels.append((f, level))
            reps += level.total_reps
    if folders == 1 and len(args) == 1 and levels and len(levels) == len(files):
        ids = {}
        for f, level in levels:
            ids[level.id] = f
        for lid, field, reason in lv.check_progression([level for _, level in levels]):
            out.append((ids[lid], field, reason))
    for f, field, reason in out:
        print("%s: %s: %s" % (_shown(f), field, reason))
    if out:
        bad = len(set(f for f, _, _ in out))
        print("%d problem(s) in %d file(s)" % (len(out), bad), file=sys.stderr)
        return 1
    print("OK: %d level file(s) valid, %d reps in all" % (len(levels), reps))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
