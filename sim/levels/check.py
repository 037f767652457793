"""`python -m sim check-levels [FILES or FOLDERS...]`: validate level files (all of levels/ by default).

Exit 0 with a one-line OK summary when every file is valid; otherwise exit 1 with one line per problem,
`FILE: field: reason`. Never a traceback, whatever the input: a missing file, a folder, binary data, another
encoding, an empty or a huge file, NaN/Infinity/1e400, control characters.

The thorough checker: the device's own field checks (bandlift.levels.parse) with typo suggestions, duplicate
keys, the JSON Schema (docs/level.schema.json, validated with the jsonschema library) and the progression: a
folder's levels must open in order (the first at 0 stars, every unlock reachable with the stars of the levels
before it); a file checked alone is placed among the shipped levels/ by its name and checked the same way.
"""

import json
import os
import sys

from bandlift.levels import load as lv
from bandlift.levels import parse
from bandlift.levels.fields import fmt
from bandlift.levels.parse import _SECTIONS as SECTIONS, _TOP_KEYS as TOP_KEYS

from sim import ROOT

DEFAULT_FOLDER = os.path.join(ROOT, "levels")


def edit_distance(a, b):
    """Levenshtein distance (insert, delete, substitute; a swap of two neighbouring letters costs 1)."""
    prev2 = None
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            best = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if prev2 is not None and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, prev2[j - 2] + 1)
            cur[j] = best
        prev2, prev = prev, cur
    return prev[len(b)]


def closest(word, names):
    """The name closest to a typo, or None when nothing is close enough to be a likely typo."""
    if not isinstance(word, str) or len(word) > 60:
        return None
    w = word.lower()
    best = min(names, key=lambda n: edit_distance(w, n))
    return best if edit_distance(w, best) <= max(2, len(word) // 3) else None


def hint(word, known):
    """The PC's hint for an unknown field or value: where the field belongs, or the likely intended one."""
    if word not in known:
        for sec, spec in SECTIONS:
            if any(e[0] == word for e in spec):
                return " here (it belongs in '%s')" % sec
        if word in TOP_KEYS:
            return " here (it belongs at the top level)"
    guess = closest(word, known)
    if guess is not None:
        return " (did you mean '%s'?)" % guess
    if known is not parse._SIDES:  # a side's reason lists the sides already
        return " (known: %s)" % ", ".join(known)
    return ""


def check_level(obj):
    """Every problem of a parsed level object, with the PC's hints, as a list of (field, reason)."""
    return parse.check(obj, hint=hint)[0]


def check_progression(levels):
    """Problems of a set of levels as (level id, field, reason): the first must be open from the start, and
    each level's unlock must be reachable with the stars (3 per level) of the levels before it."""
    out = []
    for i, level in enumerate(levels):
        if i == 0 and level.unlock_stars != 0:
            out.append((level.id, "unlock.stars", "the first level must need 0 stars, not %d" % level.unlock_stars))
        elif level.unlock_stars > 3 * i:
            out.append((level.id, "unlock.stars", "needs %d stars but the %d level(s) before it give at most %d"
                        % (level.unlock_stars, i, 3 * i)))
    return out


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


def _whole_number(text):
    """json's parse_int without CPython's 4,300-digit limit on str -> int (a ValueError the checker called a
    syntax error): MicroPython has no such limit, so the board reads the number and refuses it as a number of
    over 12 digits. One that long stands as 10 ** (its digits - 1), a number just as huge."""
    if len(text) < 4000:
        return int(text)
    big = 10 ** (len(text.lstrip("-")) - 1)
    return -big if text.startswith("-") else big


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
    if not os.path.basename(path).lower().endswith(".json"):
        return [("file", "the device loads only files named *.json: rename it (e.g. 13-my-level.json)")], None
    if size > lv.MAX_BYTES:
        return [("file", "too big (%d bytes; a level file may be at most %d)" % (size, lv.MAX_BYTES))], None
    dupes = _Dupes()
    obj, reason = lv.read_level_file(
        path, loads=lambda text: json.loads(text, object_pairs_hook=dupes, parse_int=_whole_number))
    if reason is not None:
        field = "json" if reason.startswith("JSON") else "file"
        return [(field, reason)], None
    problems = [(fmt(k), "duplicate field '%s' (only the last one counts)" % fmt(k)) for k in dupes.found]
    problems += check_level(obj)
    if not problems:  # the checks above say it better; the schema then catches whatever they missed
        from sim.levels import schema

        problems = schema.problems(obj)
    level = None
    if not problems:
        level = parse.parse_level(obj, os.path.basename(path))
    return problems, level


def load_checked(path):
    """(level, None) or (None, "FILE: field: reason") for one file through this checker: the PC tools that take
    a level (playtest, analyze --level) refuse what check-levels refuses, in its words."""
    problems, level = check_file(path)
    if problems:
        field, reason = problems[0]
        more = " (and %d more: run python -m sim check-levels %s)" % (len(problems) - 1, path) \
            if len(problems) > 1 else ""
        return None, "%s: %s: %s%s" % (path, field, reason, more)
    return level, None


def shipped_levels(folder=DEFAULT_FOLDER):
    """The valid levels of the shipped folder (the ones a new level is placed among)."""
    try:
        return lv.load_levels(folder)[0]
    except Exception:  # noqa: BLE001 - a damaged install must not stop a check of the user's file
        return []


def check_alone(level, folder=DEFAULT_FOLDER):
    """Progression problems of one level placed by its id among the shipped levels (replacing a namesake)."""
    others = [x for x in shipped_levels(folder) if x.id != level.id]
    order = sorted(others + [level], key=lambda x: x.id)
    out = []
    for lid, field, reason in check_progression(order):
        if lid == level.id:
            where = "levels/" if folder == DEFAULT_FOLDER else folder
            out.append((field, reason + " (placed by its name among the %d levels of %s)" % (len(others), where)))
    return out


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
    for a in args:
        if a.startswith("-") and not os.path.exists(a):  # a flag it does not have (a file named so is checked)
            print("check-levels: unknown option %s (it takes level files and folders)" % a, file=sys.stderr)
            return 2
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
        for lid, field, reason in check_progression([level for _, level in levels]):
            out.append((ids[lid], field, reason))
    elif not folders:
        for f, level in levels:
            for field, reason in check_alone(level):
                out.append((f, field, reason))
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
