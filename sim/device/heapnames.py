"""Where the device program's heap and interned names come from, module by module, measured in a real
interpreter (the devsession harness: code.py -> bandlift.app under the MicroPython unix port or a 32-bit
CircuitPython build, on the firmware stand-ins).

    python -m sim.device.heapnames --seconds 40 --at bandlift.game.play.hud --micropython CP32 --mpy-cross MPYX

prints, for every module the program imported (in order): the names it added to the interpreter's name pools
(its own, without the modules it imported itself), the live heap it left after a collection (its own), and the
pools' bytes; then the program's interned names at the moment the import of `--at` starts (default: the play
screen's HUD, a set's start), each attributed to the modules whose source holds it, and the names no module
source holds (made at run time: dict keys from JSON, formatted strings). The names the harness interned before
code.py are left out (on the board the firmware's are in flash); with the stand-ins frozen into the interpreter
(devsession.write_frozen_manifest) the only names before code.py stand in for the program's that the stand-ins'
flash holds (devsession.flash_names), and those are listed instead.

A collection runs after each import here, so the heap's layout differs from a plain session: this says where the
bytes are, devsession's bisection what the program needs.
"""

import argparse
import ast
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import tokenize

from sim import ROOT
from sim.device import devsession

_QLINE = re.compile(r"n_qstr=(\d+), n_str_data_bytes=(\d+), n_total_bytes=(\d+)")


def parse(out):
    """(modules, dumps): modules [{name, ms, names, bytes, pool_bytes, own_names, own_bytes, depth}] in import order;
    dumps {module: [names]} for every --at dump."""
    lines = out.splitlines()
    mods = []
    stack = []
    dumps = {}
    seq = 0
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.startswith("TRACEQ "):
            parts = ln.split()
            m = _QLINE.search(lines[i + 1]) if i + 1 < len(lines) else None
            q = (int(m.group(1)), int(m.group(3))) if m else (0, 0)
            if parts[1] == ">":
                stack.append({"name": parts[3], "ms": int(parts[2]), "q0": q, "child_names": 0, "child_bytes": 0,
                              "child_pool": 0, "depth": len(stack), "alloc0": int(parts[4]), "seq": seq})
                seq += 1
            elif stack:
                e = stack.pop()
                alloc = int(parts[4])
                e["names"] = q[0] - e["q0"][0]
                e["pool_bytes"] = q[1] - e["q0"][1]
                e["alloc"] = alloc
                e["bytes"] = alloc - e["alloc0"]
                mods.append(e)
                if stack:
                    p = stack[-1]
                    p["child_names"] += e["names"]
                    p["child_pool"] += e["pool_bytes"]
                    p["child_bytes"] += e["bytes"]
            i += 2
            continue
        if ln.startswith("DUMPQ >"):
            name = ln.split()[3] if not ln.endswith("(end)") else ""
            got = []
            i += 1
            while i < len(lines) and not lines[i].startswith("DUMPQ <"):
                if lines[i].startswith("Q(") and lines[i].endswith(")"):
                    got.append(lines[i][2:-1])
                i += 1
            dumps[name] = got
        i += 1
    mods.sort(key=lambda e: e["seq"])  # in the order the imports started (a module before those it imports)
    for e in mods:
        e["own_names"] = e["names"] - e["child_names"]
        e["own_pool"] = e["pool_bytes"] - e["child_pool"]
        e["own_bytes"] = e["bytes"] - e["child_bytes"]
    return mods, dumps


def source_names(path):
    """The identifiers and the short string constants in a module's source (what its .mpy interns at load)."""
    names = set()
    try:
        with open(path, encoding="utf-8") as f:
            toks = list(tokenize.generate_tokens(f.readline))
    except (OSError, SyntaxError, tokenize.TokenError):
        return names
    for t in toks:
        if t.type == tokenize.NAME:
            names.add(t.string)
        elif t.type == tokenize.STRING:
            try:
                v = eval(t.string)  # noqa: S307  a literal from our own source
            except Exception:  # noqa: BLE001
                continue
            if isinstance(v, str):
                names.add(v)
    return names


def module_sources():
    """{module name: path} for lib/bandlift and code.py."""
    out = {"code": os.path.join(ROOT, "code.py")}
    base = os.path.join(ROOT, "lib")
    for dirpath, dirnames, filenames in os.walk(os.path.join(base, "bandlift")):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        for fn in filenames:
            if fn.endswith(".py"):
                rel = os.path.relpath(os.path.join(dirpath, fn), base)[:-3].replace(os.sep, ".")
                if rel.endswith(".__init__"):
                    rel = rel[: -len(".__init__")]
                out[rel] = os.path.join(dirpath, fn)
    return out


# The stand-ins for the firmware's C modules (sim/device/mpy_shims/, busio and digitalio the twin's): their
# public names are the firmware's API, interned in flash on the board.
FIRMWARE = ("board", "busio", "digitalio", "displayio", "vectorio", "terminalio", "fontio", "i2cdisplaybus",
            "busdisplay", "supervisor", "storage", "microcontroller", "keypad", "vtime", "vos")


def firmware_names():
    """The public names the firmware stand-ins define (modules, classes, functions, their arguments, class and
    instance attributes): what the board's firmware holds in flash, so never in the program's name pools there."""
    out = set(m for m in FIRMWARE if m not in ("vtime", "vos")) | {"time", "os"}
    for m in FIRMWARE:
        path = os.path.join(devsession.SHARED_SHIMS if m in devsession.SHARED else devsession.SHIMS, m + ".py")
        try:
            with open(path, encoding="utf-8") as f:
                tree = ast.parse(f.read())
        except (OSError, SyntaxError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                out.add(node.name)
            elif isinstance(node, ast.arg):  # keyword arguments are names in flash too
                out.add(node.arg)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                out.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                out.add(node.attr)
    return set(n for n in out if not n.startswith("_") or n.startswith("__"))


def shared_with_harness(harness, loaded):
    """The names the harness interned before code.py that the program's own sources hold too and that are no
    firmware name (firmware_names): on the board the program interns them itself, here they are left out of its
    count. (The other way, names the program interns here that the board's firmware holds in flash but no
    stand-in defines, cannot be told without the firmware's own list.)"""
    srcs = module_sources()
    held = set()
    for m, p in srcs.items():
        if m in loaded or m == "code":
            held |= source_names(p)
    fw = firmware_names()
    return sorted(n for n in harness if n in held and n not in fw)


# Run in an interpreter with the stand-ins frozen: which of the names in the file sys.argv[1] are in the frozen
# stand-ins' flash. A name's id is its qstr's number (encoded in order); the frozen pool is sorted and FIRST sorts
# first, so it is the pool's first; the first name interned on the heap is sys.argv[0]. In the frozen pool: at or
# above FIRST, below sys.argv[0]. (An instance's __dict__ keys are the qstrs setattr found or made.)
_IN_FLASH = """
import sys, json, devshims_frozen as F
lo, hi = id(F.FIRST), id(sys.argv[0])
class O:
    pass
got = []
for n in json.load(open(sys.argv[1])):
    if n.startswith("__"):  # the interpreter's own
        continue
    o = O()
    try:
        setattr(o, n, 0)
    except RuntimeError:  # too long for a name: never interned
        continue
    i = id(list(o.__dict__)[0])
    if lo <= i < hi:
        got.append(n)
print("FLASH " + json.dumps(got))
"""


def frozen_flash(names, micropython):
    """The names of `names` that the interpreter holds in the frozen stand-ins' flash (not in its own)."""
    with tempfile.TemporaryDirectory(prefix="bandlift-flash-") as d:
        path = os.path.join(d, "names.json")
        with open(path, "w") as f:
            json.dump(sorted(names), f)
        proc = subprocess.run([micropython, "-c", _IN_FLASH, path], capture_output=True, text=True, timeout=120,
                              cwd=d, env=dict(os.environ, MICROPYPATH=".frozen"))
    for ln in proc.stdout.splitlines():
        if ln.startswith("FLASH "):
            return set(json.loads(ln[6:]))
    raise devsession.DevSessionError("no answer from %s: %s" % (micropython, (proc.stderr or proc.stdout)[-500:]))


def attribute(names, loaded):
    """{module: [names found in its source only]}, [names in several], [names in none] for `names`, over the
    modules in `loaded` (our sources)."""
    srcs = module_sources()
    per = {m: source_names(p) for m, p in srcs.items() if m in loaded or m == "code"}
    only = {}
    shared = []
    none = []
    for n in names:
        holders = [m for m, s in per.items() if n in s]
        if len(holders) == 1:
            only.setdefault(holders[0], []).append(n)
        elif holders:
            shared.append((n, holders))
        else:
            none.append(n)
    return only, shared, none


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m sim.device.heapnames", description=__doc__.split("\n\n")[0])
    ap.add_argument("--lib", choices=("mpy", "py"), default="mpy")
    ap.add_argument("--seconds", type=float, default=40.0)
    ap.add_argument("--heap", default="400k")
    ap.add_argument("--at", default="bandlift.game.play.hud",
                    help="dump the interned names when this import starts ('' or 'end': at the session's end)")
    ap.add_argument("--micropython", default=None)
    ap.add_argument("--mpy-cross", default=None)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--names", action="store_true", help="list the attributed names too")
    args = ap.parse_args(argv)
    if args.at == "end":
        args.at = ""
    with devsession.Drive(args.lib, args.mpy_cross) as drive:
        r = devsession.run(drive, devsession.parse_heap(args.heap), args.seconds, micropython=args.micropython,
                           trace_names=True, dump_names=["bandlift.app", args.at], name_pools=0, holders=True)
        flash = devsession.flash_names(drive, args.micropython or devsession.micropython_binary()) if r["frozen"] \
            else None
    mods, dumps = parse(r["out"])
    mods = [e for e in mods if e["name"].startswith(("bandlift", "adafruit"))]
    holders = [(ln.split()[1], int(ln.split()[2])) for ln in r["out"].splitlines() if ln.startswith("HOLDER ")]
    base = set(dumps.get("bandlift.app", ()))
    at = dumps.get(args.at)
    report = {"status": r["status"], "error": r["error"], "holders": holders, "modules": [
        {k: e[k] for k in ("name", "ms", "depth", "names", "own_names", "pool_bytes", "bytes", "own_bytes")}
        for e in mods]}
    if at is not None:
        prog = [n for n in at if n not in base]
        only, shared, none = attribute(prog, set(module_sources()))
        loaded = set(e["name"] for e in mods) | {"bandlift"}
        both = shared_with_harness(base, loaded)
        if flash is not None:  # the program's names in the frozen stand-ins' flash: interned first in their place
            both = flash
        report["at"] = {"module": args.at, "names_total": len(at), "harness_names": len(base),
                        "program_names": len(prog), "program_name_bytes": sum(len(n) + 3 for n in prog),
                        "frozen": r["frozen"], "shared_with_harness": both,
                        "by_module": sorted(((m, len(v)) for m, v in only.items()), key=lambda x: -x[1]),
                        "shared": len(shared), "in_no_source": none}
        if args.names:
            report["at"]["only"] = only
            report["at"]["shared_names"] = shared
    if args.json:
        print(json.dumps(report))
        return 0
    print("status:", r["status"], r["error"])
    print("names and live bytes each import added (with what it imported / its own), collected; pool B: the name"
          " pools' bytes it grew")
    print("%-40s %7s %5s %5s %7s %7s %7s" % ("module (import order)", "ms", "names", "own", "pool B", "bytes",
                                             "own B"))
    for e in mods:
        print("%-40s %7d %5d %5d %7d %7d %7d" % ("  " * e["depth"] + e["name"], e["ms"], e["names"], e["own_names"],
                                                 e["pool_bytes"], e["bytes"], e["own_bytes"]))
    print("\nat the end (%.0f s), bytes freed by letting go of each part, then each module, in turn (the harness's"
          " own and every interned name are in 'rest'):" % args.seconds)
    for k, b in holders:
        if b:
            print("  %-40s %7d" % (k, b))
    a = report.get("at")
    if a:
        print("\nat the import of %s: %d names, %d %s, %d the program's (~%d B of string data)"
              % (a["module"], a["names_total"], a["harness_names"],
                 "standing in for the program's in the frozen stand-ins' flash (devsession.flash_names)"
                 if a["frozen"] else "the harness's", a["program_names"], a["program_name_bytes"]))
        if a["frozen"]:
            print("the program's files hold %d names the frozen stand-ins hold in flash, no firmware name (the board"
                  " interns them for the program: %d with its own here, at most, as not every file loads): %s"
                  % (len(a["shared_with_harness"]), a["program_names"] + len(a["shared_with_harness"]),
                     " ".join(a["shared_with_harness"])))
        else:
            print("and %d the harness interned first that the program's sources hold too, no firmware name (the"
                  " board interns them for the program: %d): %s" % (len(a["shared_with_harness"]),
                                                                   a["program_names"] + len(a["shared_with_harness"]),
                                                                   " ".join(a["shared_with_harness"])))
        print("in one module's source only:")
        for m, n in a["by_module"]:
            print("  %-40s %4d%s" % (m, n, "  " + " ".join(sorted(report["at"].get("only", {}).get(m, [])))
                                     if args.names else ""))
        print("in several sources: %d" % a["shared"])
        print("in no source (%d): %s" % (len(a["in_no_source"]), " ".join(sorted(a["in_no_source"]))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
