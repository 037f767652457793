"""The .py the bundle ships with its locals (and the arguments no call names) renamed to names the firmware holds in
flash (sim/device/board_names.py): line for line, every def's renames noted on its line, and nothing renamed that
would change what the module does."""

import ast
import re

from sim.device import board_names

SRC = '''import math

LIMIT = 3


class Box:
    size = 2

    def area(self, width, height=1, *rest, **opts):  # a method
        product = width * height * self.size
        return product + len(rest) + len(opts)


def fold(items_in, scale):
    from bandlift.game import sets as gs

    total = 0
    for item in items_in:
        total += item * scale
    doubled = [t * 2 for t in items_in if t > LIMIT]

    def inner():
        return total + LIMIT

    def shadow():
        total_x = 1  # a local of its own
        return total_x

    return inner() + shadow() + sum(doubled) + math.floor(0.5) + len(gs.__name__)


def keyed(alpha, beta=2):
    gamma = alpha - beta
    return gamma


def caller():
    return keyed(1, beta=5)
'''


def _run(text):
    import types
    import sys

    pkg = types.ModuleType("bandlift.game.sets")
    sys.modules.setdefault("bandlift", types.ModuleType("bandlift"))
    sys.modules.setdefault("bandlift.game", types.ModuleType("bandlift.game"))
    sys.modules["bandlift.game.sets"] = pkg
    sys.modules["bandlift.game"].sets = pkg
    try:
        ns = {"__name__": "m"}
        exec(compile(text, "m", "exec"), ns)
        return ns
    finally:
        for k in ("bandlift.game.sets", "bandlift.game", "bandlift"):
            sys.modules.pop(k, None)


KEYWORDS = frozenset({"beta"})  # the names the program's calls pass (here caller's)


def test_locals_and_unnamed_arguments_take_firmware_names_line_for_line():
    out = board_names.rename(SRC, KEYWORDS)
    assert out.count("\n") == SRC.count("\n")
    tree = ast.parse(out)
    fns = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    local = {a.arg for n in fns.values() for a in n.args.args + n.args.kwonlyargs}
    # arguments no call passes by name are renamed; `self` and `beta` (passed as beta=5) are kept
    assert "self" in local and "beta" in local
    assert "from bandlift.game import sets as " in out
    for gone in ("width", "height", "items_in", "scale", "alpha", "product", "total", "item", "doubled", "gamma",
                 "total_x", "rest", "opts", "gs"):
        assert not re.search(r"\b%s\b" % gone, _code(out)), gone
    for kept in ("LIMIT", "Box", "size", "fold", "inner", "shadow", "keyed", "caller", "math"):
        assert re.search(r"\b%s\b" % kept, _code(out)), kept


def _code(text):
    """The text without its comments (the notes name the old names)."""
    return "\n".join(line.split("  # ")[0] for line in text.splitlines())


def test_the_renamed_module_computes_what_the_source_does():
    out = board_names.rename(SRC, KEYWORDS)
    a, b = _run(SRC), _run(out)
    assert b["fold"]([1, 4, 5], 3) == a["fold"]([1, 4, 5], 3)
    assert b["Box"]().area(3, 4, 9, 9, k=1) == a["Box"]().area(3, 4, 9, 9, k=1)
    assert b["caller"]() == a["caller"]()
    assert b["keyed"](7, beta=1) == a["keyed"](7, beta=1)


def test_every_def_notes_its_renames_and_they_undo_the_renaming():
    """Reading each def's note (new=old) back over the names inside that def (the innermost def that notes a name
    wins: board_names.restore) gives the source: the note is all a reader needs to map the drive's file to the
    repository's."""
    out = board_names.rename(SRC, KEYWORDS)
    back = board_names.restore(out)
    assert ast.dump(ast.parse(back)) == ast.dump(ast.parse(SRC))
    assert _code(back) == _code(SRC)  # the repository's text, but for the notes
    area = out.splitlines()[8]
    assert area.startswith("    def area(self, ") and "  # a method; board names: " in area  # its comment kept


def test_an_argument_named_by_a_call_keeps_its_name_and_without_the_program_s_keywords_none_is_renamed():
    out = board_names.rename(SRC, frozenset({"beta", "width", "alpha"}))
    assert "def area(self, width," in out and "def keyed(alpha, beta=2):" in out
    out = board_names.renames(SRC, None)[0]
    assert not any(old in ("width", "height", "alpha", "scale", "items_in") for _, old, _, _ in out)


def test_a_module_that_reads_its_own_names_at_run_time_is_left_alone():
    text = "def f(x):\n    y = x\n    return eval('y')\n"
    assert board_names.rename(text, frozenset()) == text


def test_the_program_passes_no_mapping_of_keywords():
    """`f(**mapping)` anywhere would leave every argument its name (program_keywords None): the program has none,
    and the names it passes are the few its calls use."""
    kw = board_names.program_keywords()
    assert kw is not None and "sticky" in kw
