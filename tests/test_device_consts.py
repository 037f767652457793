"""A private constant (`_NAME = const(...)`) exists on the board only where the compiler folds it in: the module
keeps no global of that name, so a use the compiler meets before the definition (in a function written above
it) is a NameError on the board, while CPython (whose const() returns its argument) runs it."""

import ast
import os

from sim.device.board_py import const_arg

LIB = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib")


def used_before_defined(src):
    """[(name, line of the use, line of the definition)] of the private constants a source reads above their
    definition."""
    tree = ast.parse(src)
    defined = {}
    for node in tree.body:
        name, _ = const_arg(node)  # the bundle's reader of `NAME = const(x)`
        if name is not None and name.startswith("_"):
            defined[name] = node.lineno
    return [(n.id, n.lineno, defined[n.id]) for n in ast.walk(tree)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id in defined
            and n.lineno < defined[n.id]]


def test_the_finder_sees_a_use_above_the_definition():
    src = "def f():\n    return _X\n\n\n_X = const(1)\n\n\ndef g():\n    return _X\n"
    assert used_before_defined(src) == [("_X", 2, 5)]


def test_no_private_constant_of_lib_is_read_above_its_definition():
    bad = []
    for folder, _, files in os.walk(os.path.join(LIB, "bandlift")):
        for f in files:
            if f.endswith(".py"):
                path = os.path.join(folder, f)
                with open(path, encoding="utf-8") as fh:
                    bad += [(os.path.relpath(path, LIB),) + u for u in used_before_defined(fh.read())]
    assert bad == []
